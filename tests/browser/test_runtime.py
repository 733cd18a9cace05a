"""The runtime in the page: Python runs on precompiled files and a trimmed standard library."""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from generator import render
from generator.catalog import CATALOG
from scripts import build_runtime
from tests.browser.conftest import SITE, Served, Traffic, _is_local
from tests.browser.helpers import PAGE_OF, fill_form, python_worker, values_for, wait_ready
from tests.hostile_inputs import HOSTILE

# Inside the worker: answer the requests, then say where each imported module came from. A
# module missing from the trimmed standard library raises ModuleNotFoundError here (handle()
# does not catch it), and a codec missing from it LookupError, failing the test.
_EXERCISE_AND_LIST = """
import json, sys, generator.api

answers = [generator.api.handle(request) for request in requests]
generator.api.warm_up()
json.dumps({
    # Each answered as the page expects: the email, or a field's error; never a failed request.
    "answered": all(json.loads(answer)["ok"] or "errors" in json.loads(answer) for answer in answers),
    # Frozen modules (os, codecs, ...) are inside the interpreter: their __file__ only names a source.
    "files": sorted(
        getattr(m, "__file__", None) or ""
        for m in list(sys.modules.values())
        if getattr(getattr(m, "__spec__", None), "origin", None) != "frozen"
    ),
    "stdlib": next(p for p in sys.path if p.endswith(".zip")),
})
"""


def _requests_to_exercise(texts: list[str]) -> list[str]:
    """The build's own exercise, which the served library was trimmed by, then each kind again with hostile values.

    Sharing the build's list means a new kind of request, added there for the
    trimming, is checked here too.
    """
    requests = build_runtime.requests_of_every_kind()
    context = {"interview_date": "2026-03-02", "timeline": "2 weeks", "now": "2026-03-03T09:00"}
    for template in CATALOG.values():
        for text in texts:
            # Clipped as the page clips what it sends (field-limits.mjs): past that, the field's refusal is the same.
            values = {f.id: text[: 2 * f.limit + 2] for f in template.fields if f.kind != "choice"}
            requests.append(json.dumps({"op": "preview", "template": template.id, "values": values}))
            requests.append(json.dumps({"op": "check", "template": template.id, "values": values, "context": context}))
            for form in ("eml", "txt"):
                requests.append(
                    json.dumps({"op": "download", "template": template.id, "values": values, "format": form})
                )
    plan = {"interview_date": "2026-03-02", "interview_time": "14:30", "timeline": "2 weeks", "position": texts[0]}
    requests.append(json.dumps({"op": "plan", **plan, "now": "2026-03-03T08:00:00+00:00"}))
    return requests


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_the_page_imports_only_precompiled_modules(page: Page, site_url: str, template_id: str) -> None:
    """After every kind of request on every template, each module Python loaded is a .pyc: none is compiled here."""
    page.goto(site_url + PAGE_OF[template_id])
    fill_form(page, template_id, values_for(template_id))
    wait_ready(page, template_id)
    requests = _requests_to_exercise([case.text for case in HOSTILE if case.single_line][:40])
    outcome = json.loads(
        python_worker(page).evaluate(
            "([code, requests]) => { self.pyodide.globals.set('requests', self.pyodide.toPy(requests)); "
            "return self.pyodide.runPython(code); }",
            [_EXERCISE_AND_LIST, requests],
        )
    )
    assert outcome["answered"]
    files = [f for f in outcome["files"] if f]
    from_stdlib = [f for f in files if f.startswith(outcome["stdlib"] + "/")]
    # The engine and its dependencies are imported from the served wheels as they are (python-worker.mjs).
    ours = [f for f in files if re.match(r"/wheels/[\w.-]+\.whl/(generator|jinja2|markupsafe)/", f)]
    assert from_stdlib
    assert {f.split("/")[3] for f in ours} == {"generator", "jinja2", "markupsafe"}
    assert [f for f in files if re.search(r"/(generator|jinja2|markupsafe)/", f) and f not in ours] == []
    assert [f for f in from_stdlib + ours if not f.endswith(".pyc")] == []


def test_each_runtime_file_is_downloaded_once(page: Page, site_url: str, traffic: Traffic) -> None:
    """The worker asks for Pyodide's first files before Pyodide does, and hands it those very responses.

    Were the hand-over to miss (another URL, another request), Pyodide would
    fetch the file again, and a cold visit would download 9 MB twice. The route
    guard turns the browser's cache off, so every request shows here: the
    worker's own script twice, asked for by the page and by the worker (a
    reader's browser answers the second from its cache: the next test).
    """
    page.goto(site_url + PAGE_OF["thank-you"])
    wait_ready(page, "thank-you")
    runtime = Counter(urlsplit(url).path.rsplit("/", 1)[-1] for url in traffic.runtime_requests())
    expected = {path.name: 1 for path in (SITE / "assets" / "runtime").iterdir()} | {"python-worker.mjs": 2}
    assert runtime == expected


def test_a_form_page_asks_for_its_scripts_as_it_loads_and_then_finds_them_cached(
    browser: Browser, site_url: str, served: Served
) -> None:
    """Every module the page and its Python worker load at start is asked for with the page, before the theme's script.

    The worker's script, the forms' script and its imports are named in the
    page's `<head>` (modulepreload), so the browser
    asks for them at once instead of one round trip of imports after another
    (decisions/0025-forms-scripts-preloaded.md); each then reaches the server once, the later import
    answered from the browser's cache. A context without the route guard,
    which would turn the cache off: every request is still watched.
    """
    context = browser.new_context(service_workers="block")
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    try:
        page = context.new_page()
        page.goto(site_url + PAGE_OF["thank-you"])
        wait_ready(page, "thank-you")
        preloaded = page.eval_on_selector_all(
            'link[rel="modulepreload"]', "links => links.map(link => new URL(link.href).pathname.split('/').pop())"
        )
    finally:
        context.close()
    assert [url for url in urls if not _is_local(url)] == []
    names = [urlsplit(url).path.rsplit("/", 1)[-1] for url in urls]
    # Left out: the worker's own later import (python-snapshot.mjs), left to load
    # when its code runs; and the palette switch's script, which the page names
    # itself and which nothing of Python's start waits for.
    loaded = {name for name in names if name.endswith(".mjs")} - {"python-snapshot.mjs", "palette.mjs"}
    loaded -= {name for name in names if name.startswith("pyodide")}
    assert set(preloaded) == loaded, "modules the page loads but does not ask for with the page, or the reverse"
    assert "python-worker.mjs" in preloaded
    theme_script = next(i for i, name in enumerate(names) if re.fullmatch(r"bundle\.\w+\.min\.js", name))
    assert all(names.index(name) < theme_script for name in preloaded), names
    for name in preloaded:
        downloads = [status for path, status in served.responses() if path.endswith("/" + name)]
        assert downloads.count(200) == 1, (name, downloads)


def test_the_standard_library_comes_without_docstrings_but_pyodide_keeps_its_own(page: Page, site_url: str) -> None:
    """The served standard library is compiled as python -OO would (fewer bytes); Pyodide's own modules are not."""
    page.goto(site_url + PAGE_OF["thank-you"])
    wait_ready(page, "thank-you")
    docs = json.loads(
        python_worker(page).evaluate(
            "() => self.pyodide.runPython(`import json, email.message, _pyodide.docstring, generator.render\n"
            "json.dumps({'stdlib': [json.dumps.__doc__, email.message.EmailMessage.__doc__],"
            " 'pyodide': _pyodide.docstring.dedent_docstring.__doc__, 'engine': generator.render.__doc__})`)"
        )
    )
    assert docs["stdlib"] == [None, None]
    assert docs["pyodide"]
    assert docs["engine"]


_RENDER_WITHOUT_COMPILING = """
import importlib, json, jinja2
from generator.catalog import CATALOG
render = importlib.import_module("generator.render")
environment = render._environment()
environment.cache.clear()  # forget the templates the page has used so far
original = jinja2.Environment.compile
def refuse(*args, **kwargs):
    raise AssertionError("Jinja2 compiled a template in the browser")
jinja2.Environment.compile = refuse
try:
    bodies = [render.render(t.id, t.example_values()).body for t in CATALOG.values()]
finally:
    jinja2.Environment.compile = original
json.dumps(bodies)
"""


def test_the_templates_come_compiled_in_the_wheel(page: Page, site_url: str) -> None:
    """Every template renders from the code the wheel carries (generator.render.ShippedTemplateCode)."""
    page.goto(site_url + PAGE_OF["thank-you"])
    wait_ready(page, "thank-you")
    bodies = json.loads(python_worker(page).evaluate("code => self.pyodide.runPython(code)", _RENDER_WITHOUT_COMPILING))
    assert bodies == [render(t.id, t.example_values()).body for t in CATALOG.values()]
