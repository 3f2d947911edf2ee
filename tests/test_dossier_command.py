"""mkba-xl dossiers: the aggregation of the DOSSIERS sheet for its INVOER, the result sheet with its charts, the
take-over into a new workbook, and the warnings of check and run when INVOER and the sample disagree."""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

from mkba_xl import pipeline
from mkba_xl.analyses.dossier_aggregates import EXPLICIT, PYRAMID, aggregate
from mkba_xl.analyses.dossier_intervals import triangle_with_percentiles
from mkba_xl.analyses.dossier_result import LEEFGEBIED_CHART, RESULT_SHEET, TRAJECTORY_CHART
from mkba_xl.analyses.dossier_settings import settings_for
from mkba_xl.analyses.dossier_takeover import OWN_ROW_NAME
from mkba_xl.analyses.dossiers import LEEFGEBIEDEN, SUBSTITUTABLE, Dossier, effective_severity
from mkba_xl.cli import cli
from mkba_xl.errors import InputError
from mkba_xl.invoer import Invoer
from mkba_xl.reader import read_workbook
from mkba_xl.schema import (
    CORRELATION_COLUMNS,
    CORRELATION_FIRST_COL,
    DEEL_D_ROWS,
    INPUT_SHEETS,
    INVOER_SHEET,
    ONZEKERHEID_COLUMNS,
    ONZEKERHEID_FIRST_COL,
    ONZEKERHEID_HEADER_ROW,
    fields_by_key,
)

from .dossier_workbooks import base, dossier_workbook
from .test_dossier_sheet import SAMPLE, SAMPLE_BOOK
from .workbooks import valid_values

FIELDS = fields_by_key()


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    """A copy of the shipped illustrative workbook (the Groningen INVOER with 80 synthetic households)."""
    path = tmp_path / "voorbeeld.xlsx"
    path.write_bytes(SAMPLE_BOOK.read_bytes())
    return path


def sample_rows() -> list[dict[str, Any]]:
    from mkba_xl.analyses.dossiers import dossier_to_row

    return [dossier_to_row(d) for d in SAMPLE.sample_dossiers()]


# ---- the options follow INVOER ---------------------------------------------------------------------------

def test_settings_follow_invoer() -> None:
    meta = Invoer.from_values(valid_values())
    s = settings_for(meta)
    assert (s.households, s.escalation_route, s.team_substitutes, s.substitutable) == (
        meta["huishoudens"], PYRAMID, True, SUBSTITUTABLE)
    groningen = read_workbook(SAMPLE_BOOK)[0]
    s = settings_for(groningen)
    assert (s.escalation_route, s.team_substitutes) == (PYRAMID, False)  # lpbl_2019: the team's work is nieuw voor oud
    assert s.substitutable == SUBSTITUTABLE - {"amw"}  # in_team.welzijn = 1 (002 noot 17)
    explicit = settings_for(meta.replace(**{"voorkomen.uhp": 2.0}))
    assert explicit.escalation_route == EXPLICIT
    assert settings_for(None).households is None and len(settings_for(None).reasons) == 1


def test_quality_of_life_counts_each_household_once(tmp_path: Path) -> None:
    """C90-C92 computed again here: net improvement on the leefgebied, not already financially stable or working
    (mv households), each household on its first leefgebied only."""
    dossiers = SAMPLE.sample_dossiers()
    analysis = aggregate(dossiers, households=1000)
    done: set[str] = set()
    for d in dossiers:
        multi = effective_severity(d) in ("mv_zr", "mv_nzr", "top")
        if multi and (net(d, "schulden") or (net(d, "werk") and d.household_type != "oudere")):
            done.add(d.number)
    for name in ("dagbesteding", "psychisch", "opvoeding"):
        hits = {d.number for d in dossiers if net(d, name) and d.number not in done}
        done |= hits
        a = analysis.get(f"leefgebieden.{name}")
        assert (a.feeds, a.value, a.n) == (f"leefgebieden.{name}", pytest.approx(1000 * len(hits) / 80), 80)
    assert aggregate(dossiers).get("leefgebieden.psychisch").feeds == ""  # without C15 no count per year


def net(d: Dossier, name: str) -> bool:
    s = d.leefgebied(name)
    start = s.start == "ja" or (isinstance(s.start, int) and s.start <= 3)
    now = s.now == "ja" or (isinstance(s.now, int) and s.now <= 3)
    return start and not now and s.due_to_others != "ja"


def test_counts_per_year_fit_their_fields() -> None:
    analysis = aggregate(SAMPLE.sample_dossiers(), households=2500, escalation_route=EXPLICIT)
    fed = {a.feeds: a for a in analysis.aggregates if a.feeds}
    assert {"voorkomen.ots", "leefgebieden.opvoeding", "deel_d.hbh.extra", "deel_d.anders1.bespaard"} <= set(fed)
    for key, value in analysis.invoer_values().items():
        f = FIELDS[key]
        assert (f.min is None or value >= f.min) and (f.max is None or value <= f.max), key
    total = sum(t.extra for t in analysis.trajectories)
    assert sum(fed[f"deel_d.{row}.extra"].value for row in DEEL_D_ROWS if f"deel_d.{row}.extra" in fed) == \
        pytest.approx(2500 * total / 80)


# ---- the command ----------------------------------------------------------------------------------------

def test_command_prints_the_table_and_writes_the_result_sheet(sample: Path) -> None:
    result = CliRunner().invoke(cli, ["dossiers", str(sample)])
    assert result.exit_code == 0, result.output
    out = sample.with_name("voorbeeld-dossieranalyse.xlsx")
    assert out.exists() and f"Dossieranalyse geschreven: {out}" in result.output
    assert "C62    Substitutie in nieuwe cases" in result.output and "minder dan 5 gevallen" in result.output
    again = CliRunner().invoke(cli, ["dossiers", str(sample)])
    assert again.exit_code == 2 and "--force" in again.output
    assert CliRunner().invoke(cli, ["dossiers", str(sample), "--force"]).exit_code == 0


def test_json_also_writes_the_file(sample: Path) -> None:
    result = CliRunner().invoke(cli, ["dossiers", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    written = sample.with_name(f"{sample.stem}-dossieranalyse.xlsx")
    assert written.exists()
    assert data["n"] == 80 and data["teamleden"] == 7 and data["beschrijving"].startswith("ILLUSTRATIEF")
    by_key = {a["sleutel"]: a for a in data["naar_invoer"]}
    sub = by_key["substitutie.nieuw"]
    assert (sub["cel"], sub["in_invoer"], sub["methode"]) == ("C62", 0.1, "bootstrap")
    assert sub["laag"] <= sub["waarde"] <= sub["hoog"]
    assert data["instellingen"]["team_substitueert"] is False
    assert {t["voorziening"] for t in data["trajecten_per_voorziening"]} >= {"amw", "shv"}


def test_workbook_without_or_with_an_empty_sheet(tmp_path: Path) -> None:
    from .workbooks import write_workbook

    bare = write_workbook(tmp_path / "kaal.xlsx")
    result = CliRunner().invoke(cli, ["dossiers", str(bare)])
    assert result.exit_code == 2 and "geen blad DOSSIERS" in result.output
    empty = dossier_workbook(tmp_path / "leeg.xlsx", [])
    result = CliRunner().invoke(cli, ["dossiers", str(empty), "--json"])
    assert result.exit_code == 2 and json.loads(result.output)["fouten"][0]["code"] == "no-dossiers"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kaal.xlsx", "leeg.xlsx"]


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lijst.xlsx").write_text("dossiernummer;type\nD-1;gezin\n")
    result = CliRunner().invoke(cli, ["dossiers", str(tmp_path / "lijst.xlsx")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_json_with_take_over_lists_the_changes(sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "nieuw.xlsx"
    result = CliRunner().invoke(cli, ["dossiers", str(sample), "--json", "--neem-over", "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    changed = {c["veld"]: c for c in data["overgenomen"]}
    assert target.exists() and changed["nieuw_gevonden"]["was"] == 0.4 and "attributie" not in changed  # empty
    assert any(text.startswith("Deel D") for text in data["niet_overgenomen"])


def test_unfinished_invoer_still_aggregates(tmp_path: Path) -> None:
    values = valid_values()
    del values["huishoudens"]
    path = dossier_workbook(tmp_path / "half.xlsx", sample_rows(), invoer=values)
    result = pipeline.dossier_workbook(path, None)
    assert "dossier-invoer-unfinished" in result.report.codes()
    assert all(r.current is None for r in result.fed)
    assert not any(r.aggregate.feeds.startswith(("deel_d.", "leefgebieden.")) for r in result.fed)


# ---- the result sheet -------------------------------------------------------------------------------------

def test_result_sheet_reads_back_the_aggregates_and_has_two_native_charts(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "resultaat.xlsx"
    result = pipeline.dossier_workbook(sample, out)
    ws = openpyxl.load_workbook(out)[RESULT_SHEET]
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    for row in result.fed:
        r = rows[row.label]
        a = row.aggregate
        assert ws.cell(r, 3).value == row.cell
        assert ws.cell(r, 4).value == row.current
        assert [ws.cell(r, c).value for c in (5, 6, 7, 8)] == pytest.approx([a.value, a.low, a.high, a.n], rel=1e-14)
        if row.differs:
            assert ws.cell(r, 4).font.color.rgb.endswith("C00000")
    start = result.analysis.get("leefgebied.schulden.start").value
    assert ws.cell(rows["Schulden"], 3).value == pytest.approx(start)
    with zipfile.ZipFile(out) as zf:
        charts = sorted(n for n in zf.namelist() if n.startswith("xl/charts/chart"))
        texts = [zf.read(n).decode() for n in charts]
    assert len(charts) == 2
    assert LEEFGEBIED_CHART in texts[0] and "<c:barDir val=\"bar\"/>" in texts[0] and texts[0].count("<c:ser>") == 3
    assert TRAJECTORY_CHART in texts[1] and '<c:grouping val="stacked"/>' in texts[1]
    assert texts[1].count("<c:ser>") == 4


def test_same_input_same_bytes(sample: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        pipeline.dossier_workbook(sample, tmp_path / f"{name}.xlsx", take_over=True)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


# ---- the take-over ------------------------------------------------------------------------------------------

def test_take_over_writes_a_new_workbook_and_leaves_the_original(sample: Path) -> None:
    before = sample.read_bytes()
    result = CliRunner().invoke(cli, ["dossiers", str(sample), "--neem-over"])
    assert result.exit_code == 0, result.output
    assert sample.read_bytes() == before
    new = sample.with_name("voorbeeld-dossiers-overgenomen.xlsx")
    assert "Nieuw werkboek geschreven" in result.output and "niet overgenomen: Deel D" in result.output
    invoer = read_workbook(new)[0]
    report = pipeline.check(new)
    analysis = pipeline.dossier_workbook(sample, None).analysis
    for key in ("aandeel_type.gezinnen", "zwaarte.overige.mv_nzr", "nieuw_gevonden", "substitutie.nieuw",
                "voorkomen_escalatie.ouderen", "terugval", "gemiddeld_aantal_kinderen"):
        value = next(a.value for a in analysis.aggregates if a.feeds == key)
        assert invoer[key] == pytest.approx(value, rel=1e-12), key
    assert invoer["attributie"] == 1.0
    assert invoer["leefgebieden.psychisch"] == 0.0  # C93 gives the QALYs directly in the Groningen case
    assert invoer["deel_d.begeleiding.extra"] == 127  # the column has unpriced rows: left as it was
    assert invoer["toelichting"].endswith("Overgenomen uit de dossieranalyse, n = 80: zie blad Resultaat dossiers.")
    wb = openpyxl.load_workbook(new)
    assert wb.sheetnames == ["INVOER", "KENGETALLEN", *(s.name for s in INPUT_SHEETS), RESULT_SHEET]
    note = wb[INVOER_SHEET][FIELDS["substitutie.nieuw"].cell].comment
    assert note is not None and "dossieranalyse, n = 80 (blad DOSSIERS: ILLUSTRATIEF" in note.text
    # what was taken over no longer disagrees; what was not (deel D) still does
    fields = {p.field for p in report.warnings if p.code == "dossier-disagrees"}
    assert fields and all(f.startswith("deel_d.") for f in fields)


def priced(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with a price in every row of deel D and a financier in the rows of one's own."""
    values = dict(values)
    for i, (row, (_, financier)) in enumerate(DEEL_D_ROWS.items()):
        values[f"deel_d.{row}.prijs"] = 1000 + 10 * i
        if financier is None:
            values[f"deel_d.{row}.financier"] = "wmo"
    return values


def test_take_over_fills_deel_d_when_every_row_has_a_price(tmp_path: Path) -> None:
    values = priced(dict(valid_values(), **{"in_team.welzijn": 1, "attributie": 0.9}))
    path = dossier_workbook(tmp_path / "d.xlsx", sample_rows(), invoer=values)
    result = pipeline.dossier_workbook(path, tmp_path / "nieuw.xlsx", take_over=True)
    invoer = read_workbook(tmp_path / "nieuw.xlsx")[0]
    analysis, households = result.analysis, values["huishoudens"]
    for t in analysis.trajectories:
        row = "hbh" if t.voorziening == "wmo_hbh" else "anders1" if t.voorziening == "anders" else t.voorziening
        assert invoer[f"deel_d.{row}.extra"] == pytest.approx(households * t.extra / analysis.n)
        assert invoer[f"deel_d.{row}.maatwerk"] == pytest.approx(households * t.professional / analysis.n)
        saved = 0.0 if row == "amw" else households * t.substituted / analysis.n  # AMW: welzijn is in the team
        assert invoer[f"deel_d.{row}.bespaard"] == pytest.approx(saved)
    assert invoer["deel_d.anders1.naam"] == OWN_ROW_NAME
    assert invoer["attributie"] == 1.0 and "attributie" not in invoer.given  # 90% became empty: 100%
    assert not [s for s in result.takeover.skipped if "Deel D" in s]  # type: ignore[union-attr]


def test_take_over_skips_a_column_with_an_unpriced_row(tmp_path: Path) -> None:
    values = priced(valid_values())
    del values["deel_d.jeugd_ggz.prijs"]
    path = dossier_workbook(tmp_path / "d.xlsx", sample_rows(), invoer=values)
    result = pipeline.dossier_workbook(path, None, take_over=True)
    takeover = result.takeover
    assert takeover is not None
    skipped = [s for s in takeover.skipped if s.startswith("Deel D")]
    assert skipped and all(f"prijs {FIELDS['deel_d.jeugd_ggz.prijs'].cell}" in s for s in skipped)
    filled = {c.key.split(".")[2] for c in takeover.changes if c.key.startswith("deel_d.")}
    jeugd_ggz = next(t for t in result.analysis.trajectories if t.voorziening == "jeugd_ggz")
    assert ("extra" in filled) == (jeugd_ggz.extra == 0)


def test_take_over_of_an_unfinished_invoer_keeps_what_was_typed(tmp_path: Path) -> None:
    values = valid_values()
    values.update(gemeente=None, huishoudens="veel", toelichting="Eigen tekst")
    path = dossier_workbook(tmp_path / "half.xlsx", sample_rows(), invoer={k: v for k, v in values.items()
                                                                           if v is not None})
    pipeline.dossier_workbook(path, tmp_path / "nieuw.xlsx", take_over=True)
    ws = openpyxl.load_workbook(tmp_path / "nieuw.xlsx")[INVOER_SHEET]
    assert ws[FIELDS["huishoudens"].cell].value == "veel" and ws[FIELDS["gemeente"].cell].value is None
    assert ws[FIELDS["toelichting"].cell].value == "Eigen tekst Overgenomen uit de dossieranalyse, n = 80: zie " \
                                                   "blad Resultaat dossiers."
    assert ws[FIELDS["nieuw_gevonden"].cell].value == pytest.approx(aggregate(SAMPLE.sample_dossiers()).get(
        "nieuw_gevonden").value)
    codes = pipeline.check(tmp_path / "nieuw.xlsx").codes()
    assert "not-a-number" in codes and "required" in codes


def test_triangle_has_the_interval_as_its_percentiles() -> None:
    for mode, low, high in ((0.5, 0.4, 0.6), (0.1, 0.034, 0.262), (0.0, 0.0, 0.11), (2.03, 1.72, 2.37),
                            (0.163, 0.163, 0.2)):
        a, b = triangle_with_percentiles(mode, low, high)
        assert a <= low <= mode <= high <= b
        draws = triangular_quantile(a, mode, b, np.array([0.05, 0.95]))
        assert draws == pytest.approx([low, high], abs=1e-9)
    assert triangle_with_percentiles(0.2, 0.2, 0.2) == (0.2, 0.2)
    with pytest.raises(ValueError):
        triangle_with_percentiles(0.5, 0.6, 0.7)


def triangular_quantile(a: float, c: float, b: float, p: np.ndarray) -> np.ndarray:
    """The triangle's quantile function, written again (distributions.py has the same formula)."""
    left = a + np.sqrt(p * (b - a) * (c - a))
    right = b - np.sqrt((1 - p) * (b - a) * (b - c))
    return np.where(p < (c - a) / (b - a), left, right)


def test_take_over_puts_the_intervals_on_onzekerheid(tmp_path: Path) -> None:
    values = dict(valid_values(), **{"succes.schooluitval": -0.02})
    path = dossier_workbook(tmp_path / "o.xlsx", sample_rows(), invoer=values)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("ONZEKERHEID")
    header = ONZEKERHEID_HEADER_ROW
    for i, text in enumerate(ONZEKERHEID_COLUMNS.values()):
        ws.cell(header, ONZEKERHEID_FIRST_COL + i, text)
    for i, text in enumerate(CORRELATION_COLUMNS.values()):
        ws.cell(header, CORRELATION_FIRST_COL + i, text)
    own = [("groep:substitutie", "driehoek", "factor", 0.5, 1.2, "eigen"),
           ("kosten_per_fte", "driehoek", "factor", 0.9, 1.1, "eigen")]
    for r, row in enumerate(own, start=header + 1):
        for c, value in enumerate(row):
            ws.cell(r, ONZEKERHEID_FIRST_COL + c, value)
    for c, value in enumerate(("groep:substitutie", "kosten_per_fte", 0.3)):
        ws.cell(header + 1, CORRELATION_FIRST_COL + c, value)
    wb.save(path)
    assert pipeline.check(path).ok
    result = pipeline.dossier_workbook(path, tmp_path / "nieuw.xlsx", take_over=True)
    takeover = result.takeover
    assert takeover is not None
    new = tmp_path / "nieuw.xlsx"
    report = pipeline.check(new)
    assert report.ok and not [p for p in report.warnings if p.sheet == "ONZEKERHEID"], report.as_text()
    sheet = pipeline.read(new).sheets["onzekerheid"]
    rows = {r.veld: r for r in sheet.rows}
    assert "groep:substitutie" not in rows and rows["kosten_per_fte"].bron == "eigen"  # replaced, kept
    assert sheet.correlations == ()  # it named the replaced row
    invoer = read_workbook(new)[0]
    for veld in ("nieuw_gevonden", "substitutie.nieuw", "terugval", "voorkomen_escalatie.gezinnen"):
        row = rows[veld]
        a = next(x for x in result.analysis.aggregates if x.feeds == veld)
        assert (row.verdeling, row.grenzen) == ("driehoek", "waarde") and "n = 80" in row.bron
        assert row.laag is not None and row.hoog is not None and row.laag <= invoer[veld] <= row.hoog
        left, right = triangle_with_percentiles(a.value, a.low, a.high)
        assert (row.laag, row.hoog) == pytest.approx((max(left, 0.0), right), abs=1e-9)
    # the rest of the standard group 'effectiviteit' stays uncertain, field by field
    assert rows["succes.schooluitval"].grenzen == "factor" and "standaardaanname" in rows["succes.schooluitval"].bron
    assert not any(r.veld.startswith(("aandeel_type", "zwaarte", "samenstelling")) for r in sheet.rows)
    assert any("Regel 8 (groep:substitutie) vervangen" in n for n in takeover.uncertainty_notes)
    assert any("Correlatie van regel 8" in n for n in takeover.uncertainty_notes)
    u = pipeline.uncertainty_workbook(new, None, options=pipeline.uncertainty_options("200", "1"))[0]
    assert {r.assumption.key for r in u.ranking} >= {"substitutie.nieuw", "terugval"}


def test_onzekerheid_keeps_the_users_other_rows_first_and_says_what_does_not_fit() -> None:
    from mkba_xl.analyses.dossier_uncertainty import uncertainty_rows
    from mkba_xl.analyses.onzekerheid_rows import AssumptionRow, UncertaintySheet

    analysis = aggregate(SAMPLE.sample_dossiers())
    fed = [a for a in analysis.aggregates if a.feeds in ("nieuw_gevonden", "terugval", "substitutie.nieuw")]
    values = {a.feeds: a.value for a in fed}
    own = tuple(AssumptionRow(f"kengetal:k{i}", "uniform", "waarde", 1.0, 2.0, "eigen", 8 + i) for i in range(19))
    sheet, notes = uncertainty_rows(fed, 80, values, UncertaintySheet(own))
    assert [r.veld for r in sheet.rows] == [*(r.veld for r in own), "nieuw_gevonden"]
    assert any(n.startswith("Niet op het blad ONZEKERHEID (het heeft 20 regels): substitutie.nieuw, terugval")
               for n in notes)


def test_take_over_refuses_to_overwrite_or_write_over_the_input(sample: Path) -> None:
    with pytest.raises(Exception) as info:
        pipeline.dossier_workbook(sample, sample, take_over=True)
    assert getattr(info.value, "code", "") == "output-is-input"


# ---- check and run warn when INVOER disagrees ---------------------------------------------------------------

def test_check_warns_only_outside_the_interval(tmp_path: Path) -> None:
    analysis = aggregate(SAMPLE.sample_dossiers(), households=valid_values()["huishoudens"])
    a = analysis.get("nieuw_gevonden")
    inside, outside = (a.low + a.high) / 2, min(1.0, a.high + 0.05)
    for value, expected in ((inside, False), (outside, True)):
        path = dossier_workbook(tmp_path / f"{value}.xlsx", sample_rows(),
                                invoer=dict(valid_values(), nieuw_gevonden=value))
        report = pipeline.check(path)
        warned = [p for p in report.warnings if p.code == "dossier-disagrees" and p.field == "nieuw_gevonden"]
        assert bool(warned) is expected
    empty = [p for p in report.warnings if p.code == "dossier-disagrees" and p.field not in valid_values()]
    assert empty and all(" (leeg), maar" in p.message for p in empty)
    assert pipeline.check(path).ok  # a warning, never an error


def test_run_warns_on_uitvoer_too(sample: Path, tmp_path: Path) -> None:
    result, report = pipeline.run_workbook(sample, tmp_path / "uit.xlsx")
    assert "dossier-disagrees" in report.codes()
    assert not math.isnan(float(np.asarray(result.saldo)))


def test_a_bad_sheet_blocks_the_command(tmp_path: Path) -> None:
    path = dossier_workbook(tmp_path / "fout.xlsx", [base(type="gezinnen")])
    with pytest.raises(InputError) as info:
        pipeline.dossier_workbook(path, tmp_path / "uit.xlsx")
    assert info.value.report.codes() == ["unknown-type"]
    assert not (tmp_path / "uit.xlsx").exists()
    assert LEEFGEBIEDEN  # the vocabulary the sheet reads
