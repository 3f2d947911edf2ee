"""How cells look, for every sheet the project writes: one palette, one set of number formats, one cache.

The colours follow LPBL's screens: navy section bands, dark red for costs, green for benefits, yellow
input cells and grey cells that Excel calculates. Each colour is named by what it is for; sheets use
these names, never a colour code of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..dutch import FACTOR
from ..schema import CHOICE, EURO, NUMBER, SHARE, TEXT, WHOLE

# ---------------------------------------------------------------------------------------------
# Palette
# ---------------------------------------------------------------------------------------------

NAVY = "#1F3864"
"""Section bands (INVOER, KENGETALLEN, UITVOER)."""
WHITE = "#FFFFFF"
"""Text on a band."""
COST_RED = "#C00000"
"""Costs, a lower saldo, warnings."""
BENEFIT_GREEN = "#548235"
"""Benefits, a higher saldo."""
IMMATERIAL_GREEN = "#A9D18E"
"""Immaterial benefits in the benefits chart."""
INPUT_YELLOW = "#FFF2CC"
"""Cells users fill in (unlocked)."""
LOCKED_GREY = "#E7E6E6"
"""Cells Excel calculates or users should not change (locked)."""
EXACT_GREY = "#F2F2F2"
"""The 'Exact (NCW)' columns beside the rounded figures on UITVOER."""
HEADER_BLUE = "#D9E1F2"
"""Header rows of result tables."""
RULE_GREY = "#A6A6A6"
"""Cell borders and the rules under headers."""
GRIDLINE_GREY = "#D9D9D9"
"""Chart gridlines."""
AXIS_GREY = "#7F7F7F"
"""Chart axis lines."""
CHART_LIGHT_BLUE = "#8EA9DB"
"""The lighter of two blue series in a chart (beside NAVY: the dossier analysis, problems at the start and now)."""
TEXT_DARK = "#404040"
"""Secondary text: labels and notes on UITVOER."""
TEXT_GREY = "#595959"
"""Units, help texts and notes of the input and sensitivity sheets."""
TEXT_LIGHT = "#7F7F7F"
"""Line codes and the exact values on UITVOER."""

# ---------------------------------------------------------------------------------------------
# Number formats ('[$€-413]' is the Dutch euro sign; Dutch Excel shows 1.234 with a thousands dot)
# ---------------------------------------------------------------------------------------------

EURO_INPUT = "[$€-413] #,##0"
"""An amount users type (INVOER and KENGETALLEN)."""
EURO_AMOUNT = "[$€-413] #,##0;[$€-413] -#,##0"
"""A computed amount (UITVOER, BEREKENING, the sensitivity results)."""
EURO_CHART = "€ #,##0"
"""Amounts on the axes and labels of the UITVOER charts."""
EURO_CHART_SIGNED = "€ #,##0;€ -#,##0"
"""Amounts on the tornado chart, whose bars are negative as often as positive."""
RATIO = "0.00"
RATIO_EXACT = "0.000"
DISCOUNT_FACTOR = "0.0000"
CHECKSUM = "#,##0.00"
"""The checksums of INVOER on UITVOER (``writer.invoer_check``): large numbers, two decimals."""
VARIATION_FACTOR = '"x "0.00'
"""A factor on a base value (sensitivity analysis: 'x 0,50')."""

SHARE_FORMAT = "0.0#%"
"""A share typed or shown as a percentage: one decimal, a second where the value has one (2,25%, never 2,2%)."""
INPUT_FORMATS: Mapping[str, str] = {SHARE: SHARE_FORMAT, EURO: EURO_INPUT, WHOLE: "0", NUMBER: "#,##0.0##",
                                    TEXT: "@", CHOICE: ""}
"""Per field type: the format of an INVOER input cell."""
TABLE_FORMATS: Mapping[str, str] = {**INPUT_FORMATS, NUMBER: "#,##0.0##"}
"""Per column type: the format of a KENGETALLEN cell."""
SCALAR_FORMATS: Mapping[str, str] = {"aandeel": SHARE_FORMAT, "jaar": "#,##0.0#", "uur": "#,##0.0#",
                                     "uren": "#,##0", "QALY per hh": "0.000"}
"""Per unit: the format of a value in the table of scalar kengetallen, whose one value column holds shares,
amounts and numbers (1,08 jaar, not 1,08333; 45%, not 0,45). A unit starting with '€' is an amount
(``EURO_INPUT``); any other unit takes ``TABLE_FORMATS[NUMBER]``."""


def scalar_format(unit: str) -> str:
    """The number format of a scalar kengetal's value, by its unit (``SCALAR_FORMATS``)."""
    if unit.startswith("€"):
        return EURO_INPUT
    return SCALAR_FORMATS.get(unit, TABLE_FORMATS[NUMBER])
VALUE_FORMATS: Mapping[str, str] = {SHARE: "0.00%", EURO: EURO_AMOUNT, NUMBER: "#,##0.0#", WHOLE: "#,##0.0#",
                                    FACTOR: VARIATION_FACTOR}
"""Per field type (or 'factor'): a value shown in the sensitivity sheets."""
NUMBER_FALLBACK = "#,##0.0#"


class Formats:
    """The cell formats of one workbook, created once and shared by all its sheets.

    XlsxWriter formats belong to a workbook; ``get`` caches by properties so that a format is
    never added twice and the creation order (hence the file's bytes) is fixed by the code path.
    """

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}
        border = {"border": 1, "border_color": RULE_GREY}
        self.title = self.get(bold=True, font_size=16)
        self.section = self.get(bold=True, font_size=13, bg_color=NAVY, font_color=WHITE, valign="vcenter")
        self.subsection = self.get(bold=True, text_wrap=True, valign="top")
        self.label = self.get(text_wrap=True, valign="top")
        self.note = self.get(italic=True)
        self.header = self.get(bold=True, align="center", valign="top", text_wrap=True)
        self.table_header = self.get(bold=True, valign="top", text_wrap=True, bottom=1)
        self.unit = self.get(italic=True, font_color=TEXT_GREY, valign="top")
        self.help = self.get(italic=True, font_color=TEXT_GREY)
        self.version = self.get(bg_color=LOCKED_GREY, **border)
        self._border = border

    def get(self, **props: Any) -> Format:
        """The format with exactly these XlsxWriter properties (created on first use)."""
        key = tuple(sorted(props.items()))
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._cache[key] = self._workbook.add_format(dict(props))
        return fmt

    def input(self, num_format: str, *, wrap: bool = False) -> Format:
        """A yellow, unlocked input cell."""
        extra: dict[str, Any] = {"num_format": num_format} if num_format else {}
        if wrap:
            extra.update(text_wrap=True, valign="top")
        return self.get(bg_color=INPUT_YELLOW, locked=False, **self._border, **extra)

    def derived(self, num_format: str, *, wrap: bool = False) -> Format:
        """A grey, locked cell that Excel calculates or that users should not change."""
        extra: dict[str, Any] = {"num_format": num_format} if num_format else {}
        if wrap:
            extra.update(text_wrap=True, valign="top")
        return self.get(bg_color=LOCKED_GREY, **self._border, **extra)


# ---------------------------------------------------------------------------------------------
# Row heights for wrapped text
# ---------------------------------------------------------------------------------------------

LINE_HEIGHT = 15.0
"""Points per line of Calibri 11, XlsxWriter's default row height."""


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Estimated number of lines of ``text`` wrapped in a column of ``width`` characters."""
    per_line = max(1, int(width * (1.0 if bold else 1.1)))
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) <= per_line:
            used += 1 + len(word)
            continue
        if used:
            lines += 1
        used = len(word)
        while used > per_line:  # a word longer than the column is broken
            lines += 1
            used -= per_line
    return lines


class RowHeights:
    """Row heights for wrapped text.

    Neither XlsxWriter nor LibreOffice (on loading an xlsx) fits a row to wrapped text, so
    without an explicit height a long label would be cut off or drawn over the next row.
    """

    def __init__(self, widths: Mapping[int, float]) -> None:
        self._widths = widths
        self._lines: dict[int, int] = {}

    def fit(self, row: int, col: int, text: str, *, bold: bool = False) -> None:
        lines = wrapped_lines(text, self._widths.get(col, 8.43), bold=bold)
        self._lines[row] = max(self._lines.get(row, 1), lines)

    def apply(self, ws: Worksheet) -> None:
        for row, lines in sorted(self._lines.items()):
            if lines > 1:
                ws.set_row(row, LINE_HEIGHT * lines)
