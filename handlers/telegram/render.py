"""Outbound items as Telegram messages: options become inline keyboard buttons.

A turn's messages are joined where they can be (`render_turn`): “好的：河南省。” and the next
question arrive as one message with the question's buttons, not two. Telegram lets a bot send
about one message a second to a chat, so a second message would reach the applicant a second
late; one message is also one notification on their phone.

Upload requests for sensitive documents carry a link to the web page instead of asking for the
file here when `AWARDBOT_TELEGRAM_SENSITIVE_UPLOADS` is off (Telegram's servers are outside the
PRC; PIPL art. 38-39).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dialogs.types import Link, Outbound, Question, Text, UploadRequest

MAX_TEXT = 4096
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
           upload_link: Callable[[str], str | None] | None = None) -> Outgoing | None:
    """One outbound item as one Telegram message (None when there is nothing to say)."""
    match item:
        case Question(text=text, options=options) if options:
            buttons = tuple(Button(o.label[:64], callback_data=o.key) for o in options
                            if len(o.key.encode("utf-8")) <= MAX_CALLBACK_BYTES)
            return Outgoing(text[:MAX_TEXT], buttons)
        case Question(text=text) | Text(text=text):
            return Outgoing(text[:MAX_TEXT]) if text else None
        case UploadRequest(text=text, item=name):
            url = upload_link(name) if upload_link is not None else None
            if not url:
                return Outgoing(text[:MAX_TEXT])
            return Outgoing(f"{text}\n{url}"[:MAX_TEXT], (Button("打开上传页面", url=url),))
        case Link(text=text, url=url):
            return Outgoing(f"{text}\n{url}"[:MAX_TEXT])
    return None


def render_turn(items: Iterable[Outbound],
                upload_link: Callable[[str], str | None] | None = None) -> list[Outgoing]:
    """A turn's items as few messages as possible: each message without buttons is joined with
    what follows it while the text fits, so buttons always sit under the last text they belong
    to, and nothing is reordered."""
    messages: list[Outgoing] = []
    for item in items:
        outgoing = render(item, upload_link)
        if outgoing is None:
            continue
        last = messages[-1] if messages else None
        joined = f"{last.text}\n\n{outgoing.text}" if last is not None else ""
        if last is not None and not last.buttons and len(joined) <= MAX_TEXT:
            messages[-1] = Outgoing(joined, outgoing.buttons)
        else:
            messages.append(outgoing)
    return messages
