"""Next year's round of 河南“灵活就业之星” from its notice: the draft, the differences, settling
them, and the round's programme checked like a pack."""

from __future__ import annotations

import datetime as dt

import pytest

from eligibility import PackError
from eligibility.loader import programmes, shipped
from eligibility.rounds import build, differences, draft, registry
from eligibility.rounds.model import Decision, RoundFile
from eligibility.timeline import window_of
from tests.round_notices import NEW_DOCUMENT, OLD_DOCUMENT, henan_flexible_2025, settle

PID = "henan-flexible-star"


@pytest.fixture
def drafted() -> RoundFile:
    return draft.new_round(PID, henan_flexible_2025())


def found(round_file: RoundFile) -> list[differences.Difference]:
    return differences.differences(round_file, draft.previous_notice(None, PID))


def test_the_draft_moves_dates_and_quota_and_lists_what_it_cannot_guess(
        drafted: RoundFile) -> None:
    listed = found(drafted)
    changed = {d.path: (d.was, d.now) for d in listed if d.kind == "changed"}
    assert changed["timeline[1]"][1].startswith("组织推送(2025年1月15日前)")
    assert changed["quotas[1]"] == ("每个县(市、区)级人力资源社会保障部门选送对象数量不超过2人",
                                    "每个县(市、区)级人力资源社会保障部门选送对象数量不超过3人")
    gone = [d for d in listed if d.kind == "gone"]
    assert [(d.what, d.was) for d in gone] == [("documents", OLD_DOCUMENT)]
    new_lines = [d.now for d in listed if d.kind == "new_line"]
    assert NEW_DOCUMENT in new_lines
    assert all(not d.settled for d in listed)
    timeline = {t["id"]: t for t in drafted.timeline}
    assert timeline["county_push"]["end"] == dt.date(2025, 1, 15)
    assert timeline["city_review"]["end"] == dt.date(2025, 1, 24)
    assert timeline["provincial_decision"]["end"] == dt.date(2025, 2, 7)
    assert next(q for q in drafted.quotas if q["scope"] == "per_county")["count"] == 3
    assert drafted.year == 2025 and drafted.round == "2025" and drafted.based_on == "2024"
    assert "每个县（市、区）推送不超过3人" in drafted.summary


def test_a_settled_round_is_the_programme_of_its_notice(drafted: RoundFile) -> None:
    settled = settle(drafted)
    assert differences.unsettled(found(settled)) == []
    programme = build.build(settled)
    assert programme.round_id == "2025" and programme.year == 2025
    window = window_of(programme, dt.date(2025, 1, 3))
    assert window.status == "open" and window.deadline and window.deadline.zh() == "2025年1月15日"
    assert window_of(programme, dt.date(2024, 12, 1)).status == "upcoming"
    document = next(d for d in programme.documents if d.id == "no_criminal_record_certificate")
    assert document.source == NEW_DOCUMENT
    county = next(q for q in programme.quotas if q.scope == "per_county")
    assert county.count == 3
    # the file round-trips: what an office edits is what opens
    assert build.load_round(build.dump(settled)).model_dump() == programme.model_dump()


def test_an_unconfirmed_proposal_or_line_keeps_the_round_shut(drafted: RoundFile) -> None:
    settled = settle(drafted)
    one_open = settled.model_copy(update={"review": [
        d.model_copy(update={"settled": False}) if d.path == "quotas[1]" else d
        for d in settled.review]})
    assert [d.path for d in differences.unsettled(found(one_open))] == ["quotas[1]"]
    no_note = settled.model_copy(update={"review": [
        d.model_copy(update={"note": ""}) if d.line else d for d in settled.review]})
    assert {d.kind for d in differences.unsettled(found(no_note))} == {"new_line"}


def test_a_value_the_new_notice_does_not_state_is_refused(drafted: RoundFile) -> None:
    settled = settle(drafted)
    quotas = [q | {"count": 4} if q["scope"] == "per_county" else q for q in settled.quotas]
    with pytest.raises(PackError, match=r"quotas\[1\]\.count"):
        build.build(settled.model_copy(update={"quotas": quotas}))
    timeline = [t | {"source": "组织推送(2024年1月15日前)"} if t["id"] == "county_push" else t
                for t in settled.timeline]
    with pytest.raises(PackError, match="quote not found"):
        build.build(settled.model_copy(update={"timeline": timeline}))


def test_a_rule_the_new_notice_qualifies_with_yuanzeshang_stays_soft(
        drafted: RoundFile) -> None:
    """A new notice that says 原则上 where the old one said 须 cannot make a hard rule."""
    notice = drafted.notice_text.replace(
        "被列入负面清单、有失信行为、存在负面舆情影响等事项的人员不得参加选树",
        "被列入负面清单的人员原则上不得参加选树")
    criterion = next(c for c in build.pack_raw(PID)["criteria"]
                     if c["id"] == "not_on_negative_list")
    criterion["source"] = "被列入负面清单的人员原则上不得参加选树"
    changed = settle(drafted).model_copy(update={"notice_text": notice,
                                                  "criteria": [criterion]})
    with pytest.raises(PackError, match="must be soft"):
        build.build(changed)


def test_a_kept_stable_quote_needs_a_note(drafted: RoundFile) -> None:
    settled = settle(drafted).model_copy(update={"documents": []})
    gone = [d for d in found(settled) if d.kind == "gone"]
    assert [d.was for d in gone] == [OLD_DOCUMENT]
    kept = settled.model_copy(update={"review": [*settled.review, Decision(
        was=OLD_DOCUMENT, settled=True, note="")]})
    assert [d.was for d in differences.unsettled(found(kept)) if d.kind == "gone"] == [
        OLD_DOCUMENT]
    noted = settled.model_copy(update={"review": [*settled.review, Decision(
        was=OLD_DOCUMENT, settled=True, note="新通知的材料清单沿用上一轮")]})
    assert not [d for d in differences.unsettled(found(noted)) if d.kind == "gone"]


def test_opened_rounds_make_the_current_programme_and_keep_the_old_one() -> None:
    programme = build.build(settle(draft.new_round(PID, henan_flexible_2025())))
    old = next(p for p in shipped() if p.id == PID)
    try:
        registry.install([programme], "1")
        current = next(p for p in programmes() if p.id == PID)
        assert current.round_id == "2025"
        assert registry.in_round(old, "2024") is old
        assert registry.in_round(old, "2025") is programme
        assert registry.in_round(old, "2019") is None
        others = [p for p in programmes() if p.id != PID]
        assert others == [p for p in shipped() if p.id != PID]
    finally:
        registry.install([], "")
    assert next(p for p in programmes() if p.id == PID) is old


def test_a_draft_for_an_unknown_programme_is_refused() -> None:
    with pytest.raises(PackError, match="no programme"):
        draft.new_round("henan-nowhere-star", henan_flexible_2025())
