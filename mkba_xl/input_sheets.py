"""The optional input sheets (``schema.INPUT_SHEETS``): how each is read, put into the template and
carried over into an output workbook, so that the output stays a complete input.

Adding an input sheet (say ONZEKERHEID) is one ``InputSheetSpec`` in the schema and one entry here:
a reader ``(grid or None, kengetallen) -> (value, Report)`` that turns the sheet's cells into a typed
value (its problems cell by cell, Dutch), and a writer ``(workbook, formats, value or None)`` that
renders the sheet (empty in the template, with the user's rows in an output workbook). A sheet whose rows
can only be judged against INVOER (ONZEKERHEID: the most likely value is the INVOER value; DOSSIERS: does
INVOER agree with the sample?; MEERJARIG: each year states the team the way INVOER does) adds a ``check``
``(value, invoer, kengetallen) -> Report``, run once INVOER is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from xlsxwriter.workbook import Workbook

from .analyses.dossier_reader import dossiers_from_grid
from .analyses.dossier_sheet import add_dossiers_sheet
from .analyses.gevoeligheid_reader import variations_from_grid
from .analyses.gevoeligheid_sheet import add_user_variations_sheet
from .analyses.meerjarig_sheet import add_meerjarig_sheet, check_meerjarig, meerjarig_from_grid
from .analyses.onzekerheid_reader import sheet_from_grid
from .analyses.onzekerheid_sheet import add_uncertainty_sheet
from .errors import ERROR, Report
from .invoer import Invoer
from .kengetallen import Kengetallen
from .schema import INPUT_SHEETS
from .xlsx.load import Grid
from .xlsx.styles import Formats


@dataclass(frozen=True)
class Handler:
    read: Callable[[Grid | None, Kengetallen], tuple[Any, Report]]
    write: Callable[..., Any]
    check: Callable[[Any, Invoer, Kengetallen], Report] | None = None


def _write_variations(workbook: Workbook, formats: Formats, value: Any) -> Any:
    return add_user_variations_sheet(workbook, formats, value or ())


def _check_dossiers(value: Any, invoer: Invoer, kengetallen: Kengetallen) -> Report:
    """Where INVOER lies outside the sample's intervals; nothing for a sample with errors (the reader said them)."""
    if value is None:  # no DOSSIERS sheet: the analysis modules are not imported
        return Report()
    from .analyses.dossier_aggregates import DossierError
    from .analyses.dossier_checks import iter_problems
    from .analyses.dossier_report import disagreements
    from .analyses.dossier_settings import analyse

    problems = []
    for problem in iter_problems(value.dossiers):  # stops at the first error: cheap for 2,000 broken dossiers
        if problem.severity == ERROR:
            return Report()
        problems.append(problem)
    try:
        return disagreements(analyse(value.dossiers, invoer, problems)[0], invoer, kengetallen)
    except DossierError:
        return Report()


def _check_uncertainty(value: Any, invoer: Invoer, kengetallen: Kengetallen) -> Report:
    """``onzekerheid_model.plan``'s problems; a sheet without rows of its own has none (only those can be wrong)."""
    if value is None or not (value.rows or value.correlations):
        return Report()  # so a plain run does not import the uncertainty model (numpy, the distributions)
    from .analyses.onzekerheid_model import plan

    return plan(value, invoer, kengetallen).report


HANDLERS: Mapping[str, Handler] = {
    "variaties": Handler(variations_from_grid, _write_variations),
    "dossiers": Handler(dossiers_from_grid, add_dossiers_sheet, _check_dossiers),
    "onzekerheid": Handler(sheet_from_grid, add_uncertainty_sheet, _check_uncertainty),
    "meerjarig": Handler(meerjarig_from_grid, add_meerjarig_sheet, check_meerjarig),
}
"""Per ``InputSheetSpec.key``; a test checks that every spec has a handler."""


def read_input_sheets(grids: Mapping[str, Grid], kengetallen: Kengetallen) -> tuple[dict[str, Any], Report]:
    """Every optional input sheet as its typed value (absent sheets give their empty value) and all problems."""
    values: dict[str, Any] = {}
    report = Report()
    for sheet in INPUT_SHEETS:
        values[sheet.key], problems = HANDLERS[sheet.key].read(grids.get(sheet.name), kengetallen)
        report.extend(problems)
    return values, report


def check_input_sheets(values: Mapping[str, Any], invoer: Invoer, kengetallen: Kengetallen) -> Report:
    """The problems of the optional input sheets that only INVOER can show (their ``check``)."""
    report = Report()
    for sheet in INPUT_SHEETS:
        check = HANDLERS[sheet.key].check
        if check is not None:
            report.extend(check(values.get(sheet.key), invoer, kengetallen))
    return report


def add_input_sheets(workbook: Workbook, formats: Formats, values: Mapping[str, Any] | None = None) -> None:
    """Render every optional input sheet: empty (template) or with the values read from an input workbook."""
    for sheet in INPUT_SHEETS:
        HANDLERS[sheet.key].write(workbook, formats, (values or {}).get(sheet.key))
