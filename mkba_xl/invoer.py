"""The typed, immutable INVOER: what the reader returns and the engine consumes.

Values are keyed by the schema's field keys. Numeric values are floats, or numpy arrays of
equal shape when the engine is asked to compute many variants at once (sensitivity analysis).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from .schema import HOUSEHOLD_TYPES, SEVERITIES, discount_rule_in_force, fields_by_key


@dataclass(frozen=True)
class Invoer:
    values: Mapping[str, Any]
    given: frozenset[str] = frozenset()
    """Keys the user filled in (the rest came from defaults), so an output workbook shows the same
    cells filled and empty as the input did."""
    typed: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """The shares as typed where the reader scaled a group to 100% (``schema.SHARE_ROUNDING``; ``values`` holds
    what the engine uses): BEREKENING shows both, an output workbook's INVOER what was typed."""

    @classmethod
    def from_values(cls, values: Mapping[str, Any], typed: Mapping[str, Any] | None = None) -> Invoer:
        """Complete ``values`` with the schema defaults (for fields left empty) and freeze them; ``typed``: the
        values as typed of the fields that the reader changed (scaled shares)."""
        full: dict[str, Any] = {}
        for key, f in fields_by_key().items():
            v = values.get(key)
            full[key] = f.default if v is None else v
        unknown = set(values) - set(full)
        if unknown:
            raise KeyError(f"unknown INVOER fields: {sorted(unknown)}")
        given = frozenset(k for k, v in values.items() if v is not None)
        return cls(MappingProxyType(full), given, MappingProxyType(dict(typed or {})))

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def replace(self, **changes: Any) -> Invoer:
        """A copy with some fields changed; keys with dots are passed as a dict: replace(**{'a.b': 1})."""
        merged = dict(self.values)
        for k, v in changes.items():
            if k not in merged:
                raise KeyError(k)
            merged[k] = v
        given = (self.given | {k for k, v in changes.items() if v is not None}) - {
            k for k, v in changes.items() if v is None}
        typed = {k: v for k, v in self.typed.items() if k not in changes}  # a changed field is no longer scaled
        return Invoer(MappingProxyType(merged), given, MappingProxyType(typed))

    def num(self, key: str) -> Any:
        """A numeric field as float or array; empty optional fields without default count as 0."""
        v = self.values[key]
        if v is None:
            return 0.0
        return v if isinstance(v, np.ndarray) else float(v)

    def per_type(self, prefix: str, suffix: str = "") -> list[Any]:
        """[gezinnen, ouderen, overige] values of a per-type field group."""
        return [self.num(f"{prefix}.{t}{suffix}") for t in HOUSEHOLD_TYPES]

    def severity(self, t: str) -> list[Any]:
        return [self.num(f"zwaarte.{t}.{s}") for s in SEVERITIES]

    @property
    def price_year(self) -> int:
        p = self.values.get("prijspeil")
        return int(p) if p is not None else int(self.values["analysejaar"])

    @property
    def discount_rule(self) -> str:
        """The discount rule chosen in C10, or (empty) the rule in force in the analysis year."""
        chosen = self.values.get("disconteringsregel")
        return str(chosen) if chosen else discount_rule_in_force(int(self.values["analysejaar"]))

    @property
    def team_way(self) -> int:
        """1 = team_fte + share additional; 2 = fte in 0-situatie + extra fte (2019+ tool)."""
        return 2 if (self.values.get("fte_nulsituatie") is not None or self.values.get("fte_extra") is not None) \
            and self.values.get("team_fte") is None else 1
