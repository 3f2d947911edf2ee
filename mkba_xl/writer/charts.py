"""The Grafieken sheet: native charts (per year, per actor, the composition of the costs and of the benefits)
over copies of UITVOER cells, so that a chart follows a recalculated UITVOER.

Each chart is 16 cm wide, the width of a Word page, and names the municipality in its title and the unit and
source under its plot; the data labels of two bars side by side are set apart so that they never overlap.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import __version__
from ..engine import BENEFITS, COSTS, LINE_BY_CODE, TOTAL, Result
from ..schema import ACTOR_LABELS, ACTORS
from ..xlsx.styles import BENEFIT_GREEN, COST_RED, EURO_CHART, GRIDLINE_GREY, IMMATERIAL_GREEN
from .common import (
    CHARTS_SHEET,
    UITVOER_SHEET,
    Styles,
    leaf_rows,
    numbered_label,
    row_code,
    shown_rows,
    write_formula,
)
from .uitvoer import U_EXACT, U_SHOWN, U_YEAR_BENEFITS, U_YEAR_COSTS, UitvoerRefs

CHART_SIZE = {"width": 605, "height": 321}
"""16 cm by 8,5 cm: the width of a Word page of A4 with margins of 2,5 cm, so that a copied chart fits."""
CHART_ROWS = 18  # rows of 20 px that one chart with a gap takes
CHART_TOP = 4
DATA_COL = 13  # column N: the charts' data, right of the charts
AXIS_FONT = {"size": 8}
NAME_FONT = {"size": 8, "bold": False}
GRIDLINES = {"visible": True, "line": {"color": GRIDLINE_GREY}}


def write_charts_sheet(workbook: Workbook, ws: Worksheet, s: Styles, result: Result, refs: UitvoerRefs) -> None:
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 2)
    ws.set_column(DATA_COL, DATA_COL, 38)
    ws.set_column(DATA_COL + 1, DATA_COL + 2, 15)
    ws.set_row(0, 24)
    ws.write_string(0, 1, "Grafieken", s.title)
    ws.write_string(1, 1, "Kopieer een grafiek (klik erop, Ctrl+C) om haar in een rapport te plakken.", s.note)
    ws.write_string(2, 1, "De gegevens staan rechts op dit blad, gekoppeld aan het blad UITVOER.", s.note)

    def data_cell(r: int, c: int) -> str:
        return f"='{UITVOER_SHEET}'!{xl_rowcol_to_cell(r, c)}"

    # Chart data: copies of UITVOER cells, one small table per chart.
    row = 2
    ws.write_string(row, DATA_COL, "Gegevens bij de grafieken", s.ratio_label)
    row += 2
    per_year = _year_values(result)
    ws.write_string(row, DATA_COL, "Jaar" if result.timeline is None else "Kalenderjaar", s.text_header)
    ws.write_string(row, DATA_COL + 1, "Kosten (NCW)", s.num_header)
    ws.write_string(row, DATA_COL + 2, "Baten (NCW)", s.num_header)
    years_first = row + 1
    for t, label in enumerate(refs.year_labels):
        r = years_first + t
        ws.write_string(r, DATA_COL, label, s.text)
        write_formula(ws, r, DATA_COL + 1, data_cell(refs.year_first + t, U_YEAR_COSTS), s.amount, per_year[COSTS][t])
        write_formula(ws, r, DATA_COL + 2, data_cell(refs.year_first + t, U_YEAR_BENEFITS), s.amount,
                 per_year[BENEFITS][t])
    years_last = years_first + len(refs.year_labels) - 1

    row = years_last + 2
    budget = result.budget("actor")
    ws.write_string(row, DATA_COL, "Actor (begroting na 2 jaar)", s.text_header)
    ws.write_string(row, DATA_COL + 1, "Kosten", s.num_header)
    ws.write_string(row, DATA_COL + 2, "Baten", s.num_header)
    actors_first = row + 1
    for i, actor in enumerate(ACTORS):
        r = actors_first + i
        ws.write_string(r, DATA_COL, ACTOR_LABELS[actor], s.text)
        write_formula(ws, r, DATA_COL + 1, data_cell(refs.budget_costs, U_SHOWN + i), s.amount, budget[actor][COSTS])
        write_formula(ws, r, DATA_COL + 2, data_cell(refs.budget_benefits, U_SHOWN + i), s.amount,
                 budget[actor][BENEFITS])
    actors_last = actors_first + len(ACTORS) - 1

    row = actors_last + 2
    parts = {side: _part_table(ws, s, result, refs, side, first) for side, first in
             ((COSTS, row), (BENEFITS, row + 2 + len(leaf_rows(shown_rows(result, COSTS)))))}
    note = Note(result)
    per_year_chart(workbook, ws, note, (years_first, years_last), CHART_TOP,
                   major_unit([*per_year[COSTS], *per_year[BENEFITS]]))
    per_actor_chart(workbook, ws, note, (actors_first, actors_last), CHART_TOP + CHART_ROWS,
                    major_unit([budget[a][side] for a in ACTORS for side in (COSTS, BENEFITS)]))
    for i, side in enumerate((COSTS, BENEFITS)):
        parts_chart(workbook, ws, note, side, parts[side], CHART_TOP + (2 + i) * CHART_ROWS,
                    major_unit([sum(result.line_ncw(c) for c in r.lines)
                                for r in leaf_rows(shown_rows(result, side))], 4))

    ws.print_area(0, 0, CHART_TOP + 4 * CHART_ROWS, DATA_COL - 1)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _year_values(result: Result) -> dict[str, Any]:
    """The per-year block's values: NCW per year 0..9, or per calendar year of several years of the approach."""
    if result.timeline is None:
        return {COSTS: result.per_year(COSTS), BENEFITS: result.per_year(BENEFITS)}
    ncw = result.calendar(None, discount=True)[TOTAL]
    return {COSTS: ncw[COSTS], BENEFITS: ncw["baten_incl_immaterieel"]}


def _part_table(ws: Worksheet, s: Styles, result: Result, refs: UitvoerRefs, side: str,
                row: int) -> tuple[int, int, list[bool]]:
    """The data of a composition chart: the leaves of the way's screen ('1a Nieuw voor oud', '2 ...'), copies of
    their UITVOER cells. Returns the first and last data row and which rows are immaterial."""
    ws.write_string(row, DATA_COL, "Kosten (NCW)" if side == COSTS else "Baten (NCW)", s.text_header)
    ws.write_string(row, DATA_COL + 1, "Bedrag", s.num_header)
    ws.write_blank(row, DATA_COL + 2, None, s.num_header)
    rows = shown_rows(result, side)
    leaves = leaf_rows(rows)
    for i, screen_row in enumerate(leaves):
        r = row + 1 + i
        ws.write_string(r, DATA_COL, numbered_label(rows, screen_row), s.text)
        source = xl_rowcol_to_cell(refs.line_rows[row_code(screen_row)], U_EXACT)
        write_formula(ws, r, DATA_COL + 1, f"='{UITVOER_SHEET}'!{source}", s.amount,
                      sum(result.line_ncw(c) for c in screen_row.lines))
    immaterial = [all(LINE_BY_CODE[c].immaterial for c in r.lines) for r in leaves]
    return row + 1, row + len(leaves), immaterial


class Note:
    """Who and what every chart is about: the municipality in the title, unit and source under the plot."""

    def __init__(self, result: Result) -> None:
        meta = result.meta
        self.gemeente = str(meta.get("gemeente", ""))
        self.source = f"Bron: mkba-xl {__version__}, rekenwijze {result.rekenwijze.key}"
        self.budget_years = result.budget_years
        self.several = result.timeline is not None  # several years of the approach (MEERJARIG): calendar years

    def title(self, text: str) -> dict[str, Any]:
        return {"name": f"{text} — {self.gemeente}" if self.gemeente else text, "name_font": {"size": 12}}

    def axis(self, unit: str) -> str:
        return f"{unit}. {self.source}"


def major_unit(values: Any, ticks: int = 5) -> float:
    """A round step (1, 2, 2,5 or 5 x 10^k) that gives the value axis about ``ticks`` labels, so that they never
    run into each other on a chart 16 cm wide."""
    largest = max((abs(float(v)) for v in np.ravel(values)), default=0.0)
    if largest <= 0:
        return 1.0
    raw = largest / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw * (1 - 1e-12))


def _rng(first: int, last: int, col: int) -> list[Any]:
    return [CHARTS_SHEET, first, col, last, col]


def _place(ws: Worksheet, chart: Any, row: int) -> None:
    chart.set_size(CHART_SIZE)
    chart.set_chartarea({"border": {"color": GRIDLINE_GREY}})
    ws.insert_chart(row, 1, chart, {"object_position": 3})


def per_year_chart(workbook: Workbook, ws: Worksheet, note: Note, rows: tuple[int, int], top: int,
                   step: float) -> None:
    """(a) Costs and benefits per year 0..9 (NCW)."""
    chart = workbook.add_chart({"type": "column"})
    for col, name, colour in ((DATA_COL + 1, "Kosten", COST_RED), (DATA_COL + 2, "Baten", BENEFIT_GREEN)):
        chart.add_series({"name": name, "categories": _rng(*rows, DATA_COL), "values": _rng(*rows, col),
                          "fill": {"color": colour}, "border": {"none": True}, "gap": 60})
    chart.set_title(note.title("Kosten en baten per kalenderjaar (NCW)" if note.several else
                               "Kosten en baten per jaar (NCW)"))
    chart.set_x_axis({"name": note.axis("Kalenderjaar ('lange termijn' = jaar 9 van elk jaar aanpak)" if note.several
                                        else "Jaar na de start (jaar 9 = lange termijn)"), "num_font": AXIS_FONT,
                      "name_font": NAME_FONT})
    chart.set_y_axis({"name": "Euro (netto contante waarde)", "num_format": EURO_CHART, "num_font": AXIS_FONT,
                      "name_font": NAME_FONT, "major_gridlines": GRIDLINES, "major_unit": step})
    chart.set_legend({"position": "top", "font": AXIS_FONT})
    _place(ws, chart, top)


def per_actor_chart(workbook: Workbook, ws: Worksheet, note: Note, rows: tuple[int, int], top: int,
                    step: float) -> None:
    """(b) Costs and benefits per actor in the budget view: labels above bars set apart, so that two close amounts
    (the gemeente's) do not run into each other."""
    chart = workbook.add_chart({"type": "column"})
    for col, name, colour in ((DATA_COL + 1, "Kosten", COST_RED), (DATA_COL + 2, "Baten", BENEFIT_GREEN)):
        chart.add_series({"name": name, "categories": _rng(*rows, DATA_COL), "values": _rng(*rows, col),
                          "fill": {"color": colour}, "border": {"none": True}, "gap": 70, "overlap": -25,
                          "data_labels": {"value": True, "position": "outside_end", "num_format": EURO_CHART,
                                          "font": {"size": 7}}})
    chart.set_title(note.title("Kosten en baten per actor (NCW, alle jaren)" if note.several else
                               "Begroting na 2 jaar per actor"))
    unit = "Kasstromen jaar 0 en 1, niet verdisconteerd" if note.budget_years else "Netto contante waarde per actor"
    chart.set_x_axis({"name": note.axis(unit), "num_font": AXIS_FONT, "name_font": NAME_FONT})
    chart.set_y_axis({"name": "Euro", "num_format": EURO_CHART, "num_font": AXIS_FONT, "name_font": NAME_FONT,
                      "major_gridlines": GRIDLINES, "major_unit": step})
    chart.set_legend({"position": "top", "font": AXIS_FONT})
    _place(ws, chart, top)


def parts_chart(workbook: Workbook, ws: Worksheet, note: Note, side: str, table: tuple[int, int, list[bool]],
                top: int, step: float) -> None:
    """(c, d) The composition of the costs and of the benefits; immaterial benefits in a lighter green."""
    first, last, immaterial = table
    chart = workbook.add_chart({"type": "bar"})
    colour = COST_RED if side == COSTS else BENEFIT_GREEN
    points = [{"fill": {"color": IMMATERIAL_GREEN if light else colour}} for light in immaterial]
    name = "Kosten (NCW)" if side == COSTS else "Baten (NCW)"
    chart.add_series({"name": name, "categories": _rng(first, last, DATA_COL),
                      "values": _rng(first, last, DATA_COL + 1), "points": points, "border": {"none": True},
                      "gap": 50, "data_labels": {"value": True, "num_format": EURO_CHART, "font": {"size": 7}}})
    chart.set_title(note.title("Samenstelling van de kosten (NCW)" if side == COSTS else
                               "Samenstelling van de baten (NCW)"))
    unit = "Euro (netto contante waarde)" + ("; lichtgroen = immateriële baten" if side == BENEFITS else "")
    chart.set_x_axis({"num_format": EURO_CHART, "num_font": AXIS_FONT, "major_gridlines": GRIDLINES,
                      "name": note.axis(unit), "name_font": NAME_FONT, "major_unit": step})
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": AXIS_FONT})
    chart.set_legend({"none": True})
    _place(ws, chart, top)
