"""The Telegram webhook end to end: real aiogram Bot, fake Bot API on 127.0.0.1, real app."""

from __future__ import annotations

import itertools
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from tg_fakes import SECRET, FakeBotApi, callbacks, keyboard

from bot.runtime import CONVERSATION
from handlers.telegram import CHANNEL

CHAT = 4242
_ids = itertools.count(1000)


def _user() -> dict[str, Any]:
    return {"id": CHAT, "is_bot": False, "first_name": "张", "language_code": "zh-hans"}


def text_update(text: str, update_id: int | None = None) -> dict[str, Any]:
    uid = next(_ids) if update_id is None else update_id
    return {"update_id": uid, "message": {
        "message_id": uid, "date": 1700000000, "text": text, "from": _user(),
        "chat": {"id": CHAT, "type": "private"}}}


def callback_update(data: str) -> dict[str, Any]:
    uid = next(_ids)
    return {"update_id": uid, "callback_query": {
        "id": f"cb{uid}", "from": _user(), "chat_instance": "ci", "data": data,
        "message": {"message_id": 1, "date": 1700000000, "text": "?",
                    "chat": {"id": CHAT, "type": "private"}}}}


async def post(client: TestClient, app: web.Application, update: dict[str, Any],
               secret: str = SECRET) -> int:
    response = await client.post("/telegram/webhook", json=update,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": secret})
    await app[CHANNEL].settle()
    return response.status


async def test_a_screening_from_start_to_the_result_over_the_webhook(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    client, fake, app = telegram_app
    assert await post(client, app, text_update("/start")) == 200
    welcome = fake.sent(CHAT)[-1]
    assert "agree" in [key for key, _ in keyboard(welcome)]
    assert await post(client, app, callback_update(callbacks(welcome)["agree"])) == 200
    taps = 1
    for place in ("河南", "洛阳", "洛龙"):
        assert await post(client, app, text_update(place)) == 200
    for _ in range(40):
        last = fake.sent(CHAT)[-1]
        if any("结果出来了" in data["text"] for data in fake.sent(CHAT)):
            break
        keys = [key for key, _ in keyboard(last) if key != "back"]
        choice = "unknown" if "unknown" in keys else keys[0]
        assert await post(client, app, callback_update(callbacks(last)[choice])) == 200
        taps += 1
    assert any("结果出来了" in data["text"] for data in fake.sent(CHAT))
    answered = sum(1 for method, _ in fake.calls if method == "answerCallbackQuery")
    assert answered == taps
    removed = sum(1 for method, _ in fake.calls if method == "editMessageReplyMarkup")
    assert removed == taps, "every answered keyboard is removed"


async def test_a_redelivered_update_is_not_processed_twice(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    client, fake, app = telegram_app
    update = text_update("/start", update_id=77)
    assert await post(client, app, update) == 200
    sent = len(fake.sent(CHAT))
    assert await post(client, app, update) == 200
    assert len(fake.sent(CHAT)) == sent


async def test_a_wrong_or_missing_secret_token_is_refused_with_401(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    client, fake, app = telegram_app
    assert await post(client, app, text_update("/start"), secret="wrong") == 401
    response = await client.post("/telegram/webhook", json=text_update("/start"))
    assert response.status == 401
    assert fake.sent() == []


async def test_a_file_over_20_mb_is_explained_and_not_downloaded(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    client, fake, app = telegram_app
    update = text_update("")
    del update["message"]["text"]
    update["message"]["document"] = {"file_id": "F", "file_unique_id": "U",
                                     "file_name": "scan.pdf", "file_size": 25 * 1024 * 1024}
    assert await post(client, app, update) == 200
    assert "20 MB" in fake.sent(CHAT)[-1]["text"]
    assert not any(method == "getFile" for method, _ in fake.calls)


async def test_a_turn_that_raises_is_answered_with_an_apology_and_acknowledged(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application],
        monkeypatch: Any) -> None:
    client, fake, app = telegram_app
    async def broken(message: Any) -> Any:
        raise RuntimeError("boom")

    await post(client, app, text_update("/start"))
    monkeypatch.setattr(app[CONVERSATION], "handle", broken)
    assert await post(client, app, text_update("你好")) == 200
    assert "抱歉" in fake.sent(CHAT)[-1]["text"]


async def test_an_english_telegram_user_is_welcomed_in_english(
        telegram_app: tuple[TestClient, FakeBotApi, web.Application]) -> None:
    client, fake, app = telegram_app
    update = text_update("/start")
    update["message"]["from"]["language_code"] = "en"
    assert await post(client, app, update) == 200
    welcome = fake.sent(CHAT)[0]["text"]
    assert welcome.isascii() or "Hello" in welcome or "assistant" in welcome.lower()
