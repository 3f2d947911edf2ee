"""Reproduction: every sample workbook through the reader and the engine, beside the published figures.

``run_all`` reads each sample workbook back with ``reader.read_workbook`` (so the samples are proven
valid inputs) and computes it twice: with all its inputs, and with the inputs marked ``teruggerekend``
(worked back from a count or total of the report) left empty, so that a line that matches by
construction shows as such. It compares every published figure with ours and checks the targets
(``TARGETS``); ``reproduce_md`` writes it as ``docs/reproduction.md`` and ``reproduce`` regenerates
everything (``python -m mkba_xl.reproduce``).

The judgements (explanations, lines the report text cannot determine, open points) live in the
case files; this module only compares.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analyses.meerjarig import Meerjarig, compute_result
from .engine import BENEFITS, COSTS, GROUPS, LINE_BY_CODE, LINES, Result, compute, round_ratio
from .errors import Report
from .invoer import Invoer
from .kengetallen import DERIVED_FROM_CASE, Kengetallen
from .samples import Case, load_cases
from .schema import ACTORS, HOUSEHOLD_TYPES

EXPLAIN_ABOVE = 0.10
"""A difference larger than this (relative) needs an explanation in the case file."""
RATIO_STEP = 0.05
NOT_EXPLAINED = "**nog niet verklaard**"

CASE_ORDER = ("meta_voorbeeld_2014", "groningen_wij_2018", "west_betuwe_2021", "arnhem_ozo_2012",
              "leeuwarden_frontlijnteam")
"""Report order: the worked example first, then the cases with a target, Leeuwarden (four years) last."""



@dataclass(frozen=True)
class TargetSpec:
    """What a case must reproduce, with all its inputs and one set of kengetallen.

    ``costs`` and ``benefits``: relative tolerance on the totals; ``ratios_equal``: both ratios equal
    to the published ones after LPBL's rounding; ``ratio_tolerance``: both within this distance;
    ``lines``: every published line within this, or listed as not determinable from the text;
    ``actors``: the budget per actor (costs and benefits) within this, or explained.
    """

    costs: float
    benefits: float
    ratios_equal: bool = False
    ratio_tolerance: float | None = None
    lines: float | None = None
    actors: float | None = None


TARGETS: dict[str, TargetSpec] = {
    "meta_voorbeeld_2014": TargetSpec(0.03, 0.03, ratios_equal=True, lines=0.10, actors=0.10),
    "west_betuwe_2021": TargetSpec(0.06, 0.06, ratio_tolerance=0.10),
    "groningen_wij_2018": TargetSpec(0.02, 0.15),
    "arnhem_ozo_2012": TargetSpec(0.15, 0.15),
    "leeuwarden_frontlijnteam": TargetSpec(0.20, 0.20, ratio_tolerance=0.20),
}
"""The targets per case (issue 11; Leeuwarden, a four-year retrospective on MEERJARIG: issue 14)."""

# Published sections that are not MKBA figures to put beside one result (handled elsewhere or text).
_NOT_COMPARED = {"observations", "sensitivity_as_published", "sensitivity_table_4_2", "unit",
                 "full_nieuw_voor_oud_effect", "note"}

_LINE_LABELS = {f"{('kosten' if line.side == COSTS else 'baten')}.{line.json_key}": f"{line.code} {line.label}"
                for line in LINES}
LABELS: dict[str, str] = {
    "kosten.totaal": "Totale kosten",
    "kosten.nieuwe_aanpak": "K1 Kosten nieuwe aanpak",
    **_LINE_LABELS,
    "baten.totaal": "Totale baten",
    "baten.organisatie": "B1 Besparing organisatiekosten",
    "baten.immaterieel": "B4 Immateriële baten",
    "baten.coordinatie": "Besparing intake, plannen en coördinatie (model: deel van B1a)",
    "baten.nieuw_voor_oud_excl_coordinatie": "B1a Nieuw voor oud, zonder coördinatiebesparing",
    "saldo": "Saldo (baten minus kosten)",
    "kb_financieel": "Financieel K-B-verhouding",
    "kb_maatschappelijk": "Maatschappelijk K-B-verhouding",
    # Figures only some reports publish (their own labels):
    "kosten.team": "Kosten zorgcoördinatoren (model: K1)",
    "kosten.extra_zorg_incl_escalaties": "Kosten extra ingezette zorg incl. escalaties (model: K3)",
    "kosten.extra_zorg_afgeleid": "Kosten extra ingezette zorg incl. escalaties, afgeleid (model: K3)",
    "gemeente_saldo_approx": "Saldo gemeente, NCW per actor (approx)",
}
_GROUP_LABELS = {"sociaal_isolement": "sociaal isolement (model: ouderen)", "risico_gezinnen": "risico-gezinnen "
                 "(model: gezinnen)", "ggz": "GGZ zonder kinderen", "zwakbegaafd": "zwakbegaafd zonder kinderen",
                 "ggz_en_zwakbegaafd": "GGZ + zwakbegaafd (model: overige)"}
_BUDGET_TABLES = {"additional_90pct": "Tabel 3.7, 90% additioneel", "full_nieuw_voor_oud": "Tabel 4.1, volledig nieuw "
                  "voor oud"}
_SUBLINES = {f"{'kosten' if group == 'K1' else 'baten'}.{key}": tuple(
    f"{'kosten' if group == 'K1' else 'baten'}.{LINE_BY_CODE[code].json_key}" for code in codes)
    for group, codes, key in (("K1", GROUPS["K1"], "nieuwe_aanpak"), ("B1", GROUPS["B1"], "organisatie"),
                              ("B4", GROUPS["B4"], "immaterieel"))}
"""A group line (K1, B1, B4) and its sub-lines: the group is left out of 'largest differences' when they are shown."""
_ACTOR_LABELS = {"gemeente": "Gemeente", "zorgverzekeraar": "Zorgverzekeraar", "huishoudens": "Huishoudens",
                 "overige_partijen": "Overige partijen", "totaal": "Totaal"}


# ---------------------------------------------------------------------------------------------
# Our figures, flattened to dotted paths
# ---------------------------------------------------------------------------------------------

def _flatten(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            columns = value.get("columns")
            if isinstance(columns, list):
                # A table published as columns + rows of lists (Leeuwarden Tabel 3.7 / 4.1).
                for name, row in value.items():
                    if name == "columns":
                        continue
                    if isinstance(row, Mapping):
                        for measure, cells in row.items():
                            for col, cell in zip(columns, cells):
                                yield f"{path}.{name}.{measure}.{col}", cell
                    else:
                        yield f"{path}.{name}", row
            else:
                yield from _flatten(value, f"{path}.")
        else:
            yield path, value


def our_figures(result: Result, invoer: Invoer, kg: Kengetallen, meerjarig: Meerjarig | None = None,
                budget: Result | None = None) -> dict[str, float]:
    """The engine's figures as ``dotted.path -> value``, including a few breakdowns the reports publish.

    For several years of the approach (``meerjarig``) the budget figures are those of ``budget``: one year of the
    approach (INVOER), the budget of a continuing approach, which is what a report's yearly budget table shows.
    """
    data = result.to_json()
    budget = budget or result
    ours: dict[str, float] = {}
    for section in ("kosten", "baten"):
        for key, value in data[section].items():
            ours[f"{section}.{key}"] = value
    for key in ("saldo", "kb_financieel", "kb_maatschappelijk"):
        ours[key] = data[key]
    for actor, values in budget.budget("actor").items():
        for measure in ("kosten", "baten", "saldo", "kb"):
            ours[f"begroting_na_2_jaar.{actor}.{measure}"] = float(values[measure])
    for domain, values in budget.budget("domain").items():
        for measure in ("kosten", "baten", "saldo"):
            ours[f"begroting_na_2_jaar_per_geldstroom.{domain}.{measure}"] = float(values[measure])
    # NCW per actor (some reports publish the MKBA, not the budget, per actor).
    ncw = result.ncw_per("actor")
    for actor in ACTORS:
        for measure in (COSTS, BENEFITS, "saldo"):
            ours[f"ncw_per_actor.{actor}.{measure}"] = float(ncw[actor][measure])
    # B1a holds both the returned nieuw-voor-oud costs (domain 'team') and the coordination saving.
    nieuw_voor_oud = float(result.sum(line="B1a", domain="team"))
    ours["baten.coordinatie"] = float(result.line_ncw("B1a")) - nieuw_voor_oud
    ours["baten.nieuw_voor_oud_excl_coordinatie"] = nieuw_voor_oud
    # Prevented escalation per household type (the profile part; the model is linear in each share).
    zero = {f"voorkomen_escalatie.{t}": 0.0 for t in HOUSEHOLD_TYPES}
    zero.update({"voorkomen.uhp": 0.0, "voorkomen.ots": 0.0, "voorkomen.huisuitzettingen": 0.0})
    for t in HOUSEHOLD_TYPES:
        only = invoer.replace(**{**zero, f"voorkomen_escalatie.{t}": invoer[f"voorkomen_escalatie.{t}"]})
        ours[f"escalatie_per_type.{t}"] = float(compute_result(only, kg, meerjarig, explain=False).line_ncw("B3"))
    return ours


# ---------------------------------------------------------------------------------------------
# Comparison rows
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    path: str
    label: str
    published: float | str | None
    ours: float | None
    ratio: bool
    explanation: str = ""
    note: str = ""  # e.g. how a derived published figure was derived
    ours_plain: float | None = None
    """Ours with the ``teruggerekend`` inputs left empty (their defaults)."""
    undeterminable: str = ""
    """Why the report text cannot determine this line (case file, 'niet_bepaalbaar'), or ''."""
    by_construction: tuple[str, ...] = ()
    """Kengetallen taken from this case's own totals that this line uses."""

    @property
    def pct_plain(self) -> float | None:
        if self.ours_plain is None or not isinstance(self.published, int | float) or self.published == 0:
            return None
        return (self.ours_plain - self.published) / abs(float(self.published))

    @property
    def diff(self) -> float | None:
        if self.ours is None or not isinstance(self.published, int | float):
            return None
        return self.ours - self.published

    @property
    def pct(self) -> float | None:
        diff, published = self.diff, self.published
        if diff is None or not isinstance(published, int | float) or published == 0:
            return None
        return diff / abs(float(published))

    @property
    def ratio_off(self) -> bool:
        """LPBL-rounded ratio more than one step (0.05) from the published ratio."""
        ours, published = self.ours, self.published
        if not self.ratio or ours is None or not isinstance(published, int | float):
            return False
        return abs(round_ratio(ours) - float(published)) > RATIO_STEP + 1e-9

    @property
    def needs_explanation(self) -> bool:
        if self.ours is None:
            return True
        if self.pct is not None:
            return abs(self.pct) > EXPLAIN_ABOVE or self.ratio_off
        if self.diff is not None:  # published zero
            return abs(self.diff) >= (0.005 if self.ratio else 1.0)
        return bool(self.published)  # text: only with an explanation of how it compares


def _label(path: str) -> str:
    if path in LABELS:
        return LABELS[path]
    parts = path.split(".")
    if parts[0] == "begroting_na_2_jaar" and len(parts) == 3:
        return f"Begroting na 2 jaar — {_ACTOR_LABELS.get(parts[1], parts[1])} — {parts[2]}"
    if parts[0] == "escalatie_by_group" and len(parts) == 2:
        return f"B3 voorkomen escalatie — {_GROUP_LABELS.get(parts[1], parts[1])}"
    if parts[0] == "budget_2013_per_geldstroom" and len(parts) == 4:
        return f"Begroting 2013 ({_BUDGET_TABLES.get(parts[1], parts[1])}) — {parts[3]} — {parts[2]}"
    if parts[-1] in ("totaal_derived", "saldo_approx", "kb_financieel_approx", "escalatie_derived"):
        base = ".".join([*parts[:-1], parts[-1].rsplit("_", 1)[0]])
        return f"{LABELS.get(base, base)} ({parts[-1].rsplit('_', 1)[1].replace('derived', 'afgeleid')})"
    return ""


def _default_target(path: str) -> str:
    parts = path.split(".")
    last = parts[-1]
    for suffix in ("_derived", "_approx"):
        if last.endswith(suffix):
            last = last[: -len(suffix)]
    return ".".join([*parts[:-1], last])


def _is_ratio(path: str) -> bool:
    return path.split(".")[-1].startswith("kb")


def compare(case: Case, ours: Mapping[str, float], plain: Mapping[str, float] | None = None,
            construction: Mapping[str, tuple[str, ...]] | None = None) -> list[Row]:
    """One row per published figure (and per figure the case file derives from them).

    ``plain``: our figures with the ``teruggerekend`` inputs left empty; ``construction``: per line
    path the kengetallen from this case's own totals that the line uses.
    """
    rows: list[Row] = []
    published = [(p, v) for p, v in _flatten(case.published) if p.split(".")[0] not in _NOT_COMPARED]
    derived = [(p, d.get("waarde"), str(d.get("toelichting", ""))) for p, d in case.derived.items()]
    for path, value, note in [*((p, v, "") for p, v in published), *derived]:
        if isinstance(value, bool) or value is None or isinstance(value, list):
            continue
        ratio = _is_ratio(path)
        if isinstance(value, int | float) and not ratio:
            value = float(value) * case.published_factor
        target = _lookup(case.mapping, path, _default_target(path))
        ours_value = _our_value(ours, target)
        plain_value = _our_value(plain, target) if plain is not None else None
        uses = (construction or {}).get(target, ()) if isinstance(target, str) else ()
        rows.append(Row(path, _label(path), value, ours_value, ratio, _lookup(case.explanations, path, ""), note,
                        plain_value, str(case.undeterminable.get(path, "")), uses))
    return rows


def derived_kengetallen(result: Result, case: Case) -> dict[str, tuple[str, ...]]:
    """Per UITVOER line path ('baten.overlast') the kengetallen from this case's own totals it uses."""
    own = {key for key, report in DERIVED_FROM_CASE.items() if case.seed.startswith(report)}
    out: dict[str, set[str]] = {}
    for post in result.ledger:
        used = {key for key in own for source in post.sources if source.startswith(f"{key}:")}
        if used:
            line = LINE_BY_CODE[post.line]
            path = f"{'kosten' if line.side == COSTS else 'baten'}.{line.json_key}"
            out.setdefault(path, set()).update(used)
    return {path: tuple(sorted(keys)) for path, keys in out.items()}


def _lookup(table: Mapping[str, Any], path: str, default: Any) -> Any:
    """``table[path]``, else the entry of the longest matching 'prefix.*' key, else ``table['*']`` or ``default``."""
    if path in table:
        return table[path]
    default = table.get("*", default)
    best = None
    for key in table:
        if key.endswith(".*") and path.startswith(key[:-1]) and (best is None or len(key) > len(best)):
            best = key
    return table[best] if best is not None else default


def _our_value(ours: Mapping[str, float], target: str | list[str] | None) -> float | None:
    """Our figure at ``target``; a list of paths is summed (several of our domains against one column)."""
    if not target:
        return None
    paths = target if isinstance(target, list) else [target]
    values = [ours.get(p) for p in paths]
    numbers = [v for v in values if v is not None and math.isfinite(v)]
    return float(sum(numbers)) if len(numbers) == len(values) else None


# ---------------------------------------------------------------------------------------------
# One case
# ---------------------------------------------------------------------------------------------

@dataclass
class CaseRun:
    case: Case
    workbook: Path
    invoer: Invoer
    kg: Kengetallen
    report: Report
    result: Result
    ours: dict[str, float]
    rows: list[Row]
    sensitivities: list[dict[str, Any]] = field(default_factory=list)
    plain: Result | None = None
    """The case computed with its ``teruggerekend`` inputs left empty."""
    plain_ours: dict[str, float] = field(default_factory=dict)

    def row(self, path: str) -> Row | None:
        return next((r for r in self.rows if r.path == path), None)

    def total(self, side: str) -> Row | None:
        """The published total of costs or benefits (exact or derived)."""
        for path in (f"{side}.totaal", f"{side}.totaal_derived"):
            row = self.row(path)
            if row is not None and isinstance(row.published, float):
                return row
        return None


def run_case(case: Case, workbook: Path) -> CaseRun:
    from .pipeline import read

    wb = read(workbook)
    invoer, kg, report, meerjarig = wb.invoer, wb.kengetallen, wb.report, wb.meerjarig
    result = wb.compute()
    several = meerjarig is not None and not meerjarig.empty
    ours = our_figures(result, invoer, kg, meerjarig, compute(invoer, kg) if several else None)
    plain_invoer = Invoer.from_values(case.invoer_without_derived())
    plain_years = case.meerjarig(without_derived=True) if several else None
    plain = compute_result(plain_invoer, kg, plain_years)
    plain_ours = our_figures(plain, plain_invoer, kg, plain_years, compute(plain_invoer, kg) if several else None)
    # Each sensitivity with a known input change is computed in full: its figures are available to the
    # comparison as 'variant[i]:path' (a report may publish a whole scenario, as Leeuwarden Tabel 4.1 does).
    # A change of an INVOER field holds in every year of MEERJARIG.
    for i, item in enumerate(case.sensitivities):
        change = item.get("wijziging")
        if change:
            variant = invoer.replace(**change)
            years = meerjarig.without(list(change)) if several and meerjarig is not None else None
            figures = our_figures(compute_result(variant, kg, years, explain=False), variant, kg, years,
                                  compute(variant, kg, explain=False) if several else None)
            ours.update({f"variant[{i}]:{k}": v for k, v in figures.items()})
    run = CaseRun(case, workbook, invoer, kg, report, result, ours,
                  compare(case, ours, plain_ours, derived_kengetallen(result, case)), plain=plain,
                  plain_ours=plain_ours)
    run.sensitivities = _sensitivities(run)
    return run


def _published_at(published: Mapping[str, Any], ref: str) -> Any:
    """``sensitivity_as_published[2]`` or ``full_nieuw_voor_oud_effect`` inside the published figures."""
    name, _, index = ref.partition("[")
    value = published[name]
    if index:
        value = value[int(index.rstrip("]"))]
    return value


def _sensitivities(run: CaseRun) -> list[dict[str, Any]]:
    out = []
    for i, item in enumerate(run.case.sensitivities):
        ref = item.get("gepubliceerd")
        published = dict(_published_at(run.case.published, ref)) if ref else {}
        published.setdefault("change", item.get("naam", ""))
        change = item.get("wijziging")
        entry: dict[str, Any] = {"published": published, "toelichting": item.get("toelichting", ""), "ours": None}
        if change:
            v = f"variant[{i}]:"
            entry["ours"] = {"saldo_delta": run.ours[f"{v}saldo"] - run.ours["saldo"],
                             "kb_maatschappelijk": run.ours[f"{v}kb_maatschappelijk"],
                             "kb_financieel": run.ours[f"{v}kb_financieel"]}
            entry["change"] = change
        out.append(entry)
    return out


# ---------------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    case: str
    name: str
    met: bool
    detail: str


def targets(run: CaseRun) -> list[Target]:
    """The targets of ``TARGETS`` for this case, met or not, with the figures (none for Leeuwarden)."""
    spec = TARGETS.get(run.case.name)
    if spec is None:
        return []
    name = run.case.name
    out = []
    for side, word, tolerance in ((COSTS, "total costs", spec.costs), (BENEFITS, "total benefits", spec.benefits)):
        row = run.total(side)
        if row is None or row.pct is None:
            out.append(Target(name, f"{word} within {tolerance:.0%}", False, "no published total"))
            continue
        out.append(Target(name, f"{word} within {tolerance:.0%}", abs(row.pct) <= tolerance + 1e-12,
                          f"{eur_text(row.ours)} vs {eur_text(row.published)} ({pct_text(row.pct)})"))
    if spec.ratios_equal or spec.ratio_tolerance is not None:
        for key in ("kb_financieel", "kb_maatschappelijk"):
            row = run.row(key)
            if row is None or row.ours is None or not isinstance(row.published, float):
                out.append(Target(name, f"{key}: not comparable", False, "no published ratio"))
                continue
            shown = round_ratio(row.ours)
            if spec.ratios_equal:
                text, met = f"{key} equal after LPBL rounding", abs(shown - row.published) < 1e-9
            else:
                tol = float(spec.ratio_tolerance or 0.0)
                text, met = f"{key} within {tol:.2f}", abs(shown - row.published) <= tol + 1e-9
            detail = f"{ratio_text(shown)} (exact {row.ours:.3f}) vs {ratio_text(row.published)}"
            out.append(Target(name, text, met, detail))
    if spec.lines is not None:
        out.append(_lines_target(run, spec.lines))
    if spec.actors is not None:
        out.append(_actors_target(run, spec.actors))
    return out


def _lines_target(run: CaseRun, tolerance: float) -> Target:
    lines = [r for r in run.rows if is_line(r.path) and isinstance(r.published, float)]
    outside = [r for r in lines if r.ours is None or _off(r, tolerance)]
    unlisted = [r for r in outside if not r.undeterminable]
    return Target(run.case.name, f"every published line within {tolerance:.0%} or not determinable from the text",
                  not unlisted, f"{len(lines) - len(outside)} of {len(lines)} lines within {tolerance:.0%}; "
                  f"{len(outside) - len(unlisted)} listed as not determinable"
                  + (f"; not listed: {', '.join(r.path for r in unlisted)}" if unlisted else ""))


def _actors_target(run: CaseRun, tolerance: float) -> Target:
    rows = [r for r in run.rows if r.path.startswith("begroting_na_2_jaar.") and r.path.endswith((".kosten", ".baten"))
            and isinstance(r.published, float)]
    outside = [r for r in rows if r.ours is None or _off(r, tolerance)]
    unexplained = [r for r in outside if not r.explanation]
    return Target(run.case.name, f"budget per actor within {tolerance:.0%} or explained", not unexplained,
                  f"{len(rows) - len(outside)} of {len(rows)} actor figures within {tolerance:.0%}; "
                  f"{len(outside) - len(unexplained)} explained"
                  + (f"; not explained: {', '.join(r.path for r in unexplained)}" if unexplained else ""))


def _off(row: Row, tolerance: float) -> bool:
    """Further from the published figure than ``tolerance`` (relative; 1 euro when the published is 0)."""
    if row.pct is not None:
        return abs(row.pct) > tolerance + 1e-12
    return abs(row.diff or 0.0) >= 1.0


def is_line(path: str) -> bool:
    section, _, key = path.partition(".")
    return section in ("kosten", "baten") and "totaal" not in key


def eur_text(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    return f"{x:,.0f}"


def pct_text(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:+.1f}%"


def ratio_text(x: Any) -> str:
    return "—" if x is None else f"{float(x):.2f}"


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------

def run_all(cases_dir: str | os.PathLike[str], workbooks_dir: str | os.PathLike[str] | None = None) -> list[CaseRun]:
    """Read and compute every sample workbook (``<workbooks_dir>/<case>.xlsx``, default the cases' parent)."""
    cases_dir = Path(cases_dir)
    books = Path(workbooks_dir) if workbooks_dir is not None else cases_dir.parent
    cases = sorted(load_cases(cases_dir), key=lambda c: (CASE_ORDER.index(c.name) if c.name in CASE_ORDER
                                                         else len(CASE_ORDER), c.name))
    return [run_case(case, books / f"{case.name}.xlsx") for case in cases]


__all__ = ["CaseRun", "Row", "Target", "TargetSpec", "compare", "eur_text", "is_line", "our_figures", "pct_text",
           "ratio_text", "run_all", "run_case", "targets"]
