"""The input sheet GEVOELIGHEID: instructions, the header in B4:E4 and the user's own variations.

``add_user_variations_sheet`` writes it empty (template) or with the user's rows (an output workbook, which
stays a valid input: ``gevoeligheid_reader`` reads it back). Apart from the analysis and its results sheet
(``gevoeligheid_writer``), so that every run can carry the sheet over without importing them.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..schema import (
    GEVOELIGHEID_COLUMNS,
    GEVOELIGHEID_FIRST_COL,
    GEVOELIGHEID_HEADER_ROW,
    GEVOELIGHEID_MAX_ROWS,
    GEVOELIGHEID_SHEET,
)
from ..xlsx.cells import write_text as _text
from ..xlsx.styles import HEADER_BLUE, VALUE_FORMATS, Formats
from .variations import Variation, kind

__all__ = ["add_user_variations_sheet"]


def add_user_variations_sheet(workbook: Workbook, formats: Formats,
                              variations: Sequence[Variation] = ()) -> Worksheet:
    """The input sheet GEVOELIGHEID: instructions, the header in B4:E4 and unlocked rows to fill in.

    ``variations`` (e.g. the user's own, read from an input workbook) are written back row by row, so
    an output workbook that contains this sheet stays a valid input.
    """
    ws = workbook.add_worksheet(GEVOELIGHEID_SHEET)
    g = formats.get
    ws.set_column(0, 0, 2)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 3, 16)
    ws.set_column(4, 4, 60)
    _text(ws, 0, 1, "Eigen varianten voor de gevoeligheidsanalyse", formats.title)
    _text(ws, 1, 1, "Eén regel per veld: typ de veldnaam (zie mkba-xl schema), een cel van INVOER (bijvoorbeeld C43) "
                    "of kengetal:<sleutel>, en óf een nieuwe waarde óf een factor op de huidige waarde.", formats.note)
    _text(ws, 2, 1, "Regels met dezelfde omschrijving vormen samen één variant. De standaardvarianten rekent "
                    "mkba-xl gevoeligheid altijd door.", formats.note)
    header = g(bold=True, bottom=1, bg_color=HEADER_BLUE)
    for i, key in enumerate(GEVOELIGHEID_COLUMNS):
        _text(ws, GEVOELIGHEID_HEADER_ROW - 1, GEVOELIGHEID_FIRST_COL - 1 + i, GEVOELIGHEID_COLUMNS[key], header)
    cell = formats.input("")
    text_cell = formats.input("@")
    row = GEVOELIGHEID_HEADER_ROW
    for v in variations:
        for c in v.changes:
            _text(ws, row, 1, c.veld, text_cell)
            if c.factor is not None:
                ws.write_blank(row, 2, None, cell)
                ws.write_number(row, 3, float(c.factor), cell)
            else:
                if isinstance(c.waarde, str):
                    _text(ws, row, 2, c.waarde, cell)
                else:
                    ws.write_number(row, 2, float(c.waarde), formats.input(VALUE_FORMATS.get(kind(c.veld), "")))
                ws.write_blank(row, 3, None, cell)
            _text(ws, row, 4, v.omschrijving, text_cell)
            row += 1
    for r in range(row, GEVOELIGHEID_HEADER_ROW + GEVOELIGHEID_MAX_ROWS):
        ws.write_blank(r, 1, None, text_cell)
        ws.write_blank(r, 2, None, cell)
        ws.write_blank(r, 3, None, cell)
        ws.write_blank(r, 4, None, text_cell)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True})
    return ws
