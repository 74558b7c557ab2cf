"""Running a YAML transcript through the pure engine: what the applicant sends, what comes back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from dialogs.engine import advance
from dialogs.state import DialogState
from dialogs.types import Effect, FileRef, Inbound, Question

FOLDER = Path(__file__).parent / "transcripts"


@dataclass
class Played:
    state: DialogState
    effects: list[Effect] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _inbound(step: dict[str, Any], today: dt.date) -> Inbound:
    if "choose" in step:
        return Inbound("choice", today, choice=str(step["choose"]))
    if "upload" in step:
        upload = dict(step["upload"])
        upload["flags"] = tuple(upload.get("flags", ()))
        return Inbound("file", today, file=FileRef(**upload))
    if "command" in step:
        return Inbound("command", today, command=str(step["command"]))
    return Inbound("text", today, text=str(step["send"]))


def rendered(outbound: tuple[Any, ...]) -> str:
    parts = []
    for item in outbound:
        parts.append(item.text)
        if isinstance(item, Question):
            parts += [f"[{o.key}] {o.label}" for o in item.options]
    return "\n".join(parts)


def play(path: Path) -> Played:
    script = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = dt.date.fromisoformat(str(script["today"]))
    played = Played(DialogState())
    for number, step in enumerate(script["steps"], start=1):
        inbound = replace(_inbound(step, today), nonce=f"{path.stem}:{number}")
        turn = advance(played.state, inbound)
        text = rendered(turn.outbound)
        where = f"{path.name} step {number} ({step})"
        for expected in step.get("expect", []):
            assert expected in text, f"{where}: {expected!r} not in reply:\n{text}"
        for unexpected in step.get("not_expect", []):
            assert unexpected not in text, f"{where}: {unexpected!r} in reply:\n{text}"
        for name, value in step.get("state", {}).items():
            actual = getattr(turn.state, name, None)
            assert actual == value, f"{where}: state.{name} is {actual!r}, expected {value!r}"
        for fact, value in step.get("answers", {}).items():
            actual = turn.state.answers.get(fact)
            assert actual == value, f"{where}: answer {fact} is {actual!r}, expected {value!r}"
        played.state = turn.state
        played.effects += turn.effects
        played.texts.append(text)
    return played


def transcripts() -> list[Path]:
    return sorted(FOLDER.glob("*.yaml"))
