"""Writing the memo and its pictures: the same input gives the same bytes, a file is complete or not there.

python-docx stamps every zip entry with the time of saving; ``reproducible_zip`` writes the same entries again
with a fixed time (1 January 1980, the zip format's first date) and fixed attributes, so that only the content
decides the bytes. ``write_files`` writes several files atomically (a temporary file beside each target, then a
rename), and removes what it wrote when one of them fails.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import OutputError
from ..xlsx.book import why_not_written

__all__ = ["ZIP_TIME", "reproducible_zip", "write_files"]

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def reproducible_zip(data: bytes) -> bytes:
    """``data`` (a zip: docx, xlsx) with every entry's time and attributes fixed; content and order kept."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            target.writestr(entry, source.read(item.filename), compresslevel=6)
    return out.getvalue()


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write every file atomically: all of them to temporary files beside their targets first, then each renamed
    onto its target. A failure while writing leaves every target as it was and no temporary file behind.

    The caller has checked that the targets may be written (no overwrite without --force). Raises
    ``OutputError`` (Dutch) when a file cannot be written.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            staged.append((_stage(target, data), target))
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise OutputError(f"Het bestand '{target}' kan niet worden vervangen (is het geopend in Word?): "
                                  f"{why_not_written(exc)}.") from exc
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def _stage(target: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``target``, with the usual permissions."""
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix + ".tmp")
    except OSError as exc:
        raise OutputError(f"In de map {target.parent} kan niet worden geschreven: {why_not_written(exc)}.") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Het bestand '{target}' kan niet worden geschreven: {why_not_written(exc)}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
