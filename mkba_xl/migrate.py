"""Take the input of an older or a shifted workbook over into a fresh current template (``mkba-xl template --van``).

The reader refuses a workbook of an older template version (``template-version``) and an INVOER with deleted or
inserted rows (``layout-moved``), because a cell read at a wrong address gives a wrong result without a word
(``layout``). This module is the way out that the refusals name: it reads the old workbook once, takes over
every input it can be certain of, and writes the current template with them; what it cannot take over is
listed with its cell, for the user to type.

* INVOER: the layout of the workbook's version (``previous_layouts``). When all of that layout's fixed texts are
  in their cells, every field is read at its cell of that version. Otherwise (rows deleted or inserted) each
  field's row is found by the text in column B (``layout.label_rows``: a text found once, or a repeated text as
  often in its block as the template has it there; never a guess between two rows); a field whose row is not
  found is listed (a text the template has once, found on several rows that are all empty, has nothing to take
  over). Each value passes the field's rule of the current schema (``convert``); a value that does not is listed
  with the reason, not written. A formula's value is taken, with a note.
* KENGETALLEN: found by the table titles, as the reader does (the sheet's layout did not change between
  versions): the user's values and sources go into the new sheet; a cell with an error keeps the default.
* GEVOELIGHEID, ONZEKERHEID, DOSSIERS, MEERJARIG: read by their own readers and written by their own writers
  (``input_sheets``), as an output workbook carries them over. A row with an error is listed.

The old workbook is never written to; the new one is written atomically (``xlsx.book``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analyses.dossiers import DossierSheet
from .analyses.meerjarig import Meerjarig
from .analyses.onzekerheid_rows import UncertaintySheet
from .convert import convert, is_blank
from .dutch import quote
from .errors import Refusal, Report
from .kengetallen import Kengetallen, choices_for
from .kengetallen_diff import Changed, changed_kengetallen
from .kengetallen_reader import read_kengetallen
from .layout import LabelRow, label_rows, norm, texts_in_place
from .previous_layouts import OLD_VERSIONS, InvoerLayout, layout_of
from .schema import (
    CHOICE,
    INPUT_SHEETS,
    INVOER_SHEET,
    KENGETALLEN_SHEET,
    LABEL_COLUMN,
    TEMPLATE_VERSION,
    VERSION_CELL,
    Field,
    fields_by_key,
)
from .sheets import sheet_key
from .xlsx.load import Grid, cell_name, cell_position

__all__ = ["EXTRA_ROWS", "Left", "TakeOver", "plan_takeover", "summary", "write_takeover"]

EXTRA_ROWS = 60
"""Rows of INVOER read beyond the template's own: where the texts of a sheet with inserted rows are looked for."""
MIN_FOUND = 0.5
"""Below this share of its texts found in column B, a sheet is not recognised as INVOER of that version."""
VERSIONS = (*sorted(OLD_VERSIONS), TEMPLATE_VERSION)


@dataclass(frozen=True)
class Left:
    """An input of the old workbook that was not taken over: where it is (sheet, cells), what it is, and why."""

    sheet: str
    cells: str
    what: str
    why: str
    fields: tuple[str, ...] = ()
    """The INVOER fields concerned (keys), empty for another sheet."""

    def text(self) -> str:
        where = f"{self.sheet}!{self.cells}" if self.cells else self.sheet
        return f"{where} {self.what}: {self.why}" if self.what else f"{where}: {self.why}"


@dataclass(frozen=True)
class TakeOver:
    """What goes into the new workbook: the INVOER values (field key -> typed value, only the filled fields), the
    old cell of each value that was somewhere else than its cell now, the kengetallen with those that differ from
    the defaults, the optional input sheets as read with their rows per sheet, and what was left."""

    version: str
    in_place: bool
    values: dict[str, Any]
    moved: dict[str, str]
    kengetallen: Kengetallen
    changed: tuple[Changed, ...]
    sheets: dict[str, Any]
    rows: dict[str, int]
    left: tuple[Left, ...]
    others: tuple[str, ...] = ()
    """The old workbook's other sheets (an output's UITVOER and result sheets): not input, not taken over."""
    had_kengetallen: bool = True
    """False: the old workbook has no KENGETALLEN sheet, the new one the default kengetallen."""


def plan_takeover(grids: Mapping[str, Grid], sheet_names: Sequence[str] = ()) -> TakeOver:
    """The take-over of the sheets read from an old workbook (``reader.load_grids`` with ``EXTRA_ROWS``);
    ``sheet_names`` all its sheets, to name those that are not taken over."""
    from .input_sheets import read_input_sheets

    grid = grids[INVOER_SHEET]
    layout = _layout(grid)
    in_place = texts_in_place(grid, layout.texts)
    left: list[Left] = []
    kengetallen = _kengetallen(grids.get(KENGETALLEN_SHEET), left)
    values, moved = _invoer(grid, layout, in_place, kengetallen, left)
    sheets, report = read_input_sheets(grids, kengetallen)
    left += [Left(p.sheet, p.cell, "", p.message) for p in report.errors]
    rows = {spec.name: _rows(sheets.get(spec.key)) for spec in INPUT_SHEETS if spec.name in grids}
    ours = {sheet_key(name) for name in (INVOER_SHEET, KENGETALLEN_SHEET, *(s.name for s in INPUT_SHEETS))}
    others = tuple(name for name in sheet_names if sheet_key(name) not in ours)
    return TakeOver(layout.version, in_place, values, moved, kengetallen, tuple(changed_kengetallen(kengetallen)),
                    sheets, rows, tuple(left), others, KENGETALLEN_SHEET in grids)


def _layout(grid: Grid) -> InvoerLayout:
    """The layout of the workbook's version: the text of the version cell, or (rows or columns moved) the one
    version text found elsewhere on the sheet; refused when there is none we shipped, or too few of its texts are
    in column B."""
    cell = grid.get(cell_position(VERSION_CELL))
    version = "" if cell is None or cell.value is None else str(cell.value).strip()
    if version not in VERSIONS:
        elsewhere = {c.value.strip() for c in grid.values() if isinstance(c.value, str)}
        known = [v for v in VERSIONS if v in elsewhere]
        if len(known) != 1:
            what = f'staat "{quote(version)}"' if version else "is leeg"
            raise Refusal("takeover-unknown",
                          f"In {VERSION_CELL} {what}: dit is geen blad {INVOER_SHEET} van een sjabloon van mkba-xl dat "
                          f"kan worden overgenomen (bekend zijn: {', '.join(VERSIONS)}). Is de regel met de "
                          f"sjabloonversie verwijderd, zet hem dan terug (Ctrl+Z in Excel) of typ de versie weer in "
                          f"{VERSION_CELL}; anders: maak een nieuw sjabloon met mkba-xl template en typ de invoer "
                          "daarin over.", INVOER_SHEET, VERSION_CELL)
        version = known[0]
    layout = layout_of(version)
    assert layout is not None
    rows = label_rows(grid, layout.texts)
    found, labelled = sum(1 for r in rows.values() if r.count), len(rows)
    if found < MIN_FOUND * labelled:
        raise Refusal("takeover-unknown",
                      f"Het blad {INVOER_SHEET} zegt dat het van {version} is, maar van de {labelled} teksten in kolom "
                      f"B van dat sjabloon staan er maar {found} in kolom B (een kolom verwijderd of ingevoegd?). "
                      "Zet het blad terug zoals het was (Ctrl+Z in Excel) en neem het dan over, of typ de invoer over "
                      "in een nieuw sjabloon (mkba-xl template).", INVOER_SHEET)
    return layout


def _kengetallen(grid: Grid | None, left: list[Left]) -> Kengetallen:
    """The workbook's kengetallen as the reader reads them; a cell with an error is listed and keeps the default."""
    report = Report()
    kengetallen = read_kengetallen(grid, report)
    left += [Left(p.sheet, p.cell, "", f"{p.message} (in het nieuwe werkblad staat de standaardwaarde)")
             for p in report.errors]
    return kengetallen


def _invoer(grid: Grid, layout: InvoerLayout, in_place: bool, kengetallen: Kengetallen,
            left: list[Left]) -> tuple[dict[str, Any], dict[str, str]]:
    """INVOER's values by field key, and the old cell of each value found in another row than its own."""
    fields = fields_by_key()
    rows = None if in_place else label_rows(grid, layout.texts)
    values: dict[str, Any] = {}
    moved: dict[str, str] = {}
    lost: dict[int, list[Field]] = {}
    for key, old in layout.cells.items():
        f = fields[key]
        r, c = cell_position(old)
        if rows is not None:
            found = rows[r].found
            if found is None:
                lost.setdefault(r, []).append(f)
                continue
            r = found
        cell = grid.get((r, c))
        if is_blank(cell):
            continue
        value, why = convert(cell, f.type, f.min, f.max, choices_for(key, kengetallen) if f.type == CHOICE else ())
        if why is not None:
            left.append(Left(INVOER_SHEET, cell_name(r, c), f.label, why.text, (key,)))
        elif value is not None:
            values[key] = value
            if cell is not None and cell.formula:
                left.append(Left(INVOER_SHEET, cell_name(r, c), f.label, "de cel heeft een formule; overgenomen is "
                                 "alleen haar uitkomst. Typ de formule opnieuw als u die wilt houden."))
            if cell_name(r, c) != f.cell:
                moved[key] = cell_name(r, c)
    if rows is not None:
        left += _not_found(grid, rows, lost)
    return values, moved


def _not_found(grid: Grid, rows: dict[int, LabelRow], lost: dict[int, list[Field]]) -> list[Left]:
    """One line per row whose place is not certain, unless its text is the template's only one of it and every row
    of the sheet with that text has its field cells empty (then there is nothing to take over, wherever it was)."""
    label_col = cell_position(f"{LABEL_COLUMN}1")[1]
    left: list[Left] = []
    for r, fields in sorted(lost.items()):
        row = rows[r]
        candidates = sorted(rr for (rr, c), cell in grid.items()
                            if c == label_col and norm(cell.value) == norm(row.text))
        columns = [cell_position(f.cell)[1] for f in fields]
        if not row.repeated and candidates and all(is_blank(grid.get((rr, c))) for rr in candidates for c in columns):
            continue  # its one row is one of these, and all are empty; a repeated text may have lost its row
        rows_text = f"regel {candidates[0]}" if len(candidates) == 1 else \
            f"regels {', '.join(str(x) for x in sorted(candidates))}"
        if row.count == 0:
            why = "deze tekst staat niet meer in kolom B (de regel is verwijderd of de tekst veranderd)"
        elif row.repeated:
            why = (f"deze tekst staat in het sjabloon op meer regels, en in zijn deel van het blad niet even vaak als "
                   f"in het sjabloon (in kolom B op {rows_text}; een regel verwijderd?)")
        else:
            why = f"deze tekst staat {row.count} keer in kolom B ({rows_text}): het is niet zeker welke regel het is"
        cells = _cells_text(fields)
        text = f'"{quote(row.text, 60)}"'
        same = next((i for i, x in enumerate(left) if x.what.startswith(text) and x.why == why), None)
        if same is None:
            left.append(Left(INVOER_SHEET, "", f"{text} (in het nieuwe werkblad {cells})", why,
                             tuple(f.key for f in fields)))
        else:  # the same text on several rows (the rows of one's own): one line
            x = left[same]
            left[same] = Left(INVOER_SHEET, "", f"{x.what[:-1]}, {cells})", why, (*x.fields, *(f.key for f in fields)))
    fields_of = fields_by_key()
    return [Left(x.sheet, x.cells, f"{'regels' if len({fields_of[k].row for k in x.fields}) > 1 else 'regel'} "
                 f"{x.what}", f"{x.why}. Typ de waarden over.", x.fields) for x in left]


def _cells_text(fields: list[Field]) -> str:
    """'C35, D35', or 'C118:I118' for more than three cells of a row."""
    if len(fields) <= 3:
        return ", ".join(f.cell for f in fields)
    return f"{fields[0].cell}:{fields[-1].cell}"


def _rows(value: Any) -> int:
    """How many rows of an optional input sheet were read (what the summary reports as taken over)."""
    if value is None:
        return 0
    if isinstance(value, DossierSheet):
        return len(value.dossiers)
    if isinstance(value, UncertaintySheet):
        return len(value.rows) + len(value.correlations)
    if isinstance(value, Meerjarig):
        return len(value.rows)
    return len(value)


def write_takeover(path: str | os.PathLike[str], takeover: TakeOver, *, overwrite: bool = False) -> None:
    """The new input workbook: the current template with the values of ``takeover``, written atomically."""
    from . import template
    from .input_sheets import add_input_sheets
    from .xlsx.book import write_atomically

    def build(workbook: Any, formats: Any) -> None:
        invoer = template.add_invoer_sheet(workbook, formats, values=takeover.values, kengetallen=takeover.kengetallen)
        template.add_kengetallen_sheet(workbook, formats, takeover.kengetallen)
        add_input_sheets(workbook, formats, takeover.sheets)
        invoer.activate()

    write_atomically(Path(path), build, overwrite=overwrite)


def summary(takeover: TakeOver, source: str, target: str) -> list[str]:
    """What the command line prints: what was taken over, sheet by sheet, and every input left, with its cell."""
    t = takeover
    lines = [f'Overgenomen uit {source} (sjabloon "{t.version}") in het nieuwe werkblad {target} (sjabloon '
             f'"{TEMPLATE_VERSION}"):']
    if t.in_place:
        lines.append(f"  - {INVOER_SHEET}: {_cells(len(t.values))}, elk in dezelfde cel als in het oude werkblad.")
    else:
        example = next(iter(t.moved.items()), None)
        moved = (f"{_cells(len(t.moved))} stond{'en' if len(t.moved) > 1 else ''} op een andere regel (bijvoorbeeld "
                 f"{example[1]} in het oude werkblad, nu {fields_by_key()[example[0]].cell})" if example
                 else "geen ingevulde cel stond op een andere regel")
        lines.append(f"  - {INVOER_SHEET}: {_cells(len(t.values))}; de regels zijn gevonden aan hun tekst in kolom B, "
                     f"{moved}.")
    changed = "geen kengetal wijkt af van de standaard" if not t.changed else (
        f"{len(t.changed)} {'kengetal wijkt' if len(t.changed) == 1 else 'kengetallen wijken'} af van de standaard: "
        + "; ".join(f"{c.what} {c.new}" + (f" (bron: {quote(c.source, 80)})" if c.source else "")
                    for c in t.changed[:5]) + (f" en {len(t.changed) - 5} andere" if len(t.changed) > 5 else ""))
    if t.had_kengetallen:
        lines.append(f"  - {KENGETALLEN_SHEET}: de waarden en bronnen van het oude werkblad; {changed}.")
    else:
        lines.append(f"  - {KENGETALLEN_SHEET}: het oude werkblad heeft dit blad niet; het nieuwe heeft de "
                     "standaardkengetallen.")
    for name, n in t.rows.items():
        lines.append(f"  - {name}: " + (f"{n} {'regel' if n == 1 else 'regels'}." if n else "leeg."))
    if t.others:
        lines.append(f"  - niet overgenomen, want geen invoer: {', '.join(t.others)} (uitkomsten maakt mkba-xl run "
                     "opnieuw).")
    if t.left:
        lines.append(f"Niet overgenomen ({len(t.left)}); typ dit over in {target}:")
        lines += [f"  - {left.text()}" for left in t.left]
    else:
        lines.append("Alle invoer is overgenomen.")
    lines.append(f"Het oude werkblad is niet veranderd. Controleer het nieuwe met: mkba-xl check {target}")
    return lines


def _cells(n: int) -> str:
    return f"{n} ingevulde {'cel' if n == 1 else 'cellen'}"
