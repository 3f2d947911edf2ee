"""The 'Per kalenderjaar' sheet of several years of the approach (MEERJARIG): per calendar year the cash flows
(costs, financial benefits, saldo) in total, per actor and per geldstroom, the immaterial benefits apart (they are
no cash), and the NCW per calendar year; with a chart of the cash flows.

Every number is a live formula over BEREKENING with the value ``Result.calendar`` computed cached beside it. A
calendar year Y sums the amounts of BEREKENING whose year of the approach plus their year 0..8 is Y (one SUMPRODUCT
over the rows and the years, on names of BEREKENING's columns: ``m_bedrag``, ``m_kj``, ``m_kant``, ...); the
column 'lange termijn' sums year 9 of every year of the approach. The NCW multiplies each amount with BEREKENING's
discount factor of its year and the factor of its year of the approach (column 'Factor jaar aanpak').
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..engine import BENEFITS, COSTS, IMMATERIAL, LONG_TERM_YEAR, TOTAL, YEARS, Result, Timeline
from ..schema import ACTOR_LABELS, ACTORS, DOMAIN_LABELS
from ..xlsx.styles import BENEFIT_GREEN, COST_RED, EURO_CHART, GRIDLINE_GREY, IMMATERIAL_GREEN, RULE_GREY
from .common import (
    AUDIT_FACTOR_ROW,
    AUDIT_SHEET,
    CALENDAR_SHEET,
    COL_ACTOR,
    COL_COHORT,
    COL_DOMAIN,
    COL_KIND,
    COL_SHIFT,
    COL_SIDE,
    COL_YEAR0,
    FINANCIAL,
    AuditLayout,
    Styles,
    write_formula,
)
from .common import IMMATERIAL as KIND_IMMATERIAL

__all__ = ["CalendarLayout", "calendar_layout", "write_calendar_sheet"]

FIRST_COL = 2  # column C: the first calendar year
LABEL_COL = 1
COHORT_TOP = 4
"""0-based row of the header of the table of the years of the approach and their factors."""
SALDO = "saldo"
ALL_BENEFITS, ALL_SALDO = "baten_incl_immaterieel", "saldo_incl_immaterieel"
"""Measures of ``Result.calendar``: the NCW rows hold every benefit, immaterial ones too (as UITVOER)."""
_MEASURE_LABELS = {COSTS: "kosten", BENEFITS: "baten (kasstroom)", SALDO: "saldo kasstroom",
                   IMMATERIAL: "immateriële baten (geen kasstroom)"}


@dataclass(frozen=True)
class CalendarRow:
    """One row of the sheet: a band (``measure`` empty) or a measure of one key ('totaal', an actor or a domain)."""

    label: str
    by: str | None = None
    key: str = TOTAL
    measure: str = ""
    discount: bool = False


@dataclass(frozen=True)
class CalendarLayout:
    """Where things are on the sheet (0-based), so UITVOER can refer to the NCW per calendar year."""

    rows: tuple[CalendarRow, ...]
    header: int
    columns: int

    def row_of(self, measure: str, discount: bool) -> int:
        """The row of a total (costs, benefits, saldo or immaterial; nominal or NCW)."""
        return next(self.header + 1 + i for i, r in enumerate(self.rows)
                    if r.measure == measure and r.discount == discount and r.by is None)

    def cell(self, row: int, column: int) -> str:
        return f"'{CALENDAR_SHEET}'!{xl_rowcol_to_cell(row, FIRST_COL + column)}"


def calendar_layout(result: Result) -> CalendarLayout:
    """The rows of the sheet: cash flows in total and per actor, per geldstroom, then the NCW per calendar year."""
    timeline = _timeline(result)
    cash = (COSTS, BENEFITS, SALDO, IMMATERIAL)
    rows: list[CalendarRow] = [CalendarRow("Kasstromen per kalenderjaar (nominaal, niet verdisconteerd)")]
    rows += [CalendarRow(f"Totaal — {_MEASURE_LABELS[m]}", None, TOTAL, m) for m in cash]
    for actor in ACTORS:
        rows += [CalendarRow(f"{ACTOR_LABELS[actor]} — {_MEASURE_LABELS[m]}", "actor", actor, m) for m in cash]
    rows.append(CalendarRow("Per geldstroom"))
    per_domain = result.calendar("domain")
    for domain in result.keys("domain"):
        rows += [CalendarRow(f"{DOMAIN_LABELS.get(domain, domain)} — {_MEASURE_LABELS[m]}", "domain", domain, m)
                 for m in cash if m != IMMATERIAL or any(abs(x) > 0.005 for x in per_domain[domain][m])]
    rows.append(CalendarRow(f"Netto contante waarde per kalenderjaar (verdisconteerd naar {timeline.base_year})"))
    rows += [CalendarRow("Kosten (NCW)", None, TOTAL, COSTS, True),
             CalendarRow("Baten, ook immateriële (NCW)", None, TOTAL, ALL_BENEFITS, True),
             CalendarRow("Saldo (NCW)", None, TOTAL, ALL_SALDO, True)]
    header = COHORT_TOP + len(timeline.years) + 3
    return CalendarLayout(tuple(rows), header, timeline.columns)


def _timeline(result: Result) -> Timeline:
    if result.timeline is None:
        raise ValueError("the calendar sheet is for several years of the approach (MEERJARIG)")
    return result.timeline


def write_calendar_sheet(workbook: Workbook, ws: Worksheet, s: Styles, result: Result, audit: AuditLayout) -> None:
    timeline = _timeline(result)
    layout = calendar_layout(result)
    labels = result.calendar_labels()
    last_col = FIRST_COL + len(labels)
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 2)
    ws.set_column(LABEL_COL, LABEL_COL, 46)
    ws.set_column(FIRST_COL, last_col, 13)
    ws.set_row(0, 24)
    years = timeline.years
    ws.write_string(0, LABEL_COL, f"Per kalenderjaar — {len(years)} jaar aanpak ({years[0]}-{years[-1]})", s.title)
    ws.write_string(1, LABEL_COL, "Kasstromen: nominaal, in het prijspeil van de analyse. Baten = financiële baten "
                    "(kasstroom); immateriële baten zijn geen kasstroom en staan apart. 'lange termijn' is jaar 9 van "
                    "elk jaar aanpak (al zijn latere jaren).", s.note)
    ws.write_string(2, LABEL_COL, f"Onderaan de NCW per kalenderjaar, verdisconteerd naar {timeline.base_year}; hun "
                    "som is de NCW van UITVOER.", s.note)
    _write_cohorts(ws, s, timeline)
    _define_names(workbook, audit)
    ws.write_blank(layout.header, LABEL_COL, None, s.col_header_left)
    year_header = s.formats.get(bold=True, align="right", bottom=1, bottom_color=RULE_GREY, num_format="0")
    for i, year in enumerate(timeline.calendar_years):
        ws.write_number(layout.header, FIRST_COL + i, year, year_header)
    for i, label in enumerate(labels[len(timeline.calendar_years):] + ["Totaal"], start=len(timeline.calendar_years)):
        ws.write_string(layout.header, FIRST_COL + i, label, s.col_header)
    tables = {(by, discount): result.calendar(by, discount) for by in (None, "actor", "domain")
              for discount in (False, True)}
    for i, row in enumerate(layout.rows):
        r = layout.header + 1 + i
        if not row.measure:
            ws.set_row(r, 18)
            ws.write_string(r, LABEL_COL, row.label, s.band)
            for c in range(FIRST_COL, last_col + 1):
                ws.write_blank(r, c, None, s.band)
            continue
        saldo = row.measure in (SALDO, ALL_SALDO)
        ws.write_string(r, LABEL_COL, row.label, s.saldo_label if saldo else s.line_label)
        values = tables[(row.by, row.discount)][row.key][row.measure]
        fmt = s.saldo_amount if saldo else s.amount
        for c in range(len(labels)):
            # a saldo is the two rows above it: benefits minus costs
            formula = f"={_ref(r - 1, c)}-{_ref(r - 2, c)}" if saldo else _formula(layout, c, row)
            write_formula(ws, r, FIRST_COL + c, formula, fmt, values[c])
        total = f"=SUM({_ref(r, 0)}:{_ref(r, len(labels) - 1)})"
        write_formula(ws, r, last_col, total, s.sum_amount, float(sum(values)))
    _chart(workbook, ws, layout, len(labels), layout.header + len(layout.rows) + 3)
    ws.freeze_panes(layout.header + 1, FIRST_COL)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _ref(row: int, column: int) -> str:
    return xl_rowcol_to_cell(row, FIRST_COL + column)


def _write_cohorts(ws: Worksheet, s: Styles, timeline: Timeline) -> None:
    """The years of the approach and their factors (as BEREKENING's column 'Factor jaar aanpak')."""
    ws.write_string(COHORT_TOP, LABEL_COL, "Jaar aanpak", s.text_header)
    ws.write_string(COHORT_TOP, FIRST_COL, "Factor", s.num_header)
    ws.write_string(COHORT_TOP, FIRST_COL + 1, "", s.num_header)
    for k, (year, shift) in enumerate(zip(timeline.years, timeline.shift)):
        r = COHORT_TOP + 1 + k
        ws.write_number(r, LABEL_COL, year, s.formats.get(num_format="0", align="left"))
        ws.write_number(r, FIRST_COL, shift, s.factor)
    ws.write_string(COHORT_TOP + 1 + len(timeline.years), LABEL_COL, "Factor: wat een euro in jaar 0 van dat jaar "
                    f"aanpak waard is in {timeline.base_year}.", s.note)


_COLUMNS = {"kant": COL_SIDE, "soort": COL_KIND, "actor": COL_ACTOR, "stroom": COL_DOMAIN,
            "jaar9": COL_YEAR0 + LONG_TERM_YEAR}
"""Names of BEREKENING's columns (``m_<key>``), so that the sheet's formulas stay short and readable."""
_YEAR_OFFSETS = "{" + ",".join(str(j) for j in range(LONG_TERM_YEAR)) + ",10000}"
"""Added to 'Jaar aanpak': the calendar year of each of the years 0..8; year 9 (the long term) matches none."""


def _define_names(workbook: Workbook, audit: AuditLayout) -> None:
    """m_kant, m_soort, m_actor, m_stroom, m_jaar9: BEREKENING's columns; m_bedrag: its years 0..9; m_kj: the
    calendar year of each of those amounts; m_ncw: each amount x its discount factor x the factor of its year of the
    approach; m_jaar9ncw: the same for year 9."""
    def column(first: int, last: int | None = None) -> str:
        return (f"{AUDIT_SHEET}!${xl_col_to_name(first)}${audit.first + 1}:${xl_col_to_name(last or first)}"
                f"${audit.last + 1}")

    for key, col in _COLUMNS.items():
        workbook.define_name(f"m_{key}", "=" + column(col))
    factors = f"{AUDIT_SHEET}!${xl_col_to_name(COL_YEAR0)}${AUDIT_FACTOR_ROW + 1}:" \
              f"${xl_col_to_name(COL_YEAR0 + YEARS - 1)}${AUDIT_FACTOR_ROW + 1}"
    workbook.define_name("m_bedrag", "=" + column(COL_YEAR0, COL_YEAR0 + YEARS - 1))
    workbook.define_name("m_kj", f"={column(COL_COHORT)}+{_YEAR_OFFSETS}")
    workbook.define_name("m_ncw", f"=m_bedrag*{factors}*{column(COL_SHIFT)}")
    workbook.define_name("m_jaar9ncw", f"=m_jaar9*{column(COL_SHIFT)}*{audit.factor_cell(LONG_TERM_YEAR)}")


def _criteria(row: CalendarRow) -> str:
    """The products that select the row's posts: side, kind, and its actor or domain."""
    if row.measure == COSTS:
        out = [("kant", COSTS)]
    elif row.measure == ALL_BENEFITS:
        out = [("kant", BENEFITS)]
    else:
        out = [("kant", BENEFITS), ("soort", FINANCIAL if row.measure == BENEFITS else KIND_IMMATERIAL)]
    if row.by == "actor":
        out.append(("actor", ACTOR_LABELS.get(row.key, row.key)))
    elif row.by == "domain":
        out.append(("stroom", DOMAIN_LABELS.get(row.key, row.key)))
    return "".join(f'*(m_{name}="{text}")' for name, text in out)


def _formula(layout: CalendarLayout, column: int, row: CalendarRow) -> str:
    """The amounts of BEREKENING that fall in calendar column ``column`` (module doc)."""
    if column == layout.columns - 1:  # the long term: year 9 of every year of the approach
        return f"=SUMPRODUCT({'m_jaar9ncw' if row.discount else 'm_jaar9'}{_criteria(row)})"
    year = xl_rowcol_to_cell(layout.header, FIRST_COL + column, row_abs=True)
    return f"=SUMPRODUCT({'m_ncw' if row.discount else 'm_bedrag'}*(m_kj={year}){_criteria(row)})"


def _chart(workbook: Workbook, ws: Worksheet, layout: CalendarLayout, n: int, top: int) -> None:
    """Costs, cash benefits and immaterial benefits per calendar year (001 4.4, Figuur 4.8: effects in time)."""
    chart = workbook.add_chart({"type": "column"})
    categories = [CALENDAR_SHEET, layout.header, FIRST_COL, layout.header, FIRST_COL + n - 1]
    for measure, name, colour in ((COSTS, "Kosten", COST_RED), (BENEFITS, "Baten (kasstroom)", BENEFIT_GREEN),
                                  (IMMATERIAL, "Immateriële baten", IMMATERIAL_GREEN)):
        r = layout.row_of(measure, False)
        chart.add_series({"name": name, "categories": categories,
                          "values": [CALENDAR_SHEET, r, FIRST_COL, r, FIRST_COL + n - 1],
                          "fill": {"color": colour}, "border": {"none": True}, "gap": 60})
    chart.set_title({"name": "Kasstromen per kalenderjaar", "name_font": {"size": 13}})
    chart.set_x_axis({"name": "Kalenderjaar ('lange termijn' = jaar 9 van elk jaar aanpak)",
                      "num_font": {"size": 9}, "name_font": {"size": 9, "bold": False}})
    chart.set_y_axis({"name": "Euro (niet verdisconteerd)", "num_format": EURO_CHART, "num_font": {"size": 9},
                      "name_font": {"size": 9, "bold": False},
                      "major_gridlines": {"visible": True, "line": {"color": GRIDLINE_GREY}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": 360})
    ws.insert_chart(top, LABEL_COL, chart, {"object_position": 3})

