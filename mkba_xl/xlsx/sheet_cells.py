"""The cells of one worksheet part's area and its merged ranges, and the shared strings, straight from expat.

A sheet filled to the area the schema reads (DOSSIERS: 2,000 dossiers of 160 columns, 320,000 cells) is some
640,000 XML elements. defusedxml's ElementTree parser builds an element object for each of them through
Python code (1.5 to 3 microseconds an element), which alone took 1.9 s. This module drives the same C parser
(``pyexpat``) itself and keeps only what ``load`` needs of a cell: its position, type, raw value, style and
whether it is a formula, for about a third of the time. The shared strings, as many as there are cells when
every text differs, are read the same way.

It reads a part exactly as ``load`` reads every other part with defusedxml: names without their namespace,
an element's text being what comes before its first child, the last ``<v>`` or ``<is>`` of a cell winning,
every element counted against the workbook's budget. Like defusedxml it forbids entity declarations and
external references, and it refuses a DOCTYPE outright (the guard already refuses one in the first 64 kB of
any part; a worksheet never has one).
"""

from __future__ import annotations

import io
import pyexpat
import re
from collections.abc import Callable
from typing import IO, Any, NoReturn

from .plain_parts import in_utf8, plain_cells, plain_strings

__all__ = ["RawCell", "read_shared_strings", "read_sheet_cells"]

RawCell = tuple[str, Any, bool, int]
"""(type, raw value, is a formula, style index) of one ``<c>``: the value is the text of its last ``<v>`` (None
when empty), or of its inline string, or None."""

_BATCH = 1024
"""Elements counted before the budget is charged (the check costs nothing per element)."""
_AT, _KIND, _STYLE, _FORMULA, _VALUE, _DEPTH, _RUNS, _TEXT = range(8)
"""The fields of an open cell: its position or None, type, style index, is a formula, raw value, how deep it is
in the part, the texts of its inline string's runs, the text of its open <v> or <t>."""


class _Forbidden(ValueError):
    """A DOCTYPE, an entity declaration or an external reference in a worksheet: damage, never a workbook."""


def _forbid(*_: Any) -> NoReturn:
    raise _Forbidden("DTD, entity or external reference in a worksheet")


_SHEET_DATA, _SHEET_DATA_END = b"<sheetData>", b"</sheetData>"
_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:row|c)[\s/>]")


def read_sheet_cells(fh: IO[bytes], max_row: int, max_col: int, spend: Callable[[int], None],
                     position: Callable[[str], tuple[int, int]]) -> tuple[dict[tuple[int, int], RawCell], list[str]]:
    """(row, col) -> ``RawCell`` for the non-empty cells of the first ``max_row`` rows and ``max_col`` columns, and
    the sheet's merged ranges (their ``ref``).

    A well-formed part whose rows are written the plain way (every writer's) has its rows read by ``plain_parts``
    and the rest of the part by expat, each element counted as expat counts them; any other part, and any part
    that is not well formed, is read by expat alone (``_expat_cells``), which also raises for damage.
    """
    data = fh.read()
    plain = _plain_reading(data, max_row, max_col, position)
    if plain is None:
        return _expat_cells(io.BytesIO(data), max_row, max_col, spend, position)
    cells, merges, count = plain
    spend(count)
    return cells, merges


def _plain_reading(data: bytes, max_row: int, max_col: int, position: Callable[[str], tuple[int, int]]
                   ) -> tuple[dict[tuple[int, int], RawCell], list[str], int] | None:
    """Cells, merged ranges and element count of a well-formed part with one ``<sheetData>`` of plain rows, or
    None. The rest of the part (without the rows) goes through ``_expat_cells``; it may hold no row or cell."""
    start = data.find(_SHEET_DATA)
    if start < 0 or data.find(b"sheetData") != start + 1 or not in_utf8(data):
        return None
    inner = start + len(_SHEET_DATA)
    end = data.find(_SHEET_DATA_END, inner)
    if end < 0 or data.find(b"sheetData", end + len(_SHEET_DATA_END)) >= 0:
        return None
    if not _well_formed(data):
        return None
    rest = data[:inner] + data[end:]
    if _ROW_OR_CELL.search(rest):
        return None
    rows = plain_cells(data[inner:end], max_row, max_col, lambda letters: position(letters + "1")[1])
    if rows is None:
        return None
    counted: list[int] = []
    _, merges = _expat_cells(io.BytesIO(rest), max_row, max_col, counted.append, position)
    cells, count = rows
    return cells, merges, count + sum(counted)


def _expat_cells(fh: IO[bytes], max_row: int, max_col: int, spend: Callable[[int], None],
                 position: Callable[[str], tuple[int, int]]) -> tuple[dict[tuple[int, int], RawCell], list[str]]:
    """``read_sheet_cells`` by expat's events.

    Cells after ``max_row`` are not looked at (rows come in order), but the rest of the part is parsed for the
    merged ranges, which follow the cells. A cell with a reference is placed as it ends; from a cell without
    one on, the row's cells are placed when the row ends, since only the row gives its number. ``spend(n)``
    charges n elements to the budget (it raises when the budget is spent); ``position`` turns a reference
    ('C15') into (row, col) or raises.

    One function with closures, longer than most: expat calls them 640,000 times for a full sheet, and local
    variables are the cheapest state Python has.
    """
    cells: dict[tuple[int, int], RawCell] = {}
    merges: list[str] = []
    row_cells: list[tuple[tuple[int, int] | None, RawCell | None]] = []
    locals_: dict[str, str] = {}
    stack: list[str] = []  # local names of the open elements
    open_cells: list[list[Any] | None] = []  # per open <c> (None: not read): see _AT to _TEXT
    cell: list[Any] | None = None  # the innermost open <c>
    row_refs: list[str | None] = []  # per open <row>: its 'r'
    text: list[str] | None = None  # where character data goes now: the text of an open <v> or <t>
    row = 0
    row_col = 0  # the column of the row's last cell placed at once
    past = False
    count = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal count, text, cell
        count += 1
        if count == _BATCH:
            spend(count)
            count = 0
        local = locals_.get(name)
        if local is None:
            local = locals_[name] = name.rsplit("}", 1)[-1]
        stack.append(local)
        text = None  # an element's text is what comes before its first child
        if local == "v":
            if cell is not None and len(stack) == cell[_DEPTH] + 1 and cell[_KIND] != "inlineStr":
                text = cell[_TEXT] = []
        elif local == "c":
            if past:
                cell = None
            else:
                ref = attrs.get("r")
                at = position(ref) if ref else None
                # a cell right of the area costs no more than this
                cell = [at, attrs.get("t", "n"), int(attrs.get("s") or 0), False, None, len(stack), None, None] \
                    if at is None or at[1] <= max_col else None
            open_cells.append(cell)
        elif local == "row":
            row_refs.append(attrs.get("r"))
        elif local == "mergeCell":
            merges.append(attrs.get("ref", ""))
        elif cell is None:
            pass
        elif local == "f":
            if len(stack) == cell[_DEPTH] + 1:
                cell[_FORMULA] = True
        elif cell[_KIND] == "inlineStr":
            below = len(stack) - cell[_DEPTH]  # 1: a child of the <c>
            if below == 1 and local == "is":
                cell[_RUNS] = []  # the texts of its <t>s; the last <is> wins, like the last <v>
            elif local == "t" and _in_inline_string(stack, cell[_DEPTH], below):
                text = cell[_TEXT] = []

    def end(name: str) -> None:
        nonlocal text, row, past, row_cells, cell, row_col
        text = None
        local = stack.pop()
        if local == "v":
            if cell is not None and len(stack) == cell[_DEPTH] and cell[_KIND] != "inlineStr":
                cell[_VALUE] = "".join(cell[_TEXT]) or None
        elif local == "c":
            done = open_cells.pop()
            if done is not None:
                value, formula, at = done[_VALUE], done[_FORMULA], done[_AT]
                entry = None if value is None and not formula else (done[_KIND], value, formula, done[_STYLE])
                if at is not None and not row_cells and row_refs:  # the usual case: placed at once
                    if entry is not None and at[0] <= max_row:
                        cells[at] = entry
                    row_col = at[1]
                else:  # a cell without a reference, or one after it: the row's number is known at its end
                    row_cells.append((at, entry))
            cell = open_cells[-1] if open_cells else None
        elif local == "row":
            r = row_refs.pop()
            row = _row_number(r) if r else row + 1
            if not past:
                _place(row_cells, row, row_col, max_row, max_col, cells)
            past = past or row >= max_row  # rows come in order: the cells of later rows are not needed
            row_cells = []
            row_col = 0
        elif cell is not None and cell[_KIND] == "inlineStr":
            below = len(stack) + 1 - cell[_DEPTH]
            if below == 1 and local == "is":
                cell[_VALUE] = "".join(cell[_RUNS])
            elif local == "t" and _in_inline_string(stack, cell[_DEPTH], below):
                cell[_RUNS].append("".join(cell[_TEXT]))

    def data(chunk: str) -> None:
        if text is not None:
            text.append(chunk)

    _parse(fh, start, end, data)
    spend(count)
    return cells, merges


class _Enough(Exception):
    """The last shared string that is needed has been read."""


def read_shared_strings(fh: IO[bytes], last: int, spend: Callable[[int], None]) -> list[str]:
    """The shared strings up to index ``last``: each <si>'s <t> and the <t> of each of its rich-text runs, not its
    phonetic runs, with Excel's escape 'x005F_' taken out. Elements are counted as they end and charged to the
    budget in batches, and reading stops after the string ``last``, as ``load`` did with defusedxml (a sheet full
    of distinct texts has as many strings as cells)."""
    data = fh.read()
    plain = plain_strings(data, last)
    if plain is not None:
        strings, count, end = plain
        if _well_formed(data if end is None else data[:end], complete=end is None):  # as far as expat would go
            spend(count)
            return strings
    return _expat_strings(io.BytesIO(data), last, spend)


def _expat_strings(fh: IO[bytes], last: int, spend: Callable[[int], None]) -> list[str]:
    """``read_shared_strings`` by expat's events."""
    strings: list[str] = []
    locals_: dict[str, str] = {}
    stack: list[str] = []
    items: list[tuple[int, list[list[str]]]] = []  # per open <si>: its depth and the texts of its <t>s
    text: list[str] | None = None
    count = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal text
        local = locals_.get(name)
        if local is None:
            local = locals_[name] = name.rsplit("}", 1)[-1]
        stack.append(local)
        text = None
        if local == "si":
            items.append((len(stack), []))
        elif local == "t" and items:
            depth, parts = items[-1]
            below = len(stack) - depth
            if below == 1 or below == 2 and stack[depth] == "r":
                text = []
                parts.append(text)

    def end(name: str) -> None:
        nonlocal count, text
        count += 1
        if count == _BATCH:
            spend(count)
            count = 0
        text = None
        if stack.pop() == "si":
            _, parts = items.pop()
            strings.append("".join("".join(part) for part in parts).replace("x005F_", ""))
            if len(strings) > last:
                raise _Enough

    def data(chunk: str) -> None:
        if text is not None:
            text.append(chunk)

    try:
        _parse(fh, start, end, data)
    except _Enough:
        return strings  # the batch begun is not charged: neither was it before
    spend(count)
    return strings


def _well_formed(data: bytes, *, complete: bool = True) -> bool:
    """Is the part (or, not ``complete``, its beginning ``data``) well formed and without DTD? Expat without
    handlers, in C; on False the reading by expat's events reads the part again and raises as it always did."""
    try:
        parser = _parser(None, None, None)
        parser.Parse(data, complete)
    except Exception:  # noqa: BLE001 - see above
        return False
    return True


def _parse(fh: IO[bytes], start: Callable[[str, dict[str, str]], None] | None, end: Callable[[str], None] | None,
           data: Callable[[str], None] | None) -> None:
    """Run expat over ``fh`` with these handlers (``_parser``)."""
    _parser(start, end, data).ParseFile(fh)


def _parser(start: Callable[[str, dict[str, str]], None] | None, end: Callable[[str], None] | None,
            data: Callable[[str], None] | None) -> Any:
    """An expat parser with these handlers (None: that event is not reported), namespaces resolved, and every
    DTD, entity declaration and external reference refused."""
    parser = pyexpat.ParserCreate(None, "}")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    return parser


def _in_inline_string(stack: list[str], depth: int, below: int) -> bool:
    """Is the <t> ``below`` levels under the <c> at ``depth`` one of its inline string's texts: a child of its
    <is>, or of a rich-text run <r> in it (not of a phonetic run)?"""
    return stack[depth] == "is" and (below == 2 or below == 3 and stack[depth + 1] == "r")


def _place(row_cells: list[tuple[tuple[int, int] | None, RawCell | None]], row: int, col: int, max_row: int,
           max_col: int, cells: dict[tuple[int, int], RawCell]) -> None:
    """Put the rest of one row's cells at their positions, from the first cell without a reference on (which
    follows the one before it, in column ``col``)."""
    for at, entry in row_cells:
        r, col = at if at is not None else (row, col + 1)
        if r <= max_row and col <= max_col and entry is not None:
            cells[(r, col)] = entry


def _row_number(text: str) -> int:
    """A row's number; '3.0' is 3 (some writers), '3.5' is damage."""
    value = float(text)
    if not value.is_integer():
        raise ValueError(f"row {text!r}")
    return int(value)
