"""Attack 4 of issue 13 through the real page: uploads that cost time and memory, broken files,
hostile names, uploads before consent or when nothing was asked, and photos that carry their
GPS position. Every one is answered with a Chinese refusal (never a 500) and stores nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image

from bot.app import create_app
from bot.runtime import FILES
from bot.storage import FileStore
from tests.bot.services import samples, walk
from tests.file_stores import stored
from tests.handlers.web.test_page import Page, get, post, settings_for
from tests.handlers.web.test_upload import NAME, _walk

GPS = 0x8825
ORIENTATION = 0x0112


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[TestClient]:
    today: dt.date = walk.today_of(NAME)
    client = TestClient(TestServer(create_app(settings_for(tmp_path), clock=lambda: today)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
def file_store(client: TestClient) -> FileStore:
    return client.server.app[FILES]


async def upload(client: TestClient, page: Page, data: bytes, name: str = "材料.docx"
                 ) -> tuple[int, Page | str]:
    form = aiohttp.FormData()
    form.add_field("msg", page.message_id)
    form.add_field("file", data, filename=name, content_type="application/octet-stream")
    response = await client.post("/upload", data=form)
    body = await response.text()
    return response.status, Page(body) if response.status == 200 else body


def docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def two_million_paragraphs() -> bytes:
    body = b"<w:p/>" * 2_000_000
    return docx_with(b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                     b'wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>")


def hidden_member() -> bytes:
    return docx_with(b"<w:document/>", {"word/media/hidden.bin": b"\0" * (200 * 1024 * 1024)})


def png_7000() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (7000, 7000)).save(buffer, "PNG")
    return buffer.getvalue()


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (1600, 1200), "white")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "CameraMaker"
    exif.get_ifd(GPS)[2] = (39.0, 54.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def broken_xml() -> bytes:
    return docx_with(b"<w:document><w:body><w:p>")


@pytest.mark.parametrize(("make", "name", "expected"), [
    (two_million_paragraphs, "事迹.docx", "文件内容异常"),
    (hidden_member, "事迹.docx", "文件内容异常"),
    (png_7000, "身份证.png", "文件内容异常"),
    (broken_xml, "事迹.docx", "文件已损坏"),
], ids=["2M-paragraphs", "200MB-member", "png-7000x7000", "broken-xml"])
async def test_a_hostile_file_is_refused_politely_and_nothing_is_kept(
        client: TestClient, file_store: FileStore, make: Callable[[], bytes], name: str,
        expected: str) -> None:
    page = await _walk(client, stop_before_upload=True)
    status, refused = await upload(client, page, make(), name)
    assert status == 200 and isinstance(refused, Page)
    assert expected in refused.body
    assert stored(file_store, "*/uploads/*") == stored(file_store, "incoming/*") == []


async def test_a_name_with_nul_and_bel_is_refused_politely_not_a_server_error(
        client: TestClient, file_store: FileStore) -> None:
    """Browsers never send such a name, but a script does (aiohttp's client refuses to, so
    the multipart body is written by hand)."""
    page = await _walk(client, stop_before_upload=True)
    boundary = "hostile-name-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"msg\"\r\n\r\n"
            f"{page.message_id}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"id\0card\a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            ).encode() + samples.jpeg() + f"\r\n--{boundary}--\r\n".encode()
    response = await client.post("/upload", data=body, headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status == 200
    assert "文件名里有无法识别的字符" in Page(await response.text()).body
    assert stored(file_store, "*/uploads/*") == stored(file_store, "incoming/*") == []


async def test_an_upload_before_consent_is_refused_before_it_is_read(
        client: TestClient, file_store: FileStore) -> None:
    page = await get(client)
    status, refused = await upload(client, page, samples.jpeg())
    assert status == 200 and isinstance(refused, Page)
    assert "现在不需要上传文件" in refused.body
    assert stored(file_store, "**") == []


async def test_an_upload_when_no_document_is_asked_stores_nothing(
        client: TestClient, file_store: FileStore) -> None:
    page = await post(client, await get(client), choice="agree")
    status, refused = await upload(client, page, samples.jpeg())
    assert status == 200 and isinstance(refused, Page)
    assert "现在不需要上传文件" in refused.body
    assert stored(file_store, "**") == []


async def test_a_photo_loses_its_gps_and_camera_but_keeps_its_orientation(
        client: TestClient, file_store: FileStore) -> None:
    page = await _walk(client, stop_before_upload=True)
    status, accepted = await upload(client, page, photo_with_gps(), "身份证.jpg")
    assert status == 200 and isinstance(accepted, Page) and "已收到第" in accepted.body
    [kept] = stored(file_store, "*/uploads/*")
    with Image.open(io.BytesIO(file_store.read(kept))) as image:
        assert image.size == (1200, 1600)
        exif = image.getexif()
        assert ORIENTATION not in exif and 0x010F not in exif and not exif.get_ifd(GPS)
