"""Telling the applicant that the office changed their packet's status, on their channels.

The message goes into the applicant's transcript (the web page shows it on the next visit) and
into the outbox for each of their Telegram and WeChat chats, in the applicant's language, in
the transaction of the office's action: a rolled-back action never notifies, a committed one
is never lost. The channels' senders deliver it; an office decision usually comes days after
the applicant last wrote, beyond WeChat's 48-hour window, and then goes out as a template
message when one is configured, or is dead-lettered with the reason (`bot.outbox`). Answers to
tickets use the same function (handlers/web/staff/tickets.py).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.applications import Application
from bot.services.push import notify_everywhere
from dialogs.i18n import t


def message(locale: str, application: Application, note: str = "",
            items: list[str] | None = None, labels: dict[str, str] | None = None,
            kind: str = "") -> str:
    """The applicant's message for an office decision; a 不推荐 carries its reason, and the
    undoing of one says the packet is under review again."""
    if kind == "not_recommend":
        return t(locale, "staff.not_recommended", receipt=application.receipt, reason=note)
    if kind == "undo_not_recommend":
        return t(locale, "staff.reopened", receipt=application.receipt)
    status = t(locale, f"app.st_{application.status.value}")
    if application.status.value == "returned":
        names = "、".join((labels or {}).get(item, item) for item in items or [])
        return t(locale, "staff.returned", receipt=application.receipt, note=note,
                 items=names)
    return t(locale, "staff.status", receipt=application.receipt, status=status)


async def applicant(session: AsyncSession, application: Application, note: str = "",
                    items: list[str] | None = None, labels: dict[str, str] | None = None,
                    kind: str = "") -> None:
    """Queue the decision's message in the office's own transaction (`bot.services.push`)."""
    await notify_everywhere(session, application.applicant_id, lambda locale: message(
        locale, application, note, items, labels, kind), kind="office_decision",
        office=application.office)
