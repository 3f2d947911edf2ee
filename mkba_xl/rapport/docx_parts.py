"""The building blocks of the memo in python-docx: styles, paragraphs, tables, pictures and the page footer, in
the one palette of the workbook (``xlsx.styles``). The document (``document``) only arranges them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..xlsx.styles import BENEFIT_GREEN, COST_RED, HEADER_BLUE, NAVY, RULE_GREY, TEXT_DARK, WHITE

__all__ = ["BAND_BENEFITS", "BAND_COSTS", "Cell", "TEXT_WIDTH_CM", "bullet", "footer", "heading", "note", "paragraph",
           "picture", "setup", "table"]

TEXT_WIDTH_CM = 16.0
"""A4 (21 cm) with margins of 2,5 cm."""
FONT = "Calibri"
BAND_COSTS, BAND_BENEFITS = "kosten", "baten"
_BAND_FILL = {BAND_COSTS: COST_RED, BAND_BENEFITS: BENEFIT_GREEN}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def setup(doc: DocumentObject) -> None:
    """A4 with 2,5 cm margins; Calibri 10 pt in Dutch; headings in the palette's navy."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.1
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "nl-NL")
    rpr.append(language)
    for name, size, before in (("Title", 20, 0), ("Heading 1", 13.5, 14), ("Heading 2", 11, 10)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = _rgb(NAVY)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(4)
        style.paragraph_format.keep_with_next = True


def heading(doc: DocumentObject, text: str, level: int = 1) -> None:
    doc.add_heading(text, level)


def paragraph(doc: DocumentObject, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
              colour: str | None = None, after: float | None = None) -> Any:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = _rgb(colour)
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    return p


def note(doc: DocumentObject, text: str) -> None:
    """A small grey note under a table or picture."""
    paragraph(doc, text, italic=True, size=8.5, colour=TEXT_DARK, after=8)


def bullet(doc: DocumentObject, head: str, text: str) -> None:
    """A bullet with a bold start."""
    p = doc.add_paragraph(style="List Bullet")
    p.add_run(head).bold = True
    p.add_run(f": {text}" if text else "")


def picture(doc: DocumentObject, png: bytes, width_cm: float = TEXT_WIDTH_CM) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.keep_with_next = False
    p.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))


class Cell:
    """A table cell's text and look: bold, right-aligned (numbers), indented (sub-lines), a band (costs/benefits)."""

    def __init__(self, text: str, *, bold: bool = False, right: bool = False, indent: bool = False,
                 band: str = "", italic: bool = False) -> None:
        self.text, self.bold, self.right, self.indent, self.band, self.italic = text, bold, right, indent, band, italic


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


def _borders(table: Any) -> None:
    """Thin grey rules between rows, none between columns."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "bottom", "insideH"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", RULE_GREY.lstrip("#"))):
            element.set(qn(key), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _fill(cell: Any, content: Cell, header: bool, size: float) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(1)
    p.paragraph_format.space_before = Pt(1)
    if content.right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if content.indent:
        p.paragraph_format.left_indent = Cm(0.4)
    run = p.add_run(content.text)
    run.font.size = Pt(size)
    run.bold = content.bold or header or bool(content.band)
    run.italic = content.italic
    if content.band:
        run.font.color.rgb = _rgb(WHITE)
        _shade(cell, _BAND_FILL[content.band])
    elif header:
        _shade(cell, HEADER_BLUE)


def table(doc: DocumentObject, header: Sequence[Cell] | None, rows: Sequence[Sequence[Cell]],
          widths_cm: Sequence[float], *, size: float = 9.0) -> None:
    """A table of ``rows`` under an optional shaded ``header`` (repeated on every page), columns ``widths_cm`` wide."""
    body = [list(header)] if header else []
    body += [list(r) for r in rows]
    t = doc.add_table(rows=len(body), cols=len(widths_cm))
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    _borders(t)
    for column, width in zip(t.columns, widths_cm):
        column.width = Cm(width)  # the grid, which LibreOffice follows; Word follows the cells' widths
    for i, cells in enumerate(body):
        row = t.rows[i]
        properties = row._tr.get_or_add_trPr()
        keep = OxmlElement("w:cantSplit")
        properties.append(keep)
        if header and i == 0:
            repeat = OxmlElement("w:tblHeader")
            properties.append(repeat)
        band = next((c.band for c in cells if c.band), "")
        for j, width in enumerate(widths_cm):
            cell = row.cells[j]
            cell.width = Cm(width)
            content = cells[j] if j < len(cells) else Cell("", band=band)
            if band and not content.band:
                content = Cell(content.text, right=content.right, band=band)
            _fill(cell, content, bool(header) and i == 0, size)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def footer(doc: DocumentObject, text: str) -> None:
    """``text`` and the page number in the footer of every page."""
    p = doc.sections[0].footer.paragraphs[0]
    run = p.add_run(f"{text} — pagina ")
    run.font.size, run.font.color.rgb = Pt(7.5), _rgb(TEXT_DARK)
    field = p.add_run()
    field.font.size = Pt(7.5)
    for kind, value in (("begin", None), ("instr", " PAGE "), ("end", None)):
        if kind == "instr":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = value
            field._r.append(instruction)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            field._r.append(char)
