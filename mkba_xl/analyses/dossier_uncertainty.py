"""The intervals of a dossier analysis as rows of the ONZEKERHEID sheet, for the workbook of a take-over.

Every effect the take-over wrote into INVOER becomes an uncertain assumption whose range is the sample's: a
``driehoek`` around the new INVOER value (the sheet's rule: the most likely value is the INVOER value) whose 5th
and 95th percentiles are the 90% interval (``dossier_intervals.triangle_with_percentiles``), cut to the field's
allowed range. The sample measured these effects, so its rows replace what the sheet said about them:

* a row of the user's own about one of these fields (or a group holding one) gives way, and so does a
  correlation that names a row that gave way; both are listed;
* a standard group that holds one of them (``groep:substitutie`` holds the substitution shares) is replaced as
  a whole by the sheet's rule, so its other fields (deel D counts, the other success items) get a row each with
  the group's own range, to stay uncertain;
* the sheet takes ``ONZEKERHEID_MAX_ROWS`` rows, filled in this order: the user's other rows (typed, so never
  dropped for a derived one), the dossier rows, the group rows; what does not fit is listed.

The composition shares (type, severity, household composition) are left out: they add up to 100% per type and
independent draws would break that.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..dutch import plain, show
from ..schema import HOUSEHOLD_TYPES, LEEFGEBIEDEN, ONZEKERHEID_MAX_ROWS, ONZEKERHEID_SHEET
from .dossier_aggregates import Aggregate
from .dossier_intervals import triangle_with_percentiles
from .dossier_report import METHOD_TEXTS, interval
from .onzekerheid_rows import (
    FACTOR,
    GROUP_PREFIX,
    GROUPS,
    WAARDE,
    AssumptionRow,
    UncertaintySheet,
    is_group,
    standard_rows,
    targets_of,
)
from .variations import bounds, kind

EFFECT_FIELDS = ("nieuw_gevonden", "substitutie.nieuw", "substitutie.bestaand", "succes.schuldhulp",
                 "succes.direct_naar_werk", *(f"voorkomen_escalatie.{t}" for t in HOUSEHOLD_TYPES),
                 "voorkomen.huisuitzettingen", "voorkomen.uhp", "voorkomen.ots", "reductie_overlast", "terugval",
                 *(f"leefgebieden.{name}" for name in LEEFGEBIEDEN))
"""The effects (INVOER B and C) a take-over writes into ONZEKERHEID, in this order, when it takes them over."""


def dossier_row(a: Aggregate, value: float, n: int) -> AssumptionRow:
    """The assumption of one taken-over effect: a triangle with the sample's 90% interval as P5-P95, cut to the
    field's range and, for an estimate that cannot be negative (a share or count of dossiers; the interval does
    not go below 0), at 0."""
    low, high = bounds(a.feeds)
    if a.low >= 0:
        low = max(low, 0.0)
    left, right = triangle_with_percentiles(value, min(a.low, value), max(a.high, value))
    source = (f"dossieranalyse, n = {plain(n)} (blad DOSSIERS): 90%-interval {interval(a)} "
              f"({METHOD_TEXTS[a.method]}, basis {plain(a.n)} dossiers) als P5-P95 van een driehoek rond INVOER")
    return AssumptionRow(a.feeds, "driehoek", WAARDE, max(left, low), min(right, high), source)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def uncertainty_rows(fed: Sequence[Aggregate], n: int, values: Mapping[str, Any],
                     current: UncertaintySheet | None) -> tuple[UncertaintySheet, tuple[str, ...]]:
    """The ONZEKERHEID sheet of the new workbook and what changed on it (Dutch lines).

    ``fed`` are the aggregates the take-over wrote, ``values`` the new INVOER cells, ``current`` the sheet as read.
    """
    by_field = {a.feeds: a for a in fed}
    ours = [dossier_row(by_field[f], _number(values.get(f)), n) for f in EFFECT_FIELDS if f in by_field]
    claimed = {f for row in ours for f in targets_of(row.veld)}
    rows = current.rows if current is not None else ()
    kept = [row for row in rows if not claimed & set(targets_of(row.veld))]
    notes = [f"Regel {row.rij} ({row.veld}) vervangen door het interval uit de dossieranalyse."
             for row in rows if row not in kept]
    names = {row.veld for row in [*kept, *ours]}
    correlations = tuple(c for c in (current.correlations if current is not None else ())
                         if c.veld_1 in names and c.veld_2 in names)
    notes += [f"Correlatie van regel {c.rij} ({c.veld_1} en {c.veld_2}) vervallen: een van beide regels is "
              "vervangen." for c in (current.correlations if current is not None else ()) if c not in correlations]
    taken = claimed | {f for row in kept for f in targets_of(row.veld)}
    rest = _rest_of_groups(claimed, taken, values)
    chosen = [*kept, *ours, *rest]
    if len(chosen) > ONZEKERHEID_MAX_ROWS:
        left_out = chosen[ONZEKERHEID_MAX_ROWS:]
        notes.append(f"Niet op het blad {ONZEKERHEID_SHEET} (het heeft {ONZEKERHEID_MAX_ROWS} regels): "
                     f"{', '.join(row.veld for row in left_out)}.")
        chosen = chosen[:ONZEKERHEID_MAX_ROWS]
    notes += [f"{row.veld}: {row.verdeling} van {_shown(row, row.laag)} tot {_shown(row, row.hoog)}."
              for row in ours if row in chosen]
    notes += [f"{row.veld}: {row.bron.split(' (')[0]}, {_shown(row, row.laag)} tot {_shown(row, row.hoog)}, apart "
              "voor dit veld (de dossieranalyse meet de andere velden van de groep)." for row in rest if row in chosen]
    return UncertaintySheet(tuple(chosen), correlations), tuple(notes)


def _rest_of_groups(claimed: set[str], taken: set[str], values: Mapping[str, Any]) -> list[AssumptionRow]:
    """Rows that keep the other fields of a standard group uncertain once the sample claims part of it."""
    rest: list[AssumptionRow] = []
    for std in standard_rows():
        if not is_group(std.veld) or not claimed & set(targets_of(std.veld)):
            continue
        group = GROUPS[std.veld[len(GROUP_PREFIX):]]
        for target in group.targets:
            if target in taken or _number(values.get(target)) == 0:
                continue  # a factor on 0 changes nothing
            rest.append(AssumptionRow(target, std.verdeling, FACTOR, std.laag, std.hoog,
                                      f"standaardaanname {group.short} (x {plain(std.laag or 0)} tot x "
                                      f"{plain(std.hoog or 0)}), apart voor dit veld: de dossieranalyse meet de "
                                      "andere velden van de groep"))
    return rest


def _shown(row: AssumptionRow, x: float | None) -> str:
    if x is None or math.isnan(x):
        return "-"
    return show(x, "factor") if row.grenzen == FACTOR else show(x, kind(row.veld))
