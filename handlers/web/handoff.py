"""Signed, expiring links that carry an applicant from Telegram or WeChat to the web page.

Sensitive documents (ID cards) are not collected through Telegram, whose servers are outside
the PRC (PIPL art. 38-39), and WeChat chat cannot carry PDF or DOCX files; the chat sends a
link instead. The token names the applicant's address on the chat channel (channel and
external id), the document asked for, an expiry and a random nonce, signed with HMAC-SHA256
under a key derived from the app secret. Opening it once gives the browser a new web identity
bound to that same applicant, so the page continues the same application; the nonce is
recorded, so a forwarded or leaked link cannot be used a second time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy import select

from bot.db import store
from bot.db.base import utcnow
from bot.db.models import ChannelIdentity
from bot.runtime import SESSIONS, SETTINGS
from handlers.web.cookies import COOKIE_MAX_AGE, COOKIE_NAME, CookieSigner

LINK_LIFETIME = 30 * 60
_PURPOSE = b"awardbot/handoff-link"
PATH = "/h/{token}"
EXPIRED = ("<!doctype html><meta charset=utf-8><meta name=viewport "
           "content='width=device-width'><title>链接已失效</title>"
           "<p>这个链接已失效或已经用过。请回到聊天中，发送“菜单”重新获取链接。</p>")


@dataclass(frozen=True)
class Handoff:
    channel: str
    external_id: str
    item: str
    expires: int
    nonce: str


class HandoffSigner:
    """Makes and checks handoff tokens (URL-safe, no padding)."""

    def __init__(self, secret: bytes) -> None:
        self._key = hmac.new(secret, _PURPOSE, hashlib.sha256).digest()
        self.cookies = CookieSigner(secret)

    def sign(self, channel: str, external_id: str, item: str, *,
             lifetime: int = LINK_LIFETIME, now: float | None = None) -> str:
        moment = time.time() if now is None else now
        body = json.dumps([channel, external_id, item, int(moment) + lifetime,
                           secrets.token_hex(8)], separators=(",", ":")).encode("utf-8")
        data = base64.urlsafe_b64encode(body).rstrip(b"=").decode("ascii")
        return f"{data}.{self._mac(data)}"

    def verify(self, token: str, *, now: float | None = None) -> Handoff | None:
        """The handoff a token names, or None if it is forged, malformed or expired."""
        data, _, mac = token.partition(".")
        if not data or not hmac.compare_digest(mac, self._mac(data)):
            return None
        try:
            fields = json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
            handoff = Handoff(*(str(f) for f in fields[:3]), int(fields[3]), str(fields[4]))
        except (ValueError, TypeError, IndexError):
            return None
        moment = time.time() if now is None else now
        return handoff if handoff.expires >= moment else None

    def _mac(self, data: str) -> str:
        return hmac.new(self._key, data.encode("ascii"), hashlib.sha256).hexdigest()[:32]


HANDOFF = web.AppKey("web_handoff", HandoffSigner)


def setup_handoff(app: web.Application, secret: bytes) -> None:
    app[HANDOFF] = HandoffSigner(secret)
    app.router.add_get(PATH, open_link)


def link_for(app: web.Application, channel: str, external_id: str, item: str) -> str:
    """The absolute URL an adapter sends for `item` (uses `AWARDBOT_PUBLIC_URL`)."""
    token = app[HANDOFF].sign(channel, external_id, item)
    return f"{app[SETTINGS].public_url}/h/{token}"


async def open_link(request: web.Request) -> web.StreamResponse:
    """Bind this browser to the applicant the link names, once, and show the chat page."""
    signer = request.app[HANDOFF]
    handoff = signer.verify(request.match_info["token"])
    if handoff is None:
        return web.Response(status=410, text=EXPIRED, content_type="text/html")
    web_token = signer.cookies.new_token()
    async with request.app[SESSIONS].begin() as session:
        applicant_id = await session.scalar(select(ChannelIdentity.applicant_id).where(
            ChannelIdentity.channel == handoff.channel,
            ChannelIdentity.external_id == handoff.external_id))
        key = f"handoff:{handoff.nonce}"
        if applicant_id is None or await store.processed_reply(session, "web", key):
            return web.Response(status=410, text=EXPIRED, content_type="text/html")
        await store.record_processed(session, "web", key, {"outbound": []},
                                     applicant_id=applicant_id)
        now = utcnow()
        session.add(ChannelIdentity(applicant_id=applicant_id, channel="web",
                                    external_id=web_token, created_at=now, last_seen_at=now))
    response = web.HTTPSeeOther("/")
    response.set_cookie(COOKIE_NAME, signer.cookies.sign(web_token),
                        max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax", path="/",
                        secure=request.app[SETTINGS].public_url.startswith("https://"))
    raise response
