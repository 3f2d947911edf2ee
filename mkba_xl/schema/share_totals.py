"""The groups of INVOER shares that must add up to 100% (the reader checks and normalises them; BEREKENING shows
what was used)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .vocabulary import HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, SEVERITIES

SHARE_ROUNDING = 0.01
"""Shares of a group that add up to 99% to 101% are taken as rounded percentages: accepted with a warning and
scaled to exactly 100% (each share divided by their sum). LPBL's own input rounds so: Arnhem's severities of the
families are 13% + 24% + 32% + 32% = 101% (003 Arnhem 2014, invoerscherm A.3). Further off is an error."""
SHARE_EXACT = 1e-9
"""A sum this close to 100% is 100% (floating point); it is neither warned about nor scaled."""


@dataclass(frozen=True)
class ShareGroup:
    """INVOER shares that must add up to 100%: the household types, and per type its severities and composition.

    ``of_type``: the household type the group describes; it is checked only when that type is in the approach
    (its share is above 0%, or not yet readable). ``only_when_filled``: the group may stay empty altogether (the
    composition is only needed for the effects that count children).
    """

    key: str
    label: str
    what: str
    keys: tuple[str, ...]
    of_type: str | None = None
    only_when_filled: bool = False


@lru_cache(maxsize=1)
def share_groups() -> tuple[ShareGroup, ...]:
    """Every group of shares that must add up to 100%, in the order of the sheet."""
    groups = [ShareGroup("aandeel_type", "Type huishoudens in aanpak", "de aandelen gezinnen, ouderen en overige",
                         tuple(f"aandeel_type.{t}" for t in HOUSEHOLD_TYPES))]
    for t in HOUSEHOLD_TYPES:
        groups.append(ShareGroup(f"zwaarte.{t}", f"Huishoudens naar zwaarte — {HOUSEHOLD_TYPE_LABELS[t]}",
                                 "de zwaarteklassen", tuple(f"zwaarte.{t}.{s}" for s in SEVERITIES), of_type=t))
        groups.append(ShareGroup(f"samenstelling.{t}", f"Huishoudsamenstelling — {HOUSEHOLD_TYPE_LABELS[t]}",
                                 "eenouder/eenpersoons en tweeouder/meerpersoons",
                                 (f"samenstelling.eenouder.{t}", f"samenstelling.tweeouder.{t}"), of_type=t,
                                 only_when_filled=True))
    return tuple(groups)
