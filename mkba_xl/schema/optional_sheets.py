"""The optional input sheets besides INVOER and KENGETALLEN: GEVOELIGHEID, ONZEKERHEID, DOSSIERS and MEERJARIG,
each with the cells and area read from it (``INPUT_SHEETS``)."""

from __future__ import annotations

from dataclasses import dataclass

DOSSIERS_SHEET = "DOSSIERS"
"""Optional input sheet of the dossieranalyse: one row per household of the sample (found ignoring case). Its
columns are ``analyses.dossiers.COLUMNS``; the reader finds them by their header (the key or the Dutch text)."""
DOSSIERS_HEADER_ROW = 5
"""1-based row of the column headers in the sheet the template writes; the reader searches the first rows."""
DOSSIERS_FIRST_COL = 2  # column B
DOSSIERS_DESCRIPTION_CELL = "C3"
"""The description of the sample (label 'Steekproef:' in B3): who, when, how drawn; an illustrative sample says so."""
DOSSIERS_HEADER_SEARCH_ROWS = 10
DOSSIERS_MAX_ROWS = 2_000
"""Dossiers read under the header; more is refused with one message (LPBL used about 80, 002 and 004)."""
DOSSIERS_MAX_COLS = 160
"""Columns read: the template's 108 from column B, and room for columns of the user's own (carried over)."""
DOSSIERS_AREA = (DOSSIERS_HEADER_SEARCH_ROWS + DOSSIERS_MAX_ROWS + 1, DOSSIERS_MAX_COLS)
MEERJARIG_SHEET = "MEERJARIG"
"""Optional input sheet with several years of the approach (found ignoring case and spaces)."""
MEERJARIG_BASE_CELL = "C4"
"""The base year that every year is discounted to (empty = the first year)."""
MEERJARIG_HEADER_ROW = 6
"""1-based row of the header of the years table (B6 and further, ``MEERJARIG_COLUMNS``); one row per year below."""
MEERJARIG_FIRST_COL = 2  # column B
MEERJARIG_MAX_ROWS = 30
"""Years of the approach that are read; a filled row under them is refused with one message."""
MEERJARIG_AREA = (MEERJARIG_HEADER_ROW + MEERJARIG_MAX_ROWS + 10, MEERJARIG_FIRST_COL + 19)
"""Rows and columns of MEERJARIG that are read: the table and a few rows under it (to say they are not read)."""
GEVOELIGHEID_SHEET = "GEVOELIGHEID"
"""Optional input sheet with the user's own sensitivity variations (found ignoring case)."""
GEVOELIGHEID_COLUMNS = {"veld": "veld", "waarde": "nieuwe waarde", "factor": "factor", "omschrijving": "omschrijving"}
"""Column keys of GEVOELIGHEID and the header texts users see (the reader finds the header row by these texts)."""
GEVOELIGHEID_HEADER_ROW = 4
"""1-based row of the header in the sheet the template writes (B4:E4); the reader searches the first rows."""
GEVOELIGHEID_FIRST_COL = 2  # column B
GEVOELIGHEID_HEADER_SEARCH_ROWS = 20
GEVOELIGHEID_MAX_ROWS = 100
"""Variation rows read under the header; more is refused with one message."""
GEVOELIGHEID_AREA = (GEVOELIGHEID_HEADER_SEARCH_ROWS + GEVOELIGHEID_MAX_ROWS + 1, 12)
"""Rows and columns of GEVOELIGHEID that are read: the header is looked for in the first 20 rows and at
most 100 variation rows follow it."""

ONZEKERHEID_SHEET = "ONZEKERHEID"
"""Optional input sheet with the uncertain assumptions of the uncertainty analysis (found ignoring case)."""
ONZEKERHEID_COLUMNS = {"veld": "veld", "verdeling": "verdeling", "grenzen": "grenzen als", "laag": "laag",
                       "hoog": "hoog", "bron": "bron"}
"""Column keys of the assumptions table (B:G) and the header texts users see."""
CORRELATION_COLUMNS = {"veld_1": "veld 1", "veld_2": "veld 2", "rangcorrelatie": "rangcorrelatie"}
"""Column keys of the rank correlations table (I:K) and their header texts."""
ONZEKERHEID_HEADER_ROW = 7
"""1-based row of both headers; the layout is fixed (the sheet is protected), the reader checks the texts."""
ONZEKERHEID_FIRST_COL = 2  # column B
CORRELATION_FIRST_COL = 9  # column I
ONZEKERHEID_MAX_ROWS = 20
"""Rows under the header that are read, in both tables."""
ONZEKERHEID_AREA = (ONZEKERHEID_HEADER_ROW + ONZEKERHEID_MAX_ROWS + 100, CORRELATION_FIRST_COL + 2)
"""Rows and columns of ONZEKERHEID that are read: the two tables, and below them enough to see rows that do not
fit (the standard set the template shows there is recognised by its title and not read)."""
DISTRIBUTIONS = ("driehoek", "uniform", "normaal", "lognormaal")
"""The distributions a row may name (``analyses.distributions.KINDS``)."""
NO_DISTRIBUTION = "geen"
"""A row with this distribution keeps the field at its INVOER value (it removes a standard assumption)."""
BOUNDS_AS = ("waarde", "factor")
"""How laag and hoog are meant: values of the field, or factors on its INVOER value."""


@dataclass(frozen=True)
class InputSheetSpec:
    """An optional input sheet besides INVOER and KENGETALLEN: its name (found ignoring case and
    spaces), the rows and columns read from it, and its key in ``pipeline.Workbook.sheets``.

    ``input_sheets`` says how each is read, written into the template and carried over into an
    output workbook; the reader reads all of them in its one pass over the file.
    """

    key: str
    name: str
    area: tuple[int, int]


INPUT_SHEETS: tuple[InputSheetSpec, ...] = (
    InputSheetSpec("variaties", GEVOELIGHEID_SHEET, GEVOELIGHEID_AREA),
    InputSheetSpec("onzekerheid", ONZEKERHEID_SHEET, ONZEKERHEID_AREA),
    InputSheetSpec("dossiers", DOSSIERS_SHEET, DOSSIERS_AREA),
    InputSheetSpec("meerjarig", MEERJARIG_SHEET, MEERJARIG_AREA),
)
