"""Sample workbooks of five published LPBL MKBAs, built from one readable JSON file per case.

A case file (``sample_workbooks/cases/<case>.json``) holds every INVOER value the case's report
states, each with its source ('bron'), the few kengetallen the report itself states differently
from the defaults, the report's published figures (copied from ``published_cases.yaml``), the
explanations of the differences and the open points. Every value is of one of three kinds, by the
start of its 'bron':

* ``vermeld``: the report states it (the 'bron' starts with the report number and section);
* ``teruggerekend: <rule>``: worked back from a count or total the report states, with the rule;
  a line that uses it matches partly by construction, so the reproduction report also computes the
  case with these values left empty;
* ``aanname: <reason>``: the report is silent; the reason says why this value.

``write_sample_workbook`` turns a case into an ordinary input workbook (the template's INVOER
and KENGETALLEN sheets, filled) plus a sheet BRONNEN that lists every filled cell with its
source. The bytes are deterministic, so the committed samples can be checked for staleness.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from xlsxwriter.workbook import Workbook

from . import schema, template
from .analyses.meerjarig import Meerjarig, YearRow
from .analyses.meerjarig_sheet import add_meerjarig_sheet
from .kengetallen import Kengetallen, Scalar, default_kengetallen
from .references import cited, readable
from .schema import INGROEI_PREFIX, MEERJARIG_COLUMNS, YEAR_KEY, YEAR_NOTE_KEY
from .xlsx.book import write_atomically
from .xlsx.load import cell_name
from .xlsx.styles import Formats

BRONNEN_SHEET = "BRONNEN"
ASSUMPTION_PREFIX = "aanname:"
"""A 'bron' starting with this marks a value the report does not state: the text after it says why."""
DERIVED_PREFIX = "teruggerekend:"
"""A 'bron' starting with this marks a value worked back from a count or total the report states."""
VERMELD, TERUGGEREKEND, AANNAME = "vermeld", "teruggerekend", "aanname"
KIND_LABELS = {VERMELD: "vermeld in het rapport", TERUGGEREKEND: "teruggerekend uit een aantal of totaal van het "
               "rapport", AANNAME: "aanname (het rapport noemt het niet)"}

_CASE_KEYS = {"titel", "referentie", "seed", "rapport", "invoer", "kengetallen", "gepubliceerd",
              "gepubliceerd_factor", "koppeling", "afgeleid", "verklaringen", "niet_bepaalbaar", "open_punten",
              "gevoeligheden", "meerjarig"}
MEERJARIG_KEYS = {"basisjaar", "jaren"}
"""A case of several years of the approach: its base year and one object per year (column key -> waarde, bron)."""
_REQUIRED = ("titel", "referentie", "seed", "invoer", "gepubliceerd")


@dataclass(frozen=True)
class Entry:
    """One filled value with its source."""

    key: str
    value: Any
    source: str
    price_year: int | None = None  # kengetallen only

    @property
    def is_assumption(self) -> bool:
        return self.kind == AANNAME

    @property
    def kind(self) -> str:
        """``vermeld``, ``teruggerekend`` or ``aanname``, by the start of the source."""
        text = self.source.strip().lower()
        if text.startswith(ASSUMPTION_PREFIX):
            return AANNAME
        return TERUGGEREKEND if text.startswith(DERIVED_PREFIX) else VERMELD


@dataclass(frozen=True)
class Case:
    """One published MKBA as encoded for this project (see the module docstring)."""

    name: str
    title: str
    reference: str  # key of the case in published_cases.yaml
    seed: str
    report: str
    invoer: tuple[Entry, ...]
    kengetallen: tuple[Entry, ...]
    published: Mapping[str, Any]
    published_factor: float = 1.0  # published amounts x this = euro (Leeuwarden publishes x 1000)
    mapping: Mapping[str, str | list[str] | None] = field(default_factory=dict)
    derived: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    explanations: Mapping[str, str] = field(default_factory=dict)
    undeterminable: Mapping[str, str] = field(default_factory=dict)
    """Published lines the report text cannot determine, with the reason ('niet_bepaalbaar')."""
    open_points: tuple[str, ...] = ()
    sensitivities: tuple[Mapping[str, Any], ...] = ()
    years: tuple[Mapping[str, Entry], ...] = ()
    """The MEERJARIG rows of a case of several years (column key -> entry); empty for one year."""
    base_year: Entry | None = None

    def invoer_values(self) -> dict[str, Any]:
        return {e.key: e.value for e in self.invoer}

    def assumptions(self) -> list[Entry]:
        return [e for e in self._entries() if e.is_assumption]

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self._entries() if e.kind == kind]

    def _entries(self) -> list[Entry]:
        meerjarig = [e for row in self.years for e in row.values()]
        return [*self.invoer, *self.kengetallen, *meerjarig, *([self.base_year] if self.base_year else [])]

    def meerjarig(self, *, without_derived: bool = False) -> Meerjarig:
        """The MEERJARIG of the case (empty for one year); ``without_derived`` leaves ``teruggerekend`` cells empty,
        as ``invoer_without_derived`` does (the year itself always stays)."""
        rows = []
        for row in self.years:
            cells = {key: e.value for key, e in row.items()
                     if key != YEAR_KEY and not (without_derived and e.kind == TERUGGEREKEND)}
            ingroei = {key[len(INGROEI_PREFIX):]: float(v) for key, v in cells.items()
                       if key.startswith(INGROEI_PREFIX)}
            note = str(cells.pop(YEAR_NOTE_KEY, "") or "")
            values = {key: v for key, v in cells.items() if not key.startswith(INGROEI_PREFIX)}
            rows.append(YearRow(int(row[YEAR_KEY].value), values, ingroei, note))
        base = self.base_year
        keep_base = base is not None and not (without_derived and base.kind == TERUGGEREKEND)
        return Meerjarig(tuple(rows), int(base.value) if keep_base and base is not None else None)

    def invoer_without_derived(self) -> dict[str, Any]:
        """The INVOER values with every ``teruggerekend`` value left empty, so that its default counts.

        A row of deel D with a ``teruggerekend`` cell is left out as a whole: a count without its price
        (or a price without its count) would not fall back to the trajectory package.
        """
        rows = {_deel_d_row(e.key) for e in self.invoer if e.kind == TERUGGEREKEND} - {None}
        return {e.key: e.value for e in self.invoer if e.kind != TERUGGEREKEND and _deel_d_row(e.key) not in rows}

    def kengetallen_with_overrides(self, base: Kengetallen | None = None) -> Kengetallen:
        """The default kengetallen with this case's overrides (value, price year and source replaced)."""
        base = base or default_kengetallen()
        scalars = dict(base.scalars)
        for e in self.kengetallen:
            old = scalars[e.key]
            scalars[e.key] = dataclasses.replace(
                old, value=float(e.value), source=e.source,
                price_year=e.price_year if e.price_year is not None else old.price_year)
        return dataclasses.replace(base, scalars=MappingProxyType(scalars))


def _deel_d_row(key: str) -> str | None:
    """'deel_d.amw' for 'deel_d.amw.prijs'; None for a field outside deel D."""
    parts = key.split(".")
    return ".".join(parts[:2]) if parts[0] == "deel_d" else None


def _entries(raw: Any, where: str, *, allowed: Mapping[str, Any], kengetal: bool) -> tuple[Entry, ...]:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: verwacht een object met velden")
    out = []
    for key, item in raw.items():
        if key not in allowed:
            raise ValueError(f"{where}: onbekend veld '{key}'")
        if not isinstance(item, dict) or "waarde" not in item or not str(item.get("bron", "")).strip():
            raise ValueError(f"{where}.{key}: elke waarde heeft 'waarde' en een niet-lege 'bron'")
        extra = set(item) - {"waarde", "bron", "prijsjaar"}
        if extra or (not kengetal and "prijsjaar" in item):
            raise ValueError(f"{where}.{key}: onbekende sleutels {sorted(extra or {'prijsjaar'})}")
        out.append(Entry(key, item["waarde"], str(item["bron"]).strip(), item.get("prijsjaar")))
    return tuple(out)


def load_case(path: str | os.PathLike[str]) -> Case:
    """Read and check one case file; raise ``ValueError`` naming the file and the wrong key."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        raw = json.load(fh)
    where = path.name
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: verwacht een JSON-object")
    unknown = set(raw) - _CASE_KEYS
    missing = [k for k in _REQUIRED if k not in raw]
    if unknown or missing:
        raise ValueError(f"{where}: onbekende sleutels {sorted(unknown)}, ontbrekende sleutels {missing}")
    invoer = _entries(raw["invoer"], f"{where} invoer", allowed=schema.fields_by_key(), kengetal=False)
    kengetallen = _entries(raw.get("kengetallen", {}), f"{where} kengetallen",
                           allowed=default_kengetallen().scalars, kengetal=True)
    years, base_year = _meerjarig_entries(raw.get("meerjarig"), where)
    for i, item in enumerate(raw.get("gevoeligheden", ())):
        unknown = set(item.get("wijziging") or {}) - set(schema.fields_by_key())
        if unknown:
            raise ValueError(f"{where} gevoeligheden[{i}]: onbekende velden {sorted(unknown)}")
    return Case(
        name=path.stem,
        title=str(raw["titel"]),
        reference=str(raw["referentie"]),
        seed=str(raw["seed"]),
        report=str(raw.get("rapport", "")),
        invoer=invoer,
        kengetallen=kengetallen,
        published=raw["gepubliceerd"],
        published_factor=float(raw.get("gepubliceerd_factor", 1.0)),
        mapping=dict(raw.get("koppeling", {})),
        derived=dict(raw.get("afgeleid", {})),
        explanations=dict(raw.get("verklaringen", {})),
        undeterminable=dict(raw.get("niet_bepaalbaar", {})),
        open_points=tuple(raw.get("open_punten", ())),
        sensitivities=tuple(raw.get("gevoeligheden", ())),
        years=years,
        base_year=base_year,
    )


def _meerjarig_entries(raw: Any, where: str) -> tuple[tuple[Mapping[str, Entry], ...], Entry | None]:
    """The case's MEERJARIG rows as entries keyed by column, each named ``meerjarig.<year>.<column>``."""
    if raw is None:
        return (), None
    if not isinstance(raw, dict) or set(raw) - MEERJARIG_KEYS or not isinstance(raw.get("jaren"), list):
        raise ValueError(f"{where} meerjarig: verwacht een object met 'jaren' (een lijst) en eventueel 'basisjaar'")
    columns = {c.key: c for c in MEERJARIG_COLUMNS}
    rows = []
    for i, item in enumerate(raw["jaren"]):
        entries = _entries(item, f"{where} meerjarig.jaren[{i}]", allowed=columns, kengetal=False)
        by_key = {e.key: e for e in entries}
        if YEAR_KEY not in by_key:
            raise ValueError(f"{where} meerjarig.jaren[{i}]: elk jaar heeft '{YEAR_KEY}'")
        year = by_key[YEAR_KEY].value
        rows.append({key: dataclasses.replace(e, key=f"meerjarig.{year}.{key}") for key, e in by_key.items()})
    base = None
    if "basisjaar" in raw:
        (base,) = _entries({"basisjaar": raw["basisjaar"]}, f"{where} meerjarig", allowed={"basisjaar": 1},
                           kengetal=False)
        base = dataclasses.replace(base, key="meerjarig.basisjaar")
    return tuple(rows), base


def load_cases(cases_dir: str | os.PathLike[str]) -> list[Case]:
    """All ``*.json`` case files of a folder, in file-name order."""
    return [load_case(p) for p in sorted(Path(cases_dir).glob("*.json"))]


# ---------------------------------------------------------------------------------------------
# The workbook
# ---------------------------------------------------------------------------------------------

def kengetal_cell(key: str, kengetallen: Kengetallen | None = None) -> str:
    """Cell of a kengetal's value on the KENGETALLEN sheet (first table: title, header, then rows)."""
    shown = kengetallen or default_kengetallen()
    keys = list(shown.scalars)
    first_data_row = template.kengetallen_layout(shown)["kengetallen"][1] + 1  # 1-based
    value_col = "B"
    for c in schema.table("kengetallen").columns:
        if c.key == "waarde":
            break
        value_col = chr(ord(value_col) + 1)
    return f"{value_col}{first_data_row + keys.index(key)}"


def source_rows(case: Case) -> list[tuple[str, str, str, Any, str]]:
    """(veld, omschrijving, cel, waarde, bron) for every filled INVOER field and kengetal, sheet order."""
    fields = schema.fields_by_key()
    order = {f.key: i for i, f in enumerate(schema.invoer_fields())}
    rows: list[tuple[str, str, str, Any, str]] = []
    for e in sorted(case.invoer, key=lambda e: order[e.key]):
        f = fields[e.key]
        rows.append((e.key, f.label, f"{schema.INVOER_SHEET}!{f.cell}", e.value, e.source))
    columns = {c.key: i for i, c in enumerate(schema.MEERJARIG_COLUMNS)}
    for r, row in enumerate(case.years, start=schema.MEERJARIG_HEADER_ROW + 1):
        for key, e in row.items():
            cell = cell_name(r, schema.MEERJARIG_FIRST_COL + columns[key])
            rows.append((e.key, schema.MEERJARIG_COLUMNS[columns[key]].header, f"{schema.MEERJARIG_SHEET}!{cell}",
                         e.value, e.source))
    if case.base_year is not None:
        rows.append((case.base_year.key, "Basisjaar", f"{schema.MEERJARIG_SHEET}!{schema.MEERJARIG_BASE_CELL}",
                     case.base_year.value, case.base_year.source))
    defaults = default_kengetallen()
    for e in case.kengetallen:
        s: Scalar = defaults.scalars[e.key]
        label = s.description + (f" (prijsjaar {e.price_year})" if e.price_year is not None else "")
        rows.append((e.key, label, f"{schema.KENGETALLEN_SHEET}!{kengetal_cell(e.key, defaults)}", e.value,
                     e.source))
    return rows


def _add_bronnen_sheet(workbook: Workbook, formats: Formats, case: Case) -> None:
    ws = workbook.add_worksheet(BRONNEN_SHEET)
    widths = (34, 52, 16, 14, 14, 110)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    wrap = formats.get(text_wrap=True, valign="top")
    number = formats.get(valign="top", num_format="#,##0.0###", align="left")
    ws.write_string(0, 0, f"Bronnen van de ingevulde waarden — {case.title}", formats.title)
    ws.write_string(1, 0, f"Rapport: {case.report}. Soort: vermeld = het rapport noemt de waarde; teruggerekend = "
                          "afgeleid uit een aantal of totaal dat het rapport noemt (de bron geeft de regel); aanname = "
                          "het rapport noemt haar niet (de bron zegt waarom deze keuze).", formats.note)
    headers = ("Veld", "Omschrijving", "Cel", "Waarde", "Soort", "Bron")
    for col, text in enumerate(headers):
        ws.write_string(3, col, text, formats.table_header)
    row = 4
    for key, label, cell, value, source in source_rows(case):
        ws.write_string(row, 0, key, wrap)
        ws.write_string(row, 1, label, wrap)
        ws.write_string(row, 2, cell, wrap)
        if isinstance(value, bool) or not isinstance(value, int | float):
            ws.write_string(row, 3, str(value), wrap)
        else:
            ws.write_number(row, 3, value, number)
        ws.write_string(row, 4, Entry(key, value, source).kind, wrap)
        ws.write_string(row, 5, readable(source), wrap)
        row += 1
    if case.open_points:
        row += 1
        ws.write_string(row, 0, "Open punten: wat het model voor deze casus niet kan weergeven", formats.subsection)
        row += 1
        for point in map(readable, case.open_points):
            ws.merge_range(row, 0, row, len(headers) - 1, point, wrap)
            ws.set_row(row, 15 * (1 + len(point) // 200))
            row += 1
    row = _add_reference_list(ws, formats, row + 1, len(headers) - 1, [source for *_, source in source_rows(case)])
    ws.freeze_panes(4, 0)


def _add_reference_list(ws: Any, formats: Formats, row: int, last_col: int, sources: list[str]) -> int:
    """The sources the cells cite, written out in full with the places used (``references.cited``)."""
    wrap = formats.get(text_wrap=True, valign="top")
    ws.write_string(row, 0, "Rapporten en andere bronnen", formats.subsection)
    row += 1
    for citation in cited(sources):
        used = citation.places_text()
        text = citation.reference.entry + (f" Gebruikt: {used}." if used else "")
        ws.merge_range(row, 0, row, last_col, text, wrap)
        ws.set_row(row, 15 * (1 + len(text) // 200))
        row += 1
    return row


def write_sample_workbook(case: Case, path: str | os.PathLike[str], *,
                          extra_sheets: Callable[[Workbook, Formats], Any] | None = None) -> None:
    """Write the input workbook of ``case`` atomically: INVOER and KENGETALLEN as the template, plus BRONNEN and
    the sheets ``extra_sheets`` adds (the illustrative DOSSIERS sheet of ``scripts/make_dossier_sample.py``)."""
    def build(workbook: Workbook, formats: Formats) -> None:
        kengetallen = case.kengetallen_with_overrides()
        invoer = template.add_invoer_sheet(workbook, formats, values=case.invoer_values(), kengetallen=kengetallen)
        template.add_kengetallen_sheet(workbook, formats, kengetallen)
        if case.years:
            add_meerjarig_sheet(workbook, formats, case.meerjarig())
        _add_bronnen_sheet(workbook, formats, case)
        if extra_sheets is not None:
            extra_sheets(workbook, formats)
        invoer.activate()

    write_atomically(path, build)


def regenerate_all(cases_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``<out_dir>/<case>.xlsx`` for every case file; return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for case in load_cases(cases_dir):
        target = out / f"{case.name}.xlsx"
        write_sample_workbook(case, target)
        written.append(target)
    return written


__all__ = ["AANNAME", "ASSUMPTION_PREFIX", "BRONNEN_SHEET", "DERIVED_PREFIX", "KIND_LABELS", "TERUGGEREKEND",
           "VERMELD", "Case", "Entry", "kengetal_cell", "load_case", "load_cases", "regenerate_all", "source_rows",
           "write_sample_workbook"]
