"""The DOSSIERS sheet of an input workbook: its cells to a ``DossierSheet``, with every problem cell by cell.

The header row is found in the first rows by its texts: each header is a column's Dutch header or its key
(``dossiers.COLUMNS``), so a sheet pasted from one's own registration in another column order reads as well.
A header the analysis does not know is a column of the user's own: it is not read, but carried over into an
output workbook, and refused when its values look like BSNs. Every cell goes through ``convert`` first (a
formula without a value, an Excel error, a date), then every record through ``dossier_checks.validate``; the
Dutch messages are ``dossier_messages``. All problems come at once; empty rows are skipped.

An absent sheet, or one without any dossier, reads as ``None`` without problems: the template's empty sheet is
fine for ``check`` and ``run``. ``mkba-xl dossiers`` says 'no dossiers' itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..convert import NO_CACHED_VALUE, convert, is_blank, text_of
from ..dutch import MAX_TEXT, plain, quote
from ..errors import Problem, Report
from ..kengetallen import Kengetallen
from ..schema import (
    DOSSIERS_DESCRIPTION_CELL,
    DOSSIERS_HEADER_ROW,
    DOSSIERS_HEADER_SEARCH_ROWS,
    DOSSIERS_MAX_COLS,
    DOSSIERS_MAX_ROWS,
    DOSSIERS_SHEET,
    TEXT,
)
from ..xlsx.load import Cell, Grid, cell_position, column_letter
from . import dossier_checks as checks
from .dossier_messages import MESSAGES, Context, bsn_column_text, what_to_type
from .dossiers import COLUMN_BY_KEY, COLUMNS, NO, STATE, YES, YES_NO, DossierSheet, dossier_from_row

__all__ = ["ANCHOR", "dossiers_from_grid", "header_key"]

ANCHOR = "dossiernummer"
"""The column whose header marks the header row."""
_SPELLINGS = {**{c.key: c.key for c in COLUMNS}, **{" ".join(c.header.lower().split()): c.key for c in COLUMNS}}


def header_key(text: object) -> str | None:
    """The column key a header names (its key or its Dutch header, ignoring case and spaces), or None."""
    if not isinstance(text, str):
        return None
    return _SPELLINGS.get(" ".join(text.lower().split()))


@dataclass
class _Layout:
    """Where things are: the header row, the column of each known key, the columns of the user's own."""

    row: int
    known: dict[str, int]
    extra: dict[int, str]

    def letters(self) -> dict[str, str]:
        return {key: column_letter(col) for key, col in self.known.items()}

    def cell(self, key: str, row: int | None) -> str:
        """The cell of ``key`` in ``row``; the dossier number's cell when the sheet lacks that column."""
        col = self.known.get(key, self.known[ANCHOR])
        return f"{column_letter(col)}{row}" if row else f"{column_letter(col)}{self.row}"


def dossiers_from_grid(grid: Grid | None, kengetallen: Kengetallen | None = None) -> tuple[DossierSheet | None,
                                                                                          Report]:
    """The sheet's dossiers, or None when there are none, and the report of every problem (``Handler.read``)."""
    report = Report()
    if grid is None:
        return None, report
    layout = _find_header(grid, report)
    if layout is None:
        return None, report
    rows, extra, bad = _read_rows(grid, layout, report)
    if not rows:
        return None, report
    dossiers = tuple(dossier_from_row(values, r) for r, values in rows)
    _report_bsn_columns(grid, layout, rows, extra, report)
    context = Context({key: _header_text(grid, layout, key) for key in layout.known}, layout.letters(), dossiers)
    for p in checks.iter_problems(dossiers):  # one dossier at a time: a full report stops the checks
        if report.truncated:
            break  # the report holds no more (errors.MAX_PROBLEMS): the rest would only cost time
        if p.code == checks.BSN_COLUMN:
            continue  # reported per column with its counts, above
        cell = layout.cell(p.column, p.row)
        if (p.row, p.column) in bad:
            continue  # the cell's own problem (a date, an Excel error) is already reported
        report.add(_problem(p, cell, context))
    description = _description(grid, layout)
    return DossierSheet(dossiers, description, tuple(layout.extra.values()), tuple(extra)), report


def _problem(p: checks.DossierProblem, cell: str, context: Context) -> Problem:
    return Problem(DOSSIERS_SHEET, cell, p.column, MESSAGES[p.code](p, context), p.severity, code=p.code)


def _header_text(grid: Grid, layout: _Layout, key: str) -> str:
    cell = grid.get((layout.row, layout.known[key]))
    text = " ".join(str(cell.value).split()) if cell and cell.value is not None else key
    return COLUMN_BY_KEY[key].header if text == key else text


def _find_header(grid: Grid, report: Report) -> _Layout | None:
    for r in range(1, DOSSIERS_HEADER_SEARCH_ROWS + 1):
        keys = {c: header_key(grid[(r, c)].value) for c in range(1, DOSSIERS_MAX_COLS + 1) if (r, c) in grid}
        if ANCHOR not in keys.values():
            continue
        known: dict[str, int] = {}
        extra: dict[int, str] = {}
        for c, key in sorted(keys.items()):
            text = " ".join(str(grid[(r, c)].value).split())
            if key is None:
                if text:
                    extra[c] = text
                    report.warn(DOSSIERS_SHEET, f"{column_letter(c)}{r}", "",
                                f"Kolom {column_letter(c)} ('{quote(text)}') is geen kolom van de dossieranalyse en "
                                "telt niet mee; ze blijft wel staan in een uitvoerbestand. Bedoelt u een kolom uit "
                                "het sjabloon, typ dan de kop zoals daar.", code="dossier-column-unknown")
            elif key in known:
                report.error(DOSSIERS_SHEET, f"{column_letter(c)}{r}", key,
                             f"De kolommen {column_letter(known[key])} en {column_letter(c)} hebben allebei de kop "
                             f"'{COLUMN_BY_KEY[key].header}'. Verwijder of hernoem een van beide.",
                             code="dossier-column-twice")
            else:
                known[key] = c
        return _Layout(r, known, extra)
    if any(not is_blank(cell) for cell in grid.values()):
        report.error(DOSSIERS_SHEET, "", "",
                     f"Het blad {DOSSIERS_SHEET} heeft geen kopregel: in de regels 1 tot en met "
                     f"{DOSSIERS_HEADER_SEARCH_ROWS} staat geen kolom '{COLUMN_BY_KEY[ANCHOR].header}'. Neem het blad "
                     "over uit een nieuw sjabloon (mkba-xl template) en zet de dossiers onder de kopregel (regel "
                     f"{DOSSIERS_HEADER_ROW}); of verwijder het blad als u geen dossieranalyse doet.",
                     code="dossier-header-missing")
    return None


def _cell_value(cell: Cell, key: str, col: str, row: int, report: Report) -> tuple[Any, bool]:
    """(value for ``dossier_from_row``, whether the cell has a problem of its own; the cell is ``col`` ``row``).
    Text stays text; WAAR and ONWAAR are ja and nee in a ja/nee column."""
    column = COLUMN_BY_KEY[key]
    if cell.formula and cell.value is None:
        code = "no-cached-value"
    elif cell.error:
        code = "excel-error"
    elif is_blank(cell):
        return None, False
    elif cell.date:
        code = "is-a-date"
    elif isinstance(cell.value, bool):
        if column.type in (YES_NO, STATE):
            return (YES if cell.value else NO), False
        code = "is-a-boolean"
    elif column.type == TEXT:
        text = text_of(cell.value).strip()
        if len(text) <= MAX_TEXT:
            return text, False
        code = "text-too-long"
    else:
        return cell.value, False
    if not report.truncated:  # a full report keeps no more (errors.MAX_PROBLEMS): 300,000 messages cost 0.4 s
        report.error(DOSSIERS_SHEET, f"{col}{row}", key, f"{column.header}: {_own_problem(code, cell, key)}",
                     code=code)
    return None, True


def _own_problem(code: str, cell: Cell, key: str) -> str:
    """The message of a cell's own problem (``code`` of ``_cell_value``)."""
    if code == "no-cached-value":
        return NO_CACHED_VALUE
    if code == "excel-error":
        return f"de cel bevat de Excel-foutwaarde {cell.value}. Typ {_what(key)}."
    if code == "is-a-date":
        return (f"de cel bevat een datum. Typ {_what(key)}; Excel maakt van sommige nummers een datum (3-12), zet de "
                "opmaak van de kolom dan op Tekst.")
    if code == "is-a-boolean":
        return f"de cel bevat {'WAAR' if cell.value else 'ONWAAR'}. Typ {_what(key)}."
    return (f"de tekst is {plain(len(text_of(cell.value).strip()))} tekens lang; maximaal {MAX_TEXT}. Typ een "
            "kortere tekst.")


def _what(key: str) -> str:
    """What to type in a column of ``key``, for a cell's own problem."""
    return what_to_type(key) if COLUMN_BY_KEY[key].type != TEXT else "een tekst"


def _read_rows(grid: Grid, layout: _Layout, report: Report
               ) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[Any, ...]], set[tuple[int, str]]]:
    """(row number, values by key) per filled row, the extra columns' values per row, and the bad cells."""
    last = max((r for r, _ in grid), default=layout.row)
    columns = sorted({*layout.known.values(), *layout.extra})
    rows: list[tuple[int, dict[str, Any]]] = []
    extras: list[tuple[Any, ...]] = []
    bad: set[tuple[int, str]] = set()
    letters = layout.letters()
    known = list(layout.known.items())
    for r in range(layout.row + 1, last + 1):
        if all(is_blank(grid.get((r, c))) for c in columns):
            continue
        if r > layout.row + DOSSIERS_MAX_ROWS:
            report.error(DOSSIERS_SHEET, layout.cell(ANCHOR, r), "",
                         f"Er staan meer dan {plain(DOSSIERS_MAX_ROWS)} dossiers onder de kopregel; alleen de eerste "
                         f"{plain(DOSSIERS_MAX_ROWS)} worden gelezen. Verwijder de regels vanaf regel {r}; een "
                         "aselecte steekproef van 80 à 150 dossiers is genoeg.", code="dossier-too-many-rows")
            break
        values: dict[str, Any] = {}
        for key, c in known:
            cell = grid.get((r, c))
            if cell is None:
                values[key] = None
                continue
            values[key], failed = _cell_value(cell, key, letters[key], r, report)
            if failed:
                bad.add((r, key))
        rows.append((r, values))
        extras.append(tuple(_extra_value(grid.get((r, c))) for c in layout.extra))
    return rows, extras, bad


def _extra_value(cell: Cell | None) -> Any:
    """A cell of a column of the user's own as it will be written back: text or number, nothing evaluated."""
    if cell is None or cell.value is None:
        return None
    value = cell.value
    kind = type(value)
    if kind is int or kind is float or kind is str:  # the usual cells, without the slower checks below
        return value
    return value if isinstance(value, (int, float, str)) and not isinstance(value, bool) else str(value)


def _report_bsn_columns(grid: Grid, layout: _Layout, rows: list[tuple[int, dict[str, Any]]],
                        extra: list[tuple[Any, ...]], report: Report) -> None:
    """Every column that looks like BSNs, the sheet's known text columns and the user's own ones (``extra``: their
    values per row, as read) alike."""
    columns: dict[int, list[Any]] = {}
    for key in checks.BSN_CHECKED_COLUMNS:
        if key in layout.known:
            columns[layout.known[key]] = [values[key] for _, values in rows]
    for i, c in enumerate(layout.extra):
        columns[c] = [values[i] for values in extra]
    by_name = {str(c): values for c, values in columns.items()}
    for name in checks.bsn_like_columns(by_name):
        c = int(name)
        nine = [d for d in map(checks.nine_digits, columns[c]) if d is not None]
        passing = sum(checks.passes_elfproef(d) for d in nine)
        header = " ".join(str(grid[(layout.row, c)].value).split())
        key = next((k for k, col in layout.known.items() if col == c), "")
        report.error(DOSSIERS_SHEET, f"{column_letter(c)}{layout.row}", key,
                     bsn_column_text(header, passing, len(columns[c])), code=checks.BSN_COLUMN)


def _description(grid: Grid, layout: _Layout) -> str:
    """The description of the sample (C3), when the header is below it as in the template."""
    row, col = cell_position(DOSSIERS_DESCRIPTION_CELL)
    if layout.row <= row:
        return ""
    text, why = convert(grid.get((row, col)), TEXT)
    return text or "" if why is None else ""

