"""Where a programme's round stands for an application, and what happens after submitting.

Only an open round takes a packet. A closed round (or one not yet open) is said in words beside
every ✅, shows its dates, and offers the next-round reminder and a question to the office
instead of 提交. A round whose notice gives no dates (吉林, 长春's “10月24-26日” without a year)
takes packets with the warning that the office's own notice decides.

After submitting the applicant is told who receives the packet and how to reach them (the
pack's contacts), the deadlines still ahead (the notice's chain: county, city, 公示, decision),
and how to ask a question.
"""

from __future__ import annotations

import datetime as dt

from dialogs import reminders
from dialogs.i18n import lang
from dialogs.reply import Reply
from dialogs.types import Option
from eligibility.model import Programme, TimelineEntry
from eligibility.timeline import Window, window_of

ASK_OFFICE = "ask_office:"


def accepts(window: Window) -> bool:
    """Whether a packet may go in today: the round is open, or the notice gives no dates."""
    return window.status in ("open", "unknown")


def state_words(reply: Reply, window: Window) -> str:
    """The round's state in words, for the line beside a ✅."""
    if window.status == "closed":
        return reply.t("round.closed", text=window.text(reply.locale))
    if window.status == "upcoming":
        return reply.t("round.upcoming", text=window.text(reply.locale))
    if window.status == "unknown":
        return reply.t("round.unknown", text=window.text(reply.locale))
    return reply.t("round.open", text=window.text(reply.locale))


def closed_options(reply: Reply, programme: Programme) -> list[Option]:
    """Instead of 提交 in a round that does not take packets: be told of the next round, or
    ask the receiving office."""
    return [Option(f"{reminders.SUBSCRIBE}{programme.id}",
                   reply.t("rem.subscribe", name=reminders.name(programme, reply.locale))),
            Option(f"{ASK_OFFICE}{programme.id}", reply.t("round.ask_office"))]


def explain_closed(reply: Reply, programme: Programme) -> None:
    window = window_of(programme, reply.today)
    reply.say("round.not_taking", name=reminders.name(programme, reply.locale),
              state=state_words(reply, window))


def _when(entry: TimelineEntry, locale: str) -> str:
    """The step's last day as the notice gives it (without a year when it gives none)."""
    if entry.end is None:
        return ""
    day = entry.end.to_date()
    if day is not None:
        return reminders.date_text(day, locale)
    return entry.end.zh() if lang(locale) == "zh" else f"{entry.end.day}/{entry.end.month}"


def chain(programme: Programme, today: dt.date, locale: str) -> list[str]:
    """The notice's steps still ahead, in order, each with its date where the notice gives
    one (“县级推荐：2021年12月9日前”); steps without a date are named without one."""
    zh = lang(locale) == "zh"
    lines = []
    for entry in programme.timeline:
        end = entry.end.to_date() if entry.end else None
        if end is not None and end < today:
            continue
        what = entry.what if zh else entry.what_en
        when = _when(entry, locale)
        lines.append(f"{what}（{when}前）" if when and zh else
                     f"{what} (by {when})" if when else what)
    return lines


def contacts(programme: Programme) -> list[str]:
    return [" ".join(part for part in [contact.unit, "、".join(contact.people),
                                       "、".join(contact.phone), contact.email or ""] if part)
            for contact in programme.contacts]


def next_steps(reply: Reply, programme: Programme, office: str) -> None:
    """What the applicant is told once the packet is in."""
    reply.say("after.office", office=office)
    found = contacts(programme)
    if found:
        reply.say("after.contacts", contacts="\n".join(f"· {c}" for c in found))
    steps = chain(programme, reply.today, reply.locale)
    if steps:
        reply.say("after.chain", steps="\n".join(f"· {s}" for s in steps))
    reply.say("after.what_next")
    reply.say("after.how_to_ask")
