"""The names of our sheets and the fixed cells and columns of INVOER.

Cell positions are part of the description: the template is protected and users only type in the unlocked
input cells, so a fixed layout is what lets an error name the exact cell.
"""

from __future__ import annotations

TEMPLATE_VERSION = "mkba-xl invoer 2"
"""Written in ``VERSION_CELL``; the reader refuses other values (older or foreign templates)."""

INVOER_SHEET = "INVOER"
KENGETALLEN_SHEET = "KENGETALLEN"
AUDIT_SHEET_NAME = "BEREKENING"
"""The output's audit sheet (``writer.audit``); input messages name it where it shows what INVOER became."""
VERSION_CELL = "C2"
LABEL_COLUMN = "B"
"""Column of INVOER's texts: every layout row's text, and the label of a field in column C on a row without one."""
STANDARD_COLUMN = "L"
"""INVOER column of the grey 'standaard': what an empty input cell on the row means (``template``)."""
USUAL_COLUMN = "M"
"""INVOER column of the 'gebruikelijk' range of the row's input cells (``USUAL``)."""
TYPE_COLUMNS = ("C", "D", "E")  # gezinnen, ouderen, overige
COUNT_COLUMNS = ("H", "I", "J")  # derived households per type x severity
