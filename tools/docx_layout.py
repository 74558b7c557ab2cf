"""Building blocks for authoring the forms' DOCX templates with python-docx.

A template is the notice's 附件 drawn once: A4, the grid with its merged cells, the labels
verbatim, and docxtpl placeholders (`{{ name }}`) where the applicant's values go. The service
only fills templates (`bot.paperwork.render`); these helpers are how the first version of each
template was drawn (`make templates`), and a maintainer may equally correct a template in Word.

Fonts are named as a clerk's Windows machine has them, with East Asian fallbacks declared in
the font table (`bot.paperwork.fonts`), so Word picks a serif 仿宋/宋体 face, not a sans one.
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from bot.paperwork.fonts import FANGSONG, HEI, SIZES, XIAOBIAOSONG, declare, name_run

CENTER, LEFT, RIGHT = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT,
                       WD_ALIGN_PARAGRAPH.RIGHT)


def slot(key: str) -> str:
    """The docxtpl placeholder of a box."""
    return "{{ " + key + " }}"


def new_document(*, landscape: bool = False, margins_cm: float = 2.5) -> Any:
    document = Document()
    section = document.sections[0]
    width, height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margins_cm))
    _defaults(document)
    return document


def _defaults(document: Any) -> None:
    style = document.styles["Normal"]
    style.font.name, style.font.size = FANGSONG, Pt(SIZES["小四"])
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    declare(document)


def run(paragraph: Any, text: str, *, face: str = FANGSONG, size: str = "小四",
        bold: bool = False, underline: bool = False) -> Any:
    piece = paragraph.add_run(text)
    piece.font.name, piece.font.size = face, Pt(SIZES[size])
    piece.font.bold, piece.font.underline = bold, underline
    name_run(piece, face)
    return piece


def paragraph(container: Any, text: str = "", *, face: str = FANGSONG, size: str = "小四",
              align: Any = LEFT, bold: bool = False, before: float = 0, after: float = 0,
              indent: bool = False) -> Any:
    para = container.add_paragraph()
    para.alignment = align
    para.paragraph_format.space_before, para.paragraph_format.space_after = Pt(before), Pt(after)
    if indent:
        para.paragraph_format.first_line_indent = Pt(SIZES[size] * 2)
    if text:
        run(para, text, face=face, size=size, bold=bold)
    return para


def page_break(document: Any) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def grid(document: Any, widths_cm: list[float], rows: int) -> Any:
    """A bordered table of fixed column widths (Word honours `w:tblGrid` and each cell's
    `w:tcW`; LibreOffice the grid), centred on the page."""
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def height(table: Any, row: int, cm: float, *, exact: bool = False) -> None:
    table.rows[row].height = Cm(cm)
    table.rows[row].height_rule = (WD_ROW_HEIGHT_RULE.EXACTLY if exact
                                   else WD_ROW_HEIGHT_RULE.AT_LEAST)


def cell(table: Any, row: int, column: int, text: str = "", *, to_row: int | None = None,
         to_column: int | None = None, align: Any = CENTER, valign: str = "center",
         size: str = "小四", face: str = FANGSONG, bold: bool = False) -> Any:
    """Write `text` (lines split on newlines) into a cell, merged to (`to_row`, `to_column`)."""
    target = table.cell(row, column)
    if to_row is not None or to_column is not None:
        target = target.merge(table.cell(row if to_row is None else to_row,
                                         column if to_column is None else to_column))
    target.vertical_alignment = {"center": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
                                 "top": WD_CELL_VERTICAL_ALIGNMENT.TOP,
                                 "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}[valign]
    lines = text.split("\n") if text else [""]
    first = target.paragraphs[0]
    for index, line in enumerate(lines):
        para = first if index == 0 else target.add_paragraph()
        para.alignment = align
        if line:
            run(para, line, face=face, size=size, bold=bold)
    return target


def add_lines(target: Any, lines: list[tuple[str, Any]], *, size: str = "小四") -> None:
    """Further paragraphs in a cell, each `(text, alignment)`."""
    for text, align in lines:
        para = target.add_paragraph()
        para.alignment = align
        if text:
            run(para, text, size=size)


def underline_field(document: Any, label: str, placeholder: str, *, label_cm: float,
                    value_cm: float, size: str = "三号") -> None:
    """A cover line “label ______” with the value written on the rule."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, (label_cm, value_cm), strict=True):
        column.width = Cm(width)
        column.cells[0].width = Cm(width)
    cell(table, 0, 0, label, align=LEFT, size=size, valign="bottom")
    cell(table, 0, 1, placeholder, size=size, valign="bottom")
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    table.cell(0, 1)._tc.get_or_add_tcPr().append(borders)
    height(table, 0, 1.3)


def cover_page(document: Any, title: str, fields: list[tuple[str, str]], *, label_cm: float,
               value_cm: float) -> None:
    """A 登记表's cover as the Henan-style notices print it: 附件2, the title, 登 记 表, the
    underlined fields, 填报日期, then a page break."""
    paragraph(document, "附件2", face=HEI, size="三号")
    paragraph(document, title, face=XIAOBIAOSONG, size="二号", align=CENTER, before=120)
    paragraph(document, "登  记  表", face=XIAOBIAOSONG, size="二号", align=CENTER,
              before=12, after=150)
    for label, key in fields:
        underline_field(document, label, slot(key), label_cm=label_cm, value_cm=value_cm)
    paragraph(document, "填报日期：{{ filled_on }}", size="三号", align=CENTER, before=90)
    page_break(document)
