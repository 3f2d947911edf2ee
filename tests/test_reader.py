"""Reading INVOER and KENGETALLEN: field parsing, rules between fields, the KENGETALLEN tables."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from mkba_xl import kengetallen as kg
from mkba_xl import reader
from mkba_xl.convert import parse_number
from mkba_xl.errors import InputError, Report
from mkba_xl.schema import (
    CHOICE,
    EURO,
    INVOER_SHEET,
    KENGETALLEN_SHEET,
    NUMBER,
    SHARE,
    TEMPLATE_VERSION,
    TEXT,
    VERSION_CELL,
    WHOLE,
    fields_by_key,
    invoer_fields,
    invoer_label_cells,
)
from mkba_xl.template import write_template
from tests.workbooks import (
    full_values,
    kengetallen_cell,
    kengetallen_title_rows,
    valid_values,
    write_workbook,
)

from . import libreoffice

FIELDS = fields_by_key()
ENGLISH = re.compile(r"\b(error|invalid|must|expected|value|required|none|null|traceback)\b", re.IGNORECASE)


def read(tmp_path: Path, values: dict[str, Any] | None = None, **kwargs: Any) -> Report:
    return reader.check_workbook(write_workbook(tmp_path / "invoer.xlsx", values, **kwargs))


def with_changes(**changes: Any) -> dict[str, Any]:
    values = valid_values()
    for key, value in changes.items():
        key = key.replace("__", ".")
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return values


def errors_at(report: Report, cell: str, sheet: str = INVOER_SHEET) -> list[str]:
    return [p.message for p in report.errors if p.cell == cell and p.sheet == sheet]


def warnings_at(report: Report, cell: str, sheet: str = INVOER_SHEET) -> list[str]:
    return [p.message for p in report.warnings if p.cell == cell and p.sheet == sheet]


def codes_at(report: Report, cell: str, sheet: str = INVOER_SHEET) -> list[str]:
    """The codes of the errors and warnings at one cell (tests/test_problem_codes.py pins each text)."""
    return [p.code for p in report.errors + report.warnings if p.cell == cell and p.sheet == sheet]


def assert_dutch(report: Report) -> None:
    for p in report.errors + report.warnings:
        assert not ENGLISH.search(p.message), p.message


# ---------------------------------------------------------------------------------------------
# Reading valid workbooks
# ---------------------------------------------------------------------------------------------

def test_worked_example_reads_with_defaults_for_empty_cells(tmp_path: Path) -> None:
    invoer, kengetallen, report = reader.read_workbook(write_workbook(tmp_path / "v.xlsx"))
    for key, value in valid_values().items():
        assert invoer[key] == pytest.approx(value) if not isinstance(value, str) else invoer[key] == value, key
    assert invoer["attributie"] == 1.0  # empty optional cells get the schema default
    assert invoer["prijspeil"] is None
    assert invoer["caseload.top.hh_per_fte"] == FIELDS["caseload.top.hh_per_fte"].default
    assert invoer["toelichting"] == ""
    assert invoer.team_way == 1
    assert report.errors == []
    # The worked example has a 'direct naar werk' effect without that discipline: a warning only.
    assert [p.field for p in report.warnings] == ["succes.direct_naar_werk"]
    assert set(kengetallen.profiles) == set(kg.default_kengetallen().profiles)


def test_every_input_cell_reads_back_exactly(tmp_path: Path) -> None:
    values = full_values()
    invoer, _, report = reader.read_workbook(write_workbook(tmp_path / "full.xlsx", values))
    assert report.errors == [] and report.warnings == []
    for key, value in values.items():
        if isinstance(value, str):
            assert invoer[key] == value
        else:
            assert invoer[key] == pytest.approx(value, abs=1e-12), key
    assert type(invoer["analysejaar"]) is int and type(invoer["huishoudens"]) is int
    assert type(invoer["team_fte"]) is float


def test_team_way_2_reads(tmp_path: Path) -> None:
    values = with_changes(team_fte=None, aandeel_additioneel=None, fte_nulsituatie=2.0, fte_extra=1.6)
    invoer, _, report = reader.read_workbook(write_workbook(tmp_path / "w2.xlsx", values))
    assert invoer.team_way == 2
    assert (invoer["fte_nulsituatie"], invoer["fte_extra"]) == (2.0, 1.6)


def test_default_kengetallen_sheet_reads_back_as_the_defaults(tmp_path: Path) -> None:
    _, kengetallen, _ = reader.read_workbook(write_workbook(tmp_path / "k.xlsx"))
    expected = kg.to_rows(kg.default_kengetallen())
    got = kg.to_rows(kengetallen)
    assert got.keys() == expected.keys()
    for table, rows in expected.items():
        assert len(got[table]) == len(rows), table
        for a, b in zip(got[table], rows):
            assert a == [pytest.approx(x) if isinstance(x, float) else x for x in b], table


def test_read_invoer_is_the_first_item(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "v.xlsx")
    assert reader.read_invoer(path) == reader.read_workbook(path)[0]


# ---------------------------------------------------------------------------------------------
# Every field refuses a wrong value, naming its cell
# ---------------------------------------------------------------------------------------------

def _bad_values(f: Any) -> list[Any]:
    if f.type == CHOICE:
        return ["onzin"]
    if f.type == TEXT:
        return ["x" * 300]
    above = f.max + (0.5 if f.type == SHARE else 1)
    return [above, "abc"]


BAD_CASES = [pytest.param(f.key, bad, id=f"{f.key}={str(bad)[:8]}") for f in invoer_fields() for bad in _bad_values(f)]


@pytest.mark.parametrize(("key", "bad"), BAD_CASES)
def test_every_field_rejects_a_wrong_value(tmp_path: Path, key: str, bad: Any) -> None:
    f = FIELDS[key]
    values = full_values()
    values[key] = bad
    report = read(tmp_path, values)
    mine = [p for p in report.errors if p.cell == f.cell and p.field == key]
    assert len(mine) == 1, report.as_text()
    message = mine[0].message
    assert message.startswith(f"{f.label}: ")
    assert "Typ" in message or "typ" in message
    assert_dutch(report)
    with pytest.raises(InputError):
        reader.read_workbook(tmp_path / "invoer.xlsx")


@pytest.mark.parametrize("f", [f for f in invoer_fields() if f.required], ids=lambda f: f.key)
def test_required_fields_must_be_filled(tmp_path: Path, f: Any) -> None:
    values = valid_values()
    values.pop(f.key)
    report = read(tmp_path, values)
    assert codes_at(report, f.cell) == ["required"], report.as_text()


# ---------------------------------------------------------------------------------------------
# Numbers, percentages and text
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("0,5", SHARE, 0.5), ("48%", SHARE, 0.48), ("48,5%", SHARE, 0.485), ("48 %", SHARE, 0.48),
    ("-1%", SHARE, -0.01), ("1.200", EURO, 1200), ("1.200,50", EURO, 1200.5), ("€ 62.556", EURO, 62556),
    ("€62556", EURO, 62556), ("€ 100,-", EURO, 100), ("1 200", EURO, 1200), ("3,6", NUMBER, 3.6),
    ("1.5", NUMBER, 1.5), ("0.500", NUMBER, 0.5), ("12.345.678", NUMBER, 12345678), ("+7", NUMBER, 7),
    ("−2,5", NUMBER, -2.5), (",5", NUMBER, 0.5), ("2013", WHOLE, 2013), ("\u00a048%\u00a0", SHARE, 0.48),
])
def test_typed_numbers_parse_the_dutch_way(text: str, kind: str, expected: float) -> None:
    parsed = parse_number(text, kind)
    assert parsed is not None
    assert float(parsed[0]) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "kind"), [
    ("abc", NUMBER), ("", NUMBER), ("1,200.50", EURO), ("1.200.5", NUMBER), ("12,5,0", NUMBER), ("1e5", NUMBER),
    ("€ 5", NUMBER), ("5 euro", EURO), ("--5", NUMBER), ("%", SHARE), ("1 2", NUMBER),
])
def test_ambiguous_or_foreign_text_is_not_a_number(text: str, kind: str) -> None:
    assert parse_number(text, kind) is None


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_dutch_formatted_amounts_round_trip(amount: Decimal) -> None:
    whole, frac = f"{abs(amount):,.2f}".split(".")
    text = ("-" if amount < 0 else "") + whole.replace(",", ".") + "," + frac
    parsed = parse_number(text, EURO)
    assert parsed is not None and parsed[0] == amount


def test_text_numbers_in_cells_parse(tmp_path: Path) -> None:
    values = with_changes(**{
        "aandeel_type.gezinnen": "48%", "aandeel_type.ouderen": "0,31", "aandeel_type.overige": "21,0 %",
        "kosten_per_fte": "€ 62.556", "team_fte": "3,6", "succes__schooluitval": "-1%", "huishoudens": "328",
        "overige_eenmalige_kosten": "100.000", "gemiddeld_aantal_kinderen": "1.6",
    })
    invoer, _, _ = reader.read_workbook(write_workbook(tmp_path / "t.xlsx", values))
    assert invoer["aandeel_type.gezinnen"] == pytest.approx(0.48)
    assert invoer["aandeel_type.ouderen"] == pytest.approx(0.31)
    assert invoer["aandeel_type.overige"] == pytest.approx(0.21)
    assert invoer["kosten_per_fte"] == 62556
    assert invoer["team_fte"] == pytest.approx(3.6)
    assert invoer["succes.schooluitval"] == pytest.approx(-0.01)
    assert invoer["huishoudens"] == 328
    assert invoer["overige_eenmalige_kosten"] == 100_000
    assert invoer["gemiddeld_aantal_kinderen"] == pytest.approx(1.6)


def test_percent_formatted_cells_hold_fractions(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "p.xlsx")
    ws = load_workbook(path)[INVOER_SHEET]
    assert "%" in ws["C17"].number_format and ws["C17"].value == 0.48
    assert reader.read_invoer(path)["aandeel_type.gezinnen"] == pytest.approx(0.48)


def test_share_typed_as_whole_percentage_suggests_the_percent(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(**{"aandeel_type.gezinnen": 48}), percent_format=False)
    assert errors_at(report, "C17") == [
        "Aandeel gezinnen: De waarde 48 is geen percentage tussen 0% en 100%. Bedoelt u 48%? Typ dan 48%."]
    report = read(tmp_path, with_changes(**{"substitutie.nieuw": "80"}))  # text: not affected by the format
    assert "tussen -100% en 100%. Bedoelt u 80%? Typ dan 80%." in errors_at(report, "C62")[0]
    report = read(tmp_path, with_changes(**{"aandeel_type.gezinnen": 48.5}), percent_format=False)
    assert "Bedoelt u 48,5%?" in errors_at(report, "C17")[0]


def test_share_in_percent_formatted_cell_is_shown_as_the_cell_shows_it(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(**{"aandeel_type.gezinnen": 48}))  # the cell shows 4800%
    assert errors_at(report, "C17") == [
        "Aandeel gezinnen: De waarde 4800% is groter dan 100%. Bedoelt u 48%? Typ dan 48%."]
    report = read(tmp_path, with_changes(**{"aandeel_type.gezinnen": 250}))
    assert errors_at(report, "C17")[0].endswith("Typ een percentage tussen 0% en 100%, bijvoorbeeld 48%.")


def test_share_over_100_percent_typed_with_percent_sign_gets_no_suggestion(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(nieuw_gevonden="150%"))
    [message] = errors_at(report, "C54")
    assert "De waarde 150% is groter dan 100%" in message and "Bedoelt" not in message


def test_percent_sign_outside_share_fields_is_refused(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(team_fte="50%"))
    assert codes_at(report, "C42") == ["percent-not-allowed"]


def test_out_of_range_message_uses_dutch_numbers(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(huishoudens=2_000_000))
    assert errors_at(report, "C15") == [
        "Aantal huishoudens in aanpak (totaal): De waarde 2.000.000 is groter dan 1.000.000. "
        "Typ een geheel getal tussen 1 en 1.000.000."]


def test_unparseable_text_says_what_to_type(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(huishoudens="veel", kosten_per_fte="62,556.00"))
    assert errors_at(report, "C15") == [
        'Aantal huishoudens in aanpak (totaal): "veel" is geen getal. Typ een geheel getal tussen 1 en 1.000.000.']
    assert '"62,556.00" is geen bedrag. Typ een bedrag' in errors_at(report, "C43")[0]


def test_whole_numbers(tmp_path: Path) -> None:
    invoer, _, _ = reader.read_workbook(write_workbook(tmp_path / "w.xlsx", with_changes(analysejaar=2013.0)))
    assert invoer["analysejaar"] == 2013 and type(invoer["analysejaar"]) is int
    report = read(tmp_path, with_changes(huishoudens=3.5))
    assert codes_at(report, "C15") == ["not-whole"]
    report = read(tmp_path, with_changes(discipline__jeugd=2))
    assert "Typ 1 (ja) of 0 (nee)" in errors_at(report, "C66")[0]


def test_booleans_and_dates_are_not_numbers(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(huishoudens=True, team_fte=dt.datetime(2013, 1, 5)))
    assert (codes_at(report, "C15"), codes_at(report, "C42")) == (["is-a-boolean"], ["is-a-date"])


def test_text_fields_keep_text_and_convert_numbers(tmp_path: Path) -> None:
    values = with_changes(gemeente=1, aanpak="=HYPERLINK(\"x\")", toelichting="  met spaties  ")
    invoer, _, _ = reader.read_workbook(write_workbook(tmp_path / "t.xlsx", values))
    assert invoer["gemeente"] == "1"
    assert invoer["aanpak"] == '=HYPERLINK("x")'  # typed text is never evaluated
    assert invoer["toelichting"] == "met spaties"


def test_choices_ignore_case_and_spaces(tmp_path: Path) -> None:
    invoer = reader.read_invoer(write_workbook(tmp_path / "c.xlsx", with_changes(zorgprofiel=" Groningen_2019 ")))
    assert invoer["zorgprofiel"] == "groningen_2019"
    report = read(tmp_path, with_changes(actorindeling="onzin"))
    assert errors_at(report, "C11") == [
        'Indeling geldstromen naar actoren: "onzin" is geen geldige keuze. Typ een van: na_2015, voor_2015.']


def test_whitespace_only_is_empty(tmp_path: Path) -> None:
    invoer = reader.read_invoer(write_workbook(tmp_path / "e.xlsx", with_changes(attributie="   ")))
    assert invoer["attributie"] == 1.0
    report = read(tmp_path, with_changes(gemeente="  "))
    assert codes_at(report, "C5") == ["required"]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    values = with_changes(huishoudens="veel", actorindeling="later", frictie=7)
    report = read(tmp_path, values)
    assert sorted(p.cell for p in report.errors) == ["C11", "C15", "C51"], report.as_text()
    assert_dutch(report)
    with pytest.raises(InputError) as info:
        reader.read_workbook(tmp_path / "invoer.xlsx")
    assert len(info.value.report.errors) == 3


def test_check_workbook_returns_errors_without_raising(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(huishoudens=-1))
    assert not report.ok and errors_at(report, "C15")


def test_warnings_do_not_raise(tmp_path: Path) -> None:
    values = with_changes(team_fte=10.0)  # far above the caseload norm
    _, _, report = reader.read_workbook(write_workbook(tmp_path / "w.xlsx", values))
    assert report.ok and warnings_at(report, "C42")


# ---------------------------------------------------------------------------------------------
# Formulas in input cells
# ---------------------------------------------------------------------------------------------

def write_with_formulas(path: Path, formulas: dict[str, tuple[str, Any]]) -> Path:
    """XlsxWriter stores a cached result for a formula when given one, like Excel does."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet(INVOER_SHEET)
    for cell, text in invoer_label_cells():
        ws.write_string(cell, text)
    ws.write_string(VERSION_CELL, TEMPLATE_VERSION)
    for key, value in valid_values().items():
        cell = FIELDS[key].cell
        if cell not in formulas:
            ws.write(cell, value)
    for cell, (formula, cached) in formulas.items():
        ws.write_formula(cell, formula, None, cached)
    wb.close()
    return path


def test_formula_cells_use_the_cached_value(tmp_path: Path) -> None:
    path = write_with_formulas(tmp_path / "f.xlsx", {"C15": ("=300+28", 328), "C17": ("=0.5-0.02", 0.48)})
    invoer, _, report = reader.read_workbook(path)
    assert invoer["huishoudens"] == 328 and invoer["aandeel_type.gezinnen"] == pytest.approx(0.48)
    assert any(p.sheet == KENGETALLEN_SHEET for p in report.warnings)  # no KENGETALLEN sheet: defaults


def test_formula_with_excel_error_names_the_error(tmp_path: Path) -> None:
    report = reader.check_workbook(write_with_formulas(tmp_path / "f.xlsx", {"C15": ("=1/0", "#DIV/0!")}))
    [message] = errors_at(report, "C15")
    assert "#DIV/0!" in message and codes_at(report, "C15") == ["excel-error"]


# ---------------------------------------------------------------------------------------------
# Rules between fields
# ---------------------------------------------------------------------------------------------

def test_type_shares_must_add_up_to_100(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(**{"aandeel_type.overige": 0.11}))
    [message] = errors_at(report, "C17")
    assert "90%" in message and "100%" in message
    within = read(tmp_path, with_changes(**{"aandeel_type.overige": 0.214}))  # 100,4%: rounding
    assert not within.errors and "share-rounded" in within.codes()


def test_severities_must_add_up_per_type(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(**{"zwaarte.ouderen.mv_nzr": 0.36}))
    [message] = errors_at(report, "D19")
    assert "Ouderen" in message and "90%" in message
    assert not errors_at(report, "C19") and not errors_at(report, "E19")


def test_type_with_share_zero_needs_no_severities(tmp_path: Path) -> None:
    values = with_changes(**{"aandeel_type.gezinnen": 0.79, "aandeel_type.ouderen": 0.0})
    for s in ("ev", "mv_zr", "mv_nzr", "top"):
        values.pop(f"zwaarte.ouderen.{s}")
    values.pop("samenstelling.eenouder.ouderen")
    values["samenstelling.tweeouder.ouderen"] = 0.5
    report = read(tmp_path, values)
    assert report.errors == [], report.as_text()


def test_composition_must_add_up_when_filled(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(**{"samenstelling.tweeouder.overige": 0.5}))
    [message] = errors_at(report, "E25")
    assert "Overige hh" in message and "123%" in message
    values = valid_values()
    for name in ("eenouder", "tweeouder"):
        values.pop(f"samenstelling.{name}.overige")
    assert not read(tmp_path, values).errors  # both empty: not filled in, no rule


def test_team_both_ways_is_an_error(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(fte_extra=1.0))
    assert codes_at(report, "C42") == ["team-both-ways"]


def test_team_neither_way_is_an_error(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(team_fte=None))
    assert codes_at(report, "C42") == ["team-missing"]


def test_team_way_1_needs_share_additional_and_cost(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(aandeel_additioneel=None, kosten_per_fte=None))
    assert codes_at(report, "C44") == codes_at(report, "C43") == ["required"]


def test_team_way_2_warns_about_unused_share_additional(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(team_fte=None, fte_nulsituatie=3.0, fte_extra=0.6))
    assert report.ok and codes_at(report, "C44") == ["unused-field"]


def test_team_far_from_caseload_norm_warns_with_both_numbers(tmp_path: Path) -> None:
    assert not warnings_at(read(tmp_path), "C42")  # 3,6 fte entered, 3,6 needed by the norm
    report = read(tmp_path, with_changes(team_fte=6.0))
    [message] = warnings_at(report, "C42")
    assert "Ingevoerd 6 fte; volgens de caseloadnorm is 3,6 fte nodig" in message
    assert report.ok
    report = read(tmp_path, with_changes(team_fte=None, aandeel_additioneel=None, fte_extra=8.0))
    assert "Ingevoerd 8 fte" in warnings_at(report, "C47")[0]  # way 2: at the cell that was filled in


def test_debt_success_beyond_100_percent_warns(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(discipline__werk_inkomen_schulden=1, succes__schuldhulp=0.6))
    assert "success-beyond-share" in codes_at(report, "C74")


def test_effects_without_discipline_warn(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(succes__schuldhulp=0.05))
    for cell in ("C74", "C75"):
        assert "missing-discipline" in codes_at(report, cell)
    report = read(tmp_path, with_changes(discipline__werk_inkomen_schulden=1))
    assert not warnings_at(report, "C75")


def test_price_year_outside_cpi_table_warns(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(prijspeil=2030))
    assert codes_at(report, "C8") == ["outside-cpi"] and "voorbij 2025" in warnings_at(report, "C8")[0]
    report = read(tmp_path, with_changes(analysejaar=2005))
    assert "vóór 2009" in warnings_at(report, "C7")[0]
    report = read(tmp_path, with_changes(analysejaar=2005, prijspeil="later"))  # the error, no guess
    assert errors_at(report, "C8") and not warnings_at(report, "C7")


def test_rules_are_skipped_for_cells_that_already_have_an_error(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(**{"aandeel_type.gezinnen": "veel"}))
    assert len(report.errors) == 1


# ---------------------------------------------------------------------------------------------
# KENGETALLEN
# ---------------------------------------------------------------------------------------------

def default_rows() -> dict[str, list[list]]:
    return copy.deepcopy(kg.to_rows(kg.default_kengetallen()))


def row_index(rows: dict[str, list[list]], table: str, key: Any) -> int:
    return next(i for i, row in enumerate(rows[table]) if row[0] == key)


def test_missing_kengetallen_sheet_uses_defaults_with_a_warning(tmp_path: Path) -> None:
    _, kengetallen, report = reader.read_workbook(write_workbook(tmp_path / "k.xlsx", kengetallen=False))
    assert kengetallen == kg.default_kengetallen()
    assert "kengetallen-missing" in report.codes()


def test_missing_table_is_an_error_not_the_defaults(tmp_path: Path) -> None:
    """The user's numbers are never silently replaced by the defaults (issue 17, item 4)."""
    rows = default_rows()
    del rows["trajecten"]
    report = read(tmp_path, kengetallen=rows)
    assert [p.field for p in report.errors if p.code == "table-missing"] == ["trajecten"]


def test_changed_kengetal_is_used(tmp_path: Path) -> None:
    rows = default_rows()
    rows["kengetallen"][row_index(rows, "kengetallen", "qaly_waarde")][2] = 50_000
    rows["cpi"].append([2026, 0.03, "eigen schatting"])
    _, kengetallen, report = reader.read_workbook(write_workbook(tmp_path / "k.xlsx", kengetallen=rows))
    assert kengetallen.value("qaly_waarde") == 50_000
    assert kengetallen.cpi_changes[2026] == pytest.approx(0.03)


def test_wrong_kengetal_names_cell_and_field(tmp_path: Path) -> None:
    rows = default_rows()
    i = row_index(rows, "kengetallen", "qaly_waarde")
    rows["kengetallen"][i][2] = "veel"
    report = read(tmp_path, kengetallen=rows)
    [problem] = report.errors
    assert problem.sheet == KENGETALLEN_SHEET
    assert problem.cell == kengetallen_cell("kengetallen", i, "waarde") == f"D{5 + i}"
    assert problem.field == "kengetallen.qaly_waarde.waarde"
    assert problem.message.startswith('Waarde bij "Waarde van een gewonnen gezond levensjaar (QALY)": ')
    assert "Typ een getal" in problem.message and "qaly_waarde" not in problem.message  # the label, not the key
    assert problem.as_text().startswith(f"KENGETALLEN!D{5 + i}: Waarde bij ")  # the key only in --json's veld


def test_share_kengetal_accepts_typed_percent(tmp_path: Path) -> None:
    rows = default_rows()
    rows["kengetallen"][row_index(rows, "kengetallen", "mo_aandeel")][2] = "30%"
    _, kengetallen, _ = reader.read_workbook(write_workbook(tmp_path / "k.xlsx", kengetallen=rows))
    assert kengetallen.value("mo_aandeel") == pytest.approx(0.30)


def test_empty_required_kengetal_cell_is_an_error(tmp_path: Path) -> None:
    rows = default_rows()
    i = row_index(rows, "trajecten", "GGZ")
    rows["trajecten"][i][2] = None
    report = read(tmp_path, kengetallen=rows)
    assert [p.cell for p in report.errors] == [kengetallen_cell("trajecten", i, "prijs")]
    assert "Dit veld is verplicht" in report.errors[0].message


def test_empty_optional_kengetal_cells_are_fine(tmp_path: Path) -> None:
    rows = default_rows()
    i = row_index(rows, "kengetallen", "qaly_waarde")
    rows["kengetallen"][i][4] = None  # prijsjaar may be empty (some defaults have none)
    rows["kengetallen"][i][5] = None  # bron
    _, kengetallen, _ = reader.read_workbook(write_workbook(tmp_path / "k.xlsx", kengetallen=rows))
    assert kengetallen.scalars["qaly_waarde"].price_year is None


def test_wrong_kengetal_is_not_also_reported_missing(tmp_path: Path) -> None:
    rows = default_rows()
    rows["kengetallen"][0][2] = "x"
    report = read(tmp_path, kengetallen=rows)
    assert len(report.errors) == 1 and "row-missing" not in report.codes()
    rows["kengetallen"].pop(1)
    report = read(tmp_path, kengetallen=rows)
    assert [p.field for p in report.errors if p.code == "row-missing"] == ["kengetallen.afschrijving_eenmalig_jaren"]


def test_unknown_kengetal_key_warns_and_is_ignored(tmp_path: Path) -> None:
    rows = default_rows()
    rows["kengetallen"].append(["mijn_kengetal", "Eigen", 5, "€", 2020, ""])
    _, kengetallen, report = reader.read_workbook(write_workbook(tmp_path / "k.xlsx", kengetallen=rows))
    assert "mijn_kengetal" not in kengetallen.scalars
    assert [p.field for p in report.warnings if p.code == "unknown-key"] == ["kengetallen.mijn_kengetal"]


def test_choice_columns_check_domains_and_actors(tmp_path: Path) -> None:
    rows = default_rows()
    rows["trajecten"][0][1] = "gemeente"
    rows["actoren"][0][1] = "rijk"
    report = read(tmp_path, kengetallen=rows)
    cells = {p.cell: p.message for p in report.errors}
    assert kengetallen_cell("trajecten", 0, "domein") in cells
    assert "wi, wmo" in cells[kengetallen_cell("trajecten", 0, "domein")]
    actors = "gemeente, zorgverzekeraar, huishoudens, overige_partijen"
    assert actors in cells[kengetallen_cell("actoren", 0, "na_2015")]


def test_moved_columns_are_an_error(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "k.xlsx")
    wb = load_workbook(path)
    header = kengetallen_title_rows()["disconto"] + 1
    wb[KENGETALLEN_SHEET].cell(header, 3, "Iets anders")
    wb.save(path)
    [problem] = reader.check_workbook(path).errors
    assert (problem.cell, problem.code) == (f"C{header}", "header-mismatch") and "Discontovoet" in problem.message


def test_missing_key_is_an_error(tmp_path: Path) -> None:
    rows = default_rows()
    rows["disconto"][1][0] = None
    report = read(tmp_path, kengetallen=rows)
    assert [p.cell for p in report.errors] == [kengetallen_cell("disconto", 1, "regel")]
    assert [p.code for p in report.errors] == ["key-missing"]


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    rows = default_rows()
    rows["trajecten"].append(list(rows["trajecten"][0]))
    report = read(tmp_path, kengetallen=rows)
    assert [p.code for p in report.errors] == ["duplicate-key"]


def test_cpi_open_rows_and_rows_below_a_gap(tmp_path: Path) -> None:
    rows = default_rows()
    path = write_workbook(tmp_path / "k.xlsx", kengetallen=rows)
    wb = load_workbook(path)
    ws = wb[KENGETALLEN_SHEET]
    first_open = kengetallen_title_rows(rows)["cpi"] + 2 + len(rows["cpi"])
    ws.cell(first_open, 2, 2026)  # a year without a change: an open row, skipped
    ws.cell(first_open + 2, 2, 2026)  # under an empty row: not part of the table
    ws.cell(first_open + 2, 3, 0.02)
    wb.save(path)
    report = reader.check_workbook(path)
    assert [(p.cell, p.code) for p in report.errors] == [(f"B{first_open + 2}", "rows-below-gap")]
    ws.cell(first_open + 2, 2).value = None
    ws.cell(first_open + 2, 3).value = None
    wb.save(path)
    _, kengetallen, _ = reader.read_workbook(path)
    assert max(kengetallen.cpi_changes) == 2025


def test_cpi_gap_is_an_error(tmp_path: Path) -> None:
    rows = default_rows()
    last = max(row[0] for row in rows["cpi"])
    rows["cpi"].append([last + 2, 0.02, "eigen schatting"])  # a year missing: the next could not be chained
    report = read(tmp_path, kengetallen=rows)
    assert [p.code for p in report.errors] == ["cpi-gap"]
    assert f"na {last} komt {last + 2}" in report.errors[0].message


def test_custom_profile_and_discount_rule_can_be_chosen(tmp_path: Path) -> None:
    rows = default_rows()
    rows["profielen"] += [["mijn_2024", *row[1:]] for row in rows["profielen"] if row[0] == "generiek_2014"]
    rows["disconto"].append(["eigen", 0.03, 0.04, "eigen keuze"])
    values = with_changes(zorgprofiel="Mijn_2024", disconteringsregel="eigen")
    invoer, kengetallen, report = reader.read_workbook(write_workbook(tmp_path / "k.xlsx", values, kengetallen=rows))
    assert invoer["zorgprofiel"] == "mijn_2024" and "mijn_2024" in kengetallen.profiles
    assert invoer["disconteringsregel"] == "eigen" and kengetallen.discount_rules["eigen"].rate == 0.03


def test_profile_and_rule_must_exist(tmp_path: Path) -> None:
    report = read(tmp_path, with_changes(zorgprofiel="mijn_2024", disconteringsregel="eigen"))
    assert "generiek_2014, groningen_2019, west_betuwe_2021" in errors_at(report, "C9")[0]
    assert "rijk_2021" in errors_at(report, "C10")[0]


def test_incomplete_profile_is_an_error(tmp_path: Path) -> None:
    rows = default_rows()
    rows["profielen"] += [["half", *row[1:]] for row in rows["profielen"][:6]]
    report = read(tmp_path, with_changes(zorgprofiel="half"), kengetallen=rows)
    [incomplete] = [p for p in report.errors if p.code == "profile-incomplete"]
    assert "ouderen/mv_nzr" in incomplete.message
    assert errors_at(report, "C9")  # the profile is not usable, so it cannot be chosen


def test_profile_rows_need_known_type_and_one_price_year(tmp_path: Path) -> None:
    rows = default_rows()
    rows["profielen"][0][1] = "jongeren"
    rows["profielen"][14][9] = 2015
    report = read(tmp_path, kengetallen=rows)
    cells = {p.cell: p for p in report.errors}
    assert cells[kengetallen_cell("profielen", 0, "type")].code == "not-a-choice"
    assert "gezinnen, ouderen, overige" in cells[kengetallen_cell("profielen", 0, "type")].message
    assert cells[kengetallen_cell("profielen", 14, "prijsjaar")].code == "profile-price-years"


def test_kengetallen_messages_are_dutch(tmp_path: Path) -> None:
    rows = default_rows()
    rows["cpi"][0][1] = 3  # 300%
    rows["disconto"][0][1] = "twee"
    report = read(tmp_path, kengetallen=rows)
    assert len(report.errors) == 2
    assert_dutch(report)




@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) ontbreekt")
def test_open_and_save_in_libreoffice_fixes_a_formula_without_cached_value(tmp_path: Path) -> None:
    """What the error message tells users to do works: LibreOffice stores the formula's result."""
    source = write_workbook(tmp_path / "invoer.xlsx", full_values())
    wb = load_workbook(source)
    wb[INVOER_SHEET]["C15"] = "=300+28"
    wb.save(source)
    assert errors_at(reader.check_workbook(source), "C15")
    saved = libreoffice.convert([source], "xlsx", tmp_path / "uit", tmp_path / "profiel", timeout=120)[0]
    invoer, kengetallen, report = reader.read_workbook(saved)
    assert report.errors == [] and report.warnings == [], report.as_text()
    assert invoer["huishoudens"] == 328
    for key, value in full_values().items():
        if key != "huishoudens":
            assert invoer[key] == (value if isinstance(value, str) else pytest.approx(value)), key
    assert kengetallen.value("qaly_waarde") == kg.default_kengetallen().value("qaly_waarde")


def test_template_of_mkba_xl_filled_in_reads_back(tmp_path: Path) -> None:
    """Integration with the template writer: its KENGETALLEN layout is the one the reader expects."""
    path = tmp_path / "sjabloon.xlsx"
    write_template(path)
    empty = reader.check_workbook(path)
    assert {p.cell for p in empty.errors} >= {"C5", "C15", "C17"}
    assert not [p for p in empty.errors + empty.warnings if p.sheet == KENGETALLEN_SHEET]
    wb = load_workbook(path)
    for key, value in full_values().items():
        wb[INVOER_SHEET][FIELDS[key].cell] = value
    wb.save(path)
    invoer, kengetallen, report = reader.read_workbook(path)
    assert report.errors == [] and report.warnings == [], report.as_text()
    assert invoer["gemeente"] == "Voorbeeldgemeente" and invoer["huishoudens"] == 328
    assert kengetallen.profiles == kg.default_kengetallen().profiles


def test_share_kengetal_out_of_range_names_the_cell(tmp_path):
    """A share kengetal of 250% is refused with its cell, not only values beyond ±1e9."""
    import openpyxl

    from mkba_xl.reader import check_workbook

    from .workbooks import valid_values, write_workbook

    path = write_workbook(tmp_path / "k.xlsx", valid_values(), kengetallen=True)
    wb = openpyxl.load_workbook(path)
    ws = wb["KENGETALLEN"]
    target = next(row for row in ws.iter_rows() if row[1].value == "mo_aandeel")
    target[3].value = 2.5
    wb.save(path)
    report = check_workbook(path)
    assert any(p.cell == target[3].coordinate and "mo_aandeel" in p.field for p in report.errors), report.as_text()


# ---------------------------------------------------------------------------------------------
# The way of the tool and deel D (issue 11)
# ---------------------------------------------------------------------------------------------

def test_a_way_that_does_not_match_the_team_is_a_warning(tmp_path: Path) -> None:
    """Empty C13 follows the team; a choice that disagrees with it is computed, with a Dutch warning."""
    assert not warnings_at(read(tmp_path, with_changes(rekenwijze="lpbl_2014")), "C13")
    report = read(tmp_path, with_changes(rekenwijze="lpbl_2019"))
    assert report.ok
    (message,) = warnings_at(report, "C13")
    assert "lpbl_2019" in message and "manier 1" in message and "leeg" in message
    way2 = with_changes(team_fte=None, aandeel_additioneel=None, fte_nulsituatie=2.0, fte_extra=1.6,
                        rekenwijze="lpbl_2014")
    (message,) = warnings_at(read(tmp_path, way2), "C13")
    assert "manier 2" in message
    assert_dutch(report)


def test_deel_d_rows_need_a_price_and_their_own_rows_a_financier(tmp_path: Path) -> None:
    values = with_changes(**{"deel_d__hbh__extra": 32, "deel_d__anders1__bespaard": 10, "deel_d__anders2__extra": 0})
    report = read(tmp_path, values)
    price, financier, name = (FIELDS[f"deel_d.{k}"] for k in ("hbh.prijs", "anders1.financier", "anders1.naam"))
    assert errors_at(report, price.cell) and "prijs" in errors_at(report, price.cell)[0]
    assert errors_at(report, financier.cell) and "financier" in errors_at(report, financier.cell)[0]
    assert warnings_at(report, name.cell)
    assert not errors_at(report, FIELDS["deel_d.anders2.prijs"].cell)  # a count of 0 needs no price
    assert_dutch(report)
    values.update({"deel_d.hbh.prijs": 2805, "deel_d.anders1.financier": "wmo", "deel_d.anders1.naam": "Maatjes",
                   "deel_d.anders1.prijs": 900})
    invoer, _, report = reader.read_workbook(write_workbook(tmp_path / "d.xlsx", values))
    assert report.ok and invoer["deel_d.hbh.financier"] == "wmo"  # an empty fixed row's financier is its default
    assert invoer["deel_d.anders1.naam"] == "Maatjes"


def test_empty_relapse_reads_as_empty_and_counts_the_kengetal(tmp_path: Path) -> None:
    invoer, kg, report = reader.read_workbook(write_workbook(tmp_path / "t.xlsx", valid_values()))
    assert report.ok and invoer["terugval"] is None and kg.value("terugval") == pytest.approx(0.2)
