"""Asking about honours: a yes/no first, then level, kind, year and title for each one.

Honours decide exclusions (“5年内已获得…不参与”) and some conditions (劳动模范), so they are
asked as a short structured sequence instead of a free-text list that no rule could read.
"""

from __future__ import annotations

from dialogs.parsing import ParseError, normalise, parse_number, parse_yes_no, pick_option
from dialogs.questions import BACK, UNKNOWN
from dialogs.reply import Reply
from dialogs.types import Option, Question, SaveAnswer
from eligibility.profile import HONOR_KINDS, HONOR_LEVELS

STEPS = ("honors.level", "honors.kind", "honors.year", "honors.title")


def _yes_no(reply: Reply, key: str) -> Question:
    return Question(reply.t(key), (Option("yes", reply.t("nav.yes")),
                                   Option("no", reply.t("nav.no")),
                                   Option(UNKNOWN, reply.t("nav.unknown")),
                                   Option(BACK, reply.t("nav.back"))), free_text=False)


def ask_any(reply: Reply) -> None:
    reply.state.step = "honors.any"
    reply.ask(_yes_no(reply, "honors.any"))


def _ask_step(reply: Reply, step: str) -> None:
    reply.state.step = step
    if step == "honors.level":
        options = tuple(Option(v, reply.t(f"honors.level.{v}")) for v in reversed(HONOR_LEVELS))
    elif step == "honors.kind":
        options = tuple(Option(v, reply.t(f"honors.kind.{v}")) for v in HONOR_KINDS)
    else:
        options = ()
    prompt = reply.t(step, example=_title_example(reply)) if step == "honors.title" \
        else reply.t(step)
    reply.ask(Question(prompt, options, placeholder="2021" if step == "honors.year"
                       else None, free_text=step in ("honors.year", "honors.title")))


KIND_WORDS = {"skill": "技术能手", "labor_model": "劳动模范", "may_day_medal": "五一劳动奖章",
              "employment_entrepreneurship": "就业创业之星", "other": "技术能手"}
RELATIVE_YEARS = {"今年": 0, "去年": 1, "前年": 2, "大前年": 3, "this year": 0, "last year": 1,
                  "the year before": 2}
"""What people say instead of a year: “前年” is two years before today's."""


def _title_example(reply: Reply) -> str:
    """An honour named as in the applicant's own place and the level and kind just given
    (“长春市技术能手”), not someone else's province."""
    honour, answers = reply.state.pending.get("honor", {}), reply.state.answers
    place = {"national": "全国", "provincial": answers.get("province"),
             "city": answers.get("city"), "county": answers.get("county")}.get(
        str(honour.get("level")))
    kind = KIND_WORDS.get(str(honour.get("kind")), "技术能手")
    return f"{place or answers.get('province') or ''}{kind}"


def _year(text: str, today_year: int) -> int:
    word = normalise(text)
    if word not in RELATIVE_YEARS:
        word = word.removesuffix("年").strip()
    if word in RELATIVE_YEARS:
        return today_year - RELATIVE_YEARS[word]
    try:
        return int(parse_number(word))
    except ParseError:
        raise ParseError("error.year") from None


def repeat(reply: Reply) -> None:
    step = reply.state.step or "honors.any"
    if step in ("honors.any", "honors.more"):
        reply.ask(_yes_no(reply, step))
    else:
        _ask_step(reply, step)


def _finish(reply: Reply) -> None:
    reply.state.pending.pop("honor", None)
    honors = reply.state.pending.pop("honors", [])
    reply.state.answers["honors"] = honors
    reply.state.asked.append("honors")
    reply.effect(SaveAnswer("honors", honors))
    reply.state.step = None


def _yes_no_answer(reply: Reply) -> bool | None:
    inbound = reply.inbound
    if inbound.choice in ("yes", "no"):
        return inbound.choice == "yes"
    if inbound.choice == UNKNOWN:
        return None
    return parse_yes_no(inbound.text)


def on_message(reply: Reply) -> bool:
    """Handle one answer in the honours sequence; False asks the same question again."""
    state, inbound = reply.state, reply.inbound
    step = state.step or "honors.any"
    current = state.pending.setdefault("honor", {})
    try:
        if step in ("honors.any", "honors.more"):
            has = _yes_no_answer(reply)
            if has is None and step == "honors.any":
                state.pending.setdefault("skipped", []).append("honors")
                state.asked.append("honors")
                state.step = None
            elif has:
                state.pending.setdefault("honors", [])
                _ask_step(reply, "honors.level")
            else:
                _finish(reply)
            return True
        if step == "honors.level":
            options = [Option(v, reply.t(f"honors.level.{v}")) for v in reversed(HONOR_LEVELS)]
            current["level"] = inbound.choice or pick_option(inbound.text, options).key
        elif step == "honors.kind":
            options = [Option(v, reply.t(f"honors.kind.{v}")) for v in HONOR_KINDS]
            current["kind"] = inbound.choice or pick_option(inbound.text, options).key
        elif step == "honors.year":
            year = _year(inbound.text, reply.today.year)
            if not 1949 <= year <= reply.today.year:
                raise ParseError("error.date_range")
            current["year"] = year
        else:
            if not inbound.text.strip():
                raise ParseError("error.text")
            current["title"] = inbound.text.strip()
    except ParseError as exc:
        reply.say(exc.key)
        return False
    following = STEPS.index(step) + 1
    if following < len(STEPS):
        _ask_step(reply, STEPS[following])
    else:
        state.pending.setdefault("honors", []).append(state.pending.pop("honor"))
        state.step = "honors.more"
        reply.ask(_yes_no(reply, "honors.more"))
    return True
