"""A validated dossier sample as numpy arrays: one row per dossier, one column per state or action.

Everything the aggregation needs is a sum over these arrays, so every aggregate is a ratio of two sums
and one bootstrap serves them all. The rows are sorted by dossier number, which makes the result
independent of the order of the sheet (same sample, same bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .dossiers import (
    COMPOSITIONS,
    ESCALATIONS,
    HOUSEHOLD_TYPES,
    INTERVENTIONS,
    INVOER_COMPOSITION,
    JUDGEMENT_WEIGHT,
    MULTI_PROBLEM,
    NO,
    PERFORMERS,
    SEVERITIES,
    WITH_CHILDREN,
    YES,
    ZRM_PROBLEM_MAX,
    Cell,
    Dossier,
    effective_newly_found,
    effective_severity,
)

UNKNOWN = -1
TEAM, NETWORK, PROFESSIONAL, NOBODY = (PERFORMERS.index(p) for p in ("team", "netwerk", "professional", "geen"))


@dataclass(frozen=True)
class DossierTable:
    """Encoded sample (n dossiers). Unknown states are NaN (floats) or -1 (codes)."""

    numbers: tuple[str, ...]
    household_type: np.ndarray  # (n,) index into HOUSEHOLD_TYPES, -1 unknown
    severity: np.ndarray  # (n,) index into SEVERITIES, -1 unknown
    composition: np.ndarray  # (n,) 0 = eenouder/eenpersoons, 1 = tweeouder/meerpersoons, -1 unknown
    children_home: np.ndarray  # (n,) thuiswonende kinderen (else all children), NaN unknown
    newly_found: np.ndarray  # (n,) bool
    problem_start: np.ndarray  # (n, 13) 1.0 / 0.0 / NaN
    problem_now: np.ndarray  # (n, 13)
    due_to_others: np.ndarray  # (n, 13) bool
    ongoing: np.ndarray  # (n, 12) bool
    change: np.ndarray  # (n, 12) -1, 0, +1
    performer: np.ndarray  # (n, 12) index into PERFORMERS, -1 empty
    old_way: np.ndarray  # (n, 12) 1 ja, 0 nee, -1 empty
    escalation_weight: np.ndarray  # (n, 5) judgement weight 1 / 0.5 / 0
    escalation_children: np.ndarray  # (n, 2) children of prevented OTS, UHP x weight
    closed: np.ndarray  # (n,) 1.0 / 0.0 / NaN
    relapse: np.ndarray  # (n,) 1.0 / 0.0 / NaN

    @property
    def n(self) -> int:
        return len(self.numbers)

    @property
    def multi_problem(self) -> np.ndarray:
        return np.isin(self.severity, [SEVERITIES.index(s) for s in MULTI_PROBLEM])

    def of_type(self, household_type: str) -> np.ndarray:
        return np.asarray(self.household_type == HOUSEHOLD_TYPES.index(household_type))


def _index(value: str | None, vocabulary: Sequence[str]) -> int:
    return vocabulary.index(value) if value in vocabulary else UNKNOWN


def _yes_no(value: str | None) -> float:
    return 1.0 if value == YES else 0.0 if value == NO else np.nan


_PROBLEM: dict[Cell, float] = {YES: 1.0, NO: 0.0, **{score: float(score <= ZRM_PROBLEM_MAX) for score in range(1, 6)}}
"""``has_problem`` as a lookup for the values that pass validation (the encoding runs per cell)."""


def _count(value: Cell) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else np.nan


def _children_of(weight: float, kids: Cell) -> float:
    # A prevented OTS or UHP without the number of children counts one child (aanname: at least one).
    return weight * (_count(kids) if isinstance(kids, int) and kids >= 1 else 1.0)


def encode(dossiers: Sequence[Dossier]) -> DossierTable:
    """Arrays of a sample that passed ``validate`` without errors (warnings are read as docs/dossiers.md says)."""
    ordered = sorted(dossiers, key=lambda d: (d.number.strip().casefold(), d.number))
    composition_index = {c: 0 if INVOER_COMPOSITION[c] == "eenouder" else 1 for c in COMPOSITIONS}
    kids_at = [list(ESCALATIONS).index(k) for k in WITH_CHILDREN]
    rows_start, rows_now, rows_others, rows_esc, rows_kids = [], [], [], [], []
    scalars = []
    for d in ordered:
        rows_start.append([_PROBLEM.get(s.start, np.nan) for s in d.leefgebieden])
        rows_now.append([_PROBLEM.get(s.now, np.nan) for s in d.leefgebieden])
        rows_others.append([s.due_to_others == YES for s in d.leefgebieden])
        weights = [JUDGEMENT_WEIGHT.get(e.judgement or "", 0.0) for e in d.escalations]
        rows_esc.append(weights)
        rows_kids.append([_children_of(weights[i], d.escalations[i].children) for i in kids_at])
        home = _count(d.children_home)
        scalars.append((
            _index(d.household_type, HOUSEHOLD_TYPES), _index(effective_severity(d), SEVERITIES),
            composition_index.get(d.composition or "", UNKNOWN), home if not np.isnan(home) else _count(d.children),
            effective_newly_found(d), _yes_no(d.closed), _yes_no(d.relapse)))
    performer, old_way = {p: i for i, p in enumerate(PERFORMERS)}, {YES: 1, NO: 0}
    actions = [[(a.change if a.change in (-1, 1) else 0, performer.get(a.performer or "", UNKNOWN),
                 old_way.get(a.old_way or "", UNKNOWN)) for a in d.interventions] for d in ordered]
    n = len(ordered)
    act = np.array(actions, dtype=np.int64).reshape(n, len(INTERVENTIONS), 3)
    cols = list(zip(*scalars)) if scalars else [()] * 7
    return DossierTable(
        numbers=tuple(d.number for d in ordered),
        household_type=np.array(cols[0], dtype=np.int64), severity=np.array(cols[1], dtype=np.int64),
        composition=np.array(cols[2], dtype=np.int64), children_home=np.array(cols[3], dtype=float),
        newly_found=np.array(cols[4], dtype=bool),
        problem_start=np.array(rows_start, dtype=float).reshape(n, -1),
        problem_now=np.array(rows_now, dtype=float).reshape(n, -1),
        due_to_others=np.array(rows_others, dtype=bool).reshape(n, -1),
        ongoing=np.array([[v == 1 for v in d.ongoing] for d in ordered], dtype=bool).reshape(n, len(INTERVENTIONS)),
        change=act[:, :, 0], performer=act[:, :, 1], old_way=act[:, :, 2],
        escalation_weight=np.array(rows_esc, dtype=float).reshape(n, len(ESCALATIONS)),
        escalation_children=np.array(rows_kids, dtype=float).reshape(n, len(WITH_CHILDREN)),
        closed=np.array(cols[5], dtype=float), relapse=np.array(cols[6], dtype=float),
    )
