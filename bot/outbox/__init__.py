"""The outbox: one way out for every message to an applicant or a clerk.

Feature code queues an `Envelope` with `enqueue` in its own transaction; the `OutboxWorker`
delivers it through the channel's sender (`Channel`), retrying until the platform accepts it or
dead-lettering it with the reason. Nothing else sends.
"""

from bot.outbox.channel import Channel
from bot.outbox.models import DEAD, PENDING, SENDING, SENT, OutboxMessage
from bot.outbox.store import Envelope, claim, enqueue, rows_for, settle
from bot.outbox.verdicts import Accepted, Backoff, Final, Retry, Verdict
from bot.outbox.worker import OutboxWorker

__all__ = ["DEAD", "PENDING", "SENDING", "SENT", "Accepted", "Backoff", "Channel", "Envelope",
           "Final", "OutboxMessage", "OutboxWorker", "Retry", "Verdict", "claim", "enqueue",
           "rows_for", "settle"]
