"""File uploads from the chat page: judged and stored before the conversation sees them.

The form posts multipart data to `/upload`; each file is read in chunks up to the size limit
(the app's 1 MB body limit applies to form posts, not to this streamed reader), judged by its
bytes and stored under a random name in the file store (both in a worker thread). A refused
file is answered with a notice in the applicant's language and the conversation is not called,
so the application is unchanged.
Several files in one post (an ID's front and back) become consecutive messages for one item.
"""

from __future__ import annotations

import uuid

from aiohttp import BodyPartReader, web

from bot.conversation import ConversationBusy, Message
from bot.db import store
from bot.runtime import CONVERSATION, FILES, SESSIONS
from bot.services.documents import MAX_BYTES, Refused
from bot.services.incoming import STORE_UNAVAILABLE, accept
from bot.storage import StoreUnavailable
from dialogs.i18n import t

CHANNEL = "web"
MAX_FILES = 10
CHUNK = 256 * 1024
REFUSALS = ("upload.refused_empty", "upload.refused_too_large", "upload.refused_type",
            "upload.refused_broken", "upload.refused_huge_image", "upload.refused_encrypted",
            "upload.refused_no_pages", STORE_UNAVAILABLE)


async def _read(part: BodyPartReader) -> bytes:
    data = bytearray()
    while chunk := await part.read_chunk(CHUNK):
        data += chunk
        if len(data) > MAX_BYTES:
            raise Refused("upload.refused_too_large", mb=MAX_BYTES // (1024 * 1024))
    return bytes(data)


async def upload(request: web.Request, token: str) -> web.Response:
    """Handle one multipart post for the applicant behind `token`."""
    reader = await request.multipart()
    message_id = uuid.uuid4().hex
    files: list[tuple[str, bytes]] = []
    refusal: str | None = None
    while (part := await reader.next()) is not None and len(files) < MAX_FILES:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "msg":
            message_id = (await part.text())[:50] or message_id
        elif part.name == "file":
            try:
                files.append((part.filename or "", await _read(part)))
            except Refused as refused:
                refusal = refused.key
    for index, (name, data) in enumerate(files):
        try:
            ref = await accept(data, name, request.app[FILES])
        except Refused as refused:
            refusal = refused.key
            continue
        try:
            await request.app[CONVERSATION].handle(Message(
                CHANNEL, token, f"{message_id}-{index}", kind="file", file=ref))
        except (ConversationBusy, StoreUnavailable):
            raise web.HTTPServiceUnavailable(text="请稍后再试 / Please try again in a moment.",
                                             headers={"Retry-After": "2"}) from None
    if refusal is None and not files:
        refusal = "upload.refused_empty"
    raise web.HTTPSeeOther(f"/?refused={refusal}#end" if refusal else "/#end")


async def refusal_text(request: web.Request, token: str) -> str | None:
    """The refusal named in the query, in the applicant's language (unknown keys: nothing)."""
    key = request.query.get("refused", "")
    if key not in REFUSALS:
        return None
    async with request.app[SESSIONS].begin() as session:
        applicant = await store.find_or_create_applicant(session, CHANNEL, token)
        state = (await store.load_dialog(session, applicant.id)).state or {}
    return t(str(state.get("locale") or "zh_CN"), key, mb=MAX_BYTES // (1024 * 1024))
