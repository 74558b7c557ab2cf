"""No text meant for maintainers reaches an applicant: every application prompt, option, error
and status of every pack, in Chinese and in English, is checked for ASCII identifiers, fact
ids, unfilled placeholders, maintainers' notes and (in a Chinese message) English words."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dialogs import applications as apps
from dialogs.i18n import catalogue, t
from dialogs.state import CONSENT_VERSION, DialogState
from dialogs.types import Question
from eligibility import programmes
from eligibility.model import Programme
from tests.dialogs.walker import Walk, finish

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
INTERNAL = ("推定", "原表栏目未知", "事实只给出", "（要求：-）", "由 province", "None",
            "（可由", "单位办理截止：—", " / Please", "上传 / Upload")
LATIN = re.compile(r"[A-Za-z]{3,}")
ALLOWED_LATIN = {"PDF", "Word", "docx", "JPG", "PNG", "HEIC", "jpeg", "png", "pdf", "heic",
                 "Telegram", "WeChat", "example", "com", "name"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _texts(walk: Walk) -> list[tuple[str, bool]]:
    """Every message the walk showed: (text, is it a prompt or an option the system wrote)."""
    return [(line, True) for reply in walk.replies for line in reply.splitlines()]


def _walk(programme: Programme, locale: str) -> Walk:
    import yaml

    from eligibility.loader import programmes_dir
    from eligibility.timeline import window_of

    cases = yaml.safe_load((programmes_dir() / programme.id / "cases.yaml").read_text(
        encoding="utf-8"))["cases"]
    case = next(c for c in cases if c.get("verdict") == "eligible")
    answers = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
               for k, v in case["profile"].items() if v is not None and k != "id_number"}
    import datetime as dt
    day = dt.date.fromisoformat(str(case["date"]))
    window = window_of(programme, day)
    if window.status == "closed" and window.deadline and window.deadline.to_date():
        day = window.deadline.to_date()  # type: ignore[assignment]
    walk = Walk(DialogState(consent=CONSENT_VERSION, flow="result", answers=answers,
                            locale=locale), day)
    walk.send({"choose": f"apply:{programme.id}"})
    if walk.state.step == "category":
        walk.send({"choose": f"cat:{programme.categories[0].id}"})
    finish(programme, walk)
    walk.send({"choose": "checklist"})
    return walk


RECEIPT = re.compile(r"[A-Z]{2}-\d{4}-\d{4}-[2-9A-HJ-NP-Z]{4}")


def _problems(text: str, locale: str) -> list[str]:
    found = []
    text = RECEIPT.sub("", text)
    for option in re.findall(r"^\[([^\]]+)\] ", text, flags=re.M):
        text = text.replace(f"[{option}] ", "")
    if IDENTIFIER.search(text):
        found.append(f"identifier {IDENTIFIER.search(text).group(0)!r}")  # type: ignore
    if PLACEHOLDER.search(text):
        found.append("an unfilled placeholder")
    found += [f"internal {marker!r}" for marker in INTERNAL if marker in text]
    if locale == "zh_CN":
        words = set(LATIN.findall(text)) - ALLOWED_LATIN
        if words:
            found.append(f"English in a Chinese message: {sorted(words)}")
    return found


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("programme", programmes(), ids=lambda p: p.id)
def test_every_application_message_of_every_pack_is_meant_for_the_applicant(
        programme: Programme, locale: str) -> None:
    walk = _walk(programme, locale)
    bad = []
    for reply in walk.replies:
        for line in reply.splitlines():
            if line.startswith(("· ", "测试内容")) or "测试内容" in line or "我我我" in line:
                continue  # echoed answers (the review lists what was typed)
            bad += [f"{line!r}: {p}" for p in _problems(line, locale)]
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("programme", programmes(), ids=lambda p: p.id)
def test_every_box_hint_and_label_is_plain_words(programme: Programme) -> None:
    for box in programme.form.fields:
        for text, locale in ((box.label, "zh_CN"), (box.hint or "", "zh_CN"),
                             (box.label_en, "en"), (box.hint_en or "", "en")):
            assert not _problems(text, locale), f"{programme.id}.{box.id}: {text}"
        if box.hint_en:
            assert not CJK.search(box.hint_en.replace("无", "")) or "(" in box.hint_en, \
                f"{programme.id}.{box.id}: Chinese in the English hint"


def test_every_error_and_status_message_renders_without_leftovers() -> None:
    sample: dict[str, Any] = {name: "1" for name in (
        "n", "limit", "over", "min", "max", "date", "id_date", "known", "label", "hint",
        "value", "item", "items", "receipt", "name", "office", "contacts", "steps", "text",
        "state", "place", "covered", "code", "done", "total", "index", "status", "verdict",
        "round", "need", "submitted", "act_by", "mb")}
    prefixes = ("field.", "round.", "after.", "coverage.", "help.", "mine.", "resume.",
                "app.where", "app.status", "app.review_pending", "app.doc_short")
    for locale in ("zh_CN", "en"):
        for key in catalogue("zh_CN"):
            if key.startswith(prefixes):
                text = t(locale, key, **sample)
                assert not PLACEHOLDER.search(text) and not IDENTIFIER.search(text), key
                if locale == "en":
                    assert not CJK.search(text.replace("人工", "")), f"{key}: {text}"


def test_the_checklist_names_every_step_in_words() -> None:
    for programme in programmes():
        for locale in ("zh_CN", "en"):
            import datetime as dt

            from dialogs.flows.application import step_label
            from dialogs.reply import Reply
            from dialogs.types import Inbound
            reply = Reply(DialogState(locale=locale), Inbound("text", dt.date(2024, 1, 1)))
            for step in apps.steps(programme):
                label = step_label(reply, programme, step)
                assert label and not _problems(label, locale), f"{programme.id} {step}"
    assert Question
