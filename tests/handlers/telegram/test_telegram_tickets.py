"""A question handed to a person on Telegram, answered by a clerk in the dashboard over HTTP:
the real aiogram Bot against the fake Bot API, the real app, one SQLite database."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from test_telegram_webhook import CHAT, callback_update, post, text_update
from tg_fakes import FakeBotApi

from bot.db.staff import StaffAccount
from bot.db.staff_notices import StaffBinding
from bot.db.tickets import Ticket, TicketStatus
from bot.runtime import SESSIONS
from bot.services import staff, staff_worker
from handlers.telegram import CHANNEL
from tests.handlers.web.staff.conftest import PASSWORD, answer_ticket, as_user, csrf_of
from tests.outbox_wait import delivered as outbox_delivered

App = tuple[TestClient, FakeBotApi, web.Application]
LUOLONG = "河南省/洛阳市/洛龙区"
QUESTION = "洛龙区人社局周六上班吗？"
ANSWER = "周六上午9点到12点有人值班，地址是开元大道248号。"
SECOND_CHAT = 5151
_ids = itertools.count(50_000)


def _from(chat: int, text: str, language: str = "zh-hans") -> dict[str, Any]:
    uid = next(_ids)
    return {"update_id": uid, "message": {
        "message_id": uid, "date": 1700000000, "text": text,
        "from": {"id": chat, "is_bot": False, "first_name": "李", "language_code": language},
        "chat": {"id": chat, "type": "private"}}}


def _tap(chat: int, data: str) -> dict[str, Any]:
    """A tap on an inline button by the applicant in `chat` (another chat than CHAT)."""
    uid = next(_ids)
    user = {"id": chat, "is_bot": False, "first_name": "李", "language_code": "zh-hans"}
    return {"update_id": uid, "callback_query": {
        "id": f"cb{uid}", "from": user, "chat_instance": "ci", "data": data,
        "message": {"message_id": 1, "date": 1700000000, "text": "?",
                    "chat": {"id": chat, "type": "private"}}}}


async def _accounts(app: web.Application) -> None:
    async with app[SESSIONS].begin() as session:
        for username, office in (("clerk", LUOLONG), ("other", "河南省/洛阳市/西工区")):
            await staff.create_account(session, username, office, "office", password=PASSWORD)
        await staff.create_account(session, "henan", "河南省", "admin", password=PASSWORD)


async def _ask_for_a_person(client: TestClient, app: web.Application) -> int:
    await post(client, app, text_update("/start"))
    await post(client, app, callback_update("agree"))
    for text in ("河南", "洛阳", "洛龙", "人工", QUESTION):
        assert await post(client, app, text_update(text)) == 200
    async with app[SESSIONS]() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
    assert ticket.office == LUOLONG and ticket.channel == "telegram"
    return ticket.id


async def test_a_clerks_answer_reaches_the_applicants_telegram_chat_once(telegram_app: App
                                                                         ) -> None:
    client, fake, app = telegram_app
    await _accounts(app)
    ticket = await _ask_for_a_person(client, app)
    assert any("已转给工作人员" in data["text"] for data in fake.sent(CHAT)[-3:])
    await as_user(client, "clerk")
    inbox = await (await client.get("/staff/tickets")).text()
    assert QUESTION in inbox and "咨询（1）" in inbox
    page = await (await client.get(f"/staff/t/{ticket}")).text()
    assert "资格测评" in page and "河南省洛阳市洛龙区" in page
    empty = await answer_ticket(client, ticket, "   ")
    assert empty.status == 400 and "请填写回复内容" in await empty.text()
    before = len(fake.sent(CHAT))
    response = await answer_ticket(client, ticket, ANSWER)
    assert response.status == 303
    await app[CHANNEL].pacer.join()
    await outbox_delivered(app)
    delivered = fake.sent(CHAT)[before:]
    assert len(delivered) == 1
    assert ANSWER in delivered[0]["text"] and QUESTION in delivered[0]["text"]
    again = await client.post(f"/staff/t/{ticket}/answer", data={
        "csrf": csrf_of(await (await client.get(f"/staff/t/{ticket}")).text()),
        "answer": "第二次"})
    assert again.status == 409 and "已经处理过了" in await again.text()
    await app[CHANNEL].pacer.join()
    await outbox_delivered(app)
    assert len(fake.sent(CHAT)) == before + 1
    async with app[SESSIONS]() as session:
        row = await session.get(Ticket, ticket)
    assert row is not None and row.status == TicketStatus.ANSWERED and row.answer == ANSWER
    assert "咨询（" not in await (await client.get("/staff/tickets")).text()


async def test_a_clerk_of_another_county_can_neither_see_nor_answer_it(telegram_app: App
                                                                       ) -> None:
    client, fake, app = telegram_app
    await _accounts(app)
    ticket = await _ask_for_a_person(client, app)
    await as_user(client, "other")
    assert QUESTION not in await (await client.get("/staff/tickets")).text()
    assert (await client.get(f"/staff/t/{ticket}")).status == 404
    token = csrf_of(await (await client.get("/staff/tickets")).text())
    before = len(fake.sent(CHAT))
    for action, data in (("answer", {"answer": "越权回复"}), ("close", {}), ("faq", {})):
        response = await client.post(f"/staff/t/{ticket}/{action}",
                                     data={"csrf": token, **data})
        assert response.status == 404
    missing = await client.post(f"/staff/t/{ticket}/answer", data={"answer": "无令牌"})
    assert missing.status == 403
    await app[CHANNEL].pacer.join()
    await outbox_delivered(app)
    assert len(fake.sent(CHAT)) == before
    async with app[SESSIONS]() as session:
        row = await session.get(Ticket, ticket)
    assert row is not None and row.status == TicketStatus.OPEN


async def test_a_saved_answer_is_given_by_the_bot_to_the_next_applicant(telegram_app: App
                                                                       ) -> None:
    client, fake, app = telegram_app
    await _accounts(app)
    ticket = await _ask_for_a_person(client, app)
    await as_user(client, "clerk")
    assert (await answer_ticket(client, ticket, ANSWER)).status == 303
    await post(client, app, _from(SECOND_CHAT, "/start"))
    await post(client, app, _tap(SECOND_CHAT, "agree"))
    await post(client, app, _from(SECOND_CHAT, QUESTION))
    assert ANSWER not in fake.sent(SECOND_CHAT)[-1]["text"]
    page = await client.get(f"/staff/t/{ticket}")
    saved = await client.post(f"/staff/t/{ticket}/faq", allow_redirects=False, data={
        "csrf": csrf_of(await page.text()), "programme": ""})
    assert saved.status == 303
    twice = await client.post(f"/staff/t/{ticket}/faq", data={
        "csrf": csrf_of(await page.text()), "programme": ""})
    assert twice.status == 409 and "已经保存" in await twice.text()
    await post(client, app, _from(SECOND_CHAT, "菜单"))
    await post(client, app, _from(SECOND_CHAT, QUESTION))
    assert not any(ANSWER in data["text"] for data in fake.sent(SECOND_CHAT)[-3:])
    assert "approve" not in await (await client.get("/staff/faq")).text()
    await as_user(client, "henan")
    body = await (await client.get("/staff/faq")).text()
    entry = re.findall(r'/staff/faq/([0-9]+)/approve', body)[0]
    approved = await client.post(f"/staff/faq/{entry}/approve", allow_redirects=False,
                                 data={"csrf": csrf_of(body)})
    assert approved.status == 303
    await post(client, app, _from(SECOND_CHAT, "菜单"))
    await post(client, app, _from(SECOND_CHAT, QUESTION))
    assert any(ANSWER in data["text"] for data in fake.sent(SECOND_CHAT)[-3:])
    faq_page = await client.get("/staff/faq")
    body = await faq_page.text()
    assert ANSWER in body
    entry = re.findall(r'/staff/faq/([0-9]+)/remove', body)[0]
    removed = await client.post(f"/staff/faq/{entry}/remove", allow_redirects=False,
                                data={"csrf": csrf_of(body)})
    assert removed.status == 303
    await post(client, app, _from(SECOND_CHAT, "菜单"))
    before = len(fake.sent(SECOND_CHAT))
    await post(client, app, _from(SECOND_CHAT, QUESTION))
    assert not any(ANSWER in data["text"] for data in fake.sent(SECOND_CHAT)[before:])


async def test_an_english_speaker_gets_the_answer_in_english(telegram_app: App) -> None:
    client, fake, app = telegram_app
    await _accounts(app)
    await post(client, app, _from(SECOND_CHAT, "/start", "en"))
    await post(client, app, _tap(SECOND_CHAT, "agree"))
    for text in ("河南", "洛阳", "洛龙", "human", "Is the office open on Saturday?"):
        await post(client, app, _from(SECOND_CHAT, text, "en"))
    async with app[SESSIONS]() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
    assert ticket.locale == "en"
    await as_user(client, "clerk")
    assert "English" in await (await client.get(f"/staff/t/{ticket.id}")).text()
    assert (await answer_ticket(client, ticket.id, "Yes, 9:00-12:00.")).status == 303
    await app[CHANNEL].pacer.join()
    await outbox_delivered(app)
    text = fake.sent(SECOND_CHAT)[-1]["text"]
    assert "The office answered your question" in text and "Yes, 9:00-12:00." in text


async def test_the_offices_bound_clerk_is_told_of_a_new_ticket(telegram_app: App) -> None:
    client, fake, app = telegram_app
    await _accounts(app)
    clerk_chat = 7070
    async with app[SESSIONS].begin() as session:
        clerk = await session.scalar(select(StaffAccount.id).where(
            StaffAccount.username == "clerk"))
        other = await session.scalar(select(StaffAccount.id).where(
            StaffAccount.username == "other"))
        session.add(StaffBinding(staff_id=clerk, channel="telegram",
                                 external_id=str(clerk_chat)))
        session.add(StaffBinding(staff_id=other, channel="telegram", external_id="7171"))
    ticket = await _ask_for_a_person(client, app)
    noon = dt.datetime(2024, 1, 3, 4, tzinfo=dt.UTC)
    await staff_worker.run_once(app, lambda: noon, remind=False)
    await app[CHANNEL].pacer.join()
    await outbox_delivered(app)
    [notice] = fake.sent(clerk_chat)
    assert QUESTION in notice["text"] and f"/staff/t/{ticket}" in notice["text"]
    assert fake.sent(7171) == []
