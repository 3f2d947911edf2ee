"""Read the cells of named areas of an xlsx in one pass: each cell's value and whether it is a formula.

An xlsx is a zip of XML parts. This module reads only what the reader needs, straight from the parts:
``[Content_Types].xml`` (where the workbook and its shared strings are), the workbook and its
relationships (sheet names and their parts), the styles (which number formats show a percentage or a
date) and, per requested sheet, the rows and columns of its area; the shared strings only up to the
last one those cells use. Every part is parsed with ``defusedxml`` (no DTD entities, no external
references), after ``guard.check_file`` has refused zip and XML bombs.

One pass gives what openpyxl needed two loads for: the value Excel cached for a formula cell *and* the
fact that it is a formula. Values are what openpyxl would give for the same cell: text, int or float
(``'1'`` is 1, ``'1.0'`` is 1.0), bool, an Excel error text such as ``'#DIV/0!'`` (with ``error``), or
None for a formula without a cached value. A number in a date or time format keeps its number and gets
``date``: users see a date there.

Usage::

    with open_book(path) as book:           # guard checks, then workbook, relationships and styles
        names = book.sheet_names
        grids = book.read({"INVOER": (90, 11)})
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from defusedxml.ElementTree import iterparse

from ..errors import Refusal
from .guard import DAMAGED, check_file

__all__ = ["Book", "Cell", "Grid", "cell_name", "cell_position", "column_letter", "open_book"]


@dataclass(frozen=True)
class Cell:
    """What the validation needs of a cell; ``value`` is the cached result when ``formula`` is set."""

    value: Any
    formula: bool = False
    error: bool = False  # value is an Excel error such as '#DIV/0!'
    percent: bool = False  # number format shows a percentage: the user sees 0.48 as 48%
    date: bool = False  # number format shows a date or time: the user sees 41275 as 1-1-2013


Grid = dict[tuple[int, int], Cell]
"""The non-empty cells of an area by (row, column), both 1-based."""


# ---------------------------------------------------------------------------------------------
# Cell names
# ---------------------------------------------------------------------------------------------

_CELL_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def column_letter(col: int) -> str:
    """1-based column number to its letters: 1 -> 'A', 28 -> 'AB'."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """(15, 3) -> 'C15' (1-based)."""
    return f"{column_letter(col)}{row}"


def cell_position(name: str) -> tuple[int, int]:
    """'C15' -> (15, 3) (1-based); ValueError for anything else."""
    m = _CELL_RE.fullmatch(name)
    if not m or int(m[2]) == 0:
        raise ValueError(f"not a cell: {name!r}")
    col = 0
    for ch in m[1].upper():
        col = col * 26 + ord(ch) - ord("A") + 1
    return int(m[2]), col


# ---------------------------------------------------------------------------------------------
# Number formats (as openpyxl judges them, so that a cell reads the same as before)
# ---------------------------------------------------------------------------------------------

_BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)', 7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy",
    16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "m/d/yy h:mm", 37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)', 45: "mm:ss", 46: "[h]:mm:ss",
    47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
"""The number formats every xlsx has without declaring them (ECMA-376 18.8.30)."""

# Quoted text and [locale/colour] blocks do not make a format a date; [h], [mm], [ss] (elapsed time) do.
_NOT_DATE_PARTS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_ELAPSED_TIME = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE)


def _is_date_format(code: str) -> bool:
    first = code.split(";")[0]
    return bool(_DATE_CODE.search(_NOT_DATE_PARTS.sub("", first)) or _ELAPSED_TIME.search(first))


# ---------------------------------------------------------------------------------------------
# Parts
# ---------------------------------------------------------------------------------------------

_WORKBOOK_TYPES = tuple(f"application/vnd.{kind}.main+xml" for kind in (
    "ms-excel.template.macroEnabled", "openxmlformats-officedocument.spreadsheetml.template",
    "ms-excel.sheet.macroEnabled", "openxmlformats-officedocument.spreadsheetml.sheet"))
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STYLES_PART = "xl/styles.xml"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _local(tag: str) -> str:
    """The element name without its namespace ('{...main}c' -> 'c')."""
    return tag.rsplit("}", 1)[-1]


def _text_of(element: Any) -> str:
    """The text of a string item (<si>, <is>): its <t> plus the <t> of each rich-text run, not phonetics."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


@dataclass(frozen=True)
class _Style:
    percent: bool
    date: bool


_GENERAL = _Style(False, False)


class Book:
    """An opened xlsx: its sheet names, and the cells of areas read on request (see ``open_book``)."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self._zf = zf
        self._names = set(zf.namelist())
        workbook_part, self._strings_part = self._parts()
        self._sheets = self._sheet_parts(workbook_part)
        self._styles: list[_Style] | None = None

    @property
    def sheet_names(self) -> list[str]:
        """Names of the sheets in workbook order (those whose part exists)."""
        return list(self._sheets)

    def read(self, areas: Mapping[str, tuple[int, int]]) -> dict[str, Grid]:
        """Per sheet name: the non-empty cells of its first ``rows`` rows and ``cols`` columns.

        Raises ``Refusal`` ('beschadigd') when a part is malformed, as ``open_book`` does.
        """
        try:
            return self._read(areas)
        except Exception as exc:  # noqa: BLE001 - see open_book
            raise Refusal("file-damaged", DAMAGED) from exc

    def _read(self, areas: Mapping[str, tuple[int, int]]) -> dict[str, Grid]:
        raw = {name: self._read_sheet(self._sheets[name], rows, cols) for name, (rows, cols) in areas.items()}
        wanted = {int(v) for cells in raw.values() for kind, v, _, _ in cells.values() if kind == "s"}
        strings = self._shared_strings(max(wanted, default=-1))
        styles = self._read_styles()
        grids: dict[str, Grid] = {}
        for name, cells in raw.items():
            grid: Grid = {}
            for rc, (kind, value, formula, style_id) in cells.items():
                style = styles[style_id] if style_id < len(styles) else _GENERAL
                grid[rc] = _cell(kind, value, formula, style, strings)
            grids[name] = grid
        return grids

    # -- the parts ---------------------------------------------------------------------------

    def _open(self, part: str) -> IO[bytes]:
        return self._zf.open(part)

    def _parts(self) -> tuple[str, str | None]:
        """The workbook part and the shared-strings part, as [Content_Types].xml names them."""
        overrides: dict[str, str] = {}
        defaults: set[str] = set()
        with self._open("[Content_Types].xml") as fh:
            for _, el in iterparse(fh):
                name = _local(el.tag)
                if name == "Override":
                    overrides[el.get("PartName", "")] = el.get("ContentType", "")
                elif name == "Default":
                    defaults.add(el.get("ContentType", ""))
        by_type = {content_type: part.lstrip("/") for part, content_type in overrides.items()}
        workbook = next((by_type[t] for t in _WORKBOOK_TYPES if t in by_type), None)
        if workbook is None and defaults & set(_WORKBOOK_TYPES):
            workbook = "xl/workbook.xml"  # some applications only reassign the default for application/xml
        if workbook is None:
            raise ValueError("no workbook part")
        return workbook, by_type.get(_SHARED_STRINGS_TYPE)

    def _sheet_parts(self, workbook_part: str) -> dict[str, str]:
        """Sheet name -> part, in workbook order; sheets whose part is missing are left out."""
        folder = posixpath.dirname(workbook_part)
        rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
        targets: dict[str, str] = {}
        if rels_part in self._names:
            with self._open(rels_part) as fh:
                for _, el in iterparse(fh):
                    if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External":
                        target = el.get("Target", "")
                        targets[el.get("Id", "")] = (target[1:] if target.startswith("/")
                                                     else posixpath.normpath(posixpath.join(folder, target)))
        sheets: dict[str, str] = {}
        with self._open(workbook_part) as fh:
            for _, el in iterparse(fh):
                if _local(el.tag) == "sheet":
                    part = targets.get(el.get(_RELATIONSHIP_ID, ""))
                    if part in self._names:
                        sheets.setdefault(el.get("name", ""), part)
        return sheets

    def _read_styles(self) -> list[_Style]:
        """Per cell style (cellXfs index): does its number format show a percentage or a date?"""
        if self._styles is not None:
            return self._styles
        custom: dict[int, str] = {}
        styles: list[_Style] = []
        if _STYLES_PART in self._names:
            with self._open(_STYLES_PART) as fh:
                for event, el in iterparse(fh, events=("start", "end")):
                    name = _local(el.tag)
                    if event == "end" and name == "numFmt":
                        custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
                    elif event == "end" and name == "cellXfs":
                        for xf in el:
                            number_format = int(xf.get("numFmtId", "0"))
                            code = custom.get(number_format, _BUILTIN_FORMATS.get(number_format, "General"))
                            styles.append(_Style("%" in code, _is_date_format(code)))
                        break  # cell styles, fonts and the rest are not needed
        self._styles = styles
        return styles

    def _shared_strings(self, last: int) -> list[str]:
        """The shared strings up to index ``last`` (the highest one the areas use)."""
        strings: list[str] = []
        if last < 0:
            return strings
        if self._strings_part is None:
            raise ValueError("a cell refers to shared strings, but there are none")
        with self._open(self._strings_part) as fh:
            for _, el in iterparse(fh):
                if _local(el.tag) == "si":
                    strings.append(_text_of(el).replace("x005F_", ""))
                    el.clear()
                    if len(strings) > last:
                        break
        return strings

    def _read_sheet(self, part: str, max_row: int, max_col: int) -> dict[tuple[int, int], tuple[str, Any, bool, int]]:
        """(row, col) -> (type, raw value, is a formula, style index) for the area; stops after ``max_row``."""
        cells: dict[tuple[int, int], tuple[str, Any, bool, int]] = {}
        row = col = 0
        with self._open(part) as fh:
            for event, el in iterparse(fh, events=("start", "end")):
                name = _local(el.tag)
                if event == "start":
                    if name == "row":
                        r = el.get("r")
                        row = _row_number(r) if r else row + 1
                        col = 0
                        if row > max_row:
                            break  # rows come in order: the rest of the sheet is not needed
                    continue
                if name == "c":
                    ref = el.get("r")
                    if ref:
                        row, col = cell_position(ref)
                    else:
                        col += 1
                    if row <= max_row and col <= max_col:
                        entry = _raw_cell(el)
                        if entry is not None:
                            cells[(row, col)] = entry
                elif name == "row":
                    el.clear()
        return cells


def _row_number(text: str) -> int:
    """A row's number; '3.0' is 3 (some writers), '3.5' is damage."""
    value = float(text)
    if not value.is_integer():
        raise ValueError(f"row {text!r}")
    return int(value)


def _raw_cell(el: Any) -> tuple[str, Any, bool, int] | None:
    """(type, raw value, is a formula, style index) of one <c>, or None when it holds nothing."""
    kind = el.get("t", "n")
    style = int(el.get("s") or 0)
    formula = False
    value: Any = None
    for child in el:
        name = _local(child.tag)
        if name == "f":
            formula = True
        elif name == "v" and kind != "inlineStr":
            value = child.text or None
        elif name == "is" and kind == "inlineStr":
            value = _text_of(child)
    if value is None and not formula:
        return None
    return kind, value, formula, style


def _cell(kind: str, value: Any, formula: bool, style: _Style, strings: list[str]) -> Cell:
    """The cell as the reader sees it, from its raw type and value."""
    if value is None:
        return Cell(None, formula=formula, percent=style.percent)
    if kind == "n":
        number = float(value) if ("." in value or "e" in value or "E" in value) else int(value)
        return Cell(number, formula=formula, percent=style.percent, date=style.date)
    if kind == "s":
        return Cell(strings[int(value)], formula=formula, percent=style.percent)
    if kind == "b":
        return Cell(bool(int(value)), formula=formula, percent=style.percent)
    if kind == "e":
        return Cell(value, formula=formula, error=True, percent=style.percent)
    if kind == "d":  # an ISO 8601 date cell
        return Cell(value, formula=formula, percent=style.percent, date=True)
    return Cell(value, formula=formula, percent=style.percent)  # 'str' (a formula's text) and 'inlineStr'


@contextmanager
def open_book(path: Path) -> Iterator[Book]:
    """Open ``path`` after the guard's refusals; any damage found while reading becomes one ``Refusal``.

    Malformed parts raise a zoo of exception types (XML, zip, missing parts, bad numbers, indexes,
    defusedxml's EntitiesForbidden, ...): all mean the same to a user, so all become 'beschadigd'.
    """
    check_file(path)
    try:
        zf = zipfile.ZipFile(path)
    except Exception as exc:  # noqa: BLE001 - see docstring
        raise Refusal("file-damaged", DAMAGED) from exc
    with zf:
        try:
            book = Book(zf)
        except Exception as exc:  # noqa: BLE001 - see docstring
            raise Refusal("file-damaged", DAMAGED) from exc
        yield book
