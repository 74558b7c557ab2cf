"""Building one turn's reply: the words, the choices and the effects, in the applicant's locale.

Flows write `reply.say("key")` and `reply.ask(question)` instead of assembling tuples, so a flow
reads like the conversation it produces.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dialogs.i18n import t
from dialogs.state import DialogState, Turn
from dialogs.types import Effect, Inbound, Option, Outbound, Question, Text


@dataclass
class Reply:
    state: DialogState
    inbound: Inbound
    outbound: list[Outbound] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)

    @property
    def locale(self) -> str:
        return self.state.locale

    @property
    def today(self) -> dt.date:
        return self.inbound.today

    def t(self, key: str, **values: Any) -> str:
        return t(self.locale, key, **values)

    def say(self, key: str, **values: Any) -> None:
        self.outbound.append(Text(self.t(key, **values)))

    def say_text(self, text: str) -> None:
        self.outbound.append(Text(text))

    def ask(self, question: Question) -> None:
        self.outbound.append(question)

    def choose(self, key: str, options: list[tuple[str, str]], **values: Any) -> None:
        """A question whose options are (key, message key) pairs."""
        self.ask(Question(self.t(key, **values),
                          tuple(Option(k, self.t(label)) for k, label in options),
                          free_text=False))

    def effect(self, effect: Effect) -> None:
        self.effects.append(effect)

    def turn(self) -> Turn:
        return Turn(self.state, tuple(self.outbound), tuple(self.effects))
