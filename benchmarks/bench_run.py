"""Benchmark (not a test): ``mkba-xl run`` on the meta sample against the IO floor.

The floor is what any tool on these libraries pays at least: a separate Python process that loads the
input with openpyxl (read-only, one pass over every cell) and writes the same cells with XlsxWriter.
Both are timed as whole processes (interpreter start and imports included), interleaved, five times
each after one warm-up; the medians and their ratio are printed. The goal of issue 10 is a ratio of at
most 1.25.

The processes may write byte-compiled modules (``PYTHONDONTWRITEBYTECODE`` is unset for them), as an
installed package has them: pip compiles on install, and openpyxl in the floor is compiled too.

Run: python benchmarks/bench_run.py [INPUT.xlsx]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
RUNS = 5

FLOOR = """
import sys
from openpyxl import load_workbook
import xlsxwriter

source, target = sys.argv[1], sys.argv[2]
wb = load_workbook(source, read_only=True)
out = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
for ws in wb.worksheets:
    sheet = out.add_worksheet(ws.title)
    for r, row in enumerate(ws.iter_rows(values_only=True)):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
wb.close()
out.close()
"""

RUN = "import sys; from mkba_xl.cli import cli; sys.argv[0] = 'mkba-xl'; cli()"


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_INPUT
    with tempfile.TemporaryDirectory() as tmp:
        floor_cmd = [sys.executable, "-c", FLOOR, str(source), str(Path(tmp) / "floor.xlsx")]
        run_cmd = [sys.executable, "-c", RUN, "run", str(source), "-o", str(Path(tmp) / "uitvoer.xlsx"), "--force"]
        timed(floor_cmd)  # warm-up: file cache and byte-compiled modules
        timed(run_cmd)
        floors, runs = [], []
        for _ in range(RUNS):
            floors.append(timed(floor_cmd))
            runs.append(timed(run_cmd))
    floor, run = statistics.median(floors), statistics.median(runs)
    print(f"input: {source.name}")
    print(f"IO floor (openpyxl load + xlsxwriter write, whole process): median {floor * 1000:.0f} ms "
          f"of {', '.join(f'{t * 1000:.0f}' for t in floors)}")
    print(f"mkba-xl run (whole process):                                 median {run * 1000:.0f} ms "
          f"of {', '.join(f'{t * 1000:.0f}' for t in runs)}")
    print(f"ratio run / floor: {run / floor:.2f} (goal: at most 1.25)")


if __name__ == "__main__":
    main()
