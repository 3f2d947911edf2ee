"""Test workbooks built with openpyxl, following the INVOER cells and the KENGETALLEN layout contract.

Independent of the template writer on purpose: the reader is tested against the contract (schema
cells, table titles in column B, header row, data rows, blank rows between tables), not against
whatever the writer happens to produce.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from mkba_xl import kengetallen as kg
from mkba_xl.schema import (
    DEEL_D_COUNTS,
    DEEL_D_ROWS,
    INVOER_SHEET,
    KENGETALLEN_SHEET,
    MEERJARIG_BASE_CELL,
    MEERJARIG_COLUMNS,
    MEERJARIG_FIRST_COL,
    MEERJARIG_HEADER_ROW,
    MEERJARIG_SHEET,
    SHARE,
    TABLES,
    TEMPLATE_VERSION,
    VERSION_CELL,
    fields_by_key,
)

from .cases import sheet_values

KENGETALLEN_FIRST_TITLE_ROW = 3
CPI_OPEN_ROWS = 5  # empty input rows at the end of the CPI table, as the template has them


def valid_values() -> dict[str, Any]:
    """The worked example of the meta-analysis (001 Bijlage 2) as typed on the sheet: a complete, valid INVOER."""
    return sheet_values()


def full_values() -> dict[str, Any]:
    """``valid_values`` with every other input cell filled too (team by way 1, so way 2 stays empty)."""
    v = valid_values()
    v.update({
        "prijspeil": 2014, "toelichting": "Bron: 001 Bijlage 2",
        "caseload.top.hh_per_fte": 10, "caseload.top.uren_per_hh": 120,
        "overige_teamkosten": 25_000, "aandeel_additioneel_overig": 0.5, "frictie": 0.05,
        "ingezet.uhp": 1, "ingezet.ots": 2, "ingezet.huisuitzetting": 1,
        "meer_op_maat": 0.1,
        "discipline.jeugd": 1, "discipline.werk_inkomen_schulden": 1, "discipline.welzijn_md": 0,
        "discipline.zorg": 1, "succes.schuldhulp": 0.05,
        "voorkomen.huisuitzettingen": 2, "voorkomen.uhp": 1, "voorkomen.ots": 1.5,
        "reductie_overlast": 0.8, "terugval": 0.3, "attributie": 0.9, "rekenwijze": "lpbl_2014",
    })
    v.update(later_fields())
    missing = set(fields_by_key()) - set(v) - {"fte_nulsituatie", "fte_extra"}
    assert not missing, missing
    return v


def later_fields() -> dict[str, Any]:
    """A value for every field of INVOER C 5-6 and deel D (rows 89 and further)."""
    v: dict[str, Any] = {
        "leefgebieden.dagbesteding": 12, "leefgebieden.psychisch": 3.5, "leefgebieden.opvoeding": 2,
        "qaly_direct": 1.5, "in_team.wi": 0, "in_team.wmo": 1, "in_team.welzijn": 1, "in_team.jeugd": 0,
        "in_team.zvw": 0,
    }
    for i, (row, (_, financier)) in enumerate(DEEL_D_ROWS.items()):
        if financier is None:
            v[f"deel_d.{row}.naam"] = f"Eigen voorziening {i}"
        v[f"deel_d.{row}.financier"] = financier or "wmo"
        v[f"deel_d.{row}.prijs"] = 1_000 + 100 * i
        v.update({f"deel_d.{row}.{col}": float(i % 4 + j) for j, col in enumerate(DEEL_D_COUNTS)})
    return v


def kengetallen_title_rows(rows: dict[str, list[list]] | None = None) -> dict[str, int]:
    """Row of each table title in the layout ``write_workbook`` uses (tests name cells with it)."""
    rows = kg.to_rows(kg.default_kengetallen()) if rows is None else rows
    positions: dict[str, int] = {}
    r = KENGETALLEN_FIRST_TITLE_ROW
    for table in TABLES:
        if table.key not in rows:
            continue
        positions[table.key] = r
        r += 2 + len(rows[table.key]) + (CPI_OPEN_ROWS if table.key == "cpi" else 0) + 2
    return positions


def kengetallen_cell(table_key: str, index: int, column_key: str, rows: dict[str, list[list]] | None = None) -> str:
    """Cell of data row ``index`` (0-based) and column ``column_key`` of a table in the default layout."""
    table = next(t for t in TABLES if t.key == table_key)
    col = [c.key for c in table.columns].index(column_key)
    return f"{chr(ord('B') + col)}{kengetallen_title_rows(rows)[table_key] + 2 + index}"


def write_workbook(path: Path, values: dict[str, Any] | None = None, *,
                   kengetallen: dict[str, list[list]] | None | bool = True,
                   version: Any = TEMPLATE_VERSION, invoer_sheet: str = INVOER_SHEET,
                   percent_format: bool = True) -> Path:
    """Write an xlsx with INVOER values at the schema cells and (by default) a KENGETALLEN sheet.

    ``kengetallen``: True = the default tables, a dict = these rows per table key, False/None = no sheet.
    Share cells get a percent format like in the template (unless ``percent_format`` is False);
    values are written as given (a str stays text).
    """
    values = valid_values() if values is None else values
    fields = fields_by_key()
    wb = Workbook()
    ws = wb.active
    ws.title = invoer_sheet
    ws["B2"] = "Sjabloonversie (niet wijzigen)"
    ws[VERSION_CELL] = version
    for key, value in values.items():
        f = fields[key]
        cell = ws[f.cell]
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # typed text, not a formula (tests pass formulas via write_formula_cells)
        if f.type == SHARE and percent_format:
            cell.number_format = "0%"
    if kengetallen:
        rows = kg.to_rows(kg.default_kengetallen()) if kengetallen is True else kengetallen
        write_kengetallen(wb.create_sheet(KENGETALLEN_SHEET), rows)
    wb.save(path)
    return path


def write_kengetallen(ws: Any, rows: dict[str, list[list]]) -> None:
    ws["A1"] = "KENGETALLEN"
    positions = kengetallen_title_rows(rows)
    for table in TABLES:
        if table.key not in rows:
            continue
        r = positions[table.key]
        ws.cell(r, 2, table.title)
        for i, col in enumerate(table.columns):
            ws.cell(r + 1, 2 + i, col.header)
        for j, row in enumerate(rows[table.key]):
            for i, (col, value) in enumerate(zip(table.columns, row)):
                cell = ws.cell(r + 2 + j, 2 + i, value)
                if col.type == SHARE:
                    cell.number_format = "0.0%"


def add_meerjarig(path: Path, years: list[dict[str, Any]], base_year: Any = None, *, sheet: str = MEERJARIG_SHEET,
                  header: dict[str, str] | None = None) -> Path:
    """Add a MEERJARIG sheet to the workbook at ``path``: the schema's header in row 6 from column B, one row per
    year (column key -> value), the base year in C4. ``header`` overrides header texts (to test the check)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(sheet)
    if base_year is not None:
        ws[MEERJARIG_BASE_CELL] = base_year
    for i, column in enumerate(MEERJARIG_COLUMNS):
        ws.cell(MEERJARIG_HEADER_ROW, MEERJARIG_FIRST_COL + i, (header or {}).get(column.key, column.header))
    keys = [c.key for c in MEERJARIG_COLUMNS]
    for r, row in enumerate(years, start=MEERJARIG_HEADER_ROW + 1):
        for key, value in row.items():
            cell = ws.cell(r, MEERJARIG_FIRST_COL + keys.index(key), value)
            if key.startswith("ingroei.") or key in ("aandeel_additioneel", "nieuw_gevonden", "frictie"):
                cell.number_format = "0%"
    wb.save(path)
    return path
