"""Outbound items as Telegram messages: options become inline keyboard buttons.

Upload requests for sensitive documents carry a link to the web page instead of asking for the
file here when `AWARDBOT_TELEGRAM_SENSITIVE_UPLOADS` is off (Telegram's servers are outside the
PRC; PIPL art. 38-39).
"""

from __future__ import annotations

from collections.abc import Callable
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
