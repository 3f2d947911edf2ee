"""The Dutch text of every problem code of a dossier sample (``dossier_checks``), as users read it on the sheet.

``dossier_checks.validate`` says what is wrong as a code with the dossier, the column key and the row; this
module says it in Dutch: which dossier, which column (by its header on the sheet), what was typed and what to
type instead. The sheet reader (``dossier_sheet``) adds the cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..dutch import plain, quote
from ..references import cite
from . import dossier_checks as checks
from .dossiers import (
    COLUMN_BY_KEY,
    ESCALATIONS,
    HOUSEHOLD_TYPES,
    INTERVENTIONS,
    PERFORMERS,
    STATE,
    WHOLE,
    YES_NO,
    Dossier,
    severity_from_zrm,
)

PRIVACY_SOURCE = cite("001", "Bijlage 3, noot 27")
"""Why no BSN: 'In verband met de privacy zullen de resultaten ... geaggregeerd en/of ... geanonimiseerd
moeten worden.'"""


def alternatives(values: Sequence[str]) -> str:
    """'a, b of c'."""
    items = list(values)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} of {items[-1]}"


def what_to_type(key: str) -> str:
    """What a column takes, in the words of a message: 'ja of nee', 'een heel getal van 0 tot en met 20'."""
    column = COLUMN_BY_KEY[key]
    if column.type == STATE:
        return "ja, nee of een ZRM-score van 1 tot en met 5"
    if column.type == YES_NO:
        return "ja of nee"
    if key.startswith("team_"):
        return "1 (nieuw), -1 (geschrapt) of niets"
    if key.startswith("lopend_"):
        return "1 als de voorziening bij aanvang liep, of niets"
    if column.type == WHOLE and column.bounds:
        low, high = column.bounds
        return f"een heel getal van {low} tot en met {high}"
    return alternatives(column.choices)


@dataclass(frozen=True)
class Context:
    """What a message needs to know about the sheet: the header shown per column key, the column letter per
    key (absent columns have none) and the dossiers (for the values a message quotes)."""

    headers: Mapping[str, str]
    letters: Mapping[str, str]
    dossiers: Sequence[Dossier]

    def header(self, key: str) -> str:
        return self.headers.get(key, COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else key)

    def quoted(self, key: str) -> str:
        return f"'{self.header(key)}'"

    def named(self, key: str) -> str:
        """'Lopend bij aanvang: AMW (kolom AX)' or without the column when the sheet does not have it."""
        letter = self.letters.get(key)
        return f"'{self.header(key)}' (kolom {letter})" if letter else f"'{self.header(key)}'"

    @cached_property
    def _by_row(self) -> dict[int | None, Dossier]:
        return {d.row: d for d in self.dossiers}

    @cached_property
    def rows_of_number(self) -> dict[str, list[int]]:
        """Sheet rows per dossier number, compared as the duplicate check compares them."""
        rows: dict[str, list[int]] = {}
        for d in self.dossiers:
            if d.row is not None:
                rows.setdefault(d.number.strip().casefold(), []).append(d.row)
        return rows

    def dossier(self, p: checks.DossierProblem) -> Dossier | None:
        d = self._by_row.get(p.row)
        return d if d is not None and d.number == p.dossier else None


Message = Callable[[checks.DossierProblem, Context], str]


def _who(p: checks.DossierProblem) -> str:
    return f'Dossier "{quote(p.dossier)}"' if p.dossier else f"Regel {p.row}"


def _value(p: checks.DossierProblem) -> str:
    return f'"{quote(p.value)}"'


def _voorziening(key: str) -> str:
    """The voorziening of a column such as team_amw or door_amw: 'AMW'."""
    return INTERVENTIONS[key.split("_", 1)[1]]


def _escalation(key: str) -> str:
    """The escalation of a column such as voorkomen_ots or voorkomen_ots_kinderen: 'OTS'."""
    name = key.removeprefix("voorkomen_").removesuffix("_kinderen")
    return ESCALATIONS[name]


def _invalid_number(p: checks.DossierProblem, c: Context) -> str:
    d = c.dossier(p)
    if p.column == "kinderen_thuis" and d is not None and isinstance(d.children, int) \
            and isinstance(d.children_home, int) and d.children_home > d.children:
        return (f"{_who(p)}: {d.children_home} thuiswonende kinderen is meer dan het aantal kinderen "
                f"({d.children}). Pas {c.named('kinderen_thuis')} of {c.named('kinderen')} aan.")
    return f"{_who(p)}, {c.header(p.column)}: {_value(p)} kan hier niet. Typ {what_to_type(p.column)}."


def _duplicate(p: checks.DossierProblem, c: Context) -> str:
    others = [r for r in c.rows_of_number.get(p.dossier.strip().casefold(), []) if r != p.row]
    rows = ", ".join(str(r) for r in sorted(others))
    return (f'Dossiernummer "{quote(p.dossier)}" staat ook in regel {rows}. Geef elk huishouden een eigen nummer; '
            "staat hetzelfde huishouden er twee keer in, verwijder dan één van de regels.")


def _severity_differs(p: checks.DossierProblem, c: Context) -> str:
    d = c.dossier(p)
    derived = severity_from_zrm(s.start for s in d.leefgebieden) if d else None
    typed = d.severity if d else p.value
    return (f"{_who(p)}: de zwaarte {typed} verschilt van wat de ZRM-scores bij aanvang geven ({derived}). Er "
            f"wordt gerekend met {typed}; controleer de zwaarte of de scores.")


def _children_exceed(p: checks.DossierProblem, c: Context) -> str:
    d = c.dossier(p)
    kids = d.children if d else "?"
    return (f"{_who(p)}: voorkomen {_escalation(p.column)} voor {p.value} kinderen, meer dan de {kids} kinderen "
            f"van het huishouden ({c.quoted('kinderen')}). Controleer beide aantallen.")


def _composition(p: checks.DossierProblem, c: Context) -> str:
    d = c.dossier(p)
    kind = d.household_type if d else "?"
    return (f"{_who(p)}: samenstelling {p.value} past niet bij type huishouden {kind}: een gezin heeft kinderen. "
            f"Controleer {c.named('samenstelling')} en {c.named('type')}.")


MESSAGES: Mapping[str, Message] = {
    checks.MISSING_NUMBER: lambda p, c: (
        f"Regel {p.row} heeft geen dossiernummer. Typ in {c.named('dossiernummer')} een anoniem nummer dat in de "
        "steekproef maar één keer voorkomt, bijvoorbeeld D-001 (geen BSN)."),
    checks.DUPLICATE_DOSSIER: _duplicate,
    checks.UNKNOWN_TYPE: lambda p, c: (
        f"{_who(p)}: type huishouden {_value(p)} bestaat niet. Typ {alternatives(HOUSEHOLD_TYPES)}."),
    checks.UNKNOWN_SEVERITY: lambda p, c: (
        f"{_who(p)}: zwaarte {_value(p)} bestaat niet. Typ ev, mv_zr, mv_nzr of top, of laat de cel leeg als u "
        "ZRM-scores invult."),
    checks.UNKNOWN_VALUE: lambda p, c: (
        f"{_who(p)}, {c.header(p.column)}: {_value(p)} kan hier niet. Typ {what_to_type(p.column)}."),
    checks.ZRM_OUT_OF_RANGE: lambda p, c: (
        f"{_who(p)}, {c.header(p.column)}: {p.value} is geen ZRM-score. Typ een heel getal van 1 tot en met 5, of "
        "ja of nee."),
    checks.INVALID_NUMBER: _invalid_number,
    checks.DROPPED_NOT_ONGOING: lambda p, c: (
        f"{_who(p)}: {_voorziening(p.column)} is geschrapt (-1), maar liep niet bij aanvang. Typ 1 in "
        f"{c.named('lopend_' + p.column.removeprefix('team_'))} als het wel liep, of maak deze cel leeg."),
    checks.NEW_WITHOUT_PERFORMER: lambda p, c: (
        f"{_who(p)}: {_voorziening(p.column)} is nieuw (1), maar bij {c.quoted(p.column)} staat 'geen'. 'geen' "
        "(niet meer nodig) past alleen bij een geschrapt traject (-1). Typ team, netwerk of professional."),
    checks.ESCALATION_WITHOUT_TYPE: lambda p, c: (
        f"{_who(p)}: een voorkomen escalatie ({_escalation(p.column)}) telt mee per type huishouden, maar het "
        f"type is leeg. Typ in {c.named('type')} {alternatives(HOUSEHOLD_TYPES)}."),
    checks.BSN_VALUE: lambda p, c: (
        f"{_who(p)}: de opmerking bevat negen cijfers die de elfproef doorstaan, zoals een burgerservicenummer "
        f"(BSN). Haal het nummer weg: een BSN hoort niet in de dossieranalyse, de resultaten moeten geanonimiseerd "
        f"zijn ({PRIVACY_SOURCE})."),
    checks.MISSING_TYPE: lambda p, c: (
        f"{_who(p)}: het type huishouden is leeg; het dossier telt niet mee in de aandelen per type. Typ "
        f"{alternatives(HOUSEHOLD_TYPES)}."),
    checks.SEVERITY_NOT_DERIVABLE: lambda p, c: (
        f"{_who(p)}: de zwaarte is leeg en er zijn geen ZRM-scores om haar uit af te leiden (ja/nee zegt niet of "
        "een huishouden zelfredzaam is). Het dossier telt niet mee in de zwaarte. Typ ev, mv_zr, mv_nzr of top."),
    checks.SEVERITY_DIFFERS_FROM_ZRM: _severity_differs,
    checks.NEWLY_FOUND_WITH_ONGOING: lambda p, c: (
        f"{_who(p)}: nieuw gevonden is ja, maar bij 'Lopend bij aanvang' staat een interventie. Er wordt gerekend "
        "met nieuw gevonden; controleer een van beide."),
    checks.TAKEOVER_MISSING: lambda p, c: (
        f"{_who(p)}: {_voorziening(p.column)} is geschrapt (-1), maar bij {c.quoted(p.column)} staat niet wie het "
        f"overnam; het telt niet als substitutie. Typ {alternatives(PERFORMERS)}."),
    checks.DEAD_WEIGHT_MISSING: lambda p, c: (
        f"{_who(p)}: {_voorziening(p.column)} is nieuw (1) en door een professional, maar bij "
        f"{c.quoted(p.column)} staat niet of het in de oude werkwijze ook was ingezet; het telt als extra traject. "
        "Typ ja of nee."),
    checks.CHILDREN_MISSING: lambda p, c: (
        f"{_who(p)}: voorkomen {_escalation(p.column)} zonder aantal kinderen; er wordt met 1 kind gerekend. Typ "
        f"het aantal in {c.named(p.column)}."),
    checks.CHILDREN_EXCEED_HOUSEHOLD: _children_exceed,
    checks.FAMILY_WITHOUT_CHILDREN: lambda p, c: (
        f"{_who(p)}: een gezin zonder kinderen ({c.quoted('kinderen')} is 0). Is het type overig, of ontbreekt het "
        "aantal kinderen?"),
    checks.COMPOSITION_NOT_FAMILY: _composition,
    checks.OTHERS_WITHOUT_IMPROVEMENT: lambda p, c: (
        f"{_who(p)}, {c.header(p.column)}: 'ja', maar op dit leefgebied is niets verbeterd (bij aanvang geen "
        "probleem, of nu nog steeds); de cel telt niet mee."),
    checks.RELAPSE_NOT_CLOSED: lambda p, c: (
        f"{_who(p)}: terugval is ja, maar de casus is niet afgesloten; het dossier telt niet mee in de terugval. "
        f"Controleer {c.named('afgesloten')}."),
}
"""Per code of ``dossier_checks`` that names a dossier: its Dutch message. The codes about the whole sheet
(no dossiers, a BSN-like column) are written by the sheet reader, which knows the header row and counts."""


def bsn_column_text(header: str, passing: int, total: int) -> str:
    """Why a column that looks like BSNs is refused (``dossier_checks.bsn_like_columns``)."""
    return (f"Kolom '{quote(header)}': {plain(passing)} van de {plain(total)} waarden zijn negen cijfers die de "
            "elfproef doorstaan, zoals een burgerservicenummer (BSN). Een BSN hoort niet in de dossieranalyse: de "
            f"resultaten moeten geanonimiseerd zijn ({PRIVACY_SOURCE}). Vervang de nummers door eigen, anonieme "
            "nummers (bijvoorbeeld D-001) of verwijder de kolom.")
