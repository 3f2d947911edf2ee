"""Benchmark (not a test): 10,000 dossiers validated and aggregated with 2,000 bootstrap resamples.

Target (issue 13): within 1 s. Run: python benchmarks/bench_dossiers.py

The 10,000 dossiers are 125 copies of the illustrative sample generator (seeds 0..124, renumbered), so
their mix is that of ``scripts/make_dossier_sample.py``. Times are the best of five runs on this machine.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkba_xl.analyses.dossier_aggregates import aggregate  # noqa: E402
from mkba_xl.analyses.dossier_checks import validate  # noqa: E402
from mkba_xl.analyses.dossier_table import encode  # noqa: E402
from mkba_xl.analyses.dossiers import Dossier  # noqa: E402


def sample_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_dossier_sample", ROOT / "scripts" / "make_dossier_sample.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    generator = sample_module()
    dossiers: tuple[Dossier, ...] = tuple(
        dataclasses.replace(d, number=f"S{seed:03d}-{d.number}")
        for seed in range(125) for d in generator.sample_dossiers(seed))
    analysis = aggregate(dossiers)
    print(f"{len(dossiers):,} dossiers, {len(analysis.aggregates)} aggregates "
          f"({sum(a.method == 'bootstrap' for a in analysis.aggregates)} with bootstrap intervals, 2,000 resamples)")
    print(f"  validate:  {best_of(lambda: validate(dossiers)):.3f} s")
    print(f"  encode:    {best_of(lambda: encode(dossiers)):.3f} s")
    total = best_of(lambda: aggregate(dossiers))
    print(f"  aggregate: {total:.3f} s (validation, encoding, Wilson and bootstrap together; target 1 s)")
    sample = generator.sample_dossiers()
    print(f"  80-dossier sample: {best_of(lambda: aggregate(sample)) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
