"""Several years of the approach (MEERJARIG): one cohort per year, computed by the engine, shifted to its calendar
year and discounted to the base year.

LPBL's tool computes one year of the approach: the costs of that year and the effects they buy, in years 0..9 of
that year (year 9 the long term, 001 4.4). A team that works for several years is several such cohorts, one per
year (000: a retrospective of four years; 001 4.4 and Figuur 4.8: caseload and nieuw voor oud built up in four
years). Each row of the MEERJARIG sheet is a cohort: INVOER with the row's cells put in (households, newly found,
the team, the other costs, all optional), its effects grown in by the row's ingroei per effect group.

How a cohort's years are valued:

* its years 0..8 fall in the calendar years ``year .. year + 8``; its year 9 stays the long term *of that cohort*
  (all its later years). Every post is valued as in one year of the approach (the rule's one-year factors) and then
  shifted with ``cohort_shift``: 1/(1+r)^o for a cohort o years after the base year, the long-term rate from o = 9
  on (a horizon beyond the tool's ten years), compounded for a year before the base year. So a cohort's NCW is its
  one-year NCW times its shift, and N identical cohorts are the one-year result times the sum of their shifts.
* amounts typed on MEERJARIG are in the prices of their own year, converted with the CPI table to the price level
  of the analysis; kengetallen are converted from their own price year as always. A past year is thus computed with
  that year's prices and reported in the price level asked for (for amounts left empty, the INVOER amount already is
  in that price level).

``compute_meerjarig`` returns one ``Result`` (a ledger with a post per cohort and a ``Timeline``): every total, per
actor, per domain and per calendar year, is asked of it. With ``explain=False`` all cohorts are computed in one
vectorised engine call (the years as variants); with explanations each cohort has its own call, because a
description states one cohort's numbers. An empty MEERJARIG is exactly one year: ``compute``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..engine import Post, Result, Timeline, cohort_shift, compute
from ..engine.variants import base_number, with_values
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..schema import EURO, fields_by_key

__all__ = ["INGROEI_LINES", "Meerjarig", "YearRow", "cohort_invoer", "compute_meerjarig", "compute_result",
           "ingroei_group"]

INGROEI_LINES: Mapping[str, Callable[[Post], bool]] = {
    "organisatie": lambda p: p.line in ("B1b", "B1c") or (p.line == "B1a" and p.domain != "team"),
    "effectiviteit": lambda p: p.line == "B2",
    "escalatie": lambda p: p.line == "B3",
    "immaterieel": lambda p: p.line in ("B4a", "B4b", "B4c"),
}
"""The posts of each ingroei group (``schema.INGROEI_GROUPS``): the effects of the UITVOER screen's groups 1-4.
B1a on the team domain is the return of nieuw voor oud, no effect: it follows the team like K1a."""


def ingroei_group(post: Post) -> str | None:
    """The ingroei group a post's amount grows in with, or None (costs, the return of nieuw voor oud)."""
    return next((group for group, member in INGROEI_LINES.items() if member(post)), None)


@dataclass(frozen=True)
class YearRow:
    """One year of the approach: its calendar year, the INVOER fields it replaces (amounts in the prices of
    ``year``), the ingroei per effect group it states (shares; a group left out is 100%) and a free note."""

    year: int
    values: Mapping[str, Any] = field(default_factory=dict)
    ingroei: Mapping[str, float] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Meerjarig:
    """The MEERJARIG sheet as read: its years (in order) and the base year (None = the first year)."""

    rows: tuple[YearRow, ...] = ()
    base_year: int | None = None

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(row.year for row in self.rows)

    @property
    def base(self) -> int:
        return self.base_year if self.base_year is not None else self.rows[0].year

    def without(self, keys: Sequence[str]) -> Meerjarig:
        """The years with these INVOER fields left empty, so that INVOER's value holds in every year (a variant that
        changes a field on INVOER changes it in all years)."""
        rows = tuple(dataclasses.replace(row, values={k: v for k, v in row.values.items() if k not in keys})
                     for row in self.rows)
        return dataclasses.replace(self, rows=rows)


def cohort_invoer(invoer: Invoer, kg: Kengetallen, row: YearRow) -> Invoer:
    """INVOER with the row's cells put in; an amount is converted from the prices of its year to the price level."""
    fields = fields_by_key()
    changes = {key: (value * kg.price_factor(row.year, invoer.price_year) if fields[key].type == EURO else value)
               for key, value in row.values.items()}
    return invoer.replace(**changes) if changes else invoer


def compute_result(invoer: Invoer, kg: Kengetallen, meerjarig: Meerjarig | None, *, explain: bool = True) -> Result:
    """One year of the approach, or every year of MEERJARIG when it has rows: what every job computes."""
    if meerjarig is None or meerjarig.empty:
        return compute(invoer, kg, explain=explain)
    return compute_meerjarig(invoer, kg, meerjarig, explain=explain)


def compute_meerjarig(invoer: Invoer, kg: Kengetallen, meerjarig: Meerjarig, *, explain: bool = True) -> Result:
    """Every year of ``meerjarig`` as a cohort, in one ledger (module doc); empty: one year, as ``compute``."""
    if meerjarig.empty:
        return compute(invoer, kg, explain=explain)
    cohorts = [cohort_invoer(invoer, kg, row) for row in meerjarig.rows]
    ledgers: list[Sequence[Post]]
    if explain:
        results = [compute(c, kg) for c in cohorts]
        first, ledgers = results[0], [r.ledger for r in results]
        warnings = [w for r in results for w in r.warnings]
    else:
        keys = sorted({key for row in meerjarig.rows for key in row.values})
        first, ledgers = _vectorised(invoer, kg, cohorts, keys)
        warnings = list(first.warnings)
    posts = tuple(_grown(post, row, k) for k, (row, ledger) in enumerate(zip(meerjarig.rows, ledgers))
                  for post in ledger)
    rule = kg.discount_rules[str(first.meta["disconteringsregel"])]
    base = meerjarig.base
    timeline = Timeline(meerjarig.years, base,
                        tuple(cohort_shift(rule.rate, rule.long_term_rate, year - base) for year in meerjarig.years))
    meta = {**first.meta, "meerjarig": {"jaren": list(meerjarig.years), "basisjaar": base}}
    return dataclasses.replace(first, ledger=posts, warnings=tuple(dict.fromkeys(warnings)), meta=meta,
                               timeline=timeline)


def _grown(post: Post, row: YearRow, cohort: int) -> Post:
    """The post of one cohort, its effects times the row's ingroei for the post's group."""
    group = ingroei_group(post)
    factor = row.ingroei.get(group, 1.0) if group is not None else 1.0
    amounts = post.amounts * factor if factor != 1.0 else post.amounts
    return dataclasses.replace(post, amounts=amounts, cohort=cohort)


def _vectorised(invoer: Invoer, kg: Kengetallen, cohorts: Sequence[Invoer],
                keys: Sequence[str]) -> tuple[Result, list[Sequence[Post]]]:
    """All cohorts in one engine call (the years as variants: an array per field in ``keys``), split back into one
    ledger per cohort. A post that is zero in a cohort is left out of it, as ``compute`` leaves it out of one year.
    """
    arrays = {key: np.array([base_number(c, kg, key) for c in cohorts], dtype=float) for key in keys}
    if not arrays:  # every year equals INVOER: still one variant per year
        arrays["huishoudens"] = np.full(len(cohorts), float(invoer.num("huishoudens")))
    stacked_invoer, stacked_kg = with_values(invoer, kg, arrays)
    stacked = compute(stacked_invoer, stacked_kg, explain=False)
    ledgers: list[Sequence[Post]] = [[dataclasses.replace(p, amounts=np.array(p.amounts[k])) for p in stacked.ledger
                                      if np.any(p.amounts[k] != 0)] for k in range(len(cohorts))]
    meta = {**stacked.meta, **{key: invoer[key] for key in ("gemeente", "aanpak", "analysejaar")}}
    return dataclasses.replace(stacked, shape=(), meta=meta), ledgers
