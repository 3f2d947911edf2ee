"""Command line: parse arguments, call the library, print, choose the exit code. Nothing else.

Heavy modules (xlsxwriter, numpy) are imported inside the commands, so that
``mkba-xl --help`` starts fast. Exit codes: 0 ok, 2 bad input or an output that cannot be written
(Dutch problem list), 1 an unexpected internal error (one Dutch line and where to report it, never a
traceback), 130/143/129 stopped by Ctrl-C, SIGTERM or SIGHUP (``entry``).

What is printed always reaches the user (``cli_output``): a character the terminal cannot show (a Latin-1
terminal and the euro sign) is replaced, ``--json`` then escapes it, and when standard output cannot be
written (a full disk, a closed pipe) one Dutch line on standard error says so, with exit code 2. ``run
--json`` prints its JSON before the output workbook is put in place, so when the JSON cannot be written, no
workbook is left either. click's own texts are Dutch through ``cli_dutch``.

Every option means the same in every command: ``-o`` names the file (``.xlsx``; ``rapport``: ``.docx``),
``--force`` is the only way to overwrite it, ``--json`` prints the result as JSON *and* writes the file.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_dutch import VERSION_HELP, DutchGroup
from .cli_output import StdoutFailed, as_json_text, emit

REPORT_URL = "het issue-overzicht van mkba-xl"


def output_target(text: str | None, extension: str = ".xlsx") -> Path | None:
    """The ``-o`` path as typed: '' and a name ending in a slash are folders, not files, and a name must end in the
    ``extension`` of what the command writes (raises OutputError)."""
    from .errors import OutputError

    if text is None:
        return None
    if not text.strip():
        raise OutputError("Met -o is een lege naam gegeven. Geef een bestandsnaam, bijvoorbeeld -o uitvoer.xlsx.",
                          code="output-is-folder")
    if text.endswith(("/", os.sep)):
        raise OutputError(f"'{text}' eindigt op een schuine streep en is dus een map. Geef met -o een bestandsnaam, "
                          f"bijvoorbeeld {text}uitvoer{extension}.", code="output-is-folder")
    path = Path(text)
    try:
        folder = path.name in ("", ".", "..") or path.is_dir()
    except OSError:  # a name too long, or a part of the path that is no folder
        folder = True
    if folder:
        return path  # ``xlsx.book.check_target`` says what is wrong with it, in Dutch
    if path.suffix.lower() != extension:
        what = "een Word-document" if extension == ".docx" else "een Excel-werkmap"
        example = path.with_suffix(extension)
        raise OutputError(f"-o {text}: deze opdracht schrijft {what}, dus de naam moet op {extension} eindigen. Typ "
                          f"bijvoorbeeld -o {example}.", code="output-extension")
    return path


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Map library errors to exit code 2 and anything unexpected to one Dutch line and exit 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return _report_errors(command, args, kwargs)
        except StdoutFailed as exc:
            from .xlsx.book import why_not_written

            where = (f"het uitvoerbestand {exc.written} is wel geschreven" if exc.written
                     else "er is geen uitvoerbestand geschreven")
            emit(f"Fout: de uitvoer kon niet naar de standaarduitvoer worden geschreven "
                 f"({why_not_written(exc.cause)}); {where}.", err=True)
            sys.exit(2)

    return wrapper


def _report_errors(command: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    from .errors import InputError, MkbaError

    as_json = kwargs.get("as_json", False)
    try:
        return command(*args, **kwargs)
    except InputError as exc:
        if as_json:
            emit(as_json_text(exc.report.as_json()))
        else:
            emit(exc.report.as_text(), err=True)
        sys.exit(2)
    except MkbaError as exc:
        if as_json:
            problem = {"blad": "", "cel": "", "veld": "", "melding": str(exc), "code": exc.code}
            emit(as_json_text({"fouten": [problem], "waarschuwingen": []}))
        else:
            emit(f"Fout: {exc}", err=True)
        sys.exit(2)
    except (click.exceptions.Exit, click.ClickException, SystemExit, StdoutFailed):
        raise
    except KeyboardInterrupt:  # only without the handlers of ``entry`` (the library called in-process)
        emit("Afgebroken; er is geen uitvoerbestand achtergebleven.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the user must never see a traceback
        emit(f"Interne fout in mkba-xl ({type(exc).__name__}: {str(exc)[:300]}). Dit is niet uw schuld; "
             f"meld het met het invoerbestand via {REPORT_URL}.", err=True)
        sys.exit(1)


class PathText(click.ParamType):
    """A path as typed, never refused by click (click's checks are English): the library judges it in Dutch."""

    name = "pad"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return value if isinstance(value, Path) else Path(value)


PATH = PathText()


def input_argument(command: Callable[..., Any]) -> Callable[..., Any]:
    """The input workbook, the first argument of every command that reads one."""
    return click.argument("invoer", type=PATH)(command)


def output_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``-o/--output``: where the command writes its file (``help_text`` says the default).

    The text as typed (``output_target`` judges it inside the command, so its errors are Dutch and a
    trailing slash is not lost)."""
    return click.option("-o", "--output", "output", type=str, metavar="BESTAND", default=None, help=help_text)


FORCE_HELP = "Overschrijf een bestaand uitvoerbestand (zonder --force wordt een bestaand bestand nooit overschreven)."


def force_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--force``: the one way to overwrite an existing output file (the same text for every command)."""
    return click.option("--force", is_flag=True, help=FORCE_HELP)(command)


JSON_HELP = ("Print ook de uitkomsten als JSON op het scherm; het uitvoerbestand wordt net zo geschreven als zonder "
             "--json.")


def json_option(help_text: str = JSON_HELP) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--json``: the result as JSON on standard output as well as the file (problems too, with their codes)."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def uncertainty_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--trekkingen`` and ``--zaad`` of the uncertainty analysis, read as text: the library says in Dutch what is
    wrong with a value (click's own messages are English)."""
    command = click.option("--zaad", "seed", metavar="S", default=None,
                           help="Startgetal van de trekkingen (standaard 2014): hetzelfde zaad geeft dezelfde "
                                "uitkomsten.")(command)
    return click.option("--trekkingen", "draws", metavar="N", default=None,
                        help="Aantal trekkingen, 100 tot en met 200.000 (standaard 10.000).")(command)


@click.group("mkba-xl", cls=DutchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="mkba-xl", message="%(prog)s %(version)s", help=VERSION_HELP)
def cli() -> None:
    """MKBA van een sociaal (wijk)team: van Excel-invoer naar Excel-uitvoer.

    \b
    Werkwijze:
      1. mkba-xl template            maakt een leeg invoerbestand (mkba_invoer.xlsx)
      2. vul het blad INVOER in (en pas KENGETALLEN aan waar u het beter weet)
      3. mkba-xl check invoer.xlsx   controleert de invoer en noemt elke fout met cel
      4. mkba-xl run invoer.xlsx     rekent en schrijft invoer-uitvoer.xlsx
      (eigen effecten meten: vul het blad DOSSIERS en draai mkba-xl dossiers invoer.xlsx)

    Het uitvoerbestand is zelf weer een geldig invoerbestand: pas een getal aan en reken opnieuw.
    """


@cli.command()
@click.option("--van", "van", type=PATH, metavar="OUD.xlsx", default=None,
              help="Neem de invoer over uit dit werkblad van een ouder sjabloon, of met verschoven regels (INVOER, "
                   "KENGETALLEN en de bladen GEVOELIGHEID, ONZEKERHEID, DOSSIERS en MEERJARIG); het oude werkblad "
                   "blijft onaangeroerd. Standaard heet het nieuwe OUD-nieuw.xlsx.")
@output_option("Waar het sjabloon komt (standaard mkba_invoer.xlsx in de huidige map; met --van OUD-nieuw.xlsx).")
@force_option
@friendly_errors
def template(van: Path | None, output: str | None, force: bool) -> None:
    """Schrijf een leeg invoerbestand (bladen INVOER, KENGETALLEN, GEVOELIGHEID, ONZEKERHEID en DOSSIERS).

    Met --van OUD.xlsx komt de invoer van een werkblad van een ouder sjabloon (of waarin regels zijn verwijderd
    of ingevoegd) in het nieuwe sjabloon; wat niet zeker kan worden overgenomen, staat met de cel op het scherm.
    """
    from .errors import exists_error
    from .template import write_template
    from .xlsx.book import check_target

    if van is not None:
        from .migrate import summary
        from .pipeline import take_over_workbook

        takeover, written = take_over_workbook(van, output_target(output), force=force)
        _done("\n".join(summary(takeover, str(van), str(written))), written)
        return
    target = output_target(output) or Path("mkba_invoer.xlsx")
    check_target(target)
    if target.exists() and not force:
        raise exists_error(target)
    write_template(target, overwrite=force)
    _done(f"Sjabloon geschreven: {target}. Vul de gele cellen op het blad INVOER in.", target)


def _done(line: str, written: Path) -> None:
    """The last line of a command that wrote ``written``: if it cannot be printed, say that the file is there."""
    try:
        emit(line)
    except StdoutFailed as exc:
        raise StdoutFailed(exc.cause, written) from exc


def _finish(as_json: bool, data: Callable[[], Any], line: str, written: Path) -> None:
    """The end of a command that wrote ``written``: the closing line, or with ``--json`` only the JSON (standard
    output holds nothing else; the JSON does not depend on where the file went, so it stays comparable)."""
    _done(as_json_text(data()) if as_json else line, written)


@cli.command()
@input_argument
@json_option("Geef de meldingen als JSON (fouten en waarschuwingen).")
@friendly_errors
def check(invoer: Path, as_json: bool) -> None:
    """Controleer een invoerbestand zonder te rekenen.

    Noemt alle fouten tegelijk, met blad en cel. Exitcode 0 = in orde, 2 = fouten.
    """
    from .pipeline import check as check_workbook

    report = check_workbook(invoer)
    if as_json:
        emit(as_json_text(report.as_json()))
    else:
        if report.errors or report.warnings:
            emit(report.as_text())
        if report.ok:
            emit(f"{invoer}: in orde.")
    if not report.ok:
        sys.exit(2)


@cli.command()
@json_option("Als JSON: één object per veld.")
@friendly_errors
def schema(as_json: bool) -> None:
    """Toon alle invoervelden (blad, cel, type, eenheid, bereik, standaard, toelichting)."""
    from .fieldsdoc import field_as_json
    from .schema import invoer_fields

    fields = [field_as_json(f) for f in invoer_fields()]
    if as_json:
        emit(as_json_text(fields))
        return
    lines = []
    for f in fields:
        bereik = "" if f["min"] is None else f" [{f['min']} .. {f['max']}]"
        lines.append(f"{f['blad']}!{f['cel']:<5} {f['veld']:<45} {f['type']:<12}{bereik}  {f['label']}")
    emit("\n".join(lines))


@cli.command()
@click.argument("invoer_paden", metavar="INVOER...", nargs=-1, type=PATH)
@output_option("Uitvoerbestand. Standaard <invoer>-uitvoer.xlsx naast het invoerbestand. Bij meerdere werkmappen of "
               "een map: de samenvatting (standaard samenvatting-mkba.xlsx in de map van de eerste).")
@force_option
@json_option("Print ook het resultaat als JSON (bedragen in euro; bij meerdere werkmappen de samenvatting); de "
             "bestanden worden net zo geschreven als zonder --json.")
@click.option("--gevoeligheid", "sensitivity", is_flag=True,
              help="Voeg de gevoeligheidsanalyse (met tornadografiek en omslagwaarden) toe aan de uitvoer.")
@click.option("--onzekerheid", "uncertainty", is_flag=True,
              help="Voeg de onzekerheidsanalyse (Monte Carlo, met grafieken) toe aan de uitvoer.")
@uncertainty_options
@click.option("--uitvoermap", "output_dir", type=PATH, metavar="MAP", default=None,
              help="Bij meerdere werkmappen: schrijf elk uitvoerbestand in deze map in plaats van naast de invoer.")
@click.option("--processen", "workers", metavar="N", default=None,
              help="Bij meerdere werkmappen: het aantal processen, 1 tot en met 64 (standaard het aantal kernen).")
@friendly_errors
def run(invoer_paden: tuple[Path, ...], output: str | None, force: bool, as_json: bool, sensitivity: bool,
        uncertainty: bool, draws: str | None, seed: str | None, output_dir: Path | None, workers: str | None) -> None:
    """Reken de MKBA door en schrijf het uitvoerbestand.

    Het uitvoerbestand bevat UITVOER (het LPBL-scherm), grafieken, INVOER, KENGETALLEN,
    BEREKENING (hoe elke euro is berekend) en de begroting per geldstroom. Met --onzekerheid
    ook het blad Resultaat onzekerheid (--trekkingen en --zaad gelden alleen daarvoor).

    \b
    Meerdere werkmappen of een map: mkba-xl run map/ of mkba-xl run a.xlsx b.xlsx
    Elke werkmap krijgt haar eigen uitvoerbestand; een werkmap met fouten houdt de rest niet
    tegen (exitcode 2 aan het eind). Een samenvatting (gemeente, saldo, verhoudingen, status)
    komt in samenvatting-mkba.xlsx, met --json ook op het scherm.
    """
    from .cli_progress import StderrProgress
    from .pipeline import uncertainty_options as make_options

    if len(invoer_paden) != 1 or invoer_paden[0].is_dir():
        _run_many(invoer_paden, output_target(output), force, as_json, sensitivity, output_dir, workers,
                  make_options(draws, seed) if uncertainty else None)
        return
    invoer = invoer_paden[0]
    from .pipeline import default_output_path, run_workbook

    target = output_target(output) or default_output_path(invoer)
    if output is None and output_dir is not None:
        target = output_dir / target.name
    progress = StderrProgress("Onzekerheidsanalyse")
    options = make_options(draws, seed, progress) if uncertainty else None

    def print_json(result: Any, report: Any) -> None:  # before the workbook is put in place
        data = result.to_json()
        data["waarschuwingen"] = [p.as_text() for p in report.warnings] + data["waarschuwingen"]
        if options is not None and options.result is not None:
            data["onzekerheid"] = options.result.to_json()
        emit(as_json_text(data))

    try:
        _, report = run_workbook(invoer, target, force=force, sensitivity=sensitivity, uncertainty=options,
                                 before_commit=print_json if as_json else None)
    finally:
        progress.close()
    if not as_json:
        if report.warnings:
            emit(report.as_text(), err=True)
        _done(f"Uitvoer geschreven: {target}. Open het blad UITVOER.", target)


def _run_many(paths: tuple[Path, ...], summary: Path | None, force: bool, as_json: bool, sensitivity: bool,
              output_dir: Path | None, workers_text: str | None, uncertainty: Any = None) -> None:
    """``mkba-xl run`` over several workbooks or folders (``batch``): progress on stderr, failures listed at the end."""
    from .batch import expand, parse_workers, run_many, summary_json, summary_path, write_summary
    from .cli_progress import StderrProgress

    workers = parse_workers(workers_text)
    books = expand(paths)
    target = summary_path(paths, summary, force=force, output_dir=output_dir)
    bar = StderrProgress(f"{len(books)} werkmappen")
    failed_so_far = [0]

    def progress(done: int, total: int, outcome: Any) -> None:
        failed_so_far[0] += not outcome.ok
        bar(f"{failed_so_far[0]} met fouten" if failed_so_far[0] else "rekenen", done / total)

    try:
        outcomes = run_many(books, output_dir=output_dir, force=force, sensitivity=sensitivity, workers=workers,
                            progress=progress, uncertainty=uncertainty)
    finally:
        bar.close()
    write_summary(target, outcomes, overwrite=force)
    failed = [o for o in outcomes if not o.ok]
    if as_json:
        emit(as_json_text(summary_json(outcomes)))
    for outcome in failed:
        emit("\n".join([f"{outcome.bestand}: niet gerekend", *(f"  - {line}" for line in outcome.meldingen)]),
             err=True)
    if not as_json:
        _done(f"{len(outcomes) - len(failed)} van {len(outcomes)} werkmappen gerekend; samenvatting: {target}.",
              target)
    if failed:
        sys.exit(2)


@cli.command()
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
    if report.warnings and not as_json:
        emit(report.as_text(), err=True)
    _finish(as_json, analysis.to_json, f"Gevoeligheidsanalyse geschreven: {target}. Open het blad "
            "Resultaat gevoeligheid.", target)


@cli.command()
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
    if report.warnings and not as_json:
        emit(report.as_text(), err=True)
    _finish(as_json, comparison.to_json, f"Vergelijking van {len(comparison.scenarios)} scenario's geschreven: "
            f"{target}. Open het blad VERGELIJKING.", target)


@cli.command()
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
        _done(as_json_text(to_json(result)), target)
        return
    if result.report.warnings:
        emit(result.report.as_text(), err=True)
    lines = [f"Dossieranalyse van {result.analysis.n} dossiers (* = INVOER wijkt af van de steekproef):",
             as_text(result.fed)]
    if result.takeover is not None:
        lines.append(f"Nieuw werkboek geschreven: {target}; {len(result.takeover.changes)} cellen van INVOER "
                     "overgenomen (het invoerbestand is niet veranderd). Controleer het met: mkba-xl check "
                     f"{target}")
        lines += [f"  niet overgenomen: {text}" for text in result.takeover.skipped]
    else:
        lines.append(f"Dossieranalyse geschreven: {target}. Open het blad Resultaat dossiers.")
    _done("\n".join(lines), target)


@cli.command()
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
    from .cli_progress import StderrProgress
    from .pipeline import default_output_path, uncertainty_workbook
    from .pipeline import uncertainty_options as make_options

    progress = StderrProgress("Onzekerheidsanalyse")
    options = make_options(draws, seed, progress)
    target = output_target(output) or default_output_path(invoer, "onzekerheid")
    try:
        u, report = uncertainty_workbook(invoer, target, force=force, options=options)
    finally:
        progress.close()
    if report.warnings and not as_json:
        emit(report.as_text(), err=True)
    _finish(as_json, u.to_json, f"{u.zin}\nOnzekerheidsanalyse geschreven: {target}. Open het blad "
            "Resultaat onzekerheid.", target)


@cli.command()
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
    from .cli_progress import StderrProgress
    from .pipeline import default_output_path, rapport_workbook
    from .pipeline import uncertainty_options as make_options

    target = output_target(output, ".docx") or default_output_path(invoer, "rapport", ".docx")
    progress = StderrProgress("Raadsmemo")
    options = make_options(draws, seed, progress)
    try:
        made = rapport_workbook(invoer, target, force=force, pdf=pdf, charts_dir=charts, options=options)
    finally:
        progress.close()
    if made.report.warnings:
        emit(made.report.as_text(), err=True)
    _done(f"Raadsmemo geschreven: {target}.", target)
    if pdf and not made.no_pdf:
        emit(f"PDF geschreven: {target.with_suffix('.pdf')}.")
    if charts is not None:
        emit(f"Grafieken als PNG in {charts}.")
    if made.no_pdf:
        emit(made.no_pdf, err=True)


@cli.command(hidden=True)
@click.option("--cases", type=PATH, metavar="MAP", default=Path("sample_workbooks/cases"),
              help="Map met de casusbestanden (*.json; standaard sample_workbooks/cases).")
@click.option("--out", type=PATH, metavar="MAP", default=Path("sample_workbooks"),
              help="Map voor de voorbeeldwerkmappen (standaard sample_workbooks).")
@click.option("--report", type=PATH, metavar="BESTAND", default=Path("docs/reproduction.md"),
              help="Pad van het verslag (standaard docs/reproduction.md).")
@friendly_errors
def reproduce(cases: Path, out: Path, report: Path) -> None:
    """Reken de vijf gepubliceerde LPBL-MKBA's na en schrijf het vergelijkingsverslag.

    Maakt de voorbeeldwerkmappen opnieuw uit de casusbestanden en zet per casus elk gepubliceerd
    bedrag naast het onze, met het verschil en de verklaring. Draai dit in de map van het project:
    het is een opdracht voor wie mkba-xl onderhoudt (verborgen in mkba-xl --help), want het
    herschrijft de voorbeeldwerkmappen en docs/reproduction.md van het project.
    """
    from .errors import OutputError
    from .reproduce import reproduce as run_reproduction

    if not cases.is_dir():
        raise OutputError(f"De map {cases} met casusbestanden bestaat niet; draai deze opdracht in de projectmap.",
                          code="folder-missing")
    for folder in (out, report.parent):
        if not folder.is_dir():
            raise OutputError(f"De map {folder} bestaat niet of is geen map; draai deze opdracht in de projectmap.",
                              code="folder-missing")
    run_reproduction(cases, out, report)
    emit(f"Voorbeeldwerkmappen in {out}; verslag in {report}.")
