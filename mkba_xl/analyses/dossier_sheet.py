"""The DOSSIERS input sheet: empty in the template, filled in an output workbook or the illustrative sample.

One row per household under a header row of ``dossiers.COLUMNS`` (Dutch headers, grouped in the parts of
001 Bijlage 3), with yellow unlocked columns, a drop-down or number check per column and the interview
question as each column's help. The description of the sample sits in ``schema.DOSSIERS_DESCRIPTION_CELL``.
``dossier_reader`` reads it back; a filled sheet written here reads back as the same ``DossierSheet``.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..dutch import MAX_TEXT, validation_texts
from ..schema import (
    DOSSIERS_DESCRIPTION_CELL,
    DOSSIERS_FIRST_COL,
    DOSSIERS_HEADER_ROW,
    DOSSIERS_MAX_ROWS,
    DOSSIERS_SHEET,
)
from ..xlsx.cells import write_text
from ..xlsx.load import cell_position
from ..xlsx.row_block import RowBlockWorksheet
from ..xlsx.styles import COST_RED, HEADER_BLUE, RULE_GREY, TEXT_GREY, Formats
from .dossier_messages import PRIVACY_SOURCE
from .dossiers import CHOICE, COLUMNS, GROUPS, STATE, TEXT, WHOLE, Column, DossierSheet, dossier_to_row

__all__ = ["add_dossiers_sheet"]

DESCRIPTION_LABEL = "Steekproef:"
_WIDTHS = {"dossiernummer": 16, "teamlid": 10, "opmerking": 44}
_WIDTH = 12
_HEADER_HEIGHT = 92.0  # six lines of wrapped 9 pt headers
_PROTECT = {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True,
            "format_rows": True, "sort": True, "autofilter": True}


def _number_format(column: Column) -> str:
    return "@" if column.type == TEXT else "0" if column.type == WHOLE and not column.choices else ""


def _validation(column: Column) -> dict[str, Any]:
    """The column's drop-down or number check, with its question as the help Excel shows."""
    options: dict[str, Any] = {"ignore_blank": True, "input_title": column.header[:32],
                               "input_message": column.help[:MAX_TEXT], "error_type": "stop"}
    if column.choices:
        title, message = validation_texts(CHOICE, None, None, column.choices)
        options.update(validate="list", source=list(column.choices))
        if column.type == STATE:
            message = "Typ ja, nee of een ZRM-score van 1 tot en met 5."
    elif column.bounds:
        low, high = column.bounds
        title, message = validation_texts(WHOLE, low, high, ())
        options.update(validate="integer", criteria="between", minimum=low, maximum=high)
    else:
        title, message = validation_texts(TEXT, None, None, ())
        options.update(validate="length", criteria="<=", value=MAX_TEXT)
    options.update(error_title=title, error_message=message)
    return options


def add_dossiers_sheet(workbook: Workbook, formats: Formats, sheet: DossierSheet | None = None) -> Worksheet:
    """The sheet DOSSIERS: instructions, the header row and yellow rows to fill in; ``sheet`` (read from an input
    workbook, or the illustrative sample) is written back row by row with its description."""
    ws = workbook.add_worksheet(DOSSIERS_SHEET, worksheet_class=RowBlockWorksheet)
    g = formats.get
    first = DOSSIERS_FIRST_COL - 1
    header_row = DOSSIERS_HEADER_ROW - 1
    plain = g()
    ws.set_column(0, 0, 2, plain)
    for i, column in enumerate(COLUMNS):
        ws.set_column(first + i, first + i, _WIDTHS.get(column.key, _WIDTH), formats.input(_number_format(column)))
    extra_first = first + len(COLUMNS)
    extras = sheet.extra_headers if sheet else ()
    if extras:
        ws.set_column(extra_first, extra_first + len(extras) - 1, 16, formats.input(""))
    heights = {0: 24.0, header_row - 1: 20.0, header_row: _HEADER_HEIGHT}
    for r in range(header_row + 1):
        ws.set_row(r, heights.get(r), plain)  # the rows above the data: locked, not yellow
    _write_top(ws, formats, sheet)
    _write_header(ws, formats, header_row, extras)
    if sheet is not None:
        _write_rows(ws, formats, sheet, header_row + 1)
    last = header_row + DOSSIERS_MAX_ROWS
    for i, column in enumerate(COLUMNS):
        ws.data_validation(header_row + 1, first + i, last, first + i, _validation(column))
    ws.freeze_panes(header_row + 1, first + 2)
    ws.set_selection(header_row + 1, first, header_row + 1, first)
    ws.hide_gridlines(0)
    ws.protect("", _PROTECT)
    return ws


def _write_top(ws: Worksheet, formats: Formats, sheet: DossierSheet | None) -> None:
    g = formats.get
    first = DOSSIERS_FIRST_COL - 1
    write_text(ws, 0, first, "Dossieranalyse: één regel per huishouden van de steekproef", formats.title)
    write_text(ws, 1, first, "Geen namen, adressen, geboortedata of BSN: alleen een anoniem dossiernummer en een code "
                             f"per teamlid ({PRIVACY_SOURCE}). Een kolom met BSN-achtige nummers wordt geweigerd.",
               g(bold=True, font_color=COST_RED))
    row, col = cell_position(DOSSIERS_DESCRIPTION_CELL)
    write_text(ws, row - 1, first, DESCRIPTION_LABEL, g(bold=True))
    description = sheet.description if sheet else ""
    ws.merge_range(row - 1, col - 1, row - 1, col + 6, None, formats.input("@"))
    if description:
        write_text(ws, row - 1, col - 1, description, formats.input("@"))
    write_text(ws, row - 1, col + 8, "Wie, wanneer, hoe getrokken (10 à 15 casussen per teamlid, aselect). Daarna: "
                                     "mkba-xl dossiers <werkboek>.xlsx", g(italic=True, font_color=TEXT_GREY))


def _write_header(ws: Worksheet, formats: Formats, header_row: int, extras: tuple[str, ...]) -> None:
    g = formats.get
    first = DOSSIERS_FIRST_COL - 1
    band = header_row - 1
    col = first
    for group, members in groupby(COLUMNS, key=lambda c: c.group):
        width = len(list(members))
        if width > 1:
            ws.merge_range(band, col, band, col + width - 1, "", formats.section)
        write_text(ws, band, col, GROUPS[group], formats.section)
        col += width
    head = g(bold=True, font_size=9, text_wrap=True, valign="top", bg_color=HEADER_BLUE, border=1,
             border_color=RULE_GREY)
    for i, column in enumerate(COLUMNS):
        write_text(ws, header_row, first + i, column.header, head)
    for i, header in enumerate(extras):
        write_text(ws, header_row, first + len(COLUMNS) + i, header, head)


def _write_rows(ws: RowBlockWorksheet, formats: Formats, sheet: DossierSheet, first_row: int) -> None:
    """One row per dossier, its own columns after the analysis's: numbers as numbers, everything else as text
    (text from a workbook stays text); empty cells (None or '') are not written."""
    first = DOSSIERS_FIRST_COL - 1
    extra_first = first + len(COLUMNS)
    cell_formats = [formats.input(_number_format(c)) for c in COLUMNS]
    extra_format = formats.input("")
    keys = list(enumerate(c.key for c in COLUMNS))
    for r, dossier in enumerate(sheet.dossiers):
        values = dossier_to_row(dossier)
        cells = [(first + i, value, cell_formats[i]) for i, key in keys
                 if (value := values[key]) is not None and value != ""]
        extras = sheet.extra_values[r] if r < len(sheet.extra_values) else ()
        cells += [(extra_first + i, value, extra_format) for i, value in enumerate(extras)
                  if value is not None and value != ""]
        ws.add_row(first_row + r, cells)
