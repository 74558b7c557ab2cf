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
from dialogs.parsing import SPLIT, ParseError, normalise, pick_option
from dialogs.reply import Reply
from dialogs.state import DialogState, Turn
from dialogs.types import Inbound, Option, Question

MENU_WORDS = {"菜单", "主菜单", "menu", "/start", "/menu", "start"}
LANGUAGE_WORDS = {"语言", "language", "/lang", "lang"}
DELETE_WORDS = {"/delete"}
NAVIGATION = {"back", "unknown", "none", "checklist", "confirm", "skip", "menu"}
"""Options that move the conversation rather than answer: never part of a multi-select."""


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
    """Map typed text to the option it names, when the last question had options: its number
    (on every question whose options are numbered, as WeChat and the terminal show them),
    its exact words, or for a question that takes only options, words it uniquely contains.
    On a multi-select question “1 3” picks both (`multi:KEY,KEY`)."""
    if inbound.choice is not None or not inbound.text.strip():
        return inbound
    pending = state.pending
    options = [Option(k, label) for k, label in pending.get("options", [])]
    if not options:
        return inbound
    word = normalise(inbound.text)
    numbered = pending.get("numbered", True)
    if pending.get("multi"):
        picked = _pick_many(inbound.text, options, numbered)
        return replace(inbound, choice=picked) if picked else inbound
    if numbered and word.isdigit() and 1 <= int(word) <= len(options):
        return replace(inbound, choice=options[int(word) - 1].key)
    if pending.get("free_text"):
        exact = [o for o in options if normalise(o.label) == word]
        return replace(inbound, choice=exact[0].key) if exact else inbound
    try:
        return replace(inbound, choice=pick_option(inbound.text, options).key)
    except ParseError:
        return inbound


def _pick_many(text: str, options: list[Option], numbered: bool) -> str | None:
    """`multi:KEY,KEY` for “1 3” or “创新 带徒”; a lone navigation option is itself."""
    keys: list[str] = []
    for part in (p for p in SPLIT.split(text.strip()) if p):
        if part.isdigit() and not numbered:
            return None
        try:
            keys.append(pick_option(part, options).key)
        except ParseError:
            return None
    if len(keys) == 1 and keys[0] in NAVIGATION:
        return keys[0]
    if not keys or any(key in NAVIGATION for key in keys):
        return None
    return "multi:" + ",".join(dict.fromkeys(keys))


def _remember_options(reply: Reply) -> None:
    question = next((o for o in reversed(reply.outbound) if isinstance(o, Question)), None)
    for name in ("options", "free_text", "multi", "numbered"):
        reply.state.pending.pop(name, None)
    if question is None:
        return
    reply.state.pending["options"] = [[o.key, o.label] for o in question.options]
    reply.state.pending["free_text"] = question.free_text
    if question.multi:
        reply.state.pending["multi"] = True
    if not question.numbered:
        reply.state.pending["numbered"] = False


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
    elif current.flow != "welcome" and inbound.choice is None and menu.is_greeting(word):
        menu.greet(reply)
    else:
        reply.inbound = _resolve_choice(current, inbound)
        if not ask.intercept(reply, _resolve_choice):
            HANDLERS.get(current.flow, menu.on_menu)(reply)
    _remember_options(reply)
    ask.remember_prompt(reply)
    return reply.turn()
