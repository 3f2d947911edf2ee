"""Render the INVOER and KENGETALLEN sheets with XlsxWriter, and write the template workbook.

Every position comes from ``schema``: this module only decides how things look. The UITVOER
writer reuses ``add_invoer_sheet`` and ``add_kengetallen_sheet`` so that an output workbook is
itself a valid input, which is why pre-filled values and the cached values of the grey formula
cells matter (openpyxl reads those caches; it never calculates; ``xlsx.formulas`` computes them).
Workbook plumbing (atomic, reproducible writes) is ``xlsx.book``; colours and formats ``xlsx.styles``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from . import schema
from .dutch import MAX_TEXT, show, validation_texts
from .errors import OutputError
from .kengetallen import (
    Kengetallen,
    choices_for,
    default_kengetallen,
    scalar_kind,
    scalar_range,
    to_rows,
    usual_scalar_range,
)
from .plausibility import range_text, usual_text
from .references import readable, readable_within
from .schema import CHOICE, NUMBER, TEXT, Column, Field, Row, Table
from .xlsx.book import write_atomically
from .xlsx.cells import write_value
from .xlsx.formulas import cached_values
from .xlsx.styles import INPUT_FORMATS, TABLE_FORMATS, Formats, RowHeights, scalar_format
from .xlsx.validation import cell_validation as _validation

CPI_EXTRA_ROWS = 5
"""Empty, unlocked rows under the CPI table so users can add years without unprotecting the sheet."""
TABLE_GAP = 2
"""Empty rows between two KENGETALLEN tables (the reader stops a table at its first empty row)."""
KENGETALLEN_FIRST_ROW = 4
"""1-based row of the first table title on the KENGETALLEN sheet."""
KENGETALLEN_NOTE = ("Wijzig alleen de gele cellen. Elke waarde noemt haar bron; noem ook de bron van een "
                    "waarde die u wijzigt. Grijze cellen (sleutels) niet wijzigen: het programma zoekt de "
                    "regels op die namen.")

_INVOER_WIDTHS = {"A": 2, "B": 58, "C": 14, "D": 14, "E": 14, "F": 14,
                  "G": 14, "H": 14, "I": 14, "J": 14, "K": 14, schema.STANDARD_COLUMN: 30, schema.USUAL_COLUMN: 44}
_BAND_LAST_COL = schema.USUAL_COLUMN
_UNIT_COL = "F"
_LABEL_COL = "B"

_PROTECT_OPTIONS = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,  # users may widen a column to read a long text
    "format_rows": True,
}


PROFILE_NOT_LISTED = ("Een eigen profiel (12 regels in de tabel met zorgconsumptieprofielen op het blad "
                      "KENGETALLEN) kunt u ook typen.")
"""Why the profile's drop-down lets other names through: profiles added later are not in its list."""


def _field_validation(f: Field, kengetallen: Kengetallen) -> dict[str, Any]:
    """The validation of one INVOER field; a choice field takes its choices from ``kengetallen.choices_for``.

    The discount rule's drop-down refers to the key column of its table on KENGETALLEN (with room for
    rules added under it), so it lists what the reader accepts. A profile has 12 rows in its table, so
    a reference would list each name 12 times: its drop-down lists the profiles written, and lets a
    profile added later through with a warning.
    """
    choices = choices_for(f.key, kengetallen) if f.type == CHOICE else ()
    source = open_list = ""
    if f.choices_from and schema.table(f.choices_from).keyed_by == 1:
        _, first, end = kengetallen_layout(kengetallen)[f.choices_from]
        column = xl_col_to_name(_row_col("B1")[1])
        source = f"={schema.KENGETALLEN_SHEET}!${column}${first + 1}:${column}${end + TABLE_GAP}"
    elif f.choices_from:
        open_list = PROFILE_NOT_LISTED
    return _validation(f.type, f.min, f.max, choices, f.label, _field_message(f), source=source, open_list=open_list)


def _field_message(f: Field) -> str:
    """The input message of a field: its label when the title cuts it short, and its help. Excel takes 255
    characters: where the help does not fit with the reports' full names, it names them short ('LPBL Arnhem
    2014, par. 3.2.2'); ``mkba-xl schema`` and the docs give the full help."""
    parts = []
    if len(f.label) > 32:  # the title is cut short: repeat the whole label
        parts.append(f.label + ".")
    if f.required:
        parts.append("Verplicht.")
    if f.usual is not None:  # first, so that it is never cut off
        parts.append(f"Gebruikelijk: {usual_text(f)}.")
    parts.append(f.help)
    return readable_within(" ".join(parts), MAX_TEXT)


# ---------------------------------------------------------------------------------------------
# INVOER
# ---------------------------------------------------------------------------------------------

def _row_col(cell: str) -> tuple[int, int]:
    return xl_cell_to_rowcol(cell)


def _row_cells(r: Row) -> list[tuple[str, str]]:
    """The extra cells of a layout row; a bare column letter (schema header rows) means 'on this row'."""
    return [(cell if any(ch.isdigit() for ch in cell) else f"{cell}{r.row}", text) for cell, text in r.cells]



def add_invoer_sheet(workbook: Workbook, formats: Formats, values: Mapping[str, Any] | None = None, *,
                     kengetallen: Kengetallen | None = None, protect: bool = True) -> Worksheet:
    """Render the INVOER sheet from the schema; ``values`` (field key -> value) pre-fill input cells.

    Defaults are not written: an empty cell means 'use the default', as each help text says.
    The grey formula cells get cached values computed from the same inputs. ``kengetallen`` (those the
    workbook's KENGETALLEN sheet shows; default the shipped ones) give the drop-downs of the profile
    and the discount rule.
    """
    values = dict(values or {})
    kengetallen = kengetallen or default_kengetallen()
    fields = schema.invoer_fields()
    rows = schema.invoer_rows()
    unknown = sorted(set(values) - {f.key for f in fields})
    if unknown:
        raise ValueError(f"Onbekende invoervelden: {', '.join(unknown)}")

    ws = workbook.add_worksheet(schema.INVOER_SHEET)
    widths = {_row_col(f"{col}1")[1]: width for col, width in _INVOER_WIDTHS.items()}
    for col, width in widths.items():
        ws.set_column(col, col, width)
    heights = RowHeights(widths)

    by_row = {r.row: r for r in rows}
    formulas = {cell: text for r in rows for cell, text in _row_cells(r) if text.startswith("=")}
    inputs = {f.cell: values.get(f.key) for f in fields}
    cached = cached_values(formulas, inputs)

    band_last = _row_col(f"{_BAND_LAST_COL}1")[1]
    label_col = _row_col(f"{_LABEL_COL}1")[1]
    for r in rows:
        row0 = r.row - 1
        if r.kind == "title":
            ws.set_row(row0, 24)
            ws.write_string(row0, label_col, r.text, formats.title)
        elif r.kind == "section":
            ws.set_row(row0, 20)
            ws.write_string(row0, label_col, r.text, formats.section)
            for col in range(label_col + 1, band_last + 1):
                ws.write_blank(row0, col, None, formats.section)
        elif r.kind == "note":  # one long line: it may run on over the empty cells to its right
            ws.write_string(row0, label_col, r.text, formats.note)
        elif r.text:
            bold = r.kind == "subsection"
            ws.write_string(row0, label_col, r.text, formats.subsection if bold else formats.label)
            heights.fit(row0, label_col, r.text, bold=bold)
        for cell, text in _row_cells(r):
            row, col = _row_col(cell)
            if cell == schema.VERSION_CELL:
                ws.write_string(row, col, schema.TEMPLATE_VERSION, formats.version)
            elif text.startswith("="):
                ws.write_formula(row, col, text, formats.derived(r.number_format), cached[cell])
            else:
                ws.write_string(row, col, text, formats.header)
                heights.fit(row, col, text, bold=True)

    unit_col = _row_col(f"{_UNIT_COL}1")[1]
    unit_rows: dict[int, set[str]] = {}
    for f in fields:
        unit_rows.setdefault(f.row, set()).add(f.unit)
    for f in fields:
        row, col = _row_col(f.cell)
        owner = by_row.get(f.row)
        if f.column == "C" and not (owner and owner.text):
            ws.write_string(row, label_col, f.label, formats.label)
            heights.fit(row, label_col, f.label)
        units = unit_rows.pop(f.row, set()) - {""}
        if len(units) == 1:  # several units on one row: the header row above names them
            ws.write_string(row, unit_col, units.pop(), formats.unit)
        fmt = formats.input(INPUT_FORMATS[f.type])
        write_value(ws, f.cell, values.get(f.key), f.type, fmt, f"{schema.INVOER_SHEET}!{f.cell}")
        ws.data_validation(row, col, row, col, _field_validation(f, kengetallen))
    _write_standard_and_usual(ws, formats, heights, fields, kengetallen)

    heights.apply(ws)
    ws.freeze_panes(3, 0)
    ws.set_selection(fields[0].cell)
    ws.hide_gridlines(2)
    _print_settings(ws, fit_width=True)
    if protect:
        ws.protect("", _PROTECT_OPTIONS)
    return ws


def standard_of(f: Field, kengetallen: Kengetallen) -> Any:
    """What an empty input cell means, as the reader and the engine use it: the field's default, the kengetal it
    falls back on, or (``schema.EMPTY_MEANS``) a rule in words; None when empty means nothing (or 0 of a count)."""
    if f.fallback_kengetal:
        return kengetallen.value(f.fallback_kengetal)
    if f.key in schema.EMPTY_MEANS:
        return schema.EMPTY_MEANS[f.key]
    return None if f.type == TEXT else f.default


def _standard_text(f: Field, value: Any) -> str:
    return value if isinstance(value, str) else show(value, f.type) + (f" {f.unit}" if f.type == NUMBER else "")


def _write_standard_and_usual(ws: Worksheet, formats: Formats, heights: RowHeights, fields: tuple[Field, ...],
                              kengetallen: Kengetallen) -> None:
    """The grey 'standaard' (L) and the 'gebruikelijk' range (M) of each row's input cells.

    A row whose cells share one standard shows it as a value in the cells' format (a kengetal as a formula on its
    KENGETALLEN cell, so it follows an edit there); cells with different standards or ranges are named in a text.
    """
    by_row: dict[int, list[Field]] = {}
    for f in fields:
        by_row.setdefault(f.row, []).append(f)
    std_col, usual_col = (_row_col(f"{c}1")[1] for c in (schema.STANDARD_COLUMN, schema.USUAL_COLUMN))
    scalar_cells = _scalar_value_cells(kengetallen)
    for r, row_fields in by_row.items():
        standards = [(f, standard_of(f, kengetallen)) for f in row_fields]
        standards = [(f, v) for f, v in standards if v is not None]
        distinct = {(type(v), v) for _, v in standards}
        if len(standards) == len(row_fields) and len(distinct) == 1:
            f, value = standards[0]
            fmt = formats.derived(INPUT_FORMATS[f.type] if not isinstance(value, str) else "@")
            if f.fallback_kengetal:
                ws.write_formula(r - 1, std_col, f"={scalar_cells[f.fallback_kengetal]}", fmt, value)
            elif isinstance(value, str):
                ws.write_string(r - 1, std_col, value, fmt)
                heights.fit(r - 1, std_col, value)
            else:
                ws.write_number(r - 1, std_col, float(value), fmt)
        elif standards:
            text = "; ".join(f"{f.column}: {_standard_text(f, v)}" for f, v in standards)
            ws.write_string(r - 1, std_col, text, formats.derived("@", wrap=True))
            heights.fit(r - 1, std_col, text)
        usual = [(f, usual_text(f)) for f in row_fields if f.usual is not None]
        if usual:
            shared = len(usual) == len(row_fields) and len({text for _, text in usual}) == 1
            text = usual[0][1] if shared else "; ".join(f"{f.column}: {text}" for f, text in usual)
            ws.write_string(r - 1, usual_col, text, formats.unit)
            heights.fit(r - 1, usual_col, text)


def _scalar_value_cells(kengetallen: Kengetallen) -> dict[str, str]:
    """Scalar kengetal -> the absolute reference of its value cell on KENGETALLEN (as ``add_kengetallen_sheet``
    writes it)."""
    _, first, _ = kengetallen_layout(kengetallen)["kengetallen"]
    value_col = _row_col("B1")[1] + [c.key for c in schema.table("kengetallen").columns].index("waarde")
    return {key: f"{schema.KENGETALLEN_SHEET}!${xl_col_to_name(value_col)}${first + 1 + i}"
            for i, key in enumerate(kengetallen.scalars)}


def _print_settings(ws: Worksheet, *, fit_width: bool) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    if fit_width:
        ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


# ---------------------------------------------------------------------------------------------
# KENGETALLEN
# ---------------------------------------------------------------------------------------------

def _column_message(table: Table, column: Column) -> str:
    if column.key == "bron":
        return "Noem de bron van de waarde: rapport en paragraaf, of 'aanname' met de reden."
    unit = f" Eenheid: {column.unit}." if column.unit else ""
    return validation_texts(column.type, column.min, column.max, column.choices)[1] + unit + " " + table.help


def _is_overflow_column(t: Table, i: int) -> bool:
    """The last text column of a table (its source): its text runs on over the empty cells to its right."""
    return i == len(t.columns) - 1 and t.columns[i].type == TEXT


def kengetallen_widths(first_col: int = 1) -> dict[int, float]:
    """Excel column (0-based) -> width: the widest table column that lands there.

    A table's last text column (the source, 70 wide) only counts where no other table has a
    column: its text may overflow to the right, and counting it would make four shared columns
    70 characters wide.
    """
    widths: dict[int, float] = {0: 2}
    overflow: dict[int, float] = {}
    for t in schema.TABLES:
        for i, c in enumerate(t.columns):
            target = overflow if _is_overflow_column(t, i) else widths
            target[first_col + i] = max(target.get(first_col + i, 0), c.width)
    for col, width in overflow.items():
        widths.setdefault(col, width)
    return dict(sorted(widths.items()))


def kengetallen_layout(kengetallen: Kengetallen) -> dict[str, tuple[int, int, int]]:
    """Per table of the KENGETALLEN sheet: 0-based rows of its title, its first data row and the row after it.

    A table is its title, a header row, its data rows (the CPI table with ``CPI_EXTRA_ROWS`` empty ones)
    and ``TABLE_GAP`` empty rows before the next title.
    """
    data = to_rows(kengetallen)
    layout: dict[str, tuple[int, int, int]] = {}
    row = KENGETALLEN_FIRST_ROW - 1
    for t in schema.TABLES:
        end = row + 2 + len(data.get(t.key, [])) + (CPI_EXTRA_ROWS if t.key == "cpi" else 0)
        layout[t.key] = (row, row + 2, end)
        row = end + TABLE_GAP
    return layout


def add_kengetallen_sheet(workbook: Workbook, formats: Formats, kengetallen: Kengetallen, *,
                          protect: bool = True) -> Worksheet:
    """Render every table of ``schema.TABLES`` with the rows of ``kengetallen``.

    Contract with the reader: a table's title is in column B; the next row holds the headers
    (column i of the table in Excel column B+i); the data rows follow and end at the first row
    whose table cells are all empty. Tables are separated by ``TABLE_GAP`` empty rows; the CPI
    table carries ``CPI_EXTRA_ROWS`` empty input rows of its own before that gap.
    """
    ws = workbook.add_worksheet(schema.KENGETALLEN_SHEET)
    first_col = _row_col("B1")[1]
    data = {key: [_with_readable_source(schema.table(key), row) for row in rows]
            for key, rows in to_rows(kengetallen).items()}

    widths = kengetallen_widths(first_col)
    for col, width in widths.items():
        ws.set_column(col, col, width)
    heights = RowHeights(widths)

    ws.set_row(0, 24)
    ws.write_string(0, first_col, "Kengetallen", formats.title)
    ws.write_string(1, first_col, KENGETALLEN_NOTE, formats.note)

    layout = kengetallen_layout(kengetallen)
    for t in schema.TABLES:
        title, _, end = layout[t.key]
        if _write_table(ws, formats, heights, t, data.get(t.key, []), title, first_col) != end:
            raise AssertionError(f"table {t.key} does not end where kengetallen_layout says")

    heights.apply(ws)
    ws.set_selection(xl_rowcol_to_cell(KENGETALLEN_FIRST_ROW + 1, first_col))
    # Printed: every table to its last column (the sources included), one page wide, the title on each page.
    last_row = max(end for _, _, end in layout.values())
    ws.print_area(0, 0, last_row, first_col + max(len(t.columns) for t in schema.TABLES) - 1)
    ws.repeat_rows(0, 1)
    _print_settings(ws, fit_width=True)
    if protect:
        ws.protect("", _PROTECT_OPTIONS)
    return ws


def _with_readable_source(t: Table, row: list[Any]) -> list[Any]:
    """A table row with its source as users read it: a source read from an older workbook may still cite a report
    by its internal number (``references.readable``)."""
    return [readable(v) if c.key == "bron" and isinstance(v, str) else v for c, v in zip(t.columns, row)]


def _column_index(t: Table, key: str) -> int:
    return next(i for i, c in enumerate(t.columns) if c.key == key)


def _write_table(ws: Worksheet, formats: Formats, heights: RowHeights, t: Table, rows: list[list],
                 row: int, first_col: int) -> int:
    """Write one table from 0-based ``row``; return the 0-based row just after its last row."""
    last_col = first_col + len(t.columns) - 1
    ws.set_row(row, 20)
    ws.write_string(row, first_col, t.title, formats.section)
    for col in range(first_col + 1, last_col + 1):
        ws.write_blank(row, col, None, formats.section)
    ws.write_string(row, last_col + 1, t.help, formats.help)
    row += 1
    for i, c in enumerate(t.columns):
        ws.write_string(row, first_col + i, c.header, formats.table_header)
        heights.fit(row, first_col + i, c.header, bold=True)
    row += 1

    def cell_format(i: int, c: Column, editable: bool, values: Sequence[Any] = ()) -> Format:
        wrap = c.type == TEXT and not _is_overflow_column(t, i)
        num_format = TABLE_FORMATS[c.type]
        if t.key == "kengetallen" and c.key == "waarde" and values:  # one column of shares, amounts and numbers
            num_format = scalar_format(str(values[_column_index(t, "eenheid")] or ""))
        return (formats.input if editable else formats.derived)(num_format, wrap=wrap)

    first_data = row
    for values in rows:
        if len(values) != len(t.columns):
            raise OutputError(f"Tabel '{t.title}': een regel heeft {len(values)} waarden, verwacht "
                              f"{len(t.columns)}.")
        for i, (c, value) in enumerate(zip(t.columns, values, strict=True)):
            cell = xl_rowcol_to_cell(row, first_col + i)
            write_value(ws, cell, value, c.type, cell_format(i, c, c.editable, values),
                         f"{schema.KENGETALLEN_SHEET}!{cell}")
            if isinstance(value, str) and not _is_overflow_column(t, i):
                heights.fit(row, first_col + i, value)
        row += 1
    extra = CPI_EXTRA_ROWS if t.key == "cpi" else 0
    for _ in range(extra):
        for i, c in enumerate(t.columns):
            ws.write_blank(row, first_col + i, None, cell_format(i, c, True))
        row += 1

    for i, c in enumerate(t.columns):
        start = first_data if c.editable else row - extra
        if start >= row:
            continue
        col = first_col + i
        if t.key == "kengetallen" and c.key == "waarde":
            _scalar_validations(ws, t, c, rows, first_data, col)
            continue
        ws.data_validation(start, col, row - 1, col,
                           _validation(c.type, c.min, c.max, c.choices, c.header, _column_message(t, c)))
    return row


def _scalar_validations(ws: Worksheet, t: Table, c: Column, rows: list[list], first: int, col: int) -> None:
    """The value cell of each scalar kengetal: its own range and, first in its input message, its usual range."""
    defaults = default_kengetallen().scalars
    for i, values in enumerate(rows):
        key = values[0]
        lo, hi = scalar_range(key)
        message = _column_message(t, replace(c, min=lo, max=hi))
        if key in defaults:
            low, high, source = usual_scalar_range(key, defaults[key].value)
            kind = scalar_kind(key)
            shown = range_text(kind, defaults[key].unit if kind == NUMBER else "", low, high)
            message = readable_within(f"Gebruikelijk: {shown} ({source}). {message}", MAX_TEXT)
        ws.data_validation(first + i, col, first + i, col, _validation(c.type, lo, hi, (), c.header, message))


# ---------------------------------------------------------------------------------------------
# The template workbook
# ---------------------------------------------------------------------------------------------

def write_template(path: str | os.PathLike[str], *, kengetallen: Kengetallen | None = None,
                   overwrite: bool = True) -> None:
    """Write the empty input workbook atomically: INVOER (first and active), KENGETALLEN and the optional
    input sheets (GEVOELIGHEID, ...). Without ``overwrite`` an existing file is refused when it is published."""
    from .input_sheets import add_input_sheets  # the sheets' writers build on this module

    def build(workbook: Workbook, formats: Formats) -> None:
        shown = kengetallen or default_kengetallen()
        invoer = add_invoer_sheet(workbook, formats, kengetallen=shown)
        add_kengetallen_sheet(workbook, formats, shown)
        add_input_sheets(workbook, formats)
        invoer.activate()

    write_atomically(path, build, overwrite=overwrite)


__all__ = [
    "CPI_EXTRA_ROWS",
    "KENGETALLEN_FIRST_ROW",
    "TABLE_GAP",
    "add_invoer_sheet",
    "add_kengetallen_sheet",
    "kengetallen_layout",
    "kengetallen_widths",
    "write_template",
]
