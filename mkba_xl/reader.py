"""Read a filled-in workbook into a typed ``Invoer`` and ``Kengetallen``, or say in Dutch why not.

Two stages, because they fail differently:

1. *Refusals.* A file that cannot be read at all (missing, too large, an old .xls or a password-protected
   file, an ODS, a corrupt zip, a zip or XML bomb, no INVOER sheet, another template version) is refused
   with one problem. The zip is checked with ``zipfile`` before openpyxl sees it, because openpyxl sets
   no decompression limits of its own.
2. *Validation.* Every input cell of INVOER and every cell of the KENGETALLEN tables is checked, and all
   problems are collected in one ``Report``, so a user fixes everything in one round.

Users are not programmers: every message is Dutch, quotes the label of the cell and says what to type.
The library never prints or exits; ``read_workbook`` raises ``InputError`` carrying the report.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import defusedxml  # noqa: F401  # openpyxl parses with defusedxml only when it is importable
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter

from . import kengetallen as kg
from .errors import InputError, Problem, Report
from .invoer import Invoer
from .schema import (
    CHOICE,
    DEEL_D_COUNTS,
    DEEL_D_ROWS,
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

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "check_workbook",
    "read_invoer",
    "read_workbook",
]

MAX_FILE_BYTES: int = 20 * 1024 * 1024
"""A filled-in template is about 25 kB; 20 MB leaves room for pictures and extra sheets users add."""

MAX_UNCOMPRESSED_BYTES: int = 200 * 1024 * 1024
"""Sum of the declared sizes of all zip members (Python's zipfile stops at the declared size, so they
cannot lie). Sheet XML compresses 12 to 15 times (measured on 200,000 repetitive rows), so this admits
some 15 MB of ordinary sheets: far beyond any filled-in template, far below a zip bomb."""

MAX_MEMBERS: int = 2000
"""An xlsx has about 10 members plus a few per sheet, picture or chart; thousands means something else."""

MAX_RATIO: float = 200.0
"""Compression ratio above which a member larger than 1 MB is taken for a zip bomb. Real sheet XML
stays far below it (about 15); deflate reaches about 1000 only on runs of one byte."""

_RATIO_MIN_BYTES = 1024 * 1024  # small members may compress extremely well without doing harm
_PROLOG_BYTES = 64 * 1024  # how much of each XML member is searched for DOCTYPE/ENTITY declarations
MAX_KENGETALLEN_ROWS = 2000
"""Rows of KENGETALLEN that are read; the template uses about 150, tables grow only by added years."""

MAX_TEXT_LENGTH = 255
SUM_TOLERANCE = 0.005  # shares that must add up to 100% may be half a percentage point off (rounding)
CASELOAD_TOLERANCE = 0.25  # team size vs caseload norm: warn beyond 25% difference

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_XML_DECLARATIONS = tuple(
    word.encode(encoding) for word in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)

_DAMAGED = ("Het bestand is beschadigd of geen geldig Excel-bestand en kan niet worden gelezen. Open het in "
            "Excel of LibreOffice en sla het opnieuw op als 'Excel-werkmap (.xlsx)', of maak een nieuw sjabloon "
            "met: mkba-xl template")
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


def read_workbook_sheets(path: str | os.PathLike[str]) -> tuple[Invoer, kg.Kengetallen, Report, dict[str, _Grid]]:
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


def load_grids(path: Path) -> dict[str, _Grid]:
    """The cells of our sheets after the file refusals (raises ``_Refusal``); INVOER may be absent."""
    _check_file(path)
    return _load_grids(path, require_invoer=False)


# ---------------------------------------------------------------------------------------------
# Stage 1: refusals
# ---------------------------------------------------------------------------------------------

class _Refusal(Exception):
    """The workbook cannot be read at all; carries the single problem that says why."""

    def __init__(self, message: str, sheet: str = "", cell: str = ""):
        super().__init__(message)
        self.problem = Problem(sheet, cell, "", message)


@dataclass(frozen=True)
class _Cell:
    """What the validation needs of a cell; ``value`` is the cached result when ``formula`` is set."""

    value: Any
    formula: bool = False
    error: bool = False  # value is an Excel error such as '#DIV/0!'
    percent: bool = False  # number format shows a percentage: the user sees 0.48 as 48%


_Grid = dict[tuple[int, int], _Cell]


def _read(path: Path) -> tuple[Report, tuple[Invoer, kg.Kengetallen] | None, dict[str, _Grid]]:
    report = Report()
    grids: dict[str, _Grid] = {}
    try:
        _check_file(path)
        grids = _load_grids(path)
        invoer_grid = grids[INVOER_SHEET]
        _check_version(invoer_grid)
    except _Refusal as refusal:
        problem = refusal.problem
        if not problem.sheet:
            problem = Problem(path.name, problem.cell, problem.field, problem.message)
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


def _size_text(n: int) -> str:
    return f"{n / 2**20:.0f} MB".replace(".", ",") if n >= 2**20 else f"{max(1, round(n / 1024))} kB"


def _check_file(path: Path) -> None:
    """Refuse what is not an xlsx zip, by content rather than by file extension."""
    try:
        if not path.exists():
            raise _Refusal(f'Het bestand "{path}" bestaat niet. Controleer de naam en de map.')
        if path.is_dir():
            raise _Refusal(f'"{path}" is een map, geen bestand. Geef het Excel-bestand (.xlsx) zelf op.')
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Refusal(
                f"Het bestand is groter dan {_size_text(MAX_FILE_BYTES)} ({_size_text(size)}); zo groot wordt een "
                "ingevuld sjabloon nooit. Verwijder grote afbeeldingen of extra werkbladen, of neem de invoer over "
                "in een nieuw sjabloon (mkba-xl template).")
        with path.open("rb") as fh:
            head = fh.read(len(_ZIP_MAGIC))
    except OSError as exc:
        raise _Refusal("Het bestand kan niet worden geopend (geen leesrechten, of het is in gebruik door een ander "
                       "programma). Sluit het bestand en probeer opnieuw.") from exc
    if not head:
        raise _Refusal("Het bestand is leeg (0 bytes). Sla de ingevulde werkmap opnieuw op als "
                       "'Excel-werkmap (.xlsx)'.")
    if head.startswith(_OLE2_MAGIC):
        raise _Refusal(
            "Dit is een oud Excel-bestand (Excel 97-2003, .xls) of een Excel-bestand dat met een wachtwoord is "
            "beveiligd. Open het in Excel, haal een eventueel wachtwoord weg (Bestand > Info > Werkmap beveiligen) "
            "en sla het op als 'Excel-werkmap (.xlsx)' zonder wachtwoord.")
    if not head.startswith(_ZIP_MAGIC):
        raise _Refusal("Dit is geen Excel-bestand (.xlsx), maar bijvoorbeeld een CSV-, tekst- of PDF-bestand met "
                       "een andere naam. Gebruik het ingevulde sjabloon en sla het op als 'Excel-werkmap (.xlsx)'.")
    _check_zip(path)


def _check_zip(path: Path) -> None:
    """Size, member and ratio limits, xlsx structure and no DTDs, all before openpyxl decompresses anything."""
    bomb = ("Het bestand wordt niet gelezen: het pakt uit tot {what} (mogelijk een zip-bom). Een ingevuld "
            "sjabloon is veel kleiner. Sla de werkmap opnieuw op als 'Excel-werkmap (.xlsx)' of maak een nieuw "
            "sjabloon met: mkba-xl template")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise _Refusal(bomb.format(what=f"meer dan {MAX_MEMBERS} onderdelen ({len(infos)})"))
            total = sum(info.file_size for info in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _Refusal(bomb.format(what=f"{_size_text(total)}, meer dan {_size_text(MAX_UNCOMPRESSED_BYTES)}"))
            for info in infos:
                if info.file_size > _RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise _Refusal(bomb.format(
                        what=f"{_size_text(info.file_size)} uit {_size_text(info.compress_size)} "
                             f"(onderdeel {info.filename[:60]})"))
            names = {info.filename for info in infos}
            if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
                raise _Refusal(_not_xlsx_message(zf, names))
            for info in infos:
                # customXml/ holds third-party metadata that openpyxl never parses: no reason to refuse it.
                if info.filename.endswith((".xml", ".rels")) and not info.filename.startswith("customXml/"):
                    with zf.open(info) as member:
                        prolog = member.read(_PROLOG_BYTES)
                    if any(word in prolog for word in _XML_DECLARATIONS):
                        raise _Refusal(
                            "Het bestand bevat XML met een DOCTYPE- of ENTITY-declaratie. Een Excel-bestand heeft "
                            "die nooit nodig; het bestand is beschadigd of onveilig (mogelijk een XML-bom) en wordt "
                            "niet gelezen. Sla de werkmap opnieuw op als 'Excel-werkmap (.xlsx)'.")
    except _Refusal:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
            NotImplementedError) as exc:  # RuntimeError: an encrypted member; NotImplementedError: compression
        raise _Refusal(_DAMAGED) from exc


def _not_xlsx_message(zf: zipfile.ZipFile, names: set[str]) -> str:
    if ("mimetype" in names and zf.getinfo("mimetype").file_size < 200
            and zf.read("mimetype").strip().startswith(_ODS_MIMETYPE)):
        return ("Dit is een OpenDocument-bestand (.ods), geen Excel-werkmap. Open het in LibreOffice of Excel "
                "en sla het op als 'Excel-werkmap (.xlsx)'.")
    if "xl/workbook.bin" in names:
        return ("Dit is een binaire Excel-werkmap (.xlsb). Open het in Excel en sla het op als "
                "'Excel-werkmap (.xlsx)'.")
    return ("Dit is geen Excel-werkmap (.xlsx): het bestand is een zip-bestand zonder de onderdelen van een "
            "werkmap (bijvoorbeeld een Word-document of een ander archief). Gebruik het ingevulde sjabloon.")


@lru_cache(maxsize=1)
def _areas() -> dict[str, tuple[int, int]]:
    """Rows and columns read per sheet: only the input area, so big pasted data elsewhere costs nothing."""
    cells = [coordinate_to_tuple(f.cell) for f in invoer_fields()] + [coordinate_to_tuple(VERSION_CELL)]
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


def _load_grids(path: Path, *, require_invoer: bool = True) -> dict[str, _Grid]:
    """Read the cells of INVOER, KENGETALLEN and GEVOELIGHEID with openpyxl in one pass (read-only).

    The first load keeps formulas, to know which cells hold one; only if there are any, a second load
    gets the values Excel cached for them. openpyxl raises a zoo of exception types on malformed files
    (ValueError, KeyError, TypeError, zip and XML errors, defusedxml's EntitiesForbidden, ...): all of
    them mean the same to a user, so all become one Dutch refusal.
    """
    def load(data_only: bool) -> tuple[list[str], dict[str, _Grid]]:
        # A file object, not the name: openpyxl would otherwise refuse names not ending in .xlsx.
        with path.open("rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions: not for users
            wb = load_workbook(fh, read_only=True, data_only=data_only, keep_links=False)
            try:
                names = list(wb.sheetnames)
                found = {key: _sheet_name(key, names) for key in _areas()}
                grids = {key: _grid(wb[name], *_areas()[key]) for key, name in found.items() if name is not None}
            finally:
                wb.close()
        return names, grids

    try:
        names, grids = load(data_only=False)
        formulas = [(sheet, rc) for sheet, grid in grids.items() for rc, cell in grid.items() if cell.formula]
        if formulas:
            _, cached = load(data_only=True)
            for sheet, rc in formulas:
                result = cached.get(sheet, {}).get(rc)
                grids[sheet][rc] = _Cell(result.value if result else None, formula=True,
                                         error=bool(result and result.error), percent=grids[sheet][rc].percent)
    except Exception as exc:  # noqa: BLE001 - see docstring
        raise _Refusal(_DAMAGED) from exc
    if require_invoer and INVOER_SHEET not in grids:
        found = ", ".join(f'"{n}"' for n in names) or "geen"
        near = [n for n in names if n.strip().upper() == INVOER_SHEET]
        hint = f' Het blad "{near[0]}" heet bijna zo: noem het precies {INVOER_SHEET}.' if near else (
            " Gebruik het sjabloon van mkba-xl template en vul het blad INVOER in.")
        raise _Refusal(f"Het blad {INVOER_SHEET} ontbreekt. Gevonden bladen: {found}.{hint}")
    return grids


def _grid(ws: Any, max_row: int, max_col: int) -> _Grid:
    grid: _Grid = {}
    for row in ws.iter_rows(min_row=1, max_row=max_row, min_col=1, max_col=max_col):
        for cell in row:
            if cell.value is not None:
                grid[(cell.row, cell.column)] = _Cell(cell.value, formula=cell.data_type == "f",
                                                      error=cell.data_type == "e",
                                                      percent="%" in (cell.number_format or ""))
    return grid


def _check_version(grid: _Grid) -> None:
    """Stop at a foreign or older layout: its cells mean something else, so their errors would mislead."""
    cell = grid.get(coordinate_to_tuple(VERSION_CELL))
    found = "" if cell is None or cell.value is None else str(cell.value).strip()
    if found == TEMPLATE_VERSION:
        return
    what = f'gevonden: "{_quote(found)}"' if found else f"cel {VERSION_CELL} met de sjabloonversie is leeg"
    raise _Refusal(f"Dit werkblad is gemaakt met een ander of ouder sjabloon ({what}; verwacht: "
                   f'"{TEMPLATE_VERSION}"). Maak een nieuw sjabloon met: mkba-xl template', INVOER_SHEET, VERSION_CELL)


# ---------------------------------------------------------------------------------------------
# Cell values: one set of rules for INVOER fields and KENGETALLEN columns
# ---------------------------------------------------------------------------------------------

def _cell_name(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _is_blank(cell: _Cell | None) -> bool:
    """Empty or only spaces; a formula or an Excel error counts as filled in."""
    if cell is None:
        return True
    if cell.formula or cell.error:
        return False
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nl(x: float) -> str:
    """A number the Dutch way: decimal comma, thousands points from 10.000 on (years stay 2013)."""
    if abs(x - round(x)) < 1e-9 and abs(x) < 1e15:
        n = int(round(x))
        return f"{n:,}".replace(",", ".") if abs(n) >= 10_000 else str(n)
    text = f"{x:,.6f}".rstrip("0").rstrip(".")
    text = text if abs(x) >= 10_000 else text.replace(",", "")
    return text.translate(str.maketrans(",.", ".,"))


def _pct(x: float) -> str:
    return f"{_nl(round(x * 100, 6))}%"


def _bounds(lo: float | None, hi: float | None, show: Callable[[float], str]) -> str:
    if lo is not None and hi is not None:
        return f" tussen {show(lo)} en {show(hi)}"
    if lo is not None:
        return f" van minstens {show(lo)}"
    return f" van hoogstens {show(hi)}" if hi is not None else ""


def _what_to_type(kind: str, lo: float | None, hi: float | None, choices: Iterable[str] = ()) -> str:
    """The 'what to type instead' part of a message, e.g. 'een percentage tussen 0% en 100%, bijvoorbeeld 48%'."""
    if kind == CHOICE:
        return "een van: " + ", ".join(choices)
    if kind == TEXT:
        return "een tekst"
    if kind == SHARE:
        example = next(x for x in (0.48, 0.025, 0.0, lo or 0.0) if _within(x, lo, hi))
        return f"een percentage{_bounds(lo, hi, _pct)}, bijvoorbeeld {_pct(example)}"
    if kind == WHOLE:
        if (lo, hi) == (0, 1):
            return "1 (ja) of 0 (nee)"
        return f"een geheel getal{_bounds(lo, hi, _nl)}"
    if kind == EURO:
        return f"een bedrag in euro's{_bounds(lo, hi, _nl)}, bijvoorbeeld 62.556"
    return f"een getal{_bounds(lo, hi, _nl)} (decimalen na een komma, bijvoorbeeld 1,5)"


def _within(x: float, lo: float | None, hi: float | None) -> bool:
    return (lo is None or x >= lo - 1e-9) and (hi is None or x <= hi + 1e-9)


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


def _convert(cell: _Cell | None, kind: str, lo: float | None = None, hi: float | None = None,
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
        return None, f"{where} de Excel-foutwaarde {value}. Typ {_what_to_type(kind, lo, hi, choices)}."
    if _is_blank(cell):
        return None, None
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return None, (f"De cel bevat een datum; typ {_what_to_type(kind, lo, hi, choices)}. Staat de cel in Excel "
                      "als datum opgemaakt, zet de opmaak dan op Standaard.")
    if isinstance(value, bool):
        return None, (f"De cel bevat {'WAAR' if value else 'ONWAAR'}. "
                      f"Typ {_what_to_type(kind, lo, hi, choices)}.")
    if kind == TEXT:
        text = _text(value).strip()
        if len(text) > MAX_TEXT_LENGTH:
            return None, f"De tekst is {len(text)} tekens lang; maximaal {MAX_TEXT_LENGTH}. Typ een kortere tekst."
        return text, None
    if kind == CHOICE:
        typed = _text(value).strip()
        canonical = {c.lower(): c for c in choices}
        if typed.lower() in canonical:
            return canonical[typed.lower()], None
        return None, f'"{_quote(typed)}" is geen geldige keuze. Typ {_what_to_type(kind, lo, hi, choices)}.'
    return _number(value, kind, lo, hi, cell.percent)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any, kind: str, lo: float | None, hi: float | None,
            percent_format: bool) -> tuple[Any, str | None]:
    what = _what_to_type(kind, lo, hi)
    typed_percent = False
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        parsed = _parse_number(value, kind)
        if parsed is None:
            noun = "percentage" if kind == SHARE else "bedrag" if kind == EURO else "getal"
            return None, f'"{_quote(value)}" is geen {noun}. Typ {what}.'
        if parsed[1] and kind != SHARE:
            return None, f'"{_quote(value)}" is een percentage, maar hier hoort geen %. Typ {what}.'
        number, typed_percent = float(parsed[0]), parsed[1]
    else:
        return None, f"De cel bevat geen getal. Typ {what}."
    if not math.isfinite(number):
        return None, f"De cel bevat geen geldig getal. Typ {what}."
    if kind == WHOLE and not number.is_integer():
        return None, f"De waarde {_nl(number)} is geen geheel getal. Typ {what}."
    if not _within(number, lo, hi):
        advice = f"Typ {what}."
        if kind == SHARE and not typed_percent and _within(number / 100, lo, hi):  # 48 typed for 48%
            advice = f"Bedoelt u {_pct(number / 100)}? Typ dan {_pct(number / 100)}."
        if kind == SHARE and not (typed_percent or (percent_format and not isinstance(value, str))):
            return None, f"De waarde {_nl(number)} is geen percentage{_bounds(lo, hi, _pct)}. {advice}"
        show = _pct if kind == SHARE else _nl  # the value as the cell shows it
        side = f"groter dan {show(hi)}" if hi is not None and number > hi else f"kleiner dan {show(lo)}"
        return None, f"De waarde {show(number)} is {side}. {advice}"
    return (int(number) if kind == WHOLE else number), None


# ---------------------------------------------------------------------------------------------
# Stage 2a: INVOER fields
# ---------------------------------------------------------------------------------------------

def _read_fields(grid: _Grid, kengetallen: kg.Kengetallen,
                 report: Report) -> tuple[dict[str, Any], set[str], set[str]]:
    """Values of all INVOER fields (None where empty), the keys of non-empty cells, the keys with an error."""
    values: dict[str, Any] = {}
    filled: set[str] = set()
    bad: set[str] = set()
    for f in invoer_fields():
        cell = grid.get(coordinate_to_tuple(f.cell))
        choices = f.choices
        if f.key in _CHOICES_FROM_KENGETALLEN:
            choices = tuple(dict.fromkeys((*f.choices, *_CHOICES_FROM_KENGETALLEN[f.key](kengetallen))))
        value, why = _convert(cell, f.type, f.min, f.max, choices)
        if not _is_blank(cell):
            filled.add(f.key)
        if why is None and value is None and f.required:
            what = _what_to_type(f.type, f.min, f.max, choices)
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
                         f"{_pct(total)}; dat moet 100% zijn. Pas de cellen {cells(type_keys)} aan.")
    for t in HOUSEHOLD_TYPES:
        if not ok(f"aandeel_type.{t}") or num(f"aandeel_type.{t}") <= 0:
            continue  # a type that is not in the approach needs no severities or composition
        name = HOUSEHOLD_TYPE_LABELS[t]
        sev_keys = [f"zwaarte.{t}.{s}" for s in SEVERITIES]
        if ok(*sev_keys):
            total = sum(num(key) for key in sev_keys)
            if abs(total - 1) > SUM_TOLERANCE:
                report.error(INVOER_SHEET, fields[sev_keys[0]].cell, f"zwaarte.{t}",
                             f"Huishoudens naar zwaarte — {name}: de zwaarteklassen tellen op tot {_pct(total)}; "
                             f"dat moet 100% zijn. Pas de cellen {cells(sev_keys)} aan.")
        comp_keys = [f"samenstelling.eenouder.{t}", f"samenstelling.tweeouder.{t}"]
        if ok(*comp_keys) and filled.intersection(comp_keys):
            total = sum(num(key) for key in comp_keys)
            if abs(total - 1) > SUM_TOLERANCE:
                report.error(INVOER_SHEET, fields[comp_keys[0]].cell, f"samenstelling.{t}",
                             f"Huishoudsamenstelling — {name}: eenouder/eenpersoons en tweeouder/meerpersoons tellen "
                             f"op tot {_pct(total)}; dat moet 100% zijn. Pas de cellen {fields[comp_keys[0]].cell} "
                             f"en {fields[comp_keys[1]].cell} aan.")

    _check_team(values, filled, report, num, ok)
    _check_rekenwijze(values, filled, report)
    _check_deel_d(values, bad, report)

    # Success of debt help: the base success plus the change must remain a share.
    key = "succes.schuldhulp"
    if ok(key) and "shv_basis_succes" in k.scalars:
        base = k.value("shv_basis_succes")
        if not 0 <= base + num(key) <= 1:
            report.warn(INVOER_SHEET, fields[key].cell, key,
                        f"{fields[key].label}: het basissucces van de schuldhulpverlening is {_pct(base)} (blad "
                        f"{KENGETALLEN_SHEET}, shv_basis_succes); met {_pct(num(key))} erbij komt het "
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
                     f" Typ {_what_to_type(additional.type, additional.min, additional.max)}.")
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
                     f"Typ {_what_to_type(cost.type, cost.min, cost.max)}.")

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
                    f"{first.label}: Ingevoerd {_nl(round(fte, 1))} fte; volgens de caseloadnorm is "
                    f"{_nl(round(needed, 1))} fte nodig ({_pct(round(fte / needed - 1, 2))} verschil). Controleer "
                    f"de teamomvang of de caseload ({caseload[0]} tot en met {caseload[-1]}).")


def _check_rekenwijze(values: dict[str, Any], filled: set[str], report: Report) -> None:
    """A chosen way of the tool that does not match how the team is stated is allowed, but said."""
    fields = fields_by_key()
    way, choice = fields["rekenwijze"], values.get("rekenwijze")
    if choice is None or "team_fte" in filled and filled & {"fte_nulsituatie", "fte_extra"}:
        return
    team_way = 1 if "team_fte" in filled else 2 if filled & {"fte_nulsituatie", "fte_extra"} else None
    expected = {1: "lpbl_2014", 2: "lpbl_2019"}.get(team_way) if team_way else None
    if expected is not None and choice != expected:
        how = (f"manier 1 (cel {fields['team_fte'].cell}: het hele team met een aandeel additioneel), zoals de tool "
               "van 2014" if team_way == 1 else f"manier 2 (cellen {fields['fte_nulsituatie'].cell} en "
               f"{fields['fte_extra'].cell}: fte in de 0-situatie en extra fte), zoals de tool vanaf 2019")
        report.warn(INVOER_SHEET, way.cell, way.key,
                    f"{way.label}: u kiest {choice}, maar u vult het team in volgens {how}. Er wordt gerekend "
                    f"met {choice}. Laat cel {way.cell} leeg voor de rekenwijze die bij het team past ({expected}).")


def _check_deel_d(values: dict[str, Any], bad: set[str], report: Report) -> None:
    """A row of deel D with trajectories needs its price, and a row of the user's own its financier and name."""
    fields = fields_by_key()
    for row, (_, financier) in DEEL_D_ROWS.items():
        key = f"deel_d.{row}"
        counts = [f"{key}.{col}" for col in DEEL_D_COUNTS]
        if bad.intersection(counts) or not any(values.get(c) for c in counts):
            continue
        price = fields[f"{key}.prijs"]
        if values.get(price.key) is None and price.key not in bad:
            report.error(INVOER_SHEET, price.cell, price.key,
                         f"{price.label}: deze regel heeft aantallen trajecten, maar geen prijs. Typ de prijs van één "
                         f"traject per jaar in cel {price.cell}, bijvoorbeeld 2.805.")
        if financier is None:
            paid = fields[f"{key}.financier"]
            if values.get(paid.key) is None and paid.key not in bad:
                report.error(INVOER_SHEET, paid.cell, paid.key,
                             f"{paid.label}: deze regel heeft aantallen trajecten, maar geen financier. Kies in cel "
                             f"{paid.cell} de geldstroom die de trajecten betaalt, bijvoorbeeld wmo.")
            name = fields[f"{key}.naam"]
            if not values.get(name.key):
                report.warn(INVOER_SHEET, name.cell, name.key,
                            f"{name.label}: deze regel heeft aantallen trajecten, maar geen naam. Typ in cel "
                            f"{name.cell} de naam van de voorziening, zodat BEREKENING zegt welke trajecten het zijn.")


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


def _read_kengetallen(grid: _Grid | None, report: Report) -> kg.Kengetallen:
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
            report.warn(KENGETALLEN_SHEET, _cell_name(start, 2), table.key,
                        f'De tabel "{table.title}" heeft geen regels; de standaardwaarden worden gebruikt.')
    return kg.from_rows(rows)


def _read_table(grid: _Grid, table: Table, start: int, title_rows: set[int], last_row: int,
                report: Report) -> list[list[Any]] | None:
    """The valid rows of one table, or None when its header does not match (columns moved)."""
    for i, col in enumerate(table.columns):
        cell = grid.get((start + 1, 2 + i))
        found = "" if cell is None or cell.value is None else " ".join(str(cell.value).split())
        if found.lower() != col.header.lower():
            name = _cell_name(start + 1, 2 + i)
            report.error(KENGETALLEN_SHEET, name, table.key,
                         f'Tabel "{table.title}": de kolomkop in {name} is "{_quote(found)}", maar moet '
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
            report.error(KENGETALLEN_SHEET, _cell_name(r, 2), f"{table.key}.{name}",
                         f'Tabel "{table.title}": "{name}" staat twee keer in de tabel (ook in regel {seen[keys]}). '
                         f"Verwijder een van beide regels.")
        elif keys is not None:
            seen[keys] = r
            if row is not None:
                parsed.append((r, row))
        r += 1
    _warn_rows_below(grid, table, r, title_rows, last_row, report)
    return _check_table(table, parsed, set(seen), report)


def _read_row(table: Table, r: int, cells: list[_Cell | None],
              report: Report) -> tuple[tuple[Any, ...] | None, list[Any] | None]:
    """The row's key and the row in column order; None for what has a problem (reported) or is unused."""
    key_cols = table.columns[: table.keyed_by]
    keys: list[Any] = []
    problems = False
    for i, col in enumerate(key_cols):
        value, why = _convert(cells[i], col.type, col.min, col.max, col.choices)
        if why is None and value in (None, ""):
            why = f"De sleutel ontbreekt. Typ {_what_to_type(col.type, col.min, col.max)} zoals in het sjabloon."
        if why is not None:
            report.error(KENGETALLEN_SHEET, _cell_name(r, 2 + i), f"{table.key}.regel{r}.{col.key}",
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
            why = f"Dit veld is verplicht. Typ {_what_to_type(kind, col.min, col.max, col.choices)}."
        if why is not None:
            report.error(KENGETALLEN_SHEET, _cell_name(r, 2 + i), f"{table.key}.{row_key}.{col.key}",
                         f"{col.header} bij {row_key}: {why}")
            problems = True
        row.append(value)
    return tuple(keys), None if problems else row


def _key_text(keys: Iterable[Any]) -> str:
    """A row's key as users see it in messages and fields: 'qaly_waarde', 'generiek_2014.gezinnen.ev'."""
    return ".".join(_text(k) for k in keys)


def _row_field(table: Table, row: list[Any]) -> str:
    return f"{table.key}.{_key_text(row[: table.keyed_by])}"


def _warn_rows_below(grid: _Grid, table: Table, end: int, title_rows: set[int], last_row: int,
                     report: Report) -> None:
    """Warn about filled rows under an empty row: they look part of the table but are not read."""
    for r in range(end + 1, last_row + 1):
        if r in title_rows:
            return
        filled = sum(not _is_blank(grid.get((r, 2 + i))) for i in range(len(table.columns)))
        if filled >= 2:  # one cell may be a note; a row of data has more
            report.warn(KENGETALLEN_SHEET, _cell_name(r, 2), table.key,
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
                report.warn(KENGETALLEN_SHEET, _cell_name(r, 2), _row_field(table, row),
                            f'Tabel "{table.title}": de {_FIXED_KEY_TABLES[table.key]} "{_quote(str(row[0]))}" is '
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
                report.error(KENGETALLEN_SHEET, _cell_name(r, 2 + i), _row_field(table, row),
                             f'Tabel "{table.title}", {table.columns[i].header} in regel {r}: '
                             f'"{_quote(str(value))}" is onbekend. Typ een van: {", ".join(allowed)}.')
                broken.add(name)
        kept.setdefault(name, []).append((r, row))
    year_col = [c.key for c in table.columns].index("prijsjaar")
    result = []
    for name, rows in kept.items():
        present = {(row[1], row[2]) for _, row in rows}
        missing = [f"{t}/{s}" for t in HOUSEHOLD_TYPES for s in SEVERITIES if (t, s) not in present]
        first = rows[0][0]
        if missing and name not in broken:
            report.error(KENGETALLEN_SHEET, _cell_name(first, 2), f"{table.key}.{name}",
                         f'Tabel "{table.title}": profiel "{name}" is onvolledig; de regels voor '
                         f'{", ".join(missing)} ontbreken. Een profiel heeft 12 regels: '
                         f'{len(HOUSEHOLD_TYPES)} typen x {len(SEVERITIES)} zwaarten.')
        years = {row[year_col] for _, row in rows}
        if len(years) > 1:
            r, row = next((r, row) for r, row in rows if row[year_col] != rows[0][1][year_col])
            report.error(KENGETALLEN_SHEET, _cell_name(r, 2 + year_col), f"{_row_field(table, row)}.prijsjaar",
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
            report.warn(KENGETALLEN_SHEET, _cell_name(r, 2), f"{table.key}.{year}",
                        f'Tabel "{table.title}": na {prev} komt {year}; de jaren ertussen ontbreken. Bedragen '
                        f"worden niet geïndexeerd voorbij {prev}. Vul de ontbrekende jaren aan.")
            return

