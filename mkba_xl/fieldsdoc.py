"""The INVOER fields for people and programs: ``docs/fields.md`` and the JSON of ``mkba-xl schema``.

Both are rendered from the schema (and, for the profile and the discount rule, the names of the
shipped kengetallen). A test regenerates ``docs/fields.md`` and compares it with the committed file,
so the docs cannot drift.
"""

from __future__ import annotations

from typing import Any

from .kengetallen import choices_for
from .schema import (
    CHOICE,
    MEERJARIG_BASE_CELL,
    MEERJARIG_COLUMNS,
    MEERJARIG_FIRST_COL,
    MEERJARIG_HEADER_ROW,
    MEERJARIG_MAX_ROWS,
    MEERJARIG_SHEET,
    SHARE,
    TABLES,
    Field,
    invoer_fields,
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
        "Generated from `mkba_xl/schema.py` by `python -m mkba_xl.fieldsdoc`; do not edit by hand.",
        "Shares are fractions in the schema (0.48 = 48%); users type them as percentages.",
        "",
        "## INVOER",
        "",
        "| cel | veld | type | eenheid | min | max | standaard | verplicht | label | toelichting |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in invoer_fields():
        j = field_as_json(f)
        choices = f" (keuzes: {', '.join(j['keuzes'])})" if "keuzes" in j else ""
        lines.append(
            f"| {j['cel']} | `{j['veld']}` | {j['type']} | {_fmt(j['eenheid'])} | {_fmt(j['min'])} | {_fmt(j['max'])} "
            f"| {_fmt(j['standaard'])} | {'ja' if j['verplicht'] else 'nee'} | {_fmt(j['label'])} "
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


def main() -> None:
    from pathlib import Path

    Path("docs/fields.md").write_text(fields_markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
