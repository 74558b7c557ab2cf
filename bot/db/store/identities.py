"""Who is writing: find the applicant behind a channel address, creating them on first contact."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.models import Applicant, Channel, ChannelIdentity
from bot.db.store.common import insert_ignoring

_APPLICANTS: Table = Applicant.__table__  # type: ignore[assignment]
_IDENTITIES: Table = ChannelIdentity.__table__  # type: ignore[assignment]
_NEW_APPLICANT = insert(_APPLICANTS).returning(_APPLICANTS.c.id)
SET_LOCALE = (update(_APPLICANTS).where(_APPLICANTS.c.id == bindparam("applicant"))
              .values(locale=bindparam("new_locale")))
"""An applicant's language (parameters applicant, new_locale; one row or many)."""


@dataclass(frozen=True)
class ApplicantRef:
    """The applicant a message is from; `created` is true on their very first message."""

    id: int
    locale: str
    created: bool


async def _find_and_touch(session: AsyncSession, channel: Channel,
                          external_id: str) -> ApplicantRef | None:
    """The applicant at this address, marking the address as seen now."""
    row = (await session.execute(
        select(ChannelIdentity.id, Applicant.id, Applicant.locale)
        .join(Applicant, Applicant.id == ChannelIdentity.applicant_id)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id)
    )).one_or_none()
    if row is None:
        return None
    await session.execute(update(ChannelIdentity).where(ChannelIdentity.id == row[0])
                          .values(last_seen_at=utcnow()))
    return ApplicantRef(id=row[1], locale=row[2], created=False)


async def find_or_create_applicant(session: AsyncSession, channel: Channel | str,
                                   external_id: str, *, locale: str = "zh_CN") -> ApplicantRef:
    """The applicant behind (`channel`, `external_id`), created with `locale` if new.

    Safe when two first messages from one person arrive at once (a Telegram album): the
    identity insert skips on conflict, the loser removes the applicant it just made and reads
    the winner's, without a savepoint (which SQLite's driver handles badly).
    """
    channel = Channel(channel)
    found = await _find_and_touch(session, channel, external_id)
    if found is not None:
        return found
    now = utcnow()
    applicant_id = int((await session.execute(
        _NEW_APPLICANT, {"locale": locale, "created_at": now})).scalar_one())
    inserted = await session.execute(
        insert_ignoring(session, _IDENTITIES, "channel", "external_id"),
        {"applicant_id": applicant_id, "channel": channel, "external_id": external_id,
         "created_at": now, "last_seen_at": now})
    if inserted.rowcount == 1:  # type: ignore[attr-defined]
        return ApplicantRef(id=applicant_id, locale=locale, created=True)
    await session.execute(delete(Applicant).where(Applicant.id == applicant_id))
    found = await _find_and_touch(session, channel, external_id)
    if found is None:
        raise RuntimeError("channel identity vanished while it was being created")
    return found


async def create_senders(session: AsyncSession, channel: Channel | str,
                         senders: dict[str, str]) -> dict[str, int]:
    """New applicants for first-time senders (external id -> locale), two statements for all
    of them; returns external id -> applicant id. A sender whose address another transaction
    took meanwhile is left out (and the applicant made for them removed): the caller runs
    that message again on its own."""
    if not senders:
        return {}
    channel = Channel(channel)
    now = utcnow()
    addresses = list(senders)
    made = list((await session.execute(
        insert(_APPLICANTS).returning(_APPLICANTS.c.id, sort_by_parameter_order=True),
        [{"locale": senders[address], "created_at": now} for address in addresses])).scalars())
    linked = set((await session.execute(
        insert_ignoring(session, _IDENTITIES, "channel", "external_id")
        .returning(_IDENTITIES.c.external_id),
        [{"applicant_id": applicant_id, "channel": channel, "external_id": address,
          "created_at": now, "last_seen_at": now}
         for address, applicant_id in zip(addresses, made, strict=True)])).scalars())
    orphans = [applicant_id for address, applicant_id in zip(addresses, made, strict=True)
               if address not in linked]
    if orphans:
        await session.execute(delete(_APPLICANTS).where(_APPLICANTS.c.id.in_(orphans)))
    return {address: applicant_id for address, applicant_id in zip(addresses, made, strict=True)
            if address in linked}


async def set_locale(session: AsyncSession, applicant_id: int, locale: str) -> None:
    """Remember the language the applicant chose (zh_CN or en)."""
    await session.execute(SET_LOCALE, {"applicant": applicant_id, "new_locale": locale})


async def applicant_of(session: AsyncSession, channel: Channel | str,
                       external_id: str) -> int | None:
    """The applicant behind a channel identity, read only (a page view creates nobody)."""
    return await session.scalar(
        select(ChannelIdentity.applicant_id).where(ChannelIdentity.channel == Channel(channel),
                                                   ChannelIdentity.external_id == external_id))
