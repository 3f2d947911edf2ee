"""Which discount rule is in force for an analysis of a given year: the default of an empty INVOER C10.

The values and sources of each rule are on KENGETALLEN (``kengetallen._DISCOUNT``).
"""

from __future__ import annotations

DISCOUNT_RULE_BEFORE = "lpbl_2014"
"""The discount rule of analyses before the first period of ``DISCOUNT_RULES_IN_FORCE``: 2,5% + 3% (LPBL)."""
DISCOUNT_RULES_IN_FORCE: tuple[tuple[int, str], ...] = ((2016, "rijk_2015"), (2021, "rijk_2021"), (2026, "rijk_2026"))
"""(first analysis year, rule): the rule in force for an analysis of that year onwards, the default of an empty
INVOER C10. The values and sources of each rule are on KENGETALLEN (``kengetallen._DISCOUNT``)."""


def discount_rule_in_force(analysis_year: int) -> str:
    """The discount rule in force in ``analysis_year``: lpbl_2014 until 2015, rijk_2015 from 2016, rijk_2021 from
    2021, rijk_2026 from 2026."""
    rule = DISCOUNT_RULE_BEFORE
    for first, name in DISCOUNT_RULES_IN_FORCE:
        if analysis_year >= first:
            rule = name
    return rule


def rules_in_force_text() -> str:
    """The periods of the rules in Dutch, for the help of INVOER C10: 't/m 2015 lpbl_2014, vanaf 2016 ...'."""
    periods = [f"t/m {DISCOUNT_RULES_IN_FORCE[0][0] - 1} {DISCOUNT_RULE_BEFORE}"]
    periods += [f"vanaf {first} {name}" for first, name in DISCOUNT_RULES_IN_FORCE]
    return ", ".join(periods)
