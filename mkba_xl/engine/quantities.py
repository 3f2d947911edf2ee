"""Quantities that several UITVOER lines value: 'hoeveelheid' in LPBL's 'hoeveelheid x prijs'.

Each is computed once, here, so that the lines that value it (effectiveness in B2 and quality of
life in B4b; school in B2 and B4a; prevented escalation in B3 and B4c; the trajectory package in
K3, B1a, B1b and B1c) count the same households and trajectories.
"""

from __future__ import annotations

from typing import Any

from ..kengetallen import Profile, Traject
from ..schema import HOUSEHOLD_TYPES, SEVERITIES
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
    drop-outs (a negative change in 'schooluitval') x attributie; no relapse: in 000 Tabel 4.2 a
    relapse of 40% instead of 20% lowers escalation, quality of life and nuisance by exactly a quarter
    and leaves line 2 (the start qualifications) as it is. (000 3.1.3 2c, 003 3.2.3 1c.)"""
    return children(case) * case.raw("aandeel_kinderen_schoolverlater") * (
        -case.invoer.num("succes.schooluitval")) * case.attribution


def prevented_households(case: Case) -> dict[str, Any]:
    """Households per type kept from one step up the pyramid: share x households x net effect (001 Tabel 4.7)."""
    return {t: case.invoer.num(f"voorkomen_escalatie.{t}") * case.per_type[t] * case.effect for t in HOUSEHOLD_TYPES}


def severity_ratio(profile: Profile, t: str, k: str, domain: str) -> float:
    """Trajectories of a household of severity ``k`` relative to the catalogue's mv_nzr household.

    The catalogue holds the trajectories of the doelgroep of 000 Bijlage 2: households with problems
    on two or more areas 'die niet goed in staat zijn om deze zelf op te lossen' (mv_nzr). Households
    with fewer problems or more self-reliance need less care ('hoe meer problemen en hoe minder
    zelfredzaam ... hoe hoger de zorgkosten', 001 2.2): ev and mv_zr households get the ratio of
    their care consumption to that of mv_nzr in the trajectory's domain (the zorgconsumptieprofiel
    of the analysis), at most 1. A domain the profile has no amount for at mv_nzr (the generic
    profile books Zorg & Welzijn together) takes the ratio of the totals. mv_nzr and top households
    get the catalogue's count; top households pay the 'zwaar' prices (``trajectory_price``).
    """
    if k in ("mv_nzr", "top"):
        return 1.0
    values = profile.values[t]
    base = values["mv_nzr"].get(domain, 0.0)
    if base > 0:
        return min(1.0, values[k].get(domain, 0.0) / base)
    total = sum(values["mv_nzr"].values())
    return min(1.0, sum(values[k].values()) / total) if total > 0 else 1.0


def package(case: Case, tr: Traject) -> dict[str, dict[str, float]]:
    """Trajectories ``tr`` per household per year, per type and severity (see ``severity_ratio``)."""
    profile = case.kg.profiles[str(case.invoer["zorgprofiel"])]
    return {t: {k: tr.per_household[t] * severity_ratio(profile, t, k, tr.domain) for k in SEVERITIES}
            for t in HOUSEHOLD_TYPES}


def trajectory_price(case: Case, tr: Traject, k: str) -> float:
    """Price of one trajectory at the analysis's price level: 'zwaar' for top households, else 'licht'
    (000 Bijlage 2; 003 3.2.2: 'bijna 700 nieuwe hulptrajecten ... ruim € 2,8 miljoen' in a caseload with a
    third of its gezinnen and overige in the top)."""
    base = tr.price_heavy if k == "top" else tr.price
    return base * case.price_factor(tr.price_year)
