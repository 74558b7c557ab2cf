"""What a level recommends, in its order: the list behind its ranking, its 公示 and its
汇总表; and the inbox's rows as an XLSX for the clerk's own spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import CHINA_TIME
from bot.db.applications import Application
from bot.db.chain import PacketStage
from bot.db.staff import ApplicationReview
from bot.db.store.journal import append_event
from bot.services import review
from bot.services.chain import levels
from bot.services.chain.queue import Row, category_name
from bot.services.staff import Staff
from eligibility.model import ChainLevel, Programme

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_COLUMNS = ("回执编号", "姓名", "项目", "类别", "县区", "本级状态", "待补交（项）", "提交时间",
                "等待天数")
STATUS = {"waiting": "待接收", "received": "审核中", "returned": "已退回", "recommended": "已推荐",
          "not_recommended": "不推荐"}


async def recommended(session: AsyncSession, pack: Programme, level: ChainLevel,
                      office: str) -> list[tuple[Application, int | None]]:
    """The packets `office` recommended at `level`, with their stored rank. At the receiving
    level that is what the level above holds (a later 不推荐 up there does not undo it)."""
    upper = levels.above(pack, level)
    out: list[tuple[Application, int | None]] = []
    if upper is not None:
        received = await session.execute(select(Application, ApplicationReview.rank).join(
            PacketStage, PacketStage.application_id == Application.id).outerjoin(
            ApplicationReview, ApplicationReview.application_id == Application.id).where(
            PacketStage.level == upper.id, PacketStage.status != "returned",
            Application.office == office, Application.programme == pack.id))
        out += [(row, rank) for row, rank in received.all()]
    forwarded = await session.execute(select(Application, PacketStage.rank).join(
        PacketStage, PacketStage.application_id == Application.id).where(
        PacketStage.level == level.id, PacketStage.office == office,
        PacketStage.programme == pack.id, PacketStage.status == "recommended"))
    return out + [(row, rank) for row, rank in forwarded.all()]


async def set_ranks(session: AsyncSession, staff: Staff, pack: Programme, level: ChainLevel,
                    office: str, receipts: list[str]) -> None:
    """Rank what `office` recommends at `level` in the order given (1 first)."""
    rows = {row.receipt: row for row, _ in await recommended(session, pack, level, office)}
    if sorted(receipts) != sorted(rows):
        raise review.ActionRefused("排序须包含且只包含本级已推荐的全部人员。")
    for rank, receipt in enumerate(receipts, start=1):
        row = rows[receipt]
        stage = await session.scalar(select(PacketStage).where(
            PacketStage.application_id == row.id, PacketStage.level == level.id))
        if stage is None:
            (await review.review_of(session, row)).rank = rank
        else:
            stage.rank = rank
    await append_event(session, "review.ranked", {"office": office, "programme": pack.id,
                                                  "level": level.id, "receipts": receipts},
                       actor=staff.actor)


def _cell(sheet: Any, value: object) -> WriteOnlyCell:
    """A string stays a string cell (never a formula), with Excel's quote prefix when it
    starts like one."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = value.startswith(FORMULA_START)
    return cell


def list_xlsx(rows: list[Row], now: dt.datetime) -> bytes:
    """The rows as a plain sheet; values starting like a formula are written as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("申报材料")
    sheet.append(list(LIST_COLUMNS))
    for row in rows:
        app = row.application
        sheet.append([_cell(sheet, v) for v in (
            app.receipt, app.data.get("applicant_name") or "", app.data.get("programme_name")
            or app.programme, category_name(app), levels.parts(app.office)[-1],
            STATUS.get(row.level_status, row.level_status), row.pending,
            f"{app.submitted_at.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}",
            max(0, (now - row.arrived_at).days))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
