"""Several years of the approach (MEERJARIG): the engine's cohorts, the sheet, the output workbook.

The two identities of issue 14 are here: an empty MEERJARIG is exactly today's one year (same numbers, same bytes),
and N identical years are the one-year result shifted and discounted.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba_xl import pipeline
from mkba_xl.analyses.meerjarig import INGROEI_LINES, Meerjarig, YearRow, compute_meerjarig, compute_result
from mkba_xl.analyses.meerjarig_sheet import add_meerjarig_sheet, meerjarig_from_grid
from mkba_xl.engine import BENEFITS, COSTS, LONG_TERM_YEAR, TOTAL, YEARS, cohort_shift, compute
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.reader import load_grids
from mkba_xl.schema import MEERJARIG_SHEET
from mkba_xl.writer import write_uitvoer
from mkba_xl.xlsx.book import write_atomically

from . import libreoffice
from .cases import META
from .workbooks import add_meerjarig, write_workbook

BOOKS = Path(__file__).resolve().parent.parent / "sample_workbooks"
ONE_YEAR_SAMPLES = ("meta_voorbeeld_2014", "groningen_wij_2018", "west_betuwe_2021", "arnhem_ozo_2012")
KG = default_kengetallen()


def meta(**changes: object) -> Invoer:
    return Invoer.from_values({**META, **changes})


def years(*calendar: int, **cells: object) -> Meerjarig:
    return Meerjarig(tuple(YearRow(y, dict(cells)) for y in calendar))


# -- the engine -------------------------------------------------------------------------------------

def test_empty_meerjarig_is_exactly_one_year() -> None:
    invoer = meta()
    one = compute(invoer, KG)
    for empty in (None, Meerjarig(), Meerjarig((), 2014)):
        result = compute_result(invoer, KG, empty)
        assert result.timeline is None
        assert json.dumps(result.to_json(), sort_keys=True) == json.dumps(one.to_json(), sort_keys=True)


def test_empty_meerjarig_writes_the_same_bytes(tmp_path: Path) -> None:
    invoer = meta()
    write_uitvoer(tmp_path / "one.xlsx", compute(invoer, KG), invoer, KG, fingerprint="x")
    write_uitvoer(tmp_path / "empty.xlsx", compute_result(invoer, KG, Meerjarig()), invoer, KG, fingerprint="x")
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "empty.xlsx").read_bytes()


@pytest.mark.parametrize("name", ONE_YEAR_SAMPLES)
def test_an_empty_meerjarig_sheet_gives_the_one_year_output(name: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A sample with and without an (empty) MEERJARIG sheet: byte-identical outputs, whose MEERJARIG is empty."""
    monkeypatch.setattr(pipeline, "fingerprint", lambda path: "vingerafdruk")
    with_sheet = tmp_path / f"{name}-met.xlsx"
    shutil.copy(BOOKS / f"{name}.xlsx", with_sheet)
    add_meerjarig(with_sheet, [])
    pipeline.run_workbook(BOOKS / f"{name}.xlsx", tmp_path / "zonder-uitvoer.xlsx")
    pipeline.run_workbook(with_sheet, tmp_path / "met-uitvoer.xlsx")
    assert (tmp_path / "zonder-uitvoer.xlsx").read_bytes() == (tmp_path / "met-uitvoer.xlsx").read_bytes()
    assert pipeline.read(tmp_path / "met-uitvoer.xlsx").meerjarig == Meerjarig()  # carried over, still empty


@pytest.mark.parametrize("rule", ["rijk_2021", "lpbl_2014", "lpbl_2014_verre_toekomst"])
def test_identical_years_are_the_one_year_result_shifted_and_discounted(rule: str) -> None:
    invoer = meta(disconteringsregel=rule)
    one = compute(invoer, KG)
    d = KG.discount_rules[rule]
    spec = years(2013, 2014, 2015, 2016)
    several = compute_meerjarig(invoer, KG, spec)
    shifts = [cohort_shift(d.rate, d.long_term_rate, k) for k in range(4)]
    assert several.timeline is not None and list(several.timeline.shift) == pytest.approx(shifts, rel=1e-15)
    for side in (COSTS, BENEFITS):
        assert several.total(side) == pytest.approx(one.total(side) * sum(shifts), rel=1e-12)
        for code in ("K1", "K3", "B1", "B2", "B3", "B4"):
            assert several.line_ncw(code) == pytest.approx(one.line_ncw(code) * sum(shifts), rel=1e-12, abs=1e-6)
    assert several.kb_maatschappelijk == pytest.approx(one.kb_maatschappelijk, rel=1e-12)
    # Per calendar year: the one-year cash flows, shifted one year per year of the approach.
    cash = several.calendar(None)[TOTAL]
    nominal = one.per_year(COSTS, discount=False)
    expected = np.zeros(3 + LONG_TERM_YEAR)  # 2013 .. 2016 + 8
    for k in range(4):
        expected[k:k + LONG_TERM_YEAR] += nominal[:LONG_TERM_YEAR]
    assert cash[COSTS][:-1] == pytest.approx(expected, abs=1e-6)
    assert cash[COSTS][-1] == pytest.approx(4 * nominal[LONG_TERM_YEAR], abs=1e-6)
    ncw = several.calendar(None, discount=True)[TOTAL]
    assert ncw[COSTS].sum() == pytest.approx(several.total(COSTS), rel=1e-12)
    assert ncw["baten_incl_immaterieel"].sum() == pytest.approx(several.total(BENEFITS), rel=1e-12)


def test_the_long_term_stays_with_its_year_of_the_approach() -> None:
    """Year 9 of every year of the approach is its long term: valued as in one year, then shifted (module doc)."""
    invoer = meta(disconteringsregel="lpbl_2014_verre_toekomst")
    one = compute(invoer, KG)
    several = compute_meerjarig(invoer, KG, years(2013, 2016))
    b4a = [p for p in several.ledger if p.line == "B4a"]
    assert [p.cohort for p in b4a] == [0, 1]
    one_b4a = one.line_ncw("B4a")
    assert several.post_ncw(b4a[1]) == pytest.approx(one_b4a / 1.055 ** 3, rel=1e-12)
    assert several.calendar_labels()[-1] == "lange termijn"
    assert several.calendar(None)[TOTAL]["immaterieel"][-1] == pytest.approx(
        2 * sum(p.amounts[LONG_TERM_YEAR] for p in one.ledger if p.immaterial), rel=1e-12)


def test_a_year_beyond_the_tools_horizon_uses_the_long_term_rate() -> None:
    assert cohort_shift(0.055, 0.075, 8) == pytest.approx(1 / 1.055 ** 8)
    assert cohort_shift(0.055, 0.075, 9) == pytest.approx(1 / 1.075 ** 9)
    assert cohort_shift(0.055, 0.075, 12) == pytest.approx(1 / 1.075 ** 12)
    assert cohort_shift(0.0225, 0.0225, -2) == pytest.approx(1.0225 ** 2)  # a year before the base year


def test_the_base_year_discounts_every_year_to_it() -> None:
    invoer = meta()
    first = compute_meerjarig(invoer, KG, years(2013, 2014, 2015))
    last = compute_meerjarig(invoer, KG, dataclasses.replace(years(2013, 2014, 2015), base_year=2015))
    assert last.total(COSTS) == pytest.approx(first.total(COSTS) * 1.055 ** 2, rel=1e-12)
    assert last.timeline is not None and last.timeline.base_year == 2015


def test_one_vectorised_call_equals_a_call_per_year() -> None:
    invoer = meta(overige_teamkosten=10_000.0)
    spec = Meerjarig((
        YearRow(2013, {"huishoudens": 200, "team_fte": 2.0, "overige_teamkosten": 0.0, "frictie": 0.1},
                {"organisatie": 0.25, "escalatie": 0.5}),
        YearRow(2014, {"huishoudens": 300, "nieuw_gevonden": 0.1}, {"organisatie": 0.75}),
        YearRow(2015, {"kosten_per_fte": 60_000.0, "aandeel_additioneel": 0.5}),
    ))
    explained = compute_meerjarig(invoer, KG, spec)
    fast = compute_meerjarig(invoer, KG, spec, explain=False)
    assert all(p.description for p in explained.ledger) and len(fast.ledger) == len(explained.ledger)
    for side in (COSTS, BENEFITS):
        assert fast.total(side) == pytest.approx(explained.total(side), rel=1e-12)
        assert fast.calendar("domain")["wi"][side] == pytest.approx(explained.calendar("domain")["wi"][side])
    for actor, values in explained.budget("actor").items():
        assert fast.budget("actor")[actor][COSTS] == pytest.approx(values[COSTS], rel=1e-12)


def test_amounts_of_a_year_are_in_its_own_prices() -> None:
    """A past year is computed with that year's prices and reported in the price level (CPI table)."""
    invoer = meta(prijspeil=2014)
    spec = Meerjarig((YearRow(2011, {"kosten_per_fte": 50_000.0}), YearRow(2014, {"kosten_per_fte": 50_000.0})))
    result = compute_meerjarig(invoer, KG, spec)
    team = [p for p in result.ledger if p.line in ("K1a", "K1b")]
    cost = {k: sum(float(p.amounts[0]) for p in team if p.cohort == k) for k in (0, 1)}
    assert cost[1] == pytest.approx(3.6 * 50_000.0)
    assert cost[0] == pytest.approx(3.6 * 50_000.0 * KG.price_factor(2011, 2014))
    assert KG.price_factor(2011, 2014) == pytest.approx(1.025 * 1.025 * 1.010)


def test_ingroei_grows_the_effects_of_its_group_only() -> None:
    invoer = meta()
    full = compute_meerjarig(invoer, KG, years(2013))
    half = compute_meerjarig(invoer, KG, Meerjarig((YearRow(2013, {}, {"organisatie": 0.5, "immaterieel": 0.0}),)))
    assert half.line_ncw("B1c") == pytest.approx(full.line_ncw("B1c") / 2)
    assert half.line_ncw("B4") == 0.0
    assert half.line_ncw("B3") == pytest.approx(full.line_ncw("B3"))
    assert half.total(COSTS) == pytest.approx(full.total(COSTS))
    team_return = [p for p in half.ledger if p.line == "B1a" and p.domain == "team"]
    assert not any(INGROEI_LINES["organisatie"](p) for p in team_return)  # nieuw voor oud follows the team


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(100, 2000), st.floats(0.5, 8.0), st.floats(0.0, 1.0)), min_size=1, max_size=6))
def test_the_years_add_up(rows: list[tuple[int, float, float]]) -> None:
    """Property: the NCW of several years is the sum of each year's own one-year NCW times its shift."""
    invoer = meta()
    spec = Meerjarig(tuple(YearRow(2013 + k, {"huishoudens": h, "team_fte": fte}, {"escalatie": grow})
                           for k, (h, fte, grow) in enumerate(rows)))
    several = compute_meerjarig(invoer, KG, spec, explain=False)
    expected = 0.0
    for k, row in enumerate(spec.rows):
        one = compute(invoer.replace(**row.values), KG, explain=False)
        benefits = one.total(BENEFITS) - (1 - row.ingroei["escalatie"]) * one.line_ncw("B3")
        expected += benefits / 1.055 ** k
    assert several.total(BENEFITS) == pytest.approx(expected, rel=1e-9)


# -- the sheet --------------------------------------------------------------------------------------

def _written(tmp_path: Path, spec: Meerjarig | None) -> Path:
    path = tmp_path / "mj.xlsx"

    def build(workbook, formats):  # type: ignore[no-untyped-def]
        add_meerjarig_sheet(workbook, formats, spec)

    write_atomically(path, build)
    return path


def test_the_sheet_reads_back_what_was_written(tmp_path: Path) -> None:
    spec = Meerjarig((YearRow(2013, {"huishoudens": 250, "kosten_per_fte": 61_000.0}, {"organisatie": 0.3}, "start"),
                      YearRow(2014, {"team_fte": 3.0, "aandeel_additioneel": 0.8}, {}),
                      YearRow(2016, {}, {"escalatie": 1.0})), base_year=2014)
    grid = load_grids(_written(tmp_path, spec))[MEERJARIG_SHEET]
    read, report = meerjarig_from_grid(grid, KG)
    assert report.ok and not report.warnings
    assert read == spec


def test_the_empty_template_sheet_reads_as_no_years(tmp_path: Path) -> None:
    read, report = meerjarig_from_grid(load_grids(_written(tmp_path, None))[MEERJARIG_SHEET], KG)
    assert read.empty and report.ok and not report.warnings


def test_every_problem_of_the_sheet_at_once(tmp_path: Path) -> None:
    path = add_meerjarig(write_workbook(tmp_path / "in.xlsx"), [
        {"jaar": 2013, "huishoudens": -5},
        {"huishoudens": 300},
        {"jaar": 2014, "nieuw_gevonden": 1.5, "ingroei.escalatie": "veel"},
    ])
    report = pipeline.check(path)
    assert [(p.cell, p.code) for p in report.errors] == [("C7", "out-of-range"), ("B8", "required"),
                                                         ("D9", "out-of-range"), ("O9", "not-a-number")]


def test_a_moved_header_is_refused_with_its_cell(tmp_path: Path) -> None:
    path = add_meerjarig(write_workbook(tmp_path / "in.xlsx"), [{"jaar": 2013}], header={"huishoudens": "hh"})
    report = pipeline.check(path)
    assert [(p.sheet, p.cell, p.code) for p in report.errors] == [(MEERJARIG_SHEET, "C6", "header-mismatch")]


def test_more_years_than_are_read(tmp_path: Path) -> None:
    path = add_meerjarig(write_workbook(tmp_path / "in.xlsx"), [{"jaar": 2000 + k} for k in range(31)])
    assert [p.code for p in pipeline.check(path).errors] == ["too-many-rows"]


# -- the output workbook ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def leeuwarden(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.Workbook]:
    out = tmp_path_factory.mktemp("mj") / "leeuwarden-uitvoer.xlsx"
    pipeline.run_workbook(BOOKS / "leeuwarden_frontlijnteam.xlsx", out)
    return out, pipeline.read(BOOKS / "leeuwarden_frontlijnteam.xlsx")


def test_the_output_holds_every_year(leeuwarden: tuple[Path, pipeline.Workbook]) -> None:
    out, wb = leeuwarden
    result = wb.compute()
    assert result.timeline is not None and result.timeline.years == (2009, 2010, 2011, 2012)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[-2:] == ["DOSSIERS", MEERJARIG_SHEET]
    assert "Per kalenderjaar" in book.sheetnames
    values = openpyxl.load_workbook(out, data_only=True)
    calendar = values["Per kalenderjaar"]
    labels = [calendar.cell(r, 2).value for r in range(1, calendar.max_row + 1)]
    header = labels.index(None, 6) if None in labels[6:] else 0
    assert header
    row = {label: r for r, label in enumerate(labels, start=1) if label}
    cash = result.calendar(None)[TOTAL]
    got = [calendar.cell(row["Totaal — kosten"], 3 + c).value for c in range(len(cash[COSTS]))]
    assert got == pytest.approx(list(cash[COSTS]), abs=0.01)
    ncw = [calendar.cell(row["Saldo (NCW)"], 3 + c).value for c in range(len(cash[COSTS]))]
    assert sum(ncw) == pytest.approx(result.saldo, abs=0.5)
    berekening = values["BEREKENING"]
    assert berekening.cell(5, 21).value == "Jaar aanpak"
    assert {berekening.cell(r, 21).value for r in range(6, berekening.max_row) if berekening.cell(r, 1).value} == {
        2009, 2010, 2011, 2012}


def test_the_output_is_an_input_with_the_same_years(leeuwarden: tuple[Path, pipeline.Workbook],
                                                    tmp_path: Path) -> None:
    out, wb = leeuwarden
    again = pipeline.read(out)
    assert again.meerjarig == wb.meerjarig
    assert again.compute().saldo == pytest.approx(wb.compute().saldo, rel=1e-12)


def test_json_of_several_years(leeuwarden: tuple[Path, pipeline.Workbook]) -> None:
    _, wb = leeuwarden
    data = wb.compute().to_json()
    part = data["meerjarig"]
    assert part["jaren"] == [2009, 2010, 2011, 2012] and part["basisjaar"] == 2009
    assert len(part["kalenderjaren"]) == len(part["kasstromen"]["kosten"]) == 4 + 8 + 1
    assert sum(part["ncw"]["kosten"]) == pytest.approx(data["kosten"]["totaal"], rel=1e-9)
    assert set(part["kasstromen_per_actor"]) == {"totaal", "gemeente", "zorgverzekeraar", "huishoudens",
                                                 "overige_partijen"}


@pytest.mark.libreoffice
@libreoffice.needs_soffice
def test_libreoffice_recalculates_the_years(leeuwarden: tuple[Path, pipeline.Workbook], tmp_path: Path) -> None:
    """Every cached formula value set to 0, then LibreOffice recalculates: the engine's numbers come back."""
    from .test_libreoffice import _zero_cached_values

    out, wb = leeuwarden
    zeroed = tmp_path / "zeroed.xlsx"
    assert _zero_cached_values(out, zeroed) > 500
    (converted,) = libreoffice.convert([zeroed], "xlsx", tmp_path / "lo", tmp_path / "profile")
    book = openpyxl.load_workbook(converted, data_only=True)
    result = wb.compute()
    uitvoer = book["UITVOER"]
    exact: dict[str, float] = {}
    for r in range(1, uitvoer.max_row + 1):  # block A comes first; block B repeats some labels
        exact.setdefault(str(uitvoer.cell(r, 2).value), uitvoer.cell(r, 4).value)
    assert exact["Totale kosten"] == pytest.approx(result.total(COSTS), abs=1)
    assert exact["Totale baten"] == pytest.approx(result.total(BENEFITS), abs=1)
    calendar = book["Per kalenderjaar"]
    rows = {calendar.cell(r, 2).value: r for r in range(1, calendar.max_row + 1)}
    cash = result.calendar("actor")
    for label, key in (("Totaal — kosten", TOTAL), ("Gemeente — kosten", "gemeente")):
        got = [calendar.cell(rows[label], 3 + c).value for c in range(len(cash[key][COSTS]))]
        assert got == pytest.approx(list(cash[key][COSTS]), abs=1)
    ncw = result.calendar(None, discount=True)[TOTAL]
    got = [calendar.cell(rows["Baten, ook immateriële (NCW)"], 3 + c).value for c in range(len(ncw[COSTS]))]
    assert got == pytest.approx(list(ncw["baten_incl_immaterieel"]), abs=1)
    assert YEARS == 10
