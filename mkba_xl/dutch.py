"""Dutch text for numbers, percentages and euros: one formatter for each way a number is shown.

Users read numbers the Dutch way (1.234,5 and 48%). Every module that puts a number into a
sentence, a description or a message formats it here, so that the same value reads the same
everywhere. Arrays (many variants computed at once) have no single value and show as
'(varianten)'.
"""

from __future__ import annotations

from typing import Any

import numpy as np

VARIANTS = "(varianten)"


def scalar(x: Any) -> float | None:
    """The one value of ``x`` as a float, or None when ``x`` holds several variants."""
    if isinstance(x, float | int):
        return float(x)
    arr = np.asarray(x, dtype=float)
    if arr.size == 1:
        return float(arr.reshape(-1)[0])
    return None


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
