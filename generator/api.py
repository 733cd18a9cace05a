"""The JSON boundary: one call in, one JSON answer out, for the browser worker."""

from __future__ import annotations

import json
from collections.abc import Mapping

from generator.catalog import CATALOG, UnknownTemplateError, get_template
from generator.mailto import mailto_url
from generator.render import render_preview


def handle(request_json: str) -> str:
    """Answer one request from the page.

    The worker passes strings both ways, so no Python object ever crosses into
    JavaScript and the page needs no Pyodide types.

    Args:
        request_json: `{"op": "catalog"}`; `{"op": "preview", "template": ID, "values": {...}}`;
            or `{"op": "example", "template": ID}`, the preview of the guide's example values.

    Returns:
        For "preview": `{"ok", "subject", "body", "mailto", "errors": [{"field", "message"}]}`,
        where `ok` is true when the draft is complete. For "catalog": `{"templates": [...]}`.
        A request that cannot be understood gets `{"ok": false, "error": "..."}`.

    """
    try:
        request = json.loads(request_json)
        op = request["op"]
        if op == "catalog":
            return json.dumps({"ok": True, "templates": [t.to_dict() for t in CATALOG.values()]})
        if op == "preview":
            return json.dumps(_preview(request["template"], request["values"]))
        if op == "example":
            return json.dumps(_preview(request["template"], get_template(request["template"]).example_values()))
        return json.dumps({"ok": False, "error": f"unknown op {op!r}"})
    except UnknownTemplateError as error:
        return json.dumps({"ok": False, "error": str(error)})
    except RecursionError:
        return json.dumps({"ok": False, "error": "bad request: nested too deeply"})
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return json.dumps({"ok": False, "error": f"bad request: {error!r}"})


def _preview(template_id: str, values: Mapping[str, object]) -> dict[str, object]:
    preview = render_preview(template_id, values)
    recipient = values.get("recipient_email", "")
    invalid = {e.field for e in preview.errors}
    to = recipient if isinstance(recipient, str) and "recipient_email" not in invalid else ""
    return {
        "ok": not preview.errors,
        "subject": preview.email.subject,
        "body": preview.email.body,
        "mailto": mailto_url(to, preview.email.subject, preview.email.body),
        "errors": [e.to_dict() for e in preview.errors],
    }
