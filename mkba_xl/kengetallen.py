"""Default key figures (kengetallen) with their sources, and the typed object the engine uses.

One set of defaults serves every analysis. A case differs from another only by its INVOER and
by the values its users overwrite on the KENGETALLEN sheet. Every value names its source: a
report and section, or 'aanname' with the reason; a value taken from one report's own totals says
so and is listed in ``DERIVED_FROM_CASE``.

Sources are written compactly, by report number and place: 000 = MKBA Frontlijnteam Leeuwarden (2012),
001 = Meta-analyse MKBA's sociale (wijk)teams (2014), 002 = Evaluatie WIJ-teams Groningen (2019), 003 =
MKBA OZO Arnhem (2014), 004 = Onderbouwing beleidsplan West Betuwe (2021). ``default_kengetallen`` gives
them as users read them (``references.readable``: "LPBL (2014), Meta-analyse ..., tabel 4.5").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from types import MappingProxyType

from .references import readable
from .schema import ACTOR_CHOICES, EURO, HOUSEHOLD_TYPES, NUMBER, PROFILE_DOMAINS, SEVERITIES, SHARE, fields_by_key


@dataclass(frozen=True)
class Scalar:
    key: str
    description: str
    value: float
    unit: str
    price_year: int | None
    source: str


@dataclass(frozen=True)
class Traject:
    """One trajectory of the catalogue: the 'licht' price for households below the top, the 'zwaar' price
    for top households (000 Bijlage 2), and the number per household of the doelgroep (mv_nzr)."""

    name: str
    domain: str
    price: float
    price_heavy: float
    price_year: int
    substitutable: bool
    op_maat: bool
    per_household: Mapping[str, float]  # household type -> trajectories per mv_nzr household per year
    source: str


@dataclass(frozen=True)
class Profile:
    """Zorgconsumptieprofiel: € per household per year, indexed [type][severity][domain]."""

    name: str
    values: Mapping[str, Mapping[str, Mapping[str, float]]]
    price_year: int
    source: str


@dataclass(frozen=True)
class DiscountRule:
    name: str
    rate: float
    long_term_rate: float
    source: str


@dataclass(frozen=True)
class ActorMapping:
    domain: str
    after_2015: str
    before_2015: str
    source: str


@dataclass(frozen=True)
class Kengetallen:
    """Everything the engine needs besides INVOER. Immutable; build variants with ``replace``."""

    scalars: Mapping[str, Scalar]
    profiles: Mapping[str, Profile]
    trajecten: tuple[Traject, ...]
    discount_rules: Mapping[str, DiscountRule]
    cpi_changes: Mapping[int, float]  # year -> CPI year-on-year change (0.025 = 2.5%)
    cpi_source: Mapping[int, str]
    actors: Mapping[str, ActorMapping]

    def value(self, key: str) -> float:
        return self.scalars[key].value

    def actor_of(self, domain: str, indeling: str) -> str:
        """The actor that pays or profits for ``domain`` under the actor mapping ``indeling``.

        ``indeling`` names a column of the actors table (``na_2015`` or ``voor_2015``); any other name
        is an error rather than a silent fallback to one of them.
        """
        mapping = self.actors[domain]
        columns = dict(zip(ACTOR_CHOICES, (mapping.after_2015, mapping.before_2015)))
        if indeling not in columns:
            raise ValueError(f"unknown actorindeling {indeling!r}; known: {', '.join(columns)}")
        return columns[indeling]

    def cpi_index(self) -> dict[int, float]:
        return self._cpi_index

    @cached_property
    def _cpi_index(self) -> dict[int, float]:
        """Chain the yearly changes into an index (first year = 100) for price conversion."""
        years = sorted(self.cpi_changes)
        index: dict[int, float] = {}
        if not years:
            return index
        level = 100.0
        index[years[0]] = level
        for prev, year in zip(years, years[1:]):
            if year != prev + 1:
                break  # a gap: later years cannot be chained reliably
            level *= 1.0 + self.cpi_changes[year]
            index[year] = level
        return index

    def price_factor(self, from_year: int | None, to_year: int) -> float:
        """Factor that converts an amount in prices of ``from_year`` to prices of ``to_year``.

        Years outside the CPI table are clamped to its nearest year (the reader warns about it).
        """
        if from_year is None or from_year == to_year:
            return 1.0
        index = self.cpi_index()
        if not index:
            return 1.0
        lo, hi = min(index), max(index)
        a = index[min(max(from_year, lo), hi)]
        b = index[min(max(to_year, lo), hi)]
        return b / a


# ---------------------------------------------------------------------------------------------
# Defaults
# ---------------------------------------------------------------------------------------------

_S = Scalar
_SCALARS: tuple[Scalar, ...] = (
    _S("productieve_uren_per_fte", "Productieve uren per fte per jaar", 1200, "uren", None,
       "001 Bijlage 2 (600 hh x 2 uur = 150 x 8 = 75 x 16 = 1.200); 002 4.2 ('1.200 aan productieve uren per fte')"),
    _S("afschrijving_eenmalig_jaren", "Eenmalige kosten verdeeld over (jaren)", 4, "jaar", None,
       "001 Bijlage 2: overige eenmalige kosten 100.000 staan in de uitvoer als 25.000"),
    _S("coordinatie_uren_per_traject", "Besparing afstemming en coördinatie per traject", 0.5, "uur", None,
       "000 3.1.3 1c ('een half uur per interventie'); in de tool onder 1a (001 4.3: 'inclusief een kleine "
       "baat door minder coördinatiekosten')"),
    _S("shv_basis_succes", "Basissucces schuldhulpverlening (financieel stabiel na 6 maanden)", 0.45, "aandeel", None,
       "003 3.2.3 1a en 000 3.1.3 2a (Hiemstra en de Vries); gebruikt als controle: basis + verandering <= 100%"),
    _S("shv_financiele_baat_per_hh", "Financiële baat per extra financieel stabiel huishouden (voorkomen "
       "incassokosten)", 600, "€ per hh", 2012, "003 3.2.3 1a: ca. 40.000 voor 67 huishoudens"),
    _S("qaly_per_hh", "Gewonnen gezonde levensjaren (QALY) per huishouden dat financieel stabiel wordt, werk vindt "
       "of op een leefgebied verbetert", 35 / 120, "QALY per hh", None,
       "000 3.1.3 4a: '120 extra huishoudens ... staat gelijk aan circa 35 gewonnen levensjaren' (uit de totalen "
       "van de casus Leeuwarden); past bij 003 3.2.3 3b: 67 + 34 huishoudens geven 588.800 bij 20.000 per QALY"),
    _S("qaly_waarde", "Waarde van een gewonnen gezond levensjaar (QALY)", 20_000, "€", None,
       "001 4.3 noot 21 (ondergrens 20.000, een vaste drempelwaarde: niet geïndexeerd, de rapporten gebruiken haar "
       "2012-2018 ongewijzigd); de werkwijzer 2016 (SEO) noemt 50.000 (002 noot 19)"),
    _S("uitkering_per_jaar", "Voorkomen uitkering per persoon die aan het werk gaat, per jaar", 15_000, "€ per jaar",
       2013, "001 4.3 ('voorkomt ongeveer 15.000 aan maatschappelijke kosten (uitkeringen) per jaar')"),
    _S("werk_jaren", "Aantal jaren dat de baten van werk meetellen", 3, "jaar", None,
       "004 4.2 ('Deze baten nemen we drie jaar mee')"),
    _S("aandeel_kinderen_schoolverlater", "Deel van de kinderen dat per jaar de leeftijd van een "
       "startkwalificatie bereikt", 0.2, "aandeel", None,
       "001 Bijlage 2, uit de totalen van het rekenvoorbeeld: 4a 31.600 en HH-begroting 29.163 = 24.000 + 5.163 "
       "geven 0,52 startkwalificatie bij 252 kinderen en 1% minder uitval; past bij 000 3.1.3 2c (2% van 316 "
       "kinderen: 'op termijn 1')"),
    _S("startkwalificatie_korte_termijn", "Korte-termijnbaat per extra startkwalificatie (voorkomen "
       "scholingstrajecten en uitkeringen)", 10_000, "€", None,
       "003 3.2.3 1c: 90.000 voor 9 startkwalificaties (uit de totalen van de casus Arnhem); niet geïndexeerd: "
       "000 3.1.3 2c, 003 3.2.3 3c en 004 4.2 noemen dezelfde 'ongeveer 70.000' per startkwalificatie"),
    _S("startkwalificatie_lange_termijn_ncw", "Lange-termijnwaarde van een startkwalificatie (NCW)", 61_200, "€",
       None, "003 3.2.3 3c: 551.000 voor 9 startkwalificaties (uit de totalen van de casus Arnhem); past bij 001 "
       "Bijlage 2 (60.650-61.830) en bij 'circa 60.000' van 000 3.1.3 2c; niet geïndexeerd: 000 3.1.3 2c, 003 3.2.3 "
       "3c en 004 4.2 noemen dezelfde 'ongeveer 70.000'"),
    _S("startkwalificatie_ncw_voet", "Discontovoet waarmee de rapporten die NCW berekenden", 0.055, "aandeel", None,
       "001 noot 13: reële discontovoet 2,5% plus risico-opslag 3%"),
    _S("eerste_lijn_kosten_per_hh", "Kosten consulten eerste lijn per huishouden per jaar", 500, "€ per hh", 2013,
       "aanname: de rapporten noemen geen bedrag; vervang door lokale cijfers (zorgverzekeraar)"),
    _S("tweede_lijn_traject", "Kosten van een doorverwijzing naar de tweede lijn (GGZ-traject)", 4_181, "€", 2012,
       "000 Bijlage 2: GGZ, gemiddelde kosten per traject"),
    _S("huisuitzetting", "Kosten per huisuitzetting (direct, herhuisvesting, afsluiten)", 5_000, "€", 2012,
       "003 3.2.3 2a"),
    _S("mo_aandeel", "Deel van de uitgezette huishoudens dat in de maatschappelijke opvang komt", 0.25, "aandeel",
       None, "003 3.2.3 2b (Trimbos, monitor MO 2009)"),
    _S("mo_jaren", "Gemiddelde verblijfsduur maatschappelijke opvang", 2.5, "jaar", None, "003 3.2.3 2b"),
    _S("mo_per_jaar", "Kosten maatschappelijke opvang per jaar", 45_000, "€ per jaar", 2012, "003 3.2.3 2b"),
    _S("uhp_aandeel_residentieel", "Deel van de uithuisplaatsingen in residentiële zorg (rest pleegzorg)", 0.5,
       "aandeel", None, "003 3.2.3 2c (Jeugdzorg Nederland)"),
    _S("uhp_residentieel_per_jaar", "Kosten residentiële opvangplaats per jaar", 63_000, "€ per jaar", 2012,
       "003 3.2.3 2c (normbedrag Deloitte)"),
    _S("uhp_residentieel_jaren", "Gemiddelde verblijfsduur residentieel", 13 / 12, "jaar", None,
       "003 3.2.3 2c: 13 maanden (brancherapport jeugdzorg 2009)"),
    _S("uhp_pleegzorg_per_jaar", "Kosten pleegzorgplaats per jaar", 7_000, "€ per jaar", 2012,
       "003 3.2.3 2c (normbedrag Deloitte)"),
    _S("uhp_pleegzorg_jaren", "Gemiddelde verblijfsduur pleegzorg", 25 / 12, "jaar", None,
       "003 3.2.3 2c: 25 maanden"),
    _S("ots_per_jaar", "Kosten ondertoezichtstelling per jaar", 7_100, "€ per jaar", 2012, "003 3.2.3 2c"),
    _S("ots_jaren", "Gemiddelde duur ondertoezichtstelling", 33 / 12, "jaar", None, "003 3.2.3 2c: 33 maanden"),
    _S("overlast_waarde_per_hh", "Waarde van een huishouden dat geen overlast meer geeft (huizenprijzen, NCW)",
       6_250, "€ per hh", 2012, "003 3.2.3 3a: circa 1 miljoen NCW voor bijna 160 huishoudens"),
    _S("escalatie_startjaar", "Jaar waarin een voorkomen escalatie zou zijn ingetreden", 1, "jaar", None,
       "aanname: 001 4.4 ('vooral baten van voorkomen escalaties zitten vaak wat verder in de tijd')"),
    _S("escalatie_duur", "Aantal jaren dat een voorkomen escalatie kosten bespaart", 1, "jaar", None,
       "aanname: één jaar verschil in zorgconsumptieprofiel; de rapporten noemen geen duur"),
    _S("terugval", "Terugval (recidive) als de cel Terugval op INVOER leeg is", 0.2, "aandeel", None,
       "001 Tabel 4.7 noot ('Netto % (incl. aanname terugval 20%)'); 000 3.1.3 punt 3 ('naar schatting 14 "
       "huishoudens' = 600 x 3% x 80%) en Tabel 4.2 ('40% terugval i.p.v. 20%'); 004 4.2 ('circa 5 gezinnen' = "
       "600 x 1% x 80%)"),
)

DERIVED_FROM_CASE: dict[str, str] = {
    "shv_financiele_baat_per_hh": "003", "startkwalificatie_korte_termijn": "003",
    "startkwalificatie_lange_termijn_ncw": "003", "overlast_waarde_per_hh": "003",
    "aandeel_kinderen_schoolverlater": "001", "qaly_per_hh": "000",
}
"""Kengetallen taken from one report's own totals (a case total divided by its count), with that report:
a line of that case that uses one matches partly by construction (``docs/reproduction.md`` says so)."""

# Generic (national) profile, 003 Figuur 2.4, domains W&I, Zorg & Welzijn, Jeugd, ZVW.
# 'Zorg & Welzijn' is booked on the Wmo/Zorg domain, except for elderly in the top: 003 note 5 says
# that row is intramural nursing-home care, which Rijk (AWBZ, now Wlz) pays, as in 002 and 004.
_GENERIC = {
    "gezinnen": {"ev": (0, 200, 0, 300, 2700, 0), "mv_zr": (4600, 1000, 0, 800, 3500, 0),
                 "mv_nzr": (4700, 1000, 0, 2000, 4100, 0), "top": (17400, 8000, 0, 62200, 4900, 0)},
    "ouderen": {"ev": (0, 2500, 0, 0, 3400, 0), "mv_zr": (400, 3400, 0, 0, 3600, 0),
                "mv_nzr": (500, 4100, 0, 0, 3400, 0), "top": (0, 0, 0, 0, 2900, 52000)},
    "overige": {"ev": (300, 200, 0, 0, 1900, 0), "mv_zr": (9300, 1300, 0, 0, 2900, 0),
                "mv_nzr": (9000, 1300, 0, 0, 2900, 0), "top": (16700, 7000, 0, 0, 2400, 0)},
}
_GRONINGEN = {
    "gezinnen": {"ev": (100, 0, 0, 1700, 2800, 100), "mv_zr": (7900, 400, 100, 3800, 3700, 200),
                 "mv_nzr": (7800, 400, 100, 13300, 4300, 100), "top": (12300, 8200, 500, 50100, 5700, 100)},
    "ouderen": {"ev": (200, 400, 100, 0, 4800, 1100), "mv_zr": (600, 2400, 600, 0, 5000, 1300),
                "mv_nzr": (700, 2700, 200, 0, 5100, 1600), "top": (0, 0, 0, 0, 2900, 44400)},
    "overige": {"ev": (300, 0, 0, 0, 2100, 0), "mv_zr": (10500, 900, 200, 0, 3200, 100),
                "mv_nzr": (10500, 1900, 100, 0, 3200, 100), "top": (6800, 33800, 400, 0, 4700, 9400)},
}
_WEST_BETUWE = {
    "gezinnen": {"ev": (100, 0, 0, 1600, 2800, 100), "mv_zr": (5100, 500, 100, 3200, 3700, 200),
                 "mv_nzr": (5000, 500, 100, 11100, 4300, 100), "top": (8000, 1100, 800, 40900, 5700, 100)},
    "ouderen": {"ev": (200, 600, 100, 0, 4800, 1100), "mv_zr": (600, 3300, 900, 0, 5000, 1300),
                "mv_nzr": (700, 3600, 300, 0, 5100, 1600), "top": (0, 0, 0, 0, 2900, 44400)},
    "overige": {"ev": (200, 0, 0, 0, 2100, 0), "mv_zr": (6700, 1200, 300, 0, 3200, 100),
                "mv_nzr": (6700, 2600, 200, 0, 3200, 100), "top": (6600, 3600, 600, 0, 4700, 9400)},
}


def _profile(name: str, raw: dict, price_year: int, source: str) -> Profile:
    values = {t: {s: dict(zip(PROFILE_DOMAINS, map(float, raw[t][s]))) for s in SEVERITIES}
              for t in HOUSEHOLD_TYPES}
    return Profile(name, values, price_year, source)


_PROFILES = (
    _profile("generiek_2014", _GENERIC, 2013,
             "003 Figuur 2.4 (landelijke kengetallen, niet op maat); Zorg & Welzijn geboekt op Wmo/Zorg, bij ouderen "
             "top op Rijk (003 noot 5: intramurale opname); "
             "prijsjaar 2013 is een aanname (rapport 2014 over 2012)"),
    _profile("groningen_2019", _GRONINGEN, 2018, "002 Figuur 3.9 (op maat voor Groningen, jaar 2018)"),
    _profile("west_betuwe_2021", _WEST_BETUWE, 2020, "004 Figuur 3.8 (op maat voor West Betuwe, jaar 2020)"),
)

# Trajectory catalogue: 000 Bijlage 2, 'Interventies per type huishouden in doelgroep' (2012). Prices:
# the 'licht' row for households below the top and the 'zwaar' row for top households: 000 pairs the
# 'in doelgroep' counts with 'licht' prices (3.649 against its printed 3.746 for risico-gezinnen) and
# the 'in top' counts with 'zwaar' prices (85.825 against 85.051). Trajectories per household: 'gem.
# trajecten per hh in doelgroep', the doelgroep being households 'die op twee of meer ... gebieden
# problemen ondervinden en die niet goed in staat zijn om deze zelf op te lossen' (000 Bijlage 2), i.e.
# mv_nzr; gezinnen = risico-gezinnen, ouderen = sociaal isolement, overige = GGZ zonder kinderen
# (aanname: the largest group without children). The 2,4 welzijn trajectories of sociaal isolement
# stand so in all three blocks of 000 Bijlage 2 (welzijn there: AMW, cursussen, ouderenwerk,
# maaltijden). Substitutable: 001 4.3 noot 15 and Tabel 4.5. Meer op maat: Jeugd and Wmo (004 4.2,
# noot 11).
_T = Traject
_L = ("000 Bijlage 2 (prijzen: regels 'licht' en 'zwaar'; aantallen: 'gem. trajecten per hh in doelgroep', "
      "de niet-zelfredzame huishoudens met meervoudige problemen)")
_TRAJECTEN: tuple[Traject, ...] = (
    _T("Schuldhulpverlening (licht, budgetcoaching)", "wi", 1_566, 4_427, 2012, True, False,
       {"gezinnen": 0.1, "ouderen": 0.1, "overige": 0.0}, _L + "; substitueerbaar: 001 noot 15"),
    _T("Re-integratie / activering", "wi", 5_184, 5_184, 2012, True, False,
       {"gezinnen": 0.1, "ouderen": 0.1, "overige": 0.1}, _L + "; substitueerbaar: 001 noot 15"),
    _T("Taal en educatie", "wi", 5_164, 5_164, 2012, False, False,
       {"gezinnen": 0.03, "ouderen": 0.02, "overige": 0.02}, _L),
    _T("Wmo (hulp bij huishouden, woonvoorziening, vervoer)", "wmo", 1_680, 1_680, 2012, True, True,
       {"gezinnen": 0.0, "ouderen": 0.3, "overige": 0.1}, _L + "; substitueerbaar: 001 noot 15; op maat: 004 4.2"),
    _T("Welzijn en maatschappelijk werk (AMW)", "welzijn", 1_000, 1_000, 2012, True, False,
       {"gezinnen": 0.1, "ouderen": 2.4, "overige": 1.0}, _L + "; substitueerbaar: 001 noot 15"),
    _T("Jeugdhulp ambulant (jeugd- en opvoedhulp)", "jeugd", 3_270, 5_071, 2012, True, True,
       {"gezinnen": 0.2, "ouderen": 0.0, "overige": 0.0}, _L + "; substitueerbaar: 001 noot 15; op maat: 004 4.2"),
    _T("Jeugdzorg (OTS, gezinscoach, pleegzorg)", "jeugd", 5_997, 15_000, 2012, False, True,
       {"gezinnen": 0.3, "ouderen": 0.0, "overige": 0.0}, _L + "; niet substitueerbaar: 001 noot 15"),
    _T("Begeleiding (voorheen AWBZ)", "wmo", 4_424, 19_499, 2012, False, True,
       {"gezinnen": 0.0, "ouderen": 0.0, "overige": 0.2}, _L + "; niet substitueerbaar: 001 noot 15"),
    _T("GGZ", "zvw", 2_656, 6_467, 2012, False, False,
       {"gezinnen": 0.1, "ouderen": 0.0, "overige": 0.3}, _L + "; niet substitueerbaar: 001 noot 15"),
)

_DISCOUNT = (
    DiscountRule("rijk_2026", 0.028, 0.028,
                 "Werkgroep discontovoet 2025, standaardvariant: 2,8% tot 35 jaar, 1,8% daarna. NIET BEVESTIGD in een "
                 "primaire bron; uit ObjectVision/RSopen (wiki Verdiscontering). Het model rekent 2,8%: geen jaar ligt "
                 "35 jaar na het basisjaar"),
    DiscountRule("rijk_2021", 0.0225, 0.0225,
                 "Werkgroep discontovoet 2020: 2,25% (-1% risicovrij + 3,25% risicopremie); rwseconomie.nl: voor "
                 "'alle MKBA's die na 1 januari 2021 starten'; analyses 2021-2025"),
    DiscountRule("rijk_2015", 0.03, 0.03,
                 "Werkgroep discontovoet 2015 en brief minister van Financiën 13 november 2015 (Kamerstuk 29 352, nr. "
                 "6): 0% risicovrij + 3% risico-opslag; rwseconomie.nl: 'Disconteren vanaf 1 april 2016'; analyses "
                 "2016-2020"),
    DiscountRule("lpbl_2014", 0.055, 0.055, "001 noot 13 en 003 noot 9: 2,5% plus risico-opslag 3% (brief minister "
                 "van Financiën 8 maart 2007); 'Sinds 2009 geldt ... 5½%' (Kamerstuk 29 352, nr. 6); analyses tot en "
                 "met 2015"),
    DiscountRule("lpbl_2014_verre_toekomst", 0.055, 0.075, "000 noot 9: 2,5% plus risico-opslag 5% voor de "
                 "baten in de verre toekomst; overige jaren 2,5% + 3% (001 noot 13)"),
)

# CBS, jaarmutatie CPI alle bestedingen (%). 2026 and later: fill in yourself (CBS table 86141NED, CPI 2025=100).
_CPI = {2009: 0.012, 2010: 0.013, 2011: 0.023, 2012: 0.025, 2013: 0.025, 2014: 0.010, 2015: 0.006, 2016: 0.003,
        2017: 0.014, 2018: 0.017, 2019: 0.026, 2020: 0.013, 2021: 0.027, 2022: 0.100, 2023: 0.038, 2024: 0.033,
        2025: 0.033}
_CPI_SOURCE = "CBS StatLine 83131NED (Consumentenprijzen; prijsindex 2015=100), jaarmutatie CPI alle bestedingen"
_CPI_SOURCES = {
    2009: "CBS, 'Inflatie 2009: grootste bijdragen en grootste prijsveranderingen' (januari 2010): 'gemiddeld "
          "uitgekomen op 1,2 procent'",
    2025: "CBS, 13 januari 2026: prijzen in 2025 gemiddeld 3,3% hoger dan in 2024 (StatLine 86141NED, CPI "
          "2025=100), gemeld door o.a. Blik op Nieuws en Accountancy van Morgen",
}
"""Years whose change is not (yet) in 83131NED as read here, with their own source."""

_ACTORS = (
    ActorMapping("wi", "gemeente", "gemeente", "001 4.5 (Werk en Inkomen is gemeentelijk)"),
    ActorMapping("wmo", "gemeente", "gemeente", "001 4.5; Wmo was al gemeentelijk, begeleiding sinds 2015"),
    ActorMapping("welzijn", "gemeente", "gemeente", "001 4.5"),
    ActorMapping("jeugd", "gemeente", "overige_partijen", "001 4.1 ('na decentralisaties'); vóór 2015 provincie"),
    ActorMapping("zvw", "zorgverzekeraar", "zorgverzekeraar", "001 4.5"),
    ActorMapping("rijk", "overige_partijen", "overige_partijen", "002 5.1 ('overige partijen (Rijk, corporatie "
                 "en politie & justitie)')"),
    ActorMapping("onderwijs", "overige_partijen", "overige_partijen", "aanname: onderwijs is Rijk"),
    ActorMapping("corporatie", "overige_partijen", "overige_partijen", "002 5.1"),
    ActorMapping("huishoudens", "huishoudens", "huishoudens", "001 4.5"),
    ActorMapping("buurt", "overige_partijen", "overige_partijen", "003 3.4 (buurt, corporatie: leefbaarheid)"),
    ActorMapping("team", "gemeente", "gemeente", "001 4.5 ('De gemeente investeert ... in de aanpak')"),
)


# ---------------------------------------------------------------------------------------------
# Rules of a kengetal: its range and kind, and the choices the KENGETALLEN sheet adds (one home each)
# ---------------------------------------------------------------------------------------------

_RANGES_BY_UNIT = {"aandeel": (0.0, 1.0), "jaar": (0.0, 100.0), "uren": (1.0, 3000.0), "uur": (0.0, 100.0),
                   "QALY per hh": (0.0, 5.0)}
_UNITS = {s.key: s.unit for s in _SCALARS}


def scalar_range(key: str) -> tuple[float, float]:
    """Allowed range of a scalar kengetal, by its unit: a share cannot be 250%, a price not negative.

    The one range rule of a kengetal: the KENGETALLEN reader, the GEVOELIGHEID reader and the
    sensitivity analysis (``bounds``) all use it.
    """
    unit = _UNITS.get(key, "")
    if unit.startswith("€"):
        return 0.0, 10_000_000.0
    return _RANGES_BY_UNIT.get(unit, (-1e9, 1e9))


_USUAL: Mapping[str, tuple[float, float, str]] = {
    "qaly_waarde": (20_000, 50_000, "001 4.3 noot 21: ondergrens 20.000; 002 noot 19: de werkwijzer 2016 noemt 50.000"),
}


def usual_scalar_range(key: str, default: float) -> tuple[float, float, str]:
    """The 'gebruikelijk' range of a scalar kengetal with its source: the reports' range where they give one (that of
    the INVOER field which falls back on it, such as terugval), else half to double the shipped value ``default`` (an
    assumption: a local figure seldom differs more from the sourced national one), within ``scalar_range``."""
    field = next((f for f in fields_by_key().values() if f.fallback_kengetal == key and f.usual), None)
    if field is not None and field.usual is not None:
        return field.usual.low, field.usual.high, field.usual.source
    if key in _USUAL:
        lo, hi, source = _USUAL[key]
        return lo, hi, readable(source)
    lo, hi = scalar_range(key)
    return (max(lo, default / 2), min(hi, default * 2),
            "aanname: de helft tot het dubbele van de standaardwaarde; de rapporten noemen geen bereik")


def scalar_kind(key: str) -> str:
    """The field type of a scalar kengetal, by its unit: a share (read and shown as 25%), an amount or a number."""
    unit = _UNITS.get(key, "")
    return SHARE if unit == "aandeel" else EURO if unit.startswith("€") else NUMBER


_NAMES_BY_TABLE: Mapping[str, Callable[[Kengetallen], Iterable[str]]] = {
    "profielen": lambda k: k.profiles,
    "disconto": lambda k: k.discount_rules,
}
"""The names a KENGETALLEN table defines (the choices of a field with ``choices_from`` that table)."""


def choices_for(field_key: str, kengetallen: Kengetallen | None = None) -> tuple[str, ...]:
    """The valid choices of INVOER field ``field_key`` with these kengetallen (default: the shipped ones).

    For the profile and the discount rule: the names their KENGETALLEN table defines (the defaults
    and any a user adds on the sheet); for any other choice field (e.g. actorindeling) exactly the
    schema's choices. The reader, the template's drop-downs, the GEVOELIGHEID reader, the analysis
    and the docs all ask here.
    """
    f = fields_by_key()[field_key]
    if not f.choices_from:
        return f.choices
    return tuple(_NAMES_BY_TABLE[f.choices_from](kengetallen or default_kengetallen()))


@cache
def default_kengetallen() -> Kengetallen:
    """The shipped defaults (what the template's KENGETALLEN sheet shows), their sources as users read them.

    Built once per process: every part is frozen (read-only mappings of frozen records), and a run asks for
    them a few dozen times (the reader names a kengetal by its description, the checks take its range).
    """
    return _with_readable_sources(Kengetallen(
        scalars=MappingProxyType({s.key: s for s in _SCALARS}),
        profiles=MappingProxyType({p.name: p for p in _PROFILES}),
        trajecten=_TRAJECTEN,
        discount_rules=MappingProxyType({d.name: d for d in _DISCOUNT}),
        cpi_changes=MappingProxyType(dict(_CPI)),
        cpi_source=MappingProxyType({y: _CPI_SOURCES.get(y, _CPI_SOURCE) for y in _CPI}),
        actors=MappingProxyType({a.domain: a for a in _ACTORS}),
    ))


def _with_readable_sources(k: Kengetallen) -> Kengetallen:
    """``k`` with every source written out (``references.readable``), so no internal code reaches a user."""
    def scalar(s: Scalar) -> Scalar:
        return replace(s, source=readable(s.source))

    return Kengetallen(
        MappingProxyType({key: scalar(s) for key, s in k.scalars.items()}),
        MappingProxyType({n: replace(p, source=readable(p.source)) for n, p in k.profiles.items()}),
        tuple(replace(t, source=readable(t.source)) for t in k.trajecten),
        MappingProxyType({n: replace(d, source=readable(d.source)) for n, d in k.discount_rules.items()}),
        k.cpi_changes, MappingProxyType({y: readable(text) for y, text in k.cpi_source.items()}),
        MappingProxyType({n: replace(a, source=readable(a.source)) for n, a in k.actors.items()}))


# ---------------------------------------------------------------------------------------------
# Conversion to and from the table rows of the KENGETALLEN sheet (one place for both directions)
# ---------------------------------------------------------------------------------------------

def to_rows(k: Kengetallen) -> dict[str, list[list]]:
    """Rows per table key, in the column order of ``schema.TABLES`` (what the sheet shows)."""
    rows: dict[str, list[list]] = {
        "kengetallen": [[s.key, s.description, s.value, s.unit, s.price_year, s.source] for s in k.scalars.values()],
        "profielen": [
            [p.name, t, s, *(p.values[t][s][d] for d in PROFILE_DOMAINS), p.price_year, p.source]
            for p in k.profiles.values() for t in HOUSEHOLD_TYPES for s in SEVERITIES
        ],
        "trajecten": [
            [tr.name, tr.domain, tr.price, tr.price_heavy, tr.price_year, int(tr.substitutable), int(tr.op_maat),
             *(tr.per_household[t] for t in HOUSEHOLD_TYPES), tr.source]
            for tr in k.trajecten
        ],
        "disconto": [[d.name, d.rate, d.long_term_rate, d.source] for d in k.discount_rules.values()],
        "cpi": [[y, k.cpi_changes[y], k.cpi_source.get(y, "")] for y in sorted(k.cpi_changes)],
        "actoren": [[a.domain, a.after_2015, a.before_2015, a.source] for a in k.actors.values()],
    }
    return rows


def from_rows(rows: Mapping[str, list[list]]) -> Kengetallen:
    """Inverse of ``to_rows``; the reader has already checked types and ranges of every cell.

    Missing tables fall back to the defaults, so a workbook made before a table existed still reads.
    """
    d = default_kengetallen()
    scalars = dict(d.scalars)
    for key, desc, value, unit, price_year, source in rows.get("kengetallen", []):
        if key in scalars:
            scalars[key] = Scalar(key, desc or scalars[key].description, float(value), unit or scalars[key].unit,
                                  int(price_year) if price_year is not None else None, source or "")
    profiles = dict(d.profiles)
    if "profielen" in rows:
        grouped: dict[str, dict] = {}
        meta: dict[str, tuple[int, str]] = {}
        for name, t, s, *rest in rows["profielen"]:
            amounts, (price_year, source) = rest[: len(PROFILE_DOMAINS)], rest[len(PROFILE_DOMAINS):]
            grouped.setdefault(name, {}).setdefault(t, {})[s] = dict(zip(PROFILE_DOMAINS, map(float, amounts)))
            meta[name] = (int(price_year), source or "")
        for name, values in grouped.items():
            profiles[name] = Profile(name, values, *meta[name])
    trajecten = d.trajecten
    if "trajecten" in rows:
        trajecten = tuple(
            Traject(name, domain, float(price), float(heavy), int(price_year), bool(subst), bool(op_maat),
                    dict(zip(HOUSEHOLD_TYPES, map(float, per_hh))), source or "")
            for name, domain, price, heavy, price_year, subst, op_maat, *rest in rows["trajecten"]
            for per_hh, source in [(rest[: len(HOUSEHOLD_TYPES)], rest[len(HOUSEHOLD_TYPES)])]
        )
    discount = dict(d.discount_rules)
    for name, rate, long_rate, source in rows.get("disconto", []):
        discount[name] = DiscountRule(name, float(rate), float(long_rate), source or "")
    cpi, cpi_source = dict(d.cpi_changes), dict(d.cpi_source)
    if "cpi" in rows:
        cpi, cpi_source = {}, {}
        for year, change, source in rows["cpi"]:
            cpi[int(year)] = float(change)
            cpi_source[int(year)] = source or ""
    actors = dict(d.actors)
    for domain, after, before, source in rows.get("actoren", []):
        actors[domain] = ActorMapping(domain, after, before, source or "")
    return Kengetallen(MappingProxyType(scalars), MappingProxyType(profiles), trajecten,
                       MappingProxyType(discount), MappingProxyType(cpi), MappingProxyType(cpi_source),
                       MappingProxyType(actors))
