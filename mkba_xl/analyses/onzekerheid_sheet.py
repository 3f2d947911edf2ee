"""The input sheet ONZEKERHEID: instructions, the user's assumptions and rank correlations, and the standard set.

``add_uncertainty_sheet`` writes it empty (template) or with the user's rows (an output workbook, which
stays a valid input: ``onzekerheid_reader`` reads it back). Under the two tables, outside the area the
reader reads, stands the standard set with its sources, locked, so users see what applies unless they
replace or remove it.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..dutch import FACTOR as FACTOR_KIND
from ..schema import (
    BOUNDS_AS,
    CORRELATION_COLUMNS,
    CORRELATION_FIRST_COL,
    DISTRIBUTIONS,
    NO_DISTRIBUTION,
    ONZEKERHEID_COLUMNS,
    ONZEKERHEID_FIRST_COL,
    ONZEKERHEID_HEADER_ROW,
    ONZEKERHEID_MAX_ROWS,
    ONZEKERHEID_SHEET,
)
from ..xlsx.cells import write_text
from ..xlsx.styles import HEADER_BLUE, INPUT_FORMATS, VALUE_FORMATS, Formats, wrapped_lines
from .onzekerheid_reader import MAX_CORRELATION
from .onzekerheid_rows import (
    FACTOR,
    GROUP_PREFIX,
    GROUPS,
    STANDARD_TITLE,
    AssumptionRow,
    UncertaintySheet,
    standard_rows,
)
from .variations import kind

__all__ = ["add_uncertainty_sheet"]

_WIDTHS = {0: 2, 1: 30, 2: 12, 3: 11, 4: 11, 5: 11, 6: 70, 7: 3, 8: 26, 9: 26, 10: 14}
_NOTES = (
    "Zonder eigen regels rekent mkba-xl onzekerheid met de standaardaannames onder de gele tabel: de bereiken die de "
    "LPBL-rapporten zelf in hun gevoeligheidsanalyses gebruiken.",
    "Een eigen regel voor hetzelfde veld vervangt de standaardaanname; verdeling 'geen' laat haar weg. De meest "
    "waarschijnlijke waarde is altijd de waarde op INVOER.",
    "veld: een veldnaam van INVOER (bijvoorbeeld terugval), kengetal:<sleutel> (in het prijsjaar van KENGETALLEN) of "
    f"een groep: {', '.join(GROUP_PREFIX + g for g in GROUPS)}. Grenzen als: waarde (in de eenheid van het veld) of "
    "factor op de INVOER-waarde (bijvoorbeeld 0,8 en 1,2).",
    "Verdeling: driehoek (laag, INVOER-waarde, hoog), uniform (laag tot hoog), normaal of lognormaal (laag en hoog "
    f"zijn het 5e en 95e percentiel). Rangcorrelatie (Spearman) tussen -{MAX_CORRELATION} en "
    f"{MAX_CORRELATION}: twee aannames die samen hoog of laag uitvallen.".replace("0.99", "0,99"),
)


def add_uncertainty_sheet(workbook: Workbook, formats: Formats, sheet: UncertaintySheet | None = None) -> Worksheet:
    """The input sheet ONZEKERHEID, empty or with the user's rows; the standard set below, for reading."""
    ws = workbook.add_worksheet(ONZEKERHEID_SHEET)
    for col, width in _WIDTHS.items():
        ws.set_column(col, col, width)
    write_text(ws, 0, 1, "Onzekerheid: welke aannames zijn onzeker?", formats.title)
    for i, note in enumerate(_NOTES):
        ws.merge_range(1 + i, 1, 1 + i, 10, "", formats.get(italic=True, text_wrap=True, valign="top"))
        write_text(ws, 1 + i, 1, note, formats.get(italic=True, text_wrap=True, valign="top"))
        ws.set_row(1 + i, 15.0 * wrapped_lines(note, sum(_WIDTHS[c] for c in range(1, 11))))
    header = formats.get(bold=True, bottom=1, bg_color=HEADER_BLUE, text_wrap=True, valign="top")
    top = ONZEKERHEID_HEADER_ROW - 1
    for i, text in enumerate(ONZEKERHEID_COLUMNS.values()):
        write_text(ws, top, ONZEKERHEID_FIRST_COL - 1 + i, text, header)
    for i, text in enumerate(CORRELATION_COLUMNS.values()):
        write_text(ws, top, CORRELATION_FIRST_COL - 1 + i, text, header)
    rows = sheet.rows if sheet is not None else ()
    correlations = sheet.correlations if sheet is not None else ()
    text_cell, cell = formats.input("@"), formats.input("")
    for i in range(ONZEKERHEID_MAX_ROWS):
        r = top + 1 + i
        if i < len(rows):
            _row(ws, formats, r, rows[i], input_cells=True)
        else:
            for col, fmt in ((1, text_cell), (2, cell), (3, cell), (4, cell), (5, cell), (6, text_cell)):
                ws.write_blank(r, col, None, fmt)
        if i < len(correlations):
            c = correlations[i]
            write_text(ws, r, 8, c.veld_1, text_cell)
            write_text(ws, r, 9, c.veld_2, text_cell)
            ws.write_number(r, 10, c.rangcorrelatie, formats.input("0.00"))
        else:
            for col, fmt in ((8, text_cell), (9, text_cell), (10, formats.input("0.00"))):
                ws.write_blank(r, col, None, fmt)
    last = top + ONZEKERHEID_MAX_ROWS
    _validations(ws, top + 1, last)
    _standard_table(ws, formats, last + 2)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True,
                    "format_rows": True})
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    return ws


def _validations(ws: Worksheet, first: int, last: int) -> None:
    for col, choices, title in ((2, (*DISTRIBUTIONS, NO_DISTRIBUTION), "Verdeling"), (3, BOUNDS_AS, "Grenzen als")):
        ws.data_validation(first, col, last, col, {
            "validate": "list", "source": list(choices), "ignore_blank": True, "input_title": title,
            "input_message": f"Kies een van: {', '.join(choices)}.", "error_title": "Kies uit de lijst",
            "error_message": f"Kies een waarde uit de keuzelijst: {', '.join(choices)}."})
    ws.data_validation(first, 10, last, 10, {
        "validate": "decimal", "criteria": "between", "minimum": -MAX_CORRELATION, "maximum": MAX_CORRELATION,
        "ignore_blank": True, "input_title": "Rangcorrelatie",
        "input_message": "Een getal tussen -0,99 en 0,99, bijvoorbeeld 0,5.", "error_title": "Geen geldig getal",
        "error_message": "Typ een getal tussen -0,99 en 0,99."})


def _bound_format(row: AssumptionRow) -> str:
    if row.grenzen == FACTOR:
        return VALUE_FORMATS[FACTOR_KIND]
    return INPUT_FORMATS.get(kind(row.veld), "")


def _row(ws: Worksheet, formats: Formats, r: int, row: AssumptionRow, *, input_cells: bool) -> None:
    """One assumption: yellow input cells (the user's rows) or grey locked ones (the standard set)."""
    wrap = not input_cells  # the standard set: wrapped and top-aligned beside its long sources
    make = formats.input if input_cells else formats.derived
    text_fmt = make("@", wrap=wrap)
    write_text(ws, r, 1, row.veld, text_fmt)
    write_text(ws, r, 2, row.verdeling, make("", wrap=wrap))
    write_text(ws, r, 3, row.grenzen, make("", wrap=wrap))
    for col, value in ((4, row.laag), (5, row.hoog)):
        if value is None:
            ws.write_blank(r, col, None, make("", wrap=wrap))
        else:
            ws.write_number(r, col, float(value), make(_bound_format(row), wrap=wrap))
    write_text(ws, r, 6, row.bron, text_fmt)
    if not input_cells:
        ws.set_row(r, 15.0 * max(wrapped_lines(row.bron, _WIDTHS[6]), wrapped_lines(row.veld, _WIDTHS[1])))


def _standard_table(ws: Worksheet, formats: Formats, top: int) -> None:
    write_text(ws, top, 1, STANDARD_TITLE, formats.get(bold=True, font_size=13))
    header = formats.get(bold=True, bottom=1, bg_color=HEADER_BLUE, text_wrap=True, valign="top")
    for i, text in enumerate(ONZEKERHEID_COLUMNS.values()):
        write_text(ws, top + 1, 1 + i, text, header)
    for i, row in enumerate(standard_rows()):
        _row(ws, formats, top + 2 + i, row, input_cells=False)
