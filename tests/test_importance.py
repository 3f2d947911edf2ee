"""Importance, EVPPI/EVPI and summaries on one set of draws, against known answers."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtr, ndtri

from mkba_xl.analyses.distributions import Z95, Assumption, sample
from mkba_xl.analyses.importance import (
    conditional_means,
    default_bins,
    expected_value_of_perfect_information,
    importance,
    summarize,
)

N = 10_000


def uniform(name: str, low: float, high: float) -> Assumption:
    return Assumption(name, "uniform", low, high)


def normal(name: str, mean: float, sd: float) -> Assumption:
    return Assumption(name, "normaal", mean - Z95 * sd, mean + Z95 * sd)


def positive_part_mean(mu: float, sigma: float) -> float:
    """E[max(Y, 0)] for Y ~ N(mu, sigma): mu Phi(mu/sigma) + sigma phi(mu/sigma)."""
    z = mu / sigma
    return mu * ndtr(z) + sigma * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


def loss_se(y: np.ndarray) -> float:
    """Plain Monte Carlo standard error of EVPI: sd of the opportunity loss over sqrt(N)."""
    loss = np.maximum(-y, 0) if y.mean() >= 0 else np.maximum(y, 0)
    return float(loss.std() / math.sqrt(y.size))


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


# --- the linear case: Y = a + b X1, X1 uniform -------------------------------------------------

def test_linear_in_one_uniform_assumption_matches_the_analytic_distribution():
    x = sample([uniform("x1", -1.0, 3.0), uniform("x2", 0.0, 1.0)], N, seed=1)
    y = -2.0 + 1.5 * x[:, 0]  # uniform on [-3.5, 2.5]
    s = summarize(y)
    assert s.mean == pytest.approx(-0.5, abs=3 * s.mean_se)
    assert s.percentile(5.0) == pytest.approx(-3.5 + 0.05 * 6, abs=3 * s.values_se[0])
    assert s.percentile(95.0) == pytest.approx(-3.5 + 0.95 * 6, abs=3 * s.values_se[-1])
    assert s.p_above == pytest.approx(2.5 / 6, abs=3 * s.p_above_se)
    result = importance(x, y)
    assert result.first_order[0] > 0.995 and result.first_order[1] < 0.002
    assert result.evppi[0] == pytest.approx(result.evpi, rel=0.01)
    assert result.evppi[1] < 0.01 * result.evpi
    assert result.evpi == pytest.approx(2.5**2 / 12, abs=3 * loss_se(y))  # E[max(Y, 0)] = 2.5^2 / (2 * 6)


def test_additive_model_splits_the_variance_one_to_four():
    x = sample([uniform("x1", 0, 1), uniform("x2", 0, 1), uniform("x3", 0, 1)], N, seed=2)
    s = importance(x, x[:, 0] + 2 * x[:, 1]).first_order
    assert s == pytest.approx([0.2, 0.8, 0.0], abs=0.015)


@pytest.mark.parametrize("seed", [3, 4])
def test_ishigami_first_order_indices_within_003_at_10000_draws(seed):
    """Known values (Ishigami & Homma 1990; a = 7, b = 0.1): 0.3139, 0.4424, 0. Measured RMSE ~0.007."""
    rows = [uniform(name, -math.pi, math.pi) for name in ("x1", "x2", "x3")]
    x = sample(rows, N, seed=seed)
    s = importance(x, ishigami(x)).first_order
    assert s == pytest.approx([0.3139, 0.4424, 0.0], abs=0.03)


# --- degenerate ---------------------------------------------------------------------------------

@pytest.mark.parametrize("point", [-250_000.0, 0.0, 125_000.0])
def test_point_distributions_give_one_value_everywhere(point):
    rows = [Assumption("a", "driehoek", 2.0, 2.0, mode=2.0), Assumption("b", "normaal", 5.0, 5.0)]
    x = sample(rows, 1000, seed=1)
    y = point + 0 * x[:, 0] * x[:, 1]
    s = summarize(y)
    assert np.all(s.values == point) and s.mean == point
    assert s.p_above == (1.0 if point > 0 else 0.0)
    result = importance(x, y)
    assert np.all(result.first_order == 0) and np.all(result.evppi == 0) and result.evpi == 0
    assert result.degenerate_output and list(result.bins) == [1, 1]


# --- EVPPI ---------------------------------------------------------------------------------------

def test_an_assumption_that_cannot_change_the_decision_has_evppi_exactly_zero():
    rows = [uniform("x1", -1, 1), uniform("x2", -0.01, 0.01), uniform("x3", 0, 1)]
    x = sample(rows, N, seed=5)
    y = 0.5 + x[:, 0] + x[:, 1]
    result = importance(x, y)
    assert result.evpi == pytest.approx(0.0625, abs=3 * loss_se(y))  # E[max(-(0.5 + X1), 0)] = 0.5^2 / 4
    assert result.evppi[1] == 0.0 and result.evppi[2] == 0.0
    assert result.evppi[0] == pytest.approx(result.evpi, rel=0.01)
    certain = importance(x, 100 + x[:, 1])
    assert certain.evpi == 0.0 and np.all(certain.evppi == 0.0)


def test_an_irrelevant_assumption_in_a_close_decision_stays_near_zero():
    """E[Y] = 0, the hardest case. Over 100 seeds: ours 1.1% of EVPI on average (max 3.9%, half
    exactly 0); the unshrunk binned estimator 5.7% (min 4.5%)."""
    shares = []
    for seed in range(5):
        x = sample([uniform("x1", -1, 1), uniform("x2", 0, 1)], N, seed=seed)
        result = importance(x, x[:, 0])
        shares.append(result.evppi[1] / result.evpi)
        assert result.evppi[0] == pytest.approx(result.evpi, rel=0.01)
    assert max(shares) < 0.05 and np.mean(shares) < 0.025


@pytest.mark.parametrize(("mu", "s1", "s2"), [(0.2, 1.0, 0.5), (0.0, 1.0, 0.3), (-0.5, 0.4, 1.0)])
def test_gaussian_evpi_and_evppi_match_their_closed_form(mu, s1, s2):
    x = sample([normal("x1", 0, s1), normal("x2", 0, s2), normal("x3", 0, 1)], N, seed=6)
    y = mu + x[:, 0] + x[:, 1]
    result = importance(x, y)
    evpi = positive_part_mean(mu, math.hypot(s1, s2)) - max(mu, 0)
    assert result.evpi == pytest.approx(evpi, abs=3 * loss_se(y))
    for i, sigma in enumerate((s1, s2)):
        assert result.evppi[i] == pytest.approx(positive_part_mean(mu, sigma) - max(mu, 0), abs=0.02)
    assert result.evppi[2] <= 0.05 * result.evpi  # irrelevant; exactly 0 unless mu = 0 (max 4% over 40 seeds)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=0, max_value=10_000),
    st.floats(min_value=-2, max_value=2),
    st.lists(st.floats(min_value=-3, max_value=3), min_size=3, max_size=3),
    st.integers(min_value=20, max_value=3000),
)
def test_evppi_between_zero_and_evpi_and_indices_in_the_unit_interval(seed, shift, coef, n):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 3))
    y = np.column_stack([shift + x @ np.array(coef) + rng.normal(0, 0.5, n), shift + np.sin(3 * x[:, 0]) * x[:, 1]])
    result = importance(x, y)
    assert np.all(result.evppi >= 0) and np.all(result.evppi <= result.evpi)
    assert not result.evppi_clipped.any()
    assert np.all((result.first_order >= 0) & (result.first_order <= 1))
    assert np.array_equal(result.first_order_clipped, (result.first_order_raw < 0) | (result.first_order_raw > 1))
    assert np.array_equal(result.first_order, np.clip(result.first_order_raw, 0, 1))


def test_several_outputs_equal_one_at_a_time():
    """Equal up to summation order (numpy sums a strided column in a different order)."""
    x = sample([uniform("x1", 0, 1), normal("x2", 0, 1)], 2000, seed=8)
    y = np.column_stack([x[:, 0] - 0.5, x[:, 1] * x[:, 0], 3 + x[:, 1]])
    together = importance(x, y)
    for m in range(3):
        alone = importance(x, y[:, m])
        assert together.first_order[:, m] == pytest.approx(alone.first_order, rel=1e-9, abs=1e-12)
        assert together.evppi[:, m] == pytest.approx(alone.evppi, rel=1e-9, abs=1e-12)
        assert together.evpi[m] == pytest.approx(alone.evpi, rel=1e-12)


# --- the conditional-mean estimator --------------------------------------------------------------

def test_kelley_correction_removes_the_upward_bias_of_eta_squared():
    rng = np.random.default_rng(0)
    raw, corrected = [], []
    for _ in range(50):
        cm = conditional_means(rng.random(2000), rng.normal(size=2000), bins=40)
        raw.append(cm.s_raw[0])
        corrected.append(cm.s_corrected[0])
    assert np.mean(raw) == pytest.approx(39 / 1999, rel=0.15)  # (B - 1)/(N - 1) for pure noise
    assert abs(np.mean(corrected)) < 0.002


def test_shrunk_bin_means_have_the_variance_the_index_reports():
    rng = np.random.default_rng(1)
    x = rng.random(5000)
    y = np.sin(6 * x) + rng.normal(0, 1, 5000)
    cm = conditional_means(x, y)
    spread = (cm.weights * (cm.shrunk_means[:, 0] - cm.overall[0]) ** 2).sum()
    assert spread == pytest.approx(cm.s_corrected[0] * y.var(), rel=1e-9)


def test_tied_values_are_never_split_across_bins():
    rng = np.random.default_rng(2)
    x = rng.integers(0, 2, 4000).astype(float)
    y = x + rng.normal(0, 1, 4000)
    cm = conditional_means(x, y)
    assert cm.weights.size == 2
    assert cm.s_corrected[0] == pytest.approx(0.25 / 1.25, abs=0.03)


def test_default_bins():
    assert (default_bins(10_000), default_bins(100_000), default_bins(10)) == (40, 100, 3)


def test_evpi_closed_form_and_sign_convention():
    assert expected_value_of_perfect_information(np.array([-1.0, 3.0])) == 0.5
    assert expected_value_of_perfect_information(np.array([-3.0, 1.0])) == 0.5
    assert expected_value_of_perfect_information(np.array([1.0, 3.0])) == 0.0


def test_non_finite_outputs_are_refused():
    with pytest.raises(ValueError, match="non-finite"):
        importance(np.zeros((10, 1)), np.array([1.0] * 9 + [np.inf]))


def test_docstring_examples():
    from mkba_xl.analyses import importance as module

    assert doctest.testmod(module).failed == 0


# --- summaries -----------------------------------------------------------------------------------

def test_summary_percentiles_are_numpy_linear_and_columns_are_independent():
    rng = np.random.default_rng(3)
    y = np.column_stack([rng.normal(size=999), rng.exponential(size=999) + 0.5])
    s = summarize(y, thresholds=[0.0, 1.0])
    assert np.array_equal(s.values, np.percentile(y, [5, 25, 50, 75, 95], axis=0))
    assert s.p_above == pytest.approx([(y[:, 0] > 0).mean(), (y[:, 1] > 1).mean()])
    assert np.all(s.values_low <= s.values) and np.all(s.values <= s.values_high)


def test_percentile_standard_error_matches_the_asymptotic_formula_for_a_normal():
    y = ndtri((np.arange(N) + 0.5) / N)  # a perfect standard normal sample
    s = summarize(y, percentiles=[5.0, 50.0, 95.0])
    for p, se in zip((0.05, 0.5, 0.95), s.values_se):
        asymptotic = math.sqrt(p * (1 - p) / N) / (math.exp(-ndtri(p) ** 2 / 2) / math.sqrt(2 * math.pi))
        assert se == pytest.approx(asymptotic, rel=0.1)


def test_certainty_is_never_claimed_from_a_finite_sample():
    s = summarize(np.ones(N))
    assert s.p_above == 1.0 and s.p_above_se == 0.0
    assert 0.999 < s.p_above_low < 1.0 and s.p_above_high == pytest.approx(1.0)


# --- reproducibility ------------------------------------------------------------------------------

def saldo_like(x: np.ndarray) -> np.ndarray:
    """P(Y > 0) about 0.58: a close decision, where every assumption has a distinct EVPPI."""
    return -2.0 + 2.0 * x[:, 0] + x[:, 1] * x[:, 2] - 0.5 * x[:, 3]


ROWS = [Assumption("effect", "driehoek", 0.0, 1.5, mode=0.6), normal("cost", 1.0, 0.3),
        Assumption("relapse", "lognormaal", 0.5, 2.0), uniform("price", 0.0, 1.0)]


def test_same_seed_gives_identical_results():
    a, b = sample(ROWS, 3000, seed=2021), sample(ROWS, 3000, seed=2021)
    assert a.tobytes() == b.tobytes()
    ra, rb = importance(a, saldo_like(a)), importance(b, saldo_like(b))
    assert ra.first_order.tobytes() == rb.first_order.tobytes() and ra.evppi.tobytes() == rb.evppi.tobytes()


def test_another_seed_changes_draws_but_not_conclusions_beyond_their_error():
    one, other = sample(ROWS, N, seed=1), sample(ROWS, N, seed=99)
    assert not np.array_equal(one, other)
    s1, s2 = summarize(saldo_like(one)), summarize(saldo_like(other))
    assert abs(s1.mean - s2.mean) < 4 * math.hypot(s1.mean_se, s2.mean_se)
    assert abs(s1.p_above - s2.p_above) < 4 * math.hypot(s1.p_above_se, s2.p_above_se)
    assert np.all(np.abs(s1.values - s2.values) < 4 * np.hypot(s1.values_se, s2.values_se))
    i1, i2 = importance(one, saldo_like(one)), importance(other, saldo_like(other))
    assert np.all(i1.evppi > 0) and len(set(np.round(i1.evppi / i1.evpi, 2))) == 4
    assert i1.first_order == pytest.approx(i2.first_order, abs=0.03)
    assert i1.evppi == pytest.approx(i2.evppi, abs=0.06 * float(i1.evpi))  # sd over seeds <= 0.015 EVPI
    assert list(np.argsort(-i1.evppi)) == list(np.argsort(-i2.evppi))
