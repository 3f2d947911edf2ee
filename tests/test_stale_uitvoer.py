"""UITVOER says in red when INVOER was changed after the run (issue 16, item 8), recalculated by LibreOffice.

The output workbook is also an input: a user who changes INVOER in it and saves must not see the old result
as if it were current. LibreOffice recalculates each edited copy (one soffice start for all of them) and
openpyxl reads back the line under UITVOER's title: empty for the workbook as written and for one that
LibreOffice saved again, the red text after any one input cell changed (a number by 0,0001 procentpunt, a
choice, a cell left empty that is now filled, an error).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mkba_xl.engine import compute
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.schema import fields_by_key, invoer_fields
from mkba_xl.writer import write_uitvoer
from mkba_xl.writer.invoer_check import STALE_TEXT, check_groups

from . import libreoffice
from .test_writer import META_VALUES, _known
from .xlsx_edit import edit_sheet, set_cell

STALE_CELL = "B2"
LONG_TEXT = "Wijkteam \"Noord\"; coördinatie\nmet de huisartsen. " + "Een lange toelichting. " * 20
TEXTS = {"gemeente": 'Gemeente "Oost" & co', "aanpak": "Zorg-coördinatie, 6 wijken", "toelichting": LONG_TEXT}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    invoer = Invoer.from_values(_known({**META_VALUES, **TEXTS}))
    kengetallen = default_kengetallen()
    path = tmp_path_factory.mktemp("stale") / "uitvoer.xlsx"
    write_uitvoer(path, compute(invoer, kengetallen), invoer, kengetallen, fingerprint="stale-test")
    return path


def _stale(path: Path) -> Any:
    return openpyxl.load_workbook(path, data_only=True)["UITVOER"][STALE_CELL].value


def test_written_workbook_is_not_stale_and_holds_the_live_check(written: Path) -> None:
    ws = openpyxl.load_workbook(written)["UITVOER"]
    formula = ws[STALE_CELL].value
    assert isinstance(formula, str) and formula.startswith("=IFERROR(") and STALE_TEXT in formula
    assert _stale(written) in ("", None)
    # every INVOER input field takes part, in exactly one group, and each formula fits in Excel
    groups = check_groups({})
    assert [f.key for g in groups for f in g.fields] == [f.key for f in invoer_fields()]
    formulas = [c.value for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=") and "INVOER!" in c.value]
    assert len(formulas) == len(groups) and all(len(f) < 8192 for f in formulas)


def test_a_long_text_keeps_each_formula_within_excels_limits() -> None:
    key = "toelichting"
    huge = {key: "x" * 32_000, "gemeente": '"' * 120}
    for group in check_groups(huge):
        assert len(group.formula) < 8192
        assert all(len(part) <= 257 for part in group.formula.split('"')[1::2])  # a text literal: 255 at most


EDITS: dict[str, tuple[str, Any]] = {
    "aandeel": ("aandeel_additioneel", lambda v: v + 1e-6),  # 0,0001 procentpunt more
    "keuze": ("actorindeling", lambda v: "voor_2015"),
    "leeg_gevuld": ("deel_d.anders3.maatwerk", lambda v: 1),
    "tekst": ("gemeente", lambda v: 'Gemeente "Oost" & Co'),
    "fout": ("kosten_per_fte", lambda v: "#DIV/0!"),
}


@libreoffice.needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_shows_the_red_line_once_invoer_changed(written: Path, tmp_path: Path) -> None:
    fields = fields_by_key()
    values = openpyxl.load_workbook(written)["INVOER"]
    copies = [shutil.copy(written, tmp_path / "ongewijzigd.xlsx")]
    for name, (key, change) in EDITS.items():
        cell = fields[key].cell
        new = change(values[cell].value)
        copies.append(edit_sheet(written, "INVOER", lambda xml, c=cell, v=new: set_cell(xml, c, v),
                                 tmp_path / f"{name}.xlsx"))
    out = libreoffice.convert([Path(p) for p in copies], "xlsx", tmp_path / "lo", tmp_path / "profile")
    shown = {p.stem: _stale(p) for p in out}
    assert shown.pop("ongewijzigd") in ("", None)
    assert shown == {name: STALE_TEXT for name in EDITS}
    # a workbook LibreOffice has saved (its own way of writing the numbers), recalculated again: still current
    again = libreoffice.convert([out[0]], "xlsx", tmp_path / "lo2", tmp_path / "profile2")
    assert _stale(again[0]) in ("", None)
