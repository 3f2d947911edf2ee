"""Regenerate the sample workbooks and ``docs/reproduction.md``: ``python -m mkba_xl.reproduce`` (or
``mkba-xl reproduce``) from the repository root.

The comparison lives in ``reproduction``, the Markdown in ``reproduce_md``; this module only runs them.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from .reproduce_md import render
from .reproduction import run_all
from .samples import regenerate_all


def build_report(cases_dir: str | os.PathLike[str], workbooks_dir: str | os.PathLike[str] | None = None) -> str:
    """The Markdown of ``docs/reproduction.md`` for the sample workbooks as they are on disk."""
    return render(run_all(cases_dir, workbooks_dir))


def reproduce(cases_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str],
              report_path: str | os.PathLike[str]) -> str:
    """Regenerate the sample workbooks into ``out_dir``, write the report to ``report_path``, return its text."""
    regenerate_all(cases_dir, out_dir)
    text = build_report(cases_dir, out_dir)
    report_path = Path(report_path)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(text, encoding="utf-8", newline="\n")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkba_xl.reproduce",
                                     description="Maak de voorbeeldwerkmappen opnieuw en schrijf docs/reproduction.md.")
    parser.add_argument("--cases", default="sample_workbooks/cases", help="map met de casusbestanden (*.json)")
    parser.add_argument("--out", default="sample_workbooks", help="map voor de voorbeeldwerkmappen")
    parser.add_argument("--report", default="docs/reproduction.md", help="pad van het verslag")
    args = parser.parse_args(argv)
    reproduce(args.cases, args.out, args.report)
    print(f"Voorbeeldwerkmappen in {args.out}; verslag in {args.report}.")
    return 0


__all__ = ["build_report", "main", "reproduce"]


if __name__ == "__main__":
    raise SystemExit(main())
