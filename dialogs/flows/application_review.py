"""Review and submit: the whole packet summarised, one confirmation, a receipt number and the
date by which the office must act. After submission the applicant sees the status here."""

from __future__ import annotations

import copy
import datetime as dt

from dialogs import applications as apps
from dialogs import essay, reminders
from dialogs.fields import plan
from dialogs.flows import rounds
from dialogs.i18n import lang
from dialogs.reply import Reply
from dialogs.state import DialogState
from dialogs.types import Inbound, LogEvent, Option, Question, SubmitApplication
from eligibility.model import Programme
from eligibility.timeline import window_of

STATUS_KEYS = ("submitted", "received", "returned", "recommended", "not_recommended")


def _office(reply: Reply, programme: Programme) -> str:
    answers = reply.state.answers
    level = programme.submission.receiving_office.level
    keys = ("city",) if level == "city" else ("city", "county")
    place = "".join(str(answers[k]) for k in keys if answers.get(k))
    generic = programme.submission.receiving_office.name
    return f"{place}（{generic}）" if place else generic


def values(reply: Reply, programme: Programme) -> dict[str, str]:
    """Every box as the office will receive it (typed, filled by the system, repeated)."""
    state = reply.state
    return plan.form_values(programme, state.application, state.answers, state.id_mask,
                            reply.today)


def show(reply: Reply, programme: Programme) -> None:
    from dialogs.flows.application import step_label

    app = reply.state.application
    done, total = apps.progress(programme, app)
    boxes = values(reply, programme)
    zh = lang(reply.locale) == "zh"
    lines = [reply.t("app.review", done=done, total=total)]
    for field in programme.form.fields:
        if field.type == "photo" or apps.field_applies(app, field.id) is False:
            continue
        value = boxes.get(field.id) or reply.t("app.status_missing")
        lines.append(f"· {field.label if zh else field.label_en}：{value[:40]}")
    for step in apps.steps(programme):
        kind, _, key = step.partition(":")
        label = step_label(reply, programme, step)
        if kind in ("doc", "essay"):
            item = app["items"].get(key, {})
            status = reply.t(f"app.status_{apps.item_status(app, key) or 'missing'}")
            pages = len(item.get("files", []))
            if kind == "essay" and item.get("written"):
                status += reply.t("app.review_chars", n=essay.count(app["essay"]["text"]))
            lines.append(f"· {label}：{status}" + (f"（{pages}）" if pages else ""))
        elif kind == "decl":
            when = app["declarations"].get(key)
            lines.append(f"· {label}：" + (reply.t("app.confirmed_on", date=when)
                                           if when else reply.t("app.status_missing")))
    lines.append(reply.t("app.review_office", office=_office(reply, programme)))
    reply.say_text("\n".join(lines))
    missing = apps.missing_required(programme, app)
    pending = apps.blocking_pending(programme, app)
    if missing or pending:
        if missing:
            names = "、".join(step_label(reply, programme, s) for s in missing)
            reply.say("app.review_missing", items=names)
        if pending:
            names = "、".join(step_label(reply, programme, s) for s in pending)
            reply.say("app.review_pending", items=names)
        first = (missing or pending)[0]
        reply.ask(Question(reply.t("app.review_fix"), (
            Option(f"goto:{first}", reply.t("app.opt_fix_first")),
            Option("checklist", reply.t("app.opt_checklist"))), free_text=False))
        return
    window = window_of(programme, reply.today)
    if not rounds.accepts(window):
        rounds.explain_closed(reply, programme)
        reply.ask(Question(reply.t("menu.ask"), (*rounds.closed_options(reply, programme),
                                                 Option("checklist",
                                                        reply.t("app.opt_checklist"))),
                           free_text=False))
        return
    if window.status == "unknown":
        reply.say("round.unknown_submit")
    reply.ask(Question(reply.t("app.review_confirm"), (
        Option("submit", reply.t("app.opt_submit")),
        Option("checklist", reply.t("app.opt_checklist"))), free_text=False))


def ready(programme: Programme, app: dict[str, object], reply: Reply) -> bool:
    """Nothing required is missing or pending, and the round takes packets today."""
    return (not apps.missing_required(programme, app)  # type: ignore[arg-type]
            and not apps.blocking_pending(programme, app)  # type: ignore[arg-type]
            and rounds.accepts(window_of(programme, reply.today)))


def on_message(reply: Reply, programme: Programme) -> bool:
    app = reply.state.application
    choice = reply.inbound.choice or ""
    if choice.startswith((reminders.SUBSCRIBE, rounds.ASK_OFFICE)):
        from dialogs.flows import result

        result.on_message(reply)
        return True
    if choice != "submit" or not ready(programme, app, reply):
        return False
    nonce = reply.inbound.nonce or reply.today.isoformat()
    act_by = apps.office_deadline(programme, reply.today)
    status = "resubmitted" if app["status"] == "returned" else "submitted"
    app.update(status=status, receipt=app.get("receipt") or apps.receipt(
        programme, reply.today, nonce), submitted_on=reply.today.isoformat(),
        act_by=act_by.isoformat() if act_by else None, reopened=[], cursor="review")
    packet = copy.deepcopy(app)
    packet.update(fields=values(reply, programme), office=_office(reply, programme),
                  office_level=programme.submission.receiving_office.level,
                  pending=apps.pending(programme, app),
                  region={k: reply.state.answers.get(k) for k in ("province", "city", "county")})
    reply.effect(SubmitApplication(packet))
    reply.effect(LogEvent("application_submitted", {"programme": programme.id,
                                                    "receipt": app["receipt"]}))
    reply.say("app.submitted", receipt=app["receipt"], office=_office(reply, programme))
    rounds.next_steps(reply, programme, _office(reply, programme))
    show_status(reply, programme)
    return True


def _date(value: str | None, locale: str) -> str:
    if not value:
        return ""
    year, month, day = (int(p) for p in value.split("-"))
    return f"{year}年{month}月{day}日" if lang(locale) == "zh" else value


def show_status(reply: Reply, programme: Programme) -> None:
    app = reply.state.application
    from dialogs.flows.application import step_label

    reply.say("app.status", receipt=app["receipt"], status=reply.t(f"app.st_{app['status']}"),
              submitted=_date(app["submitted_on"], reply.locale))
    if app.get("act_by"):
        reply.say("app.status_act_by", act_by=_date(app["act_by"], reply.locale))
    if app.get("office_note"):
        reply.say("app.office_note", note=app["office_note"])
    options = []
    pending = apps.pending(programme, app)
    if pending:
        labels = [step_label(reply, programme, step) for step in pending]
        reply.say("app.status_pending", items="、".join(labels))
        options = [Option(f"supplement:{step}", reply.t("app.opt_supplement", item=label))
                   for step, label in zip(pending, labels, strict=True)]
    reply.ask(Question(reply.t("menu.ask"), (*options, Option("menu", reply.t("nav.menu"))),
                       free_text=False))


def overview(state: DialogState, today: dt.date, statuses: dict[str, str]) -> list[str]:
    """我的申报 in a few lines: each application's state (by its receipt, the office's latest
    status from `statuses`), what is pending, and the screening results with each round's
    state in words."""
    from dialogs.flows.application import step_label
    from dialogs.profile_state import in_scope, programme_by_id, screen_state

    reply = Reply(state, Inbound("text", today))
    lines: list[str] = []
    app = state.application
    programme = programme_by_id(str(app.get("programme") or "")) if app else None
    if programme is not None:
        name = reminders.name(programme, state.locale)
        status = statuses.get(str(app.get("receipt")), app.get("status") or "collecting")
        if app.get("receipt") and status != "collecting":
            lines.append(reply.t("mine.sent", name=name, receipt=app["receipt"],
                                 status=reply.t(f"app.st_{status}")))
        else:
            done, total = apps.progress(programme, app)
            lines.append(reply.t("mine.collecting", name=name, done=done, total=total))
        pending = apps.pending(programme, app)
        if pending:
            lines.append(reply.t("mine.pending", items="、".join(
                step_label(reply, programme, step) for step in pending)))
        if app.get("office_note"):
            lines.append(reply.t("app.office_note", note=app["office_note"]))
    if state.answers.get("province"):
        for result in in_scope(screen_state(state, today)):
            other = programme_by_id(result.programme)
            if other is None or result.verdict == "ineligible":
                continue
            lines.append(reply.t("mine.result", name=reminders.name(other, state.locale),
                                 verdict=reply.t(f"verdict.{result.verdict}"),
                                 round=rounds.state_words(reply, result.window)))
    return lines
