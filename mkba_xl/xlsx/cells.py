"""Writing one cell safely: text always as text, numbers Excel can store, and no value lost silently.

XlsxWriter reports problems by return code (a text too long, a cell outside the sheet); every write
here checks it and raises a Dutch ``OutputError`` naming the sheet and cell instead.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..errors import OutputError
from ..schema import CHOICE, TEXT

MAX_TEXT = 32_000
"""Longest text written to one cell (Excel's limit is 32,767); longer texts are cut with '…'."""


def cell_text(text: Any) -> str:
    """The text a cell gets for ``text``: ``str`` of it, cut with '…' beyond ``MAX_TEXT``."""
    s = "" if text is None else str(text)
    return s[: MAX_TEXT - 1] + "…" if len(s) > MAX_TEXT else s


def write_text(ws: Worksheet, row: int, col: int, text: Any, fmt: Format | None = None) -> None:
    """Write user-influenced text always as text ('=1+1' stays text) and check XlsxWriter's answer."""
    code = ws.write_string(row, col, cell_text(text), fmt)
    if code != 0:
        raise OutputError(f"Blad {ws.name}, cel {xl_rowcol_to_cell(row, col)}: de tekst kan niet worden "
                          f"geschreven (code {code}).")


def write_number_or_text(ws: Worksheet, row: int, col: int, value: float | None, fmt: Format | None,
                         missing: str = "-") -> None:
    """A number, or ``missing`` as text where there is none (None, NaN or infinite: Excel cannot store those)."""
    if value is None or value != value or value in (float("inf"), float("-inf")):
        write_text(ws, row, col, missing, fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def as_written(value: Any, type_: str, where: str = "") -> float | str | None:
    """What ``write_value`` puts in the cell for ``value``: a number (float), a text, or None (an empty cell).

    The one rule of which value becomes a number and which a text, shared with the check on UITVOER that
    recomputes INVOER's cells (``writer.invoer_check``). A value that fits in no cell raises ``OutputError``."""
    if value is None or (isinstance(value, str) and not value):
        return None
    if type_ not in (TEXT, CHOICE) and isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str | numbers.Real):
        return str(value)
    raise OutputError(f"Cel {where}: een waarde van het soort {type(value).__name__} kan niet in één cel.")


def write_value(ws: Worksheet, cell: str, value: Any, type_: str, fmt: Format, where: str) -> None:
    """Write a user value of a field or column of ``type_``; text always as text, so '=1+1' never becomes a
    formula, and an empty text as an empty cell (it reads back empty)."""
    row, col = xl_cell_to_rowcol(cell)
    written = as_written(value, type_, where)
    if written is None:
        ws.write_blank(row, col, None, fmt)
        return
    if isinstance(written, float):
        if not math.isfinite(written):
            raise OutputError(f"Cel {where}: '{value}' is geen getal dat Excel kan opslaan.")
        _check_written(ws.write_number(row, col, value if isinstance(value, int) else written, fmt), where)
        return
    _check_written(ws.write_string(row, col, written, fmt), where)


def _check_written(code: int, where: str) -> None:
    if code != 0:
        raise OutputError(f"De waarde voor cel {where} kan niet worden geschreven (code {code}); "
                          f"een tekst mag hooguit 32.767 tekens hebben.")
