"""Aggregation of a dossier sample into the quantities INVOER needs, with their sampling uncertainty.

``aggregate(dossiers)`` validates the sample (errors raise ``DossierError``), encodes it
(``dossier_table``) and returns a ``DossierAnalysis``: one ``Aggregate`` per quantity with its value,
the number of dossiers behind it, a two-sided 90% interval (Wilson for shares of dossiers, percentile
bootstrap for means and ratios), the INVOER field it feeds (empty for quantities that only inform, such
as the per-leefgebied chart of 002 Figuur 4.8) and small-sample warning codes; plus the per-voorziening
trajectory counts for INVOER deel D. ``docs/dossiers.md`` states every rule with its source.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import MkbaError
from ..references import ARNHEM, GRONINGEN, LEEUWARDEN, META, WEST_BETUWE
from ..schema import LEEFGEBIEDEN as SCHEMA_LEEFGEBIEDEN
from .dossier_checks import DossierProblem, errors, validate
from .dossier_intervals import RESAMPLES, SEED, bootstrap_ratios, wilson
from .dossier_table import NETWORK, NOBODY, PROFESSIONAL, TEAM, UNKNOWN, DossierTable, encode
from .dossiers import (
    ESCALATIONS,
    HOUSEHOLD_TYPES,
    INTERVENTIONS,
    INVOER_TYPE,
    LEEFGEBIED_INDEX,
    LEEFGEBIEDEN,
    SEVERITIES,
    SUBSTITUTABLE,
    Dossier,
)

SMALL_SAMPLE = "small-sample"
"""Fewer than ``MIN_SAMPLE`` dossiers in the whole sample (issue 13; LPBL used about 80, 002 and 004)."""
SMALL_BASE = "small-base"
"""The estimate rests on fewer than ``MIN_CASES`` dossiers (its base)."""
FEW_CASES = "few-cases"
"""Fewer than ``MIN_CASES`` dossiers have the property (shares) or a non-zero contribution (means)."""
NO_BASE = "no-base"
"""No dossier in the base: the quantity is undefined (value NaN)."""
MIN_SAMPLE, MIN_CASES = 30, 5

WILSON, BOOTSTRAP = "wilson", "bootstrap"
SHARE, PER_HOUSEHOLD, COUNT, RATIO = "aandeel", "per huishouden", "aantal", "verhouding"
PYRAMID, EXPLICIT = "piramide", "expliciet"
"""Escalation routes. piramide (002 4.3, 004 4.2): every prevented escalation counts in the share of households
kept from a step up the pyramid (``voorkomen_escalatie.*``); expliciet (003 3.2.3): evictions, OTS and UHP feed
the counts ``voorkomen.*`` with their own prices, and only the admissions (V&V, GGZ) feed the share. One route,
so that no escalation is valued twice."""

QALY_LEEFGEBIEDEN = tuple(SCHEMA_LEEFGEBIEDEN)
"""The leefgebieden INVOER counts as quality of life (``schema.LEEFGEBIEDEN``: dagbesteding, psychisch, opvoeding),
in the order in which a household that improves on several is counted (once, on the first)."""


@dataclass(frozen=True)
class Aggregate:
    """One aggregated quantity. ``cases`` is the (weighted) number of dossiers with the property for shares,
    the number of dossiers with a non-zero contribution for means and ratios."""

    key: str
    value: float
    n: int
    cases: float
    low: float
    high: float
    method: str
    feeds: str = ""
    unit: str = SHARE
    source: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrajectoryCounts:
    """Per voorziening (INVOER deel D): trajectories in the sample, by what happened to them."""

    voorziening: str
    substitutable: bool
    at_start: int  # ongoing at the start
    professional: int  # new professional trajectories via the team (maatwerk via het team)
    dead_weight: int  # of which also in the old way
    extra: int  # of which extra (not, or not known to be, in the old way)
    by_team: int  # new support carried by the team
    by_network: int  # new support carried by eigen kracht / netwerk
    substituted: int  # instead of a professional: new by team/netwerk, or dropped and taken over
    dropped: int  # all dropped


@dataclass(frozen=True)
class DossierAnalysis:
    n: int
    aggregates: tuple[Aggregate, ...]
    trajectories: tuple[TrajectoryCounts, ...]
    problems: tuple[DossierProblem, ...]  # the validation warnings the aggregation read as documented
    warnings: tuple[str, ...]
    escalation_route: str = PYRAMID
    team_substitutes: bool = True
    households: int | None = None
    by_key: dict[str, Aggregate] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {a.key: a for a in self.aggregates})

    def get(self, key: str) -> Aggregate:
        return self.by_key[key]

    def invoer_values(self) -> dict[str, float]:
        """INVOER field -> value, for the aggregates that feed a field and are defined."""
        return {a.feeds: a.value for a in self.aggregates if a.feeds and not math.isnan(a.value)}


class DossierError(MkbaError):
    """The sample has errors (``problems``, codes of ``dossier_checks``) and cannot be aggregated."""

    def __init__(self, problems: Sequence[DossierProblem]):
        self.problems = tuple(problems)
        super().__init__(", ".join(sorted({p.code for p in self.problems})))


# ---- specifications: every aggregate is sum(num) / sum(den) over a base of dossiers ----------------

@dataclass(frozen=True)
class _Spec:
    key: str
    method: str
    num: np.ndarray
    den: np.ndarray
    base: np.ndarray
    feeds: str
    unit: str
    source: str
    scale: float


class _Specs:
    def __init__(self) -> None:
        self.items: list[_Spec] = []

    def share(self, key: str, hit: np.ndarray, base: np.ndarray, source: str, feeds: str = "",
              unit: str = SHARE, scale: float = 1.0) -> None:
        """A share of dossiers (Wilson); ``hit`` may weigh a dossier 0, 0.5 or 1."""
        b = np.asarray(base, dtype=bool)
        self.items.append(_Spec(key, WILSON, np.where(b, np.asarray(hit, dtype=float), 0.0), b.astype(float), b,
                                feeds, unit, source, scale))

    def ratio(self, key: str, num: np.ndarray, den: np.ndarray, base: np.ndarray, source: str, feeds: str = "",
              unit: str = PER_HOUSEHOLD, scale: float = 1.0) -> None:
        """A mean or a ratio of sums over the base (percentile bootstrap)."""
        b = np.asarray(base, dtype=bool)
        self.items.append(_Spec(key, BOOTSTRAP, np.where(b, num, 0.0), np.where(b, den, 0.0), b, feeds, unit, source,
                                scale))


def _warnings(n_sample: int, n: int, cases: float) -> tuple[str, ...]:
    codes = [SMALL_SAMPLE] if n_sample < MIN_SAMPLE else []
    if n == 0:
        return (*codes, NO_BASE)
    if n < MIN_CASES:
        codes.append(SMALL_BASE)
    if cases < MIN_CASES:
        codes.append(FEW_CASES)
    return tuple(codes)


def _evaluate(specs: Sequence[_Spec], n_sample: int, resamples: int, seed: int) -> tuple[Aggregate, ...]:
    num = np.array([s.num for s in specs]).reshape(len(specs), -1)
    den = np.array([s.den for s in specs]).reshape(len(specs), -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den.sum(axis=1) != 0, num.sum(axis=1) / den.sum(axis=1), np.nan)
    low, high = np.full(len(specs), np.nan), np.full(len(specs), np.nan)
    shares = [i for i, s in enumerate(specs) if s.method == WILSON]
    low[shares], high[shares] = wilson(num[shares].sum(axis=1), den[shares].sum(axis=1))
    boot = [i for i, s in enumerate(specs) if s.method == BOOTSTRAP]
    if boot:
        unique: dict[bytes, int] = {}
        den_of = [unique.setdefault(den[i].tobytes(), len(unique)) for i in boot]
        den_columns = np.array([den[boot[den_of.index(j)]] for j in range(len(unique))]).T
        b_low, b_high = bootstrap_ratios(num[boot].T, den_columns, den_of, resamples=resamples, seed=seed)
        # A percentile interval can miss the estimate for very skewed ratios in small samples: widen it.
        low[boot], high[boot] = np.fmin(b_low, value[boot]), np.fmax(b_high, value[boot])
    result = []
    for i, s in enumerate(specs):
        n = int(s.base.sum())
        cases = float(num[i].sum()) if s.method == WILSON else float(np.count_nonzero(num[i]))
        result.append(Aggregate(s.key, float(value[i] * s.scale), n, cases, float(low[i] * s.scale),
                                float(high[i] * s.scale), s.method, s.feeds, s.unit, s.source,
                                _warnings(n_sample, n, cases)))
    return tuple(result)


# ---- A. Bereik ------------------------------------------------------------------------------------------

def _reach(s: _Specs, t: DossierTable) -> None:
    known_type = t.household_type >= 0
    multi = t.multi_problem
    for i, ht in enumerate(HOUSEHOLD_TYPES):
        key = INVOER_TYPE[ht]
        s.share(f"aandeel_type.{key}", t.household_type == i, known_type,
                f"{GRONINGEN}, 4.1 (type huishouden uit de steekproef)", feeds=f"aandeel_type.{key}")
    for ht in HOUSEHOLD_TYPES:
        key, in_type = INVOER_TYPE[ht], t.of_type(ht)
        for j, sev in enumerate(SEVERITIES):
            s.share(f"zwaarte.{key}.{sev}", t.severity == j, in_type & (t.severity >= 0),
                    f"{GRONINGEN}, 4.1; {WEST_BETUWE}, 4.1 (zwaarte uit de leefgebieden)", feeds=f"zwaarte.{key}.{sev}")
        for code, name in ((0, "eenouder"), (1, "tweeouder")):
            s.share(f"samenstelling.{name}.{key}", t.composition == code, in_type & (t.composition >= 0),
                    f"{META}, Bijlage 3 (1.2 samenstelling)", feeds=f"samenstelling.{name}.{key}")
        for field_name, leefgebied in (("problematische_schulden", "schulden"), ("geen_werk", "werk"),
                                       ("overlastgevend", "overlast")):
            start = t.problem_start[:, LEEFGEBIED_INDEX[leefgebied]]
            s.share(f"leefsituatie.{field_name}.{key}", start == 1, in_type & multi & ~np.isnan(start),
                    f"{META}, Bijlage 3 (2.2 leefsituatie bij aanvang)", feeds=f"leefsituatie.{field_name}.{key}")
    families = t.of_type("gezin") & ~np.isnan(t.children_home)
    s.ratio("gemiddeld_aantal_kinderen", np.nan_to_num(t.children_home), families.astype(float), families,
            f"{META}, Bijlage 3 (1.2 aantal kinderen, w.v. thuiswonend)", feeds="gemiddeld_aantal_kinderen",
            unit="kinderen per gezin")


# ---- B/C. Trajectories: extra, dead weight, substitution ----------------------------------------------

@dataclass(frozen=True)
class _Flows:
    """(n, 12) indicators of what happened to each trajectory type in each dossier."""

    professional: np.ndarray
    dead_weight: np.ndarray
    extra: np.ndarray
    by_team: np.ndarray
    by_network: np.ndarray
    substituted_new: np.ndarray
    substituted: np.ndarray
    dropped: np.ndarray


def _flows(t: DossierTable, team_substitutes: bool) -> _Flows:
    new, dropped = t.change == 1, t.change == -1
    professional = new & np.isin(t.performer, [PROFESSIONAL, UNKNOWN])
    instead = t.old_way == 1  # a professional trajectory would otherwise have been started
    by_team, by_network = new & (t.performer == TEAM), new & (t.performer == NETWORK)
    substituted_new = (by_network | (by_team & team_substitutes)) & instead
    takers = [NETWORK, NOBODY] + ([TEAM] if team_substitutes else [])
    substituted = substituted_new | (dropped & np.isin(t.performer, takers))
    return _Flows(professional, professional & instead, professional & ~instead, by_team, by_network,
                  substituted_new, substituted, dropped)


DEEL_D_ROW = {**{name: name for name in INTERVENTIONS}, "wmo_hbh": "hbh", "anders": "anders1"}
"""The row of INVOER deel D (``schema.DEEL_D_ROWS``) of each voorziening of the registration; 'anders' takes the
first row of the user's own."""
DEEL_D_COLUMN = {"bij_aanvang": "start", "extra": "extra", "gesubstitueerd": "bespaard", "maatwerk": "maatwerk"}
"""The column of deel D (``schema.DEEL_D_COUNTS``) that each per-voorziening measure fills, as a count per year."""


def _trajectories(s: _Specs, t: DossierTable, f: _Flows, households: int | None,
                  substitutable: frozenset[str]) -> None:
    everyone = np.ones(t.n, dtype=bool)
    measures = {"ingezet": f.professional | f.by_team | f.by_network, "professioneel": f.professional,
                "dead_weight": f.dead_weight, "extra": f.extra, "door_team": f.by_team, "door_netwerk": f.by_network,
                "gesubstitueerd": f.substituted, "geschrapt": f.dropped}
    scopes = {"": everyone, **{f".{INVOER_TYPE[ht]}": t.of_type(ht) for ht in HOUSEHOLD_TYPES}}
    for name, flow in measures.items():
        for suffix, scope in scopes.items():
            s.ratio(f"trajecten.{name}{suffix}", flow.sum(axis=1).astype(float), scope.astype(float), scope,
                    f"{GRONINGEN}, 4.2 (1,8 trajecten per huishouden: 1,25 dead weight, 0,15 extra, 0,4 team of "
                    "eigen kracht)")
    per_type = {"bij_aanvang": t.ongoing, "maatwerk": f.professional, "extra": f.extra, "gesubstitueerd": f.substituted}
    for k, name in enumerate(INTERVENTIONS):
        for measure, flow in per_type.items():
            feeds = f"deel_d.{DEEL_D_ROW[name]}.{DEEL_D_COLUMN[measure]}" if households else ""
            s.ratio(f"deel_d.{name}.{measure}", flow[:, k].astype(float), everyone.astype(float), everyone,
                    f"{META}, Bijlage 3 (2.3 en 3.1, invoerscherm deel D)", feeds=feeds,
                    unit=COUNT if households else PER_HOUSEHOLD, scale=float(households or 1))
    sub = np.array([name in substitutable for name in INTERVENTIONS])
    new_hh, existing = t.newly_found, ~t.newly_found
    substituted = f.substituted[:, sub].sum(axis=1).astype(float)
    need = (f.professional[:, sub].sum(axis=1) + substituted).astype(float)
    s.ratio("substitutie.nieuw", substituted, need, new_hh,
            f"{META}, 4.3 en Tabel 4.5; {GRONINGEN}, 4.2-4.3", feeds="substitutie.nieuw", unit=RATIO)
    change = substituted - f.extra[:, sub].sum(axis=1)
    old_volume = (t.ongoing[:, sub].sum(axis=1) + f.dead_weight[:, sub].sum(axis=1)
                  + f.substituted_new[:, sub].sum(axis=1)).astype(float)
    s.ratio("substitutie.bestaand", change, old_volume, existing,
            f"{META}, 4.3 en Tabel 4.5 (negatief = meer trajecten); {ARNHEM}, 3.2.2", feeds="substitutie.bestaand",
            unit=RATIO)
    s.share("nieuw_gevonden", t.newly_found, everyone, f"{GRONINGEN}, 4.2 en noot 14 (geen lopende interventie)",
            feeds="nieuw_gevonden")


def _trajectory_counts(t: DossierTable, f: _Flows, substitutable: frozenset[str]) -> tuple[TrajectoryCounts, ...]:
    def total(a: np.ndarray) -> list[int]:
        return [int(v) for v in a.sum(axis=0)]

    columns = zip(total(t.ongoing), total(f.professional), total(f.dead_weight), total(f.extra), total(f.by_team),
                  total(f.by_network), total(f.substituted), total(f.dropped))
    return tuple(TrajectoryCounts(name, name in substitutable, *c) for name, c in zip(INTERVENTIONS, columns))


# ---- C. Effect: leefgebieden, escalations, relapse -----------------------------------------------------

def _leefgebieden(s: _Specs, t: DossierTable, households: int | None) -> None:
    start, now, others = t.problem_start, t.problem_now, t.due_to_others
    improved = (start == 1) & (now == 0)
    net = improved & ~others
    outcome_known = (start == 1) & ~np.isnan(now)
    both_known = ~np.isnan(start) & ~np.isnan(now)
    source = f"{GRONINGEN}, Figuur 4.8; {WEST_BETUWE}, Figuur 4.5 (bruto- en netto-effect)"
    for k, name in enumerate(LEEFGEBIEDEN):
        s.share(f"leefgebied.{name}.start", start[:, k] == 1, both_known[:, k], source)
        s.share(f"leefgebied.{name}.nu", now[:, k] == 1, both_known[:, k], source)
        s.share(f"leefgebied.{name}.nu_netto", (now[:, k] == 1) | (improved[:, k] & others[:, k]), both_known[:, k],
                source)
        s.share(f"leefgebied.{name}.bruto", improved[:, k], outcome_known[:, k], source)
        s.share(f"leefgebied.{name}.netto", net[:, k], outcome_known[:, k], source)
    multi = t.multi_problem
    working_age = t.of_type("gezin") | t.of_type("overig")
    for key, leefgebied, base in (("succes.schuldhulp", "schulden", multi),
                                  ("succes.direct_naar_werk", "werk", multi & working_age),
                                  ("reductie_overlast", "overlast", multi)):
        k = LEEFGEBIED_INDEX[leefgebied]
        s.share(key, net[:, k], outcome_known[:, k] & base,
                f"{GRONINGEN}, Figuur 4.8 (netto); aanname: netto verbetering = procentpunten extra succes", feeds=key)
    # Quality of life (INVOER C90-C92): each household once, and not when it already counts as financially stable
    # or working (the engine values those with the same QALY, 000 3.1.3 4a; 003 3.2.3 3b counts 67 + 34 apart).
    counted = (net[:, LEEFGEBIED_INDEX["schulden"]] & multi) | (net[:, LEEFGEBIED_INDEX["werk"]] & multi & working_age)
    everyone = np.ones(t.n, dtype=bool)
    for name in QALY_LEEFGEBIEDEN:
        hit = net[:, LEEFGEBIED_INDEX[name]] & ~counted
        s.share(f"leefgebieden.{name}", hit, everyone,
                f"{GRONINGEN}, Figuur 4.8 (netto) en 5.1 punt 4; {LEEUWARDEN}, 3.1.3 punt 4a (elk huishouden één keer)",
                feeds=f"leefgebieden.{name}" if households else "", unit=COUNT if households else SHARE,
                scale=float(households or 1))
        counted = counted | hit


def _escalations(s: _Specs, t: DossierTable, route: str, households: int | None) -> None:
    kinds = list(ESCALATIONS)
    share_kinds = kinds if route == PYRAMID else ["opname_vv", "opname_ggz"]
    weight = t.escalation_weight[:, [kinds.index(k) for k in share_kinds]].max(axis=1)
    source = f"{GRONINGEN}, 4.3; {WEST_BETUWE}, 4.2 ('wat zou er anders gebeurd zijn'; deels telt half)"
    for ht in HOUSEHOLD_TYPES:
        key = INVOER_TYPE[ht]
        s.share(f"voorkomen_escalatie.{key}", weight, t.of_type(ht), source, feeds=f"voorkomen_escalatie.{key}")
    everyone = np.ones(t.n, dtype=bool)
    for k, name in enumerate(kinds):
        s.share(f"escalatie.{name}", t.escalation_weight[:, k], everyone, source)
    scale = float(households) if households else 1.0
    unit = COUNT if households else PER_HOUSEHOLD
    explicit = route == EXPLICIT
    s.share("escalatie.huisuitzettingen", t.escalation_weight[:, kinds.index("huisuitzetting")], everyone,
            f"{ARNHEM}, 3.2.3", feeds="voorkomen.huisuitzettingen" if explicit else "", unit=unit, scale=scale)
    for j, name in enumerate(("ots", "uhp")):
        s.ratio(f"escalatie.{name}_kinderen", t.escalation_children[:, j], everyone.astype(float), everyone,
                f"{ARNHEM}, 3.2.3 (aantal kinderen)", feeds=f"voorkomen.{name}" if explicit else "", unit=unit,
                scale=scale)


def _relapse(s: _Specs, t: DossierTable) -> None:
    closed = (t.closed == 1) & ~np.isnan(t.relapse)
    s.share("terugval", t.relapse == 1, closed, f"{META}, Bijlage 3 (5 afsluiting, terugval); {ARNHEM}, 3.2.3",
            feeds="terugval")


def aggregate(dossiers: Sequence[Dossier], *, households: int | None = None, escalation_route: str = PYRAMID,
              team_substitutes: bool = True, substitutable: frozenset[str] = SUBSTITUTABLE,
              resamples: int = RESAMPLES, seed: int = SEED,
              problems: Sequence[DossierProblem] | None = None) -> DossierAnalysis:
    """Aggregate a sample. ``households`` (the INVOER total) turns per-household rates into counts per year
    (escalations, quality of life C90-C92, deel D) and only then do those feed INVOER; ``team_substitutes=False``
    follows 002 4.2, where work the team does itself is already in nieuw-voor-oud and is not counted as
    substitution; ``substitutable`` are the voorzieningen the substitution shares count (001 noot 15, without
    those whose work sits in the team, 002 noot 17). ``problems`` is ``validate(dossiers)`` when the caller has
    it already (the check of INVOER against the sample looks for an error first)."""
    if escalation_route not in (PYRAMID, EXPLICIT):
        raise ValueError(f"escalation_route must be {PYRAMID!r} or {EXPLICIT!r}")
    problems = validate(dossiers) if problems is None else tuple(problems)
    if errors(problems):
        raise DossierError(errors(problems))
    table = encode(dossiers)
    flows = _flows(table, team_substitutes)
    specs = _Specs()
    _reach(specs, table)
    _trajectories(specs, table, flows, households, substitutable)
    _leefgebieden(specs, table, households)
    _escalations(specs, table, escalation_route, households)
    _relapse(specs, table)
    return DossierAnalysis(
        n=table.n, aggregates=_evaluate(specs.items, table.n, resamples, seed),
        trajectories=_trajectory_counts(table, flows, substitutable), problems=problems,
        warnings=(SMALL_SAMPLE,) if table.n < MIN_SAMPLE else (), escalation_route=escalation_route,
        team_substitutes=team_substitutes, households=households)
