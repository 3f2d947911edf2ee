"""The output workbook: UITVOER (LPBL's screen), charts, INVOER, KENGETALLEN, BEREKENING, per geldstroom.

One module per sheet over ``common`` (sheet names, BEREKENING's column layout, formats);
``workbook`` puts them together and writes the file atomically.
"""

from .common import (
    AUDIT_SHEET,
    CHARTS_SHEET,
    DOMAIN_SHEET,
    IMMATERIAL_BUDGET_LABEL,
    SHEET_ORDER,
    UITVOER_SHEET,
    row_code,
    shown_rows,
)
from .workbook import write_uitvoer

__all__ = ["AUDIT_SHEET", "CHARTS_SHEET", "DOMAIN_SHEET", "IMMATERIAL_BUDGET_LABEL", "SHEET_ORDER", "UITVOER_SHEET",
           "row_code", "shown_rows", "write_uitvoer"]
