"""Benchmark (not a test): 10,000 dossiers validated and aggregated with 2,000 bootstrap resamples, and the
command on workbooks.

Target (issue 13): the aggregation of 10,000 within 1 s. Run: python benchmarks/bench_dossiers.py

The 10,000 dossiers are 125 copies of the illustrative sample generator (seeds 0..124, renumbered), so
their mix is that of ``scripts/make_dossier_sample.py``. The workbook timings are ``pipeline.dossier_workbook``
(what ``mkba-xl dossiers`` does: read, validate, aggregate, write) and ``pipeline.check`` on the shipped sample
(80 dossiers) and on a workbook with the sheet's maximum of 2,000 dossiers. Times are the best of five runs.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import best_of as timed_best_of  # noqa: E402  (benchmarks/ is the script's folder)

from mkba_xl import pipeline  # noqa: E402
from mkba_xl.analyses.dossier_aggregates import aggregate  # noqa: E402
from mkba_xl.analyses.dossier_checks import validate  # noqa: E402
from mkba_xl.analyses.dossier_table import encode  # noqa: E402
from mkba_xl.analyses.dossiers import Dossier, DossierSheet  # noqa: E402
from mkba_xl.input_sheets import add_input_sheets  # noqa: E402
from mkba_xl.samples import load_case, write_sample_workbook  # noqa: E402


def sample_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_dossier_sample", ROOT / "scripts" / "make_dossier_sample.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module



def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """This script's timing: ``timing.best_of``."""
    return timed_best_of(fn, repeat)


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
    workbooks(dossiers)


def workbooks(dossiers: tuple[Dossier, ...]) -> None:
    """The command on the shipped sample and on a workbook with 2,000 dossiers."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        big = tmp / "groot.xlsx"
        sheet = DossierSheet(dossiers[:2_000], "benchmark: 2.000 synthetische dossiers")
        write_sample_workbook(load_case(ROOT / "sample_workbooks" / "cases" / "groningen_wij_2018.json"), big,
                              extra_sheets=lambda wb, f: add_input_sheets(wb, f, {"dossiers": sheet}))
        for name, path in (("80-dossier sample", ROOT / "sample_workbooks" / "dossiers_voorbeeld.xlsx"),
                           ("2,000 dossiers", big)):
            print(f"  {name} ({path.stat().st_size / 1024:.0f} kB): {command_times(path, tmp / 'uit.xlsx')}")


def command_times(path: Path, out: Path) -> str:
    plain = best_of(lambda: pipeline.dossier_workbook(path, out, force=True))
    over = best_of(lambda: pipeline.dossier_workbook(path, out, force=True, take_over=True))
    check = best_of(lambda: pipeline.check(path))
    return f"mkba-xl dossiers {plain:.3f} s, with --neem-over {over:.3f} s, mkba-xl check {check:.3f} s"


if __name__ == "__main__":
    main()
