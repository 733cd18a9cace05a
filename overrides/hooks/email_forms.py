"""MkDocs hook: expand `<!-- email-form: ID -->` markers into forms built from the catalog.

The forms come from generator's catalog and partials/email-form.html alone, so no
page carries hand-written form HTML, and an unknown id fails the build. After the
build, the Python runtime prepared by scripts/build_runtime.py is copied into the
site, so the built site is complete and self-hosted.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# MkDocs loads hooks by path, not as a package: import the engine by its
# installed name (./scripts/build installs the project into .venv).
from generator import get_template, mailto_url, render
from generator.catalog import CATALOG, UnknownTemplateError
from generator.languages import DEFAULT, UnknownLanguageError, codes, ui_strings
from generator.render import check_templates
from generator.situation_file import SituationFileError
from generator.situations import missing_translations

MARKER = re.compile(r"<!--\s*email-form:\s*(?P<id>[^\s>]*)\s*-->")
PLANNER_MARKER = "<!-- follow-up-planner -->"
_SLOT = '<div class="fup-slot" data-email-form-slot="{id}"></div>'
_SLOT_PATTERN = re.compile(r'<div class="fup-slot" data-email-form-slot="(?P<id>[^"]+)"></div>')
_PLANNER_SLOT = '<div class="fup-slot" data-planner-slot></div>'

_OVERRIDES = Path(__file__).resolve().parent.parent
RUNTIME_SOURCE = _OVERRIDES.parent / "build" / "runtime"
RUNTIME_TARGET = Path("assets") / "runtime"

# The site's own scripts: main.html loads PAGE_SCRIPT on every page (it mounts
# the forms), and pages that start Python make a worker of WORKER_SCRIPT.
SCRIPTS = Path("assets") / "javascripts"
PAGE_SCRIPT = "page.mjs"
WORKER_SCRIPT = "python-worker.mjs"
# A static import (`import ... from "./x.mjs"` or `import "./x.mjs"`), not a
# dynamic `import(...)`, which loads only when its code runs.
_STATIC_IMPORT = re.compile(r'^\s*(?:import|export)\b(?:[^;(]*?\bfrom)?\s*["\'](?P<path>\./[^"\']+)["\']', re.MULTILINE)

# Autoescaped: every catalog string and example reaches the page as text.
_PARTIALS = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_OVERRIDES / "partials"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def form_ids(markdown: str, source: str, lang: str = DEFAULT) -> list[str]:
    """The template ids that a page's markers ask for, each checked against the catalog in the page's language.

    Raises:
        PluginError: an id is unknown, or a page asks for one form twice.

    """
    ids = [match["id"] for match in MARKER.finditer(markdown)]
    for template_id in ids:
        try:
            get_template(template_id, lang)
        except (UnknownTemplateError, UnknownLanguageError) as error:
            raise PluginError(f"{source}: email-form marker: {error}") from None
    repeated = {i for i in ids if ids.count(i) > 1}
    if repeated:
        raise PluginError(f"{source}: email-form {sorted(repeated)[0]!r} appears twice; a page holds each form once")
    return ids


def check_placement(ids: list[str], source: str) -> None:
    """Each form on the page its situation's file names (`guide`), where its check's links point.

    Raises:
        PluginError: a form is on another page; the message names both and the file.

    """
    for template_id in ids:
        guide = get_template(template_id).guide
        if f"{guide}.md" != english_uri(source):
            raise PluginError(
                f"{source}: email-form {template_id!r} belongs on {guide}.md, "
                f"the page its file names (guide = {guide!r} in generator/situations/{template_id}.jinja)"
            )


def english_uri(source: str) -> str:
    """The English page a page translates: `thank-you.de.md` is `thank-you.md` in German."""
    stem, _, _ = source.removesuffix(".md").partition(".")
    return f"{stem}.md"


def language_of(source: str) -> str:
    """The language a page is written in, by its name: `thank-you.de.md` is German, `thank-you.md` English."""
    parts = source.removesuffix(".md").split(".")
    return parts[1] if len(parts) == 2 else DEFAULT


def page_language(config: Any) -> str:
    """The language being built: the i18n plugin builds the site once per language."""
    plugin = (config.get("plugins") or {}).get("i18n") if config is not None else None
    return getattr(plugin, "current_language", None) or DEFAULT


def render_form(template_id: str, guide_root: str = "../", lang: str = DEFAULT) -> str:
    """The HTML of one template's form, its preview holding the example email.

    Args:
        template_id: A catalog id.
        guide_root: The site's root relative to the page, for the checklist's links into the guide.
        lang: The page's language: the form's words and its example email are in it.

    """
    template = get_template(template_id, lang)
    example = render(template_id, template.example_values(), lang)
    return _PARTIALS.get_template("email-form.html").render(
        template=template,
        example=example,
        example_mailto=mailto_url("", example.subject, example.body),
        runtime_bytes=runtime_bytes(),
        guide_root=guide_root,
        ui=ui_strings(lang),
    )


def render_planner(lang: str = DEFAULT) -> str:
    """The HTML of the follow-up planner, which shares the forms' Python worker, in the page's language."""
    return _PARTIALS.get_template("follow-up-planner.html").render(runtime_bytes=runtime_bytes(), ui=ui_strings(lang))


def runtime_bytes() -> int:
    """What a first visit downloads for Python, for the progress bar (1 while the runtime is not prepared)."""
    return sum(path.stat().st_size for path in RUNTIME_SOURCE.glob("*") if path.name != "pyodide-lock.json") or 1


def module_graph(entry: str, folder: Path | None = None) -> list[str]:
    """`entry` and every module it imports statically, at any depth, in the order first met.

    Args:
        entry: A module's file name in `folder`.
        folder: Where the site's scripts are (the theme overrides' by default).

    Raises:
        PluginError: a module imports a file that is not there.

    """
    folder = folder or _OVERRIDES / SCRIPTS
    found: list[str] = []
    waiting = [entry]
    while waiting:
        name = waiting.pop(0)
        if name in found:
            continue
        path = folder / name
        if not path.is_file():
            raise PluginError(f"{SCRIPTS / name} is imported but missing from {folder}")
        found.append(name)
        waiting += [match["path"].removeprefix("./") for match in _STATIC_IMPORT.finditer(path.read_text("utf-8"))]
    return found


# The hosts a project site shares its origin with others on: every github.io
# site of one owner is a single origin, whatever its path.
_SHARED_HOSTS = (".github.io",)
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def site_origin(site_url: str, override: str = "") -> str:
    """Whether the site's origin is its own ("own") or one other sites may share ("shared").

    A site under a path (`/<repo>/`) shares its origin with its neighbours,
    and every github.io site shares one with its owner's others. Served on a
    custom domain's root it has the origin to itself; on this machine's own
    loopback, too. `SITE_ORIGIN=own|shared` says so where the rule cannot know.

    Raises:
        PluginError: the override is neither.

    """
    if override:
        if override not in {"own", "shared"}:
            raise PluginError(f"SITE_ORIGIN={override!r}: use own (a domain of the site's own) or shared")
        return override
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    if host in _LOOPBACK:
        return "own"
    if host.endswith(_SHARED_HOSTS) or parts.path.rstrip("/"):
        return "shared"
    return "own"


def on_config(config: Any, **_: Any) -> Any:
    """Check every situation's template and translation, and note whether the site's origin is its own."""
    try:
        check_templates()
    except SituationFileError as error:
        raise PluginError(str(error)) from None
    missing = missing_translations() + missing_pages(Path(config["docs_dir"]))
    if missing:
        raise PluginError(f"every page and situation has every language; missing: {', '.join(missing)}")
    i18n = (config.get("plugins") or {}).get("i18n")
    built = [lang.locale for lang in i18n.config.languages] if i18n is not None else []
    if built and built != codes():
        raise PluginError(
            f"mkdocs.yml builds the languages {', '.join(built)}, but generator/languages/ has {', '.join(codes())}"
        )
    config.extra["origin"] = site_origin(config["site_url"] or "", os.environ.get("SITE_ORIGIN", ""))
    return config


def missing_pages(docs: Path) -> list[str]:
    """The translations of the guide's pages that are not there, as paths: `docs/privacy.de.md`."""
    english = sorted(path.name for path in docs.glob("*.md") if path.name.count(".") == 1)
    return [
        f"docs/{name.removesuffix('.md')}.{lang}.md"
        for lang in codes()
        if lang != DEFAULT
        for name in english
        if not (docs / f"{name.removesuffix('.md')}.{lang}.md").is_file()
    ]


def on_files(files: Any, config: Any = None, **_: Any) -> Any:
    """Fail the build if a situation's guide page, named in its file, is missing or holds no form for it.

    Read from each page's source, not from what the pages' events noted: `mkdocs serve --dirty` reads again
    only the pages that changed.
    """
    lang = page_language(config)
    # Every language's pages are listed still (the i18n plugin picks the language's after this hook): its own.
    pages = {
        english_uri(file.src_uri): file for file in files.documentation_pages() if language_of(file.src_uri) == lang
    }
    for template in CATALOG.values():
        page = pages.get(f"{template.guide}.md")
        if page is None:
            raise PluginError(
                f"generator/situations/{template.id}.jinja: guide = {template.guide!r}, "
                f"but docs/{template.guide}.md is not a page of the site"
            )
        if template.id not in form_ids(page.content_string, page.src_uri, lang):
            raise PluginError(
                f"docs/{template.guide}.md has no <!-- email-form: {template.id} --> marker, "
                f"though generator/situations/{template.id}.jinja names it as its guide page"
            )
    return files


def on_page_markdown(markdown: str, page: Any, config: Any = None, **_: Any) -> str:
    """Swap each marker for a slot that Markdown passes through untouched.

    Notes in page.meta what the page holds: its forms' ids (`email_forms`),
    and then no table of contents (`hide`);
    whether it starts the Python worker as it loads (`starts_python`: a form or
    the planner); and, on such a page, the scripts main.html asks for with the
    page (`module_preloads`): the worker's script, which the worker would
    otherwise fetch only once it starts, and the page's script with every
    module it imports, which the browser would otherwise find one round trip
    of imports after another. Other pages load the page's script too, but
    nothing waits for it there, and asking for it early cost them in
    Lighthouse's simulated phone (docs/development/decisions/0023-worker-script-preloaded.md,
    0025-forms-scripts-preloaded.md).
    """
    ids = form_ids(markdown, page.file.src_uri, page_language(config))
    check_placement(ids, page.file.src_uri)
    page.meta["email_forms"] = ids
    planners = markdown.count(PLANNER_MARKER)
    if planners > 1:
        raise PluginError(f"{page.file.src_uri}: the follow-up planner appears twice; a page holds it once")
    page.meta["starts_python"] = bool(ids or planners)
    if ids:
        # The form's email stands beside its fields on a wide screen: the room the contents took.
        page.meta["hide"] = [*page.meta.get("hide", []), "toc"]
    starting = [WORKER_SCRIPT, *module_graph(PAGE_SCRIPT)] if page.meta["starts_python"] else []
    page.meta["module_preloads"] = [(SCRIPTS / name).as_posix() for name in starting]
    markdown = markdown.replace(PLANNER_MARKER, _PLANNER_SLOT)
    return MARKER.sub(lambda match: _SLOT.format(id=match["id"]), markdown)


def on_page_content(html: str, page: Any, config: Any = None, **_: Any) -> str:
    """Fill each slot with its form, after Markdown, so the form HTML is never parsed as Markdown."""
    lang = page_language(config)
    # The checklist links into the guide in the page's language: from its language's folder (/de/).
    depth = page.url.count("/") - (0 if lang == DEFAULT else 1)
    root = "../" * depth or "./"
    html = html.replace(_PLANNER_SLOT, render_planner(lang))
    return _SLOT_PATTERN.sub(lambda match: render_form(match["id"], root, lang), html)


# After the i18n plugin has built every language, and in mkdocs.yml's order of hooks.
@event_priority(-210)
def on_post_build(config: Any, **_: Any) -> None:
    """Copy the prepared Python runtime into the site."""
    if _building_a_language(config):
        return
    if not (RUNTIME_SOURCE / "pyodide-lock.json").exists():
        raise PluginError(
            f"the Python runtime is missing from {RUNTIME_SOURCE}; "
            "run ./scripts/build (it prepares the runtime, then builds the site)"
        )
    target = Path(config["site_dir"]) / RUNTIME_TARGET
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(RUNTIME_SOURCE, target)


def _building_a_language(config: Any) -> bool:
    """True inside the i18n plugin's build of one more language: the site is complete only after the last."""
    plugins = config.get("plugins") or {}
    return bool(getattr(plugins.get("i18n"), "building", False))
