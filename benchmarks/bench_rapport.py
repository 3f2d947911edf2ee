"""Benchmark (not a test): how long mkba-xl rapport takes, as a whole command and per phase, on every sample.

The whole command runs in its own process (imports included, as a user waits for it); the phases are timed in
this process after a warm-up, best of three: reading and computing, the two analyses, the facts, the charts
(matplotlib) and the Word document. With LibreOffice installed the PDF conversion is timed too.

Run: python benchmarks/bench_rapport.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import best_of as timed_best_of  # noqa: E402  (benchmarks/ is the script's folder)

from mkba_xl import libreoffice  # noqa: E402
from mkba_xl.analyses.gevoeligheid import analyse  # noqa: E402
from mkba_xl.analyses.onzekerheid import analyse as uncertainty  # noqa: E402
from mkba_xl.analyses.onzekerheid_model import plan  # noqa: E402
from mkba_xl.engine import compute  # noqa: E402
from mkba_xl.pipeline import read  # noqa: E402
from mkba_xl.rapport.document import build  # noqa: E402
from mkba_xl.rapport.facts import gather  # noqa: E402
from mkba_xl.rapport.job import to_pdf  # noqa: E402
from mkba_xl.rapport.pictures import render_all  # noqa: E402

SAMPLES = sorted(p for p in (ROOT / "sample_workbooks").glob("*.xlsx") if not p.stem.startswith("dossiers"))



def whole_command(sample: Path, *extra: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("mkba-xl")), "rapport", str(sample), "-o",
                        str(Path(folder) / "memo.docx"), *extra], check=True, capture_output=True, cwd=ROOT)
        return time.perf_counter() - start


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """This script's timing: ``timing.best_of`` after one untimed call."""
    return timed_best_of(fn, repeat, warm_up=True)


def main() -> None:
    print("mkba-xl rapport, whole command (own process, best of 3):")
    for sample in SAMPLES:
        times = [whole_command(sample) for _ in range(3)]
        print(f"  {sample.stem:<28} {min(times):5.2f} s")
    if libreoffice.soffice():
        times = [whole_command(SAMPLES[-2], "--pdf") for _ in range(2)]
        print(f"  {SAMPLES[-2].stem + ' --pdf':<28} {min(times):5.2f} s")
    sample = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
    wb = read(sample)
    result = compute(wb.invoer, wb.kengetallen)
    sensitivity = analyse(wb.invoer, wb.kengetallen)
    drawn = uncertainty(wb.invoer, wb.kengetallen, None)
    assumptions = plan(None, wb.invoer, wb.kengetallen).assumptions
    facts = gather(result, wb.invoer, wb.kengetallen, sensitivity, drawn, assumptions, "bench")
    pictures = render_all(facts)
    docx = build(facts, pictures)
    print("phases on the meta sample (this process, best of 3):")
    for name, fn in (("read + compute", lambda: compute(read(sample).invoer, wb.kengetallen)),
                     ("sensitivity analysis", lambda: analyse(wb.invoer, wb.kengetallen)),
                     ("uncertainty analysis (10,000)", lambda: uncertainty(wb.invoer, wb.kengetallen, None)),
                     ("facts", lambda: gather(result, wb.invoer, wb.kengetallen, sensitivity, drawn, assumptions,
                                              "bench")),
                     ("charts (matplotlib)", lambda: render_all(facts)),
                     ("Word document", lambda: build(facts, pictures))):
        print(f"  {name:<30} {best_of(fn):6.3f} s")
    if libreoffice.soffice():
        print(f"  {'PDF (LibreOffice)':<30} {best_of(lambda: to_pdf(docx, 'memo'), 1):6.3f} s")


if __name__ == "__main__":
    main()
