"""Welcome, consent, the main menu, language, deadlines and programme information.

Without consent only programme information and deadlines are offered (PIPL art. 13-14): every
entry that would collect personal data asks for consent first.
"""

from __future__ import annotations

from dataclasses import replace

from dialogs import scenes
from dialogs.flows import application, ask, mydata, screening
from dialogs.i18n import lang
from dialogs.parsing import normalise
from dialogs.profile_state import in_scope, programme_by_id, screen_state
from dialogs.reply import Reply
from dialogs.state import CONSENT_VERSION, LOCALES
from dialogs.types import Option, Question, RecordConsent, SetLocale, outbound_from_dict
from eligibility import programmes
from eligibility.timeline import window_of

PERSONAL = ("screen", "continue", "mydata")
GREETINGS = ("你好", "您好", "在吗", "在不在", "有人吗", "有人在吗", "哈喽", "嗨", "喂", "hi",
             "hello", "你好啊", "您好啊", "早上好", "下午好", "晚上好")
"""A greeting is answered as a greeting, never as a question nobody can answer."""


def is_greeting(word: str) -> bool:
    """`word` (normalised) is only a greeting: “你好”, “在吗？”, “您好呀”."""
    return word.rstrip("?？~～呀啊") in GREETINGS or word in GREETINGS


def welcome(reply: Reply) -> None:
    reply.say("welcome.intro")
    scenes.arrive(reply)
    ask_consent(reply)


def ask_consent(reply: Reply) -> None:
    reply.state.flow, reply.state.step = "consent", None
    reply.choose("consent.ask", [("agree", "consent.agree"), ("info", "consent.faq"),
                                 ("privacy", "consent.privacy"),
                                 ("disagree", "consent.disagree")])


def greet(reply: Reply) -> None:
    """Hello back: the welcome again before consent, else the step the applicant is on."""
    if reply.state.flow == "consent":
        welcome(reply)
        return
    prompt = reply.state.pending.get("prompt")
    reply.say("greeting.back")
    if prompt:
        reply.outbound.append(outbound_from_dict(prompt))
    else:
        show(reply)


def _starts_with_greeting(text: str) -> bool:
    return any(text.startswith(word) for word in GREETINGS if len(word) > 1)


def on_consent(reply: Reply) -> None:
    choice = reply.inbound.choice
    if choice == "agree":
        reply.state.consent = CONSENT_VERSION
        reply.effect(RecordConsent(CONSENT_VERSION, given=True))
        reply.say("consent.thanks")
        screening.start(reply)
    elif choice == "privacy":
        reply.say("privacy.notice")
        ask_consent(reply)
    elif choice == "info":
        show_info(reply)
    elif choice == "disagree":
        reply.effect(RecordConsent(CONSENT_VERSION, given=False))
        reply.say("consent.declined")
        show(reply)
    elif _starts_with_greeting(normalise(reply.inbound.text)):
        welcome(reply)
    else:
        reply.say("misunderstood")
        ask_consent(reply)


def show(reply: Reply) -> None:
    reply.state.flow, reply.state.step = "menu", None
    entries = [("screen", "menu.screen"), ("continue", "menu.continue"), ("info", "menu.info"),
               ("deadlines", "menu.deadlines"), ("mydata", "menu.mydata"),
               ("language", "menu.language")]
    if not reply.state.consent:
        entries.append(("consent", "menu.consent"))
    reply.choose("menu.ask", entries)


def on_menu(reply: Reply) -> None:
    choice = reply.inbound.choice or ""
    if choice in PERSONAL and not reply.state.consent:
        reply.say("consent.needed")
        ask_consent(reply)
    elif choice == "screen":
        screening.start(reply)
    elif choice == "continue":
        resume(reply)
    elif choice == "info":
        show_info(reply)
    elif choice == "deadlines":
        show_deadlines(reply)
    elif choice == "mydata":
        mydata.show(reply)
    elif choice == "language":
        ask_language(reply)
    elif choice == "consent":
        ask_consent(reply)
    else:
        reply.say("misunderstood")
        show(reply)


def open_mine(reply: Reply) -> None:
    """“我的申报” from a channel's menu (the `mine` command): the application where the
    applicant left it, as the main menu's “continue” does, consent first."""
    reply.inbound = replace(reply.inbound, choice="continue")
    on_menu(reply)


def resume(reply: Reply) -> None:
    if reply.state.programme:
        application.summary(reply, reply.state.programme)
    elif reply.state.answers:
        reply.state.flow = "screening"
        screening.ask_next(reply)
    else:
        screening.start(reply)


def ask_language(reply: Reply) -> None:
    reply.state.flow, reply.state.step = "language", None
    reply.choose("language.ask", [("zh_CN", "language.zh"), ("en", "language.en")])


def on_language(reply: Reply) -> None:
    choice = reply.inbound.choice
    if choice in LOCALES:
        reply.state.locale = choice
        reply.effect(SetLocale(choice))
        reply.say("language.set")
    show(reply)


def show_deadlines(reply: Reply) -> None:
    zh = lang(reply.locale) == "zh"
    shown = in_scope(screen_state(reply.state, reply.today))
    lines = [reply.t("deadlines.header")]
    for result_ in shown:
        programme = programme_by_id(result_.programme)
        assert programme is not None
        lines.append(reply.t("deadlines.line", name=programme.name if zh else programme.name_en,
                             text=result_.window.text(reply.locale)))
    reply.say_text("\n".join(lines))
    show(reply)


def show_info(reply: Reply) -> None:
    zh = lang(reply.locale) == "zh"
    reply.state.flow, reply.state.step = "info", None
    options = tuple(Option(f"info:{p.id}", p.name if zh else p.name_en) for p in programmes())
    reply.ask(Question(reply.t("info.ask"), (Option("ask", reply.t("faq.ask_option")),
                                             *options, Option("menu", reply.t("nav.menu"))),
                       free_text=False))


def on_info(reply: Reply) -> None:
    choice = reply.inbound.choice or ""
    if choice == "ask":
        ask.start(reply)
        return
    programme = programme_by_id(choice.removeprefix("info:"))
    if programme is None:
        show(reply)
        return
    zh = lang(reply.locale) == "zh"

    def line(text: str) -> str:
        return reply.t("info.line", text=text)

    lines = [reply.t("info.summary", name=programme.name if zh else programme.name_en,
                     issuer=programme.issuer, edition=programme.edition,
                     summary=programme.summary),
             reply.t("info.window", text=window_of(programme, reply.today).text(reply.locale)),
             reply.t("info.criteria")]
    lines += [line(c.text if zh else c.text_en) for c in programme.criteria]
    lines.append(reply.t("info.documents"))
    lines += [line(d.name if zh else d.name_en) for d in programme.documents
              if d.by == "applicant"]
    for contact in programme.contacts:
        details = " ".join([contact.unit, *contact.people, *contact.phone,
                            contact.email or ""]).strip()
        lines.append(reply.t("info.contact", contact=details))
    reply.say_text("\n".join(lines))
    show_info(reply)
