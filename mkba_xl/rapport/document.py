"""The memo as a Word document: title block, samenvatting, UITVOER A and B, the charts, the assumptions that
matter most, the changed kengetallen, what the analysis leaves out, the sources and the method annex.

``build`` arranges the parts of ``docx_parts`` over a ``Facts``; every sentence of the samenvatting comes
from ``wording``, every number from the facts, shown as LPBL published it (to € 100 and 0,05).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from ..dutch import number
from ..references import readable
from . import annex
from .docx_parts import BAND_BENEFITS, BAND_COSTS, Cell, bullet, footer, heading, note, paragraph, picture, setup, table
from .facts import Facts, ScreenLine, Switch
from .wording import NAMES, money, ratio_text, summary, value_text

__all__ = ["TITLE", "build"]

TITLE = "Maatschappelijke kosten en baten"


def build(f: Facts, pictures: Mapping[str, bytes]) -> bytes:
    """The memo of ``f`` with ``pictures`` (``pictures.CHARTS`` names) as the bytes python-docx saves."""
    from docx import Document

    doc = Document()
    setup(doc)
    _title(doc, f)
    heading(doc, "Samenvatting")
    for text in summary(f):
        paragraph(doc, text)
    _results(doc, f, pictures)
    _budget(doc, f, pictures)
    _firmness(doc, f, pictures)
    _changed(doc, f)
    _not_valued(doc, f)
    _sources(doc, f)
    _annex(doc, f)
    footer(doc, f"MKBA {f.aanpak}, {f.gemeente} — mkba-xl {f.version}, invoer {f.fingerprint or 'onbekend'}")
    _properties(doc, f)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _properties(doc: Any, f: Facts) -> None:
    """Fixed document properties: a real date or user would make every memo's bytes unique."""
    from ..xlsx.book import DOCUMENT_AUTHOR, FIXED_CREATED

    props = doc.core_properties
    props.title = f"{TITLE} van {f.aanpak} ({f.gemeente})"
    props.subject = "Raadsmemo, maatschappelijke kosten-batenanalyse (MKBA)"
    props.author = props.last_modified_by = DOCUMENT_AUTHOR
    props.comments = f"mkba-xl {f.version}, invoer {f.fingerprint}"
    props.keywords = props.category = ""
    props.created = props.modified = props.last_printed = FIXED_CREATED
    props.revision = 1


def _title(doc: Any, f: Facts) -> None:
    doc.add_heading(f"{TITLE} van {f.aanpak}", 0)
    paragraph(doc, f"Raadsmemo — {f.gemeente}, analysejaar {f.analysejaar}", size=12, after=8)
    drawn = f"{number(f.interval.draws)} trekkingen, zaad {f.interval.seed}" if f.interval else "niet uitgevoerd"
    rows = [("Gemeente", f.gemeente), ("Team of aanpak", f.aanpak), ("Analysejaar", str(f.analysejaar)),
            ("Prijspeil", str(f.prijspeil)), ("Disconteringsregel", f.discount),
            ("Rekenwijze", f"{f.way_key}: {f.way_label}"), ("Geldstromen naar partijen", f.actor_mapping),
            ("Onzekerheidsanalyse", drawn), ("Berekend met", f"mkba-xl {f.version}"),
            ("Invoer-vingerafdruk", f.fingerprint or "niet bekend")]
    table(doc, None, [[Cell(k, bold=True), Cell(v)] for k, v in rows], (4.5, 11.5))
    if f.note:
        paragraph(doc, f.note, bold=True)


def _screen_rows(lines: tuple[ScreenLine, ...]) -> list[list[Cell]]:
    return [[Cell(f"{line.number} {line.label}", indent=line.sub), Cell(money(line.amount), right=True)]
            for line in lines]


def _results(doc: Any, f: Facts, pictures: Mapping[str, bytes]) -> None:
    heading(doc, "1. Kosten en baten van één jaar aanpak")
    paragraph(doc, "Het resultaat zoals op het UITVOER-scherm van de LPBL-tool (blok A): de netto contante waarde "
                   f"van één jaar aanpak, in prijzen van {f.prijspeil}.")
    rows = [[Cell("KOSTEN", band=BAND_COSTS), Cell("")],
            [Cell("Totale kosten", bold=True), Cell(money(f.kosten), bold=True, right=True)],
            *_screen_rows(f.cost_lines),
            [Cell("BATEN", band=BAND_BENEFITS), Cell("")],
            [Cell("Totale baten", bold=True), Cell(money(f.baten), bold=True, right=True)],
            *_screen_rows(f.benefit_lines),
            [Cell("Saldo (baten minus kosten)", bold=True), Cell(money(f.saldo), bold=True, right=True)],
            [Cell("Financieel K-B-verhouding", bold=True), Cell(ratio_text(f.kb_financieel), bold=True, right=True)],
            [Cell("Maatschappelijk K-B-verhouding", bold=True),
             Cell(ratio_text(f.kb_maatschappelijk), bold=True, right=True)]]
    table(doc, [Cell("A  Resultaat MKBA NCW, een jaar aanpak"), Cell("NCW", right=True)], rows, (12.0, 4.0))
    note(doc, "Bedragen afgerond op € 100 en verhoudingen op 0,05, zoals LPBL. Financieel: zonder de immateriële "
              "baten (regel 4), die geen geld in kas brengen.")
    for name in ("kosten_baten_per_jaar", "samenstelling_kosten", "samenstelling_baten"):
        picture(doc, pictures[name])


def _budget(doc: Any, f: Facts, pictures: Mapping[str, bytes]) -> None:
    heading(doc, "2. Wie betaalt en wie profiteert: begroting na twee jaar")
    paragraph(doc, f"Blok B van het UITVOER-scherm. {f.budget_text}")
    header = [Cell("B  Resultaat begroting na 2 jaar"), *(Cell(b.label, right=True) for b in f.budget)]
    lines = (("Totale kosten", "kosten"), ("Totale baten", "baten"),
             ("w.v. immateriële baten (geen kasstroom)", "immaterieel"), ("Saldo", "saldo"))
    rows = [[Cell(label, indent=key == "immaterieel", bold=key == "saldo"),
             *(Cell(money(getattr(b, key)), right=True, bold=key == "saldo") for b in f.budget)]
            for label, key in lines]
    rows.append([Cell("K-B-verhouding", bold=True), *(Cell(ratio_text(b.kb) if round(b.kosten, 6) else "-",
                                                           right=True, bold=True) for b in f.budget)])
    table(doc, header, rows, (3.4, 2.4, 3.2, 1.8, 2.6, 2.6), size=8.5)
    note(doc, "HH = huishoudens. Bedragen afgerond op € 100 en verhoudingen op 0,05, zoals LPBL.")
    picture(doc, pictures["per_partij"])


def _switch_cells(s: Switch) -> list[Cell]:
    def value(x: float) -> str:
        return value_text(x, s.unit, bare=True)

    bereik = "niet bekend" if s.plausible is None else f"{value(s.plausible[0])} tot {value(s.plausible[1])}"
    inside = "ja" if s.inside else "nee" if s.plausible is not None else "-"
    return [Cell(NAMES.get(s.key, s.label)[:1].upper() + NAMES.get(s.key, s.label)[1:]),
            Cell(value(s.current), right=True), Cell(value(s.value), right=True), Cell(bereik, right=True),
            Cell(inside, right=True)]


def _firmness(doc: Any, f: Facts, pictures: Mapping[str, bytes]) -> None:
    heading(doc, "3. Hoe zeker is de uitkomst?")
    paragraph(doc, "Gevoeligheidsanalyse: één aanname tegelijk anders, met de variaties uit de LPBL-rapporten. De "
                   "grafiek toont hoeveel het saldo verandert; waar een balk voorbij de stippellijn komt, draait het "
                   "saldo om.")
    picture(doc, pictures["gevoeligheid"])
    heading(doc, "Aannames die het meest uitmaken", 2)
    rows = [[Cell(t.label), Cell(money(t.saldo), right=True), Cell(money(t.change), right=True)] for t in f.tornado]
    table(doc, [Cell("Variatie"), Cell("Saldo", right=True), Cell("Verandering", right=True)], rows, (10.0, 3.0, 3.0))
    heading(doc, "Omslagwaarden: waar het saldo nul wordt", 2)
    table(doc, [Cell("Aanname"), Cell("Ingevuld", right=True), Cell("Saldo 0 bij", right=True),
                Cell("Aannemelijk bereik", right=True), Cell("Binnen bereik", right=True)],
          [_switch_cells(s) for s in f.switches], (5.6, 2.4, 2.4, 3.6, 2.0))
    note(doc, "Een percentage bij een groep aannames (voorkomen escalatie, substitutie, effectiviteit) is een deel van "
              "de ingevulde waarden. Het aannemelijke bereik komt uit de onzekerheidsanalyse (de tabel hieronder).")
    heading(doc, "Onzekere aannames en hun bereik", 2)
    table(doc, [Cell("Aanname"), Cell("Verdeling en bereik"), Cell("Bron")],
          [[Cell(r.label), Cell(r.text), Cell(r.source)] for r in f.ranges], (4.2, 4.3, 7.5), size=8)
    if f.interval_sentence:
        paragraph(doc, f.interval_sentence, bold=True)
    if f.measure_first:
        paragraph(doc, f.measure_first)


def _changed(doc: Any, f: Facts) -> None:
    heading(doc, "4. Kengetallen die afwijken van de standaard")
    if not f.changed:
        paragraph(doc, "Geen: de analyse rekent met de standaardkengetallen van mkba-xl, die voor elke gemeente gelden "
                       "en elk hun bron noemen (blad KENGETALLEN).")
        return
    paragraph(doc, "Deze kengetallen zijn op het blad KENGETALLEN aangepast; de bron is die van de gebruiker.")
    table(doc, [Cell("Kengetal"), Cell("Standaard", right=True), Cell("In deze analyse", right=True), Cell("Bron")],
          [[Cell(c.what), Cell(c.old, right=True), Cell(c.new, right=True), Cell(readable(c.source))]
           for c in f.changed], (4.6, 2.4, 2.6, 6.4), size=8)


def _not_valued(doc: Any, f: Facts) -> None:
    heading(doc, "5. Wat de analyse buiten beschouwing laat (PM-posten)")
    paragraph(doc, "Niet alle gevolgen zijn geloofwaardig in euro's uit te drukken; deze posten tellen niet mee in het "
                   "saldo, maar verdienen een plaats in de afweging.")
    for item in f.not_valued:
        bullet(doc, item.what, readable(item.why))


def _sources(doc: Any, f: Facts) -> None:
    heading(doc, "Bronnen")
    for i, citation in enumerate(f.sources, start=1):
        used = citation.places_text()
        paragraph(doc, f"{i}. {citation.reference.entry}" + (f" Gebruikt: {used}." if used else ""), size=9, after=3)


def _annex(doc: Any, f: Facts) -> None:
    doc.add_page_break()
    heading(doc, "Bijlage: zo is gerekend")
    for head, text in annex.method(f.discount, f.discount_source, f.budget_text, f"{f.way_key} ({f.way_label})",
                                   f.interval.draws if f.interval else None, f.interval.seed if f.interval else None):
        heading(doc, head, 2)
        paragraph(doc, text)
