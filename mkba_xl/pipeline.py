"""The main jobs as library calls: check, run, the sensitivity and the dossier analysis of a workbook.

Each reads the workbook once with the strict reader, computes with the pure engine and writes
its output atomically; bad input raises ``InputError`` and nothing is written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engine import Result
from .errors import InputError, OutputError, Problem, Report, exists_error

if TYPE_CHECKING:
    from .analyses.dossier_job import DossierResult
    from .analyses.gevoeligheid import Analysis
    from .analyses.meerjarig import Meerjarig
    from .analyses.onzekerheid import Progress, Uncertainty
    from .analyses.variations import Variation
    from .analyses.vergelijk import Comparison
    from .invoer import Invoer
    from .kengetallen import Kengetallen
    from .migrate import TakeOver


def default_output_path(input_path: Path, suffix: str = "uitvoer", extension: str = ".xlsx") -> Path:
    """``<name>-uitvoer.xlsx`` (or another suffix or extension) beside the input.

    An output run again gets the next number instead of a second suffix, and never its own name (the input is
    never written over): ``x-uitvoer.xlsx`` gives ``x-uitvoer-2.xlsx``, that one ``x-uitvoer-3.xlsx``."""
    input_path = Path(input_path)
    again = re.fullmatch(rf"(.+)-{re.escape(suffix)}(?:-(\d+))?", input_path.stem, re.IGNORECASE)
    if again is None:
        return input_path.with_name(f"{input_path.stem}-{suffix}{extension}")
    number = int(again[2] or 1) + 1
    return input_path.with_name(f"{input_path.stem[:again.end(1)]}-{suffix}-{number}{extension}")


def fingerprint(path: Path) -> str:
    """Short SHA-256 of the input file, shown on UITVOER so a printout can be traced to its input."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def check_output_path(input_path: Path, output_path: Path, *, force: bool) -> None:
    """Refuse, in Dutch, to write over the input or (without --force) over an existing file; also a folder, a
    name too long for the file system or a folder that does not exist. The write itself checks again at the
    moment it publishes the file (``xlsx.book.publish``), so a file made meanwhile is not overwritten either."""
    from .xlsx.book import check_target

    output_path = Path(output_path)
    check_target(output_path)
    if _same_file(Path(input_path), output_path):
        raise OutputError("Het uitvoerbestand mag niet hetzelfde zijn als het invoerbestand; "
                          "kies met -o een andere naam.", code="output-is-input")
    if output_path.exists() and not force:
        raise exists_error(output_path)
    if not output_path.parent.exists():
        raise OutputError(f"De map {output_path.parent} bestaat niet.", code="folder-missing")


def _same_file(a: Path, b: Path) -> bool:
    """The same file, also through a link or another spelling of its path."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


@dataclass(frozen=True)
class Workbook:
    """A validated input workbook: INVOER, KENGETALLEN, the optional input sheets, all problems."""

    invoer: Invoer
    kengetallen: Kengetallen
    sheets: Mapping[str, Any]
    """The optional input sheets by ``InputSheetSpec.key`` (``variaties``: the user's own variations)."""
    report: Report

    @property
    def variations(self) -> list[Variation]:
        return list(self.sheets.get("variaties") or [])

    @property
    def meerjarig(self) -> Meerjarig | None:
        """The years of the MEERJARIG sheet (None or empty: one year of the approach)."""
        return self.sheets.get("meerjarig")

    def compute(self, *, explain: bool = True) -> Result:
        """The MKBA of this workbook: one year of the approach, or every year of MEERJARIG."""
        from .analyses.meerjarig import compute_result

        return compute_result(self.invoer, self.kengetallen, self.meerjarig, explain=explain)


def read(input_path: Path) -> Workbook:
    """Read INVOER, KENGETALLEN and the optional input sheets; all errors at once or InputError."""
    from .input_sheets import check_input_sheets, read_input_sheets
    from .reader import read_parts

    reading = read_parts(input_path)
    report, invoer, kengetallen = reading.report, reading.invoer, reading.kengetallen
    sheets: dict[str, Any] = {}
    if kengetallen is not None:  # the input sheets are read with the kengetallen, whatever INVOER's errors
        sheets, problems = read_input_sheets(reading.grids, kengetallen)
        report.extend(problems)
        if invoer is not None:  # the rows that were readable, against INVOER
            report.extend(check_input_sheets(sheets, invoer, kengetallen))
    if not report.ok or invoer is None or kengetallen is None:
        raise InputError(report)
    return Workbook(invoer, kengetallen, sheets, report)


def take_over_workbook(input_path: Path, output_path: Path | None, *, force: bool = False) -> tuple[TakeOver, Path]:
    """``mkba-xl template --van``: the input of an older or shifted workbook in a new current template
    (``migrate``); the new workbook's path (default ``<name>-nieuw.xlsx``). A refused file raises InputError."""
    from .errors import Refusal
    from .migrate import EXTRA_ROWS, plan_takeover, write_takeover
    from .reader import load_grids
    from .xlsx.load import open_book

    output_path = output_path or default_output_path(input_path, "nieuw")
    check_output_path(input_path, output_path, force=force)
    try:
        grids = load_grids(input_path, require_invoer=True, extra_rows=EXTRA_ROWS)
        with open_book(Path(input_path)) as book:
            names = book.sheet_names
        takeover = plan_takeover(grids, names)
    except Refusal as refusal:
        report = Report()
        problem = refusal.problem
        report.add(problem if problem.sheet else dataclasses.replace(problem, sheet=Path(input_path).name))
        raise InputError(report) from None
    write_takeover(output_path, takeover, overwrite=force)
    return takeover, output_path


def check(input_path: Path) -> Report:
    """Every problem of a workbook (all sheets), without computing; never raises InputError."""
    try:
        return read(input_path).report
    except InputError as exc:
        return exc.report


def run_workbook(input_path: Path, output_path: Path, *, force: bool = False, sensitivity: bool = False,
                 uncertainty: UncertaintyOptions | None = None,
                 before_commit: Callable[[Result, Report], Any] | None = None) -> tuple[Result, Report]:
    """Read ``input_path``, compute the MKBA and write the output workbook atomically.

    With ``sensitivity`` the output also holds the sensitivity analysis, with ``uncertainty`` the
    uncertainty analysis (``uncertainty_of`` gives it back). The optional input sheets (the user's
    GEVOELIGHEID, ONZEKERHEID, ...) are always carried over, so the output stays a complete input.
    ``before_commit`` gets the result when the workbook is complete but not yet in place: if it raises,
    nothing is written (the command line prints ``--json`` there). Raises ``InputError`` for a bad
    workbook and ``OutputError`` for an unusable output path; in both cases nothing is written.
    """
    from .input_sheets import add_input_sheets
    from .writer import write_uitvoer

    check_output_path(input_path, output_path, force=force)
    wb = read(input_path)
    result = wb.compute()
    analysis = _analyse(wb) if sensitivity else None
    uncertain = _uncertainty(wb, uncertainty) if uncertainty is not None else None

    def extra_sheets(workbook: Any, formats: Any) -> None:
        if analysis is not None:
            from .analyses.gevoeligheid_writer import add_gevoeligheid_sheet
            add_gevoeligheid_sheet(workbook, formats, analysis)
        if uncertain is not None:  # the analysis modules are imported only when their sheet is written
            from .analyses.onzekerheid_writer import add_onzekerheid_sheet
            add_onzekerheid_sheet(workbook, formats, uncertain)
        add_input_sheets(workbook, formats, wb.sheets)

    if uncertainty is not None:
        uncertainty.result = uncertain  # before the write: ``before_commit`` may print it
        uncertainty.report("schrijven", 0.95)
    write_uitvoer(output_path, result, wb.invoer, wb.kengetallen, fingerprint=_fingerprint(input_path),
                  input_warnings=[p.as_text() for p in wb.report.warnings], extra_sheets=extra_sheets,
                  overwrite=force, before_commit=None if before_commit is None else
                  (lambda: before_commit(result, wb.report)))
    if uncertainty is not None:
        uncertainty.report("klaar", 1.0)
    return result, wb.report


def _fingerprint(input_path: Path) -> str:
    """``fingerprint``, or the reader's refusal when the input cannot be read again (removed meanwhile)."""
    try:
        return fingerprint(input_path)
    except OSError as exc:
        report = Report()
        report.error(Path(input_path).name, "", "", "Het invoerbestand kon niet opnieuw worden gelezen (verwijderd, "
                     "verplaatst of in gebruik tijdens het rekenen). Probeer het opnieuw.", code="file-unreadable")
        raise InputError(report) from exc


def _analyse(wb: Workbook) -> Analysis:
    from .analyses.gevoeligheid import analyse

    _one_year_only(wb, "De gevoeligheidsanalyse")
    return analyse(wb.invoer, wb.kengetallen, extra=wb.variations)


def _one_year_only(wb: Workbook, analysis: str) -> None:
    """Warn that an analysis of INVOER leaves out the years of MEERJARIG (it computes one year of the approach)."""
    from .schema import MEERJARIG_SHEET

    if wb.meerjarig is not None and not wb.meerjarig.empty:
        wb.report.warn(MEERJARIG_SHEET, "", "", f"{analysis} rekent met één jaar aanpak (het blad INVOER), niet met "
                       f"de jaren op het blad {MEERJARIG_SHEET}; UITVOER toont wel alle jaren.",
                       code="one-year-analysis")


def sensitivity_workbook(input_path: Path, output_path: Path | None, *,
                         force: bool = False) -> tuple[Analysis, Report]:
    """The standard and the user's variations, switching values; written to ``output_path`` if given."""
    from .analyses.gevoeligheid_writer import write_gevoeligheid

    if output_path is not None:
        check_output_path(input_path, output_path, force=force)
    wb = read(input_path)
    analysis = _analyse(wb)
    if output_path is not None:
        write_gevoeligheid(output_path, analysis, overwrite=force)
    return analysis, wb.report


@dataclass
class UncertaintyOptions:
    """How to run the uncertainty analysis: draws, seed and a progress callback; ``result`` is filled in."""

    draws: int | None = None
    seed: int | None = None
    progress: Progress | None = None
    result: Uncertainty | None = None

    def report(self, stage: str, done: float) -> None:
        if self.progress is not None:
            self.progress(stage, done)


def uncertainty_options(draws: str | None, seed: str | None, progress: Progress | None = None) -> UncertaintyOptions:
    """The options as typed (``--trekkingen 10.000 --zaad 7``), or ``OptionError`` saying in Dutch what to type."""
    from .analyses.onzekerheid import MAX_DRAWS, MIN_DRAWS
    from .convert import parse_number
    from .dutch import plain
    from .errors import OptionError
    from .schema import NUMBER

    def whole(text: str | None, name: str, lo: int, hi: int | None) -> int | None:
        if text is None:
            return None
        parsed = parse_number(text, NUMBER)
        if parsed is None or parsed[1] or parsed[0] != parsed[0].to_integral_value() or parsed[0] < lo or (
                hi is not None and parsed[0] > hi):
            span = f"van {plain(lo)} tot en met {plain(hi)}" if hi is not None else f"van minstens {plain(lo)}"
            raise OptionError(f"{name} {text}: typ een geheel getal {span}, bijvoorbeeld {name} "
                              f"{plain(10_000 if hi else 2014)}.")
        return int(parsed[0])

    return UncertaintyOptions(whole(draws, "--trekkingen", MIN_DRAWS, MAX_DRAWS), whole(seed, "--zaad", 0, None),
                              progress)


def _uncertainty(wb: Workbook, options: UncertaintyOptions) -> Uncertainty:
    from .analyses.onzekerheid import DEFAULT_DRAWS, DEFAULT_SEED, analyse

    _one_year_only(wb, "De onzekerheidsanalyse")
    return analyse(wb.invoer, wb.kengetallen, wb.sheets.get("onzekerheid"),
                   draws=DEFAULT_DRAWS if options.draws is None else options.draws,
                   seed=DEFAULT_SEED if options.seed is None else options.seed, progress=options.progress)


def uncertainty_workbook(input_path: Path, output_path: Path | None, *, force: bool = False,
                         options: UncertaintyOptions | None = None) -> tuple[Uncertainty, Report]:
    """The uncertainty analysis of a workbook (ONZEKERHEID or the standard set); written to ``output_path``
    if given (a workbook with the result sheet only, like the sensitivity analysis)."""
    from .analyses.onzekerheid_writer import write_onzekerheid

    options = options or UncertaintyOptions()
    if output_path is not None:
        check_output_path(input_path, output_path, force=force)
    options.report("lezen", 0.0)
    wb = read(input_path)
    uncertain = _uncertainty(wb, options)
    if output_path is not None:
        options.report("schrijven", 0.95)
        write_onzekerheid(output_path, uncertain, overwrite=force)
    options.result = uncertain
    options.report("klaar", 1.0)
    return uncertain, wb.report


def dossier_workbook(input_path: Path, output_path: Path | None, *, force: bool = False,
                     take_over: bool = False) -> DossierResult:
    """The dossier analysis of the DOSSIERS sheet; written to ``output_path`` if given: the result sheet, or with
    ``take_over`` a new input workbook whose INVOER holds the derived values and whose ONZEKERHEID sheet the
    intervals of the effects.

    Works on an unfinished INVOER too (the analysis then says what it cannot do without it). Raises ``InputError``
    when the DOSSIERS sheet is missing, empty or has errors, and ``OutputError`` for an unusable output path.
    """
    from .analyses.dossier_job import run
    from .analyses.dossier_result import write_dossier_result, write_takeover
    from .analyses.dossier_takeover import typed_cells
    from .input_sheets import read_input_sheets
    from .kengetallen_reader import read_kengetallen
    from .reader import read_unfinished
    from .schema import DOSSIERS_SHEET, INVOER_SHEET, KENGETALLEN_SHEET

    if output_path is not None:
        check_output_path(input_path, output_path, force=force)
    report, result, grids = read_unfinished(input_path)
    kengetallen_report = Report()
    kengetallen = result[1] if result else read_kengetallen(grids.get(KENGETALLEN_SHEET), kengetallen_report)
    sheets, problems = read_input_sheets(grids, kengetallen)
    if DOSSIERS_SHEET not in grids or sheets.get("dossiers") is None:
        problems.add(_no_dossiers(DOSSIERS_SHEET in grids))
    if not problems.ok:
        raise InputError(problems)
    if take_over and not kengetallen_report.ok:
        raise InputError(kengetallen_report)
    dossiers = run(sheets["dossiers"], result[0] if result else None, kengetallen, sheet_report=problems,
                   invoer_errors=len(report.errors), raw=typed_cells(grids[INVOER_SHEET]) if take_over else None,
                   uncertainty=sheets.get("onzekerheid"))
    if output_path is not None and take_over:
        write_takeover(output_path, dossiers, kengetallen, sheets, overwrite=force)
    elif output_path is not None:
        write_dossier_result(output_path, dossiers, overwrite=force)
    return dossiers


def _no_dossiers(has_sheet: bool) -> Problem:
    from .schema import DOSSIERS_HEADER_ROW, DOSSIERS_SHEET

    if has_sheet:
        return Problem(DOSSIERS_SHEET, "", "", f"Het blad {DOSSIERS_SHEET} bevat geen dossiers: onder de kopregel "
                       f"(regel {DOSSIERS_HEADER_ROW} in het sjabloon) staat geen ingevulde regel. Vul per huishouden "
                       "één regel in, met ten minste een dossiernummer; een voorbeeld staat in "
                       "sample_workbooks/dossiers_voorbeeld.xlsx.", code="no-dossiers")
    return Problem(DOSSIERS_SHEET, "", "", f"Het werkboek heeft geen blad {DOSSIERS_SHEET}. Maak een nieuw sjabloon "
                   f"met mkba-xl template (daarin staat het blad {DOSSIERS_SHEET}) en zet daar de dossiers in, één "
                   "regel per huishouden.", code="dossier-sheet-missing")


def compare_workbooks(input_paths: Sequence[Path], output_path: Path | None, *,
                      force: bool = False) -> tuple[Comparison, Report]:
    """Scenarios side by side: every workbook read and computed as ``run_workbook`` does, compared with the first;
    written to ``output_path`` if given. The problems of every workbook are reported together (the sheet named
    with its file), so one round fixes them all; a bad workbook raises ``InputError`` and nothing is written."""
    from .analyses.vergelijk import Scenario, compare
    from .analyses.vergelijk_writer import write_comparison

    if len(input_paths) < 2:
        raise OutputError("Vergelijk minstens twee werkmappen, bijvoorbeeld: mkba-xl vergelijk nu.xlsx potentie.xlsx",
                          code="too-few-workbooks")
    if output_path is not None:
        for path in input_paths:
            check_output_path(path, output_path, force=force)
    report, scenarios = Report(), []
    names = _scenario_names(input_paths)
    for path, name in zip(input_paths, names):
        try:
            wb = read(Path(path))
        except InputError as exc:
            report.extend(_in_file(exc.report, Path(path)))
            continue
        report.extend(_in_file(Report(warnings=list(wb.report.warnings)), Path(path)))
        scenarios.append(Scenario(name, str(path), wb.invoer, wb.kengetallen, wb.meerjarig, wb.compute()))
    if not report.ok:
        raise InputError(report)
    comparison = compare(scenarios)
    if output_path is not None:
        write_comparison(output_path, comparison, overwrite=force)
    return comparison, report


def _scenario_names(paths: Sequence[Path]) -> list[str]:
    """The file names without extension; a name that occurs more than once gets a number ('a (1)', 'a (2)')."""
    stems = [Path(p).stem for p in paths]
    seen: dict[str, int] = {}
    names = []
    for stem in stems:
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if stems.count(stem) == 1 else f"{stem} ({seen[stem]})")
    return names


def _in_file(report: Report, path: Path) -> Report:
    """The report with each problem's sheet prefixed by the file it is in (several workbooks in one report)."""
    import dataclasses

    out = Report()
    for problem in [*report.errors, *report.warnings]:
        sheet = problem.sheet if problem.sheet.startswith(path.name) else f"{path.name}: {problem.sheet}"
        out.add(dataclasses.replace(problem, sheet=sheet))
    return out
ONE_YEAR_NOTE = ("Dit memo beschrijft één jaar aanpak (het blad INVOER). De jaren op het blad MEERJARIG staan in het "
                 "uitvoerbestand van mkba-xl run (blad Per kalenderjaar).")
"""Said in the memo of a workbook with several years of the approach."""


@dataclass(frozen=True)
class RapportFiles:
    """What ``rapport_workbook`` wrote, and why there is no PDF when one was asked for and none was made."""

    written: tuple[Path, ...]
    memo: Any
    report: Report
    no_pdf: str = ""


def rapport_workbook(input_path: Path, output_path: Path, *, force: bool = False, pdf: bool = False,
                     charts_dir: Path | None = None, options: UncertaintyOptions | None = None) -> RapportFiles:
    """The council memo (``mkba_xl.rapport``) of a workbook: a Word document, with ``pdf`` also its PDF (where
    LibreOffice is installed; otherwise ``no_pdf`` says why there is none), with ``charts_dir`` its charts as PNG
    files. Reads and computes as ``run_workbook`` (with the sensitivity and the uncertainty analysis); every file
    is checked before anything is computed and all are written at the end, atomically.
    """
    from .analyses.onzekerheid_model import plan
    from .engine import compute
    from .libreoffice import ConversionError
    from .rapport.job import make, to_pdf
    from .rapport.output import write_files
    from .rapport.pictures import CHARTS

    options = options or UncertaintyOptions()
    targets = [output_path, *([output_path.with_suffix(".pdf")] if pdf else [])]
    pictures = {name: Path(charts_dir) / f"{name}.png" for name, _ in CHARTS} if charts_dir is not None else {}
    for target in targets:
        check_output_path(input_path, target, force=force)
    if charts_dir is not None:
        _check_folder(Path(charts_dir))
        for target in pictures.values() if Path(charts_dir).is_dir() else ():
            check_output_path(input_path, target, force=force)
    options.report("lezen", 0.0)
    wb = read(input_path)
    _one_year_only(wb, "Het raadsmemo")
    result = compute(wb.invoer, wb.kengetallen)  # one year of the approach, as the analyses
    analysis = _analyse(wb)
    uncertain = _uncertainty(wb, options)
    assumptions = plan(wb.sheets.get("onzekerheid"), wb.invoer, wb.kengetallen).assumptions
    options.report("schrijven", 0.95)
    several = wb.meerjarig is not None and not wb.meerjarig.empty
    memo = make(result, wb.invoer, wb.kengetallen, analysis, uncertain, assumptions, fingerprint(input_path),
                note=ONE_YEAR_NOTE if several else "")
    files: dict[Path, bytes] = {output_path: memo.docx}
    no_pdf = ""
    if pdf:
        try:
            files[targets[1]] = to_pdf(memo.docx, output_path.stem)
        except ConversionError as exc:
            no_pdf = f"Geen PDF gemaakt: {exc}. Het Word-document staat er wel; maak de PDF eventueel met Word " \
                     "(Opslaan als, PDF)."
    if charts_dir is not None:
        _make_folder(Path(charts_dir))
        files.update({path: memo.pictures[name] for name, path in pictures.items()})
    write_files(files, overwrite=force)
    options.report("klaar", 1.0)
    return RapportFiles(tuple(files), memo, wb.report, no_pdf)


def _check_folder(folder: Path) -> None:
    """The folder for the charts: an existing folder, or a new one in an existing folder."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is een bestand, geen map; kies met --grafieken een map.")
    if not folder.parent.exists():
        raise OutputError(f"De map {folder.parent} bestaat niet.", code="folder-missing")


def _make_folder(folder: Path) -> None:
    """The folder for the charts (``_check_folder`` has checked where)."""
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        from .xlsx.book import why_not_written

        raise OutputError(f"De map {folder} kan niet worden gemaakt: {why_not_written(exc)}.") from exc
