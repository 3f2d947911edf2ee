"""Problems as data: every complaint about a workbook names sheet, cell, field and a Dutch message.

The reader collects all problems of a workbook into one ``Report`` instead of stopping at the
first, so a user can fix everything in one go. Only a workbook that cannot be opened at all
(not an xlsx, encrypted, too large, a zip bomb) is refused with a single problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR = "fout"
WARNING = "waarschuwing"
MAX_PROBLEMS = 200
"""Cap on reported problems; a badly broken workbook would otherwise produce thousands."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str
    field: str
    message: str
    severity: str = ERROR
    code: str = ""

    def as_json(self) -> dict[str, str]:
        return {"blad": self.sheet, "cel": self.cell, "veld": self.field, "melding": self.message}

    def as_text(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        what = f" ({self.field})" if self.field else ""
        return f"{where}{what}: {self.message}"


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

    def error(self, sheet: str, cell: str, field_key: str, message: str) -> None:
        self.add(Problem(sheet, cell, field_key, message, ERROR))

    def warn(self, sheet: str, cell: str, field_key: str, message: str) -> None:
        self.add(Problem(sheet, cell, field_key, message, WARNING))

    @property
    def ok(self) -> bool:
        return not self.errors

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
            lines.append(f"{len(self.errors)} fout(en) gevonden:")
            lines += [f"  - {p.as_text()}" for p in self.errors]
        if self.warnings:
            lines.append(f"{len(self.warnings)} waarschuwing(en):")
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


class InputError(MkbaError):
    """The workbook cannot be used: ``report`` says why, in Dutch, cell by cell."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(report.as_text())


class OutputError(MkbaError):
    """The output cannot be written where asked (exists without --force, equals the input, ...)."""
