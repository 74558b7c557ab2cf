"""The documents an office prints: the registration form, the deeds essay, the cover sheet.

Laid out like the notices' attachments: A4, the form as one bordered table, 仿宋 for the body
and 小标宋 for titles, the office's opinion boxes left blank (tall) for signatures and stamps.
Chinese fonts must be named on `w:eastAsia`, or Word falls back to a Latin font for hanzi.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.run import Run

from eligibility.model import Programme

BODY_FONT, TITLE_FONT = "仿宋", "方正小标宋简体"
BODY_SIZE, TITLE_SIZE = Pt(12), Pt(18)
"""仿宋小四 (12 pt) as the Luoyang notice asks; 二号 titles are 22 pt, 18 pt fits a form."""
OFFICE_BOX_HEIGHT = Cm(3.5)


def _font(run: Run, name: str, size: Pt, *, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, size, bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _a4(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.5)


def _title(document: Any, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), TITLE_FONT, TITLE_SIZE)


def _body(document: Any, text: str, *, indent: bool = True) -> None:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    _font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    _font(paragraph.add_run(text), BODY_FONT, BODY_SIZE, bold=bold)


def registration_form(programme: Programme, values: dict[str, str], path: Path) -> None:
    """The pack's form, every field a row, then the office boxes left blank."""
    document = Document()
    _a4(document)
    _title(document, programme.form.title)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for field in programme.form.fields:
        row = table.add_row().cells
        _cell(row[0], field.label, bold=True)
        _cell(row[1], str(values.get(field.id, "")))
    for box in programme.form.office_boxes:
        row = table.add_row()
        row.height = OFFICE_BOX_HEIGHT
        _cell(row.cells[0], box, bold=True)
        _cell(row.cells[1], "\n\n（盖章）      年   月   日")
    for cell in table.columns[0].cells:
        cell.width = Cm(4.5)
    document.save(str(path))


def essay(title: str, sections: dict[str, str], text: str, path: Path) -> None:
    """The deeds essay: the title in 小标宋, each section's text in 仿宋 paragraphs."""
    document = Document()
    _a4(document)
    _title(document, title)
    if sections:
        for name, body in sections.items():
            if name == "标题":
                continue
            _body(document, name, indent=False)
            for line in body.splitlines():
                _body(document, line)
    else:
        for line in text.splitlines():
            _body(document, line)
    document.save(str(path))


def cover(programme: Programme, lines: list[tuple[str, str]], contents: list[str],
          path: Path, today: dt.date) -> None:
    """A cover sheet: Changchun asks for a 档案袋封面; elsewhere a plain one."""
    document = Document()
    _a4(document)
    archive = any("档案袋" in d.name for d in programme.documents)
    _title(document, f"{programme.name}申报材料" + ("档案袋封面" if archive else "封面"))
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in lines:
        row = table.add_row().cells
        _cell(row[0], label, bold=True)
        _cell(row[1], value)
    _body(document, "申报材料目录：", indent=False)
    for index, item in enumerate(contents, start=1):
        _body(document, f"{index}. {item}", indent=False)
    _body(document, f"生成日期：{today.year}年{today.month}月{today.day}日", indent=False)
    document.save(str(path))
