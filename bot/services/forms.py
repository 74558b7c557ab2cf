"""The documents the packet writes without a notice template: the deeds essay, the 目录 cover,
and the plain label | value form for a notice that prints no form of its own (吉林's).

A4, 仿宋_GB2312 body and 方正小标宋简体 titles named for Latin and East Asian text alike, with
their fallbacks declared (`bot.paperwork.fonts`). The essay takes the faces and sizes its
notice states (晋中: “标题格式2号小标宋体字，正文3号仿宋字”), and the applicant's own title.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from bot.paperwork.fonts import FANGSONG, SIZES, XIAOBIAOSONG, declare, name_run
from bot.paperwork.values import cn_date
from eligibility.model import Document, Programme

BODY_SIZE, TITLE_SIZE = SIZES["小四"], SIZES["小二"]
"""Where a notice states no sizes: 小四 body (the forms' 仿宋小四), 小二 titles."""
OFFICE_BOX_HEIGHT = Cm(3.5)
NUMERAL = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五"}
TITLE_LINE_MAX = 40
"""A first line this short, with no sentence end, is the applicant's own title."""


def _size(typography: str | None, part: str, default: float) -> float:
    """The 字号 a notice gives a part (“标题格式2号”, “正文3号”), in points."""
    match = re.search(rf"{part}[^，；。]*?(小?[一二三四五初1-5])号", typography or "")
    if not match:
        return default
    word = match[1]
    word = word[:-1] + NUMERAL.get(word[-1], word[-1])
    return SIZES.get(f"{word}号" if not word.startswith("小") else word, default)


def _font(run: Any, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    name_run(run, name)


def _a4() -> Any:
    document = new_docx()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.5)
    declare(document)
    return document


def _title(document: Any, text: str, size: float = TITLE_SIZE) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), XIAOBIAOSONG, size)


def _body(document: Any, text: str, *, indent: bool = True, size: float = BODY_SIZE) -> None:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), FANGSONG, size)


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    _font(paragraph.add_run(text), FANGSONG, BODY_SIZE, bold=bold)


def registration_form(programme: Programme, values: dict[str, str], path: Path) -> None:
    """The pack's boxes, one row each, then the office boxes left blank: for a notice that
    attaches no form of its own."""
    document = _a4()
    _title(document, programme.form.title)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for field in programme.form.fields:
        if field.type == "photo":
            continue
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


def _own_title(text: str) -> tuple[str, str]:
    """(title, rest) when the text opens with a title line the applicant wrote."""
    first, _, rest = text.strip().partition("\n")
    if first and len(first) <= TITLE_LINE_MAX and not re.search(r"[。！？；，,.!?;]$", first):
        return first.strip(), rest
    return "", text


def essay(spec: Document, title: str, sections: dict[str, str], text: str,
          path: Path) -> None:
    """The deeds essay: the applicant's title (their 标题 section or their opening line; the
    item's name only when they wrote none) and their paragraphs, in the notice's faces/sizes."""
    typography = spec.spec.typography
    title_size = _size(typography, "标题", TITLE_SIZE)
    body_size = _size(typography, "正文", BODY_SIZE)
    if not title and not sections:
        title, text = _own_title(text)
    document = _a4()
    _title(document, title or spec.name, title_size)
    if sections:
        for name, body in sections.items():
            if name == "标题":
                continue
            _body(document, name, indent=False, size=body_size)
            for line in body.splitlines():
                _body(document, line, size=body_size)
    else:
        for line in text.splitlines():
            if line.strip():
                _body(document, line.strip(), size=body_size)
    document.save(str(path))


def cover(programme: Programme, lines: list[tuple[str, str]], contents: list[str],
          path: Path, today: dt.date) -> None:
    """The packet's first page: who and what, then the 目录 of what follows."""
    document = _a4()
    _title(document, f"{programme.name}申报材料")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in lines:
        row = table.add_row().cells
        _cell(row[0], label, bold=True)
        _cell(row[1], value)
    _title(document, "目  录", SIZES["三号"])
    for item in contents:
        _body(document, item, indent=False)
    _body(document, f"生成日期：{cn_date(today.year, today.month, today.day)}", indent=False)
    document.save(str(path))
