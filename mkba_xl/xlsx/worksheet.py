"""XlsxWriter's workbook and worksheet, less one cost: rewriting a formula that has nothing to rewrite.

XlsxWriter prefixes Excel's newer functions in every formula it stores (``XLOOKUP(`` becomes
``_xlfn.XLOOKUP(``) by running one regular expression per function name over the formula: about 30 for a
cell's formula and about 160 for a data validation's (whose first use compiles them all). Our formulas call
only classic functions (``CLASSIC``), on which none of those substitutions matches, so the rewrite only strips
the leading '=' (and an array formula's braces). ``Worksheet`` does just that for such a formula and hands any
other to XlsxWriter: the same bytes, about 10 ms less CPU per output workbook.

The subclasses are XlsxWriter's own way to change a worksheet (``Workbook.add_worksheet`` takes the class;
XlsxWriter's examples inheritance1/2 show it). The method replaced, ``_prepare_formula``, is internal to
XlsxWriter: ``tests/test_xlsx_worksheet.py`` holds the two against each other for every classic name, random
formulas and whole workbooks written both ways, so that a new XlsxWriter that rewrites more is noticed (and
``pyproject.toml`` keeps XlsxWriter below its next major version, as for ``row_block``, whose worksheet for
DOSSIERS is a ``Worksheet`` too).
"""

from __future__ import annotations

import re
from typing import Any

from xlsxwriter.workbook import Workbook as XlsxWriterWorkbook
from xlsxwriter.worksheet import Worksheet as XlsxWriterWorksheet

__all__ = ["CLASSIC", "Workbook", "Worksheet", "rewrites_nothing"]

CLASSIC = frozenset({"ABS", "AND", "CHAR", "EXACT", "IF", "IFERROR", "ISNUMBER", "LEFT", "LEN", "N", "RIGHT", "ROUND",
                     "SUBTOTAL", "SUM", "SUMIFS", "SUMPRODUCT", "TRIM"})
"""The functions our formulas call, all older than Excel 2010: XlsxWriter prefixes none of them (a test checks each).
A formula that calls another function is rewritten by XlsxWriter as usual."""
_CALL = re.compile(r"([A-Za-z0-9_.]*)\(")
"""Each '(' with the name before it (empty after an operator or a bracket: no function name can end there)."""


def rewrites_nothing(formula: str) -> bool:
    """Whether XlsxWriter's rewrite leaves ``formula`` as it is (bar the '=' and braces): every '(' follows the
    whole name of a ``CLASSIC`` function, or no name at all. Each substitution matches a function name that
    starts at a word boundary and ends right before a '('; within a run of letters, digits, '_' and '.' without
    a '.', the only such name is the whole run, and no classic name is one that XlsxWriter rewrites."""
    return all(m.group(1) in CLASSIC or not m.group(1) for m in _CALL.finditer(formula))


class Worksheet(XlsxWriterWorksheet):
    """XlsxWriter's worksheet; a formula that calls only classic functions skips the rewrite (module doc)."""

    def _prepare_formula(self, formula: str, *args: Any, **kwargs: Any) -> str:
        if not rewrites_nothing(formula):
            return super()._prepare_formula(formula, *args, **kwargs)
        if formula.startswith("{"):  # what XlsxWriter's rewrite does first, and all it does here
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula


class Workbook(XlsxWriterWorkbook):
    """XlsxWriter's workbook whose worksheets are ``Worksheet``."""

    worksheet_class = Worksheet
