"""A worksheet that writes a large block of plain rows as ready XML, byte for byte as XlsxWriter would.

The DOSSIERS sheet of an output carries up to 2,000 dossiers of 160 columns back (the output is a valid input).
Through XlsxWriter's API each of those 320,000 cells costs about 5 microseconds: a namedtuple stored per
cell, then written at close through its XML writer one attribute at a time. That was a second of the
slowest valid input's 2.5 s (issue 17). ``RowBlockWorksheet.add_row`` takes a whole row of numbers and texts, each with
its format, and keeps it as XML text, written after XlsxWriter's own rows; a tenth of the cost.

It writes exactly what XlsxWriter writes for the same ``write_number`` and ``write_string`` calls: the same
``<row r spans>`` and ``<c r s t>`` elements, numbers formatted as XlsxWriter does (``:.16G``), texts in the
workbook's shared strings in the same order, the spans of each block of 16 rows over all the cells, the same
sheet dimension. ``tests/test_row_block.py`` proves the bytes equal on hypothesis-written rows (run with
XlsxWriter 3.1.0, 3.2.0 and 3.3.1 when this was written). To do so it uses XlsxWriter's internals (``table``,
the row settings, the dimensions, ``_calculate_spans``, ``_write_rows``, the shared string table), which is
why ``pyproject.toml`` keeps XlsxWriter below its next major version (and from 3.2, for ``worksheet``). A row
given a height or format, every row after it, and every row of a worksheet whose rows XlsxWriter writes
differently (another Excel version, another default row height, constant-memory mode) take XlsxWriter's own
calls instead. The rows are written once the block is done: rows XlsxWriter's own calls wrote after it come
after them, and an own row inside the block's rows is refused as a programming error.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Real
from typing import Any, cast

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name

from ..errors import OutputError
from .cells import cell_text
from .worksheet import Worksheet

__all__ = ["RowBlockWorksheet"]

BlockCell = tuple[int, object, Format]
"""(0-based column, a value, its format) of one cell of ``add_row``: a number is written as a number, anything
else as text."""


class RowBlockWorksheet(Worksheet):
    """Our ``worksheet.Worksheet`` (XlsxWriter's, without rewriting classic formulas) plus ``add_row``: pass it to
    ``Workbook.add_worksheet(name, worksheet_class=...)``."""

    dim_rowmin: Any  # XlsxWriter's: the first and last row with content (None while there is none)
    dim_rowmax: Any

    def __init__(self) -> None:
        super().__init__()
        self._block: list[tuple[int, int, int, list[tuple[str, Format, str, str]]]] = []
        """Per row added: (row, first column, last column, cells as (reference, format, ' t="s"' or '', value))."""
        self._letters: list[str] = []
        self._closed = False
        """Set when a row after the block went through XlsxWriter's own calls: so must every later row."""
        self._spans: dict[int, str] | None = None

    def add_row(self, row: int, cells: Iterable[BlockCell]) -> None:
        """Write one row of cells (0-based row and columns, columns ascending; ``None`` and '' are not given):
        numbers as numbers, everything else as text (``cells.cell_text``), each with its format.

        Rows are added top to bottom, below every row written otherwise (a programming error raises
        ``OutputError``). A row given a height or format, every row after it, and every row of a worksheet whose
        rows XlsxWriter writes differently (``_plain_rows``) go through its own calls (same bytes, slower)."""
        cells = list(cells)
        if not cells:
            return
        columns = [col for col, _, _ in cells]
        if columns != sorted(set(columns)):
            raise OutputError(f"Blad {self.name}: de cellen van regel {row + 1} staan niet op volgorde van kolom.")
        if self._block and row <= self._block[-1][0]:
            raise OutputError(f"Blad {self.name}: regel {row + 1} komt niet na regel {self._block[-1][0] + 1}.")
        after = self._block[-1][0] if self._block else row - 1  # the rows above the block are XlsxWriter's
        if self._closed or not self._plain_rows() or any(after < r <= row for r in self._own_rows()):
            self._write_cells(row, cells)
            self._closed = bool(self._block)  # the rows after it must follow it: no more block
            return
        last_col = cells[-1][0]
        while len(self._letters) <= last_col:
            self._letters.append(xl_col_to_name(len(self._letters)))
        number = str(row + 1)
        kept: list[tuple[str, Format, str, str]] = []
        strings = self.str_table
        for col, value, fmt in cells:
            ref = self._letters[col] + number
            kind = type(value)  # int, finite float and str first: the usual cells, without the slower checks
            if kind is int or kind is float and math.isfinite(cast(float, value)) or (
                    kind is not str and _is_number(value, self.name, row, col)):
                kept.append((ref, fmt, "", f"{value:.16G}"))
            else:
                kept.append((ref, fmt, ' t="s"', str(strings._get_shared_string_index(cell_text(value)))))
        if self._check_dimensions(row, cells[0][0]) or self._check_dimensions(row, last_col):
            raise OutputError(f"Blad {self.name}: regel {number} valt buiten het werkblad.")
        self._block.append((row, cells[0][0], last_col, kept))

    @property
    def rows_in_block(self) -> int:
        """How many rows ``add_row`` kept as XML (the others went through XlsxWriter's own calls)."""
        return len(self._block)

    def _row_settings(self) -> dict[int, Any]:
        """The rows given a height or format (``set_row``)."""
        return getattr(self, "row_info", None) or getattr(self, "set_rows", {})  # so named before 3.3

    def _own_rows(self) -> list[int]:
        """The rows XlsxWriter writes itself even without cells: with a height, a format or a comment."""
        return [*self._row_settings(), *self.comments]

    def _plain_rows(self) -> bool:
        """Does XlsxWriter write a row without row settings as ``<row r spans>`` and nothing else?"""
        return (self.excel_version == 2007 and not self.constant_memory
                and self.default_row_height == self.original_row_height)

    def _write_cells(self, row: int, cells: list[BlockCell]) -> None:
        for col, value, fmt in cells:
            if _is_number(value, self.name, row, col):
                self.write_number(row, col, value, fmt)
            else:
                self.write_string(row, col, cell_text(value), fmt)

    # -- XlsxWriter's close calls these ------------------------------------------------------------

    def _calculate_spans(self) -> None:
        """XlsxWriter's spans (the columns used per block of 16 rows), widened by the block's cells; computed once
        over all rows, also when ``_write_rows`` has XlsxWriter write the rows above and below in two turns."""
        if self._spans is not None:
            self.row_spans = self._spans
            return
        super()._calculate_spans()
        if not self._block:
            return
        widened: dict[int, tuple[int, int]] = {}
        for index, span in self.row_spans.items():
            start, _, end = span.partition(":")
            widened[index] = (int(start) - 1, int(end) - 1)
        for row, first, last, _ in self._block:
            low, high = widened.get(row // 16, (first, last))
            widened[row // 16] = (min(low, first), max(high, last))
        self.row_spans = {index: f"{low + 1}:{high + 1}" for index, (low, high) in sorted(widened.items())}

    def _write_rows(self) -> None:
        """XlsxWriter's rows above the block, the block's, then XlsxWriter's rows below it."""
        if not self._block:
            super()._write_rows()
            return
        first, last = self._block[0][0], self._block[-1][0]
        settings = self._row_settings()
        inside = sorted(r for r in (*self.table, *settings, *self.comments) if first <= r <= last
                        and (r in settings or r in self.comments or self.table[r]))
        if inside:  # written around ``add_row``: a programming error, never a user's
            raise OutputError(f"Blad {self.name}: regel {inside[0] + 1} is geschreven tussen de regels die als "
                              f"blok worden geschreven.")
        self._calculate_spans()
        self._spans = self.row_spans
        low, high = self.dim_rowmin, self.dim_rowmax
        try:
            if low < first:
                self.dim_rowmax = first - 1
                super()._write_rows()
            self._write_block()
            if high > last:
                self.dim_rowmin, self.dim_rowmax = last + 1, high
                super()._write_rows()
        finally:
            self.dim_rowmin, self.dim_rowmax = low, high
            self._spans = None

    def _write_block(self) -> None:
        write = self.fh.write
        indices: dict[int, str] = {}
        for row, _, _, kept in self._block:
            parts = [f'<row r="{row + 1}" spans="{self.row_spans[row // 16]}">']
            for ref, fmt, kind, value in kept:
                xf = indices.get(id(fmt))
                if xf is None:
                    xf = indices[id(fmt)] = str(fmt._get_xf_index())
                parts.append(f'<c r="{ref}" s="{xf}"{kind}><v>{value}</v></c>')
            parts.append("</row>")
            write("".join(parts))


def _is_number(value: object, sheet: str, row: int, col: int) -> bool:
    """Is ``value`` written as a number (a real number, not a boolean)? One Excel cannot store raises."""
    if not isinstance(value, Real) or isinstance(value, bool):
        return False
    if not math.isfinite(value):
        raise OutputError(f"Blad {sheet}, cel {xl_col_to_name(col)}{row + 1}: '{value}' is geen getal dat Excel kan "
                          "opslaan.")
    return True
