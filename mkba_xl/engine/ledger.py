"""The ledger: UITVOER's lines, the posts of one computation, and every sum over them.

A post is one amount (nominal euros for years 0..9 of one year of the approach; year 9 holds the
long term) with its UITVOER line, domain (geldstroom), actor, description and sources. ``Result``
is the only place that adds posts up: totals, lines, ratios, per year, per actor and per domain,
the budget view and LPBL's rounding. A multi-year result (MEERJARIG, ``analyses.meerjarig``) is a
ledger too: the posts of every year of the approach (a cohort each, ``Post.cohort``) with a
``Timeline`` that says in which calendar year each cohort starts and how much its year 0 is worth in
the base year; ``Result`` adds them up the same way and also per calendar year (``calendar``).
Writers, ``reproduce`` and the analyses ask ``Result``; they never sum posts themselves. Adding a
UITVOER line is one entry in ``LINES`` plus the block that books its posts; ``Result.to_json``
follows ``LINES``. ``SCREENS`` says how each way of the tool (``rekenwijze``) numbers and labels the
lines on its UITVOER screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

import numpy as np

from ..schema import ACTORS
from .rekenwijze import LPBL_2014, LPBL_2019, WAYS, Rekenwijze

YEARS = 10
LONG_TERM_YEAR = 9

COSTS = "kosten"
BENEFITS = "baten"
TOTAL = "totaal"
IMMATERIAL = "immaterieel"


@dataclass(frozen=True)
class Line:
    """One line of the UITVOER screen; ``json_key`` is its name in ``--json``."""

    code: str
    side: str
    label: str
    json_key: str
    immaterial: bool = False


@dataclass(frozen=True)
class Group:
    """A numbered UITVOER line made of lettered sub-lines (K1 = K1a + K1b, ...)."""

    code: str
    label: str
    json_key: str
    lines: tuple[str, ...]


LINES: tuple[Line, ...] = (
    Line("K1a", COSTS, "Kosten in 0-situatie (nieuw voor oud)", "nulsituatie"),
    Line("K1b", COSTS, "Meerkosten nieuwe werkwijze", "meerkosten"),
    Line("K2", COSTS, "Eenmalige (frictie)kosten", "eenmalig"),
    Line("K3", COSTS, "Kosten a.g.v. meer gevonden huishoudens / extra inzet zorg", "extra_zorg"),
    Line("B1a", BENEFITS, "Nieuw voor oud", "nieuw_voor_oud"),
    Line("B1b", BENEFITS, "Meer op maat", "meer_op_maat"),
    Line("B1c", BENEFITS, "Minder trajecten a.g.v. substitutie", "substitutie"),
    Line("B2", BENEFITS, "Toename effectiviteit trajecten", "effectiviteit"),
    Line("B3", BENEFITS, "Voorkomen (escalatie)kosten", "escalatie"),
    Line("B4a", BENEFITS, "Ontwikkelingskansen kinderen", "ontwikkelingskansen_kinderen", True),
    Line("B4b", BENEFITS, "Toename kwaliteit van leven", "kwaliteit_van_leven", True),
    Line("B4c", BENEFITS, "Reductie overlast en onveiligheid", "overlast", True),
)
LINE_BY_CODE = {line.code: line for line in LINES}
GROUP_LIST: tuple[Group, ...] = (
    Group("K1", "Kosten nieuwe aanpak", "nieuwe_aanpak", ("K1a", "K1b")),
    Group("B1", "Besparing organisatiekosten", "organisatie", ("B1a", "B1b", "B1c")),
    Group("B4", "Immateriële baten", "immaterieel", ("B4a", "B4b", "B4c")),
)
GROUPS: dict[str, tuple[str, ...]] = {g.code: g.lines for g in GROUP_LIST}
GROUP_LABELS = {g.code: g.label for g in GROUP_LIST}
GROUP_OF_LINE = {code: g for g in GROUP_LIST for code in g.lines}


@dataclass(frozen=True)
class ScreenRow:
    """One row of LPBL's UITVOER screen: its number or letter as printed, its label, the lines it sums.

    ``sub`` rows are the lettered rows under the numbered row above them; an ``optional`` row is shown
    only when it holds an amount (the 2014 screen has no 'Meer op maat').
    """

    number: str
    label: str
    lines: tuple[str, ...]
    sub: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Screen:
    """The UITVOER screen of one way: rows per side, and the label of each line on BEREKENING."""

    rows: Mapping[str, tuple[ScreenRow, ...]]
    line_labels: Mapping[str, str]


def _benefit_rows(b1_subs: tuple[ScreenRow, ...]) -> tuple[ScreenRow, ...]:
    return (
        ScreenRow("1", "Besparing organisatiekosten", ("B1a", "B1b", "B1c")), *b1_subs,
        ScreenRow("2", "Toename effectiviteit trajecten", ("B2",)),
        ScreenRow("3", "Voorkomen (escalatie)kosten", ("B3",)),
        ScreenRow("4", "Immateriële baten", ("B4a", "B4b", "B4c")),
        ScreenRow("a", "Ontwikkelingskansen kinderen", ("B4a",), sub=True),
        ScreenRow("b", "Toename kwaliteit van leven", ("B4b",), sub=True),
        ScreenRow("c", "Reductie overlast en onveiligheid", ("B4c",), sub=True),
    )


_BENEFIT_LABELS = {line.code: line.label for line in LINES if line.side == BENEFITS}
SCREENS: dict[str, Screen] = {
    # 001 Bijlage 2 (the worked example of tool v2.0). The team is one line; 'Meer op maat' is not on it.
    LPBL_2014: Screen({
        COSTS: (ScreenRow("1", "Kosten nieuwe aanpak", ("K1a", "K1b")),
                ScreenRow("2", "Eenmalige (frictie)kosten", ("K2",)),
                ScreenRow("3", "Kosten a.g.v. meer gevonden huishoudens", ("K3",))),
        BENEFITS: _benefit_rows((ScreenRow("a", "Nieuw voor oud", ("B1a",), sub=True),
                                 ScreenRow("b", "Minder trajecten a.g.v. substitutie", ("B1c",), sub=True),
                                 ScreenRow("c", "Meer op maat", ("B1b",), sub=True, optional=True))),
    }, {"K1a": "Kosten nieuwe aanpak: nieuw-voor-oud deel", "K1b": "Kosten nieuwe aanpak: additioneel deel",
        "K2": "Eenmalige (frictie)kosten", "K3": "Kosten a.g.v. meer gevonden huishoudens", **_BENEFIT_LABELS}),
    # 002 Bijlage VII, 004 Bijlage V. Line 2 holds the friction and extra costs of the new way of working
    # (002 Bijlage VI: 'Frictiekosten (inwerktijd en meerkosten)').
    LPBL_2019: Screen({
        COSTS: (ScreenRow("1", "Kosten in 0-situatie", ("K1a",)),
                ScreenRow("2", "Meerkosten nieuwe werkwijze", ("K1b", "K2")),
                ScreenRow("3", "Kosten a.g.v. extra inzetten zorg", ("K3",))),
        BENEFITS: _benefit_rows((ScreenRow("a", "Nieuw voor oud", ("B1a",), sub=True),
                                 ScreenRow("b", "Meer op maat", ("B1b",), sub=True),
                                 ScreenRow("c", "Minder trajecten a.g.v. substitutie", ("B1c",), sub=True))),
    }, {"K1a": "Kosten in 0-situatie", "K1b": "Meerkosten nieuwe werkwijze",
        "K2": "Meerkosten nieuwe werkwijze: eenmalige (frictie)kosten", "K3": "Kosten a.g.v. extra inzetten zorg",
        **_BENEFIT_LABELS}),
}


def excel_round(x: float, digits: int) -> float:
    """Excel's ROUND: halves away from zero (Python's round() rounds halves to even)."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP))


def round_ratio(x: float) -> float:
    """A K-B ratio as LPBL published it: to the nearest 0.05 (``ROUND(x*20,0)/20`` in the workbook)."""
    return excel_round(x * 20, 0) / 20


def round_amount(x: float) -> float:
    """An amount as LPBL published it: to the nearest 100 euro (``ROUND(x,-2)``)."""
    return excel_round(x, -2)


@dataclass(frozen=True)
class Post:
    """One amount of the ledger: who, what, when, how it was computed and from which sources."""

    line: str
    domain: str
    actor: str
    amounts: np.ndarray  # nominal €, shape (..., YEARS)
    description: str
    sources: tuple[str, ...]
    cohort: int = 0
    """The year of the approach the post belongs to (an index into ``Timeline.years``); 0 for one year."""

    @property
    def side(self) -> str:
        return LINE_BY_CODE[self.line].side

    @property
    def immaterial(self) -> bool:
        return LINE_BY_CODE[self.line].immaterial


@dataclass(frozen=True)
class Timeline:
    """When the cohorts of a multi-year ledger fall: the calendar year of each year of the approach, the base
    year that every amount is discounted to, and ``shift[k]``, what a euro in cohort k's year 0 is worth in the
    base year (``timing.cohort_shift``).

    A cohort's years 0..8 fall in the calendar years ``years[k] .. years[k] + 8``; its year 9 stays the long term
    of that cohort (all its later years), valued as in one year of the approach and shifted with ``shift[k]``.
    The calendar view therefore runs from the first year to the last year + 8, plus one column 'lange termijn'.
    """

    years: tuple[int, ...]
    base_year: int
    shift: tuple[float, ...]

    @property
    def calendar_years(self) -> tuple[int, ...]:
        """Every calendar year in which a year 0..8 of some cohort falls."""
        return tuple(range(self.years[0], self.years[-1] + LONG_TERM_YEAR))

    @property
    def columns(self) -> int:
        """Calendar years plus the long-term column."""
        return len(self.calendar_years) + 1

    def column_of(self, cohort: int) -> np.ndarray:
        """Per year 0..9 of ``cohort`` its calendar column (the last column for year 9, the long term)."""
        first = self.years[cohort] - self.years[0]
        out = np.arange(first, first + YEARS)
        out[LONG_TERM_YEAR] = self.columns - 1
        return out


LONG_TERM_LABEL = "lange termijn"
"""The last column of the calendar view: year 9 of every cohort (all its later years)."""


def ratio(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator, inf or nan where the denominator is 0 (shown as '-')."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = np.divide(numerator, denominator)
    return r if np.ndim(r) else float(r)


@dataclass(frozen=True)
class Result:
    """The ledger of one computation (or of many variants at once) and every sum over it.

    ``shape`` is the variants' shape (``()`` for one case), so that sums keep it even when no post
    is left; ``domain_actors`` says which actor each domain belongs to under the chosen mapping.
    """

    ledger: tuple[Post, ...]
    discount_factors: np.ndarray  # (YEARS,)
    warnings: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    shape: tuple[int, ...] = ()
    domain_actors: Mapping[str, str] = field(default_factory=dict)
    rekenwijze: Rekenwijze = WAYS[LPBL_2014]
    timeline: Timeline | None = None
    """Set for a multi-year result (MEERJARIG): the cohorts' calendar years and shift factors."""

    @property
    def screen(self) -> Screen:
        """The UITVOER screen of the way this result was computed in."""
        return SCREENS[self.rekenwijze.key]

    # -- the one summing primitive ----------------------------------------------------------------
    def _sum(self, keep: Callable[[Post], bool], years: slice | None = None, discount: bool = True) -> Any:
        if self.timeline is not None:
            return self._stacked_sum(keep, years, discount)
        total = np.zeros(self.shape)
        for post in self.ledger:
            if keep(post):
                amounts = post.amounts * self.discount_factors if discount else post.amounts
                total = total + (amounts[..., years] if years is not None else amounts).sum(axis=-1)
        return total if total.shape else float(total)

    # -- multi-year (MEERJARIG): the same sums over a stacked copy of the posts ------------------------
    @cached_property
    def _stack(self) -> tuple[np.ndarray, np.ndarray]:
        """(nominal, discounted) amounts of every post, one row per post: a multi-year ledger holds a post per
        cohort, so that a sum is one masked reduction instead of a loop over hundreds of posts."""
        if not self.ledger:
            return np.zeros((0, YEARS)), np.zeros((0, YEARS))
        nominal = np.stack([np.asarray(p.amounts, dtype=float) for p in self.ledger])
        return nominal, nominal * self.discount_factors * self._shifts[:, None]

    @cached_property
    def _shifts(self) -> np.ndarray:
        shift = self.timeline.shift if self.timeline is not None else (1.0,)
        return np.array([shift[p.cohort] for p in self.ledger], dtype=float)

    @cached_property
    def _kinds(self) -> tuple[list[Post], np.ndarray]:
        """One post per (line, domain, actor), and for every post the index of its kind: a filter of this module
        looks at nothing else, so it is asked once per kind, not once for each of the cohorts' posts."""
        kinds: list[Post] = []
        seen: dict[tuple[str, str, str], int] = {}
        index = []
        for p in self.ledger:
            key = (p.line, p.domain, p.actor)
            if key not in seen:
                seen[key] = len(kinds)
                kinds.append(p)
            index.append(seen[key])
        return kinds, np.array(index, dtype=int)

    def _stacked_sum(self, keep: Callable[[Post], bool], years: slice | None, discount: bool) -> float:
        kinds, index = self._kinds
        mask = np.fromiter((keep(p) for p in kinds), dtype=bool, count=len(kinds))[index]
        amounts = self._stack[1 if discount else 0][mask]
        return float((amounts[:, years] if years is not None else amounts).sum())

    def post_factor(self, post: Post) -> float:
        """What a euro of the post's year 0 is worth in the base year: 1 for one year, the cohort's shift else."""
        return 1.0 if self.timeline is None else float(self.timeline.shift[post.cohort])

    def sum(self, *, side: str | None = None, line: str | None = None, actor: str | None = None,
            domain: str | None = None, immaterial: bool | None = None, years: slice | None = None,
            discount: bool = True) -> Any:
        """The sum of the posts that match every given filter; NCW unless ``discount=False``.

        ``line`` may be a group (K1, B1, B4); ``years`` a slice of years 0..9.
        """
        lines = GROUPS.get(line, (line,)) if line is not None else None

        def keep(p: Post) -> bool:
            return ((side is None or p.side == side) and (lines is None or p.line in lines)
                    and (actor is None or p.actor == actor) and (domain is None or p.domain == domain)
                    and (immaterial is None or p.immaterial == immaterial))

        return self._sum(keep, years, discount)

    # -- the UITVOER figures ----------------------------------------------------------------------
    def post_ncw(self, post: Post) -> Any:
        value = (post.amounts * self.discount_factors).sum(axis=-1)
        if self.timeline is not None:
            value = value * self.post_factor(post)
        return value if np.ndim(value) else float(value)

    @property
    def budget_years(self) -> int | None:
        """The budget window of the way (``Rekenwijze.budget_years``); None (the NCW) for a multi-year result,
        whose cash flows are shown per calendar year instead (``calendar``)."""
        return None if self.timeline is not None else self.rekenwijze.budget_years

    @property
    def budget_text(self) -> str:
        """What the budget view holds, in Dutch (UITVOER, 'Per geldstroom', BEREKENING)."""
        if self.timeline is None:
            return self.rekenwijze.budget_text
        years = self.timeline.years
        return (f"Netto contante waarde per actor van alle {len(years)} jaren aanpak ({years[0]}-{years[-1]}), "
                f"verdisconteerd naar {self.timeline.base_year}. De kasstromen per kalenderjaar staan op het blad "
                "Per kalenderjaar; immateriële baten zijn geen kasstroom.")

    def post_budget(self, post: Post) -> Any:
        """A post's amount in the budget view (see ``budget``): its NCW, or its cash flows in the window."""
        years = self.budget_years
        if years is None:
            return self.post_ncw(post)
        value = post.amounts[..., :years].sum(axis=-1)
        return value if np.ndim(value) else float(value)

    def line_ncw(self, code: str) -> Any:
        return self.sum(line=code)

    def total(self, side: str) -> Any:
        return self.sum(side=side)

    def immaterial_total(self) -> Any:
        return self.sum(immaterial=True)

    @property
    def saldo(self) -> Any:
        return self.total(BENEFITS) - self.total(COSTS)

    @property
    def kb_financieel(self) -> Any:
        return ratio(self.total(BENEFITS) - self.immaterial_total(), self.total(COSTS))

    @property
    def kb_maatschappelijk(self) -> Any:
        return ratio(self.total(BENEFITS), self.total(COSTS))

    def per_year(self, side: str, discount: bool = True) -> np.ndarray:
        """Costs or benefits per year 0..9 (NCW per year, or nominal with ``discount=False``).

        For a multi-year result: per year 0..9 of the approach, summed over the years of the approach.
        """
        if self.timeline is not None:
            mask = np.array([p.side == side for p in self.ledger], dtype=bool)
            return self._stack[1 if discount else 0][mask].sum(axis=0) if mask.any() else np.zeros(YEARS)
        out = np.zeros(self.shape + (YEARS,))
        for post in self.ledger:
            if post.side == side:
                out = out + (post.amounts * self.discount_factors if discount else post.amounts)
        return out

    def calendar(self, by: str | None = None, discount: bool = False) -> dict[str, dict[str, np.ndarray]]:
        """A multi-year result per calendar year (``Timeline.calendar_years`` and then the long term).

        Per key ('totaal', and per actor or domain with ``by``) the arrays ``kosten``, ``baten`` (financial:
        cash), ``immaterieel`` (immaterial benefits, never cash), ``saldo`` (financial benefits minus costs),
        ``baten_incl_immaterieel`` and ``saldo_incl_immaterieel``, one value per calendar column; nominal,
        or discounted to the base year with ``discount``.
        """
        timeline = self.timeline
        if timeline is None:
            raise ValueError("calendar() is for a multi-year result (MEERJARIG)")
        keys = [TOTAL] + (self.keys(by) if by is not None else [])
        tables = {key: {m: np.zeros(timeline.columns) for m in (COSTS, BENEFITS, IMMATERIAL)} for key in keys}
        stack = self._stack[1 if discount else 0]
        columns = [timeline.column_of(k) for k in range(len(timeline.years))]
        for post, amounts in zip(self.ledger, stack):
            measure = COSTS if post.side == COSTS else IMMATERIAL if post.immaterial else BENEFITS
            targets = [TOTAL] if by is None else [TOTAL, post.actor if by == "actor" else post.domain]
            for key in targets:
                np.add.at(tables[key][measure], columns[post.cohort], amounts)
        for table in tables.values():
            table["saldo"] = table[BENEFITS] - table[COSTS]
            table["baten_incl_immaterieel"] = table[BENEFITS] + table[IMMATERIAL]
            table["saldo_incl_immaterieel"] = table["baten_incl_immaterieel"] - table[COSTS]
        return tables

    def calendar_labels(self) -> list[str]:
        """The column labels of ``calendar``: the calendar years and 'lange termijn'."""
        if self.timeline is None:
            return []
        return [str(y) for y in self.timeline.calendar_years] + [LONG_TERM_LABEL]

    def keys(self, by: str) -> list[str]:
        """The actors (all four, in screen order) or the domains that have posts (sorted)."""
        return list(ACTORS) if by == "actor" else sorted({p.domain for p in self.ledger})

    def budget(self, by: str = "actor") -> dict[str, dict[str, Any]]:
        """'Resultaat begroting na 2 jaar' per actor or per domain, plus 'totaal', as the way computes it.

        ``lpbl_2019``: the NCW per actor (the actor budgets of 002 Bijlage VII and 004 Bijlage V add up
        to the NCW totals). ``lpbl_2014``: the undiscounted cash flows of years
        ``0 .. budget_years - 1`` of one year of the approach (001 4.5, Figuur 4.9): in a continuing
        approach, this year's costs and the benefits that this and the previous cohorts yield this
        year; year 9 (long term) never falls in it. Besides ``kosten``, ``baten``, ``saldo`` and ``kb``
        each entry holds ``immaterieel``: the immaterial part of its benefits, which is no cash flow.
        """
        years = self.budget_years
        if years is None:
            return self._per(by, years=None, discount=True)
        return self._per(by, years=slice(0, years), discount=False)

    def ncw_per(self, by: str = "actor") -> dict[str, dict[str, Any]]:
        """The NCW of costs and benefits per actor or per domain, plus 'totaal'."""
        return self._per(by, years=None, discount=True)

    def _per(self, by: str, *, years: slice | None, discount: bool) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for key in [*self.keys(by), TOTAL]:
            kosten, baten = (self._sum(_matcher(by, key, side), years, discount) for side in (COSTS, BENEFITS))
            immaterieel = self._sum(_immaterial_matcher(by, key), years, discount)
            out[key] = {COSTS: kosten, BENEFITS: baten, "saldo": baten - kosten, "kb": ratio(baten, kosten),
                        IMMATERIAL: immaterieel}
        return out

    # -- JSON ---------------------------------------------------------------------------------------
    def lines_json(self, side: str) -> dict[str, Any]:
        """'totaal' and every line of one side in screen order, each group before its lines."""
        out: dict[str, Any] = {TOTAL: _finite(self.total(side))}
        for line in LINES:
            if line.side != side:
                continue
            group = GROUP_OF_LINE.get(line.code)
            if group is not None and group.json_key not in out:
                out[group.json_key] = _finite(self.line_ncw(group.code))
            out[line.json_key] = _finite(self.line_ncw(line.code))
        return out

    def to_json(self) -> dict[str, Any]:
        """The result as plain JSON types; amounts in euro, unrounded (one variant only)."""
        def amounts(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
            return {key: {m: _finite(v[m]) for m in (COSTS, BENEFITS, "saldo", IMMATERIAL)}
                    for key, v in table.items()}

        return {
            "meta": dict(self.meta),
            COSTS: self.lines_json(COSTS),
            BENEFITS: self.lines_json(BENEFITS),
            "saldo": _finite(self.saldo),
            "kb_financieel": _finite(self.kb_financieel),
            "kb_maatschappelijk": _finite(self.kb_maatschappelijk),
            "per_jaar": {COSTS: [_finite(x) for x in self.per_year(COSTS)],
                         BENEFITS: [_finite(x) for x in self.per_year(BENEFITS)]},
            "begroting_na_2_jaar": amounts(self.budget("actor")),
            "per_geldstroom": amounts(self.budget("domain")),
            "waarschuwingen": list(self.warnings),
            **({"meerjarig": self._calendar_json()} if self.timeline is not None else {}),
        }

    def _calendar_json(self) -> dict[str, Any]:
        """The multi-year part of ``to_json``: the years, the base year and the calendar view (nominal and NCW)."""
        timeline = self.timeline
        assert timeline is not None

        def table(by: str | None, discount: bool) -> dict[str, Any]:
            return {key: {m: [_finite(x) for x in values] for m, values in measures.items()}
                    for key, measures in self.calendar(by, discount).items()}

        return {"jaren": list(timeline.years), "basisjaar": timeline.base_year,
                "kalenderjaren": self.calendar_labels(),
                "kasstromen": table(None, False)[TOTAL], "ncw": table(None, True)[TOTAL],
                "kasstromen_per_actor": table("actor", False), "kasstromen_per_geldstroom": table("domain", False)}


def _matcher(by: str, key: str, side: str) -> Callable[[Post], bool]:
    """Posts of one side and one actor or domain (``key``), or of the whole side for 'totaal'."""
    def match(p: Post) -> bool:
        return p.side == side and (key == TOTAL or (p.actor if by == "actor" else p.domain) == key)
    return match


def _immaterial_matcher(by: str, key: str) -> Callable[[Post], bool]:
    """The immaterial benefit posts of one actor or domain, or of all benefits for 'totaal'."""
    benefit = _matcher(by, key, BENEFITS)

    def match(p: Post) -> bool:
        return benefit(p) and p.immaterial
    return match


def _finite(x: Any) -> float | None:
    v = float(x)
    return None if not np.isfinite(v) else v
