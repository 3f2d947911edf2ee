"""Read the tables of the KENGETALLEN sheet into ``Kengetallen``, every problem with its cell.

Contract with the template (``template.add_kengetallen_sheet``): a table's title is in column B; the
next row holds the headers (column i of the table in Excel column B+i); the data rows follow and
end at the first row whose table cells are all empty, or at the next table's title.

The user's kengetallen are never silently replaced by the defaults: a sheet without any table, a table
that is missing or empty, rows under an empty row and a row of the defaults that is missing are errors,
each saying what to put back (an empty row inserted in a table, or a deleted row, would otherwise give
other numbers without a word). Only a workbook without a KENGETALLEN sheet at all uses the defaults, with
a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from . import kengetallen as kg
from .convert import convert, is_blank, text_of
from .dutch import quote, what_to_type
from .errors import Report
from .schema import HOUSEHOLD_TYPES, KENGETALLEN_SHEET, SEVERITIES, SHARE, TABLES, TEXT, Table
from .xlsx.load import Cell, Grid, cell_name

__all__ = ["MAX_KENGETALLEN_ROWS", "read_kengetallen"]

MAX_KENGETALLEN_ROWS = 2000
"""Rows of KENGETALLEN that are read; the template uses about 150, tables grow only by added years."""

FIXED_KEY_TABLES = {"kengetallen": "sleutel", "actoren": "geldstroom"}
"""Tables whose rows overwrite a fixed set of defaults by key: other keys are ignored with a warning."""
OPEN_ROW_TABLES = ("cpi",)
"""Tables with empty input rows at the bottom where only the key may be filled in (a year without change)."""

_FIRST_COL = 2  # column B


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


def read_kengetallen(grid: Grid | None, report: Report) -> kg.Kengetallen:
    """Parse every table found by its title; a missing table keeps the defaults (with a warning)."""
    if grid is None:
        report.warn(KENGETALLEN_SHEET, "", "",
                    f"Het blad {KENGETALLEN_SHEET} ontbreekt; de standaardkengetallen worden gebruikt. Wilt u eigen "
                    f"kengetallen gebruiken, neem dan het blad over uit een nieuw sjabloon (mkba-xl template).",
                    code="kengetallen-missing")
        return kg.default_kengetallen()
    known = {t.title for t in TABLES}
    titles: dict[str, int] = {}
    elsewhere: dict[str, str] = {}
    for (r, c), cell in sorted(grid.items()):
        if isinstance(cell.value, str) and cell.value.strip() in known:
            if c == _FIRST_COL:
                titles.setdefault(cell.value.strip(), r)
            else:
                elsewhere.setdefault(cell.value.strip(), cell_name(r, c))
    if not titles:
        report.error(KENGETALLEN_SHEET, "", "",
                     f"Op het blad {KENGETALLEN_SHEET} staat geen enkele tabel van het sjabloon (geen titel in kolom B "
                     f"herkend{'; de titels staan in een andere kolom' if elsewhere else ''}). Uw kengetallen kunnen "
                     f"dus niet worden gelezen. Zet het blad terug zoals in het sjabloon, of neem het over uit een "
                     f"nieuw sjabloon (mkba-xl template); wilt u de standaardwaarden, verwijder het blad dan.",
                     code="kengetallen-unreadable")
        return kg.default_kengetallen()
    title_rows = set(titles.values())
    last_row = max((r for r, _ in grid), default=0)
    rows: dict[str, list[list[Any]]] = {}
    for table in TABLES:
        start = titles.get(table.title)
        if start is None:
            moved = f" (de titel staat in {elsewhere[table.title]})" if table.title in elsewhere else ""
            report.error(KENGETALLEN_SHEET, "", table.key,
                         f'De tabel "{table.title}" staat niet op het blad {KENGETALLEN_SHEET}: de titel is niet in '
                         f"kolom B gevonden{moved}. Zet de titel en de tabel terug zoals in het sjabloon, of neem de "
                         f"tabel over uit een nieuw sjabloon (mkba-xl template).", code="table-missing")
            continue
        table_rows = _read_table(grid, table, start, title_rows, last_row, report)
        if table_rows:
            rows[table.key] = table_rows
        elif table_rows is not None:
            report.error(KENGETALLEN_SHEET, cell_name(start, _FIRST_COL), table.key,
                         f'De tabel "{table.title}" heeft geen regels. Zet de regels terug, of neem de tabel over uit '
                         f"een nieuw sjabloon (mkba-xl template).", code="table-empty")
    return kg.from_rows(rows)


def _header_matches(grid: Grid, table: Table, start: int, report: Report) -> bool:
    for i, col in enumerate(table.columns):
        cell = grid.get((start + 1, _FIRST_COL + i))
        found = "" if cell is None or cell.value is None else " ".join(str(cell.value).split())
        if found.lower() != col.header.lower():
            name = cell_name(start + 1, _FIRST_COL + i)
            report.error(KENGETALLEN_SHEET, name, table.key,
                         f'Tabel "{table.title}": de kolomkop in {name} is "{quote(found)}", maar moet '
                         f'"{col.header}" zijn. Zet de kolommen terug zoals in het sjabloon (mkba-xl template).',
                         code="header-mismatch")
            return False
    return True


def _read_table(grid: Grid, table: Table, start: int, title_rows: set[int], last_row: int,
                report: Report) -> list[list[Any]] | None:
    """The valid rows of one table, or None when its header does not match (columns moved)."""
    if not _header_matches(grid, table, start, report):
        return None
    width = len(table.columns)
    parsed: list[tuple[int, list[Any]]] = []
    seen: dict[tuple[Any, ...], int] = {}
    keys_readable = True
    r = start + 2
    while r <= last_row and r not in title_rows:
        cells = [grid.get((r, _FIRST_COL + i)) for i in range(width)]
        if all(is_blank(c) for c in cells):
            break
        keys, row = _read_row(table, r, cells, report)
        if keys is None:
            keys_readable = False
        elif keys in seen:
            name = _key_text(keys)
            report.error(KENGETALLEN_SHEET, cell_name(r, _FIRST_COL), f"{table.key}.{name}",
                         f'Tabel "{table.title}": "{name}" staat twee keer in de tabel (ook in regel {seen[keys]}). '
                         f"Verwijder een van beide regels.", code="duplicate-key")
        else:
            seen[keys] = r
            if row is not None:
                parsed.append((r, row))
        r += 1
    _warn_rows_below(grid, table, r, title_rows, last_row, report)
    return _check_table(table, parsed, set(seen) if keys_readable else None, report)


def _read_keys(table: Table, r: int, cells: list[Cell | None], report: Report) -> tuple[Any, ...] | None:
    """The row's key (its leading columns), or None when one is missing or wrong (reported)."""
    keys: list[Any] = []
    problems = False
    for i, col in enumerate(table.columns[: table.keyed_by]):
        value, why = convert(cells[i], col.type, col.min, col.max, col.choices)
        code, text = (why.code, why.text) if why else ("key-missing", "")
        if why is None and value in (None, ""):
            text = f"De sleutel ontbreekt. Typ {what_to_type(col.type, col.min, col.max)} zoals in het sjabloon."
        if text:
            report.error(KENGETALLEN_SHEET, cell_name(r, _FIRST_COL + i), f"{table.key}.regel{r}.{col.key}",
                         f'Tabel "{table.title}", {col.header} in regel {r}: {text}', code=code)
            problems = True
        keys.append(value)
    return None if problems else tuple(keys)


def _read_row(table: Table, r: int, cells: list[Cell | None],
              report: Report) -> tuple[tuple[Any, ...] | None, list[Any] | None]:
    """The row's key and the row in column order; None for what has a problem (reported) or is unused."""
    keys = _read_keys(table, r, cells, report)
    if keys is None:
        return None, None
    row_key, row_name = _key_text(keys), _row_name(table, keys)
    if table.key in OPEN_ROW_TABLES and all(is_blank(c) for c in cells[table.keyed_by:]):
        return keys, None  # an open input row at the bottom: a year without a change is not yet filled in
    optional = _optional_columns()[table.key]
    row = list(keys)
    problems = False
    for i, col in enumerate(table.columns[table.keyed_by:], start=table.keyed_by):
        kind, low, high = col.type, col.min, col.max
        if table.key == "kengetallen" and col.key == "waarde":  # each kengetal has a range of its own
            kind = SHARE if kg.scalar_kind(str(keys[0])) == SHARE else col.type
            low, high = kg.scalar_range(str(keys[0]))
        value, why = convert(cells[i], kind, low, high, col.choices)
        if why is None and value is None and i not in optional:
            report.error(KENGETALLEN_SHEET, cell_name(r, _FIRST_COL + i), f"{table.key}.{row_key}.{col.key}",
                         f"{col.header} bij {row_name}: Dit veld is verplicht. "
                         f"Typ {what_to_type(kind, low, high, col.choices)}.", code="required")
            problems = True
        elif why is not None:
            report.error(KENGETALLEN_SHEET, cell_name(r, _FIRST_COL + i), f"{table.key}.{row_key}.{col.key}",
                         f"{col.header} bij {row_name}: {why.text}", code=why.code)
            problems = True
        row.append(value)
    return keys, None if problems else row


def _key_text(keys: Iterable[Any]) -> str:
    """A row's key as users see it in messages and fields: 'qaly_waarde', 'generiek_2014.gezinnen.ev'."""
    return ".".join(text_of(k) for k in keys)


def _row_name(table: Table, keys: tuple[Any, ...]) -> str:
    """A row as users read it in a message: a kengetal by its description ('"Voorkomen uitkering per persoon die
    aan het werk gaat, per jaar"'), another row by the texts of its key columns ('generiek_2014, gezinnen, ev')."""
    if table.key == "kengetallen":
        scalar = kg.default_kengetallen().scalars.get(str(keys[0]))
        if scalar is not None:
            return f'"{scalar.description}"'
    return ", ".join(text_of(k) for k in keys)


def _row_field(table: Table, row: list[Any]) -> str:
    return f"{table.key}.{_key_text(row[: table.keyed_by])}"


def _warn_rows_below(grid: Grid, table: Table, end: int, title_rows: set[int], last_row: int,
                     report: Report) -> None:
    """Warn about filled rows under an empty row: they look part of the table but are not read."""
    for r in range(end + 1, last_row + 1):
        if r in title_rows:
            return
        filled = sum(not is_blank(grid.get((r, _FIRST_COL + i))) for i in range(len(table.columns)))
        if filled >= 2:  # one cell may be a note; a row of data has more
            report.error(KENGETALLEN_SHEET, cell_name(r, _FIRST_COL), table.key,
                         f'Regel {r} staat onder een lege regel en hoort daardoor niet bij de tabel "{table.title}"; '
                         f"zo zou hij niet worden gelezen. Verwijder de lege regel(s) erboven.", code="rows-below-gap")
            return


def _check_table(table: Table, parsed: list[tuple[int, list[Any]]], present: set[tuple[Any, ...]] | None,
                 report: Report) -> list[list[Any]]:
    """Rules per table beyond single cells; returns the rows ``kengetallen.from_rows`` can use.

    ``present``: the keys of the table's rows, None when a key could not be read (already reported, so the
    rows of the defaults are not also reported missing).
    """
    if present is not None:
        _check_missing_rows(table, present, report)
    if table.key in FIXED_KEY_TABLES:
        parsed = _check_fixed_keys(table, parsed, report)
    if table.key == "profielen":
        parsed = _check_profiles(table, parsed, report)
    if table.key == "cpi":
        _check_cpi_years(table, parsed, report)
    return [row for _, row in parsed]


def _check_missing_rows(table: Table, present: set[tuple[Any, ...]], report: Report) -> None:
    """Every row of the defaults must be there: a deleted row would silently take its default instead."""
    missing = _default_keys()[table.key] - present
    if table.key == "profielen":  # a profile with some of its rows is reported as incomplete
        missing = frozenset(key for key in missing if not any(p[0] == key[0] for p in present))
    names = sorted({str(key[0]) for key in missing})
    if not names:
        return
    shown = ", ".join(f'"{quote(n)}"' + _described(table, n) for n in names[:5])
    shown += f" en {len(names) - 5} andere" if len(names) > 5 else ""
    what = "de regel" if len(names) == 1 else "de regels"
    report.error(KENGETALLEN_SHEET, "", f"{table.key}.{names[0]}",
                 f'Tabel "{table.title}": {what} {shown} {"ontbreekt" if len(names) == 1 else "ontbreken"}. Zonder '
                 f"die regel zou de standaardwaarde worden gebruikt in plaats van de uwe. Zet de regel terug (Ctrl+Z "
                 f"in Excel, of neem hem over uit een nieuw sjabloon: mkba-xl template) en vul uw waarde in.",
                 code="row-missing")


def _described(table: Table, key: str) -> str:
    """' (Basissucces schuldhulpverlening ...)' after a kengetal's key, so a message says what the row is."""
    name = _row_name(table, (key,)) if table.key == "kengetallen" else ""
    return f" ({name.strip(chr(34))})" if name.startswith('"') else ""


def _check_fixed_keys(table: Table, parsed: list[tuple[int, list[Any]]],
                      report: Report) -> list[tuple[int, list[Any]]]:
    """Rows with an unknown key are not used (with a warning)."""
    defaults = _default_keys()[table.key]
    kept = []
    for r, row in parsed:
        if (row[0],) in defaults:
            kept.append((r, row))
        else:
            report.warn(KENGETALLEN_SHEET, cell_name(r, _FIRST_COL), _row_field(table, row),
                        f'Tabel "{table.title}": de {FIXED_KEY_TABLES[table.key]} "{quote(str(row[0]))}" is '
                        f"onbekend; deze regel wordt niet gebruikt. Gebruik de namen uit het sjabloon.",
                        code="unknown-key")
    return kept


def _check_profiles(table: Table, parsed: list[tuple[int, list[Any]]],
                    report: Report) -> list[tuple[int, list[Any]]]:
    """Each profile needs all 12 type x severity rows and one price year, or the engine lacks numbers."""
    kept: dict[str, list[tuple[int, list[Any]]]] = {}
    broken: set[str] = set()
    for r, row in parsed:
        name, t, s = row[:3]
        for i, value, allowed in ((1, t, HOUSEHOLD_TYPES), (2, s, SEVERITIES)):
            if value not in allowed:
                report.error(KENGETALLEN_SHEET, cell_name(r, _FIRST_COL + i), _row_field(table, row),
                             f'Tabel "{table.title}", {table.columns[i].header} in regel {r}: '
                             f'"{quote(str(value))}" is onbekend. Typ een van: {", ".join(allowed)}.',
                             code="not-a-choice")
                broken.add(name)
        kept.setdefault(name, []).append((r, row))
    year_col = [c.key for c in table.columns].index("prijsjaar")
    result = []
    for name, rows in kept.items():
        present = {(row[1], row[2]) for _, row in rows}
        missing = [f"{t}/{s}" for t in HOUSEHOLD_TYPES for s in SEVERITIES if (t, s) not in present]
        first = rows[0][0]
        if missing and name not in broken:
            report.error(KENGETALLEN_SHEET, cell_name(first, _FIRST_COL), f"{table.key}.{name}",
                         f'Tabel "{table.title}": profiel "{name}" is onvolledig; de regels voor '
                         f'{", ".join(missing)} ontbreken. Een profiel heeft 12 regels: '
                         f'{len(HOUSEHOLD_TYPES)} typen x {len(SEVERITIES)} zwaarten.', code="profile-incomplete")
        years = {row[year_col] for _, row in rows}
        if len(years) > 1:
            r, row = next((r, row) for r, row in rows if row[year_col] != rows[0][1][year_col])
            report.error(KENGETALLEN_SHEET, cell_name(r, _FIRST_COL + year_col), f"{_row_field(table, row)}.prijsjaar",
                         f'Tabel "{table.title}": profiel "{name}" heeft verschillende prijsjaren '
                         f'({", ".join(str(y) for y in sorted(years))}). Typ in alle regels van het profiel '
                         f"hetzelfde prijsjaar.", code="profile-price-years")
        elif not missing and name not in broken:
            result.extend(rows)
    return result


def _check_cpi_years(table: Table, parsed: list[tuple[int, list[Any]]], report: Report) -> None:
    """Years must follow each other: the price index cannot be chained over a gap."""
    by_year = sorted((int(row[0]), r) for r, row in parsed)
    for (prev, _), (year, r) in zip(by_year, by_year[1:]):
        if year != prev + 1:
            report.error(KENGETALLEN_SHEET, cell_name(r, _FIRST_COL), f"{table.key}.{year}",
                         f'Tabel "{table.title}": na {prev} komt {year}; de jaren ertussen ontbreken, zodat bedragen '
                         f"niet voorbij {prev} kunnen worden geïndexeerd. Vul de ontbrekende jaren aan.",
                         code="cpi-gap")
            return
