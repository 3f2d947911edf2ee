"""Sensitivity analysis: one assumption at a time, its effect on the saldo, and switching values.

Pure (no I/O): ``analyse(invoer, kengetallen)`` returns an ``Analysis`` with

* the standard variations of the LPBL reports (000 Tabel 4.2, 002 5.2, 003 3.3), each changing only what
  it names, plus any variations users add on the GEVOELIGHEID sheet of their input workbook
  (read by ``gevoeligheid_reader.read_user_variations``), sorted by their effect on the saldo;
* switching values (omslagwaarden, ``omslagwaarden.switching_values``): per key assumption the value
  at which the saldo, and the value at which the gemeente's budget saldo after two years, becomes zero.

What a variation is (``Change``, ``Variation``, the range and kind of a target) lives in ``variations``.

Everything runs on the engine's vectorised path: all variations that share the choice fields
(discounting rule, profile, ...) are stacked into arrays of shape (N,), base first, and computed in
one call; all switching-value grids are computed in one call as well. ``docs/gevoeligheid.md``
gives every definition with its source.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from ..dutch import rounded, show
from ..engine.variants import (
    KENGETAL_PREFIX,
    base_number,
    base_value,
    is_kengetal,
    kengetal_key,
    scalar_only,
    with_values,
)
from ..invoer import Invoer
from ..kengetallen import Kengetallen, choices_for
from ..references import readable
from ..schema import CHOICE, DEEL_D_ROWS, EURO, SHARE, TEXT, fields_by_key
from .omslagwaarden import Figures, SwitchingValue, stacked_figures, switching_values
from .variations import ESCALATION_COUNTS, ESCALATION_SHARES, SUBSTITUTION, SUCCESS, Change, Variation, bounds

TEAM_WAY_FIELDS = {1: ("team_fte", "aandeel_additioneel"), 2: ("fte_nulsituatie", "fte_extra")}


# ---------------------------------------------------------------------------------------------
# The standard set
# ---------------------------------------------------------------------------------------------

def standard_variations(invoer: Invoer, kg: Kengetallen) -> list[Variation]:
    """The LPBL reports' variations for this base case; variations that would change nothing are left out.

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
        v.append(Variation(text, tuple(Change(k, waarde=x) for k, x in changes.items()), readable(source), code))

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
                f"(extra fte {rounded(extra, 1)} → {rounded(new_extra, 1)}; fte in 0-situatie gelijk)",
                "002 5.2 (efficiency: meerkosten 30 i.p.v. 20 procent)", {"fte_extra": new_extra})

    extra_counts = {key: num(key) for key in _deel_d_extra(invoer)}
    if extra_counts:  # deel D's extra column drives K3: halve (or drop) its counts instead of the newly found share
        add("nieuw_gevonden_0", "Geen extra ingezette trajecten (deel D, kolom extra ingezet, op 0)",
            "000 Tabel 4.2 (geen nieuw gevonden huishoudens)", dict.fromkeys(extra_counts, 0.0))
        add("nieuw_gevonden_half", "Helft minder extra ingezette trajecten (deel D, kolom extra ingezet, x 0,5)",
            "002 5.2 (extra inzet halveert); 003 3.3 (daling nieuw gevonden huishoudens)",
            {key: x / 2 for key, x in extra_counts.items()})
    found = num("nieuw_gevonden")
    if found > 0 and not extra_counts:
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

    relapse = float(base_number(invoer, kg, "terugval"))  # an empty cell counts the kengetal terugval
    if 0 < relapse < 0.40 - 1e-9:
        add("terugval", f"Terugval 40% i.p.v. {show(relapse, SHARE)}",
            "003 3.3 (terugval 40% i.p.v. 30%); 000 Tabel 4.2 (40% terugval i.p.v. 20%)", {"terugval": 0.40})
    else:
        raised = min(relapse + 0.10, 1.0)
        note = "; de invoer rekent zonder terugval" if relapse == 0 else ""
        add("terugval", f"Terugval {show(raised, SHARE)} i.p.v. {show(relapse, SHARE)} (+10 procentpunt{note})",
            "003 3.3 (terugval 40% i.p.v. 30%); 000 Tabel 4.2 (40% terugval i.p.v. 20%)", {"terugval": raised})

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

    current_rule = invoer.discount_rule
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
        add("volledig_nieuw_voor_oud", f"Volledig nieuw-voor-oud gefinancierd (alle {rounded(fte0 + extra, 1)} fte "
            "in de 0-situatie, geen meerkosten; ook overige teamkosten)",
            "000 4.2 en Tabel 4.1 (financiering volgens het principe nieuw-voor-oud)",
            {"fte_nulsituatie": fte0 + extra, "fte_extra": 0.0, "aandeel_additioneel_overig": 0.0})
        add("volledig_additioneel", f"Volledig additioneel gefinancierd (alle {rounded(fte0 + extra, 1)} fte extra, "
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
        if not is_kengetal(target) and fields_by_key()[target].type == CHOICE and value not in choices_for(target, kg):
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
        run = stacked_figures(group_invoer, group_kg, [{}] + [values for _, values in members])

        def row(s: slice, run: Figures = run) -> tuple[float, float, float, float]:
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
            "disconteringsregel": invoer.discount_rule, "zorgprofiel": invoer["zorgprofiel"],
            "teamomvang_manier": invoer.team_way}
    return Analysis(basis, tuple(outcomes), switching, tuple(notes), MappingProxyType(meta))


__all__ = ["Analysis", "Outcome", "analyse", "standard_variations"]
