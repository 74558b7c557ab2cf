"""The objects an aiohttp application holds, under typed keys shared by the app and handlers.

Kept apart from `bot.app` so handlers can read them without importing the app factory (which
imports the handlers).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Coroutine
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import SystemClock
from bot.config import Settings
from bot.conversation import Conversation
from bot.outbox import OutboxWorker
from bot.storage import FileStore

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
SESSIONS = web.AppKey("sessions", async_sessionmaker[AsyncSession])
CONVERSATION = web.AppKey("conversation", Conversation)
FILES = web.AppKey("files", FileStore)
CLOCK = web.AppKey("clock", SystemClock)
OUTBOX = web.AppKey("outbox", OutboxWorker)
"""The outbox worker; each channel's wiring adds its sender (`OutboxWorker.add`)."""

DRAIN_SECONDS = 10.0
"""How long a stopping server keeps sending replies already queued (a rolling restart must not
swallow the rest of an answer); aiohttp has let requests in flight finish before this."""


@contextlib.asynccontextmanager
async def running(work: Coroutine[Any, Any, Any]) -> AsyncIterator[None]:
    """Run a background worker for the life of an app context and cancel it cleanly on exit,
    so workers stop before the database they use is closed."""
    task = asyncio.create_task(work)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def drain(work: Coroutine[Any, Any, Any], seconds: float = DRAIN_SECONDS) -> None:
    """Wait for `work` (a queue emptying) for at most `seconds`, then carry on stopping."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(work, seconds)


GC_THRESHOLDS = (20_000, 20, 10)
"""Collect the youngest generation every 20,000 allocations instead of 700: a turn allocates
thousands of short-lived objects that die by reference count, and each early pass walks them
all for nothing (7% of a webhook update's time at Python's default)."""


async def freeze_startup_heap(_app: web.Application) -> None:
    """Move everything alive once the server has started (programme packs, the gazetteer, the
    FAQ matchers and pypinyin's dictionary, aiogram's and pydantic's models: hundreds of
    thousands of objects kept for the life of the process) out of the garbage collector's
    reach. Otherwise every full collection walks all of them again, a pause of tens of
    milliseconds that lands inside whichever requests are running."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


async def outbox_context(app: web.Application) -> AsyncIterator[None]:
    """Deliver the outbox while the app runs. Appended after the channels' own contexts, so it
    stops before they close their HTTP sessions; what is left is sent by the next start."""
    if not app[OUTBOX].channels:
        yield
        return
    async with running(app[OUTBOX].run()):
        yield
