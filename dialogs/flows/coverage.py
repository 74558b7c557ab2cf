"""Outside the covered regions: say which provinces and cities the assistant covers, and offer
to tell the applicant when their region is added (a subscription the reminders keep)."""

from __future__ import annotations

from dialogs.i18n import lang
from dialogs.reply import Reply
from dialogs.types import Option, Question, SubscribeNextRound
from eligibility import programmes

REGION_PREFIX = "region:"
"""A subscription to a region rather than to a programme: `region:广东省/深圳市`."""
NOTIFY, CHANGE = "region_notify", "region_change"


def covered() -> dict[str, list[str]]:
    """Province → the cities whose programmes are city-wide (empty: province-wide only)."""
    out: dict[str, list[str]] = {}
    for programme in programmes():
        cities = out.setdefault(programme.scope.province, [])
        if programme.scope.city and programme.scope.city not in cities:
            cities.append(programme.scope.city)
    return out


def describe(locale: str) -> str:
    zh = lang(locale) == "zh"
    parts = []
    for province, cities in covered().items():
        province_wide = any(p.scope.province == province and p.scope.city is None
                            for p in programmes())
        if zh:
            detail = ("全省" if province_wide else "") + (
                ("，另有" if province_wide else "") + "、".join(cities) if cities else "")
            parts.append(f"{province}（{detail}）")
        else:
            detail = ("whole province" if province_wide else "") + (
                ("; also " if province_wide else "") + ", ".join(cities) if cities else "")
            parts.append(f"{province} ({detail})")
    return "；".join(parts) if zh else "; ".join(parts)


def _place(reply: Reply) -> str:
    answers = reply.state.answers
    return "".join(str(answers[k]) for k in ("province", "city") if answers.get(k))


def outside(reply: Reply) -> None:
    """No programme for the applicant's region: what is covered, and what we can do."""
    place = _place(reply) or reply.t("coverage.your_region")
    reply.say("coverage.none", place=place, covered=describe(reply.locale))
    reply.ask(Question(reply.t("coverage.ask"), (
        Option(NOTIFY, reply.t("coverage.notify", place=place)),
        Option(CHANGE, reply.t("coverage.change")),
        Option("info", reply.t("result.info")),
        Option("menu", reply.t("nav.menu"))), free_text=False))


def handles(reply: Reply) -> bool:
    """Answer the options `outside` offered; False for anything else."""
    from dialogs.flows import mydata

    choice = reply.inbound.choice
    if choice == NOTIFY:
        place = "/".join(str(reply.state.answers[k]) for k in ("province", "city")
                         if reply.state.answers.get(k))
        reply.effect(SubscribeNextRound(f"{REGION_PREFIX}{place}"))
        reply.say("coverage.subscribed", place=_place(reply))
        outside(reply)
        return True
    if choice == CHANGE:
        mydata.ask_edit(reply)
        return True
    return False
