"""Starting an application: what the chosen programme will need, and who receives it.

The step-by-step collection of items arrives with issue #5; until then the applicant gets the
exact list from the pack (documents, optional items, conditions, declarations) and the office.
"""

from __future__ import annotations

from dialogs.i18n import lang
from dialogs.profile_state import programme_by_id
from dialogs.reply import Reply
from dialogs.types import LogEvent, Option, Question
from eligibility.timeline import window_of


def summary(reply: Reply, programme_id: str) -> None:
    programme = programme_by_id(programme_id)
    assert programme is not None
    state, zh = reply.state, lang(reply.locale) == "zh"
    state.programme, state.flow, state.step = programme_id, "application", None
    reply.effect(LogEvent("application_started", {"programme": programme_id}))
    lines = [reply.t("apply.summary", name=programme.name if zh else programme.name_en,
                     n=len(programme.documents))]
    for index, document in enumerate(programme.documents, start=1):
        name = document.name if zh else document.name_en
        if document.when_text:
            lines.append(reply.t("apply.item_when", index=index, name=name,
                                 when=document.when_text))
        elif not document.required:
            lines.append(reply.t("apply.item_optional", index=index, name=name))
        else:
            lines.append(reply.t("apply.item", index=index, name=name))
    reply.say_text("\n".join(lines))
    if programme.declarations:
        items = "；".join(d.text if zh else d.text_en for d in programme.declarations)
        reply.say("apply.declarations", items=items)
    window = window_of(programme, reply.today)
    office = _office_name(state.answers, programme.submission.receiving_office.name)
    reply.say("apply.office", office=office, window=window.text(reply.locale))
    reply.say("apply.soon")
    reply.ask(Question(reply.t("menu.ask"), (Option("menu", reply.t("nav.menu")),),
                       free_text=False))


def _office_name(answers: dict[str, object], generic: str) -> str:
    place = "".join(str(answers[k]) for k in ("city", "county") if answers.get(k))
    return f"{place}（{generic}）" if place else generic
