"""Engine: known values of the worked example, post formulas, and the invariants of DOMAIN.md."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkba_xl.engine import BENEFITS, COSTS, LINES, compute, discount_factors, year_profile
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import DiscountRule, default_kengetallen
from mkba_xl.schema import ACTORS, HOUSEHOLD_TYPES

from .cases import META
from .strategies import invoer_values

KG = default_kengetallen()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

def meta_result():
    return compute(Invoer.from_values(META), KG)


# -- known values ----------------------------------------------------------------------------

def test_worked_example_lines_its_inputs_determine():
    r = meta_result()
    assert r.line_ncw("K1") == pytest.approx(225_200)
    assert r.line_ncw("K1b") == pytest.approx(225_200)  # 100% additional
    assert r.line_ncw("K1a") == pytest.approx(0)
    assert r.line_ncw("K2") == pytest.approx(25_000)  # 100.000 one-off spread over 4 years
    budget = r.budget("actor")
    assert sum(budget[a]["kosten"] for a in ACTORS) == pytest.approx(r.total(COSTS))  # all costs fall in year 0


def test_worked_example_within_documented_distance():
    """docs/reproduction.md explains the gaps; this guards them against silent drift."""
    r = meta_result().to_json()
    assert r["kosten"]["totaal"] == pytest.approx(454_400, rel=0.10)
    assert r["kosten"]["extra_zorg"] == pytest.approx(204_200, rel=0.10)
    assert r["baten"]["escalatie"] == pytest.approx(293_900, rel=0.30)
    assert r["baten"]["substitutie"] == pytest.approx(83_500, rel=0.30)


def test_descriptions_show_the_numbers():
    r = meta_result()
    team = next(p for p in r.ledger if p.line == "K1b")
    assert "3,6 fte" in team.description and "€ 62.556" in team.description
    one_off = next(p for p in r.ledger if p.line == "K2")
    assert "€ 100.000 / 4 jaar" in one_off.description
    assert all(p.sources for p in r.ledger)


def test_team_way_2_splits_nulsituatie_and_meerkosten():
    v = {k: x for k, x in META.items() if k not in ("team_fte", "aandeel_additioneel")}
    v.update(fte_nulsituatie=40, fte_extra=10, kosten_per_fte=76_302)
    r = compute(Invoer.from_values(v), KG)
    assert r.line_ncw("K1a") == pytest.approx(40 * 76_302)
    assert r.line_ncw("K1b") == pytest.approx(10 * 76_302)
    assert r.line_ncw("B1a") >= 40 * 76_302  # nieuw voor oud returns as a benefit


def test_year_profile_and_discounting():
    assert list(year_profile(33 / 12)[:4]) == pytest.approx([1, 1, 0.75, 0])
    assert year_profile(1, 9)[9] == 1
    assert year_profile(12).sum() == pytest.approx(12)  # what falls after year 9 is kept in year 9
    f = discount_factors(0.055, 0.075)
    assert f[0] == 1 and f[1] == pytest.approx(1 / 1.055) and f[9] == pytest.approx(1 / 1.075**9)


def test_explicit_escalations_use_prices_and_durations():
    v = dict(META, **{"ingezet.ots": 10})
    r = compute(Invoer.from_values(v), KG)
    ots = [p for p in r.ledger if p.line == "K3" and "ingezette OTS" in p.description]
    price = 7_100 * KG.price_factor(2012, 2013)
    assert ots[0].amounts[:3] == pytest.approx([10 * price, 10 * price, 10 * price * 0.75])


def test_cpi_conversion_and_warning():
    r = compute(Invoer.from_values(dict(META, analysejaar=2030)), KG)
    assert any("CPI" in w for w in r.warnings)
    assert KG.price_factor(2012, 2013) == pytest.approx(1.025)


def test_json_shape():
    j = meta_result().to_json()
    assert set(j["kosten"]) == {"totaal", "nieuwe_aanpak", "nulsituatie", "meerkosten", "eenmalig", "extra_zorg"}
    assert set(j["baten"]) >= {"totaal", "organisatie", "nieuw_voor_oud", "meer_op_maat", "substitutie",
                               "effectiviteit", "escalatie", "immaterieel", "ontwikkelingskansen_kinderen",
                               "kwaliteit_van_leven", "overlast"}
    assert len(j["per_jaar"]["kosten"]) == 10
    assert set(j["begroting_na_2_jaar"]) == {*ACTORS, "totaal"}


# -- invariants (DOMAIN.md) -------------------------------------------------------------------

@FAST
@given(invoer_values())
def test_lines_sum_to_totals_and_ratios(values):
    r = compute(Invoer.from_values(values), KG)
    for side in (COSTS, BENEFITS):
        lines = sum(r.line_ncw(line.code) for line in LINES if line.side == side)
        assert lines == pytest.approx(r.total(side), rel=1e-9, abs=1e-6)
        assert r.per_year(side).sum() == pytest.approx(r.total(side), rel=1e-9, abs=1e-6)
    assert r.saldo == pytest.approx(r.total(BENEFITS) - r.total(COSTS))
    if r.total(COSTS) > 0:
        assert r.kb_maatschappelijk == pytest.approx(r.total(BENEFITS) / r.total(COSTS))
        assert r.kb_financieel == pytest.approx((r.total(BENEFITS) - r.immaterial_total()) / r.total(COSTS))


@FAST
@given(invoer_values())
def test_actors_and_domains_sum_to_totals(values):
    r = compute(Invoer.from_values(values), KG)
    for side in (COSTS, BENEFITS):
        per_actor = sum(r.post_ncw(p) for a in ACTORS for p in r.ledger if p.side == side and p.actor == a)
        assert per_actor == pytest.approx(r.total(side), rel=1e-9, abs=1e-6)
    for by in ("actor", "domain"):
        budget = r.budget(by)
        for key in ("kosten", "baten"):
            parts = sum(v[key] for k, v in budget.items() if k != "totaal")
            assert parts == pytest.approx(budget["totaal"][key], rel=1e-9, abs=1e-6)


SCALED = ("huishoudens", "team_fte", "fte_nulsituatie", "fte_extra", "overige_teamkosten",
          "overige_eenmalige_kosten", "ingezet.uhp", "ingezet.ots", "ingezet.huisuitzetting",
          "voorkomen.uhp", "voorkomen.ots", "voorkomen.huisuitzettingen")


@FAST
@given(invoer_values())
def test_doubling_scale_doubles_every_amount(values):
    base = compute(Invoer.from_values(values), KG)
    doubled = compute(Invoer.from_values({k: (2 * v if k in SCALED else v) for k, v in values.items()}), KG)
    def by_line_and_domain(result):
        out: dict = {}
        for p in result.ledger:
            out[(p.line, p.domain)] = out.get((p.line, p.domain), 0) + p.amounts
        return out

    a, b = by_line_and_domain(base), by_line_and_domain(doubled)
    for key in set(a) | set(b):
        assert b.get(key, np.zeros(10)) == pytest.approx(2 * a.get(key, np.zeros(10)), rel=1e-9, abs=1e-6)


ZERO_EFFECTS = {**{f"voorkomen_escalatie.{t}": 0.0 for t in HOUSEHOLD_TYPES},
                "substitutie.nieuw": 0.0, "substitutie.bestaand": 0.0, "meer_op_maat": 0.0,
                "reductie_overlast": 0.0, "voorkomen.uhp": 0.0, "voorkomen.ots": 0.0, "voorkomen.huisuitzettingen": 0.0,
                **{f"succes.{k}": 0.0 for k in ("schuldhulp", "direct_naar_werk", "schooluitval",
                                                "consulten_eerste_lijn", "doorverwijzing_tweede_lijn")},
                **{f"discipline.{k}": 0 for k in ("jeugd", "ggz_volwassenen", "werk_inkomen_schulden", "welzijn_md",
                                                   "zorg", "wonen")}}


@FAST
@given(invoer_values())
def test_zero_effects_leave_only_nieuw_voor_oud(values):
    r = compute(Invoer.from_values({**values, **ZERO_EFFECTS}), KG)
    assert {p.line for p in r.ledger if p.side == BENEFITS} <= {"B1a"}
    assert r.line_ncw("B1a") == pytest.approx(r.line_ncw("K1a"), abs=1e-6)


@FAST
@given(invoer_values())
def test_fully_additional_team_without_effects_loses_its_costs(values):
    v = {**values, **ZERO_EFFECTS, "aandeel_additioneel_overig": 1.0}
    if "team_fte" in v:
        v["aandeel_additioneel"] = 1.0
    else:
        v["fte_extra"] = v["fte_extra"] + v.pop("fte_nulsituatie")
    r = compute(Invoer.from_values(v), KG)
    assert r.saldo == pytest.approx(-r.total(COSTS), abs=1e-6)


@FAST
@given(invoer_values(), st.sampled_from(HOUSEHOLD_TYPES), st.floats(0.0, 0.1))
def test_more_prevented_escalation_never_lowers_benefits(values, t, extra):
    key = f"voorkomen_escalatie.{t}"
    low = compute(Invoer.from_values(values), KG).total(BENEFITS)
    high = compute(Invoer.from_values({**values, key: values[key] + extra}), KG).total(BENEFITS)
    assert high >= low - 1e-6


@FAST
@given(invoer_values(nonnegative_effects=True), st.floats(0.0, 0.05), st.floats(0.0, 0.05))
def test_higher_discount_rate_never_raises_later_benefits(values, rate, extra):
    def later_benefits(r: float) -> float:
        rules = dict(KG.discount_rules)
        rules["test"] = DiscountRule("test", r, r, "test")
        kg = dataclasses.replace(KG, discount_rules=MappingProxyType(rules))
        res = compute(Invoer.from_values({**values, "disconteringsregel": "test"}), kg)
        return float(sum((p.amounts[1:] * res.discount_factors[1:]).sum() for p in res.ledger if p.side == BENEFITS))

    assert later_benefits(rate + extra) <= later_benefits(rate) + 1e-6


@settings(max_examples=15, deadline=None)
@given(st.lists(invoer_values(), min_size=2, max_size=4))
def test_vectorised_equals_one_by_one(cases):
    # Vary only numeric fields across variants; choices come from the first case.
    first = cases[0]
    choice_keys = ("zorgprofiel", "disconteringsregel", "actorindeling", "gemeente", "aanpak", "analysejaar")
    cases = [{**c, **{k: first[k] for k in choice_keys}} for c in cases]
    keys = set().union(*cases)
    stacked = {}
    for k in keys:
        vals = [c.get(k) for c in cases]
        if k in choice_keys:
            stacked[k] = first[k]
        elif all(v is None for v in vals):
            continue
        else:
            stacked[k] = np.array([0.0 if v is None else float(v) for v in vals])
    # Team way must match across variants for a vector run: use way 1 everywhere.
    for k in ("fte_nulsituatie", "fte_extra"):
        stacked.pop(k, None)
    stacked["team_fte"] = np.array([float(c.get("team_fte") or 5.0) for c in cases])
    stacked["aandeel_additioneel"] = np.array([float(c.get("aandeel_additioneel") or 0.5) for c in cases])
    vec = compute(Invoer.from_values(stacked), KG)
    for i in range(len(cases)):
        one = {k: (v[i] if isinstance(v, np.ndarray) else v) for k, v in stacked.items()}
        single = compute(Invoer.from_values(one), KG)
        assert vec.saldo[i] == pytest.approx(single.saldo, rel=1e-9, abs=1e-6)
        assert vec.total(COSTS)[i] == pytest.approx(single.total(COSTS), rel=1e-9, abs=1e-6)


# -- the ledger is the only place that sums ----------------------------------------------------

def test_filtered_sums_add_up_to_the_totals():
    r = meta_result()
    for side in (COSTS, BENEFITS):
        by_actor = r.ncw_per("actor")
        assert sum(by_actor[a][side] for a in ACTORS) == pytest.approx(r.total(side))
        assert by_actor["totaal"][side] == pytest.approx(r.total(side))
        assert sum(r.sum(side=side, line=line.code) for line in LINES if line.side == side) == pytest.approx(
            r.total(side))
        assert sum(r.sum(side=side, domain=d) for d in r.keys("domain")) == pytest.approx(r.total(side))
    assert r.sum(immaterial=True) == pytest.approx(r.line_ncw("B4"))
    assert r.kb_financieel == pytest.approx((r.total(BENEFITS) - r.sum(immaterial=True)) / r.total(COSTS))


def test_json_has_every_line_and_group_of_the_screen():
    from mkba_xl.engine.ledger import GROUP_LIST

    data = meta_result().to_json()
    for line in LINES:
        assert data[line.side][line.json_key] == pytest.approx(meta_result().line_ncw(line.code))
    for group in GROUP_LIST:
        side = LINES[[line.code for line in LINES].index(group.lines[0])].side
        assert data[side][group.json_key] == pytest.approx(meta_result().line_ncw(group.code))


def test_sums_keep_the_variant_shape_when_no_post_is_left():
    zero = {k: v for k, v in META.items() if not k.startswith(("succes.", "voorkomen", "substitutie"))}
    zero.update(team_fte=0.0, overige_eenmalige_kosten=0.0, nieuw_gevonden=0.0, **{"discipline.ggz_volwassenen": 0,
                                                                                   "discipline.wonen": 0})
    values = dict(Invoer.from_values(zero).values)
    values["huishoudens"] = np.array([100.0, 200.0, 300.0])
    r = compute(Invoer(MappingProxyType(values)), KG, explain=False)
    assert not r.ledger
    assert np.shape(r.saldo) == (3,) and np.shape(r.budget("actor")["gemeente"]["saldo"]) == (3,)
    assert r.per_year(COSTS).shape == (3, 10)


def test_unknown_actor_mapping_is_an_error_not_a_fallback():
    with pytest.raises(ValueError, match="actorindeling"):
        compute(Invoer.from_values({**META, "actorindeling": "lpbl_2014"}), KG)


def test_stacking_refuses_what_cannot_be_an_array():
    from mkba_xl.engine.variants import run_stacked

    one = Invoer.from_values(META)
    with pytest.raises(ValueError, match="kengetal:werk_jaren"):
        run_stacked(one, KG, [{"kengetal:werk_jaren": np.array([2.0, 3.0])}])
    run = run_stacked(one, KG, [{}, {"terugval": np.array([0.1, 0.2])}])
    assert run.size == 3 and np.shape(run.result.saldo) == (3,)
    assert run.result.saldo[0] == pytest.approx(meta_result().saldo)
