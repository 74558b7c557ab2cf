"""Private chats only; groups get one link; other bots' commands; `/start` payloads.

Through the real webhook, the real aiogram Bot and the fake Bot API (issue 16, item 3): in a
supergroup, members' messages used to share one dialog and the bot asked for an ID number in
front of everyone.
"""

from __future__ import annotations

import itertools
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select
from tg_fakes import SECRET, FakeBotApi, keyboard

from bot.db.channels import TelegramInbox
from bot.db.models import ChannelIdentity, DialogSession, Event
from bot.runtime import SESSIONS
from fakes.bot_api import BOT_USERNAME
from handlers.telegram import CHANNEL

Served = tuple[TestClient, FakeBotApi, web.Application]
GROUP = -1001234567890
_ids = itertools.count(7000)


def message(chat: int, chat_type: str, user: int, text: str) -> dict[str, Any]:
    uid = next(_ids)
    return {"update_id": uid, "message": {
        "message_id": uid, "date": 1700000000, "text": text,
        "from": {"id": user, "is_bot": False, "first_name": "成员", "language_code": "zh"},
        "chat": {"id": chat, "type": chat_type, "title": "洛龙区灵活就业交流群"}}}


def button(chat: int, chat_type: str, user: int, data: str) -> dict[str, Any]:
    uid = next(_ids)
    return {"update_id": uid, "callback_query": {
        "id": f"cb{uid}", "chat_instance": "ci", "data": data,
        "from": {"id": user, "is_bot": False, "first_name": "成员"},
        "message": {"message_id": 1, "date": 1700000000, "text": "?",
                    "chat": {"id": chat, "type": chat_type}}}}


async def post(served: Served, update: dict[str, Any]) -> None:
    client, _fake, app = served
    response = await client.post("/telegram/webhook", json=update,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status == 200
    await app[CHANNEL].settle()


async def count(app: web.Application, model: Any) -> int:
    async with app[SESSIONS]() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_group_gets_one_link_per_command_and_nothing_is_stored(
        telegram_app: Served) -> None:
    _client, fake, app = telegram_app
    await post(telegram_app, message(GROUP, "supergroup", 11, f"/start@{BOT_USERNAME}"))
    [link] = fake.sent(GROUP)
    url = f"https://t.me/{BOT_USERNAME}?start=group"
    assert url in link["text"] and "私聊" in link["text"]
    assert "身份证" in link["text"], "the group is told not to post ID numbers"
    for user, text in ((12, "1"), (13, "洛龙"), (14, "我的信息"), (15, "/menu")):
        await post(telegram_app, message(GROUP, "supergroup", user, text))
    await post(telegram_app, button(GROUP, "supergroup", 12, "agree"))
    assert len(fake.sent(GROUP)) == 2, "only the addressed command /menu is answered"
    alerts = [data for method, data in fake.calls if method == "answerCallbackQuery"]
    assert alerts and alerts[-1].get("show_alert") in (True, "true")
    for model in (ChannelIdentity, DialogSession, TelegramInbox, Event):
        assert await count(app, model) == 0, model.__name__


async def test_a_command_for_another_bot_is_ignored(telegram_app: Served) -> None:
    _client, fake, app = telegram_app
    await post(telegram_app, message(GROUP, "supergroup", 11, "/start@other_bot"))
    await post(telegram_app, message(31, "private", 31, "/start@other_bot"))
    assert fake.sent() == []
    assert await count(app, ChannelIdentity) == 0
    await post(telegram_app, message(31, "private", 31, f"/start@{BOT_USERNAME}"))
    assert "agree" in [key for key, _ in keyboard(fake.sent(31)[-1])]


async def test_a_start_payload_reaches_the_dialog(telegram_app: Served) -> None:
    _client, fake, app = telegram_app
    await post(telegram_app, message(41, "private", 41, "/start poster-luoyang"))
    welcome = "\n".join(data["text"] for data in fake.sent(41))
    assert "您是通过洛阳市“技能创业之星”的海报来的" in welcome
    async with app[SESSIONS]() as session:
        state = await session.scalar(select(DialogSession.state))
        scenes = (await session.scalars(select(Event.payload).where(
            Event.kind == "channel.scene"))).all()
    assert state is not None and state["scene"] == "poster-luoyang"
    assert scenes == [{"scene": "poster-luoyang"}]
