"""Benchmark (not a test): how fast and how lean ``mkba-xl run`` answers each crafted file of issue 17.

The goal: every input answered (refused, or computed and written) within 2 s and 300 MB. Each case is
built at the size the red team used (a 2 MB file with 185 MB of shared strings, a 0.8 MB file with a
102 MB styles part, 60,000 cell styles, INVOER rows padded to column XFD, 3 million numbers outside the
read area) plus the largest files still admitted (just under each cap of ``mkba_xl.xlsx.limits``, where
the reader parses the most). Every case is answered by a separate process, ``python -m mkba_xl run
<file> -o <out> --json``, timed from start to exit (interpreter and imports included) with its peak
resident memory (``os.wait4``; the files are built by another process first, so that a child does not
inherit the builder's memory); the slowest answer is printed last.

Run: python benchmarks/bench_crafted.py        (builds about 60 MB of files in a temporary folder)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkba_xl.reader import sheet_areas  # noqa: E402
from mkba_xl.xlsx import limits  # noqa: E402
from tests import crafted  # noqa: E402

MB = crafted.MB


def _invoer_rows() -> int:
    from tests.xlsx_edit import read_members, sheet_parts

    members = read_members(crafted.SAMPLE)
    return members[sheet_parts(members)["INVOER"]].count(b"<row ")


ROWS = _invoer_rows()
BUDGET = limits.MAX_ELEMENTS + limits.ELEMENTS_PER_CELL * sum(r * c for r, c in (
    sheet_areas()["INVOER"], sheet_areas()["KENGETALLEN"]))
"""The element cap of a workbook with INVOER and KENGETALLEN (the sample's sheets that are read)."""
CASES: dict[str, Callable[[Path], Path]] = {
    "sample (meta), for comparison": lambda p: crafted.build(p, lambda m: None),
    "shared strings bomb, 185 MB": lambda p: crafted.shared_strings_bomb(p, 185 * MB),
    "shared strings just under the cap": lambda p: crafted.shared_strings_bomb(
        p, limits.MAX_SHARED_STRINGS_BYTES - 200_000, length=400),
    "styles bomb, 102 MB of fonts": lambda p: crafted.styles_bomb(p, 102 * MB),
    "styles just under the cap": lambda p: crafted.styles_bomb(p, limits.MAX_STYLES_BYTES - 100_000),
    "60,000 cell styles": lambda p: crafted.many_cell_styles(p, 60_000),
    "64,001 cell styles": lambda p: crafted.many_cell_styles(p, 64_001),
    "INVOER rows padded to XFD": lambda p: crafted.padded_rows(p, 16_384),
    "INVOER rows padded to the element cap": lambda p: crafted.padded_rows(p, 11 + (BUDGET - 8_000) // ROWS),
    "INVOER rows padded just over the cap": lambda p: crafted.padded_rows(p, 11 + BUDGET // ROWS),
    "3 M numbers below INVOER's area": lambda p: crafted.numbers_outside(p, 3_000_000),
    "3 M numbers on another sheet": lambda p: crafted.numbers_outside(p, 3_000_000, sheet="BRONNEN"),
    "DOSSIERS filled to its area (2,000 x 160)": lambda p: crafted.filled_sheet(
        p, "DOSSIERS", 100, 1_911, 160, base=ROOT / "sample_workbooks" / "dossiers_voorbeeld.xlsx"),
    "DOSSIERS filled with Excel errors": lambda p: crafted.filled_sheet(
        p, "DOSSIERS", 100, 1_911, 160, base=ROOT / "sample_workbooks" / "dossiers_voorbeeld.xlsx", kind="error"),
    "DOSSIERS filled with inline texts": lambda p: crafted.filled_sheet(
        p, "DOSSIERS", 100, 1_911, 160, base=ROOT / "sample_workbooks" / "dossiers_voorbeeld.xlsx", kind="inline"),
    "DOSSIERS filled, 150,000 distinct texts": lambda p: crafted.filled_sheet(
        p, "DOSSIERS", 100, 1_911, 160, base=ROOT / "sample_workbooks" / "dossiers_voorbeeld.xlsx", kind="shared",
        distinct=150_000),
    "DOSSIERS filled, 305,000 distinct texts": lambda p: crafted.filled_sheet(
        p, "DOSSIERS", 100, 1_911, 160, base=ROOT / "sample_workbooks" / "dossiers_voorbeeld.xlsx", kind="shared",
        distinct=305_000),
    "2,000 dossiers (108 columns), valid": lambda p: crafted.many_dossiers(p),
    "2,000 dossiers x 160 columns, valid": lambda p: crafted.many_dossiers(p, own_columns=52),
    "a member twice": crafted.duplicate_member,
    "Strict Open XML": crafted.strict_open_xml,
    "chart sheet named INVOER": crafted.chartsheet_named_invoer,
    "no styles part": crafted.without_styles,
    "merged input cells": crafted.merged_input,
    "100,000 merged ranges over KENGETALLEN": lambda p: crafted.many_merges(p, 100_000),
    "401-digit number": lambda p: crafted.number_literal(p, "C15", b"1" + b"0" * 400),
    "share of 1e307": lambda p: crafted.number_literal(p, "C17", b"1e307"),
}


def answer(path: Path, out: Path) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, first problem code or 'berekend') of one run in its own process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkba_xl", "run", str(path), "-o", str(out), "--json", "--force"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    stdout = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        data = json.loads(stdout)
        what = data["fouten"][0]["code"] if "fouten" in data else "berekend"
    except (ValueError, KeyError, IndexError):
        what = "?"
    return seconds, usage.ru_maxrss / 1024, proc.returncode, what


def build_all(folder: Path) -> None:
    for i, make in enumerate(CASES.values()):
        make(folder / f"geval{i}.xlsx")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run([sys.executable, __file__, "--build", str(folder)], check=True, stderr=subprocess.DEVNULL)
        rows = []
        for i, name in enumerate(CASES):
            path = folder / f"geval{i}.xlsx"
            seconds, peak, code, what = answer(path, folder / f"uit{i}.xlsx")
            rows.append((seconds, peak, name, path.stat().st_size, code, what))
            print(f"{name:42s} {path.stat().st_size / MB:6.2f} MB  {seconds:5.2f} s  {peak:5.0f} MB  exit {code}  "
                  f"{what}", flush=True)
        slowest = max(rows)
        largest = max(rows, key=lambda r: r[1])
        print(f"\nslowest answer: {slowest[2]}: {slowest[0]:.2f} s; most memory: {largest[2]}: {largest[1]:.0f} MB "
              f"(goal: 2 s and 300 MB)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build_all(Path(sys.argv[2]))
    else:
        main()
