"""Render UITVOER, Grafieken, the sensitivity analysis (tornado), the uncertainty analysis and the council memo of
the meta-analysis sample to PNG.

Usage: python scripts/render_uitvoer.py [OUTDIR] [--onzekerheid | --rapport]   (default: docs/; --onzekerheid: only
the uncertainty analysis, docs/onzekerheid.png and docs/onzekerheid_grafieken.png; --rapport: only the memo, its
first page as docs/rapport.png and with --keep every page as rapport-N.png)

Runs the real pipeline on ``sample_workbooks/meta_voorbeeld_2014.xlsx`` (with --gevoeligheid),
then LibreOffice (with a profile that recalculates every formula on load, so the picture shows what
Excel computes, not our cached values) to PDF, and pdftoppm to PNG. Needs soffice and pdftoppm.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from mkba_xl.pipeline import rapport_workbook, run_workbook, sensitivity_workbook, uncertainty_workbook  # noqa: E402
from tests import libreoffice  # noqa: E402

SAMPLE = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
PAGES = {"uitvoer": 1, "grafieken": 2}


def render_uncertainty(outdir: Path) -> None:
    """The result sheet of ``mkba-xl onzekerheid``: its first page (sentences, tables) and its charts page."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        workbook = tmp / "voorbeeld-onzekerheid.xlsx"
        start = time.perf_counter()
        uncertainty_workbook(SAMPLE, workbook)
        print(f"uncertainty_workbook: {time.perf_counter() - start:.3f} s")
        pdf = libreoffice.convert([workbook], "pdf", tmp, tmp / "lo")[0]
        pages = int(subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
                    .split("Pages:")[1].split()[0])
        outdir.mkdir(parents=True, exist_ok=True)
        for name, page in (("onzekerheid", 1), ("onzekerheid_grafieken", pages)):
            subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(tmp / name)], check=True)
            shutil.copy(tmp / f"{name}.png", outdir / f"{name}.png")
            print(f"wrote {outdir / f'{name}.png'}")


def render_memo(outdir: Path) -> None:
    """The memo of ``mkba-xl rapport --pdf``: its first page (title block and samenvatting) as docs/rapport.png."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        memo = tmp / "voorbeeld-rapport.docx"
        start = time.perf_counter()
        made = rapport_workbook(SAMPLE, memo, pdf=True)
        print(f"rapport_workbook (with PDF): {time.perf_counter() - start:.3f} s")
        if made.no_pdf:
            raise SystemExit(made.no_pdf)
        outdir.mkdir(parents=True, exist_ok=True)
        last = 1 if "--keep" not in sys.argv else 99
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", str(last), str(memo.with_suffix(".pdf")),
                        str(tmp / "rapport")], check=True)
        pages = sorted(tmp.glob("rapport-*.png"))
        shutil.copy(pages[0], outdir / "rapport.png")
        print(f"wrote {outdir / 'rapport.png'}")
        if "--keep" in sys.argv:
            for page in pages:
                shutil.copy(page, outdir / page.name)
            shutil.copy(memo, outdir / memo.name)


def main(outdir: Path) -> None:
    render_memo(outdir)
    if "--rapport" in sys.argv:
        return
    render_uncertainty(outdir)
    if "--onzekerheid" in sys.argv:
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        workbook = tmp / "voorbeeld-uitvoer.xlsx"
        start = time.perf_counter()
        run_workbook(SAMPLE, workbook, sensitivity=True)
        print(f"run_workbook: {time.perf_counter() - start:.3f} s")
        pdf = libreoffice.convert([workbook], "pdf", tmp, tmp / "lo")[0]
        outdir.mkdir(parents=True, exist_ok=True)
        for name, page in PAGES.items():
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(tmp / name)], check=True)
            shutil.copy(tmp / f"{name}.png", outdir / f"{name}.png")
            print(f"wrote {outdir / f'{name}.png'}")
        sensitivity = tmp / "voorbeeld-gevoeligheid.xlsx"
        sensitivity_workbook(SAMPLE, sensitivity)
        tornado_pdf = libreoffice.convert([sensitivity], "pdf", tmp, tmp / "lo")[0]
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(tornado_pdf),
                        str(tmp / "tornado")], check=True)
        shutil.copy(tmp / "tornado.png", outdir / "tornado.png")
        print(f"wrote {outdir / 'tornado.png'}")
        if "--keep" in sys.argv:
            shutil.copy(workbook, outdir / "voorbeeld-uitvoer.xlsx")
            shutil.copy(pdf, outdir / "voorbeeld-uitvoer.pdf")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]) if args else ROOT / "docs")
