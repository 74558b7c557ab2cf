"""Reminders in the conversation and in the messages: the words that switch them off and on,
“下一轮开始时提醒我” on a closed programme, and the text of a reminder.

Pure like the rest of `dialogs/`: the worker (`bot.services.reminder_worker`) decides what is
due and hands the facts here; the wording lives in the catalogues under `rem.*`. Every reminder
ends with how to stop them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dialogs.flows.application import step_label
from dialogs.i18n import lang, t
from dialogs.parsing import normalise
from dialogs.reply import Reply
from dialogs.state import DialogState
from dialogs.types import Inbound, SetReminders, SubscribeNextRound, outbound_from_dict
from eligibility.model import Programme

STOP_WORDS = {"不再提醒", "不要提醒", "别提醒了", "取消提醒", "关闭提醒", "stop reminders",
              "/stopreminders"}
RESUME_WORDS = {"恢复提醒", "打开提醒", "开启提醒", "resume reminders", "/reminders"}
SUBSCRIBE = "notify:"


def is_switch(text: str) -> bool:
    word = normalise(text)
    return word in STOP_WORDS or word in RESUME_WORDS


def _repeat_prompt(reply: Reply) -> None:
    """Ask the current step's question again, so the conversation continues where it was."""
    prompt = reply.state.pending.get("prompt")
    if prompt:
        reply.outbound.append(outbound_from_dict(prompt))


def switch(reply: Reply) -> None:
    """Turn reminders off or on (the caller checked `is_switch`) and confirm it."""
    enabled = normalise(reply.inbound.text) in RESUME_WORDS
    reply.effect(SetReminders(enabled))
    reply.say("rem.resumed" if enabled else "rem.stopped")
    _repeat_prompt(reply)


def subscribe(reply: Reply, programme: Programme, seen_deadline: dt.date | None) -> None:
    reply.effect(SubscribeNextRound(programme.id,
                                    seen_deadline.isoformat() if seen_deadline else ""))
    reply.say("rem.subscribed", name=name(programme, reply.locale))
    _repeat_prompt(reply)


def name(programme: Programme, locale: str) -> str:
    return programme.name if lang(locale) == "zh" else programme.name_en


def date_text(day: dt.date, locale: str) -> str:
    """2024年1月15日, or 15 January 2024."""
    if lang(locale) == "en":
        return f"{day.day} {day:%B} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def missing_labels(locale: str, programme: Programme, steps: list[str]) -> list[str]:
    """What each still-open step is called in the checklist the applicant sees."""
    reply = Reply(DialogState(locale=locale), Inbound("text", dt.date.min))
    return [step_label(reply, programme, step) for step in steps]


def line(locale: str, kind: str, programme: Programme, today: dt.date,
         facts: dict[str, Any]) -> str:
    """One programme's part of a reminder. `facts` may hold `deadline` and `start`/`end`
    (dates), `missing` (labels), `receipt` and `place` (a region now covered)."""
    values: dict[str, Any] = {"programme": name(programme, locale)}
    if "deadline" in facts:
        values["deadline"] = date_text(facts["deadline"], locale)
        values["days"] = (facts["deadline"] - today).days
    for key in ("start", "end"):
        if key in facts:
            values[key] = date_text(facts[key], locale)
    separator = "、" if lang(locale) == "zh" else ", "
    values["missing"] = separator.join(facts.get("missing", []))
    values["receipt"] = facts.get("receipt", "")
    values["place"] = facts.get("place", "")
    if kind == "deadline":
        kind = "deadline_today" if values["days"] == 0 else (
            "deadline" if facts.get("missing") else "deadline_ready")
    if kind == "window":
        kind = "window_soon" if today < facts["start"] else "window_open"
    return t(locale, f"rem.{kind}", **values)


def message(locale: str, lines: list[str]) -> str:
    """The whole reminder: a header, one line per programme, and how to stop reminders."""
    return "\n".join([t(locale, "rem.header"), *lines, t(locale, "rem.footer")])
