"""Case-file records of a dossieranalyse: one typed, immutable ``Dossier`` per household.

The fields follow LPBL's registration format (001 Meta-analyse, Bijlage 3 'Inhoud registratiesysteem':
1 Kenmerken, 2 Situatie voor interventie, 3 Interventies team, 4 Situatie na interventie, 5 Afsluiting)
and the interview of 002 Groningen Bijlage II.2 and 004 West Betuwe Bijlage II.3 ('Dossieranalyse').
Names, addresses and BSN are deliberately absent: the analysis only needs an anonymous dossier number
and a team member code (001 noot 27: results are aggregated and anonymised).

A ``Dossier`` holds what was typed, normalised but not judged: a household type outside the list or
a ZRM score of 7 is kept so that ``dossier_checks.validate`` can name it. ``dossiers_from_rows`` turns
flat rows (a CSV, later the DOSSIERS sheet) into records; ``dossier_to_row`` is its inverse.

``COLUMNS`` declares the columns of the DOSSIERS sheet (``schema.DOSSIERS_SHEET``) once: key, Dutch header,
type, allowed values, the question each asks and what its drop-down accepts. The template, the sheet's reader,
its messages and docs/dossiers.md all follow it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeGuard

from ..schema import CHOICE, SEVERITIES, TEXT, WHOLE

# ---- vocabularies ---------------------------------------------------------------------------------

HOUSEHOLD_TYPES = ("gezin", "oudere", "overig")
INVOER_TYPE = {"gezin": "gezinnen", "oudere": "ouderen", "overig": "overige"}
"""Sheet value -> INVOER household type key (``schema.HOUSEHOLD_TYPES``)."""
MULTI_PROBLEM = ("mv_zr", "mv_nzr", "top")
"""The severities INVOER calls 'meervoudige problematiek (mv)' (INVOER A.5 leefsituatie)."""
COMPOSITIONS = ("eenoudergezin", "tweeoudergezin", "alleenstaand", "meerpersoons")
INVOER_COMPOSITION = {"eenoudergezin": "eenouder", "alleenstaand": "eenouder",
                      "tweeoudergezin": "tweeouder", "meerpersoons": "tweeouder"}
"""Sheet value -> INVOER ``samenstelling.<x>`` row ('Eenouder / eenpersoons' or 'Tweeouder / meerpersoons')."""
INCOME_SOURCES = ("werk", "bijstand", "uwv", "pensioen", "anders")
LVB_GGZ = ("nee", "lvb", "ggz", "beide")
YES, NO = "ja", "nee"

LEEFGEBIEDEN = {
    "schulden": "Schulden",
    "werk": "Werk",
    "overlast": "Overlast",
    "criminaliteit": "Criminaliteit",
    "dagbesteding": "Dagbesteding",
    "isolement": "Isolement",
    "verslaving": "Verslaving",
    "psychisch": "Psychisch",
    "fysiek": "Fysiek",
    "huisvesting": "Huisvesting",
    "huiselijk_geweld": "Huiselijk geweld",
    "opvoeding": "Opvoeding",
    "onveilig_kinderen": "Onveilig voor kinderen",
}
"""001 Bijlage 3, 2.2 'Leefsituatie/probleemgebieden (ja/nee of ZRM)', in its order (without 'Overig')."""

INTERVENTIONS = {
    "shv": "SHV",
    "reintegratie": "Re-integratie",
    "dagbesteding": "Activerende dagbesteding",
    "amw": "AMW",
    "wmo_hbh": "Wmo-HbH",
    "jeugd_ambulant": "J&OH ambulant",
    "jeugd_ggz": "Jeugd-GGZ",
    "ots": "OTS",
    "uhp": "UHP",
    "begeleiding": "Begeleiding",
    "ggz": "GGZ",
    "anders": "Anders",
}
"""001 Bijlage 3, 2.3 'Lopende interventies bij aanvang' and 3.1 'Trajecten nieuw (1) of geschrapt (-1)'.
'AWBZ begl' is 'Begeleiding' (Wmo since 2015); 'AWBZ overig' falls under 'Anders'."""
SUBSTITUTABLE = frozenset({"shv", "reintegratie", "dagbesteding", "amw", "wmo_hbh", "jeugd_ambulant"})
"""001 4.3 noot 15: light debt help, re-integratie, activerende dagbesteding, maatschappelijke dienstverlening,
jeugd- en opvoedhulp, hulp bij huishouden (and other Wmo); not GGZ, other youth care, AWBZ-begeleiding.
'Anders' is unknown and counted as not substitutable (aanname: the cautious reading)."""

PERFORMERS = ("team", "netwerk", "professional", "geen")
"""Who carries a new trajectory or took over a dropped one (001 Bijlage 3, 3.2 'Inzet team/eigen kracht/
netwerk of professional'; 'geen' = dropped because no longer needed, 002 4.3 'beter kijken naar wat echt
nodig is')."""

ESCALATIONS = {
    "huisuitzetting": "Huisuitzetting",
    "ots": "OTS",
    "uhp": "UHP",
    "opname_vv": "Opname V&V-huis",
    "opname_ggz": "Opname GGZ",
}
"""001 Bijlage 3, 3.3 'Escalatie'; OTS and UHP also record the number of children."""
WITH_CHILDREN = ("ots", "uhp")
JUDGEMENTS = ("ja", "deels", "nee")
JUDGEMENT_WEIGHT = {"ja": 1.0, "deels": 0.5, "nee": 0.0}
"""The interviewer's 'wat zou er anders gebeurd zijn' (002 4.3): ja = the escalation would have happened
without the team, deels = partly or possibly, nee = it would not have happened anyway. 'deels' counts half
(aanname: the expected value when 'partly' is read as an even chance)."""

Cell = str | int | float | None
"""A typed cell as read: text, a number or empty. Records keep wrong values so that validation can name them."""
Score = Cell
"""A leefgebied state: 'ja'/'nee' (problem or not) or a ZRM score 1-5."""

# ---- the record -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeefgebiedState:
    """One leefgebied of one household: problem at the start, now, and whether an improvement is due to others.

    'Now' is the state at the interview or when the case became inactive (002 Bijlage II.2: 'Situatie per
    leefgebied nu of bij inactief worden van de casus').
    """

    start: Score = None
    now: Score = None
    due_to_others: str | None = None  # 'ja' / 'nee'; empty = nee


@dataclass(frozen=True)
class TeamIntervention:
    """What the team did with one trajectory type: +1 new, -1 dropped; who carries or took it over; and
    whether a professional trajectory would also have been started in the old way (dead weight, 002 4.2)."""

    change: Cell = None
    performer: str | None = None
    old_way: str | None = None  # 'ja' / 'nee'


@dataclass(frozen=True)
class Escalation:
    """A prevented escalation with the interviewer's judgement; ``children`` for OTS and UHP."""

    judgement: str | None = None
    children: Cell = None


@dataclass(frozen=True)
class Dossier:
    """One household of the sample. Tuples follow the order of ``LEEFGEBIEDEN``, ``INTERVENTIONS`` and
    ``ESCALATIONS``; ``row`` is the sheet or file row it came from (for problem locations)."""

    number: str
    member: str
    household_type: str | None = None
    composition: str | None = None
    children: Cell = None
    children_home: Cell = None
    income_source: str | None = None
    minima: str | None = None
    lvb_ggz: str | None = None
    severity: str | None = None
    newly_found: str | None = None
    leefgebieden: tuple[LeefgebiedState, ...] = tuple(LeefgebiedState() for _ in LEEFGEBIEDEN)
    ongoing: tuple[Cell, ...] = tuple(None for _ in INTERVENTIONS)
    interventions: tuple[TeamIntervention, ...] = tuple(TeamIntervention() for _ in INTERVENTIONS)
    escalations: tuple[Escalation, ...] = tuple(Escalation() for _ in ESCALATIONS)
    closed: str | None = None
    relapse: str | None = None
    remark: str = ""
    row: int | None = None

    def __post_init__(self) -> None:
        for name, items, size in (("leefgebieden", self.leefgebieden, len(LEEFGEBIEDEN)),
                                  ("ongoing", self.ongoing, len(INTERVENTIONS)),
                                  ("interventions", self.interventions, len(INTERVENTIONS)),
                                  ("escalations", self.escalations, len(ESCALATIONS))):
            if len(items) != size:
                raise ValueError(f"Dossier.{name} needs {size} entries, got {len(items)}")

    def leefgebied(self, name: str) -> LeefgebiedState:
        return self.leefgebieden[LEEFGEBIED_INDEX[name]]

    def intervention(self, name: str) -> TeamIntervention:
        return self.interventions[INTERVENTION_INDEX[name]]

    def escalation(self, name: str) -> Escalation:
        return self.escalations[ESCALATION_INDEX[name]]


LEEFGEBIED_INDEX = {name: i for i, name in enumerate(LEEFGEBIEDEN)}
INTERVENTION_INDEX = {name: i for i, name in enumerate(INTERVENTIONS)}
ESCALATION_INDEX = {name: i for i, name in enumerate(ESCALATIONS)}

@dataclass(frozen=True)
class DossierSheet:
    """The DOSSIERS sheet as read: the description of the sample, its dossiers in sheet order (empty rows
    skipped) and the columns of the user's own that the analysis does not read (carried over unchanged)."""

    dossiers: tuple[Dossier, ...]
    description: str = ""
    extra_headers: tuple[str, ...] = ()
    extra_values: tuple[tuple[Cell, ...], ...] = ()
    """Per dossier, its values in ``extra_headers``."""

    @property
    def members(self) -> int:
        """How many team members the sample's dossiers come from."""
        return len({d.member.strip().casefold() for d in self.dossiers if d.member.strip()})


# ---- derived states -------------------------------------------------------------------------------

ZRM_PROBLEM_MAX = 3
"""A ZRM score of 3 ('beperkt zelfredzaam') or lower is a problem on that leefgebied; 4 'voldoende' and
5 'volledig zelfredzaam' are not (ZRM-Handleiding 2017, GGD Amsterdam: the five levels; the cut is an
aanname, chosen because level 4 is the first at which no support is needed)."""


def is_zrm(value: Score) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5


def has_problem(value: Score) -> bool | None:
    """'ja' -> True, 'nee' -> False, a ZRM score -> score <= 3; empty or invalid -> None (unknown)."""
    if value == YES:
        return True
    if value == NO:
        return False
    if is_zrm(value):
        return value <= ZRM_PROBLEM_MAX
    return None


def severity_from_zrm(scores: Iterable[Score]) -> str | None:
    """Severity at the start from ZRM scores (aanname; LPBL derived it from the ZRM leefgebieden without
    publishing the rule, 002 4.1 and noot 12, 004 4.1):

    * ``ev``: at most one leefgebied with a problem (score <= 3);
    * ``top``: two or more problems and at least one score 1 ('acuut probleem': escalated);
    * ``mv_nzr``: two or more problems and at least one score 2 ('niet zelfredzaam');
    * ``mv_zr``: two or more problems, all scored 3 ('beperkt zelfredzaam').

    Returns None when no leefgebied has a ZRM score (ja/nee alone cannot tell zr from nzr).
    LPBL clustered leefgebieden into 'probleemgebieden' first (002 noot 12); this rule counts leefgebieden.
    """
    zrm = [s for s in scores if is_zrm(s)]
    if not zrm:
        return None
    problems = [s for s in zrm if s <= ZRM_PROBLEM_MAX]
    if len(problems) <= 1:
        return "ev"
    if min(problems) == 1:
        return "top"
    return "mv_nzr" if min(problems) == 2 else "mv_zr"


def effective_severity(d: Dossier) -> str | None:
    """The typed severity if any, else the one derived from the ZRM scores at the start."""
    if d.severity:
        return d.severity
    return severity_from_zrm(s.start for s in d.leefgebieden)


def has_ongoing(d: Dossier) -> bool:
    return any(v == 1 for v in d.ongoing)


def effective_newly_found(d: Dossier) -> bool:
    """Typed 'ja'/'nee' if given, else: no ongoing intervention at the start (002 noot 14, an upper bound)."""
    if d.newly_found in (YES, NO):
        return d.newly_found == YES
    return not has_ongoing(d)


# ---- columns: the flat form of a record (the DOSSIERS sheet, a CSV) -------------------------------

YES_NO, STATE = "ja/nee", "ja/nee of ZRM 1-5"
"""Column types besides the schema's TEXT, CHOICE and WHOLE."""
YES_NO_CHOICES = (YES, NO)
STATE_CHOICES = (YES, NO, "1", "2", "3", "4", "5")
"""What a leefgebied cell takes; the sheet's drop-down lists these (Excel compares a typed 3 with "3")."""

GROUPS = {
    "kenmerken": "1. Kenmerken van het huishouden",
    "leefgebieden": "2. Leefgebieden: probleem bij aanvang en nu (ja/nee of ZRM 1-5)",
    "lopend": "2. Lopende interventies bij aanvang (1 = liep)",
    "team": "3. Interventies van het team: nieuw (1) of geschrapt (-1), door wie, ook in de oude werkwijze?",
    "escalaties": "3. Voorkomen escalaties: wat zou er anders gebeurd zijn?",
    "afsluiting": "5. Afsluiting",
}
"""The parts of 001 Bijlage 3 ('Inhoud registratiesysteem') as the band above the sheet's headers."""


@dataclass(frozen=True)
class Column:
    """One column of the dossier table: key, Dutch header, type, allowed values (as text, for the docs and the
    messages), the part of the registration it belongs to, the question it asks (the sheet's help) and what the
    sheet's drop-down or number check accepts (``choices``; ``bounds`` for whole numbers)."""

    key: str
    header: str
    type: str
    allowed: str
    group: str = "kenmerken"
    help: str = ""
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] | None = None


def _choice(values: Iterable[str]) -> str:
    return ", ".join(values)


_CHILDREN = (0, 20)
_PROBLEM_HELP = "ja, nee of de ZRM-score 1-5 (1 tot en met 3 is een probleem)"


def _household_columns() -> list[Column]:
    return [
        Column("dossiernummer", "Dossiernummer (anoniem)", TEXT, "uniek; geen BSN, naam of adres",
               help="Een anoniem nummer, uniek in de steekproef, bijvoorbeeld D-001. Geen BSN, naam, adres of "
                    "geboortedatum."),
        Column("teamlid", "Teamlid (code)", TEXT, "code, geen naam",
               help="Een code voor het teamlid met wie de casus is besproken, bijvoorbeeld TL01. Geen naam."),
        Column("type", "Type huishouden", CHOICE, _choice(HOUSEHOLD_TYPES), choices=HOUSEHOLD_TYPES,
               help="gezin (met kinderen), oudere (hoofdbewoner 65 jaar of ouder) of overig."),
        Column("samenstelling", "Samenstelling", CHOICE, _choice(COMPOSITIONS), choices=COMPOSITIONS,
               help="eenoudergezin, tweeoudergezin, alleenstaand of meerpersoons (zonder kinderen)."),
        Column("kinderen", "Aantal kinderen", WHOLE, "0-20", bounds=_CHILDREN,
               help="Aantal kinderen, 0 tot en met 20."),
        Column("kinderen_thuis", "W.v. thuiswonend", WHOLE, "0-20, niet meer dan het aantal kinderen",
               bounds=_CHILDREN, help="Waarvan thuiswonend; niet meer dan het aantal kinderen. Leeg = alle kinderen."),
        Column("inkomensbron", "Inkomensbron", CHOICE, _choice(INCOME_SOURCES), choices=INCOME_SOURCES,
               help="werk, bijstand, uwv, pensioen of anders."),
        Column("minima", "Minima", YES_NO, "ja, nee", choices=YES_NO_CHOICES,
               help="Hoort het huishouden tot de minima? ja of nee."),
        Column("lvb_ggz", "(L)VB of GGZ", CHOICE, _choice(LVB_GGZ), choices=LVB_GGZ,
               help="Speelt een (licht) verstandelijke beperking of GGZ-problematiek? nee, lvb, ggz of beide."),
        Column("zwaarte", "Zwaarte bij aanvang", CHOICE, _choice(SEVERITIES) + " (leeg = afgeleid uit ZRM)",
               choices=SEVERITIES,
               help="ev (enkelvoudig), mv_zr (meervoudig, zelfredzaam), mv_nzr (meervoudig, niet zelfredzaam) of "
                    "top (geëscaleerd). Leeg = afgeleid uit de ZRM-scores bij aanvang."),
        Column("nieuw_gevonden", "Nieuw gevonden", YES_NO, "ja, nee (leeg = ja als er geen lopende interventie is)",
               choices=YES_NO_CHOICES,
               help="Liep er bij aanvang geen enkele interventie? ja of nee. Leeg = ja als bij 'Lopend bij "
                    "aanvang' niets is ingevuld."),
    ]


def _columns() -> tuple[Column, ...]:
    cols = _household_columns()
    for key, label in LEEFGEBIEDEN.items():
        name = label.lower()
        cols += [Column(f"{key}_start", f"{label}: bij aanvang", STATE, "ja, nee of 1-5", "leefgebieden",
                        f"Was er bij aanvang een probleem met {name}? {_PROBLEM_HELP}.", STATE_CHOICES),
                 Column(f"{key}_nu", f"{label}: nu", STATE, "ja, nee of 1-5", "leefgebieden",
                        f"En nu, of toen de casus inactief werd? {_PROBLEM_HELP}.", STATE_CHOICES),
                 Column(f"{key}_anderen", f"{label}: verbetering door anderen", YES_NO, "ja, nee (leeg = nee)",
                        "leefgebieden", "Komt de verbetering vooral door anderen dan het team? ja of nee (leeg = nee).",
                        YES_NO_CHOICES)]
    for key, label in INTERVENTIONS.items():
        cols.append(Column(f"lopend_{key}", f"Lopend bij aanvang: {label}", WHOLE, "1 of leeg", "lopend",
                           f"Liep {label} al toen het team begon? 1 = ja, leeg = nee.", bounds=(0, 1)))
    for key, label in INTERVENTIONS.items():
        cols += [Column(f"team_{key}", f"Team: {label} nieuw (1) of geschrapt (-1)", WHOLE, "1, -1 of leeg", "team",
                        f"Heeft het team {label} ingezet (1) of geschrapt (-1)? Leeg = niets veranderd.",
                        ("1", "-1")),
                 Column(f"door_{key}", f"{label}: door / overgenomen door", CHOICE,
                        _choice(PERFORMERS) + " (leeg bij 1 = professional)", "team",
                        "Wie doet het nu (bij 1) of wie nam het over (bij -1)? team, netwerk (eigen kracht, "
                        "vrijwilligers), professional, of geen (niet meer nodig, alleen bij -1).", PERFORMERS),
                 Column(f"oud_{key}", f"{label}: ook in oude werkwijze", YES_NO, "ja, nee (alleen bij 1)", "team",
                        "Was in de oude werkwijze hiervoor ook een professioneel traject ingezet? ja (dead weight) "
                        "of nee; alleen bij 1.", YES_NO_CHOICES)]
    for key, label in ESCALATIONS.items():
        cols.append(Column(f"voorkomen_{key}", f"Voorkomen: {label} (anders gebeurd?)", CHOICE, _choice(JUDGEMENTS),
                           "escalaties", f"Heeft het team {label.lower()} voorkomen? Zou het anders gebeurd zijn: ja "
                           "(zeker), deels (misschien) of nee. Leeg = niet aan de orde.", JUDGEMENTS))
        if key in WITH_CHILDREN:
            cols.append(Column(f"voorkomen_{key}_kinderen", f"Voorkomen: {label}, aantal kinderen", WHOLE, "1-20",
                               "escalaties", "Om hoeveel kinderen ging het? 1 tot en met 20.", bounds=(1, 20)))
    cols += [Column("afgesloten", "Afgesloten", YES_NO, "ja, nee", "afsluiting", "Is de casus afgesloten? ja of nee.",
                    YES_NO_CHOICES),
             Column("terugval", "Terugval", YES_NO, "ja, nee", "afsluiting",
                    "Kwam het probleem na afsluiting terug? ja of nee (alleen bij afgesloten casussen).",
                    YES_NO_CHOICES),
             Column("opmerking", "Opmerking", TEXT, "vrij; geen namen of BSN", "afsluiting",
                    "Vrije tekst, zonder namen, adressen of BSN.")]
    return tuple(cols)


COLUMNS = _columns()
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
TEXT_COLUMNS = tuple(c.key for c in COLUMNS if c.type == TEXT)


def _text(value: object) -> str | None:
    """Normalised text of a cell: trimmed and lower case for choices; None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text.lower() if text else None


def _number(value: object) -> Cell:
    """A numeric cell: whole numbers become int; other text is kept as text for validation to name."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return str(value).strip()
    return int(number) if number.is_integer() else number


def _state(value: object) -> Score:
    """A leefgebied cell: 'ja'/'nee' stay text, digits become a (ZRM) number, an Excel TRUE/FALSE is ja/nee."""
    if isinstance(value, bool):
        return YES if value else NO
    number = _number(value)
    if isinstance(number, str):
        return number.lower()
    return number


def _raw_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_LEEFGEBIED_KEYS = tuple((f"{k}_start", f"{k}_nu", f"{k}_anderen") for k in LEEFGEBIEDEN)
_INTERVENTION_KEYS = tuple((f"lopend_{k}", f"team_{k}", f"door_{k}", f"oud_{k}") for k in INTERVENTIONS)
_ESCALATION_KEYS = tuple((f"voorkomen_{k}", f"voorkomen_{k}_kinderen" * (k in WITH_CHILDREN)) for k in ESCALATIONS)
"""The column keys ``dossier_from_row`` reads, spelled once (it runs for each of up to 2,000 rows)."""


def dossier_from_row(row: Mapping[str, object], row_number: int | None = None) -> Dossier:
    """One record from a flat row keyed by ``COLUMN_KEYS`` (missing keys are empty). Never raises on
    content: values that are not what the column wants are kept for ``validate`` to report."""
    g = row.get
    return Dossier(
        number=_raw_text(g("dossiernummer")),
        member=_raw_text(g("teamlid")),
        household_type=_text(g("type")),
        composition=_text(g("samenstelling")),
        children=_number(g("kinderen")),
        children_home=_number(g("kinderen_thuis")),
        income_source=_text(g("inkomensbron")),
        minima=_text(g("minima")),
        lvb_ggz=_text(g("lvb_ggz")),
        severity=_text(g("zwaarte")),
        newly_found=_text(g("nieuw_gevonden")),
        leefgebieden=tuple(LeefgebiedState(_state(g(start)), _state(g(now)), _text(g(others)))
                           for start, now, others in _LEEFGEBIED_KEYS),
        ongoing=tuple(_number(g(ongoing)) for ongoing, _, _, _ in _INTERVENTION_KEYS),
        interventions=tuple(TeamIntervention(_number(g(team)), _text(g(by)), _text(g(old)))
                            for _, team, by, old in _INTERVENTION_KEYS),
        escalations=tuple(Escalation(_text(g(judgement)), _number(g(children)) if children else None)
                          for judgement, children in _ESCALATION_KEYS),
        closed=_text(g("afgesloten")),
        relapse=_text(g("terugval")),
        remark=_raw_text(g("opmerking")),
        row=row_number,
    )


def _is_empty_row(row: Mapping[str, object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values())


def dossiers_from_rows(rows: Iterable[Mapping[str, object]], first_row: int = 2) -> tuple[Dossier, ...]:
    """Records from flat rows, skipping empty rows; ``first_row`` numbers the first row (after a header)."""
    return tuple(dossier_from_row(r, first_row + i) for i, r in enumerate(rows) if not _is_empty_row(r))


def dossier_to_row(d: Dossier) -> dict[str, object]:
    """The flat row of a record (``None`` for empty cells), in ``COLUMN_KEYS`` order."""
    row: dict[str, object] = {
        "dossiernummer": d.number, "teamlid": d.member, "type": d.household_type, "samenstelling": d.composition,
        "kinderen": d.children, "kinderen_thuis": d.children_home, "inkomensbron": d.income_source,
        "minima": d.minima, "lvb_ggz": d.lvb_ggz, "zwaarte": d.severity, "nieuw_gevonden": d.newly_found,
    }
    for k, s in zip(LEEFGEBIEDEN, d.leefgebieden):
        row.update({f"{k}_start": s.start, f"{k}_nu": s.now, f"{k}_anderen": s.due_to_others})
    for k, v in zip(INTERVENTIONS, d.ongoing):
        row[f"lopend_{k}"] = v
    for k, t in zip(INTERVENTIONS, d.interventions):
        row.update({f"team_{k}": t.change, f"door_{k}": t.performer, f"oud_{k}": t.old_way})
    for k, e in zip(ESCALATIONS, d.escalations):
        row[f"voorkomen_{k}"] = e.judgement
        if k in WITH_CHILDREN:
            row[f"voorkomen_{k}_kinderen"] = e.children
    row.update({"afgesloten": d.closed, "terugval": d.relapse, "opmerking": d.remark or None})
    return {k: row[k] for k in COLUMN_KEYS}
