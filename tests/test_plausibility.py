"""Issue 16, items 1 and 7: plausibility warnings, and the defaults and usual ranges shown beside the inputs.

Workbooks are the real template (``write_template``) filled with openpyxl, as a user fills it, and read back.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkba_xl import kengetallen as kg
from mkba_xl import plausibility, reader, schema
from mkba_xl.cli import cli
from mkba_xl.engine import compute
from mkba_xl.errors import Report
from mkba_xl.invoer import Invoer
from mkba_xl.template import standard_of, write_template
from tests.libreoffice import convert, needs_soffice
from tests.workbooks import valid_values

FIELDS = schema.fields_by_key()
PLAUSIBILITY_CODES = {"unusual-value", "points-as-fraction", "thousands-as-euros", "no-effects"}


def filled_template(path: Path, changes: dict[str, Any] | None = None, *, kengetal: tuple[str, float] | None = None,
                    ) -> Path:
    """The real template with the worked example typed in, and ``changes`` (key -> value, None = empty)."""
    write_template(path)
    values = {**valid_values(), **(changes or {})}
    wb = openpyxl.load_workbook(path)
    ws = wb[schema.INVOER_SHEET]
    for key, value in values.items():
        ws[FIELDS[key].cell] = value
    if kengetal is not None:
        sheet = wb[schema.KENGETALLEN_SHEET]
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == kengetal[0])
        sheet.cell(row, 4).value = kengetal[1]
    wb.save(path)
    return path


def warnings_of(report: Report) -> list[tuple[str, str, str]]:
    return [(p.sheet, p.cell, p.code) for p in report.warnings if p.code in PLAUSIBILITY_CODES]


# ---------------------------------------------------------------------------------------------
# Item 1: the warnings
# ---------------------------------------------------------------------------------------------

def test_the_worked_example_has_no_plausibility_warning(tmp_path: Path) -> None:
    assert warnings_of(reader.check_workbook(filled_template(tmp_path / "a.xlsx"))) == []


def test_half_typed_in_a_points_cell_warns_and_the_run_goes_on(tmp_path: Path) -> None:
    """On main 0,5 in C75 was +50 procentpunt without a word."""
    path = filled_template(tmp_path / "a.xlsx", {"succes.direct_naar_werk": 0.5})
    report = reader.check_workbook(path)
    assert warnings_of(report) == [("INVOER", "C75", "points-as-fraction")]
    message = next(p.message for p in report.warnings if p.code == "points-as-fraction")
    assert "Bedoelt u 0,5 procentpunt? Typ dan 0,5%" in message and "-15 tot +15 procentpunt" in message
    out = tmp_path / "uit.xlsx"
    result = CliRunner().invoke(cli, ["run", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Bedoelt u 0,5 procentpunt" in result.output
    uitvoer = openpyxl.load_workbook(out)["UITVOER"]
    shown = [c.value for row in uitvoer.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Bedoelt u 0,5 procentpunt" in text for text in shown)


@pytest.mark.parametrize(("cost", "code", "says"), [
    (75, "thousands-as-euros", "bijvoorbeeld 75.000 in plaats van 75"),
    (12_000, "unusual-value", "minder dan gebruikelijk (€ 20.000 tot € 200.000"),
    (250_000, "unusual-value", "meer dan gebruikelijk (€ 20.000 tot € 200.000"),
])
def test_a_cost_per_fte_outside_20_to_200_thousand_warns(tmp_path: Path, cost: float, code: str, says: str) -> None:
    report = reader.check_workbook(filled_template(tmp_path / "a.xlsx", {"kosten_per_fte": cost}))
    assert warnings_of(report) == [("INVOER", "C43", code)]
    assert says in next(p.message for p in report.warnings if p.code == code)


def test_an_empty_part_c_says_the_result_has_costs_only(tmp_path: Path) -> None:
    path = filled_template(tmp_path / "a.xlsx", {key: None for key in plausibility.EFFECT_FIELDS})
    report = reader.check_workbook(path)
    assert report.ok and warnings_of(report) == [("INVOER", "C62", "no-effects")]
    assert report.warnings[-1].message.startswith("Er zijn geen effecten ingevuld; het resultaat bevat alleen kosten")


def test_a_year_typed_as_24_asks_for_2024(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(filled_template(tmp_path / "a.xlsx", {"analysejaar": 24}))])
    assert result.exit_code == 2 and "INVOER!C7" in result.output and "Bedoelt u 2024? Typ dan 2024." in result.output


def test_a_kengetal_outside_its_usual_range_names_its_cell(tmp_path: Path) -> None:
    path = filled_template(tmp_path / "a.xlsx", kengetal=("qaly_waarde", 200_000))
    report = reader.check_workbook(path)
    sheet = openpyxl.load_workbook(path)[schema.KENGETALLEN_SHEET]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "qaly_waarde")
    assert warnings_of(report) == [("KENGETALLEN", f"D{row}", "unusual-value")]
    assert "€ 20.000 tot € 50.000" in report.warnings[-1].message


def test_the_warnings_never_change_the_value_or_the_result(tmp_path: Path) -> None:
    changes = {"succes.direct_naar_werk": 0.5, "kosten_per_fte": 75, "attributie": 0.3}
    invoer, k, report = reader.read_workbook(filled_template(tmp_path / "a.xlsx", changes))
    assert len(warnings_of(report)) == 3
    assert all(invoer[key] == value for key, value in changes.items())
    direct = Invoer.from_values({**valid_values(), **changes})
    assert compute(invoer, k).to_json() == compute(direct, kg.default_kengetallen()).to_json()


def usual_fields() -> list[schema.Field]:
    return [f for f in schema.invoer_fields() if f.usual is not None]


@st.composite
def inside(draw: st.DrawFn) -> tuple[str, float]:
    f = draw(st.sampled_from(usual_fields()))
    assert f.usual is not None
    return f.key, draw(st.floats(f.usual.low, f.usual.high, allow_nan=False))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(inside(), max_size=6))
def test_a_value_inside_its_usual_range_never_warns(changes: list[tuple[str, float]]) -> None:
    report = Report()
    plausibility.check_invoer({**valid_values(), **dict(changes)}, set(), report)
    assert report.warnings == []


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(usual_fields()), st.floats(-1e7, 1e7, allow_nan=False))
def test_a_value_outside_its_usual_range_warns_once_at_its_cell(f: schema.Field, x: float) -> None:
    assert f.usual is not None
    report = Report()
    plausibility.check_invoer({**valid_values(), f.key: x}, set(), report)
    outside = not (f.usual.low - 1e-9 <= x <= f.usual.high + 1e-9)
    cells = [(p.cell, p.code) for p in report.warnings]
    if outside and math.isfinite(x):
        assert len(cells) == 1 and cells[0][0] == f.cell and cells[0][1] in PLAUSIBILITY_CODES
    elif not outside:
        assert cells == []


def test_every_usual_range_lies_within_the_allowed_one_and_cites_a_source() -> None:
    for f in usual_fields():
        assert f.usual is not None and f.min is not None and f.max is not None
        assert f.min <= f.usual.low < f.usual.high <= f.max, f.key
        assert f.usual.source and "001 " not in f.usual.source  # written out for users (references.readable)
    for key, scalar in kg.default_kengetallen().scalars.items():
        low, high, source = kg.usual_scalar_range(key, scalar.value)
        assert low <= scalar.value <= high and source, key


def test_the_success_cells_are_labelled_procentpunt() -> None:
    for key in schema.SUCCESS_ITEMS:
        assert FIELDS[f"succes.{key}"].unit == "procentpunt"


# ---------------------------------------------------------------------------------------------
# Item 7: the defaults and usual ranges beside the inputs, the team block
# ---------------------------------------------------------------------------------------------

def test_the_grey_standaard_column_shows_the_defaults_the_reader_uses(tmp_path: Path) -> None:
    """On main an empty caseload, attributie or terugval cell showed nothing of what it means."""
    path = tmp_path / "t.xlsx"
    write_template(path)
    ws = openpyxl.load_workbook(path, data_only=True)[schema.INVOER_SHEET]
    k = kg.default_kengetallen()
    empty = Invoer.from_values({})  # what the reader completes an empty cell with
    by_row: dict[int, list[schema.Field]] = {}
    for f in schema.invoer_fields():
        by_row.setdefault(f.row, []).append(f)
    checked = 0
    for row, fields in by_row.items():
        shown = ws[f"{schema.STANDARD_COLUMN}{row}"].value
        standards = [(f, standard_of(f, k)) for f in fields if standard_of(f, k) is not None]
        if not standards:
            assert shown is None, row
            continue
        for f, value in standards:
            if not f.fallback_kengetal and f.key not in schema.EMPTY_MEANS:
                assert value == empty[f.key], f.key  # the same default as Invoer.from_values
        if isinstance(shown, int | float):
            assert all(math.isclose(shown, float(v)) for _, v in standards), row
        else:
            assert isinstance(shown, str) and all(str(v) in shown or f"{f.column}:" in shown for f, v in standards)
        checked += 1
    assert ws["L86"].value == k.value("terugval") and ws["L87"].value == 1
    assert ws["L34"].value == "C: 300 hh per fte; D: 4 uren per hh"
    assert ws["M43"].value == "€ 20.000 tot € 200.000" and ws["M74"].value == "-15 tot +15 procentpunt"
    assert checked > 40


def test_the_usual_range_opens_the_input_message(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    prompts = {str(dv.sqref): dv.prompt for dv in wb[schema.INVOER_SHEET].data_validations.dataValidation}
    assert "Gebruikelijk: € 20.000 tot € 200.000." in prompts["C43"]
    assert "Gebruikelijk: -15 tot +15 procentpunt." in prompts["C75"]
    sheet = wb[schema.KENGETALLEN_SHEET]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "qaly_waarde")
    prompts = {str(dv.sqref): dv.prompt for dv in sheet.data_validations.dataValidation}
    assert prompts[f"D{row}"].startswith("Gebruikelijk: € 20.000 tot € 50.000")


def test_the_team_block_says_which_way_each_cell_belongs_to(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path)
    ws = openpyxl.load_workbook(path)[schema.INVOER_SHEET]
    ways = {FIELDS[key].cell: ws[f"D{FIELDS[key].row}"].value for key in (
        "team_fte", "aandeel_additioneel", "fte_nulsituatie", "fte_extra", "kosten_per_fte", "overige_teamkosten",
        "aandeel_additioneel_overig")}
    assert ways == {"C42": "Manier 1", "C44": "Manier 1", "C46": "Manier 2", "C47": "Manier 2",
                    "C43": "Beide manieren", "C48": "Beide manieren", "C49": "Beide manieren"}
    assert ("D43", "Beide manieren") in schema.invoer_label_cells()  # checked by the layout guard


def test_an_output_workbook_shows_the_terugval_of_its_kengetallen(tmp_path: Path) -> None:
    path = filled_template(tmp_path / "a.xlsx", {"terugval": None}, kengetal=("terugval", 0.3))
    out = tmp_path / "uit.xlsx"
    assert CliRunner().invoke(cli, ["run", str(path), "-o", str(out)]).exit_code == 0
    ws = openpyxl.load_workbook(out, data_only=True)[schema.INVOER_SHEET]
    assert ws["L86"].value == pytest.approx(0.3)
    assert reader.read_workbook(out)[0]["terugval"] is None  # the output is a valid input, the cell still empty


@needs_soffice
def test_libreoffice_recalculates_the_grey_terugval_from_kengetallen(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    sheet = wb[schema.KENGETALLEN_SHEET]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "terugval")
    sheet.cell(row, 4).value = 0.35  # openpyxl keeps our formula in L86, without its cached value
    wb.save(path)
    [converted] = convert([path], "xlsx", tmp_path / "out", tmp_path / "profile")
    ws = openpyxl.load_workbook(converted, data_only=True)[schema.INVOER_SHEET]
    assert ws["L86"].value == pytest.approx(0.35)


def test_docs_plausibility_is_current() -> None:
    from mkba_xl.fieldsdoc import plausibility_markdown

    committed = Path(__file__).resolve().parents[1] / "docs" / "plausibility.md"
    assert committed.read_text(encoding="utf-8") == plausibility_markdown(), "python -m mkba_xl.fieldsdoc"
