"""Render the INVOER and KENGETALLEN sheets with XlsxWriter, and write the template workbook.

Every position comes from ``schema``: this module only decides how things look. The UITVOER
writer reuses ``add_invoer_sheet`` and ``add_kengetallen_sheet`` so that an output workbook is
itself a valid input, which is why pre-filled values and the cached values of the grey formula
cells matter (openpyxl reads those caches; it never calculates).

Output is deterministic (same input, same bytes): fixed document properties, XlsxWriter's file
mode (not ``in_memory``, whose zip entries differ) and a fixed order of format creation.
"""

from __future__ import annotations

import math
import numbers
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from . import schema
from .errors import OutputError
from .kengetallen import Kengetallen, default_kengetallen, to_rows
from .schema import CHOICE, EURO, NUMBER, SHARE, TEXT, WHOLE, Column, Field, Row, Table

DOCUMENT_TITLE = "MKBA sociale (wijk)teams"
DOCUMENT_AUTHOR = "mkba-xl"
FIXED_CREATED = datetime(2013, 1, 1)
"""Creation date written in every workbook: a real timestamp would make each file's bytes unique."""

CPI_EXTRA_ROWS = 5
"""Empty, unlocked rows under the CPI table so users can add years without unprotecting the sheet."""
TABLE_GAP = 2
"""Empty rows between two KENGETALLEN tables (the reader stops a table at its first empty row)."""
KENGETALLEN_FIRST_ROW = 4
"""1-based row of the first table title on the KENGETALLEN sheet."""
KENGETALLEN_NOTE = ("Wijzig alleen de gele cellen. Elke waarde noemt haar bron; noem ook de bron van een "
                    "waarde die u wijzigt. Grijze cellen (sleutels) niet wijzigen: het programma zoekt de "
                    "regels op die namen.")

MAX_TEXT = 255
_BIG = 1e15  # bound for a numeric validation without min or max: Excel needs both ends
_BIG_WHOLE = 999_999_999

_INVOER_WIDTHS = {"A": 2, "B": 58, "C": 14, "D": 14, "E": 14, "F": 14,
                  "G": 14, "H": 14, "I": 14, "J": 14, "K": 14}
_BAND_LAST_COL = "K"
_UNIT_COL = "F"
_LABEL_COL = "B"

_INPUT_FORMATS = {SHARE: "0.0%", EURO: "[$€-413] #,##0", WHOLE: "0", NUMBER: "#,##0.0##", TEXT: "@",
                  CHOICE: ""}
_TABLE_FORMATS = {**_INPUT_FORMATS, NUMBER: "#,##0.0####"}

_YELLOW = "#FFF2CC"
_GREY = "#E7E6E6"
_BAND = "#1F3864"
_BORDER_COLOR = "#A6A6A6"

_PROTECT_OPTIONS = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,  # users may widen a column to read a long text
    "format_rows": True,
}


def workbook_options() -> dict[str, Any]:
    """XlsxWriter options for every workbook this project writes.

    No string is ever turned into a formula, link or number (user text such as '=1+1' or '007'
    stays text), and file mode is pinned because ``in_memory`` gives other (stable) bytes.
    """
    return {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "in_memory": False,
    }


def set_fixed_properties(workbook: Workbook) -> None:
    """Fixed document properties, so the same input gives a byte-identical file."""
    workbook.set_properties({
        "title": DOCUMENT_TITLE,
        "author": DOCUMENT_AUTHOR,
        "created": FIXED_CREATED,
    })


class Formats:
    """The cell formats of one workbook, created once and shared by all its sheets.

    XlsxWriter formats belong to a workbook; ``get`` caches by properties so that a format is
    never added twice and the creation order (hence the file's bytes) is fixed by the code path.
    """

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}
        border = {"border": 1, "border_color": _BORDER_COLOR}
        self.title = self.get(bold=True, font_size=16)
        self.section = self.get(bold=True, font_size=13, bg_color=_BAND, font_color="#FFFFFF",
                                valign="vcenter")
        self.subsection = self.get(bold=True, text_wrap=True, valign="top")
        self.label = self.get(text_wrap=True, valign="top")
        self.note = self.get(italic=True)
        self.header = self.get(bold=True, align="center", valign="top", text_wrap=True)
        self.table_header = self.get(bold=True, valign="top", text_wrap=True, bottom=1)
        self.unit = self.get(italic=True, font_color="#595959", valign="top")
        self.help = self.get(italic=True, font_color="#595959")
        self.version = self.get(bg_color=_GREY, **border)
        self._border = border

    def get(self, **props: Any) -> Format:
        """The format with exactly these XlsxWriter properties (created on first use)."""
        key = tuple(sorted(props.items()))
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._cache[key] = self._workbook.add_format(dict(props))
        return fmt

    def input(self, num_format: str, *, wrap: bool = False) -> Format:
        """A yellow, unlocked input cell."""
        extra: dict[str, Any] = {"num_format": num_format} if num_format else {}
        if wrap:
            extra.update(text_wrap=True, valign="top")
        return self.get(bg_color=_YELLOW, locked=False, **self._border, **extra)

    def derived(self, num_format: str, *, wrap: bool = False) -> Format:
        """A grey, locked cell that Excel calculates or that users should not change."""
        extra: dict[str, Any] = {"num_format": num_format} if num_format else {}
        if wrap:
            extra.update(text_wrap=True, valign="top")
        return self.get(bg_color=_GREY, **self._border, **extra)


# ---------------------------------------------------------------------------------------------
# Dutch texts for validation messages
# ---------------------------------------------------------------------------------------------

def _nl_number(x: float) -> str:
    """A number as Dutch users write it: decimal comma, thousands dots from 10.000 (not in years)."""
    x = round(float(x), 6)
    sign = "-" if x < 0 else ""
    x = abs(x)
    if x.is_integer():
        n = int(x)
        return sign + (f"{n:,}".replace(",", ".") if n >= 10_000 else str(n))
    return sign + f"{x:.6g}".replace(".", ",")


def _nl_percent(x: float) -> str:
    return _nl_number(x * 100) + "%"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _between(lo: float | None, hi: float | None, show: Callable[[float], str]) -> str:
    if lo is not None and hi is not None:
        return f" tussen {show(lo)} en {show(hi)}"
    if lo is not None:
        return f" van minstens {show(lo)}"
    if hi is not None:
        return f" van hooguit {show(hi)}"
    return ""


def _rule(type_: str, lo: float | None, hi: float | None, choices: tuple[str, ...]) -> tuple[str, str]:
    """(error title, what to type instead) for a cell of this type."""
    if type_ == SHARE:
        wide = (hi is None or hi >= 0.48) and (lo is None or lo <= 0.48)
        example = 0.48 if wide else min(max(0.025, lo if lo is not None else 0.025), hi if hi is not None else 0.025)
        return ("Geen geldig percentage",
                f"Typ een percentage{_between(lo, hi, _nl_percent)}, bijvoorbeeld {_nl_percent(example)}.")
    if type_ == EURO:
        return ("Geen geldig bedrag",
                f"Typ een bedrag in hele euro's{_between(lo, hi, _nl_number)}, alleen cijfers, "
                "bijvoorbeeld 65000.")
    if type_ == WHOLE:
        return ("Geen geheel getal", f"Typ een geheel getal zonder decimalen{_between(lo, hi, _nl_number)}.")
    if type_ == NUMBER:
        return ("Geen geldig getal", f"Typ een getal{_between(lo, hi, _nl_number)}.")
    if type_ == CHOICE:
        return ("Kies uit de lijst", _truncate(f"Kies een waarde uit de keuzelijst: {', '.join(choices)}.",
                                               MAX_TEXT))
    return ("Tekst te lang", f"Typ een tekst van hooguit {MAX_TEXT} tekens.")


def _validation(type_: str, lo: float | None, hi: float | None, choices: tuple[str, ...],
                title: str, message: str) -> dict[str, Any]:
    """XlsxWriter data-validation options: Excel refuses a wrong entry and says what to type."""
    error_title, error_message = _rule(type_, lo, hi, choices)
    options: dict[str, Any] = {
        "ignore_blank": True,
        "input_title": _truncate(title, 32),
        "input_message": _truncate(message, MAX_TEXT),
        "error_title": error_title,
        "error_message": _truncate(error_message, MAX_TEXT),
        "error_type": "stop",
    }
    if type_ in (SHARE, EURO, NUMBER):
        options.update(validate="decimal", criteria="between", minimum=lo if lo is not None else -_BIG,
                       maximum=hi if hi is not None else _BIG)
    elif type_ == WHOLE:
        options.update(validate="integer", criteria="between",
                       minimum=int(lo) if lo is not None else -_BIG_WHOLE,
                       maximum=int(hi) if hi is not None else _BIG_WHOLE)
    elif type_ == CHOICE:
        options.update(validate="list", source=list(choices))
    else:
        options.update(validate="length", criteria="<=", value=MAX_TEXT)
    return options


def _field_message(f: Field) -> str:
    parts = []
    if len(f.label) > 32:  # the title is cut short: repeat the whole label
        parts.append(f.label + ".")
    if f.required:
        parts.append("Verplicht.")
    parts.append(f.help)
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Cached values of the derived formulas (a tiny evaluator for the shapes in schema rows)
# ---------------------------------------------------------------------------------------------

class _EvalError(Exception):
    """A formula this evaluator cannot compute (unknown shape or function): its cache becomes 0."""


class _ExcelError(str):
    """An error value Excel itself would show (#DIV/0!, #VALUE!); it propagates like in Excel."""


_DIV0 = _ExcelError("#DIV/0!")
_VALUE = _ExcelError("#VALUE!")

_TOKEN = re.compile(r"""\s*(?:
    (?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)
  | (?P<ref>\$?[A-Z]{1,3}\$?\d+)
  | (?P<func>[A-Z]+)\(
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<str>"[^"]*")
  | (?P<op><=|>=|<>|[-+*/(),<>=])
)""", re.VERBOSE)


def _tokenize(formula: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos, text = 0, formula.lstrip("=")
    while text[pos:].strip():
        m = _TOKEN.match(text, pos)
        if not m:
            raise _EvalError(formula)
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


def _num(v: Any) -> float | _ExcelError:
    """Excel's coercion in arithmetic: empty = 0, TRUE = 1, text is #VALUE!."""
    if isinstance(v, _ExcelError):
        return v
    if v is None:
        return 0.0
    if isinstance(v, bool | numbers.Real):
        return float(v)
    return _VALUE


def _binary(op: str, left: Any, right: Any) -> Any:
    a, b = _num(left), _num(right)
    if isinstance(a, _ExcelError):
        return a
    if isinstance(b, _ExcelError):
        return b
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return _DIV0 if b == 0 else a / b
    return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b, "=": a == b, "<>": a != b}[op]


class _Evaluator:
    """Evaluates the formula shapes of the schema rows; ``lookup`` gives a cell's value (None = empty).

    Supported: numbers, "text", cell references (with or without $), + - * / and comparisons,
    SUM(...) over ranges and values, and IF(condition, then[, else]).
    """

    def __init__(self, lookup: Callable[[str], Any]) -> None:
        self._lookup = lookup
        self._tokens: list[tuple[str, str]] = []
        self._pos = 0

    def evaluate(self, formula: str) -> Any:
        self._tokens = _tokenize(formula)
        self._pos = 0
        value = self._compare()
        if self._pos != len(self._tokens):
            raise _EvalError(formula)
        return value

    def _peek(self) -> tuple[str, str] | None:
        return self._tokens[self._pos] if self._pos < len(self._tokens) else None

    def _take(self, op: str | None = None) -> tuple[str, str]:
        tok = self._peek()
        if tok is None or (op is not None and tok != ("op", op)):
            raise _EvalError(f"expected {op!r}")
        self._pos += 1
        return tok

    def _compare(self) -> Any:
        left = self._additive()
        tok = self._peek()
        if tok and tok[0] == "op" and tok[1] in ("<", ">", "<=", ">=", "=", "<>"):
            self._take()
            return _binary(tok[1], left, self._additive())
        return left

    def _additive(self) -> Any:
        value = self._multiplicative()
        while (tok := self._peek()) in (("op", "+"), ("op", "-")):
            self._take()
            value = _binary(tok[1], value, self._multiplicative())
        return value

    def _multiplicative(self) -> Any:
        value = self._unary()
        while (tok := self._peek()) in (("op", "*"), ("op", "/")):
            self._take()
            value = _binary(tok[1], value, self._unary())
        return value

    def _unary(self) -> Any:
        if self._peek() == ("op", "-"):
            self._take()
            return _binary("-", 0.0, self._unary())
        return self._primary()

    def _primary(self) -> Any:
        kind, text = self._take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1]
        if kind == "ref":
            return self._lookup(text.replace("$", ""))
        if kind == "op" and text == "(":
            value = self._compare()
            self._take(")")
            return value
        if kind == "func":
            return self._function(text)
        raise _EvalError(text)

    def _function(self, name: str) -> Any:
        args: list[Any] = []
        if self._peek() != ("op", ")"):
            while True:
                tok = self._peek()
                if tok and tok[0] == "range":
                    self._take()
                    args.append([self._lookup(c) for c in _cells_in(tok[1].replace("$", ""))])
                else:
                    args.append(self._compare())
                if self._peek() != ("op", ","):
                    break
                self._take(",")
        self._take(")")
        if name == "SUM":
            total = 0.0
            for arg in args:
                for v in arg if isinstance(arg, list) else [arg]:
                    if isinstance(v, _ExcelError):
                        return v
                    if isinstance(v, bool | numbers.Real):  # like Excel: text and empty cells are skipped
                        total += float(v)
            return total
        if name == "IF" and len(args) in (2, 3) and not any(isinstance(a, list) for a in args):
            condition = _num(args[0])
            if isinstance(condition, _ExcelError):
                return condition
            # both branches were evaluated, but only the chosen one's error counts, as in Excel
            return args[1] if condition != 0 else (args[2] if len(args) == 3 else False)
        raise _EvalError(name)


def _cells_in(cell_range: str) -> list[str]:
    first, last = cell_range.split(":")
    r1, c1 = xl_cell_to_rowcol(first)
    r2, c2 = xl_cell_to_rowcol(last)
    return [xl_rowcol_to_cell(r, c) for r in range(min(r1, r2), max(r1, r2) + 1)
            for c in range(min(c1, c2), max(c1, c2) + 1)]


def cached_values(formulas: Mapping[str, str], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The value Excel would show in each formula cell, given the input cells' values.

    Empty input cells count as 0, exactly as in Excel (not as the field's default): a cached
    value that differs from what Excel or LibreOffice computes on opening would mislead. An
    Excel error (#DIV/0!, #VALUE!) is cached as that error; a formula this evaluator does not
    understand, or a circular one, caches 0.
    """
    results: dict[str, Any] = {}
    busy: set[str] = set()

    def lookup(cell: str) -> Any:
        if cell in formulas:
            if cell not in results:
                if cell in busy:
                    raise _EvalError(f"circular reference in {cell}")
                busy.add(cell)
                try:
                    results[cell] = _Evaluator(lookup).evaluate(formulas[cell])
                except (_EvalError, ArithmeticError, ValueError):
                    results[cell] = 0
                finally:
                    busy.discard(cell)
            return results[cell]
        return inputs.get(cell)

    for cell in formulas:
        lookup(cell)
    return {cell: _cacheable(v) for cell, v in results.items()}


def _cacheable(value: Any) -> Any:
    if isinstance(value, _ExcelError):
        return str(value)  # XlsxWriter stores the known error codes as errors (t="e")
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Real):
        v = float(value)
        return 0 if not math.isfinite(v) else (int(v) if v.is_integer() else v)
    return value if isinstance(value, str) else 0


# ---------------------------------------------------------------------------------------------
# INVOER
# ---------------------------------------------------------------------------------------------

def _row_col(cell: str) -> tuple[int, int]:
    return xl_cell_to_rowcol(cell)


def _row_cells(r: Row) -> list[tuple[str, str]]:
    """The extra cells of a layout row; a bare column letter (schema header rows) means 'on this row'."""
    return [(cell if any(ch.isdigit() for ch in cell) else f"{cell}{r.row}", text) for cell, text in r.cells]


def _check_written(code: int, where: str) -> None:
    """XlsxWriter reports problems by return code; a lost or cut value must not pass silently."""
    if code != 0:
        raise OutputError(f"De waarde voor cel {where} kan niet worden geschreven (code {code}); "
                          f"een tekst mag hooguit 32.767 tekens hebben.")


def _write_value(ws: Worksheet, cell: str, value: Any, type_: str, fmt: Format, where: str) -> None:
    """Write a user value; text always as text, so '=1+1' can never become a formula."""
    row, col = _row_col(cell)
    if value is None or (isinstance(value, str) and not value):  # empty text = empty cell, reads back empty
        ws.write_blank(row, col, None, fmt)
        return
    if type_ not in (TEXT, CHOICE) and isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise OutputError(f"Cel {where}: '{value}' is geen getal dat Excel kan opslaan.")
        _check_written(ws.write_number(row, col, value if isinstance(value, int) else number, fmt), where)
        return
    if isinstance(value, str | numbers.Real):
        _check_written(ws.write_string(row, col, str(value), fmt), where)
        return
    raise OutputError(f"Cel {where}: een waarde van het soort {type(value).__name__} kan niet in één cel.")


_LINE_HEIGHT = 15.0  # points per line of Calibri 11, XlsxWriter's default row height


def _wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Estimated number of lines of ``text`` wrapped in a column of ``width`` characters."""
    per_line = max(1, int(width * (1.0 if bold else 1.1)))
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) <= per_line:
            used += 1 + len(word)
            continue
        if used:
            lines += 1
        used = len(word)
        while used > per_line:  # a word longer than the column is broken
            lines += 1
            used -= per_line
    return lines


class _RowHeights:
    """Row heights for wrapped text.

    Neither XlsxWriter nor LibreOffice (on loading an xlsx) fits a row to wrapped text, so
    without an explicit height a long label would be cut off or drawn over the next row.
    """

    def __init__(self, widths: Mapping[int, float]) -> None:
        self._widths = widths
        self._lines: dict[int, int] = {}

    def fit(self, row: int, col: int, text: str, *, bold: bool = False) -> None:
        lines = _wrapped_lines(text, self._widths.get(col, 8.43), bold=bold)
        self._lines[row] = max(self._lines.get(row, 1), lines)

    def apply(self, ws: Worksheet) -> None:
        for row, lines in sorted(self._lines.items()):
            if lines > 1:
                ws.set_row(row, _LINE_HEIGHT * lines)


def add_invoer_sheet(workbook: Workbook, formats: Formats, values: Mapping[str, Any] | None = None, *,
                     protect: bool = True) -> Worksheet:
    """Render the INVOER sheet from the schema; ``values`` (field key -> value) pre-fill input cells.

    Defaults are not written: an empty cell means 'use the default', as each help text says.
    The grey formula cells get cached values computed from the same inputs.
    """
    values = dict(values or {})
    fields = schema.invoer_fields()
    rows = schema.invoer_rows()
    unknown = sorted(set(values) - {f.key for f in fields})
    if unknown:
        raise ValueError(f"Onbekende invoervelden: {', '.join(unknown)}")

    ws = workbook.add_worksheet(schema.INVOER_SHEET)
    widths = {_row_col(f"{col}1")[1]: width for col, width in _INVOER_WIDTHS.items()}
    for col, width in widths.items():
        ws.set_column(col, col, width)
    heights = _RowHeights(widths)

    by_row = {r.row: r for r in rows}
    formulas = {cell: text for r in rows for cell, text in _row_cells(r) if text.startswith("=")}
    inputs = {f.cell: values.get(f.key) for f in fields}
    cached = cached_values(formulas, inputs)

    band_last = _row_col(f"{_BAND_LAST_COL}1")[1]
    label_col = _row_col(f"{_LABEL_COL}1")[1]
    for r in rows:
        row0 = r.row - 1
        if r.kind == "title":
            ws.set_row(row0, 24)
            ws.write_string(row0, label_col, r.text, formats.title)
        elif r.kind == "section":
            ws.set_row(row0, 20)
            ws.write_string(row0, label_col, r.text, formats.section)
            for col in range(label_col + 1, band_last + 1):
                ws.write_blank(row0, col, None, formats.section)
        elif r.kind == "note":  # one long line: it may run on over the empty cells to its right
            ws.write_string(row0, label_col, r.text, formats.note)
        elif r.text:
            bold = r.kind == "subsection"
            ws.write_string(row0, label_col, r.text, formats.subsection if bold else formats.label)
            heights.fit(row0, label_col, r.text, bold=bold)
        for cell, text in _row_cells(r):
            row, col = _row_col(cell)
            if cell == schema.VERSION_CELL:
                ws.write_string(row, col, schema.TEMPLATE_VERSION, formats.version)
            elif text.startswith("="):
                ws.write_formula(row, col, text, formats.derived(r.number_format), cached[cell])
            else:
                ws.write_string(row, col, text, formats.header)
                heights.fit(row, col, text, bold=True)

    unit_col = _row_col(f"{_UNIT_COL}1")[1]
    unit_rows: dict[int, set[str]] = {}
    for f in fields:
        unit_rows.setdefault(f.row, set()).add(f.unit)
    for f in fields:
        row, col = _row_col(f.cell)
        owner = by_row.get(f.row)
        if f.column == "C" and not (owner and owner.text):
            ws.write_string(row, label_col, f.label, formats.label)
            heights.fit(row, label_col, f.label)
        units = unit_rows.pop(f.row, set()) - {""}
        if len(units) == 1:  # several units on one row: the header row above names them
            ws.write_string(row, unit_col, units.pop(), formats.unit)
        fmt = formats.input(_INPUT_FORMATS[f.type])
        _write_value(ws, f.cell, values.get(f.key), f.type, fmt, f"{schema.INVOER_SHEET}!{f.cell}")
        ws.data_validation(row, col, row, col,
                           _validation(f.type, f.min, f.max, f.choices, f.label, _field_message(f)))

    heights.apply(ws)
    ws.freeze_panes(3, 0)
    ws.set_selection(fields[0].cell)
    ws.hide_gridlines(2)
    _print_settings(ws, fit_width=True)
    if protect:
        ws.protect("", _PROTECT_OPTIONS)
    return ws


def _print_settings(ws: Worksheet, *, fit_width: bool) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    if fit_width:
        ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


# ---------------------------------------------------------------------------------------------
# KENGETALLEN
# ---------------------------------------------------------------------------------------------

def _column_message(table: Table, column: Column) -> str:
    if column.key == "bron":
        return "Noem de bron van de waarde: rapport en paragraaf, of 'aanname' met de reden."
    unit = f" Eenheid: {column.unit}." if column.unit else ""
    return _rule(column.type, column.min, column.max, column.choices)[1] + unit + " " + table.help


def _is_overflow_column(t: Table, i: int) -> bool:
    """The last text column of a table (its source): its text runs on over the empty cells to its right."""
    return i == len(t.columns) - 1 and t.columns[i].type == TEXT


def kengetallen_widths(first_col: int = 1) -> dict[int, float]:
    """Excel column (0-based) -> width: the widest table column that lands there.

    A table's last text column (the source, 70 wide) only counts where no other table has a
    column: its text may overflow to the right, and counting it would make four shared columns
    70 characters wide.
    """
    widths: dict[int, float] = {0: 2}
    overflow: dict[int, float] = {}
    for t in schema.TABLES:
        for i, c in enumerate(t.columns):
            target = overflow if _is_overflow_column(t, i) else widths
            target[first_col + i] = max(target.get(first_col + i, 0), c.width)
    for col, width in overflow.items():
        widths.setdefault(col, width)
    return dict(sorted(widths.items()))


def add_kengetallen_sheet(workbook: Workbook, formats: Formats, kengetallen: Kengetallen, *,
                          protect: bool = True) -> Worksheet:
    """Render every table of ``schema.TABLES`` with the rows of ``kengetallen``.

    Contract with the reader: a table's title is in column B; the next row holds the headers
    (column i of the table in Excel column B+i); the data rows follow and end at the first row
    whose table cells are all empty. Tables are separated by ``TABLE_GAP`` empty rows; the CPI
    table carries ``CPI_EXTRA_ROWS`` empty input rows of its own before that gap.
    """
    ws = workbook.add_worksheet(schema.KENGETALLEN_SHEET)
    first_col = _row_col("B1")[1]
    data = to_rows(kengetallen)

    widths = kengetallen_widths(first_col)
    for col, width in widths.items():
        ws.set_column(col, col, width)
    heights = _RowHeights(widths)

    ws.set_row(0, 24)
    ws.write_string(0, first_col, "Kengetallen", formats.title)
    ws.write_string(1, first_col, KENGETALLEN_NOTE, formats.note)

    row = KENGETALLEN_FIRST_ROW - 1
    for t in schema.TABLES:
        row = _write_table(ws, formats, heights, t, data.get(t.key, []), row, first_col)
        row += TABLE_GAP

    heights.apply(ws)
    ws.set_selection(xl_rowcol_to_cell(KENGETALLEN_FIRST_ROW + 1, first_col))
    _print_settings(ws, fit_width=False)  # too wide to be legible on one page
    if protect:
        ws.protect("", _PROTECT_OPTIONS)
    return ws


def _write_table(ws: Worksheet, formats: Formats, heights: _RowHeights, t: Table, rows: list[list],
                 row: int, first_col: int) -> int:
    """Write one table from 0-based ``row``; return the 0-based row just after its last row."""
    last_col = first_col + len(t.columns) - 1
    ws.set_row(row, 20)
    ws.write_string(row, first_col, t.title, formats.section)
    for col in range(first_col + 1, last_col + 1):
        ws.write_blank(row, col, None, formats.section)
    ws.write_string(row, last_col + 1, t.help, formats.help)
    row += 1
    for i, c in enumerate(t.columns):
        ws.write_string(row, first_col + i, c.header, formats.table_header)
        heights.fit(row, first_col + i, c.header, bold=True)
    row += 1

    def cell_format(i: int, c: Column, editable: bool) -> Format:
        wrap = c.type == TEXT and not _is_overflow_column(t, i)
        return (formats.input if editable else formats.derived)(_TABLE_FORMATS[c.type], wrap=wrap)

    first_data = row
    for values in rows:
        if len(values) != len(t.columns):
            raise OutputError(f"Tabel '{t.title}': een regel heeft {len(values)} waarden, verwacht "
                              f"{len(t.columns)}.")
        for i, (c, value) in enumerate(zip(t.columns, values, strict=True)):
            cell = xl_rowcol_to_cell(row, first_col + i)
            _write_value(ws, cell, value, c.type, cell_format(i, c, c.editable),
                         f"{schema.KENGETALLEN_SHEET}!{cell}")
            if isinstance(value, str) and not _is_overflow_column(t, i):
                heights.fit(row, first_col + i, value)
        row += 1
    extra = CPI_EXTRA_ROWS if t.key == "cpi" else 0
    for _ in range(extra):
        for i, c in enumerate(t.columns):
            ws.write_blank(row, first_col + i, None, cell_format(i, c, True))
        row += 1

    for i, c in enumerate(t.columns):
        start = first_data if c.editable else row - extra
        if start >= row:
            continue
        col = first_col + i
        ws.data_validation(start, col, row - 1, col,
                           _validation(c.type, c.min, c.max, c.choices, c.header, _column_message(t, c)))
    return row


# ---------------------------------------------------------------------------------------------
# The template workbook
# ---------------------------------------------------------------------------------------------

def write_template(path: str | os.PathLike[str], *, kengetallen: Kengetallen | None = None) -> None:
    """Write the empty input workbook: INVOER (first and active), KENGETALLEN and GEVOELIGHEID."""
    from .gevoeligheid_sheet import add_user_variations_sheet  # it builds on this module

    workbook = xlsxwriter.Workbook(os.fspath(path), workbook_options())
    set_fixed_properties(workbook)
    formats = Formats(workbook)
    invoer = add_invoer_sheet(workbook, formats)
    add_kengetallen_sheet(workbook, formats, kengetallen or default_kengetallen())
    add_user_variations_sheet(workbook, formats)
    invoer.activate()
    try:
        workbook.close()
    except (OSError, XlsxWriterException) as exc:
        raise OutputError(f"Het bestand '{os.fspath(path)}' kan niet worden geschreven: {_why(exc)}.") from exc


def write_atomically(path: str | os.PathLike[str], build: Callable[[Workbook, Formats], Any]) -> None:
    """Write a workbook made by ``build`` to ``path`` as a complete file or not at all.

    The workbook is built in a temporary file in the target folder (same file system, so the final
    ``os.replace`` is atomic), with the fixed document properties that make the bytes reproducible.
    On any failure, an interruption included, the temporary file is removed and an existing target
    is left as it was. Raises ``OutputError`` (Dutch) when the file cannot be written.
    """
    target = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".xlsx.tmp")
    except OSError as exc:
        raise OutputError(f"In de map {target.parent} kan niet worden geschreven: {_why(exc)}.") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        workbook = xlsxwriter.Workbook(str(tmp), workbook_options())
        set_fixed_properties(workbook)
        build(workbook, Formats(workbook))
        try:
            workbook.close()
        except (OSError, XlsxWriterException) as exc:
            raise OutputError(f"Het bestand '{target}' kan niet worden geschreven: {_why(exc)}.") from exc
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp creates 0600; give the usual permissions
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(f"Het bestand '{target}' kan niet worden vervangen (is het geopend in Excel?): "
                              f"{_why(exc)}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _why(exc: BaseException) -> str:
    """A Dutch reason for a failed write (the OS message is English)."""
    cause = exc.__context__ if isinstance(exc, XlsxWriterException) and exc.__context__ else exc
    if isinstance(cause, FileNotFoundError):
        return "de map bestaat niet"
    if isinstance(cause, PermissionError):
        return "geen schrijfrechten, of het bestand is geopend in Excel"
    if isinstance(cause, IsADirectoryError):
        return "dit is een map"
    return f"fout van het systeem ({cause})"


__all__ = [
    "CPI_EXTRA_ROWS",
    "Formats",
    "write_atomically",
    "KENGETALLEN_FIRST_ROW",
    "TABLE_GAP",
    "add_invoer_sheet",
    "add_kengetallen_sheet",
    "cached_values",
    "set_fixed_properties",
    "workbook_options",
    "write_template",
]
