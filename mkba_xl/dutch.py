"""Dutch text for numbers, percentages and euros, and the 'typ dan ...' advice: one formatter for each way.

Users read numbers the Dutch way (1.234,5 and 48%). Every module that puts a number into a sentence,
a description or a message formats it here, so that the same value reads the same everywhere. There
are three ways to show a number, each for a reason:

* ``number`` / ``euro`` / ``percent``: fixed decimals (the engine's descriptions: '€ 62.556',
  '1.234,5', '48,5%'), so that columns of explained amounts line up;
* ``rounded`` / ``show``: at most so many decimals, trailing zeros dropped (the sensitivity analysis:
  '3,6', '48%', 'x 0,5');
* ``plain`` / ``plain_percent``: the shortest exact form and thousands dots only from 10.000, so that
  years stay '2013' (what users typed, and the bounds in messages: 'tussen 1 en 1.000.000').

Arrays (many variants computed at once) have no single value and show as '(varianten)'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .schema import CHOICE, EURO, SHARE, TEXT, WHOLE

VARIANTS = "(varianten)"
FACTOR = "factor"
"""Kind of a value shown as a factor on a base value ('x 0,5'), beside the schema's field types."""
MAX_TEXT = 255
"""Longest text a cell of an input sheet takes (the template validates it, the reader checks it)."""


def scalar(x: Any) -> float | None:
    """The one value of ``x`` as a float, or None when ``x`` holds several variants."""
    if isinstance(x, float | int):
        return float(x)
    import numpy as np  # only for arrays, so numpy is loaded already: the errors and texts do not load it

    arr = np.asarray(x, dtype=float)
    if arr.size == 1:
        return float(arr.reshape(-1)[0])
    return None


# ---------------------------------------------------------------------------------------------
# Fixed decimals
# ---------------------------------------------------------------------------------------------

def number(x: Any, decimals: int = 0) -> str:
    """Fixed decimals with thousands dots: 1.234,5."""
    v = scalar(x)
    if v is None:
        return VARIANTS
    text = f"{v:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def euro(x: Any) -> str:
    """Whole euros: € 1.234."""
    return f"€ {number(x)}"


def percent(x: Any, decimals: int = 1) -> str:
    """A share as a percentage with fixed decimals: 0.485 -> 48,5%."""
    v = scalar(x)
    if v is None:
        return VARIANTS
    return f"{number(v * 100, decimals)}%"


# ---------------------------------------------------------------------------------------------
# At most so many decimals
# ---------------------------------------------------------------------------------------------

def rounded(x: Any, decimals: int = 2) -> str:
    """At most ``decimals`` decimals, trailing zeros dropped, thousands dots: 1234.5 -> '1.234,5'; -0 is '0'."""
    text = number(x, decimals)
    if decimals and text != VARIANTS:
        text = text.rstrip("0").rstrip(",")
    return "0" if text in ("-0", "") else text


def show(x: Any, kind: str) -> str:
    """A value of a field of ``kind`` as users read it: 48%, € 62.556, 3,6 or (``FACTOR``) 'x 0,5'."""
    if kind == SHARE:
        return f"{rounded(float(x) * 100, 2)}%"
    if kind == EURO:
        return f"€ {rounded(x, 0)}"
    if kind == FACTOR:
        return f"x {rounded(x, 3)}"
    return rounded(x, 2)


# ---------------------------------------------------------------------------------------------
# The shortest form (what users typed, bounds in messages)
# ---------------------------------------------------------------------------------------------

def plain(x: float) -> str:
    """The shortest exact form (up to 6 decimals), thousands dots from 10.000 on (years stay 2013).

    Beyond 15 digits (what Excel keeps) a number is shown as Excel does, '1,2E+307', never with 300 digits.
    """
    if x != x:
        return "geen getal"
    if abs(x) == float("inf"):
        return "oneindig" if x > 0 else "min oneindig"
    if abs(x) >= 1e15:
        return f"{x:.1E}".replace(".", ",")
    if abs(x - round(x)) < 1e-9:
        n = int(round(x))
        return f"{n:,}".replace(",", ".") if abs(n) >= 10_000 else str(n)
    text = f"{x:,.6f}".rstrip("0").rstrip(".")
    text = text if abs(x) >= 10_000 else text.replace(",", "")
    return text.translate(str.maketrans(",.", ".,"))


def plain_percent(x: float) -> str:
    """A share in the shortest form: 0.48 -> '48%', 0.025 -> '2,5%'."""
    return f"{plain(round(x * 100, 6))}%"


def size(n: int) -> str:
    """A file size as users read it: '20 MB', '1 kB' (at least 1 kB, so nothing reads as '0 kB')."""
    return f"{n / 2**20:.0f} MB".replace(".", ",") if n >= 2**20 else f"{max(1, round(n / 1024))} kB"


def quote(text: str, limit: int = 40) -> str:
    """User text inside a message: spaces collapsed, cut at ``limit`` characters with '…'."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# What to type instead
# ---------------------------------------------------------------------------------------------

def between(lo: float | None, hi: float | None, show_bound: Callable[[float], str]) -> str:
    """' tussen 0% en 100%', ' van minstens 1', ' van hooguit 5' or '' (no bounds)."""
    if lo is not None and hi is not None:
        return f" tussen {show_bound(lo)} en {show_bound(hi)}"
    if lo is not None:
        return f" van minstens {show_bound(lo)}"
    if hi is not None:
        return f" van hooguit {show_bound(hi)}"
    return ""


def within(x: float, lo: float | None, hi: float | None) -> bool:
    """``x`` in [lo, hi] (None: no bound), with room for rounding."""
    return (lo is None or x >= lo - 1e-9) and (hi is None or x <= hi + 1e-9)


def share_example(lo: float | None, hi: float | None) -> float:
    """A percentage to show as example: 48% where allowed, else 2,5%, else 0%, else the lower bound."""
    return next(x for x in (0.48, 0.025, 0.0, lo or 0.0) if within(x, lo, hi))


def what_to_type(kind: str, lo: float | None, hi: float | None, choices: Iterable[str] = ()) -> str:
    """The 'what to type instead' part of a message, e.g. 'een percentage tussen 0% en 100%, bijvoorbeeld 48%'.

    It names what the reader accepts (Dutch or plain numbers, 48% or 0,48, '€ 62.556').
    """
    if kind == CHOICE:
        return "een van: " + ", ".join(choices)
    if kind == TEXT:
        return "een tekst"
    if kind == SHARE:
        return f"een percentage{between(lo, hi, plain_percent)}, bijvoorbeeld {plain_percent(share_example(lo, hi))}"
    if kind == WHOLE:
        if (lo, hi) == (0, 1):
            return "1 (ja) of 0 (nee)"
        return f"een geheel getal{between(lo, hi, plain)}"
    if kind == EURO:
        return f"een bedrag in euro's{between(lo, hi, plain)}, bijvoorbeeld 62.556"
    return f"een getal{between(lo, hi, plain)} (decimalen na een komma, bijvoorbeeld 1,5)"


def validation_texts(kind: str, lo: float | None, hi: float | None, choices: Iterable[str]) -> tuple[str, str]:
    """(title, message) of Excel's data validation when a cell refuses what was typed.

    Excel shows these while the user types into a cell of the template, so they say how to type it
    there: an amount as plain digits, a choice from the drop-down list. ``what_to_type`` is the
    reader's version, which names more forms (the reader also accepts '€ 62.556' or '48' for 48%).
    """
    if kind == SHARE:
        return ("Geen geldig percentage",
                f"Typ een percentage{between(lo, hi, plain_percent)}, bijvoorbeeld "
                f"{plain_percent(share_example(lo, hi))}.")
    if kind == EURO:
        return ("Geen geldig bedrag",
                f"Typ een bedrag in hele euro's{between(lo, hi, plain)}, alleen cijfers, bijvoorbeeld 65000.")
    if kind == WHOLE:
        return ("Geen geheel getal", f"Typ een geheel getal zonder decimalen{between(lo, hi, plain)}.")
    if kind == CHOICE:
        return ("Kies uit de lijst", f"Kies een waarde uit de keuzelijst: {', '.join(choices)}.")
    if kind == TEXT:
        return ("Tekst te lang", f"Typ een tekst van hooguit {plain(MAX_TEXT if hi is None else hi)} tekens.")
    return ("Geen geldig getal", f"Typ een getal{between(lo, hi, plain)}.")


def counted(n: int, singular: str, plural: str) -> str:
    """A count with its noun in the right number: '1 fout', '4 fouten', '1.200 waarschuwingen'."""
    return f"{plain(n)} {singular if n == 1 else plural}"
