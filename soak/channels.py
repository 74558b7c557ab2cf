"""The three ways an applicant reaches awardbot, as the platforms and the page do it.

Web: the page's form posts (`/send` with a message id, `/upload` multipart), a 303 is the
acknowledgement and the turn is done when it arrives. Telegram: updates posted to the webhook
with the secret header, documents as photos the fake Bot API serves; a re-sent update keeps its
update_id. WeChat: signed, AES-encrypted XML to `/wechat`, images by MediaId from the fake
WeChat API; WeChat gives up on a request after 5 s and re-sends the same MsgId, and some
acknowledged messages are re-delivered on purpose (the suite's replays). On both platforms the
applicant waits for the answer before the next step, as a person reads the question first.
"""

from __future__ import annotations

import random
import time
import uuid
from typing import Any

import aiohttp

from benchmarks.cluster import SECRET_KEY
from fakes.bot_api import SECRET as WEBHOOK_SECRET
from fakes.wechat import AES_KEY, encrypted, image_xml, reply_content, text_xml
from handlers.web.cookies import COOKIE_NAME, CookieSigner
from soak.delivery import Tally, answered, is_answer, until_acknowledged
from soak.scripts import Step

ANSWER_WAIT = 60.0
"""How long an applicant waits for an answer before going on anyway (counted as unanswered):
long enough for a killed worker to restart and for the pacer's queue at Telegram's limits."""
STRAYED_WAIT = 3.0
"""The wait once three answers in a row never came: the walk has gone astray (the checks will
say where), and waiting a minute per step would only make the run long."""
WECHAT_TIMEOUT = aiohttp.ClientTimeout(total=5)
PLATFORM_TIMEOUT = aiohttp.ClientTimeout(total=60)
REPLAY = 0.15
"""Share of acknowledged WeChat messages delivered once more."""


def step_id(number: int, index: int) -> int:
    """The message id of applicant `number`'s step `index` on every channel (update_id, MsgId,
    the page's form message id), so the checks can find each step's processed record."""
    return 9_000_000_000 + number * 1000 + index


def processed_key(channel: str, external_id: str, number: int, index: int, file: bool) -> str:
    """The conversation's dedupe key for that step (`bot.conversation.message_key`); the web
    page's uploads add the file's position to the form's message id."""
    suffix = "-0" if channel == "web" and file else ""
    return f"{external_id}:{step_id(number, index)}{suffix}"


class _Applicant:
    """What every channel's applicant keeps: its number, the workers, its HTTP client."""

    channel = ""

    def __init__(self, number: int, bases: list[str], tally: Tally,
                 client: aiohttp.ClientSession, external_id: str) -> None:
        self.number, self.bases, self.tally, self.client = number, bases, tally, client
        self.external_id = external_id
        self.unanswered = 0
        self.missed_in_a_row = 0

    async def answer_seen(self, texts: list[str], after: int, expected: str) -> None:
        """Wait for the answer like a person reading the chat; count it when it never comes."""
        wait = ANSWER_WAIT if self.missed_in_a_row < 3 else STRAYED_WAIT
        if await answered(texts, after, expected, wait):
            self.missed_in_a_row = 0
        else:
            self.unanswered += 1
            self.missed_in_a_row += 1

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        await self.client.close()


class Web(_Applicant):
    channel = "web"

    def __init__(self, number: int, bases: list[str], tally: Tally) -> None:
        super().__init__(number, bases, tally, aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=PLATFORM_TIMEOUT), "")
        self.opening = False
        """The welcome page stores nothing; its forms have the first answer run the opening."""

    async def start(self) -> None:
        async def page(base: str) -> tuple[int, str]:
            async with self.client.get(f"{base}/") as answer:
                return answer.status, await answer.text()

        _, body = await until_acknowledged(self.bases, self.tally, self.channel, page)
        self.opening = 'name="opening" value="1"' in body
        cookie = next(c for c in self.client.cookie_jar if c.key == COOKIE_NAME)
        self.external_id = CookieSigner(SECRET_KEY.encode()).verify(cookie.value) or ""

    async def step(self, step: Step, index: int, data: bytes | None, answer: str) -> bool:
        message_id = str(step_id(self.number, index))

        async def post(base: str) -> tuple[int, str]:
            if data is None:
                form: Any = {"msg": message_id, step.kind: step.value,
                             **({"opening": "1"} if self.opening else {})}
                url = f"{base}/send"
            else:
                form = aiohttp.FormData()
                form.add_field("msg", message_id)
                form.add_field("file", data, filename=step.value, content_type="image/jpeg")
                url = f"{base}/upload"
            async with self.client.post(url, data=form, allow_redirects=False) as answer:
                return answer.status, answer.headers.get("Location", "")

        status, location = await until_acknowledged(self.bases, self.tally, self.channel, post)
        self.opening = False
        return status == 303 and "refused" not in location


class Telegram(_Applicant):
    channel = "telegram"

    def __init__(self, number: int, bases: list[str], tally: Tally, platforms: Any) -> None:
        self.chat = 700_000 + number
        self.api = platforms.bot_api
        super().__init__(number, bases, tally, aiohttp.ClientSession(timeout=PLATFORM_TIMEOUT),
                         str(self.chat))

    def _update(self, update_id: int, step: Step, data: bytes | None) -> dict[str, Any]:
        user = {"id": self.chat, "is_bot": False, "first_name": "申请人",
                "language_code": "zh-hans"}
        chat = {"id": self.chat, "type": "private"}
        if step.kind == "choice":
            return {"update_id": update_id, "callback_query": {
                "id": str(update_id), "from": user, "chat_instance": "soak", "data": step.value,
                "message": {"message_id": 1, "date": 0, "chat": chat}}}
        message: dict[str, Any] = {"message_id": update_id, "date": int(time.time()),
                                   "from": user, "chat": chat}
        if data is None:
            message["text"] = step.value
        else:
            file_id = f"soak-{update_id}"
            self.api.files[file_id] = data
            message["photo"] = [{"file_id": file_id, "file_unique_id": f"u{file_id}",
                                 "width": 1200, "height": 900, "file_size": len(data)}]
        return {"update_id": update_id, "message": message}

    async def step(self, step: Step, index: int, data: bytes | None, answer: str) -> bool:
        update = self._update(step_id(self.number, index), step, data)
        texts = self.api.texts[self.chat]
        before = len(texts)

        async def post(base: str) -> tuple[int, str]:
            async with self.client.post(f"{base}/telegram/webhook", json=update, headers={
                    "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}) as answer:
                return answer.status, await answer.text()

        status, _ = await until_acknowledged(self.bases, self.tally, self.channel, post)
        await self.answer_seen(texts, before, answer)
        return status == 200


class WeChat(_Applicant):
    channel = "wechat"

    def __init__(self, number: int, bases: list[str], tally: Tally, platforms: Any) -> None:
        self.api = platforms.wechat_api
        super().__init__(number, bases, tally, aiohttp.ClientSession(timeout=WECHAT_TIMEOUT),
                         f"o-soak-{number:04d}")

    async def _deliver(self, xml: str) -> tuple[int, str]:
        async def post(base: str) -> tuple[int, str]:
            query, body = encrypted(xml, nonce=uuid.uuid4().hex[:10])
            async with self.client.post(f"{base}/wechat", params=query,
                                        data=body.encode()) as answer:
                text = await answer.text()
                if answer.status != 200:
                    return answer.status, text
                return answer.status, reply_content(text, AES_KEY, query)

        return await until_acknowledged(self.bases, self.tally, self.channel, post)

    async def step(self, step: Step, index: int, data: bytes | None, answer: str) -> bool:
        msg_id = step_id(self.number, index)
        if data is None:
            xml = text_xml(self.external_id, step.typed, msg_id)
        else:
            media_id = f"soak-{msg_id}"
            self.api.media[media_id] = data
            xml = image_xml(self.external_id, media_id, msg_id)
        texts = self.api.per_user[self.external_id]
        before = len(texts)
        status, reply = await self._deliver(xml)
        if random.random() < REPLAY:
            self.tally.add(self.channel, "replayed")
            _, again = await self._deliver(xml)
            if "success" not in (reply, again) and again != reply:
                self.tally.add(self.channel, "replay answered differently")
        if not is_answer(reply, answer):
            await self.answer_seen(texts, before, answer)
        return status == 200
