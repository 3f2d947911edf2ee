"""mkba-xl template --van: the input of a version-1 or a shifted workbook taken over into the current template.

The version-1 workbooks in tests/data were written once by the version-1 code (tests/data/README.md); their
results as version 1 computed them are in v1_results.json, and the version-1 layout in v1_layout.json.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkba_xl import kengetallen as kg
from mkba_xl import pipeline, previous_layouts, reader
from mkba_xl.cli import cli
from mkba_xl.errors import InputError
from mkba_xl.previous_layouts import OldLayout, current_layout, fingerprint, layout_of
from mkba_xl.schema import INVOER_SHEET, KENGETALLEN_SHEET, SHARE, TEMPLATE_VERSION, fields_by_key, invoer_fields

from . import libreoffice
from .strategies import invoer_values
from .workbooks import write_kengetallen
from .xlsx_edit import edit_sheet, shift_rows

DATA = Path(__file__).parent / "data"
V1 = "mkba-xl invoer 1"
V1_LAYOUT = json.loads((DATA / "v1_layout.json").read_text(encoding="utf-8"))
V1_RESULTS = json.loads((DATA / "v1_results.json").read_text(encoding="utf-8"))
SAMPLE = Path(__file__).resolve().parents[1] / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
RULE = ("type", "min", "max", "default", "required", "choices", "choices_from", "fallback_kengetal")


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def field_cells(path: Path) -> dict[str, Any]:
    """Every filled INVOER field cell of a workbook of the current layout, as openpyxl reads it."""
    ws = openpyxl.load_workbook(path, data_only=True)[INVOER_SHEET]
    return {f.key: ws[f.cell].value for f in invoer_fields() if ws[f.cell].value not in (None, "")}


def old_cells(path: Path, cells: dict[str, str]) -> dict[str, Any]:
    ws = openpyxl.load_workbook(path, data_only=True)[INVOER_SHEET]
    return {key: ws[cell].value for key, cell in cells.items() if ws[cell].value not in (None, "")}


# --- the version-1 layout ------------------------------------------------------------------------------------------

def test_every_v1_field_is_at_its_current_cell_with_its_label_and_rule() -> None:
    """The proof that version 1 can be read at today's cells: the version-1 schema (v1_layout.json, from git
    history) has the same fields, at the same cells, with the same labels and rules as the current one."""
    v1 = V1_LAYOUT["fields"]
    now = fields_by_key()
    assert set(v1) == set(now)
    for key, f in now.items():
        assert v1[key]["cell"] == f.cell, key
        assert v1[key]["label"] == f.label, key
        assert [v1[key][r] for r in RULE] == [list(v) if isinstance(v, tuple) else v
                                              for v in (getattr(f, r) for r in RULE)], key


def test_the_declared_v1_layout_is_the_v1_schema() -> None:
    layout = layout_of(V1)
    assert layout is not None
    assert layout.cells == {key: f["cell"] for key, f in V1_LAYOUT["fields"].items()}
    assert dict(layout.texts) == V1_LAYOUT["texts"]
    assert V1_LAYOUT["version"] == V1 and TEMPLATE_VERSION != V1
    changed = {c for c in set(dict(layout.texts)) | set(dict(current_layout().texts))
               if dict(layout.texts).get(c) != dict(current_layout().texts).get(c)}
    assert changed == {"B3", "B41", "B45", "L3", "M3", "D41", "D42", "D43", "D44", "D46", "D47", "D48", "D49"}


def test_a_schema_change_under_an_old_layout_stops_the_take_over(monkeypatch: pytest.MonkeyPatch) -> None:
    old = previous_layouts.OLD_LAYOUTS[0]
    wrong = OldLayout(old.version, old.fingerprint, {**old.texts, "B5": "Gemeente (oud)"}, old.no_text)
    monkeypatch.setattr(previous_layouts, "OLD_LAYOUTS", (wrong,))
    layout_of.cache_clear()
    try:
        with pytest.raises(AssertionError, match="fingerprint"):
            layout_of(V1)
    finally:
        monkeypatch.undo()
        layout_of.cache_clear()
    assert fingerprint(layout_of(V1)) == old.fingerprint  # type: ignore[arg-type]


# --- version-1 workbooks -------------------------------------------------------------------------------------------

def test_the_reader_refuses_version_1_and_names_the_command(tmp_path: Path) -> None:
    path = shutil.copy(DATA / "v1_meta.xlsx", tmp_path / "Invoer Arnhem.xlsx")
    problem, = reader.check_workbook(path).errors
    assert problem.code == "template-version"
    assert problem.message.endswith(f'met: mkba-xl template --van "{path}"')


@pytest.mark.parametrize("name", sorted(V1_RESULTS))
def test_a_version_1_workbook_taken_over_computes_as_version_1_did(name: str, tmp_path: Path) -> None:
    source = shutil.copy(DATA / name, tmp_path / name)
    before = digest(source)
    takeover, written = pipeline.take_over_workbook(source, None)
    assert written == tmp_path / name.replace(".xlsx", "-nieuw.xlsx")
    assert digest(source) == before  # the input is never modified
    assert takeover.version == V1 and takeover.in_place and not takeover.left
    new = pipeline.read(written)
    assert not new.report.errors
    assert new.compute(explain=False).to_json() == V1_RESULTS[name]
    # read back: every input cell holds what the old workbook held, and nothing else is filled
    assert field_cells(written) == old_cells(source, layout_of(V1).cells)  # type: ignore[union-attr]
    # the optional input sheets read the same from the new workbook as from the old one (one it lacked is empty)
    present = {key for key, value in takeover.sheets.items() if value is not None}
    assert {key: new.sheets[key] for key in present} == {key: takeover.sheets[key] for key in present}


def test_the_users_kengetal_and_sheets_are_taken_over(tmp_path: Path) -> None:
    takeover, written = pipeline.take_over_workbook(DATA / "v1_eigen.xlsx", tmp_path / "nieuw.xlsx")
    assert [(c.what, c.new, c.source) for c in takeover.changed] == [
        ("Waarde van een gewonnen gezond levensjaar (QALY)", "€ 35.000",
         "eigen aanname gemeente (test): 35.000 per QALY")]
    assert takeover.rows == {"GEVOELIGHEID": 1, "ONZEKERHEID": 1, "DOSSIERS": 0, "MEERJARIG": 2}
    new = pipeline.read(written)
    assert new.kengetallen.value("qaly_waarde") == 35_000
    assert [v.omschrijving for v in new.variations] == ["Attributie gehalveerd"]
    assert [y.year for y in new.meerjarig.rows] == [2014, 2015]  # type: ignore[union-attr]


def test_a_current_workbook_in_place_is_taken_over_whole_and_the_same_input_gives_the_same_bytes(
        tmp_path: Path) -> None:
    takeover, first = pipeline.take_over_workbook(SAMPLE, tmp_path / "een.xlsx")
    assert takeover.version == TEMPLATE_VERSION and takeover.in_place and not takeover.left
    _, second = pipeline.take_over_workbook(SAMPLE, tmp_path / "twee.xlsx")
    assert first.read_bytes() == second.read_bytes()
    assert field_cells(first) == field_cells(SAMPLE)
    assert pipeline.read(first).compute(explain=False).to_json() == pipeline.read(SAMPLE).compute(
        explain=False).to_json()


def test_the_dossiers_with_their_own_columns_are_taken_over_from_a_shifted_workbook(tmp_path: Path) -> None:
    sample = DOSSIER_SAMPLE
    shifted = edit_sheet(sample, INVOER_SHEET, lambda xml: shift_rows(xml, 50, 1), tmp_path / "verschoven.xlsx")
    takeover = check_shifted(shifted, field_cells(sample), tmp_path)
    assert not takeover.left and takeover.rows["DOSSIERS"] > 50
    before, after = pipeline.read(sample), pipeline.read(tmp_path / "nieuw.xlsx")
    assert after.sheets["dossiers"] == before.sheets["dossiers"]
    assert after.invoer.values == before.invoer.values


def v1_workbook(path: Path, values: dict[str, Any]) -> Path:
    """A workbook of the version-1 layout (its texts from v1_layout.json) with ``values`` at the field cells, as
    a user typed them (shares in a percent format)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = INVOER_SHEET
    for cell, text in V1_LAYOUT["texts"].items():
        ws[cell] = text
    ws["C2"] = V1
    write_kengetallen(wb.create_sheet(KENGETALLEN_SHEET), kg.to_rows(kg.default_kengetallen()))
    for key, value in values.items():
        f = V1_LAYOUT["fields"][key]
        ws[f["cell"]] = value
        if f["type"] == SHARE:
            ws[f["cell"]].number_format = "0%"
    wb.save(path)
    return path


def stored(value: Any) -> Any:
    """A value as a workbook keeps it: XlsxWriter writes a number with 16 significant digits (Excel keeps 15)."""
    return float(f"{value:.16g}") if isinstance(value, float) else value


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=invoer_values())
def test_any_valid_values_of_a_version_1_workbook_come_back_identical(values: dict[str, Any],
                                                                        tmp_path: Path) -> None:
    source = v1_workbook(tmp_path / "oud.xlsx", values)
    takeover, written = pipeline.take_over_workbook(source, tmp_path / "nieuw.xlsx", force=True)
    assert not takeover.left
    typed = {k: stored(v) for k, v in values.items() if v not in (None, "")}
    assert field_cells(written) == typed
    read_back = reader.read_invoer(written).values
    assert {k: stored(read_back[k]) for k in typed} == typed


def test_an_invalid_value_is_named_and_not_written(tmp_path: Path) -> None:
    values = {"gemeente": "Testgemeente", "huishoudens": "ongeveer 500", "nieuw_gevonden": 0.4}
    takeover, written = pipeline.take_over_workbook(v1_workbook(tmp_path / "oud.xlsx", values), None)
    left, = takeover.left
    assert left.text().startswith("INVOER!C15 Aantal huishoudens in aanpak (totaal): ")
    assert field_cells(written) == {"gemeente": "Testgemeente", "nieuw_gevonden": 0.4}


# --- shifted workbooks ---------------------------------------------------------------------------------------------

def check_shifted(source: Path, original: dict[str, Any], tmp: Path) -> Any:
    """Taken over from ``source`` (``original``'s INVOER with rows moved): every field of ``original`` is in the new
    workbook with its value, or is named among what was not taken over. Never a value in a wrong cell."""
    takeover, written = pipeline.take_over_workbook(source, tmp / "nieuw.xlsx", force=True)
    back = field_cells(written)
    for key, value in back.items():
        assert original.get(key) == value, (key, value, original.get(key))
    named = {key for left in takeover.left for key in left.fields}
    for key in set(original) - set(back):
        assert key in named, (key, [left.text() for left in takeover.left])
    return takeover


DOSSIER_SAMPLE = SAMPLE.parent / "dossiers_voorbeeld.xlsx"


@pytest.mark.parametrize("row, delta, sample", [(79, -1, SAMPLE), (20, 2, SAMPLE), (1, -1, SAMPLE), (35, -1, SAMPLE),
                                                (118, -1, SAMPLE), (60, 1, SAMPLE), (118, -1, DOSSIER_SAMPLE),
                                                (119, -1, DOSSIER_SAMPLE), (118, 1, DOSSIER_SAMPLE)])
def test_a_shifted_current_workbook_is_taken_over_by_its_labels(row: int, delta: int, sample: Path,
                                                                 tmp_path: Path) -> None:
    shifted = edit_sheet(sample, INVOER_SHEET, lambda xml: shift_rows(xml, row, delta), tmp_path / "verschoven.xlsx")
    with pytest.raises(InputError):
        pipeline.read(shifted)
    takeover = check_shifted(shifted, field_cells(sample), tmp_path)
    assert takeover.version == TEMPLATE_VERSION and not takeover.in_place


def test_a_deleted_row_with_input_is_named(tmp_path: Path) -> None:
    shifted = edit_sheet(SAMPLE, INVOER_SHEET, lambda xml: shift_rows(xml, 35, -1), tmp_path / "verschoven.xlsx")
    takeover = check_shifted(shifted, field_cells(SAMPLE), tmp_path)
    left, = takeover.left
    assert left.text().startswith('INVOER regel "Meervoudig (mv) en zelfredzaam (zr)" (in het nieuwe werkblad C35, '
                                  "D35): deze tekst staat in het sjabloon op meer regels, en in zijn deel van het "
                                  "blad niet even vaak")


def test_a_label_that_occurs_twice_is_not_guessed(tmp_path: Path) -> None:
    from .xlsx_edit import set_cell

    twice = edit_sheet(SAMPLE, INVOER_SHEET, lambda xml: set_cell(shift_rows(xml, 60, 1), "B60", "Gemeente"),
                       tmp_path / "twee.xlsx")
    takeover = check_shifted(twice, field_cells(SAMPLE), tmp_path)
    assert any(left.what.startswith('regel "Gemeente"') and "2 keer in kolom B (regels 5, 60)" in left.why
               for left in takeover.left), [left.text() for left in takeover.left]
    assert "gemeente" not in takeover.values


def test_the_rows_of_ones_own_are_taken_in_order_only_when_all_three_are_there(tmp_path: Path) -> None:
    sample = DOSSIER_SAMPLE
    own = [key for key, value in field_cells(sample).items() if key.startswith("deel_d.anders")]
    assert own  # the take-over of the dossier analysis filled the first row of one's own
    inserted = edit_sheet(sample, INVOER_SHEET, lambda xml: shift_rows(xml, 119, 1), tmp_path / "erbij.xlsx")
    assert not check_shifted(inserted, field_cells(sample), tmp_path).left
    deleted = edit_sheet(sample, INVOER_SHEET, lambda xml: shift_rows(xml, 120, -1), tmp_path / "eraf.xlsx")
    takeover = check_shifted(deleted, field_cells(sample), tmp_path)
    assert not set(own) & set(takeover.values)  # two of three left: which is which is not certain
    assert {key for left in takeover.left for key in left.fields} >= set(own)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(1, 125), delta=st.sampled_from([-1, 1, 2, 3]), shipped=st.booleans())
def test_any_deleted_or_inserted_row_is_taken_over_or_named(row: int, delta: int, shipped: bool,
                                                            tmp_path: Path) -> None:
    """A version-1 or current workbook with a row deleted or rows inserted anywhere: never a value in a wrong cell."""
    base = DATA / "v1_meta.xlsx" if shipped else SAMPLE
    shifted = edit_sheet(base, INVOER_SHEET, lambda xml: shift_rows(xml, row, delta), tmp_path / "verschoven.xlsx")
    original = old_cells(base, layout_of(V1).cells) if shipped else field_cells(SAMPLE)  # type: ignore[union-attr]
    if (row, delta) == (2, -1):  # the version's row itself: refused, the message says to put it back
        with pytest.raises(InputError, match="sjabloonversie verwijderd"):
            pipeline.take_over_workbook(shifted, tmp_path / "nieuw.xlsx", force=True)
        return
    check_shifted(shifted, original, tmp_path)


def test_a_version_1_workbook_with_a_shifted_row_is_read_by_its_old_labels(tmp_path: Path) -> None:
    shifted = edit_sheet(DATA / "v1_meta.xlsx", INVOER_SHEET, lambda xml: shift_rows(xml, 41, 1), tmp_path / "v.xlsx")
    takeover = check_shifted(shifted, old_cells(DATA / "v1_meta.xlsx", layout_of(V1).cells), tmp_path)  # type: ignore
    assert takeover.version == V1 and not takeover.in_place and not takeover.left
    assert pipeline.read(tmp_path / "nieuw.xlsx").compute(explain=False).to_json() == V1_RESULTS["v1_meta.xlsx"]


# --- the command line ----------------------------------------------------------------------------------------------

def test_the_command_says_what_was_taken_over_in_dutch(tmp_path: Path) -> None:
    source = shutil.copy(DATA / "v1_meta_uitvoer.xlsx", tmp_path / "oud.xlsx")
    result = invoke("template", "--van", str(source))
    assert result.exit_code == 0, result.output
    target = tmp_path / "oud-nieuw.xlsx"
    assert result.output.splitlines() == [
        f'Overgenomen uit {source} (sjabloon "mkba-xl invoer 1") in het nieuwe werkblad {target} (sjabloon '
        '"mkba-xl invoer 2"):',
        "  - INVOER: 67 ingevulde cellen, elk in dezelfde cel als in het oude werkblad.",
        "  - KENGETALLEN: de waarden en bronnen van het oude werkblad; geen kengetal wijkt af van de standaard.",
        "  - GEVOELIGHEID: leeg.",
        "  - ONZEKERHEID: leeg.",
        "  - DOSSIERS: leeg.",
        "  - MEERJARIG: leeg.",
        "  - niet overgenomen, want geen invoer: UITVOER, Grafieken, BEREKENING, Per geldstroom, Resultaat "
        "gevoeligheid (uitkomsten maakt mkba-xl run opnieuw).",
        "Alle invoer is overgenomen.",
        f"Het oude werkblad is niet veranderd. Controleer het nieuwe met: mkba-xl check {target}",
    ]
    assert invoke("check", str(target)).exit_code == 0
    again = invoke("template", "--van", str(source), "-o", str(target))
    assert again.exit_code == 2 and "bestaat al" in again.output and "Traceback" not in again.output
    assert invoke("template", "--van", str(source), "-o", str(target), "--force").exit_code == 0
    same = invoke("template", "--van", str(source), "-o", str(source), "--force")
    assert same.exit_code == 2 and "hetzelfde" in same.output


def test_the_command_lists_what_was_left(tmp_path: Path) -> None:
    shifted = edit_sheet(SAMPLE, INVOER_SHEET, lambda xml: shift_rows(xml, 35, -1), tmp_path / "verschoven.xlsx")
    result = invoke("template", "--van", str(shifted))
    assert result.exit_code == 0
    assert "de regels zijn gevonden aan hun tekst in kolom B" in result.output
    assert f"Niet overgenomen (1); typ dit over in {tmp_path / 'verschoven-nieuw.xlsx'}:" in result.output


@pytest.mark.parametrize("make", ["text", "other-workbook", "unknown-version", "missing", "columns"])
def test_no_mkba_workbook_gives_exit_2_in_dutch(make: str, tmp_path: Path) -> None:
    path = tmp_path / "oud.xlsx"
    says = {"text": "", "other-workbook": "Het blad INVOER ontbreekt", "unknown-version": "mkba-xl invoer 0",
            "missing": "", "columns": "kolom verwijderd of ingevoegd"}[make]
    if make == "text":
        path.write_text("geen werkmap", encoding="utf-8")
    elif make == "other-workbook":
        openpyxl.Workbook().save(path)
    elif make == "unknown-version":
        v1_workbook(path, {})
        wb = openpyxl.load_workbook(path)
        wb[INVOER_SHEET]["C2"] = "mkba-xl invoer 0"
        wb.save(path)
    elif make == "columns":
        from .xlsx_edit import shift_columns

        edit_sheet(SAMPLE, INVOER_SHEET, lambda xml: shift_columns(xml, 1, 1), path)
    result = invoke("template", "--van", str(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Interne fout" not in result.output
    assert says in result.output
    assert not (tmp_path / "oud-nieuw.xlsx").exists()


# --- LibreOffice ---------------------------------------------------------------------------------------------------

@libreoffice.needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_opens_the_new_workbook_and_it_reads_the_same(tmp_path: Path) -> None:
    _, written = pipeline.take_over_workbook(DATA / "v1_eigen.xlsx", tmp_path / "nieuw.xlsx")
    converted, = libreoffice.convert([written], "xlsx", tmp_path / "lo", tmp_path / "profiel")
    again = pipeline.read(converted)
    assert not again.report.errors
    assert again.invoer.values == pipeline.read(written).invoer.values
    # LibreOffice saves numbers with 15 significant digits (three kengetallen such as 35/120 QALY per household)
    assert close(again.compute(explain=False).to_json(), V1_RESULTS["v1_eigen.xlsx"])


def close(a: Any, b: Any) -> bool:
    """Equal JSON, numbers to 1e-9 relative."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return bool(a == b)


def test_a_formula_in_an_input_cell_gives_its_value_and_a_note(tmp_path: Path) -> None:
    from .xlsx_edit import set_cell

    path = v1_workbook(tmp_path / "oud.xlsx", {"gemeente": "Testgemeente"})
    edit_sheet(path, INVOER_SHEET, lambda xml: set_cell(xml, "C15", None, b'<c r="C15"><f>200*3</f><v>600</v></c>'))
    takeover, written = pipeline.take_over_workbook(path, None)
    assert takeover.values["huishoudens"] == 600
    left, = takeover.left
    assert left.text() == ("INVOER!C15 Aantal huishoudens in aanpak (totaal): de cel heeft een formule; overgenomen is "
                           "alleen haar uitkomst. Typ de formule opnieuw als u die wilt houden.")
    assert field_cells(written)["huishoudens"] == 600
