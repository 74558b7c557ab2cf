"""One packet: form data, documents, flags, criteria and checks, history; and the file views.

Documents open through links signed for this staff member that expire in minutes; every view
or download, and every reveal of an ID number, is written to the access log (`staff.access`
events) before the bytes or the number leave the server (or a presigned link to the bucket
does: `handlers.web.staff.files`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from bot.db import store
from bot.db.applications import Application
from bot.db.base import utcnow
from bot.paperwork.contents import EXTENSIONS, safe
from bot.runtime import CONVERSATION, SESSIONS
from bot.services import review, submission
from bot.services.chain import decisions, levels, positions, queue, versions
from bot.services.chain.history import labelled_history
from bot.services.documents import MIME
from bot.services.exports import field_display
from bot.services.staff import Staff
from dialogs.applications import steps
from dialogs.masking import mask_text
from dialogs.profile_state import programme_by_id
from eligibility import Reason, exceptions_for
from eligibility.honour_text import honour_text_conflicts
from eligibility.model import Programme
from handlers.web.staff.common import (
    HEADERS,
    SIGNER,
    current_staff,
    form_with_csrf,
    render,
    visible_application,
)
from handlers.web.staff.files import allow_store_images, ensure_stored, send_stored

FLAGGED = {"later": "稍后补交", "needs_help": "需要帮助", "missing": "未提供",
           "not_applicable": "不适用"}
INLINE = {"jpeg": "image/jpeg", "png": "image/png"}


async def packet_page(request: web.Request, *, error: str = "", revealed: str = "",
                      sealed: dict[str, str] | None = None,
                      status: int = 200) -> web.Response:
    staff, data = await current_staff(request)
    filters = queue.Filters.parse(request.query)
    async with request.app[SESSIONS]() as session:
        row = await visible_application(session, staff, request.match_info["receipt"])
        pack = review.programme_of(row)
        trail = await positions.trail(session, pack, row)
        level = levels.level_for(staff, pack)
        here = next((p for p in trail if level and p.level.id == level.id
                     and levels.within(staff, p.office)), None)
        quota = await decisions.level_quota(session, pack, here.level, here.office) \
            if here else None
        count = await decisions.recommended_count(session, pack, here.level, here.office) \
            if here else 0
        history = await labelled_history(session, pack, row)
        changes = await versions.changes(session, pack, row)
        facts = await store.load_facts(session, request.app[CONVERSATION].vault,
                                       row.applicant_id)
        masked = mask_text(str(facts["id_number"])) if facts.get("id_number") else ""
        before, after = await queue.neighbours(session, request.app[CONVERSATION].vault,
                                               staff, filters, utcnow(), row.receipt)
    list_query = urlencode(filters.query())
    response = render(request, "packet.html", http_status=status, staff=staff, row=row,
                      pack=pack, csrf=request.app[SIGNER].csrf(data.nonce), error=error,
                      fields=_fields(pack, row, masked, revealed, sealed or {}),
                      documents=_documents(request, staff, pack, row),
                      essay=_essay(pack, row), trail=trail, here=here,
                      checklist=decisions.checklist(pack, here.level) if here else [],
                      quota=quota, recommended=count, history=history, changes=changes,
                      returnable=returnable(pack), can_act=here is not None,
                      lower=levels.below(pack, here.level) if here else None,
                      category=queue.category_name(row), notice=request.query.get("done", ""),
                      exceptions=exceptions_for(facts, pack,
                                                request.app[CONVERSATION].clock())
                      + _honour_conflicts(pack, row),
                      list_query=list_query, before=before, after=after,
                      packet_url=packet_link(request, staff, row.receipt))
    allow_store_images(request, response)
    return response


def _honour_conflicts(pack: Programme, row: Application) -> list[Reason]:
    """Honours typed into the form that the notice excludes (三晋技术能手 for 晋中工匠)."""
    values = row.data.get("fields", {})
    texts = [str(values.get(f.id) or "") for f in pack.form.fields if f.fact == "honors"]
    return [Reason(c.criterion.id, c.text()) for text in texts
            for c in honour_text_conflicts(pack, text)]


def _essay(pack: Programme, row: Application) -> dict[str, Any] | None:
    """The deeds essay written in the chat, to read on the page (not only in the ZIP)."""
    document = next((d for d in pack.documents if d.kind == "essay"), None)
    essay = row.data.get("essay") or {}
    text = str(essay.get("text") or "")
    sections = {str(k): str(v) for k, v in (essay.get("sections") or {}).items() if v}
    if document is None or not (text or sections):
        return None
    return {"name": document.name, "text": text, "sections": sections,
            "words": len("".join(text.split()) or "".join(sections.values()))}


def _fields(pack: Programme, row: Application, masked: str, revealed: str,
            sealed: dict[str, str]) -> list[tuple[str, str]]:
    """The form as the clerk reads it; `sealed` holds the mobile and bank account numbers,
    shown in full once revealed (each reveal is logged), else their masks from the data."""
    values = row.data.get("fields", {})
    out = []
    for field in pack.form.fields:
        if field.type == "photo":
            continue
        if field.id == "id_number" or field.fact == "id_number":
            out.append((field.label, revealed or masked or str(values.get(field.id, ""))))
        elif field.id in sealed:
            out.append((field.label, sealed[field.id]))
        else:
            out.append((field.label, field_display(pack, field.id, values.get(field.id, ""))))
    return out


def _documents(request: web.Request, staff: Staff, pack: Programme,
               row: Application) -> list[dict[str, Any]]:
    signer = request.app[SIGNER]
    items = row.data.get("items", {})
    out = []
    for document in pack.documents:
        if document.kind == "form" or document.by == "office":
            continue
        item = items.get(document.id, {})
        files = []
        for index, ref in enumerate(item.get("files", [])):
            path = f"/staff/p/{row.receipt}/doc/{document.id}/{index}"
            url = signer.link(staff.id, path)
            files.append({"url": url, "kind": ref.get("kind", ""), "page": index + 1,
                          "inline": ref.get("kind") in INLINE,
                          "embed": url + "&inline=1" if ref.get("kind") == "pdf" else ""})
        state = item.get("status") or ("provided" if item.get("written") else "missing")
        out.append({"id": document.id, "name": document.name, "required": document.required,
                    "status": state, "flag": FLAGGED.get(state, ""), "files": files})
    return out


def returnable(pack: Programme) -> list[tuple[str, str]]:
    labels = {f"field:{f.id}": f"填写：{f.label}" for f in pack.form.fields}
    labels |= {f"doc:{d.id}": f"材料：{d.name}" for d in pack.documents}
    labels |= {f"essay:{d.id}": f"材料：{d.name}" for d in pack.documents}
    labels |= {f"decl:{d.id}": f"承诺：{d.text[:20]}" for d in pack.declarations}
    return [(step, labels.get(step, step)) for step in steps(pack)]


async def reveal(request: web.Request) -> web.Response:
    staff, _, _ = await form_with_csrf(request)
    async with request.app[SESSIONS].begin() as session:
        row = await visible_application(session, staff, request.match_info["receipt"])
        facts = await store.load_facts(session, request.app[CONVERSATION].vault,
                                       row.applicant_id)
        await review.log_access(session, staff, row, "reveal_id_number")
    return await packet_page(request, revealed=str(facts.get("id_number") or "（未填写）"),
                             sealed=submission.sealed_fields(facts))


async def _signed(request: web.Request) -> tuple[Staff, Application]:
    staff, _ = await current_staff(request)
    if not request.app[SIGNER].link_ok(staff.id, request.path, request.query.get("exp"),
                                       request.query.get("sig")):
        raise web.HTTPForbidden(text="链接已过期或无效，请回到材料页面重新打开。",
                                headers=HEADERS)
    async with request.app[SESSIONS]() as session:
        row = await visible_application(session, staff, request.match_info["receipt"])
    return staff, row


async def document(request: web.Request) -> web.StreamResponse:
    staff, row = await _signed(request)
    item = request.match_info["item"]
    files = row.data.get("items", {}).get(item, {}).get("files", [])
    index = int(request.match_info["index"])
    if index >= len(files):
        raise web.HTTPNotFound(headers=HEADERS)
    ref = files[index]
    await ensure_stored(request, str(ref.get("ref", "")))
    kind = ref.get("kind", "")
    inline = kind in INLINE or (kind == "pdf" and request.query.get("inline") == "1")
    async with request.app[SESSIONS].begin() as session:
        await review.log_access(session, staff, row, "view" if inline else "download",
                                f"{item}/{index}")
    return await send_stored(
        request, ref["ref"], filename=download_name(row, item, index, kind),
        content_type=MIME.get(kind, "application/octet-stream"),
        inline=inline, framed=inline and kind == "pdf")


def download_name(row: Application, item: str, index: int, kind: str) -> str:
    """`张秀英_个人无犯罪记录证明_1.pdf`: whose, which document, which page, in Chinese."""
    pack = programme_by_id(row.programme)
    label = next((d.name for d in pack.documents if d.id == item), item) if pack else item
    who = safe(str(row.data.get("applicant_name") or row.receipt))
    return f"{who}_{safe(label)}_{index + 1}.{EXTENSIONS.get(kind, 'bin')}"


async def packet_zip(request: web.Request) -> web.StreamResponse:
    staff, row = await _signed(request)
    await ensure_stored(request, row.packet_path)
    async with request.app[SESSIONS].begin() as session:
        await review.log_access(session, staff, row, "download", "packet")
    who = safe(str(row.data.get("applicant_name") or ""))
    return await send_stored(request, row.packet_path,
                             filename=f"{who}_{row.receipt}.zip" if who else f"{row.receipt}.zip",
                             content_type="application/zip", inline=False)


def packet_link(request: web.Request, staff: Staff, receipt: str) -> str:
    return request.app[SIGNER].link(staff.id, f"/staff/p/{receipt}/packet.zip")
