"""Many workbooks at once: ``mkba-xl run map/`` and ``batch.run_many``; one bad workbook does not stop the others."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from mkba_xl import batch
from mkba_xl.cli import cli

from .workbooks import valid_values, write_workbook

BOOKS = Path(__file__).resolve().parent.parent / "sample_workbooks"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three good workbooks (one of four years), one with an error, one that is no workbook, and files to skip."""
    d = tmp_path / "map"
    d.mkdir()
    shutil.copy(BOOKS / "west_betuwe_2021.xlsx", d / "a_west_betuwe.xlsx")
    shutil.copy(BOOKS / "leeuwarden_frontlijnteam.xlsx", d / "b_leeuwarden.xlsx")
    write_workbook(d / "c_voorbeeld.xlsx")
    write_workbook(d / "d_fout.xlsx", {**valid_values(), "huishoudens": None})
    (d / "e_geen_werkmap.xlsx").write_text("gemeente;saldo\n", encoding="utf-8")
    (d / "~$a_west_betuwe.xlsx").write_bytes(b"lock")
    (d / "oud-uitvoer.xlsx").write_bytes(b"an earlier output")
    (d / "oud-dossieranalyse.xlsx").write_bytes(b"an earlier result of mkba-xl dossiers")
    (d / "notities.txt").write_text("niet rekenen", encoding="utf-8")
    return d


def test_expand_takes_the_workbooks_of_a_folder(folder: Path) -> None:
    assert [p.name for p in batch.expand([folder])] == [
        "a_west_betuwe.xlsx", "b_leeuwarden.xlsx", "c_voorbeeld.xlsx", "d_fout.xlsx", "e_geen_werkmap.xlsx"]


def test_a_result_saved_under_another_name_is_left_out_and_an_output_is_run(tmp_path: Path) -> None:
    """By content: a workbook mkba-xl wrote without INVOER (here a sensitivity analysis, renamed) is a result; an
    output of ``run`` (which holds INVOER) renamed is a valid input and is run; a user's workbook is run."""
    from mkba_xl.pipeline import run_workbook, sensitivity_workbook

    d = tmp_path / "map"
    d.mkdir()
    sample = BOOKS / "west_betuwe_2021.xlsx"
    sensitivity_workbook(sample, d / "wat als.xlsx")
    run_workbook(sample, d / "mijn uitkomst.xlsx")
    shutil.copy(sample, d / "invoer.xlsx")
    (d / "kapot.xlsx").write_bytes(b"PK\x03\x04 no zip")
    assert batch.is_result_workbook(d / "wat als.xlsx")
    assert not any(batch.is_result_workbook(d / name) for name in ("mijn uitkomst.xlsx", "invoer.xlsx", "kapot.xlsx"))
    assert [p.name for p in batch.expand([d])] == ["invoer.xlsx", "kapot.xlsx", "mijn uitkomst.xlsx"]


@pytest.mark.parametrize("workers", [1, 2])
def test_one_bad_workbook_does_not_stop_the_others(folder: Path, workers: int) -> None:
    seen: list[tuple[int, int]] = []
    outcomes = batch.run_many(batch.expand([folder]), workers=workers,
                              progress=lambda done, total, outcome: seen.append((done, total)))
    assert sorted(seen) == [(i, 5) for i in range(1, 6)]
    assert [o.status for o in outcomes] == ["in orde", "in orde", "in orde", "fout", "fout"]
    good = outcomes[:3]
    for outcome in good:
        assert Path(outcome.uitvoer).exists() and outcome.saldo is not None
    assert good[1].jaren == 4 and good[0].gemeente == "West Betuwe"
    assert any("C15" in line for line in outcomes[3].meldingen)
    assert "geen Excel-bestand" in outcomes[4].meldingen[0]
    assert not (folder / "d_fout-uitvoer.xlsx").exists()


def test_cli_folder_run_summary_and_exit_code(folder: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["run", str(folder), "--json", "--processen", "2"])
    assert done.exit_code == 2
    data = json.loads(done.stdout)
    assert (data["in_orde"], data["fout"]) == (3, 2)
    assert [row["status"] for row in data["werkmappen"]] == ["in orde"] * 3 + ["fout"] * 2
    assert "d_fout.xlsx: niet gerekend" in done.stderr
    summary = openpyxl.load_workbook(folder / batch.SUMMARY_NAME, data_only=True)["SAMENVATTING"]
    header = [summary.cell(4, c).value for c in range(1, 13)]
    assert header[:3] == ["Bestand", "Gemeente", "Aanpak"] and "Status" in header
    rows = [[summary.cell(r, c).value for c in range(1, 13)] for r in range(5, 10)]
    assert [row[header.index("Status")] for row in rows] == ["in orde"] * 3 + ["fout"] * 2
    assert rows[0][header.index("Saldo (NCW)")] == pytest.approx(data["werkmappen"][0]["saldo"])
    # Again without --force: the summary exists, so nothing runs and nothing is overwritten.
    before = (folder / "a_west_betuwe-uitvoer.xlsx").stat().st_mtime_ns
    again = runner.invoke(cli, ["run", str(folder)])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert (folder / "a_west_betuwe-uitvoer.xlsx").stat().st_mtime_ns == before


def test_several_files_and_an_output_folder(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    shutil.copy(BOOKS / "arnhem_ozo_2012.xlsx", a)
    shutil.copy(BOOKS / "groningen_wij_2018.xlsx", b)
    out = tmp_path / "uit"
    out.mkdir()
    done = CliRunner().invoke(cli, ["run", str(a), str(b), "--uitvoermap", str(out)])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == ["a-uitvoer.xlsx", "b-uitvoer.xlsx", batch.SUMMARY_NAME]


def test_the_number_of_processes_is_checked_in_dutch(folder: Path) -> None:
    done = CliRunner().invoke(cli, ["run", str(folder), "--processen", "veel"])
    assert done.exit_code == 2 and "typ een geheel getal van 1 tot en met 64" in done.stderr
    assert not (folder / batch.SUMMARY_NAME).exists()


def test_no_workbook_given() -> None:
    done = CliRunner().invoke(cli, ["run"])
    assert done.exit_code == 2 and "Geef een of meer werkmappen" in done.stderr
