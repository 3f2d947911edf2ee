"""Distributions of uncertain assumptions: parameterisation, truncation, validation codes, sampling."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtr
from scipy.stats import spearmanr

from mkba_xl.analyses.distributions import (
    ERROR,
    WARNING,
    Z95,
    Assumption,
    InvalidSpec,
    RankCorrelation,
    column_uniforms,
    iman_conover,
    sample,
    validate,
)

N = 10_000
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)
probability = st.floats(min_value=1e-9, max_value=1 - 1e-9)


def codes(problems) -> set[tuple[str, str, str]]:
    return {(p.code, p.part, p.severity) for p in problems}


@st.composite
def valid_assumptions(draw, field: str = "f") -> Assumption:
    kind = draw(st.sampled_from(["driehoek", "uniform", "normaal", "lognormaal"]))
    low = draw(positive if kind == "lognormaal" else finite)
    # A width far below the float resolution of the bounds cannot be inverted to 1e-6; keep it real.
    width = draw(st.just(0.0) | st.floats(min_value=1e-4, max_value=1e3)) * max(1.0, abs(low))
    high = low + width
    mode = draw(st.floats(min_value=low, max_value=high)) if kind == "driehoek" else None
    return Assumption(field, kind, low, high, mode=mode)


# --- parameterisation --------------------------------------------------------------------------

def test_normal_interval_is_p5_p95_around_the_midpoint():
    a = Assumption("x", "normaal", 2.0, 5.0)
    assert a.quantile(np.array([0.05, 0.5, 0.95])) == pytest.approx([2.0, 3.5, 5.0], rel=1e-12)
    sd = (5.0 - 2.0) / (2 * 1.6448536269514722)
    assert float(a.cdf(np.array([3.5 + sd]))[0]) == pytest.approx(ndtr(1.0), rel=1e-12)


def test_lognormal_interval_on_the_log_scale_with_the_geometric_midpoint_as_median():
    a = Assumption("x", "lognormaal", 2.0, 8.0)
    assert a.quantile(np.array([0.05, 0.5, 0.95])) == pytest.approx([2.0, 4.0, 8.0], rel=1e-12)
    assert a.median() == pytest.approx(4.0)


def test_triangular_quantiles_and_mean():
    a = Assumption("x", "driehoek", 0.0, 10.0, mode=2.0)
    assert float(a.quantile(np.array([0.2]))[0]) == pytest.approx(2.0)  # F(c) = (c - a)/(b - a)
    assert a.quantile(np.array([0.0, 1.0])) == pytest.approx([0.0, 10.0])
    x = sample([a], N, seed=3)[:, 0]
    assert x.mean() == pytest.approx(4.0, abs=3 * x.std() / math.sqrt(N))  # (a + b + c) / 3


@given(valid_assumptions(), probability)
def test_cdf_inverts_the_quantile(a, p):
    if a.low == a.high:
        return
    x = a.quantile(np.array([p]))
    assert float(a.cdf(x)[0]) == pytest.approx(p, abs=1e-6)


@pytest.mark.parametrize("kind", ["driehoek", "uniform", "normaal", "lognormaal"])
def test_equal_bounds_are_a_point(kind):
    a = Assumption("x", kind, 3.0, 3.0, mode=3.0)
    assert (sample([a], 100, seed=1) == 3.0).all()


# --- truncation --------------------------------------------------------------------------------

def test_truncation_samples_the_truncated_normal_without_atoms_at_the_bounds():
    mu, sd = 0.3, 0.15  # P5 = 0.053 inside [0, 1]; 2.3% of the mass lies below 0
    a = Assumption("share", "normaal", mu - Z95 * sd, mu + Z95 * sd, allowed_low=0.0, allowed_high=1.0)
    assert validate([a]) == ()
    x = sample([a], 100_000, seed=5)[:, 0]
    assert x.min() > 0.0 and x.max() < 1.0
    assert (x == 0.0).sum() == 0  # clipping would have put 2.3% of the draws here
    alpha, beta = (0.0 - mu) / sd, (1.0 - mu) / sd
    pdf = lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    expected = mu + sd * (pdf(alpha) - pdf(beta)) / (ndtr(beta) - ndtr(alpha))
    assert x.mean() == pytest.approx(expected, abs=1e-4)
    assert np.mean(np.clip(sample([Assumption("s", "normaal", a.low, a.high)], 100_000, 5), 0, 1)) < expected - 0.001


def test_truncated_lognormal_stays_below_the_bound():
    a = Assumption("x", "lognormaal", 0.1, 0.9, allowed_low=0.0, allowed_high=1.0)
    x = sample([a], N, seed=2)[:, 0]
    assert x.min() > 0.0 and x.max() < 1.0
    assert np.isclose(float(a.cdf(np.array([1.0]))[0]), 1.0)


# --- validation codes --------------------------------------------------------------------------

@given(valid_assumptions())
def test_valid_assumptions_have_no_errors(a):
    assert not [p for p in validate([a]) if p.severity == ERROR]


@pytest.mark.parametrize(
    ("assumption", "expected"),
    [
        (Assumption("x", "driehoek", 0.4, 0.1, mode=0.2), ("bounds-order", "bounds", ERROR)),
        (Assumption("x", "driehoek", 0.1, 0.4, mode=0.5), ("bounds-order", "mode", ERROR)),
        (Assumption("x", "driehoek", 0.1, 0.4), ("mode-missing", "mode", ERROR)),
        (Assumption("x", "uniform", -0.1, 0.4, allowed_low=0.0), ("outside-range", "low", ERROR)),
        (Assumption("x", "normaal", 0.1, 1.4, allowed_high=1.0), ("outside-range", "high", ERROR)),
        (Assumption("x", "lognormaal", 0.0, 0.4), ("lognormal-nonpositive", "low", ERROR)),
        (Assumption("x", "lognormaal", -2.0, -1.0), ("lognormal-nonpositive", "low", ERROR)),
        (Assumption("x", "beta", 0.1, 0.4), ("unknown-kind", "kind", ERROR)),
        (Assumption("x", "uniform", math.nan, 0.4), ("not-a-number", "low", ERROR)),
        (Assumption("x", "uniform", 0.1, 0.4, allowed_low=1.0, allowed_high=0.0), ("range-order", "range", ERROR)),
        (Assumption("x", "normaal", 0.1, 0.4, mode=0.35), ("mode-off-centre", "mode", WARNING)),
        (Assumption("x", "lognormaal", 1.0, 100.0, mode=50.0), ("mode-off-centre", "mode", WARNING)),
        (Assumption("x", "uniform", 0.1, 0.4, mode=0.5), ("mode-outside-interval", "mode", WARNING)),
    ],
)
def test_each_problem_has_its_code(assumption, expected):
    assert expected in codes(validate([assumption]))


def test_a_centred_mode_gives_no_warning_and_the_lognormal_centre_is_geometric():
    assert validate([Assumption("x", "normaal", 0.1, 0.4, mode=0.26)]) == ()
    assert validate([Assumption("x", "lognormaal", 1.0, 100.0, mode=10.0)]) == ()


def test_all_problems_are_collected_and_sampling_refuses():
    bad = [Assumption("a", "driehoek", 0.4, 0.1, mode=0.2), Assumption("a", "lognormaal", -1.0, 1.0)]
    found = {p.code for p in validate(bad)}
    assert {"bounds-order", "duplicate-field", "lognormal-nonpositive"} <= found
    with pytest.raises(InvalidSpec) as refused:
        sample(bad, 10, seed=1)
    assert {p.code for p in refused.value.problems} == found


def test_warnings_do_not_stop_sampling():
    a = Assumption("x", "normaal", 0.1, 0.4, mode=0.39)
    assert [p.severity for p in validate([a])] == [WARNING]
    assert sample([a], 10, seed=1).shape == (10, 1)


@pytest.mark.parametrize(
    ("correlation", "code"),
    [
        (RankCorrelation("a", "zz", 0.5), "correlation-unknown-field"),
        (RankCorrelation("a", "a", 0.5), "correlation-same-field"),
        (RankCorrelation("a", "b", 1.0), "correlation-out-of-range"),
        (RankCorrelation("a", "b", math.nan), "correlation-out-of-range"),
    ],
)
def test_correlation_problems(correlation, code):
    pair = [Assumption("a", "uniform", 0, 1), Assumption("b", "uniform", 0, 1)]
    assert code in {p.code for p in validate(pair, [correlation])}


def test_duplicate_and_non_positive_definite_correlations():
    three = [Assumption(n, "uniform", 0, 1) for n in "abc"]
    twice = [RankCorrelation("a", "b", 0.5), RankCorrelation("b", "a", 0.3)]
    assert "correlation-duplicate-pair" in {p.code for p in validate(three, twice)}
    impossible = [RankCorrelation("a", "b", 0.9), RankCorrelation("a", "c", 0.9), RankCorrelation("b", "c", -0.9)]
    assert {p.code for p in validate(three, impossible)} == {"correlation-not-positive-definite"}


# --- sampling ----------------------------------------------------------------------------------

def test_latin_hypercube_puts_one_draw_in_each_stratum():
    u = column_uniforms(seed=9, field="x", n=1000)
    assert u.min() > 0 and u.max() < 1
    assert np.array_equal(np.sort(np.floor(u * 1000).astype(int)), np.arange(1000))
    plain = column_uniforms(seed=9, field="x", n=1000, stratified=False)
    assert not np.array_equal(np.sort(np.floor(plain * 1000).astype(int)), np.arange(1000))


def test_same_seed_same_draws_other_seed_other_draws():
    rows = [Assumption("a", "driehoek", 0, 1, mode=0.3), Assumption("b", "normaal", -1, 1)]
    first = sample(rows, 500, seed=42)
    assert np.array_equal(first, sample(rows, 500, seed=42))
    assert not np.array_equal(first, sample(rows, 500, seed=43))


def test_a_column_depends_on_its_own_field_only_not_on_row_order_or_other_rows():
    a, b, c = (Assumption(n, "uniform", 0, 1) for n in "abc")
    both = sample([a, b], 300, seed=7)
    assert np.array_equal(sample([b, a], 300, seed=7), both[:, ::-1])
    assert np.array_equal(sample([a, c, b], 300, seed=7)[:, [0, 2]], both)
    assert np.array_equal(sample([b], 300, seed=7)[:, 0], both[:, 1])


def test_draws_are_pinned_to_the_bit_stream():
    """Same seed, same bytes, also after a numpy upgrade: the draws come from PCG64's raw stream."""
    u = column_uniforms(seed=2024, field="terugval", n=3)
    again = column_uniforms(seed=2024, field="terugval", n=3)
    assert u.tobytes() == again.tobytes()
    assert np.all((u > 0) & (u < 1))


# --- rank correlation --------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=-0.9, max_value=0.9), st.integers(min_value=0, max_value=2**32))
def test_iman_conover_reaches_the_target_and_keeps_marginals(rho, seed):
    rows = [Assumption("a", "driehoek", 0, 2, mode=0.5), Assumption("b", "lognormaal", 1, 10),
            Assumption("c", "uniform", 0, 1)]
    independent = sample(rows, 5000, seed)
    correlated = sample(rows, 5000, seed, correlations=[RankCorrelation("a", "b", rho)])
    achieved = spearmanr(correlated).statistic
    assert achieved[0, 1] == pytest.approx(rho, abs=0.03)
    assert abs(achieved[0, 2]) < 0.06 and abs(achieved[1, 2]) < 0.06
    for k in range(3):
        assert np.array_equal(np.sort(correlated[:, k]), np.sort(independent[:, k]))
    assert np.array_equal(correlated[:, 2], independent[:, 2])


def test_iman_conover_several_pairs_and_order_independence():
    rows = [Assumption(n, "normaal", 0, 1) for n in "abcd"]
    pairs = [RankCorrelation("a", "b", 0.6), RankCorrelation("c", "b", -0.4), RankCorrelation("a", "d", 0.3)]
    x = sample(rows, N, seed=11, correlations=pairs)
    r = spearmanr(x).statistic
    # Max error over 30 seeds: 0.007; without the 2 sin(pi rho / 6) conversion it would be 0.012-0.020.
    assert (r[0, 1], r[1, 2], r[0, 3]) == pytest.approx((0.6, -0.4, 0.3), abs=0.01)
    reordered = sample(rows[::-1], N, seed=11, correlations=pairs[::-1])
    assert np.array_equal(reordered[:, ::-1], x)


def test_iman_conover_directly():
    rng = np.random.default_rng(0)
    draws = rng.exponential(size=(4000, 2))
    target = np.array([[1.0, -0.7], [-0.7, 1.0]])
    out = iman_conover(draws, target, rng.random((4000, 2)))
    assert spearmanr(out).statistic == pytest.approx(-0.7, abs=0.02)
    assert np.array_equal(np.sort(out, axis=0), np.sort(draws, axis=0))


def test_docstring_examples():
    from mkba_xl.analyses import distributions as module

    assert doctest.testmod(module).failed == 0
