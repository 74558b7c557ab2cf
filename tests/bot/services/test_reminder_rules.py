"""The reminder rules on their own: what is planned for whom and when, from the Luoyang
timeline (applicant deadline 2021年12月9日) and the applicant's state, without a database."""

from __future__ import annotations

import datetime as dt

from bot.services import reminder_rules
from bot.services.reminder_rules import Packet, plan
from bot.services.staff_notices import CHINA_TIME
from dialogs import applications as apps
from dialogs.state import DialogState
from eligibility.loader import programmes
from eligibility.model import TimelineEntry

PACKS = {p.id: p for p in programmes()}
LUOYANG = PACKS["luoyang-skill-entrepreneur-star"]
DEADLINE = dt.date(2021, 12, 9)
ELIGIBLE = {"province": "河南省", "city": "洛阳市", "county": "洛龙区",
            "birth_date": "1980-05-01", "skill_certificate": True,
            "employment_status": "self_employed", "group": ["migrant_worker"],
            "business_founded_on": "2019-06-01", "business_licensed": True,
            "business_compliance": True, "labor_violation": False,
            "major_labor_dispute": False, "major_work_injury_last_year": False,
            "criminal_record": False}


def nine(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), CHINA_TIME).astimezone(dt.UTC)


def collecting() -> DialogState:
    return DialogState(consent="2024-01", answers=dict(ELIGIBLE),
                       application=apps.new(LUOYANG, None))


def kinds(days: range, state: DialogState, packets: list[Packet] | None = None
          ) -> dict[str, list[dt.date]]:
    """Every job planned while the schedule runs each day of `days` (deduplicated by key)."""
    seen = {}
    for n in days:
        today = DEADLINE - dt.timedelta(days=n)
        for job in plan(1, state, packets or [], PACKS, today):
            seen[job.dedupe_key] = job
    out: dict[str, list[dt.date]] = {}
    for job in sorted(seen.values(), key=lambda j: j.due_at):
        out.setdefault(job.kind, []).append(job.due_at.astimezone(CHINA_TIME).date())
    return out


def test_an_unfinished_application_is_reminded_7_3_and_1_days_ahead_at_nine() -> None:
    planned = kinds(range(30, -1, -1), collecting())
    assert planned == {"deadline": [DEADLINE - dt.timedelta(days=d) for d in (7, 3, 1)]}
    job = plan(1, collecting(), [], PACKS, dt.date(2021, 12, 1))[0]
    assert job.due_at == nine(dt.date(2021, 12, 2))
    assert job.expires_at == dt.datetime(2021, 12, 10, tzinfo=CHINA_TIME)


def test_planning_again_gives_the_same_keys() -> None:
    day = dt.date(2021, 12, 5)
    first = [j.dedupe_key for j in plan(1, collecting(), [], PACKS, day)]
    assert first and first == [j.dedupe_key for j in plan(1, collecting(), [], PACKS, day)]
    assert first != [j.dedupe_key for j in plan(2, collecting(), [], PACKS, day)]


def test_a_submitted_application_plans_nothing() -> None:
    state = collecting()
    state.application["status"] = "submitted"
    packet = Packet(LUOYANG.id, "LS-1", "submitted", dt.date(2021, 11, 20))
    assert kinds(range(30, -1, -1), state, [packet]) == {}


def test_a_returned_packet_is_reminded_every_day_after_the_return() -> None:
    state = collecting()
    state.application["status"] = "returned"
    packet = Packet(LUOYANG.id, "LS-1", "returned", dt.date(2021, 12, 3))
    planned = kinds(range(6, 2, -1), state, [packet])
    assert planned == {"returned": [dt.date(2021, 12, d) for d in (4, 5, 6, 7, 8)]}


def test_a_dated_window_is_reminded_the_day_before_and_each_open_day() -> None:
    pack = LUOYANG.model_copy(deep=True)
    pack.timeline.append(TimelineEntry(id="delivery", what="报送", what_en="Deliver",
                                       who="county", kind="window", start="2021-12-06",
                                       end="2021-12-07", source="测试用的受理窗口"))
    packs = {**PACKS, pack.id: pack}
    seen = {j.dedupe_key: j for n in range(10, -1, -1)
            for j in plan(1, collecting(), [], packs, DEADLINE - dt.timedelta(days=n))
            if j.kind == "window"}
    assert sorted(j.due_at for j in seen.values()) == [
        nine(dt.date(2021, 12, d)) for d in (5, 6, 7)]


def test_an_undated_window_plans_nothing() -> None:
    changchun = PACKS["changchun-skill-grand-prize"]
    assert any(e.kind == "window" for e in changchun.timeline)
    assert reminder_rules.windows_of(changchun) == []


def test_screened_eligible_but_not_started_is_reminded_once_a_week_ahead() -> None:
    state = DialogState(consent="2024-01", answers=dict(ELIGIBLE))
    assert kinds(range(30, -1, -1), state) == {"unstarted": [dt.date(2021, 12, 2)]}
    assert kinds(range(30, -1, -1), DialogState(answers=dict(ELIGIBLE))) == {}, \
        "no consent, no reminder"
    started = Packet(LUOYANG.id, "LS-1", "submitted", dt.date(2021, 11, 1))
    assert kinds(range(30, -1, -1), state, [started]) == {}


def test_a_subscriber_hears_once_of_a_round_with_another_deadline() -> None:
    today = dt.date(2021, 12, 1)
    [job] = reminder_rules.next_round(1, LUOYANG, "2020-12-09", today)
    assert job.kind == "round" and job.params == {"deadline": "2021-12-09"}
    assert reminder_rules.next_round(1, LUOYANG, "2021-12-09", today) == []
    assert reminder_rules.next_round(1, LUOYANG, "", dt.date(2022, 1, 1)) == []
