"""Read a filled-in workbook into a typed ``Invoer`` and ``Kengetallen``, or say in Dutch why not.

Two stages, because they fail differently:

1. *Refusals.* A file that cannot be read at all (missing, too large, an old .xls or a password-protected
   file, an ODS, a corrupt zip, a zip or XML bomb, no INVOER sheet, another template version) is refused
   with one problem (``xlsx.guard``, before anything is decompressed). The cells of INVOER, KENGETALLEN
   and GEVOELIGHEID are then read in one pass (``xlsx.load``): each cell's cached value and whether it
   is a formula.
2. *Validation.* Every input cell of INVOER and every cell of the KENGETALLEN tables is checked, and all
   problems are collected in one ``Report``, so a user fixes everything in one round.

Users are not programmers: every message is Dutch, quotes the label of the cell and says what to type.
The library never prints or exits; ``read_workbook`` raises ``InputError`` carrying the report.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import kengetallen as kg
from .dutch import MAX_TEXT, between, plain, quote, what_to_type, within
from .dutch import plain_percent as pct
from .errors import InputError, Refusal, Report
from .invoer import Invoer
from .schema import (
    CHOICE,
    EURO,
    GEVOELIGHEID_AREA,
    GEVOELIGHEID_SHEET,
    HOUSEHOLD_TYPE_LABELS,
    HOUSEHOLD_TYPES,
    INVOER_SHEET,
    KENGETALLEN_SHEET,
    SEVERITIES,
    SHARE,
    TABLES,
    TEMPLATE_VERSION,
    TEXT,
    VERSION_CELL,
    WHOLE,
    Table,
    fields_by_key,
    invoer_fields,
)
from .xlsx.load import Cell, Grid, cell_name, cell_position, open_book

__all__ = [
    "check_workbook",
    "load_grids",
    "read_invoer",
    "read_workbook",
    "read_workbook_sheets",
]

MAX_KENGETALLEN_ROWS = 2000
"""Rows of KENGETALLEN that are read; the template uses about 150, tables grow only by added years."""

SUM_TOLERANCE = 0.005  # shares that must add up to 100% may be half a percentage point off (rounding)
CASELOAD_TOLERANCE = 0.25  # team size vs caseload norm: warn beyond 25% difference

_NO_CACHED_VALUE = ("De cel bevat een formule zonder berekende waarde. Open het bestand in Excel of LibreOffice, "
                    "sla het op en probeer opnieuw.")

# Choices that the KENGETALLEN sheet can extend: a user may add a profile or a discount rule there.
_CHOICES_FROM_KENGETALLEN: dict[str, Callable[[kg.Kengetallen], Iterable[str]]] = {
    "zorgprofiel": lambda k: k.profiles,
    "disconteringsregel": lambda k: k.discount_rules,
}
# Tables whose rows overwrite a fixed set of defaults by key: other keys are ignored with a warning.
_FIXED_KEY_TABLES = {"kengetallen": "sleutel", "actoren": "geldstroom"}
# Tables with empty input rows at the bottom where only the key may be filled in (a year without change).
_OPEN_ROW_TABLES = ("cpi",)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

def read_workbook(path: str | os.PathLike[str]) -> tuple[Invoer, kg.Kengetallen, Report]:
    """Read INVOER and KENGETALLEN; raise ``InputError`` with every problem of the workbook at once.

    The returned report holds the warnings (things that are allowed but probably not meant).
    """
    invoer, kengetallen, report, _ = read_workbook_sheets(path)
    return invoer, kengetallen, report


def read_workbook_sheets(path: str | os.PathLike[str]) -> tuple[Invoer, kg.Kengetallen, Report, dict[str, Grid]]:
    """``read_workbook`` plus the cells read per sheet, so the optional GEVOELIGHEID sheet is parsed
    from the same single load (``gevoeligheid_sheet.variations_from_grid``)."""
    report, result, grids = _read(Path(path))
    if result is None:
        raise InputError(report)
    invoer, kengetallen = result
    return invoer, kengetallen, report, grids


def read_invoer(path: str | os.PathLike[str]) -> Invoer:
    """Only the INVOER of ``read_workbook`` (for callers that use the default kengetallen anyway)."""
    return read_workbook(path)[0]


def check_workbook(path: str | os.PathLike[str]) -> Report:
    """All errors and warnings of a workbook, without raising (for ``mkba-xl check``)."""
    return _read(Path(path))[0]


def load_grids(path: Path) -> dict[str, Grid]:
    """The cells of our sheets after the file refusals (raises ``Refusal``); INVOER may be absent."""
    return _load_grids(path, require_invoer=False)


# ---------------------------------------------------------------------------------------------
# Stage 1: refusals
# ---------------------------------------------------------------------------------------------

def _read(path: Path) -> tuple[Report, tuple[Invoer, kg.Kengetallen] | None, dict[str, Grid]]:
    report = Report()
    grids: dict[str, Grid] = {}
    try:
        grids = _load_grids(path)
        invoer_grid = grids[INVOER_SHEET]
        _check_version(invoer_grid)
    except Refusal as refusal:
        problem = refusal.problem
        if not problem.sheet:
            problem = dataclasses.replace(problem, sheet=path.name)
        report.add(problem)
        return report, None, grids

    kengetallen_report = Report()
    kengetallen = _read_kengetallen(grids.get(KENGETALLEN_SHEET), kengetallen_report)
    values, filled, bad = _read_fields(invoer_grid, kengetallen, report)
    _check_rules(values, filled, bad, kengetallen, report)
    for problem in kengetallen_report.errors + kengetallen_report.warnings:
        report.add(problem)
    if not report.ok:
        return report, None, grids
    return report, (Invoer.from_values(values), kengetallen), grids


@lru_cache(maxsize=1)
def _areas() -> dict[str, tuple[int, int]]:
    """Rows and columns read per sheet: only the input area, so big pasted data elsewhere costs nothing."""
    cells = [cell_position(f.cell) for f in invoer_fields()] + [cell_position(VERSION_CELL)]
    return {
        INVOER_SHEET: (max(r for r, _ in cells), max(c for _, c in cells)),
        KENGETALLEN_SHEET: (MAX_KENGETALLEN_ROWS, 1 + max(len(t.columns) for t in TABLES)),
        GEVOELIGHEID_SHEET: GEVOELIGHEID_AREA,
    }


def _sheet_name(key: str, names: list[str]) -> str | None:
    """The workbook's name for one of our sheets; GEVOELIGHEID is found ignoring case and spaces."""
    if key in names:
        return key
    if key == GEVOELIGHEID_SHEET:
        return next((n for n in names if n.strip().upper() == key), None)
    return None


def _load_grids(path: Path, *, require_invoer: bool = True) -> dict[str, Grid]:
    """Read the cells of INVOER, KENGETALLEN and GEVOELIGHEID in one pass (values and formulas together)."""
    with open_book(path) as book:
        names = book.sheet_names
        found = {key: name for key in _areas() if (name := _sheet_name(key, names)) is not None}
        cells = book.read({name: _areas()[key] for key, name in found.items()})
    grids = {key: cells[name] for key, name in found.items()}
    if require_invoer and INVOER_SHEET not in grids:
        listed = ", ".join(f'"{n}"' for n in names) or "geen"
        near = [n for n in names if n.strip().upper() == INVOER_SHEET]
        hint = f' Het blad "{near[0]}" heet bijna zo: noem het precies {INVOER_SHEET}.' if near else (
            " Gebruik het sjabloon van mkba-xl template en vul het blad INVOER in.")
        raise Refusal("no-invoer-sheet", f"Het blad {INVOER_SHEET} ontbreekt. Gevonden bladen: {listed}.{hint}")
    return grids


def _check_version(grid: Grid) -> None:
    """Stop at a foreign or older layout: its cells mean something else, so their errors would mislead."""
    cell = grid.get(cell_position(VERSION_CELL))
    found = "" if cell is None or cell.value is None else str(cell.value).strip()
    if found == TEMPLATE_VERSION:
        return
    what = f'gevonden: "{quote(found)}"' if found else f"cel {VERSION_CELL} met de sjabloonversie is leeg"
    raise Refusal("template-version", f"Dit werkblad is gemaakt met een ander of ouder sjabloon ({what}; verwacht: "
                   f'"{TEMPLATE_VERSION}"). Maak een nieuw sjabloon met: mkba-xl template', INVOER_SHEET, VERSION_CELL)


# ---------------------------------------------------------------------------------------------
# Cell values: one set of rules for INVOER fields and KENGETALLEN columns
# ---------------------------------------------------------------------------------------------

def _is_blank(cell: Cell | None) -> bool:
    """Empty or only spaces; a formula or an Excel error counts as filled in."""
    if cell is None:
        return True
    if cell.formula or cell.error:
        return False
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


_NUMBER_RE = re.compile(r"""
    (?P<sign>[-+]?)\s*
    (?: (?P<grouped>[1-9]\d{0,2}(?:\.\d{3})+)(?:,(?P<gfrac>\d+))?     # 1.200 and 1.200,50 (Dutch thousands)
      | (?P<spaced>[1-9]\d{0,2}(?:\ \d{3})+)(?:[,.](?P<sfrac>\d+))?  # 1 200,50
      | (?P<plain>\d*)(?:[.,](?P<frac>\d+))?                        # 12, 0,5, 1.5 (a point not before 3 digits)
    )""", re.VERBOSE)


def _parse_number(text: str, kind: str) -> tuple[Decimal, bool] | None:
    """Parse typed text strictly: ('1.200,50', EURO) -> (1200.50, False); ('48%', SHARE) -> (0.48, True).

    Returns the value and whether a '%' was typed; None if the text is not a number. A '€' is accepted
    for amounts only, so a stray currency sign in a count is reported rather than ignored.
    """
    s = text.translate({0xA0: " ", 0x202F: " ", 0x2212: "-"}).strip()
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
    if kind == EURO:
        s = re.sub(r",-{1,2}$", "", s.replace("€", "", 1)).strip()  # '€ 100,-' is a Dutch way to write 100
    m = _NUMBER_RE.fullmatch(s)
    if not m:
        return None
    whole = (m["grouped"] or m["spaced"] or m["plain"] or "").replace(".", "").replace(" ", "")
    frac = m["gfrac"] or m["sfrac"] or m["frac"] or ""
    if not whole and not frac:
        return None
    value = Decimal(f"{m['sign']}{whole or '0'}.{frac or '0'}")
    return (value / 100 if percent else value), percent


def _convert(cell: Cell | None, kind: str, lo: float | None = None, hi: float | None = None,
             choices: Iterable[str] = ()) -> tuple[Any, str | None]:
    """The cell's value as ``kind`` wants it, or a Dutch reason why not (without the label in front).

    An empty cell gives (None, None): whether empty is allowed is up to the caller.
    """
    if cell is None:
        return None, None
    value = cell.value
    if cell.formula and value is None:
        return None, _NO_CACHED_VALUE
    if cell.error:
        where = "De formule in de cel geeft" if cell.formula else "De cel bevat"
        return None, f"{where} de Excel-foutwaarde {value}. Typ {what_to_type(kind, lo, hi, choices)}."
    if _is_blank(cell):
        return None, None
    if cell.date:
        return None, (f"De cel bevat een datum; typ {what_to_type(kind, lo, hi, choices)}. Staat de cel in Excel "
                      "als datum opgemaakt, zet de opmaak dan op Standaard.")
    if isinstance(value, bool):
        return None, (f"De cel bevat {'WAAR' if value else 'ONWAAR'}. "
                      f"Typ {what_to_type(kind, lo, hi, choices)}.")
    if kind == TEXT:
        text = _text(value).strip()
        if len(text) > MAX_TEXT:
            return None, f"De tekst is {len(text)} tekens lang; maximaal {MAX_TEXT}. Typ een kortere tekst."
        return text, None
    if kind == CHOICE:
        typed = _text(value).strip()
        canonical = {c.lower(): c for c in choices}
        if typed.lower() in canonical:
            return canonical[typed.lower()], None
        return None, f'"{quote(typed)}" is geen geldige keuze. Typ {what_to_type(kind, lo, hi, choices)}.'
    return _number(value, kind, lo, hi, cell.percent)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any, kind: str, lo: float | None, hi: float | None,
            percent_format: bool) -> tuple[Any, str | None]:
    what = what_to_type(kind, lo, hi)
    typed_percent = False
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        parsed = _parse_number(value, kind)
        if parsed is None:
            noun = "percentage" if kind == SHARE else "bedrag" if kind == EURO else "getal"
            return None, f'"{quote(value)}" is geen {noun}. Typ {what}.'
        if parsed[1] and kind != SHARE:
            return None, f'"{quote(value)}" is een percentage, maar hier hoort geen %. Typ {what}.'
        number, typed_percent = float(parsed[0]), parsed[1]
    else:
        return None, f"De cel bevat geen getal. Typ {what}."
    if not math.isfinite(number):
        return None, f"De cel bevat geen geldig getal. Typ {what}."
    if kind == WHOLE and not number.is_integer():
        return None, f"De waarde {plain(number)} is geen geheel getal. Typ {what}."
    if not within(number, lo, hi):
        advice = f"Typ {what}."
        if kind == SHARE and not typed_percent and within(number / 100, lo, hi):  # 48 typed for 48%
            advice = f"Bedoelt u {pct(number / 100)}? Typ dan {pct(number / 100)}."
        if kind == SHARE and not (typed_percent or (percent_format and not isinstance(value, str))):
            return None, f"De waarde {plain(number)} is geen percentage{between(lo, hi, pct)}. {advice}"
        show = pct if kind == SHARE else plain  # the value as the cell shows it
        side = f"groter dan {show(hi)}" if hi is not None and number > hi else f"kleiner dan {show(lo)}"
        return None, f"De waarde {show(number)} is {side}. {advice}"
    return (int(number) if kind == WHOLE else number), None


# ---------------------------------------------------------------------------------------------
# Stage 2a: INVOER fields
# ---------------------------------------------------------------------------------------------

def _read_fields(grid: Grid, kengetallen: kg.Kengetallen,
                 report: Report) -> tuple[dict[str, Any], set[str], set[str]]:
    """Values of all INVOER fields (None where empty), the keys of non-empty cells, the keys with an error."""
    values: dict[str, Any] = {}
    filled: set[str] = set()
    bad: set[str] = set()
    for f in invoer_fields():
        cell = grid.get(cell_position(f.cell))
        choices = f.choices
        if f.key in _CHOICES_FROM_KENGETALLEN:
            choices = tuple(dict.fromkeys((*f.choices, *_CHOICES_FROM_KENGETALLEN[f.key](kengetallen))))
        value, why = _convert(cell, f.type, f.min, f.max, choices)
        if not _is_blank(cell):
            filled.add(f.key)
        if why is None and value is None and f.required:
            what = what_to_type(f.type, f.min, f.max, choices)
            why = f"Dit veld is verplicht. Typ {what}." + (f" {f.help}" if f.type == TEXT else "")
        if why is not None:
            report.error(f.sheet, f.cell, f.key, f"{f.label}: {why}")
            bad.add(f.key)
        values[f.key] = value
    return values, filled, bad


def _check_rules(values: dict[str, Any], filled: set[str], bad: set[str], k: kg.Kengetallen,
                 report: Report) -> None:
    """Rules between fields. A rule is skipped when one of its own cells already has an error."""
    fields = fields_by_key()

    def ok(*keys: str) -> bool:
        return not bad.intersection(keys)

    def num(key: str) -> float:
        v = values[key]
        v = fields[key].default if v is None else v
        return 0.0 if v is None else float(v)

    def cells(keys: list[str]) -> str:
        return f"{fields[keys[0]].cell} tot en met {fields[keys[-1]].cell}"

    # Shares that add up to 100%.
    type_keys = [f"aandeel_type.{t}" for t in HOUSEHOLD_TYPES]
    if ok(*type_keys):
        total = sum(num(key) for key in type_keys)
        if abs(total - 1) > SUM_TOLERANCE:
            report.error(INVOER_SHEET, fields[type_keys[0]].cell, "aandeel_type",
                         f"Type huishoudens in aanpak: de aandelen gezinnen, ouderen en overige tellen op tot "
                         f"{pct(total)}; dat moet 100% zijn. Pas de cellen {cells(type_keys)} aan.")
    for t in HOUSEHOLD_TYPES:
        if not ok(f"aandeel_type.{t}") or num(f"aandeel_type.{t}") <= 0:
            continue  # a type that is not in the approach needs no severities or composition
        name = HOUSEHOLD_TYPE_LABELS[t]
        sev_keys = [f"zwaarte.{t}.{s}" for s in SEVERITIES]
        if ok(*sev_keys):
            total = sum(num(key) for key in sev_keys)
            if abs(total - 1) > SUM_TOLERANCE:
                report.error(INVOER_SHEET, fields[sev_keys[0]].cell, f"zwaarte.{t}",
                             f"Huishoudens naar zwaarte — {name}: de zwaarteklassen tellen op tot {pct(total)}; "
                             f"dat moet 100% zijn. Pas de cellen {cells(sev_keys)} aan.")
        comp_keys = [f"samenstelling.eenouder.{t}", f"samenstelling.tweeouder.{t}"]
        if ok(*comp_keys) and filled.intersection(comp_keys):
            total = sum(num(key) for key in comp_keys)
            if abs(total - 1) > SUM_TOLERANCE:
                report.error(INVOER_SHEET, fields[comp_keys[0]].cell, f"samenstelling.{t}",
                             f"Huishoudsamenstelling — {name}: eenouder/eenpersoons en tweeouder/meerpersoons tellen "
                             f"op tot {pct(total)}; dat moet 100% zijn. Pas de cellen {fields[comp_keys[0]].cell} "
                             f"en {fields[comp_keys[1]].cell} aan.")

    _check_team(values, filled, report, num, ok)

    # Success of debt help: the base success plus the change must remain a share.
    key = "succes.schuldhulp"
    if ok(key) and "shv_basis_succes" in k.scalars:
        base = k.value("shv_basis_succes")
        if not 0 <= base + num(key) <= 1:
            report.warn(INVOER_SHEET, fields[key].cell, key,
                        f"{fields[key].label}: het basissucces van de schuldhulpverlening is {pct(base)} (blad "
                        f"{KENGETALLEN_SHEET}, shv_basis_succes); met {pct(num(key))} erbij komt het "
                        f"{'boven 100%' if base + num(key) > 1 else 'onder 0%'}. Controleer de verandering.")

    # Effects that need a discipline the team does not have.
    discipline = "discipline.werk_inkomen_schulden"
    if ok(discipline) and num(discipline) == 0:
        for key in ("succes.schuldhulp", "succes.direct_naar_werk"):
            if ok(key) and num(key) != 0:
                report.warn(INVOER_SHEET, fields[key].cell, key,
                            f"{fields[key].label}: u vult een effect in, maar het team heeft geen discipline "
                            f"{fields[discipline].label} (cel {fields[discipline].cell} is 0 of leeg). "
                            f"Controleer beide cellen.")

    # Price level outside the CPI table.
    year_key = "prijspeil" if "prijspeil" in filled else "analysejaar"
    index = k.cpi_index()
    if ok(year_key) and values[year_key] is not None and index:
        year, first, last = int(values[year_key]), min(index), max(index)
        if not first <= year <= last:
            edge = f"voorbij {last}" if year > last else f"van vóór {first}"
            report.warn(INVOER_SHEET, fields[year_key].cell, year_key,
                        f"{fields[year_key].label}: {year} valt buiten de CPI-tabel ({first} tot en met {last}); "
                        f"bedragen worden niet geïndexeerd {edge}. Vul de CPI aan op het blad {KENGETALLEN_SHEET}.")


def _check_team(values: dict[str, Any], filled: set[str], report: Report, num: Callable[[str], float],
                ok: Callable[..., bool]) -> None:
    """The team is entered in exactly one of two ways; its size is compared with the caseload norm."""
    fields = fields_by_key()
    team = fields["team_fte"]
    way1 = "team_fte" in filled
    way2 = bool(filled & {"fte_nulsituatie", "fte_extra"})
    if way1 and way2:
        report.error(INVOER_SHEET, team.cell, "team_fte",
                     f"{team.label}: Vul óf het totaal aantal teamleden (manier 1) óf de fte in de 0-situatie en "
                     f"extra fte (manier 2) in, niet beide. Maak de cellen van één manier leeg "
                     f"({team.cell} en {fields['aandeel_additioneel'].cell}, of "
                     f"{fields['fte_nulsituatie'].cell} en {fields['fte_extra'].cell}).")
        return
    if not way1 and not way2:
        report.error(INVOER_SHEET, team.cell, "team_fte",
                     f"{team.label}: Vul de omvang van het team in: óf het totaal aantal teamleden in fte "
                     f"(manier 1, cel {team.cell}, met het aandeel additioneel in {fields['aandeel_additioneel'].cell})"
                     f" óf de fte in de 0-situatie ({fields['fte_nulsituatie'].cell}) en de extra fte "
                     f"({fields['fte_extra'].cell}) (manier 2). Typ bijvoorbeeld 3,6 in {team.cell}.")
        return
    additional = fields["aandeel_additioneel"]
    if way1 and additional.key not in filled:
        report.error(INVOER_SHEET, additional.cell, additional.key,
                     f"{additional.label}: Dit veld is verplicht als u het team met manier 1 invult (cel {team.cell})."
                     f" Typ {what_to_type(additional.type, additional.min, additional.max)}.")
    if way2 and additional.key in filled:
        report.warn(INVOER_SHEET, additional.cell, additional.key,
                    f"{additional.label}: dit aandeel hoort bij manier 1 en wordt niet gebruikt, omdat u het team "
                    f"met manier 2 invult. Maak de cel leeg om verwarring te voorkomen.")
    team_keys = ("team_fte",) if way1 else ("fte_nulsituatie", "fte_extra")
    if not ok(*team_keys):
        return
    fte = sum(num(key) for key in team_keys)
    cost = fields["kosten_per_fte"]
    if fte > 0 and cost.key not in filled:
        report.error(INVOER_SHEET, cost.cell, cost.key,
                     f"{cost.label}: Dit veld is verplicht als het team fte heeft. "
                     f"Typ {what_to_type(cost.type, cost.min, cost.max)}.")

    needed_keys = ["huishoudens", *(f"aandeel_type.{t}" for t in HOUSEHOLD_TYPES),
                   *(f"zwaarte.{t}.{s}" for t in HOUSEHOLD_TYPES for s in SEVERITIES),
                   *(f"caseload.{s}.hh_per_fte" for s in SEVERITIES)]
    if not ok(*needed_keys) or values["huishoudens"] is None:
        return
    needed = sum(
        num("huishoudens") * sum(num(f"aandeel_type.{t}") * num(f"zwaarte.{t}.{s}") for t in HOUSEHOLD_TYPES)
        / num(f"caseload.{s}.hh_per_fte")
        for s in SEVERITIES
    )
    if needed > 0 and abs(fte / needed - 1) > CASELOAD_TOLERANCE:
        first = fields[next(key for key in team_keys if key in filled)]
        caseload = [fields[f"caseload.{s}.hh_per_fte"].cell for s in SEVERITIES]
        report.warn(INVOER_SHEET, first.cell, first.key,
                    f"{first.label}: Ingevoerd {plain(round(fte, 1))} fte; volgens de caseloadnorm is "
                    f"{plain(round(needed, 1))} fte nodig ({pct(round(fte / needed - 1, 2))} verschil). Controleer "
                    f"de teamomvang of de caseload ({caseload[0]} tot en met {caseload[-1]}).")


# ---------------------------------------------------------------------------------------------
# Stage 2b: KENGETALLEN tables
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _optional_columns() -> dict[str, frozenset[int]]:
    """Per table the columns that may stay empty: free text, and columns empty in the shipped defaults."""
    defaults = kg.to_rows(kg.default_kengetallen())
    return {
        t.key: frozenset(i for i, col in enumerate(t.columns) if i >= t.keyed_by and (
            col.type == TEXT or any(row[i] is None for row in defaults[t.key])))
        for t in TABLES
    }


@lru_cache(maxsize=1)
def _default_keys() -> dict[str, frozenset[tuple[Any, ...]]]:
    defaults = kg.to_rows(kg.default_kengetallen())
    return {t.key: frozenset(tuple(row[: t.keyed_by]) for row in defaults[t.key]) for t in TABLES}


@lru_cache(maxsize=1)
def _share_scalars() -> frozenset[str]:
    """Kengetallen whose unit is a share: their value is read like a percentage, so '25%' works too."""
    return frozenset(key for key, s in kg.default_kengetallen().scalars.items() if s.unit == "aandeel")


def _read_kengetallen(grid: Grid | None, report: Report) -> kg.Kengetallen:
    """Parse every table found by its title; a missing table keeps the defaults (with a warning)."""
    if grid is None:
        report.warn(KENGETALLEN_SHEET, "", "",
                    f"Het blad {KENGETALLEN_SHEET} ontbreekt; de standaardkengetallen worden gebruikt. Wilt u eigen "
                    f"kengetallen gebruiken, neem dan het blad over uit een nieuw sjabloon (mkba-xl template).")
        return kg.default_kengetallen()
    known = {t.title for t in TABLES}
    titles: dict[str, int] = {}
    for (r, c), cell in sorted(grid.items()):
        if c == 2 and isinstance(cell.value, str) and cell.value.strip() in known:
            titles.setdefault(cell.value.strip(), r)
    title_rows = set(titles.values())
    last_row = max((r for r, _ in grid), default=0)
    rows: dict[str, list[list[Any]]] = {}
    for table in TABLES:
        start = titles.get(table.title)
        if start is None:
            report.warn(KENGETALLEN_SHEET, "", table.key,
                        f'De tabel "{table.title}" staat niet op het blad {KENGETALLEN_SHEET} (de titel in kolom B '
                        f"is niet gevonden); de standaardwaarden worden gebruikt.")
            continue
        table_rows = _read_table(grid, table, start, title_rows, last_row, report)
        if table_rows:
            rows[table.key] = table_rows
        elif table_rows is not None:
            report.warn(KENGETALLEN_SHEET, cell_name(start, 2), table.key,
                        f'De tabel "{table.title}" heeft geen regels; de standaardwaarden worden gebruikt.')
    return kg.from_rows(rows)


def _read_table(grid: Grid, table: Table, start: int, title_rows: set[int], last_row: int,
                report: Report) -> list[list[Any]] | None:
    """The valid rows of one table, or None when its header does not match (columns moved)."""
    for i, col in enumerate(table.columns):
        cell = grid.get((start + 1, 2 + i))
        found = "" if cell is None or cell.value is None else " ".join(str(cell.value).split())
        if found.lower() != col.header.lower():
            name = cell_name(start + 1, 2 + i)
            report.error(KENGETALLEN_SHEET, name, table.key,
                         f'Tabel "{table.title}": de kolomkop in {name} is "{quote(found)}", maar moet '
                         f'"{col.header}" zijn. Zet de kolommen terug zoals in het sjabloon (mkba-xl template).')
            return None
    width = len(table.columns)
    parsed: list[tuple[int, list[Any]]] = []
    seen: dict[tuple[Any, ...], int] = {}
    r = start + 2
    while r <= last_row and r not in title_rows:
        cells = [grid.get((r, 2 + i)) for i in range(width)]
        if all(_is_blank(c) for c in cells):
            break
        keys, row = _read_row(table, r, cells, report)
        if keys in seen:
            name = _key_text(keys)
            report.error(KENGETALLEN_SHEET, cell_name(r, 2), f"{table.key}.{name}",
                         f'Tabel "{table.title}": "{name}" staat twee keer in de tabel (ook in regel {seen[keys]}). '
                         f"Verwijder een van beide regels.")
        elif keys is not None:
            seen[keys] = r
            if row is not None:
                parsed.append((r, row))
        r += 1
    _warn_rows_below(grid, table, r, title_rows, last_row, report)
    return _check_table(table, parsed, set(seen), report)


def _read_row(table: Table, r: int, cells: list[Cell | None],
              report: Report) -> tuple[tuple[Any, ...] | None, list[Any] | None]:
    """The row's key and the row in column order; None for what has a problem (reported) or is unused."""
    key_cols = table.columns[: table.keyed_by]
    keys: list[Any] = []
    problems = False
    for i, col in enumerate(key_cols):
        value, why = _convert(cells[i], col.type, col.min, col.max, col.choices)
        if why is None and value in (None, ""):
            why = f"De sleutel ontbreekt. Typ {what_to_type(col.type, col.min, col.max)} zoals in het sjabloon."
        if why is not None:
            report.error(KENGETALLEN_SHEET, cell_name(r, 2 + i), f"{table.key}.regel{r}.{col.key}",
                         f'Tabel "{table.title}", {col.header} in regel {r}: {why}')
            problems = True
        keys.append(value)
    if problems:
        return None, None
    row_key = _key_text(keys)
    if table.key in _OPEN_ROW_TABLES and all(_is_blank(c) for c in cells[table.keyed_by:]):
        return None, None  # an open input row at the bottom: a year without a change is not yet filled in
    optional = _optional_columns()[table.key]
    share_row = table.key == "kengetallen" and keys[0] in _share_scalars()
    row = list(keys)
    for i, col in enumerate(table.columns[table.keyed_by:], start=table.keyed_by):
        kind = SHARE if share_row and col.key == "waarde" else col.type
        low, high = col.min, col.max
        if table.key == "kengetallen" and col.key == "waarde":
            low, high = kg.scalar_range(str(keys[0]))
        value, why = _convert(cells[i], kind, low, high, col.choices)
        if why is None and value is None and i not in optional:
            why = f"Dit veld is verplicht. Typ {what_to_type(kind, col.min, col.max, col.choices)}."
        if why is not None:
            report.error(KENGETALLEN_SHEET, cell_name(r, 2 + i), f"{table.key}.{row_key}.{col.key}",
                         f"{col.header} bij {row_key}: {why}")
            problems = True
        row.append(value)
    return tuple(keys), None if problems else row


def _key_text(keys: Iterable[Any]) -> str:
    """A row's key as users see it in messages and fields: 'qaly_waarde', 'generiek_2014.gezinnen.ev'."""
    return ".".join(_text(k) for k in keys)


def _row_field(table: Table, row: list[Any]) -> str:
    return f"{table.key}.{_key_text(row[: table.keyed_by])}"


def _warn_rows_below(grid: Grid, table: Table, end: int, title_rows: set[int], last_row: int,
                     report: Report) -> None:
    """Warn about filled rows under an empty row: they look part of the table but are not read."""
    for r in range(end + 1, last_row + 1):
        if r in title_rows:
            return
        filled = sum(not _is_blank(grid.get((r, 2 + i))) for i in range(len(table.columns)))
        if filled >= 2:  # one cell may be a note; a row of data has more
            report.warn(KENGETALLEN_SHEET, cell_name(r, 2), table.key,
                        f'Regel {r} staat onder een lege regel en hoort daardoor niet bij de tabel "{table.title}"; '
                        f"hij wordt niet gelezen. Verwijder de lege regel(s) erboven.")
            return


def _check_table(table: Table, parsed: list[tuple[int, list[Any]]], present: set[tuple[Any, ...]],
                 report: Report) -> list[list[Any]]:
    """Rules per table beyond single cells; returns the rows ``kengetallen.from_rows`` can use."""
    defaults = _default_keys()[table.key]
    if table.key in _FIXED_KEY_TABLES:
        kept = []
        for r, row in parsed:
            if (row[0],) in defaults:
                kept.append((r, row))
            else:
                report.warn(KENGETALLEN_SHEET, cell_name(r, 2), _row_field(table, row),
                            f'Tabel "{table.title}": de {_FIXED_KEY_TABLES[table.key]} "{quote(str(row[0]))}" is '
                            f"onbekend; deze regel wordt niet gebruikt. Gebruik de namen uit het sjabloon.")
        missing = defaults - present
        for key in sorted(missing, key=str):
            report.warn(KENGETALLEN_SHEET, "", f"{table.key}.{key[0]}",
                        f'Tabel "{table.title}": de regel "{key[0]}" ontbreekt; de standaardwaarde wordt gebruikt.')
        parsed = kept
    if table.key == "profielen":
        parsed = _check_profiles(table, parsed, report)
    if table.key == "cpi":
        _check_cpi_years(table, parsed, report)
    return [row for _, row in parsed]


def _check_profiles(table: Table, parsed: list[tuple[int, list[Any]]],
                    report: Report) -> list[tuple[int, list[Any]]]:
    """Each profile needs all 12 type x severity rows and one price year, or the engine lacks numbers."""
    kept: dict[str, list[tuple[int, list[Any]]]] = {}
    broken: set[str] = set()
    for r, row in parsed:
        name, t, s = row[:3]
        for i, value, allowed in ((1, t, HOUSEHOLD_TYPES), (2, s, SEVERITIES)):
            if value not in allowed:
                report.error(KENGETALLEN_SHEET, cell_name(r, 2 + i), _row_field(table, row),
                             f'Tabel "{table.title}", {table.columns[i].header} in regel {r}: '
                             f'"{quote(str(value))}" is onbekend. Typ een van: {", ".join(allowed)}.')
                broken.add(name)
        kept.setdefault(name, []).append((r, row))
    year_col = [c.key for c in table.columns].index("prijsjaar")
    result = []
    for name, rows in kept.items():
        present = {(row[1], row[2]) for _, row in rows}
        missing = [f"{t}/{s}" for t in HOUSEHOLD_TYPES for s in SEVERITIES if (t, s) not in present]
        first = rows[0][0]
        if missing and name not in broken:
            report.error(KENGETALLEN_SHEET, cell_name(first, 2), f"{table.key}.{name}",
                         f'Tabel "{table.title}": profiel "{name}" is onvolledig; de regels voor '
                         f'{", ".join(missing)} ontbreken. Een profiel heeft 12 regels: '
                         f'{len(HOUSEHOLD_TYPES)} typen x {len(SEVERITIES)} zwaarten.')
        years = {row[year_col] for _, row in rows}
        if len(years) > 1:
            r, row = next((r, row) for r, row in rows if row[year_col] != rows[0][1][year_col])
            report.error(KENGETALLEN_SHEET, cell_name(r, 2 + year_col), f"{_row_field(table, row)}.prijsjaar",
                         f'Tabel "{table.title}": profiel "{name}" heeft verschillende prijsjaren '
                         f'({", ".join(str(y) for y in sorted(years))}). Typ in alle regels van het profiel '
                         f"hetzelfde prijsjaar.")
        elif not missing and name not in broken:
            result.extend(rows)
    return result


def _check_cpi_years(table: Table, parsed: list[tuple[int, list[Any]]], report: Report) -> None:
    """Years must follow each other: the price index cannot be chained over a gap."""
    by_year = sorted((int(row[0]), r) for r, row in parsed)
    for (prev, _), (year, r) in zip(by_year, by_year[1:]):
        if year != prev + 1:
            report.warn(KENGETALLEN_SHEET, cell_name(r, 2), f"{table.key}.{year}",
                        f'Tabel "{table.title}": na {prev} komt {year}; de jaren ertussen ontbreken. Bedragen '
                        f"worden niet geïndexeerd voorbij {prev}. Vul de ontbrekende jaren aan.")
            return

