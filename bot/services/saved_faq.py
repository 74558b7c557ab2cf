"""FAQ entries staff saved from answered tickets: saving, removing, and the per-process cache.

Design of the cache (several worker processes, issue #8): each process keeps one immutable
snapshot (`dialogs.faq.saved.SavedEntries`) and, at most every `CHECK_SECONDS` (5 s), compares
a fingerprint of the table with the snapshot's: the number of rows and the highest id. Entries
are only ever added or removed (never edited), and ids are never reused (AUTOINCREMENT on
SQLite, a sequence on PostgreSQL), so any change of the set changes the fingerprint: an added
entry raises the highest id, a removal without an addition lowers the count. On a change the
whole table is reloaded (a few hundred short rows). So another process answers from the new
entries at most 5 s after the change committed; the process where staff made the change drops
its snapshot at once (`invalidate`). The check is one indexed aggregate query in the caller's
transaction, and the snapshot's matchers are built once per snapshot and programme scope.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from sqlalchemy import ColumnElement, delete, func, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import store
from bot.db.tickets import FaqEntry, Ticket, TicketStatus
from bot.services.staff import Staff
from bot.services.tickets import TicketConflict, TicketRefused
from dialogs.faq.saved import SavedEntries, SavedEntry

CHECK_SECONDS = 5.0
MAX_QUESTION = 300


class SavedFaqCache:
    """This process's snapshot of the saved entries, refreshed as the module docstring says."""

    def __init__(self, check_seconds: float = CHECK_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.check_seconds = check_seconds
        self.clock = clock
        self.snapshot = SavedEntries()
        self._fingerprint: tuple[int, int] | None = None
        self._checked_at = float("-inf")
        self._lock = asyncio.Lock()

    def invalidate(self) -> None:
        """Check the table on the next turn (this process changed it)."""
        self._checked_at = float("-inf")

    async def current(self, session: AsyncSession) -> SavedEntries:
        if self.clock() - self._checked_at < self.check_seconds:
            return self.snapshot
        async with self._lock:
            if self.clock() - self._checked_at >= self.check_seconds:
                await self._refresh(session)
        return self.snapshot

    async def _refresh(self, session: AsyncSession) -> None:
        count, highest = (await session.execute(
            select(func.count(FaqEntry.id), func.coalesce(func.max(FaqEntry.id), 0)))).one()
        fingerprint = (int(count), int(highest))
        if fingerprint != self._fingerprint:
            self.snapshot = await load(session, f"{count}:{highest}")
            self._fingerprint = fingerprint
        self._checked_at = self.clock()


async def load(session: AsyncSession, version: str = "") -> SavedEntries:
    rows = await session.scalars(select(FaqEntry).order_by(FaqEntry.id))
    return SavedEntries(tuple(SavedEntry(row.id, row.question, row.answer, row.programme,
                                         row.locale) for row in rows), version)


async def save_from_ticket(session: AsyncSession, staff: Staff, ticket: Ticket,
                           programme: str | None) -> FaqEntry:
    """The ticket's question and answer as an entry for `programme` (None: every programme);
    a ticket is saved once."""
    if ticket.status != TicketStatus.ANSWERED or not ticket.answer:
        raise TicketRefused("只有已回复的问题才能保存为常见问题。")
    entry = FaqEntry(programme=programme or None, question=ticket.question[:MAX_QUESTION],
                     answer=ticket.answer, locale=ticket.locale, office=staff.office,
                     created_by=staff.username, ticket_id=ticket.id)
    try:
        async with session.begin_nested():
            session.add(entry)
    except IntegrityError:
        raise TicketConflict("这个问题已经保存为常见问题了。") from None
    await store.append_event(session, "faq.saved", {"entry": entry.id, "ticket": ticket.id,
                                                    "programme": programme},
                             actor=staff.actor)
    return entry


def removable(staff: Staff) -> ColumnElement[bool]:
    """The entries this staff member may see and remove: their office's (admins: all)."""
    return true() if staff.role == "admin" else FaqEntry.office == staff.office


async def entries_of(session: AsyncSession, staff: Staff) -> list[FaqEntry]:
    return list(await session.scalars(select(FaqEntry).where(removable(staff))
                                      .order_by(FaqEntry.programme, FaqEntry.id)))


async def remove(session: AsyncSession, staff: Staff, entry_id: int) -> bool:
    """Remove one of the office's entries; False if there is no such entry for this staff."""
    result = await session.execute(delete(FaqEntry).where(FaqEntry.id == entry_id,
                                                          removable(staff)))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    await store.append_event(session, "faq.removed", {"entry": entry_id}, actor=staff.actor)
    return True
