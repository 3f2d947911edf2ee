"""A live check on UITVOER that INVOER still holds what was computed: a red line when it does not.

The output workbook is itself an input: a user may change a number on its INVOER sheet and save. UITVOER
then still shows the old result, so it carries a formula that recomputes a checksum of every INVOER input
cell (the schema's input fields, nothing else) and compares it with the checksum of the values the run
wrote there, computed here with the same arithmetic. When they differ, UITVOER says in red
``STALE_TEXT``, in Excel and LibreOffice alike.

The checksum only uses functions that behave the same in both programs on one cell at a time (no array
evaluation): a number cell counts as ``N(cell) * weight`` (text in a number cell counts 0, an error in any
cell turns the check red), a text or choice cell as ``IF(EXACT(cell, "text as written"), 0, weight)``.
Weights are the field's place in its group times a scale per type (shares 10^6, amounts 100, other numbers
10^4), so that a change of 0,0001 procentpunt, a cent or 0,0001 of a count moves the sum by at least one,
far above the tolerance: ``TOLERANCE`` times the sum of the terms' sizes, which covers the different order
in which Excel and LibreOffice may add doubles and the last digit a program may lose on saving. The fields
are split into groups of ``GROUP_SIZE`` so that each formula stays far below Excel's 8,192 characters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..schema import EURO, INVOER_SHEET, NUMBER, SHARE, WHOLE, Field, invoer_fields
from ..xlsx.cells import as_written

__all__ = ["GROUP_SIZE", "STALE_TEXT", "TOLERANCE", "CheckGroup", "check_groups", "stale_formula"]

STALE_TEXT = "INVOER is gewijzigd na de berekening: draai mkba-xl run opnieuw"
GROUP_SIZE = 50
TOLERANCE = 1e-11
"""Relative to the sum of the sizes of a group's terms."""
SCALES: Mapping[str, float] = {SHARE: 1e6, EURO: 100.0, NUMBER: 1e4, WHOLE: 1e4}
"""Per numeric field type: the factor on its value (the smallest change the check must see, inverted)."""
TEXT_CHUNK = 100
"""A text longer than this is compared by its length, its first and its last ``TEXT_CHUNK`` characters (an
Excel formula holds at most 255 characters per text and 8,192 in all)."""


@dataclass(frozen=True)
class CheckGroup:
    """One group of INVOER fields: the live checksum formula, its value at the run and the tolerance."""

    fields: tuple[Field, ...]
    formula: str
    stored: float
    tolerance: float

    @property
    def cells(self) -> str:
        """'C5-E37': the first and last cell of the group, as UITVOER names it."""
        return f"{self.fields[0].cell}-{self.fields[-1].cell}"


def _literal(text: str) -> str:
    """``text`` as an Excel string expression: quotes doubled, control characters as CHAR(n)."""
    parts: list[str] = []
    plain = ""
    for ch in text:
        if ord(ch) < 32:
            if plain:
                parts.append(f'"{plain}"')
                plain = ""
            parts.append(f"CHAR({ord(ch)})")
        else:
            plain += '""' if ch == '"' else ch
    if plain or not parts:
        parts.append(f'"{plain}"')
    return "&".join(parts)


def _text_test(ref: str, text: str) -> str:
    """A condition that is TRUE when the cell ``ref`` still holds ``text`` exactly."""
    if len(text) <= TEXT_CHUNK:
        return f"EXACT({ref},{_literal(text)})"
    return (f"AND(LEN({ref})={len(text)},EXACT(LEFT({ref},{TEXT_CHUNK}),{_literal(text[:TEXT_CHUNK])}),"
            f"EXACT(RIGHT({ref},{TEXT_CHUNK}),{_literal(text[-TEXT_CHUNK:])}))")


def _number(value: float) -> str:
    """A number as a formula literal that reads back as the same double (repr; 'E' for the exponent)."""
    return repr(int(value)) if value == int(value) and abs(value) < 1e15 else repr(float(value)).upper()


def _group(fields: Sequence[Field], values: Mapping[str, Any]) -> CheckGroup:
    terms: list[str] = []
    stored = size = 0.0
    for place, f in enumerate(fields, start=1):
        ref = f"{INVOER_SHEET}!{f.cell}"
        written = as_written(values.get(f.key), f.type)
        if f.type in SCALES:
            weight = place * SCALES[f.type]
            terms.append(f"N({ref})*{_number(weight)}")
            number = written if isinstance(written, float) else 0.0
            stored += number * weight  # the formula's arithmetic: each term, then added left to right
            size += abs(number * weight)
        else:
            text = written if isinstance(written, str) else ""
            terms.append(f"IF({_text_test(ref, text)},0,{place})")  # 0 while unchanged: nothing to add
    tolerance = TOLERANCE * max(1.0, size)
    return CheckGroup(tuple(fields), "=" + "+".join(terms), stored, tolerance)


def check_groups(values: Mapping[str, Any]) -> list[CheckGroup]:
    """The checksum groups of the INVOER sheet that holds ``values`` (field key -> value, as written there)."""
    fields = invoer_fields()
    return [_group(fields[i:i + GROUP_SIZE], values) for i in range(0, len(fields), GROUP_SIZE)]


def stale_formula(groups: Sequence[CheckGroup], live_cells: Sequence[str]) -> str:
    """The formula of UITVOER's red line: empty while every group's live checksum (in ``live_cells``) equals its
    stored value within the tolerance, else ``STALE_TEXT`` (also when an INVOER cell holds an error)."""
    tests = ",".join(f"ABS({cell}-{_number(g.stored)})<={_number(g.tolerance)}"
                     for g, cell in zip(groups, live_cells, strict=True))
    return f'=IFERROR(IF(AND({tests}),"",{_literal(STALE_TEXT)}),{_literal(STALE_TEXT)})'
