"""Which kengetallen a workbook changed from the shipped defaults: old and new value, and the user's source.

A memo must say where an analysis departs from the defaults that serve every case, so that a reader can
judge the departure by its source. Every table of the KENGETALLEN sheet is compared: the scalars (value
and price year), the zorgconsumptieprofielen (per type, severity and geldstroom; a profile the user added
as one row), the trajectory catalogue, the discount rules, the CPI and the actors of each geldstroom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .dutch import plain, show
from .kengetallen import Kengetallen, default_kengetallen, scalar_kind
from .schema import ACTOR_LABELS, DOMAIN_LABELS, EURO, NUMBER, PROFILE_DOMAINS, SHARE, table

__all__ = ["Changed", "changed_kengetallen"]

NEW = "(niet in de standaard)"
"""The old value of a row the user added."""


@dataclass(frozen=True)
class Changed:
    """One kengetal that differs from the default: where (table), what, old and new value as text, the source."""

    table: str
    what: str
    old: str
    new: str
    source: str


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


def _year(y: int | None) -> str:
    return "" if y is None else f" (prijsjaar {y})"


def changed_kengetallen(k: Kengetallen, defaults: Kengetallen | None = None) -> list[Changed]:
    """Every kengetal of ``k`` that differs from ``defaults`` (the shipped ones), in the sheet's order."""
    d = defaults or default_kengetallen()
    return [*_scalars(k, d), *_profiles(k, d), *_trajecten(k, d), *_discount(k, d), *_cpi(k, d), *_actors(k, d)]


def _scalars(k: Kengetallen, d: Kengetallen) -> list[Changed]:
    title = table("kengetallen").title
    out = []
    for key, s in k.scalars.items():
        old = d.scalars.get(key)
        if old is not None and _same(s.value, old.value) and s.price_year == old.price_year:
            continue
        kind = scalar_kind(key)
        out.append(Changed(title, s.description, NEW if old is None else show(old.value, kind) + _year(old.price_year),
                           show(s.value, kind) + _year(s.price_year), s.source))
    return out


def _profiles(k: Kengetallen, d: Kengetallen) -> list[Changed]:
    title = table("profielen").title
    out = []
    for name, p in k.profiles.items():
        old = d.profiles.get(name)
        if old is None:
            out.append(Changed(title, f"profiel {name}", NEW, f"eigen profiel, prijsjaar {p.price_year}", p.source))
            continue
        if p.price_year != old.price_year:
            out.append(Changed(title, f"profiel {name}: prijsjaar", str(old.price_year), str(p.price_year), p.source))
        for t, severities in p.values.items():
            for sev, domains in severities.items():
                for dom in PROFILE_DOMAINS:
                    a, b = old.values[t][sev][dom], domains[dom]
                    if not _same(a, b):
                        out.append(Changed(title, f"profiel {name}, {t}, {sev}, {DOMAIN_LABELS[dom]}",
                                           show(a, EURO), show(b, EURO), p.source))
    return out


def _trajecten(k: Kengetallen, d: Kengetallen) -> list[Changed]:
    title = table("trajecten").title
    defaults = {t.name: t for t in d.trajecten}
    out = []
    for t in k.trajecten:
        old = defaults.get(t.name)
        if old is None:
            out.append(Changed(title, t.name, NEW, f"{show(t.price, EURO)} per traject{_year(t.price_year)}", t.source))
            continue
        parts = (("prijs", show(old.price, EURO), show(t.price, EURO), _same(old.price, t.price)),
                 ("prijs top", show(old.price_heavy, EURO), show(t.price_heavy, EURO),
                  _same(old.price_heavy, t.price_heavy)),
                 ("prijsjaar", str(old.price_year), str(t.price_year), old.price_year == t.price_year),
                 ("geldstroom", DOMAIN_LABELS.get(old.domain, old.domain), DOMAIN_LABELS.get(t.domain, t.domain),
                  old.domain == t.domain),
                 ("substitueerbaar", _yes(old.substitutable), _yes(t.substitutable),
                  old.substitutable == t.substitutable),
                 ("meer op maat", _yes(old.op_maat), _yes(t.op_maat), old.op_maat == t.op_maat),
                 *((f"per huishouden, {h}", show(old.per_household[h], NUMBER), show(n, NUMBER),
                    _same(old.per_household[h], n)) for h, n in t.per_household.items()))
        out += [Changed(title, f"{t.name}: {what}", a, b, t.source) for what, a, b, same in parts if not same]
    return out


def _yes(flag: bool) -> str:
    return "ja" if flag else "nee"


def _discount(k: Kengetallen, d: Kengetallen) -> list[Changed]:
    title = table("disconto").title
    out = []
    for name, rule in k.discount_rules.items():
        old = d.discount_rules.get(name)
        text = f"{show(rule.rate, SHARE)}, jaar 9: {show(rule.long_term_rate, SHARE)}"
        if old is None:
            out.append(Changed(title, f"regel {name}", NEW, text, rule.source))
        elif not (_same(old.rate, rule.rate) and _same(old.long_term_rate, rule.long_term_rate)):
            out.append(Changed(title, f"regel {name}", f"{show(old.rate, SHARE)}, jaar 9: "
                               f"{show(old.long_term_rate, SHARE)}", text, rule.source))
    return out


def _cpi(k: Kengetallen, d: Kengetallen) -> list[Changed]:
    title = table("cpi").title
    out = []
    for year in sorted(set(k.cpi_changes) | set(d.cpi_changes)):
        new, old = k.cpi_changes.get(year), d.cpi_changes.get(year)
        if new is not None and old is not None and _same(new, old):
            continue
        out.append(Changed(title, f"jaar {plain(year)}", NEW if old is None else show(old, SHARE),
                           "(weggelaten)" if new is None else show(new, SHARE), k.cpi_source.get(year, "")))
    return out


def _actors(k: Kengetallen, d: Kengetallen) -> list[Changed]:
    title = table("actoren").title
    out = []
    for domain, a in k.actors.items():
        old = d.actors.get(domain)
        label = DOMAIN_LABELS.get(domain, domain)
        for what, new_actor, old_actor in (("na 2015", a.after_2015, old.after_2015 if old else None),
                                           ("vóór 2015", a.before_2015, old.before_2015 if old else None)):
            if new_actor != old_actor:
                out.append(Changed(title, f"{label}, actor {what}", NEW if old_actor is None else
                                   ACTOR_LABELS.get(old_actor, old_actor), ACTOR_LABELS.get(new_actor, new_actor),
                                   a.source))
    return out
