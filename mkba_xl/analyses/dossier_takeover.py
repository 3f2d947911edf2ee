"""Into the MKBA on request (``mkba-xl dossiers --neem-over``): the INVOER of a new workbook with the values the
dossier analysis derived, each with its source, and what could not be taken over and why.

Pure: it starts from the INVOER cells as they were read (what the user typed, unchanged, also where INVOER is not
finished yet) and replaces the cells the sample feeds:

* every aggregate that feeds a field and is defined (a share, a mean, a count per year);
* quality of life (C90-C92) only when no QALYs are entered directly (C93 says: not both);
* a column of deel D only as a whole and only when every row with trajectories has a price (and, for the row of
  one's own, a financier): a filled column replaces the trajectory package of KENGETALLEN for what it drives, so
  a column with an unpriced row would leave those trajectories out. 'Bespaard' stays 0 for a voorziening whose
  work sits in the team nieuw voor oud (002 noot 17), as the engine does for the package;
* attributie (C87) becomes 100% (empty): the effects of a dossier analysis are net already (what others did is
  left out, and 'wat zou er anders gebeurd zijn' is asked per escalation).

The toelichting (C12) gets one sentence with the source; the full list is on the result sheet and in a note on
each changed cell. The ONZEKERHEID sheet takes the intervals of the effects (``dossier_uncertainty``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..dutch import MAX_TEXT, plain
from ..invoer import Invoer
from ..schema import DEEL_D_COUNTS, DEEL_D_ROWS, DOSSIERS_SHEET, TEAM_DOMAINS, fields_by_key
from ..xlsx.load import Grid, cell_position
from .dossier_aggregates import DEEL_D_ROW, Aggregate, DossierAnalysis
from .dossier_report import METHOD_TEXTS, interval, label, show
from .dossier_settings import Settings, financier
from .dossier_uncertainty import uncertainty_rows
from .dossiers import INTERVENTIONS, DossierSheet
from .onzekerheid_rows import UncertaintySheet

OWN_ROW_NAME = "Anders (uit de dossieranalyse)"
"""The name the take-over gives the first row of one's own in deel D when it takes the registration's 'Anders'."""


@dataclass(frozen=True)
class Change:
    """One INVOER cell the take-over sets: field, cell, label, the value before (as read) and after, the source."""

    key: str
    cell: str
    label: str
    before: Any
    after: Any
    source: str


@dataclass(frozen=True)
class TakeOver:
    """The new INVOER cells (field key -> value, as they will be written), what changed and what was left, and the
    new ONZEKERHEID sheet with the sample's intervals (``dossier_uncertainty``) and what changed on it."""

    values: dict[str, Any]
    changes: tuple[Change, ...]
    skipped: tuple[str, ...]
    uncertainty: UncertaintySheet = UncertaintySheet()
    uncertainty_notes: tuple[str, ...] = ()

    def source(self, key: str) -> str:
        return next((c.source for c in self.changes if c.key == key), "")


Put = Callable[[str, Any, str], None]


def source_text(sheet: DossierSheet, n: int) -> str:
    """'dossieranalyse, n = 80 (blad DOSSIERS: <description>)'."""
    described = f": {sheet.description}" if sheet.description else ""
    return f"dossieranalyse, n = {plain(n)} (blad {DOSSIERS_SHEET}{described})"


def _source(a: Aggregate, sheet: DossierSheet, n: int) -> str:
    return (f"{source_text(sheet, n)}: {show(a, a.value)}, 90%-interval {interval(a)} ({METHOD_TEXTS[a.method]}), "
            f"basis {plain(a.n)} dossiers. {a.source}")


def _number(value: Any) -> float | None:
    """A count or price as read: a number, or None when the cell is empty or not a number."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def plan(analysis: DossierAnalysis, settings: Settings, sheet: DossierSheet, raw: Mapping[str, Any],
         invoer: Invoer | None, uncertainty: UncertaintySheet | None = None) -> TakeOver:
    """The take-over of ``analysis`` into the INVOER cells ``raw`` (field key -> value as read) and into the
    ONZEKERHEID sheet ``uncertainty`` as read."""
    fields = fields_by_key()
    values = {key: raw.get(key) for key in fields}
    changes: list[Change] = []
    skipped: list[str] = []

    def put(key: str, value: Any, source: str) -> None:
        before = values[key]
        values[key] = value
        changes.append(Change(key, fields[key].cell, fields[key].label, before, value, source))

    fed = [a for a in analysis.aggregates if a.feeds and not math.isnan(a.value)]
    direct = _number(raw.get("qaly_direct")) or 0.0
    for a in fed:
        if a.feeds.startswith("deel_d."):
            continue
        if a.feeds.startswith("leefgebieden.") and direct:
            skipped.append(f"{fields[a.feeds].cell} {label(a)}: niet overgenomen, omdat C93 de gewonnen levensjaren "
                           "rechtstreeks geeft (niet allebei invullen).")
            continue
        put(a.feeds, a.value, _source(a, sheet, analysis.n))
    skipped += [f"{label(a)}: niet te bepalen uit de steekproef (geen dossiers in de basis); de cel blijft zoals hij "
                "was." for a in analysis.aggregates if a.feeds and math.isnan(a.value)]
    if settings.households is None:
        skipped.append("Aantallen per jaar (kwaliteit van leven C90-C92, deel D, en bij de route 'expliciet' de "
                       "voorkomen escalaties C81-C83): niet overgenomen, want het aantal huishoudens (C15) ontbreekt "
                       "of INVOER heeft nog fouten.")
    else:
        _deel_d(analysis, sheet, raw, invoer, put, skipped)
    attributie = _number(raw.get("attributie"))
    if attributie is not None and attributie != 1.0:
        put("attributie", None, "dossieranalyse: de effecten uit de dossiers zijn al netto (wat anderen deden telt "
                                "niet mee), dus 100%; corrigeer andere effecten die u zelf invult zo nodig zelf.")
    _toelichting(values, put, analysis.n)
    written = {c.key for c in changes}
    rows, notes = uncertainty_rows([a for a in fed if a.feeds in written], analysis.n, values, uncertainty)
    return TakeOver(values, tuple(changes), tuple(skipped), rows, notes)


def _toelichting(values: dict[str, Any], put: Put, n: int) -> None:
    """One short sentence with the source after the user's own text, when it fits (a cell holds 255 characters);
    otherwise the user's text stays as it was and the source is on the result sheet and in the cell notes."""
    note = f"Overgenomen uit de dossieranalyse, n = {plain(n)}: zie blad Resultaat dossiers."
    before = values.get("toelichting")
    text = "" if before is None else str(before).strip()
    if not text:
        put("toelichting", note, "mkba-xl dossiers --neem-over")
    elif len(text) + 1 + len(note) <= MAX_TEXT:
        put("toelichting", f"{text} {note}", "mkba-xl dossiers --neem-over")


def _deel_d(analysis: DossierAnalysis, sheet: DossierSheet, raw: Mapping[str, Any], invoer: Invoer | None,
            put: Put, skipped: list[str]) -> None:
    """Deel D column by column: all rows of a column, or none (see the module docstring)."""
    fields = fields_by_key()
    in_team = {d for d in TEAM_DOMAINS if _number(raw.get(f"in_team.{d}")) == 1}
    counts: dict[str, dict[str, Aggregate]] = {col: {} for col in DEEL_D_COUNTS}
    for a in analysis.aggregates:
        if a.feeds.startswith("deel_d.") and not math.isnan(a.value):
            _, row, col = a.feeds.split(".")
            counts[col][row] = a
    own = DEEL_D_ROW["anders"]
    own_name = raw.get(f"deel_d.{own}.naam")
    for col, rows in counts.items():
        if not rows:
            continue
        missing = []
        for row, a in rows.items():
            if a.value <= 0:
                continue
            if not (_number(raw.get(f"deel_d.{row}.prijs")) or 0) > 0:
                missing.append(f"prijs {fields[f'deel_d.{row}.prijs'].cell}")
            if DEEL_D_ROWS[row][1] is None and not raw.get(f"deel_d.{row}.financier"):
                missing.append(f"financier {fields[f'deel_d.{row}.financier'].cell}")
            if row == own and own_name not in (None, "", OWN_ROW_NAME):
                missing.append(f"een vrije regel voor 'Anders' ({fields[f'deel_d.{row}.naam'].cell} heet al "
                               f"'{own_name}')")
        header = DEEL_D_COUNTS[col][1]
        if missing:
            skipped.append(f"Deel D, kolom '{header}': niet overgenomen; de dossiers tellen trajecten waarvoor nog "
                           f"ontbreekt: {', '.join(missing)}. Vul die in en neem opnieuw over.")
            continue
        for row, a in rows.items():
            value = a.value
            reason = _source(a, sheet, analysis.n)
            if col == "bespaard" and financier(invoer, _voorziening(row)) in in_team:
                value, reason = 0.0, (f"0: dit werk zit nieuw voor oud in het team (C96-C100; LPBL (2019), "
                                  f"Evaluatie WIJ-teams Groningen, noot 17). {reason}")
            put(f"deel_d.{row}.{col}", value, reason)
            if row == own and a.value > 0 and not own_name:
                put(f"deel_d.{row}.naam", OWN_ROW_NAME, "mkba-xl dossiers --neem-over")


def _voorziening(row: str) -> str:
    return next(v for v in INTERVENTIONS if DEEL_D_ROW[v] == row)



def typed_cells(grid: Grid) -> dict[str, Any]:
    """The INVOER cells as read, by field key, to be written back as they were: text stays text, a number stays
    a number; WAAR and ONWAAR become their Dutch text (a workbook cell cannot hold a boolean in these fields)."""
    values: dict[str, Any] = {}
    for f in fields_by_key().values():
        cell = grid.get(cell_position(f.cell))
        value = None if cell is None else cell.value
        values[f.key] = ("WAAR" if value else "ONWAAR") if isinstance(value, bool) else value
    return values
