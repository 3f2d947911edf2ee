"""Sampling intervals for dossier aggregates: Wilson score for shares, percentile bootstrap for means and ratios.

Both are two-sided 90% intervals by default (issue 13 asks for 90%).

* Wilson (Wilson 1927; Brown, Cai and DasGupta 2001 recommend it for small n): for x cases out of n,
  with z the standard normal quantile (1.645 at 90%),

      centre = (p + z^2 / 2n) / (1 + z^2 / n),  half = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)

  It stays inside [0, 1], is never empty at p = 0 or 1 (where the textbook Wald interval collapses) and
  always contains p. ``x`` may be fractional (a 'deels' judgement counts half): for a variable in [0, 1]
  the variance is at most p (1 - p), so the interval is then conservative.
* Percentile bootstrap (Efron and Tibshirani 1993, ch. 13): dossiers are resampled with replacement,
  every aggregate is recomputed as a ratio of two sums over the resample, and the 5th and 95th
  percentiles of the resampled ratios are the interval. All aggregates share one set of resamples and
  are computed together as a product of a (resamples x dossiers) count matrix with a (dossiers x columns)
  matrix, in chunks, so 10,000 dossiers and 2,000 resamples take a fraction of a second. The seed is fixed,
  so the same sample gives the same interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

LEVEL = 0.90
RESAMPLES = 2_000
SEED = 20_190_401
"""Fixed seed of the bootstrap (any fixed number; this one is the month of the Groningen report, 002)."""
_CHUNK_CELLS = 2_000_000
"""Resample-by-dossier cells per chunk of the count matrix (about 8 MB in float32)."""


def z_value(level: float = LEVEL) -> float:
    """Standard normal quantile for a two-sided interval: 1.6449 at 90%."""
    return NormalDist().inv_cdf(0.5 + level / 2)


def wilson(cases: np.ndarray | float, n: np.ndarray | float, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of ``cases / n`` (arrays broadcast); NaN where ``n`` is 0.

    >>> [round(float(v), 4) for v in wilson(5, 20)]
    [0.1274, 0.4322]
    """
    x = np.asarray(cases, dtype=float)
    m = np.asarray(n, dtype=float)
    z = z_value(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / m
        denominator = 1 + z * z / m
        centre = (p + z * z / (2 * m)) / denominator
        half = z / denominator * np.sqrt(np.maximum(p * (1 - p), 0.0) / m + z * z / (4 * m * m))
        low, high = np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)
    return np.where(m > 0, np.minimum(low, p), np.nan), np.where(m > 0, np.maximum(high, p), np.nan)


def resample_counts(n: int, rng: np.random.Generator, chunk: int) -> np.ndarray:
    """A (chunk x n) matrix: how often each of n dossiers is drawn in each of ``chunk`` resamples of size n."""
    draws = rng.integers(0, n, size=(chunk, n))
    draws += (np.arange(chunk) * n)[:, None]
    return np.bincount(draws.ravel(), minlength=chunk * n).reshape(chunk, n).astype(np.float32)


def bootstrap_ratios(numerators: np.ndarray, denominators: np.ndarray, denominator_of: Sequence[int], *,
                     resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Percentile-bootstrap interval of each ratio ``sum(numerators[:, j]) / sum(denominators[:, denominator_of[j]])``.

    ``numerators`` is (dossiers x k), ``denominators`` (dossiers x m); a mean is a ratio whose denominator is
    an indicator of the group. Resamples where a denominator is 0 are left out of that ratio's percentiles;
    a ratio that is undefined in every resample gets NaN. Values must be whole numbers or halves so that the
    float32 sums are exact (and the result independent of summation order).
    """
    num = np.asarray(numerators, dtype=np.float32)
    den = np.asarray(denominators, dtype=np.float32)
    index = np.asarray(denominator_of, dtype=int)
    n, k = num.shape
    if n == 0 or k == 0:
        return np.full(k, np.nan), np.full(k, np.nan)
    rng = np.random.default_rng(seed)
    chunk = max(1, min(resamples, _CHUNK_CELLS // n))
    ratios = np.empty((resamples, k))
    for start in range(0, resamples, chunk):
        size = min(chunk, resamples - start)
        counts = resample_counts(n, rng, size)
        sums, bases = (counts @ num).astype(np.float64), (counts @ den).astype(np.float64)[:, index]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios[start:start + size] = np.where(bases != 0, sums / bases, np.nan)
    return _percentiles(ratios, (1 - level) / 2)


def _percentiles(ratios: np.ndarray, tail: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper percentile per column, ignoring NaN; NaN for a column without any value."""
    k = ratios.shape[1]
    low, high = np.full(k, np.nan), np.full(k, np.nan)
    gaps = np.isnan(ratios)
    full, partial = ~gaps.any(axis=0), gaps.any(axis=0) & ~gaps.all(axis=0)
    for columns, quantile in ((full, np.quantile), (partial, np.nanquantile)):  # nanquantile is much slower
        if columns.any():
            low[columns], high[columns] = quantile(ratios[:, columns], [tail, 1 - tail], axis=0)
    return low, high


def triangle_with_percentiles(mode: float, low: float, high: float, level: float = LEVEL) -> tuple[float, float]:
    """The bounds (a, b) of the triangular distribution with most likely value ``mode`` whose central ``level``
    interval is [low, high] (low <= mode <= high): how an interval of the sample becomes a row of ONZEKERHEID,
    whose triangles are built around the INVOER value and whose bounds are the extremes.

    With x = mode - a, y = b - mode, W = x + y and k = (1 - level) / 2, the lower percentile on the left branch
    and the upper one on the right branch of the CDF (see ``distributions``) give

        (x - (mode - low))^2 = k W x,    (y - (high - mode))^2 = k W y,

    each a quadratic in x (or y) for a given W; W follows from x(W) + y(W) = W by bisection (the left side grows
    like 2kW < W, so the root is unique). Both percentiles then lie on their own branch, as assumed.

    >>> [round(v, 4) for v in triangle_with_percentiles(0.5, 0.4, 0.6)]
    [0.3538, 0.6462]
    """
    d1, d2 = mode - low, high - mode
    if d1 < 0 or d2 < 0:
        raise ValueError("the interval must contain the most likely value")
    if d1 + d2 == 0:
        return mode, mode
    k = (1 - level) / 2

    def branch(d: float, width: float) -> float:
        s = 2 * d + k * width
        return (s + math.sqrt(max(s * s - 4 * d * d, 0.0))) / 2

    lo, hi = d1 + d2, (d1 + d2) / (1 - 2 * k) * 4
    for _ in range(200):
        mid = (lo + hi) / 2
        if branch(d1, mid) + branch(d2, mid) > mid:
            lo = mid
        else:
            hi = mid
    width = (lo + hi) / 2
    return mode - branch(d1, width), mode + branch(d2, width)
