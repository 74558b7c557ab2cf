"""Honours typed in a form's free-text box are checked against the notice's exclusions."""

from __future__ import annotations

import datetime as dt

from dialogs import applications as apps
from dialogs.flows import application_steps
from dialogs.profile_state import programme_by_id
from dialogs.reply import Reply
from dialogs.state import DialogState
from dialogs.types import Inbound, Text
from eligibility.honour_text import honour_text_conflicts


def _typed(programme_id: str, field: str, text: str) -> list[str]:
    programme = programme_by_id(programme_id)
    assert programme is not None
    application = apps.new(programme, None)
    application["cursor"] = f"field:{field}"
    state = DialogState(answers={}, application=application)
    reply = Reply(state, Inbound("text", dt.date(2019, 7, 1), text=text))
    assert application_steps.on_field(reply, programme)
    assert state.application["fields"][field] == text
    return [o.text for o in reply.outbound if isinstance(o, Text)]


def test_a_shanxi_technical_expert_typed_in_the_form_is_the_excluded_sanjin_title() -> None:
    said = _typed("jinzhong-craftsman", "honors", "2021年山西省技术能手；2019年晋中市劳动模范")
    warning = next(text for text in said if "请注意" in text)
    assert "2021年山西省技术能手" in warning and "三晋技术能手" in warning
    assert "晋中市劳动模范" not in warning


def test_an_honour_the_notice_does_not_exclude_draws_no_warning() -> None:
    said = _typed("jinzhong-craftsman", "honors", "2019年晋中市劳动模范")
    assert not any("请注意" in text for text in said)


def test_a_provincial_title_does_not_match_a_national_exclusion_in_free_text() -> None:
    jilin = programme_by_id("jilin-employment-individual")
    assert jilin is not None
    assert honour_text_conflicts(jilin, "2020年吉林省农民工工作先进个人") == []
