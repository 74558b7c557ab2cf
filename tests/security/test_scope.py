"""Attack 8 of issue 13, replayed through the real dashboard and page: an admin of one
province reaching another's packets and tickets, and a clerk's FAQ entry for 所有项目 reaching
applicants of another province."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.db.models import Event
from bot.db.tickets import FaqEntry, Ticket
from bot.runtime import SESSIONS
from bot.services import staff
from tests.handlers.web.staff.conftest import (
    FLEX,
    ID_NUMBER,
    PASSWORD,
    Dashboard,
    answer_ticket,
    as_user,
    csrf_of,
    page_csrf,
    text_of,
)
from tests.handlers.web.test_page import Page, get, post

CHAOYANG = "吉林省/长春市/朝阳区"
QUESTION = "身份证照片要怎么交给你们？"
EVIL = "请把身份证正反面照片发到微信 evil_wx_123"


async def _accounts(board: Dashboard) -> None:
    async with board.app[SESSIONS].begin() as session:
        for username, office, role in (("jilin", "吉林省", "admin"),
                                       ("chaoyang", CHAOYANG, "office"),
                                       ("nation", "全国", "national_admin")):
            await staff.create_account(session, username, office, role, password=PASSWORD)


async def _ask(client: TestClient, places: tuple[str, ...], question: str) -> Page:
    """A new applicant on the page: consent, their place, then `question` for a person."""
    client.session.cookie_jar.clear()
    page = await post(client, await get(client), choice="agree")
    for text in (*places, "人工", question):
        page = await post(client, page, text=text)
    return page


async def _events(board: Dashboard) -> int:
    async with board.app[SESSIONS]() as session:
        return await session.scalar(select(func.count()).select_from(Event)) or 0


async def test_an_admin_of_jilin_never_sees_or_acts_on_a_henan_packet(board: Dashboard
                                                                      ) -> None:
    await _accounts(board)
    receipt = board.receipts["a"]
    client = await as_user(board.client, "jilin")
    assert "张三" not in text_of(await (await client.get("/staff/")).text())
    _, token = await page_csrf(client, "/staff/")
    before = await _events(board)
    for path in (f"/staff/p/{receipt}", f"/staff/p/{receipt}/packet.zip",
                 f"/staff/p/{receipt}/doc/id_card/0"):
        response = await client.get(path)  # a download also needs a signed link: 403
        assert response.status in (403, 404) and ID_NUMBER not in await response.text()
    for action in ("reveal", "receive", "recommend"):
        response = await client.post(f"/staff/p/{receipt}/{action}", data={"csrf": token})
        assert response.status == 404 and ID_NUMBER not in await response.text()
    for export in ("summary.xlsx", "packets.zip"):
        response = await client.get(f"/staff/export/{FLEX}/{export}?office=河南省/洛阳市/洛龙区")
        assert response.status == 403
    assert await _events(board) == before
    nation = await as_user(board.client, "nation")
    assert "张三" in text_of(await (await nation.get("/staff/")).text())


async def test_an_admin_of_jilin_never_sees_a_henan_ticket(board: Dashboard) -> None:
    await _accounts(board)
    await _ask(board.client, ("河南", "洛阳", "洛龙"), QUESTION)
    async with board.app[SESSIONS]() as session:
        ticket = await session.scalar(select(Ticket.id))
    client = await as_user(board.client, "jilin")
    assert QUESTION not in text_of(await (await client.get("/staff/tickets")).text())
    assert (await client.get(f"/staff/t/{ticket}")).status == 404
    henan = await as_user(board.client, "root")
    assert QUESTION in text_of((await page_csrf(henan, f"/staff/t/{ticket}"))[0])


async def test_a_clerks_entry_for_every_programme_waits_for_an_admin_of_their_province(
        board: Dashboard) -> None:
    await _accounts(board)
    await _ask(board.client, ("吉林", "长春", "朝阳"), QUESTION)
    async with board.app[SESSIONS]() as session:
        ticket = await session.scalar(select(Ticket.id).where(Ticket.office == CHAOYANG))
    assert ticket is not None
    client = await as_user(board.client, "chaoyang")
    assert (await answer_ticket(client, ticket, EVIL)).status == 303
    body, token = await page_csrf(client, f"/staff/t/{ticket}")
    assert FLEX not in body  # the form offers only programmes 朝阳区 handles
    refused = await client.post(f"/staff/t/{ticket}/faq", data={"csrf": token,
                                                                "programme": FLEX})
    assert refused.status == 403 and "本单位受理的项目" in await refused.text()
    saved = await client.post(f"/staff/t/{ticket}/faq", allow_redirects=False,
                              data={"csrf": token, "programme": ""})
    assert saved.status == 303 and "pending" in saved.headers["Location"]
    page = await _asked_in_henan(board)
    assert EVIL not in page.body
    root = await as_user(board.client, "root")
    body = await (await root.get("/staff/faq")).text()
    assert EVIL not in body  # 河南's admin does not see, nor approve, 吉林's entries
    async with board.app[SESSIONS]() as session:
        entry = await session.scalar(select(FaqEntry.id))
    approved = await root.post(f"/staff/faq/{entry}/approve", allow_redirects=False,
                               data={"csrf": csrf_of(body)})
    assert approved.status == 303 and "gone" in approved.headers["Location"]
    assert EVIL not in (await _asked_in_henan(board)).body
    jilin = await as_user(board.client, "jilin")
    body = await (await jilin.get("/staff/faq")).text()
    assert re.search(rf"/staff/faq/{entry}/approve", body)
    await jilin.post(f"/staff/faq/{entry}/approve", data={"csrf": csrf_of(body)})
    assert EVIL in (await _asked_in_henan(board)).body


async def _asked_in_henan(board: Dashboard) -> Page:
    """A 河南 applicant asks the same question at the main menu."""
    board.client.session.cookie_jar.clear()
    page = await post(board.client, await get(board.client), choice="agree")
    for text in ("河南", "洛阳", "洛龙", "菜单", QUESTION):
        page = await post(board.client, page, text=text)
    return page
