"""Which reminders one applicant should get, from the programme timelines and their state.

Pure functions of (the dialog state, their submitted packets, their subscriptions, the packs,
today's date in Beijing) so the rules are tested without a database. Each rule yields the jobs
due within the next `LOOKAHEAD_DAYS` days at `REMIND_AT` local time; running the schedule again
plans the same jobs (same dedupe keys), so it can run every few minutes in every process.

- unfinished application: 7, 3 and 1 days before the deadline;
- returned packet: every day after the return, until it is resubmitted;
- a window (“material accepted only 10月24-26日”): the day before it opens and each open day;
- screened eligible but never started: once, a week before the deadline;
- subscribed to the next round: once when a round with another deadline is open or announced;
- asked to be told when their region is added (outside the covered regions): once per programme
  that covers the region, when a pack for it is loaded.
Nothing is planned for submitted applications (the state is no longer `collecting`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.services.reminder_jobs import Planned
from bot.services.staff_notices import CHINA_TIME
from dialogs.state import DialogState
from eligibility.model import Programme, TimelineEntry
from eligibility.profile import ProfileError, parse_profile
from eligibility.screening import screen_profile
from eligibility.timeline import window_of

DAYS_BEFORE = (7, 3, 1)
UNSTARTED_DAYS_BEFORE = 7
LOOKAHEAD_DAYS = 2
REMIND_AT = dt.time(9, 0)
REGION_NOTICE_DAYS = 30
"""How long a “your region is covered now” notice waits for a daytime slot before it expires."""


@dataclass(frozen=True)
class Packet:
    """A submitted application as the rules need it."""

    programme: str
    receipt: str
    status: str
    changed_on: dt.date


def local_moment(day: dt.date, at: dt.time = REMIND_AT) -> dt.datetime:
    return dt.datetime.combine(day, at, CHINA_TIME).astimezone(dt.UTC)


def end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day` in Beijing: a reminder about that day expires then."""
    return local_moment(day + dt.timedelta(days=1), dt.time(0, 0))


def deadline_of(programme: Programme, today: dt.date) -> dt.date | None:
    window = window_of(programme, today)
    if window.status not in ("open", "upcoming") or window.days_left is None:
        return None
    return today + dt.timedelta(days=window.days_left)


def _soon(today: dt.date, day: dt.date) -> bool:
    return today <= day <= today + dt.timedelta(days=LOOKAHEAD_DAYS)


def windows_of(programme: Programme) -> list[tuple[TimelineEntry, dt.date, dt.date]]:
    """The pack's dated windows (an undated “10月24-26日” cannot be planned for)."""
    out = []
    for entry in programme.timeline:
        start = entry.start.to_date() if entry.start else None
        end = entry.end.to_date() if entry.end else None
        if entry.kind == "window" and start is not None and end is not None:
            out.append((entry, start, end))
    return out


def _unfinished(who: int, programme: Programme, today: dt.date) -> list[Planned]:
    deadline = deadline_of(programme, today)
    if deadline is None:
        return []
    out = []
    for days in DAYS_BEFORE:
        day = deadline - dt.timedelta(days=days)
        if _soon(today, day):
            out.append(Planned(who, "deadline", programme.id, (deadline, days),
                               local_moment(day), end_of(deadline),
                               {"deadline": deadline.isoformat(), "days": days}))
    return out


def _returned(who: int, packet: Packet, today: dt.date) -> list[Planned]:
    days = (today + dt.timedelta(days=n) for n in range(LOOKAHEAD_DAYS + 1))
    return [Planned(who, "returned", packet.programme, (packet.receipt, day),
                    local_moment(day), end_of(day), {"receipt": packet.receipt})
            for day in days if day > packet.changed_on]


def _windows(who: int, programme: Programme, today: dt.date) -> list[Planned]:
    out = []
    for entry, start, end in windows_of(programme):
        day = start - dt.timedelta(days=1)
        while day <= end:
            if _soon(today, day):
                out.append(Planned(who, "window", programme.id, (entry.id, day),
                                   local_moment(day), end_of(day),
                                   {"start": start.isoformat(), "end": end.isoformat()}))
            day += dt.timedelta(days=1)
    return out


def _unstarted(who: int, state: DialogState, packs: Mapping[str, Programme],
               started: set[str], today: dt.date) -> list[Planned]:
    due: dict[str, dt.date] = {}
    for programme in packs.values():
        deadline = deadline_of(programme, today)
        if deadline and programme.id not in started and \
                _soon(today, deadline - dt.timedelta(days=UNSTARTED_DAYS_BEFORE)):
            due[programme.id] = deadline
    if not due or not state.consent or not state.answers:
        return []
    try:
        results = screen_profile(parse_profile(state.answers), today, tuple(packs.values()))
    except ProfileError:
        return []
    return [Planned(who, "unstarted", r.programme, (due[r.programme],),
                    local_moment(due[r.programme] - dt.timedelta(days=UNSTARTED_DAYS_BEFORE)),
                    end_of(due[r.programme]), {"deadline": due[r.programme].isoformat()})
            for r in results
            if r.programme in due and r.verdict == "eligible" and r.in_scope is not False]


def next_round(who: int, programme: Programme, seen_deadline: str,
               today: dt.date) -> list[Planned]:
    deadline = deadline_of(programme, today)
    if deadline is None or deadline.isoformat() == seen_deadline:
        return []
    return [Planned(who, "round", programme.id, (deadline,), local_moment(today),
                    end_of(deadline), {"deadline": deadline.isoformat()})]


def covers(programme: Programme, region: str) -> bool:
    """Whether the pack applies to `province/city` (a province alone: any pack there)."""
    province, _, city = region.partition("/")
    return programme.scope.province == province and (
        programme.scope.city is None or not city or programme.scope.city == city)


def region_added(who: int, region: str, packs: Iterable[Programme],
                 today: dt.date) -> list[Planned]:
    """A subscription to a region that had no programme: one notice per pack covering it now
    (the dedupe key holds the region, so each is sent once)."""
    return [Planned(who, "region", programme.id, (region,), local_moment(today),
                    end_of(today + dt.timedelta(days=REGION_NOTICE_DAYS)), {"region": region})
            for programme in packs if covers(programme, region)]


def plan(who: int, state: DialogState, packets: Iterable[Packet],
         packs: Mapping[str, Programme], today: dt.date) -> list[Planned]:
    """Every application-driven job for one applicant (subscriptions: `next_round`)."""
    packets = list(packets)
    out: list[Planned] = []
    app = state.application
    collecting = app.get("programme") if app.get("status") == "collecting" else None
    if collecting in packs:
        out += _unfinished(who, packs[collecting], today)
    returned = [p for p in packets if p.status == "returned" and p.programme in packs]
    for packet in returned:
        out += _returned(who, packet, today)
    for programme_id in {collecting, *(p.programme for p in returned)} & set(packs):
        out += _windows(who, packs[programme_id], today)
    started = {p.programme for p in packets} | ({app["programme"]} if app.get("programme")
                                                else set())
    out += _unstarted(who, state, packs, started, today)
    return out
