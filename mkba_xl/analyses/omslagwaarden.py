"""Switching values (omslagwaarden): the value of a key assumption at which the saldo becomes zero.

Per key assumption (``key_assumptions``) the value at which the saldo (NCW), and the value at which
the gemeente's budget saldo after two years, is zero; None when no value in the allowed range gives
zero. All grids are computed in one stacked engine call; ``find_root`` takes the root from two points
when the saldo is linear in the assumption and brackets it otherwise. ``docs/gevoeligheid.md``
gives the definitions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..dutch import FACTOR, show
from ..engine.variants import KENGETAL_PREFIX, base_value, run_stacked
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from .variations import ESCALATION_COUNTS, ESCALATION_SHARES, SUBSTITUTION, SUCCESS, bounds, kind

__all__ = ["NOT_IN_RANGE", "Figures", "Knob", "SwitchingValue", "find_root", "key_assumptions", "stacked_figures",
           "switching_values"]

NOT_IN_RANGE = "niet binnen bereik"

GRID_POINTS = 33
"""Points per switching-value grid; a nonlinear bracket shrinks by this factor per refinement."""
REFINEMENTS = 8
ROOT_TOLERANCE = 0.5
"""Euro: a switching value whose saldo is further from zero is refined by bracketing."""


# ---------------------------------------------------------------------------------------------
# Stacked computation: many variants in one engine call
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """The four figures this analysis reports, each of shape (N,), for one stacked engine call."""

    saldo: np.ndarray
    kb_financieel: np.ndarray
    kb_maatschappelijk: np.ndarray
    gemeente: np.ndarray
    slices: list[slice]


def stacked_figures(invoer: Invoer, kg: Kengetallen, blocks: Sequence[Mapping[str, Any]]) -> Figures:
    """The four figures of ``blocks`` computed in one engine call (``engine.variants.run_stacked``)."""
    run = run_stacked(invoer, kg, blocks)
    r = run.result
    return Figures(r.saldo, r.kb_financieel, r.kb_maatschappelijk, r.budget("actor")["gemeente"]["saldo"],
                    run.slices)


# ---------------------------------------------------------------------------------------------
# Switching values
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Knob:
    """One key assumption as a single number ``p``: either one common value for its targets, or a
    factor on their base values (when several targets differ). ``display`` turns ``p`` into the
    value users see (for a factor on equal base values: that value times ``p``)."""

    key: str
    aanname: str
    targets: tuple[str, ...]
    base: tuple[float, ...]
    mode: str  # 'waarde' or FACTOR
    lo: float
    hi: float
    current: float
    unit: str  # kind of the displayed value (SHARE, EURO, NUMBER or FACTOR)
    display_scale: float = 1.0

    def values(self, p: Any) -> dict[str, Any]:
        if self.mode == FACTOR:
            return {t: b * np.asarray(p, dtype=float) for t, b in zip(self.targets, self.base)}
        return {t: np.asarray(p, dtype=float) for t in self.targets}

    def shown(self, p: float) -> float:
        return p * self.display_scale


def _value_knob(key: str, aanname: str, target: str, invoer: Invoer, kg: Kengetallen,
                lo: float | None = None, hi: float | None = None) -> Knob:
    base = base_value(invoer, kg, target)
    b = 0.0 if base is None else float(base)
    flo, fhi = bounds(target)
    return Knob(key, aanname, (target,), (b,), "waarde", flo if lo is None else lo, fhi if hi is None else hi, b,
                kind(target))


def _group_knob(key: str, aanname: str, targets: Iterable[str], primary: Sequence[str], invoer: Invoer,
                kg: Kengetallen) -> Knob | None:
    """A factor on the targets with a non-zero base; a common value for ``primary`` when all are zero."""
    base = {t: float(invoer.num(t)) for t in targets}
    nonzero = {t: b for t, b in base.items() if abs(b) > 1e-9}  # a denormal base would give infinite factors
    if not nonzero:
        if not primary:
            return None
        ranges = [bounds(t) for t in primary]
        lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
        return Knob(key, aanname, tuple(primary), tuple(0.0 for _ in primary), "waarde", lo, hi, 0.0,
                    kind(primary[0]))
    lo, hi = 0.0, math.inf  # a factor scales the stated effects down or up; it does not reverse them
    for t, b in nonzero.items():
        flo, fhi = bounds(t)
        a, c = sorted((flo / b, fhi / b))
        lo, hi = max(lo, a), min(hi, c)
    kinds = {kind(t) for t in nonzero}
    same = len(set(nonzero.values())) == 1 and len(kinds) == 1
    unit = kinds.pop() if same else FACTOR
    scale = next(iter(nonzero.values())) if same else 1.0
    return Knob(key, aanname, tuple(nonzero), tuple(nonzero.values()), FACTOR, lo, hi, 1.0, unit, scale)


def key_assumptions(invoer: Invoer, kg: Kengetallen) -> list[Knob]:
    """The assumptions that get a switching value (see docs/gevoeligheid.md)."""
    knobs = [
        _group_knob("voorkomen_escalatie", "Voorkomen escalatie (alle typen en aantallen, één factor)",
                    (*ESCALATION_SHARES, *ESCALATION_COUNTS), ESCALATION_SHARES, invoer, kg),
        _group_knob("substitutie", "Substitutie (nieuwe en bestaande cases, één factor)", SUBSTITUTION,
                    SUBSTITUTION, invoer, kg),
        _group_knob("effectiviteit", "Toename effectiviteit (alle succes trajecten, één factor)", SUCCESS,
                    (), invoer, kg),
        _value_knob("nieuw_gevonden", "Percentage nieuw gevonden huishoudens", "nieuw_gevonden", invoer, kg),
        _value_knob("kosten_per_fte", "Kosten per fte", "kosten_per_fte", invoer, kg),
        _value_knob("terugval", "Terugval (recidive)", "terugval", invoer, kg),
    ]
    if invoer.team_way == 1:
        knobs.append(_value_knob("aandeel_additioneel", "Percentage additionele kosten (fte)", "aandeel_additioneel",
                                 invoer, kg))
    else:
        knobs.append(_value_knob("fte_extra", "Extra fte nieuwe werkwijze (meerkosten)", "fte_extra", invoer, kg))
    knobs.append(_value_knob("qaly_waarde", "Waarde van een QALY (kengetal qaly_waarde)",
                             KENGETAL_PREFIX + "qaly_waarde", invoer, kg))
    found = [k for k in knobs if k is not None]
    for k in found:  # unbounded ranges cannot be gridded; the schema bounds every field used here
        if not (math.isfinite(k.lo) and math.isfinite(k.hi)):
            raise ValueError(f"switching value of {k.key} needs a finite range")
    return found


@dataclass(frozen=True)
class SwitchingValue:
    """The value of one assumption at which the saldo (or the gemeente's 2-year saldo) is zero.

    Values are in the displayed unit (``eenheid``); None means no value in the allowed range gives
    zero. ``parameter_*`` hold the knob's own number (a factor for group assumptions).
    """

    sleutel: str
    aanname: str
    eenheid: str
    huidige_waarde: float
    bereik: tuple[float, float]
    saldo_0: float | None
    gemeente_0: float | None
    parameter_saldo_0: float | None
    parameter_gemeente_0: float | None
    methode: str

    def tekst(self, value: float | None) -> str:
        return NOT_IN_RANGE if value is None else show(value, self.eenheid)

    def to_json(self) -> dict[str, Any]:
        return {
            "sleutel": self.sleutel, "aanname": self.aanname, "eenheid": self.eenheid,
            "huidige_waarde": self.huidige_waarde, "bereik": {"min": self.bereik[0], "max": self.bereik[1]},
            "waarde_bij_saldo_0": self.saldo_0, "waarde_bij_gemeentesaldo_0": self.gemeente_0,
            "tekst": {"huidige_waarde": show(self.huidige_waarde, self.eenheid),
                      "waarde_bij_saldo_0": self.tekst(self.saldo_0),
                      "waarde_bij_gemeentesaldo_0": self.tekst(self.gemeente_0)},
            "methode": self.methode,
        }


def find_root(evaluate: Callable[[np.ndarray], np.ndarray], lo: float, hi: float, current: float,
              grid: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[float | None, str]:
    """The ``p`` in [lo, hi] with evaluate(p) = 0, nearest to ``current``; None if there is none.

    ``evaluate`` maps an array of parameter values to an array of results (one vectorised engine
    call). On a grid of ``GRID_POINTS`` points the function is tested for linearity: if linear,
    the root follows from two points (method 'lineair'); otherwise the sign change nearest to
    ``current`` is bracketed and the bracket is shrunk by evaluating a new grid inside it
    (``REFINEMENTS`` times, each a factor ``GRID_POINTS - 1``), ending with a secant step
    (method 'numeriek'). Example: for evaluate = p - 0.3 on [0, 1] the root is 0.3 (lineair).
    """
    xs, ys = grid if grid is not None else (np.linspace(lo, hi, GRID_POINTS), None)
    if ys is None:
        ys = np.asarray(evaluate(xs), dtype=float)
    scale = float(np.max(np.abs(ys))) + 1.0
    line = ys[0] + (ys[-1] - ys[0]) * (xs - xs[0]) / (xs[-1] - xs[0])
    if float(np.max(np.abs(ys - line))) <= 1e-9 * scale:
        span = ys[-1] - ys[0]
        if abs(span) <= 1e-12 * scale:
            return None, "lineair"
        root = xs[0] - ys[0] * (xs[-1] - xs[0]) / span
        tol = 1e-12 * (hi - lo)
        if root < lo - tol or root > hi + tol:
            return None, "lineair"
        return float(min(max(root, lo), hi)), "lineair"
    return _bracket(evaluate, xs, ys, current), "numeriek"


def _bracket(evaluate: Callable[[np.ndarray], np.ndarray], xs: np.ndarray, ys: np.ndarray,
             current: float) -> float | None:
    def nearest_change(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float, float, float] | None:
        exact = np.flatnonzero(ys == 0)
        changes = np.flatnonzero(np.sign(ys[:-1]) * np.sign(ys[1:]) < 0)
        candidates = [(abs(xs[i] - current), xs[i], xs[i], 0.0, 0.0) for i in exact]
        candidates += [(min(abs(xs[i] - current), abs(xs[i + 1] - current)), xs[i], xs[i + 1], ys[i], ys[i + 1])
                       for i in changes]
        if not candidates:
            return None
        return min(candidates)[1:]

    found = nearest_change(xs, ys)
    if found is None:
        return None
    a, b, ya, yb = found
    for _ in range(REFINEMENTS):
        if a == b:
            return float(a)
        inner = np.linspace(a, b, GRID_POINTS)
        values = np.asarray(evaluate(inner), dtype=float)
        found = nearest_change(inner, values)
        if found is None:  # rounding noise at the bracket's ends: keep the last bracket
            break
        a, b, ya, yb = found
    if a == b or ya == yb:
        return float(a)
    return float(a - ya * (b - a) / (yb - ya))


def switching_values(invoer: Invoer, kg: Kengetallen, knobs: Sequence[Knob] | None = None) -> list[SwitchingValue]:
    """Switching values of ``knobs`` (default: ``key_assumptions``): all grids in one engine call,
    all candidate roots checked in a second one; a candidate more than ``ROOT_TOLERANCE`` euro off
    zero (a nonlinear case that looked linear) is refined by bracketing."""
    knobs = list(key_assumptions(invoer, kg) if knobs is None else knobs)
    grids = [np.linspace(k.lo, k.hi, GRID_POINTS) for k in knobs]
    run = stacked_figures(invoer, kg, [k.values(g) for k, g in zip(knobs, grids)])

    def evaluator(knob: Knob, which: str) -> Callable[[np.ndarray], np.ndarray]:
        def evaluate(p: np.ndarray) -> np.ndarray:
            r = stacked_figures(invoer, kg, [knob.values(p)])
            return r.saldo if which == "saldo" else r.gemeente
        return evaluate

    found: list[dict[str, tuple[float | None, str]]] = []
    for knob, grid, s in zip(knobs, grids, run.slices):
        found.append({which: find_root(evaluator(knob, which), knob.lo, knob.hi, knob.current, (grid, ys[s]))
                      for which, ys in (("saldo", run.saldo), ("gemeente", run.gemeente))})

    # Check every candidate in one call; refine what is not close enough to zero.
    checks = [(i, which, root) for i, f in enumerate(found) for which, (root, _) in f.items() if root is not None]
    if checks:
        run = stacked_figures(invoer, kg, [knobs[i].values(np.array([root])) for i, _, root in checks])
        for (i, which, _root), s in zip(checks, run.slices):
            off = float((run.saldo if which == "saldo" else run.gemeente)[s][0])
            if abs(off) > ROOT_TOLERANCE:
                knob = knobs[i]
                evaluate = evaluator(knob, which)
                xs = np.linspace(knob.lo, knob.hi, GRID_POINTS)
                found[i][which] = (_bracket(evaluate, xs, evaluate(xs), knob.current), "numeriek")

    out = []
    for knob, f in zip(knobs, found):
        (p_saldo, m_saldo), (p_gem, m_gem) = f["saldo"], f["gemeente"]
        method = m_saldo if m_saldo == m_gem else f"{m_saldo}/{m_gem}"
        out.append(SwitchingValue(
            knob.key, knob.aanname, knob.unit, knob.shown(knob.current), (knob.shown(knob.lo), knob.shown(knob.hi)),
            None if p_saldo is None else knob.shown(p_saldo), None if p_gem is None else knob.shown(p_gem),
            p_saldo, p_gem, method))
    return out
