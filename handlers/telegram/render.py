"""Outbound items as Telegram messages: options become inline keyboard buttons.

A turn's messages are joined where they can be (`render_turn`): “好的：河南省。” and the next
question arrive as one message with the question's buttons, not two. Telegram lets a bot send
about one message a second to a chat, so a second message would reach the applicant a second
late; one message is also one notification on their phone.

Upload requests for sensitive documents carry a link to the web page instead of asking for the
file here when `AWARDBOT_TELEGRAM_SENSITIVE_UPLOADS` is off (Telegram's servers are outside the
PRC; PIPL art. 38-39). A text over Telegram's limit becomes numbered parts (`handlers.splitting`),
never a clipped one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dialogs.types import Link, Outbound, Question, Text, UploadRequest
from handlers.splitting import split_message, utf16_units

MAX_TEXT = 4096
"""sendMessage `text`: “1-4096 characters after entities parsing” (Bot API, sendMessage);
counted in UTF-16 code units, as the Bot API counts entity offsets (“MessageEntity”)."""
NUMBERED = re.compile(r"\(\d+/\d+\)\n")
MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Button:
    """An inline button: a tap sends `callback_data`, or opens `url`."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Outgoing:
    """One sendMessage call's text and inline keyboard (one button per row).

    Plain data, no aiogram types: other modules (staff notifications) queue messages without
    importing aiogram, which takes seconds; the channel builds the markup when sending.
    """

    text: str
    buttons: tuple[Button, ...] = ()


def render(item: Outbound,
           upload_link: Callable[[str], str | None] | None = None) -> list[Outgoing]:
    """One outbound item as Telegram messages: one, or numbered parts when the text is over
    Telegram's limit (the buttons under the last part); none when there is nothing to say."""
    match item:
        case Question(text=text, options=options) if options:
            buttons = tuple(Button(o.label[:64], callback_data=o.key) for o in options
                            if len(o.key.encode("utf-8")) <= MAX_CALLBACK_BYTES)
            return _parts(text, buttons)
        case Question(text=text) | Text(text=text):
            return _parts(text)
        case UploadRequest(text=text, item=name):
            url = upload_link(name) if upload_link is not None else None
            if not url:
                return _parts(text)
            return _parts(f"{text}\n{url}", (Button("打开上传页面", url=url),))
        case Link(text=text, url=url):
            return _parts(f"{text}\n{url}")
    return []


def _parts(text: str, buttons: tuple[Button, ...] = ()) -> list[Outgoing]:
    if not text:
        return [Outgoing("", buttons)] if buttons else []
    parts = split_message(text, MAX_TEXT, utf16_units)
    return [Outgoing(part) for part in parts[:-1]] + [Outgoing(parts[-1], buttons)]


def render_turn(items: Iterable[Outbound],
                upload_link: Callable[[str], str | None] | None = None) -> list[Outgoing]:
    """A turn's items as few messages as possible: each message without buttons is joined with
    what follows it while the text fits, so buttons always sit under the last text they belong
    to, and nothing is reordered. Numbered parts of a long text are never joined."""
    messages: list[Outgoing] = []
    for item in items:
        for outgoing in render(item, upload_link):
            last = messages[-1] if messages else None
            joined = f"{last.text}\n\n{outgoing.text}" if last is not None else ""
            if last is not None and not last.buttons and utf16_units(joined) <= MAX_TEXT \
                    and not _numbered(last) and not _numbered(outgoing):
                messages[-1] = Outgoing(joined, outgoing.buttons)
            else:
                messages.append(outgoing)
    return messages


def _numbered(outgoing: Outgoing) -> bool:
    return NUMBERED.match(outgoing.text) is not None
