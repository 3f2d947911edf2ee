"""INVOER rows 60 and further, in sheet order: C (Effect) and D (Trajecten per voorziening).

Each part is a tuple of entries (``Field`` and ``Row``) as the sheet shows them; ``invoer_sheet`` joins the parts.
Help texts cite their sources compactly here ("001 Tabel 4.7"); users read them written out.
"""

from __future__ import annotations

from dataclasses import replace

from ..references import readable
from .declarations import (
    CHOICE,
    EURO,
    NUMBER,
    POINTS,
    TEXT,
    WHOLE,
    Entry,
    Field,
    Row,
    in_section,
    share_field,
    type_header_row,
)
from .vocabulary import (
    DISCIPLINES,
    FINANCIERS,
    HOUSEHOLD_TYPE_LABELS,
    HOUSEHOLD_TYPES,
    LEEFGEBIEDEN,
    SUCCESS_ITEMS,
    TEAM_DOMAINS,
)
from .workbook import TYPE_COLUMNS

NET_EFFECT_RULE = readable(
    "Netto-effect: de effecten in deel C zijn bruto, vóór terugval en attributie; het model telt ze "
    "x (1 - terugval) x attributie. Alleen minder schooluitval telt zonder terugval, x attributie (000 Tabel 4.2: "
    "terugval raakt de startkwalificaties niet), en gewonnen levensjaren die u rechtstreeks invult tellen zoals "
    "ingevuld.")
"""The one definition of how a stated effect becomes a counted effect: in the help of the terugval and
attributie cells, referred to by every effect cell, and on BEREKENING."""

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

_PREVENTED = {"huisuitzettingen": ("Voorkomen huisuitzettingen (aantal)", 81),
              "uhp": ("Voorkomen uithuisplaatsingen (aantal kinderen)", 82),
              "ots": ("Voorkomen ondertoezichtstellingen (aantal kinderen)", 83)}

EFFECTS = in_section("C. Effect", (
    Row(60, "section", "C. Effect"),
    Row(61, "subsection", "1. Aantal trajecten: substitutie (meer/minder) en meer op maat"),
    share_field("substitutie.nieuw", "C62", "Substitutie in nieuwe cases",
                "Deel van de vervangbare trajecten in nieuw gevonden huishoudens dat het team, het netwerk of "
                "vrijwilligers doen. Negatief = méér trajecten (001 Tabel 4.5: kengetal 30%).",
                default=0.0, minimum=-1.0),
    share_field("substitutie.bestaand", "C63", "Substitutie in bestaande cases",
                "Idem voor huishoudens die al hulp hadden (001 Tabel 4.5: kengetal 10%).",
                default=0.0, minimum=-1.0),
    share_field("meer_op_maat", "C64", "Meer op maat: lagere kosten per traject",
                "Besparing op de gemiddelde kosten per traject door betere (her)indicatie (004 4.2: 10%), op de "
                "Jeugd- en Wmo-trajecten van het pakket of op de kolom 'Maatwerk via het team' van deel D.",
                default=0.0, maximum=0.9),
    Row(65, "subsection", "2. Effectiviteit trajecten — integrale teamsamenstelling (1 = aanwezig)"),
    *(Field(f"discipline.{name}", f"C{66 + i}", WHOLE, label,
            "1 als het team minstens één teamlid met deze specialisatie heeft, anders 0.", unit="0/1",
            min=0, max=1, default=0) for i, (name, label) in enumerate(DISCIPLINES.items())),
    Row(72, "formula", "Totaal aantal disciplines in team", (("G72", "=SUM(C66:C71)"),), "0"),
    Row(73, "subsection", "Succes trajecten (verandering in procentpunten)"),
    *(share_field(f"succes.{name}", f"C{74 + i}", label,
                  "Verandering in procentpunten door de aanpak, bijvoorbeeld 2% of -1% (typ het %-teken: 0,5 zonder "
                  "% is 50 procentpunt); bruto: het model telt het x (1 - terugval) x attributie (cellen C86 en "
                  "C87).", default=0.0, minimum=-1.0, unit=POINTS)
      for i, (name, label) in enumerate(SUCCESS_ITEMS.items())),
    type_header_row(79, "3. Voorkomen escalatie"),
    Row(80, "label", "Voorkomen escalatie (% van de huishoudens)"),
    *(share_field(f"voorkomen_escalatie.{t}", f"{col}80", f"Voorkomen escalatie — {HOUSEHOLD_TYPE_LABELS[t]}",
                  "Deel van de huishoudens dat door de aanpak niet een stap hoger in de piramide komt, bruto: het "
                  "model telt het x (1 - terugval) x attributie (cellen C86 en C87; 001 Tabel 4.7: 1-12%, al na "
                  "attributie).", default=0.0) for col, t in zip(TYPE_COLUMNS, HOUSEHOLD_TYPES)),
    *(Field(f"voorkomen.{name}", f"C{r}", NUMBER, label,
            "Zware aanpakken: aantal per jaar voorkomen escalaties, gewaardeerd met de prijzen en duren op "
            "het blad KENGETALLEN (003 OZO Arnhem 3.2.3).", unit="aantal", min=0, max=100_000, default=0.0)
      for name, (label, r) in _PREVENTED.items()),
    share_field("reductie_overlast", "C84", "Reductie overlast (deel overlastgevende mv-huishoudens)",
                "Deel van de overlastgevende mv-huishoudens dat door de aanpak geen overlast meer geeft "
                "(003 OZO Arnhem: 80%).", default=0.0),
    Row(85, "subsection", "4. Terugval en toerekening"),
    replace(share_field("terugval", "C86", "Terugval (recidive)",
                        "Deel van de bereikte effecten dat na verloop van tijd weer verdwijnt. Leeg = het kengetal "
                        "'terugval' op het blad KENGETALLEN (standaard 20%: 001 Tabel 4.7, 000 3.1.3 punt 3); typ "
                        "0% als uw effecten al netto zijn (003 OZO Arnhem: 30%). " + NET_EFFECT_RULE),
            fallback_kengetal="terugval"),
    share_field("attributie", "C87", "Attributie (toerekening aan de aanpak)",
                "Deel van de gemeten effecten dat aan de aanpak is toe te schrijven. Leeg = 100%: de effecten zijn "
                "al toegerekend, zoals de kengetallen van 001 Tabel 4.7. " + NET_EFFECT_RULE, default=1.0),
    Row(89, "subsection", "5. Kwaliteit van leven: verbeterde leefgebieden (aantal huishoudens per jaar)"),
    *(Field(f"leefgebieden.{name}", f"C{90 + i}", NUMBER, label,
            "Aantal huishoudens per jaar bij wie dit leefgebied door de aanpak verbetert, bruto (zie C86). Elk "
            "telt als het kengetal qaly_per_hh gewonnen gezonde levensjaren (000 3.1.3 4a: 120 huishoudens = "
            "35 levensjaren; 003 3.2.3 3b: 34 huishoudens met minder relatie- en dagbestedingsproblemen). "
            "Tel een huishouden maar één keer, ook als het al financieel stabiel wordt of werk vindt.",
            unit="huishoudens", min=0, max=1_000_000, default=0.0)
      for i, (name, label) in enumerate(LEEFGEBIEDEN.items())),
    Field("qaly_direct", "C93", NUMBER, "Gewonnen gezonde levensjaren (QALY), rechtstreeks",
          "Als uw analyse de gewonnen levensjaren zelf bepaalt (002 5.1 punt 4: 10 levensjaren voor minder "
          "psychische klachten, stress en opvoedproblemen): het aantal per jaar, netto. Telt zoals ingevuld, "
          "x de QALY-waarde; vul dan niet ook de leefgebieden hierboven in.", unit="QALY", min=0, max=100_000,
          default=0.0),
    Row(95, "subsection", "6. Werk dat nieuw voor oud in het team zit: geen substitutie (1 = in team)"),
    *(Field(f"in_team.{domain}", f"C{96 + i}", WHOLE, f"In het team (nieuw voor oud): {label}",
            "1 als de medewerkers die dit werk deden nu in het team zitten (nieuw voor oud): hun trajecten "
            "tellen niet voor substitutie, want de besparing zit al in 1a (002 noot 17: het maatschappelijk "
            "werk bestaat niet meer buiten WIJ). Leeg = 0.", unit="0/1", min=0, max=1, default=0)
      for i, (domain, label) in enumerate(TEAM_DOMAINS.items())),
))


def _voorziening(name: str, label: str, financier: str | None, r: int) -> tuple[Field, ...]:
    """The input cells of one row of deel D: its name (a row of the user's own), financier, price and counts."""
    own_name = (Field(f"deel_d.{name}.naam", f"C{r}", TEXT, f"Deel D, {label}: naam",
                      "Naam van de voorziening, bijvoorbeeld Armoedevoorzieningen."),) if financier is None else ()
    return (
        *own_name,
        Field(f"deel_d.{name}.financier", f"D{r}", CHOICE, f"Deel D, {label}: financier",
              "De geldstroom die deze trajecten betaalt (of bespaart): wi = Werk & Inkomen, wmo, welzijn, jeugd, "
              "zvw = zorgverzekeraar, rijk = Wlz/AWBZ, corporatie." +
              (f" Leeg = {financier}." if financier else " Verplicht als de regel aantallen heeft."),
              choices=FINANCIERS, default=financier),
        Field(f"deel_d.{name}.prijs", f"E{r}", EURO, f"Deel D, {label}: prijs per traject",
              "Lokale prijs van één traject per jaar, in het prijspeil van de analyse (002 Bijlage V en VI). "
              "Verplicht als de regel aantallen heeft.", unit="€ per traject", min=0, max=10_000_000),
        *(Field(f"deel_d.{name}.{col_key}", f"{col}{r}", NUMBER, f"Deel D, {label}: {text.lower()}",
                help_text, unit="trajecten", min=0, max=10_000_000)
          for col_key, (col, text, help_text) in DEEL_D_COUNTS.items()),
    )


_DEEL_D = tuple((DEEL_D_FIRST_ROW + i, name, label, financier)
                for i, (name, (label, financier)) in enumerate(DEEL_D_ROWS.items()))

TRAJECTORIES: tuple[Entry, ...] = in_section("D. Trajecten per voorziening", (
    Row(102, "section", "D. Trajecten per voorziening (optioneel; 001 Bijlage 3: invoerscherm deel D)"),
    Row(103, "note", "Vult u een kolom met aantallen in, dan rekent het model voor die kolom met deze "
                     "tabel in plaats van met het trajectenpakket op het blad KENGETALLEN; een lege kolom "
                     "laat het pakket staan. Prijzen zijn lokale prijzen per traject per jaar, in het "
                     "prijspeil van de analyse."),
    Row(104, "subsection", "Voorziening", (("C104", "Naam (bij anders)"), ("D104", "Financier"),
                                           ("E104", "Prijs per traject"),
                                           *((f"{col}104", text) for col, text, _ in DEEL_D_COUNTS.values()))),
    *(Row(r, "label", label) for r, _, label, _ in _DEEL_D),
    *(field for r, name, label, financier in _DEEL_D for field in _voorziening(name, label, financier, r)),
))
