"""Which assumption matters: importance, value of information and summaries from ONE set of draws.

Everything here works on the draws X (N, K) of ``distributions.sample`` and the outputs Y (N,) or
(N, M) of one vectorised engine call: no extra model runs. All estimators share one estimate of
the conditional mean E[Y | X_i].

Conditional means: equal-probability bins, bias-corrected, variance-matched
--------------------------------------------------------------------------
Sort the draws by X_i and cut them into B bins of equal count (B = round(N^0.4), see
``default_bins``; bin edges are moved to the start of a run of tied X_i values, so a discrete or
constant assumption is never split and a constant one gives a single bin). With bin means m_b,
bin weights w_b = n_b / N, overall mean ybar and SST = sum (y - ybar)^2::

    SSB = sum_b n_b (m_b - ybar)^2          MSW = (SST - SSB) / (N - B)
    S_raw = SSB / SST                       (Pearson's correlation ratio eta^2)
    S_i   = (SSB - (B - 1) MSW) / SST       (Kelley's epsilon^2, bias-corrected)

S_raw is the given-data (partition) estimator of the first-order Sobol index Var(E[Y|X_i]) / Var(Y)
(Plischke, Borgonovo & Smith 2013, "Global sensitivity measures from given data", EJOR 226(3);
Strong & Oakley 2013, MDM 33(6)). Its bias is upward: even an irrelevant X_i gives S_raw of about
(B - 1)/(N - 1), because each bin mean carries noise of variance sigma_b^2 / n_b. Kelley (1935,
PNAS 21(9)) removes that term; the estimate then falls below 0 for an irrelevant assumption about
half the time, and is clipped into [0, 1] (``first_order_clipped`` says where). Averaging Y over a bin
also hides the variation of E[Y|X_i] inside it, a downward bias of order B^-2 for a smooth curve;
B ~ N^(2/5) balances that O(B^-4) squared bias against the O(B / N^2) variance of the correction.

For EVPPI the noisy bin means are shrunk towards ybar so that their spread equals the estimated
signal (a constrained-Bayes / variance-matching estimator, Louis 1984, JASA 79(386))::

    m~_b = ybar + c (m_b - ybar),   c = sqrt(max(S_i, 0) / S_raw)

so that sum_b w_b (m~_b - ybar)^2 = S_i Var(Y) exactly: the curve used for EVPPI has the variance the
importance index reports. Without shrinking, noise in small bins inflates EVPPI (max is convex;
Jensen), most when the decision is close (E[Y] near 0); shrinking by c^2 instead of c would cut
real EVPPI by the noise share. ``benchmarks/bench_uncertainty_core.py`` measures all three.

EVPI and EVPPI for "continue" (net benefit Y) versus "stop" (net benefit 0)
--------------------------------------------------------------------------
::

    EVPI    = E[max(Y, 0)] - max(E[Y], 0)
    EVPPI_i = E_Xi[max(E[Y|X_i], 0)] - max(E[Y], 0)

computed as the expected opportunity loss of the decision taken without the information: if
ybar >= 0 (continue), EVPI = mean(max(-y, 0)) and EVPPI_i = sum_b w_b max(-m~_b, 0); otherwise the
same with max(+., 0). Both are sums of non-negative terms, so EVPPI_i >= 0 by construction, and
EVPPI_i <= EVPI holds exactly in real arithmetic (the convexity of max within each bin, and
m~_b between ybar and m_b); rounding excess is clipped and reported in ``evppi_clipped``. An
assumption that "cannot change the decision" (no bin mean on the other side of 0) gets exactly 0,
and an irrelevant one gets c = 0 whenever its corrected S_i <= 0, so 0 exactly about half the time
and a small noise value otherwise. When E[Y] is itself near 0, max(ybar, 0) is biased upward by up
to about 0.4 standard errors of the mean, which lowers EVPI and EVPPI by as much.
Each column of Y is its own two-option decision (e.g. society's saldo and the gemeente's).

Summaries and their Monte Carlo standard errors
-----------------------------------------------
Percentiles are numpy's ``linear`` definition (Hyndman & Fan 1996, type 7). Standard errors are
the plain Monte Carlo ones, conservative under Latin hypercube sampling:

- mean: sd / sqrt(N);
- P(Y > t): sqrt(p (1 - p) / N), with the Wilson (1927) 95% interval, which stays honest at p = 0
  or 1 (with 10,000 draws all positive, the lower bound is 0.9996, not 1);
- percentile q_p: the distribution-free 95% interval [y_(l), y_(u)] of order statistics with
  l, u = N p -/+ 1.96 sqrt(N p (1 - p)) (Conover 1999, *Practical nonparametric statistics*, 3.2),
  and se = (y_(u) - y_(l)) / (2 * 1.96).

Example
-------
>>> rng = np.random.default_rng(0)
>>> x = rng.uniform(-1, 1, (4000, 2))
>>> result = importance(x, 0.2 + x[:, 0])
>>> [round(float(s), 2) for s in result.first_order]
[1.0, 0.0]
>>> round(float(result.evpi), 2), [round(float(v), 2) for v in result.evppi]
(0.16, [0.16, 0.0])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import TypeVar

import numpy as np

Z975 = 1.959963984540054
"""Phi^-1(0.975), for 95% intervals."""
SUMMARY_PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)
_Result = TypeVar("_Result", "Importance", "Summary")


def default_bins(n: int) -> int:
    """B = round(N^0.4): 40 bins at 10,000 draws, 100 at 100,000 (at least 2, at most N/2)."""
    return max(2, min(round(float(n) ** 0.4), n // 2))


@dataclass(frozen=True)
class ConditionalMeans:
    """E[Y | X_i] on the bins of one assumption, for M outputs at once."""

    weights: np.ndarray  # (B,) share of draws per bin
    bin_means: np.ndarray  # (B, M) raw bin means m_b
    shrunk_means: np.ndarray  # (B, M) variance-matched m~_b
    overall: np.ndarray  # (M,) ybar
    s_raw: np.ndarray  # (M,) eta^2
    s_corrected: np.ndarray  # (M,) Kelley's epsilon^2 (may be < 0)


@dataclass(frozen=True)
class Importance:
    """First-order indices and value of information per assumption (rows) and output (columns)."""

    first_order: np.ndarray  # (K, M) in [0, 1]
    first_order_raw: np.ndarray  # (K, M) bias-corrected, before clipping
    first_order_clipped: np.ndarray  # (K, M) bool
    evppi: np.ndarray  # (K, M) in [0, evpi]
    evppi_clipped: np.ndarray  # (K, M) bool: rounding above EVPI removed
    evpi: np.ndarray  # (M,)
    bins: np.ndarray  # (K,) bins used per assumption (fewer where tied values merge bins)
    degenerate_output: np.ndarray  # (M,) bool: Y constant, so every index is 0 by definition


def _as_outputs(y: np.ndarray, n: int) -> np.ndarray:
    out = np.asarray(y, dtype=float)
    out = out.reshape(n, -1) if out.ndim == 1 else out
    if out.ndim != 2 or out.shape[0] != n:
        raise ValueError(f"outputs must have {n} rows")
    if not np.isfinite(out).all():
        bad = sorted(set(np.nonzero(~np.isfinite(out))[1].tolist()))
        raise ValueError(f"outputs contain non-finite values in columns {bad}")
    return out


def _bin_edges(sorted_x: np.ndarray, bins: int) -> np.ndarray:
    """Equal-count edges, each moved back to the first draw of its run of tied values."""
    n = sorted_x.size
    edges = np.round(np.linspace(0, n, bins + 1)).astype(np.intp)
    inner = np.searchsorted(sorted_x, sorted_x[edges[1:-1]], side="left")
    return np.unique(np.concatenate(([0], inner, [n])))


def conditional_means(xi: np.ndarray, y: np.ndarray, bins: int | None = None) -> ConditionalMeans:
    """Binned E[Y | X_i] with Kelley's correction and variance-matched shrinkage (module doc)."""
    ys = _as_outputs(y, np.asarray(xi).size)
    n = ys.shape[0]
    order = np.argsort(xi, kind="stable")
    edges = _bin_edges(np.asarray(xi, dtype=float)[order], bins or default_bins(n))
    counts = np.diff(edges)
    sorted_y = ys[order]
    means = np.add.reduceat(sorted_y, edges[:-1], axis=0) / counts[:, None]
    overall = ys.mean(axis=0)
    sst = ((ys - overall) ** 2).sum(axis=0)
    ssb = (counts[:, None] * (means - overall) ** 2).sum(axis=0)
    ssw = ((sorted_y - np.repeat(means, counts, axis=0)) ** 2).sum(axis=0)
    b = counts.size
    msw = ssw / max(n - b, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        s_raw = np.where(sst > 0, ssb / sst, 0.0)
        s_corrected = np.where(sst > 0, (ssb - (b - 1) * msw) / sst, 0.0) if b > 1 else np.zeros_like(sst)
        shrink = np.where(s_raw > 0, np.sqrt(np.clip(s_corrected, 0.0, None) / s_raw), 0.0)
    shrunk = overall + np.clip(shrink, 0.0, 1.0) * (means - overall)
    return ConditionalMeans(counts / n, means, shrunk, overall, s_raw, s_corrected)


def expected_value_of_perfect_information(y: np.ndarray) -> np.ndarray:
    """EVPI = E[max(Y, 0)] - max(E[Y], 0), as the expected loss of the default decision.

    >>> float(expected_value_of_perfect_information(np.array([-1.0, 3.0])))
    0.5
    """
    ys = np.asarray(y, dtype=float)
    ys2 = ys.reshape(ys.shape[0], -1)
    loss = _opportunity_loss(ys2, ys2.mean(axis=0), np.full(ys2.shape[0], 1.0 / ys2.shape[0]))
    return loss if ys.ndim == 2 else loss[0]


def _opportunity_loss(values: np.ndarray, overall: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """sum_b w_b max(-v_b, 0) where the default is to continue (overall >= 0), else max(v_b, 0)."""
    sign = np.where(overall >= 0, -1.0, 1.0)
    return (weights[:, None] * np.maximum(sign * values, 0.0)).sum(axis=0)


def importance(x: np.ndarray, y: np.ndarray, *, bins: int | None = None) -> Importance:
    """First-order indices, EVPPI per assumption and EVPI, from draws x (N, K) and outputs y.

    ``y`` (N,) gives (K,) arrays and a scalar EVPI; ``y`` (N, M) gives (K, M) and (M,).
    """
    draws = np.asarray(x, dtype=float)
    if draws.ndim != 2 or draws.shape[0] < 4:
        raise ValueError("draws must be an (N, K) array with N >= 4")
    n, k = draws.shape
    ys = _as_outputs(y, n)
    evpi = _opportunity_loss(ys, ys.mean(axis=0), np.full(n, 1.0 / n))
    raw = np.empty((k, ys.shape[1]))
    evppi = np.empty_like(raw)
    used = np.empty(k, dtype=np.intp)
    for i in range(k):
        cm = conditional_means(draws[:, i], ys, bins)
        raw[i] = cm.s_corrected
        evppi[i] = _opportunity_loss(cm.shrunk_means, cm.overall, cm.weights)
        used[i] = cm.weights.size
    tolerance = 1e-12 * (np.abs(ys).mean(axis=0) + 1e-300)
    result = Importance(
        first_order=np.clip(raw, 0.0, 1.0),
        first_order_raw=raw,
        first_order_clipped=(raw < 0) | (raw > 1),
        evppi=np.minimum(evppi, evpi),
        evppi_clipped=evppi > evpi + tolerance,
        evpi=evpi,
        bins=used,
        degenerate_output=ys.std(axis=0) == 0,
    )
    return result if np.ndim(y) == 2 else _only_output(result, keep=("bins",))


def _only_output(result: _Result, keep: tuple[str, ...] = ()) -> _Result:
    """For a 1-D ``y``: drop the output axis (the last) of every array field except ``keep``."""
    changes = {
        f.name: getattr(result, f.name)[..., 0][()]  # [()] turns a 0-d array into a numpy scalar
        for f in fields(result)
        if f.name not in keep and isinstance(getattr(result, f.name), np.ndarray)
    }
    return replace(result, **changes)


@dataclass(frozen=True)
class Summary:
    """Distribution of each output (columns) with Monte Carlo standard errors."""

    n: int
    percentiles: tuple[float, ...]
    mean: np.ndarray  # (M,)
    sd: np.ndarray  # (M,)
    mean_se: np.ndarray  # (M,)
    values: np.ndarray  # (P, M) percentile values, numpy 'linear'
    values_low: np.ndarray  # (P, M) 95% order-statistic interval
    values_high: np.ndarray  # (P, M)
    values_se: np.ndarray  # (P, M)
    threshold: np.ndarray  # (M,)
    p_above: np.ndarray  # (M,) share of draws with Y > threshold
    p_above_se: np.ndarray  # (M,) binomial
    p_above_low: np.ndarray  # (M,) Wilson 95%
    p_above_high: np.ndarray  # (M,)

    def percentile(self, p: float) -> np.ndarray:
        """The (M,) values of percentile ``p`` (one of ``percentiles``)."""
        return self.values[self.percentiles.index(p)]


def wilson_interval(p: np.ndarray, n: int, z: float = Z975) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval (p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n).

    >>> [round(float(v), 5) for v in wilson_interval(np.array(1.0), 10_000)]
    [0.99962, 1.0]
    """
    centre = p + z * z / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def summarize(
    y: np.ndarray, *, thresholds: float | Sequence[float] = 0.0, percentiles: Sequence[float] = SUMMARY_PERCENTILES
) -> Summary:
    """Mean, percentiles and P(Y > threshold) of each output column, each with its standard error.

    ``thresholds``: one for all columns or one per column (0 for a saldo, 1 for a K-B ratio).
    """
    ys = np.sort(_as_outputs(y, np.shape(y)[0]), axis=0)
    summary = _summarize_sorted(ys, thresholds, percentiles)
    return summary if np.ndim(y) == 2 else _only_output(summary)


def _summarize_sorted(ys: np.ndarray, thresholds: float | Sequence[float], percentiles: Sequence[float]) -> Summary:
    n = ys.shape[0]
    threshold = np.broadcast_to(np.asarray(thresholds, dtype=float), (ys.shape[1],)).copy()
    probs = np.asarray(percentiles, dtype=float) / 100
    values = np.percentile(ys, probs * 100, axis=0, method="linear")
    half = Z975 * np.sqrt(n * probs * (1 - probs))
    low_rank = np.clip(np.floor(n * probs - half).astype(np.intp), 1, n) - 1
    high_rank = np.clip(np.ceil(n * probs + half).astype(np.intp), 1, n) - 1
    low, high = ys[low_rank], ys[high_rank]
    sd = ys.std(axis=0, ddof=1) if n > 1 else np.zeros(ys.shape[1])
    p_above = (ys > threshold).mean(axis=0)
    p_low, p_high = wilson_interval(p_above, n)
    return Summary(
        n=n, percentiles=tuple(float(p) for p in percentiles), mean=ys.mean(axis=0), sd=sd,
        mean_se=sd / math.sqrt(n), values=values, values_low=low, values_high=high,
        values_se=(high - low) / (2 * Z975), threshold=threshold, p_above=p_above,
        p_above_se=np.sqrt(p_above * (1 - p_above) / n), p_above_low=p_low, p_above_high=p_high,
    )
