"""The order of the blocks: INVOER + KENGETALLEN -> the ledger of one year of the approach -> ``Result``.

Each block books the posts of its UITVOER lines (see its module); this module only decides their
order, which is the order of the posts on BEREKENING within each line, and adds what belongs to
the computation as a whole: price-level warnings, the discount factors and the meta data.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..invoer import Invoer
from ..kengetallen import Kengetallen
from .case import Book, Case
from .effectiviteit import book_effectiveness
from .escalatie import book_prevented, book_started
from .immaterieel import book_immaterial
from .ledger import Result
from .team import book_nieuw_voor_oud, book_one_off, book_team
from .timing import discount_factors
from .trajecten import book_trajectories


def variant_shape(invoer: Invoer, kg: Kengetallen) -> tuple[int, ...]:
    """The common shape of every array among the inputs and scalar kengetallen (``()`` for one case)."""
    shapes = [np.shape(v) for v in invoer.values.values() if isinstance(v, np.ndarray)]
    shapes += [np.shape(s.value) for s in kg.scalars.values() if isinstance(s.value, np.ndarray)]
    return np.broadcast_shapes(*shapes) if shapes else ()


def compute(invoer: Invoer, kg: Kengetallen, *, explain: bool = True) -> Result:
    """Build the ledger of one year of the approach (or of many variants at once).

    ``explain=False`` skips the Dutch descriptions of the posts: bulk runs (sensitivity and
    uncertainty analyses) need only the numbers, and the descriptions cost more time than the
    arithmetic.
    """
    shape = variant_shape(invoer, kg)
    indeling = str(invoer["actorindeling"])
    domain_actors = {domain: kg.actor_of(domain, indeling) for domain in kg.actors}
    case = Case(invoer, kg)
    book = Book(domain_actors, shape, explain)

    book_team(case, book)
    book_one_off(case, book)
    book_trajectories(case, book)
    book_nieuw_voor_oud(book)
    book_started(case, book)
    book_prevented(case, book)
    book_effectiveness(case, book)
    book_immaterial(case, book)

    rule = kg.discount_rules[invoer.discount_rule]
    profile = kg.profiles[str(invoer["zorgprofiel"])]
    posts = tuple(p for p in book.posts if np.any(p.amounts != 0))
    meta: dict[str, Any] = {
        "gemeente": invoer["gemeente"], "aanpak": invoer["aanpak"], "analysejaar": invoer["analysejaar"],
        "prijspeil": case.price_level, "disconteringsregel": rule.name, "discontovoet": rule.rate,
        "discontovoet_lange_termijn": rule.long_term_rate, "zorgprofiel": profile.name,
        "actorindeling": invoer["actorindeling"], "rekenwijze": case.way.key,
    }
    return Result(posts, discount_factors(rule.rate, rule.long_term_rate), tuple(_price_warnings(case)), meta,
                  shape, domain_actors, case.way)


def _price_warnings(case: Case) -> list[str]:
    """A price year outside the CPI table: amounts are converted with its nearest year."""
    kg = case.kg
    index = kg.cpi_index()
    if not index:
        return []
    profile = kg.profiles[str(case.invoer["zorgprofiel"])]
    used = {case.price_level, profile.price_year, *(tr.price_year for tr in kg.trajecten),
            *(s.price_year for s in kg.scalars.values() if s.price_year is not None)}
    outside = sorted(y for y in used if not min(index) <= y <= max(index))
    if not outside:
        return []
    return [f"Geen CPI voor {', '.join(map(str, outside))}: bedragen zijn omgerekend met de CPI van het "
            f"dichtstbijzijnde jaar ({min(index)}-{max(index)}). Vul de CPI-tabel op het blad KENGETALLEN aan."]
