"""UITVOER K1 (Kosten nieuwe aanpak), K2 (Eenmalige kosten) and B1a's return of nieuw voor oud.

The team is stated in one of two ways (INVOER B). Way 1, the 2014 screen (001 Bijlage 2): the
whole team in fte x cost per fte, of which a share is additional; the rest is nieuw voor oud.
Way 2, the 2019+ screens (002 Bijlage VII, 004 Bijlage V): fte in the 0-situatie (nieuw voor
oud) plus extra fte (meerkosten). Nieuw voor oud is staff that stopped their old work: it is a
cost of the team (K1a) and the same amount returns as a saving elsewhere (B1a), so only the
additional part is a net cost.
"""

from __future__ import annotations

from typing import Any

from ..dutch import euro, percent, scalar
from ..dutch import number as nl
from ..invoer import Invoer
from .case import Book, Case
from .ledger import Post
from .timing import YEAR_0


def team_cost(invoer: Invoer) -> Any:
    """Yearly cost of the whole team: fte x cost per fte + other team costs (001 Bijlage 2).

    Example: the worked example's 3,6 fte x € 62.556 = € 225.200.
    """
    fte = invoer.num("team_fte") if invoer.team_way == 1 else invoer.num("fte_nulsituatie") + invoer.num("fte_extra")
    return fte * invoer.num("kosten_per_fte") + invoer.num("overige_teamkosten")


def book_team(case: Case, book: Book) -> None:
    """K1a = nieuw-voor-oud part, K1b = additional part of the team and of the other team costs."""
    invoer = case.invoer
    cost_per_fte = invoer.num("kosten_per_fte")
    if invoer.team_way == 1:
        fte, additional = invoer.num("team_fte"), invoer.num("aandeel_additioneel")
        team = fte * cost_per_fte
        book.add("K1a", "team", team * (1 - additional), YEAR_0,
                 lambda: f"{nl(fte, 1)} fte x {euro(cost_per_fte)} x {percent(1 - additional, 0)} nieuw voor oud",
                 "INVOER B")
        book.add("K1b", "team", team * additional, YEAR_0,
                 lambda: f"{nl(fte, 1)} fte x {euro(cost_per_fte)} x {percent(additional, 0)} additioneel", "INVOER B")
    else:
        fte0, extra = invoer.num("fte_nulsituatie"), invoer.num("fte_extra")
        book.add("K1a", "team", fte0 * cost_per_fte, YEAR_0,
                 lambda: f"{nl(fte0, 1)} fte in 0-situatie x {euro(cost_per_fte)}", "INVOER B (manier 2)")
        book.add("K1b", "team", extra * cost_per_fte, YEAR_0,
                 lambda: f"{nl(extra, 1)} extra fte x {euro(cost_per_fte)}", "INVOER B (manier 2)")
    other, other_add = invoer.num("overige_teamkosten"), invoer.num("aandeel_additioneel_overig")
    if scalar(other) != 0.0:
        book.add("K1a", "team", other * (1 - other_add), YEAR_0,
                 lambda: f"overige teamkosten {euro(other)} x {percent(1 - other_add, 0)} nieuw voor oud", "INVOER B")
        book.add("K1b", "team", other * other_add, YEAR_0,
                 lambda: f"overige teamkosten {euro(other)} x {percent(other_add, 0)} additioneel", "INVOER B")


def book_one_off(case: Case, book: Book) -> None:
    """K2 = friction share x yearly team cost + other one-off costs / 4.

    One-off costs are spread over four years and one year counts: 001 Bijlage 2 shows 100.000 of
    other one-off costs as 25.000.
    """
    invoer = case.invoer
    friction, one_off = invoer.num("frictie"), invoer.num("overige_eenmalige_kosten")
    team_total = team_cost(invoer)
    spread = case.raw("afschrijving_eenmalig_jaren")
    book.add("K2", "team", friction * team_total, YEAR_0,
             lambda: f"{percent(friction, 0)} frictie x teamkosten {euro(team_total)}", "INVOER B")
    book.add("K2", "team", one_off / spread, YEAR_0,
             lambda: f"overige eenmalige kosten {euro(one_off)} / {nl(spread)} jaar",
             case.source("afschrijving_eenmalig_jaren"))


def book_nieuw_voor_oud(book: Book) -> None:
    """B1a: every K1a post returns as a saving of the old tasks (001 4.3, 002 Bijlage VII)."""
    for post in book.posts_of("K1a"):
        book.posts.append(Post("B1a", post.domain, post.actor, post.amounts.copy(),
                               f"besparing oude taken: {post.description}", post.sources))
