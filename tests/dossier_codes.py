"""The problem codes of the DOSSIERS sheet and the dossier analysis: one real workbook per code and the Dutch
text users read. ``test_problem_codes`` takes these cases and texts over (one place pins every code's text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mkba_xl import pipeline
from mkba_xl.errors import InputError, Problem

from .dossier_workbooks import base, dossier_workbook
from .problem_cases import case, one
from .workbooks import valid_values, write_workbook


def checked(tmp: Path, code: str, *rows: dict[str, Any], **kwargs: Any) -> Problem:
    """The one problem ``code`` that ``mkba-xl check`` reports for a workbook with these dossier rows."""
    report = pipeline.check(dossier_workbook(tmp / "dossiers.xlsx", rows, **kwargs))
    return one(report.errors + report.warnings, code)


def analysed(path: Path, code: str) -> Problem:
    """The one problem ``code`` of ``mkba-xl dossiers`` on ``path`` (refused or warned)."""
    try:
        report = pipeline.dossier_workbook(path, None).report
    except InputError as exc:
        report = exc.report
    return one(report.errors + report.warnings, code)


def many(n: int, **values: Any) -> list[dict[str, Any]]:
    return [base(f"D-{i:02d}", **values) for i in range(1, n + 1)]


# --- the sheet -----------------------------------------------------------------------------------

@case("dossier-sheet-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return analysed(write_workbook(tmp / "invoer.xlsx"), "dossier-sheet-missing")


@case("no-dossiers")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return analysed(dossier_workbook(tmp / "leeg.xlsx", []), "no-dossiers")


@case("dossier-header-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = write_workbook(tmp / "invoer.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Dossiers")
    ws["B5"], ws["B6"] = "Nummer", "D-01"
    wb.save(path)
    return one(pipeline.check(path).errors, "dossier-header-missing")


@case("dossier-column-twice")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "dossier-column-twice", base(), headers={"teamlid": "type"})


@case("dossier-column-unknown")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "dossier-column-unknown", base(), extra={"Notities": ["gebeld"]})


@case("dossier-too-many-rows")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    mp.setattr("mkba_xl.analyses.dossier_reader.DOSSIERS_MAX_ROWS", 3)
    return checked(tmp, "dossier-too-many-rows", *many(4))


@case("small-sample")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return analysed(dossier_workbook(tmp / "klein.xlsx", many(12)), "small-sample")


@case("dossier-invoer-unfinished")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    values = valid_values()
    del values["gemeente"], values["huishoudens"]
    return analysed(dossier_workbook(tmp / "half.xlsx", many(30), invoer=values), "dossier-invoer-unfinished")


@case("dossier-disagrees")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    rows = many(30, lopend_amw=1) + many(10, nieuw_gevonden="ja")  # 10 of 40 newly found: 25%
    rows = [dict(r, dossiernummer=f"N-{i}") for i, r in enumerate(rows)]
    values = dict(valid_values(), nieuw_gevonden=0.6)
    report = pipeline.check(dossier_workbook(tmp / "anders.xlsx", rows, invoer=values))
    return next(p for p in report.warnings if p.code == "dossier-disagrees" and p.field == "nieuw_gevonden")


# --- one dossier: errors -------------------------------------------------------------------------

@case("missing-dossier-number")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "missing-dossier-number", base(), base(None, teamlid="TL02"))


@case("duplicate-dossier")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = dossier_workbook(tmp / "dubbel.xlsx", [base("D-01"), base("D-02"), base("d-01 "), base("D-03")])
    duplicates = [p for p in pipeline.check(path).errors if p.code == "duplicate-dossier"]
    assert [p.cell for p in duplicates] == ["B6", "B8"]  # every occurrence is named
    return duplicates[1]


@case("unknown-type")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "unknown-type", base(type="Gezinnen"))


@case("unknown-severity")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "unknown-severity", base(zwaarte="zwaar"))


@case("unknown-value")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "unknown-value", base(psychisch_start="misschien"))


@case("zrm-out-of-range")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "zrm-out-of-range", base(schulden_start=7))


@case("invalid-number")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "invalid-number", base(kinderen=2, kinderen_thuis=3))


@case("dropped-not-ongoing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "dropped-not-ongoing", base(team_shv=-1, door_shv="netwerk"))


@case("new-by-nobody")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "new-by-nobody", base(team_amw=1, door_amw="geen"))


@case("escalation-without-type")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "escalation-without-type", base(type=None, voorkomen_huisuitzetting="deels"))


@case("bsn-column")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    rows = [base(number) for number in ("111222333", "123456782", "999993653")]
    return checked(tmp, "bsn-column", *rows)


@case("bsn-value")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "bsn-value", base(opmerking="BSN 1112.22.333 genoteerd"))


# --- one dossier: warnings -----------------------------------------------------------------------

@case("missing-type")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "missing-type", base(type=None))


@case("severity-not-derivable")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "severity-not-derivable", base(zwaarte=None))


@case("severity-differs-from-zrm")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "severity-differs-from-zrm", base(zwaarte="ev", schulden_start=2, schulden_nu=4,
                                                          werk_start=3, werk_nu=3))


@case("newly-found-with-ongoing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "newly-found-with-ongoing", base(nieuw_gevonden="ja", lopend_amw=1))


@case("takeover-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "takeover-missing", base(lopend_amw=1, team_amw=-1))


@case("dead-weight-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "dead-weight-missing", base(team_ggz=1, door_ggz="professional"))


@case("escalation-children-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "escalation-children-missing", base(voorkomen_ots="ja"))


@case("escalation-children-exceed-household")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "escalation-children-exceed-household", base(voorkomen_uhp="deels", voorkomen_uhp_kinderen=3))


@case("family-without-children")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "family-without-children", base(kinderen=0))


@case("composition-not-family")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "composition-not-family", base(type="oudere", kinderen=None, samenstelling="eenoudergezin"))


@case("others-without-improvement")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "others-without-improvement", base(werk_start="ja", werk_nu="ja", werk_anderen="ja"))


@case("relapse-not-closed")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "relapse-not-closed", base(afgesloten="nee", terugval="ja"))


EXPECTED: dict[str, tuple[str, str, str]] = {
    'dossier-sheet-missing': ('DOSSIERS', '',
        'Het werkboek heeft geen blad DOSSIERS. Maak een nieuw sjabloon met mkba-xl template (daarin staat '
        'het blad DOSSIERS) en zet daar de dossiers in, één regel per huishouden.'),
    'no-dossiers': ('DOSSIERS', '',
        'Het blad DOSSIERS bevat geen dossiers: onder de kopregel (regel 5 in het sjabloon) staat geen '
        'ingevulde regel. Vul per huishouden één regel in, met ten minste een dossiernummer; een voorbeeld '
        'staat in sample_workbooks/dossiers_voorbeeld.xlsx.'),
    'dossier-header-missing': ('DOSSIERS', '',
        'Het blad DOSSIERS heeft geen kopregel: in de regels 1 tot en met 10 staat geen kolom '
        "'Dossiernummer (anoniem)'. Neem het blad over uit een nieuw sjabloon (mkba-xl template) en zet de "
        'dossiers onder de kopregel (regel 5); of verwijder het blad als u geen dossieranalyse doet.'),
    'dossier-column-twice': ('DOSSIERS', 'D5',
        "De kolommen C en D hebben allebei de kop 'Type huishouden'. Verwijder of hernoem een van beide."),
    'dossier-column-unknown': ('DOSSIERS', 'DF5',
        "Kolom DF ('Notities') is geen kolom van de dossieranalyse en telt niet mee; ze blijft wel staan in "
        'een uitvoerbestand. Bedoelt u een kolom uit het sjabloon, typ dan de kop zoals daar.'),
    'dossier-too-many-rows': ('DOSSIERS', 'B9',
        'Er staan meer dan 3 dossiers onder de kopregel; alleen de eerste 3 worden gelezen. Verwijder de '
        'regels vanaf regel 9; een aselecte steekproef van 80 à 150 dossiers is genoeg.'),
    'small-sample': ('DOSSIERS', '',
        'De steekproef telt 12 dossiers, minder dan 30: de intervallen zijn breed en elke uitkomst is '
        'onzeker. LPBL gebruikte ongeveer 80 dossiers, 10 à 15 per teamlid (LPBL (2019), Evaluatie '
        'WIJ-teams Groningen, Bijlage II).'),
    'dossier-invoer-unfinished': ('INVOER', '',
        'INVOER heeft nog 2 fouten (zie mkba-xl check). De dossieranalyse is daarom niet vergeleken met '
        'INVOER, en de aantallen per jaar (die het aantal huishoudens in C15 nodig hebben) ontbreken.'),
    'dossier-disagrees': ('INVOER', 'C54',
        'Percentage nieuw gevonden huishoudens: INVOER rekent met 60,0%, maar de dossieranalyse op het blad '
        'DOSSIERS geeft 25,0% (90%-interval 15,6% – 37,6%, n = 40). Controleer de cel, of neem de waarden '
        'over met: mkba-xl dossiers <werkboek> --neem-over.'),
    'missing-dossier-number': ('DOSSIERS', 'B7',
        "Regel 7 heeft geen dossiernummer. Typ in 'Dossiernummer (anoniem)' (kolom B) een anoniem nummer "
        'dat in de steekproef maar één keer voorkomt, bijvoorbeeld D-001 (geen BSN).'),
    'duplicate-dossier': ('DOSSIERS', 'B8',
        'Dossiernummer "d-01" staat ook in regel 6. Geef elk huishouden een eigen nummer; staat hetzelfde '
        'huishouden er twee keer in, verwijder dan één van de regels.'),
    'unknown-type': ('DOSSIERS', 'D6',
        'Dossier "D-01": type huishouden "gezinnen" bestaat niet. Typ gezin, oudere of overig.'),
    'unknown-severity': ('DOSSIERS', 'K6',
        'Dossier "D-01": zwaarte "zwaar" bestaat niet. Typ ev, mv_zr, mv_nzr of top, of laat de cel leeg '
        'als u ZRM-scores invult.'),
    'unknown-value': ('DOSSIERS', 'AH6',
        'Dossier "D-01", Psychisch: bij aanvang: "misschien" kan hier niet. Typ ja, nee of een ZRM-score '
        'van 1 tot en met 5.'),
    'zrm-out-of-range': ('DOSSIERS', 'M6',
        'Dossier "D-01", Schulden: bij aanvang: 7 is geen ZRM-score. Typ een heel getal van 1 tot en met 5, '
        'of ja of nee.'),
    'invalid-number': ('DOSSIERS', 'G6',
        'Dossier "D-01": 3 thuiswonende kinderen is meer dan het aantal kinderen (2). Pas \'W.v. '
        "thuiswonend' (kolom G) of 'Aantal kinderen' (kolom F) aan."),
    'dropped-not-ongoing': ('DOSSIERS', 'BL6',
        'Dossier "D-01": SHV is geschrapt (-1), maar liep niet bij aanvang. Typ 1 in \'Lopend bij aanvang: '
        "SHV' (kolom AZ) als het wel liep, of maak deze cel leeg."),
    'new-by-nobody': ('DOSSIERS', 'BV6',
        'Dossier "D-01": AMW is nieuw (1), maar bij \'AMW: door / overgenomen door\' staat \'geen\'. '
        "'geen' (niet meer nodig) past alleen bij een geschrapt traject (-1). Typ team, netwerk of "
        'professional.'),
    'escalation-without-type': ('DOSSIERS', 'CV6',
        'Dossier "D-01": een voorkomen escalatie (Huisuitzetting) telt mee per type huishouden, maar het '
        "type is leeg. Typ in 'Type huishouden' (kolom D) gezin, oudere of overig."),
    'bsn-column': ('DOSSIERS', 'B5',
        "Kolom 'Dossiernummer (anoniem)': 3 van de 3 waarden zijn negen cijfers die de elfproef doorstaan, "
        'zoals een burgerservicenummer (BSN). Een BSN hoort niet in de dossieranalyse: de resultaten moeten '
        "geanonimiseerd zijn (LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, bijlage 3, noot 27). "
        'Vervang de nummers door eigen, anonieme nummers (bijvoorbeeld D-001) of verwijder de kolom.'),
    'bsn-value': ('DOSSIERS', 'DE6',
        'Dossier "D-01": de opmerking bevat negen cijfers die de elfproef doorstaan, zoals een '
        'burgerservicenummer (BSN). Haal het nummer weg: een BSN hoort niet in de dossieranalyse, de '
        "resultaten moeten geanonimiseerd zijn (LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, "
        'bijlage 3, noot 27).'),
    'missing-type': ('DOSSIERS', 'D6',
        'Dossier "D-01": het type huishouden is leeg; het dossier telt niet mee in de aandelen per type. '
        'Typ gezin, oudere of overig.'),
    'severity-not-derivable': ('DOSSIERS', 'K6',
        'Dossier "D-01": de zwaarte is leeg en er zijn geen ZRM-scores om haar uit af te leiden (ja/nee '
        'zegt niet of een huishouden zelfredzaam is). Het dossier telt niet mee in de zwaarte. Typ ev, '
        'mv_zr, mv_nzr of top.'),
    'severity-differs-from-zrm': ('DOSSIERS', 'K6',
        'Dossier "D-01": de zwaarte ev verschilt van wat de ZRM-scores bij aanvang geven (mv_nzr). Er wordt '
        'gerekend met ev; controleer de zwaarte of de scores.'),
    'newly-found-with-ongoing': ('DOSSIERS', 'L6',
        'Dossier "D-01": nieuw gevonden is ja, maar bij \'Lopend bij aanvang\' staat een interventie. Er '
        'wordt gerekend met nieuw gevonden; controleer een van beide.'),
    'takeover-missing': ('DOSSIERS', 'BV6',
        'Dossier "D-01": AMW is geschrapt (-1), maar bij \'AMW: door / overgenomen door\' staat niet wie '
        'het overnam; het telt niet als substitutie. Typ team, netwerk, professional of geen.'),
    'dead-weight-missing': ('DOSSIERS', 'CR6',
        'Dossier "D-01": GGZ is nieuw (1) en door een professional, maar bij \'GGZ: ook in oude werkwijze\' '
        'staat niet of het in de oude werkwijze ook was ingezet; het telt als extra traject. Typ ja of nee.'),
    'escalation-children-missing': ('DOSSIERS', 'CX6',
        'Dossier "D-01": voorkomen OTS zonder aantal kinderen; er wordt met 1 kind gerekend. Typ het aantal '
        "in 'Voorkomen: OTS, aantal kinderen' (kolom CX)."),
    'escalation-children-exceed-household': ('DOSSIERS', 'CZ6',
        'Dossier "D-01": voorkomen UHP voor 3 kinderen, meer dan de 2 kinderen van het huishouden (\'Aantal '
        "kinderen'). Controleer beide aantallen."),
    'family-without-children': ('DOSSIERS', 'F6',
        'Dossier "D-01": een gezin zonder kinderen (\'Aantal kinderen\' is 0). Is het type overig, of '
        'ontbreekt het aantal kinderen?'),
    'composition-not-family': ('DOSSIERS', 'E6',
        'Dossier "D-01": samenstelling eenoudergezin past niet bij type huishouden oudere: een gezin heeft '
        "kinderen. Controleer 'Samenstelling' (kolom E) en 'Type huishouden' (kolom D)."),
    'others-without-improvement': ('DOSSIERS', 'R6',
        'Dossier "D-01", Werk: verbetering door anderen: \'ja\', maar op dit leefgebied is niets verbeterd '
        '(bij aanvang geen probleem, of nu nog steeds); de cel telt niet mee.'),
    'relapse-not-closed': ('DOSSIERS', 'DD6',
        'Dossier "D-01": terugval is ja, maar de casus is niet afgesloten; het dossier telt niet mee in de '
        "terugval. Controleer 'Afgesloten' (kolom DC)."),
}
"""Code -> (sheet, cell, message); the cells follow the template's layout (header row 5, dossiernummer in B)."""

