"""The uncertainty analysis: every uncertain assumption drawn at once, how sure the saldo is, and what to measure.

Pure (no I/O): ``analyse(invoer, kengetallen, sheet)`` draws N combinations of the assumptions of
``onzekerheid_model.plan`` (Latin hypercube, Iman-Conover rank correlation: ``distributions``), computes
them with the vectorised engine, ``CHUNK`` draws per engine call (10,000 draws: one call), and returns an
``Uncertainty``: mean and percentiles of the saldo, both K-B ratios and every actor's budget result after
two years, each with its Monte Carlo standard error; P(saldo > 0), P(maatschappelijke K-B > 1) and
P(gemeente saldo na 2 jaar > 0) with Wilson intervals; per assumption its first-order importance and its
EVPPI for 'continue or stop' (``importance``), sorted; the fan of the cumulative net benefit per year;
the saldo's histogram; and the Dutch sentences (``onzekerheid_text``). ``docs/onzekerheid.md`` gives the
method, the defaults and their sources.

Non-finite K-B ratios: the engine's ratio is baten / kosten, infinite or undefined when a draw has no
costs. Such a draw has no K-B ratio, as UITVOER shows '-'; its ratio statistics are taken over the draws
that have one and ``Stat.niet_bepaald`` counts the others (JSON: ``niet_bepaald``). P(K-B > 1) counts
over all draws, an infinite ratio (benefits without costs) as above 1 and an undefined one (0 / 0) as
not. Amounts (saldo, budgets) are sums of finite posts and always finite; importance and EVPPI use them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from ..engine import BENEFITS, COSTS, compute
from ..engine.variants import run_stacked
from ..errors import InputError, Report
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..schema import ACTOR_LABELS, ACTORS, ONZEKERHEID_SHEET
from .distributions import RankCorrelation, sample
from .importance import SUMMARY_PERCENTILES, importance, summarize, wilson_interval
from .onzekerheid_model import Uncertain, plan
from .onzekerheid_rows import UncertaintySheet
from .onzekerheid_text import measure_first, sentence

__all__ = ["CHUNK", "DEFAULT_DRAWS", "DEFAULT_SEED", "MAX_DRAWS", "MIN_DRAWS", "Chance", "Histogram", "Progress",
           "Ranked", "Stat", "Uncertainty", "analyse", "histogram", "simulate"]

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 2014
"""Fixed, shown on the result sheet: the same workbook gives the same draws and the same bytes."""
MIN_DRAWS, MAX_DRAWS = 100, 200_000
CHUNK = 10_000
"""Draws per engine call: 10,000 draws are one call; more are computed in blocks to bound memory."""
HISTOGRAM_BINS = 30
"""About this many classes in the histogram of the saldo (the width is rounded to 1, 2, 2.5 or 5 x 10^k)."""
TAIL = 0.5
"""Percent of the draws at each end that the histogram folds into its outer classes."""

Progress = Callable[[str, float], None]
"""A progress report: what is being done (Dutch) and the share of the work done (0 to 1)."""

TOTAL = "totaal"
AMOUNTS = ("saldo", *(f"begroting_{a}" for a in (*ACTORS, TOTAL)))
RATIOS = ("kb_financieel", "kb_maatschappelijk")
LABELS = {
    "saldo": "Saldo (NCW)", "kb_financieel": "Financiële K-B-verhouding",
    "kb_maatschappelijk": "Maatschappelijke K-B-verhouding",
    **{f"begroting_{a}": f"Begroting na 2 jaar: {ACTOR_LABELS[a]}" for a in ACTORS},
    f"begroting_{TOTAL}": "Begroting na 2 jaar: totaal",
}
GEMEENTE = "begroting_gemeente"
CHANCES = (("saldo_positief", "P(saldo > 0)", "saldo", 0.0),
           ("kb_maatschappelijk_boven_1", "P(maatschappelijke K-B > 1)", "kb_maatschappelijk", 1.0),
           ("gemeente_2_jaar_positief", "P(saldo gemeente na 2 jaar > 0)", GEMEENTE, 0.0))


@dataclass(frozen=True)
class Draws:
    """The draws (N, K), the figures of every draw and the deterministic result (INVOER as typed)."""

    x: np.ndarray
    outputs: Mapping[str, np.ndarray]  # key -> (N,)
    cumulative: np.ndarray  # (N, YEARS): cumulative net benefit (NCW) after each year
    base: Mapping[str, float]
    base_cumulative: np.ndarray  # (YEARS,)
    budget_text: str = ""  # what 'begroting na 2 jaar' holds under the case's rekenwijze


def _figures(result: Any) -> tuple[dict[str, np.ndarray], np.ndarray]:
    budget = result.budget("actor")
    out = {"saldo": result.saldo, "kb_financieel": result.kb_financieel,
           "kb_maatschappelijk": result.kb_maatschappelijk,
           **{f"begroting_{a}": budget[a]["saldo"] for a in (*ACTORS, TOTAL)}}
    net = result.per_year(BENEFITS) - result.per_year(COSTS)
    return {k: np.asarray(v, dtype=float) for k, v in out.items()}, np.cumsum(net, axis=-1)


def simulate(invoer: Invoer, kg: Kengetallen, assumptions: Sequence[Uncertain], n: int, seed: int, *,
             correlations: Sequence[RankCorrelation] = (), progress: Progress | None = None) -> Draws:
    """N draws of ``assumptions`` and the engine's figures for each, ``CHUNK`` draws per engine call."""
    report = progress or (lambda _stage, _done: None)
    report("trekken", 0.0)
    x = sample([a.spec for a in assumptions], n, seed, correlations=correlations)
    base_result = compute(invoer, kg, explain=False)
    base_figures, base_cumulative = _figures(base_result)
    parts: list[tuple[dict[str, np.ndarray], np.ndarray]] = []
    for start in range(0, n, CHUNK):
        report("rekenen", 0.05 + 0.8 * start / n)
        block = x[start:start + CHUNK]
        values: dict[str, np.ndarray] = {}
        for k, a in enumerate(assumptions):
            values.update(a.values(block[:, k]))
        parts.append(_figures(run_stacked(invoer, kg, [values]).result))
    outputs = {key: np.concatenate([p[0][key] for p in parts]) for key in parts[0][0]}
    for key in AMOUNTS:
        if not np.isfinite(outputs[key]).all():  # sums of finite posts: a bug, not an input problem
            raise ValueError(f"non-finite {key} in the draws")
    return Draws(x, MappingProxyType(outputs), np.concatenate([p[1] for p in parts]),
                 MappingProxyType({k: float(v) for k, v in base_figures.items()}), base_cumulative,
                 base_result.rekenwijze.budget_text)


# ---------------------------------------------------------------------------------------------
# What is reported
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stat:
    """Mean and percentiles of one figure over the draws, with their Monte Carlo standard errors.

    ``None`` where no draw has the figure (a K-B ratio without costs in every draw); ``niet_bepaald``
    counts the draws without it (see the module doc).
    """

    key: str
    label: str
    deterministisch: float
    gemiddelde: float | None
    sd: float | None
    se_gemiddelde: float | None
    percentielen: Mapping[float, float]
    se_percentielen: Mapping[float, float]
    niet_bepaald: int = 0

    def p(self, q: float) -> float:
        return self.percentielen[q]

    def to_json(self) -> dict[str, Any]:
        return {"omschrijving": self.label, "deterministisch": _finite(self.deterministisch),
                "gemiddelde": self.gemiddelde, "sd": self.sd, "se_gemiddelde": self.se_gemiddelde,
                **{f"p{q:g}": v for q, v in self.percentielen.items()},
                "se_percentielen": {f"p{q:g}": v for q, v in self.se_percentielen.items()},
                "niet_bepaald": self.niet_bepaald}


@dataclass(frozen=True)
class Chance:
    """The share of draws above a threshold, its binomial standard error and 95% Wilson interval."""

    key: str
    label: str
    kans: float
    se: float
    laag: float
    hoog: float
    boven: int
    n: int

    def to_json(self) -> dict[str, Any]:
        return {"omschrijving": self.label, "kans": self.kans, "se": self.se, "interval_95": [self.laag, self.hoog],
                "trekkingen_boven": self.boven, "trekkingen": self.n}


@dataclass(frozen=True)
class Ranked:
    """One assumption with its importance (first-order index) and EVPPI, for the society and the gemeente."""

    assumption: Uncertain
    belang: float
    belang_gemeente: float
    evppi: float
    evppi_gemeente: float

    def to_json(self) -> dict[str, Any]:
        a = self.assumption
        return {"veld": a.key, "omschrijving": a.label, "verdeling": a.spec.kind, "grenzen": a.row.grenzen,
                "laag": a.spec.low, "hoog": a.spec.high, "meest_waarschijnlijk": a.spec.mode,
                "velden": list(a.targets), "tekst": a.distribution_text(), "herkomst": a.row.herkomst,
                "bron": a.row.bron, "belang_saldo": self.belang, "belang_gemeente": self.belang_gemeente,
                "evppi_saldo": self.evppi, "evppi_gemeente": self.evppi_gemeente}


@dataclass(frozen=True)
class Histogram:
    """Classes of the saldo: ``edges`` (B + 1,), the share of draws in each (B,), and which edge is 0 (or None)."""

    edges: np.ndarray
    shares: np.ndarray
    zero_edge: int | None

    def to_json(self) -> dict[str, Any]:
        return {"grenzen": [float(e) for e in self.edges], "aandelen": [float(s) for s in self.shares],
                "nul_bij_grens": self.zero_edge}


@dataclass(frozen=True)
class Uncertainty:
    """The result of ``analyse``; ``to_json`` gives it with Dutch keys (``mkba-xl onzekerheid --json``)."""

    n: int
    seed: int
    stats: tuple[Stat, ...]
    chances: tuple[Chance, ...]
    ranking: tuple[Ranked, ...]  # by EVPPI for the saldo, largest first
    evpi: float
    evpi_gemeente: float
    fan: Mapping[float, np.ndarray]  # percentile -> (YEARS,) cumulative net benefit
    fan_base: np.ndarray
    histogram: Histogram
    zin: str
    zin_meten: str
    correlations: tuple[RankCorrelation, ...] = ()
    meldingen: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def stat(self, key: str) -> Stat:
        return next(s for s in self.stats if s.key == key)

    def chance(self, key: str) -> Chance:
        return next(c for c in self.chances if c.key == key)

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": dict(self.meta),
            "zin": self.zin,
            "zin_meten": self.zin_meten,
            "uitkomsten": {s.key: s.to_json() for s in self.stats},
            "kansen": {c.key: c.to_json() for c in self.chances},
            "aannames": [r.to_json() for r in self.ranking],
            "evpi": {"saldo": self.evpi, "gemeente": self.evpi_gemeente},
            "rangcorrelaties": [{"veld_1": c.first, "veld_2": c.second, "spearman": c.spearman}
                                for c in self.correlations],
            "per_jaar_cumulatief": {"deterministisch": [float(v) for v in self.fan_base],
                                    **{f"p{q:g}": [float(v) for v in self.fan[q]] for q in self.fan}},
            "histogram_saldo": self.histogram.to_json(),
            "meldingen": list(self.meldingen),
        }


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _stat(key: str, y: np.ndarray, base: float) -> Stat:
    finite = np.isfinite(y)
    missing = int(y.size - finite.sum())
    if finite.sum() < 2:
        return Stat(key, LABELS[key], base, None, None, None, {}, {}, missing)
    s = summarize(y[finite])
    return Stat(key, LABELS[key], base, float(s.mean), float(s.sd), float(s.mean_se),
                {q: float(s.percentile(q)) for q in SUMMARY_PERCENTILES},
                {q: float(s.values_se[i]) for i, q in enumerate(SUMMARY_PERCENTILES)}, missing)


def _chance(key: str, label: str, y: np.ndarray, threshold: float) -> Chance:
    n = y.size
    above = int(np.count_nonzero(y > threshold))  # NaN is not above; +inf is
    p = above / n
    low, high = wilson_interval(np.array(p), n)
    return Chance(key, label, p, math.sqrt(p * (1 - p) / n), float(low), float(high), above, n)


def _nice_width(raw: float) -> float:
    """The smallest of 1, 2, 2.5 and 5 x 10^k at or above ``raw``."""
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw * (1 - 1e-12))


def histogram(saldo: np.ndarray, bins: int = HISTOGRAM_BINS) -> Histogram:
    """Classes of a round width over P0.5-P99.5 (outer draws folded into the outer classes), 0 an edge.

    The range is stretched to 0 when 0 lies less than its own width away, so that the zero line shows.
    """
    lo, hi = (float(v) for v in np.percentile(saldo, [TAIL, 100 - TAIL]))
    span = hi - lo
    if span <= 0:
        width = _nice_width(max(abs(lo) * 0.01, 1.0))
        edges = np.array([math.floor(lo / width) * width, math.floor(lo / width) * width + width])
    else:
        if 0 < lo <= span:
            lo = 0.0
        elif -span <= hi < 0:
            hi = 0.0
        width = _nice_width((hi - lo) / bins)
        first, last = math.floor(lo / width), math.ceil(hi / width)
        edges = np.arange(first, max(last, first + 1) + 1) * width
    counts, _ = np.histogram(np.clip(saldo, edges[0], edges[-1]), edges)
    zero = np.flatnonzero(np.isclose(edges, 0.0, atol=1e-9 * max(1.0, float(np.abs(edges).max()))))
    return Histogram(edges, counts / saldo.size, int(zero[0]) if zero.size else None)


def _ranking(assumptions: Sequence[Uncertain], draws: Draws) -> tuple[tuple[Ranked, ...], float, float]:
    y = np.column_stack([draws.outputs["saldo"], draws.outputs[GEMEENTE]])
    result = importance(draws.x, y)
    ranked = [Ranked(a, float(result.first_order[k, 0]), float(result.first_order[k, 1]),
                     float(result.evppi[k, 0]), float(result.evppi[k, 1])) for k, a in enumerate(assumptions)]
    ranked.sort(key=lambda r: (-r.evppi, -r.belang, r.assumption.label))
    return tuple(ranked), float(result.evpi[0]), float(result.evpi[1])


def analyse(invoer: Invoer, kg: Kengetallen, sheet: UncertaintySheet | None = None, *, draws: int = DEFAULT_DRAWS,
            seed: int = DEFAULT_SEED, progress: Progress | None = None) -> Uncertainty:
    """The uncertainty analysis of one case (module doc); ``sheet`` None means the standard set alone.

    Raises ``InputError`` when the sheet has errors or nothing is left to draw; ``ValueError`` for a number
    of draws outside ``MIN_DRAWS``..``MAX_DRAWS`` or a negative seed.
    """
    if not MIN_DRAWS <= draws <= MAX_DRAWS or seed < 0:
        raise ValueError(f"draws must be {MIN_DRAWS}..{MAX_DRAWS} and seed >= 0")
    p = plan(sheet, invoer, kg)
    if not p.report.ok:
        raise InputError(p.report)
    if not p.assumptions:
        report = Report()
        report.error(ONZEKERHEID_SHEET, "", "onzekerheid",
                     "Er is niets om te trekken: alle aannames staan op 'geen' of veranderen niets voor deze invoer. "
                     f"Typ op het blad {ONZEKERHEID_SHEET} minstens één regel met een verdeling (bijvoorbeeld "
                     "terugval, driehoek, waarde, 10%, 40%).", code="no-assumptions")
        raise InputError(report)
    d = simulate(invoer, kg, p.assumptions, draws, seed, correlations=p.correlations, progress=progress)
    (progress or (lambda _s, _d: None))("belang en EVPPI", 0.85)
    stats = tuple(_stat(key, d.outputs[key], d.base[key]) for key in (AMOUNTS[0], *RATIOS, *AMOUNTS[1:]))
    chances = tuple(_chance(key, label, d.outputs[out], t) for key, label, out, t in CHANCES)
    ranking, evpi, evpi_gemeente = _ranking(p.assumptions, d)
    saldo, positive = stats[0], chances[0]
    zin = sentence(saldo.p(5.0), saldo.se_percentielen[5.0], saldo.p(95.0), saldo.se_percentielen[95.0],
                   positive.kans, positive.se, positive.laag, positive.hoog, positive.boven, positive.n)
    zin_meten = measure_first(ranking[0].assumption.label, ranking[0].evppi, evpi, (saldo.gemiddelde or 0.0) >= 0)
    fan = {q: np.percentile(d.cumulative, q, axis=0) for q in SUMMARY_PERCENTILES}
    meta = {"gemeente": invoer["gemeente"], "aanpak": invoer["aanpak"], "analysejaar": invoer["analysejaar"],
            "disconteringsregel": invoer["disconteringsregel"], "trekkingen": draws, "zaad": seed,
            "methode": "Latin hypercube; rangcorrelatie volgens Iman-Conover",
            "rekenslagen": -(-draws // CHUNK), "aannames": len(p.assumptions), "begroting": d.budget_text}
    warnings = tuple(w.as_text() for w in p.report.warnings)
    return Uncertainty(draws, seed, stats, chances, ranking, evpi, evpi_gemeente, MappingProxyType(fan),
                       d.base_cumulative, histogram(d.outputs["saldo"]), zin, zin_meten, p.correlations,
                       (*p.notes, *warnings), MappingProxyType(meta))
