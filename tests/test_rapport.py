"""The council memo (mkba-xl rapport), read back with python-docx: the numbers are the JSON's, formatted as LPBL and
Dutch readers expect; the same input gives the same bytes (document, pictures, PDF); nothing is overwritten without
--force; the PDF comes from LibreOffice or the command says clearly why not."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from mkba_xl.cli import cli
from mkba_xl.rapport.pictures import CHARTS

from .libreoffice import needs_soffice
from .test_references import assert_no_internal_words

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_workbooks").glob("*.xlsx") if not p.stem.startswith("dossiers"))
META = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
DRAWS = "1000"
NBSP = "\u00a0"


def dutch_euro(x: float) -> str:
    """An amount to € 100 in Dutch, written here independently of the library: '€ 145.600', '€ -1.000'."""
    hundreds = int(Decimal(repr(x)).quantize(Decimal("1E2"), rounding=ROUND_HALF_UP))
    return f"€{NBSP}{hundreds:,}".replace(",", ".")


def dutch_ratio(x: float) -> str:
    """A ratio to 0,05 with two decimals: '1,30'."""
    twentieths = Decimal(repr(x * 20)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{float(twentieths) / 20:.2f}".replace(".", ",")


def texts(path: Path) -> tuple[str, list[list[list[str]]]]:
    """The memo's paragraphs as one text, and every table as rows of cell texts."""
    document = docx.Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return body, tables


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_year_json(sample: Path, out: Path) -> dict:
    """The JSON of one year of the approach: ``mkba-xl run --json``, or for a workbook with several years (MEERJARIG;
    the memo describes one year and says so) the same ``Result.to_json`` of its INVOER alone."""
    from mkba_xl.engine import compute
    from mkba_xl.pipeline import read

    wb = read(sample)
    if wb.meerjarig is not None and not wb.meerjarig.empty:
        return json.loads(json.dumps(compute(wb.invoer, wb.kengetallen).to_json()))
    code, stdout, _ = run("run", str(sample), "-o", str(out / f"{sample.stem}.xlsx"), "--json")
    assert code == 0
    return json.loads(stdout)


@pytest.fixture(scope="module")
def memos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    """Every sample's memo and the JSON of its one year of the approach."""
    out = tmp_path_factory.mktemp("rapport")
    made = {}
    for sample in SAMPLES:
        memo = out / f"{sample.stem}.docx"
        code, _, err = run("rapport", str(sample), "-o", str(memo), "--trekkingen", DRAWS)
        assert code == 0, err
        made[sample.stem] = (memo, one_year_json(sample, out))
    return made


def test_a_workbook_of_several_years_gets_a_memo_of_one_year_that_says_so(memos: dict) -> None:
    body, _ = texts(memos["leeuwarden_frontlijnteam"][0])
    assert "Dit memo beschrijft één jaar aanpak (het blad INVOER)" in body
    code, _, err = run("rapport", str(ROOT / "sample_workbooks" / "leeuwarden_frontlijnteam.xlsx"), "-o",
                       str(memos["leeuwarden_frontlijnteam"][0].with_name("again.docx")), "--trekkingen", "200")
    assert code == 0 and "Het raadsmemo rekent met één jaar aanpak (het blad INVOER)" in err
    assert "Dit memo beschrijft" not in texts(memos["meta_voorbeeld_2014"][0])[0]


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES])
def test_the_memo_shows_the_json_numbers_as_lpbl_rounds_them(memos: dict, name: str) -> None:
    memo, data = memos[name]
    body, tables = texts(memo)
    screen_a = next(t for t in tables if t[0][0].startswith("A  Resultaat MKBA NCW"))
    screen_b = next(t for t in tables if t[0][0].startswith("B  Resultaat begroting na 2 jaar"))
    rows_a = {row[0]: row[1] for row in screen_a}
    assert rows_a["Saldo (baten minus kosten)"] == dutch_euro(data["saldo"])
    assert rows_a["Totale kosten"] == dutch_euro(data["kosten"]["totaal"])
    assert rows_a["Financieel K-B-verhouding"] == dutch_ratio(data["kb_financieel"])
    assert rows_a["Maatschappelijk K-B-verhouding"] == dutch_ratio(data["kb_maatschappelijk"])
    saldo_b = next(row for row in screen_b if row[0] == "Saldo")
    budget = data["begroting_na_2_jaar"]
    assert saldo_b[1:] == [dutch_euro(budget[k]["saldo"]) for k in
                           ("gemeente", "zorgverzekeraar", "huishoudens", "overige_partijen", "totaal")]
    # the samenvatting says the same
    summary = body.split("Samenvatting", 1)[1].split("1. Kosten en baten", 1)[0]
    assert f"een saldo van {dutch_euro(data['saldo'])}" in summary
    assert f"maatschappelijke K-B-verhouding {dutch_ratio(data['kb_maatschappelijk'])}" in summary
    assert f"financiële K-B-verhouding {dutch_ratio(data['kb_financieel'])}" in summary
    assert f"de gemeente {dutch_euro(budget['gemeente']['saldo'])}" in summary
    immaterial = budget["huishoudens"]["immaterieel"]
    if round(immaterial, -2):
        assert f"waarvan {dutch_euro(immaterial)} immateriële baten, geen kasstroom" in summary


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES])
def test_the_memo_has_every_part_and_no_internal_word(memos: dict, name: str) -> None:
    memo, data = memos[name]
    body, tables = texts(memo)
    for heading in ("Samenvatting", "1. Kosten en baten van één jaar aanpak", "2. Wie betaalt en wie profiteert",
                    "3. Hoe zeker is de uitkomst?", "4. Kengetallen die afwijken van de standaard",
                    "5. Wat de analyse buiten beschouwing laat (PM-posten)", "Bronnen", "Bijlage: zo is gerekend"):
        assert heading in body, heading
    title_block = {row[0]: row[1] for row in tables[0]}
    assert title_block["Gemeente"] == data["meta"]["gemeente"]
    assert title_block["Rekenwijze"].startswith(data["meta"]["rekenwijze"])
    assert len(title_block["Invoer-vingerafdruk"]) == 12
    assert "LPBL (2014). Meta-analyse MKBA's sociale (wijk)teams." in body  # the sources in full
    with zipfile.ZipFile(memo) as z:
        assert sum(n.startswith("word/media/") for n in z.namelist()) == len(CHARTS)
    assert_no_internal_words(memo)


def test_changed_kengetallen_show_old_and_new_value_and_the_users_source(memos: dict) -> None:
    _, tables = texts(memos["groningen_wij_2018"][0])
    changed = next(t for t in tables if t[0] == ["Kengetal", "Standaard", "In deze analyse", "Bron"])
    row = next(r for r in changed if r[0].startswith("Waarde van een gewonnen gezond levensjaar"))
    assert row[1:3] == ["€ 20.000", "€ 50.000"]
    assert "LPBL (2019), Evaluatie WIJ-teams Groningen" in row[3]
    body, _ = texts(memos["meta_voorbeeld_2014"][0])
    assert "Geen: de analyse rekent met de standaardkengetallen" in body


def test_same_input_same_bytes_with_fixed_properties(tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for target, folder in ((first, tmp_path / "png-a"), (second, tmp_path / "png-b")):
        code, _, err = run("rapport", str(META), "-o", str(target), "--grafieken", str(folder))
        assert code == 0, err
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
        embedded = {z.read(n) for n in media}
    props = docx.Document(str(first)).core_properties
    fixed = datetime(2013, 1, 1, tzinfo=timezone.utc)
    assert (props.author, props.created, props.modified, props.revision) == ("mkba-xl", fixed, fixed, 1)
    for name, _ in CHARTS:  # the PNG files are the memo's pictures, byte for byte
        png = (tmp_path / "png-a" / f"{name}.png").read_bytes()
        assert png == (tmp_path / "png-b" / f"{name}.png").read_bytes()
        assert png in embedded and b"Software" not in png[:200]


def test_nothing_is_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "memo.docx"
    target.write_bytes(b"mijn memo")
    code, _, err = run("rapport", str(META), "-o", str(target))
    assert code == 2 and "bestaat al" in err and "--force" in err
    assert target.read_bytes() == b"mijn memo"
    folder = tmp_path / "png"
    folder.mkdir()
    (folder / "gevoeligheid.png").write_bytes(b"eigen")
    code, _, err = run("rapport", str(META), "-o", str(tmp_path / "nieuw.docx"), "--grafieken", str(folder))
    assert code == 2 and "gevoeligheid.png bestaat al" in err
    assert not (tmp_path / "nieuw.docx").exists() and (folder / "gevoeligheid.png").read_bytes() == b"eigen"
    code, _, err = run("rapport", str(META), "-o", str(tmp_path / "weg" / "memo.docx"))
    assert code == 2 and "bestaat niet" in err


def test_the_default_name_is_beside_the_input(tmp_path: Path) -> None:
    source = tmp_path / "invoer.xlsx"
    shutil.copy(META, source)
    code, stdout, _ = run("rapport", str(source), "--trekkingen", "200")
    assert code == 0 and (tmp_path / "invoer-rapport.docx").exists()
    assert "Raadsmemo geschreven" in stdout
    assert source.read_bytes() == META.read_bytes()  # the input is never modified


def test_without_libreoffice_the_memo_says_there_is_no_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)  # a machine without LibreOffice
    target = tmp_path / "memo.docx"
    code, stdout, err = run("rapport", str(META), "-o", str(target), "--pdf", "--trekkingen", "200")
    assert code == 0 and target.exists() and not target.with_suffix(".pdf").exists()
    assert "Geen PDF gemaakt: LibreOffice (soffice) is niet geïnstalleerd" in err
    assert "PDF geschreven" not in stdout


@needs_soffice
def test_libreoffice_makes_the_same_pdf_twice_with_the_memos_numbers(tmp_path: Path) -> None:
    pdfs = []
    for name in ("a", "b"):
        target = tmp_path / f"{name}.docx"
        code, stdout, err = run("rapport", str(META), "-o", str(target), "--pdf")
        assert code == 0, err
        assert "PDF geschreven" in stdout
        pdfs.append(target.with_suffix(".pdf").read_bytes())
    assert pdfs[0].startswith(b"%PDF") and pdfs[0] == pdfs[1]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "a.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        code, stdout, _ = run("run", str(META), "-o", str(tmp_path / "uit.xlsx"), "--json")
        assert dutch_euro(json.loads(stdout)["saldo"]).replace(NBSP, " ") in text.replace(NBSP, " ")


def test_a_memo_without_effects_says_so_and_still_reads(tmp_path: Path) -> None:
    """No effect at all (only a fully additional team): the benefits are € 0, the ratios 0, every benefit line is
    a PM post, and the memo neither fails nor claims what it cannot."""
    from .workbooks import valid_values, write_workbook

    values = {k: v for k, v in valid_values().items() if not k.startswith(("substitutie", "succes", "voorkomen"))}
    source = write_workbook(tmp_path / "leeg.xlsx", values | {"aandeel_additioneel": 1.0, "nieuw_gevonden": 0.0})
    memo = tmp_path / "leeg.docx"
    code, _, err = run("rapport", str(source), "-o", str(memo), "--trekkingen", "200")
    assert code == 0, err
    body, tables = texts(memo)
    summary = body.split("Samenvatting", 1)[1].split("1. Kosten en baten", 1)[0]
    assert "levert" not in summary and "de baten worden geschat op" in summary
    assert "kosten blijven hoger dan de baten" in summary or "minder baten dan kosten" in summary
    pm = body.split("(PM-posten)", 1)[1].split("Bronnen", 1)[0]
    assert "3 Voorkomen (escalatie)kosten: staat op € 0" in pm.replace(NBSP, " ")


def test_changed_kengetallen_cover_every_table() -> None:
    import dataclasses
    from types import MappingProxyType

    from mkba_xl.kengetallen import default_kengetallen
    from mkba_xl.kengetallen_diff import NEW, changed_kengetallen

    d = default_kengetallen()
    profile = d.profiles["generiek_2014"]
    values = {t: {s: dict(v) for s, v in sev.items()} for t, sev in profile.values.items()}
    values["gezinnen"]["mv_nzr"]["jeugd"] = 2500.0
    trajecten = (dataclasses.replace(d.trajecten[0], price=2000.0, source="eigen tarief 2024"), *d.trajecten[1:])
    rules = dict(d.discount_rules) | {"eigen": dataclasses.replace(d.discount_rules["rijk_2021"], name="eigen",
                                                                      rate=0.04, long_term_rate=0.04, source="raad")}
    actors = dict(d.actors) | {"jeugd": dataclasses.replace(d.actors["jeugd"], before_2015="gemeente")}
    k = dataclasses.replace(
        d, profiles=MappingProxyType(dict(d.profiles) | {"generiek_2014": dataclasses.replace(profile, values=values)}),
        trajecten=trajecten, discount_rules=MappingProxyType(rules), actors=MappingProxyType(actors),
        cpi_changes=MappingProxyType(dict(d.cpi_changes) | {2040: 0.03}))
    found = {(c.what, c.old, c.new) for c in changed_kengetallen(k)}
    assert found == {
        ("profiel generiek_2014, gezinnen, mv_nzr, Jeugd", "€ 2.000", "€ 2.500"),
        ("Schuldhulpverlening (licht, budgetcoaching): prijs", "€ 1.566", "€ 2.000"),
        ("regel eigen", NEW, "4%, jaar 9: 4%"),
        ("jaar 2040", NEW, "3%"),
        ("Jeugd, actor vóór 2015", "Overige partijen", "Gemeente"),
    }
    assert not changed_kengetallen(d)


def test_memo_files_are_published_like_workbooks(tmp_path: Path) -> None:
    """A file that appears at a target while the memo is made is kept (no --force), and nothing temporary stays."""
    from mkba_xl.errors import OutputError
    from mkba_xl.rapport.output import write_files

    first, second = tmp_path / "memo.docx", tmp_path / "memo.pdf"
    second.write_bytes(b"made meanwhile")
    with pytest.raises(OutputError, match="bestaat al"):
        write_files({first: b"docx", second: b"pdf"}, overwrite=False)
    assert second.read_bytes() == b"made meanwhile"
    assert not first.exists()
    write_files({first: b"docx2", second: b"pdf2"}, overwrite=True)
    assert (first.read_bytes(), second.read_bytes()) == (b"docx2", b"pdf2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.docx", "memo.pdf"]
