"""Uploading on the web page: from screening through every document to a submitted packet,
and bad files refused with a clear message while the application stays as it was."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.storage import FileStore
from dialogs.profile_state import programme_by_id
from tests.bot.services import samples, walk
from tests.file_stores import BOTH_STORES, stored
from tests.handlers.web.test_page import Page, settings_for

NAME = "luoyang"
pytestmark = BOTH_STORES


@pytest.fixture
async def client(tmp_path: Path, storage_settings: dict[str, Any]
                 ) -> AsyncIterator[TestClient]:
    today: dt.date = walk.today_of(NAME)
    client = TestClient(TestServer(create_app(settings_for(tmp_path, **storage_settings),
                                              clock=lambda: today)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def _upload(client: TestClient, page: Page, data: bytes, name: str) -> Page:
    form = aiohttp.FormData()
    form.add_field("msg", page.message_id)
    form.add_field("file", io.BytesIO(data), filename=name,
                   content_type="application/octet-stream")
    response = await client.post("/upload", data=form)
    assert response.status == 200
    return Page(await response.text())


async def _walk(client: TestClient, stop_before_upload: bool = False,
                stop_before_submit: bool = False) -> Page:
    response = await client.get("/")
    page = Page(await response.text())
    for step in walk.script(NAME)["steps"][1:]:
        if stop_before_submit and step.get("choose") == "submit":
            return page
        if "upload" in step:
            if stop_before_upload:
                return page
            data = samples.jpeg((500, 700) if "photo" in step["upload"]["name"] else (1200, 900))
            page = await _upload(client, page, data, step["upload"]["name"])
        elif "choose" in step:
            response = await client.post("/send", data={**page.fields(),
                                                        "choice": str(step["choose"])})
            page = Page(await response.text())
        else:
            response = await client.post("/send", data={**page.fields(),
                                                        "text": str(step["send"])})
            page = Page(await response.text())
    return page


async def test_an_applicant_submits_a_complete_packet_from_the_phone_page(
        client: TestClient, file_store: FileStore) -> None:
    page = await _walk(client)
    assert "已提交！回执编号" in page.body
    packets = stored(file_store, "*/packets/*.zip")
    assert len(packets) == 1
    with zipfile.ZipFile(io.BytesIO(file_store.read(packets[0]))) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    pack = programme_by_id("luoyang-skill-entrepreneur-star")
    assert pack is not None
    names = {d.id: d.name for d in pack.documents}
    assert {f["材料"] for f in manifest["文件"]} >= {names["id_card"], names["business_licence"],
                                                 names["photo"]}
    assert stored(file_store, "incoming/*") == []


@pytest.mark.parametrize(("data", "expected"), [
    (samples.exe(), "无法识别这个文件"),
    (samples.png_bomb(), "图片尺寸过大"),
    (samples.jpeg()[:3000], "文件已损坏或不完整"),
    (samples.pdf(password="secret"), "设置了密码"),
    (b"", "文件是空的"),
], ids=["renamed-exe", "png-20000x20000", "truncated-jpeg", "encrypted-pdf", "0-byte"])
async def test_a_bad_file_is_refused_and_changes_nothing(
        client: TestClient, file_store: FileStore, data: bytes, expected: str) -> None:
    page = await _walk(client, stop_before_upload=True)
    assert 'action="/upload"' in page.body
    before = page.body.count("已收到第")
    refused = await _upload(client, page, data, "身份证.jpg")
    assert expected in refused.body
    assert refused.body.count("已收到第") == before
    assert 'action="/upload"' in refused.body
    assert stored(file_store, "*/uploads/*") == stored(file_store, "incoming/*") == []


async def test_a_good_file_the_store_cannot_keep_is_answered_politely_and_changes_nothing(
        client: TestClient, file_store: FileStore, tmp_path: Path,
        storage_settings: dict[str, Any], request: pytest.FixtureRequest) -> None:
    page = await _walk(client, stop_before_upload=True)
    before = page.body.count("已收到第")
    if storage_settings:
        bucket = storage_settings["storage_url"].removeprefix("s3://").split("/")[0]
        request.getfixturevalue("moto_client").delete_bucket(Bucket=bucket)
    else:
        (tmp_path / "files").write_bytes(b"a file where the folder should be")
    answered = await _upload(client, page, samples.jpeg((1200, 900)), "身份证.jpg")
    assert "文件没问题，但暂时没能保存" in answered.body
    assert answered.body.count("已收到第") == before and 'action="/upload"' in answered.body


async def test_a_submission_the_store_cannot_keep_is_refused_and_can_be_sent_again(
        client: TestClient, file_store: FileStore, tmp_path: Path,
        storage_settings: dict[str, Any], request: pytest.FixtureRequest) -> None:
    page = await _walk(client, stop_before_submit=True)
    applicant = stored(file_store, "*/uploads/*")[0].split("/")[0]
    if storage_settings:
        bucket = storage_settings["storage_url"].removeprefix("s3://").split("/")[0]
        moto = request.getfixturevalue("moto_client")
        moto.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Statement": [{
            "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{bucket}/*"}]}))
    else:
        (tmp_path / "files" / applicant / "packets").write_bytes(b"not a folder")
    submit = {"msg": page.message_id, "choice": "submit"}
    refused = await client.post("/send", data=submit)
    assert refused.status == 503 and "请稍后再试" in await refused.text()
    assert stored(file_store, "*/packets/*") == []
    if storage_settings:
        moto.delete_bucket_policy(Bucket=bucket)
    else:
        (tmp_path / "files" / applicant / "packets").unlink()
    accepted = Page(await (await client.post("/send", data=submit)).text())
    assert "已提交！回执编号" in accepted.body
    assert len(stored(file_store, "*/packets/*.zip")) == 1


async def test_the_upload_limit_comes_from_the_settings_and_is_stated_before_choosing(
        tmp_path: Path, storage_settings: dict[str, Any]) -> None:
    today = walk.today_of(NAME)
    settings = settings_for(tmp_path, upload_max_mb=1, **storage_settings)
    small = TestClient(TestServer(create_app(settings,
                                             clock=lambda: today)))
    await small.start_server()
    try:
        page = await _walk(small, stop_before_upload=True)
        assert "每个文件不超过 1 MB" in page.body
        before = page.body.count("已收到第")
        refused = await _upload(small, page, b"\xff\xd8" + b"\x00" * (1024 * 1024 + 10),
                                "身份证.jpg")
        assert "1 MB" in refused.body and "20 MB" not in refused.body
        assert refused.body.count("已收到第") == before
        accepted = await _upload(small, refused, samples.jpeg((1200, 900)), "身份证.jpg")
        assert accepted.body.count("已收到第") == before + 1
    finally:
        await small.close()


async def test_an_upload_with_nothing_chosen_at_a_document_step_says_so_once(
        client: TestClient) -> None:
    page = await _walk(client, stop_before_upload=True)
    form = aiohttp.FormData()
    form.add_field("msg", page.message_id)
    form.add_field("file", b"", filename="", content_type="application/octet-stream")
    response = await client.post("/upload", data=form, allow_redirects=False)
    assert response.status == 303 and "upload." not in response.headers["Location"]
    shown = Page(await (await client.get("/")).text())
    assert "还没有选择文件" in shown.body and "文件是空的" not in shown.body
    again = Page(await (await client.get("/")).text())
    assert "还没有选择文件" not in again.body, "shown once"
