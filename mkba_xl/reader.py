"""Read a filled-in workbook into a typed ``Invoer`` and ``Kengetallen``, or say in Dutch why not.

Two stages, because they fail differently:

1. *Refusals.* A file that cannot be read at all (missing, too large, an old .xls or a password-protected
   file, an ODS, a corrupt zip, a zip or XML bomb, no INVOER sheet, another template version) is refused
   with one problem (``xlsx.guard``, before anything is decompressed). The cells of INVOER, KENGETALLEN
   and GEVOELIGHEID are then read in one pass (``xlsx.load``): each cell's cached value and whether it
   is a formula.
2. *Validation.* Every input cell of INVOER (here; cells by ``convert``) and every cell of the KENGETALLEN
   tables (``kengetallen_reader``) is checked, and all problems are collected in one ``Report``, so a
   user fixes everything in one round.

Users are not programmers: every message is Dutch, quotes the label of the cell and says what to type.
Every problem has a code (``errors.CODES``). The library never prints or exits; ``read_workbook``
raises ``InputError`` carrying the report.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import kengetallen as kg
from . import plausibility
from .convert import convert, is_blank
from .dutch import percent, plain, quote, what_to_type
from .dutch import plain_percent as pct
from .errors import InputError, Refusal, Report
from .invoer import Invoer
from .kengetallen_reader import MAX_KENGETALLEN_ROWS, read_kengetallen
from .layout import COLUMN_MARGIN, ROW_MARGIN, check_invoer_layout, check_version
from .schema import (
    AUDIT_SHEET_NAME,
    CHOICE,
    DEEL_D_COUNTS,
    DEEL_D_ROWS,
    HOUSEHOLD_TYPES,
    INPUT_SHEETS,
    INVOER_SHEET,
    KENGETALLEN_SHEET,
    SEVERITIES,
    SHARE_EXACT,
    SHARE_ROUNDING,
    TABLES,
    TEXT,
    VERSION_CELL,
    fields_by_key,
    invoer_fields,
    invoer_label_cells,
    share_groups,
)
from .sheets import check_kengetallen_absent, find_sheets, no_invoer, renamed_invoer, sheet_key
from .xlsx.load import Grid, cell_position, open_book

__all__ = [
    "check_workbook",
    "load_grids",
    "Reading",
    "read_invoer",
    "read_parts",
    "read_workbook",
    "read_unfinished",
    "read_workbook_sheets",
    "sheet_areas",
    "sheet_key",
]

CASELOAD_TOLERANCE = 0.25  # team size vs caseload norm: warn beyond 25% difference


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
    """``read_workbook`` plus the cells read per sheet, so the optional input sheets (``schema.INPUT_SHEETS``)
    are parsed from the same single load (``input_sheets.read_input_sheets``)."""
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


def read_unfinished(path: str | os.PathLike[str]) -> tuple[Report, tuple[Invoer, kg.Kengetallen] | None,
                                                             dict[str, Grid]]:
    """Every problem, the typed INVOER and KENGETALLEN when there is no error, and the cells read per sheet, also
    of a workbook whose INVOER is not finished yet (``mkba-xl dossiers``). Only a refusal (a file that is no
    readable workbook of this template) raises ``InputError``."""
    reading = read_parts(path)
    parts = None
    if reading.invoer is not None and reading.kengetallen is not None:
        parts = (reading.invoer, reading.kengetallen)
    return reading.report, parts, reading.grids


@dataclass(frozen=True)
class Reading:
    """What a workbook gave, also with errors: every problem, the typed INVOER (None when the workbook has an
    error), the kengetallen (None when KENGETALLEN has an error) and the cells read per sheet."""

    report: Report
    invoer: Invoer | None
    kengetallen: kg.Kengetallen | None
    grids: dict[str, Grid]


def read_parts(path: str | os.PathLike[str]) -> Reading:
    """Every problem of INVOER and KENGETALLEN and what could be read, so that the optional input sheets are
    checked in the same round as INVOER (``pipeline.read``). Only a refusal raises ``InputError``."""
    report = Report()
    grids = _load_checked(Path(path), report)
    if grids is None:
        raise InputError(report)
    invoer, kengetallen = _validate_parts(grids, report)
    return Reading(report, invoer, kengetallen, grids)


def load_grids(path: str | os.PathLike[str], *, require_invoer: bool = False,
               extra_rows: int = 0) -> dict[str, Grid]:
    """The cells of our sheets after the file refusals (raises ``Refusal``); INVOER may be absent unless
    ``require_invoer``; ``extra_rows`` more of INVOER, to find the texts of inserted rows (``migrate``)."""
    return _load_grids(Path(path), require_invoer=require_invoer, extra_rows=extra_rows)


# ---------------------------------------------------------------------------------------------
# Stage 1: refusals and the one load
# ---------------------------------------------------------------------------------------------

def _read(path: Path) -> tuple[Report, tuple[Invoer, kg.Kengetallen] | None, dict[str, Grid]]:
    report = Report()
    grids = _load_checked(path, report)
    if grids is None:
        return report, None, {}
    invoer, kengetallen = _validate_parts(grids, report)
    return report, None if invoer is None or kengetallen is None else (invoer, kengetallen), grids


def _load_checked(path: Path, report: Report) -> dict[str, Grid] | None:
    """The cells of our sheets, or None after adding the one problem of a refused file to ``report``."""
    try:
        grids = _load_grids(path)
        invoer_grid = grids[INVOER_SHEET]
        check_version(invoer_grid, str(path))
        check_invoer_layout(invoer_grid, str(path))
    except Refusal as refusal:
        problem = refusal.problem
        report.add(problem if problem.sheet else dataclasses.replace(problem, sheet=path.name))
        return None
    return grids


def _validate_parts(grids: dict[str, Grid], report: Report) -> tuple[Invoer | None, kg.Kengetallen | None]:
    """INVOER and KENGETALLEN checked cell by cell and by their rules: the typed INVOER when the workbook has no
    error, the kengetallen when their sheet has none."""
    kengetallen_report = Report()
    kengetallen = read_kengetallen(grids.get(KENGETALLEN_SHEET), kengetallen_report)
    values, filled, bad = _read_fields(grids[INVOER_SHEET], kengetallen, report)
    scaled = _check_rules(values, filled, bad, kengetallen, report)
    plausibility.check_invoer(values, bad, report)
    if kengetallen_report.ok:
        plausibility.check_kengetallen(kengetallen, grids.get(KENGETALLEN_SHEET), kengetallen_report)
    report.extend(kengetallen_report)
    usable = kengetallen if kengetallen_report.ok else None
    if not report.ok:
        return None, usable
    typed = {key: values[key] for key in scaled}
    return Invoer.from_values({**values, **scaled}, typed=typed), usable


@lru_cache(maxsize=1)
def _areas() -> dict[str, tuple[int, int]]:
    """Rows and columns read per sheet: only the input area, so big pasted data elsewhere costs nothing.

    INVOER's area has a margin beyond its last field, where a shifted layout's texts are looked for.
    """
    cells = [cell_position(f.cell) for f in invoer_fields()] + [cell_position(VERSION_CELL)]
    cells += [cell_position(cell) for cell, _ in invoer_label_cells()]
    return {
        INVOER_SHEET: (max(r for r, _ in cells) + ROW_MARGIN, max(c for _, c in cells) + COLUMN_MARGIN),
        KENGETALLEN_SHEET: (MAX_KENGETALLEN_ROWS, 1 + max(len(t.columns) for t in TABLES)),
        **{sheet.name: sheet.area for sheet in INPUT_SHEETS},
    }


def sheet_areas() -> dict[str, tuple[int, int]]:
    """Rows and columns read per sheet (ours by their schema names): what the reader's caps make room for."""
    return dict(_areas())


def _load_grids(path: Path, *, require_invoer: bool = True, extra_rows: int = 0) -> dict[str, Grid]:
    """Read the cells of INVOER, KENGETALLEN and the optional input sheets in one pass (values and formulas
    together)."""
    rows, cols = _areas()[INVOER_SHEET]
    areas = {**_areas(), INVOER_SHEET: (rows + extra_rows, cols)}
    with open_book(path) as book:
        names = book.sheet_names
        found = find_sheets(book.listed, list(areas))
        cells = book.read({name: areas[key] for key, name in found.items()})
        if require_invoer and INVOER_SHEET not in found:
            raise no_invoer(names, renamed_invoer(book, set(found.values()), _areas()[INVOER_SHEET]))
    grids = {key: cells[name] for key, name in found.items()}
    if KENGETALLEN_SHEET not in grids:
        check_kengetallen_absent(names)
    return grids


# ---------------------------------------------------------------------------------------------
# Stage 2: INVOER fields, and the rules between them
# ---------------------------------------------------------------------------------------------

def _read_fields(grid: Grid, kengetallen: kg.Kengetallen,
                 report: Report) -> tuple[dict[str, Any], set[str], set[str]]:
    """Values of all INVOER fields (None where empty), the keys of non-empty cells, the keys with an error."""
    values: dict[str, Any] = {}
    filled: set[str] = set()
    bad: set[str] = set()
    for f in invoer_fields():
        cell = grid.get(cell_position(f.cell))
        choices = kg.choices_for(f.key, kengetallen) if f.type == CHOICE else ()
        value, why = convert(cell, f.type, f.min, f.max, choices)
        if not is_blank(cell):
            filled.add(f.key)
        if why is None and value is None and f.required:
            what = what_to_type(f.type, f.min, f.max, choices)
            report.error(f.sheet, f.cell, f.key, f"{f.label}: Dit veld is verplicht. Typ {what}."
                         + (f" {f.help}" if f.type == TEXT else ""), code="required")
            bad.add(f.key)
        elif why is not None:
            report.error(f.sheet, f.cell, f.key, f"{f.label}: {why.text}", code=why.code)
            bad.add(f.key)
        values[f.key] = value
    return values, filled, bad


@dataclass(frozen=True)
class _Entered:
    """The INVOER values read (None where empty), the keys of filled-in cells and the keys with an error."""

    values: dict[str, Any]
    filled: set[str]
    bad: set[str]

    def ok(self, *keys: str) -> bool:
        """None of these cells has an error: a rule over them may run."""
        return not self.bad.intersection(keys)

    def num(self, key: str) -> float:
        """The number the engine will use: the value, else the field's default, else 0."""
        v = self.values[key]
        v = fields_by_key()[key].default if v is None else v
        return 0.0 if v is None else float(v)


def _check_rules(values: dict[str, Any], filled: set[str], bad: set[str], k: kg.Kengetallen,
                 report: Report) -> dict[str, float]:
    """Rules between fields; returns the shares scaled to 100% (``_check_shares``). A rule is skipped when one of
    its own cells already has an error."""
    entered = _Entered(values, filled, bad)
    scaled = _check_shares(entered, report)
    _check_team(entered, report)
    _check_rekenwijze(entered, report)
    _check_effects(entered, k, report)
    _check_deel_d(entered, report)
    _check_price_year(entered, k, report)
    return scaled


def _check_shares(e: _Entered, report: Report) -> dict[str, float]:
    """Shares that must add up to 100% (``schema.share_groups``); returns the shares of the groups that add up to
    100% within rounding (``schema.SHARE_ROUNDING``), scaled to exactly 100%: key -> the value the engine uses.

    A group is judged on whatever is readable, so that one round names every error: the severities of a type
    whose share is not yet filled in are checked as if the type is in the approach (the message says so).
    """
    fields, ok, num = fields_by_key(), e.ok, e.num
    scaled: dict[str, float] = {}
    for group in share_groups():
        condition = ""
        if group.of_type is not None:
            type_field = fields[f"aandeel_type.{group.of_type}"]
            if ok(type_field.key) and e.values[type_field.key] is not None:
                if num(type_field.key) <= 0:
                    continue  # a type that is not in the approach needs no severities or composition
            else:
                condition = (f" (Typt u 0% in {type_field.cell}, {type_field.label.lower()}, dan zijn deze cellen "
                             f"niet nodig.)")
        if group.only_when_filled and not e.filled.intersection(group.keys):
            continue
        if not ok(*group.keys):
            continue
        total = sum(num(key) for key in group.keys)
        if abs(total - 1) <= SHARE_EXACT:
            continue
        cells = [fields[key].cell for key in group.keys]
        span = f"{cells[0]} en {cells[1]}" if len(cells) == 2 else f"{cells[0]} tot en met {cells[-1]}"
        if abs(total - 1) > SHARE_ROUNDING + SHARE_EXACT:
            report.error(INVOER_SHEET, cells[0], group.key,
                         f"{group.label}: {group.what} tellen op tot {pct(total)}; dat moet 100% zijn. Pas de cellen "
                         f"{span} aan.{condition}", code="share-sum")
            continue
        used = {key: num(key) / total for key in group.keys if num(key) != 0}
        scaled.update(used)
        shown = ", ".join(f"{fields[key].cell} {pct(num(key))} wordt {percent(value, 2)}"
                          for key, value in used.items())
        report.warn(INVOER_SHEET, cells[0], group.key,
                    f"{group.label}: {group.what} tellen op tot {pct(total)} in plaats van 100%; dat lijkt afronding. "
                    f"Er wordt gerekend met de aandelen gedeeld door {pct(total)}, zodat ze samen 100% zijn: {shown} "
                    f"(ook op het blad {AUDIT_SHEET_NAME}). Typ aandelen die samen precies 100% zijn "
                    f"(cellen {span}) om deze melding te voorkomen.", code="share-rounded")
    return scaled


def _check_effects(e: _Entered, k: kg.Kengetallen, report: Report) -> None:
    """Effects that cannot be as typed: debt help beyond 100% success, effects without their discipline."""
    fields, ok, num = fields_by_key(), e.ok, e.num
    key = "succes.schuldhulp"  # the base success plus the change must remain a share
    if ok(key) and "shv_basis_succes" in k.scalars:
        base, what = k.value("shv_basis_succes"), quote(k.scalars["shv_basis_succes"].description, 80)
        if not 0 <= base + num(key) <= 1:
            report.warn(INVOER_SHEET, fields[key].cell, key,
                        f"{fields[key].label}: het basissucces van de schuldhulpverlening is {pct(base)} (blad "
                        f"{KENGETALLEN_SHEET}, '{what}'); met {pct(num(key))} erbij komt het "
                        f"{'boven 100%' if base + num(key) > 1 else 'onder 0%'}. Controleer de verandering.",
                        code="success-beyond-share")

    # Effects that need a discipline the team does not have.
    discipline = "discipline.werk_inkomen_schulden"
    if ok(discipline) and num(discipline) == 0:
        for key in ("succes.schuldhulp", "succes.direct_naar_werk"):
            if ok(key) and num(key) != 0:
                report.warn(INVOER_SHEET, fields[key].cell, key,
                            f"{fields[key].label}: u vult een effect in, maar het team heeft geen discipline "
                            f"{fields[discipline].label} (cel {fields[discipline].cell} is 0 of leeg). "
                            f"Controleer beide cellen.", code="missing-discipline")


def _check_price_year(e: _Entered, k: kg.Kengetallen, report: Report) -> None:
    """The price level (or the analysis year) outside the CPI table: amounts are not indexed there."""
    fields, values = fields_by_key(), e.values
    year_key = "prijspeil" if "prijspeil" in e.filled else "analysejaar"
    index = k.cpi_index()
    if e.ok(year_key) and values[year_key] is not None and index:
        year, first, last = int(values[year_key]), min(index), max(index)
        if not first <= year <= last:
            edge = f"voorbij {last}" if year > last else f"van vóór {first}"
            report.warn(INVOER_SHEET, fields[year_key].cell, year_key,
                        f"{fields[year_key].label}: {year} valt buiten de CPI-tabel ({first} tot en met {last}); "
                        f"bedragen worden niet geïndexeerd {edge}. Vul de CPI aan op het blad {KENGETALLEN_SHEET}.",
                        code="outside-cpi")


def _check_team(e: _Entered, report: Report) -> None:
    """The team is entered in exactly one of two ways; its size is compared with the caseload norm."""
    fields, values, filled, ok, num = fields_by_key(), e.values, e.filled, e.ok, e.num
    team = fields["team_fte"]
    way1 = "team_fte" in filled
    way2 = bool(filled & {"fte_nulsituatie", "fte_extra"})
    if way1 and way2:
        report.error(INVOER_SHEET, team.cell, "team_fte",
                     f"{team.label}: Vul óf het totaal aantal teamleden (manier 1) óf de fte in de 0-situatie en "
                     f"extra fte (manier 2) in, niet beide. Maak de cellen van één manier leeg "
                     f"({team.cell} en {fields['aandeel_additioneel'].cell}, of "
                     f"{fields['fte_nulsituatie'].cell} en {fields['fte_extra'].cell}).", code="team-both-ways")
        return
    if not way1 and not way2:
        report.error(INVOER_SHEET, team.cell, "team_fte",
                     f"{team.label}: Vul de omvang van het team in: óf het totaal aantal teamleden in fte "
                     f"(manier 1, cel {team.cell}, met het aandeel additioneel in {fields['aandeel_additioneel'].cell})"
                     f" óf de fte in de 0-situatie ({fields['fte_nulsituatie'].cell}) en de extra fte "
                     f"({fields['fte_extra'].cell}) (manier 2). Typ bijvoorbeeld 3,6 in {team.cell}.",
                     code="team-missing")
        _require_team_cost(e, f"cel {team.cell}, of {fields['fte_nulsituatie'].cell} en {fields['fte_extra'].cell}",
                           report)  # every team has fte: said now, not in the next round
        return
    additional = fields["aandeel_additioneel"]
    if way1 and additional.key not in filled:
        report.error(INVOER_SHEET, additional.cell, additional.key,
                     f"{additional.label}: Dit veld is verplicht als u het team met manier 1 invult (cel {team.cell})."
                     f" Typ {what_to_type(additional.type, additional.min, additional.max)}.", code="required")
    if way2 and additional.key in filled:
        report.warn(INVOER_SHEET, additional.cell, additional.key,
                    f"{additional.label}: dit aandeel hoort bij manier 1 en wordt niet gebruikt, omdat u het team "
                    f"met manier 2 invult. Maak de cel leeg om verwarring te voorkomen.", code="unused-field")
    team_keys = ("team_fte",) if way1 else ("fte_nulsituatie", "fte_extra")
    if not ok(*team_keys):
        return
    fte = sum(num(key) for key in team_keys)
    if fte > 0:
        _require_team_cost(e, "", report)

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
                    f"de teamomvang of de caseload ({caseload[0]} tot en met {caseload[-1]}).", code="caseload")


def _require_team_cost(e: _Entered, where: str, report: Report) -> None:
    """The cost per fte must be filled in when the team has fte (``where``: the team's cells, when not yet typed)."""
    cost = fields_by_key()["kosten_per_fte"]
    if cost.key not in e.filled:
        when = f"zodra het team fte heeft ({where})" if where else "als het team fte heeft"
        report.error(INVOER_SHEET, cost.cell, cost.key, f"{cost.label}: Dit veld is verplicht {when}. "
                     f"Typ {what_to_type(cost.type, cost.min, cost.max)}.", code="required")


def _check_rekenwijze(e: _Entered, report: Report) -> None:
    """A chosen way of the tool that does not match how the team is stated is allowed, but said."""
    fields, filled = fields_by_key(), e.filled
    way, choice = fields["rekenwijze"], e.values.get("rekenwijze")
    way2 = bool(filled & {"fte_nulsituatie", "fte_extra"})
    if choice is None or ("team_fte" in filled) == way2:  # no choice, or the team stated both ways or neither
        return
    expected = "lpbl_2019" if way2 else "lpbl_2014"
    if choice != expected:
        how = (f"manier 2 (cellen {fields['fte_nulsituatie'].cell} en {fields['fte_extra'].cell}: fte in de "
               f"0-situatie en extra fte), zoals de tool vanaf 2019" if way2 else f"manier 1 (cel "
               f"{fields['team_fte'].cell}: het hele team met een aandeel additioneel), zoals de tool van 2014")
        report.warn(INVOER_SHEET, way.cell, way.key,
                    f"{way.label}: u kiest {choice}, maar u vult het team in volgens {how}. Er wordt gerekend "
                    f"met {choice}. Laat cel {way.cell} leeg voor de rekenwijze die bij het team past ({expected}).",
                    code="rekenwijze-team")


def _check_deel_d(e: _Entered, report: Report) -> None:
    """A row of deel D with trajectories needs its price, and a row of the user's own its financier and name."""
    fields, values, bad = fields_by_key(), e.values, e.bad
    for row, (_, financier) in DEEL_D_ROWS.items():
        key = f"deel_d.{row}"
        counts = [f"{key}.{col}" for col in DEEL_D_COUNTS]
        if bad.intersection(counts) or not any(values.get(c) for c in counts):
            continue
        price = fields[f"{key}.prijs"]
        if values.get(price.key) is None and price.key not in bad:
            report.error(INVOER_SHEET, price.cell, price.key,
                         f"{price.label}: deze regel heeft aantallen trajecten, maar geen prijs. Typ de prijs van één "
                         f"traject per jaar in cel {price.cell}, bijvoorbeeld 2.805.", code="deel-d-price")
        if financier is None:
            paid = fields[f"{key}.financier"]
            if values.get(paid.key) is None and paid.key not in bad:
                report.error(INVOER_SHEET, paid.cell, paid.key,
                             f"{paid.label}: deze regel heeft aantallen trajecten, maar geen financier. Kies in cel "
                             f"{paid.cell} de geldstroom die de trajecten betaalt, bijvoorbeeld wmo.",
                             code="deel-d-financier")
            name = fields[f"{key}.naam"]
            if not values.get(name.key):
                report.warn(INVOER_SHEET, name.cell, name.key,
                            f"{name.label}: deze regel heeft aantallen trajecten, maar geen naam. Typ in cel "
                            f"{name.cell} de naam van de voorziening, zodat BEREKENING zegt welke trajecten het zijn.",
                            code="deel-d-name")
