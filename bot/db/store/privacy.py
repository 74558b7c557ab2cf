"""“我的信息”: everything held about an applicant, and deleting all of it.

Deletion removes the applicant row and every row that belongs to them: channel identities,
dialog session, answers (with the encrypted ID number), consents and processed inbound
messages. Events are kept but anonymised: the applicant link and the payload are cleared, only
the kind, actor and time stay. That keeps the office's audit trail honest (a packet was
received, then the applicant left) and the programme statistics countable, while nothing left
can identify the person or tie their events together. One `applicant.deleted` event, itself
anonymous, records that a deletion happened.

Files on disk (documents, packets) are not in the database; the caller removes them after the
transaction commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.db.applications import Application, ApplicationItem
from bot.db.models import (
    Answer,
    Applicant,
    ChannelIdentity,
    Consent,
    DialogSession,
    Event,
    ProcessedInbound,
)
from bot.db.reminders import ReminderJob, ReminderRecipient, ReminderSubscription
from bot.db.store.answers import load_answers
from bot.db.store.journal import append_event
from bot.db.tickets import Ticket


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def _owned(session: AsyncSession, model: Any, applicant_id: int) -> list[Any]:
    """The applicant's rows of `model`, oldest first."""
    return list((await session.scalars(select(model).where(
        model.applicant_id == applicant_id).order_by(model.id))).all())


async def _reminders(session: AsyncSession, applicant_id: int) -> dict[str, Any]:
    """Whether we remind them, what they subscribed to, and every reminder planned or sent."""
    recipient = await session.get(ReminderRecipient, applicant_id)
    subscriptions = await _owned(session, ReminderSubscription, applicant_id)
    jobs = await _owned(session, ReminderJob, applicant_id)
    return {
        "opted_out": bool(recipient and recipient.opted_out),
        "next_round": [{"programme": s.programme, "created_at": _when(s.created_at)}
                       for s in subscriptions],
        "jobs": [{"kind": j.kind, "programme": j.programme, "status": j.status,
                  "due_at": _when(j.due_at), "sent_at": _when(j.sent_at)} for j in jobs],
    }


async def _applications(session: AsyncSession, applicant_id: int) -> list[dict[str, Any]]:
    """Submitted applications as the office holds them: what was sent, its status, its items."""
    rows = await _owned(session, Application, applicant_id)
    out = []
    for row in rows:
        items = (await session.scalars(select(ApplicationItem).where(
            ApplicationItem.application_id == row.id).order_by(ApplicationItem.id))).all()
        out.append({
            "receipt": row.receipt, "programme": row.programme, "category": row.category,
            "office": row.office, "status": row.status.value,
            "submitted_at": _when(row.submitted_at), "updated_at": _when(row.updated_at),
            "packet": {"size": row.packet_size, "sha256": row.packet_sha256},
            "data": row.data,
            "items": {i.item: {"status": i.status.value, "files": i.files} for i in items},
        })
    return out


async def export_applicant(session: AsyncSession, vault: Vault,
                           applicant_id: int) -> dict[str, Any] | None:
    """Everything stored about the applicant as JSON-ready data, or None if there is no such
    applicant. Sensitive answers are decrypted: mask them (`dialogs.masking.mask_text`) before
    showing them in a chat, where the reply is stored and may be seen over a shoulder."""
    applicant = await session.get(Applicant, applicant_id)
    if applicant is None:
        return None

    async def rows(model: Any) -> list[Any]:
        return await _owned(session, model, applicant_id)

    dialog = await session.get(DialogSession, applicant_id)
    answers = await load_answers(session, vault, applicant_id)
    return {
        "applicant": {"id": applicant.id, "created_at": _when(applicant.created_at),
                      "locale": applicant.locale},
        "identities": [{"channel": i.channel.value, "external_id": i.external_id,
                        "created_at": _when(i.created_at), "last_seen_at": _when(i.last_seen_at)}
                       for i in await rows(ChannelIdentity)],
        "answers": {fact: {"value": a.value, "source": a.source.value,
                           "updated_at": _when(a.updated_at), "sensitive": a.sensitive}
                    for fact, a in answers.items()},
        "consents": [{"version": c.version, "channel": c.channel.value,
                      "given_at": _when(c.given_at), "withdrawn_at": _when(c.withdrawn_at)}
                     for c in await rows(Consent)],
        "dialog": None if dialog is None else {"state": dialog.state, "version": dialog.version,
                                               "updated_at": _when(dialog.updated_at)},
        "events": [{"kind": e.kind, "payload": e.payload, "actor": e.actor,
                    "created_at": _when(e.created_at)} for e in await rows(Event)],
        "processed_messages": [{"channel": p.channel.value, "message_key": p.message_key,
                                "reply": p.reply, "created_at": _when(p.created_at)}
                               for p in await rows(ProcessedInbound)],
        "applications": await _applications(session, applicant_id),
        "reminders": await _reminders(session, applicant_id),
        "tickets": [{"office": t.office, "programme": t.programme, "question": t.question,
                     "status": t.status.value, "answer": t.answer,
                     "created_at": _when(t.created_at), "answered_at": _when(t.answered_at)}
                    for t in await rows(Ticket)],
    }


async def delete_applicant(session: AsyncSession, applicant_id: int, *,
                           actor: str = "applicant") -> bool:
    """Delete the applicant and everything of theirs, anonymising their events (see above).

    Returns False if there was no such applicant. A turn of theirs running concurrently fails
    with `ConcurrentUpdate` when it saves its dialog state, so nothing is re-created.
    """
    if await session.get(Applicant, applicant_id) is None:
        return False
    for model in (ProcessedInbound, Answer, DialogSession, Consent, ChannelIdentity):
        await session.execute(delete(model).where(model.applicant_id == applicant_id))
    await session.execute(update(Event).where(Event.applicant_id == applicant_id)
                          .values(applicant_id=None, payload={}))
    await session.execute(delete(Applicant).where(Applicant.id == applicant_id))
    await append_event(session, "applicant.deleted", actor=actor)
    return True
