"""The JSON boundary the browser worker calls: one request string in, one JSON answer out."""

import json
import subprocess
import sys

import pytest

from generator import CATALOG, check, mailto_url, render
from generator.api import handle


def _ask(request: object) -> dict[str, object]:
    answer = handle(request if isinstance(request, str) else json.dumps(request))
    assert isinstance(answer, str)
    data = json.loads(answer)
    assert isinstance(data, dict)
    return data


def _values(template_id: str, **changes: object) -> dict[str, object]:
    values: dict[str, object] = dict(CATALOG[template_id].example_values())
    values.update(changes)
    return values


def test_catalog_lists_every_template_as_plain_data() -> None:
    """The "catalog" op answers ok with every template's to_dict(), in catalog order."""
    answer = _ask({"op": "catalog"})
    assert answer == {"ok": True, "templates": [t.to_dict() for t in CATALOG.values()]}


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_complete_preview_is_ok_and_matches_render(template_id: str) -> None:
    """A preview with complete values is ok, has no errors, and is exactly what render() writes."""
    values = _values(template_id, candidate_name="Zoë O'Brien & Co", recipient_email="")
    email = render(template_id, values)
    answer = _ask({"op": "preview", "template": template_id, "values": values})
    assert answer == {
        "ok": True,
        "subject": email.subject,
        "body": email.body,
        "mailto": mailto_url("", email.subject, email.body),
        "paste_body": False,
        "errors": [],
        "checks": [item.to_dict() for item in check(template_id, values, email.subject, email.body)],
    }


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_preview_without_checks_then_check_answer_what_one_preview_does(template_id: str) -> None:
    """`"checks": false` leaves only the check out; the "check" op then gives exactly the check left out."""
    context = {"interview_date": "2026-11-20", "now": "2026-11-27T09:00"}
    request = {"template": template_id, "values": _values(template_id, company=""), "context": context}
    whole = _ask({"op": "preview", **request})
    draft = _ask({"op": "preview", "checks": False, **request})
    assert draft == {**whole, "checks": None}
    assert _ask({"op": "check", **request}) == {"ok": True, "checks": whole["checks"]}


def test_check_of_an_unknown_template_names_it() -> None:
    """The "check" op refuses an unknown template as preview does."""
    answer = _ask({"op": "check", "template": "no-such", "values": {}})
    assert answer["ok"] is False
    assert "no-such" in str(answer["error"])


def test_preview_addresses_the_mailto_link_to_a_valid_recipient() -> None:
    """A valid recipient_email addresses the mailto: link."""
    answer = _ask(
        {"op": "preview", "template": "follow-up", "values": _values("follow-up", recipient_email="hr@x.org")}
    )
    assert answer["ok"] is True
    assert str(answer["mailto"]).startswith("mailto:hr@x.org?subject=")


def test_preview_leaves_an_invalid_recipient_out_of_the_link() -> None:
    """An invalid recipient is reported and left out of the link, which still carries the draft."""
    values = _values("follow-up", recipient_email="hr at x.org")
    answer = _ask({"op": "preview", "template": "follow-up", "values": values})
    assert answer["ok"] is False
    assert [e["field"] for e in answer["errors"]] == ["recipient_email"]
    assert str(answer["mailto"]).startswith("mailto:?subject=")
    assert answer["body"] == render("follow-up", _values("follow-up")).body


def test_incomplete_preview_is_not_ok_and_shows_stand_ins() -> None:
    """An incomplete preview answers ok false, lists each error as {field, message}, and shows stand-ins."""
    answer = _ask({"op": "preview", "template": "thank-you", "values": {"position": "Analyst"}})
    assert answer["ok"] is False
    assert answer["subject"] == "Thank you – [Your Name]"
    assert str(answer["body"]).startswith("Dear [Interviewer],")
    assert "about the Analyst position" in str(answer["body"])
    errors = answer["errors"]
    assert all(set(e) == {"field", "message"} for e in errors)
    assert [e["field"] for e in errors] == ["candidate_name", "interviewer", "highlight", "contribution"]
    assert str(answer["mailto"]).startswith("mailto:?subject=Thank%20you%20%E2%80%93%20%5BYour%20Name%5D&body=")


def test_preview_reports_unknown_and_non_text_values() -> None:
    """Unknown keys and non-text values come back as errors of the draft, not as a failed request."""
    values = _values("thank-you", nickname="JD", position=7)
    answer = _ask({"op": "preview", "template": "thank-you", "values": values})
    assert answer["ok"] is False
    assert {e["field"] for e in answer["errors"]} == {"nickname", "position"}
    assert "about the [Position] position" in str(answer["body"])


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_example_is_the_render_of_the_example_values(template_id: str) -> None:
    """The "example" op answers the preview of the guide's example values: ok, and equal to render()."""
    values = CATALOG[template_id].example_values()
    email = render(template_id, values)
    answer = _ask({"op": "example", "template": template_id})
    assert answer == {
        "ok": True,
        "subject": email.subject,
        "body": email.body,
        "mailto": mailto_url("", email.subject, email.body),
        "paste_body": False,
        "errors": [],
        "checks": [item.to_dict() for item in check(template_id, values, email.subject, email.body)],
    }
    without_check = _ask({"op": "example", "template": template_id, "checks": False})
    assert without_check == answer | {"checks": None}


@pytest.mark.parametrize(
    ("request_json", "expected"),
    [
        ("", "bad request"),
        ("{not json", "bad request"),
        ("null", "bad request"),
        ("[1, 2]", "bad request"),
        ('"preview"', "bad request"),
        ("{}", "bad request"),
        ('{"op": "delete"}', "unknown op 'delete'"),
        ('{"op": ["catalog"]}', "unknown op"),
        ('{"op": "preview", "values": {}}', "bad request"),
        ('{"op": "preview", "template": "thank-you"}', "bad request"),
        ('{"op": "preview", "template": "thank-you", "values": ["a"]}', "bad request"),
        ('{"op": "preview", "template": "thank-you", "values": "text"}', "bad request"),
        ('{"op": "preview", "template": ["thank-you"], "values": {}}', "bad request"),
        ('{"op": "preview", "template": "no-such-template", "values": {}}', "unknown template 'no-such-template'"),
        ('{"op": "example", "template": "no-such-template"}', "unknown template 'no-such-template'"),
        ('{"op": "example", "template": 7}', "unknown template 7"),
        ('{"op": "example"}', "bad request"),
    ],
)
def test_bad_request_answers_an_error_without_raising(request_json: str, expected: str) -> None:
    """A request that cannot be understood answers {"ok": false, "error": ...} saying what was wrong."""
    answer = _ask(request_json)
    assert answer["ok"] is False
    assert set(answer) == {"ok", "error"}
    assert expected in str(answer["error"])


def test_unknown_template_error_lists_the_known_ids() -> None:
    """The error for an unknown template names the templates that do exist."""
    answer = _ask({"op": "example", "template": "thankyou"})
    for template_id in CATALOG:
        assert template_id in str(answer["error"])


def test_lone_surrogate_in_a_value_still_previews() -> None:
    """A value holding a lone surrogate still gets a draft back, not a failed request."""
    request = json.dumps({"op": "preview", "template": "thank-you", "values": _values("thank-you", position="\ud800")})
    answer = _ask(request)
    assert "error" not in answer
    assert answer["subject"] == "Thank you – Jane Doe"


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide has no child processes")
def test_a_preview_needs_neither_the_check_nor_the_eml_writer_until_warm_up() -> None:
    """Importing the API and answering a preview without the check loads no etiquette check, planner or email package.

    In the browser that is Python's start-up the reader waits for; warm_up()
    then loads the rest, as the worker does once the first previews are out.
    """
    probe = """
import json, sys
import generator.api as api
heavy = ("generator.checks", "generator.planner", "generator.drafts", "generator.ics", "email.message")
answer = json.loads(api.handle(json.dumps({"op": "preview", "template": "follow-up", "values": {}, "checks": False})))
before = [name for name in heavy if name in sys.modules]
api.warm_up()
after = [name for name in heavy if name in sys.modules]
print(json.dumps({"subject": answer["subject"], "before": before, "after": after}))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    seen = json.loads(done.stdout)
    assert seen["subject"].startswith("Following Up on Interview")
    assert seen["before"] == []
    assert seen["after"] == [
        "generator.checks",
        "generator.planner",
        "generator.drafts",
        "generator.ics",
        "email.message",
    ]


@pytest.mark.parametrize("lang", ["en", "de", "es", "fr", "pt"])
def test_each_request_answers_in_its_language(lang: str) -> None:
    """`"lang"` picks the catalog's words and the email's language; the native render is the answer."""
    from generator.catalog import CATALOGS

    template = CATALOGS[lang]["follow-up"]
    catalog = _ask({"op": "catalog", "lang": lang})
    assert [t["title"] for t in catalog["templates"]] == [t.title for t in CATALOGS[lang].values()]
    answer = _ask({"op": "example", "template": "follow-up", "lang": lang, "checks": False})
    email = render("follow-up", template.example_values(), lang)
    assert (answer["subject"], answer["body"]) == (email.subject, email.body)


def test_an_unknown_language_is_refused_by_name() -> None:
    answer = _ask({"op": "catalog", "lang": "xx"})
    assert answer == {"ok": False, "error": "unknown language 'xx'; languages: en, de, es, fr, pt"}
    assert _ask({"op": "catalog", "lang": 7})["ok"] is False
