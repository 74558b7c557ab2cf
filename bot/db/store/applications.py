"""Submitted applications: writing one with its items, reading them, changing their status.

Every status change is an event (who, when, note, items), so the office's dashboard and the
applicant's status screen read the same history.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.applications import Application, ApplicationItem, ApplicationStatus, ItemStatus
from bot.db.chain import ApplicationVersion
from bot.db.store.journal import append_event

ALLOWED = {
    ApplicationStatus.SUBMITTED: {ApplicationStatus.RECEIVED, ApplicationStatus.RETURNED},
    ApplicationStatus.RESUBMITTED: {ApplicationStatus.RECEIVED, ApplicationStatus.RETURNED},
    ApplicationStatus.RECEIVED: {ApplicationStatus.RETURNED, ApplicationStatus.RECOMMENDED,
                                 ApplicationStatus.NOT_RECOMMENDED},
    ApplicationStatus.RETURNED: {ApplicationStatus.RESUBMITTED},
}
# The chain of offices (bot.services.chain): undoing a receipt or a decision, a level above
# returning the packet (to the county, or with the applicant's own items to them), and a level
# above declining it or undoing that.
ALLOWED[ApplicationStatus.RECEIVED] |= {ApplicationStatus.SUBMITTED, ApplicationStatus.RESUBMITTED}
ALLOWED[ApplicationStatus.RECOMMENDED] = {ApplicationStatus.RECEIVED, ApplicationStatus.RETURNED,
                                          ApplicationStatus.NOT_RECOMMENDED}
ALLOWED[ApplicationStatus.NOT_RECOMMENDED] = {ApplicationStatus.RECEIVED,
                                              ApplicationStatus.RECOMMENDED}


class StatusChangeRefused(ValueError):
    """The change does not follow the lifecycle (e.g. recommending a returned packet)."""


async def create_application(session: AsyncSession, applicant_id: int, data: dict[str, Any],
                             *, office: str, packet_path: str, packet_sha256: str,
                             packet_size: int) -> Application:
    row = Application(applicant_id=applicant_id, programme=data["programme"],
                      category=data.get("category"), receipt=data["receipt"],
                      status=ApplicationStatus.SUBMITTED, office=office, data=data,
                      packet_path=packet_path, packet_sha256=packet_sha256,
                      packet_size=packet_size)
    session.add(row)
    await session.flush()
    for item, value in data.get("items", {}).items():
        session.add(ApplicationItem(application_id=row.id, item=item,
                                    status=ItemStatus(value.get("status") or "missing"),
                                    files={"files": value.get("files", [])}))
    await session.flush()
    await append_event(session, "application_status", {
        "receipt": row.receipt, "status": row.status.value}, applicant_id=applicant_id,
        actor="applicant")
    return row


async def replace_packet(session: AsyncSession, application: Application,
                         data: dict[str, Any], *, packet_path: str, packet_sha256: str,
                         packet_size: int) -> None:
    """A corrected packet after a return: new files, the items as they are now. What it held
    before is kept as a version, so the offices can see what changed."""
    number = await session.scalar(select(func.count(ApplicationVersion.id)).where(
        ApplicationVersion.application_id == application.id))
    session.add(ApplicationVersion(application_id=application.id, version=int(number or 0) + 1,
                                   data=application.data))
    application.data, application.packet_path = data, packet_path
    application.packet_sha256, application.packet_size = packet_sha256, packet_size
    await change_status(session, application, ApplicationStatus.RESUBMITTED, actor="applicant")
    items = (await session.execute(select(ApplicationItem).where(
        ApplicationItem.application_id == application.id))).scalars()
    for row in items:
        await session.delete(row)
    await session.flush()
    for item, value in data.get("items", {}).items():
        session.add(ApplicationItem(application_id=application.id, item=item,
                                    status=ItemStatus(value.get("status") or "missing"),
                                    files={"files": value.get("files", [])}))
    await session.flush()


async def add_to_packet(session: AsyncSession, application: Application, data: dict[str, Any],
                        item: str, *, packet_path: str, packet_sha256: str,
                        packet_size: int) -> None:
    """An item handed in after submitting: the new packet and the item's files, the status
    unchanged, and an event naming what was added."""
    application.data, application.packet_path = data, packet_path
    application.packet_sha256, application.packet_size = packet_sha256, packet_size
    value = data.get("items", {}).get(item, {})
    row = (await session.execute(select(ApplicationItem).where(
        ApplicationItem.application_id == application.id,
        ApplicationItem.item == item))).scalar_one_or_none()
    if row is None:
        row = ApplicationItem(application_id=application.id, item=item)
        session.add(row)
    row.status = ItemStatus(value.get("status") or "missing")
    row.files = {"files": value.get("files", [])}
    await append_event(session, "application.item_added", {"receipt": application.receipt,
                                                           "item": item},
                       applicant_id=application.applicant_id, actor="applicant")
    await session.flush()


async def find_by_receipt(session: AsyncSession, receipt: str) -> Application | None:
    return (await session.execute(
        select(Application).where(Application.receipt == receipt))).scalar_one_or_none()


async def change_status(session: AsyncSession, application: Application,
                        status: ApplicationStatus, *, actor: str, note: str = "",
                        items: list[str] | None = None) -> None:
    """Move along the lifecycle and record it; a return names the items to fix."""
    if status not in ALLOWED.get(application.status, set()):
        raise StatusChangeRefused(f"{application.status} -> {status}")
    application.status = status
    await append_event(session, "application_status", {
        "receipt": application.receipt, "status": status.value, "note": note,
        "items": items or []}, applicant_id=application.applicant_id, actor=actor)


async def packet_statuses(session: AsyncSession, applicant_id: int) -> dict[str, str]:
    """Receipt → the office's latest status, for the applicant's own overview."""
    rows = await session.execute(select(Application.receipt, Application.status).where(
        Application.applicant_id == applicant_id))
    return {receipt: status.value for receipt, status in rows.all()}
