"""The DOSSIERS sheet: in the template, read back cell by cell (every problem at once, with its cell), written back
unchanged into an output workbook, and the shipped illustrative sample (scripts/make_dossier_sample.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from mkba_xl import pipeline
from mkba_xl.analyses.dossier_reader import dossiers_from_grid, header_key
from mkba_xl.analyses.dossier_sheet import add_dossiers_sheet
from mkba_xl.analyses.dossiers import COLUMNS, GROUPS, DossierSheet
from mkba_xl.reader import load_grids
from mkba_xl.schema import (
    DOSSIERS_AREA,
    DOSSIERS_DESCRIPTION_CELL,
    DOSSIERS_FIRST_COL,
    DOSSIERS_HEADER_ROW,
    DOSSIERS_MAX_ROWS,
    DOSSIERS_SHEET,
    INPUT_SHEETS,
    INVOER_SHEET,
)
from mkba_xl.template import write_template
from mkba_xl.xlsx.book import write_atomically

from .dossier_workbooks import KEYS, base, dossier_workbook, letter
from .workbooks import valid_values

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_BOOK = ROOT / "sample_workbooks" / "dossiers_voorbeeld.xlsx"


def load_sample_script() -> Any:
    spec = importlib.util.spec_from_file_location("make_dossier_sample", ROOT / "scripts" / "make_dossier_sample.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_dossier_sample", module)
    spec.loader.exec_module(module)
    return module


SAMPLE = load_sample_script()


def read_sheet(path: Path) -> tuple[DossierSheet | None, Any]:
    return dossiers_from_grid(load_grids(path).get(DOSSIERS_SHEET))


# ---- the declaration ------------------------------------------------------------------------------

def test_the_area_read_holds_every_column_and_room_for_ones_own() -> None:
    rows, cols = DOSSIERS_AREA
    assert cols >= DOSSIERS_FIRST_COL - 1 + len(COLUMNS) + 20
    assert rows > DOSSIERS_HEADER_ROW + DOSSIERS_MAX_ROWS
    assert all(c.help and len(c.help) <= 255 and c.group in GROUPS for c in COLUMNS)
    assert all(header_key(c.header) == c.key == header_key(c.key.upper()) for c in COLUMNS)


# ---- the template ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sjabloon") / "sjabloon.xlsx"
    write_template(path)
    return path


def test_template_has_the_empty_sheet_with_headers_help_and_lists(template: Path) -> None:
    ws = openpyxl.load_workbook(template)[DOSSIERS_SHEET]
    headers = [ws.cell(DOSSIERS_HEADER_ROW, DOSSIERS_FIRST_COL + i).value for i in range(len(COLUMNS))]
    assert headers == [c.header for c in COLUMNS]
    assert ws.cell(DOSSIERS_HEADER_ROW - 1, DOSSIERS_FIRST_COL).value == GROUPS["kenmerken"]
    assert ws.protection.sheet
    assert ws[DOSSIERS_DESCRIPTION_CELL].protection.locked is False
    assert ws.cell(DOSSIERS_HEADER_ROW, DOSSIERS_FIRST_COL).protection.locked  # headers cannot be typed over
    assert ws.max_row == DOSSIERS_HEADER_ROW  # no dossier rows
    validations = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    first = DOSSIERS_HEADER_ROW + 1
    for key, kind, formula in (("type", "list", '"gezin,oudere,overig"'), ("schulden_start", "list",
                                                                          '"ja,nee,1,2,3,4,5"'),
                               ("team_amw", "list", '"1,-1"'), ("kinderen", "whole", "0")):
        dv = validations[f"{letter(key)}{first}"]
        assert (dv.type, dv.formula1) == (kind, formula), key
        assert str(dv.sqref).endswith(f"{letter(key)}{DOSSIERS_HEADER_ROW + DOSSIERS_MAX_ROWS}")
    assert validations[f"{letter('schulden_start')}{first}"].prompt.startswith("Was er bij aanvang een probleem")
    # the empty sheet of the template is fine for check (mkba-xl dossiers says 'no dossiers' itself)
    sheet, report = read_sheet(template)
    assert sheet is None and report.codes() == []


def test_a_template_filled_like_a_user_reads(template: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(template)
    invoer, ws = wb[INVOER_SHEET], wb[DOSSIERS_SHEET]
    from mkba_xl.schema import fields_by_key

    for key, value in valid_values().items():
        invoer[fields_by_key()[key].cell] = value
    ws[DOSSIERS_DESCRIPTION_CELL] = "Test: 3 dossiers"
    for r, row in enumerate([base("A"), base("B", type="oudere", kinderen=0, zwaarte="ev"), base("C")], start=6):
        for key, value in row.items():
            ws[f"{letter(key)}{r}"] = value
    ws["B8"] = None  # an empty dossier number in a filled row
    wb.save(tmp_path / "ingevuld.xlsx")
    report = pipeline.check(tmp_path / "ingevuld.xlsx")
    assert [(p.code, p.cell) for p in report.errors] == [("missing-dossier-number", "B8")]
    ws["B8"] = "C"
    wb.save(tmp_path / "ingevuld.xlsx")
    sheet, report = read_sheet(tmp_path / "ingevuld.xlsx")
    assert sheet is not None and report.ok
    assert [d.number for d in sheet.dossiers] == ["A", "B", "C"] and sheet.description == "Test: 3 dossiers"


# ---- reading: every problem at once, cell by cell ------------------------------------------------------

def test_all_problems_of_the_sheet_at_once_with_their_cells(tmp_path: Path) -> None:
    rows = [base("D-1", type="gezinnen"), None, base("D-2", schulden_start=7, kinderen=-1),
            base("D-3", team_shv=-1, door_shv="netwerk", zwaarte="zwaar"), base("D-1")]
    path = dossier_workbook(tmp_path / "fout.xlsx", [r or {} for r in rows])
    report = pipeline.check(path)
    assert [(p.code, p.cell) for p in report.errors] == [
        ("duplicate-dossier", "B6"), ("duplicate-dossier", "B10"), ("unknown-type", "D6"), ("invalid-number", "F8"),
        ("zrm-out-of-range", f"{letter('schulden_start')}8"), ("unknown-severity", "K9"),
        ("dropped-not-ongoing", f"{letter('team_shv')}9")]
    assert all(p.sheet == DOSSIERS_SHEET for p in report.errors)
    with pytest.raises(Exception) as info:
        pipeline.run_workbook(path, tmp_path / "uit.xlsx")
    assert "duplicate-dossier" in info.value.report.codes()  # type: ignore[attr-defined]
    assert not (tmp_path / "uit.xlsx").exists()


def test_empty_rows_are_skipped_and_rows_keep_their_sheet_number(tmp_path: Path) -> None:
    path = dossier_workbook(tmp_path / "gaten.xlsx", [base("A"), {}, {}, base("B")])
    sheet, report = read_sheet(path)
    assert sheet is not None and report.ok
    assert [(d.number, d.row) for d in sheet.dossiers] == [("A", 6), ("B", 9)]


def test_headers_by_key_in_another_order_and_row(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = DOSSIERS_SHEET
    ws.append(["opmerking", "TYPE", "Dossiernummer (anoniem)", "zwaarte", "schulden_start", "schulden_nu"])
    ws.append(["eerste", "gezin", 4711, "mv_nzr", True, False])
    ws.append(["tweede", "overig", "X-2", "ev", None, None])
    grid = _grid(tmp_path, wb)
    sheet, report = dossiers_from_grid(grid)
    assert sheet is not None and report.ok, report.as_text()
    one, two = sheet.dossiers
    assert (one.number, one.household_type, one.remark, one.row) == ("4711", "gezin", "eerste", 2)
    assert one.leefgebied("schulden").start == "ja" and one.leefgebied("schulden").now == "nee"  # WAAR, ONWAAR
    assert sheet.description == ""  # the header is above the description cell


def _grid(tmp_path: Path, wb: Any) -> Any:
    path = tmp_path / "los.xlsx"
    wb.save(path)
    return load_grids(path)[DOSSIERS_SHEET]


def test_cells_that_are_no_value(tmp_path: Path) -> None:
    path = tmp_path / "cellen.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(DOSSIERS_SHEET)
    for i, c in enumerate(COLUMNS):
        ws.write_string(DOSSIERS_HEADER_ROW - 1, DOSSIERS_FIRST_COL - 1 + i, c.header)
    col = {k: DOSSIERS_FIRST_COL - 1 + i for i, k in enumerate(KEYS)}
    r = DOSSIERS_HEADER_ROW
    ws.write_datetime(r, col["dossiernummer"], dt.datetime(2024, 12, 3), wb.add_format({"num_format": "d-m"}))
    ws.write_formula(r, col["type"], "=NA()", None, "#N/A")
    ws.write_boolean(r, col["kinderen"], True)
    ws.write_string(r, col["opmerking"], "x" * 300)
    ws.write_string(r + 1, col["dossiernummer"], "D-2")
    ws.write_formula(r + 1, col["zwaarte"], '=""&"ev"', None, "")  # XlsxWriter stores no value for ''

    wb.close()
    sheet, report = dossiers_from_grid(load_grids(path)[DOSSIERS_SHEET])
    assert [(p.code, p.cell) for p in report.errors] == [
        ("is-a-date", "B6"), ("excel-error", "D6"), ("is-a-boolean", "F6"),
        ("text-too-long", f"{letter('opmerking')}6"), ("no-cached-value", "K7")]
    assert report.errors[0].message.startswith("Dossiernummer (anoniem): de cel bevat een datum. Typ een tekst;")
    assert "missing-dossier-number" not in report.codes()  # the date is the problem, said once


def test_a_bsn_like_column_of_ones_own_is_refused_and_others_carried_over(tmp_path: Path) -> None:
    numbers = ["111222333", "123456782", "999993653"]
    path = dossier_workbook(tmp_path / "bsn.xlsx", [base(f"D-{i}") for i in range(3)],
                            extra={"Burgerservicenummer": numbers, "Notities": ["a", 2, None]})
    report = pipeline.check(path)
    bsn = [p for p in report.errors if p.code == "bsn-column"]
    assert [(p.cell, p.message[:40]) for p in bsn] == [("DF5", "Kolom 'Burgerservicenummer': 3 van de 3 ")]
    assert [p.code for p in report.warnings if p.sheet == DOSSIERS_SHEET] == ["dossier-column-unknown"] * 2


def test_sample_level_codes_need_one_dossier(tmp_path: Path) -> None:
    path = dossier_workbook(tmp_path / "kop.xlsx", [])
    assert read_sheet(path) == (None, read_sheet(path)[1]) and read_sheet(path)[1].ok


# ---- writing back: the output stays a valid input --------------------------------------------------------

def test_written_sheet_reads_back_as_the_same_sheet(tmp_path: Path) -> None:
    dossiers = SAMPLE.sample_dossiers()[:15]
    sheet = DossierSheet(dossiers, "Proef =1+1", ("Notities", "Wijk"),
                         tuple(("=SUM(A1)", i) if i % 2 else (None, "007") for i in range(15)))

    def build(workbook: Any, formats: Any) -> None:
        add_dossiers_sheet(workbook, formats, sheet)

    write_atomically(tmp_path / "terug.xlsx", build)
    back, report = read_sheet(tmp_path / "terug.xlsx")
    assert report.codes() == ["dossier-column-unknown"] * 2
    assert back == dataclasses.replace(sheet, dossiers=tuple(dataclasses.replace(d, row=DOSSIERS_HEADER_ROW + 1 + i)
                                                              for i, d in enumerate(dossiers)))


def test_run_carries_the_sheet_over(tmp_path: Path) -> None:
    out = tmp_path / "uitvoer.xlsx"
    pipeline.run_workbook(SAMPLE_BOOK, out)
    assert read_sheet(out)[0] == read_sheet(SAMPLE_BOOK)[0]
    assert pipeline.check(out).ok


# ---- the illustrative sample --------------------------------------------------------------------------------

def test_the_shipped_sample_is_what_the_script_writes(tmp_path: Path) -> None:
    target = tmp_path / "voorbeeld.xlsx"
    assert SAMPLE.main(["--xlsx", str(target)]) == 0
    assert target.read_bytes() == SAMPLE_BOOK.read_bytes(), "stale: python scripts/make_dossier_sample.py " \
                                                           "--xlsx sample_workbooks/dossiers_voorbeeld.xlsx --force"
    assert SAMPLE.main(["--xlsx", str(target)]) == 2  # no overwrite without --force


def test_the_sample_is_labelled_illustrative_everywhere() -> None:
    sheet, report = read_sheet(SAMPLE_BOOK)
    assert sheet is not None and report.ok
    assert sheet.description.startswith("ILLUSTRATIEF VOORBEELD") and "geen echte gegevens" in sheet.description
    assert {d.remark for d in sheet.dossiers} == {SAMPLE.LABEL}
    assert sheet.dossiers == tuple(dataclasses.replace(d, row=DOSSIERS_HEADER_ROW + 1 + i)
                                   for i, d in enumerate(SAMPLE.sample_dossiers()))
    wb = openpyxl.load_workbook(SAMPLE_BOOK, read_only=True)
    assert "ILLUSTRATIEF" in wb[INVOER_SHEET]["C12"].value
    assert wb.sheetnames == ["INVOER", "KENGETALLEN", "BRONNEN", *(s.name for s in INPUT_SHEETS)]
