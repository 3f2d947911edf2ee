"""A dossier analysis as people read it: a Dutch label per aggregate, its value and interval as text, the INVOER
cell it feeds and what INVOER holds there, small-sample warnings in words, and the warnings ``check`` and ``run``
give when INVOER disagrees with the DOSSIERS sheet. Pure: the command line, the JSON and the result sheet all
render these rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..dutch import number, percent
from ..engine.case import field_value
from ..errors import Report
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..schema import (
    DEEL_D_COUNTS,
    DEEL_D_ROWS,
    DOSSIERS_SHEET,
    HOUSEHOLD_TYPE_LABELS,
    INVOER_SHEET,
    SHARE,
    fields_by_key,
)
from .dossier_aggregates import (
    BOOTSTRAP,
    COUNT,
    FEW_CASES,
    NO_BASE,
    RATIO,
    SMALL_BASE,
    SMALL_SAMPLE,
    Aggregate,
    DossierAnalysis,
)
from .dossier_intervals import RESAMPLES
from .dossiers import ESCALATIONS, INTERVENTIONS, LEEFGEBIEDEN

WARNING_TEXTS = {
    SMALL_SAMPLE: "steekproef kleiner dan 30",
    SMALL_BASE: "berust op minder dan 5 dossiers",
    FEW_CASES: "minder dan 5 gevallen",
    NO_BASE: "niet te bepalen: geen dossiers in de basis",
}
"""The small-sample rules (``dossier_aggregates``) in the words of the result sheet."""
METHOD_TEXTS = {"wilson": "Wilson", BOOTSTRAP: f"bootstrap ({number(RESAMPLES)} x)"}
TRAJECTORY_MEASURES = {
    "ingezet": "ingezet (professioneel, team en netwerk)", "professioneel": "professioneel, via het team",
    "dead_weight": "w.v. ook in de oude werkwijze (dead weight)", "extra": "w.v. extra",
    "door_team": "door het team zelf", "door_netwerk": "door eigen kracht of netwerk",
    "gesubstitueerd": "gesubstitueerd (in plaats van een professional)", "geschrapt": "geschrapt",
}
DEEL_D_MEASURES = {"bij_aanvang": "lopend bij aanvang", "maatwerk": "maatwerk via het team",
                   "extra": "extra ingezet", "gesubstitueerd": "bespaard door substitutie"}
LEEFGEBIED_MEASURES = {"start": "probleem bij aanvang", "nu": "probleem nu (bruto)",
                       "nu_netto": "probleem nu, als alleen het team telt (netto)",
                       "bruto": "verbeterd (bruto)", "netto": "verbeterd door het team (netto)"}


def label(a: Aggregate) -> str:
    """The Dutch name of an aggregate: the INVOER label of the field it feeds, else one made from its key."""
    if a.feeds:
        return fields_by_key()[a.feeds].label
    parts = a.key.split(".")
    if parts[0] == "trajecten":
        scope = f" — {HOUSEHOLD_TYPE_LABELS[parts[2]]}" if len(parts) > 2 else ""
        return f"Trajecten per huishouden: {TRAJECTORY_MEASURES[parts[1]]}{scope}"
    if parts[0] == "deel_d":
        return f"{INTERVENTIONS[parts[1]]}: {DEEL_D_MEASURES[parts[2]]} (per huishouden)"
    if parts[0] == "leefgebied":
        return f"{LEEFGEBIEDEN[parts[1]]}: {LEEFGEBIED_MEASURES[parts[2]]}"
    if parts[0] == "leefgebieden":
        return f"Kwaliteit van leven: {fields_by_key()[a.key].label.lower()} (aandeel huishoudens)"
    if parts[0] == "escalatie" and parts[1] in ESCALATIONS:
        return f"Voorkomen escalatie: {ESCALATIONS[parts[1]]} (aandeel huishoudens)"
    per = "aantal per jaar" if a.unit == COUNT else "per huishouden"
    if a.key == "escalatie.huisuitzettingen":
        return f"Voorkomen huisuitzettingen ({per})"
    if a.key.startswith("escalatie.") and a.key.endswith("_kinderen"):
        return f"Voorkomen {ESCALATIONS[parts[1].removesuffix('_kinderen')]}: kinderen ({per})"
    return a.key


def is_share(a: Aggregate) -> bool:
    """Whether the value reads as a percentage (a share of dossiers, or a ratio such as substitution)."""
    return a.unit in (SHARE, RATIO) or (bool(a.feeds) and fields_by_key()[a.feeds].type == SHARE)


def show(a: Aggregate, x: float) -> str:
    """A value of ``a`` in Dutch: '16,3%', '2,03', '31,3'; '-' when undefined."""
    if math.isnan(x):
        return "-"
    if is_share(a):
        return percent(x, 1)
    return number(x, 1) if a.unit == COUNT or abs(x) >= 10 else number(x, 2)


def interval(a: Aggregate) -> str:
    return "-" if math.isnan(a.low) else f"{show(a, a.low)} – {show(a, a.high)}"


def warning_text(a: Aggregate) -> str:
    return "; ".join(WARNING_TEXTS[w] for w in a.warnings if w != SMALL_SAMPLE)


def current(a: Aggregate, invoer: Invoer | None, kengetallen: Kengetallen | None) -> float | None:
    """What INVOER holds in the cell ``a`` feeds (the value the engine uses; None for an empty deel D cell)."""
    if invoer is None or not a.feeds or kengetallen is None:
        return None
    if invoer[a.feeds] is None and fields_by_key()[a.feeds].default is None \
            and not fields_by_key()[a.feeds].fallback_kengetal:
        return None
    return float(field_value(invoer, kengetallen, a.feeds))


@dataclass(frozen=True)
class Row:
    """One aggregate as shown: label, value and interval (numbers and text), base, cell, INVOER's value."""

    aggregate: Aggregate
    label: str
    cell: str
    current: float | None

    @property
    def differs(self) -> bool:
        """INVOER's value lies outside the sample's 90% interval."""
        a = self.aggregate
        if self.current is None or math.isnan(a.value) or NO_BASE in a.warnings:
            return False
        margin = 1e-9 * max(1.0, abs(self.current))
        return not a.low - margin <= self.current <= a.high + margin


def fed_rows(analysis: DossierAnalysis, invoer: Invoer | None, kengetallen: Kengetallen | None) -> list[Row]:
    """The aggregates that feed an INVOER cell, in INVOER's order."""
    fields = fields_by_key()
    order = {key: i for i, key in enumerate(fields)}
    fed = sorted((a for a in analysis.aggregates if a.feeds), key=lambda a: order[a.feeds])
    return [Row(a, label(a), fields[a.feeds].cell, current(a, invoer, kengetallen)) for a in fed]


def info_rows(analysis: DossierAnalysis) -> list[Row]:
    """The aggregates that only inform (trajectories per household, escalations, quality of life without C15), in
    their order; the per-leefgebied shares have a table of their own, deel D per household is in deel D."""
    return [Row(a, label(a), "", None) for a in analysis.aggregates
            if not a.feeds and not a.key.startswith(("deel_d.", "leefgebied."))]


def skip_comparison(a: Aggregate, invoer: Invoer) -> bool:
    """Cells not to compare: quality of life when QALYs are entered directly (C93 says: not both)."""
    return a.feeds.startswith("leefgebieden.") and invoer.num("qaly_direct") != 0


def disagreements(analysis: DossierAnalysis, invoer: Invoer, kengetallen: Kengetallen) -> Report:
    """A warning per INVOER cell whose value lies outside the 90% interval of the DOSSIERS sheet."""
    report = Report()
    for row in fed_rows(analysis, invoer, kengetallen):
        a = row.aggregate
        if not row.differs or skip_comparison(a, invoer) or row.current is None:
            continue
        empty = " (leeg)" if a.feeds not in invoer.given else ""
        report.warn(INVOER_SHEET, row.cell, a.feeds,
                    f"{row.label}: INVOER rekent met {show(a, row.current)}{empty}, maar de dossieranalyse op het "
                    f"blad {DOSSIERS_SHEET} geeft {show(a, a.value)} (90%-interval {interval(a)}, n = {a.n}). "
                    "Controleer de cel, of neem de waarden over met: mkba-xl dossiers <werkboek> --neem-over.",
                    code="dossier-disagrees")
    return report


def aggregate_json(row: Row) -> dict[str, Any]:
    a = row.aggregate

    def num(x: float) -> float | None:
        return None if math.isnan(x) else x

    return {"sleutel": a.key, "omschrijving": row.label, "waarde": num(a.value), "laag": num(a.low),
            "hoog": num(a.high), "n": a.n, "gevallen": a.cases, "methode": a.method, "eenheid": a.unit,
            "invoerveld": a.feeds or None, "cel": row.cell or None, "in_invoer": row.current,
            "wijkt_af": row.differs, "waarschuwingen": [WARNING_TEXTS[w] for w in a.warnings], "bron": a.source}


def as_text(rows: Sequence[Row]) -> str:
    """A plain table for the terminal: cell, label, value, interval, n, INVOER's value and warnings; deel D as one
    compact block (its intervals are on the result sheet and in the JSON)."""
    lines = [f"{'cel':<6} {'onderdeel':<62} {'waarde':>9} {'90%-interval':>19} {'n':>5}  {'INVOER':>9}  let op"]
    deel_d = [row for row in rows if row.aggregate.feeds.startswith("deel_d.")]
    for row in rows:
        if row in deel_d:
            continue
        a = row.aggregate
        now = "" if row.current is None else show(a, row.current)
        mark = " *" if row.differs else ""
        text = row.label if len(row.label) <= 62 else row.label[:61] + "…"
        lines.append(f"{row.cell:<6} {text:<62} {show(a, a.value):>9} {interval(a):>19} {a.n:>5}  {now:>9}{mark:2} "
                     f"{warning_text(a)}".rstrip())
    if deel_d:
        lines += ["", _deel_d_text(deel_d)]
    return "\n".join(lines)


def _deel_d_text(rows: Sequence[Row]) -> str:
    """Deel D: one line per voorziening, the four count columns side by side (trajecten per jaar)."""
    columns = list(DEEL_D_COUNTS)
    table: dict[str, dict[str, Row]] = {}
    for row in rows:
        _, name, column = row.aggregate.feeds.split(".")
        table.setdefault(name, {})[column] = row
    head = "".join(f"{f'{c} ({DEEL_D_COUNTS[c][0]})':>16}" for c in columns)
    lines = ["Deel D, trajecten per jaar (* = INVOER wijkt af; intervallen op het blad Resultaat dossiers):",
             f"{'':<44}{head}"]
    for name, cells in table.items():
        values = ""
        for c in columns:
            cell = cells.get(c)
            text = "" if cell is None else show(cell.aggregate, cell.aggregate.value) + (" *" if cell.differs else "")
            values += f"{text:>16}"
        lines.append(f"  {DEEL_D_ROWS[name][0][:42]:<42}{values}")
    return "\n".join(lines)
