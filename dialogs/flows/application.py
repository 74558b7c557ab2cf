"""The application: pick a category, then walk the pack's checklist one step at a time.

Everything the applicant gives lives in `state.application` (see `dialogs.applications`), so
leaving and coming back days later on another channel resumes at the same item. The checklist
(“材料 3/7”) lets the applicant jump to any item; each step kind has its own module.
"""

from __future__ import annotations

import datetime as dt

from dialogs import applications as apps
from dialogs.flows import (
    application_essay,
    application_help,
    application_review,
    application_steps,
    rounds,
)
from dialogs.i18n import lang
from dialogs.profile_state import programme_by_id, screen_state
from dialogs.reply import Reply
from dialogs.state import DialogState
from dialogs.types import Inbound, LogEvent, Option, Question
from eligibility.model import Programme
from eligibility.timeline import window_of

CHECKLIST = "checklist"
MARKS = {"provided": "✅", "not_applicable": "➖", "later": "⏳", "needs_help": "🆘"}


def summary(reply: Reply, programme_id: str) -> None:
    """Start the application for a programme, or resume the one already under way."""
    programme = programme_by_id(programme_id)
    assert programme is not None
    state = reply.state
    app = state.application
    if app.get("programme") != programme_id and window_of(
            programme, reply.today).status == "closed":
        state.flow, state.step = "result", None
        rounds.explain_closed(reply, programme)
        reply.ask(Question(reply.t("menu.ask"), (*rounds.closed_options(reply, programme),
                                                 Option("menu", reply.t("nav.menu"))),
                           free_text=False))
        return
    state.programme, state.flow = programme_id, "application"
    if app.get("programme") == programme_id:
        apps.refresh_conditions(programme, app, state.answers, reply.today, state.id_mask)
        if app["status"] != "collecting" and app["status"] != "returned":
            application_review.show_status(reply, programme)
            return
        reply.say("app.resume")
        if app["status"] == "returned" and app.get("office_note"):
            reply.say("app.office_note", note=app["office_note"])
        if app["cursor"] == "review":
            app["cursor"] = apps.next_open(programme, app)
        show_step(reply, programme)
        return
    known = next((r.category for r in screen_state(state, reply.today)
                  if r.programme == programme_id and r.category), None)
    if known is None and len(programme.categories) > 1:
        state.step = "category"
        reply.ask(Question(reply.t("app.category"), tuple(
            Option(f"cat:{c.id}", c.name if lang(reply.locale) == "zh" else c.name_en)
            for c in programme.categories), free_text=False))
        return
    _begin(reply, programme, known or (programme.categories[0].id
                                       if programme.categories else None))


def _begin(reply: Reply, programme: Programme, category: str | None) -> None:
    reply.state.application = apps.new(programme, category)
    apps.refresh_conditions(programme, reply.state.application, reply.state.answers,
                            reply.today, reply.state.id_mask)
    reply.state.step = None
    reply.effect(LogEvent("application_started",
                          {"programme": programme.id, "category": category}))
    total = len(apps.steps(programme))
    reply.say("app.start", name=_name(reply, programme), total=total)
    show_step(reply, programme)


def _name(reply: Reply, programme: Programme) -> str:
    return programme.name if lang(reply.locale) == "zh" else programme.name_en


def on_message(reply: Reply) -> None:
    programme = programme_by_id(reply.state.programme or "")
    choice = reply.inbound.choice or ""
    if programme is None:
        reply.say("misunderstood")
        return
    if reply.state.step == "category":
        category = choice.removeprefix("cat:")
        if choice.startswith("cat:") and any(c.id == category for c in programme.categories):
            _begin(reply, programme, category)
        else:
            reply.say("misunderstood")
            summary(reply, programme.id)
        return
    app = reply.state.application
    apps.refresh_conditions(programme, app, reply.state.answers, reply.today,
                            reply.state.id_mask)
    if app.get("supplementing") and (reply.inbound.kind == "file" or choice in (
            "done", "delete")):
        if not application_steps.on_document(reply, programme):
            application_review.show_status(reply, programme)
    elif app.get("status") not in ("collecting", "returned"):
        app.pop("supplementing", None)
        step = choice.removeprefix(application_help.SUPPLEMENT)
        if not (choice.startswith(application_help.SUPPLEMENT)
                and application_help.start_supplement(reply, programme, step)):
            application_review.show_status(reply, programme)
    elif choice == CHECKLIST:
        show_checklist(reply, programme)
    elif reply.inbound.kind == "file" and app["cursor"].partition(":")[0] not in (
            "doc", "essay"):
        reply.say("upload.not_expected")
        show_step(reply, programme)
    elif choice.startswith("goto:"):
        app["cursor"] = choice.removeprefix("goto:")
        show_step(reply, programme)
    elif not dispatch(reply, programme):
        reply.say("misunderstood")
        show_step(reply, programme)


def expects_file(state: DialogState) -> bool:
    """Whether a file is welcome now: consent given, and the application's current step a
    document or the essay (or an item the office asked to have sent again)."""
    app = state.application
    if state.consent is None or state.flow != "application" or state.step == "category":
        return False
    if app.get("supplementing"):
        return True
    return app.get("status") in ("collecting", "returned") and str(
        app.get("cursor") or "").partition(":")[0] in ("doc", "essay")


def dispatch(reply: Reply, programme: Programme) -> bool:
    """Hand the message to the current step; True when it was understood."""
    cursor = reply.state.application["cursor"]
    kind = cursor.partition(":")[0]
    if kind == "field":
        return application_steps.on_field(reply, programme)
    if kind == "doc":
        return application_steps.on_document(reply, programme)
    if kind == "decl":
        return application_steps.on_declaration(reply, programme)
    if kind == "essay":
        return application_essay.on_message(reply, programme)
    return application_review.on_message(reply, programme)


def advance_to_next(reply: Reply, programme: Programme) -> None:
    app = reply.state.application
    app["cursor"] = apps.next_open(programme, app, app["cursor"])
    show_step(reply, programme)


def show_step(reply: Reply, programme: Programme) -> None:
    app = reply.state.application
    cursor = app["cursor"]
    kind = cursor.partition(":")[0]
    if kind != "review":
        index = apps.steps(programme).index(cursor) + 1
        reply.say("app.position", index=index, total=len(apps.steps(programme)))
    if kind == "field":
        application_steps.ask_field(reply, programme)
    elif kind == "doc":
        application_steps.ask_document(reply, programme)
    elif kind == "decl":
        application_steps.ask_declaration(reply, programme)
    elif kind == "essay":
        application_essay.ask(reply, programme)
    else:
        application_review.show(reply, programme)


def step_label(reply: Reply, programme: Programme, step: str) -> str:
    kind, _, key = step.partition(":")
    zh = lang(reply.locale) == "zh"
    if kind == "field":
        field = next(f for f in programme.form.fields if f.id == key)
        return field.label if zh else field.label_en
    if kind == "decl":
        declaration = next(d for d in programme.declarations if d.id == key)
        return reply.t("app.declaration_label", text=(declaration.text if zh
                                                       else declaration.text_en)[:16])
    document = apps.document(programme, key)
    return document.name if zh else document.name_en


def show_checklist(reply: Reply, programme: Programme) -> None:
    app = reply.state.application
    done, total = apps.progress(programme, app)
    reply.say("app.checklist", done=done, total=total)
    options = []
    for index, step in enumerate(apps.steps(programme), start=1):
        key = step.partition(":")[2]
        status = apps.item_status(app, key)
        mark = MARKS.get(status or "", "✅" if apps.is_done(app, step) else "⬜")
        label = step_label(reply, programme, step)
        options.append(Option(f"goto:{step}", f"{mark} {index}. {label}"))
    options.append(Option("goto:review", reply.t("app.to_review")))
    reply.ask(Question(reply.t("app.checklist_pick"), tuple(options), free_text=False))


def where(state: DialogState) -> str | None:
    """The current step in words, for the top of the page (“正在申报：…（材料 3/20：民族）”)."""
    app = state.application
    programme = programme_by_id(str(app.get("programme") or "")) if app else None
    if programme is None or state.flow != "application":
        return None
    reply = Reply(state, Inbound("text", dt.date.min))
    name = _name(reply, programme)
    if app.get("status") not in ("collecting", "returned"):
        return reply.t("app.where_sent", name=name, receipt=app.get("receipt") or "")
    order = apps.steps(programme)
    if app.get("cursor") not in order:
        return reply.t("app.where_review", name=name)
    return reply.t("app.where", name=name, index=order.index(app["cursor"]) + 1,
                   total=len(order), label=step_label(reply, programme, app["cursor"]))
