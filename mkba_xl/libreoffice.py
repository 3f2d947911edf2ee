"""LibreOffice headless: one way to convert a file (the memo to PDF; in the tests a workbook, recalculated).

Each conversion runs with its own throwaway user profile, so that a LibreOffice the user has open (or another
conversion at the same time) does not block it. The profile may say 'always recalculate on load': then Calc
computes every formula itself instead of trusting the cached values (EXCEL_NOTES.md).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

__all__ = ["RECALC_PROFILE", "ConversionError", "convert", "soffice"]

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


class ConversionError(Exception):
    """LibreOffice is missing or did not make the file (a Dutch message: the caller says what it means)."""


def soffice() -> str | None:
    """The LibreOffice program on this machine (``soffice``, or ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(sources: Sequence[Path], target_format: str, outdir: Path, profile: Path, *, recalc: bool = False,
            timeout: float = 180) -> list[Path]:
    """Convert ``sources`` with one LibreOffice start into ``outdir``; return the converted files.

    ``profile`` is the folder of the throwaway user profile. Raises ``ConversionError`` when LibreOffice is
    not installed, does not finish in ``timeout`` seconds, or leaves a file out (it exits 0 even then).
    """
    program = soffice()
    if program is None:
        raise ConversionError("LibreOffice (soffice) is niet geïnstalleerd")
    if recalc:
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([program, "--headless", f"-env:UserInstallation={profile.resolve().as_uri()}",
                        "--convert-to", target_format, "--outdir", str(outdir), *map(str, sources)],
                       check=False, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise ConversionError(f"LibreOffice was na {timeout:.0f} seconden niet klaar") from exc
    converted = [outdir / f"{s.stem}.{target_format.split(':')[0]}" for s in sources]
    missing = [p.name for p in converted if not p.exists() or p.stat().st_size == 0]
    if missing:
        raise ConversionError(f"LibreOffice kon {', '.join(missing)} niet maken")
    return converted
