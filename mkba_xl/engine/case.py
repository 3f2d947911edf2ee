"""One case as the blocks see it: the inputs, the households they describe, and the book of posts.

``Case`` holds what every block needs and must compute the same way: the way of the tool
(``rekenwijze``), households per type and severity, newly found and existing households, the
net-effect factor, and kengetallen at the analysis's price level. ``Book`` collects the posts a
block books; each post's actor follows from its domain under the chosen actor mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..dutch import percent
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..schema import HOUSEHOLD_TYPES, SEVERITIES, fields_by_key
from .ledger import YEARS, Post
from .rekenwijze import way_for


def field_value(invoer: Invoer, kg: Kengetallen, key: str) -> Any:
    """A numeric INVOER field; an empty one with a ``fallback_kengetal`` takes that kengetal's value."""
    fallback = fields_by_key()[key].fallback_kengetal
    if fallback and invoer[key] is None:
        return kg.scalars[fallback].value
    return invoer.num(key)


class Case:
    """The inputs of one computation (or of many variants: any number may be an array)."""

    def __init__(self, invoer: Invoer, kg: Kengetallen) -> None:
        self.invoer = invoer
        self.kg = kg
        self.price_level = invoer.price_year
        self._price_factors: dict[int | None, float] = {}
        H = invoer.num("huishoudens")
        self.households = H
        type_share = dict(zip(HOUSEHOLD_TYPES, invoer.per_type("aandeel_type")))
        self.n: dict[str, dict[str, Any]] = {
            t: {s: H * type_share[t] * invoer.num(f"zwaarte.{t}.{s}") for s in SEVERITIES} for t in HOUSEHOLD_TYPES}
        """Households per type and severity: H x type share x severity share (INVOER A)."""
        self.per_type = {t: sum(self.n[t].values()) for t in HOUSEHOLD_TYPES}
        self.multi = {t: self.n[t]["mv_zr"] + self.n[t]["mv_nzr"] + self.n[t]["top"] for t in HOUSEHOLD_TYPES}
        """Households with multiple problems (mv: zr, nzr and top): the base of the leefsituatie shares."""
        found = invoer.num("nieuw_gevonden")
        self.found = found
        self.new = {t: found * self.per_type[t] for t in HOUSEHOLD_TYPES}
        self.existing = {t: (1 - found) * self.per_type[t] for t in HOUSEHOLD_TYPES}
        self.way = way_for(invoer["rekenwijze"], invoer.team_way)
        """The way of LPBL's tool this case is computed in (``rekenwijze``)."""
        terugval, attributie = field_value(invoer, kg, "terugval"), invoer.num("attributie")
        self.terugval = terugval
        self.effect = (1 - terugval) * attributie
        """Net share of a stated effect that counts: (1 - terugval) x attributie (``schema.NET_EFFECT_RULE``)."""
        self.effect_text = f"x (1 - {percent(terugval, 0)} terugval) x {percent(attributie, 0)} attributie"
        self.attribution = attributie
        """The share of a stated change in school drop-out that counts: attributie only (000 Tabel 4.2)."""
        self.attribution_text = f"x {percent(attributie, 0)} attributie (geen terugval)"

    def price_factor(self, year: int | None) -> float:
        """CPI factor from prices of ``year`` to the analysis's price level (computed once per year)."""
        factors = self._price_factors
        if year not in factors:
            factors[year] = self.kg.price_factor(year, self.price_level)
        return factors[year]

    def value(self, key: str) -> Any:
        """A kengetal converted to the analysis's price level (if it has a price year)."""
        s = self.kg.scalars[key]
        return s.value * self.price_factor(s.price_year)

    def raw(self, key: str) -> Any:
        """A kengetal as it stands (durations, shares, counts: no price year)."""
        return self.kg.scalars[key].value

    def source(self, key: str) -> str:
        return f"{key}: {self.kg.scalars[key].source}"


class Book:
    """Collects the posts of one computation, in booking order."""

    def __init__(self, domain_actors: Mapping[str, str], shape: tuple[int, ...], explain: bool) -> None:
        self.domain_actors = domain_actors
        self.shape = shape
        self.explain = explain
        self.posts: list[Post] = []

    def add(self, line: str, domain: str, yearly: Any, profile: np.ndarray, describe: Callable[[], str],
            *sources: str) -> None:
        """Book ``yearly`` x ``profile``; ``describe`` is called only when explanations are wanted."""
        amounts = np.asarray(yearly, dtype=float)[..., None] * profile
        amounts = np.broadcast_to(amounts, self.shape + (YEARS,)).copy()
        self.posts.append(Post(line, domain, self.domain_actors[domain], amounts,
                               describe() if self.explain else "", tuple(s for s in sources if s)))

    def posts_of(self, line: str) -> list[Post]:
        return [p for p in self.posts if p.line == line]
