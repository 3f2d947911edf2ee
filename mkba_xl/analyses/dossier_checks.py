"""Record-level validation of a dossier sample: problems as codes with the offending dossier and column.

Pure: ``validate(dossiers)`` returns every problem at once, errors (the sample cannot be aggregated)
and warnings (it can, with a stated reading). The Dutch messages come with the DOSSIERS sheet, which
maps a column key to its cell; tests assert codes.

Privacy (001 noot 27): a column whose values look like BSNs is refused. A BSN has nine digits and
passes the elfproef. Dossier numbers may be nine digits by chance, and about 1 in 11 random nine-digit
numbers passes the elfproef, so one passing value proves nothing; ``bsn_like_columns`` refuses a column
when the number of passing values is too large to be chance (see ``BSN_CHANCE_LIMIT``). In the free-text
column 'opmerking', where no identifier belongs, every passing value is refused.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeGuard

from ..errors import ERROR, WARNING
from .dossiers import (
    COMPOSITIONS,
    ESCALATIONS,
    HOUSEHOLD_TYPES,
    INCOME_SOURCES,
    INTERVENTIONS,
    JUDGEMENTS,
    LEEFGEBIEDEN,
    LVB_GGZ,
    NO,
    PERFORMERS,
    SEVERITIES,
    WITH_CHILDREN,
    YES,
    Cell,
    Dossier,
    has_ongoing,
    has_problem,
    severity_from_zrm,
)

# Errors: the sample cannot be aggregated until they are fixed.
NO_DOSSIERS = "no-dossiers"
MISSING_NUMBER = "missing-dossier-number"
DUPLICATE_DOSSIER = "duplicate-dossier"
UNKNOWN_TYPE = "unknown-type"
UNKNOWN_SEVERITY = "unknown-severity"
UNKNOWN_VALUE = "unknown-value"
ZRM_OUT_OF_RANGE = "zrm-out-of-range"
INVALID_NUMBER = "invalid-number"
DROPPED_NOT_ONGOING = "dropped-not-ongoing"
NEW_WITHOUT_PERFORMER = "new-by-nobody"
ESCALATION_WITHOUT_TYPE = "escalation-without-type"
BSN_COLUMN = "bsn-column"
BSN_VALUE = "bsn-value"
# Warnings: aggregated with the reading stated in docs/dossiers.md.
MISSING_TYPE = "missing-type"
SEVERITY_NOT_DERIVABLE = "severity-not-derivable"
SEVERITY_DIFFERS_FROM_ZRM = "severity-differs-from-zrm"
NEWLY_FOUND_WITH_ONGOING = "newly-found-with-ongoing"
TAKEOVER_MISSING = "takeover-missing"
DEAD_WEIGHT_MISSING = "dead-weight-missing"
CHILDREN_MISSING = "escalation-children-missing"
CHILDREN_EXCEED_HOUSEHOLD = "escalation-children-exceed-household"
FAMILY_WITHOUT_CHILDREN = "family-without-children"
COMPOSITION_NOT_FAMILY = "composition-not-family"
OTHERS_WITHOUT_IMPROVEMENT = "others-without-improvement"
RELAPSE_NOT_CLOSED = "relapse-not-closed"

BSN_CHECKED_COLUMNS = ("dossiernummer", "teamlid")
"""The text columns where an identifier might be typed; 'opmerking' has its own, stricter rule."""
MAX_CHILDREN = 20
BSN_CHANCE = 1 / 11
"""Share of random nine-digit numbers that pass the elfproef (the last digit is fixed by the other eight
unless their weighted sum leaves remainder 10: 10/11 x 1/10)."""
BSN_CHANCE_LIMIT = 0.001
"""A column is BSN-like when, were its nine-digit values random, at least this many passing the elfproef
would happen with probability below 1 in 1,000 (binomial tail with p = 1/11). Examples: 3 of 3 passing is
refused (p = 0.0008), 2 of 2 is not (0.008); of 80 random dossier numbers about 7 pass, and 17 or more
would be refused."""


@dataclass(frozen=True)
class DossierProblem:
    """One problem: a stable code, where (dossier number, column key, row) and the offending value."""

    code: str
    dossier: str = ""
    column: str = ""
    row: int | None = None
    value: str = ""
    severity: str = ERROR


# ---- the elfproef and BSN-like columns -------------------------------------------------------------

_NINE_DIGITS = re.compile(r"^\d{9}$")
_SEPARATORS = re.compile(r"[\s.\-]")
_DIGIT_RUN = re.compile(r"(?<!\d)\d[\d .\-]{7,12}\d(?!\d)")


def passes_elfproef(digits: str) -> bool:
    """True for nine digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11 (the BSN test).

    >>> passes_elfproef("111222333"), passes_elfproef("123456789")
    (True, False)
    """
    if not _NINE_DIGITS.match(digits):
        return False
    total = sum(w * int(c) for w, c in zip(range(9, 1, -1), digits[:8])) - int(digits[8])
    return total % 11 == 0


def nine_digits(value: object) -> str | None:
    """The nine-digit form of a cell, or None: text with spaces, dots or hyphens removed, or a whole number
    of eight or nine digits (Excel drops the leading zero of a BSN typed as a number)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:09d}" if 10_000_000 <= value <= 999_999_999 else None
    text = _SEPARATORS.sub("", str(value))
    return text if _NINE_DIGITS.match(text) else None


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed in log space (n may be tens of thousands)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    terms = [math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1) + j * log_p + (n - j) * log_q
             for j in range(k, n + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def bsn_like_columns(columns: Mapping[str, Sequence[object]]) -> tuple[str, ...]:
    """Keys of the columns whose values look like BSNs (rule: ``BSN_CHANCE_LIMIT``). Works on raw columns,
    so the sheet reader can pass every column it finds, including ones the template does not know."""
    flagged = []
    for key, values in columns.items():
        nine = [d for d in map(nine_digits, values) if d is not None]
        passing = sum(passes_elfproef(d) for d in nine)
        if passing and binomial_tail(passing, len(nine), BSN_CHANCE) < BSN_CHANCE_LIMIT:
            flagged.append(key)
    return tuple(flagged)


def bsn_in_text(text: str) -> bool:
    """True when free text holds a run of nine digits (optionally with spaces, dots or hyphens) passing the
    elfproef."""
    return any(passes_elfproef(_SEPARATORS.sub("", m.group())) for m in _DIGIT_RUN.finditer(text))


# ---- record checks ----------------------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.problems: list[DossierProblem] = []

    def add(self, code: str, d: Dossier | None, column: str, value: object = "", severity: str = ERROR) -> None:
        shown = "" if value is None else str(value)
        self.problems.append(DossierProblem(code, d.number if d else "", column, d.row if d else None, shown,
                                            severity))

    def warn(self, code: str, d: Dossier, column: str, value: object = "") -> None:
        self.add(code, d, column, value, WARNING)

    def take(self) -> list[DossierProblem]:
        """The problems added since the last ``take``."""
        taken, self.problems = self.problems, []
        return taken


def _is_whole(value: Cell, low: int, high: int) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check_choice(c: _Collector, d: Dossier, column: str, value: str | None, allowed: Iterable[str],
                  code: str = UNKNOWN_VALUE) -> None:
    if value is not None and value not in allowed:
        c.add(code, d, column, value)


def _check_household(c: _Collector, d: Dossier) -> None:
    _check_choice(c, d, "type", d.household_type, HOUSEHOLD_TYPES, UNKNOWN_TYPE)
    _check_choice(c, d, "samenstelling", d.composition, COMPOSITIONS)
    _check_choice(c, d, "inkomensbron", d.income_source, INCOME_SOURCES)
    _check_choice(c, d, "minima", d.minima, (YES, NO))
    _check_choice(c, d, "lvb_ggz", d.lvb_ggz, LVB_GGZ)
    _check_choice(c, d, "nieuw_gevonden", d.newly_found, (YES, NO))
    _check_choice(c, d, "afgesloten", d.closed, (YES, NO))
    _check_choice(c, d, "terugval", d.relapse, (YES, NO))
    if d.household_type is None:
        c.warn(MISSING_TYPE, d, "type")
    for column, value in (("kinderen", d.children), ("kinderen_thuis", d.children_home)):
        if value is not None and not _is_whole(value, 0, MAX_CHILDREN):
            c.add(INVALID_NUMBER, d, column, value)
    if _is_whole(d.children, 0, MAX_CHILDREN) and _is_whole(d.children_home, 0, MAX_CHILDREN) \
            and d.children_home > d.children:
        c.add(INVALID_NUMBER, d, "kinderen_thuis", d.children_home)
    if d.household_type == "gezin" and d.children == 0:
        c.warn(FAMILY_WITHOUT_CHILDREN, d, "kinderen", d.children)
    if d.composition in ("eenoudergezin", "tweeoudergezin") and d.household_type in ("oudere", "overig"):
        c.warn(COMPOSITION_NOT_FAMILY, d, "samenstelling", d.composition)
    if d.relapse == YES and d.closed == NO:
        c.warn(RELAPSE_NOT_CLOSED, d, "terugval", d.relapse)


def _check_severity(c: _Collector, d: Dossier) -> None:
    _check_choice(c, d, "zwaarte", d.severity, SEVERITIES, UNKNOWN_SEVERITY)
    derived = severity_from_zrm(s.start for s in d.leefgebieden)
    if d.severity is None and derived is None:
        c.warn(SEVERITY_NOT_DERIVABLE, d, "zwaarte")
    elif d.severity in SEVERITIES and derived is not None and derived != d.severity:
        c.warn(SEVERITY_DIFFERS_FROM_ZRM, d, "zwaarte", f"{d.severity} (ZRM: {derived})")


_VALID_STATES = frozenset({None, YES, NO, 1, 2, 3, 4, 5})
_STATE_TYPES = (type(None), str, int)  # exact types: True and 3.0 equal 1 and 3 but are no ZRM score


def _valid_state(value: Cell) -> bool:
    return type(value) in _STATE_TYPES and value in _VALID_STATES


def _check_leefgebieden(c: _Collector, d: Dossier) -> None:
    for key, state in zip(LEEFGEBIEDEN, d.leefgebieden):
        for suffix, value in (("start", state.start), ("nu", state.now)):
            if not _valid_state(value):
                code = ZRM_OUT_OF_RANGE if isinstance(value, (int, float)) else UNKNOWN_VALUE
                c.add(code, d, f"{key}_{suffix}", value)
        if state.due_to_others is None:
            continue
        _check_choice(c, d, f"{key}_anderen", state.due_to_others, (YES, NO))
        improved = has_problem(state.start) is True and has_problem(state.now) is False
        if state.due_to_others == YES and not improved:
            c.warn(OTHERS_WITHOUT_IMPROVEMENT, d, f"{key}_anderen", state.due_to_others)


def _check_interventions(c: _Collector, d: Dossier) -> None:
    for key, ongoing, action in zip(INTERVENTIONS, d.ongoing, d.interventions):
        if ongoing is not None and not _is_whole(ongoing, 0, 1):
            c.add(INVALID_NUMBER, d, f"lopend_{key}", ongoing)
        if action.change is not None and action.change not in (-1, 1):
            c.add(INVALID_NUMBER, d, f"team_{key}", action.change)
        _check_choice(c, d, f"door_{key}", action.performer, PERFORMERS)
        _check_choice(c, d, f"oud_{key}", action.old_way, (YES, NO))
        if action.change == -1:
            if ongoing != 1:
                c.add(DROPPED_NOT_ONGOING, d, f"team_{key}", action.change)
            if action.performer is None:
                c.warn(TAKEOVER_MISSING, d, f"door_{key}")
        elif action.change == 1:
            if action.performer == "geen":
                c.add(NEW_WITHOUT_PERFORMER, d, f"door_{key}", action.performer)
            elif action.performer in (None, "professional") and action.old_way is None:
                c.warn(DEAD_WEIGHT_MISSING, d, f"oud_{key}")
    if d.newly_found == YES and has_ongoing(d):
        c.warn(NEWLY_FOUND_WITH_ONGOING, d, "nieuw_gevonden", d.newly_found)


def _check_escalations(c: _Collector, d: Dossier) -> None:
    for key, esc in zip(ESCALATIONS, d.escalations):
        column = f"voorkomen_{key}"
        _check_choice(c, d, column, esc.judgement, JUDGEMENTS)
        prevented = esc.judgement in ("ja", "deels")
        if prevented and d.household_type is None:
            c.add(ESCALATION_WITHOUT_TYPE, d, column, esc.judgement)
        if key not in WITH_CHILDREN:
            continue
        kids = esc.children
        if kids is not None and not _is_whole(kids, 1, MAX_CHILDREN):
            c.add(INVALID_NUMBER, d, f"{column}_kinderen", kids)
        elif prevented and kids is None:
            c.warn(CHILDREN_MISSING, d, f"{column}_kinderen")
        elif prevented and _is_whole(kids, 1, MAX_CHILDREN) and _is_whole(d.children, 0, MAX_CHILDREN) \
                and kids > d.children:
            c.warn(CHILDREN_EXCEED_HOUSEHOLD, d, f"{column}_kinderen", kids)


def _check_sample(c: _Collector, dossiers: Sequence[Dossier]) -> None:
    counts = Counter(d.number.strip().casefold() for d in dossiers if d.number.strip())
    for d in dossiers:
        if not d.number.strip():
            c.add(MISSING_NUMBER, d, "dossiernummer")
        elif counts[d.number.strip().casefold()] > 1:
            c.add(DUPLICATE_DOSSIER, d, "dossiernummer", d.number)
    values = {"dossiernummer": [d.number for d in dossiers], "teamlid": [d.member for d in dossiers]}
    columns = {key: values[key] for key in BSN_CHECKED_COLUMNS}
    for key in bsn_like_columns(columns):
        c.add(BSN_COLUMN, None, key)
    for d in dossiers:
        if d.remark and bsn_in_text(d.remark):
            c.add(BSN_VALUE, d, "opmerking")


def validate(dossiers: Sequence[Dossier]) -> tuple[DossierProblem, ...]:
    """Every problem of the sample, errors and warnings, in row order per check."""
    return tuple(iter_problems(dossiers))


def iter_problems(dossiers: Sequence[Dossier]) -> Iterator[DossierProblem]:
    """The problems of ``validate`` one dossier at a time (the checks of the whole sample first), so that a caller
    who needs only the first ones (a full report, is there any error?) does not check 2,000 broken dossiers."""
    c = _Collector()
    if not dossiers:
        c.add(NO_DOSSIERS, None, "")
        yield from c.take()
        return
    _check_sample(c, dossiers)
    for d in dossiers:
        yield from c.take()
        _check_household(c, d)
        _check_severity(c, d)
        _check_leefgebieden(c, d)
        _check_interventions(c, d)
        _check_escalations(c, d)
    yield from c.take()


def errors(problems: Iterable[DossierProblem]) -> tuple[DossierProblem, ...]:
    return tuple(p for p in problems if p.severity == ERROR)

