"""MEERJARIG's table of years: its columns, each with the rule of its cells (optional input sheet;
``analyses.meerjarig``)."""

from __future__ import annotations

from dataclasses import dataclass

from .declarations import SHARE, TEXT, WHOLE, Field
from .invoer_sheet import fields_by_key

INGROEI_GROUPS = {
    "organisatie": "1 Besparing organisatiekosten (meer op maat, substitutie, coördinatie)",
    "effectiviteit": "2 Toename effectiviteit trajecten",
    "escalatie": "3 Voorkomen (escalatie)kosten",
    "immaterieel": "4 Immateriële baten",
}
"""The effect groups of the UITVOER screen whose benefits may grow in over the first years (001 4.4, Figuur 4.8:
'effecten in de tijd'); the nieuw-voor-oud return is no effect and follows the team."""
YEAR_KEY, YEAR_NOTE_KEY, INGROEI_PREFIX = "jaar", "toelichting", "ingroei."


@dataclass(frozen=True)
class YearColumn:
    """One column of the MEERJARIG table.

    ``key`` is ``jaar`` (the calendar year, required in a filled row), ``toelichting`` (free text), an INVOER field
    that the row replaces for its year (its type, range and label are the field's: one rule, one place; amounts
    are in the prices of the row's year), or ``ingroei.<group>`` (the share of a group's effects reached that year).
    """

    key: str
    header: str
    help: str
    width: float = 14

    @property
    def field(self) -> Field | None:
        return fields_by_key().get(self.key)

    def rule(self) -> tuple[str, float | None, float | None]:
        """(type, min, max) of the column's cells."""
        f = self.field
        if f is not None:
            return f.type, f.min, f.max
        if self.key == YEAR_KEY:
            return WHOLE, 2000.0, 2100.0
        if self.key == YEAR_NOTE_KEY:
            return TEXT, None, None
        return SHARE, 0.0, 1.0


MEERJARIG_COLUMNS: tuple[YearColumn, ...] = (
    YearColumn(YEAR_KEY, "Jaar", "Het kalenderjaar van dit jaar aanpak, bijvoorbeeld 2010. Verplicht in elke regel "
               "die u invult; de jaren lopen op.", 8),
    YearColumn("huishoudens", "Huishoudens", "Aantal huishoudens dat het team dit jaar ondersteunt."),
    YearColumn("nieuw_gevonden", "Nieuw gevonden", "Deel van de huishoudens van dit jaar dat nieuw gevonden is "
               "(zonder lopende hulp): in een lopende aanpak vaak alleen de nieuwe instroom (000: 800 unieke "
               "huishoudens in vier jaar bij 600 per jaar)."),
    YearColumn("team_fte", "Team fte (manier 1)", "Het hele team in fte dit jaar, als INVOER het team met manier 1 "
               "invult."),
    YearColumn("aandeel_additioneel", "Aandeel additioneel (manier 1)", "Deel van het team dat dit jaar met extra geld "
               "wordt betaald; de rest is nieuw voor oud (001 4.4: 'het percentage dat nieuw-voor-oud gefinancierd "
               "wordt, in vier jaar opgebouwd')."),
    YearColumn("fte_nulsituatie", "Fte 0-situatie (manier 2)", "Fte in de 0-situatie dit jaar, als INVOER het team "
               "met manier 2 invult."),
    YearColumn("fte_extra", "Extra fte (manier 2)", "Extra fte dit jaar, als INVOER het team met manier 2 invult."),
    YearColumn("kosten_per_fte", "Kosten per fte", "In prijzen van dit jaar; het model rekent ze met de CPI om naar "
               "het prijspeil van de analyse."),
    YearColumn("overige_teamkosten", "Overige teamkosten", "Per jaar, in prijzen van dit jaar."),
    YearColumn("frictie", "Frictiekosten", "Aanloopkosten als deel van de teamkosten van dit jaar, bijvoorbeeld 10% "
               "in het eerste jaar en 0% daarna."),
    YearColumn("overige_eenmalige_kosten", "Overige eenmalige kosten", "In prijzen van dit jaar; zoals op INVOER telt "
               "een kwart per jaar (001 Bijlage 2)."),
    *(YearColumn(f"{INGROEI_PREFIX}{group}", f"Ingroei {label.split(' ')[0]} {group}",
                 f"Deel van de effecten van groep {label} dat dit jaar al wordt bereikt, bijvoorbeeld 50% in het "
                 "eerste jaar (001 4.4: effecten groeien in). Leeg = 100%.", 16)
      for group, label in INGROEI_GROUPS.items()),
    YearColumn(YEAR_NOTE_KEY, "Toelichting", "Vrije tekst, bijvoorbeeld de bron van de getallen van dit jaar.", 40),
)
"""The columns of the MEERJARIG table, B onwards. An empty cell takes the INVOER value (or 100% ingroei)."""
