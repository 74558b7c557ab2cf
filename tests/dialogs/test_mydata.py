"""“我的信息” shows the application we hold as well as the screening answers."""

from __future__ import annotations

import datetime as dt

from dialogs import applications as apps
from dialogs.flows import mydata
from dialogs.profile_state import programme_by_id
from dialogs.reply import Reply
from dialogs.state import DialogState
from dialogs.types import Inbound, Text


def _shown(state: DialogState) -> str:
    reply = Reply(state, Inbound("text", dt.date(2024, 1, 7)))
    mydata.show(reply)
    return "\n".join(o.text for o in reply.outbound if isinstance(o, Text))


def test_an_application_in_progress_is_listed_with_its_progress() -> None:
    programme = programme_by_id("henan-youth-star")
    assert programme is not None
    app = apps.new(programme, None)
    app["fields"]["name"] = "张三"
    done, total = apps.progress(programme, app)
    text = _shown(DialogState(answers={"city": "郑州市"}, application=app))
    assert f"正在准备的申报：河南省“青年就业创业之星”（已完成 {done}/{total} 项）" in text
    assert done == 1


def test_without_an_application_only_the_answers_are_listed() -> None:
    text = _shown(DialogState(answers={"city": "郑州市"}))
    assert "申报：" not in text
    assert "郑州市" in text


def test_a_submitted_application_is_listed_with_its_receipt_and_status() -> None:
    programme = programme_by_id("luoyang-skill-entrepreneur-star")
    assert programme is not None
    app = {**apps.new(programme, None), "status": "submitted", "receipt": "LS-2024-0107-3K9Q"}
    text = _shown(DialogState(answers={"city": "洛阳市"}, application=app))
    assert "已提交的申报：洛阳市“技能创业之星”，受理编号 LS-2024-0107-3K9Q" in text
    assert "（已提交，等待单位接收）" in text
