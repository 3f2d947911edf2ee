"""Benchmark (not a test): how long the everyday jobs and the refusals of hostile files take.

These were timing asserts in the tests (0.3 to 2 s limits) that could fail on a slow CI machine; here
they are printed figures, best of a few runs after a warm-up, with the limit they used to have.

Run: python benchmarks/bench_timings.py
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import best_of as timed_best_of  # noqa: E402  (benchmarks/ is the script's folder)

from mkba_xl import reader  # noqa: E402
from mkba_xl.analyses.gevoeligheid import analyse  # noqa: E402
from mkba_xl.engine import compute  # noqa: E402
from mkba_xl.invoer import Invoer  # noqa: E402
from mkba_xl.kengetallen import default_kengetallen  # noqa: E402
from mkba_xl.writer import write_uitvoer  # noqa: E402
from mkba_xl.xlsx import guard  # noqa: E402
from tests.cases import META  # noqa: E402
from tests.test_reader_refusals import BILLION_LAUGHS, rewrite_member  # noqa: E402
from tests.workbooks import write_workbook  # noqa: E402


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """This script's timing: ``timing.best_of`` after one untimed call."""
    return timed_best_of(fn, repeat, warm_up=True)


def main() -> None:
    kg = default_kengetallen()
    invoer = Invoer.from_values(META)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = write_workbook(folder / "klein.xlsx")
        zip_bomb = write_workbook(folder / "zipbom.xlsx")
        with zipfile.ZipFile(zip_bomb, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("xl/media/nul.bin", bytes(50 * 1024 * 1024))  # 50 MB of zeros, about 50 kB packed
        xml_bombs = {}
        for member in ("xl/workbook.xml", "xl/worksheets/sheet1.xml"):
            path = write_workbook(folder / f"xmlbom-{member.count('/')}.xlsx")
            rewrite_member(path, member, BILLION_LAUGHS)
            xml_bombs[member] = path

        def without_scan() -> None:
            saved = guard.XML_DECLARATIONS  # the benchmark switches the scan off
            guard.XML_DECLARATIONS = (b"<!-- never present -->",)
            try:
                reader.check_workbook(xml_bombs["xl/workbook.xml"])
            finally:
                guard.XML_DECLARATIONS = saved

        result = compute(invoer, kg)
        rows = [
            ("read a small filled-in workbook", best_of(lambda: reader.read_workbook(small)), 0.3),
            ("refuse a 50 MB zip bomb", best_of(lambda: reader.check_workbook(zip_bomb)), 0.5),
            *((f"refuse an XML bomb in {member}", best_of(lambda p=path: reader.check_workbook(p)), 2.0)
              for member, path in xml_bombs.items()),
            ("refuse an XML bomb without the DOCTYPE scan (defusedxml)", best_of(without_scan), 2.0),
            ("write the output workbook of the worked example",
             best_of(lambda: write_uitvoer(folder / "uit.xlsx", result, invoer, kg)), 1.0),
            ("the whole sensitivity analysis of the worked example", best_of(lambda: analyse(invoer, kg), 2), 2.0),
        ]
    width = max(len(label) for label, _, _ in rows)
    for label, seconds, limit in rows:
        print(f"{label:<{width}}  {seconds * 1000:8.1f} ms   (the old test allowed {limit * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
