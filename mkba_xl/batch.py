"""Many workbooks at once (``mkba-xl run map/`` or ``mkba-xl run a.xlsx b.xlsx ...``).

Each workbook is run exactly as one file is (``pipeline.run_workbook``: read, compute, write atomically beside it or
in the chosen folder); one bad workbook does not stop the others: its problems are kept in its ``Outcome``. The
work is spread over the machine's cores (worker processes). The library never prints: a progress callback hears
of every finished workbook. ``write_summary`` writes the summary table (one row per workbook: gemeente, saldo,
ratios, status) as an xlsx; ``summary_json`` gives it as JSON. pandas (imported lazily) holds the table.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pipeline import UncertaintyOptions

__all__ = ["MAX_WORKERS", "OUTPUT_SUFFIXES", "SUMMARY_NAME", "Outcome", "expand", "is_result_workbook",
           "parse_workers", "run_many",
           "running", "summary_json", "summary_path", "write_summary"]

SUMMARY_NAME = "samenvatting-mkba.xlsx"
"""The summary workbook's default name, in the folder of the (first) input."""
OUTPUT_SUFFIXES = ("-uitvoer", "-gevoeligheid", "-vergelijking", "-onzekerheid", "-dossieranalyse")
"""Files of a folder with these endings (or these and a number: ``x-uitvoer-2``, an output run again) are outputs
of mkba-xl and are not run again (a take-over, ``-dossiers-overgenomen``, is a new input and is run)."""
_OUTPUT_STEM = re.compile("|".join(f".*{re.escape(s)}(?:-\\d+)?" for s in OUTPUT_SUFFIXES), re.IGNORECASE)
OK, FAILED = "in orde", "fout"
Progress = Callable[[int, int, "Outcome"], None]
"""(done, total, outcome of the workbook just finished)."""


@dataclass(frozen=True)
class Outcome:
    """What became of one workbook: its output, the key figures, or why it failed (Dutch texts)."""

    bestand: str
    status: str
    uitvoer: str = ""
    gemeente: str = ""
    aanpak: str = ""
    jaren: int = 0
    kosten: float | None = None
    baten: float | None = None
    saldo: float | None = None
    kb_financieel: float | None = None
    kb_maatschappelijk: float | None = None
    meldingen: tuple[str, ...] = field(default_factory=tuple)
    """The errors (a failed workbook) or the warnings (a workbook in order), each as 'sheet!cell: message'."""

    @property
    def ok(self) -> bool:
        return self.status == OK


def expand(paths: Iterable[Path], summary_name: str = SUMMARY_NAME) -> list[Path]:
    """The workbooks to run: the files given, and the ``.xlsx`` files of every folder given (in name order),
    leaving out Excel's lock files (``~$...``), hidden files, outputs of mkba-xl and the summary itself: by their
    name, and by their content when saved under another name (``is_result_workbook``)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            out.append(path)
            continue
        for child in sorted(path.iterdir()):
            name = child.name
            if (child.suffix.lower() == ".xlsx" and child.is_file() and not name.startswith(("~$", "."))
                    and not _OUTPUT_STEM.fullmatch(child.stem) and name != summary_name
                    and not is_result_workbook(child)):
                out.append(child)
    return out


_CORE_PART = "docProps/core.xml"
_MAX_CORE_BYTES = 64 * 1024


def is_result_workbook(path: Path) -> bool:
    """Did mkba-xl write this workbook as a result without INVOER (a sensitivity, uncertainty, comparison, dossier
    analysis or summary workbook), so that it is no input, whatever its name? Judged by its document author (which
    Excel and LibreOffice keep when they save) and its sheets; a file that cannot be judged is an input, and the
    run says what is wrong with it."""
    import zipfile

    from .schema import INVOER_SHEET
    from .sheets import sheet_key
    from .xlsx.book import DOCUMENT_AUTHOR
    from .xlsx.load import open_book

    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.getinfo(_CORE_PART)
            if core.file_size > _MAX_CORE_BYTES or f">{DOCUMENT_AUTHOR}</".encode() not in zf.read(core):
                return False
        with open_book(path) as book:
            return all(sheet_key(name) != INVOER_SHEET for name in book.sheet_names)
    except Exception:  # noqa: BLE001 - not judged: run it, and the reader names its problem
        return False


MAX_WORKERS = 64


def parse_workers(text: str | None) -> int | None:
    """``--processen`` as typed: a whole number of 1 to 64, or (None) the machine's cores; Dutch ``OptionError``."""
    from .errors import OptionError

    if text is None:
        return None
    number = text.strip()
    if not number.isdigit() or not 1 <= int(number) <= MAX_WORKERS:
        raise OptionError(f"--processen {text}: typ een geheel getal van 1 tot en met {MAX_WORKERS}, bijvoorbeeld "
                          "--processen 2.")
    return int(number)


def summary_path(paths: Sequence[Path], chosen: Path | None, *, force: bool, output_dir: Path | None = None) -> Path:
    """Where the summary goes: ``chosen``, else ``samenvatting-mkba.xlsx`` in the output folder, the (first) folder
    given or the folder of the first file. Refused before any workbook runs: no workbook given, a missing folder, an
    existing summary without --force (Dutch ``OutputError``)."""
    from .errors import OutputError, exists_error

    if not paths:
        raise OutputError("Geef een of meer werkmappen of een map, bijvoorbeeld: mkba-xl run invoer.xlsx of mkba-xl "
                          "run map/", code="file-missing")
    if output_dir is not None and not output_dir.is_dir():
        what = "is een bestand, geen map" if output_dir.exists() else "bestaat niet"
        raise OutputError(f"De map {output_dir} {what}; kies met --uitvoermap een map.", code="folder-missing")
    first = Path(paths[0])
    target = chosen or (output_dir or (first if first.is_dir() else first.parent)) / SUMMARY_NAME
    if target.exists() and not force:
        raise exists_error(target)
    if not target.parent.exists():
        raise OutputError(f"De map {target.parent} bestaat niet.", code="folder-missing")
    return target


def _target(path: Path, output_dir: Path | None) -> Path:
    from .pipeline import default_output_path

    target = default_output_path(path)
    return output_dir / target.name if output_dir is not None else target


def run_one(path: Path, output_dir: Path | None = None, force: bool = False, sensitivity: bool = False,
            uncertainty: UncertaintyOptions | None = None) -> Outcome:
    """Run one workbook as ``mkba-xl run`` does; every failure becomes the outcome's ``meldingen`` (never raised)."""
    from .errors import InputError, MkbaError
    from .pipeline import run_workbook

    target = _target(path, output_dir)
    if uncertainty is not None:  # each workbook its own options (the analysis puts its result in them)
        uncertainty = dataclasses.replace(uncertainty, result=None)
    try:
        result, report = run_workbook(path, target, force=force, sensitivity=sensitivity, uncertainty=uncertainty)
    except InputError as exc:
        problems = [*exc.report.errors, *exc.report.warnings]
        return Outcome(str(path), FAILED, meldingen=tuple(p.as_text() for p in problems))
    except MkbaError as exc:
        return Outcome(str(path), FAILED, meldingen=(str(exc),))
    except Exception as exc:  # noqa: BLE001 - one workbook's internal error must not stop the others
        return Outcome(str(path), FAILED, meldingen=(f"Interne fout in mkba-xl ({type(exc).__name__}: {exc}). Dit is "
                                                     "niet uw schuld; meld het met dit invoerbestand.",))
    meta = result.meta
    return Outcome(str(path), OK, str(target), str(meta.get("gemeente", "")), str(meta.get("aanpak", "")),
                   len(result.timeline.years) if result.timeline is not None else 1,
                   _number(result.total("kosten")), _number(result.total("baten")), _number(result.saldo),
                   _number(result.kb_financieel), _number(result.kb_maatschappelijk),
                   tuple(p.as_text() for p in report.warnings))


def _number(x: Any) -> float | None:
    v = float(x)
    return v if math.isfinite(v) else None


def _warm_up() -> None:
    """Import what every run needs once per worker process, not once per workbook."""
    from . import pipeline, reader, writer  # noqa: F401
    from .analyses import meerjarig  # noqa: F401


_runs = 0
"""How many ``run_many`` calls are running in this process (``running``)."""


def running() -> bool:
    """Is ``run_many`` running in this process? Then a signal's line says that the finished workbooks were written
    (``entry``): counting the live workers cannot tell, as a Ctrl-C reaches them too and they may have ended first."""
    return _runs > 0


def run_many(paths: Sequence[Path], *, output_dir: Path | None = None, force: bool = False,
             sensitivity: bool = False, workers: int | None = None, progress: Progress | None = None,
             uncertainty: UncertaintyOptions | None = None) -> list[Outcome]:
    """Run every workbook (``expand`` them first), on ``workers`` processes (default: the machine's cores); the
    outcomes in the order of ``paths``. ``progress`` is called in this process after each workbook; ``uncertainty``
    (its draws and seed; no progress of its own) adds the uncertainty analysis to every output."""
    total = len(paths)
    workers = max(1, min(workers or os.cpu_count() or 1, total))
    outcomes: dict[int, Outcome] = {}

    def finished(i: int, outcome: Outcome) -> None:
        outcomes[i] = outcome
        if progress is not None:
            progress(len(outcomes), total, outcome)

    global _runs
    _runs += 1
    try:
        if workers == 1:
            for i, path in enumerate(paths):
                finished(i, run_one(Path(path), output_dir, force, sensitivity, uncertainty))
        else:
            _warm_up()
            with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up) as pool:
                futures = {pool.submit(run_one, Path(path), output_dir, force, sensitivity, uncertainty): i
                           for i, path in enumerate(paths)}
                for future in as_completed(futures):
                    finished(futures[future], future.result())
    finally:
        _runs -= 1
    return [outcomes[i] for i in range(total)]


# ---------------------------------------------------------------------------------------------
# The summary table
# ---------------------------------------------------------------------------------------------

_COLUMNS = (("bestand", "Bestand", 40), ("gemeente", "Gemeente", 22), ("aanpak", "Aanpak", 30),
            ("jaren", "Jaren aanpak", 9), ("kosten", "Kosten (NCW)", 15), ("baten", "Baten (NCW)", 15),
            ("saldo", "Saldo (NCW)", 15), ("kb_financieel", "Financieel K-B", 11),
            ("kb_maatschappelijk", "Maatschappelijk K-B", 13), ("status", "Status", 9),
            ("uitvoer", "Uitvoerbestand", 40), ("meldingen", "Fouten of waarschuwingen", 90))


def _frame(outcomes: Sequence[Outcome]) -> Any:
    import pandas as pd  # type: ignore[import-untyped]  # no stubs installed; lazily imported (the CLI stays fast)

    records = [{**asdict(o), "meldingen": "\n".join(o.meldingen)} for o in outcomes]
    return pd.DataFrame.from_records(records, columns=[key for key, _, _ in _COLUMNS])


def summary_json(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """The summary as JSON: one object per workbook and the counts."""
    frame = _frame(outcomes)
    counts = frame["status"].value_counts()
    rows = [{key: (None if isinstance(v, float) and math.isnan(v) else v) for key, v in row.items()}
            for row in frame.drop(columns="meldingen").to_dict(orient="records")]
    for row, outcome in zip(rows, outcomes):
        row["meldingen"] = list(outcome.meldingen)
    return {"werkmappen": rows, "in_orde": int(counts.get(OK, 0)), "fout": int(counts.get(FAILED, 0))}


def write_summary(path: str | os.PathLike[str], outcomes: Sequence[Outcome], *, overwrite: bool = True) -> None:
    """The summary workbook (sheet SAMENVATTING), written atomically like every workbook."""
    from .xlsx.book import write_atomically
    from .xlsx.cells import write_number_or_text, write_text
    from .xlsx.styles import EURO_AMOUNT, HEADER_BLUE, RATIO, RULE_GREY, Formats

    frame = _frame(outcomes)
    ok = frame[frame["status"] == OK]

    def build(workbook: Any, formats: Formats) -> None:
        ws = workbook.add_worksheet("SAMENVATTING")
        g = formats.get
        header = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True, valign="top")
        number = {"kosten": g(num_format=EURO_AMOUNT), "baten": g(num_format=EURO_AMOUNT),
                  "saldo": g(num_format=EURO_AMOUNT), "kb_financieel": g(num_format=RATIO),
                  "kb_maatschappelijk": g(num_format=RATIO), "jaren": g(num_format="0")}
        wrap = g(text_wrap=True, valign="top")
        write_text(ws, 0, 0, "Samenvatting: één regel per werkmap", formats.title)
        write_text(ws, 1, 0, f"{len(ok)} van {len(frame)} werkmappen in orde, {len(frame) - len(ok)} met fouten; "
                             "bedragen zijn netto contante waarden, elk in het prijspeil van de eigen werkmap.",
                   formats.note)
        for col, (_, label, width) in enumerate(_COLUMNS):
            ws.set_column(col, col, width)
            write_text(ws, 3, col, label, header)
        for r, row in enumerate(frame.itertuples(index=False), start=4):
            for col, (key, _, _) in enumerate(_COLUMNS):
                value = getattr(row, key)
                if key in number:
                    write_number_or_text(ws, r, col, None if value is None or value != value else float(value),
                                         number[key], "-")
                else:
                    write_text(ws, r, col, value, wrap)
        ws.freeze_panes(4, 1)
        ws.autofilter(3, 0, 3 + max(len(frame), 1), len(_COLUMNS) - 1)

    write_atomically(path, build, overwrite=overwrite)
