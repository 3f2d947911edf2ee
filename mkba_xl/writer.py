"""The output workbook: UITVOER (LPBL's screen), charts, INVOER, KENGETALLEN, BEREKENING, per geldstroom.

Every number on UITVOER, on the chart data and on 'Per geldstroom' is a live Excel formula over
the BEREKENING sheet (one row per ledger post), written together with the value the engine
computed, so that openpyxl (which never calculates) reads the engine's numbers and Excel or
LibreOffice recalculating the file get the same ones. Amounts are shown as LPBL published them
(NCW rounded to 100 euro, ratios to 0.05) beside an 'Exact (NCW)' column that keeps the exact value.

The workbook is built in a temporary file in the target folder and moved onto the target only
when complete: an interrupted run never leaves a half-written or stray file behind.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from . import __version__, template
from .dutch import percent as pct
from .engine import (
    BENEFITS,
    COSTS,
    GROUPS,
    LINE_BY_CODE,
    LINES,
    YEARS,
    Post,
    Result,
    ScreenRow,
    round_amount,
    round_ratio,
)
from .engine import IMMATERIAL as BUDGET_IMMATERIAL
from .errors import OutputError
from .invoer import Invoer
from .kengetallen import Kengetallen
from .schema import ACTOR_LABELS, ACTORS, DOMAIN_LABELS, DOMAINS, NET_EFFECT_RULE, fields_by_key

UITVOER_SHEET = "UITVOER"
CHARTS_SHEET = "Grafieken"
AUDIT_SHEET = "BEREKENING"
DOMAIN_SHEET = "Per geldstroom"
SHEET_ORDER = (UITVOER_SHEET, CHARTS_SHEET, "INVOER", "KENGETALLEN", AUDIT_SHEET, DOMAIN_SHEET)

TITLE = "MKBA sociale (wijk)teams — UITVOER"
IMMATERIAL_BUDGET_LABEL = "w.v. immateriële baten (geen kasstroom)"
"""The budget row of the immaterial benefits (quality of life, nuisance, children's chances): never cash."""
MAX_TEXT = 32_000
"""Longest text written to one cell (Excel's limit is 32,767); longer texts are cut with '…'."""

ACTORINDELING_LABELS = {
    "na_2015": "na 2015 (na de decentralisaties: Jeugd en Wmo bij de gemeente)",
    "voor_2015": "voor 2015 (Jeugd en AWBZ nog niet bij de gemeente)",
}

# Number formats. '[$€-413]' is the Dutch euro sign; Dutch Excel shows 1.234 as thousands.
EURO = "[$€-413] #,##0;[$€-413] -#,##0"
EURO_CHART = "€ #,##0"
RATIO = "0.00"
RATIO_EXACT = "0.000"
FACTOR = "0.0000"

# LPBL-like colours: navy section bands, dark red for costs, green for benefits.
NAVY = "#1F3864"
RED = "#C00000"
GREEN = "#548235"
LIGHT_GREEN = "#A9D18E"
GREY_TEXT = "#7F7F7F"
GREY_FILL = "#F2F2F2"
RULE = "#A6A6A6"

# ---------------------------------------------------------------------------------------------
# Column layout of BEREKENING (0-based). UITVOER's formulas refer to these columns.
# ---------------------------------------------------------------------------------------------

AUDIT_TEXT_HEADERS = ("Regel", "UITVOER-regel", "Omschrijving", "Geldstroom", "Actor", "Soort", "Kosten/baten")
COL_LINE, COL_LINE_LABEL, COL_DESCRIPTION, COL_DOMAIN, COL_ACTOR, COL_KIND, COL_SIDE = range(7)
COL_YEAR0 = len(AUDIT_TEXT_HEADERS)
COL_BUDGET = COL_YEAR0 + YEARS
COL_NCW = COL_BUDGET + 1
COL_SOURCES = COL_NCW + 1
AUDIT_HEADERS = (*AUDIT_TEXT_HEADERS, *(f"Jaar {t}" for t in range(YEARS)), "Begroting", "NCW", "Bronnen")
AUDIT_WIDTHS = (7, 36, 90, 24, 16, 11, 12, *([12] * YEARS), 13, 13, 80)
AUDIT_FACTOR_ROW = 2
IMMATERIAL, FINANCIAL = "immaterieel", "financieel"
"""Values of BEREKENING's column Soort."""
AUDIT_HEADER_ROW = 4
AUDIT_FIRST_ROW = 5


def write_uitvoer(path: str | os.PathLike[str], result: Result, invoer: Invoer, kengetallen: Kengetallen, *,
                  fingerprint: str = "", input_warnings: Sequence[str] = (),
                  extra_sheets: Callable[[Workbook, template.Formats], Any] | None = None) -> None:
    """Write the output workbook to ``path`` atomically (a complete file or none at all).

    The caller (``pipeline.run_workbook``) has already refused to overwrite the input or an
    existing file without --force. ``input_warnings`` (e.g. the reader's report as text) are listed
    on UITVOER before the engine's warnings. ``extra_sheets`` adds sheets after the standard ones
    (the sensitivity analysis and the user's GEVOELIGHEID input sheet). Raises ``OutputError``
    (Dutch) when the file cannot be written.
    """
    if np.ndim(result.saldo) != 0:
        raise ValueError("write_uitvoer schrijft één variant; dit resultaat bevat er meer (gevoeligheidsanalyse).")
    def build(workbook: Workbook, formats: template.Formats) -> None:
        _build(workbook, formats, result, invoer, kengetallen, fingerprint,
               (*input_warnings, *result.warnings), extra_sheets)

    template.write_atomically(path, build)


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

def _number(x: Any) -> float:
    return float(np.asarray(x, dtype=float))


def _cached_ratio(x: Any) -> float | str:
    v = _number(x)
    return v if math.isfinite(v) else "-"


def _abs_range(sheet: str, col: int, first: int, last: int) -> str:
    letter = xl_col_to_name(col)
    return f"{sheet}!${letter}${first + 1}:${letter}${last + 1}"


def _text(ws: Worksheet, row: int, col: int, text: Any, fmt: Format | None = None) -> None:
    """Write user-influenced text always as text ('=1+1' stays text) and check XlsxWriter's answer."""
    s = "" if text is None else str(text)
    if len(s) > MAX_TEXT:
        s = s[: MAX_TEXT - 1] + "…"
    code = ws.write_string(row, col, s, fmt)
    if code != 0:
        raise OutputError(f"Blad {ws.name}, cel {xl_rowcol_to_cell(row, col)}: de tekst kan niet worden "
                          f"geschreven (code {code}).")


def _formula(ws: Worksheet, row: int, col: int, formula: str, fmt: Format | None, value: Any) -> None:
    if isinstance(value, str):
        cached: Any = value
    else:
        cached = _number(value)
        if not math.isfinite(cached):
            cached = "-"
    code = ws.write_formula(row, col, formula, fmt, cached)
    if code != 0:
        raise OutputError(f"Blad {ws.name}, cel {xl_rowcol_to_cell(row, col)}: formule niet geschreven "
                          f"(code {code}).")


class _Styles:
    """This module's formats, created through the shared ``template.Formats`` cache (fixed order)."""

    def __init__(self, f: template.Formats) -> None:
        g = f.get
        self.formats = f
        self.title = f.title
        self.meta_label = g(font_color="#404040")
        self.meta_value = g(bold=True, align="left")
        self.meta_number = g(bold=True, align="left", num_format="0")
        self.band = g(bold=True, font_size=12, bg_color=NAVY, font_color="#FFFFFF", valign="vcenter")
        self.band_costs = g(bold=True, bg_color=RED, font_color="#FFFFFF")
        self.band_benefits = g(bold=True, bg_color=GREEN, font_color="#FFFFFF")
        self.col_header = g(bold=True, align="right", bottom=1, bottom_color=RULE)
        self.col_header_left = g(bold=True, bottom=1, bottom_color=RULE)
        self.col_header_exact = g(bold=True, italic=True, align="right", font_color=GREY_TEXT, bottom=1,
                                  bottom_color=RULE)
        self.code = g(font_size=8, font_color=GREY_TEXT, align="center")
        self.total_label = g(bold=True, top=1, top_color=RULE)
        self.total_amount = g(bold=True, num_format=EURO, top=1, top_color=RULE)
        self.total_exact = g(italic=True, num_format=EURO, font_color=GREY_TEXT, bg_color=GREY_FILL, top=1,
                             top_color=RULE)
        self.line_label = g()
        self.sub_label = g(indent=2)
        self.amount = g(num_format=EURO)
        self.sub_amount = g(num_format=EURO, font_color="#404040")
        self.exact = g(italic=True, num_format=EURO, font_color=GREY_TEXT, bg_color=GREY_FILL)
        self.saldo_label = g(bold=True, top=1, bottom=6)
        self.saldo_amount = g(bold=True, num_format=EURO, top=1, bottom=6)
        self.saldo_exact = g(italic=True, num_format=EURO, font_color=GREY_TEXT, bg_color=GREY_FILL, top=1,
                             bottom=6)
        self.ratio_label = g(bold=True)
        self.ratio = g(bold=True, num_format=RATIO, align="right")
        self.ratio_exact = g(italic=True, num_format=RATIO_EXACT, font_color=GREY_TEXT, bg_color=GREY_FILL,
                             align="right")
        self.ratio_plain = g(num_format=RATIO, align="right")
        self.exact_label = g(italic=True, font_color=GREY_TEXT)
        self.note = g(italic=True, font_color="#404040")
        self.note_wrap = g(italic=True, font_color="#404040", text_wrap=True, valign="top")
        self.warning_header = g(bold=True, font_color=RED)
        self.warning = g(font_color=RED)
        self.year = g(align="left")
        self.text = g()
        self.text_header = g(bold=True, bottom=1, bottom_color=RULE, bg_color="#D9E1F2", valign="top")
        self.num_header = g(bold=True, bottom=1, bottom_color=RULE, bg_color="#D9E1F2", align="right", valign="top")
        self.factor = g(num_format=FACTOR, italic=True, font_color="#404040")
        self.factor_label = g(italic=True, align="right", font_color="#404040")
        self.sum_label = g(bold=True, top=1, top_color=RULE)
        self.sum_amount = g(bold=True, num_format=EURO, top=1, top_color=RULE)


# ---------------------------------------------------------------------------------------------
# Building the workbook
# ---------------------------------------------------------------------------------------------

def _build(workbook: Workbook, formats: template.Formats, result: Result, invoer: Invoer,
           kengetallen: Kengetallen, fingerprint: str, warnings: Sequence[str],
           extra_sheets: Callable[[Workbook, template.Formats], Any] | None = None) -> None:
    styles = _Styles(formats)
    posts = _sorted_posts(result.ledger)
    audit = _AuditLayout(len(posts))

    uitvoer = workbook.add_worksheet(UITVOER_SHEET)
    charts = workbook.add_worksheet(CHARTS_SHEET)
    refs = _write_uitvoer_sheet(uitvoer, styles, result, invoer, audit, fingerprint, warnings)
    _write_charts_sheet(workbook, charts, styles, result, refs)
    template.add_invoer_sheet(workbook, styles.formats, values=_invoer_cells(invoer))
    template.add_kengetallen_sheet(workbook, styles.formats, kengetallen)
    _write_audit_sheet(workbook.add_worksheet(AUDIT_SHEET), styles, result, posts, audit)
    _write_domain_sheet(workbook.add_worksheet(DOMAIN_SHEET), styles, result, kengetallen, invoer, audit)
    if extra_sheets is not None:
        extra_sheets(workbook, styles.formats)
    uitvoer.activate()
    uitvoer.set_first_sheet()


def _invoer_cells(invoer: Invoer) -> dict[str, Any]:
    """INVOER values as the sheet shows them: the cells the user filled, the rest empty.

    Writing defaults into cells that were left empty would turn 'left empty' into 'typed 0%',
    which the reader judges differently (an empty household composition is fine, a typed 0% + 0%
    is not). When the Invoer does not know what was filled (built in code), a value equal to an
    'empty' default (0, 0%, '') stays empty.
    """
    if invoer.given:
        return {key: (value if key in invoer.given else None) for key, value in invoer.values.items()}
    fields = fields_by_key()
    cells: dict[str, Any] = {}
    for key, value in invoer.values.items():
        default = fields[key].default if key in fields else None
        empty_default = default is not None and not isinstance(default, bool) and default in (0, "")
        cells[key] = None if empty_default and _same(value, default) else value
    return cells


def _same(value: Any, default: Any) -> bool:
    if isinstance(value, str) or isinstance(default, str):
        return value == default
    try:
        return float(value) == float(default)
    except (TypeError, ValueError):
        return False


def _sorted_posts(ledger: Sequence[Post]) -> list[Post]:
    """Posts in UITVOER order (K1a .. B4c); within a line in the engine's order."""
    order = {line.code: i for i, line in enumerate(LINES)}
    return sorted(ledger, key=lambda p: order[p.line])


@dataclass(frozen=True)
class _AuditLayout:
    """Where BEREKENING's data rows are, so that other sheets can refer to its columns."""

    n_posts: int

    @property
    def first(self) -> int:
        return AUDIT_FIRST_ROW

    @property
    def last(self) -> int:
        # An empty ledger still gets a one-row range, so every formula stays valid (and sums 0).
        return AUDIT_FIRST_ROW + max(self.n_posts, 1) - 1

    def column(self, col: int) -> str:
        return _abs_range(AUDIT_SHEET, col, self.first, self.last)

    def factor_cell(self, year: int) -> str:
        letter = xl_col_to_name(COL_YEAR0 + year)
        return f"{AUDIT_SHEET}!${letter}${AUDIT_FACTOR_ROW + 1}"


# ---------------------------------------------------------------------------------------------
# UITVOER
# ---------------------------------------------------------------------------------------------

# UITVOER columns (0-based): A line code, B label, C shown value, D exact value; B-table C..G;
# per-year table F..H beside block A.
U_CODE, U_LABEL, U_SHOWN, U_EXACT = 0, 1, 2, 3
U_YEAR, U_YEAR_COSTS, U_YEAR_BENEFITS = 5, 6, 7
U_WIDTHS = (5, 54, 17, 17, 17, 22, 17, 17)
U_LAST_COL = len(U_WIDTHS) - 1


@dataclass
class _UitvoerRefs:
    """Cells on UITVOER that the charts refer to (0-based rows)."""

    year_first: int = 0
    budget_header: int = 0
    budget_costs: int = 0
    budget_benefits: int = 0
    line_rows: dict[str, int] = field(default_factory=dict)


def row_code(row: ScreenRow) -> str:
    """The code shown in column A of a screen row: its line, its group (K1, B1, B4) or its lines joined."""
    group = next((code for code, lines in GROUPS.items() if set(lines) == set(row.lines)), None)
    return row.lines[0] if len(row.lines) == 1 else group or "+".join(row.lines)


def _shown_rows(result: Result, side: str) -> list[ScreenRow]:
    """The screen rows of one side in the way's order; an optional row only when it holds an amount."""
    return [row for row in result.screen.rows[side]
            if not row.optional or any(np.any(np.asarray(result.line_ncw(c)) != 0) for c in row.lines)]


def _write_uitvoer_sheet(ws: Worksheet, s: _Styles, result: Result, invoer: Invoer, audit: _AuditLayout,
                         fingerprint: str, warnings: Sequence[str]) -> _UitvoerRefs:
    for col, width in enumerate(U_WIDTHS):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    refs = _UitvoerRefs()

    # -- title block ----------------------------------------------------------------------------
    ws.set_row(0, 24)
    ws.write_string(0, U_LABEL, TITLE, s.title)
    meta = result.meta
    rule_text = str(meta.get("disconteringsregel", invoer["disconteringsregel"]))
    if "discontovoet" in meta and "discontovoet_lange_termijn" in meta:
        rule_text += (f": {pct(meta['discontovoet'], 1)} per jaar, lange termijn (jaar 9) "
                      f"{pct(meta['discontovoet_lange_termijn'], 1)}")
    indeling = str(invoer["actorindeling"])
    block: list[tuple[str, Any]] = [
        ("Gemeente", invoer["gemeente"]),
        ("Aanpak", invoer["aanpak"]),
        ("Analysejaar", invoer["analysejaar"]),
        ("Prijspeil", meta.get("prijspeil", invoer.price_year)),
        ("Disconteringsregel", rule_text),
        ("Zorgprofiel", meta.get("zorgprofiel", invoer["zorgprofiel"])),
        ("Actorindeling", ACTORINDELING_LABELS.get(indeling, indeling)),
        ("Rekenwijze", f"{result.rekenwijze.key}: {result.rekenwijze.label}"),
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
    ws.write_string(row, U_LABEL, "A  Resultaat MKBA NCW, een jaar aanpak", s.band)
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
        _formula(ws, r, U_EXACT, formula, exact_fmt, value)
        _formula(ws, r, U_SHOWN, f"=ROUND({exact_cell},-2)", shown_fmt, round_amount(_number(value)))
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
        for screen_row in _shown_rows(result, side):
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
    for label, numerator, value in (
        ("Financieel K-B-verhouding", f"({benefits}-{immaterial})", result.kb_financieel),
        ("Maatschappelijk K-B-verhouding", benefits, result.kb_maatschappelijk),
    ):
        ws.write_string(row, U_LABEL, label, s.ratio_label)
        exact_cell = xl_rowcol_to_cell(row, U_EXACT)
        cached = _cached_ratio(value)
        _formula(ws, row, U_EXACT, f'=IF({costs}=0,"-",{numerator}/{costs})', s.ratio_exact, cached)
        _formula(ws, row, U_SHOWN, f'=IF(ISNUMBER({exact_cell}),ROUND({exact_cell}*20,0)/20,"-")', s.ratio,
                 round_ratio(cached) if isinstance(cached, float) else "-")
        row += 1
    ws.write_string(row, U_LABEL, "Bedragen afgerond op € 100 en verhoudingen op 0,05, zoals LPBL; "
                    "de grijze kolom toont de exacte waarde.", s.note)
    row += 2

    # -- costs and benefits per year (to the right of A) ---------------------------------------
    _write_years(ws, s, result, audit, a_top, refs)

    # -- B: budget after 2 years, per actor ----------------------------------------------------
    row = _write_budget(ws, s, result, audit, row, refs)

    # -- warnings ---------------------------------------------------------------------------------
    if warnings:
        row += 1
        ws.write_string(row, U_LABEL, "Waarschuwingen", s.warning_header)
        row += 1
        for warning in warnings:
            _text(ws, row, U_LABEL, f"• {warning}", s.warning)
            row += 1

    ws.print_area(0, 0, row, U_LAST_COL)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&L&8&A&R&8mkba-xl " + __version__.replace("&", "&&"))
    ws.set_selection(0, 0, 0, 0)
    return refs


def _write_years(ws: Worksheet, s: _Styles, result: Result, audit: _AuditLayout, top: int,
                 refs: _UitvoerRefs) -> None:
    ws.set_row(top, 20)
    ws.write_string(top, U_YEAR, "Kosten en baten per jaar (NCW)", s.band)
    for col in (U_YEAR_COSTS, U_YEAR_BENEFITS):
        ws.write_blank(top, col, None, s.band)
    ws.write_string(top + 1, U_YEAR, "Jaar", s.col_header_left)
    ws.write_string(top + 1, U_YEAR_COSTS, "Kosten", s.col_header)
    ws.write_string(top + 1, U_YEAR_BENEFITS, "Baten", s.col_header)
    first = top + 2
    refs.year_first = first
    per_year = {COSTS: result.per_year(COSTS), BENEFITS: result.per_year(BENEFITS)}
    for t in range(YEARS):
        r = first + t
        ws.write_string(r, U_YEAR, f"Jaar {t}" + (" (lange termijn)" if t == YEARS - 1 else ""), s.year)
        year_column = _abs_range(AUDIT_SHEET, COL_YEAR0 + t, audit.first, audit.last)
        for col, side in ((U_YEAR_COSTS, COSTS), (U_YEAR_BENEFITS, BENEFITS)):
            _formula(ws, r, col, f'=SUMIFS({year_column},{audit.column(COL_SIDE)},"{side}")*{audit.factor_cell(t)}',
                     s.amount, per_year[side][t])
    r = first + YEARS
    ws.write_string(r, U_YEAR, "Totaal", s.sum_label)
    for col, side in ((U_YEAR_COSTS, COSTS), (U_YEAR_BENEFITS, BENEFITS)):
        letter = xl_col_to_name(col)
        _formula(ws, r, col, f"=SUM({letter}{first + 1}:{letter}{first + YEARS})", s.sum_amount,
                 result.total(side))


def _write_budget(ws: Worksheet, s: _Styles, result: Result, audit: _AuditLayout, row: int,
                  refs: _UitvoerRefs) -> int:
    budget = result.budget("actor")
    ws.set_row(row, 20)
    ws.write_string(row, U_LABEL, "B  Resultaat begroting na 2 jaar", s.band)
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
            _formula(ws, r, col, f'=SUMIFS({window}{by_actor},{audit.column(COL_SIDE)},"{side}")', s.amount,
                     budget[key][side])
        _formula(ws, immaterial_row, col, f'=SUMIFS({window}{by_actor},{audit.column(COL_SIDE)},"{BENEFITS}",'
                 f'{audit.column(COL_KIND)},"{IMMATERIAL}")', s.sub_amount, budget[key][BUDGET_IMMATERIAL])
        c, b = f"{letter}{costs_row + 1}", f"{letter}{benefits_row + 1}"
        _formula(ws, saldo_row, col, f"={b}-{c}", s.saldo_amount, budget[key]["saldo"])
        cached = _cached_ratio(budget[key]["kb"]) if _number(budget[key]["kosten"]) != 0 else "-"
        _formula(ws, ratio_row, col, f'=IF({c}=0,"-",ROUND({b}/{c}*20,0)/20)', s.ratio,
                 round_ratio(cached) if isinstance(cached, float) else "-")
        _formula(ws, exact_row, col, f'=IF({c}=0,"-",{b}/{c})', s.ratio_exact, cached)
    row = exact_row + 1
    ws.write_string(row, U_LABEL, result.rekenwijze.budget_text, s.note)
    return row + 1


# ---------------------------------------------------------------------------------------------
# Grafieken
# ---------------------------------------------------------------------------------------------

CHART_SIZE = {"width": 720, "height": 360}
CHART_ROWS = 19  # rows of 20 px that one chart with a gap takes
CHART_TOP = 4
DATA_COL = 13  # column N: the charts' data, right of the charts


def _parent_number(rows: list[ScreenRow], row: ScreenRow) -> str:
    """'1' for the lettered row 'a' under '1 Besparing organisatiekosten' (so the chart reads '1a ...')."""
    if not row.sub:
        return ""
    parent = ""
    for r in rows:
        if not r.sub:
            parent = r.number
        if r is row:
            return parent
    return ""


def _write_charts_sheet(workbook: Workbook, ws: Worksheet, s: _Styles, result: Result, refs: _UitvoerRefs) -> None:
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
    per_year = {COSTS: result.per_year(COSTS), BENEFITS: result.per_year(BENEFITS)}
    ws.write_string(row, DATA_COL, "Jaar", s.text_header)
    ws.write_string(row, DATA_COL + 1, "Kosten (NCW)", s.num_header)
    ws.write_string(row, DATA_COL + 2, "Baten (NCW)", s.num_header)
    years_first = row + 1
    for t in range(YEARS):
        r = years_first + t
        ws.write_string(r, DATA_COL, f"Jaar {t}", s.text)
        _formula(ws, r, DATA_COL + 1, data_cell(refs.year_first + t, U_YEAR_COSTS), s.amount, per_year[COSTS][t])
        _formula(ws, r, DATA_COL + 2, data_cell(refs.year_first + t, U_YEAR_BENEFITS), s.amount,
                 per_year[BENEFITS][t])
    years_last = years_first + YEARS - 1

    row = years_last + 2
    budget = result.budget("actor")
    ws.write_string(row, DATA_COL, "Actor (begroting na 2 jaar)", s.text_header)
    ws.write_string(row, DATA_COL + 1, "Kosten", s.num_header)
    ws.write_string(row, DATA_COL + 2, "Baten", s.num_header)
    actors_first = row + 1
    for i, actor in enumerate(ACTORS):
        r = actors_first + i
        ws.write_string(r, DATA_COL, ACTOR_LABELS[actor], s.text)
        _formula(ws, r, DATA_COL + 1, data_cell(refs.budget_costs, U_SHOWN + i), s.amount, budget[actor][COSTS])
        _formula(ws, r, DATA_COL + 2, data_cell(refs.budget_benefits, U_SHOWN + i), s.amount,
                 budget[actor][BENEFITS])
    actors_last = actors_first + len(ACTORS) - 1

    row = actors_last + 2
    ws.write_string(row, DATA_COL, "Baten (NCW)", s.text_header)
    ws.write_string(row, DATA_COL + 1, "Bedrag", s.num_header)
    ws.write_blank(row, DATA_COL + 2, None, s.num_header)
    rows = _shown_rows(result, BENEFITS)
    leaves = [(r, row_code(r)) for i, r in enumerate(rows) if r.sub or i + 1 == len(rows) or not rows[i + 1].sub]
    benefit_codes = [code for _, code in leaves]
    benefits_first = row + 1
    for i, (screen_row, code) in enumerate(leaves):
        r = benefits_first + i
        label = f"{_parent_number(rows, screen_row)}{screen_row.number} {screen_row.label}"
        ws.write_string(r, DATA_COL, label, s.text)
        _formula(ws, r, DATA_COL + 1, data_cell(refs.line_rows[code], U_EXACT), s.amount,
                 sum(result.line_ncw(c) for c in screen_row.lines))
    benefits_last = benefits_first + len(benefit_codes) - 1

    def rng(first: int, last: int, col: int) -> list[Any]:
        return [CHARTS_SHEET, first, col, last, col]

    axis_font = {"size": 9}
    gridlines = {"visible": True, "line": {"color": "#D9D9D9"}}

    # (a) per year
    chart = workbook.add_chart({"type": "column"})
    for col, name, colour in ((DATA_COL + 1, "Kosten", RED), (DATA_COL + 2, "Baten", GREEN)):
        chart.add_series({"name": name, "categories": rng(years_first, years_last, DATA_COL),
                          "values": rng(years_first, years_last, col), "fill": {"color": colour},
                          "border": {"none": True}, "gap": 60})
    chart.set_title({"name": "Kosten en baten per jaar (NCW)", "name_font": {"size": 13}})
    chart.set_x_axis({"name": "Jaar na de start (jaar 9 = lange termijn)", "num_font": axis_font,
                      "name_font": {"size": 9, "bold": False}})
    chart.set_y_axis({"name": "Euro (netto contante waarde)", "num_format": EURO_CHART, "num_font": axis_font,
                      "name_font": {"size": 9, "bold": False}, "major_gridlines": gridlines})
    chart.set_legend({"position": "bottom"})
    chart.set_size(CHART_SIZE)
    ws.insert_chart(CHART_TOP, 1, chart, {"object_position": 3})

    # (b) per actor
    chart = workbook.add_chart({"type": "column"})
    for col, name, colour in ((DATA_COL + 1, "Kosten", RED), (DATA_COL + 2, "Baten", GREEN)):
        chart.add_series({"name": name, "categories": rng(actors_first, actors_last, DATA_COL),
                          "values": rng(actors_first, actors_last, col), "fill": {"color": colour},
                          "border": {"none": True}, "gap": 80,
                          "data_labels": {"value": True, "num_format": EURO_CHART, "font": {"size": 8}}})
    chart.set_title({"name": "Kosten en baten per actor (begroting na 2 jaar)", "name_font": {"size": 13}})
    chart.set_x_axis({"num_font": axis_font})
    chart.set_y_axis({"name": "Euro per jaar (niet verdisconteerd)" if result.rekenwijze.budget_years else
                      "Euro (netto contante waarde)", "num_format": EURO_CHART,
                      "num_font": axis_font, "name_font": {"size": 9, "bold": False}, "major_gridlines": gridlines})
    chart.set_legend({"position": "bottom"})
    chart.set_size(CHART_SIZE)
    ws.insert_chart(CHART_TOP + CHART_ROWS, 1, chart, {"object_position": 3})

    # (c) composition of the benefits; immaterial lines in a lighter green
    chart = workbook.add_chart({"type": "bar"})
    points = [{"fill": {"color": LIGHT_GREEN if all(LINE_BY_CODE[line].immaterial for line in r.lines) else GREEN}}
              for r, _ in leaves]
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


# ---------------------------------------------------------------------------------------------
# BEREKENING
# ---------------------------------------------------------------------------------------------

def _write_audit_sheet(ws: Worksheet, s: _Styles, result: Result, posts: list[Post], audit: _AuditLayout) -> None:
    for col, width in enumerate(AUDIT_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_row(0, 24)
    ws.write_string(0, 0, "BEREKENING — alle posten van één jaar aanpak", s.title)
    ws.write_string(1, 0, "Eén regel per post: nominale bedragen per jaar (jaar 9 = lange termijn), de NCW "
                    "(som van jaar x disconteringsfactor) en de bronnen. UITVOER telt deze regels op per "
                    "UITVOER-regel (kolom Regel), per actor en per geldstroom.", s.note)
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
            ws.write_number(r, COL_YEAR0 + t, float(amounts[t]), s.amount)
        first_year = xl_rowcol_to_cell(r, COL_YEAR0)
        _formula(ws, r, COL_BUDGET, _budget_formula(result, r), s.amount, result.post_budget(post))
        _formula(ws, r, COL_NCW, f"=SUMPRODUCT({first_year}:{xl_rowcol_to_cell(r, COL_YEAR0 + YEARS - 1)},"
                 f"{factors})", s.amount, result.post_ncw(post))
        _text(ws, r, COL_SOURCES, "; ".join(post.sources), s.text)

    # Totals: per side (fixed) and of the rows the filter shows (SUBTOTAL skips hidden rows).
    r = audit.last + 2
    for label, side in (("Totaal kosten", COSTS), ("Totaal baten", BENEFITS)):
        ws.write_string(r, COL_DESCRIPTION, label, s.sum_label)
        for col in range(COL_YEAR0, COL_NCW + 1):
            column = _abs_range(AUDIT_SHEET, col, audit.first, audit.last).split("!")[1]
            value = _side_column_total(result, side, col)
            _formula(ws, r, col, f'=SUMIFS({column},{audit.column(COL_SIDE).split("!")[1]},"{side}")',
                     s.sum_amount, value)
        r += 1
    ws.write_string(r, COL_DESCRIPTION, "Subtotaal van de zichtbare regels (filter)", s.sum_label)
    for col in range(COL_YEAR0, COL_NCW + 1):
        column = _abs_range(AUDIT_SHEET, col, audit.first, audit.last).split("!")[1]
        value = sum(_side_column_total(result, side, col) for side in (COSTS, BENEFITS))
        _formula(ws, r, col, f"=SUBTOTAL(9,{column})", s.sum_amount, value)

    ws.freeze_panes(AUDIT_HEADER_ROW + 1, 1)
    ws.autofilter(AUDIT_HEADER_ROW, 0, audit.last, len(AUDIT_HEADERS) - 1)
    # Printed: the numbers, not the (long) sources, so that the page stays readable.
    ws.print_area(0, 0, r, COL_NCW)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(AUDIT_HEADER_ROW)
    ws.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.5)


def _budget_formula(result: Result, r: int) -> str:
    """BEREKENING column 'Begroting' of row ``r``: the NCW, or the cash flows of the budget window."""
    years = result.rekenwijze.budget_years
    if years is None:
        return f"={xl_rowcol_to_cell(r, COL_NCW)}"
    return f"=SUM({xl_rowcol_to_cell(r, COL_YEAR0)}:{xl_rowcol_to_cell(r, COL_YEAR0 + years - 1)})"


def _side_column_total(result: Result, side: str, col: int) -> float:
    """The cached value of a totals cell of BEREKENING column ``col`` for one side (asked of ``Result``)."""
    if col == COL_NCW:
        return _number(result.total(side))
    if col == COL_BUDGET:
        return _number(result.budget("actor")["totaal"][side])
    return float(result.per_year(side, discount=False)[col - COL_YEAR0])


# ---------------------------------------------------------------------------------------------
# Per geldstroom
# ---------------------------------------------------------------------------------------------

def _write_domain_sheet(ws: Worksheet, s: _Styles, result: Result, kengetallen: Kengetallen, invoer: Invoer,
                        audit: _AuditLayout) -> None:
    widths = (2, 32, 18, 16, 16, 16)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.hide_gridlines(2)
    ws.set_row(0, 24)
    ws.write_string(0, 1, "Begroting per geldstroom, na 2 jaar", s.title)
    ws.set_row(1, 30)
    ws.merge_range(1, 1, 1, len(widths) - 1, result.rekenwijze.budget_text, s.note_wrap)
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
            _formula(ws, r, col, f'=SUMIFS({window},{audit.column(COL_DOMAIN)},{label_cell},'
                     f'{audit.column(COL_SIDE)},"{side}")', s.amount, values[side])
        _formula(ws, r, 5, f"=E{r + 1}-D{r + 1}", s.amount, values["saldo"])
    last = first + len(domains) - 1
    r = last + 1
    ws.write_string(r, 1, "Totaal", s.sum_label)
    ws.write_blank(r, 2, None, s.sum_label)
    total = budget["totaal"]
    for col, key in ((3, COSTS), (4, BENEFITS), (5, "saldo")):
        letter = xl_col_to_name(col)
        _formula(ws, r, col, f"=SUM({letter}{first + 1}:{letter}{last + 1})", s.sum_amount, total[key])
    ws.write_string(r + 2, 1, "Zie het blad BEREKENING voor de posten per geldstroom (kolom Geldstroom, "
                    "kolom 'Begroting').", s.note)
    ws.print_area(0, 0, r + 2, len(widths) - 1)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


__all__ = ["SHEET_ORDER", "write_uitvoer"]
