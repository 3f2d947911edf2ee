"""One home per rule: every sheet and the sensitivity analysis judge a value the same way.

The tests of the two bugs of issue 10 (a kengetal range and the choices a field takes) and of the
discount-rule names that the template's drop-down and the reader must agree on.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import openpyxl
import pytest

from mkba_xl import kengetallen as kg
from mkba_xl.analyses.gevoeligheid import analyse
from mkba_xl.analyses.gevoeligheid_reader import read_user_variations
from mkba_xl.analyses.variations import Change, Variation, bounds
from mkba_xl.invoer import Invoer
from mkba_xl.reader import check_workbook, read_workbook
from mkba_xl.schema import INVOER_SHEET, fields_by_key
from mkba_xl.template import write_template
from tests.cases import META
from tests.libreoffice import needs_soffice
from tests.workbooks import valid_values, write_workbook

from . import libreoffice

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


# ---------------------------------------------------------------------------------------------
# The names of discount rules and profiles: the template's drop-down lists what KENGETALLEN defines
# ---------------------------------------------------------------------------------------------

def with_own_rule_and_profile() -> kg.Kengetallen:
    rows = copy.deepcopy(kg.to_rows(KG))
    rows["disconto"].append(["eigen_regel", 0.03, 0.04, "eigen keuze"])
    rows["profielen"] += [["eigen_profiel", *row[1:]] for row in rows["profielen"] if row[0] == "generiek_2014"]
    return kg.from_rows(rows)


def validation_of(path: Path, cell: str) -> openpyxl.worksheet.datavalidation.DataValidation:
    ws = openpyxl.load_workbook(path)[INVOER_SHEET]
    return next(dv for dv in ws.data_validations.dataValidation if cell in dv.sqref)


def test_the_discount_rule_drop_down_refers_to_the_table_on_kengetallen(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    write_template(path, kengetallen=with_own_rule_and_profile())
    dv = validation_of(path, fields_by_key()["disconteringsregel"].cell)
    sheet, cells = dv.formula1.split("!")
    assert sheet == "KENGETALLEN"
    first, last = (openpyxl.utils.cell.coordinate_to_tuple(c.replace("$", "")) for c in cells.split(":"))
    ws = openpyxl.load_workbook(path)["KENGETALLEN"]
    listed = [ws.cell(r, first[1]).value for r in range(first[0], last[0] + 1)]
    names = [name for name in listed if name is not None]
    assert names == list(with_own_rule_and_profile().discount_rules)
    assert listed[-1] is None  # room for a rule added under the table


def test_the_profile_drop_down_lists_the_profiles_of_the_kengetallen_written(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    write_template(path, kengetallen=with_own_rule_and_profile())
    dv = validation_of(path, fields_by_key()["zorgprofiel"].cell)
    assert dv.formula1 == '"' + ",".join(with_own_rule_and_profile().profiles) + '"'


def test_what_the_drop_downs_offer_the_reader_accepts(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    k = with_own_rule_and_profile()
    write_template(path, kengetallen=k)
    wb = openpyxl.load_workbook(path)
    for key, value in valid_values().items():
        wb[INVOER_SHEET][fields_by_key()[key].cell] = value
    wb[INVOER_SHEET][fields_by_key()["disconteringsregel"].cell] = "eigen_regel"
    wb[INVOER_SHEET][fields_by_key()["zorgprofiel"].cell] = "eigen_profiel"
    wb.save(path)
    invoer, kengetallen, _ = read_workbook(path)
    assert (invoer["disconteringsregel"], invoer["zorgprofiel"]) == ("eigen_regel", "eigen_profiel")
    assert kengetallen.discount_rules["eigen_regel"].rate == 0.03


def test_the_profile_drop_down_warns_instead_of_refusing_a_profile_added_later(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    write_template(path)
    dv = validation_of(path, fields_by_key()["zorgprofiel"].cell)
    assert dv.errorStyle == "warning" and "eigen profiel" in dv.error


def test_every_default_discount_rule_is_explained_in_the_help_text() -> None:
    """The help text of disconteringsregel describes the shipped rules: it names each, and no other."""
    help_text = fields_by_key()["disconteringsregel"].help
    named = re.findall(r"(\w+) = ", help_text.split(". ", 1)[1])  # after the sentence on the rule in force
    assert named == list(KG.discount_rules)


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_keeps_the_discount_rule_drop_down(tmp_path: Path) -> None:
    """LibreOffice reads the drop-down's reference to the KENGETALLEN sheet (and writes it back)."""
    source = tmp_path / "sjabloon.xlsx"
    write_template(source)
    saved = libreoffice.convert([source], "xlsx", tmp_path / "uit", tmp_path / "profiel", timeout=120)[0]
    dv = validation_of(saved, fields_by_key()["disconteringsregel"].cell)
    assert dv.type == "list"
    assert dv.formula1.replace("$", "") == validation_of(source, "C10").formula1.replace("$", "")


def test_an_empty_kengetal_is_told_its_own_range(tmp_path: Path) -> None:
    rows = copy.deepcopy(kg.to_rows(KG))
    i = next(i for i, row in enumerate(rows["kengetallen"]) if row[0] == "mo_aandeel")
    rows["kengetallen"][i][2] = None
    path = write_workbook(tmp_path / "k.xlsx", kengetallen=rows)
    [problem] = check_workbook(path).errors
    assert problem.code == "required" and "tussen 0% en 100%" in problem.message  # not the column's ±1 billion
