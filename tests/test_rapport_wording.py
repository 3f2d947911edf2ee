"""The wording rules of the memo's samenvatting (mkba_xl/rapport/wording.py), one by one: never 'levert op' where the
saldo's sign depends on an assumption inside its plausible range."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mkba_xl.analyses.gevoeligheid import analyse
from mkba_xl.analyses.onzekerheid import analyse as uncertainty
from mkba_xl.analyses.onzekerheid_model import plan
from mkba_xl.analyses.onzekerheid_text import sentence
from mkba_xl.engine import compute
from mkba_xl.pipeline import read
from mkba_xl.rapport.facts import ASSUMPTIONS_CONDITION, Facts, Flip, Interval, Switch, gather
from mkba_xl.rapport.wording import NBSP, firmness, summary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def meta() -> Facts:
    """The facts of the worked example of the meta-analysis: P(saldo > 0) 83%, prevented escalation turns inside
    its plausible range."""
    wb = read(ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx")
    result = compute(wb.invoer, wb.kengetallen)
    assumptions = plan(None, wb.invoer, wb.kengetallen).assumptions
    u = uncertainty(wb.invoer, wb.kengetallen, None, draws=2000)
    return gather(result, wb.invoer, wb.kengetallen, analyse(wb.invoer, wb.kengetallen), u, assumptions, "abc")


def with_interval(f: Facts, low: float, high: float, p5: float, p95: float) -> Facts:
    p = (low + high) / 2
    interval = Interval(p5, 100.0, p95, 100.0, p, 0.004, low, high, int(p * 10_000), 10_000, 2014)
    return dataclasses.replace(f, interval=interval, interval_sentence=sentence(
        p5, 100.0, p95, 100.0, p, 0.004, low, high, interval.above, 10_000, condition=ASSUMPTIONS_CONDITION))


def escalation(current: float, value: float, plausible: tuple[float, float] | None) -> Switch:
    return Switch("voorkomen_escalatie", "Voorkomen escalatie", "aandeel", current, value, plausible)


def text(f: Facts) -> str:
    return " ".join(summary(f)).replace(NBSP, " ")


def test_a_robust_positive_saldo_levert_op(meta: Facts) -> None:
    f = with_interval(dataclasses.replace(meta, saldo=600_000.0, baten=1_052_100.0, tornado=(),
                                          switches=(escalation(0.03, 0.004, (0.015, 0.045)),)),
                      0.995, 1.0, 150_000.0, 900_000.0)
    firm = firmness(f)
    assert firm.robust and firm.positive and firm.word == "vrijwel zeker"
    words = text(f)
    assert "kost € 452.100 en levert € 1.052.100 aan baten op: een saldo van € 600.000" in words
    assert ("Het saldo blijft positief zolang voorkomen escalatie niet onder 0,4% komt (aannemelijk bereik: 1,5% tot "
            "4,5%).") in words
    assert "De uitkomst is daarmee robuust." in words
    assert "hangt af van" not in words


def test_a_sign_that_flips_inside_the_plausible_range_is_hedged(meta: Facts) -> None:
    firm = firmness(meta)
    assert not firm.robust and firm.positive
    assert [s.key for s in firm.inside] == ["voorkomen_escalatie", "effectiviteit"]
    words = text(meta)
    assert "levert" not in words and "opleveren" not in words
    assert "de baten worden geschat op € 597.700: een saldo van € 145.600" in words
    assert "hangt af van aannames die binnen hun aannemelijke bereik het teken van het saldo kunnen omkeren" in words
    assert ("Het saldo blijft positief zolang voorkomen escalatie niet onder 1,55% komt; dat ligt binnen het "
            "aannemelijke bereik (1,5% tot 4,5%).") in words
    assert "de kans op een positief saldo is" in words and "Een positief saldo is dus waarschijnlijk" in words
    assert "In de gevoeligheidsanalyse" not in words  # the inside switching values already say it
    assert words.endswith("De uitkomst is daarmee niet robuust: komt voorkomen escalatie binnen het aannemelijke "
                          "bereik onder 1,55%, dan wordt het saldo negatief.")


def test_the_monte_carlo_chance_alone_keeps_a_saldo_from_robust(meta: Facts) -> None:
    f = with_interval(dataclasses.replace(meta, switches=(escalation(0.03, 0.004, (0.015, 0.045)),), tornado=()),
                      0.70, 0.80, -20_000.0, 300_000.0)
    firm = firmness(f)
    assert firm.word == "waarschijnlijk" and not firm.inside and not firm.flips and not firm.robust
    assert "levert" not in text(f)
    assert text(f).endswith("niet robuust: een positief saldo is waarschijnlijk, maar niet zeer waarschijnlijk.")
    even = with_interval(f, 0.45, 0.55, -100_000.0, 100_000.0)
    assert text(even).endswith("Of het saldo positief of negatief uitvalt, is daarmee onzeker.")


def test_a_plausible_variation_that_turns_the_sign_keeps_it_from_robust(meta: Facts) -> None:
    flip = Flip("Voorkomen escalatie gehalveerd", -150_000.0, -4_600.0, "bron", "escalatie_half")
    choice = Flip("Disconteringsregel rijk_2015", -200_000.0, -50_000.0, "bron", "disconto_rijk_2015")
    base = dataclasses.replace(meta, switches=(), interval=None, interval_sentence="")
    assert firmness(dataclasses.replace(base, tornado=(choice,))).robust  # a choice, not an uncertain assumption
    f = dataclasses.replace(base, tornado=(flip, choice))
    assert not firmness(f).robust
    words = text(f)
    assert "In de gevoeligheidsanalyse wordt het saldo negatief bij: voorkomen escalatie gehalveerd (€ -4.600)." \
        in words
    assert "Geen van de onzekere aannames keert het teken van het saldo om, ook niet aan de rand" in words
    assert words.endswith("niet robuust: een variatie uit de LPBL-rapporten binnen het aannemelijke bereik maakt het "
                          "saldo negatief.")


def test_a_negative_saldo_that_stays_negative(meta: Facts) -> None:
    f = with_interval(dataclasses.replace(meta, saldo=-80_000.0, baten=372_100.0, tornado=(),
                                          switches=(escalation(0.03, 0.05, (0.015, 0.045)),)),
                      0.0, 0.05, -200_000.0, -10_000.0)
    firm = firmness(f)
    assert firm.robust and not firm.positive and firm.word == "zeer onwaarschijnlijk"
    words = text(f)
    assert "de baten worden geschat op € 372.100: een saldo van € -80.000. De kosten blijven hoger dan de baten" \
        in words
    assert "Het saldo wordt pas positief als voorkomen escalatie boven 5% komt (aannemelijk bereik: 1,5% tot 4,5%)." \
        in words
    assert "Dat de kosten hoger zijn dan de baten, is daarmee een robuuste uitkomst." in words
    assert "levert" not in words


def test_a_negative_saldo_that_may_turn_positive(meta: Facts) -> None:
    f = with_interval(dataclasses.replace(meta, saldo=-20_000.0, baten=432_100.0, tornado=(),
                                          switches=(escalation(0.03, 0.035, (0.015, 0.045)),)),
                      0.30, 0.36, -150_000.0, 90_000.0)
    assert not firmness(f).robust
    words = text(f)
    assert "dus minder baten dan kosten. Binnen het aannemelijke bereik van de aannames kan het saldo ook positief" \
        in words
    assert "wordt pas positief als voorkomen escalatie boven 3,5% komt; dat ligt binnen het aannemelijke bereik" \
        in words


def test_a_zero_saldo_is_never_robust(meta: Facts) -> None:
    f = dataclasses.replace(meta, saldo=0.0, switches=(), tornado=(), interval=None, interval_sentence="")
    assert not firmness(f).robust


def test_a_plural_assumption_and_an_amount_to_100_euro(meta: Facts) -> None:
    switch = Switch("kosten_per_fte", "Kosten per fte", "bedrag", 62_555.56, 105_628.94, (50_044.45, 75_066.67))
    f = dataclasses.replace(meta, switches=(switch,))
    assert ("zolang de kosten per fte niet boven € 105.600 komen (aannemelijk bereik: € 50.000 tot € 75.100)"
            in text(f))


def test_the_budget_is_named_as_the_way_computes_it(meta: Facts) -> None:
    words = summary(meta)[2].replace(NBSP, " ")
    assert words.startswith("In de begroting na twee jaar, zoals de LPBL-tool van 2014 die toont (de kasstromen van "
                            "de jaren 0 en 1, niet verdisconteerd)")
    assert "de huishoudens € 21.500 (waarvan € 16.500 immateriële baten, geen kasstroom)" in words
    ncw = dataclasses.replace(meta, budget_years=None)
    assert "(de netto contante waarde per partij)" in summary(ncw)[2]


def test_for_whom_names_the_actors_with_a_tenth_or_more(meta: Facts) -> None:
    f = dataclasses.replace(meta, benefit_shares=(("Gemeente", 0.7), ("HH", 0.2), ("Zorgverzekeraar", 0.09)),
                            cost_shares=(("Gemeente", 1.0),))
    words = summary(f)[1]
    assert "De baten komen vooral terecht bij de gemeente (70%) en de huishoudens (20%); de kosten liggen vooral bij " \
           "de gemeente (100%)." in words
    assert "zorgverzekeraar" not in words
    assert words.startswith("De grootste baten zijn voorkomen (escalatie)kosten")
