"""Shared by the sheets of the output workbook: sheet names, BEREKENING's column layout (the other
sheets' formulas refer to it), the formats of these sheets and the helpers that write a formula with
the engine's value cached beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..engine import GROUPS, LINES, YEARS, Post, Result, ScreenRow
from ..errors import OutputError
from ..schema import AUDIT_SHEET_NAME
from ..xlsx.styles import (
    BENEFIT_GREEN,
    CHECKSUM,
    COST_RED,
    DISCOUNT_FACTOR,
    EURO_AMOUNT,
    EXACT_GREY,
    HEADER_BLUE,
    NAVY,
    RATIO,
    RATIO_EXACT,
    RULE_GREY,
    TEXT_DARK,
    TEXT_LIGHT,
    WHITE,
    Formats,
)

UITVOER_SHEET = "UITVOER"
CHARTS_SHEET = "Grafieken"
AUDIT_SHEET = AUDIT_SHEET_NAME
DOMAIN_SHEET = "Per geldstroom"
CALENDAR_SHEET = "Per kalenderjaar"
"""Only in the output of several years of the approach (MEERJARIG), after 'Per geldstroom'."""
SHEET_ORDER = (UITVOER_SHEET, CHARTS_SHEET, "INVOER", "KENGETALLEN", AUDIT_SHEET, DOMAIN_SHEET)

TITLE = "MKBA sociale (wijk)teams — UITVOER"
IMMATERIAL_BUDGET_LABEL = "w.v. immateriële baten (geen kasstroom)"
"""The budget row of the immaterial benefits (quality of life, nuisance, children's chances): never cash. What the
budget holds per way of the tool is ``Rekenwijze.budget_text``."""



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
COL_COHORT = COL_SOURCES + 1
COL_SHIFT = COL_COHORT + 1
AUDIT_COHORT_HEADERS = ("Jaar aanpak", "Factor jaar aanpak")
"""Two more columns of BEREKENING for several years of the approach: the calendar year of the post's year of the
approach and what a euro of its year 0 is worth in the base year (its NCW is the one-year NCW times this)."""
AUDIT_FACTOR_ROW = 2
IMMATERIAL, FINANCIAL = "immaterieel", "financieel"
"""Values of BEREKENING's column Soort."""
AUDIT_HEADER_ROW = 4
AUDIT_FIRST_ROW = 5


def number(x: Any) -> float:
    return float(np.asarray(x, dtype=float))


def cached_ratio(x: Any) -> float | str:
    v = number(x)
    return v if math.isfinite(v) else "-"


def abs_range(sheet: str, col: int, first: int, last: int) -> str:
    letter = xl_col_to_name(col)
    return f"{sheet}!${letter}${first + 1}:${letter}${last + 1}"


def write_formula(ws: Worksheet, row: int, col: int, formula: str, fmt: Format | None, value: Any) -> None:
    if isinstance(value, str):
        cached: Any = value
    else:
        cached = number(value)
        if not math.isfinite(cached):
            cached = "-"
    code = ws.write_formula(row, col, formula, fmt, cached)
    if code != 0:
        raise OutputError(f"Blad {ws.name}, cel {xl_rowcol_to_cell(row, col)}: formule niet geschreven "
                          f"(code {code}).")


class Styles:
    """This module's formats, created through the shared ``Formats`` cache (fixed order)."""

    def __init__(self, f: Formats) -> None:
        g = f.get
        self.formats = f
        self.title = f.title
        self.meta_label = g(font_color=TEXT_DARK)
        self.meta_value = g(bold=True, align="left")
        self.meta_number = g(bold=True, align="left", num_format="0")
        self.band = g(bold=True, font_size=12, bg_color=NAVY, font_color=WHITE, valign="vcenter")
        self.band_costs = g(bold=True, bg_color=COST_RED, font_color=WHITE)
        self.band_benefits = g(bold=True, bg_color=BENEFIT_GREEN, font_color=WHITE)
        self.col_header = g(bold=True, align="right", bottom=1, bottom_color=RULE_GREY)
        self.col_header_left = g(bold=True, bottom=1, bottom_color=RULE_GREY)
        self.col_header_exact = g(bold=True, italic=True, align="right", font_color=TEXT_LIGHT, bottom=1,
                                  bottom_color=RULE_GREY)
        self.code = g(font_size=8, font_color=TEXT_LIGHT, align="center")
        self.total_label = g(bold=True, top=1, top_color=RULE_GREY)
        self.total_amount = g(bold=True, num_format=EURO_AMOUNT, top=1, top_color=RULE_GREY)
        self.total_exact = g(italic=True, num_format=EURO_AMOUNT, font_color=TEXT_LIGHT, bg_color=EXACT_GREY, top=1,
                             top_color=RULE_GREY)
        self.line_label = g()
        self.sub_label = g(indent=2)
        self.amount = g(num_format=EURO_AMOUNT)
        self.sub_amount = g(num_format=EURO_AMOUNT, font_color=TEXT_DARK)
        self.exact = g(italic=True, num_format=EURO_AMOUNT, font_color=TEXT_LIGHT, bg_color=EXACT_GREY)
        self.saldo_label = g(bold=True, top=1, bottom=6)
        self.saldo_amount = g(bold=True, num_format=EURO_AMOUNT, top=1, bottom=6)
        self.saldo_exact = g(italic=True, num_format=EURO_AMOUNT, font_color=TEXT_LIGHT, bg_color=EXACT_GREY, top=1,
                             bottom=6)
        self.ratio_label = g(bold=True)
        self.ratio = g(bold=True, num_format=RATIO, align="right")
        self.ratio_exact = g(italic=True, num_format=RATIO_EXACT, font_color=TEXT_LIGHT, bg_color=EXACT_GREY,
                             align="right")
        self.ratio_plain = g(num_format=RATIO, align="right")
        self.exact_label = g(italic=True, font_color=TEXT_LIGHT)
        self.note = g(italic=True, font_color=TEXT_DARK)
        self.note_wrap = g(italic=True, font_color=TEXT_DARK, text_wrap=True, valign="top")
        self.warning_header = g(bold=True, font_color=COST_RED)
        self.warning = g(font_color=COST_RED)
        self.stale = g(bold=True, font_size=12, font_color=COST_RED)
        self.check = g(num_format=CHECKSUM, font_color=TEXT_DARK)
        self.check_exact = g(num_format=CHECKSUM, italic=True, font_color=TEXT_LIGHT, bg_color=EXACT_GREY)
        self.year = g(align="left")
        self.text = g()
        self.value_right = g(align="right")
        self.text_header = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, valign="top")
        self.num_header = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, align="right",
                            valign="top")
        self.factor = g(num_format=DISCOUNT_FACTOR, italic=True, font_color=TEXT_DARK)
        self.factor_label = g(italic=True, align="right", font_color=TEXT_DARK)
        self.sum_label = g(bold=True, top=1, top_color=RULE_GREY)
        self.sum_amount = g(bold=True, num_format=EURO_AMOUNT, top=1, top_color=RULE_GREY)


def row_code(row: ScreenRow) -> str:
    """The code shown in column A of a screen row: its line, its group (K1, B1, B4) or its lines joined."""
    group = next((code for code, lines in GROUPS.items() if set(lines) == set(row.lines)), None)
    return row.lines[0] if len(row.lines) == 1 else group or "+".join(row.lines)


def shown_rows(result: Result, side: str) -> list[ScreenRow]:
    """The screen rows of one side in the way's order (``ledger.SCREENS``); an optional row only with an amount."""
    return [row for row in result.screen.rows[side]
            if not row.optional or any(np.any(np.asarray(result.line_ncw(c)) != 0) for c in row.lines)]


def leaf_rows(rows: Sequence[ScreenRow]) -> list[ScreenRow]:
    """The rows that hold one amount each (a numbered row without lettered rows, or a lettered row): the parts of
    the composition charts, which add up to the side's total."""
    return [r for i, r in enumerate(rows) if r.sub or i + 1 == len(rows) or not rows[i + 1].sub]


def numbered_label(rows: Sequence[ScreenRow], row: ScreenRow) -> str:
    """'1a Nieuw voor oud': a lettered row with the number of the row above it, as the charts name it."""
    parent = ""
    for r in rows:
        if not r.sub:
            parent = r.number
        if r is row:
            break
    return f"{parent if row.sub else ''}{row.number} {row.label}"


def sorted_posts(ledger: Sequence[Post]) -> list[Post]:
    """Posts in UITVOER order (K1a .. B4c); within a line in the engine's order."""
    order = {line.code: i for i, line in enumerate(LINES)}
    return sorted(ledger, key=lambda p: order[p.line])


@dataclass(frozen=True)
class AuditLayout:
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
        return abs_range(AUDIT_SHEET, col, self.first, self.last)

    def factor_cell(self, year: int) -> str:
        letter = xl_col_to_name(COL_YEAR0 + year)
        return f"{AUDIT_SHEET}!${letter}${AUDIT_FACTOR_ROW + 1}"
