"""Tickets from the web page: the answer lands in the applicant's transcript (the page shows it
on the next visit); closing, the inbox tabs and the header count."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.tickets import Ticket, TicketStatus
from bot.runtime import SESSIONS
from handlers.web.cookies import COOKIE_NAME
from tests.handlers.web.staff.conftest import (
    Dashboard,
    answer_ticket,
    as_user,
    page_csrf,
    text_of,
)
from tests.handlers.web.test_page import get, post

QUESTION = "我在外地打工，能在网上交材料吗？"


async def _web_ticket(board: Dashboard) -> tuple[int, str]:
    """An applicant on the web page hands a question over; returns the ticket and the
    applicant's cookie."""
    client = board.client
    page = await post(client, await get(client), choice="agree")
    for text in ("河南", "洛阳", "洛龙", "人工", QUESTION):
        page = await post(client, page, text=text)
    assert "已转给工作人员" in page.body
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE_NAME].value
    async with board.app[SESSIONS]() as session:
        ticket = await session.scalar(select(Ticket.id).where(Ticket.question == QUESTION))
    assert ticket is not None
    return ticket, cookie


async def test_the_answer_appears_on_the_applicants_page(board: Dashboard) -> None:
    ticket, cookie = await _web_ticket(board)
    await as_user(board.client, "clerk")
    assert (await answer_ticket(board.client, ticket, "可以，在本页上传即可。")).status == 303
    board.client.session.cookie_jar.clear()
    board.client.session.cookie_jar.update_cookies({COOKIE_NAME: cookie})
    page = await get(board.client)
    assert "工作人员回复了您的问题" in page.body and "可以，在本页上传即可。" in page.body


async def test_a_closed_ticket_leaves_the_open_tab_and_tells_nobody(board: Dashboard) -> None:
    ticket, _ = await _web_ticket(board)
    client = await as_user(board.client, "clerk")
    body, token = await page_csrf(client, "/staff/tickets")
    assert "咨询（1）" in text_of(body) and QUESTION in text_of(body)
    response = await client.post(f"/staff/t/{ticket}/close", data={"csrf": token},
                                 allow_redirects=False)
    assert response.status == 303
    body, _ = await page_csrf(client, "/staff/tickets")
    assert QUESTION not in text_of(body) and "咨询（" not in text_of(body)
    closed, _ = await page_csrf(client, "/staff/tickets?status=closed")
    assert QUESTION in text_of(closed)
    async with board.app[SESSIONS]() as session:
        row = await session.get(Ticket, ticket)
    assert row is not None and row.status == TicketStatus.CLOSED and row.answer is None


async def test_an_admin_sees_every_offices_tickets_and_a_reviewer_only_their_own(
        board: Dashboard) -> None:
    ticket, _ = await _web_ticket(board)
    admin = await as_user(board.client, "root")
    assert QUESTION in text_of((await page_csrf(admin, f"/staff/t/{ticket}"))[0])
    city = await as_user(board.client, "city")
    assert (await city.get(f"/staff/t/{ticket}")).status == 404
