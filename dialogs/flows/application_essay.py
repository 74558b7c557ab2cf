"""The deeds essay: upload a DOCX, write it in the chat, or be interviewed section by section.

The interview follows the notice's own structure (`spec.sections`, e.g. Luoyang's 标题、个人基本
情况……创业感言) and every reply shows the running count against the pack's limit, counted the
way the notice counts (see `dialogs.essay`).
"""

from __future__ import annotations

from dialogs import applications as apps
from dialogs import essay
from dialogs.reply import Reply
from dialogs.types import LogEvent, Option, Question, UploadRequest
from eligibility.model import Programme

MODES = ("write", "interview")


def _limit(reply: Reply, programme: Programme, doc_id: str) -> str:
    return essay.describe(apps.document(programme, doc_id).spec.words, reply.locale)


def ask(reply: Reply, programme: Programme) -> None:
    doc_id = reply.state.application["cursor"].partition(":")[2]
    document = apps.document(programme, doc_id)
    state = reply.state.application["essay"]
    if state["mode"] == "interview":
        _ask_section(reply, programme)
        return
    if state["mode"] == "write":
        reply.ask(Question(reply.t("app.essay_write", limit=_limit(reply, programme, doc_id)),
                           _options(reply, bool(state["text"]))))
        return
    reply.outbound.append(UploadRequest(reply.t("app.essay_upload"), doc_id))
    options = [Option("essay:interview", reply.t("app.opt_interview")),
               Option("essay:write", reply.t("app.opt_write"))]
    if not document.required:
        options.append(Option("skip", reply.t("app.opt_skip")))
    options.append(Option("checklist", reply.t("app.opt_checklist")))
    reply.ask(Question(reply.t("app.essay_ask", name=document.name,
                               limit=_limit(reply, programme, doc_id)), tuple(options),
                       free_text=False))


def _options(reply: Reply, has_text: bool) -> tuple[Option, ...]:
    done = (Option("essay:finish", reply.t("app.opt_finish")),) if has_text else ()
    return (*done, Option("essay:restart", reply.t("app.opt_restart")),
            Option("checklist", reply.t("app.opt_checklist")))


def _sections(programme: Programme, doc_id: str) -> list[str]:
    return apps.document(programme, doc_id).spec.sections or ["正文"]


def _ask_section(reply: Reply, programme: Programme) -> None:
    doc_id = reply.state.application["cursor"].partition(":")[2]
    state = reply.state.application["essay"]
    sections = _sections(programme, doc_id)
    index = len(state["sections"])
    reply.ask(Question(reply.t("app.essay_section", index=index + 1, total=len(sections),
                               section=sections[index]), _options(reply, bool(state["text"]))))


def _report(reply: Reply, programme: Programme, doc_id: str) -> None:
    text = reply.state.application["essay"]["text"]
    reply.say("app.essay_count", n=essay.count(text), limit=_limit(reply, programme, doc_id))


def on_message(reply: Reply, programme: Programme) -> bool:
    from dialogs.flows.application import advance_to_next

    app = reply.state.application
    state, doc_id = app["essay"], app["cursor"].partition(":")[2]
    document = apps.document(programme, doc_id)
    choice, text, file = reply.inbound.choice, reply.inbound.text.strip(), reply.inbound.file
    if file is not None:
        if file.kind != "docx":
            reply.say("app.essay_docx_only")
            ask(reply, programme)
            return True
        app["items"][doc_id] = {"status": "provided", "files": [
            {"ref": file.ref, "name": file.name, "kind": "docx", "size": file.size,
             "sha256": file.sha256}]}
        reply.effect(LogEvent("essay_uploaded", {"item": doc_id, "sha256": file.sha256}))
        reply.say("app.essay_received")
        reply.say("app.essay_docx_count", n=file.chars, limit=_limit(reply, programme, doc_id))
        verdict = essay.verdict("字" * file.chars, document.spec.words)
        if verdict != "ok":
            reply.say(f"app.essay_{verdict}", n=file.chars, limit=_limit(reply, programme, doc_id))
        advance_to_next(reply, programme)
        return True
    if choice in ("essay:write", "essay:interview"):
        state["mode"] = choice.removeprefix("essay:")
    elif choice == "essay:restart":
        state.update(text="", sections={}, mode=None)
        app["items"].pop(doc_id, None)
    elif choice == "skip" and not document.required:
        app["items"][doc_id] = {"status": "not_applicable", "files": []}
        advance_to_next(reply, programme)
        return True
    elif choice == "essay:finish" and state["text"]:
        return _finish(reply, programme, doc_id)
    elif text and choice is None and state["mode"] in MODES:
        _add_text(reply, programme, doc_id, text)
        if state["mode"] == "interview" and len(state["sections"]) >= len(
                _sections(programme, doc_id)):
            return _finish(reply, programme, doc_id)
    else:
        return False
    ask(reply, programme)
    return True


ESSAY_MAX = 20_000
"""Where the notice sets no length: far beyond any deeds essay, a paste gone wrong."""


def _add_text(reply: Reply, programme: Programme, doc_id: str, text: str) -> None:
    """Add a part; a part that takes the essay past the notice's length is refused with the
    count and not kept (the applicant shortens it and sends it again)."""
    state = reply.state.application["essay"]
    high = essay.bounds(apps.document(programme, doc_id).spec.words)[1] or ESSAY_MAX
    kept = "" if state["mode"] == "interview" else state["text"]
    total = essay.count(kept) + essay.count(text)
    if total > high:
        reply.say("app.essay_too_long", n=total, limit=_limit(reply, programme, doc_id),
                  over=total - high)
        return
    if state["mode"] == "interview":
        section = _sections(programme, doc_id)[len(state["sections"])]
        state["sections"][section] = text
        state["text"] = "\n".join(state["sections"].values())
    else:
        state["text"] = f"{state['text']}\n{text}".strip()
    _report(reply, programme, doc_id)


def _finish(reply: Reply, programme: Programme, doc_id: str) -> bool:
    from dialogs.flows.application import advance_to_next

    app = reply.state.application
    words = apps.document(programme, doc_id).spec.words
    verdict = essay.verdict(app["essay"]["text"], words)
    if verdict != "ok":
        reply.say(f"app.essay_{verdict}", n=essay.count(app["essay"]["text"]),
                  limit=essay.describe(words, reply.locale))
    app["items"][doc_id] = {"status": "provided", "files": [], "written": True}
    reply.effect(LogEvent("essay_written", {"item": doc_id,
                                            "chars": essay.count(app["essay"]["text"])}))
    advance_to_next(reply, programme)
    return True
