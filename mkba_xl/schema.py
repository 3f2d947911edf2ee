"""One declarative description of every INVOER field and of the KENGETALLEN tables.

The template writer, the reader's validation, ``mkba-xl schema --json`` and ``docs/fields.md``
are all generated from the objects in this module, so a field is described exactly once.

Cell positions are part of the description: the template is protected and users only type in
the unlocked input cells, so a fixed layout is what lets an error name the exact cell.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any

from .references import readable

TEMPLATE_VERSION = "mkba-xl invoer 2"
"""Written in ``VERSION_CELL``; the reader refuses other values (older or foreign templates)."""

INVOER_SHEET = "INVOER"
KENGETALLEN_SHEET = "KENGETALLEN"
AUDIT_SHEET_NAME = "BEREKENING"
"""The output's audit sheet (``writer.audit``); input messages name it where it shows what INVOER became."""
VERSION_CELL = "C2"
LABEL_COLUMN = "B"
"""Column of INVOER's texts: every layout row's text, and the label of a field in column C on a row without one."""
DOSSIERS_SHEET = "DOSSIERS"
"""Optional input sheet of the dossieranalyse: one row per household of the sample (found ignoring case). Its
columns are ``analyses.dossiers.COLUMNS``; the reader finds them by their header (the key or the Dutch text)."""
DOSSIERS_HEADER_ROW = 5
"""1-based row of the column headers in the sheet the template writes; the reader searches the first rows."""
DOSSIERS_FIRST_COL = 2  # column B
DOSSIERS_DESCRIPTION_CELL = "C3"
"""The description of the sample (label 'Steekproef:' in B3): who, when, how drawn; an illustrative sample says so."""
DOSSIERS_HEADER_SEARCH_ROWS = 10
DOSSIERS_MAX_ROWS = 2_000
"""Dossiers read under the header; more is refused with one message (LPBL used about 80, 002 and 004)."""
DOSSIERS_MAX_COLS = 160
"""Columns read: the template's 108 from column B, and room for columns of the user's own (carried over)."""
DOSSIERS_AREA = (DOSSIERS_HEADER_SEARCH_ROWS + DOSSIERS_MAX_ROWS + 1, DOSSIERS_MAX_COLS)
MEERJARIG_SHEET = "MEERJARIG"
"""Optional input sheet with several years of the approach (found ignoring case and spaces)."""
MEERJARIG_BASE_CELL = "C4"
"""The base year that every year is discounted to (empty = the first year)."""
MEERJARIG_HEADER_ROW = 6
"""1-based row of the header of the years table (B6 and further, ``MEERJARIG_COLUMNS``); one row per year below."""
MEERJARIG_FIRST_COL = 2  # column B
MEERJARIG_MAX_ROWS = 30
"""Years of the approach that are read; a filled row under them is refused with one message."""
MEERJARIG_AREA = (MEERJARIG_HEADER_ROW + MEERJARIG_MAX_ROWS + 10, MEERJARIG_FIRST_COL + 19)
"""Rows and columns of MEERJARIG that are read: the table and a few rows under it (to say they are not read)."""
GEVOELIGHEID_SHEET = "GEVOELIGHEID"
"""Optional input sheet with the user's own sensitivity variations (found ignoring case)."""
GEVOELIGHEID_COLUMNS = {"veld": "veld", "waarde": "nieuwe waarde", "factor": "factor", "omschrijving": "omschrijving"}
"""Column keys of GEVOELIGHEID and the header texts users see (the reader finds the header row by these texts)."""
GEVOELIGHEID_HEADER_ROW = 4
"""1-based row of the header in the sheet the template writes (B4:E4); the reader searches the first rows."""
GEVOELIGHEID_FIRST_COL = 2  # column B
GEVOELIGHEID_HEADER_SEARCH_ROWS = 20
GEVOELIGHEID_MAX_ROWS = 100
"""Variation rows read under the header; more is refused with one message."""
GEVOELIGHEID_AREA = (GEVOELIGHEID_HEADER_SEARCH_ROWS + GEVOELIGHEID_MAX_ROWS + 1, 12)
"""Rows and columns of GEVOELIGHEID that are read: the header is looked for in the first 20 rows and at
most 100 variation rows follow it."""

ONZEKERHEID_SHEET = "ONZEKERHEID"
"""Optional input sheet with the uncertain assumptions of the uncertainty analysis (found ignoring case)."""
ONZEKERHEID_COLUMNS = {"veld": "veld", "verdeling": "verdeling", "grenzen": "grenzen als", "laag": "laag",
                       "hoog": "hoog", "bron": "bron"}
"""Column keys of the assumptions table (B:G) and the header texts users see."""
CORRELATION_COLUMNS = {"veld_1": "veld 1", "veld_2": "veld 2", "rangcorrelatie": "rangcorrelatie"}
"""Column keys of the rank correlations table (I:K) and their header texts."""
ONZEKERHEID_HEADER_ROW = 7
"""1-based row of both headers; the layout is fixed (the sheet is protected), the reader checks the texts."""
ONZEKERHEID_FIRST_COL = 2  # column B
CORRELATION_FIRST_COL = 9  # column I
ONZEKERHEID_MAX_ROWS = 20
"""Rows under the header that are read, in both tables."""
ONZEKERHEID_AREA = (ONZEKERHEID_HEADER_ROW + ONZEKERHEID_MAX_ROWS + 100, CORRELATION_FIRST_COL + 2)
"""Rows and columns of ONZEKERHEID that are read: the two tables, and below them enough to see rows that do not
fit (the standard set the template shows there is recognised by its title and not read)."""
DISTRIBUTIONS = ("driehoek", "uniform", "normaal", "lognormaal")
"""The distributions a row may name (``analyses.distributions.KINDS``)."""
NO_DISTRIBUTION = "geen"
"""A row with this distribution keeps the field at its INVOER value (it removes a standard assumption)."""
BOUNDS_AS = ("waarde", "factor")
"""How laag and hoog are meant: values of the field, or factors on its INVOER value."""


@dataclass(frozen=True)
class InputSheetSpec:
    """An optional input sheet besides INVOER and KENGETALLEN: its name (found ignoring case and
    spaces), the rows and columns read from it, and its key in ``pipeline.Workbook.sheets``.

    ``input_sheets`` says how each is read, written into the template and carried over into an
    output workbook; the reader reads all of them in its one pass over the file.
    """

    key: str
    name: str
    area: tuple[int, int]


INPUT_SHEETS: tuple[InputSheetSpec, ...] = (
    InputSheetSpec("variaties", GEVOELIGHEID_SHEET, GEVOELIGHEID_AREA),
    InputSheetSpec("onzekerheid", ONZEKERHEID_SHEET, ONZEKERHEID_AREA),
    InputSheetSpec("dossiers", DOSSIERS_SHEET, DOSSIERS_AREA),
    InputSheetSpec("meerjarig", MEERJARIG_SHEET, MEERJARIG_AREA),
)

# Field types, in the Dutch words users see in docs and in ``mkba-xl schema --json``.
WHOLE = "geheel getal"
SHARE = "aandeel"
EURO = "bedrag"
NUMBER = "getal"
TEXT = "tekst"
CHOICE = "keuze"
FIELD_TYPES = (WHOLE, SHARE, EURO, NUMBER, TEXT, CHOICE)

HOUSEHOLD_TYPES = ("gezinnen", "ouderen", "overige")
HOUSEHOLD_TYPE_LABELS = {"gezinnen": "Gezinnen", "ouderen": "Ouderen", "overige": "Overige hh"}
SEVERITIES = ("ev", "mv_zr", "mv_nzr", "top")
SEVERITY_LABELS = {
    "ev": "Geen probleem of enkelvoudig (ev)",
    "mv_zr": "Meervoudig (mv) en zelfredzaam (zr)",
    "mv_nzr": "Meervoudig (mv) en niet-zelfredzaam (nzr)",
    "top": "Top (mv nzr geëscaleerd)",
}
TYPE_COLUMNS = ("C", "D", "E")  # gezinnen, ouderen, overige
COUNT_COLUMNS = ("H", "I", "J")  # derived households per type x severity

DISCIPLINES = {
    "jeugd": "Jeugd",
    "ggz_volwassenen": "GGZ-volwassenen",
    "werk_inkomen_schulden": "Werk & inkomen / schulden",
    "welzijn_md": "Welzijn / maatschappelijke dienstverlening",
    "zorg": "Zorg",
    "wonen": "Wonen",
}
SUCCESS_ITEMS = {
    "schuldhulp": "Schuldhulp (meer huishoudens financieel stabiel)",
    "direct_naar_werk": "Direct naar werk",
    "schooluitval": "Schooluitval (negatief = minder uitval)",
    "consulten_eerste_lijn": "Consulten eerste lijn (negatief = minder)",
    "doorverwijzing_tweede_lijn": "Doorverwijzing tweede lijn (negatief = minder)",
}

ACTOR_CHOICES = ("na_2015", "voor_2015")
"""The two actor mappings: the columns of the table 'Geldstromen naar actoren' on KENGETALLEN."""
ACTOR_CHOICE_LABELS = {
    "na_2015": "na 2015 (na de decentralisaties: Jeugd en Wmo bij de gemeente)",
    "voor_2015": "voor 2015 (Jeugd en AWBZ nog niet bij de gemeente)",
}
"""How UITVOER names the actor mapping used."""
REKENWIJZE_CHOICES = ("lpbl_2014", "lpbl_2019")
DISCOUNT_RULE_BEFORE = "lpbl_2014"
"""The discount rule of analyses before the first period of ``DISCOUNT_RULES_IN_FORCE``: 2,5% + 3% (LPBL)."""
DISCOUNT_RULES_IN_FORCE: tuple[tuple[int, str], ...] = ((2016, "rijk_2015"), (2021, "rijk_2021"), (2026, "rijk_2026"))
"""(first analysis year, rule): the rule in force for an analysis of that year onwards, the default of an empty
INVOER C10. The values and sources of each rule are on KENGETALLEN (``kengetallen._DISCOUNT``)."""


def discount_rule_in_force(analysis_year: int) -> str:
    """The discount rule in force in ``analysis_year``: lpbl_2014 until 2015, rijk_2015 from 2016, rijk_2021 from
    2021, rijk_2026 from 2026."""
    rule = DISCOUNT_RULE_BEFORE
    for first, name in DISCOUNT_RULES_IN_FORCE:
        if analysis_year >= first:
            rule = name
    return rule


def _rules_in_force_text() -> str:
    periods = [f"t/m {DISCOUNT_RULES_IN_FORCE[0][0] - 1} {DISCOUNT_RULE_BEFORE}"]
    periods += [f"vanaf {first} {name}" for first, name in DISCOUNT_RULES_IN_FORCE]
    return ", ".join(periods)

NET_EFFECT_RULE = readable(
    "Netto-effect: de effecten in deel C zijn bruto, vóór terugval en attributie; het model telt ze "
    "x (1 - terugval) x attributie. Alleen minder schooluitval telt zonder terugval, x attributie (000 Tabel 4.2: "
    "terugval raakt de startkwalificaties niet), en gewonnen levensjaren die u rechtstreeks invult tellen zoals "
    "ingevuld.")
"""The one definition of how a stated effect becomes a counted effect: in the help of the terugval and
attributie cells, referred to by every effect cell, and on BEREKENING."""
TEAM_DOMAINS = {"wi": "Werk & Inkomen", "wmo": "Wmo / Zorg", "welzijn": "Welzijn / maatschappelijk werk",
                "jeugd": "Jeugd", "zvw": "Zorgverzekeringswet (GGZ)"}
"""Geldstromen whose work may have moved into the team nieuw voor oud (INVOER C 1b)."""
LEEFGEBIEDEN = {"dagbesteding": "Zinvolle dagbesteding (participatie, vrijwilligerswerk)",
                "psychisch": "Minder psychische klachten en stress",
                "opvoeding": "Minder opvoedproblemen"}
"""Leefgebieden whose improvement counts as quality of life (000 3.1.3 4a, 003 3.2.3 3b, 002 5.1 punt 4)."""
FINANCIERS = ("wi", "wmo", "welzijn", "jeugd", "zvw", "rijk", "corporatie")
DEEL_D_ROWS: dict[str, tuple[str, str | None]] = {
    "shv": ("Schuldhulpverlening (SHV)", "wi"),
    "reintegratie": ("Re-integratie", "wi"),
    "dagbesteding": ("Activerende dagbesteding", "wmo"),
    "amw": ("Algemeen maatschappelijk werk (AMW)", "welzijn"),
    "hbh": ("Wmo: hulp bij het huishouden", "wmo"),
    "wmo_overig": ("Wmo: woonvoorzieningen, vervoer en overig", "wmo"),
    "jeugd_ambulant": ("Jeugd- en opvoedhulp ambulant", "jeugd"),
    "jeugd_ggz": ("Jeugd-GGZ", "jeugd"),
    "ots": ("Ondertoezichtstelling (OTS)", "jeugd"),
    "uhp": ("Uithuisplaatsing (UHP)", "jeugd"),
    "begeleiding": ("Begeleiding (voorheen AWBZ), individueel en groep", "wmo"),
    "awbz_overig": ("Overige AWBZ/Wlz-zorg", "rijk"),
    "ggz": ("GGZ (volwassenen)", "zvw"),
    "anders1": ("Anders, namelijk (naam in kolom C)", None),
    "anders2": ("Anders, namelijk (naam in kolom C)", None),
    "anders3": ("Anders, namelijk (naam in kolom C)", None),
}
"""The rows of INVOER deel D, the trajectory table per voorziening: the categories of the tool's registration
(001 Bijlage 3, 2.3 and 3.1: 'Zie voor een verdere opsplitsing naar categorieën bijlage 2 invoerscherm deel D')
with their usual financier, and three rows of the user's own."""
DEEL_D_COUNTS = {
    "start": ("F", "Trajecten bij start", "Trajecten van deze voorziening in de caseload bij de start (of lopend "
              "in het jaar); alleen voor de coördinatiebesparing van lpbl_2014 (000 3.1.3 1c)."),
    "extra": ("G", "Extra ingezet door het team", "Trajecten per jaar die het team extra inzet (nieuw gevonden "
              "huishoudens, extra hulp in bekende): kosten regel 3 (002 Bijlage VI: 285 extra trajecten)."),
    "bespaard": ("H", "Bespaard door substitutie", "Trajecten per jaar die niet meer nodig zijn doordat het team, het "
                 "netwerk of vrijwilligers het werk doen: baten 1c (004 4.2: '220 bespaarde trajecten')."),
    "maatwerk": ("I", "Maatwerk via het team", "Trajecten per jaar die via het team zijn toegekend of "
                 "geherindiceerd: de basis van 'meer op maat' (cel C64), baten 1b (004 noot 11: 1.400 "
                 "jeugdhulpvoorzieningen x 35% via team x 50% = 250)."),
}
"""The count columns of deel D: column, header and help. A column with any cell filled replaces the
trajectory package of the KENGETALLEN sheet for what it drives; an empty column leaves the package."""
DEEL_D_FIRST_ROW = 105
TEAM_WAYS = {42: "Manier 1", 43: "Beide manieren", 44: "Manier 1", 46: "Manier 2", 47: "Manier 2",
             48: "Beide manieren", 49: "Beide manieren"}
"""INVOER rows of the team block and the way of stating the team each belongs to (shown in column D)."""
EMPTY_MEANS = {"prijspeil": "het jaar in C7", "disconteringsregel": "de regel van het jaar in C7",
               "rekenwijze": "naar het team: manier 1 lpbl_2014, 2 lpbl_2019"}
"""What an empty INVOER cell without a fixed default means, in the words of its help (shown as its 'standaard')."""
STANDARD_COLUMN = "L"
"""INVOER column of the grey 'standaard': what an empty input cell on the row means (``template``)."""
USUAL_COLUMN = "M"
"""INVOER column of the 'gebruikelijk' range of the row's input cells (``USUAL``)."""


POINTS = "procentpunt"
"""The unit of a share that is a change in percentage points (the success of trajectories): typed as 2% or -1%."""


@dataclass(frozen=True)
class Usual:
    """The 'gebruikelijk' range of a number: what the reports show (``source`` cites them) or, where they give no
    range, an assumption (``source`` starts with 'aanname:' and says why).

    A value outside it is allowed but warned about (``plausibility``); the template shows the range beside the
    input cell and in its input message. Bounds are in the field's own terms (shares as fractions).
    """

    low: float
    high: float
    source: str


@dataclass(frozen=True)
class Field:
    """One input cell of the INVOER sheet.

    ``default`` is used when the cell is empty; a field with ``required=True`` has no default.
    ``min``/``max`` bound numeric types (for shares as fractions: 0.48 = 48%). A choice field has its
    ``choices`` here, or ``choices_from``: the key of the KENGETALLEN table whose rows are its choices
    (the names live with their values in ``kengetallen``; ``kengetallen.choices_for`` gives them).
    """

    key: str
    cell: str
    type: str
    label: str
    help: str
    unit: str = ""
    min: float | None = None
    max: float | None = None
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    choices_from: str = ""
    section: str = ""
    sheet: str = INVOER_SHEET
    fallback_kengetal: str = ""
    """When set, an empty cell takes the value of this kengetal (KENGETALLEN sheet) instead of ``default``."""
    usual: Usual | None = None
    """The 'gebruikelijk' range; None for a number whose whole allowed range is usual (``usual_range`` says why)."""

    @property
    def row(self) -> int:
        return int("".join(ch for ch in self.cell if ch.isdigit()))

    @property
    def column(self) -> str:
        return "".join(ch for ch in self.cell if ch.isalpha())


@dataclass(frozen=True)
class Row:
    """A layout row of the INVOER sheet: a heading, a sub heading, a label or a derived formula.

    Input cells are ``Field``s; everything else the template shows is a ``Row`` so that the layout
    lives here beside the fields and not in the writer.
    """

    row: int
    kind: str  # "title", "section", "subsection", "label", "note", "formula"
    text: str = ""
    cells: tuple[tuple[str, str], ...] = ()  # (cell, text or formula) extra cells on the row
    number_format: str = ""


@dataclass(frozen=True)
class Column:
    """One column of a KENGETALLEN table; for a text column ``max`` is its longest text (default ``MAX_TEXT``)."""

    key: str
    header: str
    type: str
    unit: str = ""
    min: float | None = None
    max: float | None = None
    editable: bool = True
    choices: tuple[str, ...] = ()
    width: float = 14


@dataclass(frozen=True)
class Table:
    """A table-shaped block on a sheet: a title in column B, a header row, then one row per item.

    The reader finds the block by its title, so users may not move it, but its rows are read
    whatever their number (an added CPI year is simply one row more).
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    help: str
    sheet: str = KENGETALLEN_SHEET
    keyed_by: int = 1  # how many leading columns identify a row (not editable)


def _share(key: str, cell: str, label: str, help: str, *, default: Any = None, required: bool = False,
           minimum: float = 0.0, maximum: float = 1.0, section: str = "", unit: str = "%",
           usual: Usual | None = None) -> Field:
    return Field(key, cell, SHARE, label, help, unit=unit, min=minimum, max=maximum, default=default,
                 required=required, section=section, usual=usual)


@lru_cache(maxsize=1)
def invoer_layout() -> tuple[tuple[Field, ...], tuple[Row, ...]]:
    """Build the INVOER fields and layout rows (cached: built once, on first use).

    Help texts cite their sources compactly here ("001 Tabel 4.7"); users read them written out
    (``references.readable``), in the template's input messages, ``mkba-xl schema`` and the docs.
    """
    fields: list[Field] = []
    rows: list[Row] = []
    add = fields.append

    def header_row(r: int, text: str, extra: tuple[tuple[str, str], ...] = ()) -> None:
        cells = tuple((f"{c}{r}", HOUSEHOLD_TYPE_LABELS[t]) for c, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES)) + extra
        rows.append(Row(r, "subsection", text, cells))

    rows.append(Row(1, "title", "MKBA sociale (wijk)teams — INVOER"))
    rows.append(Row(2, "label", "Sjabloonversie (niet wijzigen)", ((VERSION_CELL, TEMPLATE_VERSION),)))
    rows.append(Row(3, "note", "Vul de gele cellen in. Grijze cellen rekent Excel zelf uit; een lege cel telt als "
                               "de grijze standaard in kolom L. Percentages typt u als 48%; bedragen in hele euro's.",
                    ((f"{STANDARD_COLUMN}3", "Standaard (als de cel leeg is)"),
                     (f"{USUAL_COLUMN}3", "Gebruikelijk (daarbuiten volgt een waarschuwing)"))))

    s = "Algemeen"
    rows.append(Row(4, "section", s))
    add(Field("gemeente", "C5", TEXT, "Gemeente", "Naam van de gemeente, bijvoorbeeld Groningen.",
              required=True, section=s))
    add(Field("aanpak", "C6", TEXT, "Team of aanpak", "Naam van het team of de aanpak, bijvoorbeeld WIJ-teams.",
              required=True, section=s))
    add(Field("analysejaar", "C7", WHOLE, "Jaar van de analyse",
              "Het jaar waarvan de aanpak wordt doorgerekend (één jaar aanpak).", unit="jaar",
              min=2000, max=2100, required=True, section=s))
    add(Field("prijspeil", "C8", WHOLE, "Prijspeil (jaar)",
              "Het jaar waarin alle bedragen worden uitgedrukt. Leeg = het jaar van de analyse. "
              "Kengetallen worden met de CPI-tabel op het blad KENGETALLEN naar dit jaar omgerekend.",
              unit="jaar", min=2000, max=2100, section=s))
    add(Field("zorgprofiel", "C9", CHOICE, "Zorgconsumptieprofiel",
              "Welke tabel met zorgkosten per huishouden (blad KENGETALLEN) de escalatiebaten bepaalt.",
              default="generiek_2014", choices_from="profielen", section=s))
    add(Field("disconteringsregel", "C10", CHOICE, "Disconteringsregel",
              "Leeg = de regel die geldt in het jaar van de analyse (C7): " + _rules_in_force_text() + ". "
              "rijk_2026 = 2,8% (Werkgroep discontovoet 2025, voor analyses vanaf 2026; niet bevestigd, zie de bron); "
              "rijk_2021 = 2,25% "
              "(Werkgroep discontovoet 2020); rijk_2015 = 3% (Werkgroep discontovoet 2015); lpbl_2014 = 2,5% + 3% "
              "risico-opslag zoals in de LPBL-rapporten; lpbl_2014_verre_toekomst = idem met 5% opslag voor de "
              "lange-termijnbaten (jaar 9). Bronnen: blad KENGETALLEN, tabel Disconteringsregels.",
              choices_from="disconto", section=s))
    add(Field("actorindeling", "C11", CHOICE, "Indeling geldstromen naar actoren",
              "na_2015: Jeugd en Wmo vallen bij de gemeente (na de decentralisaties); "
              "voor_2015: Jeugd valt bij overige partijen.",
              default="na_2015", choices=ACTOR_CHOICES, section=s))
    add(Field("toelichting", "C12", TEXT, "Toelichting (vrij)", "Vrije tekst, bijvoorbeeld de bron van de invoer.",
              default="", section=s))
    add(Field("rekenwijze", "C13", CHOICE, "Rekenwijze (versie van de LPBL-tool)",
              "lpbl_2014 = zoals de tool van 2014 (001 Meta-analyse, Bijlage 2): een besparing op coördinatie in 1a "
              "en de begroting als kasstromen; lpbl_2019 = zoals de tool vanaf 2019 (002 Groningen, 004 West Betuwe): "
              "'Kosten in 0-situatie' en 'Meerkosten', geen coördinatiebesparing en de begroting als netto contante "
              "waarde per actor. Leeg = de rekenwijze die past bij hoe u het team invult: manier 1 (C42) = lpbl_2014, "
              "manier 2 (C46, C47) = lpbl_2019. UITVOER toont de regels van de gekozen versie.",
              choices=REKENWIJZE_CHOICES, section=s))

    s = "A. Bereik"
    rows.append(Row(14, "section", s))
    add(Field("huishoudens", "C15", WHOLE, "Aantal huishoudens in aanpak (totaal)",
              "Aantal unieke huishoudens dat het team in het jaar ondersteunt.", unit="huishoudens",
              min=1, max=1_000_000, required=True, section=s))
    header_row(16, "Type huishoudens in aanpak (%)", (("G16", "Totaal"),))
    for col, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES):
        add(_share(f"aandeel_type.{t}", f"{col}17", f"Aandeel {HOUSEHOLD_TYPE_LABELS[t].lower()}",
                   "Aandeel van dit type in alle huishoudens van de aanpak; de drie typen tellen op tot 100%.",
                   required=True, section=s))
    rows.append(Row(17, "formula", "Aandeel per type", (("G17", "=SUM(C17:E17)"),), "0%"))

    count_headers = tuple((c, f"Aantal {HOUSEHOLD_TYPE_LABELS[t].lower()}") for c, t in
                          zip(COUNT_COLUMNS, HOUSEHOLD_TYPES)) + (("K18", "Aantal totaal"),)
    header_row(18, "Huishoudens naar zwaarte (% per type)", count_headers)
    for i, sev in enumerate(SEVERITIES):
        r = 19 + i
        for col, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES):
            add(_share(f"zwaarte.{t}.{sev}", f"{col}{r}", f"{SEVERITY_LABELS[sev]} — {HOUSEHOLD_TYPE_LABELS[t]}",
                       "Aandeel van dit type huishouden in deze zwaarteklasse; per kolom samen 100%. "
                       "Leeg = 0%.", default=0.0, section=s))
        formulas = tuple((f"{cc}{r}", f"=$C$15*{c}$17*{c}{r}") for c, cc in zip(TYPE_COLUMNS, COUNT_COLUMNS))
        rows.append(Row(r, "formula", SEVERITY_LABELS[sev], formulas + ((f"K{r}", f"=SUM(H{r}:J{r})"),), "#,##0"))
    rows.append(Row(23, "formula", "Totaal (moet 100% zijn)",
                    tuple((f"{c}23", f"=SUM({c}19:{c}22)") for c in TYPE_COLUMNS), "0%"))

    header_row(24, "Huishoudsamenstelling (% per type)")
    comp = {"eenouder": ("Eenouder / eenpersoons", 25), "tweeouder": ("Tweeouder / meerpersoons", 26)}
    for name, (label, r) in comp.items():
        for col, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES):
            add(_share(f"samenstelling.{name}.{t}", f"{col}{r}", f"{label} — {HOUSEHOLD_TYPE_LABELS[t]}",
                       "Per type tellen eenouder/eenpersoons en tweeouder/meerpersoons op tot 100%. Ter informatie, "
                       "zoals op LPBL's invoerscherm A: geen rapport rekent ermee, het model dus ook niet. "
                       "Leeg = 0%.", default=0.0, section=s))
    rows.append(Row(25, "label", "Eenouder / eenpersoons"))
    rows.append(Row(26, "label", "Tweeouder / meerpersoons"))
    rows.append(Row(27, "formula", "Totaal (moet 100% zijn)",
                    tuple((f"{c}27", "=C25+C26".replace("C", c)) for c in TYPE_COLUMNS), "0%"))
    add(Field("gemiddeld_aantal_kinderen", "C28", NUMBER, "Gemiddeld aantal kinderen per gezin",
              "Gemiddeld aantal thuiswonende kinderen in de gezinnen van de aanpak.", unit="kinderen",
              min=0, max=15, default=0.0, section=s))

    header_row(29, "Leefsituatie huishoudens met meervoudige problematiek (mv, % per type)")
    situations = {"problematische_schulden": ("Problematische schulden", 30), "geen_werk": ("Geen werk", 31),
                  "overlastgevend": ("Overlastgevend", 32)}
    for name, (label, r) in situations.items():
        rows.append(Row(r, "label", label))
        for col, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES):
            add(_share(f"leefsituatie.{name}.{t}", f"{col}{r}", f"{label} — {HOUSEHOLD_TYPE_LABELS[t]}",
                       "Aandeel van de mv-huishoudens (zr, nzr en top) van dit type met deze situatie. Leeg = 0%.",
                       default=0.0, section=s))

    rows.append(Row(33, "subsection", "Caseload (norm per zwaarteklasse)",
                    (("C33", "Hh per fte"), ("D33", "Uren per hh"), ("G33", "Fte nodig"))))
    norms = {"ev": (300, 4), "mv_zr": (150, 8), "mv_nzr": (40, 30), "top": (10, 120)}
    for i, sev in enumerate(SEVERITIES):
        r = 34 + i
        per_fte, hours = norms[sev]
        add(Field(f"caseload.{sev}.hh_per_fte", f"C{r}", NUMBER, f"Caseload {SEVERITY_LABELS[sev]}",
                  "Aantal huishoudens per fte per jaar. Standaard de norm van LPBL voor een aanpak die volledig "
                  "staat (001 Meta-analyse, Tabel 3.10).", unit="hh per fte", min=1, max=5000,
                  default=float(per_fte), section=s))
        add(Field(f"caseload.{sev}.uren_per_hh", f"D{r}", NUMBER, f"Uren per huishouden {SEVERITY_LABELS[sev]}",
                  "Gemiddeld aantal uren per huishouden per jaar (001 Meta-analyse, Tabel 3.10).",
                  unit="uren per hh", min=0, max=2000, default=float(hours), section=s))
        # An empty caseload cell means the default norm, as in the engine and the reader.
        rows.append(Row(r, "formula", SEVERITY_LABELS[sev],
                        ((f"G{r}", f"=K{19 + i}/IF(C{r}>0,C{r},{per_fte})"),), "0.0"))
    rows.append(Row(38, "formula", "Totaal fte nodig volgens caseloadnorm", (("G38", "=SUM(G34:G37)"),), "0.0"))

    s = "B. Kosten"
    rows.append(Row(40, "section", s))
    rows.append(Row(41, "subsection", "Jaarlijkse kosten nieuwe aanpak: vul het team in met manier 1 óf manier 2; "
                                      "kolom D zegt bij welke manier een cel hoort",
                    (("D41", "Hoort bij"), ("G41", "Fte ingevoerd"), ("H41", "Fte volgens norm"),
                     ("I41", "Afwijking"))))
    for r, way in TEAM_WAYS.items():
        rows.append(Row(r, "label", "", ((f"D{r}", way),)))
    add(Field("team_fte", "C42", NUMBER, "Totaal aantal teamleden (fte)",
              "Manier 1: het hele team in fte. Vul óf manier 1 (deze cel en het aandeel additioneel) óf manier 2 in.",
              unit="fte", min=0, max=10_000, section=s))
    rows.append(Row(42, "formula", "", (("G42", "=C42+C46+C47"), ("H42", "=G38")), "0.0"))
    rows.append(Row(42, "formula", "", (("I42", '=IF(H42>0,G42/H42-1,"")'),), "0%"))
    add(Field("kosten_per_fte", "C43", EURO, "Kosten per fte incl. huisvesting",
              "Jaarlijkse kosten van één fte teamlid inclusief huisvesting en overhead.", unit="€ per fte",
              min=0, max=1_000_000, section=s))
    add(_share("aandeel_additioneel", "C44", "W.v. percentage additionele kosten (fte)",
               "Manier 1: deel van het team dat met extra geld wordt betaald. De rest is nieuw-voor-oud: "
               "medewerkers die hun oude werk niet meer doen (een besparing elders).", section=s))
    rows.append(Row(45, "subsection", "— of manier 2 (vanaf 2019), in plaats van C42 en C44: fte in de 0-situatie "
                                      "plus extra fte"))
    add(Field("fte_nulsituatie", "C46", NUMBER, "Fte in 0-situatie (zelfde taken in de oude werkwijze)",
              "Manier 2: fte die in de oude werkwijze voor dezelfde taken nodig waren (nieuw-voor-oud).",
              unit="fte", min=0, max=10_000, section=s))
    add(Field("fte_extra", "C47", NUMBER, "Extra fte nieuwe werkwijze (meerkosten)",
              "Manier 2: fte die de nieuwe werkwijze méér kost dan de oude.", unit="fte", min=0, max=10_000,
              section=s))
    add(Field("overige_teamkosten", "C48", EURO, "Overige teamkosten per jaar",
              "Bijvoorbeeld opleiding, ICT en teamleiding die niet in de kosten per fte zitten.", unit="€",
              min=0, max=1_000_000_000, default=0.0, section=s))
    add(_share("aandeel_additioneel_overig", "C49", "W.v. percentage additionele overige teamkosten",
               "Deel van de overige teamkosten dat met extra geld wordt betaald.", default=1.0, section=s))
    rows.append(Row(50, "subsection", "Eenmalige kosten"))
    add(_share("frictie", "C51", "Percentage frictiekosten",
               "Aanloopkosten (inwerktijd, opzet registratie) als percentage van de jaarlijkse teamkosten.",
               default=0.0, section=s))
    add(Field("overige_eenmalige_kosten", "C52", EURO, "Overige eenmalige kosten",
              "Eenmalige kosten, bijvoorbeeld een projectleider of registratiesysteem. Ze worden over vier jaar "
              "verdeeld: één jaar telt mee (001 Bijlage 2: 100.000 wordt 25.000).", unit="€",
              min=0, max=1_000_000_000, default=0.0, section=s))
    rows.append(Row(53, "subsection", "Kosten a.g.v. nieuw gevonden huishoudens"))
    add(_share("nieuw_gevonden", "C54", "Percentage nieuw gevonden huishoudens",
               "Deel van de huishoudens zonder lopende hulp toen het team ze vond; hun trajecten (het pakket naar "
               "zwaarte, blad KENGETALLEN) zijn extra kosten. In de rekenwijze lpbl_2019 het deel van de huishoudens "
               "met extra trajecten (002 4.2). Vult u in deel D de kolom 'Extra ingezet' in, dan telt die.",
               default=0.0, section=s))
    rows.append(Row(55, "subsection", "Escalaties die het team zelf inzet (zware aanpakken)"))
    started = {"uhp": ("Uithuisplaatsingen (aantal kinderen)", 56),
               "ots": ("Ondertoezichtstellingen (aantal kinderen)", 57),
               "huisuitzetting": ("Huisuitzettingen (aantal huishoudens)", 58)}
    for name, (label, r) in started.items():
        add(Field(f"ingezet.{name}", f"C{r}", NUMBER, f"Ingezet door team: {label.lower()}",
                  "Aantal per jaar dat het team inzet omdat het nodig is voor de veiligheid; telt als kosten "
                  "(003 OZO Arnhem 3.2.2).", unit="aantal", min=0, max=100_000, default=0.0, section=s))

    s = "C. Effect"
    rows.append(Row(60, "section", s))
    rows.append(Row(61, "subsection", "1. Aantal trajecten: substitutie (meer/minder) en meer op maat"))
    add(_share("substitutie.nieuw", "C62", "Substitutie in nieuwe cases",
               "Deel van de vervangbare trajecten in nieuw gevonden huishoudens dat het team, het netwerk of "
               "vrijwilligers doen. Negatief = méér trajecten (001 Tabel 4.5: kengetal 30%).",
               default=0.0, minimum=-1.0, section=s))
    add(_share("substitutie.bestaand", "C63", "Substitutie in bestaande cases",
               "Idem voor huishoudens die al hulp hadden (001 Tabel 4.5: kengetal 10%).",
               default=0.0, minimum=-1.0, section=s))
    add(_share("meer_op_maat", "C64", "Meer op maat: lagere kosten per traject",
               "Besparing op de gemiddelde kosten per traject door betere (her)indicatie (004 4.2: 10%), op de "
               "Jeugd- en Wmo-trajecten van het pakket of op de kolom 'Maatwerk via het team' van deel D.",
               default=0.0, maximum=0.9, section=s))
    rows.append(Row(65, "subsection", "2. Effectiviteit trajecten — integrale teamsamenstelling (1 = aanwezig)"))
    for i, (name, label) in enumerate(DISCIPLINES.items()):
        add(Field(f"discipline.{name}", f"C{66 + i}", WHOLE, label,
                  "1 als het team minstens één teamlid met deze specialisatie heeft, anders 0.", unit="0/1",
                  min=0, max=1, default=0, section=s))
    rows.append(Row(72, "formula", "Totaal aantal disciplines in team", (("G72", "=SUM(C66:C71)"),), "0"))
    rows.append(Row(73, "subsection", "Succes trajecten (verandering in procentpunten)"))
    for i, (name, label) in enumerate(SUCCESS_ITEMS.items()):
        add(_share(f"succes.{name}", f"C{74 + i}", label,
                   "Verandering in procentpunten door de aanpak, bijvoorbeeld 2% of -1% (typ het %-teken: 0,5 zonder "
                   "% is 50 procentpunt); bruto: het model telt het x (1 - terugval) x attributie (cellen C86 en "
                   "C87).", default=0.0, minimum=-1.0, section=s, unit=POINTS))
    rows.append(Row(79, "subsection", "3. Voorkomen escalatie", tuple(
        (f"{c}79", HOUSEHOLD_TYPE_LABELS[t]) for c, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES))))
    rows.append(Row(80, "label", "Voorkomen escalatie (% van de huishoudens)"))
    for col, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES):
        add(_share(f"voorkomen_escalatie.{t}", f"{col}80", f"Voorkomen escalatie — {HOUSEHOLD_TYPE_LABELS[t]}",
                   "Deel van de huishoudens dat door de aanpak niet een stap hoger in de piramide komt, bruto: het "
                   "model telt het x (1 - terugval) x attributie (cellen C86 en C87; 001 Tabel 4.7: 1-12%, al na "
                   "attributie).", default=0.0, section=s))
    prevented = {"huisuitzettingen": ("Voorkomen huisuitzettingen (aantal)", 81),
                 "uhp": ("Voorkomen uithuisplaatsingen (aantal kinderen)", 82),
                 "ots": ("Voorkomen ondertoezichtstellingen (aantal kinderen)", 83)}
    for name, (label, r) in prevented.items():
        add(Field(f"voorkomen.{name}", f"C{r}", NUMBER, label,
                  "Zware aanpakken: aantal per jaar voorkomen escalaties, gewaardeerd met de prijzen en duren op "
                  "het blad KENGETALLEN (003 OZO Arnhem 3.2.3).", unit="aantal", min=0, max=100_000,
                  default=0.0, section=s))
    add(_share("reductie_overlast", "C84", "Reductie overlast (deel overlastgevende mv-huishoudens)",
               "Deel van de overlastgevende mv-huishoudens dat door de aanpak geen overlast meer geeft "
               "(003 OZO Arnhem: 80%).", default=0.0, section=s))
    rows.append(Row(85, "subsection", "4. Terugval en toerekening"))
    add(replace(_share("terugval", "C86", "Terugval (recidive)",
                      "Deel van de bereikte effecten dat na verloop van tijd weer verdwijnt. Leeg = het kengetal "
                      "'terugval' op het blad KENGETALLEN (standaard 20%: 001 Tabel 4.7, 000 3.1.3 punt 3); typ 0% "
                      "als uw effecten al netto zijn (003 OZO Arnhem: 30%). " + NET_EFFECT_RULE, section=s),
                fallback_kengetal="terugval"))
    add(_share("attributie", "C87", "Attributie (toerekening aan de aanpak)",
               "Deel van de gemeten effecten dat aan de aanpak is toe te schrijven. Leeg = 100%: de effecten zijn "
               "al toegerekend, zoals de kengetallen van 001 Tabel 4.7. " + NET_EFFECT_RULE,
               default=1.0, section=s))
    _add_effect_rows(add, rows)
    return _readable(fields, rows)


def _readable(fields: list[Field], rows: list[Row]) -> tuple[tuple[Field, ...], tuple[Row, ...]]:
    """The fields and rows with their help, texts and usual ranges as users read them (no internal source codes)."""
    def usual(f: Field) -> Usual | None:
        u = USUAL.get(f.key) or next((u for key, u in USUAL.items() if "*" in key and fnmatchcase(f.key, key)), None)
        return None if u is None else replace(u, source=readable(u.source))

    return (tuple(replace(f, help=readable(f.help), usual=usual(f)) for f in fields),
            tuple(replace(r, text=readable(r.text)) for r in rows))


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


def usual_range(f: Field) -> Usual | None:
    """The usual range of a numeric field: its own, or its whole allowed range with the reason (None for text and
    choices)."""
    if f.type in (TEXT, CHOICE):
        return None
    return f.usual or Usual(f.min if f.min is not None else -1e15, f.max if f.max is not None else 1e15,
                            NO_USUAL_RANGE)


def _add_effect_rows(add: Any, rows: list[Row]) -> None:
    """INVOER rows 89 and further: quality of life from leefgebieden and work that moved into the team."""
    s = "C. Effect"
    rows.append(Row(89, "subsection", "5. Kwaliteit van leven: verbeterde leefgebieden (aantal huishoudens per jaar)"))
    for i, (name, label) in enumerate(LEEFGEBIEDEN.items()):
        add(Field(f"leefgebieden.{name}", f"C{90 + i}", NUMBER, label,
                  "Aantal huishoudens per jaar bij wie dit leefgebied door de aanpak verbetert, bruto (zie C86). Elk "
                  "telt als het kengetal qaly_per_hh gewonnen gezonde levensjaren (000 3.1.3 4a: 120 huishoudens = "
                  "35 levensjaren; 003 3.2.3 3b: 34 huishoudens met minder relatie- en dagbestedingsproblemen). "
                  "Tel een huishouden maar één keer, ook als het al financieel stabiel wordt of werk vindt.",
                  unit="huishoudens", min=0, max=1_000_000, default=0.0, section=s))
    add(Field("qaly_direct", "C93", NUMBER, "Gewonnen gezonde levensjaren (QALY), rechtstreeks",
              "Als uw analyse de gewonnen levensjaren zelf bepaalt (002 5.1 punt 4: 10 levensjaren voor minder "
              "psychische klachten, stress en opvoedproblemen): het aantal per jaar, netto. Telt zoals ingevuld, "
              "x de QALY-waarde; vul dan niet ook de leefgebieden hierboven in.", unit="QALY", min=0, max=100_000,
              default=0.0, section=s))
    rows.append(Row(95, "subsection", "6. Werk dat nieuw voor oud in het team zit: geen substitutie (1 = in team)"))
    for i, (domain, label) in enumerate(TEAM_DOMAINS.items()):
        add(Field(f"in_team.{domain}", f"C{96 + i}", WHOLE, f"In het team (nieuw voor oud): {label}",
                  "1 als de medewerkers die dit werk deden nu in het team zitten (nieuw voor oud): hun trajecten "
                  "tellen niet voor substitutie, want de besparing zit al in 1a (002 noot 17: het maatschappelijk "
                  "werk bestaat niet meer buiten WIJ). Leeg = 0.", unit="0/1", min=0, max=1, default=0,
                  section=s))
    _add_deel_d(add, rows)


def _add_deel_d(add: Any, rows: list[Row]) -> None:
    """INVOER deel D: trajectories per voorziening, rows 102 and further (see ``DEEL_D_ROWS``)."""
    s = "D. Trajecten per voorziening"
    rows.append(Row(102, "section", "D. Trajecten per voorziening (optioneel; 001 Bijlage 3: invoerscherm deel D)"))
    rows.append(Row(103, "note", "Vult u een kolom met aantallen in, dan rekent het model voor die kolom met deze "
                                 "tabel in plaats van met het trajectenpakket op het blad KENGETALLEN; een lege kolom "
                                 "laat het pakket staan. Prijzen zijn lokale prijzen per traject per jaar, in het "
                                 "prijspeil van de analyse."))
    header = (("C104", "Naam (bij anders)"), ("D104", "Financier"), ("E104", "Prijs per traject"),
              *((f"{col}104", text) for col, text, _ in DEEL_D_COUNTS.values()))
    rows.append(Row(104, "subsection", "Voorziening", header))
    for i, (name, (label, financier)) in enumerate(DEEL_D_ROWS.items()):
        r = DEEL_D_FIRST_ROW + i
        rows.append(Row(r, "label", label))
        if financier is None:
            add(Field(f"deel_d.{name}.naam", f"C{r}", TEXT, f"Deel D, {label}: naam",
                      "Naam van de voorziening, bijvoorbeeld Armoedevoorzieningen.", section=s))
        add(Field(f"deel_d.{name}.financier", f"D{r}", CHOICE, f"Deel D, {label}: financier",
                  "De geldstroom die deze trajecten betaalt (of bespaart): wi = Werk & Inkomen, wmo, welzijn, jeugd, "
                  "zvw = zorgverzekeraar, rijk = Wlz/AWBZ, corporatie." +
                  (f" Leeg = {financier}." if financier else " Verplicht als de regel aantallen heeft."),
                  choices=FINANCIERS, default=financier, section=s))
        add(Field(f"deel_d.{name}.prijs", f"E{r}", EURO, f"Deel D, {label}: prijs per traject",
                  "Lokale prijs van één traject per jaar, in het prijspeil van de analyse (002 Bijlage V en VI). "
                  "Verplicht als de regel aantallen heeft.", unit="€ per traject", min=0, max=10_000_000,
                  section=s))
        for col_key, (col, text, help_text) in DEEL_D_COUNTS.items():
            add(Field(f"deel_d.{name}.{col_key}", f"{col}{r}", NUMBER, f"Deel D, {label}: {text.lower()}",
                      help_text, unit="trajecten", min=0, max=10_000_000, section=s))


def invoer_fields() -> tuple[Field, ...]:
    return invoer_layout()[0]


def invoer_rows() -> tuple[Row, ...]:
    return invoer_layout()[1]


@lru_cache(maxsize=1)
def fields_by_key() -> dict[str, Field]:
    return {f.key: f for f in invoer_fields()}


@lru_cache(maxsize=1)
def invoer_label_cells() -> tuple[tuple[str, str], ...]:
    """Every fixed text of INVOER with its cell, in sheet order: the rows' texts, their header cells and the
    labels of fields in column C on rows without a text of their own.

    The template writes these; the reader checks that each is still in its cell, so a deleted or inserted
    row (or column) is found before any input cell is read at a wrong address. Derived from the layout
    rows and fields, so a field or row added later is checked without further work.
    """
    rows = invoer_rows()
    owner = {r.row: r for r in rows}
    texts: dict[str, str] = {}
    for r in rows:
        if r.text:
            texts[f"{LABEL_COLUMN}{r.row}"] = r.text
        for cell, text in r.cells:
            cell = cell if any(ch.isdigit() for ch in cell) else f"{cell}{r.row}"
            if cell != VERSION_CELL and not text.startswith("="):
                texts[cell] = text
    for f in invoer_fields():
        if f.column == "C" and not owner.get(f.row, Row(f.row, "label")).text:
            texts.setdefault(f"{LABEL_COLUMN}{f.row}", f.label)

    def position(cell: str) -> tuple[int, int, str]:
        letters = "".join(ch for ch in cell if ch.isalpha())
        return int(cell[len(letters):]), len(letters), letters

    return tuple(sorted(texts.items(), key=lambda item: position(item[0])))


# ---------------------------------------------------------------------------------------------
# KENGETALLEN tables. Their default rows live in kengetallen.py; this is only their shape.
# ---------------------------------------------------------------------------------------------

DOMAINS = ("wi", "wmo", "welzijn", "jeugd", "zvw", "rijk", "onderwijs", "corporatie",
           "huishoudens", "buurt", "team")
DOMAIN_LABELS = {
    "wi": "Werk & Inkomen", "wmo": "Wmo / Zorg", "welzijn": "Welzijn", "jeugd": "Jeugd",
    "zvw": "Zorgverzekeringswet", "rijk": "Rijk (Wlz/AWBZ)", "onderwijs": "Onderwijs",
    "corporatie": "Woningcorporatie", "huishoudens": "Huishoudens", "buurt": "Buurt (leefbaarheid)",
    "team": "Sociaal team (organisaties)",
}
PROFILE_DOMAINS = ("wi", "wmo", "welzijn", "jeugd", "zvw", "rijk")
ACTORS = ("gemeente", "zorgverzekeraar", "huishoudens", "overige_partijen")
ACTOR_LABELS = {"gemeente": "Gemeente", "zorgverzekeraar": "Zorgverzekeraar", "huishoudens": "HH",
                "overige_partijen": "Overige partijen"}

SOURCE_LENGTH = 1000
"""The longest source a KENGETALLEN row takes: sources are written out in full (``references.readable``) and
often cite two or three reports."""
_SOURCE = Column("bron", "Bron", TEXT, max=SOURCE_LENGTH, width=70)

TABLES: tuple[Table, ...] = (
    Table("kengetallen", "Kengetallen (eenheidsprijzen en aannames)", (
        Column("sleutel", "Sleutel", TEXT, editable=False, width=34),
        Column("omschrijving", "Omschrijving", TEXT, editable=False, width=60),
        Column("waarde", "Waarde", NUMBER, min=-1e9, max=1e9),
        Column("eenheid", "Eenheid", TEXT, editable=False),
        Column("prijsjaar", "Prijsjaar", WHOLE, min=1990, max=2100),
        _SOURCE,
    ), "Eén waarde per regel. Wijzig alleen de waarde (en prijsjaar/bron) als u het beter weet."),
    Table("profielen", "Zorgconsumptieprofielen (€ per huishouden per jaar)", (
        Column("profiel", "Profiel", TEXT, editable=False, width=18),
        Column("type", "Type", TEXT, editable=False, width=10),
        Column("zwaarte", "Zwaarte", TEXT, editable=False, width=10),
        *(Column(d, DOMAIN_LABELS[d], EURO, unit="€", min=0, max=10_000_000) for d in PROFILE_DOMAINS),
        Column("prijsjaar", "Prijsjaar", WHOLE, min=1990, max=2100),
        _SOURCE,
    ), "Gemiddelde jaarlijkse kosten per huishouden naar type, zwaarte en geldstroom.", keyed_by=3),
    Table("trajecten", "Trajectencatalogus", (
        Column("traject", "Traject", TEXT, editable=False, width=34),
        Column("domein", "Geldstroom", CHOICE, choices=DOMAINS, width=12),
        Column("prijs", "Prijs per traject", EURO, unit="€", min=0, max=10_000_000),
        Column("prijs_zwaar", "Prijs top (zwaar)", EURO, unit="€", min=0, max=10_000_000),
        Column("prijsjaar", "Prijsjaar", WHOLE, min=1990, max=2100),
        Column("substitueerbaar", "Substitueerbaar (1/0)", WHOLE, min=0, max=1),
        Column("op_maat", "Meer op maat (1/0)", WHOLE, min=0, max=1),
        *(Column(f"per_hh.{t}", f"Per hh {HOUSEHOLD_TYPE_LABELS[t].lower()}", NUMBER, min=0, max=20)
          for t in HOUSEHOLD_TYPES),
        _SOURCE,
    ), "Trajecten met prijs (licht: niet-geëscaleerde huishoudens; zwaar: top), financier, vervangbaarheid en "
       "gemiddeld aantal per niet-zelfredzaam huishouden met meervoudige problemen per jaar."),
    Table("disconto", "Disconteringsregels", (
        Column("regel", "Regel", TEXT, editable=False, width=26),
        Column("voet", "Discontovoet", SHARE, unit="%", min=-0.05, max=0.2),
        Column("voet_lange_termijn", "Voet jaar 9 (lange termijn)", SHARE, unit="%", min=-0.05, max=0.2),
        _SOURCE,
    ), "Reële discontovoet per regel; jaar 9 staat voor alle latere jaren."),
    Table("cpi", "Consumentenprijsindex (CPI), jaarmutatie", (
        Column("jaar", "Jaar", WHOLE, editable=False, width=10),
        Column("jaarmutatie", "Jaarmutatie CPI", SHARE, unit="%", min=-0.2, max=0.5),
        _SOURCE,
    ), "Voeg een jaar toe door de jaarmutatie in te vullen in een lege regel onderaan."),
    Table("actoren", "Geldstromen naar actoren", (
        Column("domein", "Geldstroom", TEXT, editable=False, width=14),
        Column(ACTOR_CHOICES[0], "Actor na 2015", CHOICE, choices=ACTORS, width=18),
        Column(ACTOR_CHOICES[1], "Actor vóór 2015", CHOICE, choices=ACTORS, width=18),
        _SOURCE,
    ), "Wie betaalt of profiteert per geldstroom."),
)


def table(key: str) -> Table:
    for t in TABLES:
        if t.key == key:
            return t
    raise KeyError(key)


# ---------------------------------------------------------------------------------------------
# Shares that must add up to 100% (the reader checks and normalises them; BEREKENING shows what was used)
# ---------------------------------------------------------------------------------------------

SHARE_ROUNDING = 0.01
"""Shares of a group that add up to 99% to 101% are taken as rounded percentages: accepted with a warning and
scaled to exactly 100% (each share divided by their sum). LPBL's own input rounds so: Arnhem's severities of the
families are 13% + 24% + 32% + 32% = 101% (003 Arnhem 2014, invoerscherm A.3). Further off is an error."""
SHARE_EXACT = 1e-9
"""A sum this close to 100% is 100% (floating point); it is neither warned about nor scaled."""


@dataclass(frozen=True)
class ShareGroup:
    """INVOER shares that must add up to 100%: the household types, and per type its severities and composition.

    ``of_type``: the household type the group describes; it is checked only when that type is in the approach
    (its share is above 0%, or not yet readable). ``only_when_filled``: the group may stay empty altogether (the
    composition is only needed for the effects that count children).
    """

    key: str
    label: str
    what: str
    keys: tuple[str, ...]
    of_type: str | None = None
    only_when_filled: bool = False


@lru_cache(maxsize=1)
def share_groups() -> tuple[ShareGroup, ...]:
    """Every group of shares that must add up to 100%, in the order of the sheet."""
    groups = [ShareGroup("aandeel_type", "Type huishoudens in aanpak", "de aandelen gezinnen, ouderen en overige",
                         tuple(f"aandeel_type.{t}" for t in HOUSEHOLD_TYPES))]
    for t in HOUSEHOLD_TYPES:
        groups.append(ShareGroup(f"zwaarte.{t}", f"Huishoudens naar zwaarte — {HOUSEHOLD_TYPE_LABELS[t]}",
                                 "de zwaarteklassen", tuple(f"zwaarte.{t}.{s}" for s in SEVERITIES), of_type=t))
        groups.append(ShareGroup(f"samenstelling.{t}", f"Huishoudsamenstelling — {HOUSEHOLD_TYPE_LABELS[t]}",
                                 "eenouder/eenpersoons en tweeouder/meerpersoons",
                                 (f"samenstelling.eenouder.{t}", f"samenstelling.tweeouder.{t}"), of_type=t,
                                 only_when_filled=True))
    return tuple(groups)


# ---------------------------------------------------------------------------------------------
# MEERJARIG: several years of the approach (optional input sheet; ``analyses.meerjarig``)
# ---------------------------------------------------------------------------------------------

INGROEI_GROUPS = {
    "organisatie": "1 Besparing organisatiekosten (meer op maat, substitutie, coördinatie)",
    "effectiviteit": "2 Toename effectiviteit trajecten",
    "escalatie": "3 Voorkomen (escalatie)kosten",
    "immaterieel": "4 Immateriële baten",
}
"""The effect groups of the UITVOER screen whose benefits may grow in over the first years (001 4.4, Figuur 4.8:
'effecten in de tijd'); the nieuw-voor-oud return is no effect and follows the team."""
YEAR_KEY, YEAR_NOTE_KEY, INGROEI_PREFIX = "jaar", "toelichting", "ingroei."


@dataclass(frozen=True)
class YearColumn:
    """One column of the MEERJARIG table.

    ``key`` is ``jaar`` (the calendar year, required in a filled row), ``toelichting`` (free text), an INVOER field
    that the row replaces for its year (its type, range and label are the field's: one rule, one place; amounts
    are in the prices of the row's year), or ``ingroei.<group>`` (the share of a group's effects reached that year).
    """

    key: str
    header: str
    help: str
    width: float = 14

    @property
    def field(self) -> Field | None:
        return fields_by_key().get(self.key)

    def rule(self) -> tuple[str, float | None, float | None]:
        """(type, min, max) of the column's cells."""
        f = self.field
        if f is not None:
            return f.type, f.min, f.max
        if self.key == YEAR_KEY:
            return WHOLE, 2000.0, 2100.0
        if self.key == YEAR_NOTE_KEY:
            return TEXT, None, None
        return SHARE, 0.0, 1.0


MEERJARIG_COLUMNS: tuple[YearColumn, ...] = (
    YearColumn(YEAR_KEY, "Jaar", "Het kalenderjaar van dit jaar aanpak, bijvoorbeeld 2010. Verplicht in elke regel "
               "die u invult; de jaren lopen op.", 8),
    YearColumn("huishoudens", "Huishoudens", "Aantal huishoudens dat het team dit jaar ondersteunt."),
    YearColumn("nieuw_gevonden", "Nieuw gevonden", "Deel van de huishoudens van dit jaar dat nieuw gevonden is "
               "(zonder lopende hulp): in een lopende aanpak vaak alleen de nieuwe instroom (000: 800 unieke "
               "huishoudens in vier jaar bij 600 per jaar)."),
    YearColumn("team_fte", "Team fte (manier 1)", "Het hele team in fte dit jaar, als INVOER het team met manier 1 "
               "invult."),
    YearColumn("aandeel_additioneel", "Aandeel additioneel (manier 1)", "Deel van het team dat dit jaar met extra geld "
               "wordt betaald; de rest is nieuw voor oud (001 4.4: 'het percentage dat nieuw-voor-oud gefinancierd "
               "wordt, in vier jaar opgebouwd')."),
    YearColumn("fte_nulsituatie", "Fte 0-situatie (manier 2)", "Fte in de 0-situatie dit jaar, als INVOER het team "
               "met manier 2 invult."),
    YearColumn("fte_extra", "Extra fte (manier 2)", "Extra fte dit jaar, als INVOER het team met manier 2 invult."),
    YearColumn("kosten_per_fte", "Kosten per fte", "In prijzen van dit jaar; het model rekent ze met de CPI om naar "
               "het prijspeil van de analyse."),
    YearColumn("overige_teamkosten", "Overige teamkosten", "Per jaar, in prijzen van dit jaar."),
    YearColumn("frictie", "Frictiekosten", "Aanloopkosten als deel van de teamkosten van dit jaar, bijvoorbeeld 10% "
               "in het eerste jaar en 0% daarna."),
    YearColumn("overige_eenmalige_kosten", "Overige eenmalige kosten", "In prijzen van dit jaar; zoals op INVOER telt "
               "een kwart per jaar (001 Bijlage 2)."),
    *(YearColumn(f"{INGROEI_PREFIX}{group}", f"Ingroei {label.split(' ')[0]} {group}",
                 f"Deel van de effecten van groep {label} dat dit jaar al wordt bereikt, bijvoorbeeld 50% in het "
                 "eerste jaar (001 4.4: effecten groeien in). Leeg = 100%.", 16)
      for group, label in INGROEI_GROUPS.items()),
    YearColumn(YEAR_NOTE_KEY, "Toelichting", "Vrije tekst, bijvoorbeeld de bron van de getallen van dit jaar.", 40),
)
"""The columns of the MEERJARIG table, B onwards. An empty cell takes the INVOER value (or 100% ingroei)."""
