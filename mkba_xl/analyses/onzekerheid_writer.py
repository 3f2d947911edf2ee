"""The result sheet of the uncertainty analysis, with its native charts, and a standalone results workbook.

``add_onzekerheid_sheet`` renders an ``onzekerheid.Uncertainty``: the Dutch sentences, the figures with
their percentiles, the chances, the assumptions sorted by EVPPI, and three charts whose data stand right
of the tables: the histogram of the saldo (the value axis crosses at EUR 0, so it is the zero line;
classes below 0 red, above green), the fan of the cumulative net benefit per year (P5-P95 and P25-P75
bands, a stacked area chart, with the median and the deterministic result as lines), and bars of the
importance and the EVPPI per assumption. It computes nothing: every number comes from the analysis.

The sheet is called ``RESULT_SHEET`` ('Resultaat onzekerheid', titled Onzekerheidsanalyse), not 'Onzekerheid':
Excel sheet names ignore case, an output workbook that is itself an input carries the input sheet ONZEKERHEID, and
a tab named after the same word is easily taken for it (``gevoeligheid_writer`` says the rule).
"""

from __future__ import annotations

import os
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..dutch import number
from ..engine import YEARS
from ..references import readable
from ..schema import ONZEKERHEID_SHEET
from ..xlsx.book import write_atomically
from ..xlsx.cells import write_number_or_text, write_text
from ..xlsx.styles import (
    AXIS_GREY,
    BENEFIT_GREEN,
    COST_RED,
    EURO_AMOUNT,
    EURO_CHART,
    GRIDLINE_GREY,
    HEADER_BLUE,
    IMMATERIAL_GREEN,
    NAVY,
    RATIO,
    RULE_GREY,
    TEXT_DARK,
    TEXT_GREY,
    Formats,
    wrapped_lines,
)
from .onzekerheid import Uncertainty

__all__ = ["CHART_TITLES", "RESULT_SHEET", "add_onzekerheid_sheet", "write_onzekerheid"]

RESULT_SHEET = "Resultaat onzekerheid"
CHART_TITLES = ("Verdeling van het saldo (NCW) over de trekkingen",
                "Cumulatief saldo per jaar (NCW): mediaan met 50%- en 90%-band",
                "Belang voor de spreiding van het saldo", "Waarde van perfecte informatie (EVPPI)")
PERCENT = "0.0%"
_WIDTHS = (2, 46, 15, 15, 15, 15, 15, 15, 15, 40)
_TEXT_WIDTH = sum(_WIDTHS[1:9])
_DATA_COL = 11  # column L: the charts' data
_CHART_ROWS = 18
_FAN_BANDS = ((5.0, None, "P5"), (25.0, IMMATERIAL_GREEN, "90% van de trekkingen (P5 tot P95)"),
              (50.0, BENEFIT_GREEN, "50% van de trekkingen (P25 tot P75)"), (75.0, BENEFIT_GREEN, "P50 tot P75"),
              (95.0, IMMATERIAL_GREEN, "P75 tot P95"))
"""The stacked bands of the fan: an invisible base up to P5, then the four layers; the legend names two."""


class _Sheet:
    """The worksheet, its formats and the next free row, so each part of the sheet is one small method."""

    def __init__(self, workbook: Workbook, formats: Formats, name: str) -> None:
        self.workbook, self.name = workbook, name
        self.ws = workbook.add_worksheet(name)
        g = formats.get
        self.f = formats
        self.bold = g(bold=True)
        self.h2 = g(bold=True, font_size=13)
        self.note = g(italic=True, font_color=TEXT_GREY, text_wrap=True, valign="top")
        self.head_l = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True,
                        valign="top")
        self.head_r = g(bold=True, bottom=1, bottom_color=RULE_GREY, bg_color=HEADER_BLUE, text_wrap=True,
                        valign="top", align="right")
        self.text = g(text_wrap=True, valign="top")
        self.small = g(font_size=9, font_color=TEXT_GREY, text_wrap=True, valign="top")
        self.amount = g(num_format=EURO_AMOUNT, valign="top")
        self.ratio = g(num_format=RATIO, valign="top")
        self.percent = g(num_format=PERCENT, valign="top")
        self.row = 0

    def wrapped(self, text: str, fmt: Any, last_col: int = 8, height_width: float = _TEXT_WIDTH) -> None:
        """A merged, wrapped text over B..``last_col`` in the current row, high enough to read."""
        self.ws.merge_range(self.row, 1, self.row, last_col, "", fmt)
        write_text(self.ws, self.row, 1, text, fmt)
        self.ws.set_row(self.row, 15.0 * wrapped_lines(text, height_width * 0.95))
        self.row += 1

    def header(self, texts: tuple[str, ...], left: tuple[int, ...] = (0,)) -> None:
        self.ws.set_row(self.row, 30)
        for i, h in enumerate(texts):
            write_text(self.ws, self.row, 1 + i, h, self.head_l if i in left else self.head_r)
        self.row += 1


def add_onzekerheid_sheet(workbook: Workbook, formats: Formats, u: Uncertainty, *,
                          name: str = RESULT_SHEET) -> Worksheet:
    """The result sheet (module doc)."""
    s = _Sheet(workbook, formats, name)
    ws = s.ws
    ws.hide_gridlines(2)
    for col, width in enumerate(_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_column(_DATA_COL - 1, _DATA_COL - 1, 3)
    ws.set_column(_DATA_COL, _DATA_COL, 40)
    ws.set_column(_DATA_COL + 1, _DATA_COL + 6, 14)
    _heading(s, u)
    _stats(s, u)
    _chances(s, u)
    _ranking(s, u)
    _notes(s, u)
    _charts(s, u)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.print_area(0, 0, s.row, 9)
    return ws


def _heading(s: _Sheet, u: Uncertainty) -> None:
    m = u.meta
    s.ws.set_row(0, 24)
    write_text(s.ws, 0, 1, "Onzekerheidsanalyse", s.f.title)
    write_text(s.ws, 1, 1, f"{m.get('gemeente', '')} — {m.get('aanpak', '')}, analysejaar {m.get('analysejaar', '')}; "
                           f"disconteringsregel {m.get('disconteringsregel', '')}", s.bold)
    s.row = 2
    s.wrapped(f"{number(u.n)} trekkingen (Latin hypercube) van {m.get('aannames', '')} aannames tegelijk, zaad "
              f"{u.seed}: mkba-xl onzekerheid --zaad {u.seed} --trekkingen {u.n} geeft precies deze uitkomsten. De "
              f"aannames staan op het blad {ONZEKERHEID_SHEET}; alle andere invoer blijft zoals op INVOER. Saldo en "
              f"K-B: netto contante waarde van één jaar aanpak. Begroting na 2 jaar: {m.get('begroting', '')}",
              s.note)
    s.row += 1
    s.wrapped(u.zin, s.f.get(bold=True, font_size=12, font_color=NAVY, text_wrap=True, valign="top"))
    s.wrapped(u.zin_meten, s.f.get(font_size=11, font_color=TEXT_DARK, text_wrap=True, valign="top"))
    s.row += 1


def _stats(s: _Sheet, u: Uncertainty) -> None:
    write_text(s.ws, s.row, 1, "Uitkomsten over de trekkingen", s.h2)
    s.row += 1
    s.header(("Uitkomst", "Invoer zoals ingevuld", "Gemiddelde", "P5", "P25", "Mediaan (P50)", "P75", "P95"))
    for st in u.stats:
        fmt = s.ratio if st.key.startswith("kb_") else s.amount
        write_text(s.ws, s.row, 1, st.label + (f" ({st.niet_bepaald} trekkingen zonder kosten)"
                                               if st.niet_bepaald else ""), s.text)
        write_number_or_text(s.ws, s.row, 2, st.deterministisch, fmt)
        write_number_or_text(s.ws, s.row, 3, st.gemiddelde, fmt)
        for i, q in enumerate((5.0, 25.0, 50.0, 75.0, 95.0)):
            write_number_or_text(s.ws, s.row, 4 + i, st.percentielen.get(q), fmt)
        s.row += 1
    saldo = u.stat("saldo")
    s.wrapped(f"Monte Carlo-fout (standaardfout door het aantal trekkingen) van het gemiddelde saldo: "
              f"€ {number(saldo.se_gemiddelde or 0)}; van P5 en P95: € {number(saldo.se_percentielen.get(5.0, 0))} "
              f"en € {number(saldo.se_percentielen.get(95.0, 0))}.", s.note)
    s.row += 1


def _chances(s: _Sheet, u: Uncertainty) -> None:
    write_text(s.ws, s.row, 1, "Kansen", s.h2)
    s.row += 1
    s.header(("Kans", "Schatting", "Standaardfout", "95%-interval: van", "tot", "Trekkingen erboven"))
    for c in u.chances:
        write_text(s.ws, s.row, 1, c.label, s.text)
        for col, value in ((2, c.kans), (3, c.se), (4, c.laag), (5, c.hoog)):
            s.ws.write_number(s.row, col, value, s.f.get(num_format="0.0%" if col != 3 else "0.00%", valign="top"))
        s.ws.write_number(s.row, 6, c.boven, s.f.get(num_format="#,##0", valign="top"))
        s.row += 1
    s.wrapped("95%-interval volgens Wilson: ook bij 0 of alle trekkingen erboven zegt het hoe zeker de schatting is. "
              "Alle kansen gelden onder de aannames van het blad ONZEKERHEID.", s.note)
    s.row += 1


def _ranking(s: _Sheet, u: Uncertainty) -> None:
    write_text(s.ws, s.row, 1, "Welke aanname telt? (gesorteerd op EVPPI, dan op belang)", s.h2)
    s.row += 1
    s.header(("Aanname", "Verdeling", "Waarde op INVOER", "Belang (saldo)", "EVPPI saldo", "Belang (gemeente)",
              "EVPPI gemeente", "Herkomst", "Bron"), left=(0, 1, 7, 8))
    for r in u.ranking:
        a = r.assumption
        write_text(s.ws, s.row, 1, a.label, s.text)
        write_text(s.ws, s.row, 2, a.distribution_text(), s.small)
        write_text(s.ws, s.row, 3, a.invoer_text(), s.f.get(align="right", valign="top"))
        s.ws.write_number(s.row, 4, r.belang, s.percent)
        s.ws.write_number(s.row, 5, r.evppi, s.amount)
        s.ws.write_number(s.row, 6, r.belang_gemeente, s.percent)
        s.ws.write_number(s.row, 7, r.evppi_gemeente, s.amount)
        write_text(s.ws, s.row, 8, a.row.herkomst, s.small)
        write_text(s.ws, s.row, 9, readable(a.row.bron), s.small)
        lines = max(wrapped_lines(a.label, _WIDTHS[1]), wrapped_lines(a.distribution_text(), _WIDTHS[2] * 1.35),
                    wrapped_lines(readable(a.row.bron), _WIDTHS[9] * 1.35))  # the small columns are in 9 pt
        s.ws.set_row(s.row, 12.5 * lines if lines > 1 else None)
        s.row += 1
    total = s.f.get(bold=True, top=1, num_format=EURO_AMOUNT, valign="top")
    write_text(s.ws, s.row, 1, "Alles precies weten (EVPI)", s.f.get(bold=True, top=1, valign="top"))
    for col in (2, 3, 4, 6, 8, 9):
        s.ws.write_blank(s.row, col, None, s.f.get(top=1))
    s.ws.write_number(s.row, 5, u.evpi, total)
    s.ws.write_number(s.row, 7, u.evpi_gemeente, total)
    s.row += 1
    s.wrapped("Belang: het deel van de spreiding (variantie) van het saldo dat deze aanname alleen verklaart "
              "(eerste-orde Sobol-index, geschat uit dezelfde trekkingen). EVPPI: wat het gemiddeld waard is deze "
              "aanname precies te kennen voor de beslissing om met de aanpak door te gaan of te stoppen (voor de "
              "samenleving: saldo > 0; voor de gemeente: haar saldo na 2 jaar > 0). Een EVPPI van € 0: kennis van "
              "deze aanname alleen verandert die beslissing niet. Dit zegt welke aanname de registratie het eerst "
              "zou moeten meten (LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, 5.3).", s.note)
    s.row += 1


def _notes(s: _Sheet, u: Uncertainty) -> None:
    if u.correlations:
        write_text(s.ws, s.row, 1, "Rangcorrelaties", s.bold)
        s.row += 1
        for c in u.correlations:
            write_text(s.ws, s.row, 1, f"{c.first} en {c.second}: Spearman {number(c.spearman, 2)}", s.text)
            s.row += 1
        s.row += 1
    if u.meldingen:
        write_text(s.ws, s.row, 1, "Meldingen", s.f.get(bold=True, font_color=COST_RED))
        s.row += 1
        for m in u.meldingen:
            s.wrapped(m, s.f.get(font_color=COST_RED, text_wrap=True, valign="top"))
        s.row += 1


# ---------------------------------------------------------------------------------------------
# Charts (their data right of the tables)
# ---------------------------------------------------------------------------------------------

def _charts(s: _Sheet, u: Uncertainty) -> None:
    histogram = _histogram_data(s, u)
    fan = _fan_data(s, u, histogram[1] + 2)
    bars = _ranking_data(s, u, fan[1] + 2)
    s.ws.set_h_pagebreaks([s.row])
    top = s.row
    _histogram_chart(s, u, histogram, top)
    _fan_chart(s, fan, top + _CHART_ROWS)
    height = _bar_charts(s, u, bars, top + 2 * _CHART_ROWS)
    s.row = top + 2 * _CHART_ROWS + -(-height // 20) + 1


def _data_header(s: _Sheet, row: int, texts: tuple[str, ...]) -> None:
    for i, t in enumerate(texts):
        write_text(s.ws, row, _DATA_COL + i, t, s.head_l if i == 0 else s.head_r)


def _histogram_data(s: _Sheet, u: Uncertainty) -> tuple[int, int]:
    h = u.histogram
    top = 5
    write_text(s.ws, top - 1, _DATA_COL, "Gegevens bij de grafieken", s.bold)
    _data_header(s, top, ("Klasse saldo (chartlabel)", "Van", "Tot", "Aandeel trekkingen"))
    step = max(1, len(h.shares) // 8)
    for i, share in enumerate(h.shares):
        r = top + 1 + i
        write_text(s.ws, r, _DATA_COL, f"€ {number(h.edges[i])}" if i % step == 0 else "")
        s.ws.write_number(r, _DATA_COL + 1, float(h.edges[i]), s.amount)
        s.ws.write_number(r, _DATA_COL + 2, float(h.edges[i + 1]), s.amount)
        s.ws.write_number(r, _DATA_COL + 3, float(share), s.percent)
    return top + 1, top + len(h.shares)


def _histogram_chart(s: _Sheet, u: Uncertainty, rows: tuple[int, int], top: int) -> None:
    h = u.histogram
    first, last = rows
    chart = s.workbook.add_chart({"type": "column"})
    points = [{"fill": {"color": COST_RED if h.edges[i + 1] <= 0 else BENEFIT_GREEN}, "border": {"none": True}}
              for i in range(len(h.shares))]
    chart.add_series({"name": "Aandeel trekkingen", "categories": [s.name, first, _DATA_COL, last, _DATA_COL],
                      "values": [s.name, first, _DATA_COL + 3, last, _DATA_COL + 3], "points": points, "gap": 0})
    zero = h.zero_edge
    crossing = (zero + 1) if zero is not None and 0 < zero < len(h.shares) else None
    title = CHART_TITLES[0] + ("" if crossing else (" (€ 0 valt buiten de grafiek: het saldo is "
                                                    f"{'altijd positief' if h.edges[0] > 0 else 'altijd negatief'})"))
    chart.set_title({"name": title, "name_font": {"size": 12}})
    x_axis: dict[str, Any] = {"name": "Saldo (NCW, euro); de verticale as staat bij € 0, rood = negatief, groen = "
                                      "positief", "name_font": {"size": 9, "bold": False},
                              "num_font": {"size": 8, "rotation": -45}, "label_position": "low"}
    if crossing:
        x_axis["crossing"] = crossing
    chart.set_x_axis(x_axis)
    chart.set_y_axis({"num_format": "0%", "label_position": "low", "num_font": {"size": 9},
                      "major_gridlines": {"visible": True, "line": {"color": GRIDLINE_GREY}},
                      "line": {"color": "#000000", "width": 1.75}, "name": "Aandeel van de trekkingen",
                      "name_font": {"size": 9, "bold": False}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 960, "height": 340})
    s.ws.insert_chart(top, 1, chart, {"object_position": 3})


def _fan_data(s: _Sheet, u: Uncertainty, top: int) -> tuple[int, int]:
    _data_header(s, top, ("Jaar (cumulatief saldo, NCW)", "P5", "P5-P25", "P25-P50", "P50-P75", "P75-P95",
                          "Mediaan", "Invoer"))
    for t in range(YEARS):
        r = top + 1 + t
        write_text(s.ws, r, _DATA_COL, f"Jaar {t}" if t < YEARS - 1 else f"Jaar {t} (lange termijn)")
        previous = 0.0
        for i, (q, _, _) in enumerate(_FAN_BANDS):
            value = float(u.fan[q][t])
            s.ws.write_number(r, _DATA_COL + 1 + i, value - previous, s.amount)
            previous = value
        s.ws.write_number(r, _DATA_COL + 6, float(u.fan[50.0][t]), s.amount)
        s.ws.write_number(r, _DATA_COL + 7, float(u.fan_base[t]), s.amount)
    return top + 1, top + YEARS


def _fan_chart(s: _Sheet, rows: tuple[int, int], top: int) -> None:
    first, last = rows
    categories = [s.name, first, _DATA_COL, last, _DATA_COL]
    area = s.workbook.add_chart({"type": "area", "subtype": "stacked"})
    for i, (_, colour, label) in enumerate(_FAN_BANDS):
        fill = {"fill": {"none": True}} if colour is None else {"fill": {"color": colour, "transparency": 10}}
        area.add_series({"name": label, "categories": categories,
                         "values": [s.name, first, _DATA_COL + 1 + i, last, _DATA_COL + 1 + i],
                         "border": {"none": True}, **fill})
    line = s.workbook.add_chart({"type": "line"})
    line.add_series({"name": "Mediaan", "categories": categories,
                     "values": [s.name, first, _DATA_COL + 6, last, _DATA_COL + 6],
                     "line": {"color": NAVY, "width": 2.25}})
    line.add_series({"name": "Invoer zoals ingevuld", "categories": categories,
                     "values": [s.name, first, _DATA_COL + 7, last, _DATA_COL + 7],
                     "line": {"color": TEXT_DARK, "width": 1.25, "dash_type": "dash"}})
    area.combine(line)
    area.set_title({"name": CHART_TITLES[1], "name_font": {"size": 12}})
    area.set_x_axis({"label_position": "low", "num_font": {"size": 9}, "line": {"color": AXIS_GREY}})
    area.set_y_axis({"num_format": EURO_CHART, "num_font": {"size": 9}, "name": "Cumulatief saldo (NCW, euro)",
                     "name_font": {"size": 9, "bold": False},
                     "major_gridlines": {"visible": True, "line": {"color": GRIDLINE_GREY}}})
    area.set_legend({"position": "bottom", "delete_series": [0, 3, 4], "font": {"size": 9}})
    area.set_size({"width": 960, "height": 340})
    s.ws.insert_chart(top, 1, area, {"object_position": 3})


def _ranking_data(s: _Sheet, u: Uncertainty, top: int) -> tuple[int, int]:
    _data_header(s, top, ("Aanname", "Belang (saldo)", "EVPPI saldo"))
    for i, r in enumerate(u.ranking):
        write_text(s.ws, top + 1 + i, _DATA_COL, r.assumption.short)
        s.ws.write_number(top + 1 + i, _DATA_COL + 1, r.belang, s.percent)
        s.ws.write_number(top + 1 + i, _DATA_COL + 2, r.evppi, s.amount)
    return top + 1, top + len(u.ranking)


def _bar_charts(s: _Sheet, u: Uncertainty, rows: tuple[int, int], top: int) -> int:
    """Importance and EVPPI side by side; returns their height in pixels."""
    first, last = rows
    height = 70 + 34 * max(len(u.ranking), 3)
    for i, (title, col, fmt) in enumerate(((CHART_TITLES[2], _DATA_COL + 1, "0%"),
                                           (CHART_TITLES[3], _DATA_COL + 2, EURO_CHART))):
        chart = s.workbook.add_chart({"type": "bar"})
        chart.add_series({"name": title, "categories": [s.name, first, _DATA_COL, last, _DATA_COL],
                          "values": [s.name, first, col, last, col],
                          "fill": {"color": NAVY if i == 0 else BENEFIT_GREEN},
                          "border": {"none": True}, "gap": 50,
                          "data_labels": {"value": True, "num_format": fmt, "font": {"size": 8}}})
        chart.set_title({"name": title + (" (eerste-orde-index)" if i == 0 else ", euro"), "name_font": {"size": 11}})
        chart.set_x_axis({"num_format": fmt, "num_font": {"size": 8}, "min": 0,
                          "major_gridlines": {"visible": True, "line": {"color": GRIDLINE_GREY}}})
        chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 8}, "interval_unit": 1})
        chart.set_legend({"none": True})
        chart.set_size({"width": 476, "height": height})
        s.ws.insert_chart(top, 1 if i == 0 else 4, chart, {"object_position": 3, "x_offset": 0 if i == 0 else 8})
    return height


def write_onzekerheid(path: str | os.PathLike[str], u: Uncertainty, *, overwrite: bool = True) -> None:
    """Write a workbook with only the result sheet, atomically and byte-for-byte reproducibly (without
    ``overwrite`` an existing target is refused when the file is published, ``xlsx.book``)."""
    def build(workbook: Workbook, formats: Formats) -> None:
        add_onzekerheid_sheet(workbook, formats, u).activate()

    write_atomically(path, build, overwrite=overwrite)
