"""The 'Per geldstroom' sheet: the budget after two years per domain (geldstroom) and its actor.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from ..engine import BENEFITS, COSTS, Result
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..schema import ACTOR_LABELS, DOMAIN_LABELS, DOMAINS
from .common import COL_BUDGET, COL_DOMAIN, COL_SIDE, AuditLayout, Styles, write_formula


def write_domain_sheet(ws: Worksheet, s: Styles, result: Result, kengetallen: Kengetallen, invoer: Invoer,
                        audit: AuditLayout) -> None:
    widths = (2, 32, 18, 16, 16, 16)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    ws.set_row(0, 24)
    title = "Begroting per geldstroom, na 2 jaar" if result.timeline is None else "NCW per geldstroom, alle jaren"
    ws.write_string(0, 1, title, s.title)
    ws.set_row(1, 30)
    ws.merge_range(1, 1, 1, len(widths) - 1, result.budget_text, s.note_wrap)
    header = 3
    for col, text in enumerate(("Geldstroom", "Actor", "Kosten", "Baten", "Saldo"), start=1):
        ws.write_string(header, col, text, s.num_header if col >= 3 else s.text_header)

    budget = result.budget("domain")
    present = set(result.keys("domain"))
    domains = [*DOMAINS, *sorted(present - set(DOMAINS))]
    first = header + 1
    window = audit.column(COL_BUDGET)
    for i, domain in enumerate(domains):
        r = first + i
        ws.write_string(r, 1, DOMAIN_LABELS.get(domain, domain), s.text)
        actor = result.domain_actors.get(domain, "")
        ws.write_string(r, 2, ACTOR_LABELS.get(actor, actor), s.text)
        values = budget.get(domain, {COSTS: 0.0, BENEFITS: 0.0, "saldo": 0.0})
        label_cell = f"$B{r + 1}"
        for col, side in ((3, COSTS), (4, BENEFITS)):
            write_formula(ws, r, col, f'=SUMIFS({window},{audit.column(COL_DOMAIN)},{label_cell},'
                     f'{audit.column(COL_SIDE)},"{side}")', s.amount, values[side])
        write_formula(ws, r, 5, f"=E{r + 1}-D{r + 1}", s.amount, values["saldo"])
    last = first + len(domains) - 1
    r = last + 1
    ws.write_string(r, 1, "Totaal", s.sum_label)
    ws.write_blank(r, 2, None, s.sum_label)
    total = budget["totaal"]
    for col, key in ((3, COSTS), (4, BENEFITS), (5, "saldo")):
        letter = xl_col_to_name(col)
        write_formula(ws, r, col, f"=SUM({letter}{first + 1}:{letter}{last + 1})", s.sum_amount, total[key])
    ws.write_string(r + 2, 1, "Zie het blad BEREKENING voor de posten per geldstroom (kolom Geldstroom, "
                    "kolom 'Begroting').", s.note)
    ws.print_area(0, 0, r + 2, len(widths) - 1)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
