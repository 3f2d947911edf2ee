"""What the command line prints: never failing on a character or a full disk.

A character the terminal cannot show (a Latin-1 terminal and the euro sign) is replaced, ``--json`` then
escapes it, and when standard output cannot be written (a full disk, a closed pipe) ``emit`` raises
``StdoutFailed``, which the command line turns into one Dutch line on standard error and exit code 2.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

__all__ = ["StdoutFailed", "as_json_text", "emit"]


class StdoutFailed(Exception):
    """Standard output cannot be written (a full disk, a closed pipe); ``written`` is a file already in place."""

    def __init__(self, cause: OSError, written: Path | None = None) -> None:
        super().__init__(str(cause))
        self.cause, self.written = cause, written


def emit(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` and flush it, replacing what the terminal cannot show; raises ``StdoutFailed``."""
    stream = sys.stderr if err else sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        click.echo(text.encode(encoding, "replace").decode(encoding), file=stream, nl=nl)
        stream.flush()
    except OSError as exc:
        if err:
            return  # standard error is the last resort: nothing else can tell the user
        silence_stdout()
        raise StdoutFailed(exc) from exc


def silence_stdout() -> None:
    """Point standard output at the null device, so Python's own flush at exit cannot print a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def as_json_text(data: Any) -> str:
    """JSON for standard output: UTF-8 where the terminal has it, else with escapes (\\u20ac), never lossy."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    return json.dumps(data, ensure_ascii=not encoding.startswith("utf"), indent=2)
