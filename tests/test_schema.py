"""The schema: unique cells, Dutch texts, JSON shape, generated docs up to date."""

from __future__ import annotations

import re
from pathlib import Path

from mkba_xl.fieldsdoc import field_as_json, fields_markdown
from mkba_xl.kengetallen import choices_for
from mkba_xl.schema import CHOICE, FIELD_TYPES, TABLES, invoer_fields, invoer_rows

ROOT = Path(__file__).resolve().parents[1]


def test_every_field_has_a_unique_cell_and_complete_description():
    fields = invoer_fields()
    cells = [f.cell for f in fields]
    assert len(cells) == len(set(cells))
    assert len({f.key for f in fields}) == len(fields)
    for f in fields:
        assert f.type in FIELD_TYPES
        assert f.label and f.help
        assert re.fullmatch(r"[A-K][0-9]+", f.cell)
        assert not (f.required and f.default is not None)
        if f.min is not None and f.default is not None and not isinstance(f.default, str):
            assert f.min <= f.default <= f.max
        if f.type == CHOICE:  # an empty choice may mean 'derived' (rekenwijze) or 'required when used' (financier)
            assert f.default is None or f.default in choices_for(f.key)


def test_layout_rows_do_not_overwrite_input_cells():
    inputs = {f.cell for f in invoer_fields()}
    for row in invoer_rows():
        for cell, _ in row.cells:
            assert cell not in inputs, cell


def test_formulas_reference_existing_layout():
    for row in invoer_rows():
        for _, text in row.cells:
            if text.startswith("="):
                assert text.count("(") == text.count(")")


def test_json_shape():
    j = field_as_json(invoer_fields()[0])
    assert {"veld", "blad", "cel", "type", "eenheid", "min", "max", "standaard", "verplicht", "label",
            "toelichting"} <= set(j)


def test_tables_have_a_key_column_and_a_source():
    for t in TABLES:
        assert not t.columns[0].editable
        assert len({c.key for c in t.columns}) == len(t.columns)


def test_generated_fields_doc_is_current():
    assert (ROOT / "docs" / "fields.md").read_text(encoding="utf-8") == fields_markdown()
