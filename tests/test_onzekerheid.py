"""The uncertainty analysis: exact where it must be exact, within Monte Carlo error where it is an estimate.

Cases with a known answer: every distribution collapsed to a point gives the deterministic result; a
saldo linear in one uniform assumption has an analytic mean, P5/P95, P(saldo > 0) and EVPI; an
assumption that cannot change the decision has EVPPI 0. Then the bounds (EVPPI in [0, EVPI], indices in
[0, 1]), reproducibility (same seed, same draws; another seed, the same conclusions within error) and
the handling of draws without costs (no K-B ratio).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from scipy.stats import spearmanr

from mkba_xl.analyses.importance import Z975
from mkba_xl.analyses.onzekerheid import CHUNK, analyse, histogram, simulate
from mkba_xl.analyses.onzekerheid_model import plan
from mkba_xl.analyses.onzekerheid_rows import AssumptionRow, CorrelationRow, UncertaintySheet, standard_rows
from mkba_xl.analyses.onzekerheid_text import likelihood, probability_text, round_to_error
from mkba_xl.engine import compute
from mkba_xl.engine.variants import base_number, with_values
from mkba_xl.errors import InputError
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.pipeline import read

from .strategies import invoer_values
from .workbooks import valid_values

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_workbooks").glob("*.xlsx"))
KG = default_kengetallen()
META = Invoer.from_values(valid_values())


def remove_standard() -> list[AssumptionRow]:
    """User rows that switch every standard assumption off ('geen')."""
    return [AssumptionRow(row.veld, "geen", row.grenzen, None, None, "", 100 + i)
            for i, row in enumerate(standard_rows())]


def only(*rows: AssumptionRow, correlations: tuple[CorrelationRow, ...] = ()) -> UncertaintySheet:
    """A sheet with ``rows`` and every other standard assumption switched off."""
    own = {r.veld for r in rows}
    return UncertaintySheet((*(r for r in remove_standard() if r.veld not in own), *rows), correlations)


def row(veld: str, verdeling: str, low: float, high: float, grenzen: str = "waarde", r: int = 8) -> AssumptionRow:
    return AssumptionRow(veld, verdeling, grenzen, low, high, "test", r)


def point_sheet(invoer: Invoer) -> UncertaintySheet:
    """Every standard assumption as a point at its INVOER value (factor rows: factor 1)."""
    rows = []
    for i, std in enumerate(standard_rows()):
        if std.grenzen == "factor":
            rows.append(row(std.veld, std.verdeling, 1.0, 1.0, "factor", 8 + i))
        else:
            base = base_number(invoer, KG, std.veld)
            rows.append(row(std.veld, "driehoek", base, base, "waarde", 8 + i))
    return UncertaintySheet(tuple(rows))


def linear_coefficients(invoer: Invoer, target: str) -> tuple[float, float]:
    """saldo = a + b x in ``target``, checked to be linear on three points."""
    xs = (50_000.0, 70_000.0, 90_000.0)
    ys = [compute(*with_values(invoer, KG, {target: x})).saldo for x in xs]
    b = (ys[2] - ys[0]) / (xs[2] - xs[0])
    a = ys[0] - b * xs[0]
    assert ys[1] == pytest.approx(a + b * xs[1], rel=1e-12, abs=1e-6)
    return a, b


# ---------------------------------------------------------------------------------------------
# Exact cases
# ---------------------------------------------------------------------------------------------

def assert_deterministic(u: Any, invoer: Invoer) -> None:
    base = compute(invoer, KG)
    budget = base.budget("actor")
    expected = {"saldo": base.saldo, "kb_financieel": base.kb_financieel, "kb_maatschappelijk": base.kb_maatschappelijk,
                **{f"begroting_{a}": budget[a]["saldo"] for a in budget}}
    for stat in u.stats:
        want = expected[stat.key]
        assert stat.deterministisch == pytest.approx(want, rel=1e-12, abs=1e-9)
        for q, value in stat.percentielen.items():
            assert value == pytest.approx(want, rel=1e-9, abs=1e-6), (stat.key, q)
        assert stat.gemiddelde == pytest.approx(want, rel=1e-9, abs=1e-6)
    for chance in u.chances:
        assert chance.kans in (0.0, 1.0)
    assert u.chance("saldo_positief").kans == float(base.saldo > 0)
    for line in u.fan.values():
        np.testing.assert_allclose(line, u.fan_base, rtol=1e-9, atol=1e-6)
    assert u.evpi == 0.0 and all(r.evppi == 0.0 and r.belang == 0.0 for r in u.ranking)


def test_point_distributions_give_the_deterministic_result() -> None:
    u = analyse(META, KG, point_sheet(META), draws=500)
    assert_deterministic(u, META)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invoer_values())
def test_point_distributions_give_the_deterministic_result_for_any_case(values: dict[str, Any]) -> None:
    invoer = Invoer.from_values(values)
    sheet = point_sheet(invoer)
    usable = plan(sheet, invoer, KG)
    if not usable.assumptions:  # every standard field is 0 in this case: nothing to draw
        return
    assert_deterministic(analyse(invoer, KG, sheet, draws=200), invoer)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invoer_values())
def test_only_the_users_own_rows_can_be_wrong(values: dict[str, Any]) -> None:
    """A sheet without rows of its own reports nothing for any case (the standard set only leaves notes), which
    is why ``input_sheets`` checks such a sheet without running ``plan``."""
    invoer = Invoer.from_values(values)
    for sheet in (None, UncertaintySheet()):
        assert plan(sheet, invoer, KG).report.codes() == []


def test_a_saldo_linear_in_one_uniform_assumption_matches_the_analytic_values() -> None:
    a, b = linear_coefficients(META, "kosten_per_fte")
    assert b < 0
    zero = -a / b  # the cost per fte at which the saldo is 0
    low, high = zero - 30_000.0, zero + 10_000.0
    n = 10_000
    u = analyse(META, KG, only(row("kosten_per_fte", "uniform", low, high)), draws=n)
    saldo = u.stat("saldo")
    y_low, y_high = a + b * high, a + b * low  # b < 0: the saldo is uniform on [y_low, y_high]
    mean = (y_low + y_high) / 2
    assert abs(saldo.gemiddelde - mean) < 3 * saldo.se_gemiddelde
    for q in (5.0, 50.0, 95.0):
        exact = y_low + q / 100 * (y_high - y_low)
        assert abs(saldo.p(q) - exact) < 3 * saldo.se_percentielen[q] + 1e-6 * abs(exact), q
    positive = u.chance("saldo_positief")
    p = (zero - low) / (high - low)  # the share of [low, high] below the switching cost
    assert abs(positive.kans - p) < 3 * math.sqrt(p * (1 - p) / n) + 1 / n
    assert positive.laag <= p <= positive.hoog
    # One varying assumption: it explains everything, and knowing it is worth all perfect information.
    (only_one,) = u.ranking
    assert only_one.belang == pytest.approx(1.0, abs=0.01)
    width = y_high - y_low
    evpi = y_low ** 2 / (2 * width) if mean >= 0 else y_high ** 2 / (2 * width)
    assert u.evpi == pytest.approx(evpi, rel=0.02)
    assert only_one.evppi == pytest.approx(u.evpi, rel=0.03)
    assert only_one.evppi <= u.evpi


def test_an_assumption_that_cannot_change_the_decision_has_evppi_zero() -> None:
    a, b = linear_coefficients(META, "kosten_per_fte")
    zero = -a / b
    rows = (row("kosten_per_fte", "uniform", zero - 25_000.0, zero + 10_000.0, r=8),
            row("kengetal:qaly_waarde", "driehoek", 20_000.0, 20_010.0, r=9))
    u = analyse(META, KG, only(*rows), draws=10_000)
    by_key = {r.assumption.key: r for r in u.ranking}
    assert u.evpi > 0
    assert by_key["kengetal:qaly_waarde"].evppi == 0.0
    assert by_key["kengetal:qaly_waarde"].belang < 0.01
    assert by_key["kosten_per_fte"].evppi > 0.9 * u.evpi
    assert u.ranking[0].assumption.key == "kosten_per_fte"


def test_the_rank_correlation_is_achieved() -> None:
    rows = (row("kosten_per_fte", "uniform", 50_000.0, 70_000.0, r=8),
            row("nieuw_gevonden", "uniform", 0.10, 0.30, r=9))
    sheet = only(*rows, correlations=(CorrelationRow("kosten_per_fte", "nieuw_gevonden", 0.6, 8),))
    p = plan(sheet, META, KG)
    draws = simulate(META, KG, p.assumptions, 5_000, 7, correlations=p.correlations)
    assert spearmanr(draws.x[:, 0], draws.x[:, 1]).statistic == pytest.approx(0.6, abs=0.03)


# ---------------------------------------------------------------------------------------------
# Bounds and the samples
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_results() -> dict[str, Any]:
    out = {}
    for path in SAMPLES:
        wb = read(path)
        out[path.stem] = (wb, analyse(wb.invoer, wb.kengetallen, wb.sheets.get("onzekerheid")))
    return out


def test_bounds_of_importance_and_evppi_on_every_sample(sample_results: dict[str, Any]) -> None:
    for name, (_, u) in sample_results.items():
        assert u.ranking, name
        for r in u.ranking:
            assert 0.0 <= r.belang <= 1.0 and 0.0 <= r.belang_gemeente <= 1.0
            assert 0.0 <= r.evppi <= u.evpi + 1e-9 and 0.0 <= r.evppi_gemeente <= u.evpi_gemeente + 1e-9
        evppi = [r.evppi for r in u.ranking]
        assert evppi == sorted(evppi, reverse=True)
        if u.chance("saldo_positief").kans in (0.0, 1.0):  # the decision never changes
            assert u.evpi == 0.0 and not any(evppi)
        json.dumps(u.to_json(), allow_nan=False)  # no NaN or infinity reaches the JSON


def test_every_sample_has_a_deterministic_base_inside_its_spread(sample_results: dict[str, Any]) -> None:
    for name, (wb, u) in sample_results.items():
        saldo = u.stat("saldo")
        assert saldo.deterministisch == pytest.approx(compute(wb.invoer, wb.kengetallen).saldo)
        assert saldo.p(5.0) < saldo.p(50.0) < saldo.p(95.0), name
        assert saldo.p(5.0) < saldo.deterministisch < saldo.p(95.0), name
        assert u.fan[5.0][-1] == pytest.approx(saldo.p(5.0), rel=1e-9)  # the cumulative after year 9 is the saldo
        assert u.zin.startswith("Met 90% zekerheid ligt het saldo tussen €")


def test_the_histogram_has_zero_as_an_edge_and_all_draws() -> None:
    rng = np.random.default_rng(1)
    h = histogram(rng.normal(100_000, 300_000, 10_000))
    assert h.zero_edge is not None and h.edges[h.zero_edge] == 0.0
    assert h.shares.sum() == pytest.approx(1.0)
    widths = np.diff(h.edges)
    assert np.allclose(widths, widths[0]) and 15 <= widths.size <= 40
    far = histogram(rng.normal(5e6, 1e5, 1_000))
    assert far.zero_edge is None and far.edges[0] > 0
    point = histogram(np.full(100, 1234.0))
    assert point.shares.tolist() == [1.0]


# ---------------------------------------------------------------------------------------------
# Reproducibility
# ---------------------------------------------------------------------------------------------

def test_same_seed_same_draws_and_chunking_does_not_matter() -> None:
    p = plan(None, META, KG)
    first = simulate(META, KG, p.assumptions, CHUNK + 500, 11)
    again = simulate(META, KG, p.assumptions, CHUNK + 500, 11)
    np.testing.assert_array_equal(first.x, again.x)
    np.testing.assert_array_equal(first.outputs["saldo"], again.outputs["saldo"])
    # Two engine calls for 10,500 draws give what one call per draw gives.
    for i in (0, CHUNK - 1, CHUNK, CHUNK + 499):
        values: dict[str, Any] = {}
        for k, a in enumerate(p.assumptions):
            values.update({t: float(v[0]) for t, v in a.values(first.x[i:i + 1, k]).items()})
        assert compute(*with_values(META, KG, values)).saldo == pytest.approx(first.outputs["saldo"][i], rel=1e-12)


def test_another_seed_changes_the_draws_but_not_the_conclusions(sample_results: dict[str, Any]) -> None:
    wb, u = sample_results["leeuwarden_frontlijnteam"]
    other = analyse(wb.invoer, wb.kengetallen, None, seed=u.seed + 1)
    a, b = u.stat("saldo"), other.stat("saldo")
    assert a.gemiddelde != b.gemiddelde
    assert abs(a.gemiddelde - b.gemiddelde) < 4 * math.hypot(a.se_gemiddelde, b.se_gemiddelde)
    for q in (5.0, 50.0, 95.0):
        assert abs(a.p(q) - b.p(q)) < 4 * math.hypot(a.se_percentielen[q], b.se_percentielen[q])
    pa, pb = u.chance("saldo_positief"), other.chance("saldo_positief")
    assert abs(pa.kans - pb.kans) < 4 * math.hypot(pa.se, pb.se)
    assert u.ranking[0].assumption.key == other.ranking[0].assumption.key


# ---------------------------------------------------------------------------------------------
# Draws without costs, and bad input
# ---------------------------------------------------------------------------------------------

def test_draws_without_costs_have_no_kb_ratio_and_are_counted() -> None:
    values = valid_values()
    values.update({"kosten_per_fte": 0.0, "nieuw_gevonden": 0.0, "overige_eenmalige_kosten": 0.0})
    invoer = Invoer.from_values(values)
    assert compute(invoer, KG).total("kosten") == 0.0
    u = analyse(invoer, KG, only(row("terugval", "driehoek", 0.0, 0.3)), draws=300)
    kb = u.stat("kb_maatschappelijk")
    assert kb.niet_bepaald == 300 and kb.gemiddelde is None and not kb.percentielen
    assert u.chance("kb_maatschappelijk_boven_1").kans == 1.0  # benefits without costs: infinitely above 1
    assert u.stat("saldo").gemiddelde > 0
    json.dumps(u.to_json(), allow_nan=False)


def test_a_bad_sheet_computes_nothing() -> None:
    bad = only(row("nieuw_gevonden", "driehoek", 0.2, 0.3))  # the INVOER value 18% lies outside
    with pytest.raises(InputError) as info:
        analyse(META, KG, bad)
    assert info.value.report.codes() == ["bounds-order"]
    with pytest.raises(InputError) as nothing:
        analyse(META, KG, UncertaintySheet(tuple(remove_standard())))
    assert nothing.value.report.codes() == ["no-assumptions"]
    with pytest.raises(ValueError):
        analyse(META, KG, None, draws=10)


def test_standard_assumptions_adapt_to_the_case_and_say_so() -> None:
    net = META.replace(terugval=0.0)  # 0% typed (the effects are net) lies outside 10%-40%
    p = plan(None, net, KG)  # and substitution 80% x 2 would exceed 100%
    keys = [a.key for a in p.assumptions]
    assert "terugval" not in keys and "groep:substitutie" in keys
    (substitution,) = [a for a in p.assumptions if a.key == "groep:substitutie"]
    assert substitution.spec.high == pytest.approx(1 / 0.8)
    assert any("Terugval" in n for n in p.notes) and any("begrensd" in n for n in p.notes)
    assert p.report.ok and not p.report.warnings


def test_a_user_row_replaces_the_standard_row_and_a_field_row_drops_its_group() -> None:
    sheet = UncertaintySheet((row("terugval", "uniform", 0.0, 0.2, r=8),
                              row("substitutie.nieuw", "driehoek", 0.6, 0.9, r=9)))
    p = plan(sheet, META, KG)
    keys = [a.key for a in p.assumptions]
    assert keys.count("terugval") == 1 and "groep:substitutie" not in keys and "substitutie.nieuw" in keys
    assert any("groep" not in n and "Substitutie" in n for n in p.notes)


# ---------------------------------------------------------------------------------------------
# The sentences
# ---------------------------------------------------------------------------------------------

def test_probabilities_are_never_shown_more_certain_than_the_draws() -> None:
    n = 10_000
    assert probability_text(1.0, 0.0, 0.99962, 1.0, n, n) == "meer dan 99,96% (alle 10.000 trekkingen)"
    assert probability_text(0.0, 0.0, 0.0, 0.00038, 0, n).startswith("minder dan 0,04%")
    se = math.sqrt(0.996 * 0.004 / n)
    assert probability_text(0.996, se, 0.9946, 0.9971, 9960, n).startswith("99,6%")
    assert probability_text(0.734, 0.0044, 0.725, 0.743, 7340, n) == "73% (standaardfout 0,4 procentpunt)"
    assert round_to_error(-712_345.0, 3_500.0) == -712_000.0
    assert round_to_error(12_345.0, 20.0) == 12_300.0  # never finer than 100 euro


def test_the_likelihood_word_needs_the_whole_interval() -> None:
    assert likelihood(0.991, 0.999) == "vrijwel zeker"
    assert likelihood(0.985, 0.995) == "zeer waarschijnlijk"  # 0.99 is inside the interval: not 'vrijwel zeker'
    assert likelihood(0.60, 0.70) is None
    assert likelihood(0.01, 0.05) == "zeer onwaarschijnlijk"
    assert Z975 > 1.95


# ---------------------------------------------------------------------------------------------
# Deel D and the kengetal that stands in for an empty cell
# ---------------------------------------------------------------------------------------------

def test_groups_scale_the_filled_counts_of_deel_d() -> None:
    wb = read(ROOT / "sample_workbooks" / "groningen_wij_2018.xlsx")  # K3 from deel D 'extra ingezet'
    p = plan(None, wb.invoer, wb.kengetallen)
    (extra,) = [a for a in p.assumptions if a.key == "groep:extra_inzet"]
    filled = {k for k, v in wb.invoer.values.items() if k.endswith(".extra") and v}
    assert filled and filled <= set(extra.targets)
    half = dict(extra.values(np.array([0.5])))
    result = compute(*with_values(wb.invoer, wb.kengetallen, {k: float(v[0]) for k, v in half.items()}))
    base = compute(wb.invoer, wb.kengetallen)
    assert result.line_ncw("K3") == pytest.approx(base.line_ncw("K3") / 2, rel=1e-9)


def test_a_count_of_deel_d_is_drawn_only_where_invoer_fills_it() -> None:
    wb = read(ROOT / "sample_workbooks" / "groningen_wij_2018.xlsx")
    filled = row("deel_d.hbh.extra", "driehoek", 20.0, 40.0, r=8)
    assert plan(only(filled), wb.invoer, wb.kengetallen).report.ok
    empty = plan(only(row("deel_d.ggz.extra", "uniform", 0.0, 10.0, r=8)), wb.invoer, wb.kengetallen)
    assert empty.report.codes() == ["not-continuous"] and "is leeg op INVOER" in empty.report.errors[0].message


def test_kengetal_terugval_is_the_terugval_assumption(tmp_path: Path) -> None:
    from .test_problem_codes import uncertainty_workbook

    path = uncertainty_workbook(tmp_path, [("kengetal:terugval", "driehoek", "waarde", 0.15, 0.35)])
    wb = read(path)
    (own,) = wb.sheets["onzekerheid"].rows
    assert own.veld == "terugval"
    p = plan(wb.sheets["onzekerheid"], wb.invoer, wb.kengetallen)
    assert [a.spec.mode for a in p.assumptions if a.key == "terugval"] == [KG.value("terugval")]


def test_a_filled_count_of_deel_d_stacks_like_one_call_per_value_and_an_empty_one_is_refused() -> None:
    from mkba_xl.engine.variants import run_stacked

    wb = read(ROOT / "sample_workbooks" / "groningen_wij_2018.xlsx")
    values = np.array([16.0, 32.0, 48.0])
    stacked = run_stacked(wb.invoer, wb.kengetallen, [{"deel_d.hbh.extra": values}]).result.saldo
    for i, v in enumerate(values):
        alone = compute(*with_values(wb.invoer, wb.kengetallen, {"deel_d.hbh.extra": float(v)})).saldo
        assert stacked[i] == pytest.approx(alone, rel=1e-12)
    with pytest.raises(ValueError, match="scalar-only"):
        run_stacked(wb.invoer, wb.kengetallen, [{"deel_d.ggz.extra": values}])
