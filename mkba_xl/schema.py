"""One declarative description of every INVOER field and of the KENGETALLEN tables.

The template writer, the reader's validation, ``mkba-xl schema --json`` and ``docs/fields.md``
are all generated from the objects in this module, so a field is described exactly once.

Cell positions are part of the description: the template is protected and users only type in
the unlocked input cells, so a fixed layout is what lets an error name the exact cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

TEMPLATE_VERSION = "mkba-xl invoer 1"
"""Written in ``VERSION_CELL``; the reader refuses other values (older or foreign templates)."""

INVOER_SHEET = "INVOER"
KENGETALLEN_SHEET = "KENGETALLEN"
VERSION_CELL = "C2"
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
ONZEKERHEID_MAX_ROWS = 40
"""Rows under the header that are read, in both tables."""
ONZEKERHEID_AREA = (ONZEKERHEID_HEADER_ROW + ONZEKERHEID_MAX_ROWS, CORRELATION_FIRST_COL + 2)
"""Rows and columns of ONZEKERHEID that are read; the standard set shown below them is for reading only."""
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
    """One column of a KENGETALLEN table."""

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
           minimum: float = 0.0, maximum: float = 1.0, section: str = "") -> Field:
    return Field(key, cell, SHARE, label, help, unit="%", min=minimum, max=maximum, default=default,
                 required=required, section=section)


@lru_cache(maxsize=1)
def invoer_layout() -> tuple[tuple[Field, ...], tuple[Row, ...]]:
    """Build the INVOER fields and layout rows (cached: built once, on first use)."""
    fields: list[Field] = []
    rows: list[Row] = []
    add = fields.append

    def header_row(r: int, text: str, extra: tuple[tuple[str, str], ...] = ()) -> None:
        cells = tuple((f"{c}{r}", HOUSEHOLD_TYPE_LABELS[t]) for c, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES)) + extra
        rows.append(Row(r, "subsection", text, cells))

    rows.append(Row(1, "title", "MKBA sociale (wijk)teams — INVOER"))
    rows.append(Row(2, "label", "Sjabloonversie (niet wijzigen)", ((VERSION_CELL, TEMPLATE_VERSION),)))
    rows.append(Row(3, "note", "Vul de gele cellen in. Grijze cellen rekent Excel zelf uit. "
                               "Percentages typt u als 48%; bedragen in hele euro's."))

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
              "rijk_2021 = standaard 2,25% (Werkgroep discontovoet 2020, geldt sinds 2021); rijk_2015 = 3%; "
              "lpbl_2014 = 2,5% + 3% risico-opslag zoals in de LPBL-rapporten; lpbl_2014_verre_toekomst = "
              "idem met 5% opslag voor de lange-termijnbaten (jaar 9).",
              default="rijk_2021", choices_from="disconto", section=s))
    add(Field("actorindeling", "C11", CHOICE, "Indeling geldstromen naar actoren",
              "na_2015: Jeugd en Wmo vallen bij de gemeente (na de decentralisaties); "
              "voor_2015: Jeugd valt bij overige partijen.",
              default="na_2015", choices=ACTOR_CHOICES, section=s))
    add(Field("toelichting", "C12", TEXT, "Toelichting (vrij)", "Vrije tekst, bijvoorbeeld de bron van de invoer.",
              default="", section=s))

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
                       "Per type tellen eenouder/eenpersoons en tweeouder/meerpersoons op tot 100%. "
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
    rows.append(Row(41, "subsection", "Jaarlijkse kosten nieuwe aanpak — manier 1: teamomvang en aandeel additioneel",
                    (("G41", "Fte ingevoerd"), ("H41", "Fte volgens norm"), ("I41", "Afwijking"))))
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
    rows.append(Row(45, "subsection", "— of manier 2 (vanaf 2019): fte in de 0-situatie plus extra fte"))
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
               "Deel van de huishoudens zonder lopende hulp toen het team ze vond; hun nieuwe trajecten zijn "
               "extra kosten.", default=0.0, section=s))
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
               "Besparing op de gemiddelde kosten per traject door betere (her)indicatie (004 4.2: 10%).",
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
                   "Verandering in procentpunten door de aanpak, bijvoorbeeld 2% of -1%.",
                   default=0.0, minimum=-1.0, section=s))
    rows.append(Row(79, "subsection", "3. Voorkomen escalatie", tuple(
        (f"{c}79", HOUSEHOLD_TYPE_LABELS[t]) for c, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES))))
    rows.append(Row(80, "label", "Voorkomen escalatie (% van de huishoudens)"))
    for col, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES):
        add(_share(f"voorkomen_escalatie.{t}", f"{col}80", f"Voorkomen escalatie — {HOUSEHOLD_TYPE_LABELS[t]}",
                   "Deel van de huishoudens dat niet een stap hoger in de piramide komt (netto, na attributie; "
                   "001 Tabel 4.7: 1-12%).", default=0.0, section=s))
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
    add(_share("terugval", "C86", "Terugval (recidive)",
               "Deel van de bereikte effecten dat na verloop van tijd weer verdwijnt. Leeg = 0%: de ingevulde "
               "effecten zijn al netto (003 OZO Arnhem: 30%).", default=0.0, section=s))
    add(_share("attributie", "C87", "Attributie (toerekening aan de aanpak)",
               "Deel van de gemeten effecten dat aan de aanpak is toe te schrijven. Leeg = 100%.",
               default=1.0, section=s))
    return tuple(fields), tuple(rows)


def invoer_fields() -> tuple[Field, ...]:
    return invoer_layout()[0]


def invoer_rows() -> tuple[Row, ...]:
    return invoer_layout()[1]


@lru_cache(maxsize=1)
def fields_by_key() -> dict[str, Field]:
    return {f.key: f for f in invoer_fields()}


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

_SOURCE = Column("bron", "Bron", TEXT, width=70)

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
        Column("prijsjaar", "Prijsjaar", WHOLE, min=1990, max=2100),
        Column("substitueerbaar", "Substitueerbaar (1/0)", WHOLE, min=0, max=1),
        Column("op_maat", "Meer op maat (1/0)", WHOLE, min=0, max=1),
        *(Column(f"per_hh.{t}", f"Per hh {HOUSEHOLD_TYPE_LABELS[t].lower()}", NUMBER, min=0, max=20)
          for t in HOUSEHOLD_TYPES),
        _SOURCE,
    ), "Trajecten met prijs, financier, vervangbaarheid en gemiddeld aantal per huishouden per jaar."),
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
