"""The registry of problem-code cases: each case makes one real workbook (or condition) and returns the one
problem of its code. ``test_problem_codes`` checks every case's Dutch text; ``dossier_codes`` adds the DOSSIERS
cases to the same registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mkba_xl.errors import Problem

Case = Callable[[Path, pytest.MonkeyPatch], Problem]
CASES: dict[str, Case] = {}


def case(code: str) -> Callable[[Case], Case]:
    """Register the decorated function as the case of ``code``."""
    def register(fn: Case) -> Case:
        CASES[code] = fn
        return fn
    return register


def one(problems: list[Problem], code: str) -> Problem:
    """The one problem of ``code`` among ``problems`` (the assertion shows them all when there is not one)."""
    mine = [p for p in problems if p.code == code]
    assert len(mine) == 1, [p.as_text() for p in problems]
    return mine[0]
