"""The eligibility core: programme packs as data, and screening a profile against them.

Pure Python by design (no I/O frameworks), so the dialog, the CLI and the tests all share it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eligibility.loader import PackError, load_all, load_pack, programmes
from eligibility.model import Programme
from eligibility.profile import Profile, ProfileError, parse_profile
from eligibility.screening import (
    Reason,
    Result,
    next_questions,
    principle_exceptions,
    screen_profile,
)


def exceptions_for(facts: dict[str, Any], programme: Programme, on: dt.date) -> list[Reason]:
    """The exceptions (原则上 / 一般 rules the applicant's stored facts fall outside) the office
    decides on one programme; none when the facts no longer parse (a fact retired since)."""
    try:
        profile = parse_profile(facts)
    except ProfileError:
        return []
    return principle_exceptions(profile, on, programme)


def screen(profile: dict[str, Any] | Profile, on: dt.date | None = None) -> list[Result]:
    """Screen a profile (raw JSON facts or an already parsed Profile) against every programme."""
    parsed = profile if isinstance(profile, Profile) else parse_profile(profile)
    return screen_profile(parsed, on or dt.date.today())


__all__ = [
    "PackError",
    "Profile",
    "ProfileError",
    "Programme",
    "Reason",
    "Result",
    "exceptions_for",
    "load_all",
    "load_pack",
    "next_questions",
    "parse_profile",
    "programmes",
    "screen",
    "screen_profile",
]
