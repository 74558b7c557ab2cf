"""The end-of-run checks: the database and the mail sink held to what was acknowledged.

For every applicant whose every step was acknowledged: exactly one application, its form fields
exactly those the engine derives from the acknowledged answers, its documents exactly the bytes
acknowledged (by hash, in the database and inside the packet file), the packet emailed exactly
once with the packet as attached. Then: no reminder sent twice to one person on one day (when the
reminders table exists), and no 5xx answer seen by Telegram or WeChat.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.applications import Application, Outbox
from bot.db.channels import TelegramInbox
from bot.db.models import ChannelIdentity, ProcessedInbound
from bot.db.session import create_engine, create_sessionmaker
from soak.applicant import Ledger
from soak.channels import processed_key, step_id
from soak.delivery import Tally
from soak.platforms import MailSink

PLATFORMS = ("telegram", "wechat")


@dataclass
class Verdict:
    counts: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)

    def fail(self, what: str) -> None:
        self.violations.append(what)


def _packet_hashes(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return {hashlib.sha256(archive.read(name)).hexdigest() for name in archive.namelist()}


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_application(verdict: Verdict, ledger: Ledger, row: Application,
                       files_dir: Path) -> bool:
    """Hold one application to the ledger; False when its form fields are not the answers."""
    who = f"{ledger.channel} applicant {ledger.number} ({row.receipt})"
    intact = row.data.get("fields") == ledger.plan.fields
    if not intact:
        verdict.fail(f"{who}: form fields differ from the acknowledged answers")
    else:
        verdict.counts["answers intact"] += len(ledger.plan.fields)
    stored = sorted(ref["sha256"] for item in row.data.get("items", {}).values()
                    for ref in item.get("files", []))
    if stored != sorted(ledger.uploads):
        verdict.fail(f"{who}: {len(stored)} documents stored, {len(ledger.uploads)} "
                     "acknowledged, or different bytes")
    packet = files_dir / row.packet_path
    if not packet.exists() or _file_sha256(packet) != row.packet_sha256:
        verdict.fail(f"{who}: the packet file is missing or changed")
        return intact
    missing = set(ledger.uploads) - _packet_hashes(packet)
    if missing:
        verdict.fail(f"{who}: {len(missing)} acknowledged documents are not in the packet")
    else:
        verdict.counts["documents intact"] += len(ledger.uploads)
    return intact


async def _applications(session: AsyncSession, ledger: Ledger) -> list[Application]:
    rows = await session.scalars(
        select(Application).join(ChannelIdentity,
                                 ChannelIdentity.applicant_id == Application.applicant_id)
        .where(ChannelIdentity.channel == ledger.channel,
               ChannelIdentity.external_id == ledger.external_id))
    return list(rows.all())


async def _unprocessed(session: AsyncSession, ledger: Ledger) -> list[int]:
    """The acknowledged steps the conversation has no record of processing."""
    keys = {processed_key(ledger.channel, ledger.external_id, ledger.number, index,
                          step.kind == "file"): index
            for index, step in enumerate(ledger.plan.steps[:ledger.acknowledged])}
    found = set(await session.scalars(select(ProcessedInbound.message_key).where(
        ProcessedInbound.channel == ledger.channel,
        ProcessedInbound.message_key.in_(list(keys)))))
    return sorted(index for key, index in keys.items() if key not in found)


async def _astray(session: AsyncSession, ledger: Ledger) -> str:
    """The first step whose stored answer is not the engine's (for the violation message)."""
    for index, step in enumerate(ledger.plan.steps[:ledger.acknowledged]):
        key = processed_key(ledger.channel, ledger.external_id, ledger.number, index,
                            step.kind == "file")
        reply = await session.scalar(select(ProcessedInbound.reply).where(
            ProcessedInbound.channel == ledger.channel, ProcessedInbound.message_key == key))
        outbound = (reply or {}).get("outbound") or [{}]
        got = str(outbound[0].get("text", ""))
        if index and got != ledger.plan.answers[index]:
            return (f"step {index} ({step.kind} {step.value[:20]!r}) was answered "
                    f"{got[:60]!r}, the engine answers {ledger.plan.answers[index][:60]!r}; "
                    f"answers not seen for steps {ledger.unseen}"
                    + await _inbox(session, ledger, index))
    return "every stored answer is the engine's"


async def _inbox(session: AsyncSession, ledger: Ledger, index: int) -> str:
    """For Telegram: the inbox rows of the step that went astray and the one before it."""
    if ledger.channel != "telegram":
        return ""
    rows = (await session.scalars(select(TelegramInbox).where(TelegramInbox.update_id.in_(
        [step_id(ledger.number, index - 1), step_id(ledger.number, index)]))
        .order_by(TelegramInbox.update_id))).all()
    return "; inbox: " + ", ".join(
        f"step {row.update_id % 1000} {row.status} after {row.attempts} attempts, received "
        f"{row.received_at:%H:%M:%S.%f}, finished {row.finished_at or '-'}" for row in rows)


def _check_mail(verdict: Verdict, emailed: dict[str, Application], mail: MailSink) -> None:
    """Each packet must reach the office as exactly one message. SMTP cannot be exactly-once
    on the wire: a worker killed after the server accepted the packet but before the outbox
    row was marked sends it again. That resend carries the same Message-ID (bot.services.mail),
    which is how mail systems recognise a duplicate; it is counted, not failed. Two different
    messages for one packet, or none, fail."""
    per_receipt = Counter(m.receipt for m in mail.mails)
    for receipt, row in emailed.items():
        count = per_receipt[receipt]
        ids = {m.message_id for m in mail.mails if m.receipt == receipt}
        if len(ids) != 1 or "" in ids:
            verdict.fail(f"packet {receipt} was emailed {count} times "
                         f"({len(ids)} distinct Message-IDs)")
            continue
        verdict.counts["packets emailed once"] += 1
        if count > 1:
            verdict.counts["packets re-sent with the same Message-ID after a kill"] += 1
        attached = next(m.attachment_sha256 for m in mail.mails if m.receipt == receipt)
        if attached is not None and attached != row.packet_sha256:
            verdict.fail(f"packet {receipt}: the emailed attachment is not the packet")
    strays = set(per_receipt) - set(emailed)
    if strays:
        verdict.fail(f"{len(strays)} emails for receipts no applicant acknowledged")


async def _check_reminders(verdict: Verdict, session: AsyncSession) -> None:
    connection = await session.connection()
    tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    if "reminder_jobs" not in tables:
        verdict.counts["reminders (no reminder_jobs table on this branch)"] += 0
        return
    sent = (await connection.execute(text(
        "SELECT count(*) FROM reminder_jobs WHERE sent_at IS NOT NULL"))).scalar_one()
    verdict.counts["reminders sent"] += int(sent)
    twice = (await connection.execute(text(
        "SELECT applicant_id, CAST(sent_at AS DATE) AS day, count(*) FROM reminder_jobs "
        "WHERE sent_at IS NOT NULL GROUP BY applicant_id, CAST(sent_at AS DATE) "
        "HAVING count(*) > 1"))).all()
    for applicant, day, count in twice:
        verdict.fail(f"applicant {applicant} got {count} reminders on {day}")


async def check(database_url: str, files_dir: Path, ledgers: list[Ledger], mail: MailSink,
                tally: Tally) -> Verdict:
    verdict = Verdict()
    engine = create_engine(database_url)
    emailed: dict[str, Application] = {}
    try:
        async with create_sessionmaker(engine)() as session:
            for ledger in ledgers:
                if not ledger.finished:
                    verdict.fail(f"{ledger.channel} applicant {ledger.number}: stopped after "
                                 f"{ledger.acknowledged} of {len(ledger.plan.steps)} steps")
                    continue
                lost = await _unprocessed(session, ledger)
                if lost:
                    verdict.fail(f"{ledger.channel} applicant {ledger.number}: steps {lost} "
                                 "were acknowledged but never processed")
                else:
                    verdict.counts["acknowledged steps processed"] += ledger.acknowledged
                rows = await _applications(session, ledger)
                if len(rows) != 1:
                    verdict.fail(f"{ledger.channel} applicant {ledger.number}: {len(rows)} "
                                 "applications after one acknowledged submission; "
                                 f"{await _astray(session, ledger)}")
                    continue
                verdict.counts["applications"] += 1
                if not _check_application(verdict, ledger, rows[0], files_dir):
                    verdict.fail(f"{ledger.channel} applicant {ledger.number}: "
                                 f"{await _astray(session, ledger)}")
            queued_ids = set(await session.scalars(select(Outbox.application_id)))
            every = (await session.scalars(select(Application))).all()
            emailed = {row.receipt: row for row in every if row.id in queued_ids}
            await _check_reminders(verdict, session)
    finally:
        await engine.dispose()
    _check_mail(verdict, emailed, mail)
    for channel in PLATFORMS:
        if tally.get(channel, "5xx"):
            verdict.fail(f"{channel} saw {tally.get(channel, '5xx')} answers with status 5xx")
    return verdict


def counts_table(verdict: Verdict, tally: Tally, extra: dict[str, Any]) -> str:
    """The counts as a two-column table."""
    lines = [f"{'count':56} {'value':>8}"]
    for name, value in extra.items():
        lines.append(f"{name:56} {value!s:>8}")
    for (channel, what), value in sorted(tally.counts.items()):
        lines.append(f"{channel + ': ' + what:56} {value:>8}")
    for name, value in sorted(verdict.counts.items()):
        lines.append(f"{'check: ' + name:56} {value:>8}")
    lines.append(f"{'violations':56} {len(verdict.violations):>8}")
    return "\n".join(lines)
