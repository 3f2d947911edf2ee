"""How a dossier sample is read for one MKBA: the choices that follow from its INVOER, each with its reason.

The aggregation (``dossier_aggregates.aggregate``) has four options. Which one fits depends on how the MKBA
is set up, so they are taken from INVOER instead of asked on the command line:

* the number of households (C15) turns per-household rates into counts per year (escalations, quality of
  life C90-C92, deel D); without it those counts feed nothing;
* the escalation route: ``expliciet`` when INVOER counts prevented evictions, OTS or UHP itself (C81-C83,
  003 3.2.3), else ``piramide`` (002 4.3, 004 4.2), so that no escalation is valued twice;
* whether the team's own work counts as substitution: yes in the 2014 way (001 4.3: 'omdat het team andere
  trajecten overbodig maakt'), no in the 2019 way (002 4.2: that work is already in nieuw-voor-oud);
* which voorzieningen count for the substitution shares: 001 noot 15, without those whose financier's work sits
  in the team nieuw voor oud (INVOER C96-C100; 002 noot 17), as the engine does for B1c.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..engine.rekenwijze import LPBL_2014, way_for
from ..invoer import Invoer
from ..schema import DEEL_D_ROWS, TEAM_DOMAINS, fields_by_key
from .dossier_aggregates import DEEL_D_ROW, EXPLICIT, PYRAMID, DossierAnalysis, aggregate
from .dossier_checks import DossierProblem
from .dossiers import INTERVENTIONS, SUBSTITUTABLE, Dossier

PREVENTED_COUNTS = ("voorkomen.huisuitzettingen", "voorkomen.uhp", "voorkomen.ots")


@dataclass(frozen=True)
class Settings:
    """The options of ``aggregate`` for one MKBA, and per option a Dutch sentence saying why."""

    households: int | None
    escalation_route: str
    team_substitutes: bool
    substitutable: frozenset[str]
    reasons: tuple[str, ...]


def financier(invoer: Invoer | None, voorziening: str) -> str | None:
    """The geldstroom of a voorziening: its deel D row's financier in INVOER, else the row's usual one."""
    row = DEEL_D_ROW[voorziening]
    typed = invoer[f"deel_d.{row}.financier"] if invoer is not None else None
    return str(typed) if typed else DEEL_D_ROWS[row][1]


def settings_for(invoer: Invoer | None) -> Settings:
    """The options that fit ``invoer``; without a (valid) INVOER the defaults of the 2014 way."""
    if invoer is None:
        return Settings(None, PYRAMID, True, SUBSTITUTABLE, (
            "INVOER is nog niet (foutloos) ingevuld: geen aantallen per jaar (daarvoor is het aantal huishoudens "
            "in C15 nodig); voorkomen escalaties als aandeel per type (C80:E80); werk van het team telt als "
            "substitutie, zoals in de rekenwijze lpbl_2014.",))
    fields = fields_by_key()
    households = int(invoer["huishoudens"])
    explicit = any(invoer.num(key) != 0 for key in PREVENTED_COUNTS)
    cells = ", ".join(fields[k].cell for k in PREVENTED_COUNTS)
    route = (f"Voorkomen escalaties: huisuitzettingen, OTS en UHP als aantallen ({cells}), omdat INVOER die telt; "
             "alleen opnames tellen in het aandeel per type (C80:E80)." if explicit else
             f"Voorkomen escalaties: als aandeel van de huishoudens per type (C80:E80); {cells} zijn leeg.")
    way = way_for(invoer["rekenwijze"], invoer.team_way)
    team = way.key == LPBL_2014
    team_text = ("Werk dat het team zelf overneemt telt als substitutie (rekenwijze lpbl_2014; LPBL (2014), "
                 "Meta-analyse MKBA's sociale (wijk)teams, 4.3)." if team else
                 "Werk dat het team zelf overneemt telt niet als substitutie: in de rekenwijze lpbl_2019 zit het al "
                 "in nieuw voor oud (LPBL (2019), Evaluatie WIJ-teams Groningen, 4.2).")
    in_team = {domain for domain in TEAM_DOMAINS if invoer.num(f"in_team.{domain}") == 1}
    excluded = sorted(v for v in SUBSTITUTABLE if financier(invoer, v) in in_team)
    substitutable = frozenset(SUBSTITUTABLE - set(excluded))
    reasons = [f"Aantallen per jaar: x {households} huishoudens (C15).", route, team_text]
    if excluded:
        names = ", ".join(INTERVENTIONS[v] for v in sorted(excluded, key=list(INTERVENTIONS).index))
        reasons.append(f"Niet in de substitutie: {names}, omdat dat werk nieuw voor oud in het team zit (C96-C100).")
    return Settings(households, EXPLICIT if explicit else PYRAMID, team, substitutable, tuple(reasons))


def analyse(dossiers: Sequence[Dossier], invoer: Invoer | None,
            problems: Sequence[DossierProblem] | None = None) -> tuple[DossierAnalysis, Settings]:
    """The sample aggregated with the options of ``invoer`` (raises ``DossierError`` on a sample with errors;
    ``problems``: see ``aggregate``)."""
    settings = settings_for(invoer)
    analysis = aggregate(dossiers, households=settings.households, escalation_route=settings.escalation_route,
                         team_substitutes=settings.team_substitutes, substitutable=settings.substitutable,
                         problems=problems)
    return analysis, settings
