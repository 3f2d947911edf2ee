"""Scenarios side by side (``mkba-xl vergelijk``): several workbooks, each computed as ``run`` computes it.

A typical use is the situation now against a 'potentie' scenario (002 hoofdstuk 6; 004 4.2 'na 2 jaar' against
'doorkijk'). Every UITVOER line, the totals, the ratios and the budget per actor are rows, one column per scenario,
with the difference of each scenario to the first. The inputs that differ are listed field by field, in the order
of the schema (INVOER), then the kengetallen and the years of MEERJARIG. This module compares; it asks every figure
of ``Result`` and sums nothing itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..analyses.meerjarig import Meerjarig
from ..dutch import show
from ..engine import BENEFITS, COSTS, GROUP_LABELS, GROUPS, LINES, TOTAL, Result
from ..invoer import Invoer
from ..kengetallen import Kengetallen, scalar_kind
from ..schema import ACTOR_LABELS, ACTORS, CHOICE, KENGETALLEN_SHEET, MEERJARIG_SHEET, TEXT, invoer_fields

__all__ = ["Comparison", "Figure", "InputDifference", "Scenario", "compare"]

RATIO = "verhouding"
AMOUNT = "bedrag"


@dataclass(frozen=True)
class Scenario:
    """One workbook as computed: its name (the file name), and what was read and computed."""

    name: str
    path: str
    invoer: Invoer
    kengetallen: Kengetallen
    meerjarig: Meerjarig | None
    result: Result


@dataclass(frozen=True)
class Figure:
    """One compared figure: a key for programs, the Dutch label, its kind (amount or ratio) and one value per
    scenario."""

    key: str
    label: str
    kind: str
    values: tuple[float, ...]
    section: str = ""

    @property
    def differences(self) -> tuple[float, ...]:
        """Each scenario minus the first (the first's own difference is 0)."""
        first = self.values[0]
        return tuple(v - first if math.isfinite(v) and math.isfinite(first) else math.nan for v in self.values)


@dataclass(frozen=True)
class InputDifference:
    """An input that is not the same in every scenario: where it is, its label and each scenario's value as shown."""

    key: str
    where: str
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    scenarios: tuple[Scenario, ...]
    lines: tuple[Figure, ...]
    inputs: tuple[InputDifference, ...]

    def to_json(self) -> dict[str, Any]:
        def finite(x: float) -> float | None:
            return x if math.isfinite(x) else None

        return {
            "scenarios": [{"naam": s.name, "bestand": s.path, "gemeente": s.invoer["gemeente"],
                           "aanpak": s.invoer["aanpak"]} for s in self.scenarios],
            "regels": [{"sleutel": line.key, "label": line.label, "soort": line.kind, "onderdeel": line.section,
                        "waarden": [finite(v) for v in line.values],
                        "verschil_met_eerste": [finite(v) for v in line.differences]} for line in self.lines],
            "invoer_verschillen": [{"veld": d.key, "waar": d.where, "label": d.label, "waarden": list(d.values)}
                                   for d in self.inputs],
        }


def compare(scenarios: Sequence[Scenario]) -> Comparison:
    """The figures and the differing inputs of ``scenarios`` (the first is the reference)."""
    if len(scenarios) < 2:
        raise ValueError("compare needs at least two scenarios")
    return Comparison(tuple(scenarios), tuple(_lines(scenarios)), tuple(_inputs(scenarios)))


def _values(scenarios: Sequence[Scenario], of: Any) -> tuple[float, ...]:
    return tuple(float(of(s.result)) for s in scenarios)


def _lines(scenarios: Sequence[Scenario]) -> list[Figure]:
    out: list[Figure] = []
    for side, title, total in ((COSTS, "Kosten (NCW)", "Totale kosten"), (BENEFITS, "Baten (NCW)", "Totale baten")):
        out.append(Figure(f"{side}.totaal", total, AMOUNT, _values(scenarios, lambda r, s=side: r.total(s)), title))
        shown_groups: set[str] = set()
        for line in LINES:
            if line.side != side:
                continue
            group = next((g for g, codes in GROUPS.items() if line.code in codes), None)
            if group is not None and group not in shown_groups:
                shown_groups.add(group)
                out.append(Figure(group, f"{group} {GROUP_LABELS[group]}", AMOUNT,
                                _values(scenarios, lambda r, g=group: r.line_ncw(g)), title))
            out.append(Figure(line.code, f"{line.code} {line.label}", AMOUNT,
                            _values(scenarios, lambda r, c=line.code: r.line_ncw(c)), title))
    section = "Saldo en verhoudingen"
    out += [Figure("saldo", "Saldo (baten minus kosten)", AMOUNT, _values(scenarios, lambda r: r.saldo), section),
            Figure("kb_financieel", "Financieel K-B-verhouding", RATIO, _values(scenarios, lambda r: r.kb_financieel),
                 section),
            Figure("kb_maatschappelijk", "Maatschappelijk K-B-verhouding", RATIO,
                 _values(scenarios, lambda r: r.kb_maatschappelijk), section)]
    for actor in [*ACTORS, TOTAL]:
        label = ACTOR_LABELS.get(actor, "Totaal")
        for measure, word in ((COSTS, "kosten"), (BENEFITS, "baten"), ("saldo", "saldo")):
            out.append(Figure(f"begroting.{actor}.{measure}", f"{label} — {word}", AMOUNT,
                            _values(scenarios, lambda r, a=actor, m=measure: r.budget("actor")[a][m]),
                            "Begroting per actor (zoals UITVOER B)"))
    return out


def _shown(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "(leeg)"
    if kind in (TEXT, CHOICE) or isinstance(value, str):
        return str(value)
    return show(float(value), kind)


def _inputs(scenarios: Sequence[Scenario]) -> list[InputDifference]:
    out: list[InputDifference] = []
    for f in invoer_fields():
        values = [s.invoer[f.key] for s in scenarios]
        if any(v != values[0] for v in values[1:]):
            out.append(InputDifference(f.key, f"{f.sheet}!{f.cell}", f.label, tuple(_shown(v, f.type) for v in values)))
    for key, scalar in scenarios[0].kengetallen.scalars.items():
        values = [s.kengetallen.scalars[key].value if key in s.kengetallen.scalars else None for s in scenarios]
        if any(v != values[0] for v in values[1:]):
            kind = scalar_kind(key)
            out.append(InputDifference(f"kengetal:{key}", KENGETALLEN_SHEET, scalar.description,
                                       tuple("(leeg)" if v is None else show(float(v), kind) for v in values)))
    for key, label, of in (("disconto", "Disconteringsregels", lambda k: k.discount_rules),
                           ("cpi", "Consumentenprijsindex (CPI)", lambda k: k.cpi_changes),
                           ("profielen", "Zorgconsumptieprofielen", lambda k: k.profiles),
                           ("trajecten", "Trajectencatalogus", lambda k: k.trajecten),
                           ("actoren", "Geldstromen naar actoren", lambda k: k.actors)):
        tables = [of(s.kengetallen) for s in scenarios]
        if any(t != tables[0] for t in tables[1:]):
            out.append(InputDifference(f"kengetallen.{key}", KENGETALLEN_SHEET, f"Tabel {label}",
                                       tuple("anders dan de eerste" if t != tables[0] else "gelijk" for t in tables)))
    years = [s.meerjarig if s.meerjarig is not None and not s.meerjarig.empty else None for s in scenarios]
    if any(y != years[0] for y in years[1:]):
        out.append(InputDifference("meerjarig", MEERJARIG_SHEET, "Jaren aanpak", tuple(_years_text(y) for y in years)))
    return out


def _years_text(meerjarig: Meerjarig | None) -> str:
    if meerjarig is None:
        return "één jaar (leeg)"
    years = meerjarig.years
    return f"{len(years)} jaar ({years[0]}-{years[-1]}), basisjaar {meerjarig.base}"
