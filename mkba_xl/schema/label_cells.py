"""INVOER's fixed texts with their cells: what the template writes and the layout check finds again."""

from __future__ import annotations

from functools import lru_cache

from .declarations import Row
from .invoer_sheet import invoer_fields, invoer_rows
from .workbook import LABEL_COLUMN, VERSION_CELL


@lru_cache(maxsize=1)
def invoer_label_cells() -> tuple[tuple[str, str], ...]:
    """Every fixed text of INVOER with its cell, in sheet order: the rows' texts, their header cells and the
    labels of fields in column C on rows without a text of their own.

    The template writes these; the reader checks that each is still in its cell, so a deleted or inserted
    row (or column) is found before any input cell is read at a wrong address. Derived from the layout
    rows and fields, so a field or row added later is checked without further work.
    """
    rows = invoer_rows()
    owner = {r.row: r for r in rows}
    texts: dict[str, str] = {}
    for r in rows:
        if r.text:
            texts[f"{LABEL_COLUMN}{r.row}"] = r.text
        for cell, text in r.cells:
            cell = cell if any(ch.isdigit() for ch in cell) else f"{cell}{r.row}"
            if cell != VERSION_CELL and not text.startswith("="):
                texts[cell] = text
    for f in invoer_fields():
        if f.column == "C" and not owner.get(f.row, Row(f.row, "label")).text:
            texts.setdefault(f"{LABEL_COLUMN}{f.row}", f.label)

    def position(cell: str) -> tuple[int, int, str]:
        letters = "".join(ch for ch in cell if ch.isalpha())
        return int(cell[len(letters):]), len(letters), letters

    return tuple(sorted(texts.items(), key=lambda item: position(item[0])))
