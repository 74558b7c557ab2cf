"""When the results come: the steps of a pack's timeline after the applicant has handed in.

“什么时候出结果” / “什么时候公示” is answered per programme from its own timeline: the review,
the public notice (公示) and the decision, each with the date the notice gives, or saying that
it gives none. The steps are those after the applicant's deadline (`applicant_deadline`); a pack
that flags no such step (the Jilin notices give no dates) counts from the first step the city
or the province takes. Nothing is dated that the notice does not date.
"""

from __future__ import annotations

from eligibility.model import PartialDate, Programme, TimelineEntry

_OFFICES = ("city", "province")


def after_handing_in(programme: Programme) -> list[TimelineEntry]:
    """The timeline steps that lead from the handed-in application to the result."""
    steps = list(programme.timeline)
    flagged = [i for i, step in enumerate(steps) if step.applicant_deadline]
    if flagged:
        return steps[flagged[0] + 1:]
    first = next((i for i, step in enumerate(steps) if step.who in _OFFICES), len(steps))
    return steps[first:]


def _date(value: PartialDate, locale: str) -> str:
    if locale != "en":
        return value.zh()
    date = value.to_date()
    return date.isoformat() if date else f"{value.month:02d}-{value.day:02d}"


def when(step: TimelineEntry, locale: str) -> str | None:
    """The date or span the notice gives for `step`, as written for `locale`; None if none."""
    if step.end is None:
        return None
    end = _date(step.end, locale)
    if step.start is None or step.start == step.end:
        return end
    return f"{_date(step.start, locale)}-{end}"


def last_dated(programme: Programme, locale: str) -> str | None:
    """The date of the last dated step towards the result, for the cross-programme overview."""
    dated = [when(step, locale) for step in after_handing_in(programme)]
    return next((d for d in reversed(dated) if d), None)
