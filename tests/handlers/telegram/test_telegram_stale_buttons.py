"""Buttons name the asking they answer; stale ones say so (issue 16, item 4).

Two taps of 不清楚 on one old message used to answer the certificate question and then the
employment question; a stale 同意 answered “没有找到“agree””. Through the real webhook and the
fake Bot API.
"""

from __future__ import annotations

import itertools
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from tg_fakes import SECRET, FakeBotApi, callbacks

from bot.db.models import DialogSession
from bot.runtime import SESSIONS
from dialogs.i18n import t
from handlers.telegram import CHANNEL

Served = tuple[TestClient, FakeBotApi, web.Application]
CHAT = 777
_ids = itertools.count(9100)


def text(value: str) -> dict[str, Any]:
    uid = next(_ids)
    return {"update_id": uid, "message": {
        "message_id": uid, "date": 1700000000, "text": value,
        "from": {"id": CHAT, "is_bot": False, "first_name": "赵", "language_code": "zh"},
        "chat": {"id": CHAT, "type": "private"}}}


def tap(data: str, message_id: int) -> dict[str, Any]:
    uid = next(_ids)
    return {"update_id": uid, "callback_query": {
        "id": f"cb{uid}", "chat_instance": "ci", "data": data,
        "from": {"id": CHAT, "is_bot": False, "first_name": "赵", "language_code": "zh"},
        "message": {"message_id": message_id, "date": 1700000000, "text": "?",
                    "chat": {"id": CHAT, "type": "private"}}}}


async def post(served: Served, body: dict[str, Any]) -> None:
    client, _fake, app = served
    response = await client.post("/telegram/webhook", json=body,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status == 200
    await app[CHANNEL].settle()


async def state_of(app: web.Application) -> dict[str, Any]:
    async with app[SESSIONS]() as session:
        return dict(await session.scalar(select(DialogSession.state)) or {})


async def test_a_second_tap_on_an_answered_keyboard_answers_nothing(
        telegram_app: Served) -> None:
    _client, fake, app = telegram_app
    await post(telegram_app, text("/start"))
    consent = fake.sent(CHAT)[-1]
    await post(telegram_app, tap(callbacks(consent)["agree"], 1))
    edits = [data for method, data in fake.calls if method == "editMessageReplyMarkup"]
    assert [int(e["message_id"]) for e in edits] == [1], "the answered keyboard is removed"
    for place in ("河南", "洛阳", "洛龙"):
        await post(telegram_app, text(place))
    question = fake.sent(CHAT)[-1]
    options = callbacks(question)
    key = "unknown" if "unknown" in options else next(iter(options))
    await post(telegram_app, tap(options[key], 2))
    answered = await state_of(app)
    await post(telegram_app, tap(options[key], 2))
    again = fake.sent(CHAT)[-1]
    assert again["text"].startswith(t("zh_CN", "button.stale"))
    after = await state_of(app)
    assert after["answers"] == answered["answers"] and after["step"] == answered["step"]
    assert callbacks(again), "the current question comes with its buttons"


async def test_a_stale_agree_gets_the_current_question_not_a_place_search(
        telegram_app: Served) -> None:
    _client, fake, app = telegram_app
    await post(telegram_app, text("/start"))
    old_consent = callbacks(fake.sent(CHAT)[-1])["agree"]
    await post(telegram_app, text("同意并开始"))
    region = fake.sent(CHAT)[-1]["text"]
    await post(telegram_app, tap(old_consent, 1))
    reply = fake.sent(CHAT)[-1]["text"]
    assert reply.startswith(t("zh_CN", "button.stale")) and "agree" not in reply
    assert region.splitlines()[-1] in reply, "the current (region) question again"
    assert (await state_of(app))["step"] == "province"
