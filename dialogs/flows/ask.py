"""Questions at any point of the conversation, and handing a question over to a person.

A side question typed in the middle of a step (“为什么要身份证？”) is answered and the step's
prompt is asked again: the flow, the step and every answer stay as they were. When the FAQ is
not sure, the two closest questions are offered, with a person as the third way; an answer typed
instead goes back to the step it belongs to, so nothing typed is lost. “人工” at any time, or
choosing a person, opens a ticket for the applicant's office (an `OpenTicket` effect).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from dialogs import faq
from dialogs.faq.detect import is_question
from dialogs.faq.saved import NONE, SavedEntries
from dialogs.flows import menu
from dialogs.masking import mask_text
from dialogs.profile_state import in_scope, screen_state
from dialogs.reply import Reply
from dialogs.state import DialogState
from dialogs.types import (
    Inbound,
    OpenTicket,
    Option,
    Question,
    UploadRequest,
    outbound_from_dict,
    outbound_to_dict,
)

FLOW = "faq"
HANDOFF_WORDS = {"人工", "转人工", "人工客服", "找人工", "客服", "真人", "human", "agent",
                 "/human"}
FREE_FLOWS = {"info", "menu", "result"}
Resolver = Callable[[DialogState, Inbound], Inbound]


def context(state: DialogState, reply: Reply) -> list[str]:
    """The programmes the applicant is dealing with: the application's, else the in-scope
    eligible (or still open) results once the region is known."""
    if state.programme:
        return [state.programme]
    if not state.answers.get("province"):
        return []
    shown = in_scope(screen_state(state, reply.today))
    pool = [r for r in shown if r.verdict == "eligible"] or \
        [r for r in shown if r.verdict != "ineligible"] or shown
    return [r.programme for r in pool]


def _saved(reply: Reply) -> SavedEntries:
    return reply.inbound.faq_saved or NONE


def remember_prompt(reply: Reply) -> None:
    """Keep the last question or upload request, to ask it again after a side question."""
    prompt = next((o for o in reversed(reply.outbound)
                   if isinstance(o, Question | UploadRequest)), None)
    if prompt is not None and reply.state.flow != FLOW:
        reply.state.pending["prompt"] = outbound_to_dict(prompt)


def _save_return(state: DialogState) -> None:
    if state.flow != FLOW:
        state.pending["faq_return"] = {"flow": state.flow, "step": state.step,
                                       "prompt": state.pending.get("prompt")}


def start(reply: Reply) -> None:
    """The menu's “问个问题”: every message is a question until “菜单”."""
    reply.state.pending.pop("faq_return", None)
    reply.state.flow, reply.state.step = FLOW, "ask"
    reply.ask(Question(reply.t("faq.ask_prompt"), (Option("menu", reply.t("nav.menu")),)))


def resume(reply: Reply) -> None:
    state = reply.state
    back = state.pending.pop("faq_return", None)
    state.pending.pop("faq_question", None)
    if not back:
        state.flow, state.step = FLOW, "ask"
        reply.ask(Question(reply.t("faq.ask_more"), (Option("menu", reply.t("nav.menu")),)))
        return
    state.flow, state.step = back["flow"], back["step"]
    if back.get("prompt"):
        reply.say("faq.continue")
        reply.outbound.append(outbound_from_dict(back["prompt"]))
    else:
        menu.show(reply)


def answer(reply: Reply, text: str) -> None:
    state = reply.state
    result = faq.ask(text, today=reply.today, locale=reply.locale,
                     context=context(state, reply), saved=_saved(reply))
    if result.text is not None:
        reply.say_text(result.text)
        resume(reply)
        return
    state.pending["faq_question"] = text
    state.flow, state.step = FLOW, "suggest"
    options = [Option(f"faq:{s.key}", s.question) for s in result.suggestions]
    options += [Option("handoff", reply.t("faq.option.handoff")),
                Option("continue", reply.t("faq.option.back"))]
    key = "faq.not_sure" if result.suggestions else "faq.no_match"
    reply.ask(Question(reply.t(key), tuple(options)))


def start_handoff(reply: Reply) -> None:
    """“人工”: ask for the question (consent first: a ticket keeps what the applicant wrote)."""
    state = reply.state
    if not state.consent:
        reply.say("handoff.needs_consent")
        reply.say_text(faq.render("topic:contact", reply.locale, reply.today,
                                  context(state, reply))[0])
        _save_return(state)
        resume(reply)
        return
    _save_return(state)
    state.flow, state.step = FLOW, "handoff"
    reply.ask(Question(reply.t("handoff.ask"), (Option("continue", reply.t("faq.option.back")),)))


def open_ticket(reply: Reply, question: str) -> None:
    """Hand the question over; an ID number in it is masked first, in the echo and the ticket
    alike (the transcript and the event log refuse plaintext ones)."""
    state = reply.state
    question = mask_text(question)
    if not state.consent:
        state.pending["faq_question"] = question
        start_handoff(reply)
        return
    programmes = context(state, reply)
    region = {k: state.answers[k] for k in ("province", "city", "county") if k in state.answers}
    back = state.pending.get("faq_return") or {}
    where = {"flow": back.get("flow") or "", "step": back.get("step") or "",
             "programme": state.programme or ""}
    reply.effect(OpenTicket(question, programmes[0] if len(programmes) == 1 else None, region,
                            {k: v for k, v in where.items() if v}, reply.inbound.nonce))
    reply.say("handoff.opened", question=question)
    resume(reply)


def _on_faq(reply: Reply, resolve: Resolver) -> bool:
    state, inbound = reply.state, reply.inbound
    choice, text = inbound.choice or "", inbound.text.strip()
    if state.step == "ask":
        if choice == "menu":
            menu.show(reply)
        elif text:
            answer(reply, text)
        else:
            start(reply)
        return True
    if choice == "continue":
        resume(reply)
    elif choice == "handoff":
        open_ticket(reply, state.pending.get("faq_question", ""))
    elif choice.startswith("faq:"):
        reply.say_text(faq.render(choice.removeprefix("faq:"), reply.locale, reply.today,
                                  context(state, reply), _saved(reply))[0])
        resume(reply)
    elif state.step == "handoff" and text:
        open_ticket(reply, text)
    elif state.step == "suggest" and text and (is_question(text)
                                               or not state.pending.get("faq_return")):
        answer(reply, text)
    elif state.step == "suggest" and text and state.pending.get("faq_return"):
        back = state.pending.pop("faq_return")
        state.pending.pop("faq_question", None)
        state.flow, state.step = back["flow"], back["step"]
        prompt = outbound_from_dict(back["prompt"]) if back.get("prompt") else None
        state.pending["options"] = [[o.key, o.label] for o in getattr(prompt, "options", ())]
        state.pending["free_text"] = getattr(prompt, "free_text", True)
        reply.inbound = resolve(state, replace(inbound, choice=None))
        return False
    elif state.step == "suggest":
        resume(reply)
    else:
        reply.say("handoff.empty")
        start_handoff(reply)
    return True


def intercept(reply: Reply, resolve: Resolver) -> bool:
    """Handle the message here (True) or let the current flow have it (False)."""
    state, inbound = reply.state, reply.inbound
    if state.flow == FLOW:
        return _on_faq(reply, resolve)
    if state.flow == "welcome" or inbound.kind != "text" or inbound.choice is not None:
        return False
    labels = [label for _, label in state.pending.get("options", [])]
    if not is_question(inbound.text, labels) and not (state.flow in FREE_FLOWS
                                                       and inbound.text.strip()):
        return False
    _save_return(state)
    answer(reply, inbound.text.strip())
    return True
