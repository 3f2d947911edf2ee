"""The BEREKENING sheet: one row per ledger post (nominal amounts per year, budget window, NCW,
description and sources); every other sheet sums these rows.
"""

from __future__ import annotations

import numpy as np
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..engine import BENEFITS, COSTS, YEARS, Post, Result
from ..invoer import Invoer
from ..references import readable
from ..schema import ACTOR_LABELS, DOMAIN_LABELS, INVOER_SHEET, NET_EFFECT_RULE, fields_by_key
from ..xlsx.cells import write_text as _text
from .common import (
    AUDIT_COHORT_HEADERS,
    AUDIT_FACTOR_ROW,
    AUDIT_HEADER_ROW,
    AUDIT_HEADERS,
    AUDIT_SHEET,
    AUDIT_WIDTHS,
    COL_ACTOR,
    COL_BUDGET,
    COL_COHORT,
    COL_DESCRIPTION,
    COL_DOMAIN,
    COL_KIND,
    COL_LINE,
    COL_LINE_LABEL,
    COL_NCW,
    COL_SHIFT,
    COL_SIDE,
    COL_SOURCES,
    COL_YEAR0,
    FINANCIAL,
    IMMATERIAL,
    AuditLayout,
    Styles,
    abs_range,
    number,
    write_formula,
)


def write_audit_sheet(ws: Worksheet, s: Styles, result: Result, posts: list[Post], audit: AuditLayout,
                      invoer: Invoer | None = None) -> None:
    for col, width in enumerate(AUDIT_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_row(0, 24)
    timeline = result.timeline
    if timeline is None:
        ws.write_string(0, 0, "BEREKENING — alle posten van één jaar aanpak", s.title)
        ws.write_string(1, 0, "Eén regel per post: nominale bedragen per jaar (jaar 9 = lange termijn), de NCW "
                        "(som van jaar x disconteringsfactor) en de bronnen. UITVOER telt deze regels op per "
                        "UITVOER-regel (kolom Regel), per actor en per geldstroom.", s.note)
    else:
        years = timeline.years
        ws.write_string(0, 0, f"BEREKENING — alle posten van {len(years)} jaar aanpak ({years[0]}-{years[-1]})",
                        s.title)
        ws.write_string(1, 0, "Eén regel per post per jaar aanpak: nominale bedragen in de jaren 0-9 van dat jaar "
                        "aanpak (jaar 9 = lange termijn; een jaar zonder bedrag blijft leeg), de NCW (som van jaar x "
                        f"disconteringsfactor x factor jaar aanpak, verdisconteerd naar {timeline.base_year}) en de "
                        "bronnen.", s.note)
        year_format = s.formats.get(num_format="0", align="right")  # created only here: one year keeps its bytes
        for col, header in zip((COL_COHORT, COL_SHIFT), AUDIT_COHORT_HEADERS):
            ws.set_column(col, col, 12)
            ws.write_string(AUDIT_HEADER_ROW, col, header, s.num_header)
    ws.write_string(AUDIT_FACTOR_ROW, COL_DESCRIPTION, "Disconteringsfactor per jaar", s.factor_label)
    ws.write_string(AUDIT_FACTOR_ROW + 1, 0, NET_EFFECT_RULE, s.note)
    for t in range(YEARS):
        ws.write_number(AUDIT_FACTOR_ROW, COL_YEAR0 + t, float(result.discount_factors[t]), s.factor)
    for col, header in enumerate(AUDIT_HEADERS):
        numeric = COL_YEAR0 <= col <= COL_NCW
        ws.write_string(AUDIT_HEADER_ROW, col, header, s.num_header if numeric else s.text_header)

    factors = f"${xl_col_to_name(COL_YEAR0)}${AUDIT_FACTOR_ROW + 1}:${xl_col_to_name(COL_YEAR0 + YEARS - 1)}" \
              f"${AUDIT_FACTOR_ROW + 1}"
    for i, post in enumerate(posts):
        r = audit.first + i
        ws.write_string(r, COL_LINE, post.line, s.text)
        ws.write_string(r, COL_LINE_LABEL, result.screen.line_labels[post.line], s.text)
        _text(ws, r, COL_DESCRIPTION, post.description, s.text)
        ws.write_string(r, COL_DOMAIN, DOMAIN_LABELS.get(post.domain, post.domain), s.text)
        ws.write_string(r, COL_ACTOR, ACTOR_LABELS.get(post.actor, post.actor), s.text)
        ws.write_string(r, COL_KIND, IMMATERIAL if post.immaterial else FINANCIAL, s.text)
        ws.write_string(r, COL_SIDE, post.side, s.text)
        amounts = np.asarray(post.amounts, dtype=float)
        for t in range(YEARS):
            if timeline is None or amounts[t] != 0:  # several years: a year without an amount stays empty
                ws.write_number(r, COL_YEAR0 + t, float(amounts[t]), s.amount)
        first_year = xl_rowcol_to_cell(r, COL_YEAR0)
        write_formula(ws, r, COL_BUDGET, _budget_formula(result, r), s.amount, result.post_budget(post))
        shift = ""
        if timeline is not None:
            ws.write_number(r, COL_COHORT, timeline.years[post.cohort], year_format)
            ws.write_number(r, COL_SHIFT, result.post_factor(post), s.factor)
            shift = f"*{xl_rowcol_to_cell(r, COL_SHIFT)}"
        write_formula(ws, r, COL_NCW, f"=SUMPRODUCT({first_year}:{xl_rowcol_to_cell(r, COL_YEAR0 + YEARS - 1)},"
                 f"{factors}){shift}", s.amount, result.post_ncw(post))
        _text(ws, r, COL_SOURCES, readable("; ".join(post.sources)), s.text)

    # Totals: per side (fixed) and of the rows the filter shows (SUBTOTAL skips hidden rows).
    r = audit.last + 2
    for label, side in (("Totaal kosten", COSTS), ("Totaal baten", BENEFITS)):
        ws.write_string(r, COL_DESCRIPTION, label, s.sum_label)
        for col in range(COL_YEAR0, COL_NCW + 1):
            column = abs_range(AUDIT_SHEET, col, audit.first, audit.last).split("!")[1]
            value = _side_column_total(result, side, col)
            write_formula(ws, r, col, f'=SUMIFS({column},{audit.column(COL_SIDE).split("!")[1]},"{side}")',
                     s.sum_amount, value)
        r += 1
    ws.write_string(r, COL_DESCRIPTION, "Subtotaal van de zichtbare regels (filter)", s.sum_label)
    for col in range(COL_YEAR0, COL_NCW + 1):
        column = abs_range(AUDIT_SHEET, col, audit.first, audit.last).split("!")[1]
        value = sum(_side_column_total(result, side, col) for side in (COSTS, BENEFITS))
        write_formula(ws, r, col, f"=SUBTOTAL(9,{column})", s.sum_amount, value)
    if invoer is not None and invoer.typed:
        r = _write_scaled_shares(ws, s, invoer, r + 2)

    ws.freeze_panes(AUDIT_HEADER_ROW + 1, 1)
    ws.autofilter(AUDIT_HEADER_ROW, 0, audit.last, len(AUDIT_HEADERS) - 1 if timeline is None else COL_SHIFT)
    # Printed: the numbers, not the (long) sources, so that the page stays readable.
    ws.print_area(0, 0, r, COL_NCW)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(AUDIT_HEADER_ROW)
    ws.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.5)


def _write_scaled_shares(ws: Worksheet, s: Styles, invoer: Invoer, r: int) -> int:
    """The shares of INVOER that the reader scaled to 100% (their sum was 99% to 101%, ``schema.SHARE_ROUNDING``):
    as typed and as computed with, so the posts above can be checked against the cells. Returns the last row."""
    fields = fields_by_key()
    share = s.formats.get(num_format="0.00%", align="right")  # created only here: other workbooks keep their bytes
    ws.write_string(r, COL_DESCRIPTION, "Aandelen die samen 99% tot 101% waren, geschaald naar 100% (elk gedeeld "
                    "door hun som): de posten hierboven rekenen met 'gebruikt'", s.sum_label)
    ws.write_string(r, COL_YEAR0, "ingevuld", s.num_header)
    ws.write_string(r, COL_YEAR0 + 1, "gebruikt", s.num_header)
    for key in sorted(invoer.typed, key=lambda k: list(fields).index(k)):
        r += 1
        ws.write_string(r, COL_DESCRIPTION, f"{INVOER_SHEET}!{fields[key].cell}: {fields[key].label}", s.text)
        ws.write_number(r, COL_YEAR0, float(invoer.typed[key]), share)
        ws.write_number(r, COL_YEAR0 + 1, float(invoer.values[key]), share)
    return r


def _budget_formula(result: Result, r: int) -> str:
    """BEREKENING column 'Begroting' of row ``r``: the NCW (2019 way), or the cash flows of the budget window."""
    years = result.budget_years
    if years is None:
        return f"={xl_rowcol_to_cell(r, COL_NCW)}"
    return f"=SUM({xl_rowcol_to_cell(r, COL_YEAR0)}:{xl_rowcol_to_cell(r, COL_YEAR0 + years - 1)})"


def _side_column_total(result: Result, side: str, col: int) -> float:
    """The cached value of a totals cell of BEREKENING column ``col`` for one side (asked of ``Result``)."""
    if col == COL_NCW:
        return number(result.total(side))
    if col == COL_BUDGET:
        return number(result.budget("actor")["totaal"][side])
    return float(result.per_year(side, discount=False)[col - COL_YEAR0])
