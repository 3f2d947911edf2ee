"""``xlsx.row_block``: rows kept as ready XML give byte for byte the workbook XlsxWriter's own calls give."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkba_xl.analyses.dossier_reader import dossiers_from_grid
from mkba_xl.errors import OutputError
from mkba_xl.reader import load_grids
from mkba_xl.xlsx.book import set_fixed_properties, workbook_options
from mkba_xl.xlsx.cells import MAX_TEXT, cell_text
from mkba_xl.xlsx.row_block import RowBlockWorksheet

VALUES = st.one_of(
    st.integers(-10**18, 10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
    st.sampled_from(["=1+1", "<b>&amp;</b>", " ja ", "007", "_x0041_", "€", "x" * (MAX_TEXT + 5)]),
)
SAMPLE = Path(__file__).resolve().parents[1] / "sample_workbooks" / "dossiers_voorbeeld.xlsx"
ROWS = st.lists(st.dictionaries(st.integers(0, 170), VALUES, max_size=12), max_size=40)


def _build(path: Path, header_rows: int, rows: list[dict[int, Any]], *, block: bool, version: int = 2007,
           height_at: int | None = None) -> int:
    """A sheet with XlsxWriter's own header rows (a row height, a merged range, a column format) and the rows
    below them: through ``add_row`` when ``block``, else through ``write_number``/``write_string``."""
    wb = xlsxwriter.Workbook(str(path), workbook_options())
    set_fixed_properties(wb)
    formats = [wb.add_format({"bg_color": "#FFF2CC", "locked": False}), wb.add_format({"num_format": "0"}),
               wb.add_format({"num_format": "@", "bold": True})]
    ws = wb.add_worksheet("A", worksheet_class=RowBlockWorksheet)
    if version == 2010:
        ws.excel_version = 2010  # rows with another attribute: the block takes XlsxWriter's own calls
    ws.set_column(1, 3, 14, formats[0])
    ws.set_row(0, 30.0)
    if height_at is not None:
        ws.set_row(header_rows + height_at, 18.0)  # a data row with a height: from it on XlsxWriter's own calls
    ws.set_row(header_rows + len(rows) + 2, 18.0)  # an empty row with a height below them all
    for r in range(header_rows):
        ws.write_string(r, 1, f"kop {r}", formats[2])
    if header_rows > 1:
        ws.merge_range(0, 4, 0, 6, "samengevoegd", formats[2])
    wb.add_worksheet("B").write_string(0, 0, "kop 0")  # a text shared with the first sheet
    for i, row in enumerate(rows):
        cells = [(col, value, formats[(col + i) % 3]) for col, value in sorted(row.items()) if value != ""]
        if block:
            ws.add_row(header_rows + i, cells)
        else:
            for col, value, fmt in cells:
                if isinstance(value, str):
                    ws.write_string(header_rows + i, col, cell_text(value), fmt)
                else:
                    ws.write_number(header_rows + i, col, value, fmt)
    wb.close()
    return ws.rows_in_block


def read_dossiers(path: Path) -> Any:
    from mkba_xl.schema import DOSSIERS_SHEET

    sheet, report = dossiers_from_grid(load_grids(path).get(DOSSIERS_SHEET))
    assert report.ok
    return sheet


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header_rows=st.integers(0, 20), rows=ROWS, version=st.sampled_from([2007, 2007, 2010]),
       height_at=st.none() | st.integers(0, 40))
def test_rows_kept_as_a_block_are_the_bytes_xlsxwriter_writes(tmp_path: Path, header_rows: int,
                                                              rows: list[dict[int, Any]], version: int,
                                                              height_at: int | None) -> None:
    block, plain = tmp_path / "block.xlsx", tmp_path / "plain.xlsx"
    kept = _build(block, header_rows, rows, block=True, version=version, height_at=height_at)
    _build(plain, header_rows, rows, block=False, version=version, height_at=height_at)
    assert _members(block) == _members(plain)
    assert block.read_bytes() == plain.read_bytes()
    filled = [i for i, row in enumerate(rows) if any(v != "" for v in row.values())]
    assert kept == _expected_block(header_rows, filled, height_at, version)


def _expected_block(header_rows: int, filled: list[int], height_at: int | None, version: int) -> int:
    """How many rows the block should keep: none on a worksheet of another version; else the filled rows from the
    first one that has no height of its own up to (not including) the first one that has, or follows one."""
    if version == 2010:
        return 0
    own = {0} | ({header_rows + height_at} if height_at is not None else set())  # rows with a height
    kept: list[int] = []
    for row in (header_rows + i for i in filled):
        after = kept[-1] if kept else row - 1
        if any(after < r <= row for r in own):
            if kept:
                break
            continue
        kept.append(row)
    return len(kept)


def test_the_dossiers_of_an_output_are_kept_as_a_block(tmp_path: Path) -> None:
    """The sheet this was made for: every dossier of the illustrative sample goes through the block, and the
    sheet reads back as the same dossiers."""
    from mkba_xl.analyses.dossier_sheet import add_dossiers_sheet
    from mkba_xl.pipeline import read
    from mkba_xl.xlsx.book import write_atomically

    sheet = read(SAMPLE).sheets["dossiers"]
    written: list[RowBlockWorksheet] = []
    write_atomically(tmp_path / "d.xlsx", lambda wb, formats: written.append(add_dossiers_sheet(wb, formats, sheet)))
    assert written[0].rows_in_block == len(sheet.dossiers) == 80
    assert read_dossiers(tmp_path / "d.xlsx") == sheet


def test_a_row_above_the_block_or_out_of_order_is_refused(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), workbook_options())
    ws = wb.add_worksheet("A", worksheet_class=RowBlockWorksheet)
    fmt = wb.add_format()
    ws.add_row(5, [(0, 1, fmt)])
    with pytest.raises(OutputError, match="regel 5 komt niet na regel 6"):
        ws.add_row(4, [(0, 1, fmt)])
    ws.write_number(5, 1, 3)  # into a row of the block
    with pytest.raises(OutputError, match="regel 6 is geschreven tussen de regels"):
        wb.close()


@pytest.mark.parametrize("height", [None, 20.0])  # the block, and XlsxWriter's own calls
def test_a_number_excel_cannot_store_and_cells_out_of_order_are_refused_in_dutch(tmp_path: Path,
                                                                               height: float | None) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), workbook_options())
    ws = wb.add_worksheet("Blad", worksheet_class=RowBlockWorksheet)
    ws.set_row(2, height)
    fmt = wb.add_format()
    with pytest.raises(OutputError, match="Blad Blad, cel B3: 'inf' is geen getal"):
        ws.add_row(2, [(0, 1, fmt), (1, float("inf"), fmt)])
    with pytest.raises(OutputError, match="regel 4 staan niet op volgorde van kolom"):
        ws.add_row(3, [(1, 1, fmt), (0, 2, fmt)])
    with pytest.raises(OutputError, match="regel 4 staan niet op volgorde van kolom"):
        ws.add_row(3, [(1, 1, fmt), (1, 2, fmt)])
    wb.close()
