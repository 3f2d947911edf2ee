"""Trajectories: UITVOER K3 (extra care), the coordination part of B1a, B1b (meer op maat), B1c (substitutie).

Every household has a package of trajectories per year: the catalogue on KENGETALLEN (000 Bijlage
2) holds the package of a multi-problem, not self-reliant household; ``quantities.package`` scales it
to each severity and ``quantities.trajectory_price`` prices it ('zwaar' for the top). Per trajectory
of the catalogue:

* K3 = newly found households x package x price (001 Bijlage 2: the newly found have no help yet,
  so their new trajectories are extra costs). In the 2019+ way the line reads 'extra inzetten zorg'
  and ``nieuw_gevonden`` is the share of households with extra trajectories (002 4.2 treats newly
  found and known households as one group);
* B1a, coordination (``Rekenwijze.coordination``): all trajectories of the caseload x half an hour
  less coordination x the team's hourly cost (000 3.1.3 1c), whatever disciplines the team has: the
  2014 screen places team composition under '2. Effectiviteit trajecten' (001 Bijlage 2, 3.3.4);
* B1c = substitutable trajectories x (substitution share in new cases x newly found + share in
  existing cases x the others) x price (001 Tabel 4.5, note 15), except trajectories of a geldstroom
  whose work sits in the team nieuw voor oud (002 note 17: already counted in B1a);
* B1b = 'meer op maat' share x op-maat trajectories (Jeugd and Wmo) of the caseload x price (004 4.2).

INVOER deel D (001 Bijlage 3: 'invoerscherm deel D'), the trajectories per voorziening of this case,
replaces the package column by column: a count column with any cell filled drives its line instead
of the package (extra -> K3, bespaard -> B1c, maatwerk -> B1b, start and extra -> coordination), each
row priced at its own local price and booked on its financier (002 Bijlage VI; 004 4.2 and note 11).
"""

from __future__ import annotations

from typing import Any

from ..dutch import euro, percent, scalar
from ..dutch import number as nl
from ..kengetallen import Traject
from ..schema import DEEL_D_COUNTS, DEEL_D_ROWS, HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, SEVERITIES, TEAM_DOMAINS
from .case import Book, Case
from .quantities import package, trajectory_price
from .timing import YEAR_0


def in_team(case: Case, domain: str) -> Any:
    """1 when the work of ``domain`` moved into the team nieuw voor oud (INVOER C 6), else 0."""
    return case.invoer.num(f"in_team.{domain}") if domain in TEAM_DOMAINS else 0.0


def filled_columns(case: Case) -> frozenset[str]:
    """The count columns of deel D with any cell filled: they replace the package for what they drive."""
    return frozenset(col for col in DEEL_D_COUNTS
                     if any(case.invoer[f"deel_d.{row}.{col}"] is not None for row in DEEL_D_ROWS))


def book_trajectories(case: Case, book: Book) -> None:
    """K3, B1a (coordination), B1c and B1b: per trajectory of the catalogue, then per row of deel D."""
    table = filled_columns(case)
    for tr in case.kg.trajecten:
        _book_one(case, book, tr, table)
    for row in DEEL_D_ROWS:
        _book_deel_d_row(case, book, row, table)


def _caseload(case: Case, tr: Traject) -> tuple[Any, Any, dict[str, dict[str, float]]]:
    """(trajectories, euros, package) of ``tr`` over every household of the caseload: Σ n_tk q_tk (x P_k)."""
    q = package(case, tr)
    price, heavy = trajectory_price(case, tr, "mv_nzr"), trajectory_price(case, tr, "top")
    count: Any = 0.0
    value: Any = 0.0
    for t in HOUSEHOLD_TYPES:
        n, qt = case.n[t], q[t]
        below = n["ev"] * qt["ev"] + n["mv_zr"] * qt["mv_zr"] + n["mv_nzr"] * qt["mv_nzr"]
        top = n["top"] * qt["top"]
        count = count + below + top
        value = value + below * price + top * heavy
    return count, value, q


def _book_one(case: Case, book: Book, tr: Traject, table: frozenset[str]) -> None:
    invoer = case.invoer
    tsrc = f"trajectencatalogus '{tr.name}': {tr.source}"
    price = trajectory_price(case, tr, "mv_nzr")
    heavy = trajectory_price(case, tr, "top")
    prices = euro(price) if heavy == price else f"{euro(price)} (top {euro(heavy)})"
    found = case.found
    n_all, value_all, q = _caseload(case, tr)
    n_new, k3 = found * n_all, found * value_all  # the newly found are a share f of every type and severity

    if "extra" not in table:
        book.add("K3", tr.domain, k3, YEAR_0,
                 lambda: f"{percent(found, 1)} nieuw gevonden hh x pakket naar zwaarte "
                         f"({_package_text(case, q, tr)}) = {nl(n_new, 1)} trajecten {tr.name} x {prices}", tsrc)

    if case.way.coordination and not table & {"start", "extra"}:
        coord_hours = case.raw("coordinatie_uren_per_traject")
        hourly = invoer.num("kosten_per_fte") / case.raw("productieve_uren_per_fte")
        book.add("B1a", tr.domain, n_all * coord_hours * hourly, YEAR_0,
                 lambda: f"{nl(n_all, 1)} trajecten {tr.name} in de caseload x {nl(coord_hours, 1)} uur minder "
                         f"afstemming x {euro(hourly)} per uur", case.source("coordinatie_uren_per_traject"),
                 case.source("productieve_uren_per_fte"))

    excluded = in_team(case, tr.domain)
    if tr.substitutable and scalar(excluded) != 1.0 and "bespaard" not in table:
        subst_new, subst_old = invoer.num("substitutie.nieuw"), invoer.num("substitutie.bestaand")
        share = found * subst_new + (1 - found) * subst_old
        book.add("B1c", tr.domain, share * value_all * (1 - excluded), YEAR_0,
                 lambda: f"({percent(subst_new, 0)} van {nl(n_new, 1)} nieuwe + {percent(subst_old, 0)} van "
                         f"{nl(n_all - n_new, 1)} bestaande trajecten) {tr.name} x {prices}", tsrc)
    if tr.op_maat and "maatwerk" not in table:
        op_maat = invoer.num("meer_op_maat")
        book.add("B1b", tr.domain, op_maat * value_all, YEAR_0,
                 lambda: f"{percent(op_maat, 0)} lagere kosten x {nl(n_all, 1)} trajecten {tr.name} in de caseload "
                         f"x {prices}", tsrc)


def _package_text(case: Case, q: dict[str, dict[str, float]], tr: Traject) -> str:
    """'gezinnen 0,19; ouderen 2,31 per hh': the package per household of each type, averaged over its severities."""
    parts = []
    for t in HOUSEHOLD_TYPES:
        if tr.per_household[t]:
            n = case.per_type[t]
            mean = sum(case.n[t][k] * q[t][k] for k in SEVERITIES) / n if scalar(n) else 0.0
            parts.append(f"{HOUSEHOLD_TYPE_LABELS[t].lower()} {nl(mean, 2)}")
    return "; ".join(parts) + " per hh" if parts else "geen"


def _book_deel_d_row(case: Case, book: Book, row: str, table: frozenset[str]) -> None:
    """One row of deel D: its filled counts x its local price, on its financier."""
    invoer = case.invoer
    key = f"deel_d.{row}"
    counts = {col: invoer.num(f"{key}.{col}") for col in DEEL_D_COUNTS}
    if all(scalar(v) == 0.0 for v in counts.values()):
        return
    name = invoer[f"{key}.naam"] if f"{key}.naam" in invoer.values else None
    label = str(name or DEEL_D_ROWS[row][0])
    domain = str(invoer[f"{key}.financier"] or DEEL_D_ROWS[row][1] or "wmo")
    price = invoer.num(f"{key}.prijs")
    src = f"INVOER deel D, {label}"
    if "extra" in table:
        extra = counts["extra"]
        book.add("K3", domain, extra * price, YEAR_0,
                 lambda: f"deel D: {nl(extra, 1)} extra ingezette trajecten {label} x {euro(price)}", src)
    if case.way.coordination and table & {"start", "extra"}:
        n = counts["start"] + counts["extra"]
        hours = case.raw("coordinatie_uren_per_traject")
        hourly = invoer.num("kosten_per_fte") / case.raw("productieve_uren_per_fte")
        book.add("B1a", domain, n * hours * hourly, YEAR_0,
                 lambda: f"deel D: {nl(n, 1)} trajecten {label} in de caseload x {nl(hours, 1)} uur minder afstemming "
                         f"x {euro(hourly)} per uur", src, case.source("coordinatie_uren_per_traject"),
                 case.source("productieve_uren_per_fte"))
    if "bespaard" in table:
        saved = counts["bespaard"]
        book.add("B1c", domain, saved * price, YEAR_0,
                 lambda: f"deel D: {nl(saved, 1)} bespaarde trajecten {label} x {euro(price)}", src)
    if "maatwerk" in table:
        op_maat, base = invoer.num("meer_op_maat"), counts["maatwerk"]
        book.add("B1b", domain, op_maat * base * price, YEAR_0,
                 lambda: f"deel D: {percent(op_maat, 0)} lagere kosten x {nl(base, 1)} trajecten maatwerk {label} via "
                         f"het team x {euro(price)}", src)
