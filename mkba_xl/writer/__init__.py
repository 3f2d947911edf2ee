"""The output workbook: UITVOER (LPBL's screen), charts, INVOER, KENGETALLEN, BEREKENING, per geldstroom.

One module per sheet over ``common`` (sheet names, BEREKENING's column layout, formats);
``workbook`` puts them together and writes the file atomically.
"""

from .common import AUDIT_SHEET, CHARTS_SHEET, DOMAIN_SHEET, SHEET_ORDER, UITVOER_SHEET
from .workbook import write_uitvoer

__all__ = ["AUDIT_SHEET", "CHARTS_SHEET", "DOMAIN_SHEET", "SHEET_ORDER", "UITVOER_SHEET", "write_uitvoer"]
