"""A deleted or inserted row or column never gives another result without a word (issue 17, item 1).

The red team deleted and inserted single rows of the five samples: 33 of 1,720 edits passed with another
saldo (deleting row 79 of the meta sample turned it negative). Every edit must now give the unchanged
result or a refusal naming what moved. CI sweeps every row of INVOER and part of KENGETALLEN of one
sample; ``MKBA_XL_FULL_SWEEP=1`` sweeps every row and column of every sheet of all five samples, through
the command line (``run --json``), as the red team did (3,300 edits, a few minutes).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from mkba_xl import pipeline, reader
from mkba_xl.cli import cli
from mkba_xl.engine import compute
from mkba_xl.errors import InputError
from mkba_xl.schema import INVOER_SHEET, KENGETALLEN_SHEET, invoer_label_cells
from mkba_xl.xlsx.load import cell_position

from .workbooks import kengetallen_title_rows, write_workbook
from .xlsx_edit import edit_sheet, read_members, sheet_parts, shift_columns, shift_rows, write_members

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_workbooks").glob("*.xlsx"))
META = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
FULL = os.environ.get("MKBA_XL_FULL_SWEEP") == "1"


def outcome(path: Path) -> tuple[str, object]:
    """('ok', the result without its warnings) or ('refused', the problem codes)."""
    try:
        wb = pipeline.read(path)
    except InputError as exc:
        assert all("Traceback" not in p.message for p in exc.report.errors)
        return "refused", tuple(exc.report.codes())
    data = compute(wb.invoer, wb.kengetallen).to_json()
    data.pop("waarschuwingen")
    return "ok", json.dumps(data, sort_keys=True)


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        pipeline.read(path)
    [problem] = info.value.report.errors
    return f"{problem.code} {problem.cell}: {problem.message}"


# --- the red team's measured cases -------------------------------------------------------------

def test_deleting_row_79_of_the_meta_sample_is_refused_not_computed(tmp_path: Path) -> None:
    """On main this turned the saldo from +145,600 into -154,754 with exit 0."""
    path = edit_sheet(META, INVOER_SHEET, lambda xml: shift_rows(xml, 79, -1), tmp_path / "meta.xlsx")
    text = refusal(path)
    assert text.startswith("layout-moved B79: Het blad INVOER is verschoven")
    assert "Waarschijnlijk is regel 79 verwijderd" in text and "Ctrl+Z" in text


def test_deleting_row_85_of_the_arnhem_sample_is_refused(tmp_path: Path) -> None:
    """On main this raised Arnhem's saldo from 1,379,923 to 1,836,593 with exit 0."""
    sample = ROOT / "sample_workbooks" / "arnhem_ozo_2012.xlsx"
    path = edit_sheet(sample, INVOER_SHEET, lambda xml: shift_rows(xml, 85, -1), tmp_path / "arnhem.xlsx")
    assert refusal(path).startswith("layout-moved B85:")


@pytest.mark.parametrize(("change", "says"), [
    (lambda xml: shift_rows(xml, 50, 1), "Waarschijnlijk is regel 50 ingevoegd"),
    (lambda xml: shift_rows(shift_rows(xml, 50, 1), 50, 1), "2 regels ingevoegd, vanaf regel 50"),
    (lambda xml: shift_rows(xml, 39, -1), "een van de regels 39 tot en met 40"),  # an empty row
    (lambda xml: shift_rows(xml, 2, 1), "regel 2 ingevoegd"),  # the version cell moved with it
    (lambda xml: shift_columns(xml, 2, 1), "1 kolom naar rechts"),
    (lambda xml: shift_columns(xml, 4, -1), "Waarschijnlijk is kolom D verwijderd"),
])
def test_a_shifted_invoer_says_what_moved(tmp_path: Path, change, says: str) -> None:
    path = edit_sheet(META, INVOER_SHEET, change, tmp_path / "verschoven.xlsx")
    text = refusal(path)
    assert text.startswith("layout-moved ") and says in text


def test_a_changed_label_is_named_with_its_cell(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "invoer.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[INVOER_SHEET]["B15"] = "Aantal gezinnen"
    wb.save(path)
    text = refusal(path)
    assert text.startswith('layout-moved B15: In B15 hoort de tekst "Aantal huishoudens in aanpak (totaal)" te '
                           'staan, maar daar staat "Aantal gezinnen"')


def test_labels_differing_in_case_and_spaces_are_the_same_label(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "invoer.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[INVOER_SHEET]["B15"] = "  aantal huishoudens in  aanpak (TOTAAL) "
    wb.save(path)
    assert reader.check_workbook(path).ok


def test_the_template_writes_every_checked_label_where_the_schema_says(tmp_path: Path) -> None:
    """The check is derived from the schema's rows and field labels: a field added later is checked too."""
    from mkba_xl.template import write_template

    write_template(tmp_path / "sjabloon.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "sjabloon.xlsx")[INVOER_SHEET]
    cells = invoer_label_cells()
    assert len(cells) > 100
    for cell, text in cells:
        assert ws[cell].value == text, cell
    labelled_rows = {cell_position(cell)[0] for cell, _ in cells if cell.startswith("B")}
    field_rows = {cell_position(f.cell)[0] for f in __import__("mkba_xl.schema").schema.invoer_fields()}
    assert field_rows <= labelled_rows  # every input row has a text to be checked by


# --- KENGETALLEN -------------------------------------------------------------------------------

def kengetallen_edit(tmp_path: Path, row: int, delta: int) -> Path:
    return edit_sheet(write_workbook(tmp_path / "k.xlsx"), KENGETALLEN_SHEET, lambda xml: shift_rows(xml, row, delta))


def test_a_row_inserted_in_a_table_is_an_error_not_the_defaults(tmp_path: Path) -> None:
    first = kengetallen_title_rows()["kengetallen"] + 2
    errors = [p.code for p in reader.check_workbook(kengetallen_edit(tmp_path, first + 3, 1)).errors]
    assert "rows-below-gap" in errors and "row-missing" in errors


def test_a_deleted_kengetal_row_is_an_error_not_its_default(tmp_path: Path) -> None:
    first = kengetallen_title_rows()["trajecten"] + 2
    report = reader.check_workbook(kengetallen_edit(tmp_path, first + 1, -1))
    [error] = report.errors
    assert error.code == "row-missing" and "Trajectencatalogus" in error.message


def test_a_deleted_title_or_header_is_an_error(tmp_path: Path) -> None:
    title = kengetallen_title_rows()["cpi"]
    def errors(row: int) -> list[str]:
        return [p.code for p in reader.check_workbook(kengetallen_edit(tmp_path, row, -1)).errors]
    assert "table-missing" in errors(title)
    assert "header-mismatch" in errors(title + 1)


def test_rows_deleted_between_tables_change_nothing(tmp_path: Path) -> None:
    base = outcome(write_workbook(tmp_path / "basis.xlsx"))
    gap = kengetallen_title_rows()["profielen"] - 1
    assert outcome(kengetallen_edit(tmp_path, gap, -1)) == base
    assert outcome(kengetallen_edit(tmp_path, 1, -1)) == base  # above the first title


def test_a_renamed_kengetallen_sheet_is_still_read(tmp_path: Path) -> None:
    """'Kengetallen' is KENGETALLEN: the user's numbers are used, not replaced by the defaults."""
    path = write_workbook(tmp_path / "k.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[KENGETALLEN_SHEET]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "qaly_waarde")
    ws.cell(row, 4).value = 12_345
    wb.save(path)
    members = read_members(path)  # openpyxl will not rename a sheet to a name that differs only in case
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b'name="KENGETALLEN"', b'name="Kengetallen"')
    write_members(path, members)
    _, kengetallen, _ = reader.read_workbook(path)
    assert kengetallen.value("qaly_waarde") == 12_345


def test_a_kengetallen_sheet_under_another_name_is_an_error(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "k.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[KENGETALLEN_SHEET].title = "Kengetallen oud"
    wb.save(path)
    assert refusal(path).startswith('kengetallen-unreadable : Het blad KENGETALLEN ontbreekt, maar er is een blad '
                                    '"Kengetallen oud"')


def test_a_kengetallen_sheet_whose_part_is_missing_is_refused(tmp_path: Path) -> None:
    members = read_members(write_workbook(tmp_path / "k.xlsx"))
    del members[sheet_parts(members)[KENGETALLEN_SHEET]]
    path = write_members(tmp_path / "zonder.xlsx", members)
    assert refusal(path).startswith('sheet-unreadable : Het blad "KENGETALLEN" staat in de werkmap, maar de inhoud')


# --- GEVOELIGHEID: read relative to its header -------------------------------------------------

def sensitivity_workbook(tmp_path: Path) -> Path:
    path = write_workbook(tmp_path / "g.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("GEVOELIGHEID")
    for i, text in enumerate(("veld", "nieuwe waarde", "factor", "omschrijving")):
        ws.cell(4, 2 + i, text)
    ws.cell(5, 2, "kosten_per_fte")
    ws.cell(5, 3, 50_000)
    ws.cell(6, 2, "terugval")
    ws.cell(6, 4, 2)
    wb.save(path)
    return path


def test_gevoeligheid_rows_are_read_relative_to_the_header(tmp_path: Path) -> None:
    path = sensitivity_workbook(tmp_path)
    changes = [tuple(v.changes) for v in pipeline.read(path).variations]
    for row in (2, 5, 6):  # above the header, and between the variations
        edited = edit_sheet(path, "GEVOELIGHEID", lambda xml, r=row: shift_rows(xml, r, 1), tmp_path / f"in{row}.xlsx")
        assert [tuple(v.changes) for v in pipeline.read(edited).variations] == changes
    no_header = edit_sheet(path, "GEVOELIGHEID", lambda xml: shift_rows(xml, 4, -1), tmp_path / "zonder.xlsx")
    assert refusal(no_header).startswith("header-missing")


# --- the sweep ---------------------------------------------------------------------------------

Edit = Callable[[bytes], bytes]


def edits(xml: bytes, *, every: int = 1, columns: bool = False) -> list[tuple[str, Edit]]:
    """Each single row (and column) of a sheet deleted and inserted, with a name for the report."""
    last = max(int(r) for r in re.findall(rb'<row r="(\d+)"', xml))
    found: list[tuple[str, Edit]] = [(f"regel {r} {'weg' if d < 0 else 'erbij'}",
                                      lambda x, r=r, d=d: shift_rows(x, r, d))
                                     for r in range(1, last + 2, every) for d in (-1, 1)]
    if columns:
        found += [(f"kolom {c} {'weg' if d < 0 else 'erbij'}", lambda x, c=c, d=d: shift_columns(x, c, d))
                  for c in range(1, 16) for d in (-1, 1)]
    return found


def sweep(sample: Path, sheet: str, folder: Path, *, every: int = 1, columns: bool = False) -> list[str]:
    """Every edit of ``sheet`` that passes with another result (should be none)."""
    base = outcome(sample)
    members = read_members(sample)
    part = sheet_parts(members)[sheet]
    wrong = []
    for name, change in edits(members[part], every=every, columns=columns):
        path = write_members(folder / "bewerkt.xlsx", {**members, part: change(members[part])})
        result = outcome(path)
        if result[0] == "ok" and result != base:
            wrong.append(f"{sample.name} {sheet} {name}")
    return wrong


def test_sweep_invoer_rows_of_the_meta_sample(tmp_path: Path) -> None:
    """Every second row deleted and inserted (the full sweep takes every row of every sample)."""
    assert sweep(META, INVOER_SHEET, tmp_path, every=2) == []


def test_sweep_kengetallen_rows_of_the_meta_sample(tmp_path: Path) -> None:
    assert sweep(META, KENGETALLEN_SHEET, tmp_path, every=4) == []


@pytest.mark.skipif(not FULL, reason="the full sweep runs with MKBA_XL_FULL_SWEEP=1")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_full_sweep_through_the_command_line(sample: Path, tmp_path: Path) -> None:
    """Every row and column of every sheet deleted and inserted; ``run --json``: exit 0 with the same result, or
    exit 2 with Dutch problems and no output file."""
    def run(path: Path) -> tuple[int, object]:
        out = tmp_path / "uit.xlsx"
        result = CliRunner().invoke(cli, ["run", str(path), "-o", str(out), "--json", "--force"])
        assert result.exit_code in (0, 2) and "Traceback" not in result.output, result.output
        data = json.loads(result.stdout)
        if result.exit_code == 2:
            assert data["fouten"] and not out.exists()
            return 2, None
        out.unlink()
        data.pop("waarschuwingen")
        return 0, data

    base = run(sample)
    members = read_members(sample)
    wrong = []
    for sheet, part in sheet_parts(members).items():
        for name, change in edits(members[part], columns=True):
            path = write_members(tmp_path / "bewerkt.xlsx", {**members, part: change(members[part])})
            code, data = run(path)
            if code == 0 and (code, data) != base:
                wrong.append(f"{sheet} {name}")
    assert wrong == []


def test_every_input_sheet_survives_a_shifted_row_or_says_so(tmp_path: Path) -> None:
    """Generic over ``schema.INPUT_SHEETS`` (a sheet added later is swept too): in an output workbook, which
    carries every input sheet, each of its first rows deleted or inserted gives the same value or a refusal."""
    from mkba_xl.schema import INPUT_SHEETS

    source = tmp_path / "uit.xlsx"
    pipeline.run_workbook(META, source)
    base = pipeline.read(source).sheets
    members = read_members(source)
    parts = sheet_parts(members)
    for spec in INPUT_SHEETS:
        part = parts[spec.name]
        for name, change in edits(members[part])[:16]:  # rows 1 to 8: the title, notes and header
            path = write_members(tmp_path / "bewerkt.xlsx", {**members, part: change(members[part])})
            try:
                sheets = pipeline.read(path).sheets
            except InputError:
                continue
            assert sheets[spec.key] == base[spec.key], f"{spec.name} {name}"
