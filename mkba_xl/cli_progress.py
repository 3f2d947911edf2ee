"""A progress line on standard error for runs that take longer than about a second (the command line's).

The library never prints: a long job takes a callback ``(stage, done)``. ``StderrProgress`` is that
callback for the command line. It stays silent for the first ``delay`` seconds, so a quick run shows
nothing, then draws one line that it rewrites on a terminal (``[#####.....]  50% rekenen``), or writes
one line per stage when standard error is a file or a pipe.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import TextIO

__all__ = ["StderrProgress", "progress_line"]

WIDTH = 30


class StderrProgress:
    """The progress callback of the command line (module doc); ``close`` ends its line."""

    def __init__(self, title: str, *, delay: float = 1.0, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.title = title
        self.delay = delay
        self.stream = stream or sys.stderr
        self.clock = clock
        self.start = clock()
        self.shown = False
        self.last_stage = ""

    def __call__(self, stage: str, done: float) -> None:
        if self.clock() - self.start < self.delay:
            return
        done = min(max(done, 0.0), 1.0)
        tty = getattr(self.stream, "isatty", lambda: False)()
        with contextlib.suppress(OSError):  # a full or closed standard error must not stop the analysis
            if tty:
                filled = round(done * WIDTH)
                self.stream.write(f"\r{self.title}: [{'#' * filled}{'.' * (WIDTH - filled)}] {done * 100:3.0f}% "
                                  f"{stage:<16}")
            elif stage != self.last_stage:
                self.stream.write(f"{self.title}: {done * 100:3.0f}% {stage}\n")
            self.stream.flush()
        self.shown, self.last_stage = True, stage

    def close(self) -> None:
        """End the progress line (on a terminal), so that what follows starts on a line of its own."""
        if self.shown and getattr(self.stream, "isatty", lambda: False)():
            with contextlib.suppress(OSError):
                self.stream.write("\n")
                self.stream.flush()


@contextlib.contextmanager
def progress_line(title: str) -> Iterator[StderrProgress]:
    """A ``StderrProgress`` for the job inside the ``with``, its line ended however the job ends."""
    progress = StderrProgress(title)
    try:
        yield progress
    finally:
        progress.close()
