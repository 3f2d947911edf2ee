"""The INVOER fields for people and programs: ``docs/fields.md`` and the JSON of ``mkba-xl schema``.

Both are rendered from the schema (and, for the profile and the discount rule, the names of the
shipped kengetallen). A test regenerates ``docs/fields.md`` and compares it with the committed file,
so the docs cannot drift.
"""

from __future__ import annotations

from typing import Any

from .kengetallen import choices_for
from .schema import CHOICE, TABLES, Field, invoer_fields


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
    return "\n".join(lines)


def main() -> None:
    from pathlib import Path

    Path("docs/fields.md").write_text(fields_markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
