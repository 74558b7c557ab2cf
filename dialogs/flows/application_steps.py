"""Form fields, documents and declarations: one step each, answered and then moved past.

Fields known from screening are only confirmed. A document takes any number of pages (an ID's
front and back, or a Telegram album arriving as separate messages) until the applicant taps
“传完了”; besides uploading, every document can be marked 不适用 / 稍后补交 / 需要帮助.
"""

from __future__ import annotations

from typing import Any

from dialogs import applications as apps
from dialogs import essay, field_checks, fields
from dialogs.fields import plan
from dialogs.flows import application_help
from dialogs.i18n import lang
from dialogs.masking import mask_text
from dialogs.reply import Reply
from dialogs.types import FileRef, LogEvent, Option, Question, SaveAnswer, UploadRequest
from eligibility.honour_text import honour_text_conflicts
from eligibility.model import Document, FormField, Programme

WAYS_OUT = ("not_applicable", "later", "needs_help")
PHOTO_FLAGS = ("aspect", "low_resolution", "background")


def _field(programme: Programme, field_id: str) -> FormField:
    return next(f for f in programme.form.fields if f.id == field_id)


def _key(reply: Reply) -> str:
    return str(reply.state.application["cursor"]).partition(":")[2]


def _nav(reply: Reply, *extra: tuple[str, str]) -> tuple[Option, ...]:
    return (*(Option(k, reply.t(label)) for k, label in extra),
            Option("checklist", reply.t("app.opt_checklist")))


def ask_field(reply: Reply, programme: Programme) -> None:
    field = _field(programme, _key(reply))
    zh = lang(reply.locale) == "zh"
    app = reply.state.application
    label = field.label if zh else field.label_en
    hint = field.hint if zh else field.hint_en
    limit = fields.limit_of(field)
    text = reply.t("app.field_ask", label=label)
    if hint:
        text += "\n" + reply.t("app.field_hint", hint=hint)
    if limit is not None and (field.type in ("long_text", "table") or field.words):
        text += "\n" + reply.t("app.field_limit", limit=essay.describe(limit, reply.locale))
    current = app["fields"].get(field.id)
    if current is None and field.id in app.get("prefilled", {}):
        state = reply.state
        current = plan.prefilled(field, state.answers, plan.facts_of(state.answers),
                                 state.id_mask, reply.locale)
    extra: list[tuple[str, str]] = []
    if current is not None:
        reply.state.pending["known"] = current
        text += "\n" + reply.t("app.field_current", value=current)
        extra.append(("confirm", "app.opt_keep"))
    else:
        reply.state.pending.pop("known", None)
    if not field.required:
        extra.append(("skip", "app.opt_skip"))
    options = fields.options_of(field, reply.locale)
    choice_only = field.type in ("choice", "multi_choice")
    high = essay.bounds(limit)[1] if limit is not None else None
    reply.ask(Question(text, (*options, *_nav(reply, *extra)),
                       placeholder=PLACEHOLDERS.get(field.type),
                       free_text=not choice_only, multi=field.type == "multi_choice",
                       numbered=field.type != "number", max_chars=high,
                       multiline=field.type in ("long_text", "table")))


PLACEHOLDERS = {"mobile": "13800138000", "landline": "0379-63399296", "phone": "13800138000",
                "date": "2020-06-01", "month": "2020-06", "number": "3", "postcode": "471000",
                "email": "name@example.com", "id_number": "18位身份证号码"}


def on_field(reply: Reply, programme: Programme) -> bool:
    from dialogs.flows.application import advance_to_next

    field = _field(programme, _key(reply))
    app, choice, text = reply.state.application, reply.inbound.choice, reply.inbound.text.strip()
    if choice == "confirm" and reply.state.pending.pop("known", None) is not None:
        advance_to_next(reply, programme)
        return True
    if choice == "skip" and not field.required:
        app["fields"][field.id] = ""
        advance_to_next(reply, programme)
        return True
    if choice is not None and not choice.startswith(("opt:", "multi:")):
        return False
    if not text and choice is None:
        return False
    try:
        parsed = fields.parse(field, text, choice, today=reply.today,
                              answers=reply.state.answers, locale=reply.locale)
    except fields.FieldError as error:
        _refuse(reply, error)
        ask_field(reply, programme)
        return True
    _keep(reply, field, parsed)
    kept = app["fields"].get(field.id)
    if field.fact == "honors" and isinstance(kept, str):
        for conflict in honour_text_conflicts(programme, kept):
            reply.say("app.honour_conflict", written=conflict.written,
                      rule=conflict.criterion.quote)
    advance_to_next(reply, programme)
    return True


def _refuse(reply: Reply, error: fields.FieldError) -> None:
    if error.key == "field.err_identifier":
        reply.say_text(error.values["zh"] if lang(reply.locale) == "zh" else error.values["en"])
    else:
        reply.say(error.key, **error.values)


def _keep(reply: Reply, field: FormField, parsed: fields.Parsed) -> None:
    """Store the box's value, and the fact it is (so it is never asked again). An ID, mobile
    or bank account number is saved encrypted (sensitive effect); only its mask stays in the
    application."""
    state = reply.state
    state.application["fields"][field.id] = parsed.value
    if parsed.secret is not None and field.type == "id_number":
        reply.effect(SaveAnswer("id_number", parsed.secret, "typed", sensitive=True))
        state.id_mask = parsed.value
    elif field_checks.is_sealed_field(field.id):
        reply.effect(SaveAnswer(field_checks.SEALED_PREFIX + field.id, parsed.value, "typed",
                                sensitive=True))
        state.application["fields"][field.id] = mask_text(parsed.value)
    elif field.fact and field.prefill and parsed.fact is not None:
        state.answers[field.fact] = parsed.fact
        reply.effect(SaveAnswer(field.fact, parsed.fact, "typed"))
    limit = fields.limit_of(field)
    if field.words is not None and essay.verdict(parsed.value, limit) == "short":
        reply.say("app.field_short", n=essay.count(parsed.value),
                  limit=essay.describe(limit, reply.locale))


def ask_document(reply: Reply, programme: Programme) -> None:
    document = apps.document(programme, _key(reply))
    zh = lang(reply.locale) == "zh"
    item = reply.state.application["items"].get(document.id, {})
    pages = len(item.get("files", []))
    need = document.spec.count or 1
    text = reply.t("app.doc_ask", name=document.name if zh else document.name_en,
                   count=need, formats=_formats(document.spec.formats))
    if document.note and zh:
        text += f"（{document.note}）"
    reply.outbound.append(UploadRequest(text, document.id))
    _condition(reply, document)
    if document.kind == "licence":
        reply.say("app.credit_code_hint")
    extra: list[tuple[str, str]] = []
    if pages:
        reply.say("app.doc_pages", n=pages)
        extra += [("done", "app.opt_done"), ("delete", "app.opt_delete")]
    if reply.state.application.get("supplementing"):
        reply.ask(Question(reply.t("app.doc_or_supplement"), (*(
            Option(k, reply.t(label)) for k, label in extra),
            Option("menu", reply.t("nav.menu"))), free_text=False))
        return
    extra += [(w, f"app.opt_{w}") for w in WAYS_OUT]
    if not document.required:
        extra.append(("skip", "app.opt_skip"))
    reply.ask(Question(reply.t("app.doc_or"), _nav(reply, *extra), free_text=False))


def page_count(item: dict[str, Any]) -> int:
    """Pages in hand: a PDF counts its pages (an ID's two sides in one file)."""
    return sum(max(1, int(f.get("pages") or 0)) for f in item.get("files", []))


def _condition(reply: Reply, document: Document) -> None:
    """Say when a conditional document is needed: unknown means required, with the condition
    shown so the applicant can mark it 不适用; false means it can be left out."""
    applies = apps.applies(reply.state.application, document.id)
    if document.when_text and applies is None:
        reply.say("app.doc_condition_unknown", condition=document.when_text)
    elif document.when_text and applies is False:
        reply.say("app.doc_condition_false", condition=document.when_text)


def _formats(formats: list[str]) -> str:
    """Paper-only items (a signed 材料书) are sent as a scan or photo of the paper."""
    shown = [f for f in formats if f != "paper"]
    return "、".join(shown or ["jpeg", "png", "pdf"])


def _accepts(formats: list[str], file: FileRef) -> bool:
    if not formats or "paper" in formats:
        return file.kind in ("jpeg", "png", "pdf")
    return file.kind in formats or (file.kind == "jpeg" and "heic" in formats)


def on_document(reply: Reply, programme: Programme) -> bool:
    from dialogs.flows.application import advance_to_next

    document = apps.document(programme, _key(reply))
    app, choice, file = reply.state.application, reply.inbound.choice, reply.inbound.file
    item: dict[str, Any] = app["items"].setdefault(document.id, {"status": None, "files": []})
    if reply.inbound.kind == "file" and file is not None:
        if not _accepts(document.spec.formats, file):
            reply.say("app.doc_wrong_format", formats=_formats(document.spec.formats))
        else:
            _warn(reply, document.kind, file)
            item["files"].append(_file_json(file))
            item["status"] = "provided" if page_count(item) >= (document.spec.count or 1) \
                else None
            reply.effect(LogEvent("document_added", {"item": document.id, "sha256": file.sha256}))
            reply.say("app.doc_received", n=len(item["files"]), need=document.spec.count or 1)
        ask_document(reply, programme)
        return True
    if document.kind == "licence" and reply.inbound.text.strip() and choice is None:
        checked = field_checks.check("credit", reply.inbound.text.strip(), reply.locale)
        if checked.error:
            reply.say_text(checked.error)
            ask_document(reply, programme)
            return True
        item.update(status="provided", code=checked.value)
        reply.say("app.credit_code_saved", code=checked.value)
        advance_to_next(reply, programme)
        return True
    if choice == "delete" and item["files"]:
        removed = item["files"].pop()
        item["status"] = "provided" if page_count(item) >= (document.spec.count or 1) \
            else None
        reply.effect(LogEvent("document_removed", {"item": document.id,
                                                   "sha256": removed.get("sha256", "")}))
        reply.say("app.doc_deleted", n=len(item["files"]))
        ask_document(reply, programme)
        return True
    need = document.spec.count or 1
    if choice == "done" and item["files"] and page_count(item) < need:
        reply.say("app.doc_short", need=need, n=page_count(item))
        ask_document(reply, programme)
        return True
    if choice == "done" and item["files"]:
        item["status"] = "provided"
        if reply.state.application.get("supplementing"):
            application_help.finish_supplement(reply, programme)
            from dialogs.flows.application_review import show_status

            show_status(reply, programme)
            return True
    elif choice in WAYS_OUT:
        item["status"] = choice
        reply.effect(LogEvent("document_marked", {"item": document.id, "status": choice}))
        if choice == "needs_help":
            application_help.ask_for_help(reply, programme, document.id)
    elif choice == "skip" and not document.required:
        item["status"] = "not_applicable"
    else:
        return False
    advance_to_next(reply, programme)
    return True


def _warn(reply: Reply, kind: str, file: FileRef) -> None:
    """Photo checks are advice, not refusals: the office decides, the applicant is told."""
    if kind != "photo":
        if "small_document" in file.flags:
            reply.say("app.photo_low_resolution")
        return
    for flag in PHOTO_FLAGS:
        if flag in file.flags:
            reply.say(f"app.photo_{flag}")


def _file_json(file: FileRef) -> dict[str, Any]:
    return {"ref": file.ref, "name": file.name, "kind": file.kind, "size": file.size,
            "sha256": file.sha256, "width": file.width, "height": file.height,
            "pages": file.pages, "flags": list(file.flags)}


def ask_declaration(reply: Reply, programme: Programme) -> None:
    declaration = next(d for d in programme.declarations if d.id == _key(reply))
    text = declaration.text if lang(reply.locale) == "zh" else declaration.text_en
    reply.ask(Question(reply.t("app.decl_ask", text=text),
                       _nav(reply, ("agree", "app.opt_agree")), free_text=False))


def on_declaration(reply: Reply, programme: Programme) -> bool:
    from dialogs.flows.application import advance_to_next

    if reply.inbound.choice != "agree":
        return False
    key = _key(reply)
    reply.state.application["declarations"][key] = reply.today.isoformat()
    reply.effect(LogEvent("declaration_confirmed", {"declaration": key}))
    advance_to_next(reply, programme)
    return True
