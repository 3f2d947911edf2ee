"""Sensitivity analysis: what each variation changes, signs, vectorised = one by one, switching values,
the user's GEVOELIGHEID sheet and the written results sheet with its tornado chart."""

from __future__ import annotations

import json
import math
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings

from mkba_xl.analyses import gevoeligheid_reader as sheet_reader
from mkba_xl.analyses import gevoeligheid_sheet as input_sheet
from mkba_xl.analyses import gevoeligheid_writer as sheet
from mkba_xl.analyses.gevoeligheid import analyse, standard_variations
from mkba_xl.analyses.omslagwaarden import NOT_IN_RANGE, Knob, find_root, key_assumptions, switching_values
from mkba_xl.analyses.variations import Change, Variation
from mkba_xl.dutch import FACTOR
from mkba_xl.engine import BENEFITS, compute
from mkba_xl.engine.variants import KENGETAL_PREFIX, SCALAR_ONLY_FIELDS
from mkba_xl.errors import OutputError, Report
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import choices_for, default_kengetallen
from mkba_xl.schema import CHOICE, TEXT, fields_by_key
from mkba_xl.xlsx.book import workbook_options
from mkba_xl.xlsx.styles import Formats

from .cases import META
from .strategies import invoer_values

KG = default_kengetallen()
EURO = 1.0
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The team stated the 2019+ way: 80% of the fte in the 0-situatie, 20% meerkosten (as Groningen, 002 4.2),
# with relapse, other team costs partly additional and explicit prevented evictions.
WAY2 = {k: v for k, v in META.items() if k not in ("team_fte", "aandeel_additioneel")}
WAY2.update({"fte_nulsituatie": 2.88, "fte_extra": 0.72, "terugval": 0.30, "overige_teamkosten": 20_000,
             "aandeel_additioneel_overig": 0.5, "voorkomen.huisuitzettingen": 2})


def base(values: dict) -> Invoer:
    return Invoer.from_values(values)


def one_by_one(invoer: Invoer, variation: Variation):
    return compute(*variation.apply(invoer, KG), explain=False)


def changed_targets(invoer: Invoer, variation: Variation) -> set[str]:
    varied, varied_kg = variation.apply(invoer, KG)
    out = {k for k in invoer.values if varied[k] != invoer[k]}
    out |= {KENGETAL_PREFIX + k for k in KG.scalars if varied_kg.scalars[k] != KG.scalars[k]}
    assert varied_kg.discount_rules == KG.discount_rules and varied_kg.profiles == KG.profiles
    assert varied_kg.trajecten == KG.trajecten and varied_kg.actors == KG.actors
    return out


# -- the standard set ------------------------------------------------------------------------

@pytest.mark.parametrize("values", [META, WAY2], ids=["manier1", "manier2"])
def test_every_standard_variation_changes_only_what_it_names(values):
    invoer = base(values)
    variations = standard_variations(invoer, KG)
    assert len({v.code for v in variations}) == len(variations)
    for v in variations:
        changed = changed_targets(invoer, v)
        assert changed, v.code  # no-op variations are left out
        assert changed <= set(v.velden), (v.code, changed - set(v.velden))


def test_standard_set_for_each_team_way():
    meta = {v.code for v in standard_variations(base(META), KG)}
    assert {"teamkosten_-20", "nieuw_gevonden_0", "nieuw_gevonden_half", "substitutie_half", "substitutie_dubbel",
            "escalatie_half", "escalatie_plus50", "escalatie_0", "terugval", "geen_effectiviteit", "qaly_waarde",
            "disconto_rijk_2026", "disconto_rijk_2021", "disconto_rijk_2015", "disconto_lpbl_2014_verre_toekomst",
            "volledig_nieuw_voor_oud"} == meta
    # META is 100% additional already, and states its team the first way: no meerkosten variation.
    way2 = {v.code for v in standard_variations(base(WAY2), KG)}
    assert {"meerkosten_30", "volledig_additioneel", "volledig_nieuw_voor_oud"} <= way2


def test_definitions_of_the_seed_variations():
    by_code = {v.code: v for v in standard_variations(base(WAY2), KG)}

    def values(code):
        return {c.veld: c.waarde for c in by_code[code].changes}

    assert values("teamkosten_-20") == {"kosten_per_fte": pytest.approx(0.8 * META["kosten_per_fte"])}
    # 002 5.2: meerkosten 30% instead of 20% of the team, the fte of the 0-situatie unchanged.
    assert values("meerkosten_30") == {"fte_extra": pytest.approx(2.88 * 0.3 / 0.7)}
    assert "30% i.p.v. 20%" in by_code["meerkosten_30"].omschrijving
    assert values("terugval") == {"terugval": 0.40}
    assert values("escalatie_half") == {**{f"voorkomen_escalatie.{t}": 0.015 for t in ("gezinnen", "ouderen",
                                                                                         "overige")},
                                        "voorkomen.huisuitzettingen": 1.0}
    assert values("substitutie_dubbel") == {"substitutie.nieuw": 1.0, "substitutie.bestaand": 0.0}  # clipped
    assert "begrensd op 100%" in by_code["substitutie_dubbel"].omschrijving
    assert values("qaly_waarde") == {KENGETAL_PREFIX + "qaly_waarde": 50_000}
    assert values("volledig_nieuw_voor_oud") == {"fte_nulsituatie": pytest.approx(3.6), "fte_extra": 0.0,
                                                 "aandeel_additioneel_overig": 0.0}
    # An empty relapse cell counts the kengetal (20%): the variation is 40% instead of 20%.
    meta = {v.code: v for v in standard_variations(base(META), KG)}
    assert {c.veld: c.waarde for c in meta["terugval"].changes} == {"terugval": 0.40}
    assert "i.p.v. 20%" in meta["terugval"].omschrijving
    # Without relapse in the base (typed 0%) the variation adds 10 percentage points and says so.
    meta = {v.code: v for v in standard_variations(base({**META, "terugval": 0.0}), KG)}
    assert {c.veld: c.waarde for c in meta["terugval"].changes} == {"terugval": pytest.approx(0.10)}
    assert "+10 procentpunt" in meta["terugval"].omschrijving


def test_meerkosten_30_reproduces_the_groningen_magnitude():
    """002 5.2: 40 fte in the 0-situatie + 10 extra (20%) at 76.302; 30% meerkosten lowers the saldo by
    '5,5 ton': 40 x 0,3/0,7 = 17,1 extra fte, 7,1 x 76.302 = 545.014."""
    values = dict(WAY2, fte_nulsituatie=40, fte_extra=10, kosten_per_fte=76_302, overige_teamkosten=0)
    a = analyse(base(values), KG, [v for v in standard_variations(base(values), KG) if v.code == "meerkosten_30"],
                omslagwaarden=False)
    assert a.variaties[0].verandering_saldo == pytest.approx(-(40 * 0.3 / 0.7 - 10) * 76_302)
    assert round(a.variaties[0].verandering_saldo, -4) == -550_000


@pytest.mark.parametrize("values", [META, WAY2], ids=["manier1", "manier2"])
def test_signs_match_the_economics(values):
    invoer = base(values)
    a = analyse(invoer, KG, omslagwaarden=False)
    delta = {o.code: o.verandering_saldo for o in a.variaties}
    assert delta["escalatie_half"] < 0 and delta["escalatie_0"] < delta["escalatie_half"]
    assert delta["escalatie_plus50"] > 0
    assert delta["geen_effectiviteit"] < 0
    assert delta["teamkosten_-20"] > 0
    assert delta["terugval"] < 0
    assert delta["qaly_waarde"] > 0
    assert delta["substitutie_half"] < 0 < delta["substitutie_dubbel"]
    assert delta["volledig_nieuw_voor_oud"] > 0
    if "volledig_additioneel" in delta:
        assert delta["volledig_additioneel"] < 0
    # Fewer newly found households: fewer extra trajectories (K3), whatever happens to the saldo.
    base_k3 = compute(invoer, KG, explain=False).line_ncw("K3")
    for code in ("nieuw_gevonden_0", "nieuw_gevonden_half"):
        v = next(v for v in standard_variations(invoer, KG) if v.code == code)
        assert one_by_one(invoer, v).line_ncw("K3") < base_k3
    # A lower discount rate never lowers the NCW of the benefits (DOMAIN.md invariant).
    rule = KG.discount_rules[values["disconteringsregel"]]
    benefits = compute(invoer, KG, explain=False).total(BENEFITS)
    for v in standard_variations(invoer, KG):
        if v.code.startswith("disconto_"):
            other = KG.discount_rules[v.changes[0].waarde]
            lower = other.rate <= rule.rate and other.long_term_rate <= rule.long_term_rate
            assert (one_by_one(invoer, v).total(BENEFITS) >= benefits - 1e-6) == lower, v.code


@given(invoer_values(nonnegative_effects=True))
@FAST
def test_signs_hold_for_any_case_with_nonnegative_effects(values):
    a = analyse(base(values), KG, omslagwaarden=False)
    delta = {o.code: o.verandering_saldo for o in a.variaties}
    tol = 1e-6 * (1 + abs(a.basis.saldo))
    for code in ("escalatie_half", "escalatie_0", "geen_effectiviteit", "terugval"):
        assert delta.get(code, 0.0) <= tol, code
    for code in ("escalatie_plus50", "qaly_waarde"):
        assert delta.get(code, 0.0) >= -tol, code


# -- vectorised = one by one ------------------------------------------------------------------

@pytest.mark.parametrize("values", [META, WAY2], ids=["manier1", "manier2"])
def test_vectorised_analysis_equals_one_by_one(values):
    invoer = base(values)
    variations = standard_variations(invoer, KG)
    a = analyse(invoer, KG, variations, omslagwaarden=False)
    plain = compute(invoer, KG, explain=False)
    assert a.basis.saldo == pytest.approx(plain.saldo, abs=1e-6)
    assert a.basis.saldo_gemeente_2_jaar == pytest.approx(plain.budget("actor")["gemeente"]["saldo"], abs=1e-6)
    by_code = {o.code: o for o in a.variaties}
    assert len(by_code) == len(variations)
    for v in variations:
        r, o = one_by_one(invoer, v), by_code[v.code]
        assert o.saldo == pytest.approx(r.saldo, abs=1e-6)
        assert o.verandering_saldo == pytest.approx(r.saldo - plain.saldo, abs=1e-6)
        assert o.kb_financieel == pytest.approx(r.kb_financieel, abs=1e-9)
        assert o.kb_maatschappelijk == pytest.approx(r.kb_maatschappelijk, abs=1e-9)
        assert o.saldo_gemeente_2_jaar == pytest.approx(r.budget("actor")["gemeente"]["saldo"], abs=1e-6)


def test_every_field_and_kengetal_can_be_varied_in_one_call():
    """Guards SCALAR_ONLY_*: a field the engine cannot take as an array would fail or differ here."""
    invoer = base(WAY2)
    variations = []
    for key, f in fields_by_key().items():
        if f.type == TEXT or key in ("team_fte", "aandeel_additioneel"):
            continue
        if f.type == CHOICE:
            other = next(c for c in choices_for(key, KG) if c != invoer[key])
            variations.append(Variation(f"{key} keuze", (Change(key, waarde=other),), code=key))
        elif key in SCALAR_ONLY_FIELDS:
            variations.append(Variation(key, (Change(key, waarde=invoer.price_year + 1),), code=key))
        else:
            b = float(invoer.num(key))
            new = b * 0.9 if b else min(0.5, f.max if f.max is not None else 0.5)
            variations.append(Variation(key, (Change(key, waarde=new),), code=key))
    for key in KG.scalars:
        variations.append(Variation(key, (Change(KENGETAL_PREFIX + key, factor=1.25),), code=KENGETAL_PREFIX + key))
    a = analyse(invoer, KG, variations, omslagwaarden=False)
    assert not a.meldingen
    by_code = {o.code: o for o in a.variaties}
    for v in variations:
        r = one_by_one(invoer, v)
        assert by_code[v.code].saldo == pytest.approx(r.saldo, abs=1e-6), v.code
        assert by_code[v.code].saldo_gemeente_2_jaar == pytest.approx(
            r.budget("actor")["gemeente"]["saldo"], abs=1e-6), v.code


def test_sorted_by_impact_and_json():
    a = analyse(base(META), KG)
    impacts = [abs(o.verandering_saldo) for o in a.variaties]
    assert impacts == sorted(impacts, reverse=True)
    j = json.loads(json.dumps(a.to_json(), allow_nan=False))
    assert set(j) >= {"basis", "variaties", "omslagwaarden", "meldingen"}
    assert set(j["variaties"][0]) >= {"omschrijving", "saldo", "verandering_saldo", "kb_financieel",
                                      "kb_maatschappelijk", "saldo_gemeente_2_jaar"}
    assert set(j["omslagwaarden"][0]) >= {"aanname", "huidige_waarde", "waarde_bij_saldo_0",
                                          "waarde_bij_gemeentesaldo_0", "tekst"}


def test_variation_of_the_other_team_way_is_skipped_with_a_dutch_message():
    user = Variation("Meer fte", (Change("team_fte", waarde=5.0),), cel="GEVOELIGHEID!B5")
    a = analyse(base(WAY2), KG, [user], omslagwaarden=False)
    assert not a.variaties
    assert "GEVOELIGHEID!B5" in a.meldingen[0] and "manier 1" in a.meldingen[0]


def test_factor_beyond_the_range_is_clipped_with_a_message():
    user = Variation("Veel meer gevonden", (Change("nieuw_gevonden", factor=10),), cel="GEVOELIGHEID!B6")
    a = analyse(base(META), KG, [user], omslagwaarden=False)
    assert a.variaties[0].saldo == pytest.approx(
        compute(base(dict(META, nieuw_gevonden=1.0)), KG, explain=False).saldo)
    assert "begrensd op 100%" in a.meldingen[0] and "GEVOELIGHEID!B6" in a.meldingen[0]


# -- switching values ------------------------------------------------------------------------

def _check_switching_values(invoer: Invoer) -> int:
    """Check every switching value that can be checked; return how many were.

    A value found, put back, must give a saldo of zero. None ('niet binnen bereik') from a linear
    search must mean no zero in the range: the saldo has the same sign at both ends.
    """
    knobs = {k.key: k for k in key_assumptions(invoer, KG)}

    def saldo_at(knob: Knob, p: float, which: str) -> float:
        values = {t: float(np.asarray(x)) for t, x in knob.values(p).items()}
        r = compute(*Variation("omslag", tuple(Change(t, waarde=x) for t, x in values.items())).apply(invoer, KG),
                    explain=False)
        return float(r.saldo if which == "saldo" else r.budget("actor")["gemeente"]["saldo"])

    checked = 0
    for s in switching_values(invoer, KG):
        knob = knobs[s.sleutel]
        methods = dict(zip(("saldo", "gemeente"), s.methode.split("/") * 2))
        for p, which in ((s.parameter_saldo_0, "saldo"), (s.parameter_gemeente_0, "gemeente")):
            if p is not None:
                assert knob.lo - 1e-9 <= p <= knob.hi + 1e-9
                got = saldo_at(knob, p, which)
                assert abs(got) < EURO, (s.sleutel, which, got)
                checked += 1
            elif methods[which] == "lineair":
                low, high = saldo_at(knob, knob.lo, which), saldo_at(knob, knob.hi, which)
                assert low * high > 0 or max(abs(low), abs(high)) < EURO, (s.sleutel, which, low, high)
                checked += 1
    return checked


@pytest.mark.parametrize("values", [META, WAY2], ids=["manier1", "manier2"])
def test_switching_value_put_back_gives_zero(values):
    assert _check_switching_values(base(values)) >= 6


def test_switching_values_of_the_worked_example():
    s = {x.sleutel: x for x in switching_values(base(META), KG)}
    assert set(s) == {"voorkomen_escalatie", "substitutie", "effectiviteit", "nieuw_gevonden", "kosten_per_fte",
                      "terugval", "aandeel_additioneel", "qaly_waarde"}
    esc = s["voorkomen_escalatie"]
    assert esc.huidige_waarde == pytest.approx(0.03) and 0 < esc.saldo_0 < 0.03 and esc.methode == "lineair"
    # Less additional financing only raises the saldo: no share in 0-100% gives zero.
    assert s["aandeel_additioneel"].saldo_0 is None
    assert s["aandeel_additioneel"].tekst(None) == NOT_IN_RANGE
    assert s["kosten_per_fte"].saldo_0 > META["kosten_per_fte"]
    assert s["effectiviteit"].eenheid == FACTOR  # the success items differ: reported as one factor


@given(invoer_values(nonnegative_effects=True))
@FAST
def test_switching_values_put_back_give_zero_for_any_case(values):
    assert _check_switching_values(base(values)) > 0


def test_find_root_on_a_nonlinear_function():
    calls = []

    def f(p):
        calls.append(len(p))
        return (p - 0.3) * (p + 2.0) * 1e5

    root, method = find_root(f, 0.0, 1.0, 0.9)
    assert method == "numeriek" and root == pytest.approx(0.3, abs=1e-9)
    # Two roots: the one nearest to the current value.
    root, _ = find_root(lambda p: (p - 0.2) * (p - 0.8) * 1e5, 0.0, 1.0, 0.9)
    assert root == pytest.approx(0.8, abs=1e-9)
    assert find_root(lambda p: p * p + 1.0, -1.0, 1.0, 0.0)[0] is None
    assert find_root(lambda p: 2 * p - 3, 0.0, 1.0, 0.5) == (None, "lineair")
    assert find_root(lambda p: 2 * p - 1, 0.0, 1.0, 0.5) == (pytest.approx(0.5), "lineair")


def test_nonlinear_knob_through_the_engine():
    """Households and prevented escalation scaled together make the saldo quadratic in the factor."""
    invoer = base(META)
    targets = ("huishoudens", "voorkomen_escalatie.gezinnen", "voorkomen_escalatie.ouderen",
               "voorkomen_escalatie.overige")
    knob = Knob("test", "test", targets, tuple(float(invoer.num(t)) for t in targets), FACTOR, 0.0, 3.0, 1.0, FACTOR)
    (s,) = switching_values(invoer, KG, [knob])
    assert s.methode.startswith("numeriek")
    values = {t: float(np.asarray(x)) for t, x in knob.values(s.parameter_saldo_0).items()}
    r = compute(*Variation("x", tuple(Change(t, waarde=x) for t, x in values.items())).apply(invoer, KG))
    assert abs(r.saldo) < EURO


# -- the user's GEVOELIGHEID sheet -----------------------------------------------------------

def _user_workbook(path: Path, rows: list[tuple], header_row: int = 4) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "INVOER"
    ws = wb.create_sheet("GEVOELIGHEID")
    for i, h in enumerate(("veld", "nieuwe waarde", "factor", "omschrijving")):
        ws.cell(header_row, 2 + i, h)
    for r, row in enumerate(rows, start=header_row + 1):
        for c, value in enumerate(row, start=2):
            if value is not None:
                ws.cell(r, c, value)
    wb.save(path)
    return path


def test_user_variations_with_cell_precise_dutch_errors(tmp_path):
    path = _user_workbook(tmp_path / "invoer.xlsx", [
        ("onbekend_veld", 3, None, None),                      # 5: unknown field
        ("kosten_per_fte", 50_000, 0.8, None),                 # 6: both value and factor
        ("nieuw_gevonden", -0.2, None, None),                  # 7: outside the range
        ("terugval", "veel", None, None),                      # 8: text that is no number
        ("kengetal:qaly_waarde", 35_000, None, "QALY 35.000"),  # 9: valid
        ("substitutie.nieuw", None, 0.5, "Minder eigen kracht"),  # 10 + 11: one variation of two fields
        ("substitutie.bestaand", None, "0,5", "Minder eigen kracht"),
        ("gemeente", "Elders", None, None),                    # 12: text field
        ("C43", None, "0,9", None),                            # 13: an INVOER cell, factor typed as text
        ("disconteringsregel", None, 2, None),                 # 14: factor on a choice
        (None, 3, None, None),                                 # 15: no field
        ("kengetal:qaly", 1, None, None),                      # 16: unknown kengetal, with a suggestion
        ("terugval", 0.4, None, None),                         # 17: valid (auto description)
        ("voorkomen_escalatie.gezinnen", None, None, "leeg"),  # 18: neither value nor factor
    ])
    variations, report = sheet_reader.read_user_variations(path)
    errors = {p.cell: p for p in report.errors}
    assert set(errors) == {"B5", "D6", "C7", "C8", "B12", "D14", "B15", "B16", "C18"}
    assert all(p.sheet == "GEVOELIGHEID" for p in report.errors)
    assert {cell: p.code for cell, p in errors.items()} == {
        "B5": "unknown-field", "D6": "value-or-factor", "C7": "out-of-range", "C8": "not-a-number",
        "B12": "text-field", "D14": "factor-on-choice", "B15": "required", "B16": "unknown-field",
        "C18": "value-or-factor"}
    assert "kengetal:qaly_waarde" in errors["B16"].message  # 'Bedoelt u ...?'
    assert "tussen 0% en 100%" in errors["C7"].message  # the INVOER field's own range
    assert all(p.message.startswith(f"Regel {p.cell[1:]}:") for p in report.errors)

    by_text = {v.omschrijving: v for v in variations}
    assert len(variations) == 4
    assert by_text["QALY 35.000"].changes == (Change("kengetal:qaly_waarde", waarde=35_000.0),)
    assert by_text["Minder eigen kracht"].changes == (Change("substitutie.nieuw", factor=0.5),
                                                      Change("substitutie.bestaand", factor=0.5))
    cell_row = next(v for v in variations if v.cel == "GEVOELIGHEID!B13")
    assert cell_row.changes == (Change("kosten_per_fte", factor=0.9),)
    assert any(v.omschrijving.startswith("Terugval (recidive): 40%") for v in variations)

    a = analyse(base(META), KG, extra=variations, omslagwaarden=False)
    by_text = {o.omschrijving: o for o in a.variaties}
    qaly = dict(META)
    expected = compute(*Variation("q", (Change("kengetal:qaly_waarde", waarde=35_000),)).apply(base(qaly), KG))
    assert by_text["QALY 35.000"].saldo == pytest.approx(expected.saldo)
    assert by_text["Minder eigen kracht"].saldo == pytest.approx(
        compute(base(dict(META, **{"substitutie.nieuw": 0.4})), KG).saldo)


def test_user_sheet_absent_empty_or_without_header(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "INVOER"
    wb.save(tmp_path / "zonder.xlsx")
    assert sheet_reader.read_user_variations(tmp_path / "zonder.xlsx") == ([], Report())

    ws = wb.create_sheet("Gevoeligheid")  # the name is found ignoring case
    ws["B2"] = "kosten_per_fte"
    wb.save(tmp_path / "geen_kop.xlsx")
    variations, report = sheet_reader.read_user_variations(tmp_path / "geen_kop.xlsx")
    assert not variations and report.codes() == ["header-missing"]

    (tmp_path / "kapot.xlsx").write_text("veld;waarde\n")
    variations, report = sheet_reader.read_user_variations(tmp_path / "kapot.xlsx")
    assert not variations and report.codes() == ["file-not-xlsx"]


def test_user_sheet_round_trip(tmp_path):
    variations = [
        Variation("Minder eigen kracht", (Change("substitutie.nieuw", factor=0.5), Change("substitutie.bestaand",
                                                                                          waarde=0.05))),
        Variation("Andere disconto", (Change("disconteringsregel", waarde="rijk_2015"),)),
        Variation("QALY hoog", (Change("kengetal:qaly_waarde", waarde=50_000.0),)),
    ]
    path = tmp_path / "varianten.xlsx"
    wb = xlsxwriter.Workbook(str(path), workbook_options())
    input_sheet.add_user_variations_sheet(wb, Formats(wb), variations)
    wb.close()
    back, report = sheet_reader.read_user_variations(path)
    assert report.ok, report.as_text()
    assert [(v.omschrijving, v.changes) for v in back] == [(v.omschrijving, v.changes) for v in variations]


# -- the written results ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def written(tmp_path_factory):
    analysis = analyse(base(WAY2), KG)
    path = tmp_path_factory.mktemp("gevoeligheid") / "gevoeligheid.xlsx"
    sheet.write_gevoeligheid(path, analysis)
    return path, analysis


def test_written_sheet_is_sorted_by_impact(written):
    path, analysis = written
    ws = openpyxl.load_workbook(path)[sheet.RESULT_SHEET]
    header = next(r for r in range(1, 20) if ws.cell(r, 2).value == "Omschrijving")
    assert ws.cell(header + 1, 2).value.startswith("Basis")
    rows = [(ws.cell(r, 2).value, ws.cell(r, 4).value) for r in range(header + 2, header + 2 + len(analysis.variaties))]
    assert [text for text, _ in rows] == [o.omschrijving for o in analysis.variaties]
    changes = [abs(change) for _, change in rows]
    assert changes == sorted(changes, reverse=True)
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Omslagwaarden" in texts and any(t == NOT_IN_RANGE for t in texts) is not None


def test_written_workbook_has_a_tornado_chart(written):
    path, _ = written
    with zipfile.ZipFile(path) as zf:
        charts = [n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        assert len(charts) == 1
        xml = zf.read(charts[0]).decode()
    assert "<c:barChart>" in xml and '<c:barDir val="bar"/>' in xml
    assert sheet.CHART_TITLE in xml
    assert '<c:orientation val="maxMin"/>' in xml  # largest impact on top
    assert "<c:legend>" not in xml
    assert "€ #,##0" in xml


def test_write_is_deterministic_and_atomic(tmp_path, written, monkeypatch):
    path, analysis = written
    again = tmp_path / "again.xlsx"
    sheet.write_gevoeligheid(again, analysis)
    assert again.read_bytes() == path.read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("stop")

    monkeypatch.setattr(sheet, "add_gevoeligheid_sheet", boom)
    with pytest.raises(RuntimeError):
        sheet.write_gevoeligheid(tmp_path / "kapot.xlsx", analysis)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.xlsx"]
    with pytest.raises(OutputError, match="kan niet worden geschreven"):
        sheet.write_gevoeligheid(tmp_path / "bestaat-niet" / "x.xlsx", analysis)


def test_nan_ratios_are_written_as_text(tmp_path):
    """A case without costs has no K-B ratio; the sheet shows '-' instead of failing."""
    values = dict(META, kosten_per_fte=0, overige_eenmalige_kosten=0, nieuw_gevonden=0)
    a = analyse(base(values), KG, omslagwaarden=False)
    assert not math.isfinite(a.basis.kb_maatschappelijk)
    sheet.write_gevoeligheid(tmp_path / "x.xlsx", a)
    assert json.dumps(a.to_json(), allow_nan=False)
