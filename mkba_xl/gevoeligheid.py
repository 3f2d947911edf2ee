"""Sensitivity analysis: one assumption at a time, its effect on the saldo, and switching values.

Pure (no I/O): ``analyse(invoer, kengetallen)`` returns an ``Analysis`` with

* the standard variations of the seeds (000 Tabel 4.2, 002 5.2, 003 3.3), each changing only what
  it names, plus any variations users add on the GEVOELIGHEID sheet of their input workbook
  (read by ``gevoeligheid_sheet.read_user_variations``), sorted by their effect on the saldo;
* switching values (omslagwaarden): per key assumption the value at which the saldo, and the value
  at which the gemeente's budget saldo after two years, becomes zero.

Everything runs on the engine's vectorised path: all variations that share the choice fields
(discounting rule, profile, ...) are stacked into arrays of shape (N,), base first, and computed in
one call; all switching-value grids are computed in one call as well. ``docs/gevoeligheid.md``
gives every definition with its source.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from .engine.variants import (
    KENGETAL_PREFIX,
    base_number,
    base_value,
    is_kengetal,
    kengetal_key,
    run_stacked,
    scalar_only,
    with_values,
)
from .invoer import Invoer
from .kengetallen import Kengetallen, default_kengetallen
from .schema import CHOICE, DEEL_D_ROWS, EURO, HOUSEHOLD_TYPES, NUMBER, SHARE, SUCCESS_ITEMS, TEXT, WHOLE, fields_by_key

NOT_IN_RANGE = "niet binnen bereik"
FACTOR = "factor"
"""Unit of a switching value reported as a factor on the current values (several fields that differ)."""

KENGETAL_BOUNDS = (-1e9, 1e9)
"""What the KENGETALLEN sheet accepts for a value (schema column 'waarde')."""

TEAM_WAY_FIELDS = {1: ("team_fte", "aandeel_additioneel"), 2: ("fte_nulsituatie", "fte_extra")}

ESCALATION_SHARES = tuple(f"voorkomen_escalatie.{t}" for t in HOUSEHOLD_TYPES)
ESCALATION_COUNTS = ("voorkomen.huisuitzettingen", "voorkomen.uhp", "voorkomen.ots")
SUBSTITUTION = ("substitutie.nieuw", "substitutie.bestaand")
SUCCESS = tuple(f"succes.{name}" for name in SUCCESS_ITEMS)

GRID_POINTS = 33
"""Points per switching-value grid; a nonlinear bracket shrinks by this factor per refinement."""
REFINEMENTS = 8
ROOT_TOLERANCE = 0.5
"""Euro: a switching value whose saldo is further from zero is refined by bracketing."""


# ---------------------------------------------------------------------------------------------
# Variations
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One field of a variation: a new value, or a factor on the base value (not both)."""

    veld: str  # INVOER key or 'kengetal:<key>'
    waarde: Any = None
    factor: float | None = None

    def __post_init__(self) -> None:
        if (self.waarde is None) == (self.factor is None):
            raise ValueError(f"{self.veld}: give exactly one of waarde and factor")


@dataclass(frozen=True)
class Variation:
    """A named what-if: the fields it changes and where it comes from.

    ``omschrijving`` is what users read (Dutch); ``bron`` the seed section or the user's sheet row;
    ``cel`` the cell of a user variation (for messages).
    """

    omschrijving: str
    changes: tuple[Change, ...]
    bron: str = ""
    code: str = ""
    cel: str = ""
    kort: str = ""

    @property
    def velden(self) -> tuple[str, ...]:
        return tuple(c.veld for c in self.changes)

    @property
    def label(self) -> str:
        """Short text for the tornado chart: ``kort``, else the description up to its first bracket."""
        text = self.kort or self.omschrijving.split(" (")[0]
        return text if len(text) <= 60 else text[:59] + "…"

    def resolve(self, invoer: Invoer, kg: Kengetallen) -> tuple[dict[str, Any], list[str]]:
        """Absolute new values per target (factors applied, clipped to the allowed range) and Dutch notes."""
        values: dict[str, Any] = {}
        notes: list[str] = []
        for c in self.changes:
            v = c.waarde if c.waarde is not None else base_number(invoer, kg, c.veld) * float(c.factor)
            if not isinstance(v, str):
                lo, hi = bounds(c.veld)
                clipped = min(max(float(v), lo), hi)
                if not math.isclose(clipped, float(v), rel_tol=1e-12, abs_tol=1e-12):
                    notes.append(f"{self._where()}{label(c.veld)}: {show(float(v), kind(c.veld))} valt buiten het "
                                 f"toegestane bereik en is begrensd op {show(clipped, kind(c.veld))}.")
                v = clipped
            values[c.veld] = v
        return values, notes

    def apply(self, invoer: Invoer, kg: Kengetallen) -> tuple[Invoer, Kengetallen]:
        """The varied case on its own (scalar values): what one call of the engine would compute."""
        values, _ = self.resolve(invoer, kg)
        return with_values(invoer, kg, values)

    def _where(self) -> str:
        return f"{self.cel} ({self.omschrijving}): " if self.cel else f"{self.omschrijving}: "


def kind(target: str) -> str:
    """Field type of a target (schema words); kengetallen by their unit: SHARE, EURO or NUMBER."""
    if is_kengetal(target):
        scalar = default_kengetallen().scalars.get(kengetal_key(target))
        if scalar is None:
            return NUMBER
        return SHARE if scalar.unit == "aandeel" else EURO if scalar.unit.startswith("€") else NUMBER
    return fields_by_key()[target].type


def bounds(target: str) -> tuple[float, float]:
    """The range a target may take: the schema's min/max, or what the KENGETALLEN sheet accepts."""
    if is_kengetal(target):
        return KENGETAL_BOUNDS
    f = fields_by_key()[target]
    return (-math.inf if f.min is None else float(f.min), math.inf if f.max is None else float(f.max))


def label(target: str) -> str:
    if is_kengetal(target):
        scalar = default_kengetallen().scalars.get(kengetal_key(target))
        return f"kengetal {kengetal_key(target)}" + (f" ({scalar.description})" if scalar else "")
    return fields_by_key()[target].label


# ---------------------------------------------------------------------------------------------
# Dutch number texts
# ---------------------------------------------------------------------------------------------

def _nl(x: float, decimals: int = 2) -> str:
    """1234.5 -> '1.234,5': Dutch separators, trailing zeros dropped."""
    text = f"{x:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return "0" if text in ("-0", "") else text


def show(x: float, kind_: str) -> str:
    """A value as users read it: 48%, € 62.556, 3,6 or 'x 0,5'."""
    if kind_ == SHARE:
        return f"{_nl(x * 100, 2)}%"
    if kind_ == EURO:
        return f"€ {_nl(x, 0)}"
    if kind_ == FACTOR:
        return f"x {_nl(x, 3)}"
    if kind_ == WHOLE:
        return _nl(x, 2)
    return _nl(x, 2)


# ---------------------------------------------------------------------------------------------
# The standard set
# ---------------------------------------------------------------------------------------------

def standard_variations(invoer: Invoer, kg: Kengetallen) -> list[Variation]:
    """The seeds' variations for this base case; variations that would change nothing are left out.

    Definitions and sources: ``docs/gevoeligheid.md``. Values are absolute (computed from the base),
    so ``Variation.apply`` shows exactly what each one changes.
    """
    v: list[Variation] = []

    def num(key: str) -> float:
        return float(invoer.num(key))

    def add(code: str, text: str, source: str, changes: Mapping[str, Any]) -> None:
        changes = {k: (_clip(k, x) if not isinstance(x, str) else x) for k, x in changes.items()}
        if all(_same(base_value(invoer, kg, k), x) for k, x in changes.items()):
            return  # the base already is this variation
        v.append(Variation(text, tuple(Change(k, waarde=x) for k, x in changes.items()), source, code))

    way = invoer.team_way
    cost = num("kosten_per_fte")
    if cost > 0:
        add("teamkosten_-20", f"Teamkosten -20% (kosten per fte {show(cost, EURO)} → {show(0.8 * cost, EURO)})",
            "000 Tabel 4.2 (minder capaciteit: lagere kosten 20%)", {"kosten_per_fte": 0.8 * cost})

    if way == 2:
        fte0, extra = num("fte_nulsituatie"), num("fte_extra")
        if fte0 > 0:
            share = extra / (fte0 + extra)
            new_share = 0.30 if 0 < share < 0.30 - 1e-9 else min(share + 0.10, 0.95)
            new_extra = fte0 * new_share / (1 - new_share)
            add("meerkosten_30", f"Meerkosten {show(new_share, SHARE)} i.p.v. {show(share, SHARE)} van het team "
                f"(extra fte {_nl(extra, 1)} → {_nl(new_extra, 1)}; fte in 0-situatie gelijk)",
                "002 5.2 (efficiency: meerkosten 30 i.p.v. 20 procent)", {"fte_extra": new_extra})

    extra = {key: num(key) for key in _deel_d_extra(invoer)}
    if extra:  # deel D's extra column drives K3: halve (or drop) its counts instead of the newly found share
        add("nieuw_gevonden_0", "Geen extra ingezette trajecten (deel D, kolom extra ingezet, op 0)",
            "000 Tabel 4.2 (geen nieuw gevonden huishoudens)", dict.fromkeys(extra, 0.0))
        add("nieuw_gevonden_half", "Helft minder extra ingezette trajecten (deel D, kolom extra ingezet, x 0,5)",
            "002 5.2 (extra inzet halveert); 003 3.3 (daling nieuw gevonden huishoudens)",
            {key: x / 2 for key, x in extra.items()})
    found = num("nieuw_gevonden")
    if found > 0 and not extra:
        add("nieuw_gevonden_0", f"Geen nieuw gevonden huishoudens (i.p.v. {show(found, SHARE)})",
            "000 Tabel 4.2 (geen nieuw gevonden huishoudens)", {"nieuw_gevonden": 0.0})
        add("nieuw_gevonden_half", f"Helft minder nieuw gevonden huishoudens ({show(found, SHARE)} → "
            f"{show(found / 2, SHARE)})",
            "002 5.2 (extra inzet halveert); 003 3.3 (daling nieuw gevonden huishoudens)",
            {"nieuw_gevonden": found / 2})

    subst = {k: num(k) for k in SUBSTITUTION}
    if any(subst.values()):
        for code, factor, text in (("substitutie_half", 0.5, "Substitutie gehalveerd"),
                                   ("substitutie_dubbel", 2.0, "Substitutie verdubbeld")):
            new = {k: _clip(k, x * factor) for k, x in subst.items()}
            capped = any(not _same(new[k], x * factor) for k, x in subst.items())
            (n0, b0), (n1, b1) = ((subst[k], new[k]) for k in SUBSTITUTION)
            add(code, f"{text} (nieuwe cases {show(n0, SHARE)} → {show(b0, SHARE)}, bestaande {show(n1, SHARE)} → "
                f"{show(b1, SHARE)}{'; begrensd op 100%' if capped else ''})",
                "000 Tabel 4.2 (minder benutting eigen kracht); 002 5.2 (substitutie 10% → 30%)", new)

    escalation = {k: num(k) for k in (*ESCALATION_SHARES, *ESCALATION_COUNTS)}
    if any(escalation.values()):
        shares = [escalation[k] for k in ESCALATION_SHARES]
        has_counts = any(escalation[k] for k in ESCALATION_COUNTS)
        for code, factor, text, source in (
                ("escalatie_half", 0.5, "Voorkomen escalatie gehalveerd", "000 Tabel 4.2 (1,5% i.p.v. 3%)"),
                ("escalatie_plus50", 1.5, "Voorkomen escalatie +50%",
                 "002 5.2 (2% i.p.v. 1%); 003 3.3 (25% minder voorkomen escalaties)"),
                ("escalatie_0", 0.0, "Geen voorkomen escalatie", "002 4.3 en 5.2 (zonder voorkomen escalaties)")):
            parts = []
            if any(shares):
                after = _clip(ESCALATION_SHARES[0], shares[0] * factor)
                parts.append(f"{show(shares[0], SHARE)} → {show(after, SHARE)}" if len(set(shares)) == 1
                             else "alle typen huishoudens")
            if has_counts:
                parts.append("ook de voorkomen huisuitzettingen, uithuisplaatsingen en OTS")
            add(code, f"{text} ({'; '.join(parts)})", source, {k: x * factor for k, x in escalation.items() if x})

    relapse = base_number(invoer, kg, "terugval")  # an empty cell counts the kengetal terugval
    if 0 < relapse < 0.40 - 1e-9:
        add("terugval", f"Terugval 40% i.p.v. {show(relapse, SHARE)}",
            "003 3.3 (terugval 40% i.p.v. 30%); 000 Tabel 4.2 (40% terugval i.p.v. 20%)", {"terugval": 0.40})
    else:
        new = min(relapse + 0.10, 1.0)
        note = "; de invoer rekent zonder terugval" if relapse == 0 else ""
        add("terugval", f"Terugval {show(new, SHARE)} i.p.v. {show(relapse, SHARE)} (+10 procentpunt{note})",
            "003 3.3 (terugval 40% i.p.v. 30%); 000 Tabel 4.2 (40% terugval i.p.v. 20%)", {"terugval": new})

    success = {k: num(k) for k in SUCCESS}
    if any(success.values()):
        add("geen_effectiviteit", "Geen effectiviteitswinst (alle verbeteringen bij succes trajecten 0)",
            "000 Tabel 4.2 (loslaten generalistisch werken: geen effectiviteitswinst)",
            {k: 0.0 for k, x in success.items() if x})

    qaly = float(kg.value("qaly_waarde"))
    other = 20_000.0 if math.isclose(qaly, 50_000.0) else 50_000.0
    add("qaly_waarde", f"QALY-waarde {show(other, EURO)} i.p.v. {show(qaly, EURO)}",
        "001 4.3 noot 21 (ondergrens 20.000); 002 noot 19 (werkwijzer 2016: 50.000)",
        {KENGETAL_PREFIX + "qaly_waarde": other})

    current_rule = str(invoer["disconteringsregel"])
    for name, rule in kg.discount_rules.items():
        if name != current_rule:
            add(f"disconto_{name}", f"Disconteringsregel {name} ({_rate_text(rule)}) i.p.v. {current_rule} "
                f"({_rate_text(kg.discount_rules[current_rule])})",
                "KENGETALLEN, tabel Disconteringsregels", {"disconteringsregel": name})

    if way == 1:
        add("volledig_nieuw_voor_oud", "Volledig nieuw-voor-oud gefinancierd (0% additioneel, ook overige teamkosten)",
            "000 4.2 en Tabel 4.1 (financiering volgens het principe nieuw-voor-oud)",
            {"aandeel_additioneel": 0.0, "aandeel_additioneel_overig": 0.0})
        add("volledig_additioneel", "Volledig additioneel gefinancierd (100% additioneel, ook overige teamkosten)",
            "000 Tabel 3.7 en 4.1 (additionele financiering tegenover nieuw-voor-oud)",
            {"aandeel_additioneel": 1.0, "aandeel_additioneel_overig": 1.0})
    else:
        fte0, extra = num("fte_nulsituatie"), num("fte_extra")
        add("volledig_nieuw_voor_oud", f"Volledig nieuw-voor-oud gefinancierd (alle {_nl(fte0 + extra, 1)} fte in de "
            "0-situatie, geen meerkosten; ook overige teamkosten)",
            "000 4.2 en Tabel 4.1 (financiering volgens het principe nieuw-voor-oud)",
            {"fte_nulsituatie": fte0 + extra, "fte_extra": 0.0, "aandeel_additioneel_overig": 0.0})
        add("volledig_additioneel", f"Volledig additioneel gefinancierd (alle {_nl(fte0 + extra, 1)} fte extra, "
            "niets in de 0-situatie; ook overige teamkosten)",
            "000 Tabel 3.7 en 4.1 (additionele financiering tegenover nieuw-voor-oud)",
            {"fte_nulsituatie": 0.0, "fte_extra": fte0 + extra, "aandeel_additioneel_overig": 1.0})
    return v


def _deel_d_extra(invoer: Invoer) -> list[str]:
    """The filled cells of deel D's column 'extra ingezet' (when any is filled, it drives K3 instead of the
    newly found households)."""
    return [key for key in (f"deel_d.{row}.extra" for row in DEEL_D_ROWS) if invoer[key] is not None]


def _rate_text(rule: Any) -> str:
    text = show(rule.rate, SHARE)
    if not math.isclose(rule.rate, rule.long_term_rate):
        text += f"; jaar 9: {show(rule.long_term_rate, SHARE)}"
    return text


def _clip(target: str, x: float) -> float:
    lo, hi = bounds(target)
    return min(max(float(x), lo), hi)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    a = 0.0 if a is None else float(a)
    return math.isclose(a, float(b), rel_tol=1e-12, abs_tol=1e-12)


# ---------------------------------------------------------------------------------------------
# Stacked computation: many variants in one engine call
# ---------------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------
# Stacked computation: many variants in one engine call
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Figures:
    """The four figures this analysis reports, each of shape (N,), for one stacked engine call."""

    saldo: np.ndarray
    kb_financieel: np.ndarray
    kb_maatschappelijk: np.ndarray
    gemeente: np.ndarray
    slices: list[slice]


def _stacked(invoer: Invoer, kg: Kengetallen, blocks: Sequence[Mapping[str, Any]]) -> _Figures:
    run = run_stacked(invoer, kg, blocks)
    r = run.result
    return _Figures(r.saldo, r.kb_financieel, r.kb_maatschappelijk, r.budget("actor")["gemeente"]["saldo"],
                    run.slices)


# ---------------------------------------------------------------------------------------------
# Switching values
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Knob:
    """One key assumption as a single number ``p``: either one common value for its targets, or a
    factor on their base values (when several targets differ). ``display`` turns ``p`` into the
    value users see (for a factor on equal base values: that value times ``p``)."""

    key: str
    aanname: str
    targets: tuple[str, ...]
    base: tuple[float, ...]
    mode: str  # 'waarde' or FACTOR
    lo: float
    hi: float
    current: float
    unit: str  # kind of the displayed value (SHARE, EURO, NUMBER or FACTOR)
    display_scale: float = 1.0

    def values(self, p: Any) -> dict[str, Any]:
        if self.mode == FACTOR:
            return {t: b * np.asarray(p, dtype=float) for t, b in zip(self.targets, self.base)}
        return {t: np.asarray(p, dtype=float) for t in self.targets}

    def shown(self, p: float) -> float:
        return p * self.display_scale


def _value_knob(key: str, aanname: str, target: str, invoer: Invoer, kg: Kengetallen,
                lo: float | None = None, hi: float | None = None) -> Knob:
    base = base_value(invoer, kg, target)
    b = 0.0 if base is None else float(base)
    flo, fhi = bounds(target)
    return Knob(key, aanname, (target,), (b,), "waarde", flo if lo is None else lo, fhi if hi is None else hi, b,
                kind(target))


def _group_knob(key: str, aanname: str, targets: Iterable[str], primary: Sequence[str], invoer: Invoer,
                kg: Kengetallen) -> Knob | None:
    """A factor on the targets with a non-zero base; a common value for ``primary`` when all are zero."""
    base = {t: float(invoer.num(t)) for t in targets}
    nonzero = {t: b for t, b in base.items() if abs(b) > 1e-9}  # a denormal base would give infinite factors
    if not nonzero:
        if not primary:
            return None
        ranges = [bounds(t) for t in primary]
        lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
        return Knob(key, aanname, tuple(primary), tuple(0.0 for _ in primary), "waarde", lo, hi, 0.0,
                    kind(primary[0]))
    lo, hi = 0.0, math.inf  # a factor scales the stated effects down or up; it does not reverse them
    for t, b in nonzero.items():
        flo, fhi = bounds(t)
        a, c = sorted((flo / b, fhi / b))
        lo, hi = max(lo, a), min(hi, c)
    kinds = {kind(t) for t in nonzero}
    same = len(set(nonzero.values())) == 1 and len(kinds) == 1
    unit = kinds.pop() if same else FACTOR
    scale = next(iter(nonzero.values())) if same else 1.0
    return Knob(key, aanname, tuple(nonzero), tuple(nonzero.values()), FACTOR, lo, hi, 1.0, unit, scale)


def key_assumptions(invoer: Invoer, kg: Kengetallen) -> list[Knob]:
    """The assumptions that get a switching value (see docs/gevoeligheid.md)."""
    knobs = [
        _group_knob("voorkomen_escalatie", "Voorkomen escalatie (alle typen en aantallen, één factor)",
                    (*ESCALATION_SHARES, *ESCALATION_COUNTS), ESCALATION_SHARES, invoer, kg),
        _group_knob("substitutie", "Substitutie (nieuwe en bestaande cases, één factor)", SUBSTITUTION,
                    SUBSTITUTION, invoer, kg),
        _group_knob("effectiviteit", "Toename effectiviteit (alle succes trajecten, één factor)", SUCCESS,
                    (), invoer, kg),
        _value_knob("nieuw_gevonden", "Percentage nieuw gevonden huishoudens", "nieuw_gevonden", invoer, kg),
        _value_knob("kosten_per_fte", "Kosten per fte", "kosten_per_fte", invoer, kg),
        _value_knob("terugval", "Terugval (recidive)", "terugval", invoer, kg),
    ]
    if invoer.team_way == 1:
        knobs.append(_value_knob("aandeel_additioneel", "Percentage additionele kosten (fte)", "aandeel_additioneel",
                                 invoer, kg))
    else:
        knobs.append(_value_knob("fte_extra", "Extra fte nieuwe werkwijze (meerkosten)", "fte_extra", invoer, kg))
    knobs.append(_value_knob("qaly_waarde", "Waarde van een QALY (kengetal qaly_waarde)",
                             KENGETAL_PREFIX + "qaly_waarde", invoer, kg, lo=0.0, hi=KENGETAL_BOUNDS[1]))
    knobs = [k for k in knobs if k is not None]
    for k in knobs:  # unbounded ranges cannot be gridded; the schema bounds every field used here
        if not (math.isfinite(k.lo) and math.isfinite(k.hi)):
            raise ValueError(f"switching value of {k.key} needs a finite range")
    return knobs


@dataclass(frozen=True)
class SwitchingValue:
    """The value of one assumption at which the saldo (or the gemeente's 2-year saldo) is zero.

    Values are in the displayed unit (``eenheid``); None means no value in the allowed range gives
    zero. ``parameter_*`` hold the knob's own number (a factor for group assumptions).
    """

    sleutel: str
    aanname: str
    eenheid: str
    huidige_waarde: float
    bereik: tuple[float, float]
    saldo_0: float | None
    gemeente_0: float | None
    parameter_saldo_0: float | None
    parameter_gemeente_0: float | None
    methode: str

    def tekst(self, value: float | None) -> str:
        return NOT_IN_RANGE if value is None else show(value, self.eenheid)

    def to_json(self) -> dict[str, Any]:
        return {
            "sleutel": self.sleutel, "aanname": self.aanname, "eenheid": self.eenheid,
            "huidige_waarde": self.huidige_waarde, "bereik": {"min": self.bereik[0], "max": self.bereik[1]},
            "waarde_bij_saldo_0": self.saldo_0, "waarde_bij_gemeentesaldo_0": self.gemeente_0,
            "tekst": {"huidige_waarde": show(self.huidige_waarde, self.eenheid),
                      "waarde_bij_saldo_0": self.tekst(self.saldo_0),
                      "waarde_bij_gemeentesaldo_0": self.tekst(self.gemeente_0)},
            "methode": self.methode,
        }


def find_root(evaluate: Callable[[np.ndarray], np.ndarray], lo: float, hi: float, current: float,
              grid: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[float | None, str]:
    """The ``p`` in [lo, hi] with evaluate(p) = 0, nearest to ``current``; None if there is none.

    ``evaluate`` maps an array of parameter values to an array of results (one vectorised engine
    call). On a grid of ``GRID_POINTS`` points the function is tested for linearity: if linear,
    the root follows from two points (method 'lineair'); otherwise the sign change nearest to
    ``current`` is bracketed and the bracket is shrunk by evaluating a new grid inside it
    (``REFINEMENTS`` times, each a factor ``GRID_POINTS - 1``), ending with a secant step
    (method 'numeriek'). Example: for evaluate = p - 0.3 on [0, 1] the root is 0.3 (lineair).
    """
    xs, ys = grid if grid is not None else (np.linspace(lo, hi, GRID_POINTS), None)
    if ys is None:
        ys = np.asarray(evaluate(xs), dtype=float)
    scale = float(np.max(np.abs(ys))) + 1.0
    line = ys[0] + (ys[-1] - ys[0]) * (xs - xs[0]) / (xs[-1] - xs[0])
    if float(np.max(np.abs(ys - line))) <= 1e-9 * scale:
        span = ys[-1] - ys[0]
        if abs(span) <= 1e-12 * scale:
            return None, "lineair"
        root = xs[0] - ys[0] * (xs[-1] - xs[0]) / span
        tol = 1e-12 * (hi - lo)
        if root < lo - tol or root > hi + tol:
            return None, "lineair"
        return float(min(max(root, lo), hi)), "lineair"
    return _bracket(evaluate, xs, ys, current), "numeriek"


def _bracket(evaluate: Callable[[np.ndarray], np.ndarray], xs: np.ndarray, ys: np.ndarray,
             current: float) -> float | None:
    def nearest_change(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float, float, float] | None:
        exact = np.flatnonzero(ys == 0)
        changes = np.flatnonzero(np.sign(ys[:-1]) * np.sign(ys[1:]) < 0)
        candidates = [(abs(xs[i] - current), xs[i], xs[i], 0.0, 0.0) for i in exact]
        candidates += [(min(abs(xs[i] - current), abs(xs[i + 1] - current)), xs[i], xs[i + 1], ys[i], ys[i + 1])
                       for i in changes]
        if not candidates:
            return None
        return min(candidates)[1:]

    found = nearest_change(xs, ys)
    if found is None:
        return None
    a, b, ya, yb = found
    for _ in range(REFINEMENTS):
        if a == b:
            return float(a)
        inner = np.linspace(a, b, GRID_POINTS)
        values = np.asarray(evaluate(inner), dtype=float)
        found = nearest_change(inner, values)
        if found is None:  # rounding noise at the bracket's ends: keep the last bracket
            break
        a, b, ya, yb = found
    if a == b or ya == yb:
        return float(a)
    return float(a - ya * (b - a) / (yb - ya))


def switching_values(invoer: Invoer, kg: Kengetallen, knobs: Sequence[Knob] | None = None) -> list[SwitchingValue]:
    """Switching values of ``knobs`` (default: ``key_assumptions``): all grids in one engine call,
    all candidate roots checked in a second one; a candidate more than ``ROOT_TOLERANCE`` euro off
    zero (a nonlinear case that looked linear) is refined by bracketing."""
    knobs = list(key_assumptions(invoer, kg) if knobs is None else knobs)
    grids = [np.linspace(k.lo, k.hi, GRID_POINTS) for k in knobs]
    run = _stacked(invoer, kg, [k.values(g) for k, g in zip(knobs, grids)])

    def evaluator(knob: Knob, which: str) -> Callable[[np.ndarray], np.ndarray]:
        def evaluate(p: np.ndarray) -> np.ndarray:
            r = _stacked(invoer, kg, [knob.values(p)])
            return r.saldo if which == "saldo" else r.gemeente
        return evaluate

    found: list[dict[str, tuple[float | None, str]]] = []
    for knob, grid, s in zip(knobs, grids, run.slices):
        found.append({which: find_root(evaluator(knob, which), knob.lo, knob.hi, knob.current, (grid, ys[s]))
                      for which, ys in (("saldo", run.saldo), ("gemeente", run.gemeente))})

    # Check every candidate in one call; refine what is not close enough to zero.
    checks = [(i, which, root) for i, f in enumerate(found) for which, (root, _) in f.items() if root is not None]
    if checks:
        run = _stacked(invoer, kg, [knobs[i].values(np.array([root])) for i, _, root in checks])
        for (i, which, _root), s in zip(checks, run.slices):
            off = float((run.saldo if which == "saldo" else run.gemeente)[s][0])
            if abs(off) > ROOT_TOLERANCE:
                knob = knobs[i]
                evaluate = evaluator(knob, which)
                xs = np.linspace(knob.lo, knob.hi, GRID_POINTS)
                found[i][which] = (_bracket(evaluate, xs, evaluate(xs), knob.current), "numeriek")

    out = []
    for knob, f in zip(knobs, found):
        (p_saldo, m_saldo), (p_gem, m_gem) = f["saldo"], f["gemeente"]
        method = m_saldo if m_saldo == m_gem else f"{m_saldo}/{m_gem}"
        out.append(SwitchingValue(
            knob.key, knob.aanname, knob.unit, knob.shown(knob.current), (knob.shown(knob.lo), knob.shown(knob.hi)),
            None if p_saldo is None else knob.shown(p_saldo), None if p_gem is None else knob.shown(p_gem),
            p_saldo, p_gem, method))
    return out


# ---------------------------------------------------------------------------------------------
# The analysis
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """The result of one variation (or of the base case, with ``code`` 'basis')."""

    omschrijving: str
    kort: str
    code: str
    bron: str
    velden: tuple[str, ...]
    saldo: float
    verandering_saldo: float
    kb_financieel: float
    kb_maatschappelijk: float
    saldo_gemeente_2_jaar: float
    verandering_saldo_gemeente: float

    def to_json(self) -> dict[str, Any]:
        def f(x: float) -> float | None:
            return float(x) if math.isfinite(x) else None
        return {
            "omschrijving": self.omschrijving, "kort": self.kort, "code": self.code, "bron": self.bron,
            "velden": list(self.velden),
            "saldo": f(self.saldo), "verandering_saldo": f(self.verandering_saldo),
            "kb_financieel": f(self.kb_financieel), "kb_maatschappelijk": f(self.kb_maatschappelijk),
            "saldo_gemeente_2_jaar": f(self.saldo_gemeente_2_jaar),
            "verandering_saldo_gemeente": f(self.verandering_saldo_gemeente),
        }


@dataclass(frozen=True)
class Analysis:
    basis: Outcome
    variaties: tuple[Outcome, ...]  # sorted by |verandering_saldo|, largest first
    omslagwaarden: tuple[SwitchingValue, ...]
    meldingen: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types with Dutch keys (for ``mkba-xl gevoeligheid --json``)."""
        return {
            "meta": dict(self.meta),
            "basis": self.basis.to_json(),
            "variaties": [o.to_json() for o in self.variaties],
            "omslagwaarden": [s.to_json() for s in self.omslagwaarden],
            "meldingen": list(self.meldingen),
        }


def _check(variation: Variation, values: Mapping[str, Any], invoer: Invoer, kg: Kengetallen) -> str | None:
    """Why a variation cannot be computed on this base (Dutch), or None."""
    way = invoer.team_way
    other = TEAM_WAY_FIELDS[3 - way]
    where = variation._where()
    for target, value in values.items():
        if target in other:
            return (f"{where}het veld {target} hoort bij manier {3 - way} van de teamomvang, maar de invoer gebruikt "
                    f"manier {way}; deze variant is overgeslagen.")
        if not is_kengetal(target) and fields_by_key()[target].type == TEXT:
            return f"{where}het veld {target} is een tekst en verandert de uitkomst niet; deze variant is overgeslagen."
        if target == "disconteringsregel" and value not in kg.discount_rules:
            return f"{where}de disconteringsregel {value} staat niet op het blad KENGETALLEN; overgeslagen."
        if target == "zorgprofiel" and value not in kg.profiles:
            return f"{where}het zorgconsumptieprofiel {value} staat niet op het blad KENGETALLEN; overgeslagen."
        if is_kengetal(target) and kengetal_key(target) not in kg.scalars:
            return f"{where}het kengetal {kengetal_key(target)} bestaat niet; deze variant is overgeslagen."
        if not is_kengetal(target) and fields_by_key()[target].type == CHOICE and value not in \
                fields_by_key()[target].choices + tuple(kg.discount_rules) + tuple(kg.profiles):
            return f"{where}{value} is geen geldige keuze voor {target}; deze variant is overgeslagen."
    return None


def analyse(invoer: Invoer, kg: Kengetallen, variations: Sequence[Variation] | None = None, *,
            extra: Sequence[Variation] = (), omslagwaarden: bool = True) -> Analysis:
    """Compute every variation and (by default) the switching values of the key assumptions.

    ``variations`` None means the standard set (``standard_variations``); ``extra`` (for example the
    user's own variations) is added to it. Variations sharing the values of the scalar-only fields
    (discounting rule, profile, actor mapping, years, durations) are computed in one engine call,
    base first.
    """
    if any(isinstance(v, np.ndarray) for v in invoer.values.values()):
        raise ValueError("analyse needs one base case, not an invoer with arrays")
    chosen = [*(standard_variations(invoer, kg) if variations is None else variations), *extra]
    notes: list[str] = []
    groups: dict[tuple[tuple[str, Any], ...], list[tuple[int, dict[str, Any]]]] = {(): []}
    for i, variation in enumerate(chosen):
        values, clip_notes = variation.resolve(invoer, kg)
        why = _check(variation, values, invoer, kg)
        if why:
            notes.append(why)
            continue
        notes += clip_notes
        scalar_key = tuple(sorted((k, v) for k, v in values.items() if scalar_only(k)))
        groups.setdefault(scalar_key, []).append((i, {k: v for k, v in values.items() if not scalar_only(k)}))

    rows: dict[int, tuple[float, float, float, float]] = {}
    basis_row: tuple[float, float, float, float] | None = None
    for scalar_key, members in groups.items():
        group_invoer, group_kg = with_values(invoer, kg, dict(scalar_key))
        run = _stacked(group_invoer, group_kg, [{}] + [values for _, values in members])

        def row(s: slice, run: _Figures = run) -> tuple[float, float, float, float]:
            j = s.start
            return (float(run.saldo[j]), float(run.kb_financieel[j]), float(run.kb_maatschappelijk[j]),
                    float(run.gemeente[j]))

        if scalar_key == ():
            basis_row = row(run.slices[0])
        for (i, _), s in zip(members, run.slices[1:]):
            rows[i] = row(s)
    assert basis_row is not None
    b_saldo, b_kbf, b_kbm, b_gem = basis_row
    basis = Outcome("Basis (invoer zoals ingevuld)", "Basis", "basis", "", (), b_saldo, 0.0, b_kbf, b_kbm, b_gem, 0.0)
    outcomes = [
        Outcome(chosen[i].omschrijving, chosen[i].label, chosen[i].code, chosen[i].bron, chosen[i].velden, s,
                s - b_saldo, kf, km, g, g - b_gem)
        for i, (s, kf, km, g) in sorted(rows.items())
    ]
    outcomes.sort(key=lambda o: -abs(o.verandering_saldo))  # stable: equal impacts keep their order
    switching = tuple(switching_values(invoer, kg)) if omslagwaarden else ()
    meta = {"gemeente": invoer["gemeente"], "aanpak": invoer["aanpak"], "analysejaar": invoer["analysejaar"],
            "disconteringsregel": invoer["disconteringsregel"], "zorgprofiel": invoer["zorgprofiel"],
            "teamomvang_manier": invoer.team_way}
    return Analysis(basis, tuple(outcomes), switching, tuple(notes), MappingProxyType(meta))


def read_user_variations(path: Any, kengetallen: Kengetallen | None = None) -> Any:
    """The user's variations from the GEVOELIGHEID sheet; see ``gevoeligheid_sheet.read_user_variations``."""
    from .gevoeligheid_sheet import read_user_variations as read

    return read(path, kengetallen)


__all__ = [
    "Analysis", "Change", "KENGETAL_PREFIX", "Knob", "NOT_IN_RANGE", "Outcome", "SwitchingValue", "Variation",
    "analyse", "find_root", "key_assumptions", "read_user_variations", "standard_variations", "switching_values",
]
