"""MkDocs hook: a Content-Security-Policy `<meta>` at the top of every built page.

GitHub Pages cannot send headers, so the policy travels in the page. It must be
the first element of `<head>`, before anything it governs. The theme's few
inline scripts are allowed by their sha256, computed here from the built files,
so no `'unsafe-inline'` is needed and nothing is pasted by hand.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Why each directive:
# - default-src 'none': anything not named below is refused.
# - script-src: the site's own files; 'wasm-unsafe-eval' lets Pyodide compile
#   its WebAssembly (and nothing else: no eval, no inline scripts but hashed).
# - worker-src: the site's service worker by URL; the search worker and the
#   Python worker through blob: bootstraps, so this very policy binds them
#   (bound-workers.js, python-client.mjs).
# - connect-src 'self': fetch and XHR (runtime, wheels, search index, instant
#   navigation) only to this origin, from the page and from the worker.
# - img-src data:: the theme's icons are data: SVGs in its stylesheet.
# No manifest-src: the site has no web app manifest (default-src refuses one),
# and WebKit warns of the directive as unknown.
# - form-action 'none': no form ever submits anywhere; base-uri keeps relative
#   URLs ours; object-src 'none' shuts out plugins.
_DIRECTIVES = (
    ("default-src", "'none'"),
    ("script-src", "'self' 'wasm-unsafe-eval' {hashes}"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("form-action", "'none'"),
    ("base-uri", "'self'"),
    ("object-src", "'none'"),
)

# Inline scripts the browser runs: no src, and a JavaScript type (or none).
_INLINE_SCRIPT = re.compile(
    r"<script(?P<attributes>(?:(?!\bsrc=)[^>])*)>(?P<code>.*?)</script>",
    re.DOTALL | re.IGNORECASE,
)
_DATA_TYPE = re.compile(r"""\btype=["']?(?!text/javascript|module)[\w/+.-]+""", re.IGNORECASE)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
# The theme's links to the previous and next page, which Firefox prefetches and
# default-src refuses: a CSP violation on every page. The footer links stay.
_PREFETCHED_LINK = re.compile(r'\s*<link rel="(?:prev|next)" href="[^"]*">')
_POLICY_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)


def inline_script_hashes(html: str) -> set[str]:
    """The CSP source expressions ('sha256-...') of every inline script the page would run."""
    hashes = set()
    for match in _INLINE_SCRIPT.finditer(html):
        if _DATA_TYPE.search(match["attributes"]):
            continue  # JSON configuration, never executed
        digest = hashlib.sha256(match["code"].encode()).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def policy(hashes: set[str]) -> str:
    """The policy text, its script hashes in a stable order."""
    return "; ".join(f"{name} {value}".format(hashes=" ".join(sorted(hashes))).strip() for name, value in _DIRECTIVES)


def with_policy(html: str, content: str) -> str:
    """The page with the policy as the first element of its `<head>` (replacing any older one)."""
    html = _POLICY_META.sub("", html)
    head = _HEAD.search(html)
    if head is None:
        raise PluginError("a built page has no <head> to hold its Content-Security-Policy")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{content}">'
    return html[: head.end()] + meta + html[head.end() :]


# After the i18n plugin has built every language, and in mkdocs.yml's order of hooks.
@event_priority(-230)
def on_post_build(config: Any, **_: Any) -> None:
    """Give every built HTML file one site-wide policy, and nothing it would refuse to prefetch.

    One policy for all pages, with the hashes of every page's inline scripts:
    instant navigation keeps the first page's policy while it swaps in others.
    """
    if _building_a_language(config):
        return
    pages = sorted(Path(config["site_dir"]).glob("**/*.html"))
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    hashes = set().union(*(inline_script_hashes(text) for text in texts.values()))
    content = policy(hashes)
    for path, text in texts.items():
        path.write_text(with_policy(_PREFETCHED_LINK.sub("", text), content), encoding="utf-8")


def _building_a_language(config: Any) -> bool:
    """True inside the i18n plugin's build of one more language: the site is complete only after the last."""
    plugins = config.get("plugins") or {}
    return bool(getattr(plugins.get("i18n"), "building", False))
