"""The verdict, grouped 可以申报 / 还需确认 / 不符合, each with its reasons, and what comes next.

Every programme in the applicant's region is shown with its window (“截止：2024年1月15日，还有
12 天” / “本期已截止”); picking an eligible one shows what the application will need and which
office receives it.
"""

from __future__ import annotations

from dialogs import reminders
from dialogs.flows import application, ask, coverage, menu, mydata, rounds, screening
from dialogs.i18n import lang
from dialogs.profile_state import in_scope, programme_by_id, screen_state
from dialogs.reply import Reply
from dialogs.types import Option, Question
from eligibility import Result
from eligibility.vocabulary import vocabulary

GROUPS = (("eligible", "result.eligible"), ("incomplete", "result.incomplete"),
          ("ineligible", "result.ineligible"))
EDIT, INFO, MENU = "edit", "info", "menu"


def _name(programme_id: str, locale: str) -> str:
    programme = programme_by_id(programme_id)
    assert programme is not None
    return programme.name if lang(locale) == "zh" else programme.name_en


def _category(result: Result, locale: str) -> str | None:
    programme = programme_by_id(result.programme)
    category = next((c for c in programme.categories if c.id == result.category), None) \
        if programme else None
    if category is None:
        return None
    return category.name if lang(locale) == "zh" else category.name_en


def _describe(reply: Reply, result: Result) -> str:
    lines = [reply.t(dict(GROUPS)[result.verdict], name=_name(result.programme, reply.locale))]
    category = _category(result, reply.locale)
    if category:
        lines.append(reply.t("result.category", category=category))
    lines += [reply.t("result.reason", text=r.in_locale(reply.locale))
              for r in result.reasons]
    lines += [reply.t("result.exception", text=r.in_locale(reply.locale))
              for r in result.exceptions]
    if result.verdict == "incomplete" and result.missing:
        labels = "、".join(vocabulary()[f].label[lang(reply.locale)] for f in result.missing)
        lines.append(reply.t("result.missing", facts=labels))
    if result.verdict != "ineligible":
        lines.append(reply.t("result.window", text=rounds.state_words(reply, result.window)))
        if result.staff_checks:
            checks = "\n".join(f"     · {c.in_locale(reply.locale)}"
                               for c in result.staff_checks)
            lines.append(reply.t("result.staff", checks=checks))
    return "\n".join(lines)


def show(reply: Reply) -> None:
    state = reply.state
    state.flow, state.step = "result", None
    results = screen_state(state, reply.today)
    shown = in_scope(results)
    if not shown:
        coverage.outside(reply)
        return
    reply.say("result.header")
    for verdict, _ in GROUPS:
        for result in (r for r in shown if r.verdict == verdict):
            reply.say_text(_describe(reply, result))
    if len(results) > len(shown):
        reply.say("result.others", n=len(results) - len(shown))
    options = [Option(f"apply:{r.programme}",
                      reply.t("result.apply", name=_name(r.programme, reply.locale)))
               for r in shown if r.verdict == "eligible" and r.window.status != "closed"]
    options += [Option(f"{reminders.SUBSCRIBE}{r.programme}",
                       reply.t("rem.subscribe", name=_name(r.programme, reply.locale)))
                for r in shown if r.verdict != "ineligible" and r.window.status == "closed"]
    options += [Option(f"{rounds.ASK_OFFICE}{r.programme}",
                       reply.t("round.ask_office_named", name=_name(r.programme, reply.locale)))
                for r in shown if r.verdict == "eligible" and r.window.status == "closed"]
    options += [Option(EDIT, reply.t("result.edit")), Option(INFO, reply.t("result.info")),
                Option(MENU, reply.t("nav.menu"))]
    reply.ask(Question(reply.t("menu.ask"), tuple(options), free_text=False))


def verdicts(reply: Reply) -> dict[str, str]:
    return {r.programme: r.verdict for r in in_scope(screen_state(reply.state, reply.today))}


def after_edit(reply: Reply) -> None:
    before = reply.state.pending.pop("before", {})
    reply.state.pending.pop("editing", None)
    after = verdicts(reply)
    changed = [(p, before.get(p), v) for p, v in after.items() if before.get(p) != v]
    if changed:
        reply.say("edit.changed")
        reply.say_text("\n".join(
            reply.t("edit.change_line", name=_name(p, reply.locale),
                    before=reply.t(f"verdict.{b}") if b else "-", after=reply.t(f"verdict.{a}"))
            for p, b, a in changed))
    else:
        reply.say("edit.unchanged")
    screening.ask_next(reply)


def on_message(reply: Reply) -> None:
    choice = reply.inbound.choice or ""
    if choice.startswith("apply:") and programme_by_id(choice.removeprefix("apply:")):
        application.summary(reply, choice.removeprefix("apply:"))
    elif choice.startswith(reminders.SUBSCRIBE) and programme_by_id(
            choice.removeprefix(reminders.SUBSCRIBE)):
        subscribe(reply, choice.removeprefix(reminders.SUBSCRIBE))
    elif choice.startswith(rounds.ASK_OFFICE) and programme_by_id(
            choice.removeprefix(rounds.ASK_OFFICE)):
        reply.state.programme = choice.removeprefix(rounds.ASK_OFFICE)
        ask.start_handoff(reply)
    elif coverage.handles(reply):
        return
    elif choice == EDIT:
        mydata.ask_edit(reply)
    elif choice == INFO:
        menu.show_info(reply)
    elif choice == MENU:
        menu.show(reply)
    else:
        reply.say("misunderstood")
        show(reply)


def subscribe(reply: Reply, programme_id: str) -> None:
    """“下一轮开始时提醒我” on a closed programme: remember the round that closed."""
    programme = programme_by_id(programme_id)
    assert programme is not None
    closed = next((r.window.deadline for r in screen_state(reply.state, reply.today)
                   if r.programme == programme_id), None)
    reminders.subscribe(reply, programme, closed.to_date() if closed else None)
