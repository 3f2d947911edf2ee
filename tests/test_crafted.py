"""Crafted files of the red team (issue 17, items 2, 3, 12, 13 and 14): each refused with the right code, or
computed with the sample's own result; never minutes of parsing, never an internal error.

Time and memory are measured in ``benchmarks/bench_crafted.py``, not asserted here. The files are real:
built from a sample by ``tests/crafted.py``, at sizes just past each cap (the benchmark builds the red
team's full sizes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkba_xl import pipeline, reader
from mkba_xl.cli import cli
from mkba_xl.engine import compute
from mkba_xl.errors import InputError
from mkba_xl.xlsx import limits

from . import crafted
from .xlsx_edit import read_members, sheet_parts, write_members

SAMPLE = crafted.SAMPLE


def saldo(path: Path) -> float:
    wb = pipeline.read(path)
    return float(compute(wb.invoer, wb.kengetallen).saldo)


def refused(path: Path) -> tuple[str, str, str]:
    """(code, cell, message) of the one error of a refused workbook."""
    with pytest.raises(InputError) as info:
        pipeline.read(path)
    [problem] = info.value.report.errors
    assert "Traceback" not in problem.message and "Error" not in problem.message
    return problem.code, problem.cell, problem.message


@pytest.fixture(scope="module")
def sample_saldo() -> float:
    return saldo(SAMPLE)


# --- item 2: small files that took minutes ------------------------------------------------------

def test_shared_strings_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = crafted.shared_strings_bomb(tmp_path / "teksten.xlsx", limits.MAX_SHARED_STRINGS_BYTES + crafted.MB)
    assert path.stat().st_size < crafted.MB  # 17 MB of strings in a small zip: the zip guard lets it through
    code, _, message = refused(path)
    assert code == "part-too-large" and "het onderdeel met de teksten is 17 MB groot, meer dan 16 MB" in message


def test_styles_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    code, _, message = refused(crafted.styles_bomb(tmp_path / "opmaak.xlsx", limits.MAX_STYLES_BYTES + crafted.MB))
    assert code == "part-too-large" and "het onderdeel met de opmaak is" in message


def test_styles_under_the_size_cap_but_with_too_many_elements_are_refused(tmp_path: Path) -> None:
    code, _, message = refused(crafted.styles_bomb(tmp_path / "opmaak.xlsx", limits.MAX_STYLES_BYTES * 3 // 4))
    assert code == "part-too-large" and "het onderdeel met de opmaak bevat meer dan" in message
    assert "XML-elementen" in message


def test_60000_cell_styles_are_computed(tmp_path: Path, sample_saldo: float) -> None:
    """Excel admits 64,000 cell styles; a workbook near that limit is odd but real."""
    assert saldo(crafted.many_cell_styles(tmp_path / "stijlen.xlsx", 60_000)) == sample_saldo


def test_more_cell_styles_than_excel_holds_are_refused(tmp_path: Path) -> None:
    code, _, message = refused(crafted.many_cell_styles(tmp_path / "stijlen.xlsx", 64_001))
    assert code == "part-too-large" and "hooguit 64.000" in message


def test_rows_padded_far_to_the_right_are_refused(tmp_path: Path) -> None:
    """The benchmark pads to XFD, Excel's last column (36 MB); 6,000 columns is past the cap as well."""
    code, _, message = refused(crafted.padded_rows(tmp_path / "opgevuld.xlsx", 6_000))
    assert code == "part-too-large" and 'het blad "INVOER" is 13 MB groot, meer dan 8 MB' in message


def test_rows_padded_a_little_are_computed(tmp_path: Path, sample_saldo: float) -> None:
    assert saldo(crafted.padded_rows(tmp_path / "opgevuld.xlsx", 300)) == sample_saldo


def test_numbers_below_the_invoer_area_are_refused(tmp_path: Path) -> None:
    code, _, message = refused(crafted.numbers_outside(tmp_path / "getallen.xlsx", 400_000))
    assert code == "part-too-large" and 'het blad "INVOER" is' in message


def test_numbers_on_a_sheet_that_is_not_read_cost_nothing(tmp_path: Path, sample_saldo: float) -> None:
    assert saldo(crafted.numbers_outside(tmp_path / "getallen.xlsx", 400_000, sheet="BRONNEN")) == sample_saldo


def test_the_element_cap_counts_all_parts_together(tmp_path: Path) -> None:
    members = read_members(SAMPLE)
    rows = members[sheet_parts(members)["INVOER"]].count(b"<row ")
    areas = reader.sheet_areas()
    budget = limits.MAX_ELEMENTS + limits.ELEMENTS_PER_CELL * sum(r * c for r, c in (areas["INVOER"],
                                                                                      areas["KENGETALLEN"]))
    path = crafted.padded_rows(tmp_path / "opgevuld.xlsx", 11 + budget // rows)
    code, _, message = refused(path)
    assert code == "part-too-large" and f'het blad "INVOER" bevat meer dan {budget:,} XML-elementen'.replace(
        ",", ".") in message


# --- item 3: numbers beyond float range --------------------------------------------------------

@pytest.mark.parametrize(("cell", "literal", "text"), [
    ("C15", b"1" + b"0" * 400, "De waarde is veel groter dan 1.000.000 (een getal van meer dan 15 cijfers)."),
    ("C15", b"9" * 5000, "De waarde is veel groter dan 1.000.000 (een getal van meer dan 15 cijfers)."),
    ("C17", b"1e307", "De waarde is veel groter dan 100% (een getal van meer dan 15 cijfers)."),
    ("C17", b"-1e307", "De waarde is veel kleiner dan 0% (een getal van meer dan 15 cijfers)."),
])
def test_numbers_beyond_range_name_the_cell_in_a_short_message(tmp_path: Path, cell: str, literal: bytes,
                                                               text: str) -> None:
    code, where, message = refused(crafted.number_literal(tmp_path / "groot.xlsx", cell, literal))
    assert (code, where) == ("out-of-range", cell) and text in message
    assert len(message) < 250 and "inf" not in message and "000000" not in message


def test_a_number_beyond_float_range_in_a_cell_without_a_range_is_no_valid_number(tmp_path: Path) -> None:
    """The year of the CPI table has no range: 401 digits (infinity as a float) were an internal error (found by
    tests/test_fuzz.py)."""
    path = crafted.number_literal(tmp_path / "groot.xlsx", "B102", b"1" + b"0" * 400, sheet="KENGETALLEN")
    code, where, message = refused(path)
    assert (code, where) == ("not-a-number", "B102") and "De cel bevat geen geldig getal. Typ" in message
    assert "inf" not in message and "000000" not in message


def test_300_typed_digits_are_not_repeated(tmp_path: Path) -> None:
    path = crafted.number_literal(tmp_path / "tekst.xlsx", "C43", b"0")
    members = read_members(path)
    part = sheet_parts(members)["INVOER"]
    from .xlsx_edit import set_cell

    members[part] = set_cell(members[part], "C43", "9" * 300)  # typed as text
    code, where, message = refused(write_members(path, members))
    assert (code, where) == ("out-of-range", "C43") and "9" * 20 not in message


# --- item 12: a named pipe ---------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "invoer.xlsx"
    os.mkfifo(pipe)
    result = subprocess.run([sys.executable, "-m", "mkba_xl", "check", str(pipe)], capture_output=True, text=True,
                            timeout=30)  # on main this waited forever for a writer
    assert result.returncode == 2 and "geen gewoon bestand" in result.stdout + result.stderr


# --- item 13: refusals that said the wrong thing -----------------------------------------------

def test_strict_open_xml_is_named(tmp_path: Path) -> None:
    code, _, message = refused(crafted.strict_open_xml(tmp_path / "strikt.xlsx"))
    assert code == "file-strict" and "Strict Open XML" in message and "Opslaan als" in message


def test_a_workbook_without_styles_is_computed(tmp_path: Path, sample_saldo: float) -> None:
    assert saldo(crafted.without_styles(tmp_path / "kaal.xlsx")) == sample_saldo


def test_a_chart_sheet_named_invoer_is_named(tmp_path: Path) -> None:
    code, _, message = refused(crafted.chartsheet_named_invoer(tmp_path / "grafiek.xlsx"))
    assert code == "sheet-unreadable" and "grafiekblad" in message


@pytest.mark.parametrize(("output", "says"), [
    ("nieuwemap/", "eindigt op een schuine streep en is dus een map"),
    ("", "Met -o is een lege naam gegeven"),
    (".", "is geen bestandsnaam"),
])
def test_output_names_that_are_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str,
                                       says: str) -> None:
    monkeypatch.chdir(tmp_path)
    for command in (["run", str(SAMPLE)], ["template"], ["gevoeligheid", str(SAMPLE)]):
        result = CliRunner().invoke(cli, [*command, "-o", output])
        assert result.exit_code == 2 and says in result.output, result.output
    assert list(tmp_path.iterdir()) == []  # on main '-o nieuwemap/' wrote a file named nieuwemap


def test_an_existing_folder_as_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 2 and f"'{tmp_path}' is een map" in result.output
    as_json = CliRunner().invoke(cli, ["run", str(SAMPLE), "-o", str(tmp_path), "--json"])
    assert [p["code"] for p in json.loads(as_json.stdout)["fouten"]] == ["output-is-folder"]


# --- item 14: what you see is not what is computed ---------------------------------------------

def test_a_member_twice_is_refused(tmp_path: Path) -> None:
    """On main the last copy (9,999 households) was read while a viewer shows the first."""
    code, _, message = refused(crafted.duplicate_member(tmp_path / "dubbel.xlsx"))
    assert code == "duplicate-part" and "twee keer" in message


def test_two_sheets_named_invoer_are_refused(tmp_path: Path) -> None:
    members = read_members(SAMPLE)
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b'name="BRONNEN"', b'name="INVOER"')
    code, _, message = refused(write_members(tmp_path / "twee.xlsx", members))
    assert code == "duplicate-sheet" and "2 bladen die INVOER heten" in message


def test_a_value_hidden_under_merged_cells_names_the_range(tmp_path: Path) -> None:
    code, cell, message = refused(crafted.merged_input(tmp_path / "samengevoegd.xlsx", "B15:C15"))
    assert (code, cell) == ("merged-cells", "C15") and "samengevoegde cellen B15:C15" in message


def test_thousands_of_merged_ranges_are_refused_quickly(tmp_path: Path) -> None:
    code, _, message = refused(crafted.many_merges(tmp_path / "samengevoegd.xlsx", 20_000))
    assert code == "part-too-large" and "samengevoegde cellen (20000 bereiken)" in message


def test_merged_cells_that_hide_nothing_are_fine(tmp_path: Path, sample_saldo: float) -> None:
    assert saldo(crafted.merged_input(tmp_path / "samengevoegd.xlsx", "G100:K100")) == sample_saldo


def test_every_crafted_file_is_answered_by_the_command_line(tmp_path: Path) -> None:
    """The command line's view of the same files: exit 2 with one problem in JSON, never 1 or a traceback."""
    for name, build in [("s", lambda p: crafted.shared_strings_bomb(p, 17 * crafted.MB)),
                        ("d", crafted.duplicate_member), ("x", crafted.strict_open_xml),
                        ("g", crafted.chartsheet_named_invoer),
                        ("n", lambda p: crafted.number_literal(p, "C15", b"1" * 401))]:
        out = tmp_path / f"{name}-uit.xlsx"
        result = CliRunner().invoke(cli, ["run", str(build(tmp_path / f"{name}.xlsx")), "-o", str(out), "--json"])
        assert result.exit_code == 2, result.output
        assert len(json.loads(result.stdout)["fouten"]) == 1 and not out.exists()
    assert reader.check_workbook(SAMPLE).ok
