"""The application as plain data in the dialog state, and the pure rules about it.

An application is a JSON dict in `state.application`, so it is saved with every turn and survives
restarts and channel switches. Its steps come from the programme pack alone: every form field,
every document except the generated form, the essay, every declaration, then the review.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from dialogs.fields import plan
from eligibility.model import Document, Programme
from eligibility.rules import Context

DONE = ("provided", "not_applicable", "later", "needs_help")
"""Item states the walk moves past; `later` and `needs_help` are pending: they block
submission unless the item is optional or the notice allows items to follow."""
PENDING = ("later", "needs_help")

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def steps(programme: Programme) -> list[str]:
    """Every step in order: `field:ID`, `doc:ID`, `essay:ID`, `decl:ID`. Boxes the system
    fills or that repeat another box are never steps, nor are the office's own papers."""
    out = [f"field:{f.id}" for f in programme.form.fields if plan.is_asked(f)]
    for document in programme.documents:
        if document.by == "office":
            continue
        if document.kind == "essay":
            out.append(f"essay:{document.id}")
        elif document.kind != "form":
            out.append(f"doc:{document.id}")
    out += [f"decl:{d.id}" for d in programme.declarations]
    return out


def new(programme: Programme, category: str | None) -> dict[str, Any]:
    return {"programme": programme.id, "category": category, "status": "collecting",
            "fields": {}, "items": {}, "essay": {"text": "", "sections": {}, "mode": None},
            "declarations": {}, "cursor": steps(programme)[0], "receipt": None,
            "submitted_on": None, "act_by": None, "office_note": None, "reopened": []}


def document(programme: Programme, doc_id: str) -> Document:
    return next(d for d in programme.documents if d.id == doc_id)


def conditions(programme: Programme, answers: dict[str, Any], today: dt.date,
               category: str | None = None) -> dict[str, bool | None]:
    """Whether each conditional document (`when:`, keyed by its id) and each conditional box
    (keyed `field:ID`) applies to this applicant: True, False, or None while a fact it needs
    is unknown. Unknown counts as required (with the condition shown), so nothing is silently
    dropped from a packet; false means not applicable."""
    facts = plan.facts_of(answers)
    ctx = Context(facts, today)
    out: dict[str, bool | None] = {
        d.id: d._when.evaluate(ctx).value for d in programme.documents if d._when is not None}
    for field in programme.form.fields:
        if field._when is not None or field.categories:
            out[f"field:{field.id}"] = plan.applies(field, facts, category, today)
    return out


def refresh_conditions(programme: Programme, app: dict[str, Any], answers: dict[str, Any],
                       today: dt.date, id_mask: str | None = None) -> None:
    """Re-evaluate the conditions and the boxes filled from earlier answers on every turn:
    answers corrected in 我的资料 take effect."""
    app["conditions"] = conditions(programme, answers, today, app.get("category"))
    facts = plan.facts_of(answers)
    app["prefilled"] = {f.id: value for f in programme.form.fields if plan.is_asked(f)
                        and (value := plan.prefilled(f, answers, facts, id_mask)) is not None}


def applies(app: dict[str, Any], doc_id: str) -> bool | None:
    """True unless the document's condition is known to be false (None: not yet known)."""
    value = app.get("conditions", {}).get(doc_id, True)
    return None if value is None else bool(value)


def item_status(app: dict[str, Any], key: str) -> str | None:
    """The item's own status, or `not_applicable` when its condition does not hold."""
    if applies(app, key) is False:
        return "not_applicable"
    return app["items"].get(key, {}).get("status")


def field_applies(app: dict[str, Any], field_id: str) -> bool | None:
    value = app.get("conditions", {}).get(f"field:{field_id}", True)
    return None if value is None else bool(value)


def is_done(app: dict[str, Any], step: str) -> bool:
    kind, _, key = step.partition(":")
    if kind == "field":
        return (key in app["fields"] or key in app.get("prefilled", {})
                or field_applies(app, key) is False)
    if kind in ("doc", "essay"):
        return item_status(app, key) in DONE
    return key in app["declarations"]


def next_open(programme: Programme, app: dict[str, Any], after: str | None = None) -> str:
    """The first unanswered step after `after` (wrapping round), or `review`."""
    order = steps(programme)
    start = order.index(after) + 1 if after in order else 0
    for step in order[start:] + order[:start]:
        if not is_done(app, step) and (not app["reopened"] or step in app["reopened"]):
            return step
    return "review"


def progress(programme: Programme, app: dict[str, Any]) -> tuple[int, int]:
    order = steps(programme)
    return sum(is_done(app, s) for s in order), len(order)


def _required(programme: Programme, app: dict[str, Any]) -> dict[str, bool]:
    fields = {f"field:{f.id}": f.required and field_applies(app, f.id) is not False
              for f in programme.form.fields}
    documents = {f"{'essay' if d.kind == 'essay' else 'doc'}:{d.id}":
                 d.required and applies(app, d.id) is not False for d in programme.documents
                 if d.by == "applicant"}
    return fields | documents


def missing_required(programme: Programme, app: dict[str, Any]) -> list[str]:
    """Required steps still open: these block submission (optional ones never do)."""
    required = _required(programme, app)
    return [step for step in steps(programme)
            if required.get(step, True) and not is_done(app, step)]


def pending(programme: Programme, app: dict[str, Any]) -> list[str]:
    """Items marked 稍后补交 or 需要帮助, in order (the office sees them as 待补交)."""
    return [step for step in steps(programme) if step.partition(":")[0] in ("doc", "essay")
            and item_status(app, step.partition(":")[2]) in PENDING]


def blocking_pending(programme: Programme, app: dict[str, Any]) -> list[str]:
    """Pending items that stop submission: required ones, unless the notice lets items
    follow the packet."""
    if programme.submission.pending_allowed:
        return []
    required = _required(programme, app)
    return [step for step in pending(programme, app) if required.get(step, True)]


def receipt(programme: Programme, today: dt.date, nonce: str) -> str:
    """A receipt like HF-2024-0107-3K9Q, derived from the message key: a retried message
    produces the same number, and the engine stays deterministic."""
    initials = "".join(part[0] for part in programme.id.split("-")[:2]).upper()
    digest = int.from_bytes(hashlib.sha256(f"{programme.id}|{nonce}".encode()).digest()[:8])
    code = ""
    for _ in range(4):
        digest, index = divmod(digest, len(RECEIPT_ALPHABET))
        code += RECEIPT_ALPHABET[index]
    return f"{initials}-{today:%Y}-{today:%m%d}-{code}"


def office_deadline(programme: Programme, today: dt.date) -> dt.date | None:
    """The date by which the receiving office must act: the first office deadline after the
    applicant's own, falling back to the applicant's deadline itself."""
    fallback = None
    for entry in programme.timeline:
        end = entry.end.to_date() if entry.end else None
        if end is None or end < today:
            continue
        if entry.who != "applicant":
            return end
        fallback = fallback or end
    return fallback


def reopen(app: dict[str, Any], items: list[str], note: str) -> dict[str, Any]:
    """A returned packet: only the named steps open again, everything else stays as sent."""
    for step in items:
        kind, _, key = step.partition(":")
        if kind in ("doc", "essay"):
            app["items"].pop(key, None)
        elif kind == "field":
            app["fields"].pop(key, None)
        else:
            app["declarations"].pop(key, None)
    app.update(status="returned", office_note=note, reopened=list(items),
               cursor=items[0] if items else "review")
    return app
