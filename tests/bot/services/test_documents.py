"""Files are judged by their bytes: good ones are described, bad ones refused with a reason."""

from __future__ import annotations

import hashlib

import pytest

from bot.services.documents import Refused, judge, store
from bot.storage import FileStore
from tests.bot.services import samples
from tests.file_stores import BOTH_STORES


def test_a_jpeg_is_accepted_with_its_size_and_the_hash_of_what_is_kept() -> None:
    """What is kept is the photo re-encoded without its metadata (EXIF may hold the GPS
    position), so the hash is of those bytes; the same photo sent twice hashes alike."""
    data = samples.jpeg((1200, 1600))
    judged = judge(data, "photo.jpg")
    assert (judged.ref.kind, judged.ref.width, judged.ref.height) == ("jpeg", 1200, 1600)
    assert judged.ref.sha256 == hashlib.sha256(judged.data).hexdigest()
    assert judge(data, "again.jpg").ref.sha256 == judged.ref.sha256


def test_a_png_renamed_as_pdf_is_still_a_png() -> None:
    assert judge(samples.png(), "scan.pdf").ref.kind == "png"


def test_heic_is_converted_to_jpeg() -> None:
    judged = judge(samples.heic(), "IMG_0001.HEIC")
    assert judged.ref.kind == "jpeg" and judged.data[:2] == b"\xff\xd8"


def test_a_pdf_reports_its_pages() -> None:
    assert judge(samples.pdf(pages=3)).ref.pages == 3


def test_a_docx_is_recognised_by_its_zip_structure() -> None:
    assert judge(samples.docx()).ref.kind == "docx"


def test_a_very_large_photo_is_scaled_down_rather_than_refused() -> None:
    judged = judge(samples.jpeg((6000, 4500)))
    assert max(judged.ref.width, judged.ref.height) == 4000


@pytest.mark.parametrize(("data", "key"), [
    (b"", "upload.refused_empty"),
    (samples.exe(), "upload.refused_type"),
    (samples.png_bomb(), "upload.refused_huge_image"),
    (samples.jpeg()[:3000], "upload.refused_broken"),
    (samples.pdf(password="secret"), "upload.refused_encrypted"),
    (b"%PDF-1.4\n garbage", "upload.refused_broken"),
    (b"PK\x03\x04 not a zip at all", "upload.refused_broken"),
    (samples.pdf(pages=0), "upload.refused_no_pages"),
], ids=["empty", "renamed-exe", "png-bomb", "truncated-jpeg", "encrypted-pdf", "broken-pdf",
        "broken-zip", "pdf-without-pages"])
def test_bad_files_are_refused_with_a_reason(data: bytes, key: str) -> None:
    with pytest.raises(Refused) as refused:
        judge(data, "file.jpg")
    assert refused.value.key == key


def test_a_good_passport_photo_has_no_flags() -> None:
    flags = set(judge(samples.jpeg((500, 700))).ref.flags)
    assert not {"aspect", "low_resolution", "background"} & flags


def test_a_landscape_dark_photo_is_flagged() -> None:
    flags = judge(samples.jpeg((400, 300), colour="black")).ref.flags
    assert {"aspect", "low_resolution", "background"} <= set(flags)


@BOTH_STORES
def test_stored_files_get_a_random_name_outside_served_paths(file_store: FileStore) -> None:
    ref = store(judge(samples.png()), file_store)
    assert ref.ref.startswith("incoming/") and "png" not in ref.ref
    assert file_store.read(ref.ref)[:4] == b"\x89PNG"
    assert file_store.keys("") == [ref.ref]


def test_a_docx_essay_is_counted_as_the_notice_counts() -> None:
    assert judge(samples.docx("我 创办了\n家政服务部。")).ref.chars == 10
