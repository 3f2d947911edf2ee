"""Quantities that several UITVOER lines value: 'hoeveelheid' in LPBL's 'hoeveelheid x prijs'.

Each is computed once, here, so that the lines that value it (effectiveness in B2 and quality of
life in B4b; school in B2 and B4a; prevented escalation in B3 and B4c) count the same households.
"""

from __future__ import annotations

from typing import Any

from ..schema import HOUSEHOLD_TYPES
from .case import Case


def financially_stable(case: Case) -> Any:
    """Extra households financially stable: mv households with problematic debts x change in debt-help
    success (percentage points) x net effect. (003 3.2.3 1a, 000 3.1.3 2a.)"""
    debts = {t: case.invoer.num(f"leefsituatie.problematische_schulden.{t}") for t in HOUSEHOLD_TYPES}
    return sum(case.multi[t] * debts[t] for t in HOUSEHOLD_TYPES) * case.invoer.num("succes.schuldhulp") * case.effect


def workers(case: Case) -> Any:
    """Extra people in work: mv households without work, elderly (65+) excluded as past working age,
    x change in 'direct naar werk' x net effect. (001 4.3.)"""
    jobless = {t: case.invoer.num(f"leefsituatie.geen_werk.{t}") for t in HOUSEHOLD_TYPES}
    return sum(case.multi[t] * jobless[t] for t in ("gezinnen", "overige")) * case.invoer.num(
        "succes.direct_naar_werk") * case.effect


def children(case: Case) -> Any:
    """Children in the families of the approach: families x average number of children."""
    return case.per_type["gezinnen"] * case.invoer.num("gemiddeld_aantal_kinderen")


def extra_qualifications(case: Case) -> Any:
    """Extra start qualifications per year: children x share reaching school-leaving age x fewer
    drop-outs (a negative change in 'schooluitval') x net effect. (000 3.1.3 2c, 003 3.2.3 1c.)"""
    return children(case) * case.raw("aandeel_kinderen_schoolverlater") * (
        -case.invoer.num("succes.schooluitval")) * case.effect


def prevented_households(case: Case) -> dict[str, Any]:
    """Households per type kept from one step up the pyramid: share x households x net effect (001 Tabel 4.7)."""
    return {t: case.invoer.num(f"voorkomen_escalatie.{t}") * case.per_type[t] * case.effect for t in HOUSEHOLD_TYPES}
