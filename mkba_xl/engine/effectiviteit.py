"""UITVOER B2 (Toename effectiviteit trajecten): more trajectories succeed when the team works integrally.

Per success item of INVOER C 2 (a change in percentage points):

* debt help: extra financially stable households x avoided collection costs (003 3.2.3 1a);
* work: extra people in work x the avoided benefit per year, for ``werk_jaren`` years (001 4.3,
  004 4.2). The worker's income gain is not booked here: LPBL's published B2 equals the avoided
  benefits alone (004 Bijlage V: 190.100 for 4 persons x 16.800 over 3 years);
* school: extra start qualifications x the short-term benefit (003 3.2.3 1c), on the households: the
  worked example's household budget is B4b plus this value (001 Bijlage 2: 29.163 = 24.000 + 5.163).
  In the 2019+ way the short-term value is part of B4a (``Rekenwijze.school_short_term_line``);
* first-line consultations and second-line referrals: all households x the change x their cost.
"""

from __future__ import annotations

from ..dutch import euro, percent
from ..dutch import number as nl
from .case import Book, Case
from .quantities import children, extra_qualifications, financially_stable, workers
from .timing import YEAR_0, year_profile


def book_effectiveness(case: Case, book: Book) -> None:
    invoer, value, src, fx = case.invoer, case.value, case.source, case.effect_text
    H = case.households

    stable, d_shv = financially_stable(case), invoer.num("succes.schuldhulp")
    book.add("B2", "huishoudens", stable * value("shv_financiele_baat_per_hh"), YEAR_0,
             lambda: f"{nl(stable, 1)} hh extra financieel stabiel (mv-hh met schulden x {percent(d_shv)} {fx}) x "
                     f"{euro(value('shv_financiele_baat_per_hh'))}", src("shv_financiele_baat_per_hh"))

    people, d_work = workers(case), invoer.num("succes.direct_naar_werk")
    years = case.raw("werk_jaren")
    book.add("B2", "wi", people * value("uitkering_per_jaar"), year_profile(years),
             lambda: f"{nl(people, 1)} personen aan het werk (mv-hh zonder werk, excl. ouderen, x {percent(d_work)} "
                     f"{fx}) x {euro(value('uitkering_per_jaar'))} uitkering per jaar, {nl(years)} jaar",
             src("uitkering_per_jaar"), src("werk_jaren"))

    book_school_short_term(case, book)

    d_consult = invoer.num("succes.consulten_eerste_lijn")
    book.add("B2", "zvw", H * (-d_consult) * case.effect * value("eerste_lijn_kosten_per_hh"), YEAR_0,
             lambda: f"{nl(H)} hh x {percent(-d_consult)} minder consulten eerste lijn {fx} x "
                     f"{euro(value('eerste_lijn_kosten_per_hh'))} per hh", src("eerste_lijn_kosten_per_hh"))
    d_referral = invoer.num("succes.doorverwijzing_tweede_lijn")
    book.add("B2", "zvw", H * (-d_referral) * case.effect * value("tweede_lijn_traject"), YEAR_0,
             lambda: f"{nl(H)} hh x {percent(-d_referral)} minder doorverwijzingen tweede lijn {fx} x "
                     f"{euro(value('tweede_lijn_traject'))}", src("tweede_lijn_traject"))


def book_school_short_term(case: Case, book: Book) -> None:
    """The short-term value of the extra start qualifications, on the line the way books it on (B2 or B4a)."""
    value, src = case.value, case.source
    qualifications, d_school = extra_qualifications(case), case.invoer.num("succes.schooluitval")
    leaver_share = case.raw("aandeel_kinderen_schoolverlater")
    book.add(case.way.school_short_term_line, "huishoudens", qualifications * value("startkwalificatie_korte_termijn"),
             YEAR_0,
             lambda: f"{nl(qualifications, 2)} extra startkwalificaties ({nl(children(case), 0)} kinderen x "
                     f"{percent(leaver_share)} schoolverlaters per jaar x {percent(-d_school)} minder uitval "
                     f"{case.attribution_text}) x {euro(value('startkwalificatie_korte_termijn'))} korte termijn",
             src("aandeel_kinderen_schoolverlater"), src("startkwalificatie_korte_termijn"))
