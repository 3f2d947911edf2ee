"""Hypothesis strategies for valid INVOER values (shares that sum to 100%, one way of stating the team)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from mkba_xl.schema import (
    DEEL_D_COUNTS,
    DEEL_D_ROWS,
    DISCIPLINES,
    FINANCIERS,
    HOUSEHOLD_TYPES,
    LEEFGEBIEDEN,
    SEVERITIES,
    SUCCESS_ITEMS,
    TEAM_DOMAINS,
)

share = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
signed_share = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)


@st.composite
def shares_summing_to_one(draw: Any, n: int) -> list[float]:
    weights = draw(st.lists(st.integers(min_value=0, max_value=100), min_size=n, max_size=n).filter(any))
    total = sum(weights)
    return [w / total for w in weights]


@st.composite
def invoer_values(draw: Any, *, nonnegative_effects: bool = False) -> dict[str, Any]:
    effect = share if nonnegative_effects else signed_share
    v: dict[str, Any] = {
        "gemeente": "Testgemeente", "aanpak": "Testteam", "analysejaar": draw(st.integers(2012, 2024)),
        "zorgprofiel": draw(st.sampled_from(["generiek_2014", "groningen_2019", "west_betuwe_2021"])),
        "disconteringsregel": draw(st.sampled_from(
            ["rijk_2021", "rijk_2015", "lpbl_2014", "lpbl_2014_verre_toekomst"])),
        "actorindeling": draw(st.sampled_from(["na_2015", "voor_2015"])),
        "huishoudens": draw(st.integers(1, 5000)),
        "gemiddeld_aantal_kinderen": draw(st.floats(0, 4)),
        "kosten_per_fte": draw(st.floats(40_000, 120_000)),
        "overige_teamkosten": draw(st.floats(0, 200_000)),
        "aandeel_additioneel_overig": draw(share),
        "frictie": draw(st.floats(0, 0.3)),
        "overige_eenmalige_kosten": draw(st.floats(0, 500_000)),
        "nieuw_gevonden": draw(share),
        "substitutie.nieuw": draw(effect), "substitutie.bestaand": draw(effect),
        "meer_op_maat": draw(st.floats(0, 0.3)),
        "terugval": draw(st.floats(0, 0.6)), "attributie": draw(st.floats(0.3, 1.0)),
        "reductie_overlast": draw(share),
    }
    for t, s in zip(HOUSEHOLD_TYPES, draw(shares_summing_to_one(3))):
        v[f"aandeel_type.{t}"] = s
        for sev, x in zip(SEVERITIES, draw(shares_summing_to_one(4))):
            v[f"zwaarte.{t}.{sev}"] = x
        one = draw(share)
        v[f"samenstelling.eenouder.{t}"], v[f"samenstelling.tweeouder.{t}"] = one, 1 - one
        for situation in ("problematische_schulden", "geen_werk", "overlastgevend"):
            v[f"leefsituatie.{situation}.{t}"] = draw(share)
        v[f"voorkomen_escalatie.{t}"] = draw(st.floats(0, 0.15))
    for name in DISCIPLINES:
        v[f"discipline.{name}"] = draw(st.integers(0, 1))
    for name in SUCCESS_ITEMS:
        x = draw(st.floats(0, 0.1))
        # Positive is good for debt help and work; negative is good for the other three.
        v[f"succes.{name}"] = x if name in ("schuldhulp", "direct_naar_werk") else -x
    if not nonnegative_effects:
        for name in SUCCESS_ITEMS:
            v[f"succes.{name}"] = draw(st.floats(-0.1, 0.1))
    for k in ("uhp", "ots", "huisuitzetting"):
        v[f"ingezet.{k}"] = draw(st.floats(0, 20))
    for k in ("uhp", "ots", "huisuitzettingen"):
        v[f"voorkomen.{k}"] = draw(st.floats(0, 20))
    if draw(st.booleans()):
        v["team_fte"] = draw(st.floats(0.5, 60))
        v["aandeel_additioneel"] = draw(share)
    else:
        v["fte_nulsituatie"] = draw(st.floats(0, 60))
        v["fte_extra"] = draw(st.floats(0, 20))
    # Both ways of the tool, and empty: the way that matches the team.
    v["rekenwijze"] = draw(st.sampled_from([None, "lpbl_2014", "lpbl_2019"]))
    if draw(st.booleans()):  # relapse empty: the kengetal (20%) counts
        v["terugval"] = None
    for name in LEEFGEBIEDEN:
        v[f"leefgebieden.{name}"] = draw(st.floats(0, 50))
    v["qaly_direct"] = draw(st.floats(0, 5))
    for domain in TEAM_DOMAINS:
        v[f"in_team.{domain}"] = draw(st.integers(0, 1))
    v.update(draw(deel_d_values()))
    return v


@st.composite
def deel_d_values(draw: Any) -> dict[str, Any]:
    """Some rows of deel D with a price and counts; each count column filled in some rows or in none."""
    v: dict[str, Any] = {}
    columns = draw(st.sets(st.sampled_from(sorted(DEEL_D_COUNTS))))
    rows = draw(st.lists(st.sampled_from(sorted(DEEL_D_ROWS)), max_size=4, unique=True)) if columns else []
    for row in rows:
        if DEEL_D_ROWS[row][1] is None:
            v[f"deel_d.{row}.naam"] = f"Voorziening {row}"
            v[f"deel_d.{row}.financier"] = draw(st.sampled_from(FINANCIERS))
        v[f"deel_d.{row}.prijs"] = draw(st.floats(0, 20_000))
        for col in columns:
            v[f"deel_d.{row}.{col}"] = draw(st.floats(0, 300))
    return v
