"""Cached values of our own formulas: a tiny Excel evaluator for the formula shapes of the schema rows.

openpyxl never calculates, so an output workbook that is itself an input must carry the value of
every grey formula cell, and Excel or LibreOffice recalculating the file must get the same one.
Supported: numbers, "text", cell references (with or without $), + - * / and comparisons, SUM(...)
over ranges and values, and IF(condition, then[, else]); errors (#DIV/0!, #VALUE!) propagate like
in Excel.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Mapping
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

__all__ = ["cached_values"]

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

