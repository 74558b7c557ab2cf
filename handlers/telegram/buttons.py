"""Inline buttons that say which asking of which question they answer.

Each button's callback data is aiogram's `CallbackData` for (question id, version, option
key), so a tap on a keyboard from an older message is recognised as stale by the dialog
(`dialogs.versions`). Callback data is at most 64 bytes (Bot API, “InlineKeyboardButton”:
callback_data 1-64 bytes); an option whose packed data would not fit is sent with its bare key.
Data that is not ours (a keyboard sent before versions existed) is read as a bare key.
"""

from __future__ import annotations

from functools import lru_cache

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.telegram.render import MAX_CALLBACK_BYTES, Button, Outgoing


class Answer(CallbackData, prefix="a", sep="|"):
    q: str
    """The question's id (`dialogs.versions.question_id`)."""
    v: int
    """The dialog's ask counter when the question was asked."""
    k: str
    """The option's key."""


def pack(answers: str, key: str) -> str:
    """The callback data for option `key` of the asking `answers` ("<id>.<version>")."""
    question, _, version = answers.partition(".")
    if not question or not version.isdigit():
        return key
    packed = Answer(q=question, v=int(version), k=key).pack()
    return packed if len(packed.encode("utf-8")) <= MAX_CALLBACK_BYTES else key


def unpack(data: str) -> tuple[str, str | None]:
    """(option key, the asking it answers or None for a bare key)."""
    try:
        answer = Answer.unpack(data)
    except (ValueError, TypeError):
        return data, None
    return answer.k, f"{answer.q}.{answer.v}"


def markup(outgoing: Outgoing) -> InlineKeyboardMarkup | None:
    """The inline keyboard for `outgoing`, one button per row (None without buttons)."""
    return _keyboard(outgoing.buttons, outgoing.answers) if outgoing.buttons else None


@lru_cache(maxsize=1024)
def _keyboard(buttons: tuple[Button, ...], answers: str) -> InlineKeyboardMarkup:
    """Built once per set of buttons and asking: a keyboard is a dozen pydantic models, and
    aiogram only reads it when sending."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(
            text=b.text, url=b.url,
            callback_data=pack(answers, b.callback_data) if b.callback_data else None)]
        for b in buttons])
