"""Saving a round's draft and opening it: the only writes to `programme_rounds`.

Opening checks the round again in the opening transaction (the file must build into a pack
that passes every check, and every difference against the round it follows must be settled),
so a round cannot open half-reviewed whoever asks: the command line, or an admin's page.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import store as events
from bot.db.base import utcnow
from bot.db.rounds import ProgrammeRound
from eligibility import PackError
from eligibility.model import Programme
from eligibility.rounds import build, differences, draft
from eligibility.rounds.model import RoundFile


class RoundRefused(ValueError):
    """Said to the office as it is (Chinese, no codes)."""


async def row(session: AsyncSession, programme: str, round_id: str) -> ProgrammeRound | None:
    return await session.scalar(select(ProgrammeRound).where(
        ProgrammeRound.programme == programme, ProgrammeRound.round == round_id))


async def opened(session: AsyncSession, programme: str | None = None) -> list[ProgrammeRound]:
    """The opened rounds, oldest opening first."""
    query = select(ProgrammeRound).where(ProgrammeRound.opened_at.is_not(None))
    if programme is not None:
        query = query.where(ProgrammeRound.programme == programme)
    return list(await session.scalars(query.order_by(ProgrammeRound.opened_at,
                                                     ProgrammeRound.id)))


async def latest(session: AsyncSession, programme: str) -> RoundFile | None:
    """The round a new one follows: the last one opened (None: the shipped pack's)."""
    found = await opened(session, programme)
    return build.parse_round(found[-1].body) if found else None


async def previous_notice(session: AsyncSession, round_file: RoundFile) -> str:
    """The notice of the round `round_file` follows (`based_on`)."""
    before = await row(session, round_file.programme, round_file.based_on)
    if before is not None and before.opened_at is not None:
        return build.parse_round(before.body).notice_text
    return draft.previous_notice(None, round_file.programme)


async def save_draft(session: AsyncSession, round_file: RoundFile, *, office: str,
                     by: str) -> ProgrammeRound:
    """Insert or replace the draft; an opened round is never rewritten."""
    existing = await row(session, round_file.programme, round_file.round)
    if existing is not None and existing.opened_at is not None:
        raise RoundRefused(f"{round_file.round} 这一轮已经开放，不能再修改。")
    body = build.dump(round_file)
    if existing is None:
        existing = ProgrammeRound(programme=round_file.programme, round=round_file.round,
                                  body=body, office=office, created_by=by)
        session.add(existing)
    else:
        existing.body = body
    await session.flush()
    return existing


async def check(session: AsyncSession, round_file: RoundFile
                ) -> tuple[Programme, list[differences.Difference]]:
    """The round's programme and its differences; PackError when it does not build."""
    programme = build.build(round_file, f"{round_file.programme} {round_file.round}")
    found = differences.differences(round_file, await previous_notice(session, round_file))
    return programme, found


async def open_round(session: AsyncSession, round_file: RoundFile, *, office: str,
                     by: str) -> ProgrammeRound:
    """Save and open the round, or refuse with what is still open."""
    try:
        _, found = await check(session, round_file)
    except PackError as exc:
        raise RoundRefused(f"这一轮的内容有误，不能开放：{exc.path or ''} {exc.message}") from None
    still = differences.unsettled(found)
    if still:
        raise RoundRefused(f"还有 {len(still)} 处不同没有处理，不能开放：{still[0].text_zh()}")
    saved = await save_draft(session, round_file, office=office, by=by)
    saved.opened_by, saved.opened_at = by, utcnow()
    await events.append_event(session, "round.opened", {
        "programme": round_file.programme, "round": round_file.round, "office": office},
        actor=by)
    return saved
