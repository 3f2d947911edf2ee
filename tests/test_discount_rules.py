"""The discount rule of the analysis year, the presets with their sources, and the CPI years with theirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkba_xl import reader
from mkba_xl.engine import compute
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.schema import DISCOUNT_RULES_IN_FORCE, discount_rule_in_force, fields_by_key

from .cases import META
from .workbooks import valid_values, write_workbook

KG = default_kengetallen()
CASES = Path(__file__).resolve().parent.parent / "sample_workbooks" / "cases"


@pytest.mark.parametrize(("year", "rule", "rate"), [
    (2009, "lpbl_2014", 0.055), (2015, "lpbl_2014", 0.055), (2016, "rijk_2015", 0.03), (2020, "rijk_2015", 0.03),
    (2021, "rijk_2021", 0.0225), (2025, "rijk_2021", 0.0225), (2026, "rijk_2026", 0.028), (2040, "rijk_2026", 0.028)])
def test_an_empty_rule_is_the_rule_in_force_in_the_analysis_year(year: int, rule: str, rate: float,
                                                                  tmp_path: Path) -> None:
    values = valid_values()
    values.pop("disconteringsregel")
    values["analysejaar"] = year
    invoer, kg, _ = reader.read_workbook(write_workbook(tmp_path / "in.xlsx", values))
    assert invoer["disconteringsregel"] is None and invoer.discount_rule == rule == discount_rule_in_force(year)
    result = compute(invoer, kg)
    assert result.meta["disconteringsregel"] == rule and result.meta["discontovoet"] == rate
    assert result.discount_factors[1] == pytest.approx(1 / (1 + rate))


def test_a_chosen_rule_is_kept() -> None:
    invoer = Invoer.from_values({**META, "analysejaar": 2030, "disconteringsregel": "lpbl_2014"})
    assert invoer.discount_rule == "lpbl_2014"


def test_the_samples_keep_the_rule_their_report_used() -> None:
    for path in sorted(CASES.glob("*.json")):
        rule = json.loads(path.read_text(encoding="utf-8"))["invoer"]["disconteringsregel"]
        assert rule["waarde"].startswith("lpbl_2014"), path.name


def test_every_rule_in_force_is_a_preset_with_its_period_in_the_source() -> None:
    for first, name in DISCOUNT_RULES_IN_FORCE:
        assert name in KG.discount_rules
        assert str(first) in KG.discount_rules[name].source or name == "rijk_2026"
    assert "NIET BEVESTIGD" in KG.discount_rules["rijk_2026"].source  # the 2025 report was not found at the source
    assert "1 januari 2021" in KG.discount_rules["rijk_2021"].source
    assert "29 352" in KG.discount_rules["rijk_2015"].source
    help_text = fields_by_key()["disconteringsregel"].help
    assert "t/m 2015 lpbl_2014, vanaf 2016 rijk_2015, vanaf 2021 rijk_2021, vanaf 2026 rijk_2026" in help_text


def test_the_cpi_table_runs_2009_to_2025_without_a_gap_each_year_with_a_cbs_source() -> None:
    years = sorted(KG.cpi_changes)
    assert years == list(range(2009, 2026))
    assert set(KG.cpi_index()) == set(years)
    assert KG.cpi_changes[2009] == 0.012 and KG.cpi_changes[2025] == 0.033
    assert all("CBS" in KG.cpi_source[y] for y in years)
    assert "13 januari 2026" in KG.cpi_source[2025] and "86141NED" in KG.cpi_source[2025]
    assert KG.price_factor(2009, 2012) == pytest.approx(1.013 * 1.023 * 1.025)
