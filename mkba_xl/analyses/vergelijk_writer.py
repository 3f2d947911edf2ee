"""The comparison workbook of ``mkba-xl vergelijk``: the sheet VERGELIJKING (figures per scenario, differences to
the first, a native chart) and the sheet 'Verschillen invoer' (the inputs that are not the same everywhere).

The figures are values, not formulas: each scenario is computed from its own workbook (whose UITVOER holds the live
formulas); this workbook sets them side by side. Written atomically like every workbook of the project.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..xlsx.book import write_atomically
from ..xlsx.cells import write_number_or_text, write_text
from ..xlsx.styles import (
    BENEFIT_GREEN,
    COST_RED,
    EURO_AMOUNT,
    EURO_CHART,
    GRIDLINE_GREY,
    HEADER_BLUE,
    NAVY,
    RATIO,
    RULE_GREY,
    TEXT_GREY,
    WHITE,
    Formats,
)
from .vergelijk import RATIO as RATIO_KIND
from .vergelijk import Comparison

__all__ = ["COMPARISON_SHEET", "INPUTS_SHEET", "write_comparison"]

COMPARISON_SHEET = "VERGELIJKING"
INPUTS_SHEET = "Verschillen invoer"
_LABEL, _FIRST = 1, 2  # columns B (labels) and C (first scenario)
_SERIES_COLOURS = (COST_RED, BENEFIT_GREEN, NAVY, "#ED7D31", "#7030A0", "#00B0F0", "#FFC000", TEXT_GREY)
_CHART_KEYS = ("kosten.totaal", "baten.totaal", "saldo")


def write_comparison(path: str | os.PathLike[str], comparison: Comparison) -> None:
    """Write the comparison workbook to ``path`` atomically (a complete file or none)."""
    def build(workbook: Workbook, formats: Formats) -> None:
        ws = workbook.add_worksheet(COMPARISON_SHEET)
        rows = _write_figures(ws, formats, comparison)
        _chart(workbook, ws, formats, comparison, rows)
        _write_inputs(workbook.add_worksheet(INPUTS_SHEET), formats, comparison)
        ws.activate()

    write_atomically(path, build)


def _write_figures(ws: Worksheet, f: Formats, c: Comparison) -> dict[str, int]:
    g = f.get
    n = len(c.scenarios)
    header = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True, valign="top",
               align="right")
    band = g(bold=True, bg_color=NAVY, font_color=WHITE)
    amount, ratio = g(num_format=EURO_AMOUNT), g(num_format=RATIO)
    diff = {False: g(num_format=EURO_AMOUNT, italic=True, font_color=TEXT_GREY),
            True: g(num_format=RATIO, italic=True, font_color=TEXT_GREY)}
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 2)
    ws.set_column(_LABEL, _LABEL, 52)
    ws.set_column(_FIRST, _FIRST + 2 * n - 2, 17)
    write_text(ws, 0, _LABEL, "Vergelijking van scenario's", f.title)
    first = c.scenarios[0].name
    write_text(ws, 1, _LABEL, f"Een kolom per scenario (NCW, in het prijspeil van elk scenario); 'verschil' is het "
                              f"scenario min het eerste ({first}). De invoer die verschilt staat op het blad "
                              f"{INPUTS_SHEET}.", f.note)
    top = 3
    write_text(ws, top, _LABEL, "Scenario", g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE))
    for i, s in enumerate(c.scenarios):
        write_text(ws, top, _FIRST + i, s.name, header)
    for i, s in enumerate(c.scenarios[1:], start=1):
        write_text(ws, top, _FIRST + n - 1 + i, f"Verschil {s.name}", header)
    meta = (("Bestand", lambda s: Path(s.path).name), ("Gemeente", lambda s: s.invoer["gemeente"]),
            ("Aanpak", lambda s: s.invoer["aanpak"]), ("Prijspeil", lambda s: str(s.invoer.price_year)),
            ("Jaren aanpak", lambda s: "1" if s.result.timeline is None else
             f"{len(s.result.timeline.years)} ({s.result.timeline.years[0]}-{s.result.timeline.years[-1]})"))
    r = top + 1
    for label, of in meta:
        write_text(ws, r, _LABEL, label, f.help)
        for i, s in enumerate(c.scenarios):
            write_text(ws, r, _FIRST + i, of(s), g(align="right", font_color=TEXT_GREY))
        r += 1
    rows: dict[str, int] = {}
    section = ""
    for line in c.lines:
        if line.section != section:
            r += 1
            section = line.section
            write_text(ws, r, _LABEL, section, band)
            for col in range(_FIRST, _FIRST + 2 * n - 1):
                ws.write_blank(r, col, None, band)
            r += 1
        rows[line.key] = r
        is_ratio = line.kind == RATIO_KIND
        write_text(ws, r, _LABEL, line.label, g(bold=True) if line.key in _CHART_KEYS else None)
        for i, value in enumerate(line.values):
            write_number_or_text(ws, r, _FIRST + i, value, ratio if is_ratio else amount)
        for i, value in enumerate(line.differences[1:], start=1):
            write_number_or_text(ws, r, _FIRST + n - 1 + i, value, diff[is_ratio])
        r += 1
    ws.freeze_panes(top + 1, _FIRST)
    ws.print_area(0, 0, r + 22, _FIRST + 2 * n - 2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    return rows


def _chart(workbook: Workbook, ws: Worksheet, f: Formats, c: Comparison, rows: dict[str, int]) -> None:
    """Costs, benefits and saldo per scenario: a clustered column chart over the figures' cells."""
    data_col = _FIRST + 2 * len(c.scenarios)  # right of the table: the chart's categories and values
    small = f.get(font_color=TEXT_GREY, font_size=8)
    write_text(ws, 3, data_col, "Gegevens bij de grafiek", small)
    labels = {"kosten.totaal": "Totale kosten", "baten.totaal": "Totale baten", "saldo": "Saldo"}
    for j, key in enumerate(_CHART_KEYS):
        write_text(ws, 4 + j, data_col, labels[key], small)
    chart = workbook.add_chart({"type": "column"})
    for i in range(len(c.scenarios)):
        col = _FIRST + i
        values = [f"={xl_rowcol_to_cell(rows[key], col)}" for key in _CHART_KEYS]
        for j, formula in enumerate(values):
            number = next(line.values[i] for line in c.lines if line.key == _CHART_KEYS[j])
            ws.write_formula(4 + j, data_col + 1 + i, formula, small, number if math.isfinite(number) else 0)
        chart.add_series({"name": [COMPARISON_SHEET, 3, col],
                          "categories": [COMPARISON_SHEET, 4, data_col, 4 + len(_CHART_KEYS) - 1, data_col],
                          "values": [COMPARISON_SHEET, 4, data_col + 1 + i, 4 + len(_CHART_KEYS) - 1, data_col + 1 + i],
                          "fill": {"color": _SERIES_COLOURS[i % len(_SERIES_COLOURS)]}, "border": {"none": True},
                          "gap": 80})
    chart.set_title({"name": "Kosten, baten en saldo per scenario (NCW)", "name_font": {"size": 13}})
    chart.set_y_axis({"num_format": EURO_CHART, "num_font": {"size": 9},
                      "major_gridlines": {"visible": True, "line": {"color": GRIDLINE_GREY}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 360})
    ws.insert_chart(max(rows.values()) + 3, _LABEL, chart, {"object_position": 3})


def _write_inputs(ws: Worksheet, f: Formats, c: Comparison) -> None:
    g = f.get
    header = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True, valign="top")
    widths = (2, 18, 26, 54, *([18] * len(c.scenarios)))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    write_text(ws, 0, 1, "Invoer die verschilt tussen de scenario's", f.title)
    write_text(ws, 1, 1, "Per veld (in de volgorde van het blad INVOER, dan KENGETALLEN en MEERJARIG) de waarde in "
                         "elk scenario; velden die overal gelijk zijn staan er niet.", f.note)
    for col, text in enumerate(("Waar", "Veld", "Omschrijving", *(s.name for s in c.scenarios)), start=1):
        write_text(ws, 3, col, text, header)
    wrap = g(text_wrap=True, valign="top")
    for r, d in enumerate(c.inputs, start=4):
        for col, text in enumerate((d.where, d.key, d.label, *d.values), start=1):
            write_text(ws, r, col, text, wrap)
    if not c.inputs:
        write_text(ws, 4, 1, "Geen: alle invoer is in elk scenario gelijk.", f.note)
    ws.freeze_panes(4, 0)
    ws.autofilter(3, 1, 3 + max(len(c.inputs), 1), 3 + len(c.scenarios))

