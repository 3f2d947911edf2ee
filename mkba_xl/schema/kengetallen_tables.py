"""The shape of the KENGETALLEN tables: their titles, columns, types and ranges.

Their default rows live in ``kengetallen``; this is only their shape.
"""

from __future__ import annotations

from .declarations import CHOICE, EURO, NUMBER, SHARE, TEXT, WHOLE, Column, Table
from .vocabulary import (
    ACTOR_CHOICES,
    ACTORS,
    DOMAIN_LABELS,
    DOMAINS,
    HOUSEHOLD_TYPE_LABELS,
    HOUSEHOLD_TYPES,
    PROFILE_DOMAINS,
)

SOURCE_LENGTH = 1000
"""The longest source a KENGETALLEN row takes: sources are written out in full (``references.readable``) and
often cite two or three reports."""
_SOURCE = Column("bron", "Bron", TEXT, max=SOURCE_LENGTH, width=70)

TABLES: tuple[Table, ...] = (
    Table("kengetallen", "Kengetallen (eenheidsprijzen en aannames)", (
        Column("sleutel", "Sleutel", TEXT, editable=False, width=34),
        Column("omschrijving", "Omschrijving", TEXT, editable=False, width=60),
        Column("waarde", "Waarde", NUMBER, min=-1e9, max=1e9),
        Column("eenheid", "Eenheid", TEXT, editable=False),
        Column("prijsjaar", "Prijsjaar", WHOLE, min=1990, max=2100),
        _SOURCE,
    ), "Eén waarde per regel. Wijzig alleen de waarde (en prijsjaar/bron) als u het beter weet."),
    Table("profielen", "Zorgconsumptieprofielen (€ per huishouden per jaar)", (
        Column("profiel", "Profiel", TEXT, editable=False, width=18),
        Column("type", "Type", TEXT, editable=False, width=10),
        Column("zwaarte", "Zwaarte", TEXT, editable=False, width=10),
        *(Column(d, DOMAIN_LABELS[d], EURO, unit="€", min=0, max=10_000_000) for d in PROFILE_DOMAINS),
        Column("prijsjaar", "Prijsjaar", WHOLE, min=1990, max=2100),
        _SOURCE,
    ), "Gemiddelde jaarlijkse kosten per huishouden naar type, zwaarte en geldstroom.", keyed_by=3),
    Table("trajecten", "Trajectencatalogus", (
        Column("traject", "Traject", TEXT, editable=False, width=34),
        Column("domein", "Geldstroom", CHOICE, choices=DOMAINS, width=12),
        Column("prijs", "Prijs per traject", EURO, unit="€", min=0, max=10_000_000),
        Column("prijs_zwaar", "Prijs top (zwaar)", EURO, unit="€", min=0, max=10_000_000),
        Column("prijsjaar", "Prijsjaar", WHOLE, min=1990, max=2100),
        Column("substitueerbaar", "Substitueerbaar (1/0)", WHOLE, min=0, max=1),
        Column("op_maat", "Meer op maat (1/0)", WHOLE, min=0, max=1),
        *(Column(f"per_hh.{t}", f"Per hh {HOUSEHOLD_TYPE_LABELS[t].lower()}", NUMBER, min=0, max=20)
          for t in HOUSEHOLD_TYPES),
        _SOURCE,
    ), "Trajecten met prijs (licht: niet-geëscaleerde huishoudens; zwaar: top), financier, vervangbaarheid en "
       "gemiddeld aantal per niet-zelfredzaam huishouden met meervoudige problemen per jaar."),
    Table("disconto", "Disconteringsregels", (
        Column("regel", "Regel", TEXT, editable=False, width=26),
        Column("voet", "Discontovoet", SHARE, unit="%", min=-0.05, max=0.2),
        Column("voet_lange_termijn", "Voet jaar 9 (lange termijn)", SHARE, unit="%", min=-0.05, max=0.2),
        _SOURCE,
    ), "Reële discontovoet per regel; jaar 9 staat voor alle latere jaren."),
    Table("cpi", "Consumentenprijsindex (CPI), jaarmutatie", (
        Column("jaar", "Jaar", WHOLE, editable=False, width=10),
        Column("jaarmutatie", "Jaarmutatie CPI", SHARE, unit="%", min=-0.2, max=0.5),
        _SOURCE,
    ), "Voeg een jaar toe door de jaarmutatie in te vullen in een lege regel onderaan."),
    Table("actoren", "Geldstromen naar actoren", (
        Column("domein", "Geldstroom", TEXT, editable=False, width=14),
        Column(ACTOR_CHOICES[0], "Actor na 2015", CHOICE, choices=ACTORS, width=18),
        Column(ACTOR_CHOICES[1], "Actor vóór 2015", CHOICE, choices=ACTORS, width=18),
        _SOURCE,
    ), "Wie betaalt of profiteert per geldstroom."),
)


def table(key: str) -> Table:
    for t in TABLES:
        if t.key == key:
            return t
    raise KeyError(key)
