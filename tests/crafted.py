"""Crafted workbooks of the red team of issue 17, built from a real sample: bombs, padding, odd structures.

Each builder takes a base workbook (a sample) and writes a variant that a user's Excel could never make,
or only in odd corners (60,000 cell styles, a chart sheet named INVOER, merged input cells). The tests
assert what the reader answers (refused with which code, or computed); ``benchmarks/bench_crafted.py``
builds the full-size versions and measures the time and memory of each answer.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path

from mkba_xl.schema import INVOER_SHEET

from .xlsx_edit import Members, read_members, set_cell, sheet_parts, write_members

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
MB = 1024 * 1024

_SHARED = re.compile(rb'(<c [^>]*?t="s"[^>]*>)<v>(\d+)</v>')
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def build(out: Path, change: Callable[[Members], None], base: Path = SAMPLE) -> Path:
    members = read_members(base)
    change(members)
    return write_members(out, members)


def _invoer(members: Members) -> str:
    return sheet_parts(members)[INVOER_SHEET]


def shared_strings_bomb(out: Path, size: int, base: Path = SAMPLE, *, length: int = 200) -> Path:
    """``size`` bytes of strings in front of the workbook's own (every index shifted): what a reader that parses
    up to the last string used must wade through. ``length`` letters and a number each: deflate packs 200 of
    them 70 times."""
    def change(m: Members) -> None:
        pad = b"".join(b"<si><t>%s%d</t></si>" % (b"a" * length, i) for i in range(size // (length + 20) + 1))
        n = pad.count(b"<si>")
        sst = m["xl/sharedStrings.xml"]
        at = sst.index(b"<si>")
        m["xl/sharedStrings.xml"] = sst[:at] + pad + sst[at:]
        for part in sheet_parts(m).values():
            m[part] = _SHARED.sub(lambda c: c[1] + b"<v>%d</v>" % (int(c[2]) + n), m[part])
    return build(out, change, base)


def styles_bomb(out: Path, size: int, base: Path = SAMPLE) -> Path:
    """``size`` bytes of fonts nobody uses before the cell styles (a reader must parse them to reach those); deflate
    packs them 136 times, so 102 MB of styles fit in a 0.8 MB file."""
    def change(m: Members) -> None:
        font = b'<font><sz val="%d"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
        fonts = b"".join(font % (i % 97 + i // 5000) for i in range(size // 86 + 1))
        styles = m["xl/styles.xml"]
        at = styles.index(b"</fonts>")
        m["xl/styles.xml"] = styles[:at] + fonts + styles[at:]
    return build(out, change, base)


def many_cell_styles(out: Path, count: int, base: Path = SAMPLE) -> Path:
    """``count`` cell styles in all (Excel's own limit is 64,000), the workbook's own first."""
    def change(m: Members) -> None:
        styles = m["xl/styles.xml"]
        have = len(re.findall(rb"<xf ", styles[styles.index(b"<cellXfs"):styles.index(b"</cellXfs>")]))
        extra = b"".join(b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"/>' % (i % 50)
                         for i in range(max(0, count - have)))
        at = styles.index(b"</cellXfs>")
        m["xl/styles.xml"] = styles[:at] + extra + styles[at:]
    return build(out, change, base)


def padded_rows(out: Path, last_column: int, base: Path = SAMPLE) -> Path:
    """Every INVOER row ends in styled empty cells up to column ``last_column`` (16,384 is XFD, Excel's last)."""
    from mkba_xl.xlsx.load import column_letter

    def change(m: Members) -> None:
        part = _invoer(m)

        def pad(row: re.Match[bytes]) -> bytes:
            r = int(row[1])
            cells = b"".join(b'<c r="%s%d" s="1"/>' % (column_letter(c).encode(), r)
                             for c in range(12, last_column + 1))
            return row[0][: -len(b"</row>")] + cells + b"</row>"
        m[part] = re.sub(rb'<row r="(\d+)"[^>]*>.*?</row>', pad, m[part], flags=re.S)
    return build(out, change, base)


def numbers_outside(out: Path, count: int, *, sheet: str = INVOER_SHEET, base: Path = SAMPLE) -> Path:
    """``count`` numbers in rows below INVOER's area (or on ``sheet``): a table pasted where nothing is read."""
    def change(m: Members) -> None:
        part = sheet_parts(m)[sheet]
        rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>%d.5</v></c></row>'
                        % (r, r, r * 7919 % 100_003, r, r % 977) for r in range(200, 200 + count // 2))
        at = m[part].index(b"</sheetData>")
        m[part] = m[part][:at] + rows + m[part][at:]
    return build(out, change, base)


def filled_sheet(out: Path, sheet: str, first_row: int, rows: int, cols: int, base: Path = SAMPLE, *,
                 kind: str = "number", distinct: int = 0) -> Path:
    """``rows`` rows of ``cols`` cells from ``first_row`` on ``sheet``: a sheet filled to the area that is read. The
    cells are small numbers (``kind`` 'number'), Excel errors ('error'), inline texts ('inline', the most XML
    elements per cell) or shared strings ('shared') of which ``distinct`` differ, each added to the shared strings."""
    from mkba_xl.xlsx.load import column_letter

    letters = [column_letter(c).encode() for c in range(1, cols + 1)]

    def change(m: Members) -> None:
        part = sheet_parts(m)[sheet]
        first = _add_shared_strings(m, distinct) if kind == "shared" else 0
        made = [0]

        def cell(c: bytes, r: int) -> bytes:
            made[0] += 1
            if kind == "error":
                return b'<c r="%s%d" t="e"><v>#N/A</v></c>' % (c, r)
            if kind == "inline":
                return b'<c r="%s%d" t="inlineStr"><is><t>x%d</t></is></c>' % (c, r, r % 7)
            if kind == "shared":
                return b'<c r="%s%d" t="s"><v>%d</v></c>' % (c, r, first + made[0] % distinct)
            return b'<c r="%s%d"><v>%d</v></c>' % (c, r, r % 7)

        body = b"".join(b'<row r="%d">' % r + b"".join(cell(c, r) for c in letters) + b"</row>"
                        for r in range(first_row, first_row + rows))
        xml = re.sub(rb'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)',
                     lambda row: b"" if int(row[1]) >= first_row else row[0], m[part], flags=re.S)
        at = xml.index(b"</sheetData>") if b"</sheetData>" in xml else xml.index(b"<sheetData/>")
        m[part] = xml[:at] + body + xml[at:] if b"</sheetData>" in xml else xml.replace(
            b"<sheetData/>", b"<sheetData>" + body + b"</sheetData>")
    return build(out, change, base)


def _add_shared_strings(m: Members, count: int) -> int:
    """Append ``count`` distinct texts to the shared strings; the index of the first."""
    part = "xl/sharedStrings.xml"
    first = len(re.findall(rb"<si[ >]", m[part]))
    at = m[part].rindex(b"</sst>")
    m[part] = m[part][:at] + b"".join(b"<si><t>tekst %d</t></si>" % i for i in range(count)) + m[part][at:]
    return first


def duplicate_member(out: Path, part: str | None = None, base: Path = SAMPLE) -> Path:
    """The zip holds INVOER's part twice, the second copy with another number of households: which is read?"""
    members = read_members(base)
    part = part or _invoer(members)
    other = set_cell(members[part], "C15", 9999)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate name: that is the point
        return write_members(out, members, extra=[(part, other)])


def strict_open_xml(out: Path, base: Path = SAMPLE) -> Path:
    """The workbook part in the namespaces of Excel's 'Strict Open XML Spreadsheet' format."""
    def change(m: Members) -> None:
        m["xl/workbook.xml"] = (m["xl/workbook.xml"].replace(_MAIN, b"http://purl.oclc.org/ooxml/spreadsheetml/main")
                                .replace(_RELS, b"http://purl.oclc.org/ooxml/officeDocument/relationships"))
    return build(out, change, base)


def without_styles(out: Path, base: Path = SAMPLE) -> Path:
    """No styles part at all (some generators write none): every cell in the default style."""
    def change(m: Members) -> None:
        del m["xl/styles.xml"]
        m["[Content_Types].xml"] = re.sub(rb'<Override PartName="/xl/styles.xml"[^>]*/>', b"", m["[Content_Types].xml"])
        m["xl/_rels/workbook.xml.rels"] = re.sub(rb'<Relationship [^>]*Target="styles.xml"/>', b"",
                                                 m["xl/_rels/workbook.xml.rels"])
    return build(out, change, base)


def chartsheet_named_invoer(out: Path, base: Path = SAMPLE) -> Path:
    """INVOER is a chart sheet (its part and its relationship say so)."""
    def change(m: Members) -> None:
        part = _invoer(m)
        m[part] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><chartsheet xmlns="%s" '
                   b'xmlns:r="%s"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>'
                   % (_MAIN, _RELS))
        rid = re.search(rb'<sheet [^>]*name="' + INVOER_SHEET.encode() + rb'"[^>]*r:id="([^"]+)"', m["xl/workbook.xml"])
        assert rid, "INVOER not found"

        def retype(rel: re.Match[bytes]) -> bytes:
            return rel[0].replace(b"relationships/worksheet", b"relationships/chartsheet")
        m["xl/_rels/workbook.xml.rels"] = re.sub(rb'<Relationship [^>]*Id="' + rid[1] + rb'"[^>]*/>', retype,
                                                 m["xl/_rels/workbook.xml.rels"])
    return build(out, change, base)


def merged_input(out: Path, ref: str = "B15:C15", base: Path = SAMPLE) -> Path:
    """INVOER with a merged range over an input cell: Excel shows the label, the number under it is hidden."""
    def change(m: Members) -> None:
        part = _invoer(m)
        at = m[part].index(b"</sheetData>") + len(b"</sheetData>")
        merge = b'<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % ref.encode()
        m[part] = m[part][:at] + merge + m[part][at:]
    return build(out, change, base)


def many_merges(out: Path, count: int, ref: str = "A1:L2000", *, sheet: str = "KENGETALLEN",
                base: Path = SAMPLE) -> Path:
    """``count`` merged ranges over the whole area of a sheet that is read: each would have to be checked."""
    def change(m: Members) -> None:
        part = sheet_parts(m)[sheet]
        at = m[part].index(b"</sheetData>") + len(b"</sheetData>")
        ranges = b"".join(b'<mergeCell ref="%s"/>' % ref.encode() for _ in range(count))
        m[part] = m[part][:at] + b"<mergeCells>" + ranges + b"</mergeCells>" + m[part][at:]
    return build(out, change, base)


def number_literal(out: Path, cell: str, literal: bytes, *, sheet: str = INVOER_SHEET, base: Path = SAMPLE) -> Path:
    """One cell's stored number replaced by ``literal`` (401 digits, 1e307), keeping its style (a percentage)."""
    def change(m: Members) -> None:
        part = sheet_parts(m)[sheet]
        found = re.search(rb'<c r="' + cell.encode() + rb'"([^>]*?)(?:/>|>.*?</c>)', m[part], re.S)
        attributes = re.sub(rb'\s*t="[^"]*"', b"", found[1].rstrip(b"/")) if found else b""
        m[part] = set_cell(m[part], cell, None, raw=b'<c r="%s"%s><v>%s</v></c>' % (cell.encode(), attributes, literal))
    return build(out, change, base)


def many_dossiers(out: Path, rows: int = 2_000, own_columns: int = 0) -> Path:
    """A valid DOSSIERS sheet of ``rows`` synthetic dossiers (copies of the illustrative sample, renumbered) on the
    Groningen case, with ``own_columns`` columns of the user's own filled with numbers: with 52 of them the
    largest sheet the schema admits (2,000 rows of 160 columns), computed and carried into the output."""
    import dataclasses
    import importlib.util

    from mkba_xl.analyses.dossiers import DossierSheet
    from mkba_xl.input_sheets import add_input_sheets
    from mkba_xl.samples import load_case, write_sample_workbook

    spec = importlib.util.spec_from_file_location("make_dossier_sample", ROOT / "scripts" / "make_dossier_sample.py")
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    dossiers = tuple(dataclasses.replace(d, number=f"S{seed:03d}-{d.number}")
                     for seed in range(rows // 80 + 1) for d in generator.sample_dossiers(seed))[:rows]
    headers = tuple(f"Eigen kolom {i}" for i in range(1, own_columns + 1))
    values = tuple(tuple((r * 31 + i) % 97 for i in range(own_columns)) for r in range(rows)) if own_columns else ()
    sheet = DossierSheet(dossiers, f"benchmark: {rows} synthetische dossiers", headers, values)
    case = load_case(ROOT / "sample_workbooks" / "cases" / "groningen_wij_2018.json")
    write_sample_workbook(case, out, extra_sheets=lambda wb, f: add_input_sheets(wb, f, {"dossiers": sheet}))
    return out
