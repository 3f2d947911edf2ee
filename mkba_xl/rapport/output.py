"""Writing the memo and its pictures: the same input gives the same bytes, a file is complete or not there.

python-docx stamps every zip entry with the time of saving; ``reproducible_zip`` writes the same entries again
with a fixed time (1 January 1980, the zip format's first date) and fixed attributes, so that only the content
decides the bytes. ``write_files`` writes several files as ``xlsx.book`` writes a workbook: staged in temporary
folders beside the targets, then published (never over a file that appeared meanwhile without --force).
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import OutputError
from ..xlsx.book import publish, staging_folder, why_not_written
from ..xlsx.tempfiles import WORKBOOK, discard

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


def write_files(files: Mapping[Path, bytes], *, overwrite: bool) -> None:
    """Write every file as a complete file or not at all, as every workbook is written (``xlsx.book``).

    All files are staged first, each in its own temporary folder beside its target (registered, so that a
    signal removes it), then published one by one with ``xlsx.book.publish``: without ``overwrite`` by a hard
    link, so a file that appeared at a target during the run is never replaced, and when one is refused the
    files this run linked before it are removed again. A failure while staging leaves every target as it was; no
    temporary file stays behind. Raises ``OutputError`` (Dutch).
    """
    folders: list[Path] = []
    try:
        staged: list[tuple[Path, Path]] = []
        for target, data in files.items():
            folder = staging_folder(target)
            folders.append(folder)
            staged.append((_stage(folder / WORKBOOK, target, data), target))
        published: list[tuple[Path, Path]] = []
        try:
            for tmp, target in staged:
                publish(tmp, target, overwrite=overwrite)
                published.append((tmp, target))
        except BaseException:
            if not overwrite:  # what this run linked is new: a failed run leaves nothing behind
                for tmp, target in published:
                    with contextlib.suppress(OSError):
                        if os.path.samefile(tmp, target):
                            target.unlink()
            raise
    finally:
        for folder in folders:
            discard(folder)


def _stage(tmp: Path, target: Path, data: bytes) -> Path:
    """``data`` in ``tmp`` (inside a temporary folder), with the usual permissions."""
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
    except OSError as exc:
        raise OutputError(f"Het bestand '{target}' kan niet worden geschreven: {why_not_written(exc)}.",
                          code="write-failed") from exc
    return tmp
