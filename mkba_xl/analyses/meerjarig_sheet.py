"""The MEERJARIG input sheet: read it (every cell checked, all problems at once) and write it (empty in the
template, with the user's years in an output workbook).

The layout is fixed and declared in ``schema`` (``MEERJARIG_COLUMNS``, header in row 6 from column B, one row per
year under it, the base year in C4): the sheet is protected and users only type in the yellow cells, so a problem
can name its cell. A column that replaces an INVOER field is judged with that field's rule (``convert``), so a
value refused on INVOER is refused here too. The rules between a row and INVOER (the way the team is stated, the
CPI table) are ``check_meerjarig``.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..convert import convert, is_blank
from ..dutch import MAX_TEXT, quote
from ..errors import Report
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..references import readable_within
from ..schema import (
    EURO,
    INGROEI_PREFIX,
    INVOER_SHEET,
    MEERJARIG_BASE_CELL,
    MEERJARIG_COLUMNS,
    MEERJARIG_FIRST_COL,
    MEERJARIG_HEADER_ROW,
    MEERJARIG_MAX_ROWS,
    MEERJARIG_SHEET,
    YEAR_KEY,
    YEAR_NOTE_KEY,
    YearColumn,
    fields_by_key,
)
from ..xlsx.cells import write_text
from ..xlsx.load import Grid, cell_name, cell_position
from ..xlsx.styles import INPUT_FORMATS, Formats
from ..xlsx.validation import cell_validation
from .meerjarig import Meerjarig, YearRow

__all__ = ["add_meerjarig_sheet", "check_meerjarig", "meerjarig_from_grid"]

_WAY_1 = ("team_fte", "aandeel_additioneel")
"""The columns of the team stated in way 1 (the whole team and its additional share) and way 2 (0-situatie + extra)."""
_WAY_2 = ("fte_nulsituatie", "fte_extra")


def _where(r: int, i: int) -> str:
    return cell_name(r, MEERJARIG_FIRST_COL + i)


def _norm(value: Any) -> str:
    return " ".join(str(value).split()).lower() if value is not None else ""


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------

def meerjarig_from_grid(grid: Grid | None, kengetallen: Kengetallen) -> tuple[Meerjarig, Report]:
    """The years on an already loaded MEERJARIG sheet (``reader.read_workbook_sheets``); no sheet: no years."""
    report = Report()
    if not grid or all(is_blank(cell) for cell in grid.values()):
        return Meerjarig(), report
    if not _header_ok(grid, report):
        return Meerjarig(), report
    base, why = convert(grid.get(cell_position(MEERJARIG_BASE_CELL)), *_year_rule())
    if why is not None:
        report.error(MEERJARIG_SHEET, MEERJARIG_BASE_CELL, "meerjarig.basisjaar", f"Basisjaar: {why.text}",
                     code=why.code)
    rows = _read_rows(grid, report)
    _check_years(rows, base, report)
    return Meerjarig(tuple(row for row, _ in rows), int(base) if base is not None else None), report


def _year_rule() -> tuple[str, float | None, float | None]:
    return MEERJARIG_COLUMNS[0].rule()


def _header_ok(grid: Grid, report: Report) -> bool:
    for i, column in enumerate(MEERJARIG_COLUMNS):
        cell = grid.get((MEERJARIG_HEADER_ROW, MEERJARIG_FIRST_COL + i))
        found = _norm(cell.value) if cell is not None else ""
        if found != _norm(column.header):
            shown = f'"{quote(str(cell.value))}"' if found and cell is not None else "niets"
            report.error(MEERJARIG_SHEET, _where(MEERJARIG_HEADER_ROW, i), "meerjarig",
                         f"De kopregel van het blad {MEERJARIG_SHEET} is niet die van het sjabloon: in deze cel staat "
                         f'{shown} waar "{column.header}" hoort. Zet de kolommen terug, of maak een nieuw sjabloon '
                         "(mkba-xl template) en kopieer uw jaren daarin.", code="header-mismatch")
            return False
    return True


def _read_rows(grid: Grid, report: Report) -> list[tuple[YearRow, int]]:
    """(row, sheet row) for every filled row of the table; problems per cell."""
    rows: list[tuple[YearRow, int]] = []
    last = max((r for r, _ in grid), default=MEERJARIG_HEADER_ROW)
    for r in range(MEERJARIG_HEADER_ROW + 1, last + 1):
        cells = [grid.get((r, MEERJARIG_FIRST_COL + i)) for i in range(len(MEERJARIG_COLUMNS))]
        if all(is_blank(cell) for cell in cells):
            continue
        if r > MEERJARIG_HEADER_ROW + MEERJARIG_MAX_ROWS:
            report.error(MEERJARIG_SHEET, _where(r, 0), "meerjarig",
                         f"Er staan meer dan {MEERJARIG_MAX_ROWS} jaren op het blad {MEERJARIG_SHEET}; alleen de "
                         f"regels {MEERJARIG_HEADER_ROW + 1} tot en met {MEERJARIG_HEADER_ROW + MEERJARIG_MAX_ROWS} "
                         f"worden gelezen. Verwijder de regels vanaf regel {r}.", code="too-many-rows")
            break
        row = _read_row(r, cells, report)
        if row is not None:
            rows.append((row, r))
    return rows


def _read_row(r: int, cells: list[Any], report: Report) -> YearRow | None:
    values: dict[str, Any] = {}
    ingroei: dict[str, float] = {}
    year: int | None = None
    note = ""
    ok = True
    for i, (column, cell) in enumerate(zip(MEERJARIG_COLUMNS, cells)):
        value, why = convert(cell, *column.rule())
        if why is not None:
            report.error(MEERJARIG_SHEET, _where(r, i), f"meerjarig.{column.key}",
                         f"Regel {r}, {column.header}: {why.text}", code=why.code)
            ok = False
            continue
        if value is None:
            continue
        if column.key == YEAR_KEY:
            year = int(value)
        elif column.key == YEAR_NOTE_KEY:
            note = str(value)
        elif column.key.startswith(INGROEI_PREFIX):
            ingroei[column.key[len(INGROEI_PREFIX):]] = float(value)
        else:
            values[column.key] = value
    if year is None and ok:
        report.error(MEERJARIG_SHEET, _where(r, 0), f"meerjarig.{YEAR_KEY}",
                     f"Regel {r}, Jaar: deze regel heeft getallen maar geen jaar. Typ het kalenderjaar, bijvoorbeeld "
                     "2010, of maak de regel leeg.", code="required")
    return YearRow(year, values, ingroei, note) if ok and year is not None else None


def _check_years(rows: list[tuple[YearRow, int]], base: Any, report: Report) -> None:
    """The years increase one row after the other; the base year lies between the first and the last year."""
    for (before, _), (row, r) in zip(rows, rows[1:]):
        if row.year <= before.year:
            report.error(MEERJARIG_SHEET, _where(r, 0), f"meerjarig.{YEAR_KEY}",
                         f"Regel {r}, Jaar: {row.year} komt na {before.year}; elk jaar staat één keer en de jaren "
                         "lopen op. Zet de regels op volgorde van jaar.", code="year-order")
    if base is None:
        return
    if not rows:
        report.warn(MEERJARIG_SHEET, MEERJARIG_BASE_CELL, "meerjarig.basisjaar",
                    f"Basisjaar: er staan geen jaren op het blad {MEERJARIG_SHEET}; het basisjaar wordt niet "
                    "gebruikt.", code="unused-field")
    elif not rows[0][0].year <= int(base) <= rows[-1][0].year:
        report.error(MEERJARIG_SHEET, MEERJARIG_BASE_CELL, "meerjarig.basisjaar",
                     f"Basisjaar: {int(base)} ligt buiten de jaren op het blad ({rows[0][0].year} tot en met "
                     f"{rows[-1][0].year}). Typ een jaar daartussen, of laat de cel leeg voor het eerste jaar.",
                     code="base-year-outside")


def check_meerjarig(meerjarig: Meerjarig | None, invoer: Invoer, kengetallen: Kengetallen) -> Report:
    """The rules between the years and INVOER: each year states the team the way INVOER does; an amount of a year
    before the CPI table cannot be converted to the price level."""
    report = Report()
    if meerjarig is None or meerjarig.empty:
        return report
    fields = fields_by_key()
    way = invoer.team_way
    other = _WAY_2 if way == 1 else _WAY_1
    cells = " en ".join(fields[k].cell for k in (("team_fte",) if way == 1 else _WAY_2))
    index = kengetallen.cpi_index()
    for r, row in enumerate(meerjarig.rows, start=MEERJARIG_HEADER_ROW + 1):
        for key in (k for k in other if k in row.values):
            i = next(i for i, c in enumerate(MEERJARIG_COLUMNS) if c.key == key)
            code, add = ("team-way-mismatch", report.error) if key != "aandeel_additioneel" else ("unused-field",
                                                                                                report.warn)
            add(MEERJARIG_SHEET, _where(r, i), f"meerjarig.{key}",
                f"Regel {r} ({row.year}), {MEERJARIG_COLUMNS[i].header}: op {INVOER_SHEET} staat het team volgens "
                f"manier {way} (cel {cells}); vul per jaar dezelfde manier in, of maak deze cel leeg.", code=code)
        amounts = [k for k in row.values if fields[k].type == EURO]
        if amounts and index and row.year < min(index):
            i = next(i for i, c in enumerate(MEERJARIG_COLUMNS) if c.key == amounts[0])
            report.warn(MEERJARIG_SHEET, _where(r, i), f"meerjarig.{amounts[0]}",
                        f"Regel {r} ({row.year}): dit jaar valt vóór de CPI-tabel ({min(index)} tot en met "
                        f"{max(index)}); de bedragen van dit jaar worden omgerekend met de CPI van {min(index)}. Vul "
                        "de CPI aan op het blad KENGETALLEN.", code="outside-cpi")
    return report


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

_NOTES = (
    "Optioneel: meerdere jaren aanpak. Elke regel is één jaar: het model rekent dat jaar als één jaar aanpak (INVOER), "
    "met de cellen van de regel in plaats van die van INVOER. Een lege cel neemt de waarde van INVOER (de cel staat "
    "boven de kolom); een lege ingroei is 100%.",
    "Bedragen staan in prijzen van hun eigen jaar en worden met de CPI-tabel (blad KENGETALLEN) omgerekend naar het "
    "prijspeil van de analyse. Elk jaar wordt verdisconteerd naar het basisjaar; jaar 9 van elk jaar (de lange "
    "termijn) blijft bij dat jaar. Laat het blad leeg voor één jaar aanpak.",
)


def add_meerjarig_sheet(workbook: Workbook, formats: Formats, meerjarig: Meerjarig | None = None) -> Worksheet:
    """The MEERJARIG sheet: empty in the template and in the output of one year (``meerjarig`` None or empty), with
    the years of an input workbook in its output, so that the output stays a complete input."""
    ws = workbook.add_worksheet(MEERJARIG_SHEET)
    ws.set_column(0, 0, 2)
    for i, column in enumerate(MEERJARIG_COLUMNS):
        ws.set_column(MEERJARIG_FIRST_COL - 1 + i, MEERJARIG_FIRST_COL - 1 + i, column.width)
    write_text(ws, 0, 1, "MEERJARIG — meerdere jaren aanpak", formats.title)
    for r, note in enumerate(_NOTES, start=1):
        write_text(ws, r, 1, note, formats.note)
    base_row, base_col = (n - 1 for n in cell_position(MEERJARIG_BASE_CELL))
    write_text(ws, base_row, base_col - 1, "Basisjaar", formats.get(bold=True))
    year_format = formats.input(INPUT_FORMATS[_year_rule()[0]])
    _write_number(ws, base_row, base_col, meerjarig.base_year if meerjarig else None, year_format)
    ws.data_validation(base_row, base_col, base_row, base_col, cell_validation(
        *_year_rule(), (), "Basisjaar", "Het jaar waarnaar alle jaren worden verdisconteerd. Leeg = het eerste jaar."))
    write_text(ws, base_row, base_col + 1, "leeg = het eerste jaar", formats.help)
    _write_table(ws, formats, meerjarig)
    ws.freeze_panes(MEERJARIG_HEADER_ROW, MEERJARIG_FIRST_COL)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True,
                    "format_rows": True})
    return ws


def _write_number(ws: Worksheet, r: int, c: int, value: Any, fmt: Any) -> None:
    if value is None:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        write_text(ws, r, c, value, fmt)
    else:
        ws.write_number(r, c, float(value), fmt)


def _column_message(column: YearColumn) -> str:
    f = column.field
    empty = f" Leeg = {INVOER_SHEET}!{f.cell} ({f.label})." if f is not None else ""
    return readable_within(column.help + empty, MAX_TEXT)  # its sources as users read them


def _write_table(ws: Worksheet, formats: Formats, meerjarig: Meerjarig | None) -> None:
    header = formats.get(bold=True, bottom=1, text_wrap=True, valign="top")
    first, last = MEERJARIG_HEADER_ROW, MEERJARIG_HEADER_ROW + MEERJARIG_MAX_ROWS - 1  # 0-based data rows
    ws.set_row(MEERJARIG_HEADER_ROW - 1, 45)
    rows = meerjarig.rows if meerjarig is not None else ()
    for i, column in enumerate(MEERJARIG_COLUMNS):
        c = MEERJARIG_FIRST_COL - 1 + i
        type_, lo, hi = column.rule()
        f = column.field
        write_text(ws, MEERJARIG_HEADER_ROW - 2, c, f"{INVOER_SHEET}!{f.cell}" if f is not None else "", formats.help)
        write_text(ws, MEERJARIG_HEADER_ROW - 1, c, column.header, header)
        fmt = formats.input(INPUT_FORMATS[type_], wrap=column.key == YEAR_NOTE_KEY)
        message = _column_message(column)
        ws.data_validation(first, c, last, c, cell_validation(type_, lo, hi, (), column.header, message))
        for k in range(MEERJARIG_MAX_ROWS):
            value = _row_value(rows[k], column.key) if k < len(rows) else None
            _write_number(ws, first + k, c, value, fmt)


def _row_value(row: YearRow, key: str) -> Any:
    if key == YEAR_KEY:
        return row.year
    if key == YEAR_NOTE_KEY:
        return row.note or None
    if key.startswith(INGROEI_PREFIX):
        return row.ingroei.get(key[len(INGROEI_PREFIX):])
    return row.values.get(key)
