"""When amounts fall: time profiles over years 0..9 and the discount factors that value them today."""

from __future__ import annotations

import numpy as np

from .ledger import LONG_TERM_YEAR, YEARS


def year_profile(duration: float = 1.0, start: int = 0) -> np.ndarray:
    """Share of a yearly amount that falls in each year 0..9 for something lasting ``duration`` years.

    A 33-month OTS (2.75 years) starting in year 0 gives [1, 1, 0.75, 0, ...]; whatever would fall
    after year 9 is added to year 9, which stands for the long term (001 4.4).
    """
    profile = np.zeros(YEARS)
    remaining = float(duration)
    year = int(start)
    while remaining > 1e-12 and year < LONG_TERM_YEAR:
        part = min(1.0, remaining)
        profile[year] += part
        remaining -= part
        year += 1
    if remaining > 1e-12:
        profile[LONG_TERM_YEAR] += remaining
    return profile


def discount_factors(rate: float, long_term_rate: float) -> np.ndarray:
    """1/(1+r)^t for years 0..8 and 1/(1+r_lt)^9 for the long-term year 9.

    With LPBL's 5,5% (001 note 13): year 1 is worth 0,948 and year 9 0,618 of a euro today.
    """
    t = np.arange(YEARS, dtype=float)
    factors = 1.0 / (1.0 + rate) ** t
    factors[LONG_TERM_YEAR] = 1.0 / (1.0 + long_term_rate) ** LONG_TERM_YEAR
    return factors


def cohort_shift(rate: float, long_term_rate: float, offset: int) -> float:
    """What a euro in year 0 of a year of the approach ``offset`` years after the base year is worth in the base
    year (MEERJARIG): 1/(1+r)^offset, and 1/(1+r_lt)^offset from the tool's long-term year on (offset 9 or later),
    as the tool values its own year 9. A year before the base year (a negative offset) is compounded at r.

    With 5,5% a year of the approach three years after the base year counts 1/1,055^3 = 0,852.
    """
    r = long_term_rate if offset >= LONG_TERM_YEAR else rate
    return float(1.0 / (1.0 + r) ** offset)


YEAR_0 = year_profile(1, 0)
YEAR_0.flags.writeable = False
"""Everything in the year of the approach itself (team costs, one-off costs, most savings)."""
