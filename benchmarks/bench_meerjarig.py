"""Benchmark (not a test): ``mkba-xl run`` on a workbook of ten years (MEERJARIG) against the same workbook of one.

Both workbooks are the worked example (sample meta_voorbeeld_2014), written with the template's sheets; the
ten-year one adds a MEERJARIG sheet with 2013-2022 (households, team and ingroei varying per year). Each is run as
a whole process (interpreter start and imports included), interleaved, five times after one warm-up; the medians
and their ratio are printed. The goal of issue 14: the ten-year run within 1.5 times the one-year run.

Run: python benchmarks/bench_meerjarig.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkba_xl import template  # noqa: E402
from mkba_xl.analyses.meerjarig import Meerjarig, YearRow  # noqa: E402
from mkba_xl.analyses.meerjarig_sheet import add_meerjarig_sheet  # noqa: E402
from mkba_xl.pipeline import read  # noqa: E402
from mkba_xl.xlsx.book import write_atomically  # noqa: E402

SOURCE = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
RUNS = 5
RUN = "import sys; from mkba_xl.cli import cli; sys.argv[0] = 'mkba-xl'; cli()"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def ten_years() -> Meerjarig:
    """2013-2022: the caseload and the team built up in four years, effects growing in (001 4.4, Figuur 4.8)."""
    rows = []
    for k in range(10):
        grow = min(1.0, 0.25 * (k + 1))
        rows.append(YearRow(2013 + k, {"huishoudens": int(328 * (0.5 + 0.5 * grow)), "team_fte": 1.8 + 1.8 * grow},
                            {"organisatie": grow, "effectiviteit": grow, "escalatie": grow, "immaterieel": grow}))
    return Meerjarig(tuple(rows))


def write(path: Path, meerjarig: Meerjarig | None) -> None:
    wb = read(SOURCE)
    values = {key: (value if key in wb.invoer.given else None) for key, value in wb.invoer.values.items()}

    def build(workbook: Any, formats: Any) -> None:
        sheet = template.add_invoer_sheet(workbook, formats, values=values, kengetallen=wb.kengetallen)
        template.add_kengetallen_sheet(workbook, formats, wb.kengetallen)
        if meerjarig is not None:
            add_meerjarig_sheet(workbook, formats, meerjarig)
        sheet.activate()

    write_atomically(path, build)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        one, ten = Path(tmp) / "een.xlsx", Path(tmp) / "tien.xlsx"
        write(one, None)
        write(ten, ten_years())
        commands = {name: [sys.executable, "-c", RUN, "run", str(path), "-o", str(Path(tmp) / f"{name}-uit.xlsx"),
                           "--force"] for name, path in (("een", one), ("tien", ten))}
        for command in commands.values():
            timed(command)  # warm-up: file cache and byte-compiled modules
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(RUNS):
            for name, command in commands.items():
                times[name].append(timed(command))
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, label in (("een", "one year (no MEERJARIG)"), ("tien", "ten years (MEERJARIG 2013-2022)")):
        print(f"mkba-xl run, {label:<32} median {medians[name] * 1000:.0f} ms of "
              f"{', '.join(f'{t * 1000:.0f}' for t in times[name])}")
    print(f"ratio ten / one: {medians['tien'] / medians['een']:.2f} (goal: at most 1.5)")


if __name__ == "__main__":
    main()
