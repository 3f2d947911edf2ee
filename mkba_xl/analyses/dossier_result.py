"""The result sheet 'Resultaat dossiers' (titled 'Dossieranalyse') and the two workbooks of ``mkba-xl dossiers``.

The sheet shows what the sample says: the aggregates that feed INVOER (with the cell, what INVOER holds, the 90%
interval, the base and the small-sample warnings), those that only inform, and two native charts after 002
Groningen: problems per leefgebied at the start and now, gross and net (Figuur 4.8), and the trajectories per
voorziening by who carries them (Figuur 4.4). After a take-over it lists every changed INVOER cell with its
source. The charts read the tables on the sheet itself.

* ``write_dossier_result``: a workbook with only this sheet;
* ``write_takeover``: a new input workbook (INVOER with the derived values and a note on each changed cell,
  KENGETALLEN, the input sheets as read but ONZEKERHEID with the sample's intervals) with this sheet; the
  original workbook is never touched.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..dutch import plain
from ..kengetallen import Kengetallen
from ..references import GRONINGEN
from ..schema import INVOER_SHEET, NUMBER, ONZEKERHEID_SHEET, SHARE, fields_by_key
from ..xlsx.book import write_atomically
from ..xlsx.cells import write_number_or_text, write_text
from ..xlsx.styles import (
    AXIS_GREY,
    BENEFIT_GREEN,
    CHART_LIGHT_BLUE,
    COST_RED,
    GRIDLINE_GREY,
    HEADER_BLUE,
    INPUT_FORMATS,
    NAVY,
    RULE_GREY,
    TEXT_GREY,
    VALUE_FORMATS,
    Formats,
    wrapped_lines,
)
from .dossier_intervals import LEVEL, RESAMPLES
from .dossier_job import DossierResult
from .dossier_report import METHOD_TEXTS, Row, is_share, warning_text
from .dossiers import INTERVENTIONS, LEEFGEBIEDEN

RESULT_SHEET = "Resultaat dossiers"
"""Not DOSSIERS: Excel sheet names ignore case, and a workbook taken over holds both sheets."""
LEEFGEBIED_CHART = "Probleem per leefgebied bij aanvang en nu, bruto en netto"
TRAJECTORY_CHART = "Nieuwe trajecten per voorziening: door wie"
_HEADERS = ("Onderdeel", "Cel", "In INVOER", "Uit de dossiers", "90% laag", "90% hoog", "n (basis)", "Gevallen",
            "Methode", "Let op", "Bron")
_WIDTHS = (2, 62, 9, 12, 13, 11, 11, 9, 9, 15, 30, 70)
_LAST_COL = len(_WIDTHS) - 1
_ROW_PX = 20
_CHART = {"width": 860, "height": 460}


class _Sheet:
    """The sheet being written: its worksheet, formats and the next free row."""

    def __init__(self, workbook: Workbook, formats: Formats) -> None:
        self.workbook, self.formats, self.row = workbook, formats, 0
        self.ws = workbook.add_worksheet(RESULT_SHEET)
        g = formats.get
        self.bold = g(bold=True)
        self.note = g(italic=True, font_color=TEXT_GREY)
        self.head = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True, valign="top")
        self.text = g(text_wrap=True, valign="top")
        self.small = g(font_size=9, font_color=TEXT_GREY, text_wrap=True, valign="top")
        self.warn = g(font_color=COST_RED, text_wrap=True, valign="top")
        self.section = g(bold=True, font_size=13)
        self.count = g(num_format="#,##0.#", valign="top")

    def value_format(self, share: bool, *, differs: bool = False) -> Format:
        fmt = INPUT_FORMATS[SHARE] if share else VALUE_FORMATS[NUMBER]
        return self.formats.get(num_format=fmt, valign="top", **({"font_color": COST_RED, "bold": True}
                                                                  if differs else {}))

    def line(self, text: str, fmt: Format | None = None, *, height: bool = False) -> None:
        write_text(self.ws, self.row, 1, text, fmt or self.note)
        if height:
            self.ws.set_row(self.row, 15.0 * wrapped_lines(text, sum(_WIDTHS[1:8])))
        self.row += 1

    def header(self, titles: Sequence[str], height: float = 30) -> None:
        self.ws.set_row(self.row, height)
        for i, title in enumerate(titles):
            write_text(self.ws, self.row, 1 + i, title, self.head)
        self.row += 1


def add_dossier_result_sheet(workbook: Workbook, formats: Formats, result: DossierResult) -> Worksheet:
    """The sheet 'Resultaat dossiers' (see the module docstring)."""
    s = _Sheet(workbook, formats)
    ws = s.ws
    ws.hide_gridlines(2)
    for col, width in enumerate(_WIDTHS):
        ws.set_column(col, col, width)
    _intro(s, result)
    s.line("1. Naar INVOER: de cellen die de steekproef kan vullen", s.section)
    s.line("Rood: INVOER rekent met een waarde buiten het 90%-interval van de steekproef.")
    _aggregate_table(s, result.fed)
    s.row += 1
    s.line("2. Ter informatie", s.section)
    _aggregate_table(s, result.info)
    s.row += 1
    _leefgebieden(s, result)
    _trajectories(s, result)
    if result.takeover is not None:
        _takeover(s, result)
    if result.report.warnings:
        s.line("Meldingen bij de steekproef", s.section)
        for p in result.report.warnings:
            s.line(p.as_text(), s.warn, height=True)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.print_area(0, 0, s.row, _LAST_COL)
    return ws


def _intro(s: _Sheet, result: DossierResult) -> None:
    a, sheet = result.analysis, result.sheet
    s.ws.set_row(0, 24)
    s.line("Dossieranalyse", s.formats.title)
    meta = result.meta
    s.line(f"{meta['gemeente']} — {meta['aanpak']}" if meta else "INVOER is nog niet (foutloos) ingevuld.", s.bold)
    s.line(f"Steekproef: {sheet.description or '(geen beschrijving in cel C3 van het blad DOSSIERS)'}", s.bold)
    s.line(f"n = {plain(a.n)} dossiers van {plain(sheet.members)} teamleden. Intervallen: {round(LEVEL * 100)}%, "
           f"Wilson voor aandelen van dossiers, percentiele bootstrap ({plain(RESAMPLES)} trekkingen, vast zaad) voor "
           "gemiddelden en verhoudingen; ze tonen de toevalsfout van de steekproef, niet de onzekerheid van de "
           "oordelen van teamleden.")
    for reason in result.settings.reasons:
        s.line(reason)
    s.row += 1


def _aggregate_table(s: _Sheet, rows: Sequence[Row]) -> None:
    s.header(_HEADERS)
    for row in rows:
        a = row.aggregate
        share = is_share(a)
        r = s.row
        write_text(s.ws, r, 1, row.label, s.text)
        if row.cell:
            write_text(s.ws, r, 2, row.cell, s.text)
        if row.current is None:
            s.ws.write_blank(r, 3, None)
        else:
            s.ws.write_number(r, 3, row.current, s.value_format(share, differs=row.differs))
        fmt = s.value_format(share)
        for col, x in ((4, a.value), (5, a.low), (6, a.high)):
            write_number_or_text(s.ws, r, col, x, fmt)
        s.ws.write_number(r, 7, a.n, s.count)
        s.ws.write_number(r, 8, a.cases, s.count)
        write_text(s.ws, r, 9, METHOD_TEXTS[a.method], s.text)
        if warning_text(a):
            write_text(s.ws, r, 10, warning_text(a), s.warn)
        write_text(s.ws, r, 11, a.source, s.small)
        lines = max(wrapped_lines(row.label, _WIDTHS[1]), wrapped_lines(a.source, _WIDTHS[11] * 1.2))
        if lines > 1:
            s.ws.set_row(r, 15.0 * lines)
        s.row += 1


def _leefgebieden(s: _Sheet, result: DossierResult) -> None:
    by_key = result.analysis.by_key
    s.line("3. Probleem per leefgebied bij aanvang en nu (aandeel van de dossiers)", s.section)
    s.line(f"Zoals {GRONINGEN}, Figuur 4.8. Netto: verbeteringen die vooral door anderen komen tellen niet mee. "
           "Verbeterd: van de dossiers met het probleem bij aanvang.")
    columns = (("start", "Bij aanvang"), ("nu", "Nu (bruto)"), ("nu_netto", "Nu, als alleen het team telt (netto)"),
               ("bruto", "Verbeterd (bruto)"), ("netto", "Verbeterd door het team (netto)"))
    s.header(("Leefgebied", *(title for _, title in columns), "n (basis)", "n met probleem bij aanvang"), 45)
    first = s.row
    share = s.value_format(True)
    for name, text in LEEFGEBIEDEN.items():
        write_text(s.ws, s.row, 1, text, s.text)
        for i, (measure, _) in enumerate(columns):
            write_number_or_text(s.ws, s.row, 2 + i, by_key[f"leefgebied.{name}.{measure}"].value, share)
        s.ws.write_number(s.row, 2 + len(columns), by_key[f"leefgebied.{name}.start"].n, s.count)
        s.ws.write_number(s.row, 3 + len(columns), by_key[f"leefgebied.{name}.bruto"].n, s.count)
        s.row += 1
    last = s.row - 1
    chart = s.workbook.add_chart({"type": "bar"})
    for i, colour in enumerate((NAVY, CHART_LIGHT_BLUE, RULE_GREY)):
        chart.add_series({"name": [RESULT_SHEET, first - 1, 2 + i], "categories": [RESULT_SHEET, first, 1, last, 1],
                          "values": [RESULT_SHEET, first, 2 + i, last, 2 + i], "fill": {"color": colour},
                          "border": {"none": True}, "gap": 60})
    _finish(chart, LEEFGEBIED_CHART, "0%",
            f"Aandeel van de dossiers met een probleem (n = {plain(result.analysis.n)})")
    _insert(s, chart)


def _trajectories(s: _Sheet, result: DossierResult) -> None:
    s.line("4. Trajecten per voorziening in de steekproef (aantallen)", s.section)
    s.line(f"Zoals {GRONINGEN}, 4.2 en Figuur 4.4. Extra en dead weight: nieuwe professionele trajecten, al dan niet "
           "ook in de oude werkwijze; door het team en eigen kracht/netwerk: steun zonder professional.")
    columns = (("extra", "Extra (professioneel)", COST_RED),
               ("dead_weight", "Dead weight (ook in oude werkwijze)", RULE_GREY),
               ("by_team", "Door het team", NAVY), ("by_network", "Eigen kracht / netwerk", BENEFIT_GREEN))
    others = (("at_start", "Lopend bij aanvang"), ("substituted", "Gesubstitueerd"), ("dropped", "Geschrapt"))
    s.header(("Voorziening", *(title for _, title, _ in columns), *(title for _, title in others)), 45)
    first = s.row
    attributes = [attr for attr, _, _ in columns] + [attr for attr, _ in others]
    for t in result.analysis.trajectories:
        write_text(s.ws, s.row, 1, INTERVENTIONS[t.voorziening], s.text)
        for i, attr in enumerate(attributes):
            s.ws.write_number(s.row, 2 + i, getattr(t, attr), s.count)
        s.row += 1
    last = s.row - 1
    chart = s.workbook.add_chart({"type": "bar", "subtype": "stacked"})
    for i, (_, _, colour) in enumerate(columns):
        chart.add_series({"name": [RESULT_SHEET, first - 1, 2 + i], "categories": [RESULT_SHEET, first, 1, last, 1],
                          "values": [RESULT_SHEET, first, 2 + i, last, 2 + i], "fill": {"color": colour},
                          "border": {"none": True}, "gap": 50})
    _finish(chart, TRAJECTORY_CHART, "0",
            f"Aantal nieuwe trajecten in de steekproef (n = {plain(result.analysis.n)} huishoudens)")
    _insert(s, chart)


def _finish(chart: Any, title: str, num_format: str, axis: str) -> None:
    """Title, value axis at the bottom with gridlines, categories top-down, legend below."""
    chart.set_title({"name": title, "name_font": {"size": 13}})
    chart.set_x_axis({"num_format": num_format, "num_font": {"size": 9}, "min": 0, "name": axis,
                      "major_gridlines": {"visible": True, "line": {"color": GRIDLINE_GREY}},
                      "name_font": {"size": 9, "bold": False}})
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 9}, "line": {"color": AXIS_GREY}})
    chart.set_legend({"position": "bottom"})


def _insert(s: _Sheet, chart: Any) -> None:
    chart.set_size(_CHART)
    s.row += 1
    s.ws.insert_chart(s.row, 1, chart, {"object_position": 3})
    s.row += -(-_CHART["height"] // _ROW_PX) + 2


def _takeover(s: _Sheet, result: DossierResult) -> None:
    takeover = result.takeover
    assert takeover is not None
    s.line(f"5. Overgenomen in het blad {INVOER_SHEET} van dit werkboek", s.section)
    s.line("Het oorspronkelijke werkboek is niet veranderd. Elke cel hieronder heeft op het blad INVOER een notitie "
           "met haar bron.")
    s.header(("Veld", "Cel", "Was", "Wordt", "Bron"))
    fields = fields_by_key()
    for c in takeover.changes:
        share = fields[c.key].type == SHARE
        write_text(s.ws, s.row, 1, c.label, s.text)
        write_text(s.ws, s.row, 2, c.cell, s.text)
        for col, value in ((3, c.before), (4, c.after)):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                s.ws.write_number(s.row, col, value, s.value_format(share))
            else:
                write_text(s.ws, s.row, col, "(leeg)" if value is None else value, s.text)
        s.ws.merge_range(s.row, 5, s.row, _LAST_COL, "", s.small)
        write_text(s.ws, s.row, 5, c.source, s.small)
        lines = max(wrapped_lines(c.label, _WIDTHS[1]), wrapped_lines(c.source, sum(_WIDTHS[5:]) * 1.2))
        if lines > 1:
            s.ws.set_row(s.row, 15.0 * lines)
        s.row += 1
    if takeover.skipped:
        s.row += 1
        s.line("Niet overgenomen", s.bold)
        for text in takeover.skipped:
            s.line(text, s.warn, height=True)
    if takeover.uncertainty_notes:
        s.row += 1
        s.line(f"Op het blad {ONZEKERHEID_SHEET}: de intervallen als driehoek rond de INVOER-waarde (het 90%-interval "
               "als 5e en 95e percentiel; mkba-xl onzekerheid trekt ze)", s.bold)
        for text in takeover.uncertainty_notes:
            s.line(text, height=True)
    s.row += 1


def write_dossier_result(path: str | os.PathLike[str], result: DossierResult, *, overwrite: bool = True) -> None:
    """A workbook with only the sheet 'Resultaat dossiers', written atomically and reproducibly (without ``overwrite``
    an existing target is refused when the file is published, ``xlsx.book``)."""
    def build(workbook: Workbook, formats: Formats) -> None:
        add_dossier_result_sheet(workbook, formats, result).activate()

    write_atomically(path, build, overwrite=overwrite)


def write_takeover(path: str | os.PathLike[str], result: DossierResult, kengetallen: Kengetallen,
                   sheets: Mapping[str, Any], *, overwrite: bool = True) -> None:
    """The new input workbook of ``--neem-over`` (see the module docstring), written atomically."""
    from .. import template
    from ..input_sheets import add_input_sheets

    takeover = result.takeover
    assert takeover is not None

    def build(workbook: Workbook, formats: Formats) -> None:
        invoer = template.add_invoer_sheet(workbook, formats, values=takeover.values, kengetallen=kengetallen)
        for c in takeover.changes:
            invoer.write_comment(c.cell, f"{c.label}: {c.source}"[:2000], {"author": "mkba-xl", "x_scale": 3,
                                                                            "y_scale": 3})
        template.add_kengetallen_sheet(workbook, formats, kengetallen)
        add_input_sheets(workbook, formats, {**sheets, "onzekerheid": takeover.uncertainty})
        add_dossier_result_sheet(workbook, formats, result).activate()
        invoer.set_first_sheet()

    write_atomically(path, build, overwrite=overwrite)
