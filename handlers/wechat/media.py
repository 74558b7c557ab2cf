"""An image sent in WeChat, downloaded at once and handled like a web upload.

WeChat delivers only a MediaId; the bytes come from the media API (`media/get`), and temporary
media expire after three days, so the image is fetched as soon as the message arrives, inside
the turn (the passive-reply budget and the customer-service fallback already cover a slow
download). The bytes go through `documents.judge` and `documents.store`; a refused image is
answered in the applicant's language and never reaches the conversation.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable

import aiohttp

from bot.conversation import Message
from bot.db.channel_store import Sessions
from bot.services.documents import Refused
from bot.services.incoming import accept, refusal_text
from bot.storage import FileStore
from handlers.wechat.inbound import MEDIA_PREFIX
from handlers.wechat.sender import ApiClient

CHUNK = 64 * 1024


class MediaUnavailable(Exception):
    """WeChat answered with an error instead of the file (the turn apologises)."""
Download = Callable[[str], Awaitable[bytes]]


def downloader(client: ApiClient, timeout: float, max_bytes: int) -> Download:
    """`media/get` within `timeout` seconds (`AWARDBOT_WECHAT_MEDIA_TIMEOUT`), read in chunks
    and refused past the upload limit (`max_bytes`), so no more than that is ever held.

    wechatpy's own download would wait only its client's timeout (5 s) whatever this one says,
    so aiohttp fetches `media/get` itself, with the shared token (read from a worker thread, as
    `SharedToken` requires). A timeout or a broken connection asks for the image again. WeChat
    answers an unknown or expired MediaId with JSON `{"errcode":…,"errmsg":…}` instead of the
    file (素材管理 “获取临时素材”): that is `MediaUnavailable`."""

    async def download(media_id: str) -> bytes:
        token = await asyncio.to_thread(lambda: client.access_token)
        params = {"access_token": token, "media_id": media_id}
        try:
            return await _fetch(f"{client.API_BASE_URL}media/get", params)
        except (TimeoutError, aiohttp.ClientError) as error:
            raise Refused("upload.refused_broken") from error

    async def _fetch(url: str, params: dict[str, str]) -> bytes:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http, \
                http.get(url, params=params) as response:
            if response.content_type in ("application/json", "text/plain"):
                raise MediaUnavailable(await response.text())
            data = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                data += chunk
                if len(data) > max_bytes:
                    raise Refused("upload.refused_too_large", mb=max_bytes // (1024 * 1024))
            return bytes(data)

    return download


@dataclasses.dataclass(frozen=True)
class MediaFetcher:
    download: Download
    files: FileStore
    max_bytes: int
    """The upload setting (`upload_max_mb`)."""

    async def fetch(self, message: Message, sessions: Sessions) -> Message | str:
        """`message` with its image stored, or the refusal text to answer with."""
        if message.file is None or not message.file.ref.startswith(MEDIA_PREFIX):
            return message
        try:
            data = await self.download(message.file.ref.removeprefix(MEDIA_PREFIX))
            ref = await accept(data, message.file.name, self.files, self.max_bytes)
        except Refused as refused:
            return await refusal_text(sessions, message.channel, message.external_id, refused)
        return dataclasses.replace(message, file=ref)
