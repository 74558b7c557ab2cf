"""Every process serves the rounds opened so far (`eligibility.rounds.registry`).

Each process checks, at most every `CHECK_SECONDS`, a fingerprint of the opened rounds (how
many, the latest opening); on a change it reads them all (a few rows), builds each into its
programme and installs the set at once. Opened rounds are never edited or deleted, so the
fingerprint changes exactly when a round opens. The process that opened a round refreshes at
once (`refresh(force=True)`), the others within `CHECK_SECONDS`. A round that no longer builds
(a release changed its pack under it) is logged and left out, never half-installed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.rounds import ProgrammeRound
from bot.runtime import SESSIONS, running
from bot.services.rounds.store import opened
from eligibility import PackError
from eligibility.model import Programme
from eligibility.rounds import build, registry

log = logging.getLogger(__name__)
CHECK_SECONDS = 5.0


async def refresh(session: AsyncSession, *, force: bool = False) -> bool:
    """Install the opened rounds if they changed; True when a new set was installed."""
    count, latest = (await session.execute(select(
        func.count(ProgrammeRound.id), func.max(ProgrammeRound.opened_at)).where(
        ProgrammeRound.opened_at.is_not(None)))).one()
    fingerprint = f"{count}:{latest}"
    if fingerprint == registry.version() and not force:
        return False
    programmes: list[Programme] = []
    for found in await opened(session):
        try:
            programmes.append(build.load_round(found.body, f"{found.programme} {found.round}"))
        except PackError:
            log.exception("round %s %s no longer builds; left out", found.programme,
                          found.round)
    registry.install(programmes, fingerprint)
    return True


async def _loop(sessions: async_sessionmaker[AsyncSession]) -> None:
    while True:
        try:
            async with sessions() as session:
                if await refresh(session):
                    log.info("rounds: %s installed", registry.version())
        except Exception:
            log.exception("rounds: refresh failed; retrying")
        await asyncio.sleep(CHECK_SECONDS)


async def rounds_worker(app: web.Application) -> AsyncIterator[None]:
    """A cleanup context: the opened rounds installed before the first request, kept current,
    and uninstalled when the app stops (a process that serves no database serves the packs)."""
    async with app[SESSIONS]() as session:
        await refresh(session, force=True)
    try:
        async with running(_loop(app[SESSIONS])):
            yield
    finally:
        registry.install([], "")
