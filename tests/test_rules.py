"""One home per rule: every sheet and the sensitivity analysis judge a value the same way.

The tests of the two bugs of issue 10 (a kengetal range and the choices a field takes) and of the
discount-rule names that the template's drop-down and the reader must agree on.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mkba_xl import kengetallen as kg
from mkba_xl.analyses.gevoeligheid import Change, Variation, analyse, bounds
from mkba_xl.analyses.gevoeligheid_reader import read_user_variations
from mkba_xl.invoer import Invoer
from mkba_xl.schema import fields_by_key
from tests.cases import META
from tests.workbooks import write_workbook

KG = kg.default_kengetallen()


def user_sheet(path: Path, rows: list[tuple[object, object, object, object]]) -> Path:
    """A valid input workbook with these rows (veld, nieuwe waarde, factor, omschrijving) on GEVOELIGHEID."""
    write_workbook(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("GEVOELIGHEID")
    for i, header in enumerate(("veld", "nieuwe waarde", "factor", "omschrijving")):
        ws.cell(4, 2 + i, header)
    for r, row in enumerate(rows, start=5):
        for c, value in enumerate(row, start=2):
            if value is not None:
                ws.cell(r, c, value)
    wb.save(path)
    return path


# ---------------------------------------------------------------------------------------------
# Bug 1: a kengetal has one range, wherever it is set
# ---------------------------------------------------------------------------------------------

def test_a_share_kengetal_of_250_percent_is_refused_on_the_sensitivity_sheet(tmp_path: Path) -> None:
    path = user_sheet(tmp_path / "invoer.xlsx", [("kengetal:mo_aandeel", 2.5, None, "MO 250%")])
    variations, report = read_user_variations(path)
    [problem] = report.errors
    assert (problem.cell, problem.code) == ("C5", "out-of-range")
    assert variations == []


def test_a_share_kengetal_of_250_percent_in_a_change_is_limited_to_its_range() -> None:
    variation = Variation("MO 250%", (Change("kengetal:mo_aandeel", waarde=2.5),))
    values, notes = variation.resolve(Invoer.from_values(META), KG)
    assert values == {"kengetal:mo_aandeel": 1.0}
    assert notes and "begrensd op 100%" in notes[0]


@pytest.mark.parametrize("key", sorted(KG.scalars))
def test_sensitivity_bounds_of_a_kengetal_are_the_kengetallen_sheet_range(key: str) -> None:
    assert bounds(f"kengetal:{key}") == kg.scalar_range(key)


# ---------------------------------------------------------------------------------------------
# Bug 2: a choice field takes its own choices only
# ---------------------------------------------------------------------------------------------

def test_a_discount_rule_name_is_no_actorindeling_in_a_variation() -> None:
    variation = Variation("Andere indeling", (Change("actorindeling", waarde="lpbl_2014"),))
    analysis = analyse(Invoer.from_values(META), KG, [variation], omslagwaarden=False)
    assert analysis.variaties == ()
    [note] = analysis.meldingen
    assert "lpbl_2014 is geen geldige keuze voor actorindeling" in note


def test_a_discount_rule_name_is_no_actorindeling_on_the_sensitivity_sheet(tmp_path: Path) -> None:
    path = user_sheet(tmp_path / "invoer.xlsx", [("actorindeling", "lpbl_2014", None, None)])
    _, report = read_user_variations(path)
    assert [(p.cell, p.code) for p in report.errors] == [("C5", "not-a-choice")]


@pytest.mark.parametrize("key", [f.key for f in fields_by_key().values() if f.choices])
def test_every_choice_field_takes_the_same_choices_in_reader_and_analysis(key: str) -> None:
    own = kg.choices_for(key, KG)
    others = {c for other in fields_by_key().values() if other.choices for c in kg.choices_for(other.key, KG)}
    for choice in sorted(others - set(own)):
        variation = Variation("x", (Change(key, waarde=choice),))
        analysis = analyse(Invoer.from_values(META), KG, [variation], omslagwaarden=False)
        assert analysis.variaties == (), (key, choice)
