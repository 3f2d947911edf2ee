"""What a policy officer reads (issue 16, items 2-6): every error in one round, a renamed INVOER named, shares
that add up to 100% within rounding, an amount typed as '€ 75.000,-', and messages that speak the sheet's words.

Every workbook is the real template or a sample (written by the template writer), filled and read back as a
user's Excel leaves it (cells edited in the XML, ``tests.xlsx_edit``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from mkba_xl import kengetallen as kg
from mkba_xl import libreoffice, pipeline, reader
from mkba_xl.errors import Problem, Report
from mkba_xl.schema import INVOER_SHEET, fields_by_key
from mkba_xl.xlsx.load import open_book
from tests.xlsx_edit import edit_sheet, read_members, set_cell, write_members

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "mkba_invoer.xlsx"
META = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
FIELDS = fields_by_key()
AUDIT_SHEET = "BEREKENING"


def with_cells(source: Path, target: Path, cells: dict[str, object], sheet: str = INVOER_SHEET) -> Path:
    """``source`` with some cells of ``sheet`` typed over (a number, a text)."""
    shutil.copyfile(source, target)

    def change(xml: bytes) -> bytes:
        for ref, value in cells.items():
            xml = set_cell(xml, ref, value)
        return xml

    return edit_sheet(target, sheet, change)


def cells_named(report: Report) -> set[str]:
    """Every INVOER cell a report names: the cells of its problems and the cells its messages mention."""
    named = {p.cell for p in report.errors if p.sheet == INVOER_SHEET}
    for p in report.errors:
        for first, last in re.findall(r"\b([C-E]\d+)(?: tot en met ([C-E]\d+))?", p.message):
            named.add(first)
            if last:  # a block of cells: C19 tot en met C22
                named.update(f"{first[0]}{r}" for r in range(int(first[1:]), int(last[1:]) + 1))
    return named


# ---------------------------------------------------------------------------------------------
# Item 2: all errors in one round
# ---------------------------------------------------------------------------------------------

def test_an_empty_template_names_every_cell_to_fill_in_the_first_round(tmp_path: Path) -> None:
    first = reader.check_workbook(TEMPLATE)
    assert first.codes().count("share-sum") == 3  # the severities of each type, not only after a second round
    assert "C43" in cells_named(first)  # the cost per fte of a team that is not stated yet
    # Fill in exactly what the first round asks, as a user would: the second round has no error left.
    typed: dict[str, object] = {"C5": "Utrecht", "C6": "Buurtteam", "C7": 2024, "C15": 400, "C17": 0.5,
                                "D17": 0.3, "E17": 0.2, "C42": 4, "C43": 70_000, "C44": 0.5}
    for col in "CDE":
        typed.update({f"{col}19": 0.1, f"{col}20": 0.4, f"{col}21": 0.4, f"{col}22": 0.1})
    assert set(typed) <= cells_named(first) | {p.cell for p in first.errors}
    second = reader.check_workbook(with_cells(TEMPLATE, tmp_path / "ingevuld.xlsx", typed))
    assert second.errors == [], second.as_text()


def test_a_type_share_not_yet_filled_in_says_when_its_severities_are_not_needed() -> None:
    problem = next(p for p in reader.check_workbook(TEMPLATE).errors if p.cell == "D19")
    assert problem.code == "share-sum" and "Typt u 0% in D17" in problem.message


def test_the_optional_sheets_are_checked_in_the_same_round_as_invoer(tmp_path: Path) -> None:
    path = with_cells(META, tmp_path / "invoer.xlsx", {"C15": "veel"})
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("GEVOELIGHEID")  # the template's layout: header in row 4
    for col, header in zip("BCDE", ("veld", "nieuwe waarde", "factor", "omschrijving")):
        ws[f"{col}4"] = header
    ws["B5"], ws["D5"], ws["E5"] = "kosten_per_ftee", 1.2, "Duurder team"  # a field name misspelt
    wb.save(path)
    report = pipeline.check(path)
    assert {"not-a-number", "unknown-field"} <= set(report.codes()), report.as_text()
    unknown = next(p for p in report.errors if p.code == "unknown-field")
    assert "mkba-xl schema" in unknown.message and "docs/fields.md" not in unknown.message  # a pip user has no docs/
    with pytest.raises(Exception) as raised:
        pipeline.read(path)
    assert set(raised.value.report.codes()) == set(report.codes())  # type: ignore[attr-defined]


def test_the_optional_sheets_wait_for_kengetallen_with_errors(tmp_path: Path) -> None:
    """The input sheets are read with the kengetallen (their choices): not with kengetallen that have errors."""
    path = tmp_path / "invoer.xlsx"
    shutil.copyfile(META, path)
    with open_book(path) as book:
        grid = book.read({"KENGETALLEN": (300, 8)})["KENGETALLEN"]
    row = next(r for (r, c), cell in grid.items() if c == 2 and cell.value == "qaly_waarde")
    edit_sheet(path, "KENGETALLEN", lambda xml: set_cell(xml, f"D{row}", "veel"))
    reading = reader.read_parts(path)
    assert reading.invoer is None and reading.kengetallen is None
    assert [p.code for p in pipeline.check(path).errors] == ["not-a-number"]


# ---------------------------------------------------------------------------------------------
# Item 3: a renamed INVOER
# ---------------------------------------------------------------------------------------------

def renamed(source: Path, target: Path, old: str, new: str) -> Path:
    members = read_members(source)
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())
    return write_members(target, members)


def test_a_renamed_invoer_is_recognised_by_its_content(tmp_path: Path) -> None:
    report = reader.check_workbook(renamed(META, tmp_path / "invoer.xlsx", "INVOER", "Blad1"))
    [problem] = report.errors
    assert problem.code == "no-invoer-sheet"
    assert 'Geef blad "Blad1" weer de naam INVOER' in problem.message
    assert "mkba-xl template" not in problem.message  # no fresh template: one rename fixes it


def test_a_renamed_invoer_of_an_output_workbook_is_told_apart_from_the_other_sheets(tmp_path: Path) -> None:
    output = tmp_path / "uitvoer.xlsx"
    pipeline.run_workbook(META, output)
    report = reader.check_workbook(renamed(output, tmp_path / "hernoemd.xlsx", "INVOER", "Invoer 2024"))
    [problem] = report.errors
    assert 'Geef blad "Invoer 2024" weer de naam INVOER' in problem.message
    assert "UITVOER" not in problem.message and AUDIT_SHEET not in problem.message


def test_a_workbook_without_anything_like_invoer_still_points_to_the_template(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(META)
    del wb["INVOER"]
    wb.save(tmp_path / "zonder.xlsx")
    [problem] = reader.check_workbook(tmp_path / "zonder.xlsx").errors
    assert problem.code == "no-invoer-sheet" and "mkba-xl template" in problem.message


# ---------------------------------------------------------------------------------------------
# Item 4: shares that add up to 100% within rounding
# ---------------------------------------------------------------------------------------------

ARNHEM_FAMILIES = {"C19": 0.13, "C20": 0.24, "C21": 0.32, "C22": 0.32}
"""Arnhem's severities of the families as LPBL typed them: 101% (003 Arnhem 2014, invoerscherm A.3)."""


def test_shares_of_101_percent_are_scaled_to_100_and_shown_in_berekening(tmp_path: Path) -> None:
    path = with_cells(META, tmp_path / "invoer.xlsx", ARNHEM_FAMILIES)
    result, report = pipeline.run_workbook(path, tmp_path / "uitvoer.xlsx")
    [warning] = [p for p in report.warnings if p.code == "share-rounded"]
    assert warning.cell == "C19" and "101%" in warning.message and "C19 13% wordt 12,87%" in warning.message
    # Computed as if the scaled shares were typed.
    exact = with_cells(META, tmp_path / "exact.xlsx", {k: v / 1.01 for k, v in ARNHEM_FAMILIES.items()})
    exact_result, exact_report = pipeline.run_workbook(exact, tmp_path / "exact-uitvoer.xlsx")
    assert "share-rounded" not in exact_report.codes()
    assert result.saldo == pytest.approx(exact_result.saldo, rel=1e-12)
    # The output shows both: INVOER as typed, BEREKENING what was used.
    wb = openpyxl.load_workbook(tmp_path / "uitvoer.xlsx")
    assert [wb[INVOER_SHEET][c].value for c in ARNHEM_FAMILIES] == list(ARNHEM_FAMILIES.values())
    rows = {row[2]: row[7:9] for row in wb[AUDIT_SHEET].iter_rows(values_only=True)
            if isinstance(row[2], str) and row[2].startswith("INVOER!")}
    assert set(rows) == {f"INVOER!{c}: {FIELDS[k].label}" for c, k in
                         (("C19", "zwaarte.gezinnen.ev"), ("C20", "zwaarte.gezinnen.mv_zr"),
                          ("C21", "zwaarte.gezinnen.mv_nzr"), ("C22", "zwaarte.gezinnen.top"))}
    typed, used = rows["INVOER!C19: " + FIELDS["zwaarte.gezinnen.ev"].label]
    assert (typed, used) == (0.13, pytest.approx(0.13 / 1.01))
    # The output is an input again: the same warning, the same result.
    again, again_report = pipeline.run_workbook(tmp_path / "uitvoer.xlsx", tmp_path / "opnieuw.xlsx")
    assert "share-rounded" in again_report.codes() and again.saldo == result.saldo


def test_shares_further_off_than_rounding_stay_an_error(tmp_path: Path) -> None:
    report = reader.check_workbook(with_cells(META, tmp_path / "invoer.xlsx", {**ARNHEM_FAMILIES, "C22": 0.335}))
    [problem] = report.errors
    assert problem.code == "share-sum" and "102,5%" in problem.message


def test_an_output_without_scaled_shares_has_no_such_rows(tmp_path: Path) -> None:
    pipeline.run_workbook(META, tmp_path / "uitvoer.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "uitvoer.xlsx")
    assert not any(isinstance(v, str) and v.startswith("INVOER!") for v in
                   (row[2] for row in wb[AUDIT_SHEET].iter_rows(values_only=True)))


# ---------------------------------------------------------------------------------------------
# Item 5: '€ 75.000,-'
# ---------------------------------------------------------------------------------------------

def libreoffice_typed(text: str, tmp_path: Path) -> object:
    """What LibreOffice with Dutch settings stores for ``text`` typed into a cell: a CSV line imported with the
    locale nl-NL (1043) and 'detect special numbers', the same number recognition as typing, saved as xlsx."""
    csv = tmp_path / "getypt.csv"
    csv.write_text(text + "\n", encoding="utf-8")
    profile = tmp_path / "profiel"
    subprocess.run([libreoffice.soffice() or "soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}",
                    "--infilter=CSV:59,34,76,1,,1043,false,true", "--convert-to", "xlsx", "--outdir", str(tmp_path),
                    str(csv)], check=False, capture_output=True, timeout=180)
    with open_book(tmp_path / "getypt.xlsx") as book:
        return book.read({book.sheet_names[0]: (1, 1)})[book.sheet_names[0]][(1, 1)].value


@pytest.mark.skipif(libreoffice.soffice() is None, reason="LibreOffice (soffice) ontbreekt")
def test_an_amount_typed_with_a_dash_in_libreoffice_is_explained(tmp_path: Path) -> None:
    stored = libreoffice_typed("€ 75.000,-", tmp_path)
    assert stored == -75000  # LibreOffice takes the ',-' for a minus sign
    cost = FIELDS["kosten_per_fte"]
    [problem] = reader.check_workbook(with_cells(META, tmp_path / "invoer.xlsx", {cost.cell: stored})).errors
    assert problem.cell == cost.cell and problem.code == "out-of-range"
    assert "LibreOffice leest het streepje dan als minteken" in problem.message
    assert "Typ het bedrag zonder ',-': 75.000." in problem.message


def test_amounts_typed_as_text_with_a_dash_or_eur_are_read(tmp_path: Path) -> None:
    cost = FIELDS["kosten_per_fte"]
    for text in ("EUR 75.000,-", "€ 75.000,-", "75.000,-"):
        path = with_cells(META, tmp_path / "invoer.xlsx", {cost.cell: text})
        invoer, _, _ = reader.read_workbook(path)
        assert invoer["kosten_per_fte"] == 75_000, text


def test_a_dash_after_a_number_that_is_no_amount_says_to_leave_it_out(tmp_path: Path) -> None:
    rows = kg.to_rows(kg.default_kengetallen())["kengetallen"]
    path = tmp_path / "invoer.xlsx"
    shutil.copyfile(META, path)
    with open_book(path) as book:
        grid = book.read({"KENGETALLEN": (300, 8)})["KENGETALLEN"]
    row = next(r for (r, c), cell in grid.items() if c == 2 and cell.value == "uitkering_per_jaar")
    assert any(r[0] == "uitkering_per_jaar" for r in rows)
    edit_sheet(path, "KENGETALLEN", lambda xml: set_cell(xml, f"D{row}", "15.000,-"))
    [problem] = reader.check_workbook(path).errors
    assert "Typ het bedrag zonder ',-': 15.000." in problem.message


# ---------------------------------------------------------------------------------------------
# Item 6: the sheet's words
# ---------------------------------------------------------------------------------------------

def test_counts_of_problems_are_dutch(tmp_path: Path) -> None:
    one = Report()
    one.error(INVOER_SHEET, "C5", "gemeente", "x", code="required")
    assert one.as_text().startswith("1 fout gevonden:")
    for _ in range(3):
        one.error(INVOER_SHEET, "C6", "aanpak", "y", code="required")
    one.warn(INVOER_SHEET, "C7", "analysejaar", "z", code="outside-cpi")
    assert one.as_text().splitlines()[0] == "4 fouten gevonden:" and "1 waarschuwing:" in one.as_text()
    one.warn(INVOER_SHEET, "C7", "analysejaar", "z", code="outside-cpi")
    assert "2 waarschuwingen:" in one.as_text() and "(en)" not in one.as_text()


def test_a_message_as_printed_names_the_cell_and_label_not_the_key() -> None:
    problem = Problem(INVOER_SHEET, "C17", "aandeel_type.gezinnen", "Aandeel gezinnen: ...", code="required")
    assert problem.as_text() == "INVOER!C17: Aandeel gezinnen: ..."
    assert problem.as_json()["veld"] == "aandeel_type.gezinnen"  # programs keep the key


def test_a_kengetal_is_named_by_its_description(tmp_path: Path) -> None:
    path = tmp_path / "invoer.xlsx"
    shutil.copyfile(META, path)
    with open_book(path) as book:
        grid = book.read({"KENGETALLEN": (300, 8)})["KENGETALLEN"]
    row = next(r for (r, c), cell in grid.items() if c == 2 and cell.value == "uitkering_per_jaar")
    edit_sheet(path, "KENGETALLEN", lambda xml: set_cell(xml, f"D{row}", "veel"))
    [problem] = reader.check_workbook(path).errors
    description = kg.default_kengetallen().scalars["uitkering_per_jaar"].description
    assert problem.message.startswith(f'Waarde bij "{description}": ')
    assert "uitkering_per_jaar" not in problem.as_text()


@pytest.mark.skipif(libreoffice.soffice() is None, reason="LibreOffice (soffice) ontbreekt")
@pytest.mark.libreoffice
def test_an_output_with_scaled_shares_is_not_shown_as_stale(tmp_path: Path) -> None:
    """UITVOER's live check of INVOER (issue 16 item 8) sums the cells as typed, which is what the output's INVOER
    holds: recalculated by LibreOffice, the output of scaled shares reads as current."""
    from tests import libreoffice as lo

    path = with_cells(META, tmp_path / "invoer.xlsx", ARNHEM_FAMILIES)
    pipeline.run_workbook(path, tmp_path / "uitvoer.xlsx")
    [recalculated] = lo.convert([tmp_path / "uitvoer.xlsx"], "xlsx", tmp_path / "lo", tmp_path / "profiel")
    assert openpyxl.load_workbook(recalculated, data_only=True)["UITVOER"]["B2"].value in ("", None)
