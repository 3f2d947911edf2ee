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
``--force`` is the only way to overwrite it, ``--json`` prints the result as JSON *and* writes the file. Those
options, the ``-o`` check and the mapping of errors to exit codes are in ``cli_shared``; the group and the
commands ``template``, ``check``, ``schema``, ``run`` and ``reproduce`` are here, the analyses' commands in
``cli_analyses``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_analyses import ANALYSIS_COMMANDS
from .cli_dutch import VERSION_HELP, DutchGroup
from .cli_output import as_json_text, emit
from .cli_progress import progress_line
from .cli_shared import (
    PATH,
    done,
    force_option,
    friendly_errors,
    input_argument,
    json_option,
    output_option,
    output_target,
    uncertainty_options,
    warn,
)


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
        done("\n".join(summary(takeover, str(van), str(written))), written)
        return
    target = output_target(output) or Path("mkba_invoer.xlsx")
    check_target(target)
    if target.exists() and not force:
        raise exists_error(target)
    write_template(target, overwrite=force)
    done(f"Sjabloon geschreven: {target}. Vul de gele cellen op het blad INVOER in.", target)


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
@output_option("Uitvoerbestand. Standaard <invoer>-uitvoer.xlsx naast het invoerbestand; een uitvoerbestand dat u "
               "opnieuw doorrekent krijgt een volgnummer (x-uitvoer-2.xlsx). Bij meerdere werkmappen of een map: de "
               "samenvatting (standaard samenvatting-mkba.xlsx in de map van de eerste).")
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
    with progress_line("Onzekerheidsanalyse") as progress:
        options = make_options(draws, seed, progress) if uncertainty else None

        def print_json(result: Any, report: Any) -> None:  # before the workbook is put in place
            data = result.to_json()
            data["waarschuwingen"] = [p.as_text() for p in report.warnings] + data["waarschuwingen"]
            if options is not None and options.result is not None:
                data["onzekerheid"] = options.result.to_json()
            emit(as_json_text(data))

        _, report = run_workbook(invoer, target, force=force, sensitivity=sensitivity, uncertainty=options,
                                 before_commit=print_json if as_json else None)
    warn(report, as_json)
    if not as_json:
        done(f"Uitvoer geschreven: {target}. Open het blad UITVOER.", target)


def _run_many(paths: tuple[Path, ...], summary: Path | None, force: bool, as_json: bool, sensitivity: bool,
              output_dir: Path | None, workers_text: str | None, uncertainty: Any = None) -> None:
    """``mkba-xl run`` over several workbooks or folders (``batch``): progress on stderr, failures listed at the end."""
    from .batch import expand, parse_workers, run_many, summary_json, summary_path, write_summary

    workers = parse_workers(workers_text)
    books = expand(paths)
    target = summary_path(paths, summary, force=force, output_dir=output_dir)
    with progress_line(f"{len(books)} werkmappen") as bar:
        failed_so_far = [0]

        def progress(done: int, total: int, outcome: Any) -> None:
            failed_so_far[0] += not outcome.ok
            bar(f"{failed_so_far[0]} met fouten" if failed_so_far[0] else "rekenen", done / total)

        outcomes = run_many(books, output_dir=output_dir, force=force, sensitivity=sensitivity, workers=workers,
                            progress=progress, uncertainty=uncertainty)
    write_summary(target, outcomes, overwrite=force)
    failed = [o for o in outcomes if not o.ok]
    if as_json:
        emit(as_json_text(summary_json(outcomes)))
    for outcome in failed:
        emit("\n".join([f"{outcome.bestand}: niet gerekend", *(f"  - {line}" for line in outcome.meldingen)]),
             err=True)
    if not as_json:
        done(f"{len(outcomes) - len(failed)} van {len(outcomes)} werkmappen gerekend; samenvatting: {target}.",
              target)
    if failed:
        sys.exit(2)


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


for command in ANALYSIS_COMMANDS:
    cli.add_command(command)
