"""The template workbook: byte-stable, protected, every field an unlocked validated input cell.

All tests write and read real files; the LibreOffice tests check that the workbook opens and
that LibreOffice's own calculation agrees with the cached values written by the template.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba_xl import schema
from mkba_xl.errors import OutputError
from mkba_xl.kengetallen import choices_for, default_kengetallen, to_rows
from mkba_xl.template import (
    CPI_EXTRA_ROWS,
    KENGETALLEN_FIRST_ROW,
    TABLE_GAP,
    add_invoer_sheet,
    add_kengetallen_sheet,
    write_template,
)
from mkba_xl.xlsx.book import set_fixed_properties, workbook_options
from mkba_xl.xlsx.formulas import cached_values
from mkba_xl.xlsx.styles import SHARE_FORMAT, Formats

from . import libreoffice
from .workbooks import later_fields

COMMITTED = Path(__file__).resolve().parents[1] / "templates" / "mkba_invoer.xlsx"


def example_values() -> dict[str, Any]:
    """A plausible, complete INVOER (every field filled), loosely after the Groningen seed."""
    v: dict[str, Any] = {
        "gemeente": "Groningen",
        "aanpak": "WIJ-teams",
        "analysejaar": 2018,
        "prijspeil": 2024,
        "zorgprofiel": "groningen_2019",
        "disconteringsregel": "rijk_2021",
        "actorindeling": "na_2015",
        "toelichting": "Voorbeeld; bron: 002 Evaluatie WIJ-teams.",
        "huishoudens": 328,
        "gemiddeld_aantal_kinderen": 1.8,
        "team_fte": 12.5,
        "kosten_per_fte": 75000,
        "aandeel_additioneel": 0.4,
        "fte_nulsituatie": 0.0,
        "fte_extra": 0.0,
        "overige_teamkosten": 50000,
        "aandeel_additioneel_overig": 1.0,
        "frictie": 0.05,
        "overige_eenmalige_kosten": 100000,
        "nieuw_gevonden": 0.2,
        "substitutie.nieuw": 0.3,
        "substitutie.bestaand": 0.1,
        "meer_op_maat": 0.1,
        "reductie_overlast": 0.8,
        "terugval": 0.3,
        "attributie": 0.9,
    }
    shares = {"gezinnen": 0.48, "ouderen": 0.31, "overige": 0.21}
    severity = {"ev": (0.5, 0.4, 0.3), "mv_zr": (0.3, 0.3, 0.3), "mv_nzr": (0.15, 0.2, 0.3), "top": (0.05, 0.1, 0.1)}
    for i, t in enumerate(schema.HOUSEHOLD_TYPES):
        v[f"aandeel_type.{t}"] = shares[t]
        for s in schema.SEVERITIES:
            v[f"zwaarte.{t}.{s}"] = severity[s][i]
        v[f"samenstelling.eenouder.{t}"] = 0.6
        v[f"samenstelling.tweeouder.{t}"] = 0.4
        for name in ("problematische_schulden", "geen_werk", "overlastgevend"):
            v[f"leefsituatie.{name}.{t}"] = 0.25
        v[f"voorkomen_escalatie.{t}"] = 0.05
    for s, (per_fte, hours) in {"ev": (300, 4), "mv_zr": (150, 8), "mv_nzr": (40, 30), "top": (10, 120)}.items():
        v[f"caseload.{s}.hh_per_fte"] = per_fte
        v[f"caseload.{s}.uren_per_hh"] = hours
    for name in ("uhp", "ots", "huisuitzetting"):
        v[f"ingezet.{name}"] = 1
    for name in schema.DISCIPLINES:
        v[f"discipline.{name}"] = 1
    for name in schema.SUCCESS_ITEMS:
        v[f"succes.{name}"] = 0.02
    for name in ("huisuitzettingen", "uhp", "ots"):
        v[f"voorkomen.{name}"] = 2
    v["rekenwijze"] = "lpbl_2019"
    v.update(later_fields())
    assert set(v) == set(schema.fields_by_key()), set(schema.fields_by_key()) ^ set(v)
    return v


def write_with_values(path: Path, values: dict[str, Any]) -> None:
    workbook = xlsxwriter.Workbook(str(path), workbook_options())
    set_fixed_properties(workbook)
    formats = Formats(workbook)
    add_invoer_sheet(workbook, formats, values)
    add_kengetallen_sheet(workbook, formats, default_kengetallen())
    workbook.close()


def formula_cells() -> dict[str, str]:
    return {cell if any(ch.isdigit() for ch in cell) else f"{cell}{r.row}": text
            for r in schema.invoer_rows() for cell, text in r.cells if text.startswith("=")}


def validated_cells(ws) -> set[str]:
    cells: set[str] = set()
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col,
                                    max_col=rng.max_col):
                cells.update(c.coordinate for c in row)
    return cells


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "mkba_invoer.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("filled") / "ingevuld.xlsx"
    write_with_values(path, example_values())
    return path


# --- determinism -----------------------------------------------------------------------------

def test_committed_template_is_current(template: Path) -> None:
    assert COMMITTED.exists(), "templates/mkba_invoer.xlsx ontbreekt: maak het met write_template"
    assert COMMITTED.read_bytes() == template.read_bytes(), \
        "templates/mkba_invoer.xlsx is verouderd: schrijf het opnieuw met write_template"


def test_two_writes_are_byte_identical(tmp_path: Path, template: Path) -> None:
    again = tmp_path / "opnieuw.xlsx"
    write_template(again)
    assert again.read_bytes() == template.read_bytes()


def test_filled_writes_are_byte_identical(tmp_path: Path, filled: Path) -> None:
    again = tmp_path / "opnieuw.xlsx"
    write_with_values(again, example_values())
    assert again.read_bytes() == filled.read_bytes()


def test_workbook_options_never_convert_strings() -> None:
    options = workbook_options()
    assert options["strings_to_formulas"] is False
    assert options["strings_to_urls"] is False
    assert options["strings_to_numbers"] is False


# --- INVOER ------------------------------------------------------------------------------------

def test_invoer_sheet_layout(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [schema.INVOER_SHEET, schema.KENGETALLEN_SHEET, *(s.name for s in schema.INPUT_SHEETS)]
    assert wb.active.title == schema.INVOER_SHEET
    ws = wb[schema.INVOER_SHEET]
    assert ws[schema.VERSION_CELL].value == schema.TEMPLATE_VERSION
    assert ws[schema.VERSION_CELL].protection.locked is True
    assert ws.protection.sheet is True
    assert ws.protection.password is None

    validated = validated_cells(ws)
    for f in schema.invoer_fields():
        cell = ws[f.cell]
        assert cell.value is None, f"{f.cell} ({f.key}) is niet leeg"
        assert cell.protection.locked is False, f"{f.cell} ({f.key}) is vergrendeld"
        assert f.cell in validated, f"{f.cell} ({f.key}) heeft geen gegevensvalidatie"
    # only the input cells are unlocked
    field_cells = {f.cell for f in schema.invoer_fields()}
    for row in ws.iter_rows():
        for c in row:
            if c.has_style and c.protection.locked is False:
                assert c.coordinate in field_cells, f"{c.coordinate} is ontgrendeld maar geen invoercel"

    for cell, formula in formula_cells().items():
        assert ws[cell].value == formula, cell
        assert ws[cell].protection.locked is True

    assert ws["B14"].value == "A. Bereik"
    assert ws["B4"].value == "Algemeen"
    assert ws["B5"].value == "Gemeente"
    assert ws["B17"].value == "Aandeel per type"
    assert ws["B42"].value == "Totaal aantal teamleden (fte)"  # row 42 has a Row without text
    assert ws["C16"].value == "Gezinnen"  # header cells given as a bare column letter
    assert ws["H18"].value == "Aantal gezinnen"
    assert ws["A1"].value is None


def test_invoer_formats_and_validations(template: Path) -> None:
    ws = openpyxl.load_workbook(template)[schema.INVOER_SHEET]
    by_cell = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_cell[rng.coord] = dv
    for f in schema.invoer_fields():
        dv = by_cell[f.cell]
        expected = {schema.SHARE: "decimal", schema.EURO: "decimal", schema.NUMBER: "decimal",
                    schema.WHOLE: "whole", schema.CHOICE: "list", schema.TEXT: "textLength"}[f.type]
        assert dv.type == expected, f.key
        assert dv.allow_blank
        assert dv.error and dv.errorTitle and dv.prompt and dv.promptTitle
        assert len(dv.promptTitle) <= 32 and len(dv.prompt) <= 255 and len(dv.error) <= 255
        if f.type == schema.CHOICE and f.key == "disconteringsregel":  # a reference to its table
            assert dv.formula1.startswith("KENGETALLEN!$B$")
        elif f.type == schema.CHOICE:
            assert dv.formula1 == '"' + ",".join(choices_for(f.key)) + '"'
        if f.type == schema.SHARE:
            assert ws[f.cell].number_format == SHARE_FORMAT == "0.0#%"  # 2,25%, never 2,2%
            assert "%" in dv.error
    assert ws["C9"].number_format == "General"
    assert ws["C43"].number_format == "[$€-413] #,##0"
    assert ws["G17"].number_format == "0%"


def test_invoer_with_values_round_trip(filled: Path) -> None:
    values = example_values()
    wb = openpyxl.load_workbook(filled)
    ws = wb[schema.INVOER_SHEET]
    for f in schema.invoer_fields():
        assert ws[f.cell].value == values[f.key], f.key
        assert ws[f.cell].protection.locked is False
    for cell, formula in formula_cells().items():
        assert ws[cell].value == formula, cell


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "formule.xlsx"
    write_with_values(path, {"gemeente": "=1+1", "aanpak": "@SUM(A1)", "toelichting": "+31 6 1234",
                             "zorgprofiel": ""})
    ws = openpyxl.load_workbook(path)[schema.INVOER_SHEET]
    assert ws["C5"].value == "=1+1"
    assert ws["C5"].data_type == "s"
    assert ws["C6"].value == "@SUM(A1)"
    assert ws["C12"].value == "+31 6 1234"
    assert ws["C9"].value is None  # an empty text is written as an empty cell


def test_cached_values_of_derived_cells(filled: Path) -> None:
    v = example_values()
    ws = openpyxl.load_workbook(filled, data_only=True)[schema.INVOER_SHEET]
    assert ws["G17"].value == pytest.approx(1.0)
    assert ws["H19"].value == pytest.approx(328 * 0.48 * 0.5)
    assert ws["J22"].value == pytest.approx(328 * 0.21 * 0.1)
    k19 = 328 * (0.48 * 0.5 + 0.31 * 0.4 + 0.21 * 0.3)
    assert ws["K19"].value == pytest.approx(k19)
    assert ws["C23"].value == pytest.approx(1.0)
    assert ws["C27"].value == pytest.approx(1.0)
    assert ws["G34"].value == pytest.approx(k19 / 300)
    fte_norm = sum(328 * sum(v[f"aandeel_type.{t}"] * v[f"zwaarte.{t}.{s}"] for t in schema.HOUSEHOLD_TYPES)
                   / v[f"caseload.{s}.hh_per_fte"] for s in schema.SEVERITIES)
    assert ws["G38"].value == pytest.approx(fte_norm)
    assert ws["H42"].value == pytest.approx(fte_norm)
    assert ws["G42"].value == pytest.approx(12.5)
    assert ws["I42"].value == pytest.approx(12.5 / fte_norm - 1)
    assert ws["G72"].value == 6


def test_cached_values_of_empty_template(template: Path) -> None:
    ws = openpyxl.load_workbook(template, data_only=True)[schema.INVOER_SHEET]
    for cell in formula_cells():
        assert ws[cell].value in (0, None, ""), cell  # I42 is "" (IF(H42>0,...,"")), the rest 0


def test_cached_values_evaluator() -> None:
    formulas = {"A1": "=SUM(B1:B3)", "A2": "=$B$1*B2+-B3", "A3": '=IF(A1>0,B1/A1,"")', "A4": "=A3",
                "A5": "=B1/B4", "A6": "=A6+1", "A7": "=NOTAFUNCTION(B1)", "A8": '=IF(B4>0,1,"")',
                "A9": "=IF(B4>0,B1/B4,0)"}
    got = cached_values(formulas, {"B1": 2.0, "B2": 3, "B3": "tekst", "B4": None})
    assert got["A1"] == 5  # text in a range is skipped, like Excel
    assert got["A2"] == "#VALUE!"  # text in arithmetic
    assert got["A3"] == pytest.approx(0.4)
    assert got["A4"] == pytest.approx(0.4)
    assert got["A5"] == "#DIV/0!"  # division by an empty cell
    assert got["A6"] == 0  # circular: not evaluated
    assert got["A7"] == 0  # unknown function: not evaluated
    assert got["A8"] == ""
    assert got["A9"] == 0  # the error is in the branch not taken


@settings(max_examples=60, deadline=None)
@given(households=st.integers(1, 1_000_000),
       shares=st.lists(st.floats(0, 1), min_size=3, max_size=3),
       severity=st.lists(st.floats(0, 1), min_size=12, max_size=12),
       per_fte=st.lists(st.one_of(st.none(), st.floats(1, 5000)), min_size=4, max_size=4))
def test_cached_values_match_the_formulas(households: int, shares: list[float], severity: list[float],
                                          per_fte: list[float | None]) -> None:
    inputs: dict[str, Any] = {"C15": households}
    for j, col in enumerate("CDE"):
        inputs[f"{col}17"] = shares[j]
        for i in range(4):
            inputs[f"{col}{19 + i}"] = severity[4 * j + i]
    for i in range(4):
        inputs[f"C{34 + i}"] = per_fte[i]
    got = cached_values(formula_cells(), inputs)
    assert got["G17"] == pytest.approx(sum(shares))
    counts = [sum(households * shares[j] * severity[4 * j + i] for j in range(3)) for i in range(4)]
    default_norms = [300, 150, 40, 10]  # an empty caseload cell means the default norm (001 Tabel 3.10)
    norms = [per_fte[i] if per_fte[i] else default_norms[i] for i in range(4)]
    for i in range(4):
        assert got[f"K{19 + i}"] == pytest.approx(counts[i])
        assert got[f"G{34 + i}"] == pytest.approx(counts[i] / norms[i])
    norm = sum(counts[i] / norms[i] for i in range(4))
    assert got["H42"] == pytest.approx(norm)
    assert got["I42"] == (pytest.approx(-1.0) if norm > 0 else "")


def test_unwritable_path_gives_a_dutch_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="de map bestaat niet"):
        write_template(tmp_path / "bestaat" / "niet" / "sjabloon.xlsx")


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), workbook_options())
    with pytest.raises(ValueError, match="Onbekende invoervelden"):
        add_invoer_sheet(workbook, Formats(workbook), {"bestaat_niet": 1})
    workbook.close()


# --- KENGETALLEN ---------------------------------------------------------------------------------

def read_tables(ws) -> dict[str, list[list]]:
    """Read the tables the way the contract says a reader must (independent of the writer)."""
    titles = {t.title: t for t in schema.TABLES}
    found: dict[str, list[list]] = {}
    row = 1
    while row <= ws.max_row:
        t = titles.get(ws.cell(row, 2).value)
        if t is None:
            row += 1
            continue
        headers = [ws.cell(row + 1, 2 + i).value for i in range(len(t.columns))]
        assert headers == [c.header for c in t.columns], t.key
        data, r = [], row + 2
        while True:
            cells = [ws.cell(r, 2 + i).value for i in range(len(t.columns))]
            if all(v is None for v in cells):
                break
            data.append(cells)
            r += 1
        found[t.key] = data
        row = r
    return found


def test_kengetallen_tables_follow_the_contract(template: Path) -> None:
    ws = openpyxl.load_workbook(template)[schema.KENGETALLEN_SHEET]
    assert ws.protection.sheet is True
    assert ws["B1"].value == "Kengetallen"
    assert ws["B2"].value.startswith("Wijzig alleen de gele cellen.")
    expected = to_rows(default_kengetallen())

    row = KENGETALLEN_FIRST_ROW
    for t in schema.TABLES:
        assert ws.cell(row, 2).value == t.title
        assert ws.cell(row, 2 + len(t.columns)).value == t.help
        assert [ws.cell(row + 1, 2 + i).value for i in range(len(t.columns))] == [c.header for c in t.columns]
        rows = expected[t.key]
        for j, values in enumerate(rows):
            for i, (c, value) in enumerate(zip(t.columns, values, strict=True)):
                cell = ws.cell(row + 2 + j, 2 + i)
                assert cell.value == pytest.approx(value) if isinstance(value, float) else cell.value == value
                assert cell.protection.locked is (not c.editable), (t.key, c.key)
        end = row + 2 + len(rows)
        extra = CPI_EXTRA_ROWS if t.key == "cpi" else 0
        for r in range(end, end + extra + TABLE_GAP):
            assert all(ws.cell(r, 2 + i).value is None for i in range(len(t.columns) + 1)), (t.key, r)
        for r in range(end, end + extra):
            assert all(ws.cell(r, 2 + i).protection.locked is False for i in range(len(t.columns)))
        row = end + extra + TABLE_GAP

    tables = read_tables(ws)
    assert list(tables) == [t.key for t in schema.TABLES]
    for key, rows in tables.items():
        assert len(rows) == len(expected[key]), key


def test_kengetallen_editable_cells_are_validated(template: Path) -> None:
    ws = openpyxl.load_workbook(template)[schema.KENGETALLEN_SHEET]
    validated = validated_cells(ws)
    for row in ws.iter_rows():
        for c in row:
            if c.has_style and c.protection.locked is False:
                assert c.coordinate in validated, c.coordinate
    # a CHOICE column offers its choices
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any(",".join(schema.DOMAINS) in dv.formula1 for dv in lists)


# --- LibreOffice -----------------------------------------------------------------------------------

def soffice_convert(source: Path, target_format: str, outdir: Path, *, recalc: bool = False) -> Path:
    return libreoffice.convert([source], target_format, outdir, outdir / "lo-profiel", recalc=recalc, timeout=120)[0]


needs_soffice = libreoffice.needs_soffice


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_opens_template(tmp_path: Path, template: Path) -> None:
    csv = soffice_convert(template, "csv", tmp_path)
    assert "MKBA sociale (wijk)teams" in csv.read_text(encoding="utf-8", errors="replace")


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("workbook", ["template", "filled"])
def test_libreoffice_recalculation_matches_cached_values(tmp_path: Path, workbook: str,
                                                         request: pytest.FixtureRequest) -> None:
    """LibreOffice, forced to recalculate on load, must find the values the template cached."""
    written: Path = request.getfixturevalue(workbook)
    source = tmp_path / "bron.xlsx"
    shutil.copy(written, source)
    outdir = tmp_path / "uit"
    outdir.mkdir()
    recalculated = soffice_convert(source, "xlsx", outdir, recalc=True)
    ours = openpyxl.load_workbook(written, data_only=True)[schema.INVOER_SHEET]
    theirs = openpyxl.load_workbook(recalculated, data_only=True)[schema.INVOER_SHEET]
    for cell in formula_cells():
        mine, lo = ours[cell].value, theirs[cell].value
        if isinstance(mine, int | float) and not isinstance(mine, bool):
            assert lo == pytest.approx(mine), cell
        else:  # the "" branch of IF: openpyxl may read an empty cached text as None
            assert (lo or None) == (mine or None), cell
