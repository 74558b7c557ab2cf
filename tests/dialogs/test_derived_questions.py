"""The dialog never asks what the answers settle: derived facts are skipped, and the options a
known fact rules out are not offered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dialogs.flows import screening
from dialogs.reply import Reply
from dialogs.state import DialogState
from dialogs.types import Inbound, Question

ON = dt.date(2024, 1, 8)


def _asked(answers: dict[str, Any], rounds: int = 40) -> list[str]:
    """The facts screening asks, in order, answering each “不清楚”."""
    state = DialogState(flow="screening", consent=True,
                        answers={k: v for k, v in answers.items() if v is not None})
    asked: list[str] = []
    for _ in range(rounds):
        reply = Reply(state, Inbound("text", ON))
        screening.ask_next(reply)
        if state.flow != "screening":
            break
        fact = str(state.step).partition(".")[0]  # honors.any asks `honors`
        asked.append(fact)
        state.pending.setdefault("skipped", []).append(fact)
    return asked


LUOYANG_FOUNDER = {"province": "河南省", "city": "洛阳市", "county": "洛龙区",
                   "birth_date": "1985-06-15", "gender": "male",
                   "employment_status": "self_employed", "business_nature": "private"}


def test_a_company_founder_is_never_asked_about_flexible_work() -> None:
    asked = _asked(LUOYANG_FOUNDER)
    assert asked and {"flexible_type", "flexible_since", "flexible_registered",
                      "employment_certificate", "pension_insurance"}.isdisjoint(asked)


def test_a_self_employed_applicant_is_asked_the_business_kind_before_any_flexible_question(
        ) -> None:
    asked = _asked({**LUOYANG_FOUNDER, "business_nature": None})
    assert asked.index("business_nature") < asked.index("flexible_since")


def test_no_honours_at_all_is_not_followed_by_the_benefits_question() -> None:
    asked = _asked({"province": "吉林省", "city": "长春市", "county": "朝阳区",
                    "birth_date": "1990-01-01", "honors": [],
                    "employment_status": "employed"})
    assert "provincial_honor_with_benefits" not in asked


def test_the_position_question_offers_no_cadre_rank_to_a_founder() -> None:
    state = DialogState(flow="screening", consent=True, answers={
        "province": "吉林省", "city": "长春市", "county": "朝阳区",
        "employment_status": "self_employed"})
    reply = Reply(state, Inbound("text", ON))
    screening.ask_fact(reply, "position")
    question = reply.outbound[-1]
    assert isinstance(question, Question)
    keys = {o.key for o in question.options}
    assert "enterprise_head" in keys and "staff" in keys
    assert not keys & {"government_comprehensive", "leader_county_level_plus",
                       "leader_department_level_plus"}
