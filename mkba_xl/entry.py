"""The command's entry point: the signals first, then the command line (``cli``).

Ctrl-C (SIGINT), SIGTERM and SIGHUP end a run the same way: the writes in progress are removed
(``xlsx.tempfiles``), one Dutch line says so, and the process exits with 128 + the signal's number, as a
shell reports a process ended by that signal: 130 (Ctrl-C), 143 (SIGTERM), 129 (SIGHUP). The handler
exits at once instead of raising KeyboardInterrupt, so no library code can swallow it, print it from a
destructor or turn it into 'beschadigd', and the run can never go on after it.

The handlers are installed before anything else is imported (click, numpy and XlsxWriter take a few
hundred milliseconds), so a Ctrl-C during start-up gets the same line; only Python's own first
milliseconds, before any of our code runs, are out of reach (there the operating system ends the process,
or Python prints its KeyboardInterrupt).
SIGKILL cannot be caught: the next write into that folder removes what it left (``tempfiles.remove_stale``).

The command also sets the process's garbage collection (``GC_THRESHOLD``): a large workbook makes some
hundreds of thousands of small objects (cells, rows, strings) that live until the output is written, and at
Python's default thresholds the collector went through all of them five times a run for nothing (the largest
DOSSIERS sheet: 0.25 s of 1.55 s computing, nothing collected). The library does not touch it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

__all__ = ["EXIT_CODES", "main"]

_SIGNALS = [s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGHUP", None),
                        getattr(signal, "SIGTERM", None)) if s is not None]
"""SIGTERM last: once it is caught, all are (a test waits for that before it sends a signal)."""
EXIT_CODES = {s: 128 + int(s) for s in _SIGNALS}
_NAMES = {int(getattr(signal, "SIGINT", 2)): "Ctrl-C", int(getattr(signal, "SIGTERM", 15)): "SIGTERM",
          int(getattr(signal, "SIGHUP", 1)): "SIGHUP"}


GC_THRESHOLD = (50_000, 20, 20)
"""``gc.set_threshold`` for a command: young collections after 50,000 new objects instead of 700, so few of them
and no full one in a run (measured in ``benchmarks/bench_crafted.py``; memory unchanged, 162 MB for the largest
valid DOSSIERS sheet either way, since what a run makes lives until the end of the run anyway)."""

_main_pid = 0
"""The process that runs the command; the workers of a run over many workbooks are forked from it."""


def _stop(signum: int, frame: FrameType | None) -> None:
    for s in _SIGNALS:
        signal.signal(s, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the clean-up
    tempfiles = sys.modules.get("mkba_xl.xlsx.tempfiles")  # not imported yet: no write has begun
    done = tempfiles.discard_pending() if tempfiles is not None else []
    if os.getpid() != _main_pid:
        os._exit(128 + signum)  # a worker: its own writes are removed; the main process says what happened
    workers = _stop_workers()
    batch = sys.modules.get("mkba_xl.batch")
    name = _NAMES.get(signum, f"signaal {signum}")
    if workers or (batch is not None and batch.running()):
        line = (f"Afgebroken ({name}): de werkmappen die al klaar waren, zijn geschreven; van de andere is niets "
                f"geschreven en er blijft niets achter.")
    elif done:
        line = f"Afgebroken ({name}). Het uitvoerbestand {done[0]} was al volledig geschreven."
    else:
        line = f"Afgebroken ({name}): er is niets geschreven en er blijft niets achter."
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    with contextlib.suppress(OSError, LookupError):
        os.write(2, (line + "\n").encode(encoding, "replace"))
    os._exit(128 + signum)


def _stop_workers() -> int:
    """Stop the worker processes of a run over many workbooks (each removes its writes in progress, its handler
    being this one) and wait for them, at most some 10 seconds; the number of workers.

    SIGTERM is sent again each second to a worker still running: one that was about to wait for its next workbook
    when the first came in has its handler pending but sleeps on (Python runs a handler only between two steps of
    the program, and a wait that begins just after the signal is not interrupted by it); the next one wakes it.
    """
    mp = sys.modules.get("multiprocessing")
    workers = mp.active_children() if mp is not None else []
    running = list(workers)
    for _ in range(10):
        for worker in running:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                worker.terminate()
        for worker in running:
            with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
                worker.join(1)
        running = [worker for worker in running if _alive(worker)]
        if not running:
            break
    return len(workers)


def _alive(worker: BaseProcess) -> bool:
    try:
        return worker.is_alive()
    except (OSError, ValueError, AttributeError, AssertionError):
        return False


def main(argv: list[str] | None = None) -> None:
    """Run the command line with the signal handlers in place and streams that never fail on a character."""
    global _main_pid
    _main_pid = os.getpid()
    for s in _SIGNALS:
        signal.signal(s, _stop)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    gc.set_threshold(*GC_THRESHOLD)
    from .cli import cli

    try:
        cli.main(args=argv, prog_name="mkba-xl")
    finally:
        for s in _SIGNALS:  # done: a signal during Python's shutdown must not turn a finished run into a killed one
            signal.signal(s, signal.SIG_IGN)
