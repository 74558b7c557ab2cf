"""Where a packet stands at each level of its chain, read the same way for every level.

At the receiving level the position is the applicant's own lifecycle (`applications.status`,
with the review row); above it, the packet's `packet_stages` row. The receiving level counts
as `recommended` as long as the level above holds the packet, also when that level later
declined it (the applicant's status then says 不推荐, but the county did recommend).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.applications import Application, ApplicationStatus
from bot.db.chain import PacketStage
from bot.services import review
from bot.services.chain import levels
from eligibility.model import ChainLevel, Programme

ENTRY_STATUS = {ApplicationStatus.SUBMITTED: "waiting", ApplicationStatus.RESUBMITTED: "waiting",
                ApplicationStatus.RECEIVED: "received", ApplicationStatus.RETURNED: "returned",
                ApplicationStatus.RECOMMENDED: "recommended",
                ApplicationStatus.NOT_RECOMMENDED: "not_recommended"}


@dataclass
class Position:
    """A packet at one level: `status` is waiting, received, returned, recommended or
    not_recommended; `stage` is None at the receiving level."""

    level: ChainLevel
    office: str
    status: str
    rank: int | None = None
    checks: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    note: str = ""
    stage: PacketStage | None = None
    returned_from_above: PacketStage | None = None


async def stages_of(session: AsyncSession, application: Application) -> dict[str, PacketStage]:
    rows = await session.scalars(select(PacketStage).where(
        PacketStage.application_id == application.id))
    return {row.level: row for row in rows}


async def position(session: AsyncSession, programme: Programme, application: Application,
                   level: ChainLevel) -> Position | None:
    """The packet at `level`, or None when it has not reached that level."""
    stages = await stages_of(session, application)
    upper = levels.above(programme, level)
    above_stage = stages.get(upper.id) if upper else None
    start = levels.receiving(programme, application.office)
    if levels.DEPTH.get(level.id, 9) > levels.DEPTH.get(start.id, 9):
        return None
    if level.id == start.id:
        row = await review.peek_review(session, application)
        status = ENTRY_STATUS[application.status]
        if status == "not_recommended" and above_stage is not None \
                and above_stage.status != "returned":
            status = "recommended"
        returned = above_stage if above_stage is not None and above_stage.status == "returned" \
            and status != "recommended" else None
        return Position(level, application.office, status, row.rank, dict(row.checks or {}),
                        row.reason, getattr(row, "note", "") or "", None, returned)
    stage = stages.get(level.id)
    if stage is None:
        return None
    returned = above_stage if above_stage is not None and above_stage.status == "returned" \
        and stage.status == "received" else None
    return Position(level, stage.office, stage.status, stage.rank, dict(stage.checks or {}),
                    stage.reason, stage.note, stage, returned)


async def trail(session: AsyncSession, programme: Programme,
                application: Application) -> list[Position]:
    """The packet at every staffed level it has reached, lowest first."""
    out = []
    start = levels.receiving(programme, application.office)
    for level in levels.staffed(programme):
        if levels.DEPTH.get(level.id, 9) > levels.DEPTH.get(start.id, 9):
            continue
        found = await position(session, programme, application, level)
        if found is None:
            break
        out.append(found)
    return out
