"""The UITVOER sheet: LPBL's output screen (A: NCW of one year of the approach, per year; B: the
budget per actor), every amount a live formula over BEREKENING with the engine's value cached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from .. import __version__
from ..dutch import plain_percent
from ..engine import (
    BENEFITS,
    COSTS,
    TOTAL,
    YEARS,
    Result,
    round_amount,
    round_ratio,
)
from ..engine import IMMATERIAL as BUDGET_IMMATERIAL
from ..invoer import Invoer
from ..kengetallen_diff import Changed
from ..references import readable
from ..schema import ACTOR_CHOICE_LABELS, ACTOR_LABELS, ACTORS
from ..xlsx.cells import write_text as _text
from .common import (
    AUDIT_SHEET,
    COL_ACTOR,
    COL_BUDGET,
    COL_KIND,
    COL_LINE,
    COL_NCW,
    COL_SIDE,
    COL_YEAR0,
    IMMATERIAL,
    IMMATERIAL_BUDGET_LABEL,
    TITLE,
    AuditLayout,
    Styles,
    abs_range,
    cached_ratio,
    number,
    row_code,
    shown_rows,
    write_formula,
)
from .invoer_check import check_groups, stale_formula

# UITVOER columns (0-based): A line code, B label, C shown value, D exact value; B-table C..G;
# per-year table F..H beside block A.
U_CODE, U_LABEL, U_SHOWN, U_EXACT = 0, 1, 2, 3
U_YEAR, U_YEAR_COSTS, U_YEAR_BENEFITS = 5, 6, 7
U_WIDTHS = (5, 54, 17, 17, 17, 22, 17, 17)
U_LAST_COL = len(U_WIDTHS) - 1
STALE_ROW = 1
"""The row under the title: red while INVOER differs from what was computed (``invoer_check``)."""


@dataclass
class UitvoerRefs:
    """Cells on UITVOER that the charts refer to (0-based rows)."""

    year_first: int = 0
    year_labels: list[str] = field(default_factory=list)
    """The rows of the per-year block: 'Jaar 0' .. 'Jaar 9', or the calendar years of several years of the approach."""
    budget_header: int = 0
    budget_costs: int = 0
    budget_benefits: int = 0
    line_rows: dict[str, int] = field(default_factory=dict)


def write_uitvoer_sheet(ws: Worksheet, s: Styles, result: Result, invoer: Invoer, audit: AuditLayout,
                         fingerprint: str, warnings: Sequence[str], invoer_cells: Mapping[str, Any],
                         changed: Sequence[Changed] = ()) -> UitvoerRefs:
    """UITVOER; ``invoer_cells`` are the values the INVOER sheet of this workbook holds (its live check),
    ``changed`` the kengetallen that differ from the defaults."""
    for col, width in enumerate(U_WIDTHS):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    refs = UitvoerRefs()

    # -- title block ----------------------------------------------------------------------------
    ws.set_row(0, 24)
    ws.write_string(0, U_LABEL, TITLE, s.title)
    meta = result.meta
    rule_text = str(meta.get("disconteringsregel", invoer.discount_rule))
    if "discontovoet" in meta and "discontovoet_lange_termijn" in meta:
        rule_text += (f": {plain_percent(meta['discontovoet'])} per jaar, lange termijn (jaar 9) "
                      f"{plain_percent(meta['discontovoet_lange_termijn'])}")
    indeling = str(invoer["actorindeling"])
    block: list[tuple[str, Any]] = [
        ("Gemeente", invoer["gemeente"]),
        ("Aanpak", invoer["aanpak"]),
        ("Analysejaar", invoer["analysejaar"]),
        ("Prijspeil", meta.get("prijspeil", invoer.price_year)),
        ("Disconteringsregel", rule_text),
        ("Zorgprofiel", meta.get("zorgprofiel", invoer["zorgprofiel"])),
        ("Actorindeling", ACTOR_CHOICE_LABELS.get(indeling, indeling)),
        ("Rekenwijze", f"{result.rekenwijze.key}: {result.rekenwijze.label}"),
        *_years_entry(result),
        ("Versie", f"mkba-xl {__version__}"),
        ("Invoer-vingerafdruk", fingerprint or "niet bekend"),
    ]
    row = 2
    for label, value in block:
        ws.write_string(row, U_LABEL, label, s.meta_label)
        if isinstance(value, int | float) and not isinstance(value, bool) and label in ("Analysejaar", "Prijspeil"):
            ws.write_number(row, U_SHOWN, value, s.meta_number)
        else:
            _text(ws, row, U_SHOWN, value, s.meta_value)
        row += 1

    # -- A: NCW of one year of the approach -----------------------------------------------------
    row += 1
    a_top = row
    ws.set_row(row, 20)
    ws.write_string(row, U_LABEL, f"A  Resultaat MKBA NCW, {_approach_text(result)}", s.band)
    for col in (U_CODE, U_SHOWN, U_EXACT):
        ws.write_blank(row, col, None, s.band)
    row += 1
    ws.write_string(row, U_SHOWN, "NCW", s.col_header)
    ws.write_string(row, U_EXACT, "Exact (NCW)", s.col_header_exact)
    ws.write_blank(row, U_LABEL, None, s.col_header_left)
    row += 1

    exact: dict[str, str] = {}  # code or total key -> exact cell (relative A1)

    def amount_row(r: int, code: str, label: str, formula: str, value: float, kind: str) -> None:
        label_fmt, shown_fmt, exact_fmt = {
            "total": (s.total_label, s.total_amount, s.total_exact),
            "line": (s.line_label, s.amount, s.exact),
            "sub": (s.sub_label, s.sub_amount, s.exact),
            "saldo": (s.saldo_label, s.saldo_amount, s.saldo_exact),
        }[kind]
        if code not in ("kosten", "baten", "saldo"):
            ws.write_string(r, U_CODE, code, s.code)
        ws.write_string(r, U_LABEL, label, label_fmt)
        exact_cell = xl_rowcol_to_cell(r, U_EXACT)
        write_formula(ws, r, U_EXACT, formula, exact_fmt, value)
        write_formula(ws, r, U_SHOWN, f"=ROUND({exact_cell},-2)", shown_fmt, round_amount(number(value)))
        exact[code] = exact_cell
        refs.line_rows[code] = r

    def line_formula(code: str) -> str:
        return f'=SUMIFS({audit.column(COL_NCW)},{audit.column(COL_LINE)},"{code}")'

    for side, band_label, band_fmt, total_label, total_key in (
        (COSTS, "KOSTEN", s.band_costs, "Totale kosten", "kosten"),
        (BENEFITS, "BATEN", s.band_benefits, "Totale baten", "baten"),
    ):
        ws.write_string(row, U_LABEL, band_label, band_fmt)
        for col in (U_CODE, U_SHOWN, U_EXACT):
            ws.write_blank(row, col, None, band_fmt)
        row += 1
        total_row = row
        row += 1
        items: list[str] = []
        for screen_row in shown_rows(result, side):  # the numbering and labels of the way (ledger.SCREENS)
            code = row_code(screen_row)
            formula = "=" + "+".join(line_formula(c)[1:] for c in screen_row.lines)
            amount_row(row, code, f"{screen_row.number} {screen_row.label}", formula,
                       sum(result.line_ncw(c) for c in screen_row.lines), "sub" if screen_row.sub else "line")
            if not screen_row.sub:
                items.append(code)
            row += 1
        amount_row(total_row, total_key, total_label, "=SUM(" + ",".join(exact[i] for i in items) + ")",
                   result.total(side), "total")

    row += 1
    costs, benefits = exact["kosten"], exact["baten"]
    # The financial ratio leaves out every immaterial post, as the engine does (BEREKENING column Soort).
    immaterial = f'SUMIFS({audit.column(COL_NCW)},{audit.column(COL_KIND)},"{IMMATERIAL}")'
    amount_row(row, "saldo", "Saldo (baten minus kosten)", f"={benefits}-{costs}", result.saldo, "saldo")
    row += 1
    below_one: list[tuple[str, str, str, float | str]] = []
    for label, which, numerator, value in (
        ("Financieel K-B-verhouding", "financiële", f"({benefits}-{immaterial})", result.kb_financieel),
        ("Maatschappelijk K-B-verhouding", "maatschappelijke", benefits, result.kb_maatschappelijk),
    ):
        ws.write_string(row, U_LABEL, label, s.ratio_label)
        exact_cell = xl_rowcol_to_cell(row, U_EXACT)
        cached = cached_ratio(value)
        write_formula(ws, row, U_EXACT, f'=IF({costs}=0,"-",{numerator}/{costs})', s.ratio_exact, cached)
        write_formula(ws, row, U_SHOWN, f'=IF(ISNUMBER({exact_cell}),ROUND({exact_cell}*20,0)/20,"-")', s.ratio,
                 round_ratio(cached) if isinstance(cached, float) else "-")
        below_one.append((which, xl_rowcol_to_cell(row, U_SHOWN), exact_cell, cached))
        row += 1
    ws.write_string(row, U_LABEL, "Bedragen afgerond op € 100 en verhoudingen op 0,05, zoals LPBL; "
                    "de grijze kolom toont de exacte waarde.", s.note)
    _write_below_one(ws, s, row + 1, below_one)
    row += 3

    # -- costs and benefits per year (to the right of A) ---------------------------------------
    _write_years(ws, s, result, audit, a_top, refs)

    # -- B: budget after 2 years, per actor ----------------------------------------------------
    row = _write_budget(ws, s, result, audit, row, refs)

    # -- kengetallen changed from the defaults -----------------------------------------------------
    row = _write_kengetallen_changes(ws, s, changed, row + 1)

    # -- warnings ---------------------------------------------------------------------------------
    if warnings:
        row += 1
        ws.write_string(row, U_LABEL, "Waarschuwingen", s.warning_header)
        row += 1
        for warning in warnings:
            _text(ws, row, U_LABEL, f"• {warning}", s.warning)
            row += 1

    ws.print_area(0, 0, row, U_LAST_COL)
    _write_invoer_check(ws, s, invoer_cells, row + 2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&L&8&A&R&8mkba-xl " + __version__.replace("&", "&&"))
    ws.set_selection(0, 0, 0, 0)
    return refs


BELOW_ONE = ("Let op: de {which} K-B-verhouding is afgerond 1,00 of meer, maar exact kleiner dan 1 (grijze kolom): "
             "de {which} baten zijn kleiner dan de kosten.")
"""The note under the ratios when LPBL's rounding (to 0,05) reads 1,00 or more for a ratio below 1."""


def _write_below_one(ws: Worksheet, s: Styles, row: int, ratios: Sequence[tuple[str, str, str, float | str]]) -> None:
    """One red line (a live formula, empty when not needed) for the ratios whose rounding hides that they are
    below 1: a financial ratio of 0,991 shows 1,00 beside a loss."""
    parts, cached = [], []
    for which, shown, exact, value in ratios:  # which: 'financiële' or 'maatschappelijke'

        text = BELOW_ONE.format(which=which)
        parts.append(f'IF(AND(ISNUMBER({exact}),{exact}<1,{shown}>=1),"{text} ","")')
        if isinstance(value, float) and value < 1 <= round_ratio(value):
            cached.append(text + " ")
    write_formula(ws, row, U_LABEL, "=TRIM(" + "&".join(parts) + ")", s.warning, "".join(cached).strip())


def _write_kengetallen_changes(ws: Worksheet, s: Styles, changed: Sequence[Changed], row: int) -> int:
    """The kengetallen of this workbook that differ from the defaults (``kengetallen_diff``): what, the default,
    the value used and the user's source; one line saying so when there are none. Returns the next free row."""
    ws.write_string(row, U_LABEL, "Kengetallen gewijzigd ten opzichte van de standaard", s.col_header_left)
    if not changed:
        ws.write_string(row + 1, U_LABEL, "Geen: de berekening gebruikt de standaardkengetallen (blad KENGETALLEN).",
                        s.note)
        return row + 2
    ws.write_string(row, U_SHOWN, "Standaard", s.col_header)
    ws.write_string(row, U_EXACT, "Gebruikt", s.col_header)
    ws.write_string(row, U_EXACT + 1, "Bron", s.col_header_left)
    for i, c in enumerate(changed, start=row + 1):
        _text(ws, i, U_LABEL, f"{c.table}: {c.what}", s.text)
        _text(ws, i, U_SHOWN, c.old, s.value_right)
        _text(ws, i, U_EXACT, c.new, s.value_right)
        _text(ws, i, U_EXACT + 1, readable(c.source) if c.source else "geen bron opgegeven", s.text)
    return row + 1 + len(changed)


def _write_invoer_check(ws: Worksheet, s: Styles, invoer_cells: Mapping[str, Any], row: int) -> None:
    """The red line under the title while INVOER differs from what was computed, and (below the printed area)
    the checksums it compares: per group of INVOER cells the value at the run and the live one."""
    groups = check_groups(invoer_cells)
    ws.write_string(row, U_LABEL, "Controle van INVOER", s.col_header_left)
    ws.write_string(row, U_SHOWN, "Bij berekening", s.col_header)
    ws.write_string(row, U_EXACT, "Nu", s.col_header_exact)
    ws.write_string(row + 1, U_LABEL, "Controlegetallen van de invoercellen van INVOER. Verschillen ze, dan is "
                    "INVOER gewijzigd na de berekening en staat er bovenaan een rode melding.", s.note)
    live: list[str] = []
    for i, group in enumerate(groups):
        r = row + 2 + i
        ws.write_string(r, U_LABEL, f"INVOER {group.cells} ({len(group.fields)} cellen)", s.line_label)
        ws.write_number(r, U_SHOWN, group.stored, s.check)
        write_formula(ws, r, U_EXACT, group.formula, s.check_exact, group.stored)
        live.append(xl_rowcol_to_cell(r, U_EXACT, row_abs=True, col_abs=True))
    write_formula(ws, STALE_ROW, U_LABEL, stale_formula(groups, live), s.stale, "")


def _years_entry(result: Result) -> list[tuple[str, Any]]:
    """The title block's line on several years of the approach (none for one year)."""
    timeline = result.timeline
    if timeline is None:
        return []
    return [("Jaren aanpak", f"{_approach_text(result)}, verdisconteerd naar {timeline.base_year} (blad MEERJARIG)")]


def _approach_text(result: Result) -> str:
    """'een jaar aanpak', or '4 jaar aanpak (2009-2012)'."""
    timeline = result.timeline
    if timeline is None:
        return "een jaar aanpak"
    return f"{len(timeline.years)} jaar aanpak ({timeline.years[0]}-{timeline.years[-1]})"


def _years_head(ws: Worksheet, s: Styles, top: int, title: str, column: str) -> int:
    """The band and header of the per-year block; returns its first row."""
    ws.set_row(top, 20)
    ws.write_string(top, U_YEAR, title, s.band)
    for col in (U_YEAR_COSTS, U_YEAR_BENEFITS):
        ws.write_blank(top, col, None, s.band)
    ws.write_string(top + 1, U_YEAR, column, s.col_header_left)
    ws.write_string(top + 1, U_YEAR_COSTS, "Kosten", s.col_header)
    ws.write_string(top + 1, U_YEAR_BENEFITS, "Baten", s.col_header)
    return top + 2


def _years_total(ws: Worksheet, s: Styles, result: Result, first: int, n: int) -> None:
    """The total row under the ``n`` rows of the per-year block: the NCW of UITVOER A."""
    ws.write_string(first + n, U_YEAR, "Totaal", s.sum_label)
    for col, side in ((U_YEAR_COSTS, COSTS), (U_YEAR_BENEFITS, BENEFITS)):
        letter = xl_col_to_name(col)
        write_formula(ws, first + n, col, f"=SUM({letter}{first + 1}:{letter}{first + n})", s.sum_amount,
                      result.total(side))


def _write_years(ws: Worksheet, s: Styles, result: Result, audit: AuditLayout, top: int,
                 refs: UitvoerRefs) -> None:
    if result.timeline is not None:
        _write_calendar_years(ws, s, result, top, refs)
        return
    refs.year_labels = [f"Jaar {t}" for t in range(YEARS)]
    first = refs.year_first = _years_head(ws, s, top, "Kosten en baten per jaar (NCW)", "Jaar")
    per_year = {COSTS: result.per_year(COSTS), BENEFITS: result.per_year(BENEFITS)}
    for t in range(YEARS):
        r = first + t
        ws.write_string(r, U_YEAR, f"Jaar {t}" + (" (lange termijn)" if t == YEARS - 1 else ""), s.year)
        year_column = abs_range(AUDIT_SHEET, COL_YEAR0 + t, audit.first, audit.last)
        for col, side in ((U_YEAR_COSTS, COSTS), (U_YEAR_BENEFITS, BENEFITS)):
            write_formula(ws, r, col,
                          f'=SUMIFS({year_column},{audit.column(COL_SIDE)},"{side}")*{audit.factor_cell(t)}',
                          s.amount, per_year[side][t])
    _years_total(ws, s, result, first, YEARS)


def _write_calendar_years(ws: Worksheet, s: Styles, result: Result, top: int, refs: UitvoerRefs) -> None:
    """Several years of the approach: the NCW per calendar year, from the sheet 'Per kalenderjaar'."""
    from .kalender import ALL_BENEFITS, calendar_layout  # that sheet's module, imported only when it is written

    layout = calendar_layout(result)
    labels = refs.year_labels = result.calendar_labels()
    first = refs.year_first = _years_head(ws, s, top, "Kosten en baten per kalenderjaar (NCW)", "Kalenderjaar")
    ncw = result.calendar(None, discount=True)[TOTAL]
    rows = {COSTS: layout.row_of(COSTS, True), BENEFITS: layout.row_of(ALL_BENEFITS, True)}
    values = {COSTS: ncw[COSTS], BENEFITS: ncw[ALL_BENEFITS]}
    for t, label in enumerate(labels):
        ws.write_string(first + t, U_YEAR, label, s.year)
        for col, side in ((U_YEAR_COSTS, COSTS), (U_YEAR_BENEFITS, BENEFITS)):
            write_formula(ws, first + t, col, f"={layout.cell(rows[side], t)}", s.amount, values[side][t])
    _years_total(ws, s, result, first, len(labels))


def _write_budget(ws: Worksheet, s: Styles, result: Result, audit: AuditLayout, row: int,
                  refs: UitvoerRefs) -> int:
    budget = result.budget("actor")
    ws.set_row(row, 20)
    title = ("B  Resultaat begroting na 2 jaar" if result.timeline is None else
             "B  Resultaat per actor (NCW, alle jaren)")
    ws.write_string(row, U_LABEL, title, s.band)
    keys = [*ACTORS, "totaal"]
    first_col = U_SHOWN
    last_col = first_col + len(keys) - 1
    for col in (U_CODE, *range(first_col, last_col + 1)):
        ws.write_blank(row, col, None, s.band)
    row += 1
    header = row
    refs.budget_header = header
    ws.write_blank(row, U_LABEL, None, s.col_header_left)
    for i, key in enumerate(keys):
        ws.write_string(row, first_col + i, ACTOR_LABELS.get(key, "Totaal"), s.col_header)
    row += 1
    costs_row, benefits_row, immaterial_row, saldo_row, ratio_row, exact_row = range(row, row + 6)
    refs.budget_costs, refs.budget_benefits = costs_row, benefits_row
    ws.write_string(costs_row, U_LABEL, "Totale kosten", s.line_label)
    ws.write_string(benefits_row, U_LABEL, "Totale baten", s.line_label)
    ws.write_string(immaterial_row, U_LABEL, IMMATERIAL_BUDGET_LABEL, s.sub_label)
    ws.write_string(saldo_row, U_LABEL, "Saldo", s.saldo_label)
    ws.write_string(ratio_row, U_LABEL, "K-B-verhouding", s.ratio_label)
    ws.write_string(exact_row, U_LABEL, "K-B-verhouding exact", s.exact_label)
    window = audit.column(COL_BUDGET)
    for i, key in enumerate(keys):
        col = first_col + i
        letter = xl_col_to_name(col)
        actor_cell = f"{letter}${header + 1}"
        by_actor = "" if key == "totaal" else f",{audit.column(COL_ACTOR)},{actor_cell}"
        for r, side in ((costs_row, COSTS), (benefits_row, BENEFITS)):
            write_formula(ws, r, col, f'=SUMIFS({window}{by_actor},{audit.column(COL_SIDE)},"{side}")', s.amount,
                          budget[key][side])
        write_formula(ws, immaterial_row, col, f'=SUMIFS({window}{by_actor},{audit.column(COL_SIDE)},"{BENEFITS}",'
                      f'{audit.column(COL_KIND)},"{IMMATERIAL}")', s.sub_amount, budget[key][BUDGET_IMMATERIAL])
        c, b = f"{letter}{costs_row + 1}", f"{letter}{benefits_row + 1}"
        write_formula(ws, saldo_row, col, f"={b}-{c}", s.saldo_amount, budget[key]["saldo"])
        cached = cached_ratio(budget[key]["kb"]) if number(budget[key]["kosten"]) != 0 else "-"
        write_formula(ws, ratio_row, col, f'=IF({c}=0,"-",ROUND({b}/{c}*20,0)/20)', s.ratio,
                 round_ratio(cached) if isinstance(cached, float) else "-")
        write_formula(ws, exact_row, col, f'=IF({c}=0,"-",{b}/{c})', s.ratio_exact, cached)
    row = exact_row + 1
    ws.write_string(row, U_LABEL, result.budget_text, s.note)
    return row + 1
