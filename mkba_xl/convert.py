"""One cell to a typed value, or a Dutch reason why not: the rules every input sheet shares.

INVOER fields, KENGETALLEN columns and the rows of the GEVOELIGHEID sheet are all read with
``convert``: the same cell gets the same judgement and the same message wherever it is. Numbers
may be typed the Dutch way ('1.200,50', '48%', '€ 62.556'); text is never evaluated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from .dutch import MAX_TEXT, between, plain, quote, what_to_type, within
from .dutch import plain_percent as pct
from .schema import CHOICE, EURO, NUMBER, SHARE, TEXT, WHOLE
from .xlsx.load import Cell

__all__ = ["NO_CACHED_VALUE", "Reason", "convert", "is_blank", "parse_number", "text_of"]

NO_CACHED_VALUE = ("De cel bevat een formule zonder berekende waarde. Open het bestand in Excel of LibreOffice, "
                   "sla het op en probeer opnieuw.")
HUGE = 1e15
"""Beyond this a number is not shown in a message (a cell may hold 300 digits); Excel keeps 15 digits."""


@dataclass(frozen=True)
class Reason:
    """Why a cell cannot be used: a problem code (``errors.CODES``) and the Dutch text, without the label."""

    code: str
    text: str


def is_blank(cell: Cell | None) -> bool:
    """Empty or only spaces; a formula or an Excel error counts as filled in."""
    if cell is None:
        return True
    if cell.formula or cell.error:
        return False
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def text_of(value: Any) -> str:
    """A cell value as text: a whole float without its '.0' (a key typed as 2013 reads '2013')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_NUMBER_RE = re.compile(r"""
    (?P<sign>[-+]?)\s*
    (?: (?P<grouped>[1-9]\d{0,2}(?:\.\d{3})+)(?:,(?P<gfrac>\d+))?     # 1.200 and 1.200,50 (Dutch thousands)
      | (?P<spaced>[1-9]\d{0,2}(?:\ \d{3})+)(?:[,.](?P<sfrac>\d+))?  # 1 200,50
      | (?P<plain>\d*)(?:[.,](?P<frac>\d+))?                        # 12, 0,5, 1.5 (a point not before 3 digits)
    )""", re.VERBOSE)


_CURRENCY_RE = re.compile(r"€|\bEUR\b\.?", re.IGNORECASE)
_DASH_AMOUNT_RE = re.compile(r",-{1,2}\s*$")
"""'75.000,-': the Dutch ',-' after a whole amount. LibreOffice (Dutch settings) takes a typed '75.000,-' or
'€ 75.000,-' for the number -75000 (a trailing minus sign); 'EUR 75.000,-' stays text."""


def parse_number(text: str, kind: str) -> tuple[Decimal, bool] | None:
    """Parse typed text strictly: ('1.200,50', EURO) -> (1200.50, False); ('48%', SHARE) -> (0.48, True).

    Returns the value and whether a '%' was typed; None if the text is not a number. A '€' is accepted
    for amounts only, so a stray currency sign in a count is reported rather than ignored.
    """
    s = text.translate({0xA0: " ", 0x202F: " ", 0x2212: "-"}).strip()
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
    if kind == EURO:  # '€ 100,-' and 'EUR 100,-' are Dutch ways to write 100
        s = re.sub(r",-{1,2}$", "", _CURRENCY_RE.sub("", s, count=1)).strip()
    m = _NUMBER_RE.fullmatch(s)
    if not m:
        return None
    whole = (m["grouped"] or m["spaced"] or m["plain"] or "").replace(".", "").replace(" ", "")
    frac = m["gfrac"] or m["sfrac"] or m["frac"] or ""
    if not whole and not frac:
        return None
    value = Decimal(f"{m['sign']}{whole or '0'}.{frac or '0'}")
    return (value / 100 if percent else value), percent


def convert(cell: Cell | None, kind: str, lo: float | None = None, hi: float | None = None,
            choices: Iterable[str] = ()) -> tuple[Any, Reason | None]:
    """The cell's value as a field of ``kind`` wants it, or the reason why not.

    An empty cell gives (None, None): whether empty is allowed is up to the caller.
    """
    if cell is None:
        return None, None
    value = cell.value
    if cell.merged and not is_blank(cell):
        return None, Reason("merged-cells", f"De cel valt onder de samengevoegde cellen {cell.merged}. Excel toont "
                                            f"daar alleen de waarde van {cell.merged.split(':')[0]}, maar deze cel "
                                            "bevat ook een (verborgen) waarde. Maak het samenvoegen ongedaan (Start > "
                                            "Samenvoegen en centreren) en controleer wat er in de cellen staat.")
    if cell.formula and value is None:
        return None, Reason("no-cached-value", NO_CACHED_VALUE)
    what = partial(what_to_type, kind, lo, hi, choices)  # the 'typ ...' text, made only for a message
    if cell.error:
        where = "De formule in de cel geeft" if cell.formula else "De cel bevat"
        return None, Reason("excel-error", f"{where} de Excel-foutwaarde {value}. Typ {what()}.")
    if is_blank(cell):
        return None, None
    if cell.date:
        return None, Reason("is-a-date", f"De cel bevat een datum; typ {what()}. Staat de cel in Excel als datum "
                                         "opgemaakt, zet de opmaak dan op Standaard.")
    if isinstance(value, bool):
        return None, Reason("is-a-boolean", f"De cel bevat {'WAAR' if value else 'ONWAAR'}. Typ {what()}.")
    if kind == TEXT:
        text = text_of(value).strip()
        longest = MAX_TEXT if hi is None else int(hi)  # a text field's max is its longest text
        if len(text) > longest:
            return None, Reason("text-too-long", f"De tekst is {len(text)} tekens lang; maximaal {plain(longest)}. "
                                                 "Typ een kortere tekst.")
        return text, None
    if kind == CHOICE:
        typed = text_of(value).strip()
        canonical = {c.lower(): c for c in choices}
        if typed.lower() in canonical:
            return canonical[typed.lower()], None
        return None, Reason("not-a-choice", f'"{quote(typed)}" is geen geldige keuze. Typ {what()}.')
    return _number(value, kind, lo, hi, cell.percent)


def _number(value: Any, kind: str, lo: float | None, hi: float | None,
            percent_format: bool) -> tuple[Any, Reason | None]:
    what = partial(what_to_type, kind, lo, hi)
    typed_percent = False
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond the float range
            number = math.copysign(math.inf, value)
    elif isinstance(value, str):
        parsed = parse_number(value, kind)
        if parsed is None:
            noun = "percentage" if kind == SHARE else "bedrag" if kind == EURO else "getal"
            dashed = parse_number(_DASH_AMOUNT_RE.sub("", value), EURO) if _DASH_AMOUNT_RE.search(value) else None
            if dashed is not None:
                return None, Reason("not-a-number", f'"{quote(value)}" is geen {noun}: een ",-" achter een bedrag kan '
                                                    f"hier niet. Typ het bedrag zonder ',-': "
                                                    f"{plain(float(dashed[0]))}.")
            return None, Reason("not-a-number", f'"{quote(value)}" is geen {noun}. Typ {what()}.')
        if parsed[1] and kind != SHARE:
            return None, Reason("percent-not-allowed",
                                f'"{quote(value)}" is een percentage, maar hier hoort geen %. Typ {what()}.')
        number, typed_percent = float(parsed[0]), parsed[1]
    else:
        return None, Reason("not-a-number", f"De cel bevat geen getal. Typ {what()}.")
    if math.isnan(number):
        return None, Reason("not-a-number", f"De cel bevat geen geldig getal. Typ {what()}.")
    if kind == WHOLE and math.isfinite(number) and not number.is_integer():
        return None, Reason("not-whole", f"De waarde {plain(number)} is geen geheel getal. Typ {what()}.")
    year = _two_digit_year(number, kind, lo, hi)
    if year is not None:
        return None, Reason("year-two-digits", f"{plain(number)} is geen volledig jaartal. Bedoelt u {year}? Typ dan "
                                               f"{year}.")
    if not within(number, lo, hi):
        return None, Reason("out-of-range", _out_of_range(value, number, kind, lo, hi, typed_percent,
                                                          percent_format, what()))
    if not math.isfinite(number):  # beyond the float range in a cell without a range (a year of the CPI table)
        return None, Reason("not-a-number", f"De cel bevat geen geldig getal. Typ {what()}.")
    return (int(number) if kind == WHOLE else number), None


def _two_digit_year(number: float, kind: str, lo: float | None, hi: float | None) -> int | None:
    """The year meant by a year typed with two digits (24 in a year cell, whose range starts at 1900 or later)."""
    if kind != WHOLE or lo is None or lo < 1900 or not 0 <= number < 100 or not number.is_integer():
        return None
    return next((c for c in (2000 + int(number), 1900 + int(number)) if within(c, lo, hi)), None)


def _out_of_range(value: Any, number: float, kind: str, lo: float | None, hi: float | None, typed_percent: bool,
                  percent_format: bool, what: str) -> str:
    """The value as the cell shows it, which side of the range it is on, and what to type (48 typed for 48%)."""
    advice = f"Typ {what}."
    show = pct if kind == SHARE else plain
    if not abs(number) < HUGE:  # never hundreds of digits (nor 'inf') in a message
        side = f"groter dan {show(hi)}" if hi is not None and number > 0 else (
            f"kleiner dan {show(lo)}" if lo is not None and number < 0 else "buiten het bereik")
        return f"De waarde is veel {side} (een getal van meer dan 15 cijfers). {advice}"
    if kind == SHARE and not typed_percent and within(number / 100, lo, hi):
        advice = f"Bedoelt u {pct(number / 100)}? Typ dan {pct(number / 100)}."
    if kind == SHARE and not (typed_percent or (percent_format and not isinstance(value, str))):
        return f"De waarde {plain(number)} is geen percentage{between(lo, hi, pct)}. {advice}"
    if kind in (EURO, NUMBER) and not isinstance(value, str) and number < 0 <= (lo if lo is not None else -1) \
            and number.is_integer():
        return (f"De waarde {plain(number)} is kleiner dan {plain(lo or 0)}. Typte u het bedrag met ',-' erachter "
                f"(zoals € {plain(-number)},-)? LibreOffice leest het streepje dan als minteken. Typ het bedrag "
                f"zonder ',-': {plain(-number)}.")
    if hi is not None and number > hi:
        side = f"groter dan {show(hi)}"
    else:  # outside the range and not above it: below its lower bound
        side = f"kleiner dan {show(lo if lo is not None else number)}"
    return f"De waarde {show(number)} is {side}. {advice}"
