"""The memo's short method annex: what an MKBA and an NCW are, the discount rule, 'nieuw voor oud', the ratios,
the budget view, LPBL's rounding and the two analyses of how firm the saldo is. Plain Dutch for a reader who is
not an economist; sources cited compactly and written out by ``references.readable``."""

from __future__ import annotations

from ..dutch import number
from ..references import readable

__all__ = ["CITED", "method"]

_MKBA = ("Een maatschappelijke kosten-batenanalyse (MKBA) zet alle gevolgen van een aanpak voor de hele samenleving op "
         "een rij en drukt ze zo veel mogelijk uit in euro's, ook gevolgen zonder marktprijs, zoals een betere "
         "kwaliteit van leven. De aanpak wordt vergeleken met wat er zonder de aanpak zou zijn gebeurd. Elk effect is "
         "een aantal maal een prijs, bijvoorbeeld 'twee mensen aan het werk maal de uitkering die dat bespaart'. De "
         "methode volgt de OEI-leidraad (000 noot 23) zoals de LPBL-rapporten.")
_NCW = ("Kosten en baten die later vallen, tellen minder zwaar: een euro vandaag is meer waard dan een euro over vijf "
        "jaar. Met de discontovoet wordt elk bedrag omgerekend naar euro's van vandaag; opgeteld is dat de netto "
        "contante waarde (NCW). De gevolgen van één jaar aanpak lopen door tot jaar 9, dat voor alle latere jaren "
        "staat (de lange termijn).")
_NIEUW_VOOR_OUD = ("Een deel van het team kan bestaan uit medewerkers die hun oude werk elders niet meer doen: zij "
                   "worden 'nieuw voor oud' betaald, uit bestaande budgetten. Hun kosten staan bij de kosten en komen "
                   "als besparing terug bij de baten (regel 1a, Nieuw voor oud): alleen het deel dat met extra geld "
                   "wordt betaald (additioneel), is per saldo een kostenpost (001 4.3).")
_RATIOS = ("De K-B-verhouding is de baten gedeeld door de kosten; boven 1 zijn de baten hoger dan de kosten. De "
           "maatschappelijke verhouding telt alle baten, de financiële laat de immateriële baten weg (kwaliteit van "
           "leven, ontwikkelingskansen van kinderen, minder overlast), omdat die geen geld in kas brengen.")
_ROUNDING = ("Bedragen zijn afgerond op € 100 en verhoudingen op 0,05, zoals LPBL ze publiceerde (001 Bijlage 2); "
             "het uitvoerbestand van mkba-xl geeft op het blad UITVOER ook de exacte waarden en op het blad BEREKENING "
             "hoe elke euro is berekend.")
_FIRM = ("De gevoeligheidsanalyse verandert één aanname tegelijk, met de variaties uit de LPBL-rapporten (000 Tabel "
         "4.2; 002 5.2; 003 3.3). Een omslagwaarde is de waarde van een aanname waarbij het saldo nul wordt. De "
         "onzekerheidsanalyse laat alle onzekere aannames tegelijk variëren binnen hun bereik; de woorden voor een "
         "kans ('waarschijnlijk', 'zeer waarschijnlijk') volgen de schaal van Mastrandrea e.a. (IPCC, 2010). De "
         "samenvatting noemt een uitkomst pas robuust als geen omslagwaarde binnen het aannemelijke bereik van haar "
         "aanname ligt, geen variatie binnen die bereiken het saldo omdraait en een positief saldo ten minste 'zeer "
         "waarschijnlijk' is.")

CITED = (_MKBA, _NIEUW_VOOR_OUD, _ROUNDING, _FIRM)
"""The annex's texts that cite sources (the memo's list of sources includes what they cite)."""


def method(discount: str, discount_source: str, budget_text: str, way: str, draws: int | None,
           seed: int | None) -> list[tuple[str, str]]:
    """The annex as (heading, paragraph) pairs: the discount rule with its source, the budget view of the way
    (``way``: its key and label), and the draws of the uncertainty analysis (None: not run)."""
    drawn = f"{number(draws)} trekkingen met zaad {seed}" if draws is not None else "niet uitgevoerd"
    return [
        ("Wat is een MKBA?", readable(_MKBA)),
        ("Netto contante waarde", _NCW),
        ("De disconteringsregel", f"Deze analyse rekent met de regel {discount}. Bron: {readable(discount_source)}."),
        ("Nieuw voor oud", readable(_NIEUW_VOOR_OUD)),
        ("K-B-verhoudingen", _RATIOS),
        ("Begroting na twee jaar", f"{budget_text} De rekenwijze is {way}."),
        ("Afronding", readable(_ROUNDING)),
        ("Hoe zeker", readable(_FIRM) + f" Onzekerheidsanalyse: {drawn}; dezelfde invoer, hetzelfde zaad en hetzelfde "
                                        "aantal trekkingen geven hetzelfde memo."),
    ]
