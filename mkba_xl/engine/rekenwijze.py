"""The two ways LPBL's tool computed: every difference between them is one field of ``Rekenwijze``.

LPBL's MKBA tool changed between versions. The reports show two ways:

* ``lpbl_2014``: tool v2.0 of the meta-analysis (001 Bijlage 2, the worked example), also the way of
  the 2012-2014 reports (000 Leeuwarden, 003 Arnhem with tool v4.0);
* ``lpbl_2019``: the screens of 002 Bijlage VII (Groningen 2018) and 004 Bijlage V (West Betuwe 2020).

The blocks of the engine ask the chosen ``Rekenwijze`` instead of testing a version themselves, so
that each difference is written, sourced and documented once, here. The labels and numbering of the
UITVOER screen per way belong to the ledger (``ledger.SCREENS``). ``docs/model.md`` lists every
rule with its source.
"""

from __future__ import annotations

from dataclasses import dataclass

LPBL_2014 = "lpbl_2014"
LPBL_2019 = "lpbl_2019"


@dataclass(frozen=True)
class Rekenwijze:
    """One way of computing, as the reports show it.

    Attributes
    ----------
    key : str
        The INVOER choice (``rekenwijze``).
    coordination : bool
        Whether B1a holds a coordination saving besides the return of nieuw voor oud: half an hour
        per trajectory of the caseload (000 3.1.3 1c; 001 4.3 "inclusief een kleine baat door minder
        coördinatiekosten"). The 2019+ screens have none: B1a equals K1a to the euro (002 Bijlage VII
        3.052.100; 004 Bijlage V 1.968.500).
    budget_years : int or None
        'Resultaat begroting na 2 jaar': the cash flows of years ``0 .. budget_years - 1`` of one year of
        the approach (001 4.5 "kasstromen, dus kosten en baten die in één jaar vallen", Figuur 4.9 "twee
        jaar na de start van de aanpak"), or ``None`` for the NCW per actor (002 Bijlage VII and 004
        Bijlage V: the actor budgets add up to the NCW totals within 200 euro).
    school_short_term_line : str
        Where the short-term value of an extra start qualification (avoided schooling and benefits)
        is booked: B2 (003 3.2.3 1c; 001 Bijlage 2, whose household budget 29.163 = B4b 24.000 + 5.163
        short-term school value) or B4a with the long-term value (004 Bijlage V: line 2 is the work
        benefit alone, 190.100, and 004 4.2 values a start qualification as one amount, "ongeveer
        € 70.000 ... over een heel leven").
    """

    key: str
    label: str
    source: str
    coordination: bool
    budget_years: int | None
    school_short_term_line: str

    @property
    def budget_text(self) -> str:
        """What the budget view holds, in Dutch (UITVOER, 'Per geldstroom', BEREKENING)."""
        if self.budget_years is None:
            return ("Netto contante waarde per actor, zoals de tool vanaf 2019: de stand na twee jaar invoering, "
                    "met de baten op lange termijn.")
        years = " en ".join(map(str, range(self.budget_years))) if self.budget_years <= 2 else \
            f"0 tot en met {self.budget_years - 1}"
        return (f"Kasstromen (niet verdisconteerd) in de jaren {years} van één jaar aanpak, zoals de tool van 2014; "
                f"baten op lange termijn (jaar 9) vallen erbuiten. Immateriële baten zijn geen kasstroom.")


WAYS: dict[str, Rekenwijze] = {
    LPBL_2014: Rekenwijze(
        LPBL_2014, "LPBL-tool van 2014 (het rekenvoorbeeld van de meta-analyse van 2014)",
        "001 Bijlage 2 en 4.3-4.5; 000 3.1.3", coordination=True, budget_years=2, school_short_term_line="B2"),
    LPBL_2019: Rekenwijze(
        LPBL_2019, "LPBL-tool vanaf 2019 (de rapporten over Groningen, 2019, en West Betuwe, 2021)",
        "002 Bijlage VI en VII; 004 4.2 en Bijlage V", coordination=False, budget_years=None,
        school_short_term_line="B4a"),
}
WAY_OF_TEAM = {1: LPBL_2014, 2: LPBL_2019}
"""The way that matches how the team is stated, used when ``rekenwijze`` is left empty: the 2014 screen
states the whole team and its additional share (001 Bijlage 2), the 2019+ screens the fte in the
0-situatie and the extra fte (002 Bijlage VI)."""


def way_for(choice: object, team_way: int) -> Rekenwijze:
    """The chosen way; empty means the way that matches how the team is stated (``WAY_OF_TEAM``)."""
    key = WAY_OF_TEAM[team_way] if choice in (None, "") else str(choice)
    if key not in WAYS:
        raise ValueError(f"unknown rekenwijze {key!r}; known: {', '.join(WAYS)}")
    return WAYS[key]
