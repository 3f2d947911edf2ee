"""A worksheet's rows and the shared strings written the plain way, read with regular expressions.

Excel, LibreOffice, XlsxWriter and openpyxl write a sheet's rows without whitespace, comments or prefixes, a
cell as ``<c r="B7" s="3" t="s"><v>12</v></c>`` and a shared string as ``<si><t>ja</t></si>``. A full DOSSIERS
sheet is 320,000 such cells, and as many strings when every text differs; even driven directly
(``sheet_cells``), expat calls Python three times per cell (start, end, text): about 0.6 s for the cells. Here
a compiled pattern matches a cell or string in C and Python only looks at its parts: about half of that.

``plain_cells`` takes the bytes between ``<sheetData>`` and ``</sheetData>`` of a part that expat has already
found well formed and free of DTDs, and gives the same cells ``sheet_cells`` gives, or None when anything is
not plain (then ``sheet_cells`` reads the part itself): every byte up to the last row needed must belong to a
row or cell of the shapes below, one after the other; rows and cells need their reference. The rows after it
are not looked at, as ``sheet_cells`` does not place their cells either. It also counts the elements, as expat
would: with no comment, CDATA section or processing instruction, every '<' that does not begin '</' begins
one element. ``plain_strings`` does the same for a shared-strings part of plain ``<si>`` items.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["in_utf8", "plain_cells", "plain_strings"]

_ATTRIBUTE = rb' [A-Za-z_][\w.:-]*="[^"<]*"'
_OTHER_ATTRIBUTE = rb' (?![rst]=)[A-Za-z_][\w.:-]*="[^"<]*"'
_ROW = re.compile(rb'<row r="([0-9]+)"(?:' + _ATTRIBUTE + rb')*(/?)>')
_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?(?:' + _OTHER_ATTRIBUTE + rb')*'
    rb'(?:/>|>'
    rb'(<f(?:' + _ATTRIBUTE + rb')*(?:/>|>[^<]*</f>))?'  # a formula
    rb'(?:<v>([^<]*)</v>|<v/>)?'  # a value
    rb'(<is>(?:<t(?: xml:space="preserve")?>([^<]*)</t>|<t/>)</is>)?'  # an inline string of one text
    rb'</c>)'
)
_END = b"</row>"
_PLAIN_ROW_START = re.compile(rb'<row r="[0-9]+"[ />]')
_PREFIXED_ROW = re.compile(rb"<[A-Za-z_][\w.-]*:row[\s/>]")
_STRINGS_START = re.compile(rb'(?:<\?xml[^<>?]*\?>)?\s*<sst(?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*>')
_STRING = re.compile(rb'<si>(?:<t(?: xml:space="preserve")?>([^<]*)</t>|<t/>)</si>')
_DECLARATION = re.compile(rb"<\?xml[^<>?]*\?>")
_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([^\"']*)[\"']")
_ENTITY = re.compile(r"&(?:#([0-9]+)|#x([0-9A-Fa-f]+)|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def in_utf8(data: bytes) -> bool:
    """Is the part in UTF-8, as the patterns here read it: no byte-order mark of UTF-16 and no other encoding
    declared (expat reads a part in ISO-8859-1 too; such a part goes to expat)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    declaration = _DECLARATION.match(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
    encoding = _ENCODING.search(declaration[0]) if declaration else None
    return encoding is None or encoding[1].lower() in (b"utf-8", b"utf8")


def plain_cells(region: bytes, max_row: int, max_col: int, column: Callable[[str], int]
                ) -> tuple[dict[tuple[int, int], tuple[str, Any, bool, int]], int] | None:
    """(row, col) -> (type, raw value, is a formula, style) for the non-empty cells of the first ``max_row`` rows
    and ``max_col`` columns, and the number of elements in ``region``; None when the region is not plain.

    ``column`` turns column letters into a number (or raises ValueError, as for any reference ``sheet_cells``
    cannot place: then None). As in ``sheet_cells``: a cell's own reference places it, the cells after a row
    numbered ``max_row`` or more are not read, a later cell at the same place wins, a cell without a value or
    formula is not kept, ``<v>`` is ignored in an inline string and ``<is>`` in any other."""
    if b"<!" in region or b"<?" in region:
        return None
    cells: dict[tuple[int, int], tuple[str, Any, bool, int]] = {}
    columns: dict[bytes, int] = {}
    kinds: dict[tuple[bytes, bytes], tuple[str, int]] = {}
    pos, size = 0, len(region)
    while pos < size:
        row_match = _ROW.match(region, pos)
        if row_match is None:
            return None
        pos = row_match.end()
        row_digits = row_match[1]
        number = int(row_digits)
        if not row_match[2]:  # not an empty row: its cells, one after the other, up to its end
            stop = region.find(_END, pos)
            if stop < 0:
                return None
            for cell in _CELL.finditer(region, pos, stop):
                if cell.start() != pos:
                    return None
                pos = cell.end()
                letters, digits, style, kind, formula, value, inline, text = cell.groups()
                col = columns.get(letters)
                if col is None:
                    try:
                        col = columns[letters] = column(letters.decode())
                    except ValueError:
                        return None
                r = number if digits == row_digits else int(digits)
                if r == 0:
                    return None
                if r > max_row or col > max_col:
                    continue
                kind_style = kinds.get((kind, style))
                if kind_style is None:
                    kind_style = kinds[(kind, style)] = (kind.decode() if kind else "n", int(style) if style else 0)
                if kind_style[0] == "inlineStr":
                    raw = _text(text) if text else "" if inline else None
                else:
                    raw = _text(value) if value else None
                if raw is None and not formula:
                    continue  # an empty cell is not kept (and an earlier one at its place stays)
                cells[(r, col)] = (kind_style[0], raw, bool(formula), kind_style[1])
            if pos != stop:
                return None
            pos = stop + len(_END)
        if number >= max_row:  # the cells after it are not read (sheet_cells does not place them either), but
            tail = region[pos:]  # expat still reads each row's number, and '2.5' is damage: only plain ones
            if tail.count(b"<row") != len(_PLAIN_ROW_START.findall(tail)) or _PREFIXED_ROW.search(tail):
                return None
            break
    return cells, region.count(b"<") - region.count(b"</")


def plain_strings(data: bytes, last: int) -> tuple[list[str], int, int | None] | None:
    """The shared strings up to index ``last`` of a part of plain ``<si>`` items, the elements
    ``sheet_cells.read_shared_strings`` charges for them, and where the reading stopped (None: at the end); None
    when the part is not plain. The caller checks with expat that the part is well formed up to there.

    As there: each string without Excel's escape 'x005F_'; elements are counted as they end, in batches of
    1,024, and reading stops after the string ``last`` without charging the batch begun; else every element
    of the part is charged."""
    start = _STRINGS_START.match(data)
    if start is None or not in_utf8(data) or b"<!" in data or data.count(b"<?") != data.startswith(b"<?xml"):
        return None
    strings: list[str] = []
    pos = start.end()
    for item in _STRING.finditer(data, pos):
        if item.start() != pos:
            break  # not an item: the end of the part, or something else (checked below)
        pos = item.end()
        text = item[1]
        strings.append(_text(text).replace("x005F_", "") if text else "")
        if len(strings) > last:
            return strings, 2 * len(strings) // 1024 * 1024, pos
    if data[pos:].strip() != b"</sst>":
        return None
    return strings, data.count(b"<") - data.count(b"</") - data.count(b"<?"), None


def _text(raw: bytes) -> str:
    """Character data as expat gives it: UTF-8, line ends as '\\n', the five entities and character references."""
    text = raw.decode()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return text


def _entity(m: re.Match[str]) -> str:
    decimal, hexadecimal, name = m.groups()
    if name:
        return _NAMED[name]
    return chr(int(decimal) if decimal else int(hexadecimal, 16))
