"""The one timing helper of the benchmarks (imported as a sibling: benchmarks/ is the script's folder)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeat: int = 3, *, warm_up: bool = False) -> float:
    """The fastest of ``repeat`` calls of ``fn`` in seconds; with ``warm_up`` one untimed call first (imports,
    caches). The minimum, not the mean: on a shared machine the fastest run is the least disturbed one."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
