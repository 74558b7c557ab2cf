"""The pure rules of an application: counting as the notice counts, receipts, reopening."""

from __future__ import annotations

import datetime as dt

from dialogs import applications as apps
from dialogs import essay
from dialogs.profile_state import programme_by_id
from eligibility.model import WordLimit

LUOYANG = programme_by_id("luoyang-skill-entrepreneur-star")
TODAY = dt.date(2024, 1, 7)


def test_characters_and_punctuation_count_but_spaces_do_not() -> None:
    assert essay.count("我 创办了\n家政服务部。") == 10


def test_about_800_accepts_roughly_640_to_960() -> None:
    limit = WordLimit(target=800)
    assert essay.bounds(limit) == (640, 960)
    assert essay.verdict("字" * 700, limit) == "ok"
    assert essay.verdict("字" * 500, limit) == "short"
    assert essay.describe(limit) == "800字左右"


def test_a_range_is_checked_at_both_ends() -> None:
    limit = WordLimit(min=1000, max=2000)
    assert essay.verdict("字" * 2001, limit) == "long"
    assert essay.describe(limit) == "1000-2000字"


def test_a_receipt_is_deterministic_per_message_and_differs_between_messages() -> None:
    assert LUOYANG is not None
    first = apps.receipt(LUOYANG, TODAY, "web:alice:m9")
    assert first == apps.receipt(LUOYANG, TODAY, "web:alice:m9")
    assert first != apps.receipt(LUOYANG, TODAY, "web:bob:m9")
    assert first.startswith("LS-2024-0107-") and len(first) == len("LS-2024-0107-3K9Q")


def test_every_item_of_the_pack_is_a_step_except_the_generated_form() -> None:
    assert LUOYANG is not None
    steps = apps.steps(LUOYANG)
    assert "doc:registration_form" not in steps and "essay:deeds_essay" in steps
    assert steps[-2:] == ["decl:lawful_operation_declaration",
                          "decl:no_criminal_record_declaration"]


def test_a_return_reopens_only_the_named_items() -> None:
    assert LUOYANG is not None
    app = apps.new(LUOYANG, None)
    app["items"] = {"photo": {"status": "provided", "files": [{"ref": "x"}]},
                    "id_card": {"status": "provided", "files": [{"ref": "y"}]}}
    apps.reopen(app, ["doc:photo"], "照片不是白底")
    assert "photo" not in app["items"] and "id_card" in app["items"]
    assert app["status"] == "returned" and app["cursor"] == "doc:photo"
    assert apps.next_open(LUOYANG, app, "doc:photo") == "doc:photo"
    app["items"]["photo"] = {"status": "provided", "files": [{"ref": "z"}]}
    assert apps.next_open(LUOYANG, app, "doc:photo") == "review"


def test_the_office_acts_by_its_own_deadline_after_the_applicants() -> None:
    assert LUOYANG is not None
    assert apps.office_deadline(LUOYANG, dt.date(2021, 12, 1)) == dt.date(2021, 12, 9)
