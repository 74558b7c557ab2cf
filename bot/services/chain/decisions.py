"""The decisions a level takes on a packet: receive, return to the level below, check, recommend
upward within its quota, decline with a reason the applicant reads, and undo.

Each call runs in the caller's transaction, checks the packet's position at the level first
(so a stale page or a forged form cannot skip a step), and leaves an event. The receiving level
works through `bot.services.review` (the applicant's lifecycle, mirrored into their chat);
higher levels change their `packet_stages` row and mirror into the applicant's status only
what the applicant must learn: a return of their own items, a 不推荐 and its reason, and the
undoing of a 不推荐. A decision can be undone, with a reason, until the level above has received
the packet; a return that already reached the applicant cannot (they may be editing).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from bot.db.applications import Application, ApplicationStatus
from bot.db.base import utcnow
from bot.db.chain import PacketStage
from bot.db.models import Event
from bot.db.store.journal import append_event
from bot.services import review
from bot.services.chain import levels
from bot.services.chain.positions import Position, position, stages_of
from bot.services.quotas import Quota, quota_for
from bot.services.review import MAX_NOTE, ActionRefused
from bot.services.staff import Staff
from bot.services.status import office_decision
from eligibility.model import ChainLevel, Programme

NOT_YET = {"waiting": "尚未接收", "received": "正在审核", "returned": "已退回",
           "recommended": "已推荐", "not_recommended": "已不推荐"}


@dataclass(frozen=True)
class Outcome:
    """What the web layer tells the applicant after the commit (None: nothing)."""

    message: str | None = None
    items: tuple[str, ...] = ()
    note: str = ""


def checklist(programme: Programme, level: ChainLevel) -> list[tuple[str, str]]:
    """This level's tasks: its office checks, and at the receiving level the soft criteria
    the office has to judge."""
    texts = {c.id: c.text for c in programme.office_checks}
    out = [(check, texts[check]) for check in level.checks]
    if levels.is_entry(programme, level):
        out += [(c.id, f"{c.text}（需判断）") for c in programme.criteria if c.kind == "soft"]
    return out


async def level_quota(session: AsyncSession, programme: Programme, level: ChainLevel,
                      office: str) -> Quota:
    return quota_for(programme, office, await review.allocation(session, office, programme.id),
                     level)


async def recommended_count(session: AsyncSession, programme: Programme, level: ChainLevel,
                            office: str) -> int:
    """How many packets `office` has recommended at `level`: those it received itself and
    the level above now holds, plus those forwarded to it that it recommended (or, at the top,
    selected)."""
    upper = levels.above(programme, level)
    received = 0
    if upper is not None:
        received = int(await session.scalar(select(func.count(PacketStage.id)).join(
            Application, Application.id == PacketStage.application_id).where(
            PacketStage.level == upper.id, PacketStage.status != "returned",
            Application.office == office, Application.programme == programme.id)) or 0)
    forwarded = int(await session.scalar(select(func.count(PacketStage.id)).where(
        PacketStage.level == level.id, PacketStage.office == office,
        PacketStage.programme == programme.id, PacketStage.status == "recommended")) or 0)
    return received + forwarded


async def _at(session: AsyncSession, programme: Programme, application: Application,
              level: ChainLevel, *allowed: str) -> Position:
    found = await position(session, programme, application, level)
    if found is None:
        raise ActionRefused("这份材料尚未报送到本级。")
    if allowed and found.status not in allowed:
        raise ActionRefused(f"这份材料在本级{NOT_YET[found.status]}，不能这样操作。"
                            "请刷新页面查看最新状态。")
    return found


async def _event(session: AsyncSession, staff: Staff, application: Application,
                 level: ChainLevel, what: str, **detail: object) -> None:
    await append_event(session, "chain.stage", {"receipt": application.receipt,
                                                "level": level.id, "what": what, **detail},
                       applicant_id=application.applicant_id, actor=staff.actor)


async def receive(session: AsyncSession, staff: Staff, application: Application,
                  programme: Programme, level: ChainLevel) -> Outcome:
    here = await _at(session, programme, application, level, "waiting")
    if here.stage is None:
        await review.receive(session, staff, application)
        return Outcome("receive")
    here.stage.status = "received"
    await _event(session, staff, application, level, "receive")
    return Outcome()


async def set_check(session: AsyncSession, staff: Staff, application: Application,
                    programme: Programme, level: ChainLevel, check: str, done: bool) -> None:
    if check not in dict(checklist(programme, level)):
        raise ActionRefused("本级没有这一项核查。")
    here = await _at(session, programme, application, level)
    if here.stage is None:
        await review.set_check(session, staff, application, check, done)
        return
    here.stage.checks = {**(here.stage.checks or {}), check: done}
    flag_modified(here.stage, "checks")
    await append_event(session, "review.check", {"receipt": application.receipt,
                                                 "check": check, "done": done,
                                                 "level": level.id},
                       applicant_id=application.applicant_id, actor=staff.actor)


def _text(value: str, what: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise ActionRefused(f"请填写{what}。")
    if len(value) > MAX_NOTE:
        raise ActionRefused(f"{what}请不超过{MAX_NOTE}字。")
    return value


async def recommend(session: AsyncSession, staff: Staff, application: Application,
                    programme: Programme, level: ChainLevel, opinion: str = "", *,
                    confirm_unchecked: bool = False) -> Outcome:
    """Recommend upward (at the top: select) within the level's quota. With checklist items
    unticked it is refused unless the clerk explicitly confirms."""
    opinion = _text(opinion, "推荐意见", required=False)
    here = await _at(session, programme, application, level, "received")
    open_items = [text for check, text in checklist(programme, level)
                  if not here.checks.get(check)]
    if open_items and not confirm_unchecked:
        raise ActionRefused(f"核查清单还有{len(open_items)}项未完成：{'；'.join(open_items)}。"
                            "请先逐项核查；确需推荐的，请勾选“确认以上事项未核查仍推荐”后再提交。")
    await session.execute(select(Application.id).where(
        Application.programme == programme.id, Application.office.startswith(
            here.office, autoescape=True)).with_for_update())
    quota = await level_quota(session, programme, level, here.office)
    count = await recommended_count(session, programme, level, here.office)
    if quota.maximum is not None and count >= quota.maximum:
        raise ActionRefused(f"名额已满：{quota.text}，已推荐{count}名。不能再推荐；"
                            "如需换人，请先撤销其中一人的推荐。")
    upper = levels.above(programme, level)
    if here.stage is None:
        await review.recommend(session, staff, application, opinion)
        row = await review.review_of(session, application)
        row.rank = count + 1 if level.ranks else None
    else:
        here.stage.status, here.stage.reason = "recommended", opinion
        here.stage.rank = count + 1 if level.ranks else None
        await _event(session, staff, application, level, "recommend", reason=opinion,
                     unchecked=len(open_items))
    if open_items:
        await _event(session, staff, application, level, "confirmed_unchecked",
                     items=open_items)
    if upper is not None:
        await _forward(session, application, programme, upper)
    return Outcome("recommend" if here.stage is None else None)


async def _forward(session: AsyncSession, application: Application, programme: Programme,
                   upper: ChainLevel) -> None:
    office = levels.office_at(upper.id, application.office)
    stage = (await stages_of(session, application)).get(upper.id)
    if stage is None:
        session.add(PacketStage(application_id=application.id, programme=programme.id,
                                level=upper.id, office=office, status="waiting", checks={},
                                reason="", note="", arrived_at=utcnow()))
    else:
        stage.status, stage.office, stage.arrived_at = "waiting", office, utcnow()
        stage.rank = None
    await session.flush()


async def not_recommend(session: AsyncSession, staff: Staff, application: Application,
                        programme: Programme, level: ChainLevel, reason: str,
                        note: str = "") -> Outcome:
    """Decline, with a reason the applicant reads and an internal note they never see."""
    reason = _text(reason, "不推荐的原因（申报人会看到）", required=True)
    note = _text(note, "内部备注", required=False)
    here = await _at(session, programme, application, level, "received")
    if here.stage is None:
        await review.not_recommend(session, staff, application, reason)
        (await review.review_of(session, application)).note = note
    else:
        here.stage.status, here.stage.reason, here.stage.note = "not_recommended", reason, note
        here.stage.rank = None
        await office_decision(session, application.receipt, ApplicationStatus.NOT_RECOMMENDED,
                              actor=staff.actor, note=reason)
        await _event(session, staff, application, level, "not_recommend", reason=reason,
                     note=note)
    return Outcome("not_recommend", note=reason)


async def return_down(session: AsyncSession, staff: Staff, application: Application,
                      programme: Programme, level: ChainLevel, note: str,
                      items: list[str]) -> Outcome:
    """Return to the level below with a note. At the receiving level that is the applicant
    (the items they must fix); above it the office below gets it back, and when the returned
    items are the applicant's and the level below is the receiving one, they reach the
    applicant too."""
    note = _text(note, "退回的原因", required=True)
    here = await _at(session, programme, application, level, "waiting", "received")
    if here.stage is None:
        await review.return_items(session, staff, application, note, items)
        return Outcome("return", tuple(items), note)
    lower = levels.below(programme, level)
    assert lower is not None, "a stage above the receiving level has a level below"
    lower_receives = lower.id == levels.receiving(programme, application.office).id
    if items and not lower_receives:
        raise ActionRefused("只有直接退回到受理申报的单位时，才能同时退回申报人的材料；"
                            "请退回下一级，由其处理。")
    here.stage.status, here.stage.note = "returned", note
    here.stage.rank = None
    await _event(session, staff, application, level, "return", note=note, items=items)
    if lower_receives:
        if items:
            await review.return_items(session, staff, application, note, items)
            return Outcome("return", tuple(items), note)
        await office_decision(session, application.receipt, ApplicationStatus.RECEIVED,
                              actor=staff.actor, note=f"{level.name}退回：{note}")
        (await review.review_of(session, application)).rank = None
    else:
        below_stage = (await stages_of(session, application))[lower.id]
        below_stage.status, below_stage.rank = "received", None
    return Outcome()


async def undo(session: AsyncSession, staff: Staff, application: Application,
               programme: Programme, level: ChainLevel, reason: str) -> Outcome:
    """Undo this level's last decision, with a reason, while the level above has not yet
    received the packet."""
    reason = _text(reason, "撤销的原因", required=True)
    here = await _at(session, programme, application, level)
    upper = levels.above(programme, level)
    stages = await stages_of(session, application)
    above_stage = stages.get(upper.id) if upper else None
    entry = here.stage is None
    outcome = Outcome()
    if here.status == "recommended":
        if above_stage is not None and above_stage.status not in ("waiting", "returned"):
            raise ActionRefused(f"{upper.name if upper else '上级'}已接收这份材料，不能撤销推荐。"
                                "如需更改，请联系上级退回。")
        if above_stage is not None:
            await session.delete(above_stage)
        await _reopen(session, staff, application, here, ApplicationStatus.RECOMMENDED)
    elif here.status == "not_recommended":
        await _reopen(session, staff, application, here, ApplicationStatus.NOT_RECOMMENDED)
        outcome = Outcome("undo_not_recommend")
    elif here.status == "received" and here.returned_from_above is None:
        if entry:
            back = await _status_before_receipt(session, application)
            await office_decision(session, application.receipt, back, actor=staff.actor,
                                  note=f"撤销接收：{reason}")
        else:
            assert here.stage is not None
            here.stage.status = "waiting"
    elif here.status == "returned" and not entry:
        await _undo_return(session, staff, application, programme, level, here)
    elif here.status == "returned":
        raise ActionRefused("退回通知已发给申报人，不能撤销；申报人重新提交后可继续办理。")
    else:
        raise ActionRefused("本级还没有可以撤销的决定。")
    await _event(session, staff, application, level, "undo", undone=here.status,
                 reason=reason)
    return outcome


async def _reopen(session: AsyncSession, staff: Staff, application: Application,
                  here: Position, was: ApplicationStatus) -> None:
    """Back to 审核中 at this level after a recommendation or a 不推荐 is undone."""
    if here.stage is None:
        await office_decision(session, application.receipt, ApplicationStatus.RECEIVED,
                              actor=staff.actor)
        row = await review.review_of(session, application)
        row.rank, row.reason = None, ""
        return
    if was == ApplicationStatus.NOT_RECOMMENDED:
        await office_decision(session, application.receipt, ApplicationStatus.RECOMMENDED,
                              actor=staff.actor)
    here.stage.status, here.stage.rank, here.stage.reason = "received", None, ""


async def _undo_return(session: AsyncSession, staff: Staff, application: Application,
                       programme: Programme, level: ChainLevel, here: Position) -> None:
    lower = levels.below(programme, level)
    assert lower is not None and here.stage is not None
    if lower.id == levels.receiving(programme, application.office).id:
        if application.status != ApplicationStatus.RECEIVED:
            raise ActionRefused("下级已处理退回的材料（或已通知申报人），不能撤销退回。")
        await office_decision(session, application.receipt, ApplicationStatus.RECOMMENDED,
                              actor=staff.actor)
    else:
        below_stage = (await stages_of(session, application))[lower.id]
        if below_stage.status != "received":
            raise ActionRefused("下级已处理退回的材料，不能撤销退回。")
        below_stage.status = "recommended"
    here.stage.status = "received"


async def _status_before_receipt(session: AsyncSession,
                                 application: Application) -> ApplicationStatus:
    kinds = await session.scalars(select(Event.payload).where(
        Event.applicant_id == application.applicant_id, Event.kind == "application_status")
        .order_by(Event.id.desc()))
    for payload in kinds:
        if payload.get("receipt") == application.receipt and payload.get("status") in (
                "submitted", "resubmitted"):
            return ApplicationStatus(payload["status"])
    return ApplicationStatus.SUBMITTED
