"""The receiving office's workflow on one packet: receive, return items, checks, decide.

Each action is one call inside the caller's transaction and leaves an event with the staff
member as actor. Status changes go through `bot.services.status.office_decision`, which mirrors
them into the applicant's dialog state (on a return the office's note and the reopened steps),
so the applicant's next turn on any channel shows it and lets them fix just those items; it
raises `store.ConcurrentUpdate` when an applicant turn saved at the same moment, and the caller
retries. The push message to their channel is the web layer's job, after the commit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from bot.db.applications import Application, ApplicationStatus
from bot.db.staff import ApplicationReview, QuotaAllocation
from bot.db.store.applications import ALLOWED
from bot.db.store.journal import append_event
from bot.services.staff import Staff
from bot.services.status import office_decision
from dialogs.profile_state import programme_by_id, programme_in_round
from eligibility.model import Programme

MAX_NOTE = 500


class ActionRefused(ValueError):
    """The action cannot be done as asked; the message is for the clerk, in Chinese."""


def programme_of(application: Application) -> Programme:
    """The programme in the round the packet was made for: its dates, quotas and documents
    stay the packet's after a later round opened."""
    programme = programme_in_round(application.programme, application.data.get("round"))
    if programme is None:
        raise ActionRefused(f"未知的项目 {application.programme}")
    return programme


async def peek_review(session: AsyncSession, application: Application) -> ApplicationReview:
    """The review as stored, or an empty one (not added to the session) for reading."""
    row = await session.get(ApplicationReview, application.id)
    return row or ApplicationReview(application_id=application.id, checks={}, reason="",
                                    rank=None)


async def review_of(session: AsyncSession, application: Application) -> ApplicationReview:
    row = await session.get(ApplicationReview, application.id)
    if row is None:
        row = ApplicationReview(application_id=application.id, checks={}, reason="", rank=None)
        session.add(row)
        await session.flush()
    return row


async def _move(session: AsyncSession, staff: Staff, application: Application,
                status: ApplicationStatus, note: str = "",
                items: list[str] | None = None) -> None:
    if len(note) > MAX_NOTE:
        raise ActionRefused(f"说明请不超过{MAX_NOTE}字")
    if status not in ALLOWED.get(application.status, set()):
        raise ActionRefused(f"当前状态不能这样操作（{application.status.value}）")
    await office_decision(session, application.receipt, status, actor=staff.actor, note=note,
                          items=items)


async def receive(session: AsyncSession, staff: Staff, application: Application) -> None:
    await _move(session, staff, application, ApplicationStatus.RECEIVED)


async def return_items(session: AsyncSession, staff: Staff, application: Application,
                       note: str, items: list[str]) -> None:
    """Return the packet for correction of `items` (dialog steps like `doc:id_card`)."""
    note = note.strip()
    if not note:
        raise ActionRefused("请写明需要修改的原因")
    if not items:
        raise ActionRefused("请至少选择一项需要修改的材料")
    await _move(session, staff, application, ApplicationStatus.RETURNED, note, items)
    await append_event(session, "application.returned",
                       {"receipt": application.receipt, "note": note, "items": items},
                       applicant_id=application.applicant_id, actor=staff.actor)


async def set_check(session: AsyncSession, staff: Staff, application: Application,
                    check: str, done: bool) -> None:
    programme = programme_of(application)
    known = {c.id for c in programme.office_checks} | {c.id for c in programme.criteria}
    if check not in known:
        raise ActionRefused("没有这一项核查")
    row = await review_of(session, application)
    row.checks = {**row.checks, check: done}
    flag_modified(row, "checks")
    await append_event(session, "review.check", {"receipt": application.receipt,
                                                 "check": check, "done": done},
                       applicant_id=application.applicant_id, actor=staff.actor)


async def allocation(session: AsyncSession, office: str, programme: str) -> int | None:
    return await session.scalar(select(QuotaAllocation.allocation).where(
        QuotaAllocation.office == office, QuotaAllocation.programme == programme))


async def recommend(session: AsyncSession, staff: Staff, application: Application,
                    reason: str = "") -> None:
    """The receiving office's 推荐 in the applicant's lifecycle, with its opinion. The quota,
    the checklist and the rank are the chain's (`bot.services.chain.decisions.recommend`, the
    one way a packet is recommended), so there is one quota rule for every level."""
    await _move(session, staff, application, ApplicationStatus.RECOMMENDED, reason.strip())
    (await review_of(session, application)).reason = reason.strip()[:MAX_NOTE]


async def not_recommend(session: AsyncSession, staff: Staff, application: Application,
                        reason: str) -> None:
    if not reason.strip():
        raise ActionRefused("不推荐时请写明原因")
    await _move(session, staff, application, ApplicationStatus.NOT_RECOMMENDED, reason.strip())
    row = await review_of(session, application)
    row.reason = reason.strip()[:MAX_NOTE]
    row.rank = None


async def log_access(session: AsyncSession, staff: Staff, application: Application,
                     what: str, detail: str = "") -> None:
    """The access log: every ID reveal, document view and download, with who and when."""
    await append_event(session, "staff.access", {"receipt": application.receipt,
                                                 "what": what, "detail": detail},
                       applicant_id=application.applicant_id, actor=staff.actor)


async def set_allocation(session: AsyncSession, office: str, programme: str,
                         count: int, *, actor: str = "system") -> None:
    """Record the allocation a province sent an office (Jilin's 150%-200% is of this)."""
    if programme_by_id(programme) is None:
        raise ActionRefused(f"未知的项目 {programme}")
    if count < 0:
        raise ActionRefused("分配名额不能为负数")
    row = (await session.scalars(select(QuotaAllocation).where(
        QuotaAllocation.office == office, QuotaAllocation.programme == programme))).first()
    if row is None:
        session.add(QuotaAllocation(office=office, programme=programme, allocation=count))
    else:
        row.allocation = count
    await append_event(session, "quota.allocated", {"office": office, "programme": programme,
                                                    "allocation": count}, actor=actor)
