"""The JSON boundary: one call in, one JSON answer out, for the browser worker."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from generator.catalog import CATALOGS, Field, UnknownTemplateError, get_template
from generator.languages import DEFAULT, UnknownLanguageError, language, message
from generator.mailto import mailto_or_fallback
from generator.render import FieldError, clean_value, render_preview
from generator.shared_fields import SHARED_FIELDS
from generator.text import printable

# The etiquette check, the .eml writer and the planner are imported by the
# requests that use them (or by warm_up), not here: in the browser, the first
# preview is what the reader waits for, and it needs none of them.

_FILE_NAME_UNSAFE = re.compile(r"[^\w-]+")


def handle(request_json: str) -> str:
    """Answer one request from the page.

    The worker passes strings both ways, so no Python object ever crosses into
    JavaScript and the page needs no Pyodide types.

    Args:
        request_json: A JSON object whose "op" picks the answer:

            Every request may name its language, `"lang": "de"` (English if it names none).

            - `{"op": "catalog"}`: every template and its fields.
            - `{"op": "preview", "template": ID, "values": {...}, "context": {...}}`:
              the draft so far, its mail-app link and the etiquette check.
              `context` (optional) holds the check's extra inputs: interview_date,
              interview_time, timeline, now, already_followed_up, followed_up_on. With
              `"checks": false` the check is left out (`"checks": null`), so the
              draft comes back sooner as the reader types.
            - `{"op": "check", "template": ID, "values": {...}, "context": {...}}`:
              the etiquette check alone, as `preview` gives it.
            - `{"op": "example", "template": ID}`: the preview of the guide's example
              values; `"checks": false` leaves out the check, as for `preview`.
            - `{"op": "download", "template": ID, "values": {...}, "format": "eml" | "txt"}`:
              the draft as a file.
            - `{"op": "plan", "interview_date", "interview_time", "timeline", "position", "now"}`:
              the follow-up plan and its calendar; `now` is an ISO date-time in UTC.

    Returns:
        The answer as JSON. Every answer has `ok`; problems with the reader's
        input come as `"errors": [{"field", "message"}]`, and a request that
        cannot be understood as `"error": "..."`.

    """
    try:
        return json.dumps(_answer(request_json))
    except Exception as error:  # the last net under the checks below: every request gets an answer with ok
        return json.dumps({"ok": False, "error": f"the request could not be answered ({type(error).__name__})"})


MAX_REQUEST_CHARACTERS = 128 * 1024
"""The longest request text `handle` reads, checked before it is parsed.

The page's largest request, every field at its limit in the costliest JSON
form, is well under half of this.
"""


def _answer(request_json: str) -> dict[str, object]:
    if not isinstance(request_json, str):
        return {"ok": False, "error": "bad request: a request is JSON text"}
    if len(request_json) > MAX_REQUEST_CHARACTERS:
        return {
            "ok": False,
            "error": f"bad request: {len(request_json):,} characters, more than a request may hold "
            f"({MAX_REQUEST_CHARACTERS:,})",
        }
    try:
        if _too_deep(request_json):
            raise RecursionError
        request = json.loads(request_json)
        if not isinstance(request, dict):
            return {"ok": False, "error": "bad request: expected a JSON object"}
        op = request["op"]
        if not isinstance(op, str) or op not in _OPERATIONS:
            return {"ok": False, "error": f"unknown op {printable(repr(op)[:60])}"}
        return _OPERATIONS[op](request)
    except (UnknownTemplateError, UnknownLanguageError) as error:
        return {"ok": False, "error": printable(str(error))}
    except RecursionError:
        return {"ok": False, "error": "bad request: nested too deeply"}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return {"ok": False, "error": f"bad request: {printable(repr(error)[:200])}"}


# No real request nests more than a few levels. In Pyodide, a deeply nested one
# exhausts the browser's stack inside json.loads before Python can raise
# RecursionError, and that kills the interpreter: refuse it first.
_MAX_DEPTH = 32
# Possessive: a string is matched in one pass, and an unclosed one fails at once.
_STRINGS = re.compile(r'"(?:[^"\\]++|\\.)*+"')
_BRACKETS = re.compile(r"[\[\]{}]")


def warm_up() -> None:
    """Import what the first preview did not need, so the first check or download does not wait for it.

    The browser's worker calls this once the first previews are answered,
    while the reader is still reading.
    """
    importlib.import_module("generator.checks")
    importlib.import_module("generator.drafts")
    importlib.import_module("generator.ics")


def _too_deep(text: str) -> bool:
    depth = 0
    for found in _BRACKETS.finditer(_STRINGS.sub("", text)):
        character = found.group()
        if character in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return True
        elif character in "]}":
            depth -= 1
    return False


def _lang(request: Mapping[str, object]) -> str:
    """The language a request asks for, English if it names none."""
    lang = request.get("lang", DEFAULT)
    if not isinstance(lang, str) or lang not in CATALOGS:
        raise UnknownLanguageError(lang[:40] if isinstance(lang, str) else type(lang).__name__)
    return lang


def _catalog(request: Mapping[str, object]) -> dict[str, object]:
    return {"ok": True, "templates": [t.to_dict() for t in CATALOGS[_lang(request)].values()]}


def _example(request: Mapping[str, object]) -> dict[str, object]:
    template_id = request["template"]
    lang = _lang(request)
    values = get_template(template_id, lang).example_values()  # type: ignore[arg-type] # another type is unknown
    return _preview({"template": template_id, "values": values, "checks": request.get("checks", True), "lang": lang})


def _preview(request: Mapping[str, object]) -> dict[str, object]:
    template_id: str = request["template"]  # type: ignore[assignment] # an id of another type is unknown
    values = _mapping(request["values"])
    preview = render_preview(template_id, values, _lang(request))
    email = preview.email
    link = mailto_or_fallback(_recipient(values, preview.errors), email.subject, email.body)
    checks = None
    if request.get("checks", True) is not False:
        context = _mapping(request.get("context", {}))
        checks = _checks(template_id, values, email.subject, email.body, context, _lang(request))
    return {
        "ok": not preview.errors,
        "subject": email.subject,
        "body": email.body,
        "mailto": link.url,
        "paste_body": link.paste_body,
        "errors": [e.to_dict() for e in preview.errors],
        "checks": checks,
    }


def _check(request: Mapping[str, object]) -> dict[str, object]:
    template_id: str = request["template"]  # type: ignore[assignment] # an id of another type is unknown
    values = _mapping(request["values"])
    email = render_preview(template_id, values, _lang(request)).email
    context = _mapping(request.get("context", {}))
    return {"ok": True, "checks": _checks(template_id, values, email.subject, email.body, context, _lang(request))}


def _checks(
    template_id: str,
    values: Mapping[str, object],
    subject: str,
    body: str,
    context_data: Mapping[str, object],
    lang: str,
) -> list[dict[str, object]]:
    from generator.checks import check
    from generator.inputs import PlanError, split_check_input

    # Context the page could not fill in well (a half-typed date) only leaves
    # out the timing items; it never stops the rest of the check.
    _, context, _ = split_check_input(context_data)
    try:
        items = check(
            template_id,
            values,
            subject,
            body,
            interview_date=context.interview_date,
            interview_time=context.interview_time,
            timeline=context.timeline,
            now=context.now,
            already_followed_up=context.already_followed_up,
            followed_up_on=context.followed_up_on,
            lang=lang,
        )
    except PlanError:
        items = check(template_id, values, subject, body, lang=lang)
    return [item.to_dict() for item in items]


def _download(request: Mapping[str, object]) -> dict[str, object]:
    from generator.drafts import DraftError, eml_bytes, txt_text

    template_id: str = request["template"]  # type: ignore[assignment] # an id of another type is unknown
    values = _mapping(request["values"])
    preview = render_preview(template_id, values, _lang(request))
    if preview.errors:
        return {"ok": False, "errors": [e.to_dict() for e in preview.errors]}
    email = preview.email
    name = _FILE_NAME_UNSAFE.sub("-", f"{template_id} {values.get('position', '')}".strip()).strip("-").lower()[:80]
    if request["format"] == "txt":
        text = txt_text(email.subject, email.body)
        return {"ok": True, "filename": f"{name}.txt", "mime": "text/plain", "text": text}
    if request["format"] != "eml":
        raise ValueError(f"unknown format {request['format']!r}")
    try:
        draft = eml_bytes(_recipient(values, preview.errors), email.subject, email.body)
    except DraftError as error:
        return {"ok": False, "errors": [{"field": "recipient_email", "message": str(error)}]}
    # eml_bytes writes 7-bit ASCII only, so the text form loses nothing.
    return {"ok": True, "filename": f"{name}.eml", "mime": "message/rfc822", "text": draft.decode("ascii")}


def _plan(request: Mapping[str, object]) -> dict[str, object]:
    from generator.ics import plan_ics
    from generator.inputs import PlanError, split_check_input
    from generator.planner import plan

    lang = _lang(request)
    _, context, errors = split_check_input(
        {key: request.get(key) for key in ("interview_date", "interview_time", "timeline")}, lang
    )
    if context.interview_date is None and not errors:
        errors.append(FieldError("interview_date", message(lang, "inputs.interview_date_required")))
    if errors or context.interview_date is None:
        return {"ok": False, "errors": [e.to_dict() for e in errors]}
    try:
        result = plan(context.interview_date, context.interview_time, context.timeline, lang=lang)
    except PlanError as error:
        return {"ok": False, "errors": [{"field": error.field, "message": error.said(lang)}]}
    now = _utc(request.get("now"))
    if now is None:
        return {"ok": False, "errors": [{"field": "now", "message": message(lang, "inputs.now_instant")}]}
    position, problem = clean_value(_plan_position(lang), request.get("position"), lang)
    if problem:
        return {"ok": False, "errors": [{"field": "position", "message": problem}]}
    calendar = plan_ics(result, dtstamp=now, position=position, lang=lang)
    return {"ok": True, "plan": result.to_dict(), "ics": calendar, "filename": "follow-up-plan.ics"}


def _plan_position(lang: str) -> Field:
    """The job title the calendar's events name, held to a position's rules, labelled as the language labels it."""
    label = language(lang).get("shared", {}).get("position", {}).get("label", SHARED_FIELDS["position"]["label"])
    return Field(id="position", label=label, kind="text", example="", required=False, max_length=150)


def _utc(raw: object) -> datetime | None:
    """An ISO date-time as UTC (a time without a zone is local), or None if it is not one the calendar holds."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        return datetime.fromisoformat(raw).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _recipient(values: Mapping[str, object], errors: Sequence[FieldError]) -> str:
    """The recipient's address if it is one; the draft is still useful without it."""
    recipient = values.get("recipient_email", "")
    invalid = any(e.field == "recipient_email" for e in errors)
    return recipient.strip() if isinstance(recipient, str) and not invalid else ""


def _mapping(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise TypeError("expected a JSON object")
    return value


_OPERATIONS: dict[str, Callable[[Mapping[str, object]], dict[str, object]]] = {
    "catalog": _catalog,
    "example": _example,
    "preview": _preview,
    "check": _check,
    "download": _download,
    "plan": _plan,
}
