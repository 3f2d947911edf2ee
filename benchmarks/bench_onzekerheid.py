"""Benchmark (not a test): the uncertainty analysis on every sample workbook, with the real engine.

1. Compute time of ``onzekerheid.analyse`` (sampling, the stacked engine calls, summaries, importance
   and EVPPI, the sentences; reading and writing excluded) at 10,000 and 100,000 draws, best of three,
   split into its parts, and its peak memory (tracemalloc: every numpy allocation is traced).
   The goals of issue 12: 10,000 draws within 1 s, 100,000 within 10 s, peak memory under 300 MB.
2. The whole command ``mkba-xl onzekerheid`` against a plain ``mkba-xl run`` on the same workbook, as
   whole processes (interpreter start and imports included), interleaved, medians of five after a
   warm-up, with the peak resident memory of each process. Goal: at most 3x.
3. Per sample the conclusions: P(saldo > 0), P5-P95 of the saldo and the three assumptions with the
   highest EVPPI (society's decision), at the default seed.

Run: python benchmarks/bench_onzekerheid.py [--quick]
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import best_of  # noqa: E402  (benchmarks/ is the script's folder)

from mkba_xl.analyses.importance import importance  # noqa: E402
from mkba_xl.analyses.onzekerheid import analyse, simulate  # noqa: E402
from mkba_xl.analyses.onzekerheid_model import plan  # noqa: E402
from mkba_xl.dutch import euro  # noqa: E402
from mkba_xl.pipeline import read  # noqa: E402

SAMPLES = sorted((ROOT / "sample_workbooks").glob("*.xlsx"))
RUN = "import sys; from mkba_xl.cli import cli; sys.argv[0] = 'mkba-xl'; cli()"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def bench_one(path: Path, n: int, repeat: int) -> str:
    wb = read(path)
    sheet = wb.sheets.get("onzekerheid")
    p = plan(sheet, wb.invoer, wb.kengetallen)

    def run() -> object:
        return analyse(wb.invoer, wb.kengetallen, sheet, draws=n)

    def draw() -> object:
        return simulate(wb.invoer, wb.kengetallen, p.assumptions, n, 2014, correlations=p.correlations)

    draws = simulate(wb.invoer, wb.kengetallen, p.assumptions, n, 2014, correlations=p.correlations)
    stacked = np.column_stack([draws.outputs["saldo"], draws.outputs["begroting_gemeente"]])
    total, t_sim = best_of(run, repeat), best_of(draw, repeat)
    t_imp = best_of(lambda: importance(draws.x, stacked), repeat)
    peak = peak_mb(run)
    budget = 1.0 if n <= 10_000 else 10.0
    return (f"   {path.stem:<26} N={n:>7,}: {total * 1000:7.0f} ms (draws + engine {t_sim * 1000:6.0f} ms, "
            f"importance + EVPPI {t_imp * 1000:5.0f} ms), K={len(p.assumptions)}, peak {peak:5.0f} MB; "
            f"goal {budget:.0f} s / 300 MB")


def bench_compute(sizes: tuple[int, ...], repeat: int) -> None:
    print(f"1. Compute: analyse() per sample (best of {repeat})")
    for n in sizes:
        for path in SAMPLES:
            print(bench_one(path, n, repeat))


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and peak resident memory (MB) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before) / 1024


def bench_command(runs: int) -> None:
    print(f"\n2. Whole command vs plain run (processes, medians of {runs} after a warm-up)")
    with tempfile.TemporaryDirectory() as tmp:
        for path in SAMPLES:
            run = [sys.executable, "-c", RUN, "run", str(path), "-o", f"{tmp}/run.xlsx", "--force"]
            unc = [sys.executable, "-c", RUN, "onzekerheid", str(path), "-o", f"{tmp}/onz.xlsx", "--force"]
            both = [sys.executable, "-c", RUN, "run", str(path), "-o", f"{tmp}/both.xlsx", "--force", "--onzekerheid"]
            for command in (run, unc, both):
                timed(command)
            times: dict[str, list[float]] = {"run": [], "onzekerheid": [], "run --onzekerheid": []}
            rss: dict[str, float] = {}
            for _ in range(runs):
                for name, command in (("run", run), ("onzekerheid", unc), ("run --onzekerheid", both)):
                    elapsed, peak = timed(command)
                    times[name].append(elapsed)
                    rss[name] = peak
            med = {k: statistics.median(v) for k, v in times.items()}
            print(f"   {path.stem:<26} run {med['run']:.2f} s; onzekerheid {med['onzekerheid']:.2f} s "
                  f"({med['onzekerheid'] / med['run']:.2f}x); run --onzekerheid {med['run --onzekerheid']:.2f} s "
                  f"({med['run --onzekerheid'] / med['run']:.2f}x); peak RSS of all processes so far "
                  f"{max(rss.values()):.0f} MB")


def conclusions() -> None:
    print("\n3. Conclusions per sample (10,000 draws, seed 2014)")
    for path in SAMPLES:
        wb = read(path)
        u = analyse(wb.invoer, wb.kengetallen, wb.sheets.get("onzekerheid"))
        s, c = u.stat("saldo"), u.chance("saldo_positief")
        top = "; ".join(f"{r.assumption.key} {euro(r.evppi)} (belang {r.belang:.0%})" for r in u.ranking[:3])
        print(f"   {path.stem:<26} P(saldo>0) {c.kans:.4f} +- {c.se:.4f}; P5 {euro(s.p(5.0))} .. P95 "
              f"{euro(s.p(95.0))}; EVPI {euro(u.evpi)}; top EVPPI: {top}")


def main() -> None:
    quick = "--quick" in sys.argv
    bench_compute((10_000,) if quick else (10_000, 100_000), 1 if quick else 3)
    bench_command(1 if quick else 5)
    conclusions()


if __name__ == "__main__":
    main()
