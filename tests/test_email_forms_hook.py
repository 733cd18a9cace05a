"""The email_forms hook: markers become forms built from the catalog, and a real strict build of the site."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import PluginError

from generator import CATALOG, Template, mailto_url, render
from tests.built import require_built
from tests.hooks import load_hook

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RUNTIME_LOCK = ROOT / "build" / "runtime" / "pyodide-lock.json"
SITE_URL = "https://example.github.io/follow-up-politely/"
WHEELS = {"follow_up_politely", "jinja2", "markupsafe"}


hook = load_hook("email_forms")


# --- A small HTML tree, enough to query the form ------------------------------------------------------

_ABSENT = object()
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> list[Element]:
        found = [self]
        for child in self.children:
            if isinstance(child, Element):
                found.extend(child.iter())
        return found

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str | None = None, **attrs: str | None) -> list[Element]:
        """Elements with this tag and these attributes: `for_=` is `for`, `data_x=` is `data-x`, None is valueless."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag) and all(e.attrs.get(k, _ABSENT) == v for k, v in wanted.items())
        ]


class _StrictTreeBuilder(HTMLParser):
    """Builds a tree, and fails on an end tag that does not close the open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open_elements = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.open_elements[-1].children.append(element)
        if tag not in _VOID:
            self.open_elements.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open_elements[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open_elements[-1].tag == tag, f"</{tag}> closes <{self.open_elements[-1].tag}>"
        self.open_elements.pop()

    def handle_data(self, data: str) -> None:
        self.open_elements[-1].children.append(data)


def _parse(html: str) -> Element:
    builder = _StrictTreeBuilder()
    builder.feed(html)
    builder.close()
    assert len(builder.open_elements) == 1, f"unclosed <{builder.open_elements[-1].tag}>"
    return builder.root


class _References(HTMLParser):
    """Every tag with its attributes, from a whole built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def email_forms(self) -> list[str | None]:
        """The data-template of each email form (the theme's forms, the planner and panel cards aside)."""
        return [
            attrs.get("data-template")
            for tag, attrs in self.tags
            if tag == "form"
            and ("data-template" in attrs or "fup-form" in (attrs.get("class") or "").split())
            and "data-planner" not in attrs
            and "data-panel-of" not in attrs
        ]


def _references(html: str) -> _References:
    parser = _References()
    parser.feed(html)
    parser.close()
    return parser


# --- Markers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("", []),
        ("# A page\n\nNo form here.\n", []),
        ("<!-- email-form: thank-you -->", ["thank-you"]),
        ("<!--email-form:follow-up-->", ["follow-up"]),
        ("Intro\n\n<!--   email-form:   rejection-reply   -->\n\nOutro", ["rejection-reply"]),
        ("<!-- email-form: follow-up -->\n\n<!-- email-form: thank-you -->", ["follow-up", "thank-you"]),
        ("<!-- a comment about email-form -->\n\nemail-form: thank-you", []),
    ],
)
def test_form_ids_finds_markers_in_page_order(markdown: str, expected: list[str]) -> None:
    """form_ids returns the template id of each `<!-- email-form: ID -->` marker, in page order."""
    assert hook.form_ids(markdown, "page.md") == expected


@pytest.mark.parametrize("marker", ["<!-- email-form: no-such-template -->", "<!-- email-form: Thank-You -->"])
def test_unknown_id_fails_naming_the_page_and_the_id(marker: str) -> None:
    """A marker with an id the catalog lacks raises PluginError naming the page, the id and the known ids."""
    template_id = marker.split(":")[1].strip(" ->")
    with pytest.raises(PluginError) as raised:
        hook.form_ids(f"# Page\n\n{marker}\n", "guide/thank-you.md")
    message = str(raised.value)
    assert "guide/thank-you.md" in message
    assert repr(template_id) in message
    assert all(known in message for known in CATALOG)


def test_empty_marker_fails() -> None:
    """A marker with no id at all fails the build rather than vanishing."""
    with pytest.raises(PluginError, match=r"empty\.md"):
        hook.form_ids("<!-- email-form: -->", "empty.md")


def test_duplicate_marker_fails_naming_the_page_and_the_id() -> None:
    """A page asking for one form twice raises PluginError naming the page and the repeated id."""
    markdown = "<!-- email-form: follow-up -->\n\ntext\n\n<!-- email-form: follow-up -->"
    with pytest.raises(PluginError) as raised:
        hook.form_ids(markdown, "follow-up.md")
    assert "follow-up.md" in str(raised.value)
    assert "'follow-up'" in str(raised.value)
    assert "twice" in str(raised.value)


def test_page_events_swap_the_marker_for_the_form() -> None:
    """on_page_markdown leaves a slot and records the ids; on_page_content fills the slot with the form."""
    page = SimpleNamespace(file=SimpleNamespace(src_uri="thank-you.md"), meta={}, url="thank-you/")
    markdown = hook.on_page_markdown("# Title\n\n<!-- email-form: thank-you -->\n", page=page)
    assert "email-form:" not in markdown
    assert page.meta["email_forms"] == ["thank-you"]
    assert page.meta["starts_python"] is True
    slot = markdown.splitlines()[2]
    assert slot.startswith("<div")
    html = hook.on_page_content(f"<h1>Title</h1>\n{slot}\n", page=page)
    assert html == f"<h1>Title</h1>\n{hook.render_form('thank-you')}\n"


@pytest.mark.parametrize(
    ("markdown", "starts_python"),
    [
        ("# Title\n\n<!-- email-form: thank-you -->\n", True),
        ("# Title\n\n<!-- follow-up-planner -->\n", True),
        ("# Title\n\nNo form here; <!-- a comment --> only.\n", False),
    ],
)
def test_a_page_notes_whether_it_starts_python(markdown: str, starts_python: bool) -> None:
    """A form or the planner starts the Python worker (main.html preloads its script); nothing else does."""
    page = SimpleNamespace(file=SimpleNamespace(src_uri="thank-you.md"), meta={}, url="thank-you/")
    hook.on_page_markdown(markdown, page=page)
    assert page.meta["starts_python"] is starts_python


@pytest.mark.parametrize(
    ("markdown", "worker_script"),
    [("# Title\n\n<!-- email-form: thank-you -->\n", True), ("# Title\n\nNo form here.\n", False)],
)
def test_a_page_names_the_scripts_it_loads_at_start(markdown: str, worker_script: bool) -> None:
    """A page that starts Python asks for the worker's script, the page's script and its imports; others for none."""
    page = SimpleNamespace(file=SimpleNamespace(src_uri="thank-you.md"), meta={}, url="thank-you/")
    hook.on_page_markdown(markdown, page=page)
    graph = [f"assets/javascripts/{name}" for name in hook.module_graph(hook.PAGE_SCRIPT)]
    expected = ["assets/javascripts/python-worker.mjs", *graph] if worker_script else []
    assert page.meta["module_preloads"] == expected


def test_the_pages_script_imports_what_it_names_and_no_more() -> None:
    """The page's module graph, read from the scripts themselves: page.mjs first, then what it imports."""
    graph = hook.module_graph(hook.PAGE_SCRIPT)
    assert graph[0] == "page.mjs"
    forms = {"email-forms.mjs", "draft.mjs", "checklist.mjs", "panel.mjs", "details.mjs", "planner.mjs"}
    assert forms | {"offline.mjs", "page-tools.mjs", "python-client.mjs"} <= set(graph)
    # The worker's script is the worker's, not an import of the page's; its snapshot module loads on demand.
    assert "python-worker.mjs" not in graph
    assert "python-snapshot.mjs" not in hook.module_graph("python-worker.mjs")


def test_the_pages_script_imports_every_module_of_its_graph_itself() -> None:
    """page.mjs names each module it loads, so a page that preloads none finds them all one round trip after it."""
    source = (ROOT / "overrides" / hook.SCRIPTS / hook.PAGE_SCRIPT).read_text("utf-8")
    direct = {match["path"].removeprefix("./") for match in hook._STATIC_IMPORT.finditer(source)}
    assert direct == set(hook.module_graph(hook.PAGE_SCRIPT)[1:])


def test_module_graph_follows_static_imports_at_any_depth_once(tmp_path: Path) -> None:
    """Static imports are followed (multi-line, re-exports, bare), not dynamic ones or strings; each listed once."""
    (tmp_path / "a.mjs").write_text(
        'import {\n  one,\n  two,\n} from "./b.mjs";\nimport "./c.mjs";\nconst later = import("./lazy.mjs");\n'
    )
    (tmp_path / "b.mjs").write_text('export { three } from "./c.mjs";\nimport { a } from "./a.mjs";\n')
    (tmp_path / "c.mjs").write_text('export const three = 3;\nexport const notAnImport = "./d.mjs";\n')
    assert hook.module_graph("a.mjs", tmp_path) == ["a.mjs", "b.mjs", "c.mjs"]


def test_module_graph_names_an_import_that_is_missing(tmp_path: Path) -> None:
    """A script importing a file that does not exist fails the build, naming the file."""
    (tmp_path / "a.mjs").write_text('import { gone } from "./gone.mjs";\n')
    with pytest.raises(PluginError) as raised:
        hook.module_graph("a.mjs", tmp_path)
    assert "gone.mjs" in str(raised.value)


# --- The form -----------------------------------------------------------------------------------------


def _form(template_id: str) -> Element:
    """The template's form (a panel template may follow it, for the script to copy)."""
    forms = [f for f in _parse(hook.render_form(template_id)).find_all("form") if "data-template" in f.attrs]
    assert len(forms) == 1
    return forms[0]


def _controls(form: Element) -> list[Element]:
    """The controls that hold the email's values: named by their field id."""
    return [e for e in form.iter() if e.tag in {"input", "select", "textarea"} and "name" in e.attrs]


TEMPLATES = pytest.mark.parametrize("template", list(CATALOG.values()), ids=lambda t: t.id)


@TEMPLATES
def test_form_names_its_template(template: Template) -> None:
    """The form carries `data-template="ID"` and is labelled by its title."""
    form = _form(template.id)
    assert form.attrs["data-template"] == template.id
    title = form.find_all(id=form.attrs["aria-labelledby"])
    assert len(title) == 1
    assert title[0].text().strip() == f"{template.title}: your details"


@TEMPLATES
def test_one_control_per_field_named_by_its_id(template: Template) -> None:
    """Each catalog field has exactly one control, in catalog order, whose name is the field id."""
    controls = _controls(_form(template.id))
    assert [c.attrs["name"] for c in controls] == [f.id for f in template.fields]
    for spec, control in zip(template.fields, controls, strict=True):
        expected = {"choice": "select", "long-text": "textarea"}.get(spec.kind, "input")
        assert control.tag == expected
        if control.tag == "input":
            assert control.attrs["type"] == ("email" if spec.kind == "email" else "text")
            assert control.attrs["autocomplete"] == spec.autocomplete


@TEMPLATES
def test_choice_controls_offer_the_choices_with_the_example_selected(template: Template) -> None:
    """A select lists the field's choices by value and label, with the example preselected."""
    form = _form(template.id)
    for spec in template.fields:
        if spec.kind != "choice":
            continue
        (select,) = form.find_all("select", name=spec.id)
        options = select.find_all("option")
        assert [(o.attrs["value"], o.text()) for o in options] == [(c.value, c.label) for c in spec.choices]
        assert [o.attrs["value"] for o in options if "selected" in o.attrs] == [spec.example]


@TEMPLATES
def test_text_controls_show_the_example_as_placeholder(template: Template) -> None:
    """Text controls show the field's example in their placeholder, and no placeholder when it is empty."""
    form = _form(template.id)
    for spec in template.fields:
        if spec.kind != "choice":
            (control,) = form.find_all(name=spec.id)
            placeholder = control.attrs.get("placeholder")
            if spec.example:
                assert placeholder is not None
                assert spec.example in placeholder
            else:
                assert placeholder is None


@TEMPLATES
def test_required_fields_are_marked_for_assistive_technology(template: Template) -> None:
    """Required text fields carry aria-required="true"; optional ones say "(optional)" in their label."""
    form = _form(template.id)
    for spec in template.fields:
        (control,) = form.find_all(name=spec.id)
        (label,) = form.find_all("label", for_=control.attrs["id"])
        if spec.kind == "choice":
            continue
        assert control.attrs.get("aria-required") == ("true" if spec.required else None)
        assert ("(optional)" in label.text()) is not spec.required


@TEMPLATES
def test_preview_holds_the_example_email_as_text(template: Template) -> None:
    """The subject and body outputs hold the example email, which reads back exactly as text."""
    form = _form(template.id)
    example = render(template.id, template.example_values())
    (subject,) = form.find_all(data_output="subject")
    (body,) = form.find_all(data_output="body")
    assert subject.text() == example.subject
    assert body.text() == example.body
    assert all(isinstance(child, str) for child in subject.children + body.children)


@TEMPLATES
def test_mailto_link_holds_the_example_email(template: Template) -> None:
    """The "Open in mail app" link is the example email's mailto: URL, unaddressed."""
    example = render(template.id, template.example_values())
    (link,) = _form(template.id).find_all("a", data_action="mailto")
    assert link.attrs["href"] == mailto_url("", example.subject, example.body)


@TEMPLATES
def test_exactly_one_status_region(template: Template) -> None:
    """One role="status" region announces loading and errors."""
    assert len(_form(template.id).find_all(role="status")) == 1


@TEMPLATES
def test_labels_are_tied_to_their_controls(template: Template) -> None:
    """Every control (and the download's progress bar) has one <label for> naming it, and no label points elsewhere."""
    form = _form(template.id)
    labelled = {"input", "select", "textarea", "progress"}
    control_ids = [e.attrs["id"] for e in form.iter() if e.tag in labelled]
    label_targets = [label.attrs["for"] for label in form.find_all("label")]
    assert sorted(label_targets) == sorted(control_ids)
    for spec in template.fields:
        (control,) = form.find_all(name=spec.id)
        (label,) = form.find_all("label", for_=control.attrs["id"])
        assert label.text().strip().startswith(spec.label)


@TEMPLATES
def test_aria_references_point_at_existing_ids(template: Template) -> None:
    """Every id named by aria-describedby or aria-labelledby exists in the form, and ids are unique."""
    form = _form(template.id)
    ids = [e.attrs["id"] for e in form.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    for element in form.iter():
        for attribute in ("aria-describedby", "aria-labelledby"):
            for referenced in (element.attrs.get(attribute) or "").split():
                assert referenced in ids, f"{attribute}={referenced!r}"
    for spec in template.fields:
        (control,) = form.find_all(name=spec.id)
        described = control.attrs["aria-describedby"].split()
        (error,) = form.find_all(data_error_for=spec.id)
        assert error.attrs["id"] in described
        if spec.help:
            (help_text,) = form.find_all(id=f"{control.attrs['id']}-help")
            assert help_text.text() == spec.help
            assert help_text.attrs["id"] in described


@TEMPLATES
def test_fields_and_actions_wait_for_the_script(template: Template) -> None:
    """The fields start disabled and the actions hidden, until the script mounts the form."""
    form = _form(template.id)
    (fieldset,) = form.find_all("fieldset")
    assert "disabled" in fieldset.attrs
    (actions,) = form.find_all(data_actions=None)
    assert "hidden" in actions.attrs


def test_catalog_text_is_escaped_in_the_form(monkeypatch: pytest.MonkeyPatch) -> None:
    """Markup in catalog text reaches the page as text, never as HTML."""
    template = CATALOG["follow-up"]
    tricky = "<b>R&D</b> \"quoted\" 'single'"
    fields = tuple(
        dataclasses.replace(f, label=tricky, help=tricky) if f.id == "position" else f for f in template.fields
    )
    monkeypatch.setitem(CATALOG, "follow-up", dataclasses.replace(template, title=tricky, fields=fields))
    form = _form("follow-up")
    assert form.find_all("b") == []
    assert form.find_all("h3")[0].text().strip() == f"{tricky}: your details"
    (control,) = form.find_all(name="position")
    (label,) = form.find_all("label", for_=control.attrs["id"])
    assert label.text().strip() == tricky


def test_post_build_fails_without_the_runtime(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without the prepared runtime, the build fails and says to run ./scripts/build."""
    monkeypatch.setattr(hook, "RUNTIME_SOURCE", tmp_path / "missing")
    with pytest.raises(PluginError, match=r"\./scripts/build"):
        hook.on_post_build({"site_dir": str(tmp_path / "site")})


def test_post_build_replaces_the_runtime_in_the_site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """After the build, the site's assets/runtime is a fresh copy of the prepared runtime."""
    source = tmp_path / "runtime"
    source.mkdir()
    (source / "pyodide-lock.json").write_text("{}", encoding="utf-8")
    stale = tmp_path / "site" / "assets" / "runtime" / "stale.whl"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    monkeypatch.setattr(hook, "RUNTIME_SOURCE", source)
    hook.on_post_build({"site_dir": str(tmp_path / "site")})
    assert sorted(p.name for p in stale.parent.iterdir()) == ["pyodide-lock.json"]


# --- A real build -------------------------------------------------------------------------------------


def _mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def needs_runtime() -> None:
    """The prepared Python runtime, which a real build copies into the site."""
    require_built(RUNTIME_LOCK, "run ./scripts/build to prepare the Python runtime")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once with `mkdocs build --strict`."""
    needs_runtime()
    site_dir = tmp_path_factory.mktemp("build") / "site"
    result = _mkdocs_build(ROOT / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


def _language_of(page: Path) -> str:
    """The language of a page of docs/: `thank-you.de.md` is German, `thank-you.md` English."""
    return page.name.split(".")[1] if page.name.count(".") == 2 else "en"


def _built_page(site_dir: Path, page: Path) -> Path:
    lang = _language_of(page)
    folder = site_dir if lang == "en" else site_dir / lang
    name = page.name.split(".")[0]
    return folder / "index.html" if name == "index" else folder / name / "index.html"


# The published pages: docs/development/ holds maintainers' notes, which mkdocs.yml leaves out of the site.
DOCS_PAGES = sorted(p for p in DOCS.rglob("*.md") if p.relative_to(DOCS).parts[0] != "development")


@pytest.mark.parametrize("page", DOCS_PAGES, ids=lambda p: p.name)
def test_built_page_has_exactly_its_markers_forms(site: Path, page: Path) -> None:
    """Each built page holds one form per marker in its Markdown, built by render_form, and no other form."""
    lang = _language_of(page)
    ids = hook.form_ids(page.read_text(encoding="utf-8"), page.name, lang)
    html = _built_page(site, page).read_text(encoding="utf-8")
    assert _references(html).email_forms() == ids
    root = "../"  # the language's own root: /de/thank-you/ links into /de/
    for template_id in ids:
        assert hook.render_form(template_id, root, lang) in html
    assert "email-form:" not in html
    assert "data-email-form-slot" not in html


def test_the_not_found_page_is_englishs_and_names_no_translation(site: Path) -> None:
    """Every language's build writes 404.html at the root: the one left is English's, with no alternates."""
    html = (site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    assert not re.search(r'<link rel=" ?alternate"', html)


def test_every_template_has_a_page(site: Path) -> None:
    """Every catalog template appears as a form on some page of the site."""
    for lang in ("en", "de", "es", "fr", "pt"):
        pages = [page for page in DOCS_PAGES if _language_of(page) == lang]
        shown = [i for page in pages for i in hook.form_ids(page.read_text(encoding="utf-8"), page.name, lang)]
        assert sorted(shown) == sorted(CATALOG), lang


def test_pages_that_start_python_and_no_others_preload_its_scripts_from_the_site(site: Path) -> None:
    """A page with a form or the planner preloads the worker's script, then the page's script and its imports.

    By paths to files of the built site; every other page preloads nothing (main.html).
    """
    preload = re.compile(r'<link rel="modulepreload" href="(?P<href>[^"]+)">')
    wanted = ["python-worker.mjs", *hook.module_graph(hook.PAGE_SCRIPT)]
    starting = [
        page for page in DOCS_PAGES if hook.MARKER.search(page.read_text()) or hook.PLANNER_MARKER in page.read_text()
    ]
    assert starting
    assert len(starting) < len(DOCS_PAGES)
    for source in DOCS_PAGES:
        built = _built_page(site, source)
        hrefs = [match["href"] for match in preload.finditer(built.read_text())]
        assert [href.rsplit("/", 1)[-1] for href in hrefs] == (wanted if source in starting else []), source.name
        for href in hrefs:
            assert (built.parent / href).resolve().is_file(), (source.name, href)


def test_every_page_loads_the_script_whose_imports_form_pages_preload(site: Path) -> None:
    """main.html loads the hook's PAGE_SCRIPT on every page: the module graph preloaded is the one that runs."""
    module = re.compile(r'<script type="module" src="(?P<src>[^"]+)"></script>')
    for source in DOCS_PAGES:
        built = _built_page(site, source)
        scripts = [(built.parent / match["src"]).resolve() for match in module.finditer(built.read_text())]
        assert (site / hook.SCRIPTS / hook.PAGE_SCRIPT).resolve() in scripts, source.name


def test_the_built_service_worker_names_every_file_of_the_site_as_served(site: Path) -> None:
    """The worker at the site's root lists every other file with its hash, taken after every hook wrote the pages."""
    script = (site / "service-worker.js").read_text()
    build = json.loads(re.search(r"^const BUILD = (\{.*?\});", script, re.MULTILINE)[1])
    files = {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*")
        if path.is_file() and path.name != "service-worker.js"
    }

    assert sorted(build["files"]) == sorted(files)
    for path, digest in build["files"].items():
        assert files[path].startswith(digest), path
    assert "assets/runtime/pyodide.asm.wasm" in files
    assert "thank-you/index.html" in files


def test_built_site_holds_the_python_runtime(site: Path) -> None:
    """The site ships assets/runtime with the Pyodide lock and the three wheels the forms load."""
    runtime = site / "assets" / "runtime"
    assert (runtime / "pyodide-lock.json").is_file()
    wheels = {p.name.split("-")[0].lower() for p in runtime.glob("*.whl")}
    assert wheels == WHEELS
    prepared = sorted(p.name for p in RUNTIME_LOCK.parent.iterdir())
    assert sorted(p.name for p in runtime.iterdir()) == prepared


def test_built_pages_load_nothing_from_other_hosts(site: Path) -> None:
    """No built page loads a script, stylesheet, icon or image from any host but the site's own."""
    own_host = urlsplit(SITE_URL).netloc
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(DOCS_PAGES)
    offenders = []
    for path in pages:
        for tag, attrs in _references(path.read_text(encoding="utf-8")).tags:
            url = {"script": attrs.get("src"), "link": attrs.get("href"), "img": attrs.get("src")}.get(tag)
            if not url:
                continue
            parts = urlsplit(url)
            if (parts.scheme in {"http", "https"} or url.startswith("//")) and parts.netloc != own_host:
                offenders.append(f"{path.relative_to(site)}: <{tag}> {url}")
    assert offenders == []


def _temp_project(tmp_path: Path, markdown: str, page: str = "thank-you.md") -> Path:
    """A config that inherits the project's, with the project's pages and `page` written anew.

    Every page stays, since each situation's file names the page its form is on.
    """
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("development"))
    (docs / page).write_text(markdown, encoding="utf-8")
    # The inherited config's relative paths (custom_dir, every hook) resolve beside this config file.
    (tmp_path / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\n", encoding="utf-8")
    return config


def test_build_with_an_unknown_marker_fails(tmp_path: Path) -> None:
    """A page with `<!-- email-form: no-such-template -->` fails the build, naming the id."""
    config = _temp_project(tmp_path, "# Page\n\n<!-- email-form: no-such-template -->\n")
    result = _mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-template" in result.stderr
    assert "thank-you.md" in result.stderr


def test_build_of_the_same_temporary_project_with_a_known_marker_succeeds(tmp_path: Path) -> None:
    """The temporary project itself builds, so the failure above is the marker's alone."""
    needs_runtime()
    config = _temp_project(tmp_path, "# Page\n\n<!-- email-form: thank-you -->\n")
    result = _mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "thank-you" / "index.html").read_text(encoding="utf-8")
    assert _references(html).email_forms() == ["thank-you"]


def test_build_fails_when_a_situations_page_lacks_its_form(tmp_path: Path) -> None:
    """A situation whose guide page holds no marker for it fails the build, naming the page and the file."""
    needs_runtime()
    config = _temp_project(tmp_path, "# Follow up\n\nNo form here.\n", page="follow-up.md")
    result = _mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/follow-up.md has no <!-- email-form: follow-up --> marker" in result.stderr
    assert "generator/situations/follow-up.jinja" in result.stderr


def test_planner_marker_becomes_the_planner_form() -> None:
    """The planner marker turns into the planner's form, with its date field, status and calendar button."""
    page = SimpleNamespace(file=SimpleNamespace(src_uri="follow-up.md"), meta={}, url="follow-up/")
    markdown = hook.on_page_markdown("Intro\n\n<!-- follow-up-planner -->\n", page=page)
    html = hook.on_page_content(markdown, page=page)
    assert "follow-up-planner" not in html
    (planner,) = [f for f in _parse(html).find_all("form") if "data-planner" in f.attrs]
    assert [e.attrs["type"] for e in planner.iter() if e.attrs.get("name") == "interview_date"] == ["date"]
    assert len([e for e in planner.iter() if e.attrs.get("role") == "status"]) == 1
    assert [e for e in planner.iter() if e.attrs.get("data-action") == "download-ics"]


def test_a_second_planner_on_a_page_fails_the_build() -> None:
    """The planner appears once a page: a second marker is a build error naming the page."""
    page = SimpleNamespace(file=SimpleNamespace(src_uri="twice.md"), meta={}, url="twice/")
    with pytest.raises(PluginError, match=r"twice\.md"):
        hook.on_page_markdown("<!-- follow-up-planner -->\n\n<!-- follow-up-planner -->\n", page=page)


@pytest.mark.parametrize(
    ("site_url", "override", "origin"),
    [
        ("https://example.github.io/follow-up-politely/", "", "shared"),  # a project site: its owner's origin
        ("https://example.github.io/", "", "shared"),  # the owner's root site shares it with their projects
        ("https://follow-up.example.org/", "", "own"),  # a domain of its own
        ("https://example.org/follow-up-politely/", "", "shared"),  # a custom domain under an owner's path
        ("http://127.0.0.1:8765/follow-up-politely/", "", "own"),  # this machine's loopback
        ("http://localhost:8000/", "", "own"),
        ("https://example.github.io/follow-up-politely/", "own", "own"),  # the deployer knows better
        ("https://follow-up.example.org/", "shared", "shared"),
    ],
)
def test_the_build_says_whether_the_origin_is_the_sites_own(site_url: str, override: str, origin: str) -> None:
    """An origin is the site's own on a custom domain's root or loopback; github.io and sub-paths share it."""
    assert hook.site_origin(site_url, override) == origin


def test_an_unknown_origin_override_fails_the_build() -> None:
    """SITE_ORIGIN takes own or shared; anything else is a build error naming it."""
    with pytest.raises(PluginError, match="SITE_ORIGIN='mine'"):
        hook.site_origin("https://example.org/", "mine")


def test_every_built_page_says_its_origin_is_shared_on_github_io(site: Path) -> None:
    """Built for a github.io project address, each page tells its scripts the origin is shared."""
    for page in site.rglob("*.html"):
        assert '<meta name="follow-up-politely:origin" content="shared">' in page.read_text("utf-8"), page


def test_every_text_field_carries_its_limit_and_a_count() -> None:
    """Each free-text control holds its field's limit, and names a count slot among its descriptions."""
    for template_id, template in CATALOG.items():
        forms = _parse(hook.render_form(template_id)).find_all("form")
        (form,) = [f for f in forms if f.attrs.get("data-template") == template_id]
        for spec in template.fields:
            if spec.kind == "choice":
                continue
            (control,) = [e for e in form.iter() if e.attrs.get("name") == spec.id]
            assert control.attrs["data-limit"] == str(spec.limit)
            counts = [e for e in form.iter() if e.attrs.get("data-count-for") == spec.id]
            assert len(counts) == 1
            assert counts[0].attrs["id"] in str(control.attrs["aria-describedby"]).split()


def test_a_form_on_another_page_than_its_files_guide_fails() -> None:
    """A situation's form belongs on the page its file names: elsewhere the build fails, naming both."""
    hook.check_placement(["thank-you"], "thank-you.md")
    with pytest.raises(PluginError, match=r"follow-up\.md: email-form 'thank-you' belongs on thank-you\.md"):
        hook.check_placement(["thank-you"], "follow-up.md")
