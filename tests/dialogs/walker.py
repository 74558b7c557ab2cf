"""Walking an application to the end through the pure engine, answering each step by its type.

The walker answers the way a careful applicant would: a box by its type (a real mobile number,
a date in the past, a choice the box offers, a text of the notice's length), a document with as
many pages as it asks for, the essay section by section at the notice's length, every
declaration, then 提交. It records the steps, so the application transcripts in
`transcripts/` are written by it (`python -m tests.dialogs.walker`) and then read by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from stdnum.cn import ric

from dialogs import applications as apps
from dialogs import essay
from dialogs.engine import advance
from dialogs.fields import limit_of, options_of
from dialogs.profile_state import programme_by_id
from dialogs.state import DialogState
from dialogs.types import Effect, FileRef, Inbound, Question, SubmitApplication
from eligibility.model import FormField, Programme
from tests.dialogs.transcript import rendered

FOLDER = Path(__file__).parent / "transcripts"
TYPED = {"mobile": "13800138000", "landline": "0431-88886666", "phone": "13800138000",
         "date": "2015-06-01", "month": "2015-06", "postcode": "130000",
         "email": "applicant@example.com", "bank_account": "6222020200112233445",
         "ethnicity": "汉族", "political_status": "群众", "credit_code": "91410300MA44XXXXXX"}


@dataclass
class Walk:
    state: DialogState
    today: dt.date
    steps: list[dict[str, Any]] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    """Every application step a question was shown for, in order."""

    def send(self, step: dict[str, Any]) -> tuple[Any, ...]:
        """Send one step; its `expect` lines must be in the reply."""
        inbound = _inbound(step, self.today)
        turn = advance(self.state, replace(inbound, nonce=f"walk:{len(self.steps)}"))
        self.steps.append(step)
        self.state = turn.state
        self.effects += turn.effects
        text = rendered(turn.outbound)
        self.replies.append(text)
        for expected in step.get("expect", []):
            assert expected in text, f"{expected!r} not in the reply to {step}:\n{text}"
        if self.state.flow == "application" and self.state.application.get("cursor"):
            self.asked.append(self.state.application["cursor"])
        return turn.outbound

    @property
    def submitted(self) -> dict[str, Any] | None:
        return next((e.application for e in self.effects if isinstance(e, SubmitApplication)),
                    None)


def _inbound(step: dict[str, Any], today: dt.date) -> Inbound:
    if "choose" in step:
        return Inbound("choice", today, choice=str(step["choose"]))
    if "upload" in step:
        upload = dict(step["upload"])
        upload["flags"] = tuple(upload.get("flags", ()))
        return Inbound("file", today, file=FileRef(**upload))
    return Inbound("text", today, text=str(step["send"]))


def _text_for(box: FormField) -> str:
    low, _ = essay.bounds(limit_of(box))
    text = f"测试内容{box.id[:6]}"
    return text + "好" * max(0, (low or 0) - essay.count(text))


def answer_field(box: FormField, walk: Walk, question: Question | None) -> dict[str, Any]:
    if box.type in ("choice", "multi_choice"):
        first = options_of(box, walk.state.locale)[0].key
        return {"choose": f"multi:{first}" if box.type == "multi_choice" else first}
    if box.type == "number":
        low = box.range.min if box.range and box.range.min is not None else 0
        return {"send": str(int(max(low, 20)) if not box.range or box.range.max is None
                            else int(min(max(low, 20), box.range.max)))}
    if box.fact == "birth_date":
        return {"send": "1985-06" if box.type == "month" else "1985-06-15"}
    if box.type == "id_number":
        return {"send": id_number(walk.state.answers.get("birth_date"))}
    return {"send": TYPED.get(box.type) or _text_for(box)}


def id_number(birth_date: object, place: str = "410303") -> str:
    """A valid ID number for someone born on `birth_date` (ISO; default 1985-06-15)."""
    day = str(birth_date or "1985-06-15").replace("-", "")
    body = f"{place}{day}002"
    return body + ric.calc_check_digit(body + "0")


def _upload(doc_id: str, page: int, kind: str) -> dict[str, Any]:
    digest = hashlib.sha256(f"{doc_id}-{page}".encode()).hexdigest()
    return {"upload": {"ref": f"{doc_id}-{page}", "name": f"{doc_id}_{page}.{kind}",
                       "kind": kind, "size": 1000, "sha256": digest, "width": 1500,
                       "height": 2100}, "expect": [f"已收到第 {page} 张/页"]}


def answer_document(programme: Programme, walk: Walk, doc_id: str) -> None:
    document = apps.document(programme, doc_id)
    formats = [f for f in document.spec.formats if f in ("jpeg", "png", "pdf")] or ["jpeg"]
    if document.kind == "photo":
        formats = ["jpeg"]
    for page in range(1, (document.spec.count or 1) + 1):
        step = _upload(doc_id, page, formats[0])
        if walk.state.locale == "en":
            step.pop("expect")
        walk.send(step)
    walk.send({"choose": "done"})


def answer_essay(programme: Programme, walk: Walk, doc_id: str) -> None:
    document = apps.document(programme, doc_id)
    low, high = essay.bounds(document.spec.words)
    sections = document.spec.sections or ["正文"]
    per = ((low or 600) + (high or low or 600)) // 2 // len(sections) + 1
    walk.send({"choose": "essay:interview"})
    for _ in sections:
        walk.send({"send": "我" * per})


def finish(programme: Programme, walk: Walk, limit: int = 200) -> None:
    """From the application's first step to the receipt."""
    for _ in range(limit):
        app = walk.state.application
        if app.get("status") not in ("collecting", "returned"):
            return
        kind, _, key = app["cursor"].partition(":")
        if kind == "field":
            box = next(f for f in programme.form.fields if f.id == key)
            walk.send(answer_field(box, walk, None))
        elif kind == "doc":
            answer_document(programme, walk, key)
        elif kind == "essay":
            answer_essay(programme, walk, key)
        elif kind == "decl":
            walk.send({"choose": "agree"})
        else:
            walk.send({"choose": "submit"})
    raise AssertionError(f"{programme.id}: the walk did not end in a receipt")


def play_prefix(steps: list[dict[str, Any]], today: dt.date) -> Walk:
    walk = Walk(DialogState(), today)
    for step in steps:
        walk.send(step)
    return walk


def regenerate(name: str) -> None:
    """Rewrite `application_NAME.yaml`: its screening part as it is, the rest walked anew."""
    path = FOLDER / f"application_{name}.yaml"
    script = yaml.safe_load(path.read_text(encoding="utf-8"))
    head = script["steps"][:next(i for i, s in enumerate(script["steps"])
                                 if str(s.get("choose", "")).startswith("apply:")) + 1]
    walk = play_prefix(head, dt.date.fromisoformat(str(script["today"])))
    programme = programme_by_id(walk.state.programme or "")
    assert programme is not None
    if walk.state.step == "category":
        walk.send({"choose": f"cat:{programme.categories[0].id}"})
    finish(programme, walk)
    steps = head + walk.steps[len(head):]
    steps[-1] = {**steps[-1], "expect": ["已提交", "回执编号"]}
    comment = [line for line in path.read_text(encoding="utf-8").splitlines()
               if line.startswith("#")]
    body = yaml.safe_dump({"today": str(script["today"]), "steps": steps}, allow_unicode=True,
                          sort_keys=False, width=100)
    path.write_text("\n".join(comment) + "\n" + body, encoding="utf-8")


if __name__ == "__main__":
    for walk_name in sys.argv[1:]:
        regenerate(walk_name)
