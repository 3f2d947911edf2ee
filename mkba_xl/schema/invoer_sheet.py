"""The INVOER sheet as one declaration: its fields and layout rows, joined from its parts, as users read them."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..references import readable
from .declarations import Field, Row
from .invoer_effects import EFFECTS, TRAJECTORIES
from .invoer_reach_costs import COSTS, GENERAL, REACH, TITLE
from .usual import declared_usual

INVOER_PARTS = (TITLE, GENERAL, REACH, COSTS, EFFECTS, TRAJECTORIES)
"""INVOER from top to bottom: rows 1-3, Algemeen, A, B (``invoer_reach_costs``), C, D (``invoer_effects``)."""


@lru_cache(maxsize=1)
def invoer_layout() -> tuple[tuple[Field, ...], tuple[Row, ...]]:
    """The INVOER fields and layout rows, each in sheet order (built once, on first use).

    Help texts cite their sources compactly in the parts ("001 Tabel 4.7"); users read them written out
    (``references.readable``), in the template's input messages, ``mkba-xl schema`` and the docs. Each field
    gets its usual range from ``USUAL``.
    """
    entries = [entry for part in INVOER_PARTS for entry in part]
    fields = tuple(replace(e, help=readable(e.help), usual=declared_usual(e.key))
                   for e in entries if isinstance(e, Field))
    rows = tuple(replace(e, text=readable(e.text)) for e in entries if isinstance(e, Row))
    return fields, rows


def invoer_fields() -> tuple[Field, ...]:
    return invoer_layout()[0]


def invoer_rows() -> tuple[Row, ...]:
    return invoer_layout()[1]


@lru_cache(maxsize=1)
def fields_by_key() -> dict[str, Field]:
    return {f.key: f for f in invoer_fields()}
