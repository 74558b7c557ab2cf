"""`/staff/rounds`: a provincial or city admin opens next year's round from its notice.

Paste or upload the notice; the draft starts from the round now open and re-quotes what only
changed its digits. The review page lists every difference, takes the confirmations, notes,
dates and quotas, and opens the round when nothing is left open (`bot.services.rounds.store`
checks it all again); this process serves it at once, the others within seconds.
"""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.rounds import ProgrammeRound
from bot.runtime import CONVERSATION, SESSIONS
from bot.services.rounds import cache, edits, store
from bot.services.staff import Staff
from dialogs.profile_state import programme_by_id
from eligibility import PackError, programmes
from eligibility.model import Programme
from eligibility.rounds import build, draft
from eligibility.rounds.differences import Difference
from eligibility.rounds.model import RoundFile
from eligibility.timeline import window_of
from handlers.web.staff.common import HEADERS, SIGNER, current_staff, form_with_csrf, render


def _programme(staff: Staff, programme_id: str) -> Programme:
    programme = programme_by_id(programme_id)
    if programme is None or not edits.may_open(staff, programme):
        raise web.HTTPForbidden(text="只有发布该项目通知的省、市人社部门管理员可以开放新一轮。",
                                headers=HEADERS)
    return programme


async def rounds_page(request: web.Request, *, error: str = "", status: int = 200
                      ) -> web.Response:
    staff, data = await current_staff(request)
    mine = [p for p in programmes() if edits.may_open(staff, p)]
    if not mine:
        raise web.HTTPForbidden(text="只有发布项目通知的省、市人社部门管理员可以开放新一轮。",
                                headers=HEADERS)
    today = request.app[CONVERSATION].clock()
    async with request.app[SESSIONS]() as session:
        rows = list(await session.scalars(select(ProgrammeRound).where(
            ProgrammeRound.programme.in_([p.id for p in mine])).order_by(ProgrammeRound.id)))
    listed = [{"pack": p, "window": window_of(p, today).text_zh(),
               "rounds": [r for r in rows if r.programme == p.id]} for p in mine]
    return render(request, "rounds.html", http_status=status, staff=staff, listed=listed,
                  csrf=request.app[SIGNER].csrf(data.nonce), error=error,
                  done=request.query.get("done", ""))


async def start(request: web.Request) -> web.Response:
    staff, _, form = await form_with_csrf(request)
    programme = _programme(staff, request.match_info["programme"])
    upload = form.get("notice_file")
    raw: bytes | str = upload.file.read(edits.MAX_NOTICE_CHARS * 4 + 1) \
        if isinstance(upload, web.FileField) else str(form.get("notice") or "")
    try:
        text = edits.notice_text(raw)
    except ValueError as bad:
        return await rounds_page(request, error=str(bad), status=400)
    async with request.app[SESSIONS].begin() as session:
        previous = await store.latest(session, programme.id)
        round_file = draft.new_round(programme.id, text, previous)
        try:
            await store.save_draft(session, round_file, office=staff.office, by=staff.actor)
        except store.RoundRefused as refused:
            return await rounds_page(request, error=str(refused), status=409)
    raise web.HTTPSeeOther(f"/staff/rounds/{programme.id}/{round_file.round}")


async def _draft(request: web.Request, staff: Staff) -> tuple[Programme, ProgrammeRound]:
    programme = _programme(staff, request.match_info["programme"])
    async with request.app[SESSIONS]() as session:
        row = await store.row(session, programme.id, request.match_info["round"])
    if row is None:
        raise web.HTTPNotFound(text="没有这一轮的草稿。", headers=HEADERS)
    return programme, row


async def review_page(request: web.Request, *, error: str = "", status: int = 200
                      ) -> web.Response:
    staff, data = await current_staff(request)
    programme, row = await _draft(request, staff)
    round_file = build.parse_round(row.body)
    problem = ""
    async with request.app[SESSIONS]() as session:
        try:
            _, found = await store.check(session, round_file)
        except PackError as exc:
            problem = f"{exc.path} {exc.message}"
            found = []
    return render(request, "round.html", http_status=status, staff=staff, pack=programme,
                  row=row, round=round_file, found=found, key=edits.key, error=error,
                  problem=problem, csrf=request.app[SIGNER].csrf(data.nonce),
                  done=request.query.get("done", ""))


async def save(request: web.Request) -> web.Response:
    staff, _, form = await form_with_csrf(request)
    programme, row = await _draft(request, staff)
    if row.opened_at is not None:
        return await review_page(request, error="这一轮已经开放，不能再修改。", status=409)
    round_file = build.parse_round(row.body)
    text = str(form.get("body") or "")
    try:
        if text.strip():
            round_file = _whole_file(round_file, text)
        else:
            round_file = edits.set_dates_and_quotas(round_file, form)
    except (ValueError, PackError) as bad:
        return await review_page(request, error=f"没有保存：{bad}", status=400)
    async with request.app[SESSIONS].begin() as session:
        if not text.strip():
            round_file = edits.settle(round_file, await _differences(session, round_file),
                                      form)
        await store.save_draft(session, round_file, office=row.office, by=staff.actor)
    raise web.HTTPSeeOther(f"/staff/rounds/{programme.id}/{row.round}?done=saved")


def _whole_file(round_file: RoundFile, text: str) -> RoundFile:
    """The file as edited in the page's text box (for what the boxes do not cover: a changed
    document, a withdrawn rule); its programme and round stay the draft's."""
    edited = build.parse_round(text[:edits.MAX_NOTICE_CHARS * 2])
    if (edited.programme, edited.round) != (round_file.programme, round_file.round):
        raise ValueError("文件中的项目（programme）和轮次（round）不能修改。")
    return edited


async def _differences(session: AsyncSession, round_file: RoundFile) -> list[Difference]:
    try:
        return (await store.check(session, round_file))[1]
    except PackError:
        return []


async def open_it(request: web.Request) -> web.Response:
    staff, _, _ = await form_with_csrf(request)
    programme, row = await _draft(request, staff)
    round_file = build.parse_round(row.body)
    async with request.app[SESSIONS].begin() as session:
        try:
            await store.open_round(session, round_file, office=row.office, by=staff.actor)
        except store.RoundRefused as refused:
            return await review_page(request, error=str(refused), status=409)
    async with request.app[SESSIONS]() as session:
        await cache.refresh(session, force=True)
    raise web.HTTPSeeOther(f"/staff/rounds?done={programme.id}")
