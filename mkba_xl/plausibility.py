"""Plausibility warnings: values that are allowed but outside what the reports show ('gebruikelijk').

An allowed value can still be wrong: 0,5 typed in a cell of percentage points is 50 procentpunt, a cost
per fte of 75 is someone thinking in thousands. Each numeric INVOER field may declare a usual range
(``schema.USUAL``), each scalar kengetal has one (``kengetallen.usual_scalar_range``); a value outside
it gives a warning that names the cell, says what is usual and where that comes from, and what the user
may have meant. Warnings never stop a run and never change a value: the engine computes with what was
typed. The template shows the same ranges beside the input cells (``usual_text``), so the rule lives once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import kengetallen as kg
from .dutch import euro, number, plain, within
from .dutch import plain_percent as pct
from .errors import Report
from .schema import (
    DEEL_D_ROWS,
    EURO,
    INVOER_SHEET,
    KENGETALLEN_SHEET,
    NUMBER,
    POINTS,
    SHARE,
    Field,
    Usual,
    fields_by_key,
    invoer_fields,
)
from .xlsx.load import Grid, cell_name

__all__ = ["EFFECT_FIELDS", "check_invoer", "check_kengetallen", "range_text", "usual_text"]

THOUSAND = 1_000


def _effect_fields() -> tuple[str, ...]:
    """The cells of INVOER part C (and deel D) that state an effect; disciplines, terugval, attributie and
    'in het team' only change how an effect counts."""
    modifiers = ("discipline.", "in_team.", "terugval", "attributie")
    part_c = tuple(f.key for f in invoer_fields() if f.section == "C. Effect" and not f.key.startswith(modifiers))
    deel_d = tuple(f"deel_d.{row}.{col}" for row in DEEL_D_ROWS for col in ("bespaard", "maatwerk"))
    return part_c + deel_d


EFFECT_FIELDS = _effect_fields()


def _show(x: float, kind: str, unit: str) -> str:
    if kind == SHARE and unit == POINTS:
        return f"{'+' if x > 0 else ''}{plain(round(x * 100, 6))} procentpunt"
    if kind == SHARE:
        return pct(x)
    if kind == EURO:
        return f"€ {plain(x)}"
    return plain(x)


def range_text(kind: str, unit: str, low: float, high: float) -> str:
    """A usual range as users read it: '150 tot 600 hh per fte', '-15 tot +15 procentpunt', '0% tot 18%'."""
    if kind == SHARE and unit == POINTS:
        return f"{plain(round(low * 100, 1))} tot +{plain(round(high * 100, 1))} procentpunt"
    if kind == SHARE:
        return f"{pct(round(low, 3))} tot {pct(round(high, 3))}"
    if kind == EURO:
        return f"{euro(round(low))} tot {euro(round(high))}"
    return f"{_bound(low)} tot {_bound(high)}" + (f" {unit}" if unit else "")


def _bound(x: float) -> str:
    """A bound of a range: to two decimals, thousands dots on both ends alike ('600 tot 2.400', not '2400')."""
    x = round(x, 2)
    return number(x) if x == round(x) and abs(x) >= 1000 else plain(x)


def usual_text(f: Field) -> str:
    """The usual range of an INVOER field for the template's column and input message, or '' without one."""
    return "" if f.usual is None else range_text(f.type, f.unit, f.usual.low, f.usual.high)


def _message(label: str, x: float, kind: str, unit: str, usual: Usual) -> tuple[str, str]:
    """(code, Dutch message) of a value outside its usual range: what is usual, from where, what was meant."""
    span = range_text(kind, unit, usual.low, usual.high)
    side = "meer" if x > usual.high else "minder"
    said = (f"{label}: {_show(x, kind, unit)} is {side} dan gebruikelijk ({span}; {usual.source}).")
    if kind == SHARE and within(x / 100, usual.low, usual.high):
        if unit == POINTS:
            return "points-as-fraction", (f"{said} Bedoelt u {plain(x)} procentpunt? Typ dan {plain(x)}% (met het "
                                          f"%-teken).")
        return "unusual-value", f"{said} Bedoelt u {plain(x)}%? Typ dan {plain(x)}% (met het %-teken)."
    if kind == EURO and x < usual.low and within(x * THOUSAND, usual.low, usual.high):
        return "thousands-as-euros", (f"{said} Rekent u in duizenden? Typ het hele bedrag in euro's, bijvoorbeeld "
                                      f"{plain(x * THOUSAND)} in plaats van {plain(x)}.")
    return "unusual-value", f"{said} Controleer de waarde; klopt hij, dan kunt u deze melding negeren."


def check_invoer(values: Mapping[str, Any], bad: set[str], report: Report) -> None:
    """Warn about every INVOER value outside its usual range, and about a part C without any effect.

    ``values`` are the values read (None where empty), ``bad`` the keys with an error (not judged twice).
    """
    for f in invoer_fields():
        x = values.get(f.key)
        if f.usual is None or x is None or f.key in bad or isinstance(x, str):
            continue
        if not within(float(x), f.usual.low, f.usual.high):
            code, message = _message(f.label, float(x), f.type, f.unit, f.usual)
            report.warn(f.sheet, f.cell, f.key, message, code=code)
    if not any(values.get(key) for key in EFFECT_FIELDS) and not bad.intersection(EFFECT_FIELDS):
        first, last = fields_by_key()[EFFECT_FIELDS[0]], fields_by_key()["qaly_direct"]
        report.warn(INVOER_SHEET, first.cell, "", "Er zijn geen effecten ingevuld; het resultaat bevat alleen kosten. "
                    f"Vul in deel C (cellen {first.cell} tot en met {last.cell}) de effecten van de aanpak in, of laat "
                    "het zo als u alleen de kosten wilt zien.", code="no-effects")


def check_kengetallen(k: kg.Kengetallen, grid: Grid | None, report: Report) -> None:
    """Warn about every scalar kengetal on the KENGETALLEN sheet outside its usual range (cell of its value)."""
    if grid is None:
        return
    rows = {str(cell.value).strip(): r for (r, c), cell in grid.items() if c == 2 and isinstance(cell.value, str)}
    defaults = kg.default_kengetallen().scalars
    for key, scalar in k.scalars.items():
        if key not in defaults or key not in rows:
            continue
        low, high, source = kg.usual_scalar_range(key, defaults[key].value)
        if within(scalar.value, low, high):
            continue
        kind = kg.scalar_kind(key)
        unit = scalar.unit if kind == NUMBER else ""
        code, message = _message(f"{scalar.description} ({key})", scalar.value, kind, unit,
                                 Usual(low, high, source))
        report.warn(KENGETALLEN_SHEET, cell_name(rows[key], 4), key, message, code=code)
