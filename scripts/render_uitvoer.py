"""Write the output workbook of the meta-analysis example and render UITVOER and Grafieken to PNG.

Usage: python scripts/render_uitvoer.py [OUTDIR]   (default: docs/)

Needs LibreOffice (soffice) and poppler (pdftoppm). LibreOffice runs with a throwaway profile that
recalculates every formula on load, so the PNG shows what Excel would compute, not our cached values.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from mkba_xl.engine import compute
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.writer import write_uitvoer

META_EXAMPLE = {
    "gemeente": "Voorbeeld", "aanpak": "SWT", "analysejaar": 2013, "zorgprofiel": "generiek_2014",
    "disconteringsregel": "lpbl_2014", "actorindeling": "na_2015",
    "huishoudens": 328, "aandeel_type.gezinnen": .48, "aandeel_type.ouderen": .31, "aandeel_type.overige": .21,
    "zwaarte.gezinnen.ev": .02, "zwaarte.gezinnen.mv_zr": .20, "zwaarte.gezinnen.mv_nzr": .78,
    "zwaarte.ouderen.ev": .04, "zwaarte.ouderen.mv_zr": .50, "zwaarte.ouderen.mv_nzr": .46,
    "zwaarte.overige.ev": .04, "zwaarte.overige.mv_zr": .32, "zwaarte.overige.mv_nzr": .64,
    "gemiddeld_aantal_kinderen": 1.6,
    "leefsituatie.problematische_schulden.gezinnen": .5, "leefsituatie.problematische_schulden.ouderen": .18,
    "leefsituatie.problematische_schulden.overige": .8,
    "leefsituatie.geen_werk.gezinnen": .8, "leefsituatie.geen_werk.ouderen": 1, "leefsituatie.geen_werk.overige": .8,
    "leefsituatie.overlastgevend.gezinnen": .25, "leefsituatie.overlastgevend.ouderen": 0,
    "leefsituatie.overlastgevend.overige": .25,
    "team_fte": 3.6, "kosten_per_fte": 225200 / 3.6, "aandeel_additioneel": 1.0, "overige_eenmalige_kosten": 100000,
    "nieuw_gevonden": .18, "substitutie.nieuw": .8, "substitutie.bestaand": 0,
    "succes.direct_naar_werk": .02, "succes.schooluitval": -.01, "succes.consulten_eerste_lijn": -.02,
    "succes.doorverwijzing_tweede_lijn": -.01,
    "voorkomen_escalatie.gezinnen": .03, "voorkomen_escalatie.ouderen": .03, "voorkomen_escalatie.overige": .03,
}

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def soffice_convert(source: Path, fmt: str, outdir: Path, profile: Path, timeout: float = 180) -> Path:
    """Convert with LibreOffice using a recalculate-on-load profile; return the converted file."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile.resolve().as_uri()}",
                    "--convert-to", fmt, "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=timeout)
    converted = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    if not converted.exists():  # soffice exits 0 even when it could not load the file
        raise RuntimeError(f"LibreOffice produced no {converted.name}")
    return converted


def main(outdir: Path) -> None:
    invoer = Invoer.from_values(META_EXAMPLE)
    kengetallen = default_kengetallen()
    result = compute(invoer, kengetallen)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        workbook = tmp / "voorbeeld-uitvoer.xlsx"
        start = time.perf_counter()
        write_uitvoer(workbook, result, invoer, kengetallen, fingerprint="voorbeeld")
        print(f"write_uitvoer: {time.perf_counter() - start:.3f} s")
        pdf = soffice_convert(workbook, "pdf", tmp, tmp / "lo")
        outdir.mkdir(parents=True, exist_ok=True)
        for page, name in ((1, "uitvoer"), (2, "grafieken")):
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(tmp / name)], check=True)
            shutil.copy(tmp / f"{name}.png", outdir / f"{name}.png")
            print(f"wrote {outdir / f'{name}.png'}")
        if "--keep" in sys.argv:
            shutil.copy(workbook, outdir / "voorbeeld-uitvoer.xlsx")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]) if args else Path("docs"))
