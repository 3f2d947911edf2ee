"""INVOER rows 1-58, in sheet order: the title, Algemeen, A (Bereik) and B (Kosten).

Each part is a tuple of entries (``Field`` and ``Row``) as the sheet shows them; ``invoer_sheet`` joins the parts.
Help texts cite their sources compactly here ("001 Tabel 3.10"); users read them written out.
"""

from __future__ import annotations

from .declarations import CHOICE, EURO, NUMBER, TEXT, WHOLE, Entry, Field, Row, in_section, share_field, type_header_row
from .discount_rules import rules_in_force_text
from .vocabulary import (
    ACTOR_CHOICES,
    HOUSEHOLD_TYPE_LABELS,
    HOUSEHOLD_TYPES,
    REKENWIJZE_CHOICES,
    SEVERITIES,
    SEVERITY_LABELS,
)
from .workbook import COUNT_COLUMNS, STANDARD_COLUMN, TEMPLATE_VERSION, TYPE_COLUMNS, USUAL_COLUMN, VERSION_CELL

TEAM_WAYS = {42: "Manier 1", 43: "Beide manieren", 44: "Manier 1", 46: "Manier 2", 47: "Manier 2",
             48: "Beide manieren", 49: "Beide manieren"}
"""INVOER rows of the team block and the way of stating the team each belongs to (shown in column D)."""
EMPTY_MEANS = {"prijspeil": "het jaar in C7", "disconteringsregel": "de regel van het jaar in C7",
               "rekenwijze": "naar het team: manier 1 lpbl_2014, 2 lpbl_2019"}
"""What an empty INVOER cell without a fixed default means, in the words of its help (shown as its 'standaard')."""

TITLE: tuple[Entry, ...] = (
    Row(1, "title", "MKBA sociale (wijk)teams — INVOER"),
    Row(2, "label", "Sjabloonversie (niet wijzigen)", ((VERSION_CELL, TEMPLATE_VERSION),)),
    Row(3, "note", "Vul de gele cellen in. Grijze cellen rekent Excel zelf uit; een lege cel telt als "
                   "de grijze standaard in kolom L. Percentages typt u als 48%; bedragen in hele euro's.",
        ((f"{STANDARD_COLUMN}3", "Standaard (als de cel leeg is)"),
         (f"{USUAL_COLUMN}3", "Gebruikelijk (daarbuiten volgt een waarschuwing)"))),
)

GENERAL = in_section("Algemeen", (
    Row(4, "section", "Algemeen"),
    Field("gemeente", "C5", TEXT, "Gemeente", "Naam van de gemeente, bijvoorbeeld Groningen.", required=True),
    Field("aanpak", "C6", TEXT, "Team of aanpak", "Naam van het team of de aanpak, bijvoorbeeld WIJ-teams.",
          required=True),
    Field("analysejaar", "C7", WHOLE, "Jaar van de analyse",
          "Het jaar waarvan de aanpak wordt doorgerekend (één jaar aanpak).", unit="jaar",
          min=2000, max=2100, required=True),
    Field("prijspeil", "C8", WHOLE, "Prijspeil (jaar)",
          "Het jaar waarin alle bedragen worden uitgedrukt. Leeg = het jaar van de analyse. "
          "Kengetallen worden met de CPI-tabel op het blad KENGETALLEN naar dit jaar omgerekend.",
          unit="jaar", min=2000, max=2100),
    Field("zorgprofiel", "C9", CHOICE, "Zorgconsumptieprofiel",
          "Welke tabel met zorgkosten per huishouden (blad KENGETALLEN) de escalatiebaten bepaalt.",
          default="generiek_2014", choices_from="profielen"),
    Field("disconteringsregel", "C10", CHOICE, "Disconteringsregel",
          "Leeg = de regel die geldt in het jaar van de analyse (C7): " + rules_in_force_text() + ". "
          "rijk_2026 = 2,8% (Werkgroep discontovoet 2025, voor analyses vanaf 2026; niet bevestigd, zie de bron); "
          "rijk_2021 = 2,25% "
          "(Werkgroep discontovoet 2020); rijk_2015 = 3% (Werkgroep discontovoet 2015); lpbl_2014 = 2,5% + 3% "
          "risico-opslag zoals in de LPBL-rapporten; lpbl_2014_verre_toekomst = idem met 5% opslag voor de "
          "lange-termijnbaten (jaar 9). Bronnen: blad KENGETALLEN, tabel Disconteringsregels.",
          choices_from="disconto"),
    Field("actorindeling", "C11", CHOICE, "Indeling geldstromen naar actoren",
          "na_2015: Jeugd en Wmo vallen bij de gemeente (na de decentralisaties); "
          "voor_2015: Jeugd valt bij overige partijen.",
          default="na_2015", choices=ACTOR_CHOICES),
    Field("toelichting", "C12", TEXT, "Toelichting (vrij)", "Vrije tekst, bijvoorbeeld de bron van de invoer.",
          default=""),
    Field("rekenwijze", "C13", CHOICE, "Rekenwijze (versie van de LPBL-tool)",
          "lpbl_2014 = zoals de tool van 2014 (001 Meta-analyse, Bijlage 2): een besparing op coördinatie in 1a "
          "en de begroting als kasstromen; lpbl_2019 = zoals de tool vanaf 2019 (002 Groningen, 004 West Betuwe): "
          "'Kosten in 0-situatie' en 'Meerkosten', geen coördinatiebesparing en de begroting als netto contante "
          "waarde per actor. Leeg = de rekenwijze die past bij hoe u het team invult: manier 1 (C42) = lpbl_2014, "
          "manier 2 (C46, C47) = lpbl_2019. UITVOER toont de regels van de gekozen versie.",
          choices=REKENWIJZE_CHOICES),
))

_COMPOSITION = {"eenouder": ("Eenouder / eenpersoons", 25), "tweeouder": ("Tweeouder / meerpersoons", 26)}
_SITUATIONS = {"problematische_schulden": ("Problematische schulden", 30), "geen_werk": ("Geen werk", 31),
               "overlastgevend": ("Overlastgevend", 32)}
_CASELOAD_NORMS = {"ev": (300, 4), "mv_zr": (150, 8), "mv_nzr": (40, 30), "top": (10, 120)}
"""(households per fte, hours per household) per severity: LPBL's norm for a team in full swing (001 Tabel 3.10)."""
_TYPES = tuple(zip(TYPE_COLUMNS, HOUSEHOLD_TYPES))

REACH = in_section("A. Bereik", (
    Row(14, "section", "A. Bereik"),
    Field("huishoudens", "C15", WHOLE, "Aantal huishoudens in aanpak (totaal)",
          "Aantal unieke huishoudens dat het team in het jaar ondersteunt.", unit="huishoudens",
          min=1, max=1_000_000, required=True),
    type_header_row(16, "Type huishoudens in aanpak (%)", (("G16", "Totaal"),)),
    *(share_field(f"aandeel_type.{t}", f"{col}17", f"Aandeel {HOUSEHOLD_TYPE_LABELS[t].lower()}",
                  "Aandeel van dit type in alle huishoudens van de aanpak; de drie typen tellen op tot 100%.",
                  required=True) for col, t in _TYPES),
    Row(17, "formula", "Aandeel per type", (("G17", "=SUM(C17:E17)"),), "0%"),
    type_header_row(18, "Huishoudens naar zwaarte (% per type)",
                    tuple((c, f"Aantal {HOUSEHOLD_TYPE_LABELS[t].lower()}") for c, t in
                          zip(COUNT_COLUMNS, HOUSEHOLD_TYPES)) + (("K18", "Aantal totaal"),)),
    # rows 19-22: one share per type and severity, and the derived counts per type in H:K
    *(share_field(f"zwaarte.{t}.{sev}", f"{col}{19 + i}", f"{SEVERITY_LABELS[sev]} — {HOUSEHOLD_TYPE_LABELS[t]}",
                  "Aandeel van dit type huishouden in deze zwaarteklasse; per kolom samen 100%. "
                  "Leeg = 0%.", default=0.0) for i, sev in enumerate(SEVERITIES) for col, t in _TYPES),
    *(Row(19 + i, "formula", SEVERITY_LABELS[sev],
          tuple((f"{cc}{19 + i}", f"=$C$15*{c}$17*{c}{19 + i}") for c, cc in zip(TYPE_COLUMNS, COUNT_COLUMNS))
          + ((f"K{19 + i}", f"=SUM(H{19 + i}:J{19 + i})"),), "#,##0") for i, sev in enumerate(SEVERITIES)),
    Row(23, "formula", "Totaal (moet 100% zijn)", tuple((f"{c}23", f"=SUM({c}19:{c}22)") for c in TYPE_COLUMNS),
        "0%"),
    type_header_row(24, "Huishoudsamenstelling (% per type)"),
    *(share_field(f"samenstelling.{name}.{t}", f"{col}{r}", f"{label} — {HOUSEHOLD_TYPE_LABELS[t]}",
                  "Per type tellen eenouder/eenpersoons en tweeouder/meerpersoons op tot 100%. Ter informatie, "
                  "zoals op LPBL's invoerscherm A: geen rapport rekent ermee, het model dus ook niet. "
                  "Leeg = 0%.", default=0.0) for name, (label, r) in _COMPOSITION.items() for col, t in _TYPES),
    Row(25, "label", "Eenouder / eenpersoons"),
    Row(26, "label", "Tweeouder / meerpersoons"),
    Row(27, "formula", "Totaal (moet 100% zijn)", tuple((f"{c}27", f"={c}25+{c}26") for c in TYPE_COLUMNS), "0%"),
    Field("gemiddeld_aantal_kinderen", "C28", NUMBER, "Gemiddeld aantal kinderen per gezin",
          "Gemiddeld aantal thuiswonende kinderen in de gezinnen van de aanpak.", unit="kinderen",
          min=0, max=15, default=0.0),
    type_header_row(29, "Leefsituatie huishoudens met meervoudige problematiek (mv, % per type)"),
    *(Row(r, "label", label) for label, r in _SITUATIONS.values()),
    *(share_field(f"leefsituatie.{name}.{t}", f"{col}{r}", f"{label} — {HOUSEHOLD_TYPE_LABELS[t]}",
                  "Aandeel van de mv-huishoudens (zr, nzr en top) van dit type met deze situatie. Leeg = 0%.",
                  default=0.0) for name, (label, r) in _SITUATIONS.items() for col, t in _TYPES),
    Row(33, "subsection", "Caseload (norm per zwaarteklasse)",
        (("C33", "Hh per fte"), ("D33", "Uren per hh"), ("G33", "Fte nodig"))),
    *(field for i, sev in enumerate(SEVERITIES) for field in (
        Field(f"caseload.{sev}.hh_per_fte", f"C{34 + i}", NUMBER, f"Caseload {SEVERITY_LABELS[sev]}",
              "Aantal huishoudens per fte per jaar. Standaard de norm van LPBL voor een aanpak die volledig "
              "staat (001 Meta-analyse, Tabel 3.10).", unit="hh per fte", min=1, max=5000,
              default=float(_CASELOAD_NORMS[sev][0])),
        Field(f"caseload.{sev}.uren_per_hh", f"D{34 + i}", NUMBER, f"Uren per huishouden {SEVERITY_LABELS[sev]}",
              "Gemiddeld aantal uren per huishouden per jaar (001 Meta-analyse, Tabel 3.10).",
              unit="uren per hh", min=0, max=2000, default=float(_CASELOAD_NORMS[sev][1])))),
    # An empty caseload cell means the default norm, as in the engine and the reader.
    *(Row(34 + i, "formula", SEVERITY_LABELS[sev],
          ((f"G{34 + i}", f"=K{19 + i}/IF(C{34 + i}>0,C{34 + i},{_CASELOAD_NORMS[sev][0]})"),), "0.0")
      for i, sev in enumerate(SEVERITIES)),
    Row(38, "formula", "Totaal fte nodig volgens caseloadnorm", (("G38", "=SUM(G34:G37)"),), "0.0"),
))

COSTS = in_section("B. Kosten", (
    Row(40, "section", "B. Kosten"),
    Row(41, "subsection", "Jaarlijkse kosten nieuwe aanpak: vul het team in met manier 1 óf manier 2; "
                          "kolom D zegt bij welke manier een cel hoort",
        (("D41", "Hoort bij"), ("G41", "Fte ingevoerd"), ("H41", "Fte volgens norm"), ("I41", "Afwijking"))),
    *(Row(r, "label", "", ((f"D{r}", way),)) for r, way in TEAM_WAYS.items()),
    Field("team_fte", "C42", NUMBER, "Totaal aantal teamleden (fte)",
          "Manier 1: het hele team in fte. Vul óf manier 1 (deze cel en het aandeel additioneel) óf manier 2 in.",
          unit="fte", min=0, max=10_000),
    Row(42, "formula", "", (("G42", "=C42+C46+C47"), ("H42", "=G38")), "0.0"),
    Row(42, "formula", "", (("I42", '=IF(H42>0,G42/H42-1,"")'),), "0%"),
    Field("kosten_per_fte", "C43", EURO, "Kosten per fte incl. huisvesting",
          "Jaarlijkse kosten van één fte teamlid inclusief huisvesting en overhead.", unit="€ per fte",
          min=0, max=1_000_000),
    share_field("aandeel_additioneel", "C44", "W.v. percentage additionele kosten (fte)",
                "Manier 1: deel van het team dat met extra geld wordt betaald. De rest is nieuw-voor-oud: "
                "medewerkers die hun oude werk niet meer doen (een besparing elders)."),
    Row(45, "subsection", "— of manier 2 (vanaf 2019), in plaats van C42 en C44: fte in de 0-situatie "
                          "plus extra fte"),
    Field("fte_nulsituatie", "C46", NUMBER, "Fte in 0-situatie (zelfde taken in de oude werkwijze)",
          "Manier 2: fte die in de oude werkwijze voor dezelfde taken nodig waren (nieuw-voor-oud).",
          unit="fte", min=0, max=10_000),
    Field("fte_extra", "C47", NUMBER, "Extra fte nieuwe werkwijze (meerkosten)",
          "Manier 2: fte die de nieuwe werkwijze méér kost dan de oude.", unit="fte", min=0, max=10_000),
    Field("overige_teamkosten", "C48", EURO, "Overige teamkosten per jaar",
          "Bijvoorbeeld opleiding, ICT en teamleiding die niet in de kosten per fte zitten.", unit="€",
          min=0, max=1_000_000_000, default=0.0),
    share_field("aandeel_additioneel_overig", "C49", "W.v. percentage additionele overige teamkosten",
                "Deel van de overige teamkosten dat met extra geld wordt betaald.", default=1.0),
    Row(50, "subsection", "Eenmalige kosten"),
    share_field("frictie", "C51", "Percentage frictiekosten",
                "Aanloopkosten (inwerktijd, opzet registratie) als percentage van de jaarlijkse teamkosten.",
                default=0.0),
    Field("overige_eenmalige_kosten", "C52", EURO, "Overige eenmalige kosten",
          "Eenmalige kosten, bijvoorbeeld een projectleider of registratiesysteem. Ze worden over vier jaar "
          "verdeeld: één jaar telt mee (001 Bijlage 2: 100.000 wordt 25.000).", unit="€",
          min=0, max=1_000_000_000, default=0.0),
    Row(53, "subsection", "Kosten a.g.v. nieuw gevonden huishoudens"),
    share_field("nieuw_gevonden", "C54", "Percentage nieuw gevonden huishoudens",
                "Deel van de huishoudens zonder lopende hulp toen het team ze vond; hun trajecten (het pakket naar "
                "zwaarte, blad KENGETALLEN) zijn extra kosten. In de rekenwijze lpbl_2019 het deel van de "
                "huishoudens met extra trajecten (002 4.2). Vult u in deel D de kolom 'Extra ingezet' in, dan telt "
                "die.", default=0.0),
    Row(55, "subsection", "Escalaties die het team zelf inzet (zware aanpakken)"),
    *(Field(f"ingezet.{name}", f"C{r}", NUMBER, f"Ingezet door team: {label.lower()}",
            "Aantal per jaar dat het team inzet omdat het nodig is voor de veiligheid; telt als kosten "
            "(003 OZO Arnhem 3.2.2).", unit="aantal", min=0, max=100_000, default=0.0)
      for name, (label, r) in {"uhp": ("Uithuisplaatsingen (aantal kinderen)", 56),
                               "ots": ("Ondertoezichtstellingen (aantal kinderen)", 57),
                               "huisuitzetting": ("Huisuitzettingen (aantal huishoudens)", 58)}.items()),
))
