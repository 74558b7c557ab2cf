"""A Telegram photo or document downloaded, judged and stored like a web upload.

The inbound message carries `telegram:<file_id>` (the largest photo size, its size already
checked against getFile's 20 MB limit); here getFile and the download run, and the bytes go
through `documents.judge` and `documents.store`. The result is the same file message the web
page produces, or the refusal to send back in the applicant's language. Album pages arrive as
separate updates and become consecutive file messages for the item being collected.
"""

from __future__ import annotations

import dataclasses
import io
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiohttp import ClientError

from bot.conversation import Message
from bot.db.channel_store import Sessions
from bot.services.documents import Refused
from bot.services.incoming import accept, refusal_text
from bot.storage import FileStore

log = logging.getLogger(__name__)
PREFIX = "telegram:"
DOWNLOAD_FAILED = "upload.refused_broken"
"""A download that fails is answered like a damaged file: send it again."""


async def fetch_file(bot: Bot, inbound: Message, files: FileStore, sessions: Sessions,
                     max_bytes: int) -> Message | str:
    """`inbound` with its file stored in `files`, or the refusal text; `max_bytes` is the
    upload setting (getFile's own 20 MB was checked before)."""
    assert inbound.file is not None
    if not inbound.file.ref.startswith(PREFIX):
        return inbound
    try:
        data = await _download(bot, inbound.file.ref.removeprefix(PREFIX))
        ref = await accept(data, inbound.file.name or _default_name(inbound), files, max_bytes)
    except Refused as refused:
        return await refusal_text(sessions, inbound.channel, inbound.external_id, refused,
                                  inbound.locale)
    except (TelegramAPIError, ClientError, TimeoutError):
        log.warning("telegram: a file could not be downloaded")
        return await refusal_text(sessions, inbound.channel, inbound.external_id,
                                  Refused(DOWNLOAD_FAILED), inbound.locale)
    return dataclasses.replace(inbound, file=ref)


async def _download(bot: Bot, file_id: str) -> bytes:
    file = await bot.get_file(file_id)
    if file.file_path is None:
        raise Refused(DOWNLOAD_FAILED)
    buffer = io.BytesIO()
    await bot.download_file(file.file_path, destination=buffer)
    return buffer.getvalue()


def _default_name(inbound: Message) -> str:
    return "photo.jpg" if inbound.file is not None and inbound.file.kind == "image" else "file"
