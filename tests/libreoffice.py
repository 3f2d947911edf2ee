"""LibreOffice headless for the read-back tests and the render script: one way to convert.

LibreOffice trusts the cached values of an xlsx by default; a throwaway profile whose settings say
'always recalculate on load' makes it compute every formula itself, so a converted file shows what
Excel would show, not what we cached (EXCEL_NOTES.md).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) ontbreekt")


def convert(sources: list[Path], target_format: str, outdir: Path, profile: Path, *, recalc: bool = True,
            timeout: float = 180) -> list[Path]:
    """Convert ``sources`` with one soffice start; return the converted files (all must exist)."""
    if recalc:
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile.resolve().as_uri()}",
                    "--convert-to", target_format, "--outdir", str(outdir), *map(str, sources)],
                   check=False, capture_output=True, timeout=timeout)
    converted = [outdir / f"{s.stem}.{target_format.split(':')[0]}" for s in sources]
    for path in converted:  # soffice exits 0 even when it could not load a file
        if not path.exists() or path.stat().st_size == 0:
            raise AssertionError(f"LibreOffice kon {path.name} niet maken")
    return converted
