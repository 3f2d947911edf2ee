"""Writing a workbook: the same input gives the same bytes, and a file is complete or not there at all.

Output is deterministic: fixed document properties, XlsxWriter's file mode (not ``in_memory``, whose
zip entries differ) and a fixed order of format creation (``styles.Formats``). Every workbook of the
project (template, output, sensitivity results, samples) is built through ``write_atomically``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.workbook import Workbook

from ..errors import OutputError
from .styles import Formats

DOCUMENT_TITLE = "MKBA sociale (wijk)teams"
DOCUMENT_AUTHOR = "mkba-xl"
FIXED_CREATED = datetime(2013, 1, 1)
"""Creation date written in every workbook: a real timestamp would make each file's bytes unique."""


def workbook_options() -> dict[str, Any]:
    """XlsxWriter options for every workbook this project writes.

    No string is ever turned into a formula, link or number (user text such as '=1+1' or '007'
    stays text), and file mode is pinned because ``in_memory`` gives other (stable) bytes.
    """
    return {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "in_memory": False,
    }


def set_fixed_properties(workbook: Workbook) -> None:
    """Fixed document properties, so the same input gives a byte-identical file."""
    workbook.set_properties({
        "title": DOCUMENT_TITLE,
        "author": DOCUMENT_AUTHOR,
        "created": FIXED_CREATED,
    })


def write_atomically(path: str | os.PathLike[str], build: Callable[[Workbook, Formats], Any]) -> None:
    """Write a workbook made by ``build`` to ``path`` as a complete file or not at all.

    The workbook is built in a temporary file in the target folder (same file system, so the final
    ``os.replace`` is atomic), with the fixed document properties that make the bytes reproducible.
    On any failure, an interruption included, the temporary file is removed and an existing target
    is left as it was. Raises ``OutputError`` (Dutch) when the file cannot be written.
    """
    target = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".xlsx.tmp")
    except OSError as exc:
        raise OutputError(f"In de map {target.parent} kan niet worden geschreven: {why_not_written(exc)}.") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        workbook = xlsxwriter.Workbook(str(tmp), workbook_options())
        set_fixed_properties(workbook)
        build(workbook, Formats(workbook))
        try:
            workbook.close()
        except (OSError, XlsxWriterException) as exc:
            raise OutputError(f"Het bestand '{target}' kan niet worden geschreven: {why_not_written(exc)}.") from exc
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp creates 0600; give the usual permissions
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(f"Het bestand '{target}' kan niet worden vervangen (is het geopend in Excel?): "
                              f"{why_not_written(exc)}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def why_not_written(exc: BaseException) -> str:
    """A Dutch reason for a failed write (the OS message is English)."""
    cause = exc.__context__ if isinstance(exc, XlsxWriterException) and exc.__context__ else exc
    if isinstance(cause, FileNotFoundError):
        return "de map bestaat niet"
    if isinstance(cause, PermissionError):
        return "geen schrijfrechten, of het bestand is geopend in Excel"
    if isinstance(cause, IsADirectoryError):
        return "dit is een map"
    return f"fout van het systeem ({cause})"
