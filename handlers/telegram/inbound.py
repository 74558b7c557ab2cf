"""A Telegram update as the conversation's `Message`.

The update id is the message id: Telegram re-delivers an unacknowledged update with the same
id, so the conversation's dedupe answers a redelivery from the stored reply. Files are checked
by size before anything is downloaded: the Bot API's getFile serves at most 20 MB.
"""

from __future__ import annotations

from aiogram.enums import ChatType
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Update
from aiogram.types import Message as TgMessage

from bot.conversation import Message
from dialogs.types import FileRef
from handlers.telegram.buttons import unpack

CHANNEL = "telegram"
MAX_DOWNLOAD = 20 * 1024 * 1024
COMMANDS = {"start", "menu", "lang", "delete"}


MEDIA_FIELDS = (("sticker", "sticker"), ("animation", "video"), ("video", "video"),
                ("video_note", "video"), ("voice", "voice"), ("audio", "voice"),
                ("venue", "location"), ("location", "location"), ("contact", "contact"),
                ("poll", "other"), ("dice", "sticker"), ("game", "other"), ("story", "link"))


class TooLarge(Exception):
    """The file is over getFile's 20 MB limit; the user is told to send it another way."""


def locale_of(language_code: str | None) -> str | None:
    """Telegram's IETF language tag as one of our locales: zh* is zh_CN, en* is en."""
    code = (language_code or "").lower()
    if code.startswith("zh"):
        return "zh_CN"
    return "en" if code.startswith("en") else None


def from_message(update_id: int, message: TgMessage,
                 command: CommandObject | None = None) -> Message:
    """`command` is what aiogram's `Command` filter matched (its mention already checked
    against the bot's username); a `/start` payload becomes the message's scene."""
    chat = str(message.chat.id)
    locale = locale_of(message.from_user.language_code if message.from_user else None)
    mid = str(update_id)
    text = message.text or message.caption or ""
    if command is not None:
        name = command.command.lower()
        scene = command.args if name == "start" else None
        return Message(CHANNEL, chat, mid, kind="command", command=name, text=text,
                       locale=locale, scene=scene)
    upload = _file(message)
    if upload is not None:
        return Message(CHANNEL, chat, mid, kind="file", file=upload, text=text, locale=locale)
    media = media_of(message)
    if media is not None:
        place = message.venue.address if message.venue is not None else ""
        return Message(CHANNEL, chat, mid, kind="media", media=media, text=place,
                       locale=locale)
    return Message(CHANNEL, chat, mid, text=text, locale=locale)


def media_of(message: TgMessage) -> str | None:
    """What a message without text or a file carries, as `dialogs.unexpected` names it
    (Bot API, “Message”: one optional field per kind of content). A voice message has no
    transcription for bots, so it is asked to be typed; a venue has an address, a bare
    location none."""
    if message.text:
        return None
    for field, media in MEDIA_FIELDS:
        if getattr(message, field) is not None:
            return media
    return "other" if message.caption is None else None


def from_callback(update_id: int, query: CallbackQuery) -> Message | None:
    if query.message is None or query.data is None:
        return None
    choice, answers = unpack(query.data)
    return Message(CHANNEL, str(query.message.chat.id), str(update_id), kind="choice",
                   choice=choice, answers=answers,
                   locale=locale_of(query.from_user.language_code))


def is_private(update: Update) -> bool:
    """Whether the update comes from a private chat (the only place the conversation runs)."""
    if update.message is not None:
        return update.message.chat.type == ChatType.PRIVATE
    query = update.callback_query
    if query is not None and query.message is not None:
        return query.message.chat.type == ChatType.PRIVATE
    return False


def _file(message: TgMessage) -> FileRef | None:
    if message.photo:
        photo = max(message.photo, key=lambda size: (size.width * size.height,
                                                       size.file_size or 0))
        _check_size(photo.file_size)
        return FileRef(ref=f"telegram:{photo.file_id}", mime="image/jpeg",
                       size=photo.file_size or 0, kind="image", width=photo.width,
                       height=photo.height)
    if message.document is not None:
        document = message.document
        _check_size(document.file_size)
        return FileRef(ref=f"telegram:{document.file_id}", name=document.file_name or "",
                       mime=document.mime_type or "", size=document.file_size or 0,
                       kind="document")
    return None


def _check_size(size: int | None) -> None:
    if size is not None and size > MAX_DOWNLOAD:
        raise TooLarge(size)
