"""The MKBA engine: INVOER + KENGETALLEN in, a ledger of posts out; every total is a sum over it.

Pure and vectorised: every numeric input may be a numpy array (all of one shape), and then every
post holds that many variants at once. A post's amounts are nominal euros for years 0..9 of one
year of the approach (year 9 holds the long term); discounting, totals, the per-actor budget and
the per-domain budget are all computed from the ledger. ``docs/model.md`` gives each formula with
its sources; the comments here only say why where the code cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .dutch import euro
from .dutch import number as nl
from .dutch import percent as pct
from .dutch import scalar as _scalar
from .invoer import Invoer
from .kengetallen import Kengetallen, Traject
from .schema import ACTORS, HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, PROFILE_DOMAINS, SEVERITIES

YEARS = 10
LONG_TERM_YEAR = 9
# Coordination within the team saves time only on trajectories whose field the team covers itself
# (001 3.3.4: the disciplines present determine the expertise in the team).
DISCIPLINE_DOMAINS = {
    "jeugd": ("jeugd",), "ggz_volwassenen": ("zvw",), "werk_inkomen_schulden": ("wi",),
    "welzijn_md": ("welzijn",), "zorg": ("wmo",), "wonen": ("corporatie",),
}
BUDGET_YEARS = 3
"""'Resultaat begroting na 2 jaar' = cash flows of years 0, 1 and 2 of one cohort (see ``budget``)."""

COSTS = "kosten"
BENEFITS = "baten"


@dataclass(frozen=True)
class Line:
    code: str
    side: str
    label: str
    json_key: str
    immaterial: bool = False


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
GROUPS: dict[str, tuple[str, ...]] = {
    "K1": ("K1a", "K1b"),
    "B1": ("B1a", "B1b", "B1c"),
    "B4": ("B4a", "B4b", "B4c"),
}
GROUP_LABELS = {
    "K1": "Kosten nieuwe aanpak",
    "B1": "Besparing organisatiekosten",
    "B4": "Immateriële baten",
}


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


@dataclass(frozen=True)
class Result:
    ledger: tuple[Post, ...]
    discount_factors: np.ndarray  # (YEARS,)
    warnings: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    # -- sums over the ledger -----------------------------------------------------------------
    def _sum(self, keep: Callable[[Post], bool], years: slice | None = None, discount: bool = True) -> Any:
        shape = self.ledger[0].amounts.shape[:-1] if self.ledger else ()
        total = np.zeros(shape)
        for post in self.ledger:
            if keep(post):
                amounts = post.amounts * self.discount_factors if discount else post.amounts
                total = total + (amounts[..., years] if years is not None else amounts).sum(axis=-1)
        return total if total.shape else float(total)

    def post_ncw(self, post: Post) -> Any:
        value = (post.amounts * self.discount_factors).sum(axis=-1)
        return value if np.ndim(value) else float(value)

    def line_ncw(self, code: str) -> Any:
        codes = GROUPS.get(code, (code,))
        return self._sum(lambda p: p.line in codes)

    def total(self, side: str) -> Any:
        return self._sum(lambda p: p.side == side)

    def immaterial_total(self) -> Any:
        return self._sum(lambda p: p.immaterial)

    @property
    def saldo(self) -> Any:
        return self.total(BENEFITS) - self.total(COSTS)

    @property
    def kb_financieel(self) -> Any:
        return _ratio(self.total(BENEFITS) - self.immaterial_total(), self.total(COSTS))

    @property
    def kb_maatschappelijk(self) -> Any:
        return _ratio(self.total(BENEFITS), self.total(COSTS))

    def per_year(self, side: str, discount: bool = True) -> np.ndarray:
        shape = self.ledger[0].amounts.shape if self.ledger else (YEARS,)
        out = np.zeros(shape)
        for post in self.ledger:
            if post.side == side:
                out = out + (post.amounts * self.discount_factors if discount else post.amounts)
        return out

    def budget(self, by: str = "actor") -> dict[str, dict[str, Any]]:
        """Cash flows (undiscounted) of years 0..2 of one cohort, per actor or per domain.

        Read as the budget in the third year of a continuing approach: this year's costs plus the
        benefits of this and the two previous cohorts. Year 9 (long term) never falls in it.
        """
        keys: list[str] = list(ACTORS) if by == "actor" else sorted({p.domain for p in self.ledger})
        out: dict[str, dict[str, Any]] = {}
        window = slice(0, BUDGET_YEARS)
        for key in [*keys, "totaal"]:
            def match(p: Post, side: str, key: str = key) -> bool:
                return p.side == side and (key == "totaal" or (p.actor if by == "actor" else p.domain) == key)
            kosten = self._sum(lambda p, m=match: m(p, COSTS), window, discount=False)
            baten = self._sum(lambda p, m=match: m(p, BENEFITS), window, discount=False)
            out[key] = {"kosten": kosten, "baten": baten, "saldo": baten - kosten, "kb": _ratio(baten, kosten)}
        return out

    def to_json(self) -> dict[str, Any]:
        """The result as plain JSON types; amounts in euro, unrounded (one variant only)."""
        def f(x: Any) -> Any:
            v = float(x)
            return None if not np.isfinite(v) else v
        lines = {line.json_key: f(self.line_ncw(line.code)) for line in LINES}
        kosten = {"totaal": f(self.total(COSTS)), "nieuwe_aanpak": f(self.line_ncw("K1")),
                  **{k: lines[k] for k in ("nulsituatie", "meerkosten", "eenmalig", "extra_zorg")}}
        baten = {"totaal": f(self.total(BENEFITS)), "organisatie": f(self.line_ncw("B1")),
                 **{k: lines[k] for k in ("nieuw_voor_oud", "meer_op_maat", "substitutie", "effectiviteit",
                                          "escalatie")},
                 "immaterieel": f(self.line_ncw("B4")),
                 **{k: lines[k] for k in ("ontwikkelingskansen_kinderen", "kwaliteit_van_leven", "overlast")}}
        budget = self.budget("actor")
        return {
            "meta": {k: v for k, v in self.meta.items()},
            "kosten": kosten,
            "baten": baten,
            "saldo": f(self.saldo),
            "kb_financieel": f(self.kb_financieel),
            "kb_maatschappelijk": f(self.kb_maatschappelijk),
            "per_jaar": {"kosten": [f(x) for x in self.per_year(COSTS)],
                         "baten": [f(x) for x in self.per_year(BENEFITS)]},
            "begroting_na_2_jaar": {
                key: {"kosten": f(v["kosten"]), "baten": f(v["baten"]), "saldo": f(v["saldo"])}
                for key, v in budget.items()
            },
            "per_geldstroom": {
                key: {"kosten": f(v["kosten"]), "baten": f(v["baten"]), "saldo": f(v["saldo"])}
                for key, v in self.budget("domain").items()
            },
            "waarschuwingen": list(self.warnings),
        }


def _ratio(numerator: Any, denominator: Any) -> Any:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = np.divide(numerator, denominator)
    return r if np.ndim(r) else float(r)


# ---------------------------------------------------------------------------------------------
# Time profiles and discounting
# ---------------------------------------------------------------------------------------------

def year_profile(duration: float = 1.0, start: int = 0) -> np.ndarray:
    """Share of a yearly amount that falls in each year 0..9 for something lasting ``duration`` years.

    A 33-month OTS (2.75 years) starting in year 0 gives [1, 1, 0.75, 0, ...]; whatever would fall
    after year 9 is added to year 9, which stands for the long term.
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
    """1/(1+r)^t for years 0..8 and 1/(1+r_lt)^9 for the long-term year 9."""
    t = np.arange(YEARS, dtype=float)
    factors = 1.0 / (1.0 + rate) ** t
    factors[LONG_TERM_YEAR] = 1.0 / (1.0 + long_term_rate) ** LONG_TERM_YEAR
    return factors


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------

class _Ledger:
    """Collects posts; resolves actors from domains with the chosen mapping."""

    def __init__(self, kg: Kengetallen, indeling: str, shape: tuple[int, ...], explain: bool):
        self.kg, self.indeling, self.shape, self.explain = kg, indeling, shape, explain
        self.posts: list[Post] = []

    def actor(self, domain: str) -> str:
        mapping = self.kg.actors[domain]
        return mapping.after_2015 if self.indeling == "na_2015" else mapping.before_2015

    def add(self, line: str, domain: str, yearly: Any, profile: np.ndarray, describe: Callable[[], str],
            *sources: str) -> None:
        """Add a post; ``describe`` is called only when explanations are wanted (not in bulk runs)."""
        amounts = np.asarray(yearly, dtype=float)[..., None] * profile
        amounts = np.broadcast_to(amounts, self.shape + (YEARS,)).copy()
        self.posts.append(Post(line, domain, self.actor(domain), amounts, describe() if self.explain else "",
                               tuple(s for s in sources if s)))


def _variant_shape(invoer: Invoer, kg: Kengetallen) -> tuple[int, ...]:
    shapes = [np.shape(v) for v in invoer.values.values() if isinstance(v, np.ndarray)]
    shapes += [np.shape(s.value) for s in kg.scalars.values() if isinstance(s.value, np.ndarray)]
    return np.broadcast_shapes(*shapes) if shapes else ()


def compute(invoer: Invoer, kg: Kengetallen, *, explain: bool = True) -> Result:
    """Build the ledger of one year of the approach (or of many variants at once).

    ``explain=False`` skips the Dutch descriptions of the posts: bulk runs (sensitivity analysis)
    need only the numbers, and the descriptions cost more time than the arithmetic.
    """
    shape = _variant_shape(invoer, kg)
    ledger = _Ledger(kg, str(invoer["actorindeling"]), shape, explain)
    warnings: list[str] = []
    price_level = invoer.price_year
    K = kg.scalars

    def value(key: str) -> Any:
        """A kengetal converted to the analysis's price level (if it has a price year)."""
        s = K[key]
        return s.value * kg.price_factor(s.price_year, price_level)

    def src(key: str) -> str:
        return f"{key}: {K[key].source}"

    # ---- households ---------------------------------------------------------------------------
    H = invoer.num("huishoudens")
    type_share = dict(zip(HOUSEHOLD_TYPES, invoer.per_type("aandeel_type")))
    n = {t: {s: H * type_share[t] * invoer.num(f"zwaarte.{t}.{s}") for s in SEVERITIES} for t in HOUSEHOLD_TYPES}
    per_type = {t: sum(n[t].values()) for t in HOUSEHOLD_TYPES}
    multi = {t: n[t]["mv_zr"] + n[t]["mv_nzr"] + n[t]["top"] for t in HOUSEHOLD_TYPES}
    found = invoer.num("nieuw_gevonden")
    new = {t: found * per_type[t] for t in HOUSEHOLD_TYPES}
    existing = {t: (1 - found) * per_type[t] for t in HOUSEHOLD_TYPES}
    effect = (1 - invoer.num("terugval")) * invoer.num("attributie")
    effect_txt = f"x (1 - {pct(invoer.num('terugval'), 0)} terugval) x {pct(invoer.num('attributie'), 0)} attributie"
    y0 = year_profile(1, 0)

    # ---- K1 team -----------------------------------------------------------------------------
    cost_per_fte = invoer.num("kosten_per_fte")
    other = invoer.num("overige_teamkosten")
    other_add = invoer.num("aandeel_additioneel_overig")
    if invoer.team_way == 1:
        fte, additional = invoer.num("team_fte"), invoer.num("aandeel_additioneel")
        team = fte * cost_per_fte
        ledger.add("K1a", "team", team * (1 - additional), y0,
                   lambda: (
                       f"{nl(fte, 1)} fte x {euro(cost_per_fte)} x {pct(1 - additional, 0)} nieuw voor oud"),
                   "INVOER B")
        ledger.add("K1b", "team", team * additional, y0,
                   lambda: (f"{nl(fte, 1)} fte x {euro(cost_per_fte)} x {pct(additional, 0)} additioneel"), "INVOER B")
    else:
        fte0, extra = invoer.num("fte_nulsituatie"), invoer.num("fte_extra")
        team = (fte0 + extra) * cost_per_fte
        ledger.add("K1a", "team", fte0 * cost_per_fte, y0,
                   lambda: (f"{nl(fte0, 1)} fte in 0-situatie x {euro(cost_per_fte)}"), "INVOER B (manier 2)")
        ledger.add("K1b", "team", extra * cost_per_fte, y0,
                   lambda: (f"{nl(extra, 1)} extra fte x {euro(cost_per_fte)}"), "INVOER B (manier 2)")
    if _scalar(other) != 0.0:
        ledger.add("K1a", "team", other * (1 - other_add), y0,
                   lambda: (f"overige teamkosten {euro(other)} x {pct(1 - other_add, 0)} nieuw voor oud"), "INVOER B")
        ledger.add("K1b", "team", other * other_add, y0,
                   lambda: (f"overige teamkosten {euro(other)} x {pct(other_add, 0)} additioneel"), "INVOER B")
    team_total = team + other

    # ---- K2 one-off ----------------------------------------------------------------------------
    friction = invoer.num("frictie")
    one_off = invoer.num("overige_eenmalige_kosten")
    spread = K["afschrijving_eenmalig_jaren"].value
    ledger.add("K2", "team", friction * team_total, y0,
               lambda: (f"{pct(friction, 0)} frictie x teamkosten {euro(team_total)}"), "INVOER B")
    ledger.add("K2", "team", one_off / spread, y0,
               lambda: (
                   f"overige eenmalige kosten {euro(one_off)} / {nl(spread)} jaar"), src("afschrijving_eenmalig_jaren"))

    # ---- trajectories: K3 extra care, B1 savings -------------------------------------------
    hourly = cost_per_fte / K["productieve_uren_per_fte"].value
    covered = {d: 0.0 for d in PROFILE_DOMAINS + ("corporatie",)}
    for name, domains in DISCIPLINE_DOMAINS.items():
        for d in domains:
            covered[d] = np.maximum(covered[d], np.clip(invoer.num(f"discipline.{name}"), 0, 1))
    coord_hours = K["coordinatie_uren_per_traject"].value
    subst_new, subst_old = invoer.num("substitutie.nieuw"), invoer.num("substitutie.bestaand")
    op_maat = invoer.num("meer_op_maat")
    for tr in kg.trajecten:
        price = tr.price * kg.price_factor(tr.price_year, price_level)
        q = tr.per_household
        tsrc = f"trajectencatalogus '{tr.name}': {tr.source}"
        n_new = sum(new[t] * q[t] for t in HOUSEHOLD_TYPES)
        ledger.add("K3", tr.domain, n_new * price, y0,
                   lambda: (f"nieuw gevonden hh ({_per_type_text(new, q)}) = {nl(n_new, 1)} trajecten x {euro(price)} "
                   f"{tr.name}"), tsrc)
        n_all = sum(per_type[t] * q[t] for t in HOUSEHOLD_TYPES)
        in_team = covered.get(tr.domain, 0.0)
        ledger.add("B1a", tr.domain, n_all * coord_hours * hourly * in_team, y0,
                   lambda: (f"{nl(n_all, 1)} trajecten {tr.name} x {nl(coord_hours, 1)} uur minder afstemming x "
                   f"{euro(hourly)} per uur (discipline {tr.domain} in team: {nl(in_team)})"),
                   src("coordinatie_uren_per_traject"), src("productieve_uren_per_fte"))
        if tr.substitutable:
            n_sub = sum((new[t] * subst_new + existing[t] * subst_old) * q[t] for t in HOUSEHOLD_TYPES)
            ledger.add("B1c", tr.domain, n_sub * price, y0,
                       lambda: (f"({pct(subst_new, 0)} van {nl(n_new, 1)} nieuwe + {pct(subst_old, 0)} van "
                       f"{nl(n_all - n_new, 1)} bestaande trajecten) x {euro(price)} {tr.name}"), tsrc)
        if tr.op_maat:
            ledger.add("B1b", tr.domain, op_maat * n_all * price, y0,
                       lambda: (
                           f"{pct(op_maat, 0)} lagere kosten x {nl(n_all, 1)} trajecten x {euro(price)} "
                           f"{tr.name}"), tsrc)

    # ---- K1 nieuw-voor-oud returns as B1a --------------------------------------------------
    for post in [p for p in ledger.posts if p.line == "K1a"]:
        ledger.posts.append(Post("B1a", post.domain, post.actor, post.amounts.copy(),
                                 f"besparing oude taken: {post.description}", post.sources))

    # ---- escalations the team starts (K3) and explicit prevented escalations (B3) -----------
    def escalation_posts(line: str, counts: dict[str, Any], verb: str, factor: Any, factor_txt: str) -> None:
        uhp, ots, evictions = counts["uhp"], counts["ots"], counts["huisuitzetting"]
        res = K["uhp_aandeel_residentieel"].value
        ledger.add(line, "jeugd", uhp * factor * res * value("uhp_residentieel_per_jaar"),
                   year_profile(K["uhp_residentieel_jaren"].value),
                   lambda: (f"{nl(uhp, 1)} {verb} uithuisplaatsingen {factor_txt} x {pct(res, 0)} residentieel x "
                   f"{euro(value('uhp_residentieel_per_jaar'))} per jaar, "
                   f"{nl(K['uhp_residentieel_jaren'].value, 2)} jaar"),
                   src("uhp_residentieel_per_jaar"), src("uhp_residentieel_jaren"))
        ledger.add(line, "jeugd", uhp * factor * (1 - res) * value("uhp_pleegzorg_per_jaar"),
                   year_profile(K["uhp_pleegzorg_jaren"].value),
                   lambda: (f"{nl(uhp, 1)} {verb} uithuisplaatsingen {factor_txt} x {pct(1 - res, 0)} pleegzorg x "
                   f"{euro(value('uhp_pleegzorg_per_jaar'))} per jaar, {nl(K['uhp_pleegzorg_jaren'].value, 2)} jaar"),
                   src("uhp_pleegzorg_per_jaar"), src("uhp_pleegzorg_jaren"))
        ledger.add(line, "jeugd", ots * factor * value("ots_per_jaar"), year_profile(K["ots_jaren"].value),
                   lambda: (f"{nl(ots, 1)} {verb} OTS {factor_txt} x {euro(value('ots_per_jaar'))} per jaar, "
                   f"{nl(K['ots_jaren'].value, 2)} jaar"), src("ots_per_jaar"), src("ots_jaren"))
        ledger.add(line, "corporatie", evictions * factor * value("huisuitzetting"), y0,
                   lambda: (
                       f"{nl(evictions, 1)} {verb} huisuitzettingen {factor_txt} x {euro(value('huisuitzetting'))}"),
                   src("huisuitzetting"))
        mo = K["mo_aandeel"].value
        ledger.add(line, "wmo", evictions * factor * mo * value("mo_per_jaar"), year_profile(K["mo_jaren"].value),
                   lambda: (
                       f"{nl(evictions, 1)} {verb} huisuitzettingen {factor_txt} x {pct(mo, 0)} naar maatschappelijke "
                   f"opvang x {euro(value('mo_per_jaar'))} per jaar, {nl(K['mo_jaren'].value, 1)} jaar"),
                   src("mo_aandeel"), src("mo_per_jaar"), src("mo_jaren"))

    started = {k: invoer.num(f"ingezet.{k}") for k in ("uhp", "ots", "huisuitzetting")}
    if any(_scalar(v) != 0.0 for v in started.values()):
        escalation_posts("K3", started, "ingezette", 1.0, "")
    prevented = {"uhp": invoer.num("voorkomen.uhp"), "ots": invoer.num("voorkomen.ots"),
                 "huisuitzetting": invoer.num("voorkomen.huisuitzettingen")}
    if any(_scalar(v) != 0.0 for v in prevented.values()):
        escalation_posts("B3", prevented, "voorkomen", effect, effect_txt)

    # ---- B3 prevented escalation via the zorgconsumptieprofiel ------------------------------
    profile = kg.profiles[str(invoer["zorgprofiel"])]
    pfactor = kg.price_factor(profile.price_year, price_level)
    esc_profile = year_profile(K["escalatie_duur"].value, int(K["escalatie_startjaar"].value))
    prevented_hh = {}
    for t in HOUSEHOLD_TYPES:
        share = invoer.num(f"voorkomen_escalatie.{t}")
        prevented_hh[t] = share * per_type[t] * effect
        for d in PROFILE_DOMAINS:
            amount, parts = 0.0, []
            for s, up in zip(SEVERITIES, SEVERITIES[1:]):
                diff = (profile.values[t][up][d] - profile.values[t][s][d]) * pfactor
                step_total = sum(profile.values[t][up][x] - profile.values[t][s][x] for x in PROFILE_DOMAINS)
                # A step up that costs less in total is no escalation: count no saving for it, so that
                # more prevented escalation never lowers the benefits.
                if diff == 0 or step_total <= 0:
                    continue
                amount = amount + share * n[t][s] * effect * diff
                parts.append(f"{nl(n[t][s], 1)} hh {s}->{up} x {euro(diff)}")
            if parts:
                ledger.add("B3", d, amount, esc_profile,
                           lambda: (
                               f"{pct(share, 1)} voorkomen escalatie {HOUSEHOLD_TYPE_LABELS[t].lower()} {effect_txt} x "
                           f"({'; '.join(parts)}) [{d}]"),
                           f"zorgconsumptieprofiel {profile.name}: {profile.source}", src("escalatie_startjaar"),
                           src("escalatie_duur"))

    # ---- B2 effectiveness -----------------------------------------------------------------------
    debts = {t: invoer.num(f"leefsituatie.problematische_schulden.{t}") for t in HOUSEHOLD_TYPES}
    jobless = {t: invoer.num(f"leefsituatie.geen_werk.{t}") for t in HOUSEHOLD_TYPES}
    nuisance = {t: invoer.num(f"leefsituatie.overlastgevend.{t}") for t in HOUSEHOLD_TYPES}
    d_shv = invoer.num("succes.schuldhulp")
    stable = sum(multi[t] * debts[t] for t in HOUSEHOLD_TYPES) * d_shv * effect
    ledger.add("B2", "huishoudens", stable * value("shv_financiele_baat_per_hh"), y0,
               lambda: (
                   f"{nl(stable, 1)} hh extra financieel stabiel (mv-hh met schulden x {pct(d_shv)} {effect_txt}) x "
               f"{euro(value('shv_financiele_baat_per_hh'))}"), src("shv_financiele_baat_per_hh"))
    d_work = invoer.num("succes.direct_naar_werk")
    # Elderly (65+) are past working age: their 'geen werk' share does not count here.
    workers = sum(multi[t] * jobless[t] for t in ("gezinnen", "overige")) * d_work * effect
    work_years = year_profile(K["werk_jaren"].value)
    ledger.add("B2", "wi", workers * value("uitkering_per_jaar"), work_years,
               lambda: (f"{nl(workers, 1)} personen aan het werk (mv-hh zonder werk, excl. ouderen, x {pct(d_work)} "
               f"{effect_txt}) x {euro(value('uitkering_per_jaar'))} uitkering per jaar, "
               f"{nl(K['werk_jaren'].value)} jaar"), src("uitkering_per_jaar"), src("werk_jaren"))
    # No income gain for the worker in B2: LPBL's published B2 equals the avoided benefits alone
    # (004 Bijlage V: 190.100 vs 4 persons x 16.800 over 3 years) and the worked example's budget for
    # households leaves no room for it (001 Bijlage 2); the seeds mention the gain only in words.
    d_school = invoer.num("succes.schooluitval")
    children = per_type["gezinnen"] * invoer.num("gemiddeld_aantal_kinderen")
    leaver_share = K["aandeel_kinderen_schoolverlater"].value
    qualifications = children * leaver_share * (-d_school) * effect
    ledger.add("B2", "onderwijs", qualifications * value("startkwalificatie_korte_termijn"), y0,
               lambda: (
                   f"{nl(qualifications, 2)} extra startkwalificaties ({nl(children, 0)} kinderen x "
                   f"{pct(leaver_share)} "
               f"schoolverlaters per jaar x {pct(-d_school)} minder uitval {effect_txt}) x "
               f"{euro(value('startkwalificatie_korte_termijn'))}"), src("aandeel_kinderen_schoolverlater"),
               src("startkwalificatie_korte_termijn"))
    d_consult = invoer.num("succes.consulten_eerste_lijn")
    ledger.add("B2", "zvw", H * (-d_consult) * effect * value("eerste_lijn_kosten_per_hh"), y0,
               lambda: (f"{nl(H)} hh x {pct(-d_consult)} minder consulten eerste lijn {effect_txt} x "
               f"{euro(value('eerste_lijn_kosten_per_hh'))} per hh"), src("eerste_lijn_kosten_per_hh"))
    d_referral = invoer.num("succes.doorverwijzing_tweede_lijn")
    ledger.add("B2", "zvw", H * (-d_referral) * effect * value("tweede_lijn_traject"), y0,
               lambda: (f"{nl(H)} hh x {pct(-d_referral)} minder doorverwijzingen tweede lijn {effect_txt} x "
               f"{euro(value('tweede_lijn_traject'))}"), src("tweede_lijn_traject"))

    # ---- B4 immaterial ----------------------------------------------------------------------------
    # The long-term value is an NCW at the seeds' own rate; booked in year 9 as the nominal amount
    # that has that NCW, so that another discounting rule values it consistently.
    ncw_rate = K["startkwalificatie_ncw_voet"].value
    long_profile = year_profile(1, LONG_TERM_YEAR) * (1 + ncw_rate) ** LONG_TERM_YEAR
    ledger.add("B4a", "huishoudens", qualifications * value("startkwalificatie_lange_termijn_ncw"), long_profile,
               lambda: (
                   f"{nl(qualifications, 2)} extra startkwalificaties x "
                   f"{euro(value('startkwalificatie_lange_termijn_ncw'))}"
               f" NCW lange termijn (jaar 9)"), src("startkwalificatie_lange_termijn_ncw"),
               src("startkwalificatie_ncw_voet"))
    qalys = (stable + workers) * K["qaly_per_hh"].value
    ledger.add("B4b", "huishoudens", qalys * value("qaly_waarde"), y0,
               lambda: (f"({nl(stable, 1)} hh financieel stabiel + {nl(workers, 1)} met zinvolle dagbesteding) x "
               f"{nl(K['qaly_per_hh'].value, 2)} QALY x {euro(value('qaly_waarde'))}"), src("qaly_per_hh"),
               src("qaly_waarde"))
    reduction = invoer.num("reductie_overlast")
    calmer = sum((multi[t] * reduction * effect + prevented_hh[t]) * nuisance[t] for t in HOUSEHOLD_TYPES)
    ledger.add("B4c", "buurt", calmer * value("overlast_waarde_per_hh"), y0,
               lambda: (f"{nl(calmer, 1)} hh minder overlast (overlastgevende mv-hh x {pct(reduction, 0)} reductie "
               f"{effect_txt} + voorkomen escalaties x aandeel overlastgevend) x "
               f"{euro(value('overlast_waarde_per_hh'))}"), src("overlast_waarde_per_hh"))

    index = kg.cpi_index()
    if index:
        used = {price_level, profile.price_year, *(tr.price_year for tr in kg.trajecten),
                *(s.price_year for s in K.values() if s.price_year is not None)}
        outside = sorted(y for y in used if not min(index) <= y <= max(index))
        if outside:
            warnings.append(f"Geen CPI voor {', '.join(map(str, outside))}: bedragen zijn omgerekend met de CPI van "
                            f"het dichtstbijzijnde jaar ({min(index)}-{max(index)}). Vul de CPI-tabel op het blad "
                            "KENGETALLEN aan.")
    rule = kg.discount_rules[str(invoer["disconteringsregel"])]
    factors = discount_factors(rule.rate, rule.long_term_rate)
    posts = tuple(p for p in ledger.posts if np.any(p.amounts != 0))
    meta = {
        "gemeente": invoer["gemeente"], "aanpak": invoer["aanpak"], "analysejaar": invoer["analysejaar"],
        "prijspeil": price_level, "disconteringsregel": rule.name, "discontovoet": rule.rate,
        "discontovoet_lange_termijn": rule.long_term_rate, "zorgprofiel": profile.name,
        "actorindeling": invoer["actorindeling"],
    }
    return Result(posts, factors, tuple(warnings), meta)


def _per_type_text(counts: dict[str, Any], q: Any) -> str:
    return "; ".join(f"{HOUSEHOLD_TYPE_LABELS[t].lower()} {nl(counts[t], 1)} x {nl(q[t], 2)}" for t in HOUSEHOLD_TYPES)


__all__ = ["LINES", "GROUPS", "Post", "Result", "compute", "year_profile", "discount_factors", "Traject"]
