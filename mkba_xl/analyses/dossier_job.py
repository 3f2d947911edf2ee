"""The dossier analysis of one workbook, put together: the sample aggregated with the options of its INVOER, the
rows people read, the warnings, and (on request) the take-over. Pure; ``pipeline.dossier_workbook`` reads and
writes around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..dutch import counted, plain
from ..errors import WARNING, Problem, Report
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..schema import DOSSIERS_SHEET, INVOER_SHEET
from .dossier_aggregates import MIN_SAMPLE, SMALL_SAMPLE, DossierAnalysis
from .dossier_report import Row, aggregate_json, fed_rows, info_rows
from .dossier_settings import Settings, analyse
from .dossier_takeover import TakeOver, plan
from .dossiers import DossierSheet
from .onzekerheid_rows import UncertaintySheet


@dataclass(frozen=True)
class DossierResult:
    """Everything the result sheet, the command line and the JSON show."""

    analysis: DossierAnalysis
    settings: Settings
    sheet: DossierSheet
    fed: tuple[Row, ...]
    info: tuple[Row, ...]
    meta: Mapping[str, str]
    report: Report
    takeover: TakeOver | None = None


def small_sample(n: int) -> Problem:
    return Problem(DOSSIERS_SHEET, "", "", f"De steekproef telt {plain(n)} dossiers, minder dan {MIN_SAMPLE}: de "
                   "intervallen zijn breed en elke uitkomst is onzeker. LPBL gebruikte ongeveer 80 dossiers, 10 à 15 "
                   "per teamlid (LPBL (2019), Evaluatie WIJ-teams Groningen, Bijlage II).", WARNING,
                   code=SMALL_SAMPLE)


def invoer_unfinished(errors: int) -> Problem:
    return Problem(INVOER_SHEET, "", "", f"INVOER heeft nog {counted(errors, 'fout', 'fouten')} (zie mkba-xl "
                   "check). De dossieranalyse is daarom niet vergeleken met INVOER, en de aantallen per jaar (die het "
                   "aantal huishoudens in C15 nodig hebben) ontbreken.", WARNING, code="dossier-invoer-unfinished")


def run(sheet: DossierSheet, invoer: Invoer | None, kengetallen: Kengetallen | None, *, sheet_report: Report,
        invoer_errors: int = 0, raw: Mapping[str, Any] | None = None,
        uncertainty: UncertaintySheet | None = None) -> DossierResult:
    """Aggregate ``sheet`` for ``invoer`` (None: INVOER has ``invoer_errors`` errors); with ``raw`` (the INVOER cells
    as read) also plan the take-over into a new workbook, with ``uncertainty`` the ONZEKERHEID sheet as read."""
    analysis, settings = analyse(sheet.dossiers, invoer)
    report = Report()
    report.extend(sheet_report)
    if analysis.n < MIN_SAMPLE:
        report.add(small_sample(analysis.n))
    if invoer is None:
        report.add(invoer_unfinished(invoer_errors))
    meta = {"gemeente": str(invoer["gemeente"]), "aanpak": str(invoer["aanpak"])} if invoer is not None else {}
    takeover = plan(analysis, settings, sheet, raw, invoer, uncertainty) if raw is not None else None
    return DossierResult(analysis, settings, sheet, tuple(fed_rows(analysis, invoer, kengetallen)),
                         tuple(info_rows(analysis)), meta, report, takeover)


def to_json(result: DossierResult) -> dict[str, Any]:
    """The result as JSON (Dutch keys, like ``mkba-xl run --json``)."""
    a = result.analysis
    data: dict[str, Any] = {
        "n": a.n, "teamleden": result.sheet.members, "beschrijving": result.sheet.description,
        "instellingen": {"huishoudens": result.settings.households, "route_escalaties": a.escalation_route,
                         "team_substitueert": a.team_substitutes, "toelichting": list(result.settings.reasons)},
        "naar_invoer": [aggregate_json(r) for r in result.fed],
        "ter_informatie": [aggregate_json(r) for r in result.info],
        "trajecten_per_voorziening": [vars(t) for t in a.trajectories],
        "waarschuwingen": [p.as_text() for p in result.report.warnings],
    }
    if result.takeover is not None:
        data["overgenomen"] = [{"veld": c.key, "cel": c.cell, "was": c.before, "wordt": c.after, "bron": c.source}
                               for c in result.takeover.changes]
        data["niet_overgenomen"] = list(result.takeover.skipped)
        data["onzekerheid"] = [{"veld": r.veld, "verdeling": r.verdeling, "grenzen": r.grenzen, "laag": r.laag,
                                "hoog": r.hoog, "bron": r.bron} for r in result.takeover.uncertainty.rows]
        data["onzekerheid_wijzigingen"] = list(result.takeover.uncertainty_notes)
    return data
