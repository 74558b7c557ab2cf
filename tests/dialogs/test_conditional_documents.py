"""Documents with a `when:` rule: required exactly when the rule holds for the applicant.

Henan's 灵活就业之星 asks for the business-licence credit code only from 个体工商户. Known false:
the item is not applicable everywhere (checklist, review gate, manifest). Unknown: it stays
required and the condition is shown, so nothing is silently left out of a packet.
"""

from __future__ import annotations

import datetime as dt

from bot.paperwork.contents import manifest
from dialogs import applications as apps
from dialogs.engine import advance
from dialogs.profile_state import programme_by_id
from dialogs.state import DialogState
from dialogs.types import Inbound

FLEX = programme_by_id("henan-flexible-star")
TODAY = dt.date(2024, 1, 5)
STEP = "doc:business_licence"


def _app(answers: dict[str, object]) -> dict[str, object]:
    assert FLEX is not None
    app = apps.new(FLEX, None)
    apps.refresh_conditions(FLEX, app, answers, TODAY)
    return app


def test_the_licence_rule_is_true_false_or_unknown_from_the_answers() -> None:
    assert FLEX is not None
    assert apps.conditions(FLEX, {"flexible_type": "individual_business"}, TODAY) == {
        "business_licence": True}
    assert apps.conditions(FLEX, {"flexible_type": "new_form"}, TODAY) == {
        "business_licence": False}
    assert apps.conditions(FLEX, {}, TODAY) == {"business_licence": None}


def test_the_licence_blocks_submission_for_an_individual_business_and_when_unknown() -> None:
    assert FLEX is not None
    for answers in ({"flexible_type": "individual_business"}, {}):
        app = _app(answers)
        assert STEP in apps.missing_required(FLEX, app)
        assert not apps.is_done(app, STEP)


def test_the_licence_is_not_applicable_and_skipped_for_a_platform_worker() -> None:
    assert FLEX is not None
    app = _app({"flexible_type": "new_form"})
    assert STEP not in apps.missing_required(FLEX, app)
    assert apps.is_done(app, STEP) and apps.item_status(app, "business_licence") == (
        "not_applicable")
    app["cursor"] = "doc:id_card"
    app["items"]["id_card"] = {"status": "provided", "files": [{"ref": "x"}]}
    assert apps.next_open(FLEX, app, "doc:id_card") != STEP


def test_the_manifest_marks_the_licence_by_its_condition() -> None:
    assert FLEX is not None
    licence = next(d.name for d in FLEX.documents if d.id == "business_licence")
    not_needed = manifest(FLEX, _app({"flexible_type": "part_time"}), {}, [], TODAY)
    item = next(i for i in not_needed["材料"] if i["材料"] == licence)
    assert item["是否必需"] == "非必需" and item["状态"] == "不适用"
    assert "个体工商户" in item["适用条件"]
    needed = manifest(FLEX, _app({"flexible_type": "individual_business"}), {}, [], TODAY)
    item = next(i for i in needed["材料"] if i["材料"] == licence)
    assert item["是否必需"] == "必需" and item["状态"] == "未提交"


def _at_licence(answers: dict[str, object], locale: str = "zh_CN") -> str:
    assert FLEX is not None
    app = _app(answers)
    app["cursor"] = STEP
    state = DialogState(locale=locale, consent="agreed", flow="application",
                        programme=FLEX.id, answers=answers, application=app)
    turn = advance(state, Inbound(kind="choice", today=TODAY, choice=f"goto:{STEP}"))
    return "\n".join(getattr(item, "text", "") for item in turn.outbound)


def test_an_unknown_condition_is_asked_for_with_the_condition_shown() -> None:
    text = _at_licence({})
    assert "只在以下情况需要：个体工商户" in text and "不适用" in text
    assert "only needed in this case" in _at_licence({}, locale="en")


def test_a_known_condition_asks_plainly_or_says_it_is_not_needed() -> None:
    assert "只在以下情况需要" not in _at_licence({"flexible_type": "individual_business"})
    assert "不需要提供" in _at_licence({"flexible_type": "new_form"})
