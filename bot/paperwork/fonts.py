"""The faces the notices name, as a clerk's Windows machine has them, with their fallbacks.

Word looks a missing face up in the document's font table and takes its `w:altName`; the
`w:charset` 86 (GB2312) tells it the face is Chinese, so it never falls back to a Latin or sans
face for hanzi. LibreOffice on Linux maps the same names through `fonts.conf`.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

FANGSONG, SONG, XIAOBIAOSONG, HEI = "仿宋_GB2312", "宋体", "方正小标宋简体", "黑体"
FALLBACKS = {FANGSONG: "仿宋", SONG: "SimSun", XIAOBIAOSONG: "宋体", HEI: "SimHei"}
SIZES = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
         "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}
"""The Chinese type sizes (字号) in points."""


def declare(document: Any) -> None:
    """Body text in 仿宋_GB2312, language zh-CN, and every face's fallback in the font table."""
    style = document.styles["Normal"]
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FANGSONG)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "zh-CN")
    language.set(qn("w:eastAsia"), "zh-CN")
    style.element.get_or_add_rPr().append(language)
    table = next(rel.target_part for rel in document.part.rels.values()
                 if rel.reltype.endswith("/fontTable"))
    root = etree.fromstring(table.blob)
    for name, alternative in FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alternative), ("w:charset", "86"),
                           ("w:family", "swiss" if name == HEI else "modern")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        root.append(font)
    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def name_run(run: Any, face: str) -> None:
    """Name the face for Latin and East Asian text alike (Word reads `w:eastAsia` for hanzi)."""
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), face)
