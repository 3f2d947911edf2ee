"""Benchmark (not a test): the statistical core of the uncertainty analysis, without the engine.

1. Time and peak memory of sampling + importance + EVPPI + summaries for K = 15 assumptions at
   N = 10,000 and 100,000, with a cheap stand-in for the engine (the real one: ~3.3 us per variant).
2. Latin hypercube versus plain Monte Carlo: spread of each estimate over repeated seeds.
3. Accuracy of the estimators on functions with known answers, and the EVPPI shrinkage choice.
4. Our first-order estimator versus SALib's given-data ones on the same draws (if SALib is installed).

Run: python benchmarks/bench_uncertainty_core.py [--quick]
"""

from __future__ import annotations

import math
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.special import ndtr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import best_of  # noqa: E402  (benchmarks/ is the script's folder)

from mkba_xl.analyses.distributions import Z95, Assumption, RankCorrelation, sample  # noqa: E402
from mkba_xl.analyses.importance import conditional_means, default_bins, importance, summarize  # noqa: E402

ENGINE_SECONDS_PER_VARIANT = 3.3e-6  # benchmarks/bench_engine.py on this machine, today

ASSUMPTIONS = [
    Assumption("voorkomen_escalatie", "driehoek", 0.02, 0.06, mode=0.04, allowed_low=0, allowed_high=1),
    Assumption("terugval", "driehoek", 0.10, 0.40, mode=0.25, allowed_low=0, allowed_high=1),
    Assumption("substitutie_nieuw", "driehoek", 0.20, 0.80, mode=0.40, allowed_low=0, allowed_high=1),
    Assumption("substitutie_bestaand", "uniform", 0.05, 0.20, allowed_low=0, allowed_high=1),
    Assumption("kosten_per_fte", "normaal", 64_000, 96_000, allowed_low=0),
    Assumption("overige_teamkosten", "uniform", 80_000, 120_000, allowed_low=0),
    Assumption("qaly_waarde", "uniform", 20_000, 50_000, allowed_low=0),
    Assumption("attributie", "driehoek", 0.5, 1.0, mode=0.8, allowed_low=0, allowed_high=1),
    Assumption("nieuw_gevonden", "normaal", 0.10, 0.30, allowed_low=0, allowed_high=1),
    Assumption("meer_op_maat", "uniform", 0.0, 0.10, allowed_low=0, allowed_high=1),
    Assumption("frictie", "uniform", 0.0, 0.2, allowed_low=0, allowed_high=1),
    Assumption("reductie_overlast", "normaal", 0.1, 0.5, allowed_low=0, allowed_high=1),
    Assumption("kosten_escalatie", "lognormaal", 20_000, 80_000),
    Assumption("kosten_zorg", "lognormaal", 2_000, 8_000),
    Assumption("prijsindex", "uniform", 0.98, 1.05),
]
CORRELATIONS = [RankCorrelation("kosten_per_fte", "overige_teamkosten", 0.5),
                RankCorrelation("voorkomen_escalatie", "terugval", -0.3)]


def stand_in_engine(x: np.ndarray) -> np.ndarray:
    """Eight outputs, roughly the shape of an MKBA (benefits times shares minus costs); not the model."""
    c = {a.field: x[:, k] for k, a in enumerate(ASSUMPTIONS)}
    households = 400
    found = households * (1 + c["nieuw_gevonden"])
    escalation = found * c["voorkomen_escalatie"] * (1 - c["terugval"]) * c["kosten_escalatie"]
    care = found * (c["substitutie_nieuw"] + c["substitutie_bestaand"] - c["meer_op_maat"]) * c["kosten_zorg"]
    health = found * 0.01 * c["qaly_waarde"] * (1 + c["reductie_overlast"])
    benefit = (escalation + care + health) * c["attributie"] * c["prijsindex"]
    cost = (12 * c["kosten_per_fte"] + c["overige_teamkosten"]) * (1 + c["frictie"])
    shares = np.array([0.45, 0.2, 0.15, 0.1, 0.1])
    actors = benefit[:, None] * shares - cost[:, None] * np.array([0.8, 0.2, 0, 0, 0])
    return np.column_stack([benefit - cost, actors, benefit / cost, benefit])



def analysis(n: int, seed: int = 2024) -> None:
    x = sample(ASSUMPTIONS, n, seed, correlations=CORRELATIONS)
    y = stand_in_engine(x)
    importance(x, y[:, :2])  # society's saldo and the gemeente's: EVPPI for both decisions
    summarize(y, thresholds=[0, 0, 0, 0, 0, 0, 1, 0])


def bench_budget(sizes: tuple[int, ...]) -> None:
    print("1. Sampling + importance + EVPPI + summaries, K = 15 (2 rank correlations), 8 outputs")
    for n in sizes:
        x = sample(ASSUMPTIONS, n, 2024, correlations=CORRELATIONS)
        y = stand_in_engine(x)
        t_sample = best_of(lambda n=n: sample(ASSUMPTIONS, n, 2024, correlations=CORRELATIONS), 3)
        t_engine = best_of(lambda x=x: stand_in_engine(x), 3)
        t_importance = best_of(lambda x=x, y=y: importance(x, y[:, :2]), 3)
        t_summary = best_of(lambda y=y: summarize(y), 3)
        tracemalloc.start()
        analysis(n)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        core = t_sample + t_importance + t_summary
        engine = n * ENGINE_SECONDS_PER_VARIANT
        budget = 1.0 if n <= 10_000 else 10.0
        print(f"   N={n:>7,}: sampling {t_sample * 1000:6.1f} ms, importance+EVPPI {t_importance * 1000:6.1f} ms, "
              f"summaries {t_summary * 1000:5.1f} ms -> core {core * 1000:6.1f} ms; stand-in engine "
              f"{t_engine * 1000:.1f} ms; peak memory {peak / 2**20:.0f} MB (tracemalloc)")
        print(f"             real engine at 3.3 us/variant ~{engine * 1000:.0f} ms; core + engine "
              f"{(core + engine) * 1000:.0f} ms of the {budget:.0f} s budget")
    print(f"   bins: {default_bins(10_000)} at 10,000 draws, {default_bins(100_000)} at 100,000")


def spread(estimates: list[np.ndarray]) -> np.ndarray:
    return np.asarray(estimates).std(axis=0, ddof=1)


def bench_lhs_versus_mc(n: int, replicates: int) -> None:
    print(f"\n2. Latin hypercube vs plain Monte Carlo: sd over {replicates} seeds at N={n:,} (LHS / MC)")
    stats: dict[bool, dict[str, list[np.ndarray]]] = {}
    for stratified in (True, False):
        found: dict[str, list[np.ndarray]] = {"mean": [], "P(saldo>0)": [], "P5": [], "S_i": [], "EVPPI_i": []}
        for seed in range(replicates):
            x = sample(ASSUMPTIONS, n, seed, correlations=CORRELATIONS, stratified=stratified)
            saldo = stand_in_engine(x)[:, 0]
            s = summarize(saldo)
            r = importance(x, saldo)
            found["mean"].append(np.array(s.mean))
            found["P(saldo>0)"].append(np.array(s.p_above))
            found["P5"].append(np.array(s.percentile(5.0)))
            found["S_i"].append(r.first_order)
            found["EVPPI_i"].append(r.evppi)
        stats[stratified] = found
    p = float(np.mean(stats[True]["P(saldo>0)"]))
    print(f"   P(saldo>0) = {p:.3f}; binomial SE {math.sqrt(p * (1 - p) / n):.4f}")
    for name in stats[True]:
        lhs, mc = spread(stats[True][name]), spread(stats[False][name])
        if lhs.ndim == 0:
            print(f"   {name:<11} sd LHS {float(lhs):.4g}, MC {float(mc):.4g}: ratio {float(lhs / mc):.2f}")
        else:
            top = np.argsort(-np.mean(stats[True][name], axis=0))[:3]
            ratios = ", ".join(f"{ASSUMPTIONS[k].field} {lhs[k] / mc[k]:.2f}" for k in top)
            print(f"   {name:<11} sd ratio for the top three: {ratios}")


def ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def positive_part_mean(mu: float, sigma: float) -> float:
    z = mu / sigma
    return mu * ndtr(z) + sigma * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


def evppi_variants(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """EVPPI per column with three treatments of the bin means: raw, shrunk by c^2, shrunk by c (ours)."""
    out = np.empty((3, x.shape[1]))
    for i in range(x.shape[1]):
        cm = conditional_means(x[:, i], y)
        sign = -1.0 if cm.overall[0] >= 0 else 1.0
        c2 = np.clip(cm.s_corrected[0], 0, None) / cm.s_raw[0] if cm.s_raw[0] > 0 else 0.0
        for j, factor in enumerate((1.0, c2, math.sqrt(c2))):
            means = cm.overall[0] + factor * (cm.bin_means[:, 0] - cm.overall[0])
            out[j, i] = (cm.weights * np.maximum(sign * means, 0)).sum()
    return out


def report_errors(label: str, errors: list[np.ndarray]) -> None:
    e = np.asarray(errors)
    print(f"   {label:<42} bias {np.round(e.mean(axis=0), 4)}  rmse {np.round(np.sqrt((e**2).mean(axis=0)), 4)}")


def bench_accuracy(n: int, replicates: int) -> None:
    print(f"\n3. Accuracy over {replicates} seeds at N={n:,} (estimate - truth, per assumption)")
    pi_rows = [Assumption(f"x{i}", "uniform", -math.pi, math.pi) for i in (1, 2, 3)]
    unit_rows = [Assumption(f"x{i}", "uniform", 0, 1) for i in (1, 2, 3)]
    gauss_rows = [Assumption(f"x{i}", "normaal", -Z95 * s, Z95 * s) for i, s in ((1, 1.0), (2, 0.3), (3, 1.0))]
    ish, add, gauss_s = [], [], []
    variants: dict[str, list[np.ndarray]] = {"Ishigami - 3.5": [], "Gaussian mu=0": []}
    evpi_error, ishigami_evpi = [], []
    for seed in range(replicates):
        x = sample(pi_rows, n, seed)
        ish.append(importance(x, ishigami(x)).first_order - np.array([0.3139, 0.4424, 0.0]))
        variants["Ishigami - 3.5"].append(evppi_variants(x, ishigami(x) - 3.5) - np.array([2.9482, 3.5, 0]) / np.pi)
        ishigami_evpi.append(float(importance(x, ishigami(x) - 3.5).evpi))
        u = sample(unit_rows, n, seed)
        add.append(importance(u, u[:, 0] + 2 * u[:, 1]).first_order - np.array([0.2, 0.8, 0.0]))
        g = sample(gauss_rows, n, seed)
        y = g[:, 0] + g[:, 1]
        gauss_s.append(importance(g, y).first_order - np.array([1 / 1.09, 0.09 / 1.09, 0]))
        variants["Gaussian mu=0"].append(
            evppi_variants(g, y) - np.array([positive_part_mean(0, 1.0), positive_part_mean(0, 0.3), 0]))
        evpi_error.append(importance(g, y).evpi - positive_part_mean(0, math.hypot(1, 0.3)))
    report_errors("S_i Ishigami (0.3139, 0.4424, 0)", ish)
    report_errors("S_i additive X1 + 2 X2 (0.2, 0.8, 0)", add)
    report_errors("S_i Gaussian X1 + X2 (0.917, 0.083, 0)", gauss_s)
    print(f"   EVPI Gaussian (closed form {positive_part_mean(0, math.hypot(1, 0.3)):.4f}): "
          f"bias {np.mean(evpi_error):.4f}, rmse {math.sqrt(np.mean(np.square(evpi_error))):.4f}")
    print(f"   EVPPI truth: Ishigami - 3.5 (0.9384, 1.1141, 0), EVPI ~{np.mean(ishigami_evpi):.3f}")
    print(f"   EVPPI truth: Gaussian ({positive_part_mean(0, 1.0):.4f}, {positive_part_mean(0, 0.3):.4f}, 0)")
    for name, errs in variants.items():
        e = np.asarray(errs)
        for j, label in enumerate(("raw bin means", "shrunk by c^2", "shrunk by c (ours)")):
            report_errors(f"EVPPI {name}: {label}", list(e[:, j]))


def bench_salib(n: int, replicates: int) -> None:
    try:
        from SALib.analyze import delta, rbd_fast
    except ImportError:
        print("\n4. SALib not installed: comparison skipped")
        return
    print(f"\n4. First-order indices on the same Latin hypercube draws, Ishigami, N={n:,}, {replicates} seeds")
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
    rows = [Assumption(f"x{i}", "uniform", -math.pi, math.pi) for i in (1, 2, 3)]
    truth = np.array([0.3139, 0.4424, 0.0])
    methods: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
        "ours (bins, Kelley)": lambda x, y: importance(x, y).first_order,
        "SALib rbd_fast (M=10)": lambda x, y: np.asarray(rbd_fast.analyze(problem, x, y, seed=1)["S1"]),
        "SALib delta S1": lambda x, y: np.asarray(delta.analyze(problem, x, y, num_resamples=10, seed=1)["S1"]),
    }
    for name, method in methods.items():
        errors, seconds = [], 0.0
        for seed in range(replicates):
            x = sample(rows, n, seed)
            y = ishigami(x)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                errors.append(method(x, y) - truth)
                seconds += time.perf_counter() - start
        report_errors(f"{name} ({seconds / replicates * 1000:.0f} ms/run)", errors)


def main() -> None:
    quick = "--quick" in sys.argv
    bench_budget((10_000,) if quick else (10_000, 100_000))
    bench_lhs_versus_mc(10_000, 10 if quick else 40)
    bench_accuracy(10_000, 5 if quick else 20)
    bench_salib(10_000, 2 if quick else 5)


if __name__ == "__main__":
    main()
