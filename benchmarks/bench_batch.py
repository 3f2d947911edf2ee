"""Benchmark (not a test): ``mkba-xl run <folder>`` on 1,000 workbooks; wall time and peak memory.

The workbooks are made in a temporary folder: twenty variants of the worked example (sample meta_voorbeeld_2014,
households and team varied, written with the template's sheets), each copied fifty times. The whole command runs
once as a process (its worker processes included); the memory is the largest sum of the resident memory of the
command and its workers, sampled every 250 ms from /proc. Goals of issue 14: at most 60 s on this 2-core machine and
under 500 MB.

Run: python benchmarks/bench_batch.py [COUNT]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkba_xl import template  # noqa: E402
from mkba_xl.pipeline import read  # noqa: E402
from mkba_xl.xlsx.book import write_atomically  # noqa: E402

SOURCE = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
RUN = "import sys; from mkba_xl.cli import cli; sys.argv[0] = 'mkba-xl'; cli()"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
VARIANTS = 20


def make_folder(folder: Path, count: int) -> None:
    wb = read(SOURCE)
    base = {key: (value if key in wb.invoer.given else None) for key, value in wb.invoer.values.items()}
    variants = []
    for v in range(VARIANTS):
        values = {**base, "huishoudens": 200 + 20 * v, "team_fte": round(2.0 + 0.15 * v, 2),
                  "gemeente": f"Gemeente {v + 1}"}
        path = folder / f"variant-{v:02d}.xlsx"

        def build(workbook: Any, formats: Any, values: dict[str, Any] = values) -> None:
            sheet = template.add_invoer_sheet(workbook, formats, values=values, kengetallen=wb.kengetallen)
            template.add_kengetallen_sheet(workbook, formats, wb.kengetallen)
            sheet.activate()

        write_atomically(path, build)
        variants.append(path)
    for i in range(count - VARIANTS):
        shutil.copy(variants[i % VARIANTS], folder / f"werkmap-{i:04d}.xlsx")


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of ``pid`` and all its descendants, from /proc (every process's parent and size)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * page
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "werkmappen"
        folder.mkdir()
        make_folder(folder, count)
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", RUN, "run", str(folder)], cwd=ROOT, env=ENV,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.25)
        elapsed = time.perf_counter() - start
        outputs = len(list(folder.glob("*-uitvoer.xlsx")))
    print(f"mkba-xl run <folder> with {count} workbooks on {os.cpu_count()} cores: {elapsed:.1f} s "
          f"({elapsed / count * 1000:.0f} ms per workbook), exit code {process.returncode}, {outputs} outputs")
    print(f"peak memory (command and its worker processes together): {peak / 2 ** 20:.0f} MB")
    print("goals: at most 60 s, under 500 MB")


if __name__ == "__main__":
    main()
