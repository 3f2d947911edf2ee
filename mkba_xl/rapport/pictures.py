"""The memo's charts as PNG pictures (matplotlib), in the one palette of the workbook (``xlsx.styles``).

Each chart names the municipality, the unit and its source under the plot, so that a chart pasted into
another document still says what it shows. The pictures are deterministic: matplotlib's own DejaVu Sans
(never a system font), no software name or date in the PNG, a fixed size and resolution; the same facts
give the same bytes. ``CHARTS`` lists them in the memo's order with their file names for ``--grafieken``.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from ..dutch import euro
from ..engine import YEARS, round_amount
from ..xlsx.styles import AXIS_GREY, BENEFIT_GREEN, COST_RED, GRIDLINE_GREY, IMMATERIAL_GREEN, NAVY, TEXT_DARK
from .facts import Facts

__all__ = ["CHARTS", "WIDTH_CM", "render", "render_all"]

WIDTH_CM = 16.0
"""The width of every chart: a Word page of A4 with margins of 2,5 cm holds 16 cm."""
_CM = 1 / 2.54
DPI = 200
MOST_VARIATIONS = 12
_FONT: dict[str, Any] = {"font.family": "DejaVu Sans", "font.size": 8.0, "axes.edgecolor": AXIS_GREY,
                         "axes.labelcolor": TEXT_DARK, "xtick.color": TEXT_DARK, "ytick.color": TEXT_DARK}
"""matplotlib's own font (the same on every machine) and the palette's greys."""


def _euro_axis(value: float, _pos: Any = None) -> str:
    return euro(value)


def _label(x: float) -> str:
    return euro(round_amount(x))


def _figure(height_cm: float, title: str, subtitle: str = "") -> tuple[Any, Any]:
    """A figure 16 cm wide with its title (and a subtitle) at the top left, above the plot."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_CM * _CM, height_cm * _CM), dpi=DPI)
    fig.text(0.012, 1 - 0.25 / height_cm, title, fontsize=10, fontweight="bold", color=NAVY, ha="left", va="top")
    if subtitle:
        fig.text(0.012, 1 - 0.75 / height_cm, subtitle, fontsize=7.5, color=TEXT_DARK, ha="left", va="top")
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _place(fig: Any, height_cm: float, left: float, bottom_cm: float, top_cm: float = 1.35) -> None:
    """The plot between the title block (``top_cm``) and the footer plus axis labels (``bottom_cm``)."""
    fig.subplots_adjust(left=left, right=0.97, top=1 - top_cm / height_cm, bottom=bottom_cm / height_cm)


def _footer(fig: Any, f: Facts, unit: str) -> None:
    """Municipality, unit and source under every chart."""
    text = (f"{f.gemeente} — {f.aanpak}; analysejaar {f.analysejaar}. {unit}. Bron: mkba-xl {f.version}, rekenwijze "
            f"{f.way_key}, invoer {f.fingerprint or 'onbekend'}.")
    fig.text(0.012, 0.1 / (fig.get_figheight() / _CM), textwrap.fill(text, 125), fontsize=6.5, color=TEXT_DARK,
             ha="left", va="bottom", linespacing=1.3)


def _png(fig: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _grid(ax: Any, axis: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.grid(axis=axis, color=GRIDLINE_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    values = ax.yaxis if axis == "y" else ax.xaxis
    values.set_major_formatter(FuncFormatter(_euro_axis))
    values.set_major_locator(MaxNLocator(nbins=6 if axis == "y" else 4, steps=[1, 2, 2.5, 5, 10]))


def per_year(f: Facts) -> bytes:
    """Costs and benefits per year 0..9 (NCW); year 9 holds the long term."""
    height = 8.5
    fig, ax = _figure(height, "Kosten en baten per jaar", "Netto contante waarde per jaar van één jaar aanpak; jaar "
                      "9+ is de lange termijn")
    costs, benefits = f.per_year
    xs = range(YEARS)
    ax.bar([x - 0.2 for x in xs], costs, 0.4, color=COST_RED, label=f"Kosten (totaal {_label(f.kosten)})")
    ax.bar([x + 0.2 for x in xs], benefits, 0.4, color=BENEFIT_GREEN, label=f"Baten (totaal {_label(f.baten)})")
    ax.set_xticks(list(xs), [str(x) if x < YEARS - 1 else f"{x}+" for x in xs])
    ax.set_xlabel("Jaar na de start")
    ax.axhline(0, color=AXIS_GREY, linewidth=0.8)
    _grid(ax, "y")
    ax.legend(frameon=False, loc="upper right")
    _place(fig, height, 0.14, 2.1)
    _footer(fig, f, f"Euro, netto contante waarde in prijzen van {f.prijspeil}")
    return _png(fig)


def _bar_labels(ax: Any, bars: Any, values: Sequence[float], horizontal: bool) -> None:
    """The amount at the end of each bar, outside it, on the side the bar points to."""
    for bar, value in zip(bars, values):
        if horizontal:
            x, y = bar.get_x() + bar.get_width(), bar.get_y() + bar.get_height() / 2
            ax.annotate(_label(value), (x, y), xytext=(3 if value >= 0 else -3, 0), textcoords="offset points",
                        ha="left" if value >= 0 else "right", va="center", fontsize=7, color=TEXT_DARK)
        else:
            top = bar.get_y() + bar.get_height() if value >= 0 else bar.get_y()
            ax.annotate(_label(value), (bar.get_x() + bar.get_width() / 2, top), xytext=(0, 2 if value >= 0 else -2),
                        textcoords="offset points", ha="center", va="bottom" if value >= 0 else "top", fontsize=7,
                        color=TEXT_DARK)


def _headroom(ax: Any, values: Sequence[float], axis: str, share: float = 0.18) -> None:
    """Room beyond the largest bar for its label."""
    lo, hi = min(0.0, *values), max(0.0, *values)
    span = (hi - lo) or 1.0
    limits = (lo - (share * span if lo < 0 else 0.0), hi + share * span)
    (ax.set_ylim if axis == "y" else ax.set_xlim)(*limits)


def per_actor(f: Facts) -> bytes:
    """Costs and benefits per actor in the budget view of the way; the immaterial part of the benefits apart."""
    height = 9.0
    window = ("de kasstromen van jaar 0 en 1, niet verdisconteerd (LPBL-tool van 2014)" if f.budget_years is not None
              else "de netto contante waarde per partij (LPBL-tool vanaf 2019)")
    fig, ax = _figure(height, "Kosten en baten per partij: begroting na twee jaar", f"Zoals de rekenwijze het toont: "
                      f"{window}")
    actors = f.actors
    xs = list(range(len(actors)))
    costs = [a.kosten for a in actors]
    cash = [a.baten - a.immaterieel for a in actors]
    immaterial = [a.immaterieel for a in actors]
    cost_bars = ax.bar([x - 0.21 for x in xs], costs, 0.4, color=COST_RED, label="Kosten")
    ax.bar([x + 0.21 for x in xs], cash, 0.4, color=BENEFIT_GREEN, label="Baten")
    benefit_bars = ax.bar([x + 0.21 for x in xs], immaterial, 0.4, bottom=cash, color=IMMATERIAL_GREEN,
                          label="w.v. immateriële baten (geen kasstroom)")
    _bar_labels(ax, cost_bars, costs, horizontal=False)
    totals = [a.baten for a in actors]
    _bar_labels(ax, benefit_bars, totals, horizontal=False)
    ax.set_xticks(xs, [a.label if a.label != "HH" else "Huishoudens" for a in actors])
    ax.axhline(0, color=AXIS_GREY, linewidth=0.8)
    _grid(ax, "y")
    _headroom(ax, [*costs, *totals], "y")
    ax.legend(frameon=False, loc="upper right", fontsize=7)
    _place(fig, height, 0.14, 1.7)
    unit = (f"Euro per partij, kasstromen in prijzen van {f.prijspeil}" if f.budget_years is not None else
            f"Euro per partij, netto contante waarde in prijzen van {f.prijspeil}")
    _footer(fig, f, unit)
    return _png(fig)


def _composition(f: Facts, parts: Sequence[Any], title: str, colour: Callable[[Any], str], note: str) -> bytes:
    height = 3.4 + 0.62 * len(parts)
    fig, ax = _figure(height, title)
    labels = [textwrap.fill(p.label, 34) for p in parts]
    values = [p.amount for p in parts]
    ys = list(range(len(parts)))
    bars = ax.barh(ys, values, 0.6, color=[colour(p) for p in parts])
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()
    _bar_labels(ax, bars, values, horizontal=True)
    _headroom(ax, values, "x", 0.22)
    ax.axvline(0, color=AXIS_GREY, linewidth=0.8)
    _grid(ax, "x")
    _place(fig, height, 0.38, 1.6, 0.9)
    _footer(fig, f, note)
    return _png(fig)


def cost_parts(f: Facts) -> bytes:
    """What the costs are made of (the way's cost lines)."""
    return _composition(f, f.cost_parts, f"Samenstelling van de kosten: {_label(f.kosten)}", lambda _p: COST_RED,
                        f"Euro, netto contante waarde in prijzen van {f.prijspeil}")


def benefit_parts(f: Facts) -> bytes:
    """What the benefits are made of; immaterial lines in the lighter green."""
    return _composition(f, f.benefit_parts, f"Samenstelling van de baten: {_label(f.baten)}",
                        lambda p: IMMATERIAL_GREEN if p.immaterial else BENEFIT_GREEN,
                        f"Euro, netto contante waarde in prijzen van {f.prijspeil}; lichtgroen = immateriële baten "
                        "(geen kasstroom)")


def tornado(f: Facts) -> bytes:
    """The sensitivity analysis: the change of the saldo per variation, the largest on top; the dashed line is
    where the saldo would be zero."""
    rows = list(f.tornado[:MOST_VARIATIONS])
    height = 4.2 + 0.5 * max(len(rows), 1)
    fig, ax = _figure(height, f"Gevoeligheid: verandering van het saldo (basis {_label(f.saldo)})",
                      "Eén aanname tegelijk, zoals in de LPBL-rapporten; voorbij de stippellijn draait het saldo om")
    ys = list(range(len(rows)))
    values = [r.change for r in rows]
    bars = ax.barh(ys, values, 0.6, color=[BENEFIT_GREEN if v >= 0 else COST_RED for v in values])
    ax.set_yticks(ys, [textwrap.fill(r.label, 40) for r in rows])
    ax.invert_yaxis()
    _bar_labels(ax, bars, values, horizontal=True)
    ax.axvline(0, color=AXIS_GREY, linewidth=0.8)
    zero = -f.saldo
    _headroom(ax, [*values, zero], "x", 0.28)
    ax.axvline(zero, color=NAVY, linewidth=1.0, linestyle=(0, (4, 3)))
    ax.annotate("saldo = 0", (zero, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -2),
                textcoords="offset points", fontsize=7, color=NAVY, ha="left", va="top")
    _grid(ax, "x")
    _place(fig, height, 0.42, 1.7)
    _footer(fig, f, "Euro, verandering van het saldo (netto contante waarde)")
    return _png(fig)


CHARTS: tuple[tuple[str, Callable[[Facts], bytes]], ...] = (
    ("kosten_baten_per_jaar", per_year),
    ("samenstelling_kosten", cost_parts),
    ("samenstelling_baten", benefit_parts),
    ("per_partij", per_actor),
    ("gevoeligheid", tornado),
)
"""The charts in the memo's order, each with the name of its PNG file (``--grafieken``)."""


def render(f: Facts, name: str) -> bytes:
    """One chart of ``CHARTS`` as PNG bytes."""
    import matplotlib

    with matplotlib.rc_context(_FONT):  # type: ignore[arg-type]  # its keys are a Literal of every rc name
        return dict(CHARTS)[name](f)


def render_all(f: Facts) -> dict[str, bytes]:
    """Every chart of ``CHARTS`` (name -> PNG bytes), in order."""
    return {name: render(f, name) for name, _ in CHARTS}
