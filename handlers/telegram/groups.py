"""Groups get a link to a private chat, never the conversation.

An application holds ID numbers and personal history, so it runs only in a private chat. In a
group or supergroup the bot answers a command addressed to it with one message linking to a
private chat (`https://t.me/<bot>?start=group`, Bot API “Deep linking”), and a tap on an
old button in a group with an alert. Nothing about the group's members is stored: group
updates bypass the inbox and the conversation, so no applicant, state or transcript is made.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram.types import Message as TgMessage

from handlers.telegram.inbound import locale_of
from handlers.telegram.render import Button, Outgoing

GROUP_SCENE = "group"
TEXTS = {
    "zh_CN": ("为了保护您的个人信息，申报只在私聊中进行，请不要在群里发送身份证号等信息。"
              "请点下面的按钮和我私聊：", "和我私聊", "请在和我的私聊中使用这个按钮。"),
    "en": ("To keep your personal information private, applications happen only in a private "
           "chat; please do not post ID numbers in the group. Tap below to talk to me "
           "privately:", "Chat privately", "Please use this button in a private chat with me."),
}


def _texts(language_code: str | None) -> tuple[str, str, str]:
    return TEXTS[locale_of(language_code) or "zh_CN"]


async def private_link(bot: Bot) -> str:
    """The link that opens a private chat with this bot (its username comes from getMe)."""
    me = await bot.me()
    return f"https://t.me/{me.username}?start={GROUP_SCENE}"


async def link_answer(bot: Bot, message: TgMessage) -> Outgoing:
    """The one message a group gets for a command addressed to the bot."""
    text, button, _ = _texts(message.from_user.language_code if message.from_user else None)
    url = await private_link(bot)
    return Outgoing(f"{text}\n{url}", (Button(button, url=url),))


async def answer_group_button(query: CallbackQuery) -> None:
    """A button tapped in a group: an alert, and nothing else happens."""
    await query.answer(_texts(query.from_user.language_code)[2], show_alert=True)
