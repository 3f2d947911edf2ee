"""The sheets of the uncertainty analysis, read back: the input sheet ONZEKERHEID (template, round trip,
every row checked with its cell, nothing computed from a bad sheet), the result sheet with its charts,
same bytes for the same seed, the command line and its progress line."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from mkba_xl import pipeline
from mkba_xl.analyses import onzekerheid_writer as writer
from mkba_xl.analyses.onzekerheid import analyse
from mkba_xl.analyses.onzekerheid_rows import AssumptionRow, CorrelationRow, UncertaintySheet, standard_rows
from mkba_xl.cli import cli
from mkba_xl.cli_progress import StderrProgress
from mkba_xl.errors import InputError
from mkba_xl.input_sheets import read_input_sheets
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.reader import load_grids
from mkba_xl.schema import ONZEKERHEID_HEADER_ROW, ONZEKERHEID_SHEET
from mkba_xl.template import write_template

from . import libreoffice
from .test_problem_codes import uncertainty_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "leeuwarden_frontlijnteam.xlsx"
KG = default_kengetallen()


def sheet_of(path: Path) -> UncertaintySheet | None:
    values, report = read_input_sheets(load_grids(path), KG)
    assert report.ok, report.as_text()
    return values["onzekerheid"]


# ---------------------------------------------------------------------------------------------
# The input sheet
# ---------------------------------------------------------------------------------------------

def test_the_template_has_the_sheet_with_the_standard_set_and_no_rows_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    write_template(path)
    assert sheet_of(path) == UncertaintySheet()
    ws = openpyxl.load_workbook(path)[ONZEKERHEID_SHEET]
    assert ws.protection.sheet
    header = [ws.cell(ONZEKERHEID_HEADER_ROW, c).value for c in range(2, 12)]
    assert header == ["veld", "verdeling", "grenzen als", "laag", "hoog", "bron", None, "veld 1", "veld 2",
                      "rangcorrelatie"]
    assert not ws.cell(ONZEKERHEID_HEADER_ROW + 1, 2).protection.locked  # the rows are typed in
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for std in standard_rows():
        assert std.veld in texts and std.bron in texts  # the standard set is shown, with its sources
    assert any(t.startswith("Standaardaannames") for t in texts)


def test_user_rows_and_correlations_survive_a_run(tmp_path: Path) -> None:
    rows = [("nieuw_gevonden", "driehoek", "waarde", "10%", 0.3, "eigen schatting"),
            ("kengetal:qaly_waarde", "uniform", None, 20_000, 50_000),
            ("groep:effectiviteit", "geen"),
            ("C43", "normaal", "factor", "0,9", 1.1)]
    source = uncertainty_workbook(tmp_path, rows, [("nieuw_gevonden", "kosten_per_fte", -0.4)])
    expected = UncertaintySheet(
        (AssumptionRow("nieuw_gevonden", "driehoek", "waarde", 0.1, 0.3, "eigen schatting", 8),
         AssumptionRow("kengetal:qaly_waarde", "uniform", "waarde", 20_000.0, 50_000.0, "", 9),
         AssumptionRow("groep:effectiviteit", "geen", "factor", None, None, "", 10),
         AssumptionRow("kosten_per_fte", "normaal", "factor", 0.9, 1.1, "", 11)),
        (CorrelationRow("nieuw_gevonden", "kosten_per_fte", -0.4, 8),))
    assert sheet_of(source) == expected
    out = tmp_path / "uit.xlsx"
    pipeline.run_workbook(source, out, uncertainty=pipeline.UncertaintyOptions(draws=500))
    assert sheet_of(out) == expected  # carried over: the output is a complete input
    assert pipeline.check(out).ok
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert names[0] == "UITVOER" and writer.RESULT_SHEET in names and ONZEKERHEID_SHEET in names


def test_every_bad_row_is_reported_with_its_cell_and_nothing_is_written(tmp_path: Path) -> None:
    rows = [("onbekend_veld", "driehoek", "waarde", 0.1, 0.2),
            ("terugval", "driehoekig", "waarde", 0.1, 0.2),
            ("terugval", "driehoek", "waarde", "veel", 0.2),
            ("zorgprofiel", "uniform", "waarde", 1, 2),
            ("nieuw_gevonden", "driehoek", "waarde", 0.3, 0.1),
            ("huishoudens", "uniform", "waarde", 0, 500),
            ("kosten_per_fte", "driehoek", "factor", 0.8),
            ("gemeente", "uniform", "waarde", 1, 2)]
    source = uncertainty_workbook(tmp_path, rows)
    report = pipeline.check(source)
    found = sorted((p.cell, p.code) for p in report.errors)
    assert found == [("B11", "not-continuous"), ("B15", "text-field"), ("B8", "unknown-field"),
                     ("C9", "not-a-choice"), ("E10", "not-a-number"), ("E12", "bounds-order"),
                     ("E13", "out-of-range"), ("F14", "required")]
    assert all(p.sheet == ONZEKERHEID_SHEET and p.message.startswith(f"Regel {p.cell[1:]}:") for p in report.errors)
    for run in (lambda out: pipeline.uncertainty_workbook(source, out),
                lambda out: pipeline.run_workbook(source, out, uncertainty=pipeline.UncertaintyOptions()),
                lambda out: pipeline.run_workbook(source, out)):
        out = tmp_path / "uit.xlsx"
        with pytest.raises(InputError):
            run(out)
        assert not out.exists()


def test_an_empty_or_foreign_sheet(tmp_path: Path) -> None:
    empty = uncertainty_workbook(tmp_path, [], header=())
    assert sheet_of(empty) == UncertaintySheet()  # an empty sheet: the standard set alone
    moved = uncertainty_workbook(tmp_path, [("terugval", "driehoek", "waarde", 0.1, 0.4)],
                                 header=("veld", "verdeling", "laag", "hoog"))
    assert "assumption-header-incomplete" in pipeline.check(moved).codes()


# ---------------------------------------------------------------------------------------------
# The result sheet
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    wb = pipeline.read(SAMPLE)
    u = analyse(wb.invoer, wb.kengetallen, wb.sheets.get("onzekerheid"))
    path = tmp_path_factory.mktemp("onzekerheid") / "onzekerheid.xlsx"
    writer.write_onzekerheid(path, u)
    return path, u


def test_the_result_sheet_shows_the_analysis(written: tuple[Path, object]) -> None:
    path, u = written
    ws = openpyxl.load_workbook(path)[writer.RESULT_SHEET]
    cells: dict[object, tuple[int, int]] = {}
    for row in ws.iter_rows():
        for c in row:
            cells.setdefault(c.value, (c.row, c.column))  # the table comes before the charts' data
    assert u.zin in cells and u.zin_meten in cells
    r, _ = cells["Saldo (NCW)"]
    saldo = u.stat("saldo")
    assert [ws.cell(r, c).value for c in range(3, 10)] == pytest.approx([  # Excel keeps 15 to 17 digits
        saldo.deterministisch, saldo.gemiddelde, *(saldo.p(q) for q in (5.0, 25.0, 50.0, 75.0, 95.0))], rel=1e-14)
    r, _ = cells["P(saldo > 0)"]
    assert ws.cell(r, 3).value == pytest.approx(u.chance("saldo_positief").kans, rel=1e-14)
    first = u.ranking[0]
    r, _ = cells[first.assumption.label]
    assert (ws.cell(r, 5).value, ws.cell(r, 6).value) == pytest.approx((first.belang, first.evppi), rel=1e-14)
    assert ws.cell(r, 10).value == first.assumption.row.bron
    assert f"zaad {u.seed}" in next(t for t in cells if isinstance(t, str) and t.startswith("10.000 trekkingen"))


def test_the_result_sheet_has_its_four_native_charts(written: tuple[Path, object]) -> None:
    path, u = written
    with zipfile.ZipFile(path) as zf:
        xml = {n: zf.read(n).decode() for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)}
    assert len(xml) == 4
    by_title = {title: next(x for x in xml.values() if title in x) for title in writer.CHART_TITLES}
    histogram = by_title[writer.CHART_TITLES[0]]
    assert "<c:barChart>" in histogram and '<c:gapWidth val="0"/>' in histogram
    assert f'<c:crossesAt val="{u.histogram.zero_edge + 1}"/>' in histogram  # the value axis stands at € 0
    fan = by_title[writer.CHART_TITLES[1]]
    assert '<c:grouping val="stacked"/>' in fan and "<c:lineChart>" in fan
    assert "<c:barChart>" in by_title[writer.CHART_TITLES[2]] and "<c:barChart>" in by_title[writer.CHART_TITLES[3]]


def test_same_seed_same_bytes(tmp_path: Path, written: tuple[Path, object]) -> None:
    path, _ = written
    again = tmp_path / "again.xlsx"
    pipeline.uncertainty_workbook(SAMPLE, again)
    assert again.read_bytes() == path.read_bytes()
    other = tmp_path / "other.xlsx"
    pipeline.uncertainty_workbook(SAMPLE, other, options=pipeline.UncertaintyOptions(seed=7))
    assert other.read_bytes() != path.read_bytes()
    runs = [tmp_path / f"uit{i}.xlsx" for i in (1, 2)]
    for out in runs:
        pipeline.run_workbook(SAMPLE, out, uncertainty=pipeline.UncertaintyOptions(draws=1000))
    assert runs[0].read_bytes() == runs[1].read_bytes()


@libreoffice.needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_opens_the_output_with_the_charts(tmp_path: Path) -> None:
    out = tmp_path / "uit.xlsx"
    pipeline.run_workbook(SAMPLE, out, uncertainty=pipeline.UncertaintyOptions(draws=1000))
    (converted,) = libreoffice.convert([out], "xlsx", tmp_path / "lo", tmp_path / "profile")
    names = openpyxl.load_workbook(converted, read_only=True).sheetnames
    assert writer.RESULT_SHEET in names and ONZEKERHEID_SHEET in names
    with zipfile.ZipFile(converted) as zf:
        charts = [n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) >= 4 + 3  # LibreOffice kept ours and those of the Grafieken sheet


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------

def test_the_onzekerheid_command(tmp_path: Path) -> None:
    source = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, source)
    result = CliRunner().invoke(cli, ["onzekerheid", str(source), "--trekkingen", "1.000"])
    assert result.exit_code == 0, result.output
    target = tmp_path / f"{SAMPLE.stem}-onzekerheid.xlsx"
    assert target.exists() and "Met 90% zekerheid" in result.output
    refused = CliRunner().invoke(cli, ["onzekerheid", str(source)])
    assert refused.exit_code == 2 and "--force" in refused.output
    as_json = CliRunner().invoke(cli, ["onzekerheid", str(source), "--json", "--zaad", "5", "--trekkingen", "500",
                                       "--force"])
    data = json.loads(as_json.stdout)
    assert data["meta"]["zaad"] == 5 and data["meta"]["trekkingen"] == 500
    assert {"saldo_positief", "kb_maatschappelijk_boven_1", "gemeente_2_jaar_positief"} == set(data["kansen"])
    assert data["aannames"] and data["zin"].startswith("Met 90% zekerheid")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([SAMPLE.name, target.name])
    with_file = tmp_path / "ook.xlsx"
    both = CliRunner().invoke(cli, ["onzekerheid", str(source), "--json", "-o", str(with_file), "--trekkingen", "500"])
    assert both.exit_code == 0 and with_file.exists() and json.loads(both.stdout)["meta"]["trekkingen"] == 500


def test_run_with_onzekerheid_and_bad_options(tmp_path: Path) -> None:
    out = tmp_path / "uit.xlsx"
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "-o", str(out), "--onzekerheid", "--trekkingen", "500",
                                      "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["onzekerheid"]["meta"]["trekkingen"] == 500 and "saldo" in data
    bad = CliRunner().invoke(cli, ["onzekerheid", str(SAMPLE), "--trekkingen", "veel"])
    assert bad.exit_code == 2 and "typ een geheel getal van 100 tot en met 200.000" in bad.output
    assert "Traceback" not in bad.output
    negative = CliRunner().invoke(cli, ["onzekerheid", str(SAMPLE), "--zaad", "-3", "--json"])
    assert negative.exit_code == 2 and json.loads(negative.output)["fouten"][0]["code"] == "bad-option"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_for_a_second_then_shows() -> None:
    clock, stream = FakeClock(), io.StringIO()
    progress = StderrProgress("Onzekerheidsanalyse", stream=stream, clock=clock)
    progress("trekken", 0.0)
    clock.now = 0.5
    progress("rekenen", 0.3)
    assert stream.getvalue() == ""  # a quick run shows nothing
    clock.now = 1.5
    progress("rekenen", 0.5)
    progress("rekenen", 0.6)
    progress("klaar", 1.0)
    progress.close()
    assert stream.getvalue() == "Onzekerheidsanalyse:  50% rekenen\nOnzekerheidsanalyse: 100% klaar\n"
    clock.now, tty = 0.0, Terminal()
    bar = StderrProgress("Onzekerheidsanalyse", stream=tty, clock=clock)
    clock.now = 2.0
    bar("rekenen", 0.5)
    bar.close()
    assert tty.getvalue().startswith("\rOnzekerheidsanalyse: [###############...............]  50% rekenen")
    assert tty.getvalue().endswith("\n")


def test_the_docs_list_the_standard_set() -> None:
    from mkba_xl.analyses.onzekerheid_rows import describe
    from mkba_xl.analyses.variations import kind
    from mkba_xl.dutch import FACTOR, show

    doc = (ROOT / "docs" / "onzekerheid.md").read_text(encoding="utf-8")
    for r in standard_rows():
        unit = FACTOR if r.grenzen == "factor" else kind(r.veld)
        line = (f"| `{r.veld}` | {describe(r.veld)} | {r.verdeling} | {r.grenzen} | {show(r.laag, unit)} | "
                f"{show(r.hoog, unit)} | {r.bron} |")
        assert line in doc, f"docs/onzekerheid.md: the standard set changed; write this row:\n{line}"
