"""The FAQ answers from the packs, finds the programme, reads synonyms, knows when it is unsure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dialogs import faq
from dialogs.faq.entries import FaqDataError, general, load_pack_faq, pack_entries
from eligibility import programmes
from eligibility.timeline import window_of

TODAY = dt.date(2024, 1, 5)
PROGRAMMES = {p.id: p for p in programmes()}


def ask(question: str, *context: str, locale: str = "zh_CN") -> faq.Answer:
    return faq.ask(question, today=TODAY, locale=locale, context=list(context))


@pytest.mark.parametrize("pid", sorted(PROGRAMMES))
def test_generated_answers_restate_the_pack(pid: str) -> None:
    programme = PROGRAMMES[pid]
    deadline = faq.render("topic:deadline", "zh_CN", TODAY, [pid])[0]
    assert window_of(programme, TODAY).text_zh() in deadline
    rewards = faq.render("topic:reward", "zh_CN", TODAY, [pid])[0]
    assert all(r.what in rewards for r in programme.rewards)
    contacts = faq.render("topic:contact", "zh_CN", TODAY, [pid])[0]
    assert all(phone in contacts for c in programme.contacts for phone in c.phone)
    criteria = faq.render("topic:criteria", "zh_CN", TODAY, [pid])[0]
    assert all(c.text in criteria for c in programme.criteria if c.kind == "hard")
    documents = faq.render("topic:documents", "zh_CN", TODAY, [pid])[0]
    assert all(d.name in documents for d in programme.documents if d.kind != "report"
               and "推荐单位提交" not in d.name)
    process = faq.render("topic:process", "zh_CN", TODAY, [pid])[0]
    assert programme.submission.receiving_office.name in process


def test_a_notice_without_dates_says_follow_the_local_office() -> None:
    answer = ask("促进就业创业先进个人什么时候截止")
    assert answer.programme == "jilin-employment-individual"
    assert "以当地人社部门通知为准" in (answer.text or "")


def test_a_notice_without_a_year_gives_no_invented_date() -> None:
    text = ask("技术能手截止到哪天").text or ""
    assert "10月26日" in text and "2024年10月" not in text and "以当地人社部门通知为准" in text


def test_the_programme_named_in_the_question_wins_over_the_context() -> None:
    answer = ask("晋中工匠奖金多少", "changchun-technical-expert")
    assert answer.programme == "jinzhong-craftsman" and "2万元" in (answer.text or "")


def test_the_context_programme_answers_a_question_that_names_none() -> None:
    answer = ask("奖金多少？", "changchun-technical-expert")
    assert answer.matched == "changchun-technical-expert/reward"


def test_a_nickname_for_a_group_answers_for_the_group_only() -> None:
    text = ask("长春的奖金多少").text or ""
    assert "1万元" in text and "5000元" in text and "晋中" not in text


def test_a_nickname_inside_the_context_picks_that_programme() -> None:
    answer = ask("长春的奖金多少", "changchun-skill-grand-prize")
    assert answer.programme == "changchun-skill-grand-prize"


@pytest.mark.parametrize("question,programme", [
    ("灵活就业之星打零工的能报吗", "henan-flexible-star"),
    ("技术能手要带啥资料", "changchun-technical-expert"),
    ("晋中工匠评上了给多少钱", "jinzhong-craftsman"),
])
def test_synonyms_and_nicknames_reach_the_right_programme(question: str, programme: str) -> None:
    assert ask(question).programme == programme


def test_without_a_programme_a_list_question_asks_which_programme_with_every_one() -> None:
    answer = ask("要交哪些材料？")
    assert answer.matched == "all/documents" and answer.programme is None
    assert answer.text is None and set(answer.clarify) == set(PROGRAMMES)
    assert answer.to_dict()["clarify"] == list(answer.clarify)


def test_two_possible_programmes_are_a_clarifying_question_when_their_answers_differ() -> None:
    answer = ask("长春的要交哪些材料")
    assert answer.clarify == ("changchun-skill-grand-prize", "changchun-technical-expert")
    assert answer.programme_from == "place"
    dated = ask("长春的什么时候截止")
    assert dated.clarify == () and "10月24日至10月26日" in (dated.text or "")


def test_below_the_threshold_there_is_no_answer_but_two_suggestions() -> None:
    answer = ask("今天天气怎么样")
    assert answer.text is None and answer.score < faq.THRESHOLD
    assert len(answer.suggestions) == 2
    assert answer.to_dict()["answer"] is None


def test_every_hand_written_phrasing_finds_its_own_entry() -> None:
    for pid, entries in pack_entries().items():
        for entry in entries:
            for question in entry.questions:
                answer = ask(question, pid)
                assert answer.matched == f"{pid}/{entry.id}", (question, answer.matched)
    for entry in general().entries:
        for question in entry.questions:
            assert ask(question).matched == f"general/{entry.id}", question


def test_english_uses_the_packs_english_and_says_when_only_chinese_exists() -> None:
    documents = ask("what documents do I need", "jinzhong-craftsman", locale="en").text or ""
    assert "Application form" in documents and "Chinese only" not in documents
    reward = ask("reward", "jinzhong-craftsman", locale="en").text or ""
    assert "Chinese only" in reward and "2万元" in reward


def test_an_entry_without_english_is_given_in_chinese_with_a_note() -> None:
    text, _ = faq.render("topic:contact", "en", TODAY, ["luoyang-skill-entrepreneur-star"])
    assert text.startswith("(The following is available in Chinese only.)")


def test_a_malformed_pack_faq_is_refused_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "faq.yaml"
    bad.write_text("entries:\n  - id: x\n    questions: [only one]\n    answer: a\n",
                   encoding="utf-8")
    with pytest.raises(FaqDataError, match=r"faq\.yaml"):
        load_pack_faq(bad)


def test_a_pack_without_faq_file_has_no_hand_written_entries(tmp_path: Path) -> None:
    assert load_pack_faq(tmp_path / "faq.yaml").entries == []


def test_every_pack_has_hand_written_entries() -> None:
    assert set(pack_entries()) == set(PROGRAMMES)
    assert all(len(entries) >= 2 for entries in pack_entries().values())


def test_warm_up_builds_the_matcher_of_every_programme_and_nickname_group() -> None:
    faq.matcher.cache_clear()
    faq.warm_up(TODAY)
    built = faq.matcher.cache_info().currsize
    faq.ask("奖金多少", today=TODAY, context=["jinzhong-craftsman"])
    faq.ask("长春的什么时候截止", today=TODAY)
    assert faq.matcher.cache_info().currsize == built
    assert built > len(programmes())


def test_suggestions_are_questions_in_the_applicants_language_never_ids() -> None:
    """Issue 16: suggestions showed raw ids and English words (`reward`)."""
    from dialogs.faq import _phrasings_by_key, _shown
    from dialogs.faq.matching import Candidate

    for key in _phrasings_by_key():
        shown = _shown(Candidate(key, key.rsplit(":", 1)[-1], 0.5), "zh_CN")
        assert not shown.isascii(), (key, shown)
        assert shown != key.rsplit(":", 1)[-1]
    answer = faq.ask("钱的事怎么说", today=dt.date(2024, 1, 5))
    assert answer.text is None and answer.suggestions
    assert all(not s.question.isascii() for s in answer.suggestions)
    english = faq.ask("钱的事怎么说", today=dt.date(2024, 1, 5), locale="en")
    assert any(s.question.isascii() for s in english.suggestions)
