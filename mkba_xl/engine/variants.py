"""Many variants in one engine call: what may vary, how a variant is named, and how runs are stacked.

The engine is vectorised: any numeric INVOER field or scalar kengetal may be a numpy array, and
then every post holds that many variants. The sensitivity analysis (one assumption at a time) and
the uncertainty analysis (many draws at once) both build their variants here.

A *target* names what a variant changes: an INVOER field key (``substitutie.nieuw``) or a scalar
kengetal as ``kengetal:<key>`` (``kengetal:qaly_waarde``).

Some inputs cannot be arrays: choices and years select tables or shift time profiles, and some
kengetallen are durations or start years of a time profile. A variant of one of them needs an
engine call of its own (``scalar_only``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..schema import CHOICE, DEEL_D_COUNTS, DEEL_D_ROWS, TEXT, fields_by_key, invoer_fields
from .compute import compute
from .ledger import Result

KENGETAL_PREFIX = "kengetal:"
"""A target ``kengetal:<key>`` is a scalar of the KENGETALLEN sheet, anything else an INVOER field."""

SCALAR_ONLY_FIELDS = frozenset({"analysejaar", "prijspeil"} | {
    f.key for f in invoer_fields() if f.type in (CHOICE, TEXT)} | {
    f"deel_d.{row}.{col}" for row in DEEL_D_ROWS for col in DEEL_D_COUNTS})
"""INVOER fields the engine reads as one Python value: years, choices (profile, discount rule, actor mapping,
rekenwijze, the financier of a deel D row), texts, and the counts of deel D, because filling a count column
switches its line from the trajectory package to the table (an empty cell is not a zero)."""
SCALAR_ONLY_KENGETALLEN = frozenset({
    "uhp_residentieel_jaren", "uhp_pleegzorg_jaren", "ots_jaren", "mo_jaren", "werk_jaren", "escalatie_duur",
    "escalatie_startjaar", "startkwalificatie_ncw_voet",
})
"""Kengetallen used as durations or start years of time profiles (``year_profile``), or in the shape of
a profile (the NCW rate of a start qualification)."""


def is_kengetal(target: str) -> bool:
    return target.startswith(KENGETAL_PREFIX)


def kengetal_key(target: str) -> str:
    return target[len(KENGETAL_PREFIX):]


def scalar_only(target: str) -> bool:
    """True when ``target`` cannot be an array: its variants need an engine call each."""
    return target in SCALAR_ONLY_FIELDS or (is_kengetal(target) and kengetal_key(target) in SCALAR_ONLY_KENGETALLEN)


DEEL_D_COUNT_FIELDS = frozenset(f"deel_d.{row}.{col}" for row in DEEL_D_ROWS for col in DEEL_D_COUNTS)


def stackable(invoer: Invoer, target: str) -> bool:
    """Whether ``target`` may be an array in this case: not ``scalar_only``, or a count of deel D that is
    filled in (only an empty count cell switches its column between the trajectory package and the table;
    a filled one is a plain number in the engine)."""
    return not scalar_only(target) or (target in DEEL_D_COUNT_FIELDS and invoer[target] is not None)


def base_value(invoer: Invoer, kg: Kengetallen, target: str) -> Any:
    """The value a target has in the base case; an empty field with a fallback kengetal has that kengetal's."""
    if is_kengetal(target):
        return kg.scalars[kengetal_key(target)].value
    fallback = fields_by_key()[target].fallback_kengetal
    if fallback and invoer[target] is None:
        return kg.scalars[fallback].value
    return invoer[target]


def base_number(invoer: Invoer, kg: Kengetallen, target: str) -> float:
    """The base value as a number: an empty field counts as the engine counts it (0, or the analysis
    year for an empty price level)."""
    if target == "prijspeil":
        return float(invoer.price_year)
    base = base_value(invoer, kg, target)
    return 0.0 if base is None else float(base)


def with_values(invoer: Invoer, kg: Kengetallen, values: Mapping[str, Any]) -> tuple[Invoer, Kengetallen]:
    """``invoer`` and ``kg`` with ``values`` (target -> scalar or array) put in."""
    invoer_changes = {k: v for k, v in values.items() if not is_kengetal(k)}
    kg_changes = {kengetal_key(k): v for k, v in values.items() if is_kengetal(k)}
    if invoer_changes:
        invoer = invoer.replace(**invoer_changes)
    if kg_changes:
        scalars = dict(kg.scalars)
        for key, v in kg_changes.items():
            scalars[key] = dataclasses.replace(scalars[key], value=v)
        kg = dataclasses.replace(kg, scalars=MappingProxyType(scalars))
    return invoer, kg


@dataclass(frozen=True)
class Stacked:
    """One engine call over blocks of variants: the result (arrays of shape (N,)) and each block's slice."""

    result: Result
    slices: list[slice]

    @property
    def size(self) -> int:
        return self.slices[-1].stop if self.slices else 0


def run_stacked(invoer: Invoer, kg: Kengetallen, blocks: Sequence[Mapping[str, Any]]) -> Stacked:
    """Compute ``blocks`` (each: target -> scalar or array of the block's length) in one engine call.

    Targets a block does not change keep their base value; every one must be ``stackable``.
    """
    if any(not stackable(invoer, k) for b in blocks for k in b):
        raise ValueError("scalar-only targets cannot be stacked: " +
                         ", ".join(sorted({k for b in blocks for k in b if not stackable(invoer, k)})))
    sizes = [max((np.size(x) for x in b.values()), default=1) for b in blocks]
    slices, start = [], 0
    for n in sizes:
        slices.append(slice(start, start + n))
        start += n
    targets = sorted({k for b in blocks for k in b})
    arrays: dict[str, np.ndarray] = {}
    for k in targets:
        full = np.full(start, base_number(invoer, kg, k))
        for b, s in zip(blocks, slices):
            if k in b:
                full[s] = b[k]
        arrays[k] = full
    if not arrays:  # nothing varies: still one variant per block
        arrays["huishoudens"] = np.full(start, float(invoer.num("huishoudens")))
    stacked_invoer, stacked_kg = with_values(invoer, kg, arrays)
    return Stacked(compute(stacked_invoer, stacked_kg, explain=False), slices)
