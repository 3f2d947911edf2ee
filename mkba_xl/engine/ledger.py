"""The ledger: UITVOER's lines, the posts of one computation, and every sum over them.

A post is one amount (nominal euros for years 0..9 of one year of the approach; year 9 holds the
long term) with its UITVOER line, domain (geldstroom), actor, description and sources. ``Result``
is the only place that adds posts up: totals, lines, ratios, per year, per actor and per domain,
the budget view and LPBL's rounding. Writers, ``reproduce`` and the analyses ask ``Result``; they
never sum posts themselves. Adding a UITVOER line is one entry in ``LINES`` plus the block that
books its posts; ``Result.to_json`` follows ``LINES``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from ..schema import ACTORS

YEARS = 10
LONG_TERM_YEAR = 9
BUDGET_YEARS = 3
"""'Resultaat begroting na 2 jaar' = cash flows of years 0, 1 and 2 of one cohort (see ``Result.budget``)."""

COSTS = "kosten"
BENEFITS = "baten"
TOTAL = "totaal"


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

    @property
    def side(self) -> str:
        return LINE_BY_CODE[self.line].side

    @property
    def immaterial(self) -> bool:
        return LINE_BY_CODE[self.line].immaterial


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

    # -- the one summing primitive ----------------------------------------------------------------
    def _sum(self, keep: Callable[[Post], bool], years: slice | None = None, discount: bool = True) -> Any:
        total = np.zeros(self.shape)
        for post in self.ledger:
            if keep(post):
                amounts = post.amounts * self.discount_factors if discount else post.amounts
                total = total + (amounts[..., years] if years is not None else amounts).sum(axis=-1)
        return total if total.shape else float(total)

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
        return value if np.ndim(value) else float(value)

    def post_budget(self, post: Post) -> Any:
        """A post's cash flows (undiscounted) in the budget window, years 0..2 (see ``budget``)."""
        value = post.amounts[..., :BUDGET_YEARS].sum(axis=-1)
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
        """Costs or benefits per year 0..9 (NCW per year, or nominal with ``discount=False``)."""
        out = np.zeros(self.shape + (YEARS,))
        for post in self.ledger:
            if post.side == side:
                out = out + (post.amounts * self.discount_factors if discount else post.amounts)
        return out

    def keys(self, by: str) -> list[str]:
        """The actors (all four, in screen order) or the domains that have posts (sorted)."""
        return list(ACTORS) if by == "actor" else sorted({p.domain for p in self.ledger})

    def budget(self, by: str = "actor") -> dict[str, dict[str, Any]]:
        """Cash flows (undiscounted) of years 0..2 of one cohort, per actor or per domain, plus 'totaal'.

        Read as the budget in the third year of a continuing approach: this year's costs plus the
        benefits of this and the two previous cohorts. Year 9 (long term) never falls in it.
        """
        return self._per(by, years=slice(0, BUDGET_YEARS), discount=False)

    def ncw_per(self, by: str = "actor") -> dict[str, dict[str, Any]]:
        """The NCW of costs and benefits per actor or per domain, plus 'totaal'."""
        return self._per(by, years=None, discount=True)

    def _per(self, by: str, *, years: slice | None, discount: bool) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for key in [*self.keys(by), TOTAL]:
            kosten, baten = (self._sum(_matcher(by, key, side), years, discount) for side in (COSTS, BENEFITS))
            out[key] = {COSTS: kosten, BENEFITS: baten, "saldo": baten - kosten, "kb": ratio(baten, kosten)}
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
            return {key: {m: _finite(v[m]) for m in (COSTS, BENEFITS, "saldo")} for key, v in table.items()}

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
        }


def _matcher(by: str, key: str, side: str) -> Callable[[Post], bool]:
    """Posts of one side and one actor or domain (``key``), or of the whole side for 'totaal'."""
    def match(p: Post) -> bool:
        return p.side == side and (key == TOTAL or (p.actor if by == "actor" else p.domain) == key)
    return match


def _finite(x: Any) -> float | None:
    v = float(x)
    return None if not np.isfinite(v) else v
