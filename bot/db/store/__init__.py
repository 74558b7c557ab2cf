"""The storage operations the conversation and services need, as small async functions.

Every function takes the caller's `AsyncSession` and never commits: run one inbound message in
one transaction (`async with sessions.begin() as session:`) and on `ConcurrentUpdate` or
`DuplicateInbound` roll back and handle as their docstrings say.
"""

from bot.db.store.answers import (
    StoredAnswer,
    find_applicants_by_fact,
    load_answers,
    load_facts,
    load_facts_of,
    save_answer,
    save_answers,
)
from bot.db.store.applications import packet_statuses
from bot.db.store.common import (
    ConcurrentUpdate,
    DuplicateInbound,
    PlaintextIdNumber,
    StoreError,
)
from bot.db.store.dialog import DialogState, load_dialog, save_dialog
from bot.db.store.identities import (
    ApplicantRef,
    applicant_of,
    create_senders,
    find_or_create_applicant,
    set_locale,
)
from bot.db.store.journal import (
    ConsentRecord,
    append_event,
    current_consent,
    processed_reply,
    purge_processed_inbound,
    record_consent,
    record_processed,
    withdraw_consent,
)
from bot.db.store.privacy import delete_applicant, export_applicant
from bot.db.store.turns import OpenedTurn, Sender, claim_applicant, open_turn, open_turns

__all__ = [
    "ApplicantRef",
    "ConcurrentUpdate",
    "ConsentRecord",
    "DialogState",
    "DuplicateInbound",
    "OpenedTurn",
    "PlaintextIdNumber",
    "Sender",
    "StoreError",
    "StoredAnswer",
    "append_event",
    "applicant_of",
    "claim_applicant",
    "create_senders",
    "current_consent",
    "delete_applicant",
    "export_applicant",
    "find_applicants_by_fact",
    "find_or_create_applicant",
    "load_answers",
    "load_dialog",
    "load_facts",
    "load_facts_of",
    "open_turn",
    "open_turns",
    "packet_statuses",
    "processed_reply",
    "purge_processed_inbound",
    "record_consent",
    "record_processed",
    "save_answer",
    "save_answers",
    "save_dialog",
    "set_locale",
    "withdraw_consent",
]
