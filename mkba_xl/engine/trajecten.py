"""Trajectories: UITVOER K3 (extra care for newly found households) and B1 savings (a, b, c).

Every household type has a package of trajectories per household per year (the trajectory
catalogue on KENGETALLEN, from 000 Bijlage 2). Per trajectory:

* K3: newly found households x trajectories per household x price (001 Bijlage 2: the newly
  found have no help yet, so their new trajectories are extra costs);
* B1a: all trajectories x half an hour less coordination x the team's hourly cost (000 3.1.3 1c),
  for trajectories in a field the team covers with a discipline;
* B1c: substitutable trajectories x substitution share in new and in existing cases x price
  (001 Tabel 4.5 and note 15);
* B1b: Jeugd and Wmo trajectories x 'meer op maat' share x price (004 4.2).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dutch import euro, percent
from ..dutch import number as nl
from ..kengetallen import Traject
from ..schema import HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, PROFILE_DOMAINS
from .case import Book, Case
from .timing import YEAR_0

DISCIPLINE_DOMAINS = {
    "jeugd": ("jeugd",), "ggz_volwassenen": ("zvw",), "werk_inkomen_schulden": ("wi",),
    "welzijn_md": ("welzijn",), "zorg": ("wmo",), "wonen": ("corporatie",),
}
"""Coordination within the team saves time only on trajectories whose field the team covers itself
(001 3.3.4: the disciplines present determine the expertise in the team)."""


def covered_domains(case: Case) -> dict[str, Any]:
    """Per domain 1 when a discipline of the team covers it, else 0 (INVOER C 2)."""
    covered: dict[str, Any] = {d: 0.0 for d in PROFILE_DOMAINS + ("corporatie",)}
    for name, domains in DISCIPLINE_DOMAINS.items():
        for d in domains:
            covered[d] = np.maximum(covered[d], np.clip(case.invoer.num(f"discipline.{name}"), 0, 1))
    return covered


def book_trajectories(case: Case, book: Book) -> None:
    """K3, B1a (coordination), B1c and B1b for every trajectory of the catalogue, in that order."""
    covered = covered_domains(case)
    for tr in case.kg.trajecten:
        _book_one(case, book, tr, covered.get(tr.domain, 0.0))


def _book_one(case: Case, book: Book, tr: Traject, in_team: Any) -> None:
    invoer = case.invoer
    price = tr.price * case.kg.price_factor(tr.price_year, case.price_level)
    q = tr.per_household
    tsrc = f"trajectencatalogus '{tr.name}': {tr.source}"
    new, existing = case.new, case.existing

    n_new = sum(new[t] * q[t] for t in HOUSEHOLD_TYPES)
    book.add("K3", tr.domain, n_new * price, YEAR_0,
             lambda: f"nieuw gevonden hh ({_per_type_text(new, q)}) = {nl(n_new, 1)} trajecten x {euro(price)} "
                     f"{tr.name}", tsrc)

    n_all = sum(case.per_type[t] * q[t] for t in HOUSEHOLD_TYPES)
    coord_hours = case.raw("coordinatie_uren_per_traject")
    hourly = invoer.num("kosten_per_fte") / case.raw("productieve_uren_per_fte")
    book.add("B1a", tr.domain, n_all * coord_hours * hourly * in_team, YEAR_0,
             lambda: f"{nl(n_all, 1)} trajecten {tr.name} x {nl(coord_hours, 1)} uur minder afstemming x "
                     f"{euro(hourly)} per uur (discipline {tr.domain} in team: {nl(in_team)})",
             case.source("coordinatie_uren_per_traject"), case.source("productieve_uren_per_fte"))

    if tr.substitutable:
        subst_new, subst_old = invoer.num("substitutie.nieuw"), invoer.num("substitutie.bestaand")
        n_sub = sum((new[t] * subst_new + existing[t] * subst_old) * q[t] for t in HOUSEHOLD_TYPES)
        book.add("B1c", tr.domain, n_sub * price, YEAR_0,
                 lambda: f"({percent(subst_new, 0)} van {nl(n_new, 1)} nieuwe + {percent(subst_old, 0)} van "
                         f"{nl(n_all - n_new, 1)} bestaande trajecten) x {euro(price)} {tr.name}", tsrc)
    if tr.op_maat:
        op_maat = invoer.num("meer_op_maat")
        book.add("B1b", tr.domain, op_maat * n_all * price, YEAR_0,
                 lambda: f"{percent(op_maat, 0)} lagere kosten x {nl(n_all, 1)} trajecten x {euro(price)} {tr.name}",
                 tsrc)


def _per_type_text(counts: dict[str, Any], q: Any) -> str:
    return "; ".join(f"{HOUSEHOLD_TYPE_LABELS[t].lower()} {nl(counts[t], 1)} x {nl(q[t], 2)}" for t in HOUSEHOLD_TYPES)
