"""Problems as data: every complaint about a workbook has a stable code and names sheet, cell, field and
a Dutch message.

The reader collects all problems of a workbook into one ``Report`` instead of stopping at the
first, so a user can fix everything in one go. Only a workbook that cannot be opened at all
(not an xlsx, encrypted, too large, a zip bomb) is refused with a single problem.

The code (``CODES``) says what kind of problem it is, independent of its wording: programs that read
``--json`` and the tests rely on it, users read the message. Codes are kebab-case English, as in
frictionless data validation ('not-a-number', 'out-of-range'); one code may have several messages
(each says what exactly is wrong and what to type).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .dutch import counted

ERROR = "fout"
WARNING = "waarschuwing"
MAX_PROBLEMS = 200
"""Cap on reported problems; a badly broken workbook would otherwise produce thousands."""

CODES: dict[str, str] = {
    # The file cannot be read at all (one problem, the file's name as sheet).
    "file-missing": "the file does not exist",
    "file-is-folder": "a folder was given instead of a file",
    "file-not-regular": "not a regular file (a named pipe, a device, a socket)",
    "name-too-long": "a file name longer than the file system allows",
    "file-unreadable": "the file cannot be opened (permissions, locked by another program)",
    "file-empty": "the file has 0 bytes",
    "file-too-large": "the file is larger than a filled-in template can be",
    "file-xls-or-encrypted": "an Excel 97-2003 file or a password-protected workbook",
    "file-not-xlsx": "not a zip: a CSV, text or PDF file with another name",
    "file-ods": "an OpenDocument spreadsheet",
    "file-xlsb": "a binary Excel workbook",
    "file-not-workbook": "a zip without the parts of a workbook",
    "file-damaged": "a corrupt zip or malformed XML",
    "file-strict": "an Excel 'Strict Open XML' workbook",
    "zip-bomb": "the zip unpacks to far more than any workbook (size, members or ratio)",
    "part-too-large": "a part holds far more than a workbook of this template (bytes, XML elements, cell styles)",
    "duplicate-part": "a zip member twice (viewers and readers may take different copies)",
    "xml-declaration": "XML with a DOCTYPE or ENTITY declaration (a possible XML bomb)",
    "no-invoer-sheet": "the workbook has no sheet INVOER",
    "duplicate-sheet": "two sheets with the name of one of ours (ignoring case and spaces)",
    "sheet-unreadable": "one of our sheets is a chart sheet, or its part is missing",
    "template-version": "the version cell names another or an older template",
    "layout-moved": "INVOER's fixed texts are not in their cells: rows or columns deleted or inserted",
    "takeover-unknown": "template --van: no INVOER of a template version that can be taken over (version, columns)",
    # One cell.
    "required": "a cell that must be filled in is empty",
    "not-a-number": "a number was expected",
    "percent-not-allowed": "a percentage where no percentage belongs",
    "not-whole": "a whole number was expected",
    "out-of-range": "a number outside the allowed range",
    "not-a-choice": "a value that is not one of the choices",
    "text-too-long": "a text longer than a cell may hold",
    "not-text": "text was expected (not a number or formula)",
    "excel-error": "an Excel error value such as #DIV/0!",
    "no-cached-value": "a formula without a value computed by Excel",
    "is-a-date": "a date where a number or text was expected",
    "is-a-boolean": "TRUE or FALSE where a number or text was expected",
    "merged-cells": "a cell with a value hidden under merged cells",
    # Rules between INVOER cells.
    "share-sum": "shares that must add up to 100% do not",
    "share-rounded": "shares that add up to 99-101% (rounding): scaled to 100% (a warning)",
    "team-both-ways": "the team is stated both ways",
    "team-missing": "the team is stated neither way",
    "unused-field": "a filled-in cell that is not used",
    "caseload": "the team size differs much from the caseload norm",
    "success-beyond-share": "base success plus the change leaves 0% to 100%",
    "missing-discipline": "an effect the team has no discipline for",
    "outside-cpi": "the price level is outside the CPI table",
    "rekenwijze-team": "the chosen way of the tool does not match how the team is stated",
    "deel-d-price": "a row of deel D with trajectories but no price",
    "deel-d-financier": "a row of one's own in deel D with trajectories but no financier",
    "deel-d-name": "a row of one's own in deel D with trajectories but no name",
    # Plausibility (warnings: allowed values outside what the reports show; ``plausibility``).
    "unusual-value": "a value outside its usual ('gebruikelijk') range",
    "points-as-fraction": "a change in percentage points typed without %: 0,5 reads as 50 points",
    "thousands-as-euros": "an amount below its usual range that fits when multiplied by 1.000",
    "no-effects": "part C holds no effect at all: the result has costs only",
    "year-two-digits": "a year typed with two digits (24 for 2024): an error",
    # The KENGETALLEN sheet.
    "kengetallen-missing": "the KENGETALLEN sheet is missing: defaults are used (a warning)",
    "kengetallen-unreadable": "a KENGETALLEN sheet without any table, or renamed beyond case and spaces",
    "table-missing": "a table is not found on KENGETALLEN",
    "table-empty": "a table has no rows",
    "header-mismatch": "a header is not the template's: columns moved",
    "key-missing": "a table row without its key",
    "duplicate-key": "a key twice in one table",
    "rows-below-gap": "rows under an empty row are not part of the table",
    "unknown-key": "a row whose key the program does not know: not used",
    "row-missing": "a row of the defaults is missing",
    "profile-incomplete": "a care profile without all 12 type x severity rows",
    "profile-price-years": "a care profile with several price years",
    "cpi-gap": "years missing in the CPI table (an error: the years after the gap could not be used)",
    # The MEERJARIG sheet (several years of the approach).
    "year-order": "the years of MEERJARIG do not increase row by row",
    "base-year-outside": "the base year of MEERJARIG lies outside its years",
    "team-way-mismatch": "a year of MEERJARIG states the team the other way than INVOER",
    "one-year-analysis": "an analysis of one year on a workbook with several years (MEERJARIG)",
    # The GEVOELIGHEID sheet.
    "header-missing": "no header row with the columns veld, nieuwe waarde, factor",
    "header-incomplete": "the header row lacks a column",
    "too-many-rows": "more rows than are read",
    "unknown-field": "a target that is no INVOER field or kengetal",
    "text-field": "a text field cannot change the outcome",
    "value-or-factor": "neither or both of new value and factor",
    "factor-on-choice": "a factor on a choice",
    "duplicate-field": "one variation changes a field twice",
    # The ONZEKERHEID sheet (the uncertainty analysis).
    "assumption-header-missing": "the ONZEKERHEID sheet lacks the header of its assumptions table",
    "assumption-header-incomplete": "a header cell of ONZEKERHEID is not the template's",
    "not-continuous": "a choice, year, duration or 0/1 field cannot take drawn values",
    "group-needs-factor": "a group of fields takes factors, not values",
    "bounds-order": "low above high, or the INVOER value outside a triangle",
    "lognormal-nonpositive": "a lognormal interval that does not lie above 0",
    "mode-outside-interval": "the INVOER value lies outside the interval of a distribution that ignores it",
    "mode-off-centre": "the INVOER value is far from the median of a normal or lognormal interval",
    "duplicate-assumption": "a field in two assumptions",
    "correlation-unknown-field": "a correlation names a field without an assumption",
    "correlation-same-field": "a correlation of a field with itself",
    "correlation-duplicate-pair": "the same pair of fields correlated twice",
    "correlation-not-positive-definite": "rank correlations that no joint distribution can have",
    "no-assumptions": "nothing is uncertain: no assumption is left to draw",
    "bad-option": "a command-line option whose value cannot be used (OptionError)",
    # The DOSSIERS sheet and the dossier analysis (mkba-xl dossiers; codes of analyses/dossier_checks.py).
    "dossier-sheet-missing": "mkba-xl dossiers on a workbook without a DOSSIERS sheet",
    "dossier-header-missing": "no header row with the column of the dossier number",
    "dossier-column-twice": "two columns with the same header",
    "dossier-column-unknown": "a column of one's own: not read, carried over",
    "dossier-too-many-rows": "more dossiers than are read",
    "no-dossiers": "mkba-xl dossiers on a sheet without any dossier",
    "missing-dossier-number": "a row without a dossier number",
    "duplicate-dossier": "a dossier number twice",
    "unknown-type": "a household type not in the list",
    "unknown-severity": "a severity not in the list",
    "unknown-value": "a value not in the column's list",
    "zrm-out-of-range": "a number that is no ZRM score 1-5",
    "invalid-number": "a count outside its range, or children at home above the total",
    "dropped-not-ongoing": "a trajectory dropped (-1) that was not ongoing at the start",
    "new-by-nobody": "a new trajectory (+1) carried by 'geen'",
    "escalation-without-type": "a prevented escalation in a household without a type",
    "bsn-column": "a column whose values look like BSNs (elfproef)",
    "bsn-value": "a BSN-like number in the remark",
    "missing-type": "a dossier without household type",
    "severity-not-derivable": "no severity and no ZRM scores to derive it from",
    "severity-differs-from-zrm": "the typed severity differs from the one the ZRM scores give",
    "newly-found-with-ongoing": "newly found, yet an intervention was ongoing",
    "takeover-missing": "a dropped trajectory without who took it over",
    "dead-weight-missing": "a new professional trajectory without 'also in the old way'",
    "escalation-children-missing": "a prevented OTS or UHP without the number of children",
    "escalation-children-exceed-household": "more children in a prevented OTS or UHP than in the household",
    "family-without-children": "a gezin with 0 children",
    "composition-not-family": "a family composition for an oudere or overig household",
    "others-without-improvement": "'improved by others' where nothing improved",
    "relapse-not-closed": "relapse in a case that is not closed",
    "small-sample": "fewer than 30 dossiers",
    "dossier-invoer-unfinished": "INVOER has errors: no comparison and no counts per year",
    "dossier-disagrees": "an INVOER value outside the interval of the DOSSIERS sheet",
    # Output that cannot be written (OutputError).
    "output-exists": "the output file exists (use --force)",
    "output-is-input": "the output would overwrite the input",
    "folder-missing": "the folder does not exist",
    "output-is-folder": "the output names a folder, or is empty",
    "output-extension": "-o names a file with another extension than the command writes (.xlsx, .docx)",
    "write-failed": "the file cannot be written (disk full, no permission, ...)",
    "too-few-workbooks": "a comparison of fewer than two workbooks",
}
"""Every problem code with what it means (English, for programs and developers)."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str
    field: str
    message: str
    severity: str = ERROR
    code: str = dataclasses.field(kw_only=True)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def as_json(self) -> dict[str, str]:
        return {"blad": self.sheet, "cel": self.cell, "veld": self.field, "melding": self.message, "code": self.code}

    def as_text(self) -> str:
        """'INVOER!C17: Aandeel gezinnen: ...': the message names the field by its label; its key (``field``) is for
        programs (``--json``), not for users."""
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{where}: {self.message}"


@dataclass
class Report:
    """All problems found in one workbook, errors and warnings apart."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    truncated: bool = False

    def add(self, problem: Problem) -> None:
        target = self.errors if problem.severity == ERROR else self.warnings
        if len(self.errors) + len(self.warnings) >= MAX_PROBLEMS:
            self.truncated = True
            return
        target.append(problem)

    def error(self, sheet: str, cell: str, field_key: str, message: str, *, code: str) -> None:
        self.add(Problem(sheet, cell, field_key, message, ERROR, code=code))

    def warn(self, sheet: str, cell: str, field_key: str, message: str, *, code: str) -> None:
        self.add(Problem(sheet, cell, field_key, message, WARNING, code=code))

    def extend(self, other: Report) -> None:
        """Add the errors and warnings of ``other`` (e.g. of another sheet)."""
        for problem in [*other.errors, *other.warnings]:
            self.add(problem)

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        """The codes of all errors and warnings, in report order (what tests and programs check)."""
        return [p.code for p in [*self.errors, *self.warnings]]

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "fouten": [p.as_json() for p in self.errors],
            "waarschuwingen": [p.as_json() for p in self.warnings],
        }
        if self.truncated:
            data["afgekapt"] = f"Meer dan {MAX_PROBLEMS} meldingen; alleen de eerste {MAX_PROBLEMS} staan hier."
        return data

    def as_text(self) -> str:
        lines: list[str] = []
        if self.errors:
            lines.append(f"{counted(len(self.errors), 'fout', 'fouten')} gevonden:")
            lines += [f"  - {p.as_text()}" for p in self.errors]
        if self.warnings:
            lines.append(f"{counted(len(self.warnings), 'waarschuwing', 'waarschuwingen')}:")
            lines += [f"  - {p.as_text()}" for p in self.warnings]
        if self.truncated:
            lines.append(f"(Meer dan {MAX_PROBLEMS} meldingen; los eerst deze op.)")
        return "\n".join(lines)


class Refusal(Exception):
    """A workbook that cannot be read at all; carries the single problem that says why.

    Raised before any cell is validated (not an xlsx, a zip bomb, no INVOER sheet, another template
    version, ...); the reader turns it into a report with this one problem.
    """

    def __init__(self, code: str, message: str, sheet: str = "", cell: str = ""):
        super().__init__(message)
        self.problem = Problem(sheet, cell, "", message, code=code)


class MkbaError(Exception):
    """Base class of the errors the library raises on purpose (the CLI maps them to exit code 2)."""

    code = "write-failed"


class InputError(MkbaError):
    """The workbook cannot be used: ``report`` says why, in Dutch, cell by cell."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(report.as_text())


class OutputError(MkbaError):
    """The output cannot be written where asked (exists without --force, equals the input, ...)."""

    def __init__(self, message: str, *, code: str = "write-failed"):
        if code not in CODES:
            raise ValueError(f"unknown problem code {code!r}")
        super().__init__(message)
        self.code = code


def exists_error(target: object, *, meanwhile: bool = False) -> OutputError:
    """The one refusal of an output file that exists, without ``--force`` (every command says it alike)."""
    made = (": het is tijdens het rekenen gemaakt, door een ander programma of een tweede run. Het is niet "
            "overschreven." if meanwhile else ".")
    return OutputError(f"{target} bestaat al{made} Gebruik --force om het te overschrijven of kies met -o een andere "
                       "naam.", code="output-exists")


class OptionError(MkbaError):
    """A command-line option whose value cannot be used (``--trekkingen abc``): Dutch, exit code 2."""

    code = "bad-option"
