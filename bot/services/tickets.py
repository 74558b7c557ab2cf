"""Hand-off tickets: opened by the conversation, listed, answered and closed by staff.

A ticket goes to the office that would receive the applicant's packet for the programme they
asked about (`offices.resolve`, as submissions do); without a programme, to the office of their
county (else city) — the nearest office that can answer; without a place, to no office, where
only a nationwide admin sees it. Staff see the tickets of exactly their own office (admins:
their subtree), the same rule as packets, so a guessed ticket number of another county is
simply not found.

Answering is one conditional UPDATE (`WHERE status = 'open'`), so a double submit or two clerks
answering at once give one answer and one message to the applicant, in any number of processes.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import store
from bot.db.base import utcnow
from bot.db.models import Applicant
from bot.db.tickets import Ticket, TicketStatus
from bot.services import offices, staff_notices
from bot.services import staff as accounts
from bot.services.staff import Staff
from dialogs.masking import mask_text
from dialogs.profile_state import programme_by_id
from dialogs.types import OpenTicket

MAX_QUESTION = 2000
MAX_ANSWER = 2000
MAX_ROWS = 500


class TicketRefused(ValueError):
    """A staff request that cannot be done (empty answer, answered already); the text says why
    in words for the clerk."""


class TicketConflict(TicketRefused):
    """The ticket moved on already (answered twice, closed, saved twice): nothing changed."""


def office_for(programme_id: str | None, region: dict[str, str]) -> str:
    """The office key a ticket belongs to (see the module docstring)."""
    pack = programme_by_id(programme_id) if programme_id else None
    if pack is not None:
        return offices.resolve(pack, region).key
    province, city, county = (region.get(k) or "" for k in ("province", "city", "county"))
    if province and city:
        return f"{province}/{city}/{county}" if county and county != city else \
            f"{province}/{city}"
    return ""


async def open_ticket(session: AsyncSession, applicant_id: int, channel: str,
                      request: OpenTicket) -> Ticket | None:
    """Record the applicant's question for their office (in the turn's transaction), with the
    `ticket.opened` event and a notice for the office's bound staff; None if this message's
    ticket exists already."""
    question = mask_text(request.question.strip())[:MAX_QUESTION]
    nonce = request.dedupe_key or uuid.uuid4().hex
    locale = await session.scalar(select(Applicant.locale).where(Applicant.id == applicant_id))
    ticket = Ticket(applicant_id=applicant_id, office=office_for(request.programme,
                                                                 request.region),
                    programme=request.programme, question=question,
                    context={**request.context, "region": request.region}, channel=channel,
                    locale=locale or "zh_CN", status=TicketStatus.OPEN,
                    dedupe_key=hashlib.sha256(f"{channel}|{nonce}".encode()).hexdigest())
    try:
        async with session.begin_nested():
            session.add(ticket)
    except IntegrityError:
        return None
    await store.append_event(session, "ticket.opened",
                             {"ticket": ticket.id, "question": question,
                              "programme": request.programme, "region": request.region,
                              "channel": channel},
                             applicant_id=applicant_id, actor="applicant")
    params = {"ticket": ticket.id, "question": question[:60],
              "programme": _programme_name(request.programme)}
    for staff_id in await staff_notices.bound_accounts(session, ticket.office,
                                                       ("office", "reviewer")):
        await staff_notices.add(session, staff_id, staff_notices.TICKET, params, ticket.id)
    return ticket


def _programme_name(programme_id: str | None) -> str:
    pack = programme_by_id(programme_id) if programme_id else None
    return pack.name if pack is not None else ""


def visible(staff: Staff) -> ColumnElement[bool]:
    """The tickets this staff member may see and answer, as a WHERE clause."""
    if staff.is_admin:
        return accounts.in_scope(staff, Ticket.office)
    return Ticket.office == staff.office


async def open_count(session: AsyncSession, staff: Staff) -> int:
    return await session.scalar(select(func.count()).select_from(Ticket).where(
        visible(staff), Ticket.status == TicketStatus.OPEN)) or 0


async def listing(session: AsyncSession, staff: Staff, status: TicketStatus) -> list[Ticket]:
    """The visible tickets with `status`, oldest first (who has waited longest)."""
    return list(await session.scalars(select(Ticket).where(visible(staff),
                                                           Ticket.status == status)
                                      .order_by(Ticket.created_at, Ticket.id)
                                      .limit(MAX_ROWS)))


async def find(session: AsyncSession, staff: Staff, ticket_id: int) -> Ticket | None:
    return (await session.scalars(select(Ticket).where(Ticket.id == ticket_id,
                                                       visible(staff)))).first()


async def _settle(session: AsyncSession, staff: Staff, ticket: Ticket,
                  values: dict[str, Any]) -> None:
    """Move an open ticket on, once: the UPDATE only matches while it is still open."""
    result = await session.execute(
        update(Ticket).where(Ticket.id == ticket.id, Ticket.status == TicketStatus.OPEN)
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise TicketConflict("这个问题已经处理过了（可能是重复提交，或同事刚刚回复），"
                            "申报人不会重复收到消息。")
    await session.refresh(ticket)


async def answer(session: AsyncSession, staff: Staff, ticket: Ticket, text: str) -> None:
    """Record the answer; the caller tells the applicant after the transaction commits."""
    text = text.strip()
    if not text:
        raise TicketRefused("请填写回复内容。")
    if len(text) > MAX_ANSWER:
        raise TicketRefused(f"回复最多 {MAX_ANSWER} 个字，请精简后再发送。")
    await _settle(session, staff, ticket, {"status": TicketStatus.ANSWERED, "answer": text,
                                           "answered_by": staff.username,
                                           "answered_at": utcnow()})
    await store.append_event(session, "ticket.answered", {"ticket": ticket.id},
                             applicant_id=ticket.applicant_id, actor=staff.actor)


async def close(session: AsyncSession, staff: Staff, ticket: Ticket) -> None:
    """Close without an answer (a duplicate, or settled by phone); the applicant is not told."""
    await _settle(session, staff, ticket, {"status": TicketStatus.CLOSED,
                                           "answered_by": staff.username,
                                           "closed_at": utcnow()})
    await store.append_event(session, "ticket.closed", {"ticket": ticket.id},
                             applicant_id=ticket.applicant_id, actor=staff.actor)
