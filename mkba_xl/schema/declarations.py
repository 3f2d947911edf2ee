"""The shapes a declaration takes: the field types, ``Field`` (an INVOER input cell), ``Row`` (a layout row),
``Column`` and ``Table`` (a KENGETALLEN table), ``Usual`` (a 'gebruikelijk' range), and the few helpers with
which INVOER's parts are written down."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeAlias

from .vocabulary import HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES
from .workbook import INVOER_SHEET, KENGETALLEN_SHEET, TYPE_COLUMNS

# Field types, in the Dutch words users see in docs and in ``mkba-xl schema --json``.
WHOLE = "geheel getal"
SHARE = "aandeel"
EURO = "bedrag"
NUMBER = "getal"
TEXT = "tekst"
CHOICE = "keuze"
FIELD_TYPES = (WHOLE, SHARE, EURO, NUMBER, TEXT, CHOICE)

POINTS = "procentpunt"
"""The unit of a share that is a change in percentage points (the success of trajectories): typed as 2% or -1%."""


@dataclass(frozen=True)
class Usual:
    """The 'gebruikelijk' range of a number: what the reports show (``source`` cites them) or, where they give no
    range, an assumption (``source`` starts with 'aanname:' and says why).

    A value outside it is allowed but warned about (``plausibility``); the template shows the range beside the
    input cell and in its input message. Bounds are in the field's own terms (shares as fractions).
    """

    low: float
    high: float
    source: str


@dataclass(frozen=True)
class Field:
    """One input cell of the INVOER sheet.

    ``default`` is used when the cell is empty; a field with ``required=True`` has no default.
    ``min``/``max`` bound numeric types (for shares as fractions: 0.48 = 48%). A choice field has its
    ``choices`` here, or ``choices_from``: the key of the KENGETALLEN table whose rows are its choices
    (the names live with their values in ``kengetallen``; ``kengetallen.choices_for`` gives them).
    """

    key: str
    cell: str
    type: str
    label: str
    help: str
    unit: str = ""
    min: float | None = None
    max: float | None = None
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    choices_from: str = ""
    section: str = ""
    sheet: str = INVOER_SHEET
    fallback_kengetal: str = ""
    """When set, an empty cell takes the value of this kengetal (KENGETALLEN sheet) instead of ``default``."""
    usual: Usual | None = None
    """The 'gebruikelijk' range; None for a number whose whole allowed range is usual (``usual_range`` says why)."""

    @property
    def row(self) -> int:
        return int("".join(ch for ch in self.cell if ch.isdigit()))

    @property
    def column(self) -> str:
        return "".join(ch for ch in self.cell if ch.isalpha())


@dataclass(frozen=True)
class Row:
    """A layout row of the INVOER sheet: a heading, a sub heading, a label or a derived formula.

    Input cells are ``Field``s; everything else the template shows is a ``Row`` so that the layout
    lives here beside the fields and not in the writer.
    """

    row: int
    kind: str  # "title", "section", "subsection", "label", "note", "formula"
    text: str = ""
    cells: tuple[tuple[str, str], ...] = ()  # (cell, text or formula) extra cells on the row
    number_format: str = ""


@dataclass(frozen=True)
class Column:
    """One column of a KENGETALLEN table; for a text column ``max`` is its longest text (default ``MAX_TEXT``)."""

    key: str
    header: str
    type: str
    unit: str = ""
    min: float | None = None
    max: float | None = None
    editable: bool = True
    choices: tuple[str, ...] = ()
    width: float = 14


@dataclass(frozen=True)
class Table:
    """A table-shaped block on a sheet: a title in column B, a header row, then one row per item.

    The reader finds the block by its title, so users may not move it, but its rows are read
    whatever their number (an added CPI year is simply one row more).
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    help: str
    sheet: str = KENGETALLEN_SHEET
    keyed_by: int = 1  # how many leading columns identify a row (not editable)


Entry: TypeAlias = "Field | Row"
"""One entry of INVOER's declaration: an input cell or a layout row."""


def in_section(section: str, entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """The entries of one INVOER section, each field marked with the section's name (``Field.section``)."""
    return tuple(replace(e, section=section) if isinstance(e, Field) else e for e in entries)


def share_field(key: str, cell: str, label: str, help: str, *, default: Any = None, required: bool = False,
                minimum: float = 0.0, maximum: float = 1.0, unit: str = "%") -> Field:
    """A share (typed as a percentage), by default between 0% and 100%."""
    return Field(key, cell, SHARE, label, help, unit=unit, min=minimum, max=maximum, default=default,
                 required=required)


def type_header_row(row: int, text: str, extra: tuple[tuple[str, str], ...] = ()) -> Row:
    """A sub heading with the household types over columns C:E (and ``extra`` cells of its own)."""
    cells = tuple((f"{c}{row}", HOUSEHOLD_TYPE_LABELS[t]) for c, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES)) + extra
    return Row(row, "subsection", text, cells)
