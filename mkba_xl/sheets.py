"""Which sheet of a workbook is which of ours: found by name ignoring case and spaces, and, when INVOER is not
there, the sheet that is INVOER by its content under another name, so the refusal can say what to rename.

The reader finds our sheets here before it reads a cell (``reader._load_grids``); every refusal is one problem.
"""

from __future__ import annotations

from .dutch import quote
from .errors import Refusal
from .layout import resembles_invoer
from .schema import INVOER_SHEET, KENGETALLEN_SHEET
from .xlsx.load import MISSING, Book

__all__ = ["MAX_RENAMED_CANDIDATES", "check_kengetallen_absent", "find_sheets", "no_invoer", "renamed_invoer",
           "sheet_key"]

MAX_RENAMED_CANDIDATES = 20
"""Sheets looked at for a renamed INVOER (a workbook of the template has a few)."""


def sheet_key(name: str) -> str:
    """A sheet name as Excel compares them, ignoring case and spaces: 'Kengetallen ' is KENGETALLEN."""
    return "".join(name.split()).upper()


def find_sheets(listed: list[tuple[str, str]], ours: list[str]) -> dict[str, str]:
    """Our sheet -> the workbook's name for it (found ignoring case and spaces); refuses what is ambiguous or no
    worksheet (two sheets named INVOER, a chart sheet named INVOER, a sheet whose part is missing)."""
    found: dict[str, str] = {}
    for key in ours:
        matches = [(name, kind) for name, kind in listed if sheet_key(name) == sheet_key(key)]
        if len(matches) > 1:
            shown = ", ".join(f'"{quote(name)}"' for name, _ in matches)
            raise Refusal("duplicate-sheet", f"De werkmap heeft {len(matches)} bladen die {key} heten ({shown}). Het "
                                             f"is dan niet zeker welk blad u ziet en welk wordt gelezen. Verwijder of "
                                             f"hernoem de bladen zodat er één {key} overblijft.")
        if not matches:
            continue
        name, kind = matches[0]
        if kind == MISSING:
            raise Refusal("sheet-unreadable", f'Het blad "{quote(name)}" staat in de werkmap, maar de inhoud ervan '
                                              f"ontbreekt: het bestand is beschadigd. Open het in Excel of LibreOffice "
                                              f"en sla het opnieuw op, of neem de invoer over in een nieuw sjabloon "
                                              f"(mkba-xl template).")
        if kind != "worksheet":
            what = "een grafiekblad" if kind == "chartsheet" else "geen gewoon werkblad"
            raise Refusal("sheet-unreadable", f'Het blad "{quote(name)}" is {what}, dus er staan geen cellen op om te '
                                              f"lezen. Het blad {key} moet een gewoon werkblad zijn zoals in het "
                                              f"sjabloon: hernoem dit blad en zet {key} terug (mkba-xl template).")
        found[key] = name
    return found


def renamed_invoer(book: Book, ours: set[str], area: tuple[int, int]) -> list[str]:
    """The worksheets that are INVOER by their content (``layout.resembles_invoer``) under another name: read only
    when INVOER is missing, within the reader's caps (a sheet beyond them is simply not recognised)."""
    others = [name for name, kind in book.listed if kind == "worksheet" and name not in ours][:MAX_RENAMED_CANDIDATES]
    try:
        grids = book.read({name: area for name in others})
    except Refusal:
        return []
    return [name for name in others if resembles_invoer(grids[name])]


def no_invoer(names: list[str], renamed: list[str]) -> Refusal:
    """No sheet INVOER: which sheet to rename (recognised by its content or its name), or where to start."""
    listed = ", ".join(f'"{quote(n)}"' for n in names[:20]) or "geen"
    rename = ("dubbelklik op de bladtab (of klik er met de rechtermuisknop op en kies Naam wijzigen) en typ "
              f"{INVOER_SHEET}; alleen het blad met die naam wordt gelezen.")
    if len(renamed) == 1:
        return Refusal("no-invoer-sheet",
                       f'Het blad {INVOER_SHEET} ontbreekt, maar het blad "{quote(renamed[0])}" is het blad '
                       f"{INVOER_SHEET} van het sjabloon onder een andere naam (de vaste teksten van het sjabloon "
                       f'staan erop). Geef blad "{quote(renamed[0])}" weer de naam {INVOER_SHEET}: {rename}')
    if renamed:
        shown = ", ".join(f'"{quote(n)}"' for n in renamed[:5])
        return Refusal("no-invoer-sheet",
                       f"Het blad {INVOER_SHEET} ontbreekt, maar {len(renamed)} bladen zijn een blad {INVOER_SHEET} "
                       f"van het sjabloon onder een andere naam: {shown}. Geef het blad dat u wilt doorrekenen weer "
                       f"de naam {INVOER_SHEET}: {rename}")
    near = [n for n in names if INVOER_SHEET in sheet_key(n)]
    hint = f' Het blad "{quote(near[0])}" lijkt erop: noem het {INVOER_SHEET}.' if near else (
        " Gebruik het sjabloon van mkba-xl template en vul het blad INVOER in.")
    return Refusal("no-invoer-sheet", f"Het blad {INVOER_SHEET} ontbreekt. Gevonden bladen: {listed}.{hint}")


def check_kengetallen_absent(names: list[str]) -> None:
    """KENGETALLEN is not there: a refusal when a sheet named like it is (the user's kengetallen under another name
    would otherwise be replaced by the defaults without a word)."""
    near = [n for n in names if "KENGETAL" in sheet_key(n)]
    if near:
        raise Refusal("kengetallen-unreadable",
                      f'Het blad {KENGETALLEN_SHEET} ontbreekt, maar er is een blad "{quote(near[0])}". Zijn dat '
                      f"uw kengetallen, noem het blad dan {KENGETALLEN_SHEET}; anders zouden de standaardwaarden "
                      f"worden gebruikt in plaats van de uwe. Wilt u de standaardwaarden, verwijder het blad dan.")
