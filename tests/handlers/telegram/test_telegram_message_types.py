"""Every kind of Telegram message gets a deliberate answer (Bot API, “Message”)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from tg_fakes import SECRET, FakeBotApi, keyboard

from dialogs.i18n import t
from handlers.telegram import CHANNEL

Served = tuple[TestClient, FakeBotApi, web.Application]
_ids = itertools.count(8000)
CONTENT: dict[str, tuple[str, dict[str, Any]]] = {
    "sticker": ("sticker", {"file_id": "s", "file_unique_id": "us", "type": "regular",
                            "width": 512, "height": 512, "is_animated": False,
                            "is_video": False}),
    "voice": ("voice", {"file_id": "v", "file_unique_id": "uv", "duration": 3}),
    "video": ("video", {"file_id": "d", "file_unique_id": "ud", "width": 1, "height": 1,
                        "duration": 1}),
    "contact": ("contact", {"phone_number": "+8613800000000", "first_name": "李"}),
    "location": ("location", {"latitude": 34.6, "longitude": 112.4}),
    "other": ("poll", {"id": "p", "question": "?", "options": [], "total_voter_count": 0,
                       "is_closed": False, "is_anonymous": True, "type": "regular",
                       "allows_multiple_answers": False, "allows_revoting": False,
                       "members_only": False}),
}


def update(chat: int, content: dict[str, Any]) -> dict[str, Any]:
    uid = next(_ids)
    return {"update_id": uid, "message": {
        "message_id": uid, "date": 1700000000, **content,
        "from": {"id": chat, "is_bot": False, "first_name": "王", "language_code": "zh"},
        "chat": {"id": chat, "type": "private"}}}


async def post(served: Served, body: dict[str, Any]) -> None:
    client, _fake, app = served
    response = await client.post("/telegram/webhook", json=body,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status == 200
    await app[CHANNEL].settle()


@pytest.mark.parametrize("kind", sorted(CONTENT))
async def test_each_kind_at_the_consent_question_is_explained_with_the_buttons_again(
        telegram_app: Served, kind: str) -> None:
    _client, fake, _app = telegram_app
    chat = 500 + sorted(CONTENT).index(kind)
    await post(telegram_app, update(chat, {"text": "/start"}))
    field, value = CONTENT[kind]
    await post(telegram_app, update(chat, {field: value}))
    last = fake.sent(chat)[-1]
    assert t("zh_CN", f"media.{kind}") in last["text"]
    assert "agree" in [key for key, _ in keyboard(last)]


async def test_a_venue_answers_the_region_question(telegram_app: Served) -> None:
    _client, fake, _app = telegram_app
    chat = 600
    await post(telegram_app, update(chat, {"text": "/start"}))
    await post(telegram_app, update(chat, {"text": "同意并开始"}))
    venue = {"location": {"latitude": 34.6, "longitude": 112.4}, "title": "人社局",
             "address": "河南省洛阳市洛龙区开元大道"}
    await post(telegram_app, update(chat, {"venue": venue,
                                           "location": venue["location"]}))
    assert "好的：河南省 洛阳市 洛龙区" in fake.sent(chat)[-1]["text"]
