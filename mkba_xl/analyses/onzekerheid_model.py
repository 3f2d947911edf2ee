"""From rows to assumptions ready to draw: the standard set and the user's rows against this INVOER.

``plan`` is the second check of the ONZEKERHEID sheet, the one that needs INVOER: it takes the standard
set (``onzekerheid_rows.standard_rows``), lets the user's rows replace (same field) or remove (``geen``)
standard assumptions, and turns each row into an ``Uncertain``: a ``distributions.Assumption`` whose most
likely value is the INVOER value (a factor of 1 for factor rows), truncated to the field's allowed range,
and how a draw becomes engine values. ``distributions.validate`` judges every row; its problem codes
become Dutch messages naming the cell. A standard assumption that does not fit this INVOER (the INVOER
value outside its range, or nothing to vary) is left out with a note instead: only the user's own rows
can be wrong, so a sheet without rows and correlations of its own gives an empty report (``input_sheets``
checks such a sheet without importing this module).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..dutch import FACTOR as FACTOR_KIND
from ..dutch import show
from ..engine.variants import base_number, stackable
from ..errors import Report
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..schema import ONZEKERHEID_SHEET
from .distributions import WARNING, Assumption, RankCorrelation, SpecProblem, validate
from .onzekerheid_rows import (
    FACTOR,
    AssumptionRow,
    CorrelationRow,
    UncertaintySheet,
    assumption_cell,
    correlation_cell,
    describe,
    short_label,
    standard_rows,
    targets_of,
)
from .variations import bounds, kind

__all__ = ["Plan", "Uncertain", "plan"]

_FIELD = "onzekerheid"
_NOTHING = 1e-12
"""An INVOER value this close to 0 gives a factor nothing to scale."""
_ADJECTIVE = {"uniform": "uniforme", "normaal": "normale", "lognormaal": "lognormale"}
_CELL_OF_PART = {"kind": "verdeling", "low": "laag", "high": "hoog", "mode": "laag", "bounds": "laag",
                 "range": "laag", "field": "veld"}


@dataclass(frozen=True)
class Uncertain:
    """One assumption to draw: its row, the spec ``distributions.sample`` draws from, and the fields it sets.

    A draw x is the field's value (``grenzen`` waarde) or a factor on the INVOER values of ``targets``
    (``grenzen`` factor; for a group, its fields with a non-zero INVOER value).
    """

    row: AssumptionRow
    spec: Assumption
    targets: tuple[str, ...]
    bases: tuple[float, ...]

    @property
    def factor(self) -> bool:
        return self.row.grenzen == FACTOR

    @property
    def key(self) -> str:
        return self.row.veld

    @property
    def label(self) -> str:
        return describe(self.row.veld)

    @property
    def short(self) -> str:
        """The label on a chart axis."""
        return short_label(self.row.veld)

    @property
    def unit(self) -> str:
        """How a drawn number reads: a factor ('x 0,5'), or the field's own kind (25%, € 62.556)."""
        return FACTOR_KIND if self.factor else kind(self.targets[0])

    def values(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """The engine values of draws ``x``: target -> array."""
        if self.factor:
            return {t: b * x for t, b in zip(self.targets, self.bases)}
        return {self.targets[0]: x}

    def shown(self, x: float) -> str:
        return show(x, self.unit)

    def invoer_text(self) -> str:
        """The INVOER value this assumption centres on, as users read it."""
        if len(self.targets) == 1:
            return show(self.bases[0] if self.factor else self.spec.mode or 0.0, kind(self.targets[0]))
        return "zoals op INVOER"

    def range_text(self) -> str:
        """'driehoek 10% tot 40%': the distribution and its bounds, without the INVOER value."""
        return f"{self.spec.kind} {self.shown(self.spec.low)} tot {self.shown(self.spec.high)}"

    def distribution_text(self) -> str:
        """'driehoek 10% – 20% – 40%', 'uniform x 0,8 tot x 1,2 (factor op INVOER)', 'normaal, 90% tussen ...'."""
        s = self.spec
        low, high = self.shown(s.low), self.shown(s.high)
        text = {"driehoek": f"driehoek {low} – {self.shown(s.mode or 0.0)} – {high}",
                "uniform": f"uniform {low} tot {high}"}.get(s.kind, f"{s.kind}, 90% tussen {low} en {high}")
        return text + (" (factor op INVOER)" if self.factor else "")


@dataclass(frozen=True)
class Plan:
    """The assumptions and correlations to draw, notes on standard assumptions left out, and every problem."""

    assumptions: tuple[Uncertain, ...]
    correlations: tuple[RankCorrelation, ...]
    notes: tuple[str, ...]
    report: Report


def plan(sheet: UncertaintySheet | None, invoer: Invoer, kg: Kengetallen) -> Plan:
    """The standard set changed by the user's rows, checked against this INVOER (module doc)."""
    user = sheet.rows if sheet is not None else ()
    report = Report()
    notes: list[str] = []
    chosen = _choose(user, notes, report)
    built: list[Uncertain] = []
    for row in chosen:
        uncertain, why = _build(row, invoer, kg)
        if uncertain is None:
            _leave_out(row, why, notes, report)
            continue
        if row.standard:
            uncertain = _clip_standard(uncertain, notes)
        problems = [p for p in validate([uncertain.spec]) if p.code != "duplicate-field"]
        if row.standard and any(p.severity != WARNING for p in problems):
            notes.append(f"Standaardaanname {uncertain.label} ({uncertain.range_text()}) is weggelaten: de "
                         f"waarde op INVOER ({uncertain.invoer_text()}) ligt daarbuiten. Typ op het blad "
                         f"{ONZEKERHEID_SHEET} een eigen regel als deze aanname wel onzeker is.")
            continue
        if row.standard:
            problems = []  # a standard row has no cell to name: only the user's own rows are reported
        if any(p.code == "bounds-order" and p.part == "bounds" for p in problems):  # then the mode is moot
            problems = [p for p in problems if p.part != "mode"]
        for p in problems:
            _report_spec_problem(report, p, uncertain)
        if not any(p.severity != WARNING for p in problems):
            built.append(uncertain)
    correlations = _correlations(sheet.correlations if sheet is not None else (), built, report)
    return Plan(tuple(built), correlations, tuple(notes), report)


def _choose(user: Sequence[AssumptionRow], notes: list[str], report: Report) -> list[AssumptionRow]:
    """Standard rows not replaced or removed by a user row, then the user's rows that draw."""
    claimed = {t: row for row in user for t in targets_of(row.veld)}
    chosen: list[AssumptionRow] = []
    touched: set[int] = set()
    for std in standard_rows():
        hits = [claimed[t] for t in targets_of(std.veld) if t in claimed]
        if not hits:
            chosen.append(std)
            continue
        touched.update(h.rij for h in hits)
        first = hits[0]
        if first.veld != std.veld:
            notes.append(f"Standaardaanname {describe(std.veld)} is weggelaten: regel {first.rij} van het blad "
                         f"{ONZEKERHEID_SHEET} gaat over {first.veld}, dat daarbij hoort.")
    for row in user:
        if not row.removes:
            chosen.append(row)
        elif row.rij not in touched:
            report.warn(ONZEKERHEID_SHEET, assumption_cell("verdeling", row.rij), f"{_FIELD}.regel{row.rij}",
                        f"Regel {row.rij}: '{row.verdeling}' bij {row.veld} verandert niets: dit veld staat niet in de "
                        "standaardaannames en wordt dus niet getrokken.", code="unused-field")
    return chosen


def _build(row: AssumptionRow, invoer: Invoer, kg: Kengetallen) -> tuple[Uncertain | None, str]:
    """The row as an assumption to draw, or None and why it varies nothing."""
    assert row.laag is not None and row.hoog is not None
    targets = targets_of(row.veld)
    base = {t: base_number(invoer, kg, t) for t in targets}
    if row.grenzen != FACTOR:
        target = targets[0]
        if not stackable(invoer, target):
            return None, "empty-count"
        lo, hi = bounds(target)
        spec = Assumption(row.veld, row.verdeling, row.laag, row.hoog, mode=base[target], allowed_low=lo,
                          allowed_high=hi)
        return Uncertain(row, spec, targets, (base[target],)), ""
    nonzero = {t: b for t, b in base.items() if abs(b) > _NOTHING}
    if not nonzero:
        return None, "de waarde op INVOER is 0, dus een factor verandert niets"
    lo, hi = 0.0, math.inf  # a factor scales a value up or down; it does not reverse its sign
    for t, b in nonzero.items():
        flo, fhi = bounds(t)
        a, c = sorted((flo / b, fhi / b))
        lo, hi = max(lo, a), min(hi, c)
    spec = Assumption(row.veld, row.verdeling, row.laag, row.hoog, mode=1.0, allowed_low=lo, allowed_high=hi)
    return Uncertain(row, spec, tuple(nonzero), tuple(nonzero.values())), ""


def _clip_standard(u: Uncertain, notes: list[str]) -> Uncertain:
    """A standard range cut to what the fields allow (substitution doubled beyond 100%), with a note."""
    s = u.spec
    low, high = max(s.low, s.allowed_low), min(s.high, s.allowed_high)
    if (low, high) == (s.low, s.high):
        return u
    clipped = dataclasses.replace(u, spec=dataclasses.replace(s, low=low, high=high))
    notes.append(f"Standaardaanname {u.label}: begrensd tot {clipped.distribution_text()}, omdat "
                 f"{', '.join(u.targets)} anders buiten het toegestane bereik komt.")
    return clipped


def _leave_out(row: AssumptionRow, why: str, notes: list[str], report: Report) -> None:
    if why == "empty-count":
        report.error(ONZEKERHEID_SHEET, assumption_cell("veld", row.rij), f"{_FIELD}.regel{row.rij}",
                     f"Regel {row.rij}: {row.veld} is leeg op INVOER. Een lege cel in deze kolom van deel D betekent "
                     "'reken met het trajectenpakket' en kan niet per trekking worden gevuld. Vul de cel op INVOER in, "
                     "of laat deze regel weg.", code="not-continuous")
        return
    if row.standard:
        notes.append(f"Standaardaanname {describe(row.veld)} is weggelaten: {why}.")
        return
    report.warn(ONZEKERHEID_SHEET, assumption_cell("laag", row.rij), f"{_FIELD}.regel{row.rij}",
                f"Regel {row.rij}: {why}; deze aanname telt niet mee. Geef grenzen als waarde als het veld onzeker "
                "is.", code="unused-field")


def _report_spec_problem(report: Report, p: SpecProblem, u: Uncertain) -> None:
    """A problem of a user row in Dutch, at the cell it is about."""
    r = u.row.rij
    code = "out-of-range" if p.code == "outside-range" else p.code
    cell = assumption_cell(_CELL_OF_PART.get(p.part, "laag") if p.part != "high" else "hoog", r)
    add = report.warn if p.severity == WARNING else report.error
    add(ONZEKERHEID_SHEET, cell, f"{_FIELD}.regel{r}", f"Regel {r}: {_spec_text(p, u)}", code=code)


def _spec_text(p: SpecProblem, u: Uncertain) -> str:
    s = u.spec
    low, high, mode = u.shown(s.low), u.shown(s.high), u.shown(s.mode if s.mode is not None else 0.0)
    if p.code == "bounds-order" and p.part != "mode":
        return f"laag ({low}) is groter dan hoog ({high}). Typ de kleinste waarde onder laag."
    if p.code == "bounds-order":
        return (f"bij een driehoek is de meest waarschijnlijke waarde de waarde op INVOER ({u.invoer_text()}"
                f"{', factor 1' if u.factor else ''}), maar die ligt niet tussen laag ({low}) en hoog ({high}). "
                "Verruim de grenzen of pas INVOER aan.")
    if p.code == "outside-range":
        return _outside_range_text(u, p.part)
    if p.code == "lognormal-nonpositive":
        return (f"een lognormale verdeling ligt helemaal boven 0; laag moet groter zijn dan 0 (nu {low}). Kies een "
                "positieve ondergrens of een andere verdeling.")
    if p.code == "mode-outside-interval":
        return (f"de waarde op INVOER ({mode}) ligt buiten {low} tot {high}. Bij een "
                f"{_ADJECTIVE.get(s.kind, s.kind)} verdeling bepalen alleen laag en hoog de trekkingen, dus die "
                "liggen niet rond de INVOER-waarde. Bedoelt u een driehoek?")
    if p.code == "mode-off-centre":
        return (f"het midden van de trekkingen ({u.shown(s.median())}) ligt ver van de waarde op INVOER ({mode}); "
                "de mediaan van de uitkomsten wijkt daardoor af van UITVOER. Kies een interval rond de "
                "INVOER-waarde of een driehoek.")
    return f"deze regel kan niet worden getrokken ({p.code})."


def _outside_range_text(u: Uncertain, part: str) -> str:
    s = u.spec
    value = {"low": s.low, "high": s.high, "mode": s.mode if s.mode is not None else 0.0}[part]
    name = {"low": "laag", "high": "hoog", "mode": "de INVOER-waarde"}[part]
    if not u.factor:
        return (f"{name} ({u.shown(value)}) ligt buiten het toegestane bereik {u.shown(s.allowed_low)} tot "
                f"{u.shown(s.allowed_high)}.")
    fields = ", ".join(u.targets)
    return (f"{name} ({u.shown(value)}) brengt {fields} buiten het toegestane bereik; een factor mag hier "
            f"tussen {show(s.allowed_low, FACTOR_KIND)} en {show(s.allowed_high, FACTOR_KIND)} liggen.")


def _correlations(rows: Sequence[CorrelationRow], built: Sequence[Uncertain], report: Report) -> tuple[
        RankCorrelation, ...]:
    known = {u.key for u in built}
    ok: list[tuple[CorrelationRow, RankCorrelation]] = []
    for c in rows:
        missing = [(key, v) for key, v in (("veld_1", c.veld_1), ("veld_2", c.veld_2)) if v not in known]
        for key, v in missing:
            report.error(ONZEKERHEID_SHEET, correlation_cell(key, c.rij), f"{_FIELD}.regel{c.rij}",
                         f"Regel {c.rij}: voor {v} wordt niets getrokken (geen eigen regel en geen "
                         "standaardaanname die meedoet); een correlatie hoort bij twee aannames die worden getrokken.",
                         code="correlation-unknown-field")
        if not missing:
            ok.append((c, RankCorrelation(c.veld_1, c.veld_2, c.rangcorrelatie)))
    correlations = tuple(rc for _, rc in ok)
    specs = [u.spec for u in built]
    if correlations and any(p.code == "correlation-not-positive-definite" for p in validate(specs, correlations)):
        first = ok[0][0]
        listed = "; ".join(f"regel {c.rij}: {c.veld_1} en {c.veld_2} {show(c.rangcorrelatie, '')}" for c, _ in ok)
        report.error(ONZEKERHEID_SHEET, correlation_cell("rangcorrelatie", first.rij), f"{_FIELD}.correlaties",
                     f"De rangcorrelaties passen niet bij elkaar ({listed}): geen gezamenlijke verdeling heeft ze "
                     "allemaal. Maak ze kleiner of laat er een weg.", code="correlation-not-positive-definite")
        return ()
    return correlations
