"""The applicant's transcript: what they sent and what we answered, turn by turn.

Stored as `chat.turn` events in the event log rather than in a table of its own: the event log
is already per applicant, append-only and ordered, and deleting an applicant already clears
their event payloads, so the transcript disappears with the rest of their data. The dialog
state stays small (it is loaded and saved on every message), and no migration is needed.
ID, bank card and mobile numbers are masked (`dialogs.masking`) before they are written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Channel, ChannelIdentity, Event
from bot.db.store import append_event
from dialogs.masking import mask_text, mask_tree
from dialogs.state import DialogState
from dialogs.types import Outbound, outbound_from_dict

if TYPE_CHECKING:
    from bot.conversation import Message

TURN_EVENT = "chat.turn"


@dataclass(frozen=True)
class Entry:
    """One turn as shown: the applicant's words (empty for the opening) and our reply."""

    said: str
    reply: list[Outbound]


def mask_outbound(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replies with every ID, bank card and mobile number masked. A reply may echo what was
    typed (“我没找到‘4103…’这个地方”); a number typed at the wrong question must not reach the
    transcript, the stored reply or the screen over a shoulder in full."""
    return [mask_tree(item) for item in items]


def inbound_display(state: DialogState, message: Message) -> str:
    """What the applicant's message looks like in the transcript: a tapped option shows its
    label, as if they had typed it."""
    if message.kind == "choice" and message.choice is not None:
        labels = {key: label for key, label in state.pending.get("options", [])}
        return labels.get(message.choice, message.choice)
    if message.kind == "file" and message.file is not None:
        return message.file.name or message.file.ref
    if message.kind == "command":
        return ""
    return mask_text(message.text)


async def append_turn(session: AsyncSession, applicant_id: int, said: str,
                      outbound: list[dict[str, Any]]) -> None:
    """Add one turn to the applicant's transcript, in the caller's transaction."""
    await append_event(session, TURN_EVENT, {"said": said, "reply": outbound},
                       applicant_id=applicant_id, actor="applicant")


async def load_transcript(session: AsyncSession, channel: Channel | str, external_id: str, *,
                          limit: int = 100) -> list[Entry]:
    """The last `limit` turns of the applicant behind this channel identity, oldest first."""
    applicant_id = await session.scalar(
        select(ChannelIdentity.applicant_id).where(ChannelIdentity.channel == Channel(channel),
                                                   ChannelIdentity.external_id == external_id))
    if applicant_id is None:
        return []
    rows = (await session.scalars(
        select(Event.payload).where(Event.applicant_id == applicant_id,
                                    Event.kind == TURN_EVENT)
        .order_by(Event.id.desc()).limit(limit))).all()
    return [Entry(said=row.get("said", ""),
                  reply=[outbound_from_dict(item) for item in row.get("reply", [])])
            for row in reversed(rows)]


PAGE_TURNS = 12
"""Turns a page load shows (and reads); older ones come with 更早的消息, a page at a time."""


@dataclass(frozen=True)
class Page:
    """The latest turns (oldest first) and where the earlier ones begin."""

    entries: list[Entry]
    earlier: int | None
    """Ask for `before=` this id to see the turns before these; None when there are none."""
    applicant_id: int | None = None


async def load_page(session: AsyncSession, channel: Channel | str, external_id: str, *,
                    limit: int = PAGE_TURNS, before: int | None = None) -> Page:
    """At most `limit` turns before the event `before` (default: the latest): two bounded
    statements whatever the length of the conversation."""
    applicant_id = await session.scalar(
        select(ChannelIdentity.applicant_id).where(ChannelIdentity.channel == Channel(channel),
                                                   ChannelIdentity.external_id == external_id))
    if applicant_id is None:
        return Page([], None)
    query = select(Event.id, Event.payload).where(Event.applicant_id == applicant_id,
                                                  Event.kind == TURN_EVENT)
    if before is not None:
        query = query.where(Event.id < before)
    rows = (await session.execute(query.order_by(Event.id.desc()).limit(limit + 1))).all()
    shown = list(reversed(rows[:limit]))
    entries = [Entry(said=payload.get("said", ""),
                     reply=[outbound_from_dict(item) for item in payload.get("reply", [])])
               for _, payload in shown]
    return Page(entries, shown[0][0] if len(rows) > limit else None, applicant_id)
