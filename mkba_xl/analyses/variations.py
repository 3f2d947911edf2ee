"""A what-if: the targets it changes (INVOER fields or kengetallen) and the rules of a target.

A *target* is an INVOER field key or ``kengetal:<key>`` (``engine.variants``). ``Change`` sets one
target to a new value or multiplies its base value by a factor; ``Variation`` names a set of changes
and says where it comes from. ``kind``, ``bounds`` and ``label`` give a target's field type, the range
it may take (the schema's, or the kengetal's own: ``kengetallen.scalar_range``) and how users read
its name. The sensitivity analysis, its sheet reader and writer, and any analysis that varies inputs
build on these. The groups of fields that one knob changes together (``ESCALATION_SHARES`` and
``ESCALATION_COUNTS``, ``SUBSTITUTION``, ``SUCCESS``) are here too: the switching values and the uncertainty
analysis's groups both name them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..dutch import show
from ..engine.variants import base_number, is_kengetal, kengetal_key, with_values
from ..invoer import Invoer
from ..kengetallen import Kengetallen, default_kengetallen, scalar_kind, scalar_range
from ..schema import HOUSEHOLD_TYPES, SUCCESS_ITEMS, fields_by_key

__all__ = ["ESCALATION_COUNTS", "ESCALATION_SHARES", "SUBSTITUTION", "SUCCESS", "Change", "Variation", "bounds", "kind",
           "label"]

ESCALATION_SHARES = tuple(f"voorkomen_escalatie.{t}" for t in HOUSEHOLD_TYPES)
ESCALATION_COUNTS = ("voorkomen.huisuitzettingen", "voorkomen.uhp", "voorkomen.ots")
SUBSTITUTION = ("substitutie.nieuw", "substitutie.bestaand")
SUCCESS = tuple(f"succes.{name}" for name in SUCCESS_ITEMS)


@dataclass(frozen=True)
class Change:
    """One field of a variation: a new value, or a factor on the base value (not both)."""

    veld: str  # INVOER key or 'kengetal:<key>'
    waarde: Any = None
    factor: float | None = None

    def __post_init__(self) -> None:
        if (self.waarde is None) == (self.factor is None):
            raise ValueError(f"{self.veld}: give exactly one of waarde and factor")


@dataclass(frozen=True)
class Variation:
    """A named what-if: the fields it changes and where it comes from.

    ``omschrijving`` is what users read (Dutch); ``bron`` the seed section or the user's sheet row;
    ``cel`` the cell of a user variation (for messages).
    """

    omschrijving: str
    changes: tuple[Change, ...]
    bron: str = ""
    code: str = ""
    cel: str = ""
    kort: str = ""

    @property
    def velden(self) -> tuple[str, ...]:
        return tuple(c.veld for c in self.changes)

    @property
    def label(self) -> str:
        """Short text for the tornado chart: ``kort``, else the description up to its first bracket."""
        text = self.kort or self.omschrijving.split(" (")[0]
        return text if len(text) <= 60 else text[:59] + "…"

    def resolve(self, invoer: Invoer, kg: Kengetallen) -> tuple[dict[str, Any], list[str]]:
        """Absolute new values per target (factors applied, clipped to the allowed range) and Dutch notes."""
        values: dict[str, Any] = {}
        notes: list[str] = []
        for c in self.changes:
            v = c.waarde if c.factor is None else base_number(invoer, kg, c.veld) * c.factor
            if not isinstance(v, str):
                lo, hi = bounds(c.veld)
                clipped = min(max(float(v), lo), hi)
                if not math.isclose(clipped, float(v), rel_tol=1e-12, abs_tol=1e-12):
                    notes.append(f"{self._where()}{label(c.veld)}: {show(float(v), kind(c.veld))} valt buiten het "
                                 f"toegestane bereik en is begrensd op {show(clipped, kind(c.veld))}.")
                v = clipped
            values[c.veld] = v
        return values, notes

    def apply(self, invoer: Invoer, kg: Kengetallen) -> tuple[Invoer, Kengetallen]:
        """The varied case on its own (scalar values): what one call of the engine would compute."""
        values, _ = self.resolve(invoer, kg)
        return with_values(invoer, kg, values)

    def _where(self) -> str:
        return f"{self.cel} ({self.omschrijving}): " if self.cel else f"{self.omschrijving}: "


def kind(target: str) -> str:
    """Field type of a target (schema words); kengetallen by their unit: SHARE, EURO or NUMBER."""
    if is_kengetal(target):
        return scalar_kind(kengetal_key(target))
    return fields_by_key()[target].type


def bounds(target: str) -> tuple[float, float]:
    """The range a target may take: the schema's min/max, or the range of the kengetal (as on KENGETALLEN)."""
    if is_kengetal(target):
        return scalar_range(kengetal_key(target))
    f = fields_by_key()[target]
    return (-math.inf if f.min is None else float(f.min), math.inf if f.max is None else float(f.max))


def label(target: str) -> str:
    if is_kengetal(target):
        scalar = default_kengetallen().scalars.get(kengetal_key(target))
        return f"kengetal {kengetal_key(target)}" + (f" ({scalar.description})" if scalar else "")
    return fields_by_key()[target].label
