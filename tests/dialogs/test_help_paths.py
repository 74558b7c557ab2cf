"""The ways out of a document lead somewhere: 需要帮助 asks the office, 稍后补交 stays pending and
blocks submission where the notice does not allow items to follow, too few pages is refused,
and a pending item handed in after submitting goes into the same packet."""

from __future__ import annotations

import datetime as dt

from dialogs.profile_state import programme_by_id
from dialogs.state import CONSENT_VERSION, DialogState
from dialogs.types import OpenTicket, SubmitApplication, SupplementApplication
from tests.dialogs.walker import Walk, answer_document, answer_essay, answer_field

LUOYANG = programme_by_id("luoyang-skill-entrepreneur-star")
TODAY = dt.date(2021, 12, 1)
ANSWERS = {"province": "河南省", "city": "洛阳市", "county": "西工区", "gender": "female",
           "birth_date": "1985-06-15", "education": "junior_college",
           "employment_status": "self_employed", "business_founded_on": "2015-03-01",
           "skill_certificate": True, "business_licensed": True}


def _to(walk: Walk, stop: str) -> None:
    """Answer every step until the cursor reaches `stop`."""
    assert LUOYANG is not None
    for _ in range(80):
        cursor = walk.state.application["cursor"]
        if cursor == stop:
            return
        kind, _, key = cursor.partition(":")
        if kind == "field":
            box = next(f for f in LUOYANG.form.fields if f.id == key)
            walk.send(answer_field(box, walk, None))
        elif kind == "doc":
            answer_document(LUOYANG, walk, key)
        elif kind == "essay":
            answer_essay(LUOYANG, walk, key)
        elif kind == "decl":
            walk.send({"choose": "agree"})
    raise AssertionError(f"never reached {stop}")


def _walk() -> Walk:
    walk = Walk(DialogState(consent=CONSENT_VERSION, flow="result", answers=dict(ANSWERS)),
                TODAY)
    walk.send({"choose": "apply:luoyang-skill-entrepreneur-star"})
    return walk


def test_needs_help_opens_a_ticket_naming_the_item_and_blocks_submission() -> None:
    walk = _walk()
    _to(walk, "doc:business_licence")
    walk.send({"choose": "needs_help", "expect": ["企业营业执照复印件", "转给接收单位的工作人员"]})
    ticket = next(e for e in walk.effects if isinstance(e, OpenTicket))
    assert "企业营业执照复印件" in ticket.question
    assert ticket.programme == "luoyang-skill-entrepreneur-star"
    assert ticket.context["step"] == "doc:business_licence"
    _to(walk, "review")
    assert "通知没有允许先提交、后补交" in walk.replies[-1]
    assert "确认提交" not in walk.replies[-1]
    walk.send({"choose": "submit", "expect": ["没有看懂"]})
    assert walk.submitted is None


def test_too_few_pages_is_refused_and_the_item_stays_open() -> None:
    walk = _walk()
    _to(walk, "doc:id_card")
    walk.send({"upload": {"ref": "f1", "name": "front.jpg", "kind": "jpeg", "size": 900,
                          "sha256": "a" * 64, "width": 1500, "height": 1000}})
    walk.send({"choose": "done", "expect": ["需要 2 张/页，现在只有 1 张/页"]})
    assert walk.state.application["cursor"] == "doc:id_card"
    assert walk.state.application["items"]["id_card"]["status"] is None


def test_an_optional_item_handed_in_after_submitting_joins_the_same_packet() -> None:
    walk = _walk()
    _to(walk, "doc:welfare_evidence")
    walk.send({"choose": "later"})
    _to(walk, "review")
    walk.send({"choose": "submit", "expect": ["已提交", "还待补交：参加社会公益事业",
                                               "接下来的时间安排", "发送“人工”"]})
    receipt = walk.submitted["receipt"] if walk.submitted else None
    assert receipt and walk.submitted and walk.submitted["pending"] == ["doc:welfare_evidence"]
    walk.send({"choose": "supplement:doc:welfare_evidence", "expect": ["请上传"]})
    walk.send({"upload": {"ref": "f9", "name": "certificate.jpg", "kind": "jpeg",
                          "size": 900, "sha256": "b" * 64, "width": 1500, "height": 2000}})
    walk.send({"choose": "done", "expect": [f"已加到回执编号 {receipt}"]})
    added = next(e for e in walk.effects if isinstance(e, SupplementApplication))
    assert added.item == "welfare_evidence"
    assert added.application["receipt"] == receipt
    assert added.application["items"]["welfare_evidence"]["status"] == "provided"
    assert sum(isinstance(e, SubmitApplication) for e in walk.effects) == 1
    assert "还待补交" not in walk.replies[-1]


def test_an_essay_past_the_notices_length_is_refused_with_the_count() -> None:
    walk = _walk()
    _to(walk, "essay:deeds_essay")
    walk.send({"choose": "essay:write"})
    walk.send({"send": "字" * 50_560, "expect": ["50560 字", "这一段没有保存"]})
    assert walk.state.application["essay"]["text"] == ""
    walk.send({"send": "字" * 1500, "expect": ["目前共 1500 字"]})
