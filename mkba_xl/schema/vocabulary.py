"""The categories the model speaks of: household types, severities, disciplines, domains (geldstromen), actors.

They name INVOER's rows and columns, the KENGETALLEN tables' rows and the engine's posts alike.
"""

from __future__ import annotations

HOUSEHOLD_TYPES = ("gezinnen", "ouderen", "overige")
HOUSEHOLD_TYPE_LABELS = {"gezinnen": "Gezinnen", "ouderen": "Ouderen", "overige": "Overige hh"}
SEVERITIES = ("ev", "mv_zr", "mv_nzr", "top")
SEVERITY_LABELS = {
    "ev": "Geen probleem of enkelvoudig (ev)",
    "mv_zr": "Meervoudig (mv) en zelfredzaam (zr)",
    "mv_nzr": "Meervoudig (mv) en niet-zelfredzaam (nzr)",
    "top": "Top (mv nzr geëscaleerd)",
}

DISCIPLINES = {
    "jeugd": "Jeugd",
    "ggz_volwassenen": "GGZ-volwassenen",
    "werk_inkomen_schulden": "Werk & inkomen / schulden",
    "welzijn_md": "Welzijn / maatschappelijke dienstverlening",
    "zorg": "Zorg",
    "wonen": "Wonen",
}
SUCCESS_ITEMS = {
    "schuldhulp": "Schuldhulp (meer huishoudens financieel stabiel)",
    "direct_naar_werk": "Direct naar werk",
    "schooluitval": "Schooluitval (negatief = minder uitval)",
    "consulten_eerste_lijn": "Consulten eerste lijn (negatief = minder)",
    "doorverwijzing_tweede_lijn": "Doorverwijzing tweede lijn (negatief = minder)",
}

ACTOR_CHOICES = ("na_2015", "voor_2015")
"""The two actor mappings: the columns of the table 'Geldstromen naar actoren' on KENGETALLEN."""
ACTOR_CHOICE_LABELS = {
    "na_2015": "na 2015 (na de decentralisaties: Jeugd en Wmo bij de gemeente)",
    "voor_2015": "voor 2015 (Jeugd en AWBZ nog niet bij de gemeente)",
}
"""How UITVOER names the actor mapping used."""
REKENWIJZE_CHOICES = ("lpbl_2014", "lpbl_2019")

TEAM_DOMAINS = {"wi": "Werk & Inkomen", "wmo": "Wmo / Zorg", "welzijn": "Welzijn / maatschappelijk werk",
                "jeugd": "Jeugd", "zvw": "Zorgverzekeringswet (GGZ)"}
"""Geldstromen whose work may have moved into the team nieuw voor oud (INVOER C 1b)."""
LEEFGEBIEDEN = {"dagbesteding": "Zinvolle dagbesteding (participatie, vrijwilligerswerk)",
                "psychisch": "Minder psychische klachten en stress",
                "opvoeding": "Minder opvoedproblemen"}
"""Leefgebieden whose improvement counts as quality of life (000 3.1.3 4a, 003 3.2.3 3b, 002 5.1 punt 4)."""
FINANCIERS = ("wi", "wmo", "welzijn", "jeugd", "zvw", "rijk", "corporatie")

DOMAINS = ("wi", "wmo", "welzijn", "jeugd", "zvw", "rijk", "onderwijs", "corporatie",
           "huishoudens", "buurt", "team")
DOMAIN_LABELS = {
    "wi": "Werk & Inkomen", "wmo": "Wmo / Zorg", "welzijn": "Welzijn", "jeugd": "Jeugd",
    "zvw": "Zorgverzekeringswet", "rijk": "Rijk (Wlz/AWBZ)", "onderwijs": "Onderwijs",
    "corporatie": "Woningcorporatie", "huishoudens": "Huishoudens", "buurt": "Buurt (leefbaarheid)",
    "team": "Sociaal team (organisaties)",
}
PROFILE_DOMAINS = ("wi", "wmo", "welzijn", "jeugd", "zvw", "rijk")
ACTORS = ("gemeente", "zorgverzekeraar", "huishoudens", "overige_partijen")
ACTOR_LABELS = {"gemeente": "Gemeente", "zorgverzekeraar": "Zorgverzekeraar", "huishoudens": "HH",
                "overige_partijen": "Overige partijen"}
