"""UITVOER B3 (Voorkomen escalatiekosten) and the escalations a heavy approach starts itself (K3).

Two ways to count an escalation:

* via the zorgconsumptieprofiel: households kept from one step up the pyramid x the difference
  between the two profiles, per domain (002 5.1, 004 4.2: "in een bovengelegen categorie ...
  terecht komen"), in year ``escalatie_startjaar`` for ``escalatie_duur`` years;
* explicitly, in heavy approaches (003 3.2.3 2a-2c): evictions (cost, and 25% to the shelter for
  2,5 years), out-of-home placements (residential or foster care) and family supervision orders
  (OTS), each with its price per year and duration. Escalations the team starts because safety
  demands it are costs (K3, 003 3.2.2); prevented ones are benefits (B3).
"""

from __future__ import annotations

from typing import Any

from ..dutch import euro, percent, scalar
from ..dutch import number as nl
from ..kengetallen import Profile
from ..schema import HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, PROFILE_DOMAINS, SEVERITIES
from .case import Book, Case
from .timing import YEAR_0, year_profile

STARTED = {"uhp": "ingezet.uhp", "ots": "ingezet.ots", "huisuitzetting": "ingezet.huisuitzetting"}
PREVENTED = {"uhp": "voorkomen.uhp", "ots": "voorkomen.ots", "huisuitzetting": "voorkomen.huisuitzettingen"}


def book_started(case: Case, book: Book) -> None:
    """K3: escalations the team starts (INVOER B), at full price."""
    counts = {k: case.invoer.num(key) for k, key in STARTED.items()}
    if any(scalar(v) != 0.0 for v in counts.values()):
        _book_escalations(case, book, "K3", counts, "ingezette", 1.0, "")


def book_prevented(case: Case, book: Book) -> None:
    """B3: explicitly prevented escalations (INVOER C 3) x net effect, then the profile steps."""
    counts = {k: case.invoer.num(key) for k, key in PREVENTED.items()}
    if any(scalar(v) != 0.0 for v in counts.values()):
        _book_escalations(case, book, "B3", counts, "voorkomen", case.effect, case.effect_text)
    profile = case.kg.profiles[str(case.invoer["zorgprofiel"])]
    timing = year_profile(case.raw("escalatie_duur"), int(case.raw("escalatie_startjaar")))
    for t in HOUSEHOLD_TYPES:
        for d in PROFILE_DOMAINS:
            _book_profile_step(case, book, profile, timing, t, d)


def _book_escalations(case: Case, book: Book, line: str, counts: dict[str, Any], verb: str, factor: Any,
                      factor_txt: str) -> None:
    uhp, ots, evictions = counts["uhp"], counts["ots"], counts["huisuitzetting"]
    value, raw, src = case.value, case.raw, case.source
    res = raw("uhp_aandeel_residentieel")
    book.add(line, "jeugd", uhp * factor * res * value("uhp_residentieel_per_jaar"),
             year_profile(raw("uhp_residentieel_jaren")),
             lambda: f"{nl(uhp, 1)} {verb} uithuisplaatsingen {factor_txt} x {percent(res, 0)} residentieel x "
                     f"{euro(value('uhp_residentieel_per_jaar'))} per jaar, "
                     f"{nl(raw('uhp_residentieel_jaren'), 2)} jaar",
             src("uhp_residentieel_per_jaar"), src("uhp_residentieel_jaren"))
    book.add(line, "jeugd", uhp * factor * (1 - res) * value("uhp_pleegzorg_per_jaar"),
             year_profile(raw("uhp_pleegzorg_jaren")),
             lambda: f"{nl(uhp, 1)} {verb} uithuisplaatsingen {factor_txt} x {percent(1 - res, 0)} pleegzorg x "
                     f"{euro(value('uhp_pleegzorg_per_jaar'))} per jaar, {nl(raw('uhp_pleegzorg_jaren'), 2)} jaar",
             src("uhp_pleegzorg_per_jaar"), src("uhp_pleegzorg_jaren"))
    book.add(line, "jeugd", ots * factor * value("ots_per_jaar"), year_profile(raw("ots_jaren")),
             lambda: f"{nl(ots, 1)} {verb} OTS {factor_txt} x {euro(value('ots_per_jaar'))} per jaar, "
                     f"{nl(raw('ots_jaren'), 2)} jaar", src("ots_per_jaar"), src("ots_jaren"))
    book.add(line, "corporatie", evictions * factor * value("huisuitzetting"), YEAR_0,
             lambda: f"{nl(evictions, 1)} {verb} huisuitzettingen {factor_txt} x {euro(value('huisuitzetting'))}",
             src("huisuitzetting"))
    mo = raw("mo_aandeel")
    book.add(line, "wmo", evictions * factor * mo * value("mo_per_jaar"), year_profile(raw("mo_jaren")),
             lambda: f"{nl(evictions, 1)} {verb} huisuitzettingen {factor_txt} x {percent(mo, 0)} naar "
                     f"maatschappelijke opvang x {euro(value('mo_per_jaar'))} per jaar, {nl(raw('mo_jaren'), 1)} jaar",
             src("mo_aandeel"), src("mo_per_jaar"), src("mo_jaren"))


def _book_profile_step(case: Case, book: Book, profile: Profile, timing: Any, t: str, d: str) -> None:
    """One post per household type and domain: the sum over the severity steps ev->zr->nzr->top.

    A step up that costs less in total is no escalation: it counts no saving, so that more
    prevented escalation never lowers the benefits.
    """
    share = case.invoer.num(f"voorkomen_escalatie.{t}")
    pfactor = case.price_factor(profile.price_year)
    amount: Any = 0.0
    steps: list[tuple[str, str, Any]] = []
    values = profile.values[t]
    for s, up in zip(SEVERITIES, SEVERITIES[1:]):
        diff = (values[up][d] - values[s][d]) * pfactor
        if diff == 0 or sum(values[up].values()) <= sum(values[s].values()):
            continue
        amount = amount + share * case.n[t][s] * case.effect * diff
        steps.append((s, up, diff))
    if not steps:
        return

    def describe() -> str:
        parts = "; ".join(f"{nl(case.n[t][s], 1)} hh {s}->{up} x {euro(diff)}" for s, up, diff in steps)
        return (f"{percent(share, 1)} voorkomen escalatie {HOUSEHOLD_TYPE_LABELS[t].lower()} {case.effect_text} x "
                f"({parts}) [{d}]")

    book.add("B3", d, amount, timing, describe, f"zorgconsumptieprofiel {profile.name}: {profile.source}",
             case.source("escalatie_startjaar"), case.source("escalatie_duur"))
