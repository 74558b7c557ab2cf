"""Asking where the applicant works: province, then city, then county, typed or tapped.

What people type is matched loosely (“洛龙” → 洛龙区, “洛阳 西工区” fills two levels at once); an
ambiguous name is offered back as choices rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.questions import BACK
from dialogs.regions import cities_of, counties_of, match_region
from dialogs.reply import Reply
from dialogs.types import Option, Question, SaveAnswer
from eligibility import programmes

LEVELS = ("province", "city", "county")
OTHER = "other"


def _covered_provinces() -> list[str]:
    return list(dict.fromkeys(p.scope.province for p in programmes()))


def next_region_step(answers: dict[str, object]) -> str | None:
    """The next level to ask; none beyond the province for regions without programmes, and no
    county where the city has none (长白山管委会)."""
    for level in LEVELS:
        if not answers.get(level):
            if level != "province" and answers.get("province") not in _covered_provinces():
                return None
            if level == "county" and not counties_of(str(answers["province"]),
                                                     str(answers["city"])):
                return None
            return level
    return None


def _example(places: Sequence[str]) -> str:
    """A place from the list itself (“长春” in 吉林, not “洛阳”), without its 市/县/区."""
    place = places[0] if places else ""
    return place[:-1] if len(place) > 2 and place[-1] in "市县区" else place


def ask_region(reply: Reply, level: str) -> None:
    answers = reply.state.answers
    back = Option(BACK, reply.t("nav.back"))
    if level == "province":
        options = [Option(p, p) for p in _covered_provinces()]
        options.append(Option(OTHER, reply.t("region.other")))
        reply.ask(Question(reply.t("region.province"), tuple(options)))
    elif level == "city":
        cities = cities_of(str(answers["province"]))
        reply.ask(Question(reply.t("region.city", example=_example(cities)),
                           (*(Option(c, c) for c in cities), back)))
    else:
        counties = counties_of(str(answers["province"]), str(answers["city"]))
        reply.ask(Question(reply.t("region.county", example=_example(counties)),
                           (*(Option(c, c) for c in counties), back)))


def answer_region(reply: Reply, level: str) -> bool:
    """Apply a region answer; True when something was recorded, else the question is re-asked."""
    inbound, answers = reply.inbound, reply.state.answers
    text = (inbound.choice or inbound.text).strip()
    if inbound.choice == OTHER:
        reply.say("region.other_ask")
        return False
    province = str(answers["province"]) if level != "province" else None
    city = str(answers["city"]) if level == "county" else None
    match = match_region(text, province=province, city=city)
    if match.candidates:
        reply.ask(Question(reply.t("region.ambiguous", text=text),
                           tuple(Option(c, c) for c in _candidate_names(match.candidates))))
        return False
    found = {"province": match.province, "city": match.city, "county": match.county}
    if not found[level] and not (level == "province" and match.province):
        reply.say("error.region", text=text)
        return False
    before = dict(answers)
    for name in LEVELS:
        if found[name] and not answers.get(name):
            answers[name] = found[name]
    recorded = [n for n in LEVELS if answers.get(n) != before.get(n)]
    reply.state.asked.extend(recorded)
    for name in recorded:
        reply.effect(SaveAnswer(name, answers[name]))
    place = " ".join(str(answers[n]) for n in LEVELS if answers.get(n))
    reply.say("region.confirm", place=place)
    return True


def _candidate_names(candidates: object) -> list[str]:
    names = []
    for candidate in candidates:  # type: ignore[attr-defined]
        parts = [getattr(candidate, n, None) for n in LEVELS]
        names.append(" ".join(p for p in parts if p) if any(parts) else str(candidate))
    return names
