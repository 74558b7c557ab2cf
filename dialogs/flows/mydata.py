"""“我的信息”: everything we hold, changing one answer, and deleting it all (PIPL art. 45, 47).

Deletion is confirmed once, then requested as an effect that removes answers, files, sessions and
identities; the dialog starts over as for a stranger.
"""

from __future__ import annotations

from dialogs import applications as apps
from dialogs.flows import menu, result, screening
from dialogs.i18n import lang
from dialogs.profile_state import programme_by_id
from dialogs.reply import Reply
from dialogs.state import DialogState
from dialogs.types import DeleteAllData, Option, Question
from eligibility import parse_profile
from eligibility.explain import describe_value
from eligibility.vocabulary import vocabulary

DELETE, CONFIRM, KEEP = "delete", "confirm_delete", "keep"


def _lines(reply: Reply) -> list[tuple[str, str, str]]:
    """(fact, label, value) for every answer, in vocabulary order; a question answered
    “不清楚” is listed too, so it can be answered later."""
    vocab, locale = vocabulary(), lang(reply.locale)
    facts = parse_profile(reply.state.answers).facts
    skipped = [f for f in reply.state.pending.get("skipped", [])
               if f in vocab and f not in facts]
    names = sorted({*reply.state.answers, *skipped}, key=vocab.order)
    unknown = reply.t("nav.unknown")
    return [(n, vocab[n].label[locale],
             describe_value(vocab, n, facts[n], locale) if n in facts else unknown)
            for n in names if n in facts or n in skipped]


def _application_line(reply: Reply) -> str | None:
    """The application we hold, so “我的信息” shows everything, not only screening answers."""
    app = reply.state.application
    programme = programme_by_id(app.get("programme", "")) if app else None
    if programme is None:
        return None
    name = programme.name if lang(reply.locale) == "zh" else programme.name_en
    if app.get("receipt") and app.get("status") not in (None, "collecting"):
        return reply.t("mydata.application_sent", programme=name, receipt=app["receipt"],
                       status=reply.t(f"app.st_{app['status']}"))
    done, total = apps.progress(programme, app)
    return reply.t("mydata.application_collecting", programme=name, done=done, total=total)


def show(reply: Reply) -> None:
    state = reply.state
    state.flow, state.step = "mydata", None
    lines = [reply.t("mydata.line", label=label, value=value) for _, label, value in _lines(reply)]
    if state.id_mask:
        lines.insert(0, reply.t("mydata.line", label=vocabulary()["id_number"].label[
            lang(reply.locale)], value=state.id_mask))
    application = _application_line(reply)
    if application:
        lines.append(application)
    if state.consent:
        lines.append(reply.t("mydata.consent", version=state.consent))
    lines.append(reply.t("mydata.locale"))
    reply.say("mydata.header" if len(lines) > 1 else "mydata.empty")
    reply.say_text("\n".join(lines))
    reply.ask(Question(reply.t("menu.ask"), (Option(DELETE, reply.t("mydata.delete")),
                                             Option("edit", reply.t("result.edit")),
                                             Option("menu", reply.t("nav.menu"))),
                       free_text=False))


def on_message(reply: Reply) -> None:
    choice, state = reply.inbound.choice, reply.state
    if state.step == CONFIRM:
        if choice == CONFIRM:
            reply.effect(DeleteAllData())
            reply.state = DialogState(locale=state.locale)
            reply.say("mydata.deleted")
            return
        reply.say("mydata.kept")
        menu.show(reply)
    elif choice == DELETE:
        ask_delete(reply)
    elif choice == "edit":
        ask_edit(reply)
    elif choice and choice.startswith("edit:"):
        start_edit(reply, choice.removeprefix("edit:"))
    else:
        menu.show(reply)


def ask_delete(reply: Reply) -> None:
    reply.state.flow, reply.state.step = "mydata", CONFIRM
    reply.choose("mydata.confirm", [(CONFIRM, "mydata.confirm_yes"), (KEEP, "mydata.confirm_no")])


def ask_edit(reply: Reply) -> None:
    lines = _lines(reply)
    reply.state.flow, reply.state.step = "mydata", "edit"
    if not lines:
        reply.say("edit.empty")
        screening.start(reply)
        return
    options = tuple(Option(f"edit:{fact}", f"{label}：{value}") for fact, label, value in lines
                    if fact not in ("gender",) or not reply.state.id_mask)
    reply.ask(Question(reply.t("edit.ask"), (*options, Option("menu", reply.t("nav.menu"))),
                       free_text=False))


def start_edit(reply: Reply, fact: str) -> None:
    state = reply.state
    state.pending["before"] = result.verdicts(reply)
    state.pending["editing"] = fact
    state.flow = "screening"
    state.answers.pop(fact, None)
    state.pending["skipped"] = [f for f in state.pending.get("skipped", []) if f != fact]
    if fact == "province":
        state.answers.pop("city", None)
        state.answers.pop("county", None)
    if fact == "city":
        state.answers.pop("county", None)
    screening.ask_fact(reply, fact)
