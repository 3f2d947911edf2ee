"""Excel side of the sensitivity analysis: read the user's GEVOELIGHEID sheet, write the results.

* ``read_user_variations(path)``: the user's own variations from the sheet GEVOELIGHEID of the input
  workbook (columns veld, nieuwe waarde, factor, omschrijving), validated cell by cell with the
  reader's rules and Dutch messages;
* ``add_user_variations_sheet``: that input sheet, empty or filled (for the template and for an
  output workbook that must stay a valid input);
* ``add_gevoeligheid_sheet``: the results sheet (table sorted by impact, tornado chart, switching
  values) and ``write_gevoeligheid``: a standalone results workbook, written atomically.

The results sheet is called ``RESULT_SHEET`` ('Gevoeligheidsanalyse'), not GEVOELIGHEID: Excel sheet
names ignore case, and an output workbook that is itself an input may need both sheets.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .dutch import FACTOR, quote, show, what_to_type
from .errors import Refusal, Report
from .gevoeligheid import (
    KENGETAL_PREFIX,
    NOT_IN_RANGE,
    Analysis,
    Change,
    SwitchingValue,
    Variation,
    kind,
)
from .kengetallen import Kengetallen, default_kengetallen
from .reader import _convert, _is_blank, load_grids
from .schema import (
    CHOICE,
    GEVOELIGHEID_AREA,
    GEVOELIGHEID_HEADER_SEARCH_ROWS,
    GEVOELIGHEID_MAX_ROWS,
    GEVOELIGHEID_SHEET,
    INVOER_SHEET,
    NUMBER,
    TEXT,
    fields_by_key,
)
from .xlsx.book import write_atomically
from .xlsx.cells import write_number_or_text as _number
from .xlsx.cells import write_text as _text
from .xlsx.load import Cell, column_letter
from .xlsx.styles import (
    AXIS_GREY,
    BENEFIT_GREEN,
    COST_RED,
    EURO_AMOUNT,
    EURO_CHART_SIGNED,
    GRIDLINE_GREY,
    HEADER_BLUE,
    NUMBER_FALLBACK,
    RATIO,
    RULE_GREY,
    TEXT_GREY,
    VALUE_FORMATS,
    Formats,
    wrapped_lines,
)

USER_SHEET = GEVOELIGHEID_SHEET
RESULT_SHEET = "Gevoeligheidsanalyse"
USER_COLUMNS = {"veld": "veld", "waarde": "nieuwe waarde", "factor": "factor", "omschrijving": "omschrijving"}
"""Column keys and the header texts users see (the reader finds the header row by these texts)."""
_HEADER_ALIASES = {"veld": "veld", "nieuwe waarde": "waarde", "waarde": "waarde", "factor": "factor",
                   "omschrijving": "omschrijving"}
USER_HEADER_ROW = 4
"""1-based row of the header in the sheet this module writes (B4:E4); the reader searches rows 1-20."""
USER_FIRST_COL = 2  # column B
HEADER_SEARCH_ROWS = GEVOELIGHEID_HEADER_SEARCH_ROWS
MAX_USER_ROWS = GEVOELIGHEID_MAX_ROWS
"""Variation rows read under the header; more is refused with one message."""
MAX_FACTOR = 1000.0
_MAX_COLS = GEVOELIGHEID_AREA[1]



# ---------------------------------------------------------------------------------------------
# Reading the user's variations
# ---------------------------------------------------------------------------------------------

def read_user_variations(path: str | os.PathLike[str],
                         kengetallen: Kengetallen | None = None) -> tuple[list[Variation], Report]:
    """The user's variations on the sheet GEVOELIGHEID, and a report of every problem with its cell.

    The sheet is optional: without it the list is empty and the report clean. Each non-empty row
    under the header changes one field: ``veld`` is an INVOER key (e.g. kosten_per_fte), an INVOER
    cell (C43) or ``kengetal:<key>``; either ``nieuwe waarde`` or ``factor`` (on the base value) is
    filled in. Rows with the same ``omschrijving`` form one variation (several fields at once); rows
    without one are a variation each. ``kengetallen`` (the workbook's own, when read) supplies the
    valid discount rules and profiles. Variations of rows without problems are returned even when
    other rows have errors: callers stop on ``not report.ok``, as with ``reader.read_workbook``.
    """
    path = Path(path)
    try:
        grids = load_grids(path)
    except Refusal as refusal:
        report = Report()
        report.add(dataclasses.replace(refusal.problem, sheet=path.name))
        return [], report
    return variations_from_grid(grids.get(USER_SHEET), kengetallen)


def variations_from_grid(grid: dict[tuple[int, int], Cell] | None,
                         kengetallen: Kengetallen | None = None) -> tuple[list[Variation], Report]:
    """The variations on an already loaded GEVOELIGHEID sheet (``reader.read_workbook_sheets``)."""
    report = Report()
    if grid is None:
        return [], report
    header = _find_header(grid, report)
    if header is None:
        return [], report
    header_row, columns = header
    return _read_rows(grid, header_row, columns, kengetallen or default_kengetallen(), report), report


def _norm(value: Any) -> str:
    return " ".join(str(value).split()).lower() if isinstance(value, str) else ""


def _find_header(grid: dict[tuple[int, int], Cell],
                 report: Report) -> tuple[int, dict[str, int]] | None:
    for r in range(1, HEADER_SEARCH_ROWS + 1):
        found: dict[str, int] = {}
        for c in range(1, _MAX_COLS + 1):
            cell = grid.get((r, c))
            key = _HEADER_ALIASES.get(_norm(cell.value)) if cell else None
            if key and key not in found:
                found[key] = c
        if "veld" in found:
            missing = [USER_COLUMNS[k] for k in ("waarde", "factor") if k not in found]
            if missing:
                report.error(USER_SHEET, f"{column_letter(found['veld'])}{r}", "",
                             f"De kopregel mist de kolom(men) {', '.join(missing)}. Typ naast 'veld' de kopjes "
                             f"'nieuwe waarde', 'factor' en 'omschrijving' (zoals in B{USER_HEADER_ROW} tot en met "
                             f"E{USER_HEADER_ROW} van het sjabloon).")
                return None
            return r, found
    if grid:
        report.error(USER_SHEET, "", "",
                     f"Het blad {USER_SHEET} heeft geen kopregel met de kolommen veld, nieuwe waarde, factor en "
                     f"omschrijving (gezocht in de regels 1 tot en met {HEADER_SEARCH_ROWS}). Typ die vier kopjes "
                     f"in één regel, bijvoorbeeld in B{USER_HEADER_ROW} tot en met E{USER_HEADER_ROW}, en zet uw "
                     "varianten eronder; of verwijder het blad als u geen eigen varianten wilt.")
    return None


def _targets(k: Kengetallen) -> tuple[dict[str, str], dict[str, str]]:
    """Accepted spellings of a target: field keys and INVOER cells; kengetal keys."""
    fields = {f.key.lower(): f.key for f in fields_by_key().values()}
    fields.update({f.cell.lower(): f.key for f in fields_by_key().values()})
    fields.update({f"{INVOER_SHEET}!{f.cell}".lower(): f.key for f in fields_by_key().values()})
    scalars = {key.lower(): key for key in k.scalars}
    return fields, scalars


def _resolve_target(text: str, k: Kengetallen) -> tuple[str | None, str | None]:
    """(target, None) or (None, Dutch reason)."""
    fields, scalars = _targets(k)
    typed = " ".join(text.split())
    low = typed.lower().replace(" ", "")
    if low.startswith(KENGETAL_PREFIX):
        key = low[len(KENGETAL_PREFIX):]
        if key in scalars:
            return KENGETAL_PREFIX + scalars[key], None
        near = _suggest(key, list(scalars))
        hint = f" Bedoelt u {' of '.join(KENGETAL_PREFIX + n for n in near)}?" if near else ""
        return None, (f'"{quote(typed)}": het kengetal "{quote(key)}" bestaat niet.{hint} De sleutels staan in '
                      "kolom B van de tabel Kengetallen op het blad KENGETALLEN.")
    if low in fields:
        key = fields[low]
        if fields_by_key()[key].type == TEXT:
            return None, (f'"{quote(typed)}" is een tekstveld ({fields_by_key()[key].label}) en verandert de '
                          "uitkomst niet. Kies een veld met een getal, percentage of bedrag.")
        return key, None
    near = _suggest(low, [f.key for f in fields_by_key().values()])
    hint = f" Bedoelt u {' of '.join(near)}?" if near else ""
    return None, (f'"{quote(typed)}" is geen veld van het blad {INVOER_SHEET}.{hint} Typ de veldnaam (zie '
                  "docs/fields.md of mkba-xl schema), de cel op het blad INVOER (bijvoorbeeld C43) of "
                  "kengetal:<sleutel> (bijvoorbeeld kengetal:qaly_waarde).")


def _suggest(typed: str, known: list[str]) -> list[str]:
    """Up to three known keys that look like what was typed (containing it, or similar)."""
    containing = [k for k in known if typed and typed in k.lower()]
    similar = difflib.get_close_matches(typed, known, n=3)
    return list(dict.fromkeys(containing + similar))[:3]


def _kind_range(target: str, k: Kengetallen) -> tuple[str, float | None, float | None, tuple[str, ...]]:
    if target.startswith(KENGETAL_PREFIX):
        return kind(target), -1e9, 1e9, ()
    f = fields_by_key()[target]
    choices = f.choices
    if target == "disconteringsregel":
        choices = tuple(dict.fromkeys((*choices, *k.discount_rules)))
    elif target == "zorgprofiel":
        choices = tuple(dict.fromkeys((*choices, *k.profiles)))
    return f.type, f.min, f.max, choices


def _short_label(target: str) -> str:
    if target.startswith(KENGETAL_PREFIX):
        return f"kengetal {target[len(KENGETAL_PREFIX):]}"
    return fields_by_key()[target].label


def _read_rows(grid: dict[tuple[int, int], Cell], header_row: int, columns: dict[str, int], k: Kengetallen,
               report: Report) -> list[Variation]:
    last_row = max((r for r, _ in grid), default=header_row)
    groups: dict[str, list[tuple[int, str, Change]]] = {}
    order: list[str] = []
    for r in range(header_row + 1, last_row + 1):
        cells = {key: grid.get((r, c)) for key, c in columns.items()}
        if all(_is_blank(cell) for cell in cells.values()):
            continue
        if r > header_row + MAX_USER_ROWS:
            report.error(USER_SHEET, f"A{r}", "",
                         f"Er staan meer dan {MAX_USER_ROWS} regels onder de kopregel; alleen de eerste "
                         f"{MAX_USER_ROWS} worden gelezen. Verwijder regels vanaf regel {r}.")
            break
        where = {key: f"{column_letter(c)}{r}" for key, c in columns.items()}
        field_key = f"{USER_SHEET.lower()}.regel{r}"

        def error(column: str, message: str, r: int = r, where: dict[str, str] = where,
                  field_key: str = field_key) -> None:
            report.error(USER_SHEET, where[column], field_key, f"Regel {r}: {message}")

        description = ""
        if "omschrijving" in columns:
            text, why = _convert(cells["omschrijving"], TEXT)
            if why:
                error("omschrijving", f"omschrijving: {why}")
                continue
            description = text or ""
        veld = cells["veld"]
        if _is_blank(veld):
            error("veld", "de kolom veld is leeg. Typ welk veld deze regel verandert: een veldnaam van het blad "
                          "INVOER (bijvoorbeeld kosten_per_fte), een cel van INVOER (bijvoorbeeld C43) of "
                          "kengetal:<sleutel>.")
            continue
        if not isinstance(veld.value, str) or veld.formula:
            error("veld", "de kolom veld moet een veldnaam bevatten (tekst, geen getal of formule), bijvoorbeeld "
                          "kosten_per_fte.")
            continue
        target, why = _resolve_target(veld.value, k)
        if why or target is None:
            error("veld", why or "onbekend veld.")
            continue
        type_, lo, hi, choices = _kind_range(target, k)
        name = _short_label(target)
        value_cell, factor_cell = cells["waarde"], cells["factor"]
        if _is_blank(value_cell) and _is_blank(factor_cell):
            error("waarde", f"vul een nieuwe waarde of een factor in voor {name}. Nieuwe waarde: "
                            f"{what_to_type(type_, lo, hi, choices)}; factor: een getal waarmee de huidige "
                            "waarde wordt vermenigvuldigd, bijvoorbeeld 0,8.")
            continue
        if not _is_blank(value_cell) and not _is_blank(factor_cell):
            error("factor", "vul óf een nieuwe waarde óf een factor in, niet allebei. Maak een van de twee cellen "
                            f"leeg ({where['waarde']} of {where['factor']}).")
            continue
        if not _is_blank(value_cell):
            value, why = _convert(value_cell, type_, lo, hi, choices)
            if why:
                error("waarde", f"nieuwe waarde voor {name}: {why}")
                continue
            change = Change(target, waarde=value)
            auto = f"{name}: {value if isinstance(value, str) else show(float(value), type_)}"
        else:
            if type_ == CHOICE:
                error("factor", f"{name} is een keuze; een factor kan daar niet. Typ in {where['waarde']} een "
                                f"nieuwe waarde: {what_to_type(type_, lo, hi, choices)}.")
                continue
            factor, why = _convert(factor_cell, NUMBER, 0, MAX_FACTOR)
            if why:
                error("factor", f"factor voor {name}: {why}")
                continue
            change = Change(target, factor=float(factor))
            auto = f"{name} {show(float(factor), FACTOR)}"
        group = description or f"\x00{r}"  # rows without a description stay apart
        if group in groups and any(c.veld == target for _, _, c in groups[group]):
            error("veld", f"het veld {target} staat al in een eerdere regel met de omschrijving "
                          f'"{quote(description)}"; een variant verandert elk veld één keer.')
            continue
        if group not in groups:
            groups[group] = []
            order.append(group)
        groups[group].append((r, auto, change))
    variations = []
    for group in order:
        rows = groups[group]
        first = rows[0][0]
        text = group if not group.startswith("\x00") else rows[0][1]
        variations.append(Variation(
            text, tuple(change for _, _, change in rows),
            bron=f"eigen variant (blad {USER_SHEET}, regel {', '.join(str(r) for r, _, _ in rows)})",
            code=f"eigen_regel_{first}", cel=f"{USER_SHEET}!{column_letter(columns['veld'])}{first}"))
    return variations


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

def add_user_variations_sheet(workbook: Workbook, formats: Formats,
                              variations: Sequence[Variation] = ()) -> Worksheet:
    """The input sheet GEVOELIGHEID: instructions, the header in B4:E4 and unlocked rows to fill in.

    ``variations`` (e.g. the user's own, read from an input workbook) are written back row by row, so
    an output workbook that contains this sheet stays a valid input.
    """
    ws = workbook.add_worksheet(USER_SHEET)
    g = formats.get
    ws.set_column(0, 0, 2)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 3, 16)
    ws.set_column(4, 4, 60)
    _text(ws, 0, 1, "Eigen varianten voor de gevoeligheidsanalyse", formats.title)
    _text(ws, 1, 1, "Eén regel per veld: typ de veldnaam (zie mkba-xl schema), een cel van INVOER (bijvoorbeeld C43) "
                    "of kengetal:<sleutel>, en óf een nieuwe waarde óf een factor op de huidige waarde.", formats.note)
    _text(ws, 2, 1, "Regels met dezelfde omschrijving vormen samen één variant. De standaardvarianten rekent "
                    "mkba-xl gevoeligheid altijd door.", formats.note)
    header = g(bold=True, bottom=1, bg_color=HEADER_BLUE)
    for i, key in enumerate(USER_COLUMNS):
        _text(ws, USER_HEADER_ROW - 1, USER_FIRST_COL - 1 + i, USER_COLUMNS[key], header)
    cell = formats.input("")
    text_cell = formats.input("@")
    row = USER_HEADER_ROW
    for v in variations:
        for c in v.changes:
            _text(ws, row, 1, c.veld, text_cell)
            if c.waarde is None:
                ws.write_blank(row, 2, None, cell)
                ws.write_number(row, 3, float(c.factor), cell)
            else:
                if isinstance(c.waarde, str):
                    _text(ws, row, 2, c.waarde, cell)
                else:
                    ws.write_number(row, 2, float(c.waarde), formats.input(VALUE_FORMATS.get(kind(c.veld), "")))
                ws.write_blank(row, 3, None, cell)
            _text(ws, row, 4, v.omschrijving, text_cell)
            row += 1
    for r in range(row, USER_HEADER_ROW + MAX_USER_ROWS):
        ws.write_blank(r, 1, None, text_cell)
        ws.write_blank(r, 2, None, cell)
        ws.write_blank(r, 3, None, cell)
        ws.write_blank(r, 4, None, text_cell)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True})
    return ws


# Results sheet layout (0-based columns)
_TABLE_HEADERS = ("Omschrijving", "Saldo (NCW)", "Verandering saldo", "Financiële K-B", "Maatschappelijke K-B",
                  "Saldo gemeente na 2 jaar", "Verandering saldo gemeente", "Bron")
_TABLE_WIDTHS = (2, 66, 17, 17, 17, 17, 17, 17, 44)
_SOURCE_COL = 8
_SWITCH_HEADERS = ("Aanname", "Huidige waarde", "Waarde bij saldo 0", "Waarde bij gemeentesaldo 0",
                   "Toegestaan bereik")
CHART_TITLE = "Gevoeligheid: verandering van het saldo"
_DATA_COL = 10  # column K: the tornado's data, right of the table
_ROW_PX = 20


def add_gevoeligheid_sheet(workbook: Workbook, formats: Formats, analysis: Analysis, *,
                           name: str = RESULT_SHEET) -> Worksheet:
    """The results sheet: variations sorted by impact, a tornado chart, and the switching values."""
    ws = workbook.add_worksheet(name)
    g = formats.get
    bold = g(bold=True)
    note = g(italic=True, font_color=TEXT_GREY)
    note_wrap = g(italic=True, font_color=TEXT_GREY, text_wrap=True, valign="top")
    head_l = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True, valign="top")
    head_r = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True, valign="top",
               align="right")
    text = g(text_wrap=True, valign="top")
    small = g(font_size=9, font_color=TEXT_GREY, text_wrap=True, valign="top", indent=1)
    amount = g(num_format=EURO_AMOUNT, valign="top")
    ratio = g(num_format=RATIO, valign="top")
    up = g(num_format=EURO_AMOUNT, font_color=BENEFIT_GREEN, valign="top")
    down = g(num_format=EURO_AMOUNT, font_color=COST_RED, valign="top")
    base_text = g(bold=True, top=1, bottom=1, bottom_color=RULE_GREY)
    base_amount = g(bold=True, num_format=EURO_AMOUNT, top=1, bottom=1, bottom_color=RULE_GREY)
    base_ratio = g(bold=True, num_format=RATIO, top=1, bottom=1, bottom_color=RULE_GREY)
    base_blank = g(top=1, bottom=1, bottom_color=RULE_GREY)

    ws.hide_gridlines(2)
    for col, width in enumerate(_TABLE_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_column(_DATA_COL - 1, _DATA_COL - 1, 3)
    ws.set_column(_DATA_COL, _DATA_COL, 40)
    ws.set_column(_DATA_COL + 1, _DATA_COL + 1, 15)

    meta = analysis.meta
    ws.set_row(0, 24)
    _text(ws, 0, 1, "Gevoeligheidsanalyse", formats.title)
    _text(ws, 1, 1, f"{meta.get('gemeente', '')} — {meta.get('aanpak', '')}, analysejaar {meta.get('analysejaar', '')};"
                    f" disconteringsregel {meta.get('disconteringsregel', '')}", bold)
    _text(ws, 2, 1, "Per regel is één aanname gewijzigd; alle andere invoer is gelijk aan de basis. Gesorteerd op de "
                    "grootte van de verandering van het saldo (grootste bovenaan).", note)
    _text(ws, 3, 1, "Saldo en K-B: netto contante waarde (NCW) van één jaar aanpak. Saldo gemeente: begroting na "
                    "2 jaar (kasstromen, niet verdisconteerd).", note)

    top = 5
    ws.set_row(top, 30)
    for i, h in enumerate(_TABLE_HEADERS):
        _text(ws, top, 1 + i, h, head_l if i in (0, 7) else head_r)
    b = analysis.basis
    r = top + 1
    _text(ws, r, 1, b.omschrijving, base_text)
    _number(ws, r, 2, b.saldo, base_amount)
    ws.write_blank(r, 3, None, base_blank)
    _number(ws, r, 4, b.kb_financieel, base_ratio)
    _number(ws, r, 5, b.kb_maatschappelijk, base_ratio)
    _number(ws, r, 6, b.saldo_gemeente_2_jaar, base_amount)
    ws.write_blank(r, 7, None, base_blank)
    ws.write_blank(r, 8, None, base_blank)
    first = r + 1
    for i, o in enumerate(analysis.variaties):
        r = first + i
        _text(ws, r, 1, o.omschrijving, text)
        _number(ws, r, 2, o.saldo, amount)
        _number(ws, r, 3, o.verandering_saldo, up if o.verandering_saldo >= 0 else down)
        _number(ws, r, 4, o.kb_financieel, ratio)
        _number(ws, r, 5, o.kb_maatschappelijk, ratio)
        _number(ws, r, 6, o.saldo_gemeente_2_jaar, amount)
        _number(ws, r, 7, o.verandering_saldo_gemeente, up if o.verandering_saldo_gemeente >= 0 else down)
        _text(ws, r, 8, o.bron, small)
        lines = max(wrapped_lines(o.omschrijving, _TABLE_WIDTHS[1]),
                    wrapped_lines(o.bron, _TABLE_WIDTHS[_SOURCE_COL] * 1.2))  # the source is in 9 pt
        if lines > 1:
            ws.set_row(r, 15.0 * lines)
    last = first + len(analysis.variaties) - 1
    row = last + 2
    if analysis.meldingen:
        _text(ws, row, 1, "Meldingen", g(bold=True, font_color=COST_RED))
        for m in analysis.meldingen:
            row += 1
            ws.merge_range(row, 1, row, _SOURCE_COL, "", g(font_color=COST_RED, text_wrap=True, valign="top"))
            _text(ws, row, 1, m, g(font_color=COST_RED, text_wrap=True, valign="top"))
            ws.set_row(row, 15.0 * wrapped_lines(m, sum(_TABLE_WIDTHS[1:])))
        row += 2

    # Tornado chart: its data (short labels and the change in saldo) right of the table.
    _text(ws, top, _DATA_COL, "Gegevens bij de grafiek", head_l)
    _text(ws, top, _DATA_COL + 1, "Verandering saldo", head_r)
    for i, o in enumerate(analysis.variaties):
        _text(ws, first + i, _DATA_COL, o.kort)
        _number(ws, first + i, _DATA_COL + 1, o.verandering_saldo, amount)
    n = len(analysis.variaties)
    if n:
        chart = workbook.add_chart({"type": "bar"})
        points = [{"fill": {"color": BENEFIT_GREEN if o.verandering_saldo >= 0 else COST_RED}, "border": {"none": True}}
                  for o in analysis.variaties]
        chart.add_series({
            "name": "Verandering saldo",
            "categories": [name, first, _DATA_COL, last, _DATA_COL],
            "values": [name, first, _DATA_COL + 1, last, _DATA_COL + 1],
            "points": points, "gap": 40,
            "data_labels": {"value": True, "num_format": EURO_CHART_SIGNED, "font": {"size": 8}},
        })
        chart.set_title({"name": CHART_TITLE, "name_font": {"size": 13}})
        chart.set_x_axis({"num_format": EURO_CHART_SIGNED, "num_font": {"size": 9},
                          "major_gridlines": {"visible": True, "line": {"color": GRIDLINE_GREY}},
                          "name": "Verandering van het saldo t.o.v. de basis (NCW, euro); groen = hoger, rood = lager",
                          "name_font": {"size": 9, "bold": False}})
        # Largest impact on top: the category axis runs top-down and the value axis stays at the bottom.
        chart.set_y_axis({"reverse": True, "crossing": "max", "label_position": "low", "num_font": {"size": 9},
                          "line": {"color": AXIS_GREY}})
        chart.set_legend({"none": True})
        height = 110 + 26 * n
        chart.set_size({"width": 960, "height": height})
        ws.insert_chart(row, 1, chart, {"object_position": 3})
        row += -(-height // _ROW_PX) + 2

    # Switching values, on a page of their own when printed
    ws.set_h_pagebreaks([row])
    _text(ws, row, 1, "Omslagwaarden", g(bold=True, font_size=13))
    row += 1
    ws.set_row(row, 45)
    ws.merge_range(row, 1, row, 6, "", note_wrap)
    _text(ws, row, 1, "De waarde van één aanname waarbij het saldo (NCW) of het saldo van de gemeente na 2 jaar "
                      f"precies nul wordt; de overige invoer blijft gelijk. '{NOT_IN_RANGE}': geen waarde binnen het "
                      "toegestane bereik maakt het saldo nul. Een factor vermenigvuldigt alle huidige waarden van de "
                      "aanname.", note_wrap)
    row += 1
    ws.set_row(row, 30)
    for i, h in enumerate(_SWITCH_HEADERS):
        _text(ws, row, 1 + i, h, head_l if i in (0, 4) else head_r)
    for s in analysis.omslagwaarden:
        row += 1
        _switch_row(ws, formats, row, s, text)
    ws.print_area(0, 0, row, _SOURCE_COL)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    return ws


def _switch_row(ws: Worksheet, formats: Formats, row: int, s: SwitchingValue, text: Format) -> None:
    fmt = formats.get(num_format=VALUE_FORMATS.get(s.eenheid, NUMBER_FALLBACK), valign="top")
    missing = formats.get(italic=True, font_color=TEXT_GREY, align="right", valign="top")
    _text(ws, row, 1, s.aanname, text)
    _number(ws, row, 2, s.huidige_waarde, fmt)
    for col, value in ((3, s.saldo_0), (4, s.gemeente_0)):
        if value is None:
            _text(ws, row, col, NOT_IN_RANGE, missing)
        else:
            _number(ws, row, col, value, fmt)
    lo, hi = s.bereik
    span = f"{show(lo, s.eenheid)} tot {show(hi, s.eenheid)}"
    _text(ws, row, 5, span, formats.get(font_size=9, font_color=TEXT_GREY, valign="top", text_wrap=True))
    lines = max(wrapped_lines(s.aanname, _TABLE_WIDTHS[1]), wrapped_lines(span, _TABLE_WIDTHS[5] * 1.2))
    if lines > 1:
        ws.set_row(row, 15.0 * lines)


def write_gevoeligheid(path: str | os.PathLike[str], analysis: Analysis) -> None:
    """Write a workbook with only the results sheet, atomically and byte-for-byte reproducibly.

    Built in a temporary file in the target folder and moved onto ``path`` when complete; the
    temporary file is removed on any failure. Raises ``OutputError`` (Dutch) when it cannot be written.
    """
    def build(workbook: Workbook, formats: Formats) -> None:
        add_gevoeligheid_sheet(workbook, formats, analysis).activate()

    write_atomically(path, build)


__all__ = [
    "CHART_TITLE", "MAX_USER_ROWS", "RESULT_SHEET", "USER_COLUMNS", "USER_HEADER_ROW", "USER_SHEET",
    "add_gevoeligheid_sheet", "add_user_variations_sheet", "read_user_variations", "variations_from_grid",
    "write_gevoeligheid",
]
