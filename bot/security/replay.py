"""Refusing replayed platform callbacks: a freshness window on the signed timestamp, and a
nonce remembered by every worker.

WeChat signs the timestamp and nonce of each callback, and re-sends a message it got no answer
for within about 15 seconds (消息管理 → 接收普通消息: 五秒内收不到响应会断掉连接，
并且重新发起请求，总共重试三次). A signature older than `WINDOW` is therefore not
WeChat's: it is a captured URL being replayed. Inside the window a (timestamp, nonce) pair
is accepted once per message: the same pair again is allowed only for the very same message
(a retry, which the dedupe on MsgId answers as before), never for another body, which is
what a forger holding one URL would send.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import utcnow
from bot.security.tables import SeenNonce

WINDOW = 300
"""Seconds a signed timestamp stays acceptable either side of now (generous: WeChat retries
within 15 s, and servers' clocks drift by a few)."""


def fresh(timestamp: str, now: float, window: int = WINDOW) -> bool:
    """Whether `timestamp` (Unix seconds, as the platform sends it) is within the window."""
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return False
    return abs(now - int(timestamp)) <= window


def digest(message: bytes) -> str:
    return hashlib.sha256(message).hexdigest()


async def first_use(sessions: async_sessionmaker[AsyncSession], scope: str, timestamp: str,
                    nonce: str, message_digest: str) -> bool:
    """Record the pair; False when it was used before for a different message."""
    key = hashlib.sha256(f"{scope}\n{timestamp}\n{nonce}".encode()).hexdigest()
    async with sessions.begin() as session:
        try:
            async with session.begin_nested():
                session.add(SeenNonce(key=key, digest=message_digest, seen_at=utcnow()))
        except IntegrityError:
            known = await session.get(SeenNonce, key)
            return known is not None and known.digest == message_digest
    return True


async def forget_old_nonces(session: AsyncSession, now: dt.datetime) -> int:
    """Drop pairs whose timestamp can no longer pass `fresh` (kept twice the window)."""
    result = await session.execute(delete(SeenNonce).where(
        SeenNonce.seen_at < now - dt.timedelta(seconds=2 * WINDOW)))
    return int(result.rowcount)  # type: ignore[attr-defined]
