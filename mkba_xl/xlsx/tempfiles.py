"""Our temporary files: one naming pattern, the writes in progress, and the stale ones a killed run left.

A workbook is built in a temporary folder next to its target, ``.mkba-xl-<host>-<pid>-<random>.tmp``
(the workbook and XlsxWriter's part files, which would otherwise go to the system's TMPDIR and stay there
when that disk is full). The folder is removed when the write ends, however it ends; a signal handler
removes the folders of writes in progress (``discard_pending``) before the process exits. Only SIGKILL
(or a power cut) leaves one behind, and the next write into that folder removes it (``remove_stale``):
a folder of this host whose process no longer runs, or one older than ``STALE_AFTER`` (another host's,
on a network drive). The name does not contain the target's name, so a long target name cannot make
the temporary name too long.

Light on purpose (no XlsxWriter, no numpy): the command line's signal handler imports it at start-up.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import secrets
import shutil
import time
from pathlib import Path

__all__ = ["PREFIX", "STALE_AFTER", "SUFFIX", "WORKBOOK", "discard", "discard_pending", "new_folder",
           "pending", "remove_stale"]

PREFIX = ".mkba-xl-"
SUFFIX = ".tmp"
WORKBOOK = "werkmap.xlsx"
"""The workbook inside a temporary folder; it becomes the target by a rename (or a link, see ``book``)."""
STALE_AFTER = 24 * 3600.0
"""Seconds after which a temporary folder of another host counts as left behind (no run takes an hour)."""

_PATTERN = re.compile(re.escape(PREFIX) + r"(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[^/\\]*" + re.escape(SUFFIX) + "$")
_pending: dict[Path, Path] = {}  # temporary folder -> target, for the writes in progress in this process


def _host() -> str:
    """This machine's name, hashed. ``platform.node`` is ``socket.gethostname`` (the same name, from ``os.uname`` where
    there is one) without importing the socket module, which nothing else of a run needs."""
    return hashlib.sha256(platform.node().encode()).hexdigest()[:8]


def new_folder(target: Path) -> Path:
    """A new temporary folder beside ``target``, registered as a write in progress (raises OSError).

    Registered before it is made: a signal between the two steps must find it to remove it.
    """
    for _ in range(100):
        folder = target.parent / f"{PREFIX}{_host()}-{os.getpid()}-{secrets.token_hex(4)}{SUFFIX}"
        _pending[folder] = target
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            _pending.pop(folder, None)
            continue
        except BaseException:
            _pending.pop(folder, None)
            raise
        return folder
    raise FileExistsError(f"no free temporary name in {target.parent}")


def discard(folder: Path) -> None:
    """Remove a temporary folder and all in it; never raises (a failure leaves it for ``remove_stale``).

    It stays registered until it is gone: a signal during the removal removes it again.
    """
    shutil.rmtree(folder, ignore_errors=True)
    _pending.pop(folder, None)


def pending() -> dict[Path, Path]:
    """The writes in progress: temporary folder -> target."""
    return dict(_pending)


def discard_pending() -> list[Path]:
    """Remove every write in progress (a signal arrived); return the targets that were already complete.

    A target is complete when it is the very file built in its temporary folder (the rename or link that
    publishes it had happened); else it is the previous file or absent, untouched.
    """
    done = []
    for folder, target in list(_pending.items()):
        try:
            if (folder / WORKBOOK).exists() and target.exists() and os.path.samefile(folder / WORKBOOK, target):
                done.append(target)
        except OSError:
            pass
        discard(folder)
    return done


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists (another user's), or we cannot tell: keep it
    return True


def remove_stale(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove our temporary folders in ``folder`` that no running write owns; never raises. Returns them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    host, now = _host(), time.time() if now is None else now
    for entry in entries:
        m = _PATTERN.match(entry.name)
        if not m or Path(entry.path) in _pending:
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
        except OSError:
            continue
        if (m["host"] == host and not _running(int(m["pid"]))) or old:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue
            removed.append(Path(entry.path))
    return removed
