"""The command line's analyses: ``gevoeligheid``, ``vergelijk``, ``dossiers``, ``onzekerheid`` and ``rapport``.

Each parses its options, calls its job in ``pipeline`` and prints; ``cli`` puts them on the one group
(``ANALYSIS_COMMANDS``). As everywhere on the command line, the library is imported inside the command.
"""

from __future__ import annotations

from pathlib import Path

import click

from .cli_dutch import DutchCommand
from .cli_output import as_json_text, emit
from .cli_progress import progress_line
from .cli_shared import (
    PATH,
    done,
    finish,
    force_option,
    friendly_errors,
    input_argument,
    json_option,
    output_option,
    output_target,
    uncertainty_options,
    warn,
)


@click.command(cls=DutchCommand)
@input_argument
@output_option("Uitvoerbestand. Standaard <invoer>-gevoeligheid.xlsx naast het invoerbestand.")
@force_option
@json_option()
@friendly_errors
def gevoeligheid(invoer: Path, output: str | None, force: bool, as_json: bool) -> None:
    """Gevoeligheidsanalyse: wat als de effecten kleiner of groter zijn?

    \b
    Rekent in één keer de standaardvariaties uit de LPBL-rapporten door (teamkosten -20%,
    minder nieuw gevonden huishoudens, substitutie en voorkomen escalatie halveren of
    verdubbelen, terugval, geen effectiviteitswinst, QALY 50.000, andere disconteringsregels,
    volledig additioneel of nieuw-voor-oud) plus uw eigen variaties op het blad GEVOELIGHEID,
    en zoekt per aanname de omslagwaarde: de waarde waarbij het saldo nul wordt.
    """
    from .pipeline import default_output_path, sensitivity_workbook

    target = output_target(output) or default_output_path(invoer, "gevoeligheid")
    analysis, report = sensitivity_workbook(invoer, target, force=force)
    warn(report, as_json)
    finish(as_json, analysis.to_json, f"Gevoeligheidsanalyse geschreven: {target}. Open het blad "
           "Resultaat gevoeligheid.", target, report)


@click.command(cls=DutchCommand)
@click.argument("invoer", nargs=-1, type=PATH)
@output_option("Vergelijkingswerkmap. Standaard <eerste werkmap>-vergelijking.xlsx naast de eerste werkmap.")
@force_option
@json_option()
@friendly_errors
def vergelijk(invoer: tuple[Path, ...], output: str | None, force: bool, as_json: bool) -> None:
    """Zet scenario's naast elkaar: mkba-xl vergelijk nu.xlsx potentie.xlsx [meer.xlsx ...]

    \b
    Rekent elke werkmap door zoals mkba-xl run en zet per UITVOER-regel, per totaal en
    verhouding en per actor de uitkomst van elk scenario naast elkaar, met het verschil met
    het eerste scenario. Het blad 'Verschillen invoer' noemt elke invoer die niet overal gelijk
    is.
    """
    from .pipeline import compare_workbooks, default_output_path

    first = invoer[0] if invoer else Path("vergelijking.xlsx")
    target = output_target(output) or default_output_path(first, "vergelijking")
    comparison, report = compare_workbooks(list(invoer), target, force=force)
    warn(report, as_json)
    finish(as_json, comparison.to_json, f"Vergelijking van {len(comparison.scenarios)} scenario's geschreven: "
           f"{target}. Open het blad VERGELIJKING.", target, report)


@click.command(cls=DutchCommand)
@input_argument
@output_option("Uitvoerbestand. Standaard <invoer>-dossieranalyse.xlsx naast het invoerbestand; met --neem-over "
               "<invoer>-dossiers-overgenomen.xlsx.")
@force_option
@json_option()
@click.option("--neem-over", "take_over", is_flag=True,
              help="Schrijf een nieuw werkboek waarvan INVOER de afgeleide waarden bevat (met hun bron) en "
                   "ONZEKERHEID hun intervallen; het invoerbestand blijft onaangeroerd.")
@friendly_errors
def dossiers(invoer: Path, output: str | None, force: bool, as_json: bool, take_over: bool) -> None:
    """Dossieranalyse: tel het blad DOSSIERS op tot de effecten voor INVOER.

    \b
    Per onderdeel (aandeel per type en zwaarte, nieuw gevonden, substitutie, succes per
    leefgebied, voorkomen escalatie, terugval, kwaliteit van leven, deel D) het aantal
    dossiers, de waarde, het 90%-interval en de INVOER-cel die het vult, met een
    waarschuwing waar de steekproef te klein is. Schrijft het blad Resultaat dossiers met
    grafieken; met --neem-over een nieuw werkboek met de waarden in INVOER.
    """
    from .analyses.dossier_job import to_json
    from .analyses.dossier_report import as_text
    from .pipeline import default_output_path, dossier_workbook

    suffix = "dossiers-overgenomen" if take_over else "dossieranalyse"
    target = output_target(output) or default_output_path(invoer, suffix)
    result = dossier_workbook(invoer, target, force=force, take_over=take_over)
    if as_json:
        done(as_json_text(to_json(result)), target)
        return
    warn(result.report)
    lines = [f"Dossieranalyse van {result.analysis.n} dossiers (* = INVOER wijkt af van de steekproef):",
             as_text(result.fed)]
    if result.takeover is not None:
        lines.append(f"Nieuw werkboek geschreven: {target}; {len(result.takeover.changes)} cellen van INVOER "
                     "overgenomen (het invoerbestand is niet veranderd). Controleer het met: mkba-xl check "
                     f"{target}")
        lines += [f"  niet overgenomen: {text}" for text in result.takeover.skipped]
    else:
        lines.append(f"Dossieranalyse geschreven: {target}. Open het blad Resultaat dossiers.")
    done("\n".join(lines), target)


@click.command(cls=DutchCommand)
@input_argument
@output_option("Uitvoerbestand. Standaard <invoer>-onzekerheid.xlsx naast het invoerbestand.")
@force_option
@json_option()
@uncertainty_options
@friendly_errors
def onzekerheid(invoer: Path, output: str | None, force: bool, as_json: bool, draws: str | None,
                seed: str | None) -> None:
    """Onzekerheidsanalyse: hoe zeker is het saldo, en welke aanname moet u eerst meten?

    \b
    Trekt alle onzekere aannames tegelijk (standaard 10.000 keer): de standaardaannames met de
    bereiken uit de LPBL-rapporten, aangepast met uw regels op het blad ONZEKERHEID. Geeft de
    kans op een positief saldo, de spreiding van saldo, K-B-verhoudingen en begroting per actor,
    en per aanname het belang en de waarde van perfecte informatie (EVPPI), met grafieken.
    Hetzelfde zaad (--zaad) geeft dezelfde uitkomsten.
    """
    from .pipeline import default_output_path, uncertainty_workbook
    from .pipeline import uncertainty_options as make_options

    with progress_line("Onzekerheidsanalyse") as progress:
        options = make_options(draws, seed, progress)
        target = output_target(output) or default_output_path(invoer, "onzekerheid")
        u, report = uncertainty_workbook(invoer, target, force=force, options=options)
    warn(report, as_json)
    finish(as_json, u.to_json, f"{u.zin}\nOnzekerheidsanalyse geschreven: {target}. Open het blad "
           "Resultaat onzekerheid.", target, report)


@click.command(cls=DutchCommand)
@input_argument
@output_option("Het Word-document. Standaard <invoer>-rapport.docx naast het invoerbestand.")
@force_option
@click.option("--pdf", "pdf", is_flag=True,
              help="Maak ook een PDF naast het Word-document (als LibreOffice is geïnstalleerd).")
@click.option("--grafieken", "charts", metavar="MAP", type=PATH, default=None,
              help="Schrijf de grafieken ook als PNG-bestanden in deze map (om in een eigen stuk te plakken).")
@uncertainty_options
@friendly_errors
def rapport(invoer: Path, output: str | None, force: bool, pdf: bool, charts: Path | None, draws: str | None,
            seed: str | None) -> None:
    """Raadsmemo: een Word-document met de uitkomst in gewone taal.

    \b
    Rekent de MKBA door met de gevoeligheids- en de onzekerheidsanalyse en schrijft een memo
    voor de raad: een samenvatting die niet zekerder klinkt dan de cijfers zijn, de tabellen
    A en B van het UITVOER-scherm, de grafieken, de aannames die het meest uitmaken, de
    aangepaste kengetallen, wat niet is meegeteld, de bronnen en een korte uitleg van de methode.
    --trekkingen en --zaad gelden voor de onzekerheidsanalyse.
    """
    from .pipeline import default_output_path, rapport_workbook
    from .pipeline import uncertainty_options as make_options

    target = output_target(output, ".docx") or default_output_path(invoer, "rapport", ".docx")
    with progress_line("Raadsmemo") as progress:
        options = make_options(draws, seed, progress)
        made = rapport_workbook(invoer, target, force=force, pdf=pdf, charts_dir=charts, options=options)
    warn(made.report)
    done(f"Raadsmemo geschreven: {target}.", target)
    if pdf and not made.no_pdf:
        emit(f"PDF geschreven: {target.with_suffix('.pdf')}.")
    if charts is not None:
        emit(f"Grafieken als PNG in {charts}.")
    if made.no_pdf:
        emit(made.no_pdf, err=True)


ANALYSIS_COMMANDS: tuple[click.Command, ...] = (gevoeligheid, vergelijk, dossiers, onzekerheid, rapport)
"""The commands of this module, in the order ``cli`` adds them to the group."""
