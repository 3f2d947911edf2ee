"""``docs/reproduction.md``: the reproduction of the five published MKBAs as Markdown.

Renders what ``reproduce`` computed and compared: a summary of both runs per case (all inputs, and the
``teruggerekend`` inputs left empty), the targets, and per case every published figure beside ours
with its explanation, the lines the report cannot determine, the inputs by kind and the kengetallen
taken from the case's own totals. It computes nothing itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from .engine import BENEFITS, COSTS, round_ratio
from .reproduction import (
    EXPLAIN_ABOVE,
    NOT_EXPLAINED,
    TARGETS,
    CaseRun,
    Row,
    TargetSpec,
    eur_text,
    is_line,
    pct_text,
    ratio_text,
    targets,
)
from .samples import TERUGGEREKEND, Case

_SUBLINES = {"kosten.nieuwe_aanpak": ("kosten.nulsituatie", "kosten.meerkosten"),
             "baten.organisatie": ("baten.nieuw_voor_oud", "baten.meer_op_maat", "baten.substitutie"),
             "baten.immaterieel": ("baten.ontwikkelingskansen_kinderen", "baten.kwaliteit_van_leven", "baten.overlast")}
"""A group line and its sub-lines: the group is left out of 'largest differences' when they are shown."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _value(row: Row, x: Any) -> str:
    if x is None or isinstance(x, str):
        return eur_text(x)
    return ratio_text(x) if row.ratio else eur_text(x)


def _ours(row: Row, x: float | None) -> str:
    if x is None:
        return "— (not computed)"
    if row.ratio:
        return f"{ratio_text(round_ratio(x))} (exact {x:.3f})" if math.isfinite(x) else "—"
    return eur_text(x)


def _diff(row: Row) -> str:
    if row.diff is None:
        return "—"
    return f"{row.diff:+.2f}" if row.ratio else f"{row.diff:+,.0f}"


def _explanation(row: Row) -> str:
    parts = []
    if row.note:
        parts.append(f"(published figure derived: {row.note})")
    if row.undeterminable:
        parts.append(f"**Not determinable from the text:** {row.undeterminable}")
    text = row.explanation
    if row.needs_explanation and not text and not row.undeterminable:
        text = NOT_EXPLAINED
    if text:
        parts.append(text)
    if row.by_construction:
        parts.append("(Uses kengetallen taken from this case's own totals: "
                     f"{', '.join(f'`{k}`' for k in row.by_construction)}.)")
    return " ".join(parts)


def _ratio_pair(ours: Mapping[str, float], key: str) -> str:
    x = ours.get(key)
    return f"{ratio_text(round_ratio(x))} / {x:.3f}" if x is not None and math.isfinite(x) else "—"


def _summary(runs: Sequence[CaseRun]) -> list[str]:
    lines = [
        "| Case | Inputs | Costs: ours | published | Δ | Benefits: ours | published | Δ | Financial K-B: ours "
        "(LPBL / exact) | published | Societal K-B: ours (LPBL / exact) | published |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|---:|",
    ]
    for run in runs:
        for inputs, ours in (("all", run.ours), ("teruggerekend → standaard", run.plain_ours)):
            cells = [run.case.name, inputs]
            for side in (COSTS, BENEFITS):
                row = run.total(side)
                if row is None:
                    cells += ["—", "—", "—"]
                    continue
                value = row.ours if ours is run.ours else row.ours_plain
                pct = row.pct if ours is run.ours else row.pct_plain
                cells += [eur_text(value), eur_text(row.published), pct_text(pct)]
            for key in ("kb_financieel", "kb_maatschappelijk"):
                row = run.row(key) or run.row(f"{key}_approx")
                cells += [_ratio_pair(ours, key), ratio_text(row.published) if row else "—"]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _target_text(name: str, spec: TargetSpec) -> str:
    parts = [f"costs within {spec.costs:.0%}", f"benefits within {spec.benefits:.0%}"]
    if spec.ratios_equal:
        parts.append("both ratios equal to the published ones after LPBL's rounding")
    if spec.ratio_tolerance is not None:
        parts.append(f"both ratios within {spec.ratio_tolerance:.2f}")
    if spec.lines is not None:
        parts.append(f"every line within {spec.lines:.0%} or listed as not determinable from the text")
    if spec.actors is not None:
        parts.append(f"the budget per actor within {spec.actors:.0%} per actor or explained")
    return f"- {name}: " + "; ".join(parts) + "."


def _largest(run: CaseRun) -> list[Row]:
    published = {r.path for r in run.rows}
    return sorted((r for r in run.rows if is_line(r.path) and r.diff is not None and abs(r.diff) >= 1
                   and not published & set(_SUBLINES.get(r.path, ()))), key=lambda r: -abs(r.diff or 0))[:3]


def _case_section(run: CaseRun) -> list[str]:
    c = run.case
    out = [f"## {c.title}", "",
           f"Case file `sample_workbooks/cases/{c.name}.json`, workbook `sample_workbooks/{c.name}.xlsx`; "
           f"report text `{c.seed}` ({c.report}); reference `{c.reference}` in `published_cases.yaml`; computed in "
           f"the way `{run.result.rekenwijze.key}` ({run.result.rekenwijze.label}){_years_text(run)}."]
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
    largest = _largest(run)
    if largest:
        out += ["", "Largest differences among the cost and benefit lines (in euro):"]
        out += [f"- {r.label or r.path}: {_diff(r)} ({pct_text(r.pct)}). {_cell(_explanation(r))}" for r in largest]
    out += ["", "Ours: all inputs of the case file. Without teruggerekend: the inputs worked back from a count or "
                "total of the report left empty (their defaults), so that a line matching only by construction "
                "shows its gap.", "",
            "| Line | Published | Ours | Δ € | Δ % | Without teruggerekend | Δ % | Explanation |",
            "|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in run.rows:
        out.append("| " + " | ".join(_cell(x) for x in (
            f"{row.label} (`{row.path}`)" if row.label else f"`{row.path}`", _value(row, row.published),
            _ours(row, row.ours), _diff(row), pct_text(row.pct), _ours(row, row.ours_plain), pct_text(row.pct_plain),
            _explanation(row))) + " |")
    out += _sensitivity_table(run)
    out += _inputs_by_kind(c)
    if c.open_points:
        out += ["", "Open points (what the model cannot represent for this case):"]
        out += [f"- {_cell(p)}" for p in c.open_points]
    out.append("")
    return out


def _years_text(run: CaseRun) -> str:
    """', over four years of the approach (sheet MEERJARIG, 2009-2012), discounted to 2009' for a case of several
    years; '' for one year."""
    timeline = run.result.timeline
    if timeline is None:
        return ""
    years = timeline.years
    return (f", over {len(years)} years of the approach (sheet MEERJARIG, {years[0]}-{years[-1]}, one cohort per "
            f"year), discounted to {timeline.base_year}")


def _sensitivity_table(run: CaseRun) -> list[str]:
    if not run.sensitivities:
        return []
    factor = run.case.published_factor
    out = ["", "Sensitivities and variants (one change at a time; saldo effect against the base result):", "",
           "| Change | Our input change | Saldo Δ published | Saldo Δ ours | Societal K-B published | ours "
           "| Financial K-B published | ours | Note |", "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for s in run.sensitivities:
        pub, ours = s["published"], s["ours"]
        pub_delta = pub.get("saldo_delta")
        change = "; ".join(f"`{k}` = {v:g}" if isinstance(v, int | float) else f"`{k}` = {v}"
                           for k, v in (s.get("change") or {}).items()) or "— (not reproducible)"

        def pair(key: str, pub: Mapping[str, Any] = pub, ours: Any = ours) -> list[str]:
            return [ratio_text(pub.get(key)) if pub.get(key) is not None else "—",
                    f"{ratio_text(round_ratio(ours[key]))} ({ours[key]:.3f})" if ours else "—"]

        out.append("| " + " | ".join(_cell(x) for x in (
            str(pub.get("change", "")), change,
            f"{pub_delta * factor:+,.0f}" if isinstance(pub_delta, int | float) else "—",
            f"{ours['saldo_delta']:+,.0f}" if ours else "—", *pair("kb_maatschappelijk"), *pair("kb_financieel"),
            " ".join(x for x in (str(pub.get("note", "")), s["toelichting"]) if x))) + " |")
    return out


def _inputs_by_kind(c: Case) -> list[str]:
    out: list[str] = []
    notes = [str(o) for o in c.published.get("observations", [])]
    if notes:
        out += ["", "Observations on the published figures (from `published_cases.yaml`):"]
        out += [f"- {_cell(n)}" for n in notes]
    for kind, title in ((TERUGGEREKEND, "Inputs worked back from a count or total of the report (`teruggerekend`), "
                                       "with the rule"),
                        ("aanname", "Values the report does not state (`aanname`), with the reason")):
        entries = c.of_kind(kind)
        if not entries:
            continue
        out += ["", f"{title}:"]
        grouped: dict[str, list[str]] = {}
        for e in entries:
            reason = e.source.split(":", 1)[1].strip()
            grouped.setdefault(reason, []).append(f"`{e.key}` = {e.value}")
        out += [f"- {', '.join(values)}: {_cell(reason)}" for reason, values in grouped.items()]
    if c.kengetallen:
        out += ["", "Kengetallen this case's report states differently from the defaults (overrides):"]
        out += [f"- `{e.key}` = {e.value}" + (f" (price year {e.price_year})" if e.price_year else "")
                + f": {_cell(e.source)}" for e in c.kengetallen]
    return out


def render(runs: Sequence[CaseRun]) -> str:
    lines = [
        "# Reproduction of five published LPBL MKBAs",
        "",
        "Generated by `python -m mkba_xl.reproduce` from `sample_workbooks/cases/*.json`; do not edit by hand "
        "(`tests/test_samples.py` checks that this file is current).",
        "",
        "Each case file encodes the INVOER its report states, every value marked `vermeld` (the report states "
        "it), `teruggerekend` (worked back from a count or total the report states, with the rule) or `aanname` "
        "(the report is silent, with the reason). The sample workbook made from it is read back with the reader "
        "and computed with the engine and **one default set of kengetallen**; only the kengetallen a report itself "
        "states differently are overridden (listed per case). Each case is computed twice: with all its inputs, "
        "and with the `teruggerekend` inputs left empty, so that a line that matches by construction is visible "
        "as such. A few kengetallen are one report's own total divided by its count (marked per line). Ratios are "
        f"shown LPBL-rounded (nearest 0.05) and exact. Every difference over {EXPLAIN_ABOVE:.0%} carries an "
        f"explanation from the case file, or {NOT_EXPLAINED} so that it stays visible; a line the report text "
        "cannot determine says why.",
        "",
        "## Summary",
        "",
        *_summary(runs),
        "",
        "## Targets",
        "",
        "With all inputs of the case file and one set of kengetallen:",
        *(_target_text(name, spec) for name, spec in TARGETS.items()),
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


__all__ = ["render"]
