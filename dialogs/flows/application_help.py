"""The ways out of a document besides uploading, and handing items in after submitting.

需要帮助 opens a question to the receiving office naming the item (a ticket the dashboard
answers) and says so; 稍后补交 marks the item pending. Pending items are listed as 待补交 for the
office; they block submission unless the item is optional or the notice lets items follow.
After submitting, a pending item can still be handed in: its files go into the same packet
(the same receipt), and the office is told it was added.
"""

from __future__ import annotations

import copy

from dialogs import applications as apps
from dialogs.i18n import lang
from dialogs.reply import Reply
from dialogs.types import LogEvent, OpenTicket, SupplementApplication
from eligibility.model import Programme

SUPPLEMENT = "supplement:"


def _name(reply: Reply, programme: Programme, doc_id: str) -> str:
    document = apps.document(programme, doc_id)
    return document.name if lang(reply.locale) == "zh" else document.name_en


def ask_for_help(reply: Reply, programme: Programme, doc_id: str) -> None:
    """A ticket for the receiving office about this item, in the office's language."""
    state = reply.state
    document = apps.document(programme, doc_id)
    region = {k: state.answers[k] for k in ("province", "city", "county") if k in state.answers}
    question = f"申报材料“{document.name}”办不下来，需要帮助（{programme.name}）。"
    reply.effect(OpenTicket(question, programme.id, region,
                            {"flow": "application", "step": f"doc:{doc_id}",
                             "programme": programme.id}, reply.inbound.nonce))
    reply.say("help.opened", item=_name(reply, programme, doc_id))


def start_supplement(reply: Reply, programme: Programme, step: str) -> bool:
    """“补交：…” on a submitted application: collect that one item again."""
    app = reply.state.application
    if step not in apps.pending(programme, app):
        return False
    app["supplementing"] = step
    app["items"][step.partition(":")[2]] = {"status": None, "files": []}
    from dialogs.flows.application_steps import ask_document

    app["cursor"] = step
    ask_document(reply, programme)
    return True


def finish_supplement(reply: Reply, programme: Programme) -> None:
    """The item is in: the same packet is built again with it, and the office is told."""
    app = reply.state.application
    step = app.pop("supplementing")
    app["cursor"] = "review"
    doc_id = step.partition(":")[2]
    packet = copy.deepcopy(app)
    packet["added"] = [*app.get("added", []), doc_id]
    app["added"] = packet["added"]
    reply.effect(SupplementApplication(packet, doc_id))
    reply.effect(LogEvent("application_supplemented", {"programme": programme.id,
                                                       "receipt": app["receipt"],
                                                       "item": doc_id}))
    reply.say("help.supplemented", item=_name(reply, programme, doc_id), receipt=app["receipt"])
