"""The one table of references: stored sources become texts a reader can look up, and no internal code or the
word 'seeds' reaches a user (the template, every kind of output workbook, the samples, ``mkba-xl schema``)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from mkba_xl.cli import cli
from mkba_xl.kengetallen import default_kengetallen
from mkba_xl.references import REFERENCES, REPORTS, cite, cited, internal_words, readable

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_workbooks").glob("*.xlsx"))
META = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"


@pytest.mark.parametrize(("stored", "shown"), [
    ("001 Tabel 4.5: kengetal 30%", "LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, tabel 4.5: kengetal 30%"),
    ("003 3.2.3 2c (normbedrag Deloitte)",
     "LPBL (2014), MKBA Overlast Zorg Overleg Arnhem, paragraaf 3.2.3 punt 2c (normbedrag Deloitte)"),
    ("001 Bijlage 2 en 4.3-4.5; 000 3.1.3", "LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, bijlage 2 en "
     "paragraaf 4.3-4.5; LPBL (2012), MKBA Frontlijnteam Heechterp-Schieringen Leeuwarden, paragraaf 3.1.3"),
    ("002 Bijlage VI en VII", "LPBL (2019), Evaluatie WIJ-teams Groningen, bijlage VI en VII"),
    ("000 Tabel 3.7 en 4.1 (additioneel)", "LPBL (2012), MKBA Frontlijnteam Heechterp-Schieringen Leeuwarden, tabel "
     "3.7 en 4.1 (additioneel)"),
    ("001 4.3 noot 21 (ondergrens)", "LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, paragraaf 4.3, noot 21 "
     "(ondergrens)"),
    ("(001 Meta-analyse, Tabel 3.10)", "(LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, tabel 3.10)"),
    ("(003 OZO Arnhem 3.2.2)", "(LPBL (2014), MKBA Overlast Zorg Overleg Arnhem, paragraaf 3.2.2)"),
    ("001 noot 13 en 003 noot 9", "LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, noot 13 en LPBL (2014), MKBA "
     "Overlast Zorg Overleg Arnhem, noot 9"),
    ("000 (2012) rekent", "LPBL (2012), MKBA Frontlijnteam Heechterp-Schieringen Leeuwarden rekent"),
    # a report's name with a place in the compact form: the place is written as the code's would be
    ("LPBL (2019), Evaluatie WIJ-teams Groningen, 4.2-4.3", "LPBL (2019), Evaluatie WIJ-teams Groningen, paragraaf "
     "4.2-4.3"),
    # numbers are not codes
    ("100.000 staan in de uitvoer als 25.000; 3.052.100", "100.000 staan in de uitvoer als 25.000; 3.052.100"),
    ("dossiernummer D-001 of 2024/001", "dossiernummer D-001 of 2024/001"),
    ("aanname: de rapporten noemen geen bedrag", "aanname: de rapporten noemen geen bedrag"),
])
def test_a_stored_source_reads_as_the_report_and_the_place(stored: str, shown: str) -> None:
    assert readable(stored) == shown
    assert readable(shown) == shown


_FRAGMENTS = st.sampled_from([
    "001", "000", "002", "003", "004", " ", ", ", "; ", " en ", "-", "(", ")", ": ", "Tabel 4.5", "tabel", "Bijlage 2",
    "Bijlage VI", "VII", "noot 13", "4.3", "3.2.3", "1c", "punt 3", "Figuur 2.4", "Meta-analyse", "OZO Arnhem",
    "100.000", "2,5%", "0,48", "(2014)", "aanname", "Werkgroep discontovoet 2020", "LPBL (2014), ",
    REPORTS["003"].name, "x", "€ 62.556", "'citaat'", "€", "/", "1.", "5,", "0", "_",  # what may not precede a code
])


@given(st.lists(_FRAGMENTS, max_size=14).map("".join))
def test_readable_is_idempotent_and_leaves_no_code(text: str) -> None:
    once = readable(text)
    assert readable(once) == once
    assert not internal_words(once)


def test_a_short_name_where_a_full_one_does_not_fit() -> None:
    full = readable("003 3.2.2 en 001 Tabel 4.5")
    assert readable(full, short=True) == "LPBL Arnhem 2014, par. 3.2.2 en LPBL-meta-analyse 2014, tabel 4.5"
    assert readable("003 3.2.2", short=True) == "LPBL Arnhem 2014, par. 3.2.2"


def test_cite_and_the_table_of_references() -> None:
    assert cite("004", "Bijlage V") == "LPBL (2021), Onderbouwing beleidsplan West Betuwe, bijlage V"
    assert cite("002") == REPORTS["002"].name
    assert list(REFERENCES)[:5] == ["000", "001", "002", "003", "004"]
    entry = REPORTS["001"].entry
    assert entry.startswith("LPBL (2014). Meta-analyse MKBA's sociale (wijk)teams. Integrale aanpakken")
    assert "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties, januari 2014" in entry


def test_cited_lists_each_source_once_with_the_places_used_in_order() -> None:
    found = cited(["001 Tabel 4.7 en 001 4.3", "003 3.2.3 2c (normbedrag Deloitte); 001 noot 13",
                   "Werkgroep discontovoet 2020: 2,25%"])
    assert [c.reference.key for c in found] == ["001", "003", "werkgroep_2020", "deloitte"]
    assert found[0].places_text() == "paragraaf 4.3; tabel 4.7; noot 13"
    assert found[1].places_text() == "paragraaf 3.2.3 (punt 2c)"


def test_every_default_source_is_readable_and_cites_a_known_source_or_says_aanname() -> None:
    k = default_kengetallen()
    sources = [*(s.source for s in k.scalars.values()), *(p.source for p in k.profiles.values()),
               *(t.source for t in k.trajecten), *(d.source for d in k.discount_rules.values()),
               *k.cpi_source.values(), *(a.source for a in k.actors.values())]
    for source in sources:
        assert not internal_words(source), source
        assert cited([source]) or source.startswith("aanname"), source


# -- no internal word reaches a user -------------------------------------------------------------

_SHOWN_ATTRIBUTES = ("prompt", "promptTitle", "error", "errorTitle")


def shown_texts(path: Path) -> list[str]:
    """Every text a user can see in an xlsx or docx: cell strings, input messages, chart titles, document text."""
    texts: list[str] = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml") or "/_rels/" in name or name.startswith("[Content_Types]"):
                continue
            for element in ET.fromstring(z.read(name)).iter():
                texts += [t for t in (element.text, element.tail) if t and t.strip()]
                texts += [v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] in _SHOWN_ATTRIBUTES]
    return texts


def assert_no_internal_words(path: Path) -> None:
    found = [(text[:120], internal_words(text)) for text in shown_texts(path) if internal_words(text)]
    assert not found, f"{path.name}: {found[:5]}"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("outputs")
    runner = CliRunner()
    made = [out / "template.xlsx"]
    commands = [["template", "-o", str(made[0])]]
    for sample in SAMPLES:
        if sample.stem.startswith("dossiers"):
            continue
        target = out / f"{sample.stem}-uitvoer.xlsx"
        commands.append(["run", str(sample), "-o", str(target), "--gevoeligheid", "--onzekerheid",
                         "--trekkingen", "500"])
        made.append(target)
    for name, command in (("gevoeligheid", ["gevoeligheid"]), ("onzekerheid", ["onzekerheid", "--trekkingen", "500"])):
        made.append(out / f"meta-{name}.xlsx")
        commands.append([*command, str(META), "-o", str(made[-1])])
    dossiers = ROOT / "sample_workbooks" / "dossiers_voorbeeld.xlsx"
    for name, extra in (("dossieranalyse", []), ("overgenomen", ["--neem-over"])):
        made.append(out / f"dossiers-{name}.xlsx")
        commands.append(["dossiers", str(dossiers), "-o", str(made[-1]), *extra])
    for command in commands:
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, result.output
    return made


def test_no_internal_code_or_seeds_in_the_template_outputs_and_samples(outputs: list[Path]) -> None:
    for path in (*outputs, *SAMPLES):
        assert_no_internal_words(path)


def test_no_internal_code_in_the_schema_command() -> None:
    result = CliRunner().invoke(cli, ["schema", "--json"])
    assert result.exit_code == 0
    texts = [f"{field['label']} {field['toelichting']}" for field in json.loads(result.output)]
    assert any("LPBL (2014), Meta-analyse MKBA's sociale (wijk)teams, tabel 3.10" in text for text in texts)
    assert not [text for text in texts if internal_words(text)]


def test_an_output_read_back_shows_the_same_sources(outputs: list[Path], tmp_path: Path) -> None:
    from mkba_xl.pipeline import read

    first = outputs[1]
    again = tmp_path / "again.xlsx"
    assert CliRunner().invoke(cli, ["run", str(first), "-o", str(again)]).exit_code == 0
    a, b = read(first).kengetallen, read(again).kengetallen
    assert [s.source for s in a.scalars.values()] == [s.source for s in b.scalars.values()]
    assert [t.source for t in a.trajecten] == [t.source for t in default_kengetallen().trajecten]
