"""The applicant's answers as an eligibility profile, and screening them on a given day."""

from __future__ import annotations

import datetime as dt

from dialogs.state import DialogState
from eligibility import Result, next_questions, parse_profile, programmes, screen_profile
from eligibility.loader import shipped
from eligibility.model import Programme
from eligibility.rounds import registry


def screen_state(state: DialogState, today: dt.date) -> list[Result]:
    return screen_profile(parse_profile(state.answers), today)


def programme_by_id(programme_id: str) -> Programme | None:
    return next((p for p in programmes() if p.id == programme_id), None)


def programme_in_round(programme_id: str, round_id: str | None) -> Programme | None:
    """The programme as it was in the round a packet was made for (its dates, quotas and
    documents), else as it is now."""
    pack = next((p for p in shipped() if p.id == programme_id), None)
    found = registry.in_round(pack, round_id) if pack is not None else None
    return found or programme_by_id(programme_id)


def in_scope(results: list[Result]) -> list[Result]:
    """Programmes for the applicant's region (unknown region: all of them)."""
    return [r for r in results if r.in_scope is not False]


def skipped(state: DialogState) -> list[str]:
    return list(state.pending.get("skipped", []))


def remaining_facts(state: DialogState, today: dt.date) -> list[str]:
    """Facts still needed by an undecided programme in scope, minus those answered “不清楚”."""
    undecided = [r for r in in_scope(screen_state(state, today)) if r.verdict == "incomplete"]
    done = set(skipped(state))
    return [f for f in next_questions(undecided) if f not in done]
