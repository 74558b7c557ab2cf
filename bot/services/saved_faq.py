"""FAQ entries staff saved from answered tickets: saving, removing, and the per-process cache.

Which entries answer: an office saves only for a programme it handles
(`bot.services.staff.handles`) and such an entry answers at once; an entry for every programme
(所有项目) answers only after an admin whose subtree holds the office approved it, so a clerk's
text never reaches applicants of other provinces unchecked.

Design of the cache (several worker processes, issue #8): each process keeps one immutable
snapshot (`dialogs.faq.saved.SavedEntries`) of the approved entries and, at most every
`CHECK_SECONDS` (5 s), compares a fingerprint of the table with the snapshot's: the number of
rows, the highest id, the number approved and the latest approval. Entries are only ever added,
approved once or removed (never edited), and ids are never reused (AUTOINCREMENT on SQLite, a
sequence on PostgreSQL), so any change of the answering set changes the fingerprint: an added
entry raises the highest id, a removal without an addition lowers the count, an approval
moves the latest approval time on. On a change the whole table is reloaded (a few hundred
short rows). So another process answers from the new
entries at most 5 s after the change committed; the process where staff made the change drops
its snapshot at once (`invalidate`). The check is one indexed aggregate query in the caller's
transaction, and the snapshot's matchers are built once per snapshot and programme scope.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import store
from bot.db.base import utcnow
from bot.db.tickets import FaqEntry, Ticket, TicketStatus
from bot.services import staff as accounts
from bot.services.staff import Staff
from bot.services.tickets import TicketConflict, TicketRefused
from dialogs.faq.saved import SavedEntries, SavedEntry
from dialogs.profile_state import programme_by_id
from eligibility import programmes
from eligibility.model import Programme

CHECK_SECONDS = 5.0
MAX_QUESTION = 300


class SavedFaqCache:
    """This process's snapshot of the saved entries, refreshed as the module docstring says."""

    def __init__(self, check_seconds: float = CHECK_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.check_seconds = check_seconds
        self.clock = clock
        self.snapshot = SavedEntries()
        self._fingerprint: tuple[int, int, int, str] | None = None
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
        count, highest, approved, latest = (await session.execute(select(
            func.count(FaqEntry.id), func.coalesce(func.max(FaqEntry.id), 0),
            func.count(FaqEntry.approved_at), func.max(FaqEntry.approved_at)))).one()
        fingerprint = (int(count), int(highest), int(approved), str(latest))
        if fingerprint != self._fingerprint:
            self.snapshot = await load(session, f"{count}:{highest}")
            self._fingerprint = fingerprint
        self._checked_at = self.clock()


async def load(session: AsyncSession, version: str = "") -> SavedEntries:
    rows = await session.scalars(select(FaqEntry).where(FaqEntry.approved_at.is_not(None))
                                 .order_by(FaqEntry.id))
    return SavedEntries(tuple(SavedEntry(row.id, row.question, row.answer, row.programme,
                                         row.locale) for row in rows), version)


async def save_from_ticket(session: AsyncSession, staff: Staff, ticket: Ticket,
                           programme: str | None) -> FaqEntry:
    """The ticket's question and answer as an entry for `programme` (None: every programme,
    waiting for an admin's approval); a ticket is saved once, for a programme the office
    handles."""
    if ticket.status != TicketStatus.ANSWERED or not ticket.answer:
        raise TicketRefused("只有已回复的问题才能保存为常见问题。")
    pack = programme_by_id(programme) if programme else None
    if programme and (pack is None or not accounts.handles(staff, pack)):
        raise TicketRefused("只能为本单位受理的项目保存常见问题。")
    now = utcnow()
    entry = FaqEntry(programme=programme or None, question=ticket.question[:MAX_QUESTION],
                     answer=ticket.answer, locale=ticket.locale, office=staff.office,
                     created_by=staff.username, ticket_id=ticket.id, created_at=now,
                     approved_by=staff.username if programme else None,
                     approved_at=now if programme else None)
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
    """The entries this staff member may see and remove: their office's (admins: their
    subtree's)."""
    if staff.is_admin:
        return accounts.in_scope(staff, FaqEntry.office)
    return FaqEntry.office == staff.office


def handled_programmes(staff: Staff) -> list[Programme]:
    """The programmes this staff member may save an entry for."""
    return [pack for pack in programmes() if accounts.handles(staff, pack)]


async def approve(session: AsyncSession, staff: Staff, entry_id: int) -> bool:
    """An admin lets an entry for every programme answer; False if it is not theirs to approve
    (not an admin, outside their subtree, gone, or approved already)."""
    if not staff.is_admin:
        return False
    result = await session.execute(
        update(FaqEntry).where(FaqEntry.id == entry_id, removable(staff),
                               FaqEntry.approved_at.is_(None))
        .values(approved_by=staff.username, approved_at=utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    await store.append_event(session, "faq.approved", {"entry": entry_id}, actor=staff.actor)
    return True


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
