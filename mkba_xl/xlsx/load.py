"""Read the cells of named areas of an xlsx in one pass: each cell's value and whether it is a formula.

An xlsx is a zip of XML parts. This module reads only what the reader needs, straight from the parts:
``[Content_Types].xml`` (where the workbook and its shared strings are), the workbook and its
relationships (sheet names, their parts and kinds), the styles (which number formats show a percentage
or a date) and, per requested sheet, the rows and columns of its area (the rest of the sheet is only
scanned for merged cells); the shared strings only up to the last one those cells use. Every part is
parsed with ``defusedxml`` (no DTD entities, no external references), the worksheets with ``sheet_cells``
(expat driven directly under the same rules, three times as fast for a sheet filled to its area), after
``guard.check_file`` has refused zip and XML bombs, and within the caps of ``limits`` (each part's declared
size, and the elements parsed in the whole workbook), so that any file is answered quickly.

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

import dataclasses
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
from .guard import DAMAGED, open_checked
from .limits import (
    BYTES_PER_CELL,
    ELEMENTS_PER_CELL,
    MAX_CELL_STYLES,
    MAX_ELEMENTS,
    MAX_MERGE_WORK,
    MAX_OTHER_PART_BYTES,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_BYTES,
    MAX_STYLES_BYTES,
    Budget,
    part_too_large,
    too_many_styles,
)
from .sheet_cells import RawCell, read_shared_strings, read_sheet_cells

__all__ = ["MISSING", "STRICT", "Book", "Cell", "Grid", "cell_name", "cell_position", "column_letter", "open_book"]


@dataclass(frozen=True)
class Cell:
    """What the validation needs of a cell; ``value`` is the cached result when ``formula`` is set."""

    value: Any
    formula: bool = False
    error: bool = False  # value is an Excel error such as '#DIV/0!'
    percent: bool = False  # number format shows a percentage: the user sees 0.48 as 48%
    date: bool = False  # number format shows a date or time: the user sees 41275 as 1-1-2013
    merged: str = ""  # the merged range ('C15:D15') that hides this cell: Excel shows only its top-left cell


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


_COLUMN_NUMBERS: dict[str, int] = {}
"""Column letters already seen in a cell's reference, by their number."""


def _reference_position(ref: str) -> tuple[int, int]:
    """``cell_position`` of a cell's own reference ('DE2011'), without the regular expression for the spelling
    every writer uses (capitals, no '$'); anything else goes through ``cell_position``."""
    letters = ref.rstrip("0123456789")
    col = _COLUMN_NUMBERS.get(letters)
    if col is None and 0 < len(letters) <= 3 and letters.isascii() and letters.isalpha() and letters.isupper():
        col = _COLUMN_NUMBERS[letters] = cell_position(letters + "1")[1]
    row = ref[len(letters):]
    if col is None or not row or row == "0" * len(row):
        return cell_position(ref)
    return int(row), col


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
_STRICT_NAMESPACE = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
"""The namespace of an Excel 'Strict Open XML' workbook: other names for everything, refused with advice."""
MISSING = "missing"
"""``Book.listed`` kind of a sheet the workbook names but whose part is not in the zip."""

STRICT = ("Dit is een Excel-werkmap in het formaat 'Strict Open XML'. Dat formaat wordt niet gelezen. Open het "
          "bestand in Excel en kies Bestand > Opslaan als > 'Excel-werkmap (.xlsx)' (niet 'Strict Open "
          "XML-werkmap'), of sla het in LibreOffice op als 'Excel 2007-365 (.xlsx)'.")


def _local(tag: str) -> str:
    """The element name without its namespace ('{...main}c' -> 'c')."""
    return tag.rsplit("}", 1)[-1]


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
        self._budget = Budget()
        workbook_part, self._strings_part = self._parts()
        parts = self._sheet_parts(workbook_part)
        self.listed = [(name, kind) for name, kind, _ in parts]
        """Every sheet the workbook names, in order and duplicates included: (name, kind), the kind being
        'worksheet', 'chartsheet', another sheet type, or ``MISSING`` when its part is not in the zip."""
        self._sheets: dict[str, str] = {}
        for name, kind, part in parts:
            if kind != MISSING:
                self._sheets.setdefault(name, part)
        self._styles: list[_Style] | None = None
        self._strings_cap = MAX_SHARED_STRINGS_BYTES

    @property
    def sheet_names(self) -> list[str]:
        """Names of the sheets in workbook order (those whose part exists)."""
        return list(self._sheets)

    def read(self, areas: Mapping[str, tuple[int, int]]) -> dict[str, Grid]:
        """Per sheet name: the non-empty cells of its first ``rows`` rows and ``cols`` columns.

        Raises ``Refusal``: 'beschadigd' when a part is malformed, as ``open_book`` does, or the refusal of
        a part beyond its cap (``limits``).
        """
        try:
            return self._read(areas)
        except Refusal:
            raise
        except Exception as exc:  # noqa: BLE001 - see open_book
            raise Refusal("file-damaged", DAMAGED) from exc

    def _read(self, areas: Mapping[str, tuple[int, int]]) -> dict[str, Grid]:
        cells_read = sum(rows * cols for rows, cols in areas.values())
        self._budget.limit = MAX_ELEMENTS + ELEMENTS_PER_CELL * cells_read  # room for every cell the schema reads
        self._strings_cap = max(MAX_SHARED_STRINGS_BYTES, BYTES_PER_CELL * cells_read)
        raw = {name: self._read_sheet(name, rows, cols) for name, (rows, cols) in areas.items()}
        wanted = {int(v) for cells, _ in raw.values() for kind, v, _, _ in cells.values() if kind == "s"}
        strings = self._shared_strings(max(wanted, default=-1))
        styles = self._read_styles()
        grids: dict[str, Grid] = {}
        made: dict[RawCell, Cell] = {}  # a Cell is immutable: equal raw cells share one (a sheet repeats its values)
        for name, (cells, merges) in raw.items():
            hidden = _hidden_cells(merges, cells, *areas[name])
            grid: Grid = {}
            for rc, entry in cells.items():
                cell = made.get(entry)
                if cell is None:
                    kind, value, formula, style_id = entry
                    style = styles[style_id] if style_id < len(styles) else _GENERAL
                    cell = made[entry] = _cell(kind, value, formula, style, strings)
                grid[rc] = dataclasses.replace(cell, merged=hidden[rc]) if rc in hidden else cell
            grids[name] = grid
        return grids

    # -- the parts ---------------------------------------------------------------------------

    def _open(self, part: str) -> IO[bytes]:
        return self._zf.open(part)

    def _parse(self, part: str, what: str, cap: int) -> Iterator[Any]:
        """The elements of one part as they end, after its declared size is checked against ``cap``; each one
        is counted against the workbook's ``Budget``. ``what`` names the part in Dutch for a refusal."""
        declared = self._zf.getinfo(part).file_size
        if declared > cap:
            raise part_too_large(what, declared, cap)
        with self._open(part) as fh:
            n = 0
            for _, el in iterparse(fh):
                n += 1
                if n == 1024:  # counted in batches: the check costs nothing per element
                    self._budget.spend(what, n)
                    n = 0
                yield el
            self._budget.spend(what, n)

    def _parts(self) -> tuple[str, str | None]:
        """The workbook part and the shared-strings part, as [Content_Types].xml names them."""
        overrides: dict[str, str] = {}
        defaults: set[str] = set()
        for el in self._parse("[Content_Types].xml", "de onderdelenlijst", MAX_OTHER_PART_BYTES):
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

    def _sheet_parts(self, workbook_part: str) -> list[tuple[str, str, str]]:
        """(name, kind, part) of every sheet in workbook order (see ``listed``); refuses a Strict workbook."""
        folder = posixpath.dirname(workbook_part)
        rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
        targets: dict[str, tuple[str, str]] = {}
        if rels_part in self._names:
            for el in self._parse(rels_part, "de lijst van bladen", MAX_OTHER_PART_BYTES):
                if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External":
                    target = el.get("Target", "")
                    part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                    targets[el.get("Id", "")] = (part, el.get("Type", "").rsplit("/", 1)[-1])
        listed: list[tuple[str, str, str]] = []
        for el in self._parse(workbook_part, "de lijst van bladen", MAX_OTHER_PART_BYTES):
            if el.tag.startswith(_STRICT_NAMESPACE):
                raise Refusal("file-strict", STRICT)
            if _local(el.tag) == "sheet":
                part, kind = targets.get(el.get(_RELATIONSHIP_ID, ""), ("", ""))
                listed.append((el.get("name", ""), kind if part in self._names else MISSING, part))
        return listed

    def _read_styles(self) -> list[_Style]:
        """Per cell style (cellXfs index): does its number format show a percentage or a date?"""
        if self._styles is not None:
            return self._styles
        custom: dict[int, str] = {}
        styles: list[_Style] = []
        if _STYLES_PART in self._names:
            for el in self._parse(_STYLES_PART, "het onderdeel met de opmaak", MAX_STYLES_BYTES):
                name = _local(el.tag)
                if name == "numFmt":
                    custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
                elif name == "cellXfs":
                    if len(el) > MAX_CELL_STYLES:
                        raise too_many_styles()
                    for xf in el:
                        number_format = int(xf.get("numFmtId", "0"))
                        code = custom.get(number_format, _BUILTIN_FORMATS.get(number_format, "General"))
                        styles.append(_Style("%" in code, _is_date_format(code)))
                    break  # cell styles, fonts and the rest are not needed
                elif name not in ("xf", "alignment", "protection"):
                    el.clear()  # fonts, fills, borders: not needed, and not kept
        self._styles = styles
        return styles

    def _shared_strings(self, last: int) -> list[str]:
        """The shared strings up to index ``last`` (the highest one the areas use)."""
        strings: list[str] = []
        if last < 0:
            return strings
        if self._strings_part is None:
            raise ValueError("a cell refers to shared strings, but there are none")
        what = "het onderdeel met de teksten"
        with self._open_capped(self._strings_part, what, self._strings_cap) as fh:
            return read_shared_strings(fh, last, lambda n: self._budget.spend(what, n))

    def _read_sheet(self, name: str, max_row: int, max_col: int) -> tuple[dict[tuple[int, int], RawCell], list[str]]:
        """(row, col) -> raw cell for the area, and the merged ranges (``sheet_cells``: the part's size is checked
        first, and its elements count against the workbook's budget like those of every other part)."""
        what = f'het blad "{name[:40]}"'
        cap = max(MAX_SHEET_BYTES, BYTES_PER_CELL * max_row * max_col)
        with self._open_capped(self._sheets[name], what, cap) as fh:
            return read_sheet_cells(fh, max_row, max_col, lambda n: self._budget.spend(what, n), _reference_position)

    def _open_capped(self, part: str, what: str, cap: int) -> IO[bytes]:
        """The part, after its declared size is checked against ``cap`` (``what`` names it in a refusal)."""
        declared = self._zf.getinfo(part).file_size
        if declared > cap:
            raise part_too_large(what, declared, cap)
        return self._open(part)


def _hidden_cells(merges: list[str], cells: Mapping[tuple[int, int], Any], max_row: int,
                  max_col: int) -> dict[tuple[int, int], str]:
    """The cells of the area that a merged range hides (all but its top-left cell), with that range.

    Each range is clipped to the area and costs at most the cells it covers or the cells read, whichever
    is fewer; a sheet whose ranges together cost more than ``MAX_MERGE_WORK`` is refused (a real sheet has
    a handful of merged ranges).
    """
    hidden: dict[tuple[int, int], str] = {}
    work = 0
    for ref in merges:
        first, _, last = ref.partition(":")
        (r1, c1), (r2, c2) = cell_position(first), cell_position(last or first)
        r2, c2 = min(r2, max_row), min(c2, max_col)
        if r1 > r2 or c1 > c2:
            continue
        covered = (r2 - r1 + 1) * (c2 - c1 + 1)
        work += min(covered, len(cells))
        if work > MAX_MERGE_WORK:
            raise Refusal("part-too-large", f"Het bestand wordt niet gelezen: een blad heeft zoveel samengevoegde "
                                            f"cellen ({len(merges)} bereiken) als geen ingevuld sjabloon heeft. "
                                            f"Maak het samenvoegen ongedaan of neem de invoer over in een nieuw "
                                            f"sjabloon (mkba-xl template).")
        inside = ((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)) if covered <= len(cells) else (
            rc for rc in cells if r1 <= rc[0] <= r2 and c1 <= rc[1] <= c2)
        name = ref.replace("$", "").upper()
        for rc in inside:
            if rc in cells and rc != (r1, c1):
                hidden[rc] = name
    return hidden


def _cell(kind: str, value: Any, formula: bool, style: _Style, strings: list[str]) -> Cell:
    """The cell as the reader sees it, from its raw type and value."""
    if value is None:
        return Cell(None, formula=formula, percent=style.percent)
    if kind == "n":
        # More than 15 digits is beyond what Excel stores (and an int of thousands of digits would not parse):
        # a float, infinite when too large, which the validation reports for its cell.
        exact = len(value.lstrip("-")) <= 15 and not ("." in value or "e" in value or "E" in value)
        number = int(value) if exact else float(value)
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
    """Open ``path`` after the guard's refusals (the file is opened once, and this handle is parsed); any damage
    found while reading becomes one ``Refusal``.

    Malformed parts raise a zoo of exception types (XML, zip, missing parts, bad numbers, indexes,
    defusedxml's EntitiesForbidden, ...): all mean the same to a user, so all become 'beschadigd'.
    """
    with open_checked(path) as fh:
        try:
            zf = zipfile.ZipFile(fh)
        except Exception as exc:  # noqa: BLE001 - see docstring
            raise Refusal("file-damaged", DAMAGED) from exc
        with zf:
            try:
                book = Book(zf)
            except Refusal:
                raise
            except Exception as exc:  # noqa: BLE001 - see docstring
                raise Refusal("file-damaged", DAMAGED) from exc
            yield book
