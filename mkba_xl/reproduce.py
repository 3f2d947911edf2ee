"""Reproduction report: every sample workbook through the reader and the engine, beside the published figures.

``reproduce(cases_dir, out_dir, report_path)`` regenerates the sample workbooks from the case
files, reads each workbook back with ``reader.read_workbook`` (so the samples are proven valid
inputs), computes it and writes ``docs/reproduction.md``: a summary table, the issue's targets
(met or missed), and per case every published figure beside ours with the difference and, for
each difference over 10%, the explanation written in the case file (or 'nog niet verklaard').

The judgements (explanations, open points) live in the case files; this module only compares.
Run ``python -m mkba_xl.reproduce`` from the repository root.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import BENEFITS, COSTS, GROUPS, LINE_BY_CODE, LINES, Result, compute, round_ratio
from .errors import Report
from .invoer import Invoer
from .kengetallen import Kengetallen
from .samples import Case, load_cases, regenerate_all
from .schema import ACTORS, HOUSEHOLD_TYPES

EXPLAIN_ABOVE = 0.10
"""A difference larger than this (relative) needs an explanation in the case file."""
LINE_TOLERANCE = 0.20
RATIO_STEP = 0.05
NOT_EXPLAINED = "**nog niet verklaard**"

CASE_ORDER = ("meta_voorbeeld_2014", "groningen_wij_2018", "west_betuwe_2021", "arnhem_ozo_2012",
              "leeuwarden_frontlijnteam")
"""Report order: the worked example first, then the cases with a target, Leeuwarden (four years) last."""

# Targets of the issue: (case, total tolerance, check lines and ratios too).
TARGETS: dict[str, tuple[float, bool]] = {
    "meta_voorbeeld_2014": (0.10, True),
    "groningen_wij_2018": (0.10, True),
    "west_betuwe_2021": (0.10, True),
    "arnhem_ozo_2012": (0.15, False),
}

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


def our_figures(result: Result, invoer: Invoer, kg: Kengetallen) -> dict[str, float]:
    """The engine's figures as ``dotted.path -> value``, including a few breakdowns the seeds publish."""
    data = result.to_json()
    ours: dict[str, float] = {}
    for section in ("kosten", "baten"):
        for key, value in data[section].items():
            ours[f"{section}.{key}"] = value
    for key in ("saldo", "kb_financieel", "kb_maatschappelijk"):
        ours[key] = data[key]
    for actor, values in result.budget("actor").items():
        for measure in ("kosten", "baten", "saldo", "kb"):
            ours[f"begroting_na_2_jaar.{actor}.{measure}"] = float(values[measure])
    for domain, values in result.budget("domain").items():
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
        ours[f"escalatie_per_type.{t}"] = float(compute(only, kg, explain=False).line_ncw("B3"))
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

    @property
    def diff(self) -> float | None:
        if self.ours is None or not isinstance(self.published, int | float):
            return None
        return self.ours - self.published

    @property
    def pct(self) -> float | None:
        if self.diff is None or self.published == 0:
            return None
        return self.diff / abs(float(self.published))

    @property
    def ratio_off(self) -> bool:
        """LPBL-rounded ratio more than one step (0.05) from the published ratio."""
        if not self.ratio or self.diff is None:
            return False
        return abs(round_ratio(self.ours) - float(self.published)) > RATIO_STEP + 1e-9

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


def compare(case: Case, ours: Mapping[str, float]) -> list[Row]:
    """One row per published figure (and per figure the case file derives from them)."""
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
        rows.append(Row(path, _label(path), value, ours_value, ratio, _lookup(case.explanations, path, ""), note))
    return rows


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
    if any(v is None or not math.isfinite(v) for v in values):
        return None
    return float(sum(values))


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
    from .reader import read_workbook

    invoer, kg, report = read_workbook(workbook)
    result = compute(invoer, kg)
    ours = our_figures(result, invoer, kg)
    # Each sensitivity with a known input change is computed in full: its figures are available to the
    # comparison as 'variant[i]:path' (a report may publish a whole scenario, as Leeuwarden Tabel 4.1 does).
    for i, item in enumerate(case.sensitivities):
        change = item.get("wijziging")
        if change:
            variant = invoer.replace(**change)
            figures = our_figures(compute(variant, kg, explain=False), variant, kg)
            ours.update({f"variant[{i}]:{k}": v for k, v in figures.items()})
    run = CaseRun(case, workbook, invoer, kg, report, result, ours, compare(case, ours))
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
    """The issue's targets for this case (none for cases without one, such as Leeuwarden)."""
    spec = TARGETS.get(run.case.name)
    if spec is None:
        return []
    tolerance, full = spec
    out = []
    for side, word in ((COSTS, "total costs"), (BENEFITS, "total benefits")):
        row = run.total(side)
        if row is None or row.pct is None:
            out.append(Target(run.case.name, f"{word} within {tolerance:.0%}", False, "no published total"))
            continue
        out.append(Target(run.case.name, f"{word} within {tolerance:.0%}", abs(row.pct) <= tolerance,
                          f"{_eur(row.ours)} vs {_eur(row.published)} ({_pct(row.pct)})"))
    if not full:
        return out
    lines = [r for r in run.rows if _is_line(r.path) and isinstance(r.published, float)]
    outside = [r for r in lines if r.pct is None and abs(r.diff or 0) >= 1 or r.pct is not None
               and abs(r.pct) > LINE_TOLERANCE or r.ours is None]
    unexplained = [r for r in outside if not r.explanation]
    out.append(Target(run.case.name, f"every published line within {LINE_TOLERANCE:.0%} or explained",
                      not unexplained,
                      f"{len(lines) - len(outside)} of {len(lines)} lines within {LINE_TOLERANCE:.0%}; "
                      f"{len(outside) - len(unexplained)} outside with an explanation"
                      + (f"; unexplained: {', '.join(r.path for r in unexplained)}" if unexplained else "")))
    for key in ("kb_financieel", "kb_maatschappelijk"):
        row = run.row(key)
        if row is None or row.ours is None:
            out.append(Target(run.case.name, f"{key} within 0.05 after rounding", False, "not comparable"))
            continue
        out.append(Target(run.case.name, f"{key} within 0.05 after LPBL rounding", not row.ratio_off,
                          f"{_ratio(round_ratio(row.ours))} (exact {row.ours:.3f}) vs {_ratio(row.published)}"))
    return out


def _is_line(path: str) -> bool:
    section, _, key = path.partition(".")
    return section in ("kosten", "baten") and "totaal" not in key


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

def _eur(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    return f"{x:,.0f}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:+.1f}%"


def _ratio(x: Any) -> str:
    return "—" if x is None else f"{float(x):.2f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _value(row: Row, x: Any) -> str:
    if x is None or isinstance(x, str):
        return _eur(x)
    return _ratio(x) if row.ratio else _eur(x)


def _ours(row: Row) -> str:
    if row.ours is None:
        return "— (not computed)"
    if row.ratio:
        return f"{_ratio(round_ratio(row.ours))} (exact {row.ours:.3f})"
    return _eur(row.ours)


def _diff(row: Row) -> str:
    if row.diff is None:
        return "—"
    return f"{row.diff:+.2f}" if row.ratio else f"{row.diff:+,.0f}"


def _explanation(row: Row) -> str:
    text = row.explanation
    if row.needs_explanation and not text:
        text = NOT_EXPLAINED
    if row.note:
        text = f"(published figure derived: {row.note}) {text}".strip()
    return text


def _summary(runs: Sequence[CaseRun]) -> list[str]:
    lines = [
        "| Case | Costs: ours | published | Δ | Benefits: ours | published | Δ | Financial K-B: ours (LPBL / exact) "
        "| published | Societal K-B: ours (LPBL / exact) | published | Worst line |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---|",
    ]
    for run in runs:
        cost, ben = run.total(COSTS), run.total(BENEFITS)
        cells = [run.case.name]
        for row in (cost, ben):
            cells += [_eur(row.ours), _eur(row.published), _pct(row.pct)] if row else ["—", "—", "—"]
        for key in ("kb_financieel", "kb_maatschappelijk"):
            row = run.row(key) or run.row(f"{key}_approx")
            ours = run.ours[key]
            cells.append(f"{_ratio(round_ratio(ours))} / {ours:.3f}" if math.isfinite(ours) else "—")
            cells.append(_ratio(row.published) if row else "—")
        worst = max((r for r in run.rows if _is_line(r.path) and r.pct is not None), key=lambda r: abs(r.pct),
                    default=None)
        cells.append(f"{worst.label or worst.path}: {_pct(worst.pct)}" if worst else "—")
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _case_section(run: CaseRun) -> list[str]:
    c = run.case
    out = [f"## {c.title}", "",
           f"Case file `sample_workbooks/cases/{c.name}.json`, workbook `sample_workbooks/{c.name}.xlsx`; "
           f"seed `{c.seed}` ({c.report}); reference `{c.reference}` in `published_cases.yaml`."]
    if c.published_factor != 1:
        out.append(f"Published amounts are multiplied by {c.published_factor:,.0f} "
                   f"({c.published.get('unit', 'as published')}).")
    out.append("")
    warnings = run.report.warnings
    if warnings:
        out.append("Warnings of the reader on this workbook (it reads without errors):")
        out += [f"- {_cell(p.as_text())}" for p in warnings]
    else:
        out.append("The reader reads this workbook without errors or warnings.")
    published_paths = {r.path for r in run.rows}
    largest = sorted((r for r in run.rows if _is_line(r.path) and r.diff is not None and abs(r.diff) >= 1
                      and not published_paths & set(_SUBLINES.get(r.path, ()))),
                     key=lambda r: -abs(r.diff or 0))[:3]
    if largest:
        out += ["", "Largest differences among the cost and benefit lines (in euro):"]
        out += [f"- {r.label or r.path}: {_diff(r)} ({_pct(r.pct)}). {_cell(_explanation(r))}" for r in largest]
    out += ["", "| Line | Published | Ours | Δ € | Δ % | Explanation |", "|---|---:|---:|---:|---:|---|"]
    for row in run.rows:
        out.append("| " + " | ".join(_cell(x) for x in (
            f"{row.label} (`{row.path}`)" if row.label else f"`{row.path}`", _value(row, row.published),
            _ours(row), _diff(row), _pct(row.pct), _explanation(row))) + " |")
    if run.sensitivities:
        out += ["", "Sensitivities and variants (one change at a time; saldo effect against the base result):", "",
                "| Change | Our input change | Saldo Δ published | Saldo Δ ours | Societal K-B published | ours "
                "| Financial K-B published | ours | Note |", "|---|---|---:|---:|---:|---:|---:|---:|---|"]
        for s in run.sensitivities:
            pub, ours = s["published"], s["ours"]
            pub_delta = pub.get("saldo_delta")
            change = "; ".join(f"`{k}` = {v:g}" if isinstance(v, int | float) else f"`{k}` = {v}"
                               for k, v in (s.get("change") or {}).items()) or "— (not reproducible)"

            def ratio_pair(key: str, pub: Mapping[str, Any] = pub, ours: Any = ours) -> list[str]:
                return [_ratio(pub.get(key)) if pub.get(key) is not None else "—",
                        f"{_ratio(round_ratio(ours[key]))} ({ours[key]:.3f})" if ours else "—"]

            out.append("| " + " | ".join(_cell(x) for x in (
                str(pub.get("change", "")), change,
                f"{pub_delta * c.published_factor:+,.0f}" if isinstance(pub_delta, int | float) else "—",
                f"{ours['saldo_delta']:+,.0f}" if ours else "—",
                *ratio_pair("kb_maatschappelijk"), *ratio_pair("kb_financieel"),
                " ".join(x for x in (str(pub.get("note", "")), s["toelichting"]) if x))) + " |")
    notes = [str(o) for o in c.published.get("observations", [])]
    if notes:
        out += ["", "Observations on the published figures (from `published_cases.yaml`):"]
        out += [f"- {_cell(n)}" for n in notes]
    assumptions = c.assumptions()
    if assumptions:
        out += ["", "Values the report does not state (`aanname` in the case file):"]
        grouped: dict[str, list[str]] = {}
        for e in assumptions:
            grouped.setdefault(e.source[len("aanname:"):].strip(), []).append(f"`{e.key}` = {e.value}")
        out += [f"- {', '.join(values)}: {_cell(reason)}" for reason, values in grouped.items()]
    if c.kengetallen:
        out += ["", "Kengetallen this case's report states differently from the defaults (overrides):"]
        out += [f"- `{e.key}` = {e.value}" + (f" (price year {e.price_year})" if e.price_year else "")
                + f": {_cell(e.source)}" for e in c.kengetallen]
    if c.open_points:
        out += ["", "Open points (what the model cannot represent for this case):"]
        out += [f"- {_cell(p)}" for p in c.open_points]
    out.append("")
    return out


def render(runs: Sequence[CaseRun]) -> str:
    lines = [
        "# Reproduction of five published LPBL MKBAs",
        "",
        "Generated by `python -m mkba_xl.reproduce` from `sample_workbooks/cases/*.json`; do not edit by hand "
        "(`tests/test_samples.py` checks that this file is current).",
        "",
        "Each case file encodes the INVOER its report states (with the source of every value) and the "
        "published figures. The sample workbook made from it is read back with the reader and computed with "
        "the engine and **one default set of kengetallen**; only the kengetallen a report itself states "
        "differently are overridden (listed per case). Ratios are shown LPBL-rounded (nearest 0.05) and exact. "
        f"Every difference over {EXPLAIN_ABOVE:.0%} carries an explanation from the case file, or "
        f"{NOT_EXPLAINED} so that it stays visible.",
        "",
        "## Summary",
        "",
        *_summary(runs),
        "",
        "## Targets of the issue",
        "",
        "Meta example, Groningen and West Betuwe: total costs and total benefits within 10%, every published line "
        "within 20% or explained, both ratios within 0.05 after LPBL's rounding. Arnhem: totals within 15%. "
        "Leeuwarden has no target (its published figures are four-year totals).",
        "",
        "| Case | Target | Met | Detail |",
        "|---|---|---|---|",
    ]
    for run in runs:
        for t in targets(run):
            lines.append(f"| {t.case} | {t.name} | {'yes' if t.met else '**no**'} | {_cell(t.detail)} |")
    lines.append("")
    for run in runs:
        lines += _case_section(run)
    return "\n".join(lines).rstrip() + "\n"


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


def build_report(cases_dir: str | os.PathLike[str], workbooks_dir: str | os.PathLike[str] | None = None) -> str:
    """The Markdown of ``docs/reproduction.md`` for the sample workbooks as they are on disk."""
    return render(run_all(cases_dir, workbooks_dir))


def reproduce(cases_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str],
              report_path: str | os.PathLike[str]) -> str:
    """Regenerate the sample workbooks into ``out_dir``, write the report to ``report_path``, return its text."""
    regenerate_all(cases_dir, out_dir)
    text = build_report(cases_dir, out_dir)
    report_path = Path(report_path)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(text, encoding="utf-8", newline="\n")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkba_xl.reproduce",
                                     description="Maak de voorbeeldwerkmappen opnieuw en schrijf docs/reproduction.md.")
    parser.add_argument("--cases", default="sample_workbooks/cases", help="map met de casusbestanden (*.json)")
    parser.add_argument("--out", default="sample_workbooks", help="map voor de voorbeeldwerkmappen")
    parser.add_argument("--report", default="docs/reproduction.md", help="pad van het verslag")
    args = parser.parse_args(argv)
    reproduce(args.cases, args.out, args.report)
    print(f"Voorbeeldwerkmappen in {args.out}; verslag in {args.report}.")
    return 0


__all__ = ["CaseRun", "Row", "Target", "build_report", "compare", "main", "our_figures", "reproduce", "run_all",
           "run_case", "targets"]


if __name__ == "__main__":
    raise SystemExit(main())
