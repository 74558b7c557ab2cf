"""Hand-off to a person and the suggestion step, checked on the engine's effects and state."""

from __future__ import annotations

import datetime as dt

from dialogs.engine import advance
from dialogs.state import DialogState, Turn
from dialogs.types import Inbound, OpenTicket, Question

TODAY = dt.date(2024, 1, 5)


def play(*steps: str, state: DialogState | None = None) -> Turn:
    turn = Turn(state or DialogState(), ())
    for step in steps:
        if step.startswith("@"):
            inbound = Inbound("choice", TODAY, choice=step[1:])
        else:
            inbound = Inbound("text", TODAY, text=step)
        turn = advance(turn.state, inbound)
    return turn


AT_COUNTY = ("你好", "@agree", "河南", "洛阳")


def test_handoff_opens_one_ticket_with_the_question_and_the_region() -> None:
    turn = play(*AT_COUNTY, "人工", "我在两个县都有店，在哪报？")
    tickets = [e for e in turn.effects if isinstance(e, OpenTicket)]
    assert tickets == [OpenTicket("我在两个县都有店，在哪报？", None,
                                  {"province": "河南省", "city": "洛阳市"},
                                  {"flow": "screening", "step": "county"})]
    assert turn.state.flow == "screening" and turn.state.step == "county"


def test_an_unanswered_question_can_go_to_a_person_with_its_words() -> None:
    turn = play(*AT_COUNTY, "今天天气怎么样？", "@handoff")
    ticket = next(e for e in turn.effects if isinstance(e, OpenTicket))
    assert ticket.question == "今天天气怎么样？"
    assert "faq_question" not in turn.state.pending and "faq_return" not in turn.state.pending


def test_a_ticket_names_the_programme_of_the_application() -> None:
    state = play(*AT_COUNTY).state
    state.programme = "henan-flexible-star"
    turn = play("人工", "登记表在哪下载？", state=state)
    ticket = next(e for e in turn.effects if isinstance(e, OpenTicket))
    assert ticket.programme == "henan-flexible-star"


def test_without_consent_no_ticket_is_opened_and_the_contacts_are_given() -> None:
    turn = play("你好", "人工")
    assert not any(isinstance(e, OpenTicket) for e in turn.effects)
    assert any("0371-69690081" in o.text for o in turn.outbound)
    assert turn.state.flow == "consent"


def test_choosing_a_suggestion_answers_it_and_asks_the_step_again() -> None:
    turn = play(*AT_COUNTY, "今天天气怎么样？")
    question = turn.outbound[-1]
    assert isinstance(question, Question)
    suggestion = question.options[0]
    assert suggestion.key.startswith("faq:")
    turn = advance(turn.state, Inbound("choice", TODAY, choice=suggestion.key))
    assert turn.state.flow == "screening" and turn.state.step == "county"
    assert "哪个县" in turn.outbound[-1].text


def test_an_answer_typed_at_the_suggestions_goes_back_to_its_step() -> None:
    turn = play(*AT_COUNTY, "今天天气怎么样？", "西工区")
    assert turn.state.answers["county"] == "西工区"
    assert turn.state.flow == "screening"


def test_a_new_question_at_the_suggestions_is_answered_and_the_step_kept() -> None:
    turn = play(*AT_COUNTY, "今天天气怎么样？", "为什么要身份证？")
    assert any("加密保存" in o.text for o in turn.outbound)
    assert turn.state.flow == "screening" and turn.state.step == "county"


def test_a_question_during_screening_is_answered_for_the_programmes_of_the_region() -> None:
    turn = play("你好", "@agree", "吉林", "长春", "朝阳区", "奖金多少")
    text = "\n".join(o.text for o in turn.outbound)
    assert "晋中" not in text and "灵活就业之星" not in text


def test_a_side_question_offers_its_details_and_then_the_step_again() -> None:
    turn = play(*AT_COUNTY, "洛龙区", "410303198506150021", "@flexible",
                "灵活就业之星要准备什么材料？")
    question = turn.outbound[-1]
    assert isinstance(question, Question)
    assert "faq_more" in [o.key for o in question.options]
    assert turn.state.flow == "screening"
    more = play(*AT_COUNTY, "洛龙区", "410303198506150021", "@flexible",
                "灵活就业之星要准备什么材料？", "@faq_more")
    texts = [getattr(o, "text", "") for o in more.outbound]
    assert any("一式两份" in text for text in texts)
    assert more.state.flow == "screening" and more.state.step == turn.state.step
    assert isinstance(more.outbound[-1], Question)


def test_two_possible_programmes_are_asked_with_buttons_and_the_choice_is_answered() -> None:
    turn = play("你好", "@info", "@ask", "长春的要交哪些材料")
    question = turn.outbound[-1]
    assert isinstance(question, Question)
    keys = [o.key for o in question.options]
    assert "faqp:changchun-skill-grand-prize" in keys
    assert "faqp:changchun-technical-expert" in keys
    picked = play("你好", "@info", "@ask", "长春的要交哪些材料",
                  "@faqp:changchun-technical-expert")
    texts = " ".join(getattr(o, "text", "") for o in picked.outbound)
    assert "长春技术能手要准备" in texts and picked.state.step == "ask"
