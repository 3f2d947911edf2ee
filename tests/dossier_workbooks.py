"""Test workbooks with a DOSSIERS sheet, built with openpyxl after the layout contract (header row 5 from column B,
one dossier per row below it, the description in C3), independent of the sheet writer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from mkba_xl.analyses.dossiers import COLUMNS
from mkba_xl.schema import DOSSIERS_FIRST_COL, DOSSIERS_HEADER_ROW, DOSSIERS_SHEET

from .workbooks import valid_values, write_workbook

KEYS = [c.key for c in COLUMNS]


def letter(key: str) -> str:
    """The column of ``key`` in the template's layout: dossiernummer in B, teamlid in C, ..."""
    return get_column_letter(DOSSIERS_FIRST_COL + KEYS.index(key))


def base(number: str = "D-01", **values: Any) -> dict[str, Any]:
    """A valid dossier row (a gezin, mv_zr, one team member) with ``values`` on top (None empties a cell)."""
    row: dict[str, Any] = {"dossiernummer": number, "teamlid": "TL01", "type": "gezin", "zwaarte": "mv_zr",
                           "kinderen": 2, "schulden_start": "ja", "schulden_nu": "nee"}
    row.update(values)
    return row


def add_dossiers_sheet(path: Path, rows: Iterable[Mapping[str, Any]], *, headers: Mapping[str, str] | None = None,
                       description: str | None = None, extra: Mapping[str, list[Any]] | None = None,
                       header_row: int = DOSSIERS_HEADER_ROW, name: str = DOSSIERS_SHEET) -> Path:
    """Add a DOSSIERS sheet to the workbook at ``path``: Dutch headers (or ``headers``: key -> text, '' leaves a
    column out), ``rows`` by key, columns of one's own (``extra``: header -> values per row) after the last."""
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(name)
    ws.cell(1, 2, "Dossieranalyse")
    if description is not None:
        ws["B3"] = "Steekproef:"
        ws["C3"] = description
    texts = {c.key: c.header for c in COLUMNS}
    texts.update(headers or {})
    for i, key in enumerate(KEYS):
        if texts[key]:
            ws.cell(header_row, DOSSIERS_FIRST_COL + i, texts[key])
    after = DOSSIERS_FIRST_COL + len(KEYS)
    for j, header in enumerate(extra or {}):
        ws.cell(header_row, after + j, header)
    rows = list(rows)
    for r, row in enumerate(rows, start=header_row + 1):
        for key, value in row.items():
            if value is not None:
                ws.cell(r, DOSSIERS_FIRST_COL + KEYS.index(key), value)
    for j, values in enumerate((extra or {}).values()):
        for r, value in enumerate(values, start=header_row + 1):
            ws.cell(r, after + j, value)
    wb.save(path)
    return path


def dossier_workbook(path: Path, rows: Iterable[Mapping[str, Any]], *, invoer: Mapping[str, Any] | None = None,
                     **kwargs: Any) -> Path:
    """A valid INVOER (the worked example of 001 Bijlage 2, or ``invoer``) with a DOSSIERS sheet of ``rows``."""
    write_workbook(path, dict(valid_values() if invoer is None else invoer))
    return add_dossiers_sheet(path, rows, **kwargs)
