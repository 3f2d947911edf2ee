"""``xlsx.sheet_cells`` (expat driven directly) reads sheets and shared strings as the ElementTree reading it replaced.

The oracle below is the former ``load._read_sheet`` over defusedxml's ``iterparse``: element objects, ``.text``
and direct children. Hypothesis writes sheets in the odd shapes other writers (and damaged files) produce:
namespace prefixes, cells and rows without a reference, row numbers like '3.0', inline and rich text with
phonetic runs, several <v>s, children inside a <v>, comments, whitespace, formulas with and without a value,
merged ranges. Both must give the same cells and merged ranges, or both fail.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from defusedxml.ElementTree import iterparse
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba_xl.xlsx.load import cell_position, column_letter
from mkba_xl.xlsx.plain_parts import in_utf8, plain_cells, plain_strings
from mkba_xl.xlsx.sheet_cells import read_shared_strings, read_sheet_cells

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text_of(element: Any) -> str:
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _raw_cell(el: Any) -> tuple[str, Any, bool, int] | None:
    kind = el.get("t", "n")
    style = int(el.get("s") or 0)
    formula = False
    value: Any = None
    for child in el:
        name = _local(child.tag)
        if name == "f":
            formula = True
        elif name == "v" and kind != "inlineStr":
            value = child.text or None
        elif name == "is" and kind == "inlineStr":
            value = _text_of(child)
    if value is None and not formula:
        return None
    return kind, value, formula, style


def oracle(xml: bytes, max_row: int, max_col: int) -> tuple[dict[tuple[int, int], Any], list[str], int]:
    """The former reading: cells, merged ranges and the number of elements parsed."""
    cells: dict[tuple[int, int], Any] = {}
    merges: list[str] = []
    row_cells: list[Any] = []
    row = 0
    past = False
    count = 0
    for _, el in iterparse(io.BytesIO(xml)):
        count += 1
        tag = _local(el.tag)
        if tag == "c":
            if not past:
                ref = el.get("r")
                at = cell_position(ref) if ref else None
                if at is None or at[1] <= max_col:
                    row_cells.append((at, _raw_cell(el)))
        elif tag == "row":
            r = el.get("r")
            value = float(r) if r else row + 1
            if not float(value).is_integer():
                raise ValueError(r)
            row = int(value)
            if not past:
                col = 0
                for at, entry in row_cells:
                    rr, col = at if at is not None else (row, col + 1)
                    if rr <= max_row and col <= max_col and entry is not None:
                        cells[(rr, col)] = entry
            past = past or row >= max_row
            row_cells = []
        elif tag == "mergeCell":
            merges.append(el.get("ref", ""))
    return cells, merges, count


def fast(xml: bytes, max_row: int, max_col: int) -> tuple[dict[tuple[int, int], Any], list[str], int]:
    spent: list[int] = []
    cells, merges = read_sheet_cells(io.BytesIO(xml), max_row, max_col, spent.append, cell_position)
    return cells, merges, sum(spent)


def outcome(read: Any, xml: bytes, max_row: int, max_col: int) -> Any:
    try:
        return read(xml, max_row, max_col)
    except Exception:  # noqa: BLE001 - both must fail alike; load turns any failure into 'beschadigd'
        return "fails"


TEXTS = st.sampled_from(["ja", " nee ", "12", "2.5", "-3", "1e3", "007", "", "  ", "x &amp; y", "&lt;b&gt;", "€é",
                         "<![CDATA[a<b]]>", "a<!-- n -->b", "\n4\n", "WAAR"])


@st.composite
def cells(draw: Any, p: str, row: int, col: int) -> str:
    ref = draw(st.sampled_from([f' r="{column_letter(col)}{row}"'] * 6 + ["", f' r="{column_letter(col).lower()}{row}"',
                                                                          f' r="{column_letter(col + 1)}{row + 1}"']))
    kind = draw(st.sampled_from(["", "", ' t="n"', ' t="s"', ' t="b"', ' t="e"', ' t="str"', ' t="inlineStr"']))
    style = draw(st.sampled_from(["", "", ' s="3"', ' s=""']))
    text = draw(TEXTS)
    v = f"<{p}v>{text}</{p}v>"
    runs = draw(st.lists(st.sampled_from([
        f"<{p}t>{text}</{p}t>", f'<{p}r><{p}rPr/><{p}t xml:space="preserve">r{text}</{p}t></{p}r>',
        f"<{p}rPh><{p}t>fon</{p}t></{p}rPh>", f"<{p}t>a<{p}x/>b</{p}t>",
        f"<{p}r><{p}x><{p}t>diep</{p}t></{p}x></{p}r>"]),
        max_size=3))
    inline = f"<{p}is>{''.join(runs)}</{p}is>"
    body = draw(st.lists(st.sampled_from([v, v, inline, f"<{p}f>A1</{p}f>", f"<{p}v>1<{p}x/>2</{p}v>", "<!-- c -->",
                                          "\n  ", f"<{p}extLst><{p}v>9</{p}v></{p}extLst>"]), max_size=3))
    return f"<{p}c{ref}{kind}{style}>{''.join(body)}</{p}c>"


@st.composite
def sheets(draw: Any) -> bytes:
    p = draw(st.sampled_from(["", "", "x:"]))
    rows = []
    row = 0
    for _ in range(draw(st.integers(0, 6))):
        row += draw(st.sampled_from([1, 1, 2]))
        attr = draw(st.sampled_from([f' r="{row}"', f' r="{row}"', f' r="{row}.0"', "", ' r="2.5"']))
        content = "".join(draw(cells(p, row, col)) for col in range(1, draw(st.integers(0, 5)) + 1))
        rows.append(f"<{p}row{attr}>{content}</{p}row>")
    stray = draw(st.sampled_from(["", "", f'<{p}c r="A1"><{p}v>los</{p}v></{p}c>']))
    merges = draw(st.sampled_from(["", f'<{p}mergeCells><{p}mergeCell ref="A1:B2"/><{p}mergeCell/></{p}mergeCells>']))
    ns = f'xmlns:x="{MAIN}"' if p else f'xmlns="{MAIN}"'
    return f'<?xml version="1.0"?><{p}worksheet {ns}><{p}sheetData>{"".join(rows)}{stray}</{p}sheetData>{merges}' \
           f"</{p}worksheet>".encode()


@settings(max_examples=250, deadline=None)
@given(sheets(), st.integers(1, 8), st.integers(1, 6))
def test_reads_as_elementtree_read(xml: bytes, max_row: int, max_col: int) -> None:
    assert outcome(fast, xml, max_row, max_col) == outcome(oracle, xml, max_row, max_col)


PLAIN_TEXTS = st.sampled_from(["ja", " nee ", "12", "2.5", "-3", "1E+16", "007", "", "x &amp; y", "&lt;b&gt;", "€é",
                               "a\r\nb\rc", "&#13;&#x41;&#233;", "&quot;&apos;", "WAAR", "#N/B", "\t"])


@st.composite
def plain_cell(draw: Any, row: int, col: int) -> str:
    """A cell as Excel, LibreOffice, XlsxWriter or openpyxl write one (``plain_parts`` reads those)."""
    ref = column_letter(col) + str(draw(st.sampled_from([row] * 8 + [row + 1, max(row - 1, 1)])))
    style = draw(st.sampled_from(["", "", ' s="3"', ' s="12"']))
    kind = draw(st.sampled_from(["", "", ' t="n"', ' t="s"', ' t="b"', ' t="e"', ' t="str"', ' t="inlineStr"']))
    other = draw(st.sampled_from(["", "", ' cm="1"', ' x14ac:dy="2"']))
    text = draw(PLAIN_TEXTS)
    body = draw(st.sampled_from([
        None, "", f"<v>{text}</v>", f"<v>{text}</v>", "<v/>", f"<f>SUM(A1:A{row})</f><v>{text}</v>",
        '<f t="shared" si="0"/><v>4</v>', "<f>A1</f>", f"<is><t>{text}</t></is>",
        f'<is><t xml:space="preserve">{text}</t></is>', "<is><t/></is>", f"<v>1</v><is><t>{text}</t></is>"]))
    attributes = f' r="{ref}"{style}{kind}{other}'
    return f"<c{attributes}/>" if body is None else f"<c{attributes}>{body}</c>"


@st.composite
def plain_sheets(draw: Any) -> bytes:
    rows = []
    row = 0
    for _ in range(draw(st.integers(0, 8))):
        row += draw(st.sampled_from([1, 1, 1, 2, 0]))  # 0: the same number again
        row = max(row, 1)
        attributes = draw(st.sampled_from(["", ' spans="1:4"', ' spans="1:4" x14ac:dyDescent="0.25"',
                                           ' customFormat="false" ht="12.8" hidden="false"']))
        columns = sorted(draw(st.sets(st.integers(1, 7), max_size=5)))
        content = "".join(draw(plain_cell(row, col)) for col in columns)
        rows.append(f'<row r="{row}"{attributes}>{content}</row>' if content or draw(st.booleans())
                    else f'<row r="{row}"{attributes}/>')
    merges = draw(st.sampled_from(["", '<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>']))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="{MAIN}" xmlns:x14ac="x">'
            f'<dimension ref="A1"/><cols><col min="1" max="2" width="9"/></cols><sheetData>{"".join(rows)}'
            f'</sheetData>{merges}<pageMargins left="0.7"/></worksheet>').encode()


@settings(max_examples=250, deadline=None)
@given(plain_sheets(), st.integers(1, 10), st.integers(1, 8))
def test_plain_parts_read_as_elementtree_read_and_take_the_plain_path(xml: bytes, max_row: int, max_col: int) -> None:
    """Sheets as every writer writes them: read by ``plain_parts`` (not by expat's events), with the same cells,
    merged ranges and element count as the former reading."""
    assert outcome(fast, xml, max_row, max_col) == outcome(oracle, xml, max_row, max_col)
    region = xml[xml.index(b"<sheetData>") + len(b"<sheetData>"):xml.index(b"</sheetData>")]
    assert plain_cells(region, max_row, max_col, lambda letters: cell_position(letters + "1")[1]) is not None


@pytest.mark.parametrize("prolog", [
    '<!DOCTYPE worksheet [<!ENTITY e "x">]>',  # entities: defusedxml forbids them, so does this reader
    '<!DOCTYPE worksheet SYSTEM "http://example.com/x.dtd">',  # an external reference
])
def test_a_dtd_is_damage(prolog: str) -> None:
    """The guard refuses a DOCTYPE in the first 64 kB of a part; one after 64 kB of comments is refused here."""
    xml = f'<?xml version="1.0"?><!--{"x" * 70_000}-->{prolog}<worksheet xmlns="{MAIN}"><sheetData><row r="1">' \
          f'<c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    with pytest.raises(ValueError):
        fast(xml.encode(), 5, 5)


def oracle_strings(xml: bytes, last: int) -> tuple[list[str], int]:
    """The former reading of the shared strings, and the elements charged (whole batches of 1,024 when it stops
    early, as the generator did)."""
    strings: list[str] = []
    count = spent = 0
    for _, el in iterparse(io.BytesIO(xml)):
        count += 1
        if count == 1024:
            spent, count = spent + count, 0
        if _local(el.tag) == "si":
            strings.append(_text_of(el).replace("x005F_", ""))
            el.clear()
            if len(strings) > last:
                return strings, spent
    return strings, spent + count


def fast_strings(xml: bytes, last: int) -> tuple[list[str], int]:
    spent: list[int] = []
    strings = read_shared_strings(io.BytesIO(xml), last, spent.append)
    return strings, sum(spent)


@st.composite
def string_parts(draw: Any) -> bytes:
    p = draw(st.sampled_from(["", "x:"]))
    items = []
    for _ in range(draw(st.integers(0, 700))):
        text = draw(TEXTS)
        items.append(draw(st.sampled_from([
            f"<{p}si><{p}t>{text}</{p}t></{p}si>", f"<{p}si><{p}t>_x005F_{text}</{p}t></{p}si>",
            f"<{p}si><{p}r><{p}t>a</{p}t></{p}r><{p}r><{p}rPr/><{p}t>{text}</{p}t></{p}r>"
            f"<{p}rPh><{p}t>fon</{p}t></{p}rPh></{p}si>",
            f"<{p}si><{p}t>a<{p}x/>b</{p}t><{p}si><{p}t>binnen</{p}t></{p}si></{p}si>", f"<{p}si/>"])))
    ns = f'xmlns:x="{MAIN}"' if p else f'xmlns="{MAIN}"'
    return f'<?xml version="1.0"?><{p}sst {ns}>{"".join(items)}</{p}sst>'.encode()


@settings(max_examples=100, deadline=None)
@given(string_parts(), st.integers(-1, 800))
def test_shared_strings_read_as_elementtree_read(xml: bytes, last: int) -> None:
    assert outcome(lambda x, n, _: fast_strings(x, n), xml, last, 0) == outcome(
        lambda x, n, _: oracle_strings(x, n), xml, last, 0)


@st.composite
def plain_string_parts(draw: Any) -> bytes:
    """A shared-strings part as every writer writes one (``plain_parts`` reads those)."""
    items = []
    for _ in range(draw(st.integers(0, 700))):
        text = draw(PLAIN_TEXTS)
        items.append(draw(st.sampled_from([f"<si><t>{text}</t></si>", f'<si><t xml:space="preserve">{text}</t></si>',
                                           f"<si><t>_x005F_{text}</t></si>", "<si><t/></si>"])))
    prolog = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n', ""]))
    damage = draw(st.sampled_from(["", "", "", "<si><t>&onbekend;</t></si>"]))  # beyond a small ``last``: unread
    return f'{prolog}<sst xmlns="{MAIN}" count="{len(items)}" uniqueCount="{len(items)}">{"".join(items)}{damage}' \
           f"</sst>".encode()


@settings(max_examples=100, deadline=None)
@given(plain_string_parts(), st.integers(0, 800))
def test_plain_shared_strings_read_as_elementtree_read_and_take_the_plain_path(xml: bytes, last: int) -> None:
    assert outcome(lambda x, n, _: fast_strings(x, n), xml, last, 0) == outcome(
        lambda x, n, _: oracle_strings(x, n), xml, last, 0)
    if b"&onbekend;" not in xml:
        assert plain_strings(xml, last) is not None


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252", "UTF-8", "utf-16"])
def test_a_part_in_another_encoding_reads_as_elementtree_read(encoding: str) -> None:
    """The plain reading is for UTF-8 only; a part declared in another encoding is read by expat, as before."""
    text = "café œ" if encoding in ("windows-1252", "UTF-8", "utf-16") else "café"
    sheet = (f'<?xml version="1.0" encoding="{encoding}"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">'
             f'<c r="A1" t="str"><v>{text}</v></c></row></sheetData></worksheet>').encode(encoding)
    strings = f'<?xml version="1.0" encoding="{encoding}"?><sst xmlns="{MAIN}"><si><t>{text}</t></si></sst>'.encode(
        encoding)
    assert outcome(fast, sheet, 5, 5) == outcome(oracle, sheet, 5, 5) != "fails"
    assert outcome(lambda x, n, _: fast_strings(x, n), strings, 0, 0) == outcome(
        lambda x, n, _: oracle_strings(x, n), strings, 0, 0) != "fails"
    assert in_utf8(sheet) == (encoding == "UTF-8")
