"""LibreOffice recalculates the output workbook and gets the engine's numbers.

LibreOffice normally trusts the cached values of an XlsxWriter file; a throwaway profile with
OOXMLRecalcMode = 0 makes it recalculate every formula on load. To prove that it really did, a
second copy of the workbook has every cached formula value replaced by 0 before conversion:
after LibreOffice, that copy must show the engine's numbers again.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mkba_xl.engine import BENEFITS, COSTS, YEARS, compute
from mkba_xl.invoer import Invoer
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.schema import ACTOR_LABELS, ACTORS, DOMAIN_LABELS
from mkba_xl.writer import row_code, write_uitvoer

from . import libreoffice
from .test_writer import META_VALUES, RICH_CHANGES, Uitvoer, _known

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]

EURO = 1.0
_CACHED_FORMULA_VALUE = re.compile(r"(<c [^>]*><f>[^<]*</f><v>)[^<]*(</v>)")


def _convert(sources: list[Path], outdir: Path, profile: Path) -> list[Path]:
    """Convert to xlsx with a recalculate-on-load LibreOffice profile; one soffice start for all files."""
    return libreoffice.convert(sources, "xlsx", outdir, profile)


def _zero_cached_values(source: Path, target: Path) -> int:
    """Copy ``source`` with every cached formula value in every worksheet set to 0; return how many."""
    count = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, n = _CACHED_FORMULA_VALUE.subn(r"\g<1>0\g<2>", data.decode("utf-8"))
                data, count = text.encode("utf-8"), count + n
            zout.writestr(item, data)
    return count


@pytest.fixture(scope="module", params=["meta", "rich"])
def converted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    values = dict(META_VALUES)
    if request.param == "rich":
        values.update(RICH_CHANGES)
    invoer = Invoer.from_values(_known(values))
    kengetallen = default_kengetallen()
    result = compute(invoer, kengetallen)
    tmp = tmp_path_factory.mktemp("lo")
    original = tmp / "uitvoer.xlsx"
    write_uitvoer(original, result, invoer, kengetallen, fingerprint="lo-test")
    tampered = tmp / "gewist.xlsx"
    assert _zero_cached_values(original, tampered) > 100
    # the tampered copy really holds wrong values before LibreOffice sees it
    before = Uitvoer(openpyxl.load_workbook(tampered, data_only=True)["UITVOER"])
    assert before.exact(before.a_row("Totale baten")) == 0
    out = _convert([original, tampered], tmp / "out", tmp / "profile")
    return {"result": result, "original": out[0], "tampered": out[1]}


@pytest.mark.parametrize("which", ["original", "tampered"])
def test_recalculated_uitvoer_equals_engine(converted: dict[str, Any], which: str) -> None:
    result = converted["result"]
    wb = openpyxl.load_workbook(converted[which], data_only=True)
    u = Uitvoer(wb["UITVOER"])
    for label, expected in (("Totale kosten", result.total(COSTS)), ("Totale baten", result.total(BENEFITS)),
                            ("Saldo (baten minus kosten)", result.saldo)):
        row = u.a_row(label)
        assert u.exact(row) == pytest.approx(expected, abs=EURO), label
        assert u.shown(row) == pytest.approx(round(expected, -2), abs=EURO), label
    for side in (COSTS, BENEFITS):
        for screen_row in result.screen.rows[side]:
            code = row_code(screen_row)
            if code in u.by_code:
                expected = sum(result.line_ncw(c) for c in screen_row.lines)
                assert u.exact(u.by_code[code]) == pytest.approx(expected, abs=EURO), code
    for label, expected in (("Financieel K-B-verhouding", result.kb_financieel),
                            ("Maatschappelijk K-B-verhouding", result.kb_maatschappelijk)):
        assert u.exact(u.a_row(label)) == pytest.approx(expected, abs=1e-6)
        assert u.shown(u.a_row(label)) == pytest.approx(round(expected * 20) / 20, abs=1e-9)

    budget = result.budget("actor")
    for key in [*ACTORS, "totaal"]:
        col = u.budget_cols[ACTOR_LABELS.get(key, "Totaal")]
        for label, part in (("Totale kosten", "kosten"), ("Totale baten", "baten"), ("Saldo", "saldo")):
            got = u.ws.cell(u.budget_rows[label], col).value
            assert got == pytest.approx(budget[key][part], abs=EURO), (key, label)
        ratio = u.ws.cell(u.budget_rows["K-B-verhouding exact"], col).value
        if budget[key]["kosten"] == 0:
            assert ratio == "-"
        else:
            assert ratio == pytest.approx(budget[key]["kb"], abs=1e-6)

    for side, header in ((COSTS, "Kosten"), (BENEFITS, "Baten")):
        got = [u.ws.cell(u.year_first + t, u.year_cols[header]).value for t in range(YEARS)]
        assert got == pytest.approx(list(result.per_year(side)), abs=EURO)


@pytest.mark.parametrize("which", ["original", "tampered"])
def test_recalculated_other_sheets_equal_engine(converted: dict[str, Any], which: str) -> None:
    result = converted["result"]
    wb = openpyxl.load_workbook(converted[which], data_only=True)
    per_domain = wb["Per geldstroom"]
    rows = {per_domain.cell(r, 2).value: r for r in range(5, per_domain.max_row + 1)}
    for domain, values in result.budget("domain").items():
        r = rows["Totaal" if domain == "totaal" else DOMAIN_LABELS.get(domain, domain)]
        assert per_domain.cell(r, 4).value == pytest.approx(values["kosten"], abs=EURO), domain
        assert per_domain.cell(r, 5).value == pytest.approx(values["baten"], abs=EURO), domain

    audit = wb["BEREKENING"]
    ncw = [row[18] for row in audit.iter_rows(min_row=6, max_row=5 + len(result.ledger), values_only=True)]
    assert sum(ncw) == pytest.approx(result.total(COSTS) + result.total(BENEFITS), abs=EURO)

    charts = wb["Grafieken"]
    labels = {charts.cell(r, 14).value: r for r in range(1, charts.max_row + 1)}
    assert charts.cell(labels["Jaar 0"], 15).value == pytest.approx(result.per_year(COSTS)[0], abs=EURO)
    assert charts.cell(labels["HH"], 16).value == pytest.approx(result.budget("actor")["huishoudens"]["baten"],
                                                                abs=EURO)
