"""File uploads from the chat page: judged and stored before the conversation sees them.

Nothing is read before the applicant's state says an upload is welcome: consent given and the
current step asking for a document (`bot.services.incoming.expects_upload`); otherwise the
answer is the polite "not now" and no byte is parsed or kept.
The form posts multipart data to `/upload`; each file is read in chunks up to the size limit
(the app's 1 MB body limit applies to form posts, not to this streamed reader), judged by its
bytes and stored under a random name in the file store (both in a worker thread). A refused
file is answered with a notice in the applicant's language and the conversation is not called,
so the application is unchanged.
Several files in one post (an ID's front and back) become consecutive messages for one item;
each is judged, stored and handed on before the next is read, so one request holds at most one
file in memory.
"""

from __future__ import annotations

import uuid

from aiohttp import BodyPartReader, MultipartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from bot.conversation import ConversationBusy, Message
from bot.runtime import CONVERSATION, FILES, SESSIONS, SETTINGS
from bot.services.documents import Refused, too_large
from bot.services.incoming import STORE_UNAVAILABLE, accept, expects_upload
from bot.storage import StoreUnavailable

CHANNEL = "web"
MAX_FILES = 10
CHUNK = 256 * 1024
FLASH = "awardbot_notice"
"""A refusal shown once on the next page load: a short cookie rather than the query string,
so no message key ever shows in the address bar."""
REFUSALS = ("upload.refused_empty", "upload.nothing_chosen", "upload.refused_text_too_long",
            "upload.refused_too_large", "upload.refused_type",
            "upload.refused_broken", "upload.refused_huge_image", "upload.refused_encrypted",
            "upload.refused_no_pages", "upload.refused_bomb", "upload.not_expected",
            "upload.refused_name",
            STORE_UNAVAILABLE)


async def _read(part: BodyPartReader, max_bytes: int) -> bytes:
    """The part's bytes; refused (and never held whole) once past the upload setting."""
    data = bytearray()
    while chunk := await part.read_chunk(CHUNK):
        data += chunk
        if len(data) > max_bytes:
            raise too_large(max_bytes)
    return bytes(data)


async def upload(request: web.Request, token: str) -> web.Response:
    """Handle one multipart post for the applicant behind `token`."""
    if not await expects_upload(request.app[SESSIONS], CHANNEL, token):
        response = web.HTTPSeeOther("/#end")
        flash(response, "upload.not_expected")
        raise response
    reader = await request.multipart()
    max_bytes = request.app[SETTINGS].upload_max_bytes
    message_id = uuid.uuid4().hex
    files = 0
    refusal: str | None = None
    while (part := await _next_part(reader)) is not None and files < MAX_FILES:
        if isinstance(part, str):
            refusal = part
            break
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "msg":
            message_id = (await part.text())[:50] or message_id
        elif part.name == "file":
            try:
                data = await _read(part, max_bytes)
            except Refused as refused:
                refusal = refused.key
                continue
            if data or part.filename:
                refusal = await _hand_on(request, token, f"{message_id}-{files}", data,
                                         part.filename or "", max_bytes) or refusal
                files += 1
    if refusal is None and not files:
        refusal = "upload.nothing_chosen"
    response = web.HTTPSeeOther("/#end")
    if refusal:
        flash(response, refusal)
    raise response


async def _next_part(reader: MultipartReader) -> BodyPartReader | MultipartReader | str | None:
    """The next part, or a refusal key when its headers cannot be read (a control character
    in a file name: aiohttp refuses the header, and the applicant hears why)."""
    try:
        return await reader.next()
    except HttpProcessingError:
        return "upload.refused_name"


async def _hand_on(request: web.Request, token: str, message_id: str, data: bytes,
                   name: str, max_bytes: int) -> str | None:
    """Judge, store and pass on one file; the refusal's key, or None when it was taken."""
    try:
        ref = await accept(data, name, request.app[FILES], max_bytes)
    except Refused as refused:
        return refused.key
    try:
        await request.app[CONVERSATION].handle(Message(
            CHANNEL, token, message_id, kind="file", file=ref))
    except (ConversationBusy, StoreUnavailable):
        raise web.HTTPServiceUnavailable(
            text="系统正忙，请稍后再试。已经传上的文件没有丢失。",
            headers={"Retry-After": "2"}) from None
    return None


def flash(response: web.StreamResponse, key: str) -> None:
    """Show the refusal `key` once, on the next page load."""
    response.set_cookie(FLASH, key, max_age=60, httponly=True, samesite="Lax", path="/")
