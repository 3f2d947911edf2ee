"""``xlsx.worksheet``: skipping XlsxWriter's formula rewrite where it rewrites nothing changes no byte.

The shortcut replaces a method internal to XlsxWriter, so it is held against the installed XlsxWriter itself:
every classic name, random formulas, and whole workbooks written both ways.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet as XlsxWriterWorksheet

from mkba_xl import pipeline
from mkba_xl.template import write_template
from mkba_xl.xlsx import book
from mkba_xl.xlsx.worksheet import CLASSIC, Worksheet, rewrites_nothing

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_workbooks"


def stock(formula: str, expand: bool, future: bool = False) -> str:
    sheet = XlsxWriterWorksheet()
    sheet.use_future_functions = future
    return sheet._prepare_formula(formula, expand)


def ours(formula: str, expand: bool, future: bool = False) -> str:
    sheet = Worksheet()
    sheet.use_future_functions = future
    return sheet._prepare_formula(formula, expand)


@pytest.mark.parametrize("name", sorted(CLASSIC))
def test_xlsxwriter_rewrites_no_classic_function(name: str) -> None:
    for formula in (f"={name}(A1)", f"=1+{name}(B2,{name}(C3))", f"{{={name}(A1:A3)}}"):
        assert rewrites_nothing(formula)
        expected = formula.lstrip("{").lstrip("=").removesuffix("}")
        assert stock(formula, expand=True, future=True) == expected  # also with Excel's newer functions expanded


_PARTS = st.sampled_from([
    *sorted(CLASSIC), "XLOOKUP", "FILTER", "SORT", "UNIQUE", "CONCAT", "IFS", "STDEV.S", "BETA.DIST", "SINGLE",
    "XSINGLE", "INGLE", "SUMIFSX", "_xlfn.", "(", ")", ",", '"', "'", "=", "{", "}", "A1", "$B$2", "KENGETALLEN!", ".",
    "_", "é", " ", "+", "*", "@", "1", "0.5", "sum", "Sum",
])


@given(st.lists(_PARTS, max_size=12).map("".join), st.booleans(), st.booleans())
def test_the_shortcut_gives_xlsxwriters_formula(formula: str, expand: bool, future: bool) -> None:
    assert ours(formula, expand, future) == stock(formula, expand, future)


def test_a_formula_with_a_newer_function_goes_through_xlsxwriter() -> None:
    assert not rewrites_nothing("=XLOOKUP(A1,B:B,C:C)")
    assert ours("=SUM(XLOOKUP(A1,B:B,C:C))", False) == "SUM(_xlfn.XLOOKUP(A1,B:B,C:C))"
    assert not rewrites_nothing("=A.SUM(1)")  # a '.' makes a word boundary: the name is not the whole run
    assert rewrites_nothing("=N(A1)*100+(B2)") and rewrites_nothing("KENGETALLEN!$B$93:$B$99")


def test_workbooks_are_the_same_bytes_as_with_plain_xlsxwriter(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The template and output workbooks (with the sensitivity analysis; a DOSSIERS sheet) written both ways."""
    def write_all(folder: Path) -> dict[str, bytes]:
        folder.mkdir()
        write_template(folder / "template.xlsx")
        pipeline.run_workbook(SAMPLES / "meta_voorbeeld_2014.xlsx", folder / "meta.xlsx", sensitivity=True)
        pipeline.run_workbook(SAMPLES / "dossiers_voorbeeld.xlsx", folder / "dossiers.xlsx")
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    fast = write_all(tmp_path / "fast")
    monkeypatch.setattr(book, "FastFormulaWorkbook", xlsxwriter.Workbook)
    plain = write_all(tmp_path / "plain")
    assert list(fast) == list(plain) == ["dossiers.xlsx", "meta.xlsx", "template.xlsx"]
    for name in fast:
        assert fast[name] == plain[name], name
