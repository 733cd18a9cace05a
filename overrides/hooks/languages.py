"""MkDocs hook: the guide in each language, as the i18n plugin builds it, switched from page to page.

mkdocs-static-i18n builds the site once per language (docs/<page>.<lang>.md under
/<lang>/) and gives Material's language selector a link to the same page in each
language. Material's instant loading would follow such a link within the page and
keep the old language's header, search and `<html lang>`, so the plugin warns that
the two do not work together. assets/javascripts/languages.mjs makes them work: a
click on a language goes to the current page in that language with a full load
(docs/development/decisions/0038-languages-beside-instant-loading.md). The warning
is then noise, and strict builds refuse every warning, so it is filtered here by
its words alone: any other warning of the plugin still fails the build.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.plugins import event_priority

from generator.languages import DEFAULT, codes, language, ui_strings

_PLUGIN_LOGGER = "mkdocs.plugins.mkdocs_static_i18n.reconfigure"
_SOLVED = "language switcher contextual link is not compatible with theme.features = navigation.instant"


class _SolvedWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return _SOLVED not in record.getMessage()


def on_startup(**_: Any) -> None:
    """Drop the plugin's warning about instant loading, which languages.mjs answers."""
    logger = logging.getLogger(_PLUGIN_LOGGER)
    if not any(isinstance(existing, _SolvedWarning) for existing in logger.filters):
        logger.addFilter(_SolvedWarning())


@event_priority(10)  # before the i18n plugin reads its languages' settings
def on_config(config: Any, **_: Any) -> Any:
    """The strings of the language being built; each language's navigation titles, description and footer."""
    # The page's scripts' strings in the language being built (main.html writes them into every page).
    config.extra["ui"] = ui_strings(_language(config))
    plugin = (config.get("plugins") or {}).get("i18n")
    for settings in plugin.config.languages if plugin is not None else []:
        if settings.locale == DEFAULT:
            continue
        data = language(settings.locale)
        settings.nav_translations = data["nav"]
        settings.site_description = data["site"]["description"]
        settings.copyright = data["site"]["copyright"]
    return config


def _language(config: Any) -> str:
    plugin = (config.get("plugins") or {}).get("i18n")
    return getattr(plugin, "current_language", None) or DEFAULT


# rel is a list of words: " alternate" is "alternate" to a search engine, but not to the theme's selector
# [rel=alternate], which takes each such link for a language's root and asks it for a sitemap that a page's
# address does not have (a failed request per language, on every page the reader opens).
_ALTERNATE_REL = " alternate"
_HTML_LANG = re.compile(r'<html lang="[^"]*"')
_CONFIG_BASE = re.compile(r'("base":\s*")([^"]*)(")')
_ALTERNATE = re.compile(r'<link rel="alternate" href="(?P<href>[^"]*)" hreflang="(?P<lang>[^"]*)">')


def on_post_page(output: str, page: Any, config: Any, **_: Any) -> str:
    """A page says its locale; in another language, it searches and navigates within it; alternates are absolute.

    The theme reads its search index and its sitemap (which links it loads in place) from `base`: a
    language's folder makes both the language's own. Search engines ask for absolute `hreflang`
    addresses with the region where the language names one (pt-BR), and an x-default: English.
    """
    lang = _language(config)
    # The language file's locale ("pt-BR"): the theme's own word for a language may lack the region.
    output = _HTML_LANG.sub(f'<html lang="{language(lang)["locale"]}"', output, count=1)
    if lang != DEFAULT:
        output = _CONFIG_BASE.sub(lambda m: f"{m[1]}{m[2].rstrip('/')}/{lang}/{m[3]}", output, count=1)
    canonical = page.canonical_url or ""

    def absolute(match: re.Match[str]) -> str:
        code = match["lang"]
        href = urljoin(canonical, match["href"])
        link = f'<link rel="{_ALTERNATE_REL}" href="{href}" hreflang="{language(code)["locale"]}">'
        if code == DEFAULT:
            link += f'\n    <link rel="{_ALTERNATE_REL}" href="{href}" hreflang="x-default">'
        return link

    return _ALTERNATE.sub(absolute, output)


# After the i18n plugin has built every language, and in mkdocs.yml's order of hooks.
@event_priority(-200)
def on_post_build(config: Any, **_: Any) -> None:
    """Split the search index and the sitemap by language, once every language is built (the English build)."""
    if _building_a_language(config):
        return
    site = Path(config["site_dir"])
    others = [code for code in codes() if code != DEFAULT]
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text("utf-8"))
    for code in [DEFAULT, *others]:
        prefix = "" if code == DEFAULT else f"{code}/"
        docs = [
            {**doc, "location": doc["location"].removeprefix(prefix)}
            for doc in index["docs"]
            if (doc["location"].startswith(prefix) if prefix else doc["location"].split("/")[0] not in others)
        ]
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        # Its own language alone: the theme's search worker loads lunr's stemmer of each language named here,
        # and one of several languages (lunr.multi) otherwise, on every page of every language.
        config_of_language = {**index["config"], "lang": [code]}
        text = json.dumps(
            {**index, "config": config_of_language, "docs": docs}, ensure_ascii=False, separators=(",", ":")
        )
        target.write_text(text, "utf-8")
    # The theme's instant loading takes a link in place only if the base's sitemap lists it.
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    root = (config["site_url"] or "").rstrip("/") + "/"
    for code in others:
        locations = [loc for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap) if loc.startswith(f"{root}{code}/")]
        urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locations)
        (site / code / "sitemap.xml").write_text(f"{_SITEMAP_HEAD}{urls}</urlset>\n", "utf-8")


_SITEMAP_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def _building_a_language(config: Any) -> bool:
    """True inside the i18n plugin's build of one more language: the site is complete only after the last."""
    plugins = config.get("plugins") or {}
    return bool(getattr(plugins.get("i18n"), "building", False))


# The English build's page for an address that is not one: every language's build writes 404.html at the
# site's root, the last one over the others, and it is the English page that must stay.
_NOT_FOUND: dict[str, str] = {}


def on_post_template(output: str, template_name: str, config: Any, **_: Any) -> str:
    """The site's one 404.html, English's, naming no translations (the plugin leaves the last page's)."""
    if template_name != "404.html":
        return output
    if _language(config) == DEFAULT:
        _NOT_FOUND["page"] = re.sub(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">', "", output)
    return _NOT_FOUND.get("page", output)
