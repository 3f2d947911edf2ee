"""LibreOffice headless for the read-back tests and the render script: the library's one way to convert
(``mkba_xl.libreoffice``), with recalculation on load by default.

LibreOffice trusts the cached values of an xlsx by default; a throwaway profile whose settings say
'always recalculate on load' makes it compute every formula itself, so a converted file shows what
Excel would show, not what we cached (EXCEL_NOTES.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mkba_xl import libreoffice
from mkba_xl.libreoffice import RECALC_PROFILE

__all__ = ["RECALC_PROFILE", "convert", "needs_soffice"]

needs_soffice = pytest.mark.skipif(libreoffice.soffice() is None, reason="LibreOffice (soffice) ontbreekt")


def convert(sources: list[Path], target_format: str, outdir: Path, profile: Path, *, recalc: bool = True,
            timeout: float = 180) -> list[Path]:
    """Convert ``sources`` with one soffice start; return the converted files (all must exist)."""
    try:
        return libreoffice.convert(sources, target_format, outdir, profile, recalc=recalc, timeout=timeout)
    except libreoffice.ConversionError as exc:
        raise AssertionError(str(exc)) from exc
