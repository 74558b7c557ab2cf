"""Photos and documents sent in Telegram: downloaded with getFile from the fake Bot API by the
real aiogram Bot, judged and stored like web uploads, and added to the item being collected."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from test_telegram_webhook import CHAT, callback_update, post, text_update
from tg_fakes import FakeBotApi, keyboard

from bot.runtime import FILES
from tests.bot.services import samples, walk
from tests.file_stores import BOTH_STORES, stored

App = tuple[TestClient, FakeBotApi, web.Application]
_ids = itertools.count(90_000)


@pytest.fixture
def telegram_today() -> dt.date:
    """The walk applies in Luoyang's 2021 round, on a day it is open."""
    return walk.today_of("luoyang")


async def _walk_to_first_upload(client: TestClient, fake: FakeBotApi,
                                app: web.Application) -> None:
    for step in walk.script("luoyang")["steps"]:
        if "upload" in step:
            return
        update = (callback_update(str(step["choose"])) if "choose" in step
                  else text_update(str(step["send"])))
        assert await post(client, app, update) == 200


def _photo_update(file_id: str, group: str | None = None) -> dict[str, Any]:
    update = text_update("", update_id=next(_ids))
    message = update["message"]
    del message["text"]
    message["photo"] = [
        {"file_id": f"{file_id}-thumb", "file_unique_id": "t", "width": 90, "height": 120,
         "file_size": 1000},
        {"file_id": file_id, "file_unique_id": "b", "width": 1200, "height": 900,
         "file_size": 50_000}]
    if group:
        message["media_group_id"] = group
    return update


def _document_update(file_id: str, name: str, size: int) -> dict[str, Any]:
    update = text_update("", update_id=next(_ids))
    del update["message"]["text"]
    update["message"]["document"] = {"file_id": file_id, "file_unique_id": "d",
                                     "file_name": name, "file_size": size}
    return update


def _stored(app: web.Application) -> list[str]:
    return stored(app[FILES], "*/uploads/*")


def _incoming(app: web.Application) -> list[str]:
    return stored(app[FILES], "incoming/*")


def _fetched(fake: FakeBotApi) -> list[str]:
    return [str(data["file_id"]) for method, data in fake.calls if method == "getFile"]


@BOTH_STORES
async def test_an_album_arriving_as_separate_updates_lands_in_the_same_item(
        telegram_app: App) -> None:
    client, fake, app = telegram_app
    await _walk_to_first_upload(client, fake, app)
    fake.files.update(front=samples.jpeg((1200, 900)), back=samples.jpeg((1200, 900)))
    assert await post(client, app, _photo_update("front", group="album1")) == 200
    assert await post(client, app, _photo_update("back", group="album1")) == 200
    assert _fetched(fake) == ["front", "back"]
    texts = [data["text"] for data in fake.sent(CHAT)]
    assert any("已收到第 1 张/页" in text for text in texts)
    assert any("已收到第 2 张/页" in text for text in texts)
    assert len(_stored(app)) == 2
    assert _incoming(app) == []
    assert await post(client, app, callback_update("done")) == 200
    assert "营业执照" in fake.sent(CHAT)[-2]["text"] + fake.sent(CHAT)[-1]["text"]


async def test_the_id_card_is_still_asked_for_on_the_web_page_by_default(
        telegram_app: App) -> None:
    client, fake, app = telegram_app
    await _walk_to_first_upload(client, fake, app)
    request = next(data for data in reversed(fake.sent(CHAT)) if "身份证" in data["text"])
    rows = json.loads(request["reply_markup"])["inline_keyboard"]
    assert any(str(button.get("url", "")).startswith("http") for row in rows for button in row)


@BOTH_STORES
async def test_a_pdf_document_is_accepted_for_the_current_item(
        telegram_app: App) -> None:
    client, fake, app = telegram_app
    await _walk_to_first_upload(client, fake, app)
    fake.files["scan"] = samples.pdf(pages=2)
    assert await post(client, app, _document_update("scan", "身份证.pdf", 5000)) == 200
    assert any("已收到第 1 张/页" in data["text"] for data in fake.sent(CHAT))
    assert [app[FILES].read(key)[:5] for key in _stored(app)] == [b"%PDF-"]


@BOTH_STORES
async def test_a_refused_file_is_explained_and_changes_nothing(
        telegram_app: App) -> None:
    client, fake, app = telegram_app
    await _walk_to_first_upload(client, fake, app)
    before = len(fake.sent(CHAT))
    fake.files["virus"] = samples.exe()
    assert await post(client, app, _document_update("virus", "photo.jpg", 2000)) == 200
    sent = fake.sent(CHAT)[before:]
    assert len(sent) == 1 and "无法识别这个文件" in sent[0]["text"]
    assert _stored(app) == _incoming(app) == []
    assert await post(client, app, callback_update("checklist")) == 200
    labels = [label for key, label in keyboard(fake.sent(CHAT)[-1]) if key == "goto:doc:id_card"]
    assert len(labels) == 1 and labels[0].startswith("⬜")


async def test_a_refusal_is_worded_in_the_applicants_language(telegram_app: App) -> None:
    client, fake, app = telegram_app
    fake.files["broken"] = samples.jpeg()[:3000]
    update = _document_update("broken", "scan.jpg", 3000)
    update["message"]["from"]["language_code"] = "en"
    assert await post(client, app, update) == 200
    assert "damaged or incomplete" in fake.sent(CHAT)[-1]["text"]


@BOTH_STORES
async def test_a_file_telegram_cannot_serve_is_answered_and_changes_nothing(
        telegram_app: App) -> None:
    client, fake, app = telegram_app
    await _walk_to_first_upload(client, fake, app)
    before = len(fake.sent(CHAT))
    assert await post(client, app, _photo_update("gone")) == 200
    sent = fake.sent(CHAT)[before:]
    assert len(sent) == 1 and "重新" in sent[0]["text"]
    assert _stored(app) == []
