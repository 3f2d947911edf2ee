"""What the memo says, as plain data: gathered once from the result and the analyses, formatted by no one yet.

``gather`` asks ``Result`` for every sum (the ledger is never summed here), the sensitivity analysis for
its variations and switching values, the uncertainty analysis for P(saldo > 0) and the 90% interval, the
uncertainty plan for the plausible range of each assumption, and ``kengetallen_diff`` for the kengetallen
the user changed. The wording rules (``wording``), the pictures and the document only read a ``Facts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import __version__
from ..dutch import FACTOR
from ..engine import BENEFITS, COSTS, LINE_BY_CODE, Result
from ..engine.ledger import TOTAL
from ..kengetallen_diff import Changed, changed_kengetallen
from ..references import Citation, cited, readable
from ..schema import ACTOR_CHOICE_LABELS, ACTOR_LABELS, ACTORS
from ..writer.common import leaf_rows, numbered_label, shown_rows
from . import annex

if TYPE_CHECKING:
    from ..analyses.gevoeligheid import Analysis
    from ..analyses.omslagwaarden import SwitchingValue
    from ..analyses.onzekerheid import Uncertainty
    from ..analyses.onzekerheid_model import Uncertain
    from ..invoer import Invoer
    from ..kengetallen import Kengetallen

__all__ = ["ASSUMPTIONS_CONDITION", "NOT_MODELLED", "ActorBudget", "Facts", "Flip", "Interval", "NotValued", "Range",
           "ScreenLine", "Switch", "gather"]


@dataclass(frozen=True)
class ScreenLine:
    """A row of UITVOER block A as the way numbers and labels it, with its NCW."""

    number: str
    label: str
    amount: float
    sub: bool
    immaterial: bool
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorBudget:
    """One column of block B (an actor or 'totaal'): the budget after two years as the way computes it."""

    key: str
    label: str
    kosten: float
    baten: float
    immaterieel: float
    saldo: float
    kb: float


@dataclass(frozen=True)
class Switch:
    """A switching value: the value of an assumption at which the saldo is zero, and how plausible it is.

    ``plausible`` is the assumption's range in the uncertainty analysis (the LPBL reports' own variations, or
    the user's ONZEKERHEID row) in the unit of ``value``; ``inside`` says whether the switching value lies in it.
    """

    key: str
    label: str
    unit: str
    current: float
    value: float
    plausible: tuple[float, float] | None

    @property
    def inside(self) -> bool:
        return self.plausible is not None and self.plausible[0] <= self.value <= self.plausible[1]

    @property
    def below(self) -> bool:
        """The saldo turns at a lower value than the current one (it rises with the assumption)."""
        return self.value < self.current


@dataclass(frozen=True)
class Flip:
    """A variation of the sensitivity analysis and its saldo (the tornado's rows); ``code`` names a standard one."""

    label: str
    change: float
    saldo: float
    source: str
    code: str


@dataclass(frozen=True)
class Interval:
    """The uncertainty analysis of the saldo: its 90% interval and P(saldo > 0), each with its Monte Carlo error."""

    p5: float
    p5_se: float
    p95: float
    p95_se: float
    chance: float
    chance_se: float
    low: float
    high: float
    above: int
    draws: int
    seed: int


@dataclass(frozen=True)
class Range:
    """An uncertain assumption of the uncertainty analysis: what, its distribution and range, its source."""

    label: str
    text: str
    source: str


@dataclass(frozen=True)
class NotValued:
    """An effect the analysis leaves out (PM): what, and why or where the reports name it."""

    what: str
    why: str


NOT_MODELLED: tuple[NotValued, ...] = (
    NotValued("Productiviteitswinst: minder ziekteverzuim van werkenden in stabielere huishoudens",
              "de rapporten geven alleen totalen van een casus, geen waarde per huishouden (003 3.2.3 1b en 2d)"),
    NotValued("Gezondheidswinst: minder psychische klachten en minder zorgconsumptie",
              "alleen als totaal van een casus genoemd (003 3.2.3 1d)"),
    NotValued("Voorkomen kosten van politie en justitie", "door LPBL als PM-post genoemd (000 Tabel 3.1 noot 12)"),
    NotValued("Het inkomensvoordeel van wie aan het werk gaat (minimumloon tegenover bijstand)",
              "de tool boekt alleen de bespaarde uitkering (004 4.2 en Bijlage V)"),
)
"""Effects the reports name but the model does not value (docs/model.md, 'Known differences'), with their sources."""


@dataclass(frozen=True)
class Facts:
    """Everything the memo shows (module doc). Amounts are exact euros; the document rounds as LPBL did."""

    gemeente: str
    aanpak: str
    analysejaar: int
    prijspeil: int
    huishoudens: float
    discount: str
    actor_mapping: str
    way_key: str
    way_label: str
    budget_years: int | None
    budget_text: str
    version: str
    fingerprint: str
    kosten: float
    baten: float
    immaterieel: float
    saldo: float
    kb_financieel: float
    kb_maatschappelijk: float
    cost_lines: tuple[ScreenLine, ...]
    benefit_lines: tuple[ScreenLine, ...]
    cost_parts: tuple[ScreenLine, ...]
    benefit_parts: tuple[ScreenLine, ...]
    per_year: tuple[tuple[float, ...], tuple[float, ...]]
    budget: tuple[ActorBudget, ...]
    benefit_shares: tuple[tuple[str, float], ...]
    cost_shares: tuple[tuple[str, float], ...]
    switches: tuple[Switch, ...]
    tornado: tuple[Flip, ...]
    interval: Interval | None
    interval_sentence: str
    ranges: tuple[Range, ...]
    measure_first: str
    discount_source: str
    changed: tuple[Changed, ...]
    not_valued: tuple[NotValued, ...]
    sources: tuple[Citation, ...]
    note: str = ""
    """What the reader must know first (one year of a workbook with several years), under the title block."""

    @property
    def actors(self) -> tuple[ActorBudget, ...]:
        """The four actors of block B, without the total."""
        return tuple(b for b in self.budget if b.key != TOTAL)

    @property
    def flips(self) -> tuple[Flip, ...]:
        """The variations whose saldo has the other sign than the base."""
        return tuple(f for f in self.tornado if (f.saldo > 0) != (self.saldo > 0))


def _number(x: Any) -> float:
    return float(np.asarray(x, dtype=float))


def _lines(result: Result, side: str) -> tuple[tuple[ScreenLine, ...], tuple[ScreenLine, ...]]:
    rows = shown_rows(result, side)
    def line(r: Any, label: str) -> ScreenLine:
        return ScreenLine(r.number, label, _number(sum(result.line_ncw(c) for c in r.lines)), r.sub,
                          all(LINE_BY_CODE[c].immaterial for c in r.lines), r.lines)
    return (tuple(line(r, r.label) for r in rows),
            tuple(line(r, numbered_label(rows, r)) for r in leaf_rows(rows)))


def _shares(result: Result, side: str) -> tuple[tuple[str, float], ...]:
    """Each actor's share of the NCW of one side, largest first."""
    per = result.ncw_per("actor")
    total = _number(per[TOTAL][side])
    if total == 0:
        return ()
    shares = [(ACTOR_LABELS[a], _number(per[a][side]) / total) for a in ACTORS]
    return tuple(sorted(shares, key=lambda s: -s[1]))


ASSUMPTIONS_CONDITION = "als de bereiken in de tabel 'Onzekere aannames en hun bereik' kloppen"
"""Under what the memo's sentence on the uncertainty analysis holds (``onzekerheid_text.sentence``)."""

PLAUSIBLE_ROW = {"voorkomen_escalatie": "groep:voorkomen_escalatie", "substitutie": "groep:substitutie",
                 "effectiviteit": "groep:effectiviteit", "nieuw_gevonden": "groep:extra_inzet",
                 "kosten_per_fte": "kosten_per_fte", "terugval": "terugval", "qaly_waarde": "kengetal:qaly_waarde"}
"""The row of the uncertainty analysis that gives a switching value's assumption its plausible range. The
additional share and the extra fte are choices of the gemeente, not uncertain: they have none."""


def _plausible(sv: SwitchingValue, assumptions: Sequence[Uncertain]) -> tuple[float, float] | None:
    """The plausible range of ``sv``'s assumption in its own unit (a factor row scales the current value)."""
    by_field = {a.key: a for a in assumptions}
    a = by_field.get(PLAUSIBLE_ROW.get(sv.sleutel, ""))
    if a is None:
        return None
    lo, hi = float(a.spec.low), float(a.spec.high)
    if a.factor:
        return sv.huidige_waarde * lo, sv.huidige_waarde * hi
    return None if sv.eenheid == FACTOR else (lo, hi)


def _switches(analysis: Analysis, assumptions: Sequence[Uncertain]) -> tuple[Switch, ...]:
    return tuple(Switch(sv.sleutel, sv.aanname, sv.eenheid, float(sv.huidige_waarde), float(sv.saldo_0),
                        _plausible(sv, assumptions))
                 for sv in analysis.omslagwaarden if sv.saldo_0 is not None)


def _interval(u: Uncertainty | None) -> Interval | None:
    if u is None:
        return None
    saldo, positive = u.stat("saldo"), u.chance("saldo_positief")
    return Interval(saldo.p(5.0), saldo.se_percentielen[5.0], saldo.p(95.0), saldo.se_percentielen[95.0],
                    positive.kans, positive.se, positive.laag, positive.hoog, positive.boven, positive.n, u.seed)


def _not_valued(benefit_parts: Sequence[ScreenLine]) -> tuple[NotValued, ...]:
    """The benefit lines of the way's screen at € 0 in this analysis, then what the model never values."""
    empty = [NotValued(part.label, "staat op € 0: de invoer noemt voor deze post geen effect")
             for part in benefit_parts if part.amount == 0]
    return (*empty, *NOT_MODELLED)


def _sources(result: Result, kengetallen: Kengetallen, analysis: Analysis, assumptions: Sequence[Uncertain],
             invoer: Invoer) -> tuple[Citation, ...]:
    texts = [s for p in result.ledger for s in p.sources]
    rule = kengetallen.discount_rules.get(str(invoer["disconteringsregel"]))
    texts += [rule.source if rule else "", result.rekenwijze.source, kengetallen.cpi_source.get(result.meta.get(
        "prijspeil", 0), "")]
    texts += [o.bron for o in analysis.variaties] + [a.row.bron for a in assumptions]
    texts += [n.why for n in NOT_MODELLED] + list(annex.CITED)
    return tuple(cited(texts))


def gather(result: Result, invoer: Invoer, kengetallen: Kengetallen, analysis: Analysis,
           uncertainty: Uncertainty | None, assumptions: Sequence[Uncertain], fingerprint: str) -> Facts:
    """The facts of one case (module doc); ``assumptions`` are the uncertainty plan's (their ranges)."""
    meta = result.meta
    rule = str(meta.get("disconteringsregel", invoer["disconteringsregel"]))
    rates = kengetallen.discount_rules.get(rule)
    budget = result.budget("actor")
    columns = [*ACTORS, TOTAL]
    cost_lines, cost_parts = _lines(result, COSTS)
    benefit_lines, benefit_parts = _lines(result, BENEFITS)
    from ..analyses.onzekerheid_text import sentence

    interval = _interval(uncertainty)
    way = result.rekenwijze
    return Facts(
        gemeente=str(invoer["gemeente"]), aanpak=str(invoer["aanpak"]), analysejaar=int(invoer["analysejaar"]),
        prijspeil=int(meta.get("prijspeil", invoer.price_year)), huishoudens=_number(invoer["huishoudens"]),
        discount=rule if rates is None else f"{rule}: {_rates(rates.rate, rates.long_term_rate)}",
        actor_mapping=ACTOR_CHOICE_LABELS.get(str(invoer["actorindeling"]), str(invoer["actorindeling"])),
        way_key=way.key, way_label=way.label, budget_years=way.budget_years, budget_text=way.budget_text,
        version=__version__, fingerprint=fingerprint,
        kosten=_number(result.total(COSTS)), baten=_number(result.total(BENEFITS)),
        immaterieel=_number(result.immaterial_total()), saldo=_number(result.saldo),
        kb_financieel=_number(result.kb_financieel), kb_maatschappelijk=_number(result.kb_maatschappelijk),
        cost_lines=cost_lines, benefit_lines=benefit_lines, cost_parts=cost_parts, benefit_parts=benefit_parts,
        per_year=(tuple(map(float, result.per_year(COSTS))), tuple(map(float, result.per_year(BENEFITS)))),
        budget=tuple(ActorBudget(k, ACTOR_LABELS.get(k, "Totaal"), *(_number(budget[k][m]) for m in
                                 (COSTS, BENEFITS, "immaterieel", "saldo", "kb"))) for k in columns),
        benefit_shares=_shares(result, BENEFITS), cost_shares=_shares(result, COSTS),
        switches=_switches(analysis, assumptions),
        tornado=tuple(Flip(o.kort, o.verandering_saldo, o.saldo, o.bron, o.code) for o in analysis.variaties),
        interval=interval,
        interval_sentence="" if interval is None else sentence(
            interval.p5, interval.p5_se, interval.p95, interval.p95_se, interval.chance, interval.chance_se,
            interval.low, interval.high, interval.above, interval.draws, condition=ASSUMPTIONS_CONDITION),
        ranges=tuple(Range(a.label, a.distribution_text(), readable(a.row.bron)) for a in assumptions),
        measure_first="" if uncertainty is None else uncertainty.zin_meten,
        discount_source="" if rates is None else rates.source,
        changed=tuple(changed_kengetallen(kengetallen)), not_valued=_not_valued(benefit_parts),
        sources=_sources(result, kengetallen, analysis, assumptions, invoer),
    )


def _rates(rate: float, long_term: float) -> str:
    from ..dutch import percent

    text = f"{percent(rate, 2).replace(',00%', '%')} per jaar"
    if abs(rate - long_term) > 1e-12:
        text += f", lange termijn (jaar 9) {percent(long_term, 2).replace(',00%', '%')}"
    return text
