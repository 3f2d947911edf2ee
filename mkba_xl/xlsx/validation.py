"""The data validation of an input cell: Excel refuses a wrong entry and says, in Dutch, what to type.

One rule for every input sheet (INVOER, KENGETALLEN, MEERJARIG): the type, the range and the choices of the
field or column, with the texts of ``dutch.validation_texts``.
"""

from __future__ import annotations

from typing import Any

from ..dutch import MAX_TEXT, validation_texts
from ..schema import CHOICE, EURO, NUMBER, SHARE, WHOLE

__all__ = ["cell_validation"]

_BIG = 1e15  # bound for a numeric validation without min or max: Excel needs both ends
_BIG_WHOLE = 999_999_999


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cell_validation(type_: str, lo: float | None, hi: float | None, choices: tuple[str, ...],
                    title: str, message: str, *, source: str = "", open_list: str = "") -> dict[str, Any]:
    """XlsxWriter data-validation options: Excel refuses a wrong entry and says what to type.

    A list takes ``choices``, or ``source``: a range of cells that lists them. With ``open_list`` (a
    sentence saying why) Excel warns about a value not in the list instead of refusing it.
    """
    error_title, error_message = validation_texts(type_, lo, hi, choices)
    if open_list:
        error_message += " " + open_list
    options: dict[str, Any] = {
        "ignore_blank": True,
        "input_title": _truncate(title, 32),
        "input_message": _truncate(message, MAX_TEXT),
        "error_title": error_title,
        "error_message": _truncate(error_message, MAX_TEXT),
        "error_type": "warning" if open_list else "stop",
    }
    if type_ in (SHARE, EURO, NUMBER):
        options.update(validate="decimal", criteria="between", minimum=lo if lo is not None else -_BIG,
                       maximum=hi if hi is not None else _BIG)
    elif type_ == WHOLE:
        options.update(validate="integer", criteria="between",
                       minimum=int(lo) if lo is not None else -_BIG_WHOLE,
                       maximum=int(hi) if hi is not None else _BIG_WHOLE)
    elif type_ == CHOICE:
        options.update(validate="list", source=source or list(choices))
    else:
        options.update(validate="length", criteria="<=", value=MAX_TEXT if hi is None else int(hi))
    return options
