"""Status changes made by an office (the dashboard of #6 calls this), mirrored into the
applicant's dialog state so that 继续我的申报 shows them and a return reopens only the items
the office named. Runs in the caller's transaction; a concurrent applicant turn raises
`store.ConcurrentUpdate` and the caller retries, as the conversation does."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import store
from bot.db.applications import ApplicationStatus
from bot.db.store.applications import change_status, find_by_receipt
from dialogs import applications as apps


async def office_decision(session: AsyncSession, receipt: str, status: ApplicationStatus, *,
                          actor: str, note: str = "", items: list[str] | None = None) -> None:
    application = await find_by_receipt(session, receipt)
    if application is None:
        raise LookupError(f"no application {receipt!r}")
    await change_status(session, application, status, actor=actor, note=note, items=items)
    loaded = await store.load_dialog(session, application.applicant_id)
    state = dict(loaded.state or {})
    app = dict(state.get("application") or {})
    if app.get("receipt") != receipt:
        return
    if status == ApplicationStatus.RETURNED:
        app = apps.reopen(app, list(items or []), note)
    else:
        app.update(status=status.value, office_note=note or app.get("office_note"))
    state["application"] = app
    await store.save_dialog(session, application.applicant_id, state,
                            expected_version=loaded.version)
