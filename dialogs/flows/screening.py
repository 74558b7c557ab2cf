"""Screening: region first, then only the missing questions, until every programme is decided.

After each answer the profile is screened again, so a question that no longer matters (an award
already ruled out) is never asked; “不清楚” leaves the fact unknown and moves on; “上一步” undoes
the last answer; an ID number fills birth date and gender and skips those questions.
"""

from __future__ import annotations

from dialogs.flows import honors, result
from dialogs.flows.region import LEVELS, answer_region, ask_region, next_region_step
from dialogs.parsing import ParseError, normalise
from dialogs.profile_state import remaining_facts, screen_state
from dialogs.questions import BACK, parse_answer, question_for
from dialogs.reply import Reply
from dialogs.types import ForgetAnswer, Option, Question, SaveAnswer
from eligibility import parse_profile, programmes
from eligibility.identifiers import IdentifierError, check_id_number

BACK_WORDS = {"上一步", "返回", "back", "previous"}
SKIP_ID = "skip_id"


def _needs_applicant_kind(reply: Reply) -> bool:
    answers = reply.state.answers
    if "applicant_kind" in answers:
        return False
    return any(p.applicant_kind == "organization" and p.scope.province == answers.get("province")
               for p in programmes())


def start(reply: Reply) -> None:
    reply.state.flow = "screening"
    ask_next(reply)


def ask_next(reply: Reply) -> None:
    state = reply.state
    level = next_region_step(state.answers)
    if level:
        state.step = level
        ask_region(reply, level)
        return
    if _needs_applicant_kind(reply):
        state.step = "applicant_kind"
        reply.ask(question_for("applicant_kind", reply.locale))
        return
    facts = remaining_facts(state, reply.today)
    if not facts:
        result.show(reply)
        return
    ask_fact(reply, facts[0], len(facts))


def ask_fact(reply: Reply, fact: str, remaining: int = 0) -> None:
    state = reply.state
    if 0 < remaining <= 3:
        reply.say("progress", n=remaining)
    if fact == "birth_date" and not state.pending.get("id_declined"):
        state.step = "id_number"
        reply.ask(Question(reply.t("q.id_number"), (Option(SKIP_ID, reply.t("q.id_skip")),
                                                    Option(BACK, reply.t("nav.back")))))
    elif fact == "honors":
        honors.ask_any(reply)
    elif fact in LEVELS:
        state.step = fact
        ask_region(reply, fact)
    else:
        state.step = fact
        reply.ask(_question(reply, fact))


def _question(reply: Reply, fact: str) -> Question:
    excluded = parse_profile(reply.state.answers).excluded.get(fact, frozenset())
    return question_for(fact, reply.locale, exclude=excluded)


def _record(reply: Reply, fact: str, value: object, source: str = "typed") -> None:
    reply.state.answers[fact] = value
    reply.state.asked.append(fact)
    reply.effect(SaveAnswer(fact, value, source))  # type: ignore[arg-type]


def _answer_id(reply: Reply) -> bool:
    state, inbound = reply.state, reply.inbound
    if inbound.choice == SKIP_ID:
        state.pending["id_declined"] = True
        return True
    try:
        resident = check_id_number(inbound.text, today=reply.today)
    except IdentifierError as exc:
        reply.say_text(exc.message if reply.locale != "en" else exc.message_en)
        return False
    state.id_mask = resident.number[:6] + "********" + resident.number[-4:]
    reply.effect(SaveAnswer("id_number", resident.number, "typed", sensitive=True))
    _record(reply, "birth_date", resident.birth_date.isoformat(), "derived")
    state.answers["gender"] = resident.gender
    reply.effect(SaveAnswer("gender", resident.gender, "derived"))
    reply.say("id.saved", mask=state.id_mask)
    return True


def _answer_fact(reply: Reply, fact: str) -> bool:
    inbound = reply.inbound
    try:
        answer = parse_answer(fact, inbound.text, inbound.choice, reply.locale, reply.today)
    except ParseError as exc:
        reply.say(exc.key)
        return False
    except IdentifierError as exc:
        reply.say_text(exc.message if reply.locale != "en" else exc.message_en)
        return False
    if answer.known:
        _record(reply, fact, answer.value)
    else:
        reply.state.pending.setdefault("skipped", []).append(fact)
        reply.state.asked.append(fact)
    return True


def go_back(reply: Reply) -> None:
    state = reply.state
    if not state.asked:
        reply.say("error.back")
        ask_next(reply)
        return
    fact = state.asked.pop()
    forget = [fact]
    if fact in LEVELS:
        forget = list(LEVELS[LEVELS.index(fact):])
    if fact == "birth_date" and state.id_mask:
        forget += ["gender", "id_number"]
        state.id_mask = None
        state.pending.pop("id_declined", None)
    for name in forget:
        if state.answers.pop(name, None) is not None or name == "id_number":
            reply.effect(ForgetAnswer(name))
    state.asked = [a for a in state.asked if a not in forget]
    state.pending["skipped"] = [s for s in state.pending.get("skipped", []) if s != fact]
    ask_fact(reply, fact)


def on_message(reply: Reply) -> None:
    state, inbound = reply.state, reply.inbound
    step = state.step or ""
    if inbound.choice == BACK or normalise(inbound.text) in BACK_WORDS:
        go_back(reply)
        return
    if step in LEVELS:
        done = answer_region(reply, step)
    elif step == "id_number":
        done = _answer_id(reply)
    elif step.startswith("honors."):
        done = honors.on_message(reply)
    else:
        done = _answer_fact(reply, step)
    if not done:
        _repeat(reply, step)
        return
    if step.startswith("honors.") and (state.step or "").startswith("honors."):
        return
    if state.pending.get("editing"):
        result.after_edit(reply)
        return
    ask_next(reply)


def _repeat(reply: Reply, step: str) -> None:
    if reply.outbound and isinstance(reply.outbound[-1], Question):
        return
    if step in LEVELS:
        ask_region(reply, step)
    elif step.startswith("honors."):
        honors.repeat(reply)
    elif step == "id_number":
        ask_fact(reply, "birth_date")
    else:
        reply.ask(_question(reply, step))


__all__ = ["ask_fact", "ask_next", "on_message", "screen_state", "start"]
