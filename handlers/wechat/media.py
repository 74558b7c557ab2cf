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

from bot.conversation import Message
from bot.db.channel_store import Sessions
from bot.services.documents import Refused
from bot.services.incoming import accept, refusal_text
from bot.storage import FileStore
from handlers.wechat.inbound import MEDIA_PREFIX
from handlers.wechat.sender import ApiClient

DOWNLOAD_TIMEOUT = 20.0
Download = Callable[[str], Awaitable[bytes]]


def downloader(client: ApiClient) -> Download:
    """`media/get` through wechatpy (synchronous) in a worker thread, with a timeout; the
    shared access token is fetched from that thread as `SharedToken` requires."""

    async def download(media_id: str) -> bytes:
        response = await asyncio.wait_for(
            asyncio.to_thread(client.media.download, media_id), DOWNLOAD_TIMEOUT)
        return bytes(response.content)

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
        data = await self.download(message.file.ref.removeprefix(MEDIA_PREFIX))
        try:
            ref = await accept(data, message.file.name, self.files, self.max_bytes)
        except Refused as refused:
            return await refusal_text(sessions, message.channel, message.external_id, refused)
        return dataclasses.replace(message, file=ref)
