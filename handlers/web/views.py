"""The chat page at `/` and the form it posts to, rendered on the server.

Every turn is a plain HTML form POST (a tapped option sends its key, the text box sends text),
answered by a redirect back to `/`, so the basic flow needs no JavaScript and a reload never
re-sends anything. Each form carries a fresh message id in a hidden field: a double tap or a
re-sent POST reaches the use case with the same id and is answered from the stored reply.

A first visit stores nothing: the welcome is computed by the engine and shown, and its forms
carry `opening=1`, so the first real answer runs the opening turn before itself. Link previews
(WeChat fetches every shared link) and crawlers therefore never create applicant rows.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import jinja2
from aiohttp import web

from bot.conversation import ConversationBusy, Message
from bot.db import store
from bot.db.store import processed_reply
from bot.runtime import CLOCK, CONVERSATION, SESSIONS, SETTINGS
from bot.security import rate_limits
from bot.security.client_ip import address_of
from bot.security.http import enforce
from bot.storage import StoreUnavailable
from bot.transcript import Entry, Page, load_page
from dialogs.engine import NAVIGATION, advance
from dialogs.flows.application import where
from dialogs.flows.application_review import overview
from dialogs.i18n import t
from dialogs.state import DialogState
from dialogs.types import Inbound, Question, outbound_from_dict
from handlers.web.cookies import COOKIE_MAX_AGE, COOKIE_NAME, CookieSigner
from handlers.web.handoff import setup_handoff
from handlers.web.upload import FLASH, REFUSALS, flash, upload

CHANNEL = "web"
OPENING_ID = "open"
MAX_TEXT = 20_000
MAX_ANSWERS = 40
"""Longer than any box or essay the notices allow: the engine refuses what is too long with
the count, so a long answer is never cut without a word."""
BUSY = "系统正忙，请稍后再试。您刚才填写的内容没有丢失，可以再点一次发送。"
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}
SIGNER = web.AppKey("web_signer", CookieSigner)
TEMPLATES = web.AppKey("web_templates", jinja2.Environment)


def setup_routes(app: web.Application, secret: bytes, previous: bytes | None = None) -> None:
    """Add the applicant page to `app`, signing cookies with a key derived from `secret`
    (and still accepting those signed under the `previous` secret during a rotation)."""
    app[SIGNER] = CookieSigner(secret, previous)
    app[TEMPLATES] = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True, trim_blocks=True, lstrip_blocks=True)
    app.router.add_get("/", page)
    app.router.add_get("/mine", mine)
    app.router.add_post("/send", send)
    app.router.add_post("/upload", upload_file)
    setup_handoff(app, secret)


def _token(request: web.Request) -> str | None:
    return request.app[SIGNER].verify(request.cookies.get(COOKIE_NAME))


def _set_cookie(request: web.Request, response: web.StreamResponse, token: str) -> None:
    secure = request.app[SETTINGS].public_url.startswith("https://")
    response.set_cookie(COOKIE_NAME, request.app[SIGNER].sign(token), max_age=COOKIE_MAX_AGE,
                        httponly=True, samesite="Lax", secure=secure, path="/")


async def _transcript(request: web.Request, token: str,
                      before: int | None = None) -> tuple[Page, DialogState]:
    """The page of turns to show and the dialog state (for the current step and the
    language): a bounded number of statements whatever the conversation's length."""
    async with request.app[SESSIONS]() as session:
        page = await load_page(session, CHANNEL, token, before=before)
        if page.applicant_id is None:
            return page, DialogState()
        loaded = await store.load_dialog(session, page.applicant_id)
    return page, DialogState.from_json(loaded.state)


def _before(request: web.Request) -> int | None:
    value = request.query.get("before", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


async def _after_deletion(request: web.Request, token: str) -> Entry | None:
    """The reply to the message that deleted everything, shown once above the new welcome."""
    message_id = request.query.get("m", "")[:60]
    if not message_id:
        return None
    async with request.app[SESSIONS]() as session:
        stored = await processed_reply(session, CHANNEL, f"{token}:{message_id}")
    if not stored or not stored.get("deleted"):
        return None
    return Entry(said="", reply=[outbound_from_dict(item) for item in stored["outbound"]])


def _opening(token: str) -> Message:
    return Message(CHANNEL, token, OPENING_ID, kind="command", command="start")


def _welcome(request: web.Request) -> list[Entry]:
    """The opening turn as the engine would answer it, without storing anything."""
    inbound = Inbound(kind="command", today=request.app[CONVERSATION].clock(),
                      command="start", channel=CHANNEL)
    return [Entry(said="", reply=list(advance(DialogState(), inbound).outbound))]


def _current(entries: list[Entry]) -> tuple[Entry | None, Question | None]:
    """The turn the applicant is answering and its question. A message pushed since (an office
    decision, a staff answer, a reminder) asks nothing and leaves that turn open, so its
    buttons and upload form stay on the page."""
    for entry in reversed(entries):
        asked = [item for item in entry.reply if isinstance(item, Question)]
        if asked or entry.said:
            return entry, asked[-1] if asked else None
    return (entries[-1] if entries else None), None


async def page(request: web.Request) -> web.Response:
    """The latest turns with the current question's options as buttons (or, with
    `before=`, an earlier page of the conversation, to read)."""
    token = _token(request)
    fresh = token is None
    token = token or request.app[SIGNER].new_token()
    before = None if fresh else _before(request)
    shown, state = (Page([], None), DialogState()) if fresh else await _transcript(
        request, token, before)
    entries = shown.entries
    notice = None
    opening = not entries and "m" not in request.query and before is None
    if opening:
        entries = _welcome(request)
    elif not entries and before is None:
        notice = await _after_deletion(request, token)
        await _count_if_new(request, token)
        await request.app[CONVERSATION].handle(_opening(token))
        shown, state = await _transcript(request, token)
        entries = shown.entries
    if notice is not None:
        entries.insert(0, notice)
    current, question = _current(entries) if before is None else (None, None)
    key = request.cookies.get(FLASH, "")
    upload_mb = request.app[SETTINGS].upload_max_mb
    html = request.app[TEMPLATES].get_template("chat.html").render(
        entries=entries, current=current, question=question, message_id=uuid.uuid4().hex,
        opening=opening, banner=request.app[CLOCK].banner(state.locale),
        earlier=shown.earlier, older=before is not None, navigation=NAVIGATION,
        step=where(state), upload_mb=upload_mb,
        refusal=t(state.locale, key, mb=upload_mb) if key in REFUSALS
        else None)
    response = web.Response(text=html, content_type="text/html", charset="utf-8",
                            headers=HEADERS)
    if key:
        response.del_cookie(FLASH, path="/")
    if fresh or request.cookies.get(COOKIE_NAME) != request.app[SIGNER].sign(token):
        _set_cookie(request, response, token)  # new, or signed under the previous secret
    return response


async def mine(request: web.Request) -> web.Response:
    """我的申报: each application's status, its result and what is pending, on one short page
    (three bounded reads: the applicant, their state, their packets' statuses)."""
    token = _token(request)
    state, statuses = DialogState(), {}
    if token is not None:
        async with request.app[SESSIONS]() as session:
            applicant_id = await store.applicant_of(session, CHANNEL, token)
            if applicant_id is not None:
                state = DialogState.from_json((await store.load_dialog(
                    session, applicant_id)).state)
                statuses = await store.packet_statuses(session, applicant_id)
    today = request.app[CLOCK].today()
    locale = state.locale
    html = request.app[TEMPLATES].get_template("mine.html").render(
        title=t(locale, "mine.title"), locale=locale, banner=request.app[CLOCK].banner(locale),
        lines=overview(state, today, statuses), empty=t(locale, "mine.empty"),
        hint=t(locale, "mine.resume_hint"), back=t(locale, "mine.back"))
    return web.Response(text=html, content_type="text/html", charset="utf-8", headers=HEADERS)


async def send(request: web.Request) -> web.Response:
    """One turn from the form; then back to the page (redirect-after-POST)."""
    token = _token(request)
    if token is None:
        raise web.HTTPSeeOther("/")
    await enforce(request, rate_limits.SEND, token)
    await enforce(request, rate_limits.SEND_ADDRESS, address_of(request))
    await _count_if_new(request, token)
    form = await request.post()
    message_id = str(form.get("msg") or uuid.uuid4().hex)[:60]
    choice = str(form.get("choice") or "").strip()
    if form.get("multi") and not choice:
        choice = "multi:" + ",".join(str(v)[:60] for v in form.getall("pick", [])[:40])
    text = str(form.get("text") or "").strip()
    if len(text) > MAX_TEXT:
        response = web.HTTPSeeOther("/#end")
        flash(response, "upload.refused_text_too_long")
        raise response
    # The asking the buttons were shown with: a form from an old tab is stale.
    answers = str(form.get("answers") or "")[:MAX_ANSWERS] or None
    if choice:
        message = Message(CHANNEL, token, message_id, kind="choice", choice=choice,
                          answers=answers)
    elif text:
        message = Message(CHANNEL, token, message_id, kind="text", text=text)
    else:
        raise web.HTTPSeeOther("/#end")
    try:
        if form.get("opening"):
            await request.app[CONVERSATION].handle(_opening(token))
        result = await request.app[CONVERSATION].handle(message)
    except (ConversationBusy, StoreUnavailable):
        raise web.HTTPServiceUnavailable(text=BUSY, headers={"Retry-After": "2"}) from None
    raise web.HTTPSeeOther(f"/?m={message_id}#end" if result.deleted else "/#end")


async def upload_file(request: web.Request) -> web.Response:
    """A file for the item the assistant asked for (see `handlers.web.upload`)."""
    token = _token(request)
    if token is None:
        raise web.HTTPSeeOther("/")
    await enforce(request, rate_limits.UPLOAD, token)
    return await upload(request, token)


async def _count_if_new(request: web.Request, token: str) -> None:
    """A cookie that has not talked yet is about to become an applicant: count it against
    its address's allowance of new identities."""
    async with request.app[SESSIONS]() as session:
        known = await store.applicant_of(session, CHANNEL, token) is not None
    if not known:
        await enforce(request, rate_limits.NEW_IDENTITY, address_of(request))
