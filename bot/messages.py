"""What the conversation takes in and hands back: one inbound `Message`, one `Result`.

Kept apart from `bot.conversation` so that the single-turn path and the batch path
(`bot.turn_batch`) share them without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dialogs.types import FileRef, InboundKind, Outbound, outbound_from_dict

MAX_MESSAGE_ID = 60


@dataclass(frozen=True)
class Message:
    """One inbound message as an adapter hands it over, before the engine sees it.

    `message_id` must be unique per sender on the channel (a web form's hidden id, WeChat's
    MsgId, Telegram's update id); it is combined with `external_id` for deduplication.
    """

    channel: str
    external_id: str
    message_id: str
    kind: InboundKind = "text"
    text: str = ""
    choice: str | None = None
    command: str | None = None
    file: FileRef | None = None
    locale: str | None = None
    """The platform's language for a first-time sender (Telegram's `language_code`)."""
    answers: str | None = None
    """For a tapped button: which asking of which question it belongs to (`Question.ask`)."""
    media: str | None = None
    """For kind "media": sticker, video, voice, link, file, contact, location or other."""
    scene: str | None = None
    """A `/start` payload or a QR-code scene (`dialogs.scenes`)."""


@dataclass(frozen=True)
class Result:
    """What the adapter renders: the reply, and whether this turn deleted the applicant."""

    outbound: list[Outbound]
    deleted: bool = False
    duplicate: bool = False


def message_key(message: Message) -> str:
    """The dedupe key: sender and message id together (ids alone collide across senders)."""
    return f"{message.external_id}:{message.message_id[:MAX_MESSAGE_ID]}"


def stored_result(reply: dict[str, Any]) -> Result:
    """The answer to a repeated delivery: the reply stored the first time."""
    return Result(outbound=[outbound_from_dict(item) for item in reply.get("outbound", [])],
                  deleted=bool(reply.get("deleted")), duplicate=True)


def jsonable(value: Any) -> Any:
    """An answer's value as stored: dates as ISO strings."""
    return value.isoformat() if isinstance(value, dt.date) else value
