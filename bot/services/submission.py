"""Submitting: the packet built once, the application and its outbox row in one transaction.

Called by the conversation when the engine emits `SubmitApplication`. The office's bound staff
accounts get a notice queued in the same transaction (`bot.services.staff_notices`).
The ID number enters the registration form here, decrypted from the answers store, and never
the dialog state or logs.
The packet file is written (in a worker thread: zipping and the file store block) before the
rows; if the transaction then rolls back (a concurrent turn), the retried turn writes the same
deterministic key again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.db import store
from bot.db.applications import Application
from bot.db.models import SEALED_FIELD_PREFIX
from bot.db.store.applications import (
    add_to_packet,
    create_application,
    find_by_receipt,
    replace_packet,
)
from bot.services import forwarding, offices, packets, staff_notices
from bot.storage import FileStore
from dialogs.profile_state import programme_by_id, programme_in_round
from eligibility.model import Programme

SENSITIVE_FIELDS = ("id_number",)


def _programme(programme_id: str) -> Programme:
    programme = programme_by_id(programme_id)
    if programme is None:
        raise LookupError(f"unknown programme {programme_id!r}")
    return programme


def form_values(programme_id: str, fields: dict[str, Any],
                facts: dict[str, Any]) -> dict[str, str]:
    """The registration form's values: what the applicant confirmed, the full ID, mobile and
    bank account numbers where the dialog only kept their masks. The 照片 box is filled by the
    photo itself (`bot.paperwork.render`), never by words about it."""
    programme = _programme(programme_id)
    values = {key: str(value) for key, value in fields.items()}
    values |= sealed_fields(facts)
    for field in programme.form.fields:
        if (field.id in SENSITIVE_FIELDS or field.fact in SENSITIVE_FIELDS) and facts.get(
                "id_number"):
            values[field.id] = str(facts["id_number"])
    return values


def sealed_fields(facts: dict[str, Any]) -> dict[str, str]:
    """The sealed form values (`field:<id>` answers) by field id, decrypted."""
    return {fact.removeprefix(SEALED_FIELD_PREFIX): str(value) for fact, value in facts.items()
            if fact.startswith(SEALED_FIELD_PREFIX)}


async def submit(session: AsyncSession, vault: Vault, applicant_id: int,
                 application: dict[str, Any], files: FileStore, today: dt.date) -> Application:
    existing = await find_by_receipt(session, application["receipt"])
    programme = _programme(application["programme"])
    if existing is not None:
        programme = programme_in_round(programme.id, existing.data.get("round")) or programme
    facts = await store.load_facts(session, vault, applicant_id)
    office = offices.resolve(programme, application.get("region", {}))
    values = form_values(programme.id, application["fields"], facts)
    suffix = f"-{len(application.get('items', {}))}-{today:%Y%m%d}" if existing else ""
    relative = f"{applicant_id}/packets/{application['receipt']}{suffix}.zip"
    packet = await asyncio.to_thread(packets.build, programme,
                                     {**application, "office": office.name}, values, files,
                                     relative, today)
    data = {**application, "office": office.name, "office_key": office.key,
            "programme_name": programme.name, "applicant_name": values.get("name", ""),
            "round": programme.round_id, "edition": programme.edition}
    if existing is not None:
        await replace_packet(session, existing, data, packet_path=relative,
                             packet_sha256=packet.sha256, packet_size=packet.size)
        row = existing
    else:
        row = await create_application(session, applicant_id, data, office=office.key,
                                       packet_path=relative, packet_sha256=packet.sha256,
                                       packet_size=packet.size)
    if office.email:
        await forwarding.enqueue(session, row, office.email)
    await staff_notices.packet_submitted(session, row)
    return row


async def supplement(session: AsyncSession, vault: Vault, applicant_id: int,
                     application: dict[str, Any], item: str, files: FileStore,
                     today: dt.date) -> Application | None:
    """An item handed in after submitting: the same receipt's packet built again with it.
    The status stays as the office left it; the event and the staff notice say what was
    added (the office sees it among the packet's items, no longer 待补交)."""
    existing = await find_by_receipt(session, application["receipt"])
    if existing is None or existing.applicant_id != applicant_id:
        return None
    programme = programme_in_round(application["programme"], existing.data.get("round")) \
        or _programme(application["programme"])
    facts = await store.load_facts(session, vault, applicant_id)
    merged = {**existing.data, "items": application["items"],
              "added": application.get("added", []),
              "pending": [p for p in existing.data.get("pending", []) if not p.endswith(
                  f":{item}")]}
    values = form_values(programme.id, merged["fields"], facts)
    relative = (f"{applicant_id}/packets/{application['receipt']}-added-{item}-"
                f"{today:%Y%m%d}.zip")
    packet = await asyncio.to_thread(packets.build, programme, merged, values, files,
                                     relative, today)
    await add_to_packet(session, existing, merged, item, packet_path=relative,
                        packet_sha256=packet.sha256, packet_size=packet.size)
    await staff_notices.packet_submitted(session, existing)
    return existing
