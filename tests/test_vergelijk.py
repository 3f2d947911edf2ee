"""Scenarios side by side: ``mkba-xl vergelijk`` and its library call, read back from the workbook it writes."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from mkba_xl import pipeline
from mkba_xl.analyses.vergelijk_writer import COMPARISON_SHEET, INPUTS_SHEET
from mkba_xl.cli import cli
from mkba_xl.engine import LINES
from mkba_xl.errors import InputError, OutputError
from mkba_xl.schema import ACTORS

from . import libreoffice
from .workbooks import valid_values, write_workbook

BOOKS = Path(__file__).resolve().parent.parent / "sample_workbooks"
WB, GRONINGEN, LEEUWARDEN = (BOOKS / f"{n}.xlsx" for n in ("west_betuwe_2021", "groningen_wij_2018",
                                                          "leeuwarden_frontlijnteam"))


def test_a_workbook_compared_with_itself_shows_no_difference(tmp_path: Path) -> None:
    comparison, _ = pipeline.compare_workbooks([WB, WB], tmp_path / "v.xlsx")
    assert [s.name for s in comparison.scenarios] == ["west_betuwe_2021 (1)", "west_betuwe_2021 (2)"]
    assert comparison.inputs == ()
    for line in comparison.lines:
        assert all(d == 0 or (math.isnan(d) and math.isnan(line.values[0])) for d in line.differences), line.key
    book = openpyxl.load_workbook(tmp_path / "v.xlsx")
    assert book.sheetnames == [COMPARISON_SHEET, INPUTS_SHEET]
    assert book[INPUTS_SHEET].cell(5, 2).value.startswith("Geen")
    assert len(book[COMPARISON_SHEET]._charts) == 1  # the native chart


def test_every_line_and_the_budget_per_actor_is_a_row(tmp_path: Path) -> None:
    comparison, report = pipeline.compare_workbooks([WB, GRONINGEN, LEEUWARDEN], tmp_path / "v.xlsx")
    keys = [line.key for line in comparison.lines]
    assert {line.code for line in LINES} <= set(keys)
    assert {"K1", "B1", "B4", "kosten.totaal", "baten.totaal", "saldo", "kb_financieel", "kb_maatschappelijk"} <= set(
        keys)
    assert {f"begroting.{a}.{m}" for a in (*ACTORS, "totaal") for m in ("kosten", "baten", "saldo")} <= set(keys)
    results = [s.result for s in comparison.scenarios]
    by_key = {line.key: line for line in comparison.lines}
    assert by_key["saldo"].values == pytest.approx(tuple(r.saldo for r in results))
    assert by_key["saldo"].differences[2] == pytest.approx(results[2].saldo - results[0].saldo)
    assert results[2].timeline is not None  # Leeuwarden: four years, compared as it is computed
    assert [p.sheet.split(":")[0] for p in report.warnings] == ["leeuwarden_frontlijnteam.xlsx"]
    # Read back: the figures and the differences as written.
    sheet = openpyxl.load_workbook(tmp_path / "v.xlsx")[COMPARISON_SHEET]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "Saldo (baten minus kosten)")
    assert [sheet.cell(row, c).value for c in range(3, 6)] == pytest.approx(list(by_key["saldo"].values))
    assert [sheet.cell(row, c).value for c in range(6, 8)] == pytest.approx(list(by_key["saldo"].differences[1:]))


def test_the_inputs_that_differ_follow_the_schema(tmp_path: Path) -> None:
    values = valid_values()
    a = write_workbook(tmp_path / "nu.xlsx", values)
    b = write_workbook(tmp_path / "potentie.xlsx", {**values, "substitutie.bestaand": 0.3, "kosten_per_fte": 70_000})
    comparison, _ = pipeline.compare_workbooks([a, b], None)
    assert [(d.key, d.where, d.values) for d in comparison.inputs] == [
        ("kosten_per_fte", "INVOER!C43", ("€ 62.556", "€ 70.000")),
        ("substitutie.bestaand", "INVOER!C63", ("0%", "30%"))]
    data = comparison.to_json()
    assert data["invoer_verschillen"][1]["waarden"] == ["0%", "30%"]


def test_the_problems_of_every_workbook_at_once_and_nothing_written(tmp_path: Path) -> None:
    bad = write_workbook(tmp_path / "slecht.xlsx", {**valid_values(), "huishoudens": None})
    worse = write_workbook(tmp_path / "erger.xlsx", {**valid_values(), "aandeel_type.gezinnen": 2})
    with pytest.raises(InputError) as caught:
        pipeline.compare_workbooks([WB, bad, worse], tmp_path / "v.xlsx")
    sheets = [p.sheet for p in caught.value.report.errors]
    assert sheets[0] == "slecht.xlsx: INVOER" and "erger.xlsx: INVOER" in sheets
    assert not (tmp_path / "v.xlsx").exists()
    with pytest.raises(OutputError):
        pipeline.compare_workbooks([WB], None)


def test_cli_vergelijk(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    shutil.copy(WB, a)
    shutil.copy(GRONINGEN, b)
    runner = CliRunner()
    done = runner.invoke(cli, ["vergelijk", str(a), str(b)])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "a-vergelijking.xlsx").exists()
    again = runner.invoke(cli, ["vergelijk", str(a), str(b)])
    assert again.exit_code == 2 and "--force" in again.output
    refused = runner.invoke(cli, ["vergelijk", str(a), str(b), "--json"])  # --json writes the file as well
    assert refused.exit_code == 2 and json.loads(refused.output)["fouten"][0]["code"] == "output-exists"
    data = json.loads(runner.invoke(cli, ["vergelijk", str(a), str(b), "--json", "--force"]).output)
    assert [s["naam"] for s in data["scenarios"]] == ["a", "b"]
    one = runner.invoke(cli, ["vergelijk", str(a)])
    assert one.exit_code == 2 and "minstens twee" in one.output


@pytest.mark.libreoffice
@libreoffice.needs_soffice
def test_libreoffice_opens_the_comparison_and_the_summary(tmp_path: Path) -> None:
    """The comparison workbook and the summary of a folder run open in LibreOffice (converted to PDF and xlsx)."""
    from mkba_xl import batch

    comparison = tmp_path / "vergelijking.xlsx"
    pipeline.compare_workbooks([WB, LEEUWARDEN], comparison)
    folder = tmp_path / "map"
    folder.mkdir()
    shutil.copy(WB, folder / "a.xlsx")
    summary = tmp_path / "samenvatting.xlsx"
    batch.write_summary(summary, batch.run_many(batch.expand([folder]), workers=1))
    libreoffice.convert([comparison, summary], "pdf", tmp_path / "pdf", tmp_path / "profile")
    (back,) = libreoffice.convert([comparison], "xlsx", tmp_path / "lo", tmp_path / "profile")
    sheet = openpyxl.load_workbook(back, data_only=True)[COMPARISON_SHEET]
    saldo = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "Saldo (baten minus kosten)")
    assert sheet.cell(saldo, 3).value == pytest.approx(comparison_saldo(WB), abs=1)


def comparison_saldo(path: Path) -> float:
    return float(pipeline.read(path).compute().saldo)
