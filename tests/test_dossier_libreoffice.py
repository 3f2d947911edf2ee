"""LibreOffice opens what mkba-xl dossiers writes: the result sheet with its two charts, and the workbook of a
take-over, whose DOSSIERS sheet and INVOER still read as the same input after LibreOffice saved them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mkba_xl import pipeline
from mkba_xl.analyses.dossier_reader import dossiers_from_grid
from mkba_xl.analyses.dossier_result import RESULT_SHEET
from mkba_xl.reader import load_grids, read_workbook
from mkba_xl.schema import DOSSIERS_SHEET

from . import libreoffice
from .test_dossier_sheet import SAMPLE_BOOK

pytestmark = [pytest.mark.libreoffice, libreoffice.needs_soffice]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("lo-dossiers")
    source = tmp / "voorbeeld.xlsx"
    shutil.copy(SAMPLE_BOOK, source)
    written = {"resultaat": tmp / "resultaat.xlsx", "overgenomen": tmp / "overgenomen.xlsx"}
    pipeline.dossier_workbook(source, written["resultaat"])
    pipeline.dossier_workbook(source, written["overgenomen"], take_over=True)
    out = libreoffice.convert(list(written.values()), "xlsx", tmp / "lo", tmp / "profiel")
    pdf = libreoffice.convert([written["resultaat"]], "pdf", tmp / "pdf", tmp / "profiel")
    return {**written, "lo_resultaat": out[0], "lo_overgenomen": out[1], "pdf": pdf[0]}


def test_result_sheet_survives_libreoffice_with_its_charts(converted: dict[str, Path]) -> None:
    ours = openpyxl.load_workbook(converted["resultaat"])[RESULT_SHEET]
    theirs = openpyxl.load_workbook(converted["lo_resultaat"])[RESULT_SHEET]
    for r in range(1, ours.max_row + 1):
        for c in (2, 3, 5, 6, 7, 8):
            mine, lo = ours.cell(r, c).value, theirs.cell(r, c).value
            if isinstance(mine, float):
                assert lo == pytest.approx(mine), (r, c)
            else:
                assert lo == mine, (r, c)
    with zipfile.ZipFile(converted["lo_resultaat"]) as zf:
        assert len([n for n in zf.namelist() if n.startswith("xl/charts/chart")]) == 2
    assert converted["pdf"].stat().st_size > 20_000


def test_taken_over_workbook_reads_the_same_after_libreoffice(converted: dict[str, Path]) -> None:
    ours, theirs = read_workbook(converted["overgenomen"])[0], read_workbook(converted["lo_overgenomen"])[0]
    for key, value in ours.values.items():
        if isinstance(value, float):
            assert theirs[key] == pytest.approx(value), key
        else:
            assert theirs[key] == value, key
    sheet = dossiers_from_grid(load_grids(converted["overgenomen"])[DOSSIERS_SHEET])[0]
    again = dossiers_from_grid(load_grids(converted["lo_overgenomen"])[DOSSIERS_SHEET])[0]
    assert sheet is not None and again == sheet
