"""Benchmark (not a test): one case after import, and 10.000 variants in one vectorised call.

Run: python benchmarks/bench_engine.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import best_of  # noqa: E402  (benchmarks/ is the script's folder)

from mkba_xl.engine import compute  # noqa: E402
from mkba_xl.invoer import Invoer  # noqa: E402
from mkba_xl.kengetallen import default_kengetallen  # noqa: E402
from tests.cases import META  # noqa: E402


def main() -> None:
    kg = default_kengetallen()
    one = Invoer.from_values(META)
    compute(one, kg)  # warm up
    single = best_of(lambda: compute(one, kg).saldo, 50)
    bare = best_of(lambda: compute(one, kg, explain=False).saldo, 50)
    n = 10_000
    rng = np.random.default_rng(1)
    values = dict(one.values)
    values["voorkomen_escalatie.gezinnen"] = rng.uniform(0, 0.06, n)
    values["substitutie.nieuw"] = rng.uniform(0, 0.8, n)
    values["terugval"] = rng.uniform(0, 0.5, n)
    many = Invoer(values)
    vector = best_of(lambda: compute(many, kg, explain=False).saldo, 5)
    print(f"one case after import: {single * 1000:.2f} ms with descriptions, {bare * 1000:.2f} ms without")
    print(f"{n} variants in one call: {vector * 1000:.1f} ms ({vector / n * 1e6:.2f} µs per variant)")


if __name__ == "__main__":
    main()
