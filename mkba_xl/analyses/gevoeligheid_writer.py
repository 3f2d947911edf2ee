"""The results of the sensitivity analysis: ``add_gevoeligheid_sheet`` (table sorted by impact, tornado chart,
switching values) and ``write_gevoeligheid``, a standalone results workbook written atomically. The user's input
sheet GEVOELIGHEID is ``gevoeligheid_sheet``'s (a plain run writes it without importing the analysis).

The results sheet is called ``RESULT_SHEET`` ('Resultaat gevoeligheid', titled Gevoeligheidsanalyse), not
GEVOELIGHEID: Excel sheet names ignore case, an output workbook that is itself an input may need both sheets, and
a tab 'Gevoeligheidsanalyse' beside GEVOELIGHEID is easily taken for the input. Input sheets are in capitals,
computed result sheets of the analyses are called 'Resultaat ...'.
"""

from __future__ import annotations

import os

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..dutch import show
from ..xlsx.book import write_atomically
from ..xlsx.cells import write_number_or_text as _number
from ..xlsx.cells import write_text as _text
from ..xlsx.styles import (
    AXIS_GREY,
    BENEFIT_GREEN,
    COST_RED,
    EURO_AMOUNT,
    EURO_CHART_SIGNED,
    GRIDLINE_GREY,
    HEADER_BLUE,
    NUMBER_FALLBACK,
    RATIO,
    RULE_GREY,
    TEXT_GREY,
    VALUE_FORMATS,
    Formats,
    wrapped_lines,
)
from .gevoeligheid import Analysis
from .omslagwaarden import NOT_IN_RANGE, SwitchingValue

RESULT_SHEET = "Resultaat gevoeligheid"


# Results sheet layout (0-based columns)
_TABLE_HEADERS = ("Omschrijving", "Saldo (NCW)", "Verandering saldo", "Financiële K-B", "Maatschappelijke K-B",
                  "Saldo gemeente na 2 jaar", "Verandering saldo gemeente", "Bron")
_TABLE_WIDTHS = (2, 66, 17, 17, 17, 17, 17, 17, 44)
_SOURCE_COL = 8
_SWITCH_HEADERS = ("Aanname", "Huidige waarde", "Waarde bij saldo 0", "Waarde bij gemeentesaldo 0",
                   "Toegestaan bereik")
CHART_TITLE = "Gevoeligheid: verandering van het saldo"
_DATA_COL = 10  # column K: the tornado's data, right of the table
_ROW_PX = 20


def add_gevoeligheid_sheet(workbook: Workbook, formats: Formats, analysis: Analysis, *,
                           name: str = RESULT_SHEET) -> Worksheet:
    """The results sheet: variations sorted by impact, a tornado chart, and the switching values."""
    ws = workbook.add_worksheet(name)
    g = formats.get
    bold = g(bold=True)
    note = g(italic=True, font_color=TEXT_GREY)
    note_wrap = g(italic=True, font_color=TEXT_GREY, text_wrap=True, valign="top")
    head_l = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True, valign="top")
    head_r = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True, valign="top",
               align="right")
    text = g(text_wrap=True, valign="top")
    small = g(font_size=9, font_color=TEXT_GREY, text_wrap=True, valign="top", indent=1)
    amount = g(num_format=EURO_AMOUNT, valign="top")
    ratio = g(num_format=RATIO, valign="top")
    up = g(num_format=EURO_AMOUNT, font_color=BENEFIT_GREEN, valign="top")
    down = g(num_format=EURO_AMOUNT, font_color=COST_RED, valign="top")
    base_text = g(bold=True, top=1, bottom=1, bottom_color=RULE_GREY)
    base_amount = g(bold=True, num_format=EURO_AMOUNT, top=1, bottom=1, bottom_color=RULE_GREY)
    base_ratio = g(bold=True, num_format=RATIO, top=1, bottom=1, bottom_color=RULE_GREY)
    base_blank = g(top=1, bottom=1, bottom_color=RULE_GREY)

    ws.hide_gridlines(2)
    for col, width in enumerate(_TABLE_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_column(_DATA_COL - 1, _DATA_COL - 1, 3)
    ws.set_column(_DATA_COL, _DATA_COL, 40)
    ws.set_column(_DATA_COL + 1, _DATA_COL + 1, 15)

    meta = analysis.meta
    ws.set_row(0, 24)
    _text(ws, 0, 1, "Gevoeligheidsanalyse", formats.title)
    _text(ws, 1, 1, f"{meta.get('gemeente', '')} — {meta.get('aanpak', '')}, analysejaar {meta.get('analysejaar', '')};"
                    f" disconteringsregel {meta.get('disconteringsregel', '')}", bold)
    _text(ws, 2, 1, "Per regel is één aanname gewijzigd; alle andere invoer is gelijk aan de basis. Gesorteerd op de "
                    "grootte van de verandering van het saldo (grootste bovenaan).", note)
    _text(ws, 3, 1, "Saldo en K-B: netto contante waarde (NCW) van één jaar aanpak. Saldo gemeente: begroting na "
                    "2 jaar (kasstromen, niet verdisconteerd).", note)

    top = 5
    ws.set_row(top, 30)
    for i, h in enumerate(_TABLE_HEADERS):
        _text(ws, top, 1 + i, h, head_l if i in (0, 7) else head_r)
    b = analysis.basis
    r = top + 1
    _text(ws, r, 1, b.omschrijving, base_text)
    _number(ws, r, 2, b.saldo, base_amount)
    ws.write_blank(r, 3, None, base_blank)
    _number(ws, r, 4, b.kb_financieel, base_ratio)
    _number(ws, r, 5, b.kb_maatschappelijk, base_ratio)
    _number(ws, r, 6, b.saldo_gemeente_2_jaar, base_amount)
    ws.write_blank(r, 7, None, base_blank)
    ws.write_blank(r, 8, None, base_blank)
    first = r + 1
    for i, o in enumerate(analysis.variaties):
        r = first + i
        _text(ws, r, 1, o.omschrijving, text)
        _number(ws, r, 2, o.saldo, amount)
        _number(ws, r, 3, o.verandering_saldo, up if o.verandering_saldo >= 0 else down)
        _number(ws, r, 4, o.kb_financieel, ratio)
        _number(ws, r, 5, o.kb_maatschappelijk, ratio)
        _number(ws, r, 6, o.saldo_gemeente_2_jaar, amount)
        _number(ws, r, 7, o.verandering_saldo_gemeente, up if o.verandering_saldo_gemeente >= 0 else down)
        _text(ws, r, 8, o.bron, small)
        lines = max(wrapped_lines(o.omschrijving, _TABLE_WIDTHS[1]),
                    wrapped_lines(o.bron, _TABLE_WIDTHS[_SOURCE_COL] * 1.2))  # the source is in 9 pt
        if lines > 1:
            ws.set_row(r, 15.0 * lines)
    last = first + len(analysis.variaties) - 1
    row = last + 2
    if analysis.meldingen:
        _text(ws, row, 1, "Meldingen", g(bold=True, font_color=COST_RED))
        for m in analysis.meldingen:
            row += 1
            ws.merge_range(row, 1, row, _SOURCE_COL, "", g(font_color=COST_RED, text_wrap=True, valign="top"))
            _text(ws, row, 1, m, g(font_color=COST_RED, text_wrap=True, valign="top"))
            ws.set_row(row, 15.0 * wrapped_lines(m, sum(_TABLE_WIDTHS[1:])))
        row += 2

    # Tornado chart: its data (short labels and the change in saldo) right of the table.
    _text(ws, top, _DATA_COL, "Gegevens bij de grafiek", head_l)
    _text(ws, top, _DATA_COL + 1, "Verandering saldo", head_r)
    for i, o in enumerate(analysis.variaties):
        _text(ws, first + i, _DATA_COL, o.kort)
        _number(ws, first + i, _DATA_COL + 1, o.verandering_saldo, amount)
    n = len(analysis.variaties)
    if n:
        chart = workbook.add_chart({"type": "bar"})
        points = [{"fill": {"color": BENEFIT_GREEN if o.verandering_saldo >= 0 else COST_RED}, "border": {"none": True}}
                  for o in analysis.variaties]
        chart.add_series({
            "name": "Verandering saldo",
            "categories": [name, first, _DATA_COL, last, _DATA_COL],
            "values": [name, first, _DATA_COL + 1, last, _DATA_COL + 1],
            "points": points, "gap": 40,
            "data_labels": {"value": True, "num_format": EURO_CHART_SIGNED, "font": {"size": 8}},
        })
        chart.set_title({"name": CHART_TITLE, "name_font": {"size": 13}})
        chart.set_x_axis({"num_format": EURO_CHART_SIGNED, "num_font": {"size": 9},
                          "major_gridlines": {"visible": True, "line": {"color": GRIDLINE_GREY}},
                          "name": "Verandering van het saldo t.o.v. de basis (NCW, euro); groen = hoger, rood = lager",
                          "name_font": {"size": 9, "bold": False}})
        # Largest impact on top: the category axis runs top-down and the value axis stays at the bottom.
        chart.set_y_axis({"reverse": True, "crossing": "max", "label_position": "low", "num_font": {"size": 9},
                          "line": {"color": AXIS_GREY}})
        chart.set_legend({"none": True})
        height = 110 + 26 * n
        chart.set_size({"width": 960, "height": height})
        ws.insert_chart(row, 1, chart, {"object_position": 3})
        row += -(-height // _ROW_PX) + 2

    # Switching values, on a page of their own when printed
    ws.set_h_pagebreaks([row])
    _text(ws, row, 1, "Omslagwaarden", g(bold=True, font_size=13))
    row += 1
    ws.set_row(row, 45)
    ws.merge_range(row, 1, row, 6, "", note_wrap)
    _text(ws, row, 1, "De waarde van één aanname waarbij het saldo (NCW) of het saldo van de gemeente na 2 jaar "
                      f"precies nul wordt; de overige invoer blijft gelijk. '{NOT_IN_RANGE}': geen waarde binnen het "
                      "toegestane bereik maakt het saldo nul. Een factor vermenigvuldigt alle huidige waarden van de "
                      "aanname.", note_wrap)
    row += 1
    ws.set_row(row, 30)
    for i, h in enumerate(_SWITCH_HEADERS):
        _text(ws, row, 1 + i, h, head_l if i in (0, 4) else head_r)
    for s in analysis.omslagwaarden:
        row += 1
        _switch_row(ws, formats, row, s, text)
    ws.print_area(0, 0, row, _SOURCE_COL)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    return ws


def _switch_row(ws: Worksheet, formats: Formats, row: int, s: SwitchingValue, text: Format) -> None:
    fmt = formats.get(num_format=VALUE_FORMATS.get(s.eenheid, NUMBER_FALLBACK), valign="top")
    missing = formats.get(italic=True, font_color=TEXT_GREY, align="right", valign="top")
    _text(ws, row, 1, s.aanname, text)
    _number(ws, row, 2, s.huidige_waarde, fmt)
    for col, value in ((3, s.saldo_0), (4, s.gemeente_0)):
        if value is None:
            _text(ws, row, col, NOT_IN_RANGE, missing)
        else:
            _number(ws, row, col, value, fmt)
    lo, hi = s.bereik
    span = f"{show(lo, s.eenheid)} tot {show(hi, s.eenheid)}"
    _text(ws, row, 5, span, formats.get(font_size=9, font_color=TEXT_GREY, valign="top", text_wrap=True))
    lines = max(wrapped_lines(s.aanname, _TABLE_WIDTHS[1]), wrapped_lines(span, _TABLE_WIDTHS[5] * 1.2))
    if lines > 1:
        ws.set_row(row, 15.0 * lines)


def write_gevoeligheid(path: str | os.PathLike[str], analysis: Analysis, *, overwrite: bool = True) -> None:
    """Write a workbook with only the results sheet, atomically and byte-for-byte reproducibly.

    Built in a temporary folder beside the target and published when complete (``xlsx.book``; without
    ``overwrite`` an existing target is refused at that moment); nothing is left on any failure. Raises
    ``OutputError`` (Dutch) when it cannot be written.
    """
    def build(workbook: Workbook, formats: Formats) -> None:
        add_gevoeligheid_sheet(workbook, formats, analysis).activate()

    write_atomically(path, build, overwrite=overwrite)


__all__ = ["CHART_TITLE", "RESULT_SHEET", "add_gevoeligheid_sheet", "write_gevoeligheid"]
