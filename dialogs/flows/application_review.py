"""Review and submit: the whole packet summarised, one confirmation, a receipt number and the
date by which the office must act. After submission the applicant sees the status here."""

from __future__ import annotations

import copy

from dialogs import applications as apps
from dialogs import essay
from dialogs.i18n import lang
from dialogs.reply import Reply
from dialogs.types import LogEvent, Option, Question, SubmitApplication
from eligibility.model import Programme

STATUS_KEYS = ("submitted", "received", "returned", "recommended", "not_recommended")


def _office(reply: Reply, programme: Programme) -> str:
    answers = reply.state.answers
    level = programme.submission.receiving_office.level
    keys = ("city",) if level == "city" else ("city", "county")
    place = "".join(str(answers[k]) for k in keys if answers.get(k))
    generic = programme.submission.receiving_office.name
    return f"{place}（{generic}）" if place else generic


def show(reply: Reply, programme: Programme) -> None:
    from dialogs.flows.application import step_label

    app = reply.state.application
    done, total = apps.progress(programme, app)
    lines = [reply.t("app.review", done=done, total=total)]
    for step in apps.steps(programme):
        kind, _, key = step.partition(":")
        label = step_label(reply, programme, step)
        if kind == "field":
            value = str(app["fields"].get(key, "")) or "—"
            lines.append(f"· {label}：{value[:40]}")
        elif kind in ("doc", "essay"):
            item = app["items"].get(key, {})
            status = reply.t(f"app.status_{apps.item_status(app, key) or 'missing'}")
            pages = len(item.get("files", []))
            if kind == "essay" and item.get("written"):
                status += reply.t("app.review_chars", n=essay.count(app["essay"]["text"]))
            lines.append(f"· {label}：{status}" + (f"（{pages}）" if pages else ""))
        else:
            when = app["declarations"].get(key)
            lines.append(f"· {label}：" + (reply.t("app.confirmed_on", date=when)
                                           if when else reply.t("app.status_missing")))
    lines.append(reply.t("app.review_office", office=_office(reply, programme)))
    reply.say_text("\n".join(lines))
    missing = apps.missing_required(programme, app)
    if missing:
        names = "、".join(step_label(reply, programme, s) for s in missing)
        reply.say("app.review_missing", items=names)
        reply.ask(Question(reply.t("app.review_fix"), (
            Option(f"goto:{missing[0]}", reply.t("app.opt_fix_first")),
            Option("checklist", reply.t("app.opt_checklist"))), free_text=False))
        return
    reply.ask(Question(reply.t("app.review_confirm"), (
        Option("submit", reply.t("app.opt_submit")),
        Option("checklist", reply.t("app.opt_checklist"))), free_text=False))


def on_message(reply: Reply, programme: Programme) -> bool:
    app = reply.state.application
    if reply.inbound.choice != "submit" or apps.missing_required(programme, app):
        return False
    nonce = reply.inbound.nonce or reply.today.isoformat()
    act_by = apps.office_deadline(programme, reply.today)
    status = "resubmitted" if app["status"] == "returned" else "submitted"
    app.update(status=status, receipt=app.get("receipt") or apps.receipt(
        programme, reply.today, nonce), submitted_on=reply.today.isoformat(),
        act_by=act_by.isoformat() if act_by else None, reopened=[], cursor="review")
    packet = copy.deepcopy(app)
    packet.update(office=_office(reply, programme), office_level=(
        programme.submission.receiving_office.level),
        region={k: reply.state.answers.get(k) for k in ("province", "city", "county")})
    reply.effect(SubmitApplication(packet))
    reply.effect(LogEvent("application_submitted", {"programme": programme.id,
                                                    "receipt": app["receipt"]}))
    reply.say("app.submitted", receipt=app["receipt"], office=_office(reply, programme))
    show_status(reply, programme)
    return True


def _date(value: str | None, locale: str) -> str:
    if not value:
        return "—"
    year, month, day = (int(p) for p in value.split("-"))
    return f"{year}年{month}月{day}日" if lang(locale) == "zh" else value


def show_status(reply: Reply, programme: Programme) -> None:
    app = reply.state.application
    reply.say("app.status", receipt=app["receipt"], status=reply.t(f"app.st_{app['status']}"),
              submitted=_date(app["submitted_on"], reply.locale),
              act_by=_date(app["act_by"], reply.locale))
    if app.get("office_note"):
        reply.say("app.office_note", note=app["office_note"])
    reply.ask(Question(reply.t("menu.ask"), (Option("menu", reply.t("nav.menu")),),
                       free_text=False))
