"""The INVOER fields for people and programs: ``docs/fields.md`` and the JSON of ``mkba-xl schema``.

Both are rendered from the schema (and, for the profile and the discount rule, the names of the
shipped kengetallen). A test regenerates ``docs/fields.md`` and compares it with the committed file,
so the docs cannot drift.
"""

from __future__ import annotations

from typing import Any

from .dutch import show
from .kengetallen import choices_for, default_kengetallen, scalar_kind, usual_scalar_range
from .plausibility import range_text, usual_text
from .schema import (
    CHOICE,
    MEERJARIG_BASE_CELL,
    MEERJARIG_COLUMNS,
    MEERJARIG_FIRST_COL,
    MEERJARIG_HEADER_ROW,
    MEERJARIG_MAX_ROWS,
    MEERJARIG_SHEET,
    NO_USUAL_RANGE,
    NUMBER,
    SHARE,
    TABLES,
    Field,
    invoer_fields,
    usual_range,
)
from .xlsx.load import column_letter


def field_as_json(f: Field) -> dict[str, Any]:
    """The public JSON shape of a field (``mkba-xl schema --json``)."""
    choices = choices_for(f.key) if f.type == CHOICE else ()
    return {
        "veld": f.key,
        "blad": f.sheet,
        "cel": f.cell,
        "type": f.type,
        "eenheid": f.unit,
        "min": f.min,
        "max": f.max,
        "standaard": f.default,
        **({"standaard_kengetal": f.fallback_kengetal} if f.fallback_kengetal else {}),
        **({"gebruikelijk": {"min": usual.low, "max": usual.high, "bron": usual.source}}
           if (usual := usual_range(f)) is not None else {}),
        "verplicht": f.required,
        "label": f.label,
        "toelichting": f.help,
        **({"keuzes": list(choices)} if choices else {}),
    }


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("|", "\\|")


def fields_markdown() -> str:
    lines = [
        "# INVOER fields and KENGETALLEN tables",
        "",
        "Generated from `mkba_xl/schema/` by `python -m mkba_xl.fieldsdoc`; do not edit by hand.",
        "Shares are fractions in the schema (0.48 = 48%); users type them as percentages. 'gebruikelijk' is the usual",
        "range: outside it the reader warns ([plausibility.md](plausibility.md) gives every range with its source).",
        "",
        "## INVOER",
        "",
        "| cel | veld | type | eenheid | min | max | standaard | gebruikelijk | verplicht | label | toelichting |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in invoer_fields():
        j = field_as_json(f)
        choices = f" (keuzes: {', '.join(j['keuzes'])})" if "keuzes" in j else ""
        lines.append(
            f"| {j['cel']} | `{j['veld']}` | {j['type']} | {_fmt(j['eenheid'])} | {_fmt(j['min'])} | {_fmt(j['max'])} "
            f"| {_fmt(j['standaard'])} | {_fmt(usual_text(f))} | {'ja' if j['verplicht'] else 'nee'} "
            f"| {_fmt(j['label'])} "
            f"| {_fmt(j['toelichting'])}{choices} |"
        )
    lines += ["", "## KENGETALLEN tables", ""]
    for t in TABLES:
        lines += [f"### {t.title}", "", t.help, "", "| kolom | type | bewerkbaar | bereik |", "|---|---|---|---|"]
        for c in t.columns:
            bereik = "" if c.min is None else f"{_fmt(c.min)} .. {_fmt(c.max)}"
            if c.choices:
                bereik = ", ".join(c.choices)
            lines.append(f"| {c.header} | {c.type} | {'ja' if c.editable else 'nee'} | {bereik} |")
        lines.append("")
    lines += _meerjarig_lines()
    return "\n".join(lines)


def _meerjarig_lines() -> list[str]:
    """The optional sheet MEERJARIG: its base-year cell and the columns of its table (``schema.MEERJARIG_COLUMNS``)."""
    lines = ["## MEERJARIG (optional: several years of the approach)", "",
             f"Base year in {MEERJARIG_SHEET}!{MEERJARIG_BASE_CELL} (empty = the first year); the header in row "
             f"{MEERJARIG_HEADER_ROW} from column {column_letter(MEERJARIG_FIRST_COL)}, one row per year under it "
             f"(at most {MEERJARIG_MAX_ROWS}). An empty cell takes the INVOER value; an empty ingroei is 100%.", "",
             "| kolom | sleutel | kop | type | min | max | leeg = | toelichting |", "|---|---|---|---|---|---|---|---|"]
    for i, column in enumerate(MEERJARIG_COLUMNS):
        type_, lo, hi = column.rule()
        field = column.field
        empty = f"INVOER!{field.cell}" if field is not None else ("100%" if type_ == SHARE else "")
        lines.append(f"| {column_letter(MEERJARIG_FIRST_COL + i)} | `{column.key}` | {_fmt(column.header)} | {type_} "
                     f"| {_fmt(lo)} | {_fmt(hi)} | {empty} | {_fmt(column.help)} |")
    return [*lines, ""]


_PLAUSIBILITY_INTRO = """# Plausibility: the usual ranges and their warnings

Generated from `mkba_xl/schema/usual.py` (`USUAL`) and `mkba_xl/kengetallen.py` (`usual_scalar_range`) by
`python -m mkba_xl.fieldsdoc`; do not edit by hand. The checks are in `mkba_xl/plausibility.py`.

An allowed value can still be wrong. Every numeric INVOER field and scalar kengetal has a 'gebruikelijk'
(usual) range: the range the LPBL reports show, or, where they give none, an assumption marked 'aanname'
with the reason. A value outside it is read and computed as typed, and gives a **warning** (never an error:
the run goes on, exit 0) that names sheet and cell, says what is usual and where that comes from, and what
the user may have meant. The warnings are printed by `mkba-xl check` and `mkba-xl run` and listed on
UITVOER, like every warning of the reader. The template shows each range in column M beside the input
(INVOER) and first in the cell's input message (INVOER and KENGETALLEN); column L shows, grey, what an
empty cell means (the field's default, or for the terugval the kengetal on KENGETALLEN, as a formula).

## The warnings

| code | when | what the message says |
|---|---|---|
{warnings}

A year far from today is not checked here: the reader already warns (`outside-cpi`) about a price level or
analysis year outside the CPI table on KENGETALLEN, which is the range in which amounts can be indexed.
"""


_WARNINGS = (
    ('`unusual-value`',
     'a value outside its usual range',
     'the value, the usual range and its source; for a share whose value / 100 is usual (0,5 typed '
     'for 0,5%): "Bedoelt u 0,5%? Typ dan 0,5% (met het %-teken)."'),
    ('`points-as-fraction`',
     "a change in percentage points (the success cells C74-C78, labelled 'procentpunt') outside -15 "
     'to +15 procentpunt whose value / 100 is usual',
     '"Direct naar werk: +50 procentpunt is meer dan gebruikelijk (...). Bedoelt u 0,5 procentpunt? '
     'Typ dan 0,5% (met het %-teken)."'),
    ('`thousands-as-euros`',
     'an amount below its usual range that is usual when multiplied by 1.000 (a cost per fte of 62,5)',
     '"Rekent u in duizenden? Typ het hele bedrag in euro\'s, bijvoorbeeld 62.500 in plaats van 62,5."'),
    ('`no-effects`',
     'no cell of part C that states an effect (substitutie, meer op maat, succes, voorkomen '
     'escalatie, voorkomen aantallen, reductie overlast, leefgebieden, QALY; and the columns '
     "'bespaard' and 'maatwerk' of deel D) holds a value other than 0",
     '"Er zijn geen effecten ingevuld; het resultaat bevat alleen kosten. ..."'),
    ('`year-two-digits` (an error)',
     'a year cell (range from 1900 on) holding 0-99: 24 cannot be a year of the analysis, so it is '
     'refused rather than guessed',
     '"Jaar van de analyse: 24 is geen volledig jaartal. Bedoelt u 2024? Typ dan 2024."'),
)
"""The rows of the table of warnings in ``docs/plausibility.md``: code, when, what the message says."""


def plausibility_markdown() -> str:
    """``docs/plausibility.md``: the warnings, and every usual range of INVOER and the scalar kengetallen."""
    warnings = "\n".join(f"| {code} | {when} | {says} |" for code, when, says in _WARNINGS)
    lines = [_PLAUSIBILITY_INTRO.format(warnings=warnings), "## INVOER", "",
             "| cel | veld | label | gebruikelijk | bron |", "|---|---|---|---|---|"]
    without: list[str] = []
    for f in invoer_fields():
        if f.usual is None:
            if usual_range(f) is not None:
                without.append(f"`{f.key}`")
            continue
        lines.append(f"| {f.cell} | `{f.key}` | {_fmt(f.label)} | {_fmt(usual_text(f))} | {_fmt(f.usual.source)} |")
    lines += ["", "Numeric fields without a narrower usual range than their allowed one (" + NO_USUAL_RANGE + "): "
              + ", ".join(without) + ".", "", "## KENGETALLEN (scalars)", "",
              "| sleutel | standaard | gebruikelijk | bron |", "|---|---|---|---|"]
    for key, scalar in default_kengetallen().scalars.items():
        low, high, source = usual_scalar_range(key, scalar.value)
        kind = scalar_kind(key)
        shown = range_text(kind, scalar.unit if kind == NUMBER else "", low, high)
        lines.append(f"| `{key}` | {_fmt(show(scalar.value, kind))} | {_fmt(shown)} | {_fmt(source)} |")
    lines += ["", "The tables of KENGETALLEN (care profiles, trajectories, discount rules, CPI, actors) have their "
              "allowed ranges only; no usual range is declared for their cells.", ""]
    return "\n".join(lines)


def main() -> None:
    from pathlib import Path

    Path("docs/fields.md").write_text(fields_markdown(), encoding="utf-8")
    Path("docs/plausibility.md").write_text(plausibility_markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
