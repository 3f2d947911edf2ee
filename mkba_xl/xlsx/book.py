"""Writing a workbook: the same input gives the same bytes, and a file is complete or not there at all.

Output is deterministic: fixed document properties, XlsxWriter's file mode (not ``in_memory``, whose
zip entries differ) and a fixed order of format creation (``styles.Formats``). Every workbook of the
project (template, output, sensitivity results, samples) is built through ``write_atomically``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.workbook import Workbook

from ..errors import OutputError, exists_error
from .styles import Formats
from .tempfiles import WORKBOOK, discard, new_folder, remove_stale
from .worksheet import Workbook as FastFormulaWorkbook

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


def write_atomically(path: str | os.PathLike[str], build: Callable[[Workbook, Formats], Any], *,
                     overwrite: bool = True, before_commit: Callable[[], Any] | None = None) -> None:
    """Write a workbook made by ``build`` to ``path`` as a complete file or not at all.

    The workbook is built in a temporary folder beside the target (``tempfiles``: same file system, so
    publishing it is one atomic step; XlsxWriter's part files go there too, not to TMPDIR), with the
    fixed document properties that make the bytes reproducible. ``before_commit`` runs when the file is
    complete but not yet published (the command line prints ``--json`` there: if that fails, nothing is
    written). Without ``overwrite`` the file is published with a hard link, which fails if the target
    exists at that very moment (see ``publish``). On any failure, an interruption included, the temporary
    folder is removed and an existing target is left as it was. Raises ``OutputError`` (Dutch).
    """
    target = Path(path)
    folder = staging_folder(target)
    try:
        tmp = folder / WORKBOOK
        workbook = FastFormulaWorkbook(str(tmp), {**workbook_options(), "tmpdir": str(folder)})
        set_fixed_properties(workbook)
        build(workbook, Formats(workbook))
        try:
            workbook.close()
        except (OSError, XlsxWriterException) as exc:
            _close_quietly(exc)
            raise OutputError(f"Het bestand '{target}' kan niet worden geschreven: {why_not_written(exc)}.",
                              code=_code(exc)) from exc
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp creates 0600; give the usual permissions
        if before_commit is not None:
            before_commit()
        publish(tmp, target, overwrite=overwrite)
    finally:
        discard(folder)


def staging_folder(target: Path) -> Path:
    """A new registered temporary folder beside ``target`` for a file to be published there (``publish``).

    The target's name is checked first and the stale folders a killed run left are removed. The caller
    removes the folder with ``tempfiles.discard`` when the write ends. Raises ``OutputError`` (Dutch).
    """
    check_target(target)
    remove_stale(target.parent)
    try:
        return new_folder(target)
    except OSError as exc:
        raise OutputError(f"In de map {target.parent} kan niet worden geschreven: {why_not_written(exc)}.",
                          code=_code(exc)) from exc


def check_target(target: Path) -> None:
    """Refuse, in Dutch, a target that is a folder, has no name or a name the file system cannot hold."""
    if not target.name or target.name in (".", ".."):
        raise OutputError(f"'{target}' is geen bestandsnaam. Geef met -o een naam zoals uitvoer.xlsx.",
                          code="output-is-folder")
    limit = _name_max(target.parent)
    if len(os.fsencode(target.name)) > limit:
        raise OutputError(f"De bestandsnaam is te lang ({len(target.name)} tekens; een naam in deze map mag hooguit "
                          f"{limit} bytes zijn). Kies met -o een kortere naam.", code="name-too-long")
    try:
        is_folder = target.is_dir()
    except OSError as exc:  # the whole path is too long, or a part of it is no folder
        raise OutputError(f"Het bestand '{target}' kan niet worden geschreven: {why_not_written(exc)}.",
                          code=_code(exc)) from exc
    if is_folder:
        raise OutputError(f"'{target}' is een map. Geef met -o een bestandsnaam, bijvoorbeeld "
                          f"{target / 'uitvoer.xlsx'}.", code="output-is-folder")


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder if str(folder) else ".", "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no such folder (reported later), or not on this system
        return 255


def publish(tmp: Path, target: Path, *, overwrite: bool) -> None:
    """Make the complete ``tmp`` the ``target`` in one atomic step.

    With ``overwrite`` this is ``os.replace``. Without it, ``os.link``: the kernel creates the new name only
    if no file has it, in one step (link(2) fails with EEXIST otherwise, on every local file system and on
    NFS, where it is the classic lock-file primitive), so a file that appeared at the target during the run
    (another program, a second run) is never replaced, and the name is never visible half-written. An
    exclusive create (O_EXCL) would reserve the name just as safely, but leaves an empty or partial file
    at the target when the run is killed; a link leaves at most the temporary name, removed on the next
    run. File systems without hard links (FAT, exFAT, some network shares): on Windows ``os.rename``,
    which refuses an existing target itself; elsewhere a check just before ``os.replace`` (a window of
    microseconds, on drives that are rarely shared).
    """
    try:
        if overwrite:
            os.replace(tmp, target)
            return
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS and os.name != "nt":
                raise
            if os.name == "nt":
                os.rename(tmp, target)
            elif target.exists():
                raise FileExistsError(errno.EEXIST, "exists", str(target)) from exc
            else:
                os.replace(tmp, target)
    except FileExistsError as exc:
        raise exists_error(target, meanwhile=True) from exc
    except OSError as exc:
        raise OutputError(f"Het bestand '{target}' kan niet worden vervangen (is het geopend in Excel?): "
                          f"{why_not_written(exc)}.", code=_code(exc)) from exc


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP), errno.EMLINK,
                  errno.ENOSYS, errno.EINVAL, errno.EXDEV}
"""What link(2) says on a file system without hard links (vfat and exfat: EPERM; CIFS: EOPNOTSUPP)."""


def _close_quietly(exc: BaseException) -> None:
    """Close the zip file XlsxWriter left open when writing failed (a full disk).

    Otherwise Python closes it when it is collected, fails again to write its directory and prints
    'Exception ignored in ZipFile.__del__' with a traceback under our Dutch message.
    """
    tb = exc.__traceback__
    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            if isinstance(value, zipfile.ZipFile):
                with contextlib.suppress(Exception):  # the write has failed already and is reported
                    value.close()
        tb = tb.tb_next


def _code(exc: BaseException) -> str:
    cause = exc.__context__ if isinstance(exc, XlsxWriterException) and exc.__context__ else exc
    if isinstance(cause, FileNotFoundError):
        return "folder-missing"
    if isinstance(cause, OSError) and cause.errno == errno.ENAMETOOLONG:
        return "name-too-long"
    if isinstance(cause, IsADirectoryError):
        return "output-is-folder"
    return "write-failed"


_REASONS = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "uw schijfruimte (quotum) is op",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ENOTDIR: "een deel van de naam is geen map",
    errno.EIO: "de schijf gaf een lees- of schrijffout",
    errno.EMFILE: "er zijn te veel bestanden tegelijk geopend",
    errno.EFBIG: "het bestand is te groot voor deze schijf",
}


def why_not_written(exc: BaseException) -> str:
    """A Dutch reason for a failed write (the OS message is English)."""
    cause = exc.__context__ if isinstance(exc, XlsxWriterException) and exc.__context__ else exc
    if isinstance(cause, FileNotFoundError):
        return "de map bestaat niet"
    if isinstance(cause, PermissionError):
        return "geen schrijfrechten, of het bestand is geopend in Excel"
    if isinstance(cause, IsADirectoryError):
        return "dit is een map"
    if isinstance(cause, OSError) and cause.errno in _REASONS:
        return _REASONS[cause.errno]
    if isinstance(cause, OSError) and cause.errno:
        return f"fout van het besturingssysteem ({errno.errorcode.get(cause.errno, cause.errno)})"
    return f"fout van het systeem ({type(cause).__name__})"
