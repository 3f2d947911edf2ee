"""Edit a workbook's XML parts directly, as a user's Excel would change them: rows and columns deleted or
inserted, cells overwritten, sheets renamed, members duplicated.

The red-team harness of issue 17 deletes and inserts single rows of real workbooks; openpyxl's
``delete_rows`` needs a full load and save (about half a second per workbook), this needs a few
milliseconds, so the sweeps and the fuzz tests can try hundreds of edits. Shifting a row moves every
cell below it, as Excel does; formula texts are left as they are (their cached values stay, which is
what the reader reads) and so are merged ranges and validations (the reader does not use them).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

Members = dict[str, bytes]

_ROW = re.compile(rb'<row r="(\d+)"([^>]*?)(/>|>(.*?)</row>)', re.S)
_CELL_REF = re.compile(rb'(<c r=")([A-Z]+)(\d+)(")')
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)
_SHEET = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"')
_REL = re.compile(rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"|'
                  rb'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')


def read_members(path: Path) -> Members:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_members(path: Path, members: Members, extra: list[tuple[str, bytes]] = ()) -> Path:
    """Write the members (and ``extra`` ones, duplicates allowed) as a zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in [*members.items(), *extra]:
            zf.writestr(name, data)
    return path


def sheet_parts(members: Members) -> dict[str, str]:
    """Sheet name -> its part, in workbook order."""
    rels = {}
    for m in _REL.finditer(members["xl/_rels/workbook.xml.rels"]):
        rid, target = (m[1], m[2]) if m[1] else (m[4], m[3])
        rels[rid.decode()] = target.decode()
    parts = {}
    for m in _SHEET.finditer(members["xl/workbook.xml"]):
        target = rels[m[2].decode()]
        parts[m[1].decode()] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return parts


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _col_letters(n: int) -> bytes:
    out = b""
    while n:
        n, rest = divmod(n - 1, 26)
        out = bytes([65 + rest]) + out
    return out


def shift_rows(xml: bytes, row: int, delta: int) -> bytes:
    """Delete row ``row`` (delta -1) or insert an empty row before it (delta +1): the rows below move."""
    def move(m: re.Match[bytes]) -> bytes:
        r = int(m[1])
        if delta < 0 and r == row:
            return b""
        if r < row:
            return m[0]
        new = str(r + delta).encode()
        body = _CELL_REF.sub(lambda c: c[1] + c[2] + new + c[4], m[0])
        return body.replace(b'<row r="%d"' % r, b'<row r="' + new + b'"', 1)
    return _ROW.sub(move, xml)


def shift_columns(xml: bytes, col: int, delta: int) -> bytes:
    """Delete column ``col`` (delta -1) or insert an empty column before it (delta +1)."""
    def move(m: re.Match[bytes]) -> bytes:
        c = _col_number(m[1])
        if delta < 0 and c == col:
            return b""
        if c < col:
            return m[0]
        return m[0].replace(b'r="' + m[1] + m[2] + b'"', b'r="' + _col_letters(c + delta) + m[2] + b'"', 1)
    return _CELL.sub(move, xml)


def cell_xml(ref: str, value: object) -> bytes:
    """A <c> for ``value``: a number, an inline string, a boolean, an error ('#DIV/0!') or a formula."""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'.encode()
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'.encode()
    text = str(value)
    if text.startswith("#") and text.endswith(("!", "?", "A")):
        return f'<c r="{ref}" t="e"><v>{escape(text)}</v></c>'.encode()
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'.encode()


def set_cell(xml: bytes, ref: str, value: object, raw: bytes | None = None) -> bytes:
    """Replace (or add) one cell; ``raw`` is the literal <c> to put there (for crafted values)."""
    letters = re.match(r"[A-Z]+", ref)[0].encode()  # type: ignore[index]
    row = int(ref[len(letters):])
    new = raw if raw is not None else cell_xml(ref, value)
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    if pattern.search(xml):
        return pattern.sub(lambda _: new, xml, count=1)
    row_match = re.search(rb'<row r="%d"[^>]*?(/>|>(.*?)</row>)' % row, xml, re.S)
    if row_match is None:  # a row of its own, in order
        later = next((m for m in _ROW.finditer(xml) if int(m[1]) > row), None)
        at = later.start() if later else xml.index(b"</sheetData>")
        return xml[:at] + b'<row r="%d">' % row + new + b"</row>" + xml[at:]
    cells = list(_CELL.finditer(row_match[0]))
    after = next((c for c in cells if _col_number(c[1]) > _col_number(letters)), None)
    start = row_match.start()
    if row_match[1] == b"/>":
        head = row_match[0][:-2] + b">"
        return xml[:start] + head + new + b"</row>" + xml[row_match.end():]
    at = start + (after.start() if after else row_match[0].rindex(b"</row>"))
    return xml[:at] + new + xml[at:]


def edit_sheet(path: Path, sheet: str, change: Callable[[bytes], bytes], out: Path | None = None) -> Path:
    """Apply ``change`` to the XML of ``sheet`` and write the workbook to ``out`` (default: in place)."""
    members = read_members(path)
    part = sheet_parts(members)[sheet]
    members[part] = change(members[part])
    return write_members(out or path, members)
