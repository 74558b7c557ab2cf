"""Reading a rendered PDF the way a reviewer looks at it: its pages, its words with their
boxes (pdftotext -bbox), its images, and the faults a form must not have."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader

from eligibility.vocabulary import vocabulary

ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
PADDED_MONTH = re.compile(r"\d{4}年0\d月")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    box: tuple[float, float, float, float]
    page_size: tuple[float, float]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


def words(pdf: Path) -> list[Word]:
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         check=True, text=True).stdout
    out = []
    root = ElementTree.fromstring(xml)
    for number, page in enumerate(root.iter(f"{NS}page"), start=1):
        size = (float(page.get("width", 0)), float(page.get("height", 0)))
        for word in page.iter(f"{NS}word"):
            box = tuple(float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
            out.append(Word(number, word.text or "", box, size))  # type: ignore[arg-type]
    return out


def pages(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def images(pdf: Path) -> int:
    return sum(len(page.images) for page in PdfReader(str(pdf)).pages)


def outside_page(pdf: Path, margin: float = 14.0) -> list[Word]:
    """Words whose box reaches within `margin` points of the paper's edge or beyond it."""
    return [w for w in words(pdf) if w.box[0] < margin or w.box[1] < margin
            or w.box[2] > w.page_size[0] - margin or w.box[3] > w.page_size[1] - margin]


def raw_codes(content: str) -> list[str]:
    """Maintainers' words that must not reach a printed form: vocabulary keys, field ids,
    template markup, “推定”-style notes are checked by the caller."""
    keys = {key for spec in vocabulary().facts.values() for key in (spec.values or {})}
    found = [token for token in SNAKE.findall(content)]
    found += [key for key in keys if re.search(rf"\b{re.escape(key)}\b", content)
              and not key.isdigit() and len(key) > 2]
    found += [mark for mark in ("{{", "}}", "{%", "%}") if mark in content]
    return found


def pdftotext() -> str | None:
    import shutil
    return shutil.which("pdftotext")


def blocks(pdf: Path) -> list[str]:
    """The text of each block poppler finds (a table cell, a paragraph), whitespace removed:
    a label wrapped over lines inside its cell is found whole."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True, text=True).stdout
    root = ElementTree.fromstring(xml)
    return ["".join(word.text or "" for word in block.iter(f"{NS}word"))
            for block in root.iter(f"{NS}block")]


def lines(pdf: Path) -> list[str]:
    """The words on each printed line (same page, same baseline), left to right: “年 月 日”
    spaced across a box is one line even where poppler makes three blocks of it."""
    rows: dict[tuple[int, int], list[Word]] = {}
    for word in words(pdf):
        rows.setdefault((word.page, round(word.box[3])), []).append(word)
    return ["".join(w.text for w in sorted(row, key=lambda w: w.box[0]))
            for _, row in sorted(rows.items())]


def stacks(pdf: Path) -> list[str]:
    """Words stacked in one column, line under line (a table cell's wrapped text, which
    poppler may fold into one block with its neighbours'), top to bottom."""
    piles: list[list[Word]] = []
    for word in sorted(words(pdf), key=lambda w: (w.page, w.box[1], w.box[0])):
        for pile in piles:
            last = pile[-1]
            overlap = min(last.box[2], word.box[2]) - max(last.box[0], word.box[0])
            narrower = min(last.box[2] - last.box[0], word.box[2] - word.box[0])
            gap = word.box[1] - last.box[3]
            if (last.page == word.page and overlap > 0.3 * narrower
                    and -2 < gap < (last.box[3] - last.box[1]) * 0.8):
                pile.append(word)
                break
        else:
            piles.append([word])
    return ["".join(w.text for w in pile) for pile in piles]


def has_text(pdf: Path, wanted: str) -> bool:
    target = flat(wanted)
    return (any(target in block for block in blocks(pdf)) or target in flat(text(pdf))
            or any(target in line for line in lines(pdf))
            or any(target in pile for pile in stacks(pdf)))
