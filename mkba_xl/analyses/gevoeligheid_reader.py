"""The user's own sensitivity variations, read from the sheet GEVOELIGHEID of the input workbook.

Columns veld, nieuwe waarde, factor, omschrijving (the header row is found in the first rows by its
texts). Each non-empty row changes one field: ``veld`` is an INVOER key (kosten_per_fte), an INVOER
cell (C43) or ``kengetal:<key>``; either ``nieuwe waarde`` or ``factor`` (on the base value) is
filled in. Rows with the same ``omschrijving`` form one variation (several fields at once); rows
without one are a variation each. Every cell is judged with ``convert``, the rules of the other
input sheets, so a value refused on INVOER or KENGETALLEN is refused here too.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from pathlib import Path
from typing import Any

from .. import kengetallen as kg
from ..convert import Reason, convert, is_blank
from ..dutch import FACTOR, quote, show, what_to_type
from ..engine.variants import KENGETAL_PREFIX, is_kengetal, kengetal_key
from ..errors import Refusal, Report
from ..reader import load_grids
from ..schema import (
    CHOICE,
    GEVOELIGHEID_AREA,
    GEVOELIGHEID_COLUMNS,
    GEVOELIGHEID_HEADER_ROW,
    GEVOELIGHEID_HEADER_SEARCH_ROWS,
    GEVOELIGHEID_MAX_ROWS,
    GEVOELIGHEID_SHEET,
    INVOER_SHEET,
    NUMBER,
    TEXT,
    fields_by_key,
)
from ..xlsx.load import Grid, column_letter
from .variations import Change, Variation, kind

__all__ = ["MAX_FACTOR", "read_user_variations", "resolve_target", "variations_from_grid"]

MAX_FACTOR = 1000.0
"""Largest factor on a base value a row may give."""

_HEADER_ALIASES = {"veld": "veld", "nieuwe waarde": "waarde", "waarde": "waarde", "factor": "factor",
                   "omschrijving": "omschrijving"}
_MAX_COLS = GEVOELIGHEID_AREA[1]
_EXAMPLE_HEADER = f"B{GEVOELIGHEID_HEADER_ROW} tot en met E{GEVOELIGHEID_HEADER_ROW}"


def read_user_variations(path: str | os.PathLike[str],
                         kengetallen: kg.Kengetallen | None = None) -> tuple[list[Variation], Report]:
    """The user's variations on the sheet GEVOELIGHEID, and a report of every problem with its cell.

    The sheet is optional: without it the list is empty and the report clean. ``kengetallen`` (the
    workbook's own, when read) supplies the valid discount rules and profiles. Variations of rows
    without problems are returned even when other rows have errors: callers stop on ``not report.ok``,
    as with ``reader.read_workbook``.
    """
    path = Path(path)
    try:
        grids = load_grids(path)
    except Refusal as refusal:
        report = Report()
        report.add(dataclasses.replace(refusal.problem, sheet=path.name))
        return [], report
    return variations_from_grid(grids.get(GEVOELIGHEID_SHEET), kengetallen)


def variations_from_grid(grid: Grid | None,
                         kengetallen: kg.Kengetallen | None = None) -> tuple[list[Variation], Report]:
    """The variations on an already loaded GEVOELIGHEID sheet (``reader.read_workbook_sheets``)."""
    report = Report()
    if grid is None:
        return [], report
    header = _find_header(grid, report)
    if header is None:
        return [], report
    header_row, columns = header
    return _read_rows(grid, header_row, columns, kengetallen or kg.default_kengetallen(), report), report


def _norm(value: Any) -> str:
    return " ".join(str(value).split()).lower() if isinstance(value, str) else ""


def _find_header(grid: Grid, report: Report) -> tuple[int, dict[str, int]] | None:
    for r in range(1, GEVOELIGHEID_HEADER_SEARCH_ROWS + 1):
        found: dict[str, int] = {}
        for c in range(1, _MAX_COLS + 1):
            cell = grid.get((r, c))
            key = _HEADER_ALIASES.get(_norm(cell.value)) if cell else None
            if key and key not in found:
                found[key] = c
        if "veld" in found:
            missing = [GEVOELIGHEID_COLUMNS[k] for k in ("waarde", "factor") if k not in found]
            if missing:
                report.error(GEVOELIGHEID_SHEET, f"{column_letter(found['veld'])}{r}", "",
                             f"De kopregel mist de kolom(men) {', '.join(missing)}. Typ naast 'veld' de kopjes "
                             f"'nieuwe waarde', 'factor' en 'omschrijving' (zoals in {_EXAMPLE_HEADER} van het "
                             "sjabloon).", code="header-incomplete")
                return None
            return r, found
    if grid:
        report.error(GEVOELIGHEID_SHEET, "", "",
                     f"Het blad {GEVOELIGHEID_SHEET} heeft geen kopregel met de kolommen veld, nieuwe waarde, factor "
                     f"en omschrijving (gezocht in de regels 1 tot en met {GEVOELIGHEID_HEADER_SEARCH_ROWS}). Typ die "
                     f"vier kopjes in één regel, bijvoorbeeld in {_EXAMPLE_HEADER}, en zet uw varianten eronder; of "
                     "verwijder het blad als u geen eigen varianten wilt.", code="header-missing")
    return None


def resolve_target(text: str, k: kg.Kengetallen) -> tuple[str | None, Reason | None]:
    """The target a typed ``veld`` names (field key, INVOER cell or kengetal:<key>), or why none."""
    fields = fields_by_key()
    spellings = {f.key.lower(): f.key for f in fields.values()}
    spellings.update({f.cell.lower(): f.key for f in fields.values()})
    spellings.update({f"{INVOER_SHEET}!{f.cell}".lower(): f.key for f in fields.values()})
    scalars = {key.lower(): key for key in k.scalars}
    typed = " ".join(text.split())
    low = typed.lower().replace(" ", "")
    if is_kengetal(low):
        key = kengetal_key(low)
        if key in scalars:
            return KENGETAL_PREFIX + scalars[key], None
        near = _suggest(key, list(scalars))
        hint = f" Bedoelt u {' of '.join(KENGETAL_PREFIX + n for n in near)}?" if near else ""
        return None, Reason("unknown-field", f'"{quote(typed)}": het kengetal "{quote(key)}" bestaat niet.{hint} De '
                                             "sleutels staan in kolom B van de tabel Kengetallen op het blad "
                                             "KENGETALLEN.")
    if low in spellings:
        key = spellings[low]
        if fields[key].type == TEXT:
            return None, Reason("text-field", f'"{quote(typed)}" is een tekstveld ({fields[key].label}) en verandert '
                                              "de uitkomst niet. Kies een veld met een getal, percentage of bedrag.")
        return key, None
    near = _suggest(low, list(fields))
    hint = f" Bedoelt u {' of '.join(near)}?" if near else ""
    return None, Reason("unknown-field",
                        f'"{quote(typed)}" is geen veld van het blad {INVOER_SHEET}.{hint} Typ de veldnaam (de '
                        "lijst geeft mkba-xl schema), de cel op het blad INVOER (bijvoorbeeld C43) of "
                        "kengetal:<sleutel> (bijvoorbeeld kengetal:qaly_waarde).")


def _suggest(typed: str, known: list[str]) -> list[str]:
    """Up to three known keys that look like what was typed (containing it, or similar)."""
    containing = [k for k in known if typed and typed in k.lower()]
    similar = difflib.get_close_matches(typed, known, n=3)
    return list(dict.fromkeys(containing + similar))[:3]


def _kind_range(target: str, k: kg.Kengetallen) -> tuple[str, float | None, float | None, tuple[str, ...]]:
    """How a new value for ``target`` is read: its kind, range and choices (those of its own sheet)."""
    if is_kengetal(target):
        return (kind(target), *kg.scalar_range(kengetal_key(target)), ())
    f = fields_by_key()[target]
    return f.type, f.min, f.max, kg.choices_for(target, k) if f.type == CHOICE else ()


def _short_label(target: str) -> str:
    if is_kengetal(target):
        return f"kengetal {kengetal_key(target)}"
    return fields_by_key()[target].label


class _RowError(Exception):
    """A row that cannot be used: the column whose cell is named, and why."""

    def __init__(self, column: str, code: str, text: str) -> None:
        super().__init__(text)
        self.column, self.code, self.text = column, code, text


def _read_row(cells: dict[str, Any], where: dict[str, str], k: kg.Kengetallen) -> tuple[str, Change, str, str]:
    """(description, change, automatic description) of one row; raises ``_RowError``."""
    description = ""
    if "omschrijving" in cells:
        text, why = convert(cells["omschrijving"], TEXT)
        if why:
            raise _RowError("omschrijving", why.code, f"omschrijving: {why.text}")
        description = text or ""
    veld = cells["veld"]
    if is_blank(veld):
        raise _RowError("veld", "required", "de kolom veld is leeg. Typ welk veld deze regel verandert: een veldnaam "
                                            "van het blad INVOER (bijvoorbeeld kosten_per_fte), een cel van INVOER "
                                            "(bijvoorbeeld C43) of kengetal:<sleutel>.")
    if not isinstance(veld.value, str) or veld.formula:
        raise _RowError("veld", "not-text", "de kolom veld moet een veldnaam bevatten (tekst, geen getal of formule), "
                                            "bijvoorbeeld kosten_per_fte.")
    target, reason = resolve_target(veld.value, k)
    if reason or target is None:
        raise _RowError("veld", reason.code if reason else "unknown-field", reason.text if reason else "onbekend veld.")
    type_, lo, hi, choices = _kind_range(target, k)
    name = _short_label(target)
    value_cell, factor_cell = cells["waarde"], cells["factor"]
    if is_blank(value_cell) and is_blank(factor_cell):
        raise _RowError("waarde", "value-or-factor", f"vul een nieuwe waarde of een factor in voor {name}. Nieuwe "
                                                     f"waarde: {what_to_type(type_, lo, hi, choices)}; factor: een "
                                                     "getal waarmee de huidige waarde wordt vermenigvuldigd, "
                                                     "bijvoorbeeld 0,8.")
    if not is_blank(value_cell) and not is_blank(factor_cell):
        raise _RowError("factor", "value-or-factor",
                        "vul óf een nieuwe waarde óf een factor in, niet allebei. Maak een van de twee cellen leeg "
                        f"({where['waarde']} of {where['factor']}).")
    if not is_blank(value_cell):
        value, why = convert(value_cell, type_, lo, hi, choices)
        if why:
            raise _RowError("waarde", why.code, f"nieuwe waarde voor {name}: {why.text}")
        auto = f"{name}: {value if isinstance(value, str) else show(float(value), type_)}"
        return description, Change(target, waarde=value), auto, target
    if type_ == CHOICE:
        raise _RowError("factor", "factor-on-choice", f"{name} is een keuze; een factor kan daar niet. Typ in "
                                                      f"{where['waarde']} een nieuwe waarde: "
                                                      f"{what_to_type(type_, lo, hi, choices)}.")
    factor, why = convert(factor_cell, NUMBER, 0, MAX_FACTOR)
    if why:
        raise _RowError("factor", why.code, f"factor voor {name}: {why.text}")
    return description, Change(target, factor=float(factor)), f"{name} {show(float(factor), FACTOR)}", target


def _read_rows(grid: Grid, header_row: int, columns: dict[str, int], k: kg.Kengetallen,
               report: Report) -> list[Variation]:
    last_row = max((r for r, _ in grid), default=header_row)
    groups: dict[str, list[tuple[int, str, Change]]] = {}
    for r in range(header_row + 1, last_row + 1):
        cells = {key: grid.get((r, c)) for key, c in columns.items()}
        if all(is_blank(cell) for cell in cells.values()):
            continue
        if r > header_row + GEVOELIGHEID_MAX_ROWS:
            report.error(GEVOELIGHEID_SHEET, f"A{r}", "",
                         f"Er staan meer dan {GEVOELIGHEID_MAX_ROWS} regels onder de kopregel; alleen de eerste "
                         f"{GEVOELIGHEID_MAX_ROWS} worden gelezen. Verwijder regels vanaf regel {r}.",
                         code="too-many-rows")
            break
        where = {key: f"{column_letter(c)}{r}" for key, c in columns.items()}
        try:
            description, change, auto, target = _read_row(cells, where, k)
            group = description or f"\x00{r}"  # rows without a description stay apart
            if any(c.veld == target for _, _, c in groups.get(group, [])):
                raise _RowError("veld", "duplicate-field", f"het veld {target} staat al in een eerdere regel met de "
                                                           f'omschrijving "{quote(description)}"; een variant '
                                                           "verandert elk veld één keer.")
        except _RowError as problem:
            report.error(GEVOELIGHEID_SHEET, where[problem.column], f"{GEVOELIGHEID_SHEET.lower()}.regel{r}",
                         f"Regel {r}: {problem.text}", code=problem.code)
            continue
        groups.setdefault(group, []).append((r, auto, change))
    variations = []
    for group, rows in groups.items():
        first = rows[0][0]
        text = group if not group.startswith("\x00") else rows[0][1]
        variations.append(Variation(
            text, tuple(change for _, _, change in rows),
            bron=f"eigen variant (blad {GEVOELIGHEID_SHEET}, regel {', '.join(str(r) for r, _, _ in rows)})",
            code=f"eigen_regel_{first}", cel=f"{GEVOELIGHEID_SHEET}!{column_letter(columns['veld'])}{first}"))
    return variations
