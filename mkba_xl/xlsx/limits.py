"""What one workbook of this template can hold, part by part: the caps the one-pass reader enforces.

``guard`` limits the zip as a whole (file size, declared sizes, members, ratio). That still admits
about 190 MB of XML, and parsing XML costs about a microsecond per element: a 2 MB file with 185 MB of
shared strings took openpyxl two minutes. So ``load`` checks each part it is about to parse against
what a real workbook of this template holds (declared size, known before anything is decompressed)
and counts the elements it parses in the whole workbook (``Budget``), which bounds the time of any
answer to well under a second whatever the XML looks like. Measured in ``benchmarks/bench_crafted.py``.

What real workbooks hold (measured on the template, the five samples, an output workbook with the
sensitivity sheets and the same saved by LibreOffice): sheet parts of up to 140 kB, shared strings of up
to 45 kB, styles of up to 33 kB, and 3,500 to 5,100 XML elements read in all. Excel files that went
through many copy-and-paste sessions collect cell styles; Excel itself stops at 64,000. The caps leave a
wide margin over the first and admit the second.
"""

from __future__ import annotations

from ..dutch import plain, size
from ..errors import Refusal

__all__ = [
    "BYTES_PER_CELL",
    "ELEMENTS_PER_CELL",
    "MAX_CELL_STYLES",
    "MAX_ELEMENTS",
    "MAX_MERGE_WORK",
    "MAX_OTHER_PART_BYTES",
    "MAX_SHARED_STRINGS_BYTES",
    "MAX_SHEET_BYTES",
    "MAX_STYLES_BYTES",
    "Budget",
    "part_too_large",
    "too_many_styles",
]

MAX_SHEET_BYTES: int = 8 * 1024 * 1024
"""A sheet the reader reads (INVOER, KENGETALLEN, an input sheet): 58 times the largest real one."""
MAX_SHARED_STRINGS_BYTES: int = 16 * 1024 * 1024
"""The shared strings of the whole workbook (other sheets' texts included): 360 times the largest real one."""
MAX_STYLES_BYTES: int = 8 * 1024 * 1024
"""The styles part: room for Excel's maximum of 64,000 cell styles with their fonts, fills and borders."""
MAX_OTHER_PART_BYTES: int = 2 * 1024 * 1024
"""[Content_Types].xml, the workbook part and its relationships: a few kB in any real workbook."""
MAX_ELEMENTS: int = 150_000
"""XML elements parsed in one workbook, all parts together, besides ``ELEMENTS_PER_CELL`` for each cell of
the areas read (at most about half a second for a workbook without a DOSSIERS sheet: defusedxml's parser
runs at 1.5 to 3 microseconds an element, ``sheet_cells`` at about 1.2 in a worksheet): 30 times a real
workbook, and room for Excel's 64,000 cell styles with an alignment each."""
MAX_CELL_STYLES: int = 64_000
"""Excel's own limit on the number of cell styles (cellXfs) in a workbook."""
ELEMENTS_PER_CELL: int = 3
"""What each cell of the areas that are read adds to ``MAX_ELEMENTS`` (a cell, its value, a share of its row):
a sheet the schema gives room for (DOSSIERS: 2,000 dossiers of up to 160 columns) can be filled."""
BYTES_PER_CELL: int = 48
"""What each cell of an area adds to a sheet's byte cap and to that of the shared strings, above their minimum
(``<c r="DE2011" s="12" t="s"><v>12345</v></c>`` is 43 bytes)."""
MAX_MERGE_WORK: int = 200_000
"""Cells looked at to find values hidden under merged ranges, per sheet (a real sheet: a few dozen)."""

_ADVICE = ("zo groot wordt een ingevuld sjabloon nooit; er staan waarschijnlijk veel gegevens of opmaak buiten de "
           "invoercellen. Verwijder die en sla het bestand opnieuw op, of neem de invoer over in een nieuw sjabloon "
           "(mkba-xl template).")


def part_too_large(what: str, found: int, cap: int) -> Refusal:
    """The refusal of a part whose declared size is beyond its cap (``what``: Dutch, e.g. 'het blad INVOER')."""
    return Refusal("part-too-large", f"Het bestand wordt niet gelezen: {what} is {size(found)} groot, meer dan "
                                     f"{size(cap)}; {_ADVICE}")


class Budget:
    """The elements parsed so far in one workbook; ``spend`` refuses once ``MAX_ELEMENTS`` is passed."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_ELEMENTS if limit is None else limit
        self.used = 0

    def spend(self, what: str, n: int = 1) -> None:
        self.used += n
        if self.used > self.limit:
            raise Refusal("part-too-large", f"Het bestand wordt niet gelezen: {what} bevat meer dan "
                                            f"{plain(self.limit)} XML-elementen; {_ADVICE}")


def too_many_styles() -> Refusal:
    """More cell styles than Excel can hold: not a workbook Excel made."""
    return Refusal("part-too-large", f"Het bestand wordt niet gelezen: het bevat meer celopmaakprofielen dan Excel "
                                     f"kan bewaren (hooguit {plain(MAX_CELL_STYLES)}). Het is met een ander programma "
                                     f"gemaakt of beschadigd. Neem de invoer over in een nieuw sjabloon "
                                     f"(mkba-xl template).")
