"""Judging an uploaded file by its bytes, and storing it where nothing serves it.

Names and MIME types come from the sender and prove nothing: a file is what Pillow (opened with
named formats only), pypdf or the DOCX zip structure say it is. Decompression bombs are refused
from the header before any pixel is decoded, ZIP bombs from the archive's directory before any
member is inflated (`bot.security.uploads`); HEIC is converted to JPEG so every office can open
it; very large photos are scaled down rather than refused. Every photo is re-encoded upright
without its metadata: EXIF carries the GPS position of the applicant's home and the camera.
Whatever a parser raises on a hostile file becomes a refusal, never a server error. A refusal
carries a catalogue key so the adapter answers in the applicant's language and the engine
never sees the file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import secrets
import zipfile
from dataclasses import dataclass, replace

import docx
import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from bot.config import DEFAULT_UPLOAD_MB
from bot.security.uploads import Unsafe, check_png, check_zip, clean_name
from bot.services.photo import photo_flags
from bot.storage import FileStore
from dialogs import essay
from dialogs.types import FileRef

DEFAULT_MAX_BYTES = DEFAULT_UPLOAD_MB * 1024 * 1024
"""The limit when no setting is given (tools and tests); the server passes `upload_max_mb`."""
MAX_PIXELS = 50_000_000
"""A 50-megapixel phone photo passes; a 20000×20000 bomb (400 Mpx) is refused from its header."""
RESIZE_LONG_SIDE = 4000
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png"}
MIME = {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
INCOMING = "incoming"
log = logging.getLogger(__name__)

pillow_heif.register_heif_opener()


class Refused(ValueError):
    """The file is not accepted; `key` is the catalogue message that says why and how to fix."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Judged:
    """An accepted file: the bytes to store (HEIC already converted) and what they are."""

    data: bytes
    ref: FileRef


def too_large(max_bytes: int) -> Refused:
    return Refused("upload.refused_too_large", mb=max_bytes // (1024 * 1024))


def judge(data: bytes, name: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> Judged:
    """Accept or refuse a file by its content alone."""
    name = clean_name(name)
    if not data:
        raise Refused("upload.refused_empty")
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    try:
        if data.startswith(b"%PDF-"):
            return _pdf(data, name)
        if data.startswith(b"PK\x03\x04"):
            return _docx(data, name)
        return _image(data, name)
    except Refused:
        raise
    except Unsafe as unsafe:
        raise Refused(unsafe.key) from unsafe
    except Exception as error:  # a parser's own failure on a crafted file: refuse, never 500
        log.warning("an upload was refused: its parser failed with %s", type(error).__name__)
        raise Refused("upload.refused_broken") from error


def _ref(data: bytes, name: str, kind: str, **extra: object) -> Judged:
    ref = FileRef(ref="", name=name[:120], mime=MIME[kind], size=len(data), kind=kind,
                  sha256=hashlib.sha256(data).hexdigest(), **extra)  # type: ignore[arg-type]
    return Judged(data, ref)


def _pdf(data: bytes, name: str) -> Judged:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused("upload.refused_encrypted")
        pages = len(reader.pages)
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise Refused("upload.refused_broken") from error
    if pages == 0:
        raise Refused("upload.refused_no_pages")
    return _ref(data, name, "pdf", pages=pages)


def _docx(data: bytes, name: str) -> Judged:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if not {"[Content_Types].xml", "word/document.xml"} <= names:
                raise Refused("upload.refused_type")
            check_zip(archive)
            if archive.testzip() is not None:
                raise Refused("upload.refused_broken")
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise Refused("upload.refused_broken") from error
    return _ref(data, name, "docx", chars=essay.count(text))


def _image(data: bytes, name: str) -> Judged:
    try:
        image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "HEIF"])
    except UnidentifiedImageError as error:
        raise Refused("upload.refused_type") from error
    except (OSError, Image.DecompressionBombError) as error:
        raise Refused("upload.refused_huge_image") from error
    with image:
        if image.width * image.height > MAX_PIXELS:
            raise Refused("upload.refused_huge_image")
        if image.format == "PNG":
            check_png(image.width, image.height, len(image.getbands()), len(data))
        kind = IMAGE_FORMATS.get(image.format or "") or "jpeg"
        if image.format == "JPEG":
            image.draft("RGB", (RESIZE_LONG_SIDE, RESIZE_LONG_SIDE))
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as error:
            raise Refused("upload.refused_broken") from error
        data, image = _reencoded(image, kind)
        flags = photo_flags(image)
        judged = _ref(data, name, kind, width=image.width, height=image.height, pages=1)
        return replace(judged, ref=replace(judged.ref, flags=flags))


def _reencoded(image: Image.Image, kind: str) -> tuple[bytes, Image.Image]:
    """The picture turned upright, no longer than RESIZE_LONG_SIDE, saved again as `kind`
    (HEIC becomes JPEG) with no metadata at all: no EXIF, no GPS, no camera."""
    upright = ImageOps.exif_transpose(image)
    converted = upright.convert("RGB") if kind == "jpeg" else upright
    converted.thumbnail((RESIZE_LONG_SIDE, RESIZE_LONG_SIDE))
    buffer = io.BytesIO()
    if kind == "jpeg":
        converted.save(buffer, "JPEG", quality=90)
    else:
        converted.save(buffer, "PNG")
    return buffer.getvalue(), converted


def store(judged: Judged, files: FileStore) -> FileRef:
    """Write the bytes under a random name in `incoming/` (never a served path); the
    conversation moves the file into the applicant's own folder when the turn commits.
    Blocking: call it from a worker thread (`bot.services.incoming.accept`)."""
    key = f"{INCOMING}/{secrets.token_urlsafe(18)}"
    files.put(key, judged.data)
    return replace(judged.ref, ref=key)
