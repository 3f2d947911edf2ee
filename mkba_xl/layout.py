"""Is INVOER still laid out as the schema says? Every fixed text must be in its own cell, or the sheet is refused.

The reader reads every input at a fixed address (``schema.Field.cell``). A user who switches off the sheet
protection (it has no password) and deletes or inserts one row moves every cell below it: deleting row 79
of the meta-analysis sample turned its saldo from +230.269 into -145.173 without a word. So before any
input cell is read, each text of ``schema.invoer_label_cells`` (row texts, column headers, field labels)
must be in its cell. When they are not, the refusal says which rows moved, by how much (deleted or
inserted rows and columns are recognised by where the texts are found instead), and what to do.

Why refuse rather than find the labels and read relative to them: the fixed layout is what lets every
message, ``docs/fields.md`` and the output name the exact cell; the grey formula cells of a shifted sheet
may refer to wrong cells; and the fix for the user is one Ctrl+Z. A refusal can always be explained, a
guess at a damaged layout cannot.

The way out that both refusals name (``take_over_advice``) is ``mkba-xl template --van`` (``migrate``): it does
not compute, it writes a new template with what ``label_rows`` finds for certain and names the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .dutch import quote
from .errors import Refusal
from .schema import INVOER_SHEET, LABEL_COLUMN, TEMPLATE_VERSION, VERSION_CELL, invoer_label_cells
from .xlsx.load import Grid, cell_name, cell_position

__all__ = ["COLUMN_MARGIN", "ROW_MARGIN", "LabelRow", "check_invoer_layout", "check_version", "label_rows", "norm",
           "resembles_invoer", "take_over_advice", "texts_in_place", "version_elsewhere"]

ROW_MARGIN = 3
"""Rows (and ``COLUMN_MARGIN`` columns) a shifted layout is looked for, beyond the rows the fields use."""
COLUMN_MARGIN = 2

_VERSION_PREFIX = " ".join(TEMPLATE_VERSION.split()[:-1]).casefold()  # "mkba-xl invoer", without the number


def take_over_advice(workbook: str) -> str:
    """'neem de invoer over met: mkba-xl template --van invoer.xlsx': the one text of the refusals of an older or
    moved INVOER (``template-version``, ``layout-moved``) that names the command taking the input over."""
    shown = f'"{workbook}"' if any(ch.isspace() for ch in workbook) else workbook
    return f"neem de invoer over in een nieuw sjabloon met: mkba-xl template --van {shown or 'BESTAND.xlsx'}"


def _fix(workbook: str) -> str:
    return (f"Zet het blad terug zoals het was (Ctrl+Z in Excel), of {take_over_advice(workbook)}. Zolang de "
            "indeling verschoven is, zou elke invoercel een ander getal lezen.")


def norm(value: Any) -> str:
    """A text as the layout compares it: case and runs of spaces ignored."""
    return " ".join(str(value).split()).casefold() if value is not None else ""


def texts_in_place(grid: Grid, texts: Sequence[tuple[str, str]]) -> bool:
    """Every (cell, text) of ``texts`` is in its cell (ignoring case and runs of spaces)."""
    def found(cell: str) -> str:
        at = grid.get(cell_position(cell))
        return norm(at.value) if at is not None else ""

    return all(found(cell) == norm(text) for cell, text in texts)


@dataclass(frozen=True)
class LabelRow:
    """A row of a layout with its text in the label column, and where that text is in the sheet: ``found`` the row,
    when it is certain (else None); ``count`` how often the text is in the label column; ``repeated`` whether the
    layout itself has the text on more than one row."""

    row: int
    text: str
    found: int | None
    count: int
    repeated: bool


def label_rows(grid: Grid, texts: Sequence[tuple[str, str]]) -> dict[int, LabelRow]:
    """Per row of ``texts`` with a text in column B: the row of the sheet that holds that text in column B, for a
    sheet whose rows were deleted or inserted.

    A text the layout has once is found when the sheet has it once. A text the layout repeats (the severities of
    each block, the three rows of one's own in deel D) is found only inside its block, between the rows of the
    nearest texts above and below it that were found that way, when the sheet's block holds it exactly as often as
    the layout's (then in their order). Anything else (missing, or more or fewer times than the layout has it)
    gives None: never a guess between two rows."""
    label_col = cell_position(f"{LABEL_COLUMN}1")[1]
    in_sheet: dict[str, list[int]] = {}
    for (r, c), cell in sorted(grid.items()):
        if c == label_col and isinstance(cell.value, str) and norm(cell.value):
            in_sheet.setdefault(norm(cell.value), []).append(r)
    rows = sorted((cell_position(cell)[0], text) for cell, text in texts if cell_position(cell)[1] == label_col)
    declared: dict[str, list[int]] = {}
    for r, text in rows:
        declared.setdefault(norm(text), []).append(r)
    anchors = {r: in_sheet[norm(t)][0] for r, t in rows
               if len(declared[norm(t)]) == 1 and len(in_sheet.get(norm(t), [])) == 1}
    result = {}
    for r, text in rows:
        key = norm(text)
        found = anchors.get(r)
        if found is None and len(declared[key]) > 1:
            found = _in_block(r, declared[key], in_sheet.get(key, []), anchors)
        result[r] = LabelRow(r, text, found, len(in_sheet.get(key, [])), len(declared[key]) > 1)
    return result


def _in_block(row: int, declared: list[int], present: list[int], anchors: dict[int, int]) -> int | None:
    """The row of a repeated text between the found rows of its anchors (see ``label_rows``): the block must hold
    the text as often as the layout's block does; the n-th of the layout is then the n-th of the sheet (deleting or
    inserting rows keeps their order)."""
    above = max((a for a in anchors if a < row), default=0)
    below = min((a for a in anchors if a > row), default=10**9)
    low = anchors[above] if above else 0
    high = anchors[below] if below < 10**9 else 10**9
    mine = [d for d in declared if above < d < below]
    inside = [p for p in present if low < p < high]
    if low >= high or len(inside) != len(mine):
        return None
    return inside[mine.index(row)]


def check_invoer_layout(grid: Grid, workbook: str = "") -> None:
    """Raise ``Refusal('layout-moved')`` when a fixed text of INVOER is not in its cell; ``workbook`` (the file as
    the user named it) goes into the advice to take the input over."""
    expected = [(cell_position(cell), norm(text), text) for cell, text in invoer_label_cells()]

    def found(rc: tuple[int, int]) -> str:
        cell = grid.get(rc)
        return norm(cell.value) if cell is not None else ""

    wrong = [(rc, norm, text) for rc, norm, text in expected if found(rc) != norm]
    if not wrong:
        return
    (row, col), _, text = wrong[0]
    where = cell_name(row, col)
    shift = _shift(wrong, found)
    if shift is None:
        cell = grid.get((row, col))
        now = "is leeg" if not found((row, col)) else f'staat "{quote(str(cell.value if cell else ""))}"'
        raise Refusal("layout-moved",
                      f'In {where} hoort de tekst "{quote(text, 60)}" te staan, maar daar {now}. De indeling van '
                      f"het blad {INVOER_SHEET} is gewijzigd (regels of kolommen verplaatst, of een tekst "
                      f"veranderd). Typ de tekst terug als u die veranderde; anders: {_fix(workbook)}",
                      INVOER_SHEET, where)
    dr, dc = shift
    (r, c), _, shown = next(w for w in wrong if found((w[0][0] + dr, w[0][1] + dc)) == w[1])
    good = [rc for rc, norm, _ in expected if found(rc) == norm]
    if dr:
        lo = max((g for g, _ in good if g < row), default=0) + 1
        moved = f"{_count(dr, 'regel', 'regels')} {'lager' if dr > 0 else 'hoger'}"
        why = _why(dr, lo, row, "regel", "regels", str)
    else:  # the moved text with the nearest good text to its left on its row says best which column it was
        def left_of(w: tuple[tuple[int, int], str, str]) -> int:
            (wr, wc), _, _ = w
            return max((g for gr, g in good if gr == wr and g < wc), default=0) + 1

        nearest = min(wrong, key=lambda w: (w[0][1] - left_of(w), w[0]))
        lo, col = left_of(nearest), nearest[0][1]
        moved = f"{_count(dc, 'kolom', 'kolommen')} {'naar rechts' if dc > 0 else 'naar links'}"
        why = _why(dc, lo, col, "kolom", "kolommen", _column)
    raise Refusal("layout-moved",
                  f'Het blad {INVOER_SHEET} is verschoven: de tekst "{quote(shown, 60)}" hoort in {cell_name(r, c)}, '
                  f"maar staat in {cell_name(r + dr, c + dc)}, {moved}. {why} {_fix(workbook)}", INVOER_SHEET, where)


def check_version(grid: Grid, workbook: str) -> None:
    """Stop at a foreign or older layout: its cells mean something else, so their errors would mislead. An older
    version we shipped can be taken over (``migrate``): the refusal names the command (``take_over_advice``)."""
    cell = grid.get(cell_position(VERSION_CELL))
    found = "" if cell is None or cell.value is None else str(cell.value).strip()
    if found == TEMPLATE_VERSION:
        return
    if version_elsewhere(grid, TEMPLATE_VERSION):
        check_invoer_layout(grid, workbook)  # the version moved with the rest: say that the layout moved
    from .previous_layouts import OLD_VERSIONS  # only for a refusal: a current workbook does not load the old layouts

    what = f'gevonden: "{quote(found)}"' if found else f"cel {VERSION_CELL} met de sjabloonversie is leeg"
    advice = take_over_advice(workbook)
    todo = advice[0].upper() + advice[1:] if found in OLD_VERSIONS else "Maak een nieuw sjabloon met: mkba-xl template"
    raise Refusal("template-version",
                  f"Dit werkblad is gemaakt met een ander of ouder sjabloon ({what}; verwacht: "
                  f'"{TEMPLATE_VERSION}"). {todo}', INVOER_SHEET, VERSION_CELL)


def version_elsewhere(grid: Grid, version: str) -> bool:
    """The template's version text is in the sheet, but not in its cell: the layout moved, it is no other template."""
    return any(cell.value == version for cell in grid.values())


def resembles_invoer(grid: Grid) -> bool:
    """A sheet under another name that is INVOER by its content: the template's version text (of any version) in
    its cell, or most of INVOER's fixed texts in their cells. Used only to tell which sheet to rename."""
    def text(cell: str) -> str:
        found = grid.get(cell_position(cell))
        return norm(found.value) if found is not None else ""

    if text(VERSION_CELL).startswith(_VERSION_PREFIX):
        return True
    expected = invoer_label_cells()
    return sum(1 for cell, label in expected if text(cell) == norm(label)) * 2 > len(expected)


def _shift(rest: list[tuple[tuple[int, int], str, str]], found: Any) -> tuple[int, int] | None:
    """The row or column shift under which most of the misplaced texts are found, if any."""
    best, best_hits = None, 0
    for dr, dc in [(d, 0) for d in range(-ROW_MARGIN, ROW_MARGIN + 1) if d] + \
                  [(0, d) for d in range(-COLUMN_MARGIN, COLUMN_MARGIN + 1) if d]:
        hits = sum(1 for (r, c), norm, _ in rest if r + dr > 0 and c + dc > 0 and found((r + dr, c + dc)) == norm)
        if hits > best_hits:
            best, best_hits = (dr, dc), hits
    return best if best_hits * 2 > len(rest) else None


def _column(n: int) -> str:
    return cell_name(1, n)[:-1]


def _why(n: int, lo: int, hi: int, noun: str, plural: str, name: Any) -> str:
    """'Waarschijnlijk is regel 79 verwijderd.': where the rows (or columns) were deleted or inserted."""
    done = "ingevoegd" if n > 0 else "verwijderd"
    if abs(n) > 1:
        return f"Waarschijnlijk zijn er {abs(n)} {plural} {done}, vanaf {noun} {name(lo)}."
    if lo >= hi:
        return f"Waarschijnlijk is {noun} {name(hi)} {done}."
    return f"Waarschijnlijk is er een {noun} {done}: een van de {plural} {name(lo)} tot en met {name(hi)}."


def _count(n: int, one: str, many: str) -> str:
    return f"{abs(n)} {one if abs(n) == 1 else many}"
