"""The Dutch sentences of the uncertainty analysis, never more certain than the draws are.

Amounts are rounded to the power of ten below their Monte Carlo standard error (at least to 100 euro,
as LPBL rounds), a probability to whole percents with its standard error beside it, and at 0 or N draws
above zero the Wilson bound is given instead of '0%' or '100%'. The verbal qualifier ('waarschijnlijk',
'vrijwel zeker') follows the likelihood scale of the IPCC (Mastrandrea et al. 2010, *Guidance note for
lead authors of the IPCC fifth assessment report on consistent treatment of uncertainties*, table 1):
a word is used only when the whole 95% Wilson interval of the probability lies in its range, so that
the word cannot be an artefact of the number of draws.
"""

from __future__ import annotations

import math

from ..dutch import euro, number, rounded

__all__ = ["LIKELIHOOD", "SHEET_CONDITION", "likelihood", "measure_first", "probability_text", "round_to_error",
           "sentence", "significant"]

LIKELIHOOD = (
    (0.99, "vrijwel zeker"),
    (0.90, "zeer waarschijnlijk"),
    (0.66, "waarschijnlijk"),
)
"""(lower bound, word) for 'positive'; the mirror image (1 - bound) gives the words for 'negative'."""
_UNLIKELY = {"vrijwel zeker": "vrijwel uitgesloten", "zeer waarschijnlijk": "zeer onwaarschijnlijk",
             "waarschijnlijk": "onwaarschijnlijk"}


def round_to_error(x: float, se: float, *, at_least: float = 100.0) -> float:
    """``x`` rounded to the power of ten at or below its standard error (``at_least`` the finest step)."""
    step = max(at_least, 10.0 ** math.floor(math.log10(se))) if se > 0 else at_least
    return round(x / step) * step


def significant(x: float, digits: int = 2) -> float:
    """``x`` to ``digits`` significant digits (an EVPPI is an estimate: 12.345 reads 12.000)."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def likelihood(low: float, high: float) -> str | None:
    """The word for 'positive' whose range holds the whole interval [low, high]; None for 'as likely as not'."""
    for bound, word in LIKELIHOOD:
        if low >= bound:
            return word
        if high <= 1 - bound:
            return _UNLIKELY[word]
    return None


def probability_text(p: float, se: float, low: float, high: float, above: int, n: int) -> str:
    """'73% (standaardfout 0,4 procentpunt)'; at 0 or n draws above zero the Wilson bound: 'minder dan 0,04%'."""
    if above == n:
        return f"meer dan {rounded(low * 100, 2)}% (alle {number(n)} trekkingen)"
    if above == 0:
        return f"minder dan {rounded(high * 100, 2)}% (geen van de {number(n)} trekkingen)"
    decimals = 0  # whole percents, unless rounding would say 0% or 100% of draws that are not all one side
    while decimals < 3 and round(p * 100, decimals) in (0.0, 100.0):
        decimals += 1
    return f"{rounded(p * 100, decimals)}% (standaardfout {rounded(se * 100, 1)} procentpunt)"


SHEET_CONDITION = "als de aannames op het blad ONZEKERHEID kloppen"
"""Under what the sentence holds, on the result sheet; the memo names its own table of assumptions."""


def sentence(p5: float, p5_se: float, p95: float, p95_se: float, p: float, se: float, low: float, high: float,
             above: int, n: int, *, condition: str = SHEET_CONDITION) -> str:
    """'Met 90% zekerheid ligt het saldo tussen € X en € Y; de kans op een positief saldo is Z%.' and its word."""
    first = (f"Met 90% zekerheid ligt het saldo tussen {euro(round_to_error(p5, p5_se))} en "
             f"{euro(round_to_error(p95, p95_se))}; de kans op een positief saldo is "
             f"{probability_text(p, se, low, high, above, n)}.")
    word = likelihood(low, high)
    second = (f"Een positief saldo is dus {word}" if word else
              "Of het saldo positief of negatief uitvalt, is dus onzeker")
    return f"{first} {second}, {condition}."


def measure_first(label: str, evppi: float, evpi: float, continuing: bool) -> str:
    """Which assumption the registration should measure first, in euro of the decision it could change."""
    decision = "door te gaan met de aanpak" if continuing else "niet door te gaan met de aanpak"
    if evpi < 1.0:
        return (f"Meer weten verandert de beslissing ({decision}) in geen van de trekkingen: de waarde van "
                "volledige informatie is nihil.")
    if evppi < 1.0:
        return (f"Geen aanname verandert op zichzelf de beslissing ({decision}); alleen samen kunnen ze dat. Alles "
                f"precies weten is gemiddeld ongeveer {euro(significant(evpi))} waard; het belang per aanname "
                "zegt welke de spreiding het meest bepaalt.")
    return (f"Meet eerst: {label}. Precies weten hoe groot deze aanname is, is gemiddeld ongeveer "
            f"{euro(significant(evppi))} waard voor de beslissing {decision}; alles precies weten ongeveer "
            f"{euro(significant(evpi))}.")
