"""Files the reader refuses before reading any cell, each with a real crafted file and one Dutch problem."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from mkba_xl import reader
from mkba_xl.errors import InputError, Problem, Report
from mkba_xl.schema import INVOER_SHEET, TEMPLATE_VERSION, VERSION_CELL
from mkba_xl.xlsx import guard
from tests.workbooks import valid_values, write_workbook

OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def refused(path: Path) -> Problem:
    """The single problem of a refused file; also checks that read_workbook raises with the same report."""
    report = reader.check_workbook(path)
    assert len(report.errors) == 1 and report.warnings == [], report.as_text()
    with pytest.raises(InputError) as info:
        reader.read_workbook(path)
    assert info.value.report.errors == report.errors
    problem = report.errors[0]
    assert problem.field == ""
    assert "Traceback" not in problem.message and "Error" not in problem.message
    return problem


def assert_file_level(report: Report, path: Path) -> None:
    [problem] = report.errors
    assert (problem.sheet, problem.cell) == (path.name, "")


def rewrite_member(path: Path, name: str, data: bytes) -> None:
    """Replace one member of a zip (keeping the others) to build a damaged or malicious xlsx."""
    with zipfile.ZipFile(path) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    members[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, content in members.items():
            zf.writestr(member, content)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert refused(tmp_path / "weg.xlsx").code == "file-missing"
    assert refused(tmp_path).code == "file-is-folder"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "leeg.xlsx"
    path.write_bytes(b"")
    assert refused(path).code == "file-empty"


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_workbook(tmp_path / "groot.xlsx")
    monkeypatch.setattr(guard, "MAX_FILE_BYTES", 1000)
    problem = refused(path)
    assert problem.code == "file-too-large" and problem.message.startswith("Het bestand is groter dan 1 kB")
    assert_file_level(reader.check_workbook(path), path)


def test_default_size_limit_is_20_mb() -> None:
    assert guard.MAX_FILE_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize("name", ["oud.xls", "beveiligd.xlsx"])
def test_old_xls_or_password_protected_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(OLE2_HEADER)  # both an Excel 97-2003 file and an encrypted xlsx start like this
    assert refused(path).code == "file-xls-or-encrypted"


@pytest.mark.parametrize(("name", "content"), [
    ("lijst.xlsx", b"gemeente;huishoudens\nGroningen;328\n"),
    ("rapport.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ("notitie.xlsx", b"Gewone tekst, geen werkmap."),
])
def test_csv_pdf_or_text_renamed_to_xlsx(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert refused(path).code == "file-not-xlsx"
    assert_file_level(reader.check_workbook(path), path)


def test_renamed_ods(tmp_path: Path) -> None:
    path = tmp_path / "invoer.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        zf.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    assert refused(path).code == "file-ods"


def test_other_zip_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "brief.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert refused(path).code == "file-not-workbook"


def test_truncated_zip(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "kapot.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert refused(path).code == "file-damaged"


def test_corrupt_member_data(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "kapot.xlsx")
    rewrite_member(path, "xl/workbook.xml", b"<workbook><sheets><sheet name=")
    assert refused(path).code == "file-damaged"


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "bom.xlsx")
    zeros = bytes(50 * 1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/nul.bin", zeros)  # 50 MB of zeros compress to about 50 kB
    assert refused(path).code == "zip-bomb"


def test_total_uncompressed_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_workbook(tmp_path / "groot.xlsx")
    monkeypatch.setattr(guard, "MAX_UNCOMPRESSED_BYTES", 10_000)
    assert refused(path).code == "zip-bomb"


def test_member_count_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_workbook(tmp_path / "veel.xlsx")
    monkeypatch.setattr(guard, "MAX_MEMBERS", 5)
    problem = refused(path)
    assert problem.code == "zip-bomb" and "meer dan 5 onderdelen" in problem.message


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="&lol9;" sheetId="1" r:id="rId1"/></sheets></workbook>"""


@pytest.mark.parametrize("member", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_xml_bomb_is_refused(tmp_path: Path, member: str) -> None:
    path = write_workbook(tmp_path / "xmlbom.xlsx")
    rewrite_member(path, member, BILLION_LAUGHS)
    assert refused(path).code == "xml-declaration"


def test_xml_bomb_is_also_refused_by_the_defused_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Second line of defence: even without the DOCTYPE scan, every part is parsed with defusedxml."""
    path = write_workbook(tmp_path / "xmlbom.xlsx")
    rewrite_member(path, "xl/workbook.xml", BILLION_LAUGHS)
    monkeypatch.setattr(guard, "XML_DECLARATIONS", (b"<!-- never present -->",))
    assert refused(path).code == "file-damaged"


def test_doctype_in_utf16_member_is_found(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "utf16.xlsx")
    rewrite_member(path, "xl/workbook.xml", b"\xff\xfe" + BILLION_LAUGHS.decode().replace(
        'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le"))
    assert refused(path).code == "xml-declaration"


def test_workbook_without_invoer_sheet(tmp_path: Path) -> None:
    path = tmp_path / "ander.xlsx"
    wb = Workbook()
    wb.active.title = "Blad1"
    wb.create_sheet("Gegevens")
    wb.save(path)
    problem = refused(path)
    assert problem.code == "no-invoer-sheet" and '"Blad1", "Gegevens"' in problem.message


def test_sheet_names_differing_in_case_or_spaces_are_our_sheets(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "invoer.xlsx", invoer_sheet=" Invoer")
    assert reader.check_workbook(path).ok


def test_invoer_sheet_with_another_name_gets_a_hint(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "invoer.xlsx", invoer_sheet="Invoer (2)")
    assert 'Geef blad "Invoer (2)" weer de naam INVOER' in refused(path).message  # recognised by its content
    wb = Workbook()
    wb.active.title = "Invoer oud"  # named like INVOER, but without its texts
    wb.save(path)
    assert 'Het blad "Invoer oud" lijkt erop: noem het INVOER' in refused(path).message


@pytest.mark.parametrize(("version", "shown"), [("mkba-xl invoer 0", 'gevonden: "mkba-xl invoer 0"'),
                                                (None, "is leeg"), (3, 'gevonden: "3"')])
def test_other_template_version(tmp_path: Path, version: object, shown: str) -> None:
    values = valid_values()
    values["huishoudens"] = "veel"  # a field error must not be reported for a foreign layout
    path = write_workbook(tmp_path / "oud.xlsx", values, version=version)
    problem = refused(path)
    assert problem.code == "template-version" and shown in problem.message
    [problem] = reader.check_workbook(path).errors
    assert (problem.sheet, problem.cell) == (INVOER_SHEET, VERSION_CELL)


def test_formula_without_cached_value(tmp_path: Path) -> None:
    values = valid_values()
    values.pop("huishoudens")
    path = write_workbook(tmp_path / "formule.xlsx", values)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb[INVOER_SHEET]["C15"] = "=1+1"  # openpyxl stores the formula without a cached result
    wb.save(path)
    report = reader.check_workbook(path)
    [problem] = report.errors
    assert (problem.sheet, problem.cell, problem.field) == (INVOER_SHEET, "C15", "huishoudens")
    assert problem.message == (
        "Aantal huishoudens in aanpak (totaal): De cel bevat een formule zonder berekende waarde. Open het "
        "bestand in Excel of LibreOffice, sla het op en probeer opnieuw.")


def test_file_extension_does_not_matter(tmp_path: Path) -> None:
    """Detection is by content: a valid workbook named .xls or without extension still reads."""
    for name in ("invoer.xls", "invoer"):
        path = write_workbook(tmp_path / name)
        assert reader.check_workbook(path).ok


def test_file_like_paths_are_accepted(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "invoer.xlsx")
    assert reader.check_workbook(str(path)).ok


def test_refusals_never_leak_exceptions(tmp_path: Path) -> None:
    """Random damage anywhere in a workbook gives a report, never an exception."""
    original = write_workbook(tmp_path / "origineel.xlsx").read_bytes()
    path = tmp_path / "beschadigd.xlsx"
    for i, offset in enumerate(range(40, len(original), max(1, len(original) // 40))):
        damaged = bytearray(original)
        damaged[offset: offset + 8] = bytes((b + 97 + i) % 256 for b in damaged[offset: offset + 8])
        path.write_bytes(bytes(damaged))
        assert isinstance(reader.check_workbook(path), Report)


def test_library_does_not_print(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(io.BytesIO(b"PK\x03\x04rommel").getvalue())
    reader.check_workbook(path)
    reader.check_workbook(write_workbook(tmp_path / "ok.xlsx"))
    assert capsys.readouterr() == ("", "")


def test_template_version_constant_is_what_we_check() -> None:
    assert TEMPLATE_VERSION == "mkba-xl invoer 2"
