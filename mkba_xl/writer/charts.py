"""The Grafieken sheet: native charts (per year, per actor, composition of the benefits) over copies
of UITVOER cells, so that a chart follows a recalculated UITVOER.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..engine import BENEFITS, COSTS, LINE_BY_CODE, TOTAL, Result, ScreenRow
from ..schema import ACTOR_LABELS, ACTORS
from ..xlsx.styles import BENEFIT_GREEN, COST_RED, EURO_CHART, GRIDLINE_GREY, IMMATERIAL_GREEN
from .common import CHARTS_SHEET, UITVOER_SHEET, Styles, row_code, shown_rows, write_formula
from .uitvoer import U_EXACT, U_SHOWN, U_YEAR_BENEFITS, U_YEAR_COSTS, UitvoerRefs

CHART_SIZE = {"width": 720, "height": 360}
CHART_ROWS = 19  # rows of 20 px that one chart with a gap takes
CHART_TOP = 4
DATA_COL = 13  # column N: the charts' data, right of the charts


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
    ws.write_string(row, DATA_COL, "Baten (NCW)", s.text_header)
    ws.write_string(row, DATA_COL + 1, "Bedrag", s.num_header)
    ws.write_blank(row, DATA_COL + 2, None, s.num_header)
    rows = shown_rows(result, BENEFITS)  # the leaves of the way's screen: '1a Nieuw voor oud', '2 ...'
    leaves = [r for i, r in enumerate(rows) if r.sub or i + 1 == len(rows) or not rows[i + 1].sub]
    benefits_first = row + 1
    for i, screen_row in enumerate(leaves):
        r = benefits_first + i
        ws.write_string(r, DATA_COL, f"{_parent_number(rows, screen_row)}{screen_row.number} {screen_row.label}",
                        s.text)
        write_formula(ws, r, DATA_COL + 1, data_cell(refs.line_rows[row_code(screen_row)], U_EXACT), s.amount,
                      sum(result.line_ncw(c) for c in screen_row.lines))
    benefits_last = benefits_first + len(leaves) - 1

    def rng(first: int, last: int, col: int) -> list[Any]:
        return [CHARTS_SHEET, first, col, last, col]

    axis_font = {"size": 9}
    gridlines = {"visible": True, "line": {"color": GRIDLINE_GREY}}

    # (a) per year
    chart = workbook.add_chart({"type": "column"})
    for col, name, colour in ((DATA_COL + 1, "Kosten", COST_RED), (DATA_COL + 2, "Baten", BENEFIT_GREEN)):
        chart.add_series({"name": name, "categories": rng(years_first, years_last, DATA_COL),
                          "values": rng(years_first, years_last, col), "fill": {"color": colour},
                          "border": {"none": True}, "gap": 60})
    several = result.timeline is not None
    chart.set_title({"name": "Kosten en baten per kalenderjaar (NCW)" if several else "Kosten en baten per jaar (NCW)",
                     "name_font": {"size": 13}})
    chart.set_x_axis({"name": "Kalenderjaar ('lange termijn' = jaar 9 van elk jaar aanpak)" if several else
                      "Jaar na de start (jaar 9 = lange termijn)", "num_font": axis_font,
                      "name_font": {"size": 9, "bold": False}})
    chart.set_y_axis({"name": "Euro (netto contante waarde)", "num_format": EURO_CHART, "num_font": axis_font,
                      "name_font": {"size": 9, "bold": False}, "major_gridlines": gridlines})
    chart.set_legend({"position": "bottom"})
    chart.set_size(CHART_SIZE)
    ws.insert_chart(CHART_TOP, 1, chart, {"object_position": 3})

    # (b) per actor
    chart = workbook.add_chart({"type": "column"})
    for col, name, colour in ((DATA_COL + 1, "Kosten", COST_RED), (DATA_COL + 2, "Baten", BENEFIT_GREEN)):
        chart.add_series({"name": name, "categories": rng(actors_first, actors_last, DATA_COL),
                          "values": rng(actors_first, actors_last, col), "fill": {"color": colour},
                          "border": {"none": True}, "gap": 80,
                          "data_labels": {"value": True, "num_format": EURO_CHART, "font": {"size": 8}}})
    chart.set_title({"name": "Kosten en baten per actor (begroting na 2 jaar)" if not several else
                     "Kosten en baten per actor (NCW, alle jaren)", "name_font": {"size": 13}})
    chart.set_x_axis({"num_font": axis_font})
    chart.set_y_axis({"name": "Euro per jaar (niet verdisconteerd)" if result.budget_years else
                      "Euro (netto contante waarde)", "num_format": EURO_CHART,
                      "num_font": axis_font, "name_font": {"size": 9, "bold": False}, "major_gridlines": gridlines})
    chart.set_legend({"position": "bottom"})
    chart.set_size(CHART_SIZE)
    ws.insert_chart(CHART_TOP + CHART_ROWS, 1, chart, {"object_position": 3})

    # (c) composition of the benefits; immaterial lines in a lighter green
    chart = workbook.add_chart({"type": "bar"})
    points = [{"fill": {"color": IMMATERIAL_GREEN if all(LINE_BY_CODE[c].immaterial for c in r.lines)
                        else BENEFIT_GREEN}} for r in leaves]
    chart.add_series({"name": "Baten (NCW)", "categories": rng(benefits_first, benefits_last, DATA_COL),
                      "values": rng(benefits_first, benefits_last, DATA_COL + 1), "points": points,
                      "border": {"none": True}, "gap": 50,
                      "data_labels": {"value": True, "num_format": EURO_CHART, "font": {"size": 8}}})
    chart.set_title({"name": "Samenstelling van de baten (NCW)", "name_font": {"size": 13}})
    chart.set_x_axis({"num_format": EURO_CHART, "num_font": axis_font, "major_gridlines": gridlines,
                      "name": "Euro (netto contante waarde); lichtgroen = immateriële baten",
                      "name_font": {"size": 9, "bold": False}})
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": axis_font})
    chart.set_legend({"none": True})
    chart.set_size(CHART_SIZE)
    ws.insert_chart(CHART_TOP + 2 * CHART_ROWS, 1, chart, {"object_position": 3})

    ws.print_area(0, 0, CHART_TOP + 3 * CHART_ROWS, DATA_COL - 1)
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


def _parent_number(rows: list[ScreenRow], row: ScreenRow) -> str:
    """'1' for the lettered row 'a' under '1 Besparing organisatiekosten', so that the chart reads '1a ...'."""
    if not row.sub:
        return ""
    parent = ""
    for r in rows:
        if not r.sub:
            parent = r.number
        if r is row:
            return parent
    return ""
