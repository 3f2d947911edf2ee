"""What the output workbook shows must not mislead (issue 16, item 9), read back with openpyxl.

The discount rule with the decimals it has (2,25%, not 2,2%); a financial ratio that LPBL's rounding shows as
1,00 while it is below 1 gets a red note (recalculated by LibreOffice too); the scalar kengetallen in a format
by their unit (1,08 jaar, 45%); KENGETALLEN and BEREKENING print one page wide, landscape, with repeated
header rows; UITVOER lists the kengetallen changed from the defaults.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mkba_xl.engine import compute, round_ratio
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import Kengetallen, default_kengetallen
from mkba_xl.kengetallen_diff import changed_kengetallen
from mkba_xl.writer import write_uitvoer
from mkba_xl.xlsx.styles import SCALAR_FORMATS, SHARE_FORMAT

from . import libreoffice
from .test_writer import META_VALUES, _known

BELOW_ONE = "exact kleiner dan 1"


def _write(path: Path, values: dict[str, Any], kengetallen: Kengetallen | None = None) -> Path:
    invoer = Invoer.from_values(_known({**META_VALUES, **values}))
    k = kengetallen or default_kengetallen()
    write_uitvoer(path, compute(invoer, k), invoer, k, fingerprint="display-test")
    return path


def _labelled(ws: Any) -> dict[str, Any]:
    return {row[1].value: row[2].value for row in ws.iter_rows(max_col=3) if isinstance(row[1].value, str)}


def _texts(ws: Any) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_the_discount_rule_shows_its_decimals(tmp_path: Path) -> None:
    path = _write(tmp_path / "u.xlsx", {"disconteringsregel": "rijk_2021"})
    wb = openpyxl.load_workbook(path)
    assert _labelled(wb["UITVOER"])["Disconteringsregel"] == \
        "rijk_2021: 2,25% per jaar, lange termijn (jaar 9) 2,25%"
    rates = [row for row in wb["KENGETALLEN"].iter_rows(min_col=2, max_col=4) if row[0].value == "rijk_2021"]
    assert rates and all(c.number_format == SHARE_FORMAT for c in rates[0][1:])
    assert SHARE_FORMAT == "0.0#%"  # 0,0225 shows as 2,25%; 0,03 as 3,0%


def _financial_ratio_just_below_one() -> float:
    """A team cost per fte (the meta-analysis' case otherwise) whose financial ratio is 0,99 (bisection)."""
    k = default_kengetallen()
    lo, hi = 60_000.0, 120_000.0  # ratio above 1 at 60.000, below 1 at 120.000
    for _ in range(60):
        mid = (lo + hi) / 2
        ratio = float(compute(Invoer.from_values(_known({**META_VALUES, "kosten_per_fte": mid})), k).kb_financieel)
        lo, hi = (mid, hi) if ratio > 0.99 else (lo, mid)
    return lo


@pytest.fixture(scope="module")
def ratio_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("ratio")
    return {"onder_1": _write(tmp / "onder_1.xlsx", {"kosten_per_fte": _financial_ratio_just_below_one()}),
            "boven_1": _write(tmp / "boven_1.xlsx", {})}


def _note(path: Path) -> tuple[Any, Any, Any]:
    """The financial ratio (shown, exact) and the line under the note on rounding (a formula, empty or red)."""
    ws = openpyxl.load_workbook(path, data_only=True)["UITVOER"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Financieel K-B-verhouding")
    assert str(ws.cell(row + 2, 2).value).startswith("Bedragen afgerond op € 100")
    assert str(openpyxl.load_workbook(path)["UITVOER"].cell(row + 3, 2).value).startswith("=")
    return ws.cell(row, 3).value, ws.cell(row, 4).value, ws.cell(row + 3, 2).value


def test_a_ratio_rounded_to_one_but_below_one_gets_a_note(ratio_books: dict[str, Path]) -> None:
    shown, exact, note = _note(ratio_books["onder_1"])
    assert exact < 1 <= shown == round_ratio(exact)
    assert isinstance(note, str) and "financiële K-B-verhouding" in note and BELOW_ONE in note
    shown, exact, note = _note(ratio_books["boven_1"])
    assert exact > 1 and not note


@libreoffice.needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_computes_the_ratio_note(ratio_books: dict[str, Path], tmp_path: Path) -> None:
    out = libreoffice.convert(list(ratio_books.values()), "xlsx", tmp_path / "lo", tmp_path / "profile")
    notes = {p.stem: _note(p)[2] for p in out}
    assert BELOW_ONE in notes["onder_1"] and not notes["boven_1"]


def test_scalar_kengetallen_have_a_format_by_their_unit(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path / "u.xlsx", {}))["KENGETALLEN"]
    k = default_kengetallen()
    formats = {row[0].value: row[2].number_format for row in ws.iter_rows(min_col=2, max_col=5)
               if row[0].value in k.scalars and isinstance(row[2].value, int | float)}
    assert formats.keys() == k.scalars.keys()
    assert formats["uhp_residentieel_jaren"] == SCALAR_FORMATS["jaar"] == "#,##0.0#"  # 1,08 jaar, not 1,08333
    assert formats["shv_basis_succes"] == SHARE_FORMAT  # 45,0%, not 0,45
    assert "€" in formats["qaly_waarde"]
    # no number on the sheet shows more than three decimals
    decimals = {len(m) for c in (cell for row in ws.iter_rows() for cell in row) if isinstance(c.value, float)
                for m in re.findall(r"\.([0#]+)", c.number_format)}
    assert max(decimals) <= 3


@pytest.mark.parametrize("sheet", ["KENGETALLEN", "BEREKENING"])
def test_kengetallen_and_berekening_print_one_page_wide(sheet: str, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path / "u.xlsx", {}))[sheet]
    assert ws.print_area and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0  # as many pages down as needed
    assert ws.print_title_rows  # the header rows on every page


def test_uitvoer_lists_the_kengetallen_changed_from_the_defaults(tmp_path: Path) -> None:
    d = default_kengetallen()
    qaly = dataclasses.replace(d.scalars["qaly_waarde"], value=50_000, source="Eigen raming gemeente (2024)")
    changed = dataclasses.replace(d, scalars={**d.scalars, "qaly_waarde": qaly})
    diff = changed_kengetallen(changed)
    assert len(diff) == 1
    ws = openpyxl.load_workbook(_write(tmp_path / "anders.xlsx", {}, changed))["UITVOER"]
    header = next(r for r in range(1, ws.max_row + 1)
                  if ws.cell(r, 2).value == "Kengetallen gewijzigd ten opzichte van de standaard")
    row = [ws.cell(header + 1, c).value for c in range(2, 6)]
    assert row == [f"{diff[0].table}: {diff[0].what}", diff[0].old, diff[0].new, "Eigen raming gemeente (2024)"]
    assert "50.000" in row[2] and "20.000" in row[1]
    plain = openpyxl.load_workbook(_write(tmp_path / "standaard.xlsx", {}))["UITVOER"]
    assert any(t.startswith("Geen: de berekening gebruikt de standaardkengetallen") for t in _texts(plain))
