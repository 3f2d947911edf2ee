"""The one table of references, and how a stored source becomes a text a reader can look up.

Sources are stored compactly where maintainers write them (``kengetallen``, ``schema``, the case files):
"001 Tabel 4.5", "003 3.2.3 2c (normbedrag Deloitte)". The number is the LPBL report (000 Leeuwarden
2012, 001 meta-analysis 2014, 002 Groningen 2019, 003 Arnhem 2014, 004 West Betuwe 2021), followed by
where in it: a section, a table, a figure, an appendix, a footnote. Users never see that form:
``readable`` turns every such citation into the report's name and the place in the report's own words
("LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, tabel 4.5") and leaves all other text alone.
It is idempotent: its output contains no internal code, and the place after a report's name is already
in the form it writes, so an output workbook read back as input shows the same.

``REFERENCES`` also holds the other sources the defaults cite (the Werkgroep discontovoet, CBS StatLine,
SEO's werkwijzer, Trimbos, ...), each with the words by which a source text shows that it cites it;
``cited`` lists the references of a set of texts (the memo's list of sources), with the places used.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["ARNHEM", "GRONINGEN", "LEEUWARDEN", "META", "REFERENCES", "REPORTS", "WEST_BETUWE", "Citation",
           "Reference", "cite", "cited", "internal_words", "readable", "readable_within"]


@dataclass(frozen=True)
class Reference:
    """One source: how it is named in a sentence (``name``) and written out in a list (``entry``).

    ``aliases`` are the short names that may follow an internal code ("003 OZO Arnhem 3.2.2"): part of
    the citation, replaced with it. ``marks`` are words by which a readable text shows it cites this source.
    """

    key: str
    author: str
    year: str
    title: str
    publication: str = ""
    note: str = ""
    aliases: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()
    short: str = ""
    """A short name for where a full one does not fit (Excel's input messages take 255 characters)."""

    @property
    def name(self) -> str:
        """'LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams': the name in a sentence."""
        return f"{self.author}{self._year}, {self.title}"

    @property
    def _year(self) -> str:
        return f" ({self.year})" if self.year else ""

    @property
    def entry(self) -> str:
        """The full entry of a list of sources: author, year, title, publication and a note."""
        parts = [f"{self.author}{self._year}. {self.title}."]
        if self.publication:
            parts.append(f"{self.publication}.")
        if self.note:
            parts.append(f"{self.note[0].upper()}{self.note[1:]}.")
        return " ".join(parts)

    @property
    def is_report(self) -> bool:
        """One of the five LPBL reports (cited with an internal code in the stored sources)."""
        return self.key in REPORTS


_LPBL = "LPBL"
REPORTS: dict[str, Reference] = {r.key: r for r in (
    Reference("000", _LPBL, "2012", "MKBA Frontlijnteam Heechterp-Schieringen Leeuwarden",
              "In opdracht van de gemeente Leeuwarden", "terugblik op vier jaar Frontlijnteam (2009-2012)",
              aliases=("Frontlijnteam Heechterp-Schieringen Leeuwarden", "Frontlijnteam Leeuwarden", "Leeuwarden",
                       "Frontlijnteam"), short="LPBL Leeuwarden 2012"),
    Reference("001", _LPBL, "2014",
              "Meta-analyse MKBA's sociale (wijk)teams",
              "Integrale aanpakken vergeleken in termen van kosten en baten. V. Larsen, M. Lubbe en L. de Boer, "
              "in opdracht van het Ministerie van Binnenlandse Zaken en Koninkrijksrelaties, januari 2014",
              "met het rekenvoorbeeld van de MKBA-tool (bijlage 2)", aliases=("Meta-analyse", "meta-analyse"),
              short="LPBL-meta-analyse 2014"),
    Reference("002", _LPBL, "2019", "Evaluatie WIJ-teams Groningen", "In opdracht van de gemeente Groningen",
              "cijfers over 2018", aliases=("WIJ-teams Groningen", "WIJ Groningen", "Groningen"),
              short="LPBL Groningen 2019"),
    Reference("003", _LPBL, "2014", "MKBA Overlast Zorg Overleg Arnhem", "In opdracht van de gemeente Arnhem",
              "dossieranalyse van de casussen uit 2012", aliases=("OZO Arnhem", "Arnhem", "OZO"),
              short="LPBL Arnhem 2014"),
    Reference("004", _LPBL, "2021", "Onderbouwing beleidsplan West Betuwe", "In opdracht van de gemeente West Betuwe",
              "onderbouwing van het beleidsplan 'Bouwen aan sociale kracht'", aliases=("West Betuwe", "West-Betuwe"),
              short="LPBL West Betuwe 2021"),
)}
"""The five LPBL reports, by their internal code (the file numbers of the project's domain evidence)."""
LEEUWARDEN, META, GRONINGEN, ARNHEM, WEST_BETUWE = (REPORTS[code].name for code in ("000", "001", "002", "003", "004"))
"""The reports' names as a sentence cites them ('LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams'), for the
sources written in code (the standard uncertainty ranges, the dossier aggregates)."""

_OTHERS: tuple[Reference, ...] = (
    Reference("oei_2000", "Eijgenraam, Koopmans e.a.", "2000",
              "Evaluatie van infrastructuurprojecten; leidraad voor kosten-batenanalyse (OEI-leidraad)",
              "Deel I: Hoofdrapport & Deel II: Capita Selecta",
              "aangehaald in LPBL (2012), MKBA Frontlijnteam Heechterp-Schieringen Leeuwarden, noot 23",
              marks=("OEI-leidraad", "Eijgenraam")),
    Reference("brief_2007", "Minister van Financiën", "2007", "Brief van 8 maart 2007 over de discontovoet",
              "Kenmerk IRF 2007-0090 M",
              "aangehaald in LPBL (2012), MKBA Frontlijnteam Heechterp-Schieringen Leeuwarden, noot 24 en LPBL "
              "(2014), MKBA Overlast Zorg Overleg Arnhem, noot 19", marks=("8 maart 2007",)),
    Reference("werkgroep_2015", "Werkgroep discontovoet", "2015", "Rapport Werkgroep discontovoet 2015",
              "Ministerie van Financiën, Den Haag", marks=("Werkgroep discontovoet 2015",)),
    Reference("werkgroep_2020", "Werkgroep discontovoet", "2020", "Rapport Werkgroep discontovoet 2020",
              "Ministerie van Financiën, Den Haag", marks=("Werkgroep discontovoet 2020",)),
    Reference("kamerstuk_2015", "Minister van Financiën", "2015", "Brief van 13 november 2015 over de discontovoet",
              "Kamerstuk 29 352, nr. 6", marks=("29 352",)),
    Reference("rwseconomie", "Rijkswaterstaat", "z.j.", "rwseconomie.nl, over disconteren in een MKBA", "",
              marks=("rwseconomie.nl",)),
    Reference("werkgroep_2025", "ObjectVision/RSopen", "z.j.",
              "Wiki Verdiscontering, over de Werkgroep discontovoet 2025", "",
              "de standaardvariant van 2,8% is niet bevestigd in een primaire bron", marks=("ObjectVision",)),
    Reference("cbs_cpi", "CBS StatLine", "", "Consumentenprijzen; prijsindex 2015=100 (tabel 83131NED)",
              "Centraal Bureau voor de Statistiek, Den Haag/Heerlen", "jaarmutatie CPI alle bestedingen",
              marks=("83131NED",)),
    Reference("cbs_2009", "CBS", "2010", "Inflatie 2009: grootste bijdragen en grootste prijsveranderingen",
              "Centraal Bureau voor de Statistiek, januari 2010", marks=("Inflatie 2009",)),
    Reference("cbs_2025", "CBS", "2026", "Bericht van 13 januari 2026 over de prijzen in 2025 (StatLine 86141NED, "
              "CPI 2025=100)", "Centraal Bureau voor de Statistiek",
              "gemeld door onder meer Blik op Nieuws en Accountancy van Morgen", marks=("86141NED",)),
    Reference("seo_2016", "Koopmans, C. e.a.", "2016", "Werkwijzer voor kosten-batenanalyses in het sociale domein",
              "SEO Economisch Onderzoek, Amsterdam",
              "aangehaald in LPBL (2019), Evaluatie WIJ-teams Groningen, noot 19", marks=("werkwijzer 2016", "SEO")),
    Reference("trimbos_2010", "Trimbos-instituut", "2010",
              "Monitor Plan van Aanpak Maatschappelijke Opvang – rapportage 2009", "Utrecht",
              "aangehaald in LPBL (2014), MKBA Overlast Zorg Overleg Arnhem, noot 11", marks=("Trimbos",)),
    Reference("hiemstra", "Hiemstra en De Vries", "z.j.", "Onderzoek naar het succes van schuldhulpverlening",
              "", "titel niet vermeld; aangehaald in LPBL (2012), MKBA Frontlijnteam Heechterp-Schieringen "
              "Leeuwarden, noot 15 en LPBL (2014), MKBA Overlast Zorg Overleg Arnhem, noot 10",
              marks=("Hiemstra",)),
    Reference("deloitte", "Deloitte", "z.j.", "Normbedragen jeugdzorg", "",
              "aangehaald in LPBL (2014), MKBA Overlast Zorg Overleg Arnhem, noot 13", marks=("Deloitte",)),
    Reference("brancherapport_2009", "Jeugdzorg", "2009", "Brancherapport jeugdzorg 2009", "",
              "aangehaald in LPBL (2014), MKBA Overlast Zorg Overleg Arnhem, noot 14",
              marks=("brancherapport jeugdzorg",)),
    Reference("jeugdzorg_nl", "Jeugdzorg Nederland", "z.j.", "Cijfers over uithuisplaatsingen", "",
              "aangehaald in LPBL (2014), MKBA Overlast Zorg Overleg Arnhem, paragraaf 3.2.3 punt 2c",
              marks=("Jeugdzorg Nederland",)),
    Reference("ipcc_2010", "Mastrandrea, M.D. e.a.", "2010",
              "Guidance note for lead authors of the IPCC fifth assessment report on consistent treatment of "
              "uncertainties", "Intergovernmental Panel on Climate Change (IPCC)",
              "tabel 1: de woorden voor een kans ('waarschijnlijk', 'zeer waarschijnlijk')",
              marks=("Mastrandrea", "IPCC")),
)
REFERENCES: dict[str, Reference] = {**REPORTS, **{r.key: r for r in _OTHERS}}
"""Every source the project cites, the LPBL reports first."""


# ---------------------------------------------------------------------------------------------
# The grammar of a citation: a code or a report's name, then the places in the report
# ---------------------------------------------------------------------------------------------

_WORDS = {"tabel": "tabel", "figuur": "figuur", "bijlage": "bijlage", "noot": "noot", "note": "noot",
          "hoofdstuk": "hoofdstuk", "paragraaf": "paragraaf", "§": "paragraaf"}
_WORD = r"(?:[Tt]abel|[Ff]iguur|[Bb]ijlage|[Nn]oot|[Nn]ote|[Hh]oofdstuk|[Pp]aragraaf|§)"
_SECTION = r"[1-9]\d?(?:\.\d{1,2}){1,3}(?![\d%])"
_NUMBER = r"(?:[IVX]{1,5}(?:\.\d{1,2})?(?![\w])|[1-9]\d{0,2}(?:\.\d{1,2}){0,3}(?![\d%]))"
_POINT = r"(?:\s+punt\s+(?P<point>[1-9]\d?[a-e]?)|\s+(?P<bare_point>[1-9][a-e]))(?![\w%]|[.,]\d)"
_ITEM = re.compile(rf"(?:(?P<word>{_WORD})\s*(?P<number>{_NUMBER})|(?P<section>{_SECTION}))(?:{_POINT})?")
_CONTINUATION = re.compile(rf"(?P<number>{_NUMBER})(?:{_POINT})?")
_SEPARATOR = re.compile(r"\s+en\s+|\s*[-–]\s*|,\s+|\s+")
_CODE_NUMBER, _CODE_NOT_AFTER, _CODE_NOT_BEFORE = "00[0-4]", (r"[\w€/-]", r"\d[.,]"), r"(?![\w/]|[.,]\d)"
"""An internal code: 000-004, not inside a word or a number ('1.001', '2,003', '€004', '001/2')."""
_CODE = re.compile("".join(f"(?<!{c})" for c in _CODE_NOT_AFTER) + f"(?P<code>{_CODE_NUMBER}){_CODE_NOT_BEFORE}")
_CODE_SCAN = (f"(?P<code>{_CODE_NUMBER})" + "".join(f"(?<!{c}{_CODE_NUMBER})" for c in _CODE_NOT_AFTER)
              + _CODE_NOT_BEFORE)
"""``_CODE`` with its look-behinds after the digits: the same matches, found in half the time (a scan tries the
look-behinds only where 000-004 stands)."""


@dataclass(frozen=True)
class Place:
    """One place in a report. ``word`` (tabel, paragraaf, ...) is empty when it continues the previous place's
    run ('tabel 4.5 en 4.7', 'paragraaf 4.3-4.5'); ``kind`` is the word it counts under either way."""

    word: str
    number: str
    point: str = ""
    kind: str = ""

    def text(self) -> str:
        head = f"{self.word} {self.number}" if self.word else self.number
        return f"{head} punt {self.point}" if self.point else head

    def full(self) -> str:
        """The place with its word also when it continues a run: 'tabel 4.7' for the '4.7' of 'tabel 4.5 en 4.7'."""
        head = f"{self.kind} {self.number}"
        return f"{head} punt {self.point}" if self.point else head


def _shape(number: str) -> str:
    return "roman" if number[:1] in "IVX" else "dotted" if "." in number else "plain"


def _point(m: re.Match[str]) -> str:
    return m.group("point") or m.group("bare_point") or ""


def _next_place(text: str, at: int, joined: bool, previous: Place | None) -> tuple[Place, int] | None:
    """The place at ``at``; ``joined``: the separator was 'en', '-' or ',' (not a bare space)."""
    item = _ITEM.match(text, at)
    if item is not None and item.group("word"):
        word = _WORDS[item.group("word").lower()]
        return Place(word, item.group("number"), _point(item), word), item.end()
    if previous is not None and joined and previous.kind != "paragraaf":  # 'tabel 3.7 en 4.1', 'bijlage VI en VII'
        cont = _CONTINUATION.match(text, at)
        if cont is not None and _shape(cont.group("number")) == _shape(previous.number):
            return Place("", cont.group("number"), _point(cont), previous.kind), cont.end()
    if item is not None and (previous is None or joined):  # a bare section: 'paragraaf', once per run
        run = previous is not None and previous.kind == "paragraaf"
        return Place("" if run else "paragraaf", item.group("section"), _point(item), "paragraaf"), item.end()
    return None


def _places(text: str, start: int) -> tuple[list[tuple[str, Place]], int]:
    """The places from ``start`` (just after the report): (separator, place) pairs and where they end.

    The first place follows the report after a space or a comma; later ones after 'en', '-', ',' or, for a
    worded place, a space ('4.3 noot 21').
    """
    found: list[tuple[str, Place]] = []
    pos = start
    while True:
        sep = _SEPARATOR.match(text, pos)
        if sep is None:
            return found, pos
        joiner = sep.group(0).strip()
        if not found and joiner not in ("", ","):
            return found, pos
        nxt = _next_place(text, sep.end(), joiner != "", found[-1][1] if found else None)
        if nxt is None:
            return found, pos
        found.append((joiner, nxt[0]))
        pos = nxt[1]


def _join(found: list[tuple[str, Place]]) -> str:
    out = []
    for i, (joiner, place) in enumerate(found):
        if i:
            out.append(" en " if joiner == "en" else "-" if joiner in ("-", "–") else ", ")
        out.append(place.text())
    return "".join(out)


@dataclass(frozen=True)
class Citation:
    """A source cited in a text, and the places in it (empty when the whole source is meant)."""

    reference: Reference
    places: tuple[str, ...] = ()

    def places_text(self) -> str:
        """The places grouped by their word, in the report's order: 'bijlage 2 en 3; paragraaf 4.3 en 4.5'."""
        groups: dict[str, dict[str, list[str]]] = {}
        for place in self.places:
            word, _, rest = place.partition(" ")
            number, _, point = rest.partition(" punt ")
            points = groups.setdefault(word, {}).setdefault(number, [])
            if point and point not in points:
                points.append(point)
        parts = []
        for word in sorted(groups, key=_WORD_ORDER.index):
            numbers = [n + (f" (punt {_listed(sorted(p, key=_natural))})" if p else "")
                       for n, p in sorted(groups[word].items(), key=lambda item: _natural(item[0]))]
            parts.append(f"{word} {_listed(numbers)}")
        return "; ".join(parts)


def _listed(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " en " + items[-1] if len(items) > 1 else items[0]


_WORD_ORDER = ["hoofdstuk", "paragraaf", "tabel", "figuur", "noot", "bijlage"]


def _natural(number: str) -> tuple[tuple[int, str], ...]:
    """'3.10' after '3.9', 'VII' after 'VI', '3.2.3 punt 2c' after '3.2.3 punt 1a'."""
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
    parts = re.findall(r"\d+|[A-Za-z]+", number)
    return tuple((roman[p], "") if p in roman else (int(p), "") if p.isdigit() else (0, p) for p in parts)


@dataclass
class _Parse:
    text: str = ""
    citations: list[Citation] = field(default_factory=list)


def _alias_end(text: str, start: int, ref: Reference) -> int:
    """Past a short name of ``ref`` that follows its code (and a comma before the places), or ``start``."""
    for alias in sorted(ref.aliases, key=len, reverse=True):
        if text.startswith(" " + alias, start):
            end = start + 1 + len(alias)
            if end == len(text) or not text[end].isalnum():
                return end
    return start


@functools.cache
def _citation_pattern() -> tuple[re.Pattern[str], dict[str, Reference]]:
    """A code or a report's full name, and the reports by name (built once: the tables are constant)."""
    names = {r.name: r for r in REPORTS.values()}
    return re.compile("|".join([_CODE_SCAN, *(re.escape(n) for n in sorted(names, key=len, reverse=True))])), names


def _parse(text: str, short: bool = False, *, others: bool = True) -> _Parse:
    """The readable text and the citations of ``text``; with ``others`` also the other sources it names by their
    marks (what ``cited`` lists; ``readable`` needs the text alone)."""
    out = _Parse()
    pattern, names = _citation_pattern()
    pieces: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() < pos:
            continue
        ref = REPORTS[m.group("code")] if m.group("code") else names[m.group(0)]
        end = m.end()
        if m.group("code"):
            end = _alias_end(text, end, ref)
            year = f" ({ref.year})"
            if text.startswith(year, end):
                end += len(year)
        places, after = _places(text, end)
        pieces.append(text[pos:m.start()])
        where = _join(places).replace("paragraaf ", "par. ") if short else _join(places)
        pieces.append((ref.short if short else ref.name) + (", " + where if places else ""))
        out.citations.append(Citation(ref, tuple(p.full() for _, p in places)))
        pos = after if places else end
    pieces.append(text[pos:])
    out.text = "".join(pieces)
    for ref in _OTHERS if others else ():
        if any(mark in out.text for mark in ref.marks):
            out.citations.append(Citation(ref))
    return out


@functools.lru_cache(maxsize=8192)
def readable(text: str, *, short: bool = False) -> str:
    """``text`` with every internal citation written as the report's name and place (module doc).

    ``short`` writes a code or a report's name as its short name ('LPBL Arnhem 2014, par. 3.2.2'), for
    the few places with no room for the full name (Excel's input messages).

    >>> readable("001 Tabel 4.5: kengetal 30%")
    "LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, tabel 4.5: kengetal 30%"
    >>> readable("003 3.2.3 2c (normbedrag Deloitte)")
    'LPBL (2014), MKBA Overlast Zorg Overleg Arnhem, paragraaf 3.2.3 punt 2c (normbedrag Deloitte)'
    """
    if not text:
        return text
    return _parse(text, short, others=False).text


def readable_within(text: str, limit: int) -> str:
    """``readable(text)``, or with the reports' short names when the full ones make it longer than ``limit``
    characters (an Excel input message takes 255)."""
    full = readable(text)
    return full if len(full) <= limit else readable(full, short=True)


def cite(code: str, where: str = "") -> str:
    """The readable citation of LPBL report ``code`` at ``where`` (compact or readable places)."""
    return readable(f"{code} {where}".rstrip())


def cited(texts: Iterable[str]) -> list[Citation]:
    """The sources ``texts`` cite, each once with every place used, in ``REFERENCES`` order."""
    places: dict[str, list[str]] = {}
    for text in texts:
        for c in _parse(text or "").citations:
            seen = places.setdefault(c.reference.key, [])
            seen += [p for p in c.places if p not in seen]
    return [Citation(REFERENCES[key], tuple(places[key])) for key in REFERENCES if key in places]


_INTERNAL = re.compile(rf"{_CODE.pattern}|\bseeds?\b", re.IGNORECASE)


def internal_words(text: str) -> list[str]:
    """The internal codes and the word 'seed(s)' in ``text``: what no user-facing text may contain."""
    return [m.group(0) for m in _INTERNAL.finditer(text or "")]
