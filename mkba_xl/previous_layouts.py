"""The INVOER layouts of earlier template versions, so that ``mkba-xl template --van`` can read an old workbook.

A layout is what the take-over needs of a version: its version text, the cell of every field and every fixed
text with its cell (to recognise the layout, and to find a field's row by its label when rows moved). The
current layout comes from the schema. An older one is declared here as its differences from the current one
and frozen by a fingerprint (SHA-256) of its full layout: ``layout_of`` rebuilds it and checks the fingerprint,
so a later change of the schema can never silently change what an old version means (the build fails, and
``tests/test_migrate.py`` says so first; freeze the old layout in full then, or restate its differences).

Version 1 ("mkba-xl invoer 1", up to commit 89b3562): every field sits at the cell it has in version 2, under
the same label and with the same rule (type, range, default, choices); version 2 reworded three texts and added
the headings of the grey columns L and M and the "Hoort bij" markers of the team block in column D. The test
proves this against ``tests/data/v1_layout.json``, written from the version-1 schema.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .schema import TEMPLATE_VERSION, invoer_fields, invoer_label_cells

__all__ = ["InvoerLayout", "OldLayout", "OLD_LAYOUTS", "OLD_VERSIONS", "current_layout", "fingerprint", "layout_of"]


@dataclass(frozen=True)
class InvoerLayout:
    """INVOER of one template version: field key -> cell, and every fixed text by its cell (in sheet order)."""

    version: str
    cells: dict[str, str]
    texts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OldLayout:
    """An older version as its differences from the current layout: texts it had where the current one differs
    (``texts``: cell -> the old text), cells where it had no text (``no_text``), fields at another cell
    (``cells``: key -> old cell; a field the old version lacked is listed in ``missing``), and the fingerprint
    of the full old layout that the rebuilt one must match."""

    version: str
    fingerprint: str
    texts: dict[str, str] = field(default_factory=dict)
    no_text: tuple[str, ...] = ()
    cells: dict[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


_TEAM_MARKERS = ("D41", "D42", "D43", "D44", "D46", "D47", "D48", "D49")

OLD_LAYOUTS: tuple[OldLayout, ...] = (
    OldLayout(
        "mkba-xl invoer 1",
        "03bef24d583bad74bd4edf8e969bdac1923ba3fdea4b913e74579efbf41a69c4",
        texts={
            "B3": "Vul de gele cellen in. Grijze cellen rekent Excel zelf uit. Percentages typt u als 48%; bedragen "
                  "in hele euro's.",
            "B41": "Jaarlijkse kosten nieuwe aanpak — manier 1: teamomvang en aandeel additioneel",
            "B45": "— of manier 2 (vanaf 2019): fte in de 0-situatie plus extra fte",
        },
        no_text=("L3", "M3", *_TEAM_MARKERS),
    ),
)
"""Every older version that can be taken over, oldest first."""
OLD_VERSIONS = frozenset(o.version for o in OLD_LAYOUTS)


def fingerprint(layout: InvoerLayout) -> str:
    """SHA-256 of a layout's version, field cells and texts: what must stay the same for an old version."""
    data = {"version": layout.version, "cells": sorted(layout.cells.items()), "texts": sorted(layout.texts)}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def current_layout() -> InvoerLayout:
    return InvoerLayout(TEMPLATE_VERSION, {f.key: f.cell for f in invoer_fields()}, invoer_label_cells())


def _rebuilt(old: OldLayout) -> InvoerLayout:
    now = current_layout()
    cells = {key: old.cells.get(key, cell) for key, cell in now.cells.items() if key not in old.missing}
    texts = dict(now.texts)
    for cell in old.no_text:
        texts.pop(cell, None)
    texts.update(old.texts)
    return InvoerLayout(old.version, cells, tuple(texts.items()))


@cache
def layout_of(version: str) -> InvoerLayout | None:
    """The layout of ``version`` (the current one or an older one), None for a version we never shipped.

    Raises ``AssertionError`` when an older layout no longer rebuilds to its fingerprint (the schema changed
    under it): a take-over must then stop rather than read a cell of the wrong field."""
    if version == TEMPLATE_VERSION:
        return current_layout()
    old = next((o for o in OLD_LAYOUTS if o.version == version), None)
    if old is None:
        return None
    layout = _rebuilt(old)
    if fingerprint(layout) != old.fingerprint:
        raise AssertionError(f"the layout of {version!r} no longer matches its fingerprint: the INVOER schema changed "
                             "under it (see mkba_xl/previous_layouts.py)")
    return layout
