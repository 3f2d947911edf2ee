"""The samenvatting of the memo: explicit wording rules, never more certain than the numbers allow.

The rules (docs/rapport.md lists them with examples; tests/test_rapport_wording.py tests each):

1. **How firm** (``firmness``). The saldo is *robust* when it is not zero and none of these holds:
   a switching value of an assumption lies inside the assumption's plausible range (the uncertainty
   analysis' range: the LPBL reports' own variations or the user's ONZEKERHEID row); a standard variation
   that stays inside those ranges (``PLAUSIBLE_VARIATIONS``) gives the saldo the other sign; the Monte
   Carlo P(saldo > 0) does not earn 'zeer waarschijnlijk' (or, for a negative saldo, 'zeer onwaarschijnlijk')
   on the likelihood scale of ``onzekerheid_text`` (its whole 95% Wilson interval at or above 90%).
2. **The verb.** Only a robust positive saldo "levert ... op"; otherwise the benefits "worden geschat op"
   and the sentence says that the sign depends on assumptions inside their plausible range.
3. **Amounts and ratios** are shown as LPBL published them: to € 100 and to 0,05.
4. **For whom**: the actors with at least 10% of the NCW of the benefits (and of the costs), largest first,
   at most three; the largest benefits named are the two largest lines but 'nieuw voor oud', which only returns
   the cost of the old tasks.
5. **The budget** is named as the way computes it (``Rekenwijze.budget_text``): cash flows of years 0 and 1
   (2014) or the NCW per actor (2019); immaterial benefits are named apart, as no cash.
6. **Switching values**: 'het saldo blijft positief zolang X niet onder/boven Y komt' (a negative saldo:
   'wordt pas positief als X boven/onder Y komt'), those inside their plausible range first, at most two;
   the variations that turn the saldo's sign are named only when no switching value lies inside its range
   (otherwise they say the same).
7. **The Monte Carlo sentence** is ``onzekerheid_text.sentence``: its rounding and words, not a second set.
8. **The conclusion** names the first reason a saldo is not robust: the switching value inside its range, then a
   variation, then the chance ('een positief saldo is waarschijnlijk, maar niet zeer waarschijnlijk').
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..analyses.onzekerheid_text import likelihood
from ..dutch import FACTOR, euro, number, rounded, show
from ..engine import round_amount, round_ratio
from ..schema import EURO, SHARE
from .facts import ActorBudget, Facts, Flip, Switch

__all__ = ["FIRM", "NAMES", "NBSP", "PLAUSIBLE_VARIATIONS", "Firmness", "firmness", "money", "ratio_text", "summary",
           "value_text"]

FIRM = {True: ("vrijwel zeker", "zeer waarschijnlijk"), False: ("vrijwel uitgesloten", "zeer onwaarschijnlijk")}
"""The likelihood words (``onzekerheid_text.LIKELIHOOD``) that let a positive (True) or negative saldo be robust."""
PLAUSIBLE_VARIATIONS = frozenset({"teamkosten_-20", "nieuw_gevonden_half", "substitutie_half", "substitutie_dubbel",
                                  "escalatie_half", "escalatie_plus50", "terugval", "geen_effectiviteit",
                                  "qaly_waarde"})
"""The standard variations (``gevoeligheid.standard_variations``) inside the standard ranges of the uncertainty
analysis. The others are choices (the discount rule, the financing, the extra fte) or go beyond the ranges (no
prevented escalation at all, no newly found households)."""
PLURAL = frozenset({"kosten_per_fte"})
"""The names of ``NAMES`` that take a plural verb ('de kosten per fte komen')."""
NAMES = {"voorkomen_escalatie": "voorkomen escalatie", "substitutie": "de substitutie",
         "effectiviteit": "de toename van de effectiviteit", "nieuw_gevonden": "het percentage nieuw gevonden "
         "huishoudens", "kosten_per_fte": "de kosten per fte", "terugval": "de terugval",
         "aandeel_additioneel": "het percentage additionele kosten", "fte_extra": "het aantal extra fte",
         "qaly_waarde": "de waarde van een gezond levensjaar (QALY)"}
"""How the samenvatting names the assumption of a switching value (``omslagwaarden.key_assumptions``)."""
ACTOR_PROSE = {"Gemeente": "de gemeente", "Zorgverzekeraar": "de zorgverzekeraar", "HH": "de huishoudens",
               "Overige partijen": "overige partijen"}
NIEUW_VOOR_OUD = ("B1a",)
"""The line that returns the costs of the old tasks (K1a): left out of 'the largest benefits'."""
SHARE_FLOOR = 0.10
MOST = 3
MOST_SWITCHES = 2


NBSP = "\u00a0"
"""Between '€' and its amount, so that a line never breaks inside an amount."""


def money(x: float) -> str:
    """An amount as LPBL published it: to € 100 ('€ 140.500', '€ -65.000'), the sign and number kept together."""
    return euro(round_amount(x)).replace(" ", NBSP)


def ratio_text(x: float) -> str:
    """A K-B ratio as LPBL published it, to 0,05 ('1,30'); '-' without costs."""
    return number(round_ratio(x), 2) if math.isfinite(x) else "-"


@dataclass(frozen=True)
class Firmness:
    """Rule 1: whether the saldo's sign is robust, and what makes it not."""

    positive: bool
    robust: bool
    inside: tuple[Switch, ...]
    flips: tuple[Flip, ...]
    word: str | None


def firmness(f: Facts) -> Firmness:
    """Rule 1 (module doc)."""
    positive = f.saldo > 0
    inside = tuple(s for s in f.switches if s.inside)
    flips = tuple(v for v in f.flips if v.code in PLAUSIBLE_VARIATIONS)
    word = likelihood(f.interval.low, f.interval.high) if f.interval is not None else None
    sure = f.interval is None or word in FIRM[positive]
    return Firmness(positive, f.saldo != 0 and not inside and not flips and sure, inside, flips, word)


def summary(f: Facts) -> list[str]:
    """The samenvatting: what it costs and yields, for whom, the budget, and how firm (module doc)."""
    firm = firmness(f)
    return [_costs_and_benefits(f, firm), _for_whom(f), _budget(f), _how_firm(f, firm)]


def _costs_and_benefits(f: Facts, firm: Firmness) -> str:
    """Rules 2 and 3."""
    who = f"Eén jaar {f.aanpak} in {f.gemeente} ({number(f.huishoudens)} huishoudens) kost {money(f.kosten)}"
    if firm.robust and firm.positive:
        first = (f"{who} en levert {money(f.baten)} aan baten op: een saldo van {money(f.saldo)}. De baten zijn "
                 "hoger dan de kosten, ook als de belangrijkste aannames binnen hun aannemelijke bereik tegenvallen.")
    elif firm.robust:
        first = (f"{who}; de baten worden geschat op {money(f.baten)}: een saldo van {money(f.saldo)}. De kosten "
                 "blijven hoger dan de baten, ook als de belangrijkste aannames binnen hun aannemelijke bereik "
                 "meevallen.")
    elif firm.positive:
        first = (f"{who}; de baten worden geschat op {money(f.baten)}: een saldo van {money(f.saldo)}. Of de baten "
                 "echt hoger zijn dan de kosten, hangt af van aannames die binnen hun aannemelijke bereik het teken "
                 "van het saldo kunnen omkeren (zie hieronder).")
    else:
        first = (f"{who}; de baten worden geschat op {money(f.baten)}: een saldo van {money(f.saldo)}, dus minder "
                 "baten dan kosten. Binnen het aannemelijke bereik van de aannames kan het saldo ook positief "
                 "uitvallen (zie hieronder).")
    ratios = (f"Tegenover elke euro kosten staat {_ratio_euro(f.kb_maatschappelijk)} aan maatschappelijke baten "
              f"(maatschappelijke K-B-verhouding {ratio_text(f.kb_maatschappelijk)}); zonder de immateriële baten "
              f"({money(f.immaterieel)}: kwaliteit van leven, kansen van kinderen, minder overlast), die geen geld "
              f"in kas brengen, is dat {_ratio_euro(f.kb_financieel)} (financiële K-B-verhouding "
              f"{ratio_text(f.kb_financieel)}).")
    units = (f"Alle bedragen zijn netto contante waarden in prijzen van {f.prijspeil}: wat in latere jaren gebeurt, "
             "telt mee, omgerekend naar vandaag.")
    return " ".join((first, ratios, units))


def _ratio_euro(x: float) -> str:
    return f"€ {ratio_text(x)}" if math.isfinite(x) else "geen bedrag (er zijn geen kosten)"


def _listed(items: Sequence[str]) -> str:
    return ", ".join(items[:-1]) + " en " + items[-1] if len(items) > 1 else (items[0] if items else "")


def _for_whom(f: Facts) -> str:
    """Rule 4, and where the largest benefits come from."""
    def whom(shares: Sequence[tuple[str, float]]) -> str:
        big = [(a, s) for a, s in shares if s >= SHARE_FLOOR][:MOST]
        return _listed([f"{ACTOR_PROSE.get(a, a)} ({number(s * 100)}%)" for a, s in big])

    # 'Nieuw voor oud' only returns the costs of the old tasks: not what the approach yields
    parts = sorted((p for p in f.benefit_parts if p.amount > 0 and p.lines != NIEUW_VOOR_OUD),
                   key=lambda p: -p.amount)[:2]
    sources = _listed([f"{_lower(p.label.split(' ', 1)[1])} ({money(p.amount)})" for p in parts])
    text = f"De grootste baten zijn {sources}. " if sources else ""
    benefits, costs = whom(f.benefit_shares), whom(f.cost_shares)
    if benefits:
        text += f"De baten komen vooral terecht bij {benefits}"
        text += f"; de kosten liggen vooral bij {costs}." if costs else "."
    return text.strip()


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _budget(f: Facts) -> str:
    """Rule 5."""
    def actor(b: ActorBudget) -> str:
        text = f"{ACTOR_PROSE.get(b.label, b.label)} {money(b.saldo)}"
        return text + (f" (waarvan {money(b.immaterieel)} immateriële baten, geen kasstroom)" if
                       round_amount(b.immaterieel) != 0 else "")

    shown = [actor(b) for b in f.actors if round_amount(b.kosten) != 0 or round_amount(b.baten) != 0]
    if f.budget_years is not None:
        years = " en ".join(map(str, range(f.budget_years))) if f.budget_years <= 2 else \
            f"0 tot en met {f.budget_years - 1}"
        head = (f"In de begroting na twee jaar, zoals de LPBL-tool van 2014 die toont (de kasstromen van de jaren "
                f"{years}, niet verdisconteerd), is het saldo per partij: ")
    else:
        head = ("In de begroting na twee jaar, zoals de LPBL-tool vanaf 2019 die toont (de netto contante waarde per "
                "partij), is het saldo per partij: ")
    return head + _listed(shown) + "."


def _switch_text(s: Switch, positive: bool) -> str:
    """Rule 6 for one switching value."""
    name = NAMES.get(s.key, s.key)
    value = value_text(s.value, s.unit)
    verb = "komen" if s.key in PLURAL else "komt"
    if positive:
        text = f"het saldo blijft positief zolang {name} niet {'onder' if s.below else 'boven'} {value} {verb}"
    else:
        text = f"het saldo wordt pas positief als {name} {'onder' if s.below else 'boven'} {value} {verb}"
    if s.plausible is not None:
        lo, hi = (value_text(x, s.unit, bare=True) for x in s.plausible)
        span = f"{lo} tot {hi}" + (" van de ingevulde waarde" if s.unit == FACTOR else "")
        text += (f"; dat ligt binnen het aannemelijke bereik ({span})" if s.inside else
                 f" (aannemelijk bereik: {span})")
    return text


def value_text(x: float, unit: str, *, bare: bool = False) -> str:
    """A switching value or a bound as the samenvatting shows it: a factor as a percentage of what was filled in,
    an amount to € 100."""
    if unit == FACTOR:
        return f"{number(x * 100)}%" + ("" if bare else " van de ingevulde waarde")
    if unit == SHARE:
        return f"{rounded(x * 100, 1 if abs(x) >= 0.1 else 2)}%"
    return money(x) if unit == EURO else show(x, unit)


def _how_firm(f: Facts, firm: Firmness) -> str:
    """Rules 1, 6 and 7."""
    ranked = sorted((s for s in f.switches if s.plausible is not None),
                    key=lambda s: (not s.inside, abs(s.value - s.current) / (abs(s.current) or 1.0)))[:MOST_SWITCHES]
    sentences = [_capital(_switch_text(s, firm.positive)) + "." for s in ranked]
    if not ranked:
        sentences.append("Geen van de onzekere aannames keert het teken van het saldo om, ook niet aan de rand van het "
                         "bereik dat het model toestaat.")
    if firm.flips and not firm.inside:  # an inside switching value already says what the flips show
        sign = "negatief" if firm.positive else "positief"
        sentences.append(f"In de gevoeligheidsanalyse wordt het saldo {sign} bij: "
                         + _listed([f"{v.label.lower()} ({money(v.saldo)})" for v in firm.flips]) + ".")
    if f.interval is not None and f.interval_sentence:
        sentences.append(f"Als alle onzekere aannames tegelijk variëren ({number(f.interval.draws)} trekkingen): "
                         f"{_lower(f.interval_sentence)}")
    sentences.append(_verdict(firm))
    return " ".join(sentences)


def _verdict(firm: Firmness) -> str:
    """Rule 1's conclusion, with its first reason: an assumption inside its range, a variation, or the chance."""
    if firm.robust:
        return ("De uitkomst is daarmee robuust." if firm.positive else
                "Dat de kosten hoger zijn dan de baten, is daarmee een robuuste uitkomst.")
    sign = "negatief" if firm.positive else "positief"
    if firm.inside:
        s = firm.inside[0]
        side = "onder" if s.below else "boven"
        verb = "komen" if s.key in PLURAL else "komt"
        return (f"De uitkomst is daarmee niet robuust: {verb} {NAMES.get(s.key, s.key)} binnen het aannemelijke "
                f"bereik {side} {value_text(s.value, s.unit)}, dan wordt het saldo {sign}.")
    if firm.flips:
        return (f"De uitkomst is daarmee niet robuust: een variatie uit de LPBL-rapporten binnen het aannemelijke "
                f"bereik maakt het saldo {sign}.")
    if firm.word is None:
        return "Of het saldo positief of negatief uitvalt, is daarmee onzeker."
    return (f"De uitkomst is daarmee niet robuust: een {'positief' if firm.positive else 'negatief'} saldo is "
            f"{firm.word if firm.positive else _mirror(firm.word)}, maar niet zeer waarschijnlijk.")


def _mirror(word: str) -> str:
    """The likelihood of a negative saldo from the word for a positive one ('onwaarschijnlijk' -> 'waarschijnlijk')."""
    return {"onwaarschijnlijk": "waarschijnlijk", "zeer onwaarschijnlijk": "zeer waarschijnlijk",
            "vrijwel uitgesloten": "vrijwel zeker"}.get(word, word)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
