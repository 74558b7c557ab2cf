"""Files arriving through a chat channel (Telegram, WeChat), handled exactly like web uploads.

The adapter downloads the bytes; here they are judged by `documents.judge` and stored by
`documents.store` in the file store (decoding and storing run in a worker thread, off the
event loop), and a refusal is worded in the applicant's language. A refused file never reaches
the conversation, so the application stays exactly as it was.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import store
from bot.services.documents import Refused, judge
from bot.services.documents import store as store_file
from bot.storage import FileStore
from dialogs.flows.application import expects_file
from dialogs.i18n import t
from dialogs.state import DialogState
from dialogs.types import FileRef

log = logging.getLogger(__name__)
STORE_UNAVAILABLE = "storage.unavailable"
"""The file was fine but could not be kept just now (object store down, disk full): the
applicant is asked to send it again later, and the conversation never saw it."""


def _judge_and_store(data: bytes, name: str, files: FileStore, max_bytes: int) -> FileRef:
    judged = judge(data, name, max_bytes)
    try:
        return store_file(judged, files)
    except OSError as error:
        log.warning("an accepted file could not be stored: %s", error)
        raise Refused(STORE_UNAVAILABLE) from error


async def accept(data: bytes, name: str, files: FileStore, max_bytes: int) -> FileRef:
    """The stored file's reference; raises `documents.Refused` with the reason's catalogue key
    (also when the store cannot keep the file just now). `max_bytes` is the upload setting.
    Judging and storing run in a worker thread: image decoding and the store's I/O block."""
    return await asyncio.to_thread(_judge_and_store, data, name, files, max_bytes)


async def expects_upload(sessions: async_sessionmaker[AsyncSession], channel: str,
                         external_id: str) -> bool:
    """Whether this applicant consented and their current step asks for a document: only
    then is an uploaded file read at all (a stranger's upload would otherwise be kept)."""
    async with sessions() as session:
        applicant_id = await store.applicant_of(session, channel, external_id)
        if applicant_id is None:
            return False
        state = (await store.load_dialog(session, applicant_id)).state
    return expects_file(DialogState.from_json(state or {}))


async def refusal_text(sessions: async_sessionmaker[AsyncSession], channel: str,
                       external_id: str, refused: Refused,
                       fallback_locale: str | None = None) -> str:
    """The refusal in the applicant's chosen language (the platform's for a newcomer), with
    the figures it names (the size limit)."""
    async with sessions.begin() as session:
        applicant = await store.find_or_create_applicant(
            session, channel, external_id, locale=fallback_locale or "zh_CN")
        state = (await store.load_dialog(session, applicant.id)).state or {}
    locale = str(state.get("locale") or fallback_locale or "zh_CN")
    return t(locale, refused.key, **refused.values)
