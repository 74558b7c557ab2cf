"""The step function: `advance(state, inbound) -> Turn`.

Global words work everywhere (菜单 / menu / /start, 语言 / /lang, /delete); anything else goes
to the current flow. Typed answers to a question with options are resolved here once (“2”,
“灵活就业”), so every channel, including WeChat's numbered lines, behaves the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from dialogs import reminders
from dialogs.flows import application, ask, menu, mydata, result, screening
from dialogs.parsing import ParseError, normalise, pick_option
from dialogs.reply import Reply
from dialogs.state import DialogState, Turn
from dialogs.types import Inbound, Option, Question

MENU_WORDS = {"菜单", "主菜单", "menu", "/start", "/menu", "start"}
LANGUAGE_WORDS = {"语言", "language", "/lang", "lang"}
DELETE_WORDS = {"/delete"}


def _application(reply: Reply) -> None:
    if reply.inbound.choice == "menu":
        menu.show(reply)
    else:
        application.on_message(reply)


HANDLERS: dict[str, Callable[[Reply], None]] = {
    "consent": menu.on_consent,
    "menu": menu.on_menu,
    "screening": screening.on_message,
    "result": result.on_message,
    "mydata": mydata.on_message,
    "language": menu.on_language,
    "info": menu.on_info,
    "application": _application,
}


def _resolve_choice(state: DialogState, inbound: Inbound) -> Inbound:
    """Map typed text to the option it names, when the last question had options."""
    if inbound.choice is not None or not inbound.text.strip():
        return inbound
    options = [Option(k, label) for k, label in state.pending.get("options", [])]
    if not options:
        return inbound
    if state.pending.get("free_text"):
        word = normalise(inbound.text)
        exact = [o for o in options if normalise(o.label) == word]
        return replace(inbound, choice=exact[0].key) if exact else inbound
    try:
        return replace(inbound, choice=pick_option(inbound.text, options).key)
    except ParseError:
        return inbound


def _remember_options(reply: Reply) -> None:
    question = next((o for o in reversed(reply.outbound) if isinstance(o, Question)), None)
    if question is None:
        reply.state.pending.pop("options", None)
        reply.state.pending.pop("free_text", None)
        return
    reply.state.pending["options"] = [[o.key, o.label] for o in question.options]
    reply.state.pending["free_text"] = question.free_text


def advance(state: DialogState, inbound: Inbound) -> Turn:
    """One step of the conversation; the given state is never mutated."""
    current = DialogState.from_json(state.to_json())
    reply = Reply(current, inbound)
    word = normalise(inbound.text)
    command = inbound.command or ""
    if current.flow == "welcome":
        menu.welcome(reply)
    elif command in ("start", "menu") or word in MENU_WORDS:
        menu.show(reply)
    elif command == "mine":
        menu.open_mine(reply)
    elif command == "faq":
        ask.start(reply)
    elif command == "lang" or word in LANGUAGE_WORDS:
        menu.ask_language(reply)
    elif command == "delete" or word in DELETE_WORDS:
        mydata.ask_delete(reply)
    elif current.flow != "welcome" and word in ask.HANDOFF_WORDS:
        ask.start_handoff(reply)
    elif current.flow != "welcome" and reminders.is_switch(inbound.text):
        reminders.switch(reply)
    else:
        reply.inbound = _resolve_choice(current, inbound)
        if not ask.intercept(reply, _resolve_choice):
            HANDLERS.get(current.flow, menu.on_menu)(reply)
    _remember_options(reply)
    ask.remember_prompt(reply)
    return reply.turn()
