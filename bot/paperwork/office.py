"""Papers the office itself sends upward, filled when it exports: 长春's 档案袋封面 (附件4), one
per applicant, with the office's own contact and the applicant's name, phone and employer.
Only what the office and the applicant gave goes in; a box neither gave stays blank."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bot.paperwork import render
from eligibility.model import Programme

ARCHIVE_COVER = "档案袋封面"


def archive_cover(programme: Programme, values: dict[str, Any], *, unit: str, contact: str,
                  office_phone: str) -> bytes | None:
    """The filled cover as DOCX bytes, or None where the notice has no such cover."""
    if not render.has_template(programme, ARCHIVE_COVER):
        return None
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "cover.docx"
        render.render(programme, ARCHIVE_COVER, values, path,
                      extra={"unit": unit, "contact": contact, "office_phone": office_phone})
        return path.read_bytes()
