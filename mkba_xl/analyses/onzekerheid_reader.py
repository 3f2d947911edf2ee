"""The user's uncertain assumptions, read from the sheet ONZEKERHEID of the input workbook.

The layout is fixed (the template writes it; the sheet is protected): the assumptions table in B:G
(veld, verdeling, grenzen als, laag, hoog, bron) and the rank correlations in I:K (veld 1, veld 2,
rangcorrelatie), both with their header in row ``ONZEKERHEID_HEADER_ROW`` and at most
``ONZEKERHEID_MAX_ROWS`` rows under it. The reader checks the header texts, so a sheet of another
layout is refused with the cell that differs rather than misread.

This is the first of two checks, the one that needs only the sheet: every cell is judged with
``convert`` (the rules of the other input sheets), ``veld`` must name something that can take drawn
values, and no field may be in two rows. The second check (``onzekerheid_model.plan``) needs INVOER:
the most likely value, the field's range for factors, the distributions and the correlations.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any

from .. import kengetallen as kg
from ..convert import Reason, convert, is_blank
from ..dutch import quote, what_to_type
from ..engine.variants import DEEL_D_COUNT_FIELDS, is_kengetal, kengetal_key, scalar_only
from ..errors import Report
from ..schema import (
    BOUNDS_AS,
    CHOICE,
    CORRELATION_COLUMNS,
    CORRELATION_FIRST_COL,
    DISTRIBUTIONS,
    NO_DISTRIBUTION,
    NUMBER,
    ONZEKERHEID_COLUMNS,
    ONZEKERHEID_FIRST_COL,
    ONZEKERHEID_HEADER_ROW,
    ONZEKERHEID_MAX_ROWS,
    ONZEKERHEID_SHEET,
    TEXT,
    WHOLE,
    fields_by_key,
)
from ..xlsx.load import Cell, Grid
from .gevoeligheid_reader import MAX_FACTOR, resolve_target
from .onzekerheid_rows import (
    FACTOR,
    GROUP_PREFIX,
    GROUPS,
    STANDARD_TITLE,
    WAARDE,
    AssumptionRow,
    CorrelationRow,
    UncertaintySheet,
    assumption_cell,
    correlation_cell,
    is_group,
    targets_of,
)
from .variations import bounds, kind

__all__ = ["MAX_CORRELATION", "sheet_from_grid"]

MAX_CORRELATION = 0.99
"""Largest rank correlation (in absolute value) a row may give: +-1 leaves no joint distribution to draw."""

_FIELD = "onzekerheid"


def sheet_from_grid(grid: Grid | None, kengetallen: kg.Kengetallen | None = None) -> tuple[UncertaintySheet | None,
                                                                                             Report]:
    """The user's rows on an already loaded ONZEKERHEID sheet, and every problem with its cell.

    Without the sheet the value is None (the analysis then uses the standard set alone). Rows with a
    problem are left out of the value; callers stop on ``not report.ok``, as with the other sheets.
    """
    report = Report()
    if grid is None:
        return None, report
    if not grid:  # an empty sheet: no rows of one's own
        return UncertaintySheet(), report
    k = kengetallen or kg.default_kengetallen()
    if not _header_ok(grid, ONZEKERHEID_COLUMNS, ONZEKERHEID_FIRST_COL, assumption_cell, report, required=True):
        return UncertaintySheet(), report
    rows = _read_assumptions(grid, k, report)
    correlations: tuple[CorrelationRow, ...] = ()
    if _header_ok(grid, CORRELATION_COLUMNS, CORRELATION_FIRST_COL, correlation_cell, report, required=False):
        correlations = _read_correlations(grid, k, report)
    return UncertaintySheet(rows, correlations), report


def _norm(value: Any) -> str:
    return " ".join(str(value).split()).lower() if isinstance(value, str) else ""


def _header_ok(grid: Grid, columns: dict[str, str], first_col: int, where: Callable[[str, int], str], report: Report,
               *, required: bool) -> bool:
    """Whether the header texts stand where the template puts them; a missing table is fine unless required."""
    r = ONZEKERHEID_HEADER_ROW
    cells = {key: grid.get((r, first_col + i)) for i, key in enumerate(columns)}
    found = [key for key, cell in cells.items() if _norm(cell.value if cell else None) == columns[key]]
    if len(found) == len(columns):
        return True
    body = any(not is_blank(grid.get((row, first_col + i)))
               for row in range(r + 1, r + ONZEKERHEID_MAX_ROWS + 1) for i in range(len(columns)))
    if not found and all(is_blank(c) for c in cells.values()):
        if required or body:
            first, last = where(next(iter(columns)), r), where(list(columns)[-1], r)
            report.error(ONZEKERHEID_SHEET, first, _FIELD,
                         f"Het blad {ONZEKERHEID_SHEET} heeft in {first} tot en met {last} niet de kopregel van het "
                         f"sjabloon ({', '.join(columns.values())}). Maak het blad opnieuw met mkba-xl template en "
                         f"kopieer uw regels eronder, of verwijder het blad als u alleen de standaardaannames wilt.",
                         code="assumption-header-missing")
        return False
    wrong = next(key for key in columns if key not in found)
    cell = where(wrong, r)
    report.error(ONZEKERHEID_SHEET, cell, _FIELD,
                 f"In de kopregel hoort in {cell} '{columns[wrong]}' te staan. De kolommen staan vast: "
                 f"{', '.join(columns.values())}, vanaf {where(next(iter(columns)), r)}. Zet de kopjes terug zoals "
                 "in het sjabloon (mkba-xl template).", code="assumption-header-incomplete")
    return False


# ---------------------------------------------------------------------------------------------
# veld: what a row varies
# ---------------------------------------------------------------------------------------------

def resolve_veld(cell: Cell | None, k: kg.Kengetallen) -> tuple[str | None, Reason | None]:
    """The target (field key, ``kengetal:<key>``) or ``groep:<name>`` a veld cell names, or why none."""
    if is_blank(cell):
        return None, Reason("required", "de kolom veld is leeg. Typ wat onzeker is: een veldnaam van het blad INVOER "
                                        "(bijvoorbeeld terugval), kengetal:<sleutel> of groep:<naam> (bijvoorbeeld "
                                        "groep:substitutie).")
    assert cell is not None
    if not isinstance(cell.value, str) or cell.formula:
        return None, Reason("not-text", "de kolom veld moet een veldnaam bevatten (tekst, geen getal of formule), "
                                        "bijvoorbeeld terugval.")
    typed = " ".join(cell.value.split())
    low = typed.lower().replace(" ", "")
    if low.startswith(GROUP_PREFIX):
        name = low[len(GROUP_PREFIX):]
        if name in GROUPS:
            return GROUP_PREFIX + name, None
        near = difflib.get_close_matches(name, list(GROUPS), n=2) or list(GROUPS)
        return None, Reason("unknown-field", f'"{quote(typed)}" is geen groep. Bestaande groepen: '
                                             f"{', '.join(GROUP_PREFIX + g for g in near)}.")
    target, reason = resolve_target(typed, k)
    if reason is not None or target is None:
        return None, reason or Reason("unknown-field", f'"{quote(typed)}" is geen veld.')
    if is_kengetal(target):  # the kengetal that stands in for an empty INVOER cell is that cell's assumption
        target = next((f.key for f in fields_by_key().values() if f.fallback_kengetal == kengetal_key(target)),
                      target)
    why = _not_continuous(target, typed)
    return (None, why) if why else (target, None)


def _not_continuous(target: str, typed: str) -> Reason | None:
    """Why a target cannot take drawn values, or None."""
    name = f'"{quote(typed)}"'
    if is_kengetal(target):
        if scalar_only(target):
            return Reason("not-continuous", f"{name} (kengetal {kengetal_key(target)}) is een duur, een startjaar of "
                                            "een discontovoet die bepaalt in welke jaren bedragen vallen; die kan niet "
                                            "per trekking verschillen. Laat deze regel weg, of bekijk het effect met "
                                            "mkba-xl gevoeligheid (blad GEVOELIGHEID).")
        return None
    f = fields_by_key()[target]
    if target in DEEL_D_COUNT_FIELDS:  # drawn only where INVOER fills it in (onzekerheid_model checks)
        return None
    if f.type == CHOICE or scalar_only(target):
        return Reason("not-continuous", f"{name} ({f.label}) is een keuze of een jaartal; daaruit kan niet worden "
                                        "getrokken. Bekijk een andere keuze met mkba-xl gevoeligheid (blad "
                                        "GEVOELIGHEID).")
    if f.type == WHOLE and (f.min, f.max) == (0, 1):
        return Reason("not-continuous", f"{name} ({f.label}) is 1 (ja) of 0 (nee); een getal daartussen betekent "
                                        "niets. Laat deze regel weg.")
    return None


# ---------------------------------------------------------------------------------------------
# The assumptions table
# ---------------------------------------------------------------------------------------------

def _error(report: Report, cell: str, row: int, text: str, code: str) -> None:
    report.error(ONZEKERHEID_SHEET, cell, f"{_FIELD}.regel{row}", f"Regel {row}: {text}", code=code)


def _choice(cell: Cell | None, choices: Iterable[str], what: str) -> tuple[str | None, Reason | None]:
    value, why = convert(cell, CHOICE, choices=tuple(choices))
    if why:
        return None, Reason(why.code, f"{what}: {why.text}")
    return value, None


def _read_assumptions(grid: Grid, k: kg.Kengetallen, report: Report) -> tuple[AssumptionRow, ...]:
    rows: list[AssumptionRow] = []
    claimed: dict[str, int] = {}
    first = ONZEKERHEID_HEADER_ROW + 1
    for r in range(first, first + ONZEKERHEID_MAX_ROWS):
        cells = {key: grid.get((r, ONZEKERHEID_FIRST_COL + i)) for i, key in enumerate(ONZEKERHEID_COLUMNS)}
        if all(is_blank(c) for c in cells.values()):
            continue
        row = _read_row(cells, r, k, report)
        if row is None:
            continue
        overlap = sorted({t: claimed[t] for t in targets_of(row.veld) if t in claimed}.items())
        if overlap:
            field, other = overlap[0]
            _error(report, assumption_cell("veld", r), r,
                   f"het veld {field} staat al in regel {other}; elk veld hoort bij één aanname (een groep telt voor "
                   "al haar velden). Verwijder een van de twee regels.", "duplicate-assumption")
            continue
        claimed.update({t: r for t in targets_of(row.veld)})
        rows.append(row)
    _rows_beyond(grid, report)
    return tuple(rows)


def _rows_beyond(grid: Grid, report: Report) -> None:
    """One error for the first filled row under the tables, above the standard set's title (nothing is lost)."""
    last_col = CORRELATION_FIRST_COL + len(CORRELATION_COLUMNS) - 1
    for r in range(ONZEKERHEID_HEADER_ROW + ONZEKERHEID_MAX_ROWS + 1, max((row for row, _ in grid), default=0) + 1):
        title = grid.get((r, ONZEKERHEID_FIRST_COL))
        if title is not None and _norm(title.value) == _norm(STANDARD_TITLE):
            return
        if any(not is_blank(grid.get((r, c))) for c in range(ONZEKERHEID_FIRST_COL, last_col + 1)):
            last = ONZEKERHEID_HEADER_ROW + ONZEKERHEID_MAX_ROWS
            report.error(ONZEKERHEID_SHEET, f"B{r}", _FIELD,
                         f"Er staan meer dan {ONZEKERHEID_MAX_ROWS} regels onder de kopregel; alleen de regels "
                         f"{ONZEKERHEID_HEADER_ROW + 1} tot en met {last} worden gelezen. Zet minder aannames op het "
                         f"blad (een groep telt voor meer velden) of verwijder de regels vanaf regel {r}.",
                         code="too-many-rows")
            return


def _read_row(cells: dict[str, Cell | None], r: int, k: kg.Kengetallen, report: Report) -> AssumptionRow | None:
    """One row, or None with its problems in ``report`` (every cell is judged, not only the first wrong one)."""
    failed = False

    def fail(column: str, reason: Reason) -> None:
        nonlocal failed
        failed = True
        _error(report, assumption_cell(column, r), r, reason.text, reason.code)

    source, why = convert(cells["bron"], TEXT)
    if why:
        fail("bron", Reason(why.code, f"bron: {why.text}"))
    veld, why = resolve_veld(cells["veld"], k)
    if why:
        fail("veld", why)
    verdeling, why = _choice(cells["verdeling"], (*DISTRIBUTIONS, NO_DISTRIBUTION), "verdeling")
    if why:
        fail("verdeling", why)
    elif verdeling is None:
        fail("verdeling", Reason("required", "de kolom verdeling is leeg. Typ een van: "
                                             f"{', '.join(DISTRIBUTIONS)}; of {NO_DISTRIBUTION} om het veld op zijn "
                                             "INVOER-waarde te houden."))
    grenzen, why = _choice(cells["grenzen"], BOUNDS_AS, "grenzen als")
    if why:
        fail("grenzen", why)
    if veld is None or verdeling is None or failed:
        return None
    grenzen = grenzen or (FACTOR if is_group(veld) else WAARDE)
    if verdeling == NO_DISTRIBUTION:
        return AssumptionRow(veld, verdeling, grenzen, None, None, source or "", r)
    if is_group(veld) and grenzen != FACTOR:
        fail("grenzen", Reason("group-needs-factor", f"een groep verandert velden met verschillende waarden; typ "
                                                     f"{FACTOR} en geef laag en hoog als factoren op de INVOER-"
                                                     "waarden (bijvoorbeeld 0,5 en 1,5)."))
        return None
    low, high = (_bound(cells[key], key, veld, grenzen, fail) for key in ("laag", "hoog"))
    if failed or low is None or high is None:
        return None
    return AssumptionRow(veld, verdeling, grenzen, low, high, source or "", r)


def _bound(cell: Cell | None, key: str, veld: str, grenzen: str, fail: Any) -> float | None:
    """laag or hoog: a value of the field (its type and range) or a factor from 0 to ``MAX_FACTOR``."""
    if grenzen == FACTOR:
        type_, lo, hi = NUMBER, 0.0, MAX_FACTOR
        what = f"een factor op de INVOER-waarde: {what_to_type(NUMBER, lo, hi)}"
    else:
        type_, (lo, hi) = kind(veld), bounds(veld)
        what = what_to_type(type_, lo, hi)
    if is_blank(cell):
        fail(key, Reason("required", f"{key} is leeg. Typ {what}."))
        return None
    value, why = convert(cell, type_ if type_ != WHOLE else NUMBER, lo, hi)
    if why:
        fail(key, Reason(why.code, f"{key}: {why.text}"))
        return None
    return float(value)


# ---------------------------------------------------------------------------------------------
# The rank correlations
# ---------------------------------------------------------------------------------------------

def _read_correlations(grid: Grid, k: kg.Kengetallen, report: Report) -> tuple[CorrelationRow, ...]:
    out: list[CorrelationRow] = []
    pairs: dict[frozenset[str], int] = {}
    first = ONZEKERHEID_HEADER_ROW + 1
    for r in range(first, first + ONZEKERHEID_MAX_ROWS):
        cells = {key: grid.get((r, CORRELATION_FIRST_COL + i)) for i, key in enumerate(CORRELATION_COLUMNS)}
        if all(is_blank(c) for c in cells.values()):
            continue
        names: list[str] = []
        for key in ("veld_1", "veld_2"):
            veld, why = resolve_veld(cells[key], k)
            if why or veld is None:
                _error(report, correlation_cell(key, r), r, f"{CORRELATION_COLUMNS[key]}: {why.text if why else ''}",
                       why.code if why else "unknown-field")
            else:
                names.append(veld)
        rho, why = convert(cells["rangcorrelatie"], NUMBER, -MAX_CORRELATION, MAX_CORRELATION)
        if why is None and rho is None:
            why = Reason("required", f"de rangcorrelatie is leeg. Typ "
                                     f"{what_to_type(NUMBER, -MAX_CORRELATION, MAX_CORRELATION)}.")
        if why:
            _error(report, correlation_cell("rangcorrelatie", r), r, f"rangcorrelatie: {why.text}", why.code)
        if len(names) < 2 or why:
            continue
        if names[0] == names[1]:
            _error(report, correlation_cell("veld_2", r), r, f"{names[0]} staat twee keer in deze regel; een "
                                                             "correlatie hoort bij twee verschillende aannames.",
                   "correlation-same-field")
            continue
        pair = frozenset(names)
        if pair in pairs:
            _error(report, correlation_cell("veld_1", r), r, f"de correlatie tussen {names[0]} en {names[1]} staat al "
                                                             f"in regel {pairs[pair]}. Verwijder een van de twee.",
                   "correlation-duplicate-pair")
            continue
        pairs[pair] = r
        out.append(CorrelationRow(names[0], names[1], float(rho), r))
    return tuple(out)
