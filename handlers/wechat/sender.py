"""The customer-service sender: what did not fit in the passive reply goes out from here.

wechatpy's client is synchronous (requests), so each call runs in a worker thread with a
timeout and the event loop never blocks on WeChat. Sending goes through the shared outbound
`Pacer` (bot.services.outbound): messages for one person go out in the order they were queued,
at most `PER_SECOND` a second overall (WeChat throttles bursts with errcode 45009 and -1), a
failed send is logged and the next one proceeds, a user who unfollowed the account (43004) is
not written to again until they write, and every message is recorded in `outbound_messages`
with its outcome, as Telegram's are. Outside the 48-hour window (45015) or over the message
allowance (45047) a message fails and is recorded as failed: template messages are the push
service's job.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from bot.db import channel_store
from bot.db.channel_store import Sessions
from bot.db.group_commit import GroupCommit
from bot.services.outbound import Blocked, Pacer, Record, RetryAfter

log = logging.getLogger(__name__)
CHANNEL = "wechat"
SEND_TIMEOUT = 10.0
PER_SECOND = 20.0
UNFOLLOWED = {43004}
THROTTLED = {45009, -1}
THROTTLE_PAUSE = 5.0


class ApiClient(WeChatClient):
    """wechatpy's client with a configurable API base (its token URL is hard-coded) and an
    access token that comes from `token_source` (the database-shared token) when one is set.

    `token_source(rejected)` is called from worker threads; `rejected` is the token WeChat just
    refused (errcode 40001), so it is replaced only once however many threads saw it fail.
    """

    def __init__(self, app_id: str, secret: str, api_base: str, timeout: float = 5.0) -> None:
        super().__init__(app_id, secret, timeout=timeout)
        self.API_BASE_URL = api_base.rstrip("/") + "/cgi-bin/"
        self.token_source: Callable[[str | None], str] | None = None

    def request_token(self) -> tuple[str, int]:
        """Ask WeChat for a new token (the only place that does): (token, seconds valid)."""
        result = self._fetch_access_token(
            url=self.API_BASE_URL + "token",
            params={"grant_type": "client_credential", "appid": self.appid,
                    "secret": self.secret})
        return str(result["access_token"]), int(result.get("expires_in", 7200))

    def fetch_access_token(self) -> dict[str, Any]:
        rejected = self.session.get(self.access_token_key)
        token = self._from_source(rejected)
        return {"access_token": token}

    @property
    def access_token(self) -> str:
        return self._from_source(None)

    def _from_source(self, rejected: str | None) -> str:
        if self.token_source is None:
            token, _seconds = self.request_token()
        else:
            token = self.token_source(rejected)
        self.session.set(self.access_token_key, token)
        return token


class WeChatSender:
    """Customer-service messages through a pacer, each one recorded."""

    def __init__(self, send: Callable[[str, str], Any], sessions: Callable[[], Sessions], *,
                 timeout: float = SEND_TIMEOUT, **limits: Any) -> None:
        self._send_text = send
        self._sessions = sessions
        self._timeout = timeout
        self._recorded = GroupCommit(lambda records: channel_store.record_outbound(
            self._sessions(), CHANNEL, records))
        limits.setdefault("per_second", PER_SECOND)
        limits.setdefault("per_chat_interval", 0.0)
        self.pacer = Pacer(self._send, on_done=self._record, **limits)

    def enqueue(self, openid: str, texts: list[str]) -> None:
        for text in texts:
            self.pacer.submit(openid, text)

    async def heard_from(self, openid: str) -> None:
        """The user wrote: a user who had unfollowed us can be written to again."""
        if openid in self.pacer.blocked:
            self.pacer.blocked.discard(openid)
            await channel_store.set_blocked(self._sessions(), CHANNEL, openid, False)

    async def run(self) -> None:
        """Load who unfollowed us, then send until cancelled (the app's cleanup context)."""
        self.pacer.blocked |= await channel_store.blocked_recipients(self._sessions(), CHANNEL)
        try:
            await asyncio.Event().wait()
        finally:
            await self.pacer.close()

    async def drain(self) -> None:
        """Wait until everything queued so far has been attempted (tests, shutdown)."""
        await self.pacer.join()

    async def _send(self, openid: str, text: str) -> None:
        try:
            await asyncio.wait_for(asyncio.to_thread(self._send_text, openid, text),
                                   self._timeout)
        except WeChatClientException as error:
            if error.errcode in UNFOLLOWED:
                raise Blocked(openid) from error
            if error.errcode in THROTTLED:
                raise RetryAfter(THROTTLE_PAUSE) from error
            raise

    async def _record(self, record: Record) -> None:
        await self._recorded((record.chat, record.status, record.attempts))
        if record.status == "blocked" and record.attempts:
            await channel_store.set_blocked(self._sessions(), CHANNEL, record.chat, True)
