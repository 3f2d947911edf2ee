"""The worked example of the meta-analysis (001 Bijlage 2): one copy for every test module and benchmark.

``META`` is the example as the engine takes it; ``sheet_values()`` the same example as typed on the
INVOER sheet (whole euros, the caseload norms of the example, the household composition and empty
severity classes filled in), for the tests of the reader and the workbooks.
"""

from __future__ import annotations

from typing import Any

# The worked example of seed 001 Bijlage 2 (its lost cost per fte entered as 225.200 / 3,6).
META = {
    "gemeente": "Voorbeeldgemeente", "aanpak": "Sociaal wijkteam", "analysejaar": 2013,
    "zorgprofiel": "generiek_2014", "disconteringsregel": "lpbl_2014", "actorindeling": "na_2015",
    "huishoudens": 328, "aandeel_type.gezinnen": 0.48, "aandeel_type.ouderen": 0.31, "aandeel_type.overige": 0.21,
    "zwaarte.gezinnen.ev": 0.02, "zwaarte.gezinnen.mv_zr": 0.20, "zwaarte.gezinnen.mv_nzr": 0.78,
    "zwaarte.ouderen.ev": 0.04, "zwaarte.ouderen.mv_zr": 0.50, "zwaarte.ouderen.mv_nzr": 0.46,
    "zwaarte.overige.ev": 0.04, "zwaarte.overige.mv_zr": 0.32, "zwaarte.overige.mv_nzr": 0.64,
    "gemiddeld_aantal_kinderen": 1.6,
    "leefsituatie.problematische_schulden.gezinnen": 0.5, "leefsituatie.problematische_schulden.ouderen": 0.18,
    "leefsituatie.problematische_schulden.overige": 0.8, "leefsituatie.geen_werk.gezinnen": 0.8,
    "leefsituatie.geen_werk.ouderen": 1.0, "leefsituatie.geen_werk.overige": 0.8,
    "leefsituatie.overlastgevend.gezinnen": 0.25, "leefsituatie.overlastgevend.ouderen": 0.0,
    "leefsituatie.overlastgevend.overige": 0.25,
    "team_fte": 3.6, "kosten_per_fte": 225_200 / 3.6, "aandeel_additioneel": 1.0,
    "overige_eenmalige_kosten": 100_000, "nieuw_gevonden": 0.18,
    "substitutie.nieuw": 0.8, "substitutie.bestaand": 0.0,
    "discipline.ggz_volwassenen": 1, "discipline.wonen": 1,
    "succes.direct_naar_werk": 0.02, "succes.schooluitval": -0.01, "succes.consulten_eerste_lijn": -0.02,
    "succes.doorverwijzing_tweede_lijn": -0.01,
    "voorkomen_escalatie.gezinnen": 0.03, "voorkomen_escalatie.ouderen": 0.03, "voorkomen_escalatie.overige": 0.03,
}

SHEET_EXTRAS: dict[str, Any] = {
    "kosten_per_fte": 62556,  # typed in whole euros
    "caseload.ev.hh_per_fte": 600, "caseload.ev.uren_per_hh": 2,
    "caseload.mv_zr.hh_per_fte": 150, "caseload.mv_zr.uren_per_hh": 8,
    "caseload.mv_nzr.hh_per_fte": 75, "caseload.mv_nzr.uren_per_hh": 16,
    **{f"zwaarte.{t}.top": 0.0 for t in ("gezinnen", "ouderen", "overige")},
    **{f"samenstelling.eenouder.{t}": one for t, one in (("gezinnen", 0.27), ("ouderen", 0.73), ("overige", 0.73))},
    **{f"samenstelling.tweeouder.{t}": two for t, two in (("gezinnen", 0.73), ("ouderen", 0.27), ("overige", 0.27))},
}


def sheet_values() -> dict[str, Any]:
    """The worked example as typed on the INVOER sheet: a complete, valid INVOER (a fresh dict)."""
    return {**META, **SHEET_EXTRAS}
