"""The 'gebruikelijk' range of each INVOER number: what the reports show, or an assumption that says why.

A value outside it is allowed but warned about (``plausibility``); the template shows the range in column M.
"""

from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase

from ..references import readable
from .declarations import CHOICE, TEXT, Field, Usual

_CASELOAD = ("001 3.3.6 en Tabel 3.10: 5 tot 10 gezinnen per coach in de top, 300 bij enkelvoudige problemen; 001 "
             "Bijlage 2: 600; de rapporten vullen ook één gemiddelde in voor alle klassen: 50 (002 4.2), 80 (004 4.1), "
             "125 (003 3.1)")
_HOURS = "1.200 productieve uren per fte (001 Bijlage 2) gedeeld door 600 tot 5 huishoudens per fte (001 3.3.6)"
_TEAM_RANGE = ("000 3.1.2: 10,3 fte; 001 Bijlage 2: 3,6 fte; 002 4.2: 114 fte; 004 4.1: 26 fte (de ondergrens is een "
               "aanname: één teamlid)")
NO_USUAL_RANGE = "aanname: geen rapport noemt een bereik; elke toegestane waarde komt voor"
USUAL: dict[str, Usual] = {
    "huishoudens": Usual(25, 20_000, "001 Tabel 4.7: 35 tot 1.968 huishoudens in de aanpak; 002 4.1: 2.500 in "
                         "Groningen; 004 4.1: 2.000 in West Betuwe (de grenzen zijn een aanname daaromheen)"),
    "gemiddeld_aantal_kinderen": Usual(0, 5, "aanname: een gemiddelde boven 5 kinderen per gezin komt vrijwel niet "
                                       "voor"),
    "caseload.*.hh_per_fte": Usual(5, 600, _CASELOAD),
    "caseload.*.uren_per_hh": Usual(2, 240, _HOURS),
    "team_fte": Usual(1, 250, _TEAM_RANGE),
    "fte_nulsituatie": Usual(0, 250, _TEAM_RANGE),
    "fte_extra": Usual(0, 250, _TEAM_RANGE),
    "kosten_per_fte": Usual(20_000, 200_000, "002 4.2: 76.000 per fte, circa 90.000 met huisvesting; 004 4.1: 74.000 "
                            "per consulent; 000 3.1.2: 732.000 voor 10,3 fte (de grenzen zijn een aanname: onder "
                            "20.000 rekent u waarschijnlijk in duizenden)"),
    "frictie": Usual(0, 0.25, "aanname: aanloopkosten van meer dan een kwart van de jaarlijkse teamkosten noemt geen "
                     "rapport"),
    "substitutie.nieuw": Usual(-0.4, 0.8, "001 Tabel 4.5: -40% tot 80% in nieuwe cases (kengetal 30%)"),
    "substitutie.bestaand": Usual(-0.4, 0.6, "001 Tabel 4.5: -40% tot 60% in bestaande cases (kengetal 10%)"),
    "meer_op_maat": Usual(0, 0.25, "004 4.2: 10% (de bovengrens is een aanname)"),
    "succes.*": Usual(-0.15, 0.15, "003 3.2.3 1a: schuldhulp van 45% naar 60% financieel stabiel (+15 procentpunt, het "
                      "grootste effect in de rapporten); 001 Bijlage 2: +2, -1, -2 en -1 procentpunt"),
    "voorkomen_escalatie.*": Usual(0, 0.18, "001 Tabel 4.7: 1% tot 18% van de huishoudens, al na attributie"),
    "terugval": Usual(0, 0.4, "001 Tabel 4.7 noot: 20%; 003 3.2.3: 30%; 000 Tabel 4.2: 40% als gevoeligheid"),
    "attributie": Usual(0.5, 1, "001 Tabel 4.7 noot: 'aanname attributie vaak 50%'; 100% = al toegerekend"),
    "deel_d.*.prijs": Usual(250, 75_000, "000 Bijlage 2: 1.000 tot 19.499 per traject; 003 3.2.3 2c: 63.000 per jaar "
                            "residentieel (de grenzen zijn een aanname daaromheen)"),
}
"""The 'gebruikelijk' range per INVOER field (``Usual``); a key ending in '.*' covers a group of fields. A numeric
field without an entry has no narrower usual range than its allowed one (``usual_range`` gives ``NO_USUAL_RANGE``)."""


def declared_usual(key: str) -> Usual | None:
    """The entry of ``USUAL`` for the field ``key`` (its own, or the group's), its source as users read it."""
    u = USUAL.get(key) or next((u for pattern, u in USUAL.items() if "*" in pattern and fnmatchcase(key, pattern)),
                               None)
    return None if u is None else replace(u, source=readable(u.source))


def usual_range(f: Field) -> Usual | None:
    """The usual range of a numeric field: its own, or its whole allowed range with the reason (None for text and
    choices)."""
    if f.type in (TEXT, CHOICE):
        return None
    return f.usual or Usual(f.min if f.min is not None else -1e15, f.max if f.max is not None else 1e15,
                            NO_USUAL_RANGE)
