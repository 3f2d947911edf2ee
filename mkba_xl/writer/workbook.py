"""The output workbook: UITVOER (LPBL's screen), charts, INVOER, KENGETALLEN, BEREKENING, per geldstroom.

Every number on UITVOER, on the chart data and on 'Per geldstroom' is a live Excel formula over
the BEREKENING sheet (one row per ledger post), written together with the value the engine
computed, so that openpyxl (which never calculates) reads the engine's numbers and Excel or
LibreOffice recalculating the file get the same ones. Amounts are shown as LPBL published them
(NCW rounded to 100 euro, ratios to 0.05) beside an 'Exact (NCW)' column that keeps the exact value.

The workbook is built in a temporary file in the target folder and moved onto the target only
when complete: an interrupted run never leaves a half-written or stray file behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xlsxwriter.workbook import Workbook

from .. import template
from ..engine import Result
from ..invoer import Invoer
from ..kengetallen import Kengetallen
from ..kengetallen_diff import changed_kengetallen
from ..schema import fields_by_key
from ..xlsx.book import write_atomically
from ..xlsx.styles import Formats
from .audit import write_audit_sheet
from .charts import write_charts_sheet
from .common import (
    AUDIT_SHEET,
    CALENDAR_SHEET,
    CHARTS_SHEET,
    DOMAIN_SHEET,
    UITVOER_SHEET,
    AuditLayout,
    Styles,
    sorted_posts,
)
from .domains import write_domain_sheet
from .uitvoer import write_uitvoer_sheet


def write_uitvoer(path: str | os.PathLike[str], result: Result, invoer: Invoer, kengetallen: Kengetallen, *,
                  fingerprint: str = "", input_warnings: Sequence[str] = (),
                  extra_sheets: Callable[[Workbook, Formats], Any] | None = None, overwrite: bool = True,
                  before_commit: Callable[[], Any] | None = None) -> None:
    """Write the output workbook to ``path`` atomically (a complete file or none at all).

    The caller (``pipeline.run_workbook``) has already refused to overwrite the input or an
    existing file without --force. ``input_warnings`` (e.g. the reader's report as text) are listed
    on UITVOER before the engine's warnings. ``extra_sheets`` adds sheets after the standard ones
    (the sensitivity analysis and the user's GEVOELIGHEID input sheet). ``overwrite`` and
    ``before_commit`` are those of ``xlsx.book.write_atomically``. Raises ``OutputError`` (Dutch) when the
    file cannot be written.
    """
    if np.ndim(result.saldo) != 0:
        raise ValueError("write_uitvoer schrijft één variant; dit resultaat bevat er meer (gevoeligheidsanalyse).")
    def build(workbook: Workbook, formats: Formats) -> None:
        build_workbook(workbook, formats, result, invoer, kengetallen, fingerprint,
                       (*input_warnings, *result.warnings), extra_sheets)

    write_atomically(path, build, overwrite=overwrite, before_commit=before_commit)



def build_workbook(workbook: Workbook, formats: Formats, result: Result, invoer: Invoer,
           kengetallen: Kengetallen, fingerprint: str, warnings: Sequence[str],
           extra_sheets: Callable[[Workbook, Formats], Any] | None = None) -> None:
    styles = Styles(formats)
    posts = sorted_posts(result.ledger)
    audit = AuditLayout(len(posts))

    uitvoer = workbook.add_worksheet(UITVOER_SHEET)
    charts = workbook.add_worksheet(CHARTS_SHEET)
    cells = _invoer_cells(invoer)
    refs = write_uitvoer_sheet(uitvoer, styles, result, invoer, audit, fingerprint, warnings, cells,
                               changed_kengetallen(kengetallen))
    write_charts_sheet(workbook, charts, styles, result, refs)
    template.add_invoer_sheet(workbook, styles.formats, values=cells, kengetallen=kengetallen)
    template.add_kengetallen_sheet(workbook, styles.formats, kengetallen)
    write_audit_sheet(workbook.add_worksheet(AUDIT_SHEET), styles, result, posts, audit, invoer)
    write_domain_sheet(workbook.add_worksheet(DOMAIN_SHEET), styles, result, kengetallen, invoer, audit)
    if result.timeline is not None:
        from .kalender import write_calendar_sheet  # several years only: imported when its sheet is written

        write_calendar_sheet(workbook, workbook.add_worksheet(CALENDAR_SHEET), styles, result, audit)
    if extra_sheets is not None:
        extra_sheets(workbook, styles.formats)
    uitvoer.activate()
    uitvoer.set_first_sheet()


def _invoer_cells(invoer: Invoer) -> dict[str, Any]:
    """INVOER values as the sheet shows them: the cells the user filled (as typed, also shares the reader scaled
    to 100%), the rest empty.

    Writing defaults into cells that were left empty would turn 'left empty' into 'typed 0%',
    which the reader judges differently (an empty household composition is fine, a typed 0% + 0%
    is not). When the Invoer does not know what was filled (built in code), a value equal to an
    'empty' default (0, 0%, '') stays empty.
    """
    if invoer.given:
        return {key: (invoer.typed.get(key, value) if key in invoer.given else None)
                for key, value in invoer.values.items()}
    fields = fields_by_key()
    cells: dict[str, Any] = {}
    for key, value in invoer.values.items():
        default = fields[key].default if key in fields else None
        empty_default = default is not None and not isinstance(default, bool) and default in (0, "")
        cells[key] = None if empty_default and _same(value, default) else value
    return cells


def _same(value: Any, default: Any) -> bool:
    if isinstance(value, str) or isinstance(default, str):
        return value == default
    try:
        return float(value) == float(default)
    except (TypeError, ValueError):
        return False
