"""The progress line of ``mkba-xl run`` over many workbooks, on standard error (the command line's).

The library never prints: ``batch.run_many`` calls back after each workbook with (done, total, outcome). On a
terminal this rewrites one line (``[#####.....] 120/1000 werkmappen, 2 met fouten``); to a file or a pipe it writes
a line at every tenth part, so a log stays short.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

__all__ = ["BatchProgress"]

WIDTH = 30


class BatchProgress:
    """The callback of ``run_many`` for the command line; ``close`` ends its line."""

    def __init__(self, total: int, *, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.failed = 0
        self.shown = False
        self.step = max(1, total // 10)

    def __call__(self, done: int, total: int, outcome: Any) -> None:
        if not outcome.ok:
            self.failed += 1
        text = f"{done}/{total} werkmappen" + (f", {self.failed} met fouten" if self.failed else "")
        if getattr(self.stream, "isatty", lambda: False)():
            filled = round(done / total * WIDTH) if total else WIDTH
            self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {text}   ")
        elif done % self.step == 0 or done == total:
            self.stream.write(f"Voortgang: {text}\n")
        else:
            return
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown and getattr(self.stream, "isatty", lambda: False)():
            self.stream.write("\n")
            self.stream.flush()
