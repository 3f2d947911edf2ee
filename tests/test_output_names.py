"""An output workbook run again (issue 16, item 8): the next number, no growing suffixes, never the input itself.

``x-uitvoer.xlsx`` run again writes ``x-uitvoer-2.xlsx`` (its own name would be the input), that one
``x-uitvoer-3.xlsx``; a name that exists needs --force as everywhere; a folder run skips the numbered outputs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkba_xl import batch
from mkba_xl.cli import cli
from mkba_xl.pipeline import default_output_path

BOOKS = Path(__file__).resolve().parent.parent / "sample_workbooks"


@pytest.mark.parametrize(("name", "suffix", "expected"), [
    ("x.xlsx", "uitvoer", "x-uitvoer.xlsx"),
    ("x-uitvoer.xlsx", "uitvoer", "x-uitvoer-2.xlsx"),
    ("x-uitvoer-2.xlsx", "uitvoer", "x-uitvoer-3.xlsx"),
    ("X-Uitvoer-9.xlsx", "uitvoer", "X-uitvoer-10.xlsx"),
    ("x-uitvoerig.xlsx", "uitvoer", "x-uitvoerig-uitvoer.xlsx"),
    ("x-uitvoer.xlsx", "gevoeligheid", "x-uitvoer-gevoeligheid.xlsx"),
    ("x-gevoeligheid.xlsx", "gevoeligheid", "x-gevoeligheid-2.xlsx"),
])
def test_default_output_name(name: str, suffix: str, expected: str, tmp_path: Path) -> None:
    target = default_output_path(tmp_path / name, suffix)
    assert target.name == expected and target.parent == tmp_path and target != tmp_path / name


def test_running_an_output_again_keeps_its_input_and_numbers_the_output(tmp_path: Path) -> None:
    source = tmp_path / "west.xlsx"
    shutil.copy(BOOKS / "west_betuwe_2021.xlsx", source)
    runner = CliRunner()
    assert runner.invoke(cli, ["run", str(source)]).exit_code == 0
    first = tmp_path / "west-uitvoer.xlsx"
    before = first.read_bytes()
    done = runner.invoke(cli, ["run", str(first)])
    assert done.exit_code == 0, done.output
    assert first.read_bytes() == before  # the input is never written over
    assert (tmp_path / "west-uitvoer-2.xlsx").exists() and not (tmp_path / "west-uitvoer-uitvoer.xlsx").exists()
    assert runner.invoke(cli, ["run", str(tmp_path / "west-uitvoer-2.xlsx")]).exit_code == 0
    assert (tmp_path / "west-uitvoer-3.xlsx").exists()
    again = runner.invoke(cli, ["run", str(first)])  # its output exists: --force, as for every output
    assert again.exit_code != 0 and "bestaat al" in again.output and "--force" in again.output
    assert runner.invoke(cli, ["run", str(first), "--force"]).exit_code == 0
    assert first.read_bytes() == before
    assert sorted(p.name for p in batch.expand([tmp_path])) == ["west.xlsx"]  # the outputs are not run again


def test_result_sheets_cannot_be_taken_for_input_sheets() -> None:
    """A tab a user fills in (capitals) and a tab mkba-xl computes must not share their word (issue 16, item 11):
    'Gevoeligheidsanalyse' beside GEVOELIGHEID was easily opened for the other."""
    from mkba_xl.analyses import dossier_result, gevoeligheid_writer, onzekerheid_writer
    from mkba_xl.schema import INPUT_SHEETS, INVOER_SHEET, KENGETALLEN_SHEET

    inputs = [INVOER_SHEET, KENGETALLEN_SHEET, *(s.name for s in INPUT_SHEETS)]
    results = [gevoeligheid_writer.RESULT_SHEET, onzekerheid_writer.RESULT_SHEET, dossier_result.RESULT_SHEET]
    assert all(name.startswith("Resultaat ") for name in results)
    for given in inputs:
        stem = given.lower().rstrip("s")
        assert not any(r.lower().startswith(stem) for r in results), given
    assert len({n.lower() for n in [*inputs, *results]}) == len(inputs) + len(results)
