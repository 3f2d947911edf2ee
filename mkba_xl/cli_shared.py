"""What every command of the command line shares: its options, the ``-o`` check, the mapping of errors to exit
codes, and the last line it prints.

Every option means the same in every command: ``-o`` names the file (``.xlsx``; ``rapport``: ``.docx``),
``--force`` is the only way to overwrite it, ``--json`` prints the result as JSON *and* writes the file. Nothing
heavy is imported here (``mkba-xl --help`` starts fast); the library is imported inside the functions.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

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


def done(line: str, written: Path) -> None:
    """The last line of a command that wrote ``written``: if it cannot be printed, say that the file is there."""
    try:
        emit(line)
    except StdoutFailed as exc:
        raise StdoutFailed(exc.cause, written) from exc


def finish(as_json: bool, data: Callable[[], Any], line: str, written: Path, report: Any = None) -> None:
    """The end of a command that wrote ``written``: the closing line, or with ``--json`` only the JSON (standard
    output holds nothing else; the JSON does not depend on where the file went, so it stays comparable), with the
    input's warnings of ``report`` under "waarschuwingen" (``warn`` does not print them then)."""
    if not as_json:
        done(line, written)
        return
    result = data()
    if report is not None and isinstance(result, dict):
        result = {**result, "waarschuwingen": [p.as_text() for p in report.warnings]
                  + list(result.get("waarschuwingen", []))}
    done(as_json_text(result), written)


def warn(report: Any, as_json: bool = False) -> None:
    """The input's warnings on standard error (not with ``--json``: then the command prints only its JSON)."""
    if report.warnings and not as_json:
        emit(report.as_text(), err=True)
