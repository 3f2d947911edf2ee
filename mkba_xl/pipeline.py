"""The main job as one library call: read a workbook, compute, write the output workbook safely."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .engine import Result, compute
from .errors import OutputError, Report


def default_output_path(input_path: Path) -> Path:
    """``<name>-uitvoer.xlsx`` beside the input."""
    input_path = Path(input_path)
    return input_path.with_name(f"{input_path.stem}-uitvoer.xlsx")


def fingerprint(path: Path) -> str:
    """Short SHA-256 of the input file, shown on UITVOER so a printout can be traced to its input."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def check_output_path(input_path: Path, output_path: Path, *, force: bool) -> None:
    """Refuse, in Dutch, to write over the input or (without --force) over an existing file."""
    if Path(output_path).resolve() == Path(input_path).resolve():
        raise OutputError("Het uitvoerbestand mag niet hetzelfde zijn als het invoerbestand; "
                          "kies met -o een andere naam.")
    if Path(output_path).exists() and not force:
        raise OutputError(f"{output_path} bestaat al. Gebruik --force om het te overschrijven of kies met -o "
                          "een andere naam.")
    if not Path(output_path).parent.exists():
        raise OutputError(f"De map {Path(output_path).parent} bestaat niet.")


def run_workbook(input_path: Path, output_path: Path, *, force: bool = False) -> tuple[Result, Report]:
    """Read ``input_path``, compute the MKBA and write the output workbook atomically.

    Raises ``InputError`` for a bad workbook and ``OutputError`` for an unusable output path; in
    both cases nothing is written.
    """
    from .reader import read_workbook
    from .writer import write_uitvoer

    check_output_path(input_path, output_path, force=force)
    invoer, kengetallen, report = read_workbook(input_path)
    result = compute(invoer, kengetallen)
    write_uitvoer(output_path, result, invoer, kengetallen, fingerprint=fingerprint(input_path),
                  input_warnings=[p.as_text() for p in report.warnings])
    return result, report
