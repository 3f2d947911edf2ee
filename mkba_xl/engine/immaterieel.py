"""UITVOER B4 (Immateriële baten): valued effects without a market price.

* B4a Ontwikkelingskansen kinderen: extra start qualifications x their long-term value, an NCW
  that the reports computed at 5,5% (000 3.1.3 2c, 003 3.2.3 3c: 70.000 of which about 60.000
  long term), booked in year 9 as the nominal amount with that NCW so that another discount
  rule values it consistently; in the 2019+ way also the short-term value (``effectiviteit``);
* B4b Kwaliteit van leven: households that become financially stable, find work or improve on a
  leefgebied (INVOER C 5, x the net effect) x QALY per household (000 3.1.3 4a: 35 QALY for 120
  households) x the value of a QALY (001 4.3 note 21, 003 3.2.3 3b), plus QALYs entered directly
  (002 5.1 point 4), counted as entered;
* B4c Overlast: households that stop causing nuisance, by the approach and by prevented
  escalation, x the value of less nuisance via house prices (003 3.2.3 3a).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..dutch import euro, percent, scalar
from ..dutch import number as nl
from ..schema import HOUSEHOLD_TYPES, LEEFGEBIEDEN
from .case import Book, Case
from .ledger import LONG_TERM_YEAR
from .quantities import extra_qualifications, financially_stable, prevented_households, workers
from .timing import YEAR_0, year_profile


def book_immaterial(case: Case, book: Book) -> None:
    value, src = case.value, case.source

    qualifications = extra_qualifications(case)
    ncw_rate = case.raw("startkwalificatie_ncw_voet")
    long_profile = year_profile(1, LONG_TERM_YEAR) * (1 + ncw_rate) ** LONG_TERM_YEAR
    book.add("B4a", "huishoudens", qualifications * value("startkwalificatie_lange_termijn_ncw"), long_profile,
             lambda: f"{nl(qualifications, 2)} extra startkwalificaties x "
                     f"{euro(value('startkwalificatie_lange_termijn_ncw'))} NCW lange termijn (jaar 9)",
             src("aandeel_kinderen_schoolverlater"), src("startkwalificatie_lange_termijn_ncw"),
             src("startkwalificatie_ncw_voet"))

    stable, people = financially_stable(case), workers(case)
    qaly = case.raw("qaly_per_hh")
    book.add("B4b", "huishoudens", (stable + people) * qaly * value("qaly_waarde"), YEAR_0,
             lambda: f"({nl(stable, 1)} hh financieel stabiel + {nl(people, 1)} aan het werk) x "
                     f"{nl(qaly, 4)} QALY x {euro(value('qaly_waarde'))}", src("qaly_per_hh"), src("qaly_waarde"))
    for name, label in LEEFGEBIEDEN.items():
        improved = case.invoer.num(f"leefgebieden.{name}")
        if scalar(improved) != 0.0:
            book.add("B4b", "huishoudens", improved * case.effect * qaly * value("qaly_waarde"), YEAR_0,
                     _leefgebied_text(case, improved, label), "INVOER C 5", src("qaly_per_hh"), src("qaly_waarde"))
    direct = case.invoer.num("qaly_direct")
    if scalar(direct) != 0.0:
        book.add("B4b", "huishoudens", direct * value("qaly_waarde"), YEAR_0,
                 lambda: f"{nl(direct, 1)} gewonnen gezonde levensjaren (rechtstreeks ingevuld, telt zoals ingevuld) x "
                         f"{euro(value('qaly_waarde'))}", "INVOER C 5", src("qaly_waarde"))

    reduction = case.invoer.num("reductie_overlast")
    prevented = prevented_households(case)
    nuisance = {t: case.invoer.num(f"leefsituatie.overlastgevend.{t}") for t in HOUSEHOLD_TYPES}
    calmer = sum((case.multi[t] * reduction * case.effect + prevented[t]) * nuisance[t] for t in HOUSEHOLD_TYPES)
    book.add("B4c", "buurt", calmer * value("overlast_waarde_per_hh"), YEAR_0,
             lambda: f"{nl(calmer, 1)} hh minder overlast (overlastgevende mv-hh x {percent(reduction, 0)} reductie "
                     f"{case.effect_text} + voorkomen escalaties x aandeel overlastgevend) x "
                     f"{euro(value('overlast_waarde_per_hh'))}", src("overlast_waarde_per_hh"))


def _leefgebied_text(case: Case, improved: Any, label: str) -> Callable[[], str]:
    """The description of one leefgebied's QALY post (computed only when explanations are wanted)."""
    qaly, value = case.raw("qaly_per_hh"), case.value("qaly_waarde")
    return lambda: (f"{nl(improved, 1)} hh {label.lower()} {case.effect_text} x {nl(qaly, 4)} QALY x "
                    f"{euro(value)}")
