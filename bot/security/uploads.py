"""Checks an uploaded file must pass before any parser sees it.

A 199 KB DOCX holding two million paragraphs took python-docx 235 s and 1.4 GB; a 2 MB DOCX
hid a 2 GB member; a 48 KB PNG declared 7000×7000 pixels. Each is visible from metadata that
costs nothing to read: a ZIP's central directory (member count, declared sizes, ratios) and an
image's header (pixel count against the bytes it came in). These run first; a file that passes
is then parsed by the usual libraries, within bounds these numbers set.
"""

from __future__ import annotations

import unicodedata
import zipfile

MAX_MEMBERS = 300
"""A real DOCX has 10 to 60 parts (the body, styles, fonts, a few images)."""
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_BODY_XML = 8 * 1024 * 1024
"""`word/document.xml` of a 20,000-character essay with tables is well under 1 MB."""
MAX_RATIO = 100
"""Uncompressed to compressed, per member larger than `RATIO_FLOOR`: XML compresses about 10:1,
a bomb thousands to one."""
RATIO_FLOOR = 1024 * 1024
MAX_PNG_RATIO = 400
"""Decoded bytes to file bytes for a large PNG: a photo or scan stays below 20, a screenshot of
a white page near 100; 7000×7000 in 48 KB is 3000."""
RATIO_PIXELS = 12_000_000
"""Below 12 megapixels (a 4000×3000 photo) decoding costs little whatever the ratio: a blank
page screenshot may compress a thousand to one and is still harmless."""
MAX_NAME = 120


class Unsafe(Exception):
    """The file is refused before parsing; `key` is the catalogue reason."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a ZIP-based file whose directory announces a bomb."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Unsafe("upload.refused_bomb")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > RATIO_FLOOR and \
                member.file_size > MAX_RATIO * max(1, member.compress_size):
            raise Unsafe("upload.refused_bomb")
        if member.filename == "word/document.xml" and member.file_size > MAX_BODY_XML:
            raise Unsafe("upload.refused_bomb")
    if total > MAX_UNCOMPRESSED:
        raise Unsafe("upload.refused_bomb")


def check_png(width: int, height: int, channels: int, size: int) -> None:
    """Refuse a PNG whose pixels could only come from a crafted file."""
    if width * height > RATIO_PIXELS and \
            width * height * max(1, channels) > MAX_PNG_RATIO * max(1, size):
        raise Unsafe("upload.refused_bomb")


def clean_name(name: str) -> str:
    """The file name without control characters or path parts, as the dashboard shows it."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    return printable.strip()[:MAX_NAME]
