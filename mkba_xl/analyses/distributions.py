"""Uncertain assumptions: one immutable spec each, validated into problem codes, sampled reproducibly.

An ``Assumption`` names an INVOER field or kengetal and a distribution over it. ``validate`` returns
every problem as a code (``bounds-order``, ``outside-range``, ...) for the sheet reader to put into
Dutch; ``sample`` turns a valid list of assumptions into one ``(N, K)`` array of draws.

Distributions (``kind``; the words are the ONZEKERHEID sheet's vocabulary)
-------------------------------------------------------------------------
``driehoek`` (low a, most likely c, high b), a <= c <= b::

    F(x) = (x - a)^2 / ((b - a)(c - a))        for a <= x <= c
    F(x) = 1 - (b - x)^2 / ((b - a)(b - c))    for c <  x <= b
    Q(p) = a + sqrt(p (b - a)(c - a))          for p <  (c - a)/(b - a), else b - sqrt((1 - p)(b - a)(b - c))

``uniform`` (low, high): Q(p) = low + p (high - low). The bounds are the extremes, as the reports
state their sensitivity ranges; R's decisionSupport instead reads ``unif`` bounds as a 90% interval
and widens them by 5% of the width on each side (``rdist90ci_exact.R``). We do not.

``normaal`` given as a 90% interval (P5, P95), as decisionSupport's ``norm`` does
(``rdist90ci_exact.R``: mean = midpoint, sd = (midpoint - lower) / qnorm(0.95))::

    mu = (P5 + P95) / 2,   sigma = (P95 - P5) / (2 z),   z = Phi^-1(0.95) = 1.6448536...

``lognormaal`` given as a 90% interval, 0 < P5 <= P95, with the same rule on the log scale::

    mu_log = (ln P5 + ln P95) / 2,   sigma_log = (ln P95 - ln P5) / (2 z)

so the median is the geometric midpoint sqrt(P5 P95), below the arithmetic midpoint.

The most likely value (``mode``; on the sheet: the INVOER value) is a parameter only of ``driehoek``.
For ``normaal`` and ``lognormaal`` the interval alone fixes the distribution, centred on its
(geometric) midpoint; the INVOER value is not used, so the Monte Carlo median differs from the
deterministic result by the distance between the two. ``validate`` warns (``mode-off-centre``)
when that distance exceeds ``CENTRE_TOLERANCE`` of the interval width, and (``mode-outside-interval``)
when the INVOER value lies outside [low, high] for a kind that does not use it. Equal bounds are a
point distribution for every kind.

Truncation to the field's allowed range [lo, hi]
------------------------------------------------
A normal or lognormal tail can leave the field's allowed range (a share below 0 or above 1). We
sample the truncated distribution by the inverse CDF on the clipped quantile range::

    x = Q(F(lo) + u (F(hi) - F(lo))),   u ~ U(0, 1)

Clipping the values instead would put the whole tail mass as an atom on the bound (say 4% of the
draws with a relapse rate of exactly 0), shifting the mean and creating a spike no one believes in;
rejection sampling would make the number of uniforms per draw random, breaking the stratification
below and the draw-for-draw reproducibility. The 90% interval describes the distribution before
truncation: since both P5 and P95 must lie inside [lo, hi], at most 10% of mass is cut and the
achieved P5/P95 move slightly inward. ``driehoek`` and ``uniform`` bounds must lie inside [lo, hi],
so truncation never changes them.

Sampling: Latin hypercube, one stream per assumption
----------------------------------------------------
Each column is a Latin hypercube sample (McKay, Beckman & Conover 1979, Technometrics 21(2)):
draw j gets stratum pi(j) of N equal-probability strata and a uniform position inside it::

    u_j = (pi(j) + V_j) / N,   pi a random permutation,  V_j ~ U(0, 1)

Why not plain Monte Carlo: the variance of a mean under LHS is never above sigma^2/(N - 1) (Owen 1997;
Owen, *Monte Carlo theory, methods and examples*, prop. 10.4) and falls to the non-additive part of
the model (Stein 1987, Technometrics 29(2)); the saldo is close to additive in its assumptions, so
the mean, the percentiles and P(saldo > 0) all gain (``benchmarks/bench_uncertainty_core.py`` prints
the measured ratios), and every equal-probability bin of one assumption used by the importance
estimators holds exactly its share of draws. The standard errors in ``importance`` are the plain
Monte Carlo formulas, conservative under LHS.

Reproducibility: column k depends only on (seed, field name, N, spec). Its uniforms come from its
own PCG64 stream, ``SeedSequence(seed, spawn_key=(blake2b(field), purpose))``, read with
``random_raw`` (bit streams are stable across numpy versions, unlike ``Generator`` methods). So the
same seed gives identical draws, and adding, deleting or reordering rows of the sheet leaves the
draws of every other assumption unchanged. Correlated assumptions are reordered together (below),
in field-name order, so their draws depend on the set of correlated fields, never on row order.

Rank correlation (Iman & Conover 1982, Commun. Stat. Simul. Comput. 11(3), 311-334)
-------------------------------------------------------------------------------------
For the k correlated columns: van der Waerden scores a_i = Phi^-1(i / (N + 1)), randomly permuted per
column into S; with E = corr(S) = Q Q' and the target C = P P' (Cholesky factors),
T = S Q'^-1 P' has sample correlation exactly C; each column of draws is then put in the rank order
of the matching column of T. Marginals are untouched (the same values, reordered). The target
Pearson matrix of the scores is C = 2 sin(pi rho_s / 6), the correlation of a bivariate normal
whose Spearman correlation is rho_s (Pearson 1907), so the achieved Spearman matches rho_s, not
the Pearson of the scores.

Example
-------
>>> a = Assumption("terugval", "driehoek", 0.10, 0.40, mode=0.25, allowed_low=0.0, allowed_high=1.0)
>>> validate([a])
()
>>> x = sample([a], 4, seed=1)
>>> x.shape, bool(((0.10 <= x) & (x <= 0.40)).all())
((4, 1), True)
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


def _ndtr(x: Any) -> Any:
    """The standard normal CDF, from scipy.special: imported on first use, because importing it costs
    about 0.2 s that every ``mkba-xl run`` would otherwise pay for an analysis it may not do."""
    from scipy.special import ndtr

    return ndtr(x)


def _ndtri(p: Any) -> Any:
    """The standard normal quantile (inverse of ``_ndtr``), imported on first use like ``_ndtr``."""
    from scipy.special import ndtri

    return ndtri(p)


KINDS = ("driehoek", "uniform", "normaal", "lognormaal")
Z95 = 1.6448536269514722
"""Phi^-1(0.95): half a 90% interval of the standard normal."""
CENTRE_TOLERANCE = 0.10
"""Warn when the INVOER value is further than this share of the interval width from the median."""
ERROR = "error"
WARNING = "warning"
_STREAM_STRATA = 0
_STREAM_SCORES = 1


@dataclass(frozen=True)
class Assumption:
    """One uncertain assumption: ``field`` follows ``kind`` with bounds ``low``/``high``.

    ``low``/``high`` are the extremes for ``driehoek`` and ``uniform`` and the P5/P95 for ``normaal``
    and ``lognormaal``; ``mode`` is the most likely (INVOER) value; ``allowed_low``/``allowed_high`` the
    field's allowed range, to which the distribution is truncated.
    """

    field: str
    kind: str
    low: float
    high: float
    mode: float | None = None
    allowed_low: float = -math.inf
    allowed_high: float = math.inf

    def median(self) -> float:
        """The untruncated median: the centre against which ``mode-off-centre`` is judged."""
        if self.kind == "lognormaal":
            return math.sqrt(self.low * self.high)
        if self.kind == "driehoek" and self.mode is not None:
            return float(_base_quantile(self, np.array([0.5]))[0])
        return (self.low + self.high) / 2

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """F of the distribution truncated to [allowed_low, allowed_high]."""
        p_lo, p_hi = self._quantile_range()
        if p_hi <= p_lo:  # a point sitting on allowed_low: F(lo) = F(hi) = 1
            return (np.asarray(x, dtype=float) >= self.quantile(np.array([0.5]))[0]).astype(float)
        return np.clip((_base_cdf(self, np.asarray(x, dtype=float)) - p_lo) / (p_hi - p_lo), 0.0, 1.0)

    def quantile(self, p: np.ndarray) -> np.ndarray:
        """Q of the truncated distribution: the base quantile on [F(lo), F(hi)] (see module doc)."""
        p_lo, p_hi = self._quantile_range()
        x = _base_quantile(self, p_lo + np.asarray(p, dtype=float) * (p_hi - p_lo))
        # Rounding guard only: a p that rounds to F(hi) = 1 - 1e-17 could map to inf.
        return np.clip(x, self.allowed_low, self.allowed_high)

    def _quantile_range(self) -> tuple[float, float]:
        p_lo = float(_base_cdf(self, np.array([self.allowed_low]))[0]) if self.allowed_low > -math.inf else 0.0
        p_hi = float(_base_cdf(self, np.array([self.allowed_high]))[0]) if self.allowed_high < math.inf else 1.0
        return p_lo, p_hi


@dataclass(frozen=True)
class RankCorrelation:
    """A target Spearman rank correlation between the draws of two assumptions."""

    first: str
    second: str
    spearman: float


@dataclass(frozen=True)
class SpecProblem:
    """A problem with one assumption or correlation, as a stable code for the reader to translate.

    ``part`` says which entry is wrong (``kind``, ``low``, ``mode``, ``high``, ``bounds``, ``range``,
    ``field`` or ``correlation``); ``other`` is the second field of a correlation.
    """

    code: str
    field: str
    part: str
    severity: str = ERROR
    other: str = ""


class InvalidSpec(ValueError):
    """Raised by ``sample`` for a spec with errors; ``problems`` holds all of them."""

    def __init__(self, problems: Sequence[SpecProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(", ".join(sorted({f"{p.code} ({p.field})" for p in self.problems})))


def _normal_parameters(a: Assumption) -> tuple[float, float]:
    """(mu, sigma) of the normal (on the log scale for ``lognormaal``) behind a 90% interval."""
    lo, hi = (math.log(a.low), math.log(a.high)) if a.kind == "lognormaal" else (a.low, a.high)
    return (lo + hi) / 2, (hi - lo) / (2 * Z95)


def _base_cdf(a: Assumption, x: np.ndarray) -> np.ndarray:
    if a.low == a.high:
        return (x >= a.low).astype(float)
    if a.kind == "uniform":
        return np.clip((x - a.low) / (a.high - a.low), 0.0, 1.0)
    if a.kind == "driehoek":
        return _triangular_cdf(x, a.low, float(a.mode if a.mode is not None else a.low), a.high)
    mu, sigma = _normal_parameters(a)
    if a.kind == "lognormaal":
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (np.log(np.where(x > 0, x, 1.0)) - mu) / sigma
        return np.where(x > 0, _ndtr(z), 0.0)
    return _ndtr((x - mu) / sigma)


def _base_quantile(a: Assumption, p: np.ndarray) -> np.ndarray:
    if a.low == a.high:
        return np.full_like(p, a.low, dtype=float)
    if a.kind == "uniform":
        return a.low + p * (a.high - a.low)
    if a.kind == "driehoek":
        return _triangular_quantile(p, a.low, float(a.mode if a.mode is not None else a.low), a.high)
    mu, sigma = _normal_parameters(a)
    z = mu + sigma * _ndtri(p)
    return np.exp(z) if a.kind == "lognormaal" else z


def _triangular_cdf(x: np.ndarray, a: float, c: float, b: float) -> np.ndarray:
    # Written as products of ratios so that tiny widths do not underflow.
    width = b - a
    left = ((x - a) / width) * ((x - a) / (c - a)) if c > a else np.zeros_like(x)
    right = 1 - ((b - x) / width) * ((b - x) / (b - c)) if b > c else np.ones_like(x)
    return np.where(x <= a, 0.0, np.where(x >= b, 1.0, np.where(x <= c, left, right)))


def _triangular_quantile(p: np.ndarray, a: float, c: float, b: float) -> np.ndarray:
    width = b - a
    at_mode = (c - a) / width
    left = a + np.sqrt(p) * math.sqrt(width) * math.sqrt(c - a)
    right = b - np.sqrt(1 - p) * math.sqrt(width) * math.sqrt(b - c)
    return np.where(p < at_mode, left, right)


def validate(
    assumptions: Sequence[Assumption], correlations: Sequence[RankCorrelation] = ()
) -> tuple[SpecProblem, ...]:
    """Every problem of a set of assumptions and correlations, errors and warnings, in row order."""
    problems: list[SpecProblem] = []
    seen: set[str] = set()
    for a in assumptions:
        if a.field in seen:
            problems.append(SpecProblem("duplicate-field", a.field, "field"))
        seen.add(a.field)
        problems += _assumption_problems(a)
    problems += _correlation_problems(assumptions, correlations)
    return tuple(problems)


def _assumption_problems(a: Assumption) -> list[SpecProblem]:
    if a.kind not in KINDS:
        return [SpecProblem("unknown-kind", a.field, "kind")]
    values = {"low": a.low, "high": a.high} | ({} if a.mode is None else {"mode": a.mode})
    bad = [SpecProblem("not-a-number", a.field, part) for part, v in values.items() if not math.isfinite(v)]
    if bad:
        return bad
    out: list[SpecProblem] = []
    if math.isnan(a.allowed_low) or math.isnan(a.allowed_high) or a.allowed_low > a.allowed_high:
        return [SpecProblem("range-order", a.field, "range")]
    if a.low > a.high:
        out.append(SpecProblem("bounds-order", a.field, "bounds"))
    if a.kind == "lognormaal" and a.low <= 0:
        out.append(SpecProblem("lognormal-nonpositive", a.field, "low"))
    for part, v in values.items():
        if not a.allowed_low <= v <= a.allowed_high:
            out.append(SpecProblem("outside-range", a.field, part))
    if a.kind == "driehoek":
        if a.mode is None:
            out.append(SpecProblem("mode-missing", a.field, "mode"))
        elif not a.low <= a.mode <= a.high:
            out.append(SpecProblem("bounds-order", a.field, "mode"))
        return out
    return out or _mode_warnings(a)


def _mode_warnings(a: Assumption) -> list[SpecProblem]:
    """For kinds that do not use the INVOER value: say when it is not where the draws centre."""
    if a.mode is None:
        return []
    if not a.low <= a.mode <= a.high:
        return [SpecProblem("mode-outside-interval", a.field, "mode", WARNING)]
    off_centre = abs(a.mode - a.median()) > CENTRE_TOLERANCE * (a.high - a.low)
    if a.kind in ("normaal", "lognormaal") and off_centre:
        return [SpecProblem("mode-off-centre", a.field, "mode", WARNING)]
    return []


def _correlation_problems(
    assumptions: Sequence[Assumption], correlations: Sequence[RankCorrelation]
) -> list[SpecProblem]:
    known = {a.field for a in assumptions}
    out: list[SpecProblem] = []
    pairs: set[frozenset[str]] = set()
    for c in correlations:
        for name in (c.first, c.second):
            if name not in known:
                out.append(SpecProblem("correlation-unknown-field", name, "correlation", other=_partner(c, name)))
        pair = frozenset((c.first, c.second))
        if c.first == c.second:
            out.append(SpecProblem("correlation-same-field", c.first, "correlation", other=c.second))
        elif pair in pairs:
            out.append(SpecProblem("correlation-duplicate-pair", c.first, "correlation", other=c.second))
        pairs.add(pair)
        if not (math.isfinite(c.spearman) and -1 < c.spearman < 1):
            out.append(SpecProblem("correlation-out-of-range", c.first, "correlation", other=c.second))
    if not out and correlations:
        fields, matrix = correlation_matrix(correlations)
        try:
            np.linalg.cholesky(normal_score_target(matrix))
        except np.linalg.LinAlgError:
            out.append(SpecProblem("correlation-not-positive-definite", fields[0], "correlation", other=fields[-1]))
    return out


def _partner(c: RankCorrelation, name: str) -> str:
    return c.second if name == c.first else c.first


def correlation_matrix(correlations: Sequence[RankCorrelation]) -> tuple[tuple[str, ...], np.ndarray]:
    """The correlated fields in name order and their target Spearman matrix (1 on the diagonal)."""
    fields = tuple(sorted({name for c in correlations for name in (c.first, c.second)}))
    index = {name: i for i, name in enumerate(fields)}
    matrix = np.eye(len(fields))
    for c in correlations:
        i, j = index[c.first], index[c.second]
        matrix[i, j] = matrix[j, i] = c.spearman
    return fields, matrix


def normal_score_target(spearman: np.ndarray) -> np.ndarray:
    """Pearson matrix of normal scores with the given Spearman matrix: r = 2 sin(pi rho_s / 6).

    >>> round(float(normal_score_target(np.array([[1.0, 0.5], [0.5, 1.0]]))[0, 1]), 4)
    0.5176
    """
    return 2 * np.sin(np.pi * np.asarray(spearman, dtype=float) / 6)


def _stream(seed: int, field: str, purpose: int, size: int) -> np.ndarray:
    """``size`` raw 64-bit words from the (seed, field, purpose) PCG64 stream."""
    key = int.from_bytes(hashlib.blake2b(field.encode("utf-8"), digest_size=8).digest(), "little")
    bits = np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key, purpose)))
    return np.asarray(bits.random_raw(size), dtype=np.uint64)


def _open_unit(raw: np.ndarray) -> np.ndarray:
    """53-bit uniforms strictly inside (0, 1), so that Phi^-1 never sees 0 or 1."""
    return ((raw >> np.uint64(11)).astype(float) + 0.5) * 2.0**-53


def column_uniforms(seed: int, field: str, n: int, *, stratified: bool = True) -> np.ndarray:
    """The N uniforms of one assumption: Latin hypercube (default) or plain Monte Carlo.

    With ``stratified``, floor(u * N) is a permutation of 0..N-1: one draw per stratum.
    """
    raw = _stream(seed, field, _STREAM_STRATA, 2 * n)
    jitter = _open_unit(raw[:n])
    if not stratified:
        return jitter
    strata = np.argsort(raw[n:])  # 64-bit keys are distinct, so any sort gives the same permutation
    return (strata + jitter) / n


def iman_conover(draws: np.ndarray, spearman: np.ndarray, shuffle_keys: np.ndarray) -> np.ndarray:
    """Reorder each column of ``draws`` (N, k) so that their rank correlation approaches ``spearman``.

    ``shuffle_keys`` (N, k): any values whose per-column argsort permutes the van der Waerden scores
    (the method's randomness). Returns a new array with each column a permutation of the input's.
    """
    n, k = draws.shape
    scores = _ndtri(np.arange(1, n + 1) / (n + 1))
    # Work on (k, N) rows: sorting contiguous rows is several times faster than strided columns.
    permuted = scores[np.argsort(np.ascontiguousarray(shuffle_keys.T), axis=1)]
    sample_factor = np.linalg.cholesky(np.corrcoef(permuted).reshape(k, k))
    target_factor = np.linalg.cholesky(normal_score_target(spearman))
    target_scores = target_factor @ np.linalg.solve(sample_factor, permuted)
    ranks = np.argsort(np.argsort(target_scores, axis=1), axis=1)
    ordered = np.sort(draws.T, axis=1)
    return np.take_along_axis(ordered, ranks, axis=1).T


def sample(
    assumptions: Sequence[Assumption],
    n: int,
    seed: int,
    *,
    correlations: Sequence[RankCorrelation] = (),
    stratified: bool = True,
) -> np.ndarray:
    """N draws of K assumptions as an (N, K) array, column k for ``assumptions[k]``.

    Raises ``InvalidSpec`` when ``validate`` finds an error (warnings do not stop sampling).
    """
    if n < 1 or seed < 0:
        raise ValueError("n must be positive and seed non-negative")
    errors = [p for p in validate(assumptions, correlations) if p.severity == ERROR]
    if errors:
        raise InvalidSpec(errors)
    draws = np.empty((n, len(assumptions)))
    for k, a in enumerate(assumptions):
        draws[:, k] = a.quantile(column_uniforms(seed, a.field, n, stratified=stratified))
    if correlations:
        fields, matrix = correlation_matrix(correlations)
        columns = [next(k for k, a in enumerate(assumptions) if a.field == name) for name in fields]
        keys = np.column_stack([_stream(seed, name, _STREAM_SCORES, n) for name in fields])
        draws[:, columns] = iman_conover(draws[:, columns], matrix, keys)
    return draws
