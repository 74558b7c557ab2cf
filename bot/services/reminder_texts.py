"""What a due reminder says now, or that it no longer applies.

A job is planned days ahead, so the facts are taken again when it is sent: the steps still
missing today, the receipt still returned, the deadline still ahead. A job whose reason has gone
(the application was submitted, the packet resubmitted, a new round replaced the deadline) is
not sent. Several due jobs of one person become one message, one line per programme and kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from bot.db.reminders import ReminderJob
from bot.services.reminder_rules import Packet, covers, deadline_of
from dialogs import applications as apps
from dialogs import reminders
from dialogs.state import DialogState
from eligibility.model import Programme


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _returned_missing(state: DialogState, receipt: str) -> list[str]:
    app = state.application
    if app.get("receipt") != receipt:
        return []
    return [s for s in app.get("reopened", []) if not apps.is_done(app, s)]


def facts(job: ReminderJob, state: DialogState, packets: Sequence[Packet],
          packs: Mapping[str, Programme], today: dt.date) -> dict[str, Any] | None:
    """The facts for the job's line, or None when it no longer applies."""
    programme = packs.get(job.programme)
    if programme is None:
        return None
    app, p = state.application, job.params
    if job.kind == "region":
        if not covers(programme, p["region"]):
            return None
        return {"place": p["region"].replace("/", "")}
    collecting = app.get("programme") == job.programme and app.get("status") == "collecting"
    returned = [k for k in packets if k.programme == job.programme and k.status == "returned"]
    if job.kind == "deadline":
        deadline = deadline_of(programme, today)
        if not collecting or deadline is None or deadline.isoformat() != p["deadline"]:
            return None
        missing = apps.missing_required(programme, app)
        return {"deadline": deadline, "steps": missing}
    if job.kind == "returned":
        if not any(k.receipt == p["receipt"] for k in returned):
            return None
        return {"receipt": p["receipt"],
                "steps": _returned_missing(state, p["receipt"])}
    if job.kind == "window":
        if not (collecting or returned) or today > _date(p["end"]):
            return None
        return {"start": _date(p["start"]), "end": _date(p["end"])}
    started = app.get("programme") == job.programme or any(
        k.programme == job.programme for k in packets)
    deadline = deadline_of(programme, today)
    if deadline is None or deadline.isoformat() != p["deadline"] or (
            job.kind == "unstarted" and started):
        return None
    return {"deadline": deadline}


def text(locale: str, parts: Sequence[tuple[ReminderJob, dict[str, Any]]],
         packs: Mapping[str, Programme], today: dt.date) -> str:
    """One message for all of a person's due jobs: one line per (programme, kind)."""
    lines: dict[tuple[str, str], str] = {}
    for job, found in parts:
        programme = packs[job.programme]
        values = dict(found)
        values["missing"] = reminders.missing_labels(locale, programme,
                                                     values.pop("steps", []))
        lines[(job.programme, job.kind)] = reminders.line(locale, job.kind, programme, today,
                                                          values)
    return reminders.message(locale, list(lines.values()))
