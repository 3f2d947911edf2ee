"""The output workbook: every number on it equals the engine's, it is written atomically and byte-stably.

All tests write real files into tmp_path and read them back with openpyxl (``data_only=True``
reads the cached formula values, which are the engine's values written with each formula).
"""

from __future__ import annotations

import math
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from mkba_xl.engine import BENEFITS, COSTS, LINES, YEARS, Post, Result, compute, excel_round, round_ratio
from mkba_xl.errors import OutputError
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.reader import read_workbook
from mkba_xl.schema import ACTOR_LABELS, ACTORS, DOMAIN_LABELS
from mkba_xl.writer import IMMATERIAL_BUDGET_LABEL, SHEET_ORDER, row_code, write_uitvoer
from mkba_xl.writer import workbook as writer_workbook
from mkba_xl.xlsx.cells import MAX_TEXT

from .cases import META

META_VALUES = META  # the worked example of the meta-analysis (001 Bijlage 2)
# A second case with every line non-zero (part of the team nieuw-voor-oud, meer op maat, all disciplines).
RICH_CHANGES: dict[str, Any] = {
    "aandeel_additioneel": 0.4, "meer_op_maat": 0.1, "substitutie.bestaand": 0.1, "overige_teamkosten": 20000,
    "frictie": 0.05, **{f"discipline.{d}": 1.0 for d in ("jeugd", "ggz_volwassenen", "werk_inkomen_schulden",
                                                         "welzijn_md", "zorg", "wonen")},
}

# The team stated the 2019+ way (002 Bijlage VI): 'Kosten in 0-situatie', 'Meerkosten', the NCW budget.
WAY_2019_CHANGES: dict[str, Any] = {"team_fte": None, "aandeel_additioneel": None, "fte_nulsituatie": 3.0,
                                    "fte_extra": 0.6, "frictie": 0.05, "meer_op_maat": 0.1}

CENT = 0.01


def _known(values: dict[str, Any]) -> dict[str, Any]:
    """Drop keys the schema does not (yet) know, so the fixture survives schema work elsewhere."""
    from mkba_xl.schema import fields_by_key
    fields = fields_by_key()
    return {k: v for k, v in values.items() if k in fields}


@pytest.fixture(scope="module", params=["meta", "rich", "way2019"])
def case(request: pytest.FixtureRequest) -> tuple[Invoer, Any, Result]:
    values = dict(META_VALUES)
    if request.param == "rich":
        values.update(RICH_CHANGES)
    if request.param == "way2019":
        values.update(WAY_2019_CHANGES)
    invoer = Invoer.from_values(_known(values))
    kengetallen = default_kengetallen()
    return invoer, kengetallen, compute(invoer, kengetallen)


@pytest.fixture(scope="module")
def written(case: tuple[Invoer, Any, Result], tmp_path_factory: pytest.TempPathFactory) -> Path:
    invoer, kengetallen, result = case
    path = tmp_path_factory.mktemp("uit") / "uitvoer.xlsx"
    write_uitvoer(path, result, invoer, kengetallen, fingerprint="abc123def456")
    return path


@pytest.fixture(scope="module")
def values_wb(written: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(written, data_only=True)


# ---------------------------------------------------------------------------------------------
# Finding things on UITVOER the way a reader of the screen would: by label
# ---------------------------------------------------------------------------------------------

def _rows_by(ws: Any, col: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for row in ws.iter_rows():
        cell = row[col - 1] if len(row) >= col else None
        if cell is not None and isinstance(cell.value, str):
            out.setdefault(cell.value, []).append(cell.row)
    return out


class Uitvoer:
    """Cell positions on UITVOER: A-lines by code (column A) or label (column B), the B table, per year."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.by_code = {k: v[0] for k, v in _rows_by(ws, 1).items()}
        self.by_label = _rows_by(ws, 2)
        header = self.by_label["A  Resultaat MKBA NCW, een jaar aanpak"][0] + 1
        assert ws.cell(header, 3).value == "NCW" and ws.cell(header, 4).value == "Exact (NCW)"
        band_b = self.by_label["B  Resultaat begroting na 2 jaar"][0]
        self.budget_header = band_b + 1
        self.budget_cols = {ws.cell(self.budget_header, c).value: c for c in range(3, 8)}
        self.budget_rows = {label: band_b + 2 + i for i, label in enumerate(
            ("Totale kosten", "Totale baten", IMMATERIAL_BUDGET_LABEL, "Saldo", "K-B-verhouding",
             "K-B-verhouding exact"))}
        for label, r in self.budget_rows.items():
            assert ws.cell(r, 2).value == label
        year_band = next(c for row in ws.iter_rows() for c in row if c.value == "Kosten en baten per jaar (NCW)")
        self.year_first = year_band.row + 2
        self.year_cols = {ws.cell(year_band.row + 1, c).value: c for c in range(year_band.column,
                                                                                 year_band.column + 3)}

    def a_row(self, label: str) -> int:
        rows = self.by_label[label]
        return rows[0]

    def exact(self, row: int) -> Any:
        return self.ws.cell(row, 4).value

    def shown(self, row: int) -> Any:
        return self.ws.cell(row, 3).value


def _ratio_or_dash(x: Any) -> Any:
    return float(x) if math.isfinite(float(x)) else "-"


# ---------------------------------------------------------------------------------------------
# 1. UITVOER A
# ---------------------------------------------------------------------------------------------

def test_a_lines_exact_and_shown(values_wb: openpyxl.Workbook, case: tuple[Invoer, Any, Result]) -> None:
    result = case[2]
    u = Uitvoer(values_wb["UITVOER"])
    for side in (COSTS, BENEFITS):
        for screen_row in result.screen.rows[side]:
            code = row_code(screen_row)
            if screen_row.optional and code not in u.by_code:
                assert result.line_ncw(code) == 0  # an optional row is left out only when it is empty
                continue
            row = u.by_code[code]
            expected = sum(result.line_ncw(c) for c in screen_row.lines)
            assert u.exact(row) == pytest.approx(expected, abs=CENT), code
            assert u.shown(row) == pytest.approx(round(expected, -2), abs=CENT), code
            assert u.ws.cell(row, 2).value == f"{screen_row.number} {screen_row.label}"
    for label, expected in (("Totale kosten", result.total(COSTS)), ("Totale baten", result.total(BENEFITS)),
                            ("Saldo (baten minus kosten)", result.saldo)):
        row = u.a_row(label)
        assert u.exact(row) == pytest.approx(expected, abs=CENT), label
        assert u.shown(row) == pytest.approx(round(expected, -2), abs=CENT), label
    for label, expected in (("Financieel K-B-verhouding", result.kb_financieel),
                            ("Maatschappelijk K-B-verhouding", result.kb_maatschappelijk)):
        row = u.a_row(label)
        assert u.exact(row) == pytest.approx(expected, abs=1e-9), label
        assert u.shown(row) == pytest.approx(round(expected * 20) / 20, abs=1e-9), label
        assert u.ws.cell(row, 3).number_format == "0.00"


def test_a_labels_are_lpbl_labels(values_wb: openpyxl.Workbook, case: tuple[Invoer, Any, Result]) -> None:
    """The numbering and labels of the way's own screen: 001 Bijlage 2 (2014), 002 VII / 004 V (2019+)."""
    labels = set(Uitvoer(values_wb["UITVOER"]).by_label)
    common = {"Totale kosten", "Totale baten", "1 Besparing organisatiekosten", "a Nieuw voor oud",
              "2 Toename effectiviteit trajecten", "3 Voorkomen (escalatie)kosten", "4 Immateriële baten",
              "a Ontwikkelingskansen kinderen", "b Toename kwaliteit van leven", "c Reductie overlast en onveiligheid",
              "Saldo (baten minus kosten)", "Financieel K-B-verhouding", "Maatschappelijk K-B-verhouding", "KOSTEN",
              "BATEN"}
    if case[2].rekenwijze.key == "lpbl_2014":
        own = {"1 Kosten nieuwe aanpak", "2 Eenmalige (frictie)kosten", "3 Kosten a.g.v. meer gevonden huishoudens",
               "b Minder trajecten a.g.v. substitutie"}
        assert "1 Kosten in 0-situatie" not in labels
    else:
        own = {"1 Kosten in 0-situatie", "2 Meerkosten nieuwe werkwijze", "3 Kosten a.g.v. extra inzetten zorg",
               "b Meer op maat", "c Minder trajecten a.g.v. substitutie"}
        assert "1 Kosten nieuwe aanpak" not in labels
    assert common | own <= labels


def test_a_cells_are_live_formulas_over_berekening(written: Path) -> None:
    ws = openpyxl.load_workbook(written)["UITVOER"]
    u = Uitvoer(ws)
    row = u.by_code["K3"]
    assert ws.cell(row, 4).value.startswith('=SUMIFS(BEREKENING!$S$')
    assert ',"K3")' in ws.cell(row, 4).value
    assert ws.cell(row, 3).value == f"=ROUND(D{row},-2)"
    total = u.a_row("Totale kosten")
    assert ws.cell(total, 4).value.startswith("=SUM(")
    assert ws.cell(u.a_row("Financieel K-B-verhouding"), 3).value.startswith("=IF(ISNUMBER(")
    assert "ROUND(" in ws.cell(u.a_row("Financieel K-B-verhouding"), 3).value


def test_title_block(values_wb: openpyxl.Workbook) -> None:
    from mkba_xl import __version__
    ws = values_wb["UITVOER"]
    assert ws["B1"].value == "MKBA sociale (wijk)teams — UITVOER"
    pairs = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(2, 14)}
    assert pairs["Gemeente"] == "Voorbeeldgemeente"
    assert pairs["Aanpak"] == "Sociaal wijkteam"
    assert pairs["Analysejaar"] == 2013
    assert pairs["Versie"] == f"mkba-xl {__version__}"
    assert pairs["Invoer-vingerafdruk"] == "abc123def456"
    assert "lpbl_2014" in pairs["Disconteringsregel"] and "%" in pairs["Disconteringsregel"]


# ---------------------------------------------------------------------------------------------
# 2. B budget and per year
# ---------------------------------------------------------------------------------------------

def test_budget_per_actor(values_wb: openpyxl.Workbook, case: tuple[Invoer, Any, Result]) -> None:
    result = case[2]
    u = Uitvoer(values_wb["UITVOER"])
    budget = result.budget("actor")
    assert list(u.budget_cols) == [*(ACTOR_LABELS[a] for a in ACTORS), "Totaal"]
    for key in [*ACTORS, "totaal"]:
        col = u.budget_cols[ACTOR_LABELS.get(key, "Totaal")]
        cell = lambda label, col=col: u.ws.cell(u.budget_rows[label], col).value  # noqa: E731
        assert cell("Totale kosten") == pytest.approx(budget[key]["kosten"], abs=CENT), key
        assert cell("Totale baten") == pytest.approx(budget[key]["baten"], abs=CENT), key
        assert cell("Saldo") == pytest.approx(budget[key]["saldo"], abs=CENT), key
        assert cell(IMMATERIAL_BUDGET_LABEL) == pytest.approx(budget[key]["immaterieel"], abs=CENT), key
        if budget[key]["kosten"] == 0:
            assert cell("K-B-verhouding") == "-" and cell("K-B-verhouding exact") == "-"
        else:
            assert cell("K-B-verhouding exact") == pytest.approx(budget[key]["kb"], abs=1e-9)
            assert cell("K-B-verhouding") == pytest.approx(round(budget[key]["kb"] * 20) / 20, abs=1e-9)
    assert any(r and str(r[0]) == result.rekenwijze.budget_text
               for r in u.ws.iter_rows(min_col=2, max_col=2, values_only=True))


def test_per_year(values_wb: openpyxl.Workbook, case: tuple[Invoer, Any, Result]) -> None:
    result = case[2]
    u = Uitvoer(values_wb["UITVOER"])
    for side, header in ((COSTS, "Kosten"), (BENEFITS, "Baten")):
        expected = result.per_year(side)
        got = [u.ws.cell(u.year_first + t, u.year_cols[header]).value for t in range(YEARS)]
        assert got == pytest.approx(list(expected), abs=CENT)
        assert u.ws.cell(u.year_first + YEARS, u.year_cols[header]).value == pytest.approx(result.total(side),
                                                                                          abs=CENT)


def test_per_geldstroom(values_wb: openpyxl.Workbook, case: tuple[Invoer, Any, Result]) -> None:
    result = case[2]
    ws = values_wb["Per geldstroom"]
    assert [ws.cell(4, c).value for c in range(2, 7)] == ["Geldstroom", "Actor", "Kosten", "Baten", "Saldo"]
    rows = {ws.cell(r, 2).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value}
    budget = result.budget("domain")
    for domain, values in budget.items():
        r = rows["Totaal" if domain == "totaal" else DOMAIN_LABELS.get(domain, domain)]
        for col, key in ((4, "kosten"), (5, "baten"), (6, "saldo")):
            assert ws.cell(r, col).value == pytest.approx(values[key], abs=CENT), (domain, key)
    for label in DOMAIN_LABELS.values():  # every domain has a row, zero when it has no posts
        assert label in rows


# ---------------------------------------------------------------------------------------------
# 3. BEREKENING
# ---------------------------------------------------------------------------------------------

def test_berekening_one_row_per_post(values_wb: openpyxl.Workbook, case: tuple[Invoer, Any, Result]) -> None:
    result = case[2]
    ws = values_wb["BEREKENING"]
    header = [c.value for c in ws[5]]
    assert header[:7] == ["Regel", "UITVOER-regel", "Omschrijving", "Geldstroom", "Actor", "Soort", "Kosten/baten"]
    assert header[7:17] == [f"Jaar {t}" for t in range(YEARS)]
    assert header[17:] == ["Begroting", "NCW", "Bronnen"]
    window = result.rekenwijze.budget_years
    factors = [ws.cell(3, 8 + t).value for t in range(YEARS)]
    assert factors == pytest.approx(list(result.discount_factors), rel=1e-12)
    rows = [r for r in ws.iter_rows(min_row=6, values_only=True) if r[0] is not None]
    assert len(rows) == len(result.ledger)
    ncw = {COSTS: 0.0, BENEFITS: 0.0}
    for row in rows:
        ncw[row[6]] += row[18]
        assert row[18] == pytest.approx(sum(a * f for a, f in zip(row[7:17], factors)), abs=1e-6)
        assert row[17] == pytest.approx(row[18] if window is None else sum(row[7:7 + window]), abs=1e-6)
    assert ncw[COSTS] == pytest.approx(result.total(COSTS), abs=CENT)
    assert ncw[BENEFITS] == pytest.approx(result.total(BENEFITS), abs=CENT)
    # ... and these sums are the UITVOER totals
    u = Uitvoer(values_wb["UITVOER"])
    assert u.exact(u.a_row("Totale kosten")) == pytest.approx(ncw[COSTS], abs=CENT)
    assert u.exact(u.a_row("Totale baten")) == pytest.approx(ncw[BENEFITS], abs=CENT)
    # the posts, in UITVOER order, with their descriptions and sources
    order = [line.code for line in LINES]
    assert [order.index(r[0]) for r in rows] == sorted(order.index(r[0]) for r in rows)
    by_text = sorted((p.line, p.description) for p in result.ledger)
    assert sorted((r[0], r[2]) for r in rows) == by_text
    assert {(r[0], r[1]) for r in rows} == {(p.line, result.screen.line_labels[p.line]) for p in result.ledger}
    assert ws.cell(4, 1).value.startswith("Netto-effect: de effecten in deel C zijn bruto")
    assert {r[5] for r in rows} <= {"financieel", "immaterieel"}


def test_berekening_totals_and_layout(written: Path, case: tuple[Invoer, Any, Result]) -> None:
    result = case[2]
    wb = openpyxl.load_workbook(written)
    ws = wb["BEREKENING"]
    assert ws.freeze_panes == "B6"
    assert ws.auto_filter.ref == f"A5:T{5 + len(result.ledger)}"
    assert ws.cell(6, 19).value.startswith("=SUMPRODUCT(H6:Q6,$H$3:$Q$3)")
    values = openpyxl.load_workbook(written, data_only=True)["BEREKENING"]
    labels = {values.cell(r, 3).value: r for r in range(6, values.max_row + 1)}
    assert values.cell(labels["Totaal kosten"], 19).value == pytest.approx(result.total(COSTS), abs=CENT)
    assert values.cell(labels["Totaal baten"], 19).value == pytest.approx(result.total(BENEFITS), abs=CENT)
    sub = labels["Subtotaal van de zichtbare regels (filter)"]
    assert ws.cell(sub, 19).value.startswith("=SUBTOTAL(9,")


# ---------------------------------------------------------------------------------------------
# 4. determinism, 5. atomic writes
# ---------------------------------------------------------------------------------------------

def test_two_writes_are_byte_identical(tmp_path: Path, case: tuple[Invoer, Any, Result]) -> None:
    invoer, kengetallen, result = case
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_uitvoer(a, result, invoer, kengetallen, fingerprint="x")
    time.sleep(1.1)  # a timestamp anywhere in the file would now differ
    write_uitvoer(b, result, invoer, kengetallen, fingerprint="x")
    assert a.read_bytes() == b.read_bytes()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or "tmp" in p.suffixes)


@pytest.mark.parametrize("exc", [RuntimeError("stuk"), KeyboardInterrupt()])
def test_failed_write_leaves_nothing(tmp_path: Path, case: tuple[Invoer, Any, Result],
                                     monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    invoer, kengetallen, result = case

    def boom(*args: Any, **kwargs: Any) -> None:
        raise exc

    monkeypatch.setattr(writer_workbook, "write_audit_sheet", boom)
    target = tmp_path / "uit.xlsx"
    with pytest.raises(type(exc)):
        write_uitvoer(target, result, invoer, kengetallen)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_failed_close_keeps_existing_target(tmp_path: Path, case: tuple[Invoer, Any, Result],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    invoer, kengetallen, result = case
    target = tmp_path / "uit.xlsx"
    target.write_bytes(b"old contents")

    def close(self: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("xlsxwriter.workbook.Workbook.close", close)
    with pytest.raises(OutputError, match="kan niet worden geschreven"):
        write_uitvoer(target, result, invoer, kengetallen)
    assert target.read_bytes() == b"old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit.xlsx"]


def test_overwrites_existing_target_and_leaves_no_temp(tmp_path: Path, case: tuple[Invoer, Any, Result]) -> None:
    invoer, kengetallen, result = case
    target = tmp_path / "uit.xlsx"
    target.write_bytes(b"old contents")
    write_uitvoer(target, result, invoer, kengetallen)
    assert target.read_bytes()[:4] == b"PK\x03\x04"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit.xlsx"]
    assert target.stat().st_mode & 0o044  # readable by others like any normal file, not mkstemp's 0600


def test_missing_folder_is_an_output_error(tmp_path: Path, case: tuple[Invoer, Any, Result]) -> None:
    invoer, kengetallen, result = case
    with pytest.raises(OutputError):
        write_uitvoer(tmp_path / "nope" / "uit.xlsx", result, invoer, kengetallen)


# ---------------------------------------------------------------------------------------------
# 6. user text stays text
# ---------------------------------------------------------------------------------------------

def test_formula_like_user_text_stays_text(tmp_path: Path) -> None:
    invoer = Invoer.from_values(_known({**META_VALUES, "gemeente": "=1+1", "aanpak": "@SUM(A1)"}))
    kengetallen = default_kengetallen()
    path = tmp_path / "uit.xlsx"
    write_uitvoer(path, compute(invoer, kengetallen), invoer, kengetallen)
    wb = openpyxl.load_workbook(path)
    uitvoer = wb["UITVOER"]
    gemeente = next(uitvoer.cell(r, 3) for r in range(2, 14) if uitvoer.cell(r, 2).value == "Gemeente")
    assert gemeente.value == "=1+1" and gemeente.data_type == "s"
    from mkba_xl.schema import fields_by_key
    cell = wb["INVOER"][fields_by_key()["gemeente"].cell]
    assert cell.value == "=1+1" and cell.data_type == "s"


# ---------------------------------------------------------------------------------------------
# 7. sheets and charts
# ---------------------------------------------------------------------------------------------

def test_sheet_order_active_and_charts(written: Path) -> None:
    wb = openpyxl.load_workbook(written)
    assert wb.sheetnames == list(SHEET_ORDER)
    assert wb.active.title == "UITVOER"
    with zipfile.ZipFile(written) as zf:
        names = set(zf.namelist())
        assert {f"xl/charts/chart{i}.xml" for i in (1, 2, 3, 4)} <= names
        charts = [zf.read(f"xl/charts/chart{i}.xml").decode() for i in (1, 2, 3, 4)]
        drawing = zf.read("xl/drawings/drawing1.xml").decode()
        assert not any(n.startswith("xl/media/") for n in names)  # native charts, no pictures
    # 605 px (16 cm, the width of a Word page) from column B: nine columns of 64 px and 29 px (276,225 EMU)
    assert drawing.count("<xdr:to><xdr:col>10</xdr:col><xdr:colOff>276225</xdr:colOff>") == 4
    from mkba_xl.schema import fields_by_key

    gemeente = openpyxl.load_workbook(written)["INVOER"][fields_by_key()["gemeente"].cell].value
    titles = ("Kosten en baten per jaar (NCW)", "Begroting na 2 jaar per actor", "Samenstelling van de kosten (NCW)",
              "Samenstelling van de baten (NCW)")
    for title, chart in zip(titles, charts):  # the municipality in the title, the source under the plot
        assert f"{title} — {gemeente}" in chart
        assert "Bron: mkba-xl" in chart
    assert "Grafieken!$O$" in "".join(charts)  # the series read the data table on the Grafieken sheet


def test_the_actor_chart_keeps_its_labels_apart(written: Path) -> None:
    """Two bars side by side (the gemeente's costs and benefits are close) with their labels outside their ends:
    the bars are set apart (negative overlap), so that the labels, wider than a bar, do not run into each other."""
    with zipfile.ZipFile(written) as zf:
        chart = zf.read("xl/charts/chart2.xml").decode()
    assert '<c:overlap val="-25"/>' in chart and '<c:showVal val="1"/>' in chart


def test_chart_data_equals_engine(values_wb: openpyxl.Workbook, case: tuple[Invoer, Any, Result]) -> None:
    result = case[2]
    ws = values_wb["Grafieken"]
    rows = {ws.cell(r, 14).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 14).value}
    for t in range(YEARS):
        r = rows[f"Jaar {t}"]
        assert ws.cell(r, 15).value == pytest.approx(result.per_year(COSTS)[t], abs=CENT)
        assert ws.cell(r, 16).value == pytest.approx(result.per_year(BENEFITS)[t], abs=CENT)
    budget = result.budget("actor")
    for actor in ACTORS:
        r = rows[ACTOR_LABELS[actor]]
        assert ws.cell(r, 15).value == pytest.approx(budget[actor]["kosten"], abs=CENT)
        assert ws.cell(r, 16).value == pytest.approx(budget[actor]["baten"], abs=CENT)
    assert ws.cell(rows["2 Toename effectiviteit trajecten"], 15).value == pytest.approx(result.line_ncw("B2"),
                                                                                          abs=CENT)


def test_print_setup(written: Path) -> None:
    ws = openpyxl.load_workbook(written)["UITVOER"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, which XlsxWriter leaves out
    assert ws.print_area
    assert ws.sheet_view.showGridLines is False


# ---------------------------------------------------------------------------------------------
# 8. the output is itself a valid input
# ---------------------------------------------------------------------------------------------

def test_output_reads_back_as_the_same_input(written: Path, case: tuple[Invoer, Any, Result]) -> None:
    invoer, _, result = case
    invoer2, kengetallen2, _report = read_workbook(written)
    for key, value in invoer.values.items():
        got = invoer2.values[key]
        if isinstance(value, float | int) and not isinstance(value, bool):
            assert got == pytest.approx(value, rel=1e-12, abs=1e-12), key
        else:
            assert got == value, key
    again = compute(invoer2, kengetallen2)
    assert again.saldo == pytest.approx(result.saldo, abs=CENT)
    assert again.total(COSTS) == pytest.approx(result.total(COSTS), abs=CENT)


# ---------------------------------------------------------------------------------------------
# Odd results: no costs (ratios '-'), warnings, an empty ledger, variants
# ---------------------------------------------------------------------------------------------

def _synthetic(posts: tuple[Post, ...], warnings: tuple[str, ...] = ()) -> Result:
    factors = 1 / 1.04 ** np.arange(YEARS)
    return Result(posts, factors, warnings, {"gemeente": "X"})


def test_benefits_without_costs_show_dash_ratios(tmp_path: Path) -> None:
    amounts = np.zeros(YEARS)
    amounts[[0, 3, 9]] = [1000.0, 500.0, 250.0]
    post = Post("B2", "wi", "gemeente", amounts, "=SUM(A1) is geen formule", ("bron; =2",))
    result = _synthetic((post,), ("Let op: =1+1 is tekst", "tweede waarschuwing"))
    invoer = Invoer.from_values(_known(META_VALUES))
    path = tmp_path / "uit.xlsx"
    write_uitvoer(path, result, invoer, default_kengetallen(), input_warnings=["INVOER!C42: controleer de fte"])
    ws = openpyxl.load_workbook(path, data_only=True)["UITVOER"]
    u = Uitvoer(ws)
    for label in ("Financieel K-B-verhouding", "Maatschappelijk K-B-verhouding"):
        assert u.exact(u.a_row(label)) == "-" and u.shown(u.a_row(label)) == "-"
    assert u.exact(u.a_row("Totale baten")) == pytest.approx(result.total(BENEFITS))
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Waarschuwingen" in texts
    assert "• Let op: =1+1 is tekst" in texts
    assert texts.index("• INVOER!C42: controleer de fte") < texts.index("• Let op: =1+1 is tekst")
    audit = openpyxl.load_workbook(path)["BEREKENING"]
    assert audit["C6"].value == "=SUM(A1) is geen formule" and audit["C6"].data_type == "s"


def test_empty_ledger_writes_zeros(tmp_path: Path) -> None:
    result = _synthetic(())
    invoer = Invoer.from_values(_known(META_VALUES))
    path = tmp_path / "uit.xlsx"
    write_uitvoer(path, result, invoer, default_kengetallen())
    u = Uitvoer(openpyxl.load_workbook(path, data_only=True)["UITVOER"])
    assert u.exact(u.a_row("Totale kosten")) == 0
    assert u.exact(u.a_row("Saldo (baten minus kosten)")) == 0


def test_variants_are_refused(tmp_path: Path) -> None:
    invoer = Invoer.from_values(_known(META_VALUES)).replace(huishoudens=np.array([100.0, 200.0]))
    kengetallen = default_kengetallen()
    with pytest.raises(ValueError, match="één variant"):
        write_uitvoer(tmp_path / "uit.xlsx", compute(invoer, kengetallen), invoer, kengetallen)
    assert list(tmp_path.iterdir()) == []


def test_excel_rounding_helpers() -> None:
    assert excel_round(469_378.0, -2) == 469_400
    assert excel_round(250.0, -2) == 300  # Excel rounds halves away from zero; Python's round() gives 200
    assert excel_round(-250.0, -2) == -300
    assert round_ratio(1.309) == pytest.approx(1.30)
    assert round_ratio(0.979) == pytest.approx(1.00)
    assert round_ratio(1.867) == pytest.approx(1.85)
    assert round_ratio(1.575) == pytest.approx(1.60)


def test_very_long_text_is_cut_not_lost(tmp_path: Path) -> None:
    post = Post("K2", "team", "gemeente", np.full(YEARS, 10.0), "x" * 40_000, ("bron",))
    invoer = Invoer.from_values(_known(META_VALUES))
    path = tmp_path / "uit.xlsx"
    write_uitvoer(path, _synthetic((post,)), invoer, default_kengetallen())
    text = openpyxl.load_workbook(path)["BEREKENING"]["C6"].value
    assert len(text) == MAX_TEXT and text.endswith("…")
