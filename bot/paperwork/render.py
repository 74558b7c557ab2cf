"""Filling a pack's form template with docxtpl.

The context holds every box's printed text (`values.form_texts`), a line break kept as a line
break, the applicant's photo cropped to the 2-inch ratio (35 mm × 49 mm, 5:7) for the 照片 cell,
and for boxes the notice draws as a table (主要经历: 起止时间 / 单位 / 证明人) one row per line
the applicant wrote. Nothing else enters: a template may only show what the notice prints and
what the applicant gave.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, Listing
from PIL import Image, ImageOps

from bot.paperwork.values import form_texts
from eligibility.loader import programmes_dir
from eligibility.model import Programme

PHOTO_MM = (33, 46.2)
"""The photo as printed in the cell: the 2-inch 35 × 49 mm ratio, inside the cell's padding."""
BLANK_ROWS = 3
"""A table box (主要经历) prints at least this many rows, blank ones for the office's pen."""
COLUMN_SPLIT = re.compile(r"\s*[|｜\t，,；;]\s*|\s{2,}|\s+")
WITNESS = re.compile(r"[（(]?\s*(证明人|证明材料)\s*[:：]\s*([^）)]+)[）)]?\s*$")


FORM = "登记表"
"""The template of the applicant's own form (登记表, 推荐表, 申报表: the pack's `form`)."""


class TemplateMissing(LookupError):
    pass


def template_path(programme: Programme, name: str) -> Path:
    return programmes_dir() / programme.id / "forms" / f"{name}.docx"


def has_template(programme: Programme, name: str) -> bool:
    return template_path(programme, name).exists()


def cropped_photo(data: bytes) -> io.BytesIO:
    """The photo cut to 5:7 around its centre, as JPEG (a phone photo is 3:4 or 9:16)."""
    with Image.open(io.BytesIO(data)) as image:
        fitted = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGB"), (413, 579))
    out = io.BytesIO()
    fitted.save(out, "JPEG", quality=90)
    out.seek(0)
    return out


def table_rows(text: str, columns: int) -> list[list[str]]:
    """One row per line; the first piece is the first column, the last the last (证明人), the
    rest the middle. A line that does not split keeps its words in the middle column, so
    nothing typed is dropped and nothing is guessed into the other columns."""
    rows = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        parts = [part for part in COLUMN_SPLIT.split(line) if part]
        if len(parts) < columns:
            row = [""] * columns
            row[1 if columns > 1 else 0] = line
        else:
            row = [parts[0], " ".join(parts[1:len(parts) - columns + 2]), *parts[2 - columns:]]
            row = row[:columns]
        rows.append(row)
    return rows


def with_witness(text: str) -> dict[str, str]:
    """An achievement box split into its 内容 and 证明人或证明材料 when the applicant named one
    (“……（证明人：王明）”); otherwise the whole text is the content."""
    match = WITNESS.search(text)
    if not match:
        return {"content": text, "witness": ""}
    return {"content": text[:match.start()].rstrip("，,；; "), "witness": match[2].strip()}


def _text(value: str) -> Any:
    return Listing(value) if "\n" in value else value


def context(programme: Programme, values: dict[str, Any]) -> dict[str, Any]:
    texts = form_texts(programme, values)
    out: dict[str, Any] = {key: _text(value) for key, value in texts.items()}
    for field in programme.form.fields:
        text = texts.get(field.id, "")
        if field.type == "table":
            rows = table_rows(text, 3)
            rows += [["", "", ""]] * max(0, BLANK_ROWS - len(rows))
            out[f"{field.id}_rows"] = [dict(zip(("a", "b", "c"), row, strict=True))
                                       for row in rows]
        elif field.type == "long_text":
            out[f"{field.id}_split"] = {k: _text(v) for k, v in with_witness(text).items()}
    out["programme_name"], out["programme_short"] = programme.name, programme.short_name
    return out


def render(programme: Programme, name: str, values: dict[str, Any], target: Path, *,
           photo: bytes | None = None, extra: dict[str, Any] | None = None) -> None:
    path = template_path(programme, name)
    if not path.exists():
        raise TemplateMissing(f"{programme.id} has no template {name!r}")
    document = DocxTemplate(str(path))
    data = context(programme, values) | (extra or {})
    data["photo"] = (InlineImage(document, cropped_photo(photo), width=Mm(PHOTO_MM[0]),
                                 height=Mm(PHOTO_MM[1])) if photo else "")
    document.render(data, autoescape=True)
    document.save(str(target))
