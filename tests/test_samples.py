"""Sample workbooks of five published MKBAs and the reproduction report (docs/reproduction.md).

The samples and the report are generated files that are committed; these tests fail when a change
of the template, reader or engine makes them stale (regenerate with ``python -m mkba_xl.reproduce``).
The targets the model meets today are asserted with their numbers so they cannot silently regress;
the targets it misses are listed in the report, not here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mkba_xl.cli import cli
from mkba_xl.engine import round_ratio
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.pipeline import run_workbook
from mkba_xl.reproduce import NOT_EXPLAINED, CaseRun, render, run_all, targets
from mkba_xl.samples import ASSUMPTION_PREFIX, BRONNEN_SHEET, load_case, load_cases, regenerate_all

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "sample_workbooks" / "cases"
BOOKS = ROOT / "sample_workbooks"
REPORT = ROOT / "docs" / "reproduction.md"
PUBLISHED_YAML = ROOT.parent / "shared" / "reference" / "published_cases.yaml"
STALE = "run `python -m mkba_xl.reproduce` from the repository root and commit the result"
NAMES = ("meta_voorbeeld_2014", "groningen_wij_2018", "west_betuwe_2021", "arnhem_ozo_2012", "leeuwarden_frontlijnteam")


@pytest.fixture(scope="module")
def runs() -> dict[str, CaseRun]:
    """Every committed sample read with the reader and computed, in report order."""
    return {run.case.name: run for run in run_all(CASES, BOOKS)}


# -- generated files are current -------------------------------------------------------------

def test_all_five_cases_have_a_case_file_and_a_workbook() -> None:
    assert sorted(p.stem for p in CASES.glob("*.json")) == sorted(NAMES)
    assert sorted(p.stem for p in BOOKS.glob("*.xlsx")) == sorted(NAMES)


def test_regenerated_workbooks_are_byte_identical_to_the_committed_ones(tmp_path: Path) -> None:
    for path in regenerate_all(CASES, tmp_path):
        assert path.read_bytes() == (BOOKS / path.name).read_bytes(), f"{path.name} is stale: {STALE}"


def test_report_is_current(runs: dict[str, CaseRun]) -> None:
    assert render(list(runs.values())) == REPORT.read_text(encoding="utf-8"), f"docs/reproduction.md is stale: {STALE}"


# -- the samples are valid inputs ------------------------------------------------------------

def test_every_sample_reads_without_errors(runs: dict[str, CaseRun]) -> None:
    assert list(runs) == list(NAMES)
    for name, run in runs.items():
        assert run.report.ok, f"{name}: {run.report.as_text()}"
        # The reader returns exactly the values the case file holds.
        for entry in run.case.invoer:
            value = run.invoer[entry.key]
            assert value == pytest.approx(entry.value) if isinstance(entry.value, float) else value == entry.value, \
                entry.key


def test_pipeline_writes_an_output_workbook_for_every_sample(runs: dict[str, CaseRun], tmp_path: Path) -> None:
    for name, run in runs.items():
        target = tmp_path / f"{name}-uitvoer.xlsx"
        result, report = run_workbook(BOOKS / f"{name}.xlsx", target)
        assert target.stat().st_size > 0 and report.ok
        assert result.saldo == pytest.approx(run.result.saldo)


def test_cli_run_json_on_a_sample(tmp_path: Path) -> None:
    target = tmp_path / "uit.xlsx"
    outcome = CliRunner().invoke(cli, ["run", str(BOOKS / "west_betuwe_2021.xlsx"), "-o", str(target), "--json"])
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.output)
    assert data["kosten"]["totaal"] == pytest.approx(2_000_000)
    assert target.exists()


def test_workbooks_have_a_bronnen_sheet_with_every_filled_value() -> None:
    import openpyxl

    case = load_case(CASES / "arnhem_ozo_2012.json")
    wb = openpyxl.load_workbook(BOOKS / "arnhem_ozo_2012.xlsx", read_only=True)
    try:
        rows = list(wb[BRONNEN_SHEET].iter_rows(min_row=5, values_only=True))
    finally:
        wb.close()
    listed = {row[0]: row for row in rows if row[0] in {e.key for e in case.invoer}}
    assert set(listed) == {e.key for e in case.invoer}
    assert listed["ingezet.uhp"][2] == "INVOER!C56" and listed["ingezet.uhp"][3] == 13
    assert listed["terugval"][4].startswith("003")


# -- the case files follow the rules --------------------------------------------------------

def test_every_value_names_a_seed_or_an_assumption() -> None:
    source = re.compile(rf"^(00[0-4]\b|{ASSUMPTION_PREFIX})")
    for case in load_cases(CASES):
        for entry in (*case.invoer, *case.kengetallen):
            assert source.match(entry.source), f"{case.name} {entry.key}: bron '{entry.source[:40]}'"
            if entry.is_assumption:
                assert len(entry.source) > len(ASSUMPTION_PREFIX) + 20, f"{case.name} {entry.key}: give the reason"


def test_one_default_set_of_kengetallen_serves_every_case(runs: dict[str, CaseRun]) -> None:
    defaults = default_kengetallen()
    for name, run in runs.items():
        overridden = {e.key for e in run.case.kengetallen}
        for key, scalar in run.kg.scalars.items():
            if key not in overridden:  # (XlsxWriter stores 16 significant digits: 1/6 comes back 1 ulp off)
                default = defaults.scalars[key]
                assert scalar.value == pytest.approx(default.value, rel=1e-12), f"{name}: kengetal {key} changed"
                assert (scalar.price_year, scalar.source) == (default.price_year, default.source), key
        assert run.kg.profiles == dict(defaults.profiles)
        assert run.kg.trajecten == defaults.trajecten
        assert run.kg.discount_rules == dict(defaults.discount_rules)
    # Only the overrides the reports themselves state (002 5.1 note 19; 004 4.2 note 13).
    assert {n: sorted(e.key for e in r.case.kengetallen) for n, r in runs.items() if r.case.kengetallen} == {
        "groningen_wij_2018": ["qaly_waarde"], "west_betuwe_2021": ["uitkering_per_jaar"]}


def test_case_file_errors_are_refused(tmp_path: Path) -> None:
    raw = json.loads((CASES / "meta_voorbeeld_2014.json").read_text(encoding="utf-8"))
    for broken, message in (({"onbekend_veld": {"waarde": 1, "bron": "001"}}, "onbekend veld"),
                            ({"huishoudens": {"waarde": 328, "bron": ""}}, "bron")):
        path = tmp_path / "kapot.json"
        path.write_text(json.dumps({**raw, "invoer": {**raw["invoer"], **broken}}), encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            load_case(path)


def test_published_figures_equal_the_shared_reference() -> None:
    reference = yaml.safe_load(PUBLISHED_YAML.read_text(encoding="utf-8"))["cases"]
    for case in load_cases(CASES):
        assert case.published == reference[case.reference]["published"], case.name


# -- targets met today (docs/reproduction.md lists the missed ones) ---------------------------

def test_no_difference_is_left_unexplained(runs: dict[str, CaseRun]) -> None:
    for name, run in runs.items():
        missing = [r.path for r in run.rows if r.needs_explanation and not r.explanation]
        assert not missing, f"{name}: explain in the case file: {missing}"
    assert REPORT.read_text(encoding="utf-8").count(NOT_EXPLAINED) == 1  # only where the introduction names it


def test_met_targets_are_exactly_these(runs: dict[str, CaseRun]) -> None:
    """A target lost fails here, and so does a target newly met: then add it here with its numbers."""
    met = {(t.case, t.name) for run in runs.values() for t in targets(run) if t.met}
    assert met == {
        ("meta_voorbeeld_2014", "total costs within 10%"),
        ("meta_voorbeeld_2014", "every published line within 20% or explained"),
        ("groningen_wij_2018", "every published line within 20% or explained"),
        ("groningen_wij_2018", "kb_financieel within 0.05 after LPBL rounding"),
        ("west_betuwe_2021", "total costs within 10%"),
        ("west_betuwe_2021", "every published line within 20% or explained"),
        ("arnhem_ozo_2012", "total benefits within 15%"),
    }


def test_met_targets_with_their_numbers(runs: dict[str, CaseRun]) -> None:
    meta = runs["meta_voorbeeld_2014"].ours
    assert meta["kosten.totaal"] == pytest.approx(454_400, rel=0.10)
    assert meta["kosten.nieuwe_aanpak"] == pytest.approx(225_200)  # by construction (lost cell, 001 Bijlage 2)
    assert meta["kosten.eenmalig"] == pytest.approx(25_000)
    assert meta["kosten.extra_zorg"] == pytest.approx(204_200, rel=0.10)
    assert meta["begroting_na_2_jaar.gemeente.kosten"] == pytest.approx(438_309, rel=0.10)

    groningen = runs["groningen_wij_2018"].ours
    assert round_ratio(groningen["kb_financieel"]) == pytest.approx(0.90, abs=0.05 + 1e-9)
    assert groningen["kosten.nulsituatie"] == pytest.approx(3_052_100, rel=0.001)
    assert groningen["kosten.meerkosten"] == pytest.approx(763_000, rel=0.001)
    assert groningen["baten.nieuw_voor_oud"] == pytest.approx(3_052_100, rel=0.10)
    assert groningen["baten.organisatie"] == pytest.approx(4_112_000, rel=0.10)

    west_betuwe = runs["west_betuwe_2021"].ours
    assert west_betuwe["kosten.totaal"] == pytest.approx(1_968_500, rel=0.10)
    assert west_betuwe["baten.meer_op_maat"] == pytest.approx(275_000, rel=0.10)
    assert west_betuwe["baten.nieuw_voor_oud"] == pytest.approx(1_968_500, rel=0.10)
    # Line 2 without the worker's income gain: the avoided bijstand alone is the published figure (004 Bijlage V).
    assert west_betuwe["baten.effectiviteit"] == pytest.approx(190_100, rel=0.20)
    work = [p for p in runs["west_betuwe_2021"].result.ledger if p.line == "B2" and p.domain == "wi"]
    assert runs["west_betuwe_2021"].result.post_ncw(work[0]) == pytest.approx(190_100, rel=0.01)

    arnhem = runs["arnhem_ozo_2012"].ours
    assert arnhem["baten.totaal"] == pytest.approx(5_791_000, rel=0.15)
    assert arnhem["kosten.nieuwe_aanpak"] == pytest.approx(320_000, rel=0.01)
    assert arnhem["baten.nieuw_voor_oud"] == pytest.approx(160_000, rel=0.01)
    assert arnhem["baten.escalatie"] == pytest.approx(3_027_400, rel=0.10)
    assert arnhem["baten.overlast"] == pytest.approx(977_700, rel=0.10)  # kengetal derived from this case (003 3a)


def test_arnhem_sensitivities_as_published(runs: dict[str, CaseRun]) -> None:
    """003 3.3: escalations -25% and relapse 40% each cost about 0.7 million; fewer newly found gains 0.8 million."""
    ours = {s["published"]["change"]: s["ours"]["saldo_delta"] for s in runs["arnhem_ozo_2012"].sensitivities
            if s["ours"]}
    assert ours["prevented escalations 25% lower"] == pytest.approx(-700_000, rel=0.10)
    assert ours["relapse 40% instead of 30%"] == pytest.approx(-700_000, rel=0.10)
    assert ours["newly found (no help yet) 50% -> 30%, extra trajectories down accordingly"] == pytest.approx(
        800_000, rel=0.20)
