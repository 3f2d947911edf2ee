"""The one-pass xlsx loader: the same cells as openpyxl's two loads, formulas and formats included."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from mkba_xl.errors import Refusal
from mkba_xl.xlsx.load import Cell, cell_name, cell_position, column_letter, open_book

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_workbooks").glob("*.xlsx")) + [ROOT / "templates" / "mkba_invoer.xlsx"]


def openpyxl_cells(path: Path, sheet: str, max_row: int, max_col: int) -> dict[tuple[int, int], Cell]:
    """What the reader got from openpyxl before: a formula load, then the cached values of the formulas."""
    formulas = openpyxl.load_workbook(path, read_only=True)[sheet]
    cached = openpyxl.load_workbook(path, read_only=True, data_only=True)[sheet]
    values = {(c.row, c.column): c for row in cached.iter_rows(max_row=max_row, max_col=max_col) for c in row
              if c.value is not None}
    grid = {}
    for row in formulas.iter_rows(max_row=max_row, max_col=max_col):
        for c in row:
            if c.value is None:
                continue
            formula = c.data_type == "f"
            source = values.get((c.row, c.column)) if formula else c
            value = source.value if source is not None else None
            grid[(c.row, c.column)] = Cell(value, formula=formula, error=source is not None and source.data_type == "e",
                                           percent="%" in (c.number_format or ""),
                                           date=isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta))
    return grid


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_shipped_workbook_reads_as_openpyxl_read_it(path: Path) -> None:
    with open_book(path) as book:
        names = book.sheet_names
        ours = book.read({name: (300, 15) for name in names})
    assert names == openpyxl.load_workbook(path, read_only=True).sheetnames
    for name in names:
        assert ours[name] == openpyxl_cells(path, name, 300, 15), name


def test_values_formulas_errors_and_formats_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "cellen.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet("Blad")
    percent = wb.add_format({"num_format": "0.0%"})
    date = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_number("A1", 328)
    ws.write_number("B1", 0.48, percent)
    ws.write_string("C1", "tekst")
    ws.write_boolean("D1", True)
    ws.write_number("E1", 41275, date)
    ws.write_formula("A2", "=300+28", None, 328)
    ws.write_formula("B2", "=1/0", None, "#DIV/0!")
    ws.write_formula("C2", '=""', None, "")
    ws.write_formula("D2", "=A1", date, 41275)
    ws.write_string("A5", "buiten het gebied")
    wb.close()
    with open_book(path) as book:
        grid = book.read({"Blad": (2, 5)})["Blad"]
    assert grid == {
        (1, 1): Cell(328), (1, 2): Cell(0.48, percent=True), (1, 3): Cell("tekst"), (1, 4): Cell(True),
        (1, 5): Cell(41275, date=True), (2, 1): Cell(328, formula=True),
        (2, 2): Cell("#DIV/0!", formula=True, error=True), (2, 3): Cell(None, formula=True),
        (2, 4): Cell(41275, formula=True, date=True),
    }
    assert type(grid[(1, 1)].value) is int


def rewrite_sheet(path: Path, xml: str) -> None:
    with zipfile.ZipFile(path) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    members["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_inline_strings_rich_text_and_cells_without_a_reference(tmp_path: Path) -> None:
    """Other writers omit row and cell references and write inline or rich text: read as Excel shows it."""
    path = tmp_path / "anders.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Blad").write_string("A1", "x")
    wb.close()
    rewrite_sheet(path, '<?xml version="1.0" encoding="UTF-8"?>'
                  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                  '<row><c t="inlineStr"><is><t>los</t></is></c><c><v>1.5</v></c></row>'
                  '<row r="3"><c r="B3" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r>'
                  '<rPh><t>x</t></rPh></is></c><c t="str"><f>A1</f><v>los</v></c></row>'
                  '<row r="9"><c r="A9"><v>9</v></c></row></sheetData></worksheet>')
    with open_book(path) as book:
        grid = book.read({"Blad": (5, 5)})["Blad"]
    assert grid == {(1, 1): Cell("los"), (1, 2): Cell(1.5), (3, 2): Cell("rich"), (3, 3): Cell("los", formula=True)}


@pytest.mark.parametrize("xml", [
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    '<c r="A1"><v>twaalf</v></c></row></sheetData></worksheet>',  # not a number
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    '<c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>',  # no such shared string
    '<worksheet><sheetData><row r="1"><c r="A1">',  # cut off
])
def test_damaged_sheet_is_one_refusal(tmp_path: Path, xml: str) -> None:
    path = tmp_path / "kapot.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Blad").write_string("A1", "x")
    wb.close()
    rewrite_sheet(path, xml)
    with pytest.raises(Refusal) as info, open_book(path) as book:
        book.read({"Blad": (5, 5)})
    assert info.value.problem.code == "file-damaged"


def test_rows_after_the_area_are_not_parsed(tmp_path: Path) -> None:
    """Reading stops at the first row after the area: damage (or bulk data) further down costs nothing."""
    path = tmp_path / "lang.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Blad").write_string("A1", "x")
    wb.close()
    rewrite_sheet(path, '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                  '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>geen getal</v></c></row>'
                  "</sheetData></worksheet>")
    with open_book(path) as book:
        assert book.read({"Blad": (1, 1)})["Blad"] == {(1, 1): Cell(1)}


@pytest.mark.parametrize(("name", "position"), [("A1", (1, 1)), ("C15", (15, 3)), ("AB7", (7, 28)),
                                                ("$K$2", (2, 11)), ("xfd1", (1, 16384))])
def test_cell_names(name: str, position: Any) -> None:
    assert cell_position(name) == position
    assert cell_name(*position) == name.replace("$", "").upper()
    assert column_letter(position[1]) == cell_name(*position).rstrip("0123456789")


@pytest.mark.parametrize("name", ["", "C", "15", "C0", "ABCD1", "C-1"])
def test_not_a_cell_name(name: str) -> None:
    with pytest.raises(ValueError):
        cell_position(name)
