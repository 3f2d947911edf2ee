"""The MKBA engine: INVOER + KENGETALLEN in, a ledger of posts out; every total is a sum over it.

Pure and vectorised: every numeric input may be a numpy array (all of one shape), and then every
post holds that many variants at once. ``docs/model.md`` gives each formula with its sources;
``ledger`` holds the lines and every sum, ``compute`` the order of the blocks, one module per
UITVOER block, and ``variants`` many runs at once.
"""

from .compute import compute, variant_shape
from .ledger import (
    BENEFITS,
    COSTS,
    GROUP_LABELS,
    GROUPS,
    IMMATERIAL,
    LINE_BY_CODE,
    LINES,
    LONG_TERM_LABEL,
    LONG_TERM_YEAR,
    SCREENS,
    TOTAL,
    YEARS,
    Post,
    Result,
    Screen,
    ScreenRow,
    Timeline,
    excel_round,
    round_amount,
    round_ratio,
)
from .rekenwijze import WAYS, Rekenwijze, way_for
from .timing import cohort_shift, discount_factors, year_profile

__all__ = [
    "BENEFITS", "COSTS", "GROUPS", "GROUP_LABELS", "IMMATERIAL", "LINES", "LINE_BY_CODE", "LONG_TERM_LABEL",
    "LONG_TERM_YEAR", "SCREENS", "TOTAL", "WAYS", "YEARS", "Post", "Rekenwijze", "Result", "Screen", "ScreenRow",
    "Timeline", "cohort_shift", "compute", "discount_factors", "excel_round", "round_amount", "round_ratio",
    "variant_shape", "way_for", "year_profile",
]
