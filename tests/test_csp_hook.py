"""The csp hook: one Content-Security-Policy `<meta>`, first in every built page, allowing inline scripts by hash."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests.hooks import load_hook

hook = load_hook("csp")

# The example of the CSP specification and MDN: this script's hash, as browsers compute it.
HELLO = "alert('Hello, world.');"
HELLO_HASH = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def sha256(code: str) -> str:
    """The source expression of a script's UTF-8 bytes."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def page(head: str = "", body: str = "") -> str:
    """A built page with `head` after its charset and `body` as its body."""
    return f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n{head}</head>\n<body>{body}</body>\n'


def test_an_inline_script_is_hashed_as_browsers_hash_it() -> None:
    assert hook.inline_script_hashes(f"<script>{HELLO}</script>") == {HELLO_HASH}


@pytest.mark.parametrize(
    "script",
    [
        f"<script>{HELLO}</script>",
        f'<script type="module">{HELLO}</script>',
        f'<script type="text/javascript">{HELLO}</script>',
        f"<SCRIPT>{HELLO}</SCRIPT>",
        f'<script id="x" defer>{HELLO}</script>',
    ],
)
def test_every_inline_script_the_browser_runs_is_hashed(script: str) -> None:
    """Classic or module, any case, any attributes but src."""
    assert hook.inline_script_hashes(script) == {HELLO_HASH}


@pytest.mark.parametrize(
    "script",
    [
        '<script src="assets/javascripts/bundle.min.js"></script>',
        '<script type="module" src="assets/javascripts/email-forms.mjs"></script>',
        '<script id="__config" type="application/json">{"base": "."}</script>',
        '<script type="application/ld+json">{"@type": "WebSite"}</script>',
    ],
)
def test_scripts_from_files_and_data_blocks_need_no_hash(script: str) -> None:
    """A script with src is allowed by 'self'; a JSON block is never run, so it is not allowed."""
    assert hook.inline_script_hashes(script) == set()


def test_the_hash_covers_the_exact_text_in_utf_8() -> None:
    """Whitespace and line breaks count, and non-ASCII text is hashed as its UTF-8 bytes."""
    code = '\n  document.title = "Café – ’";\n'
    assert hook.inline_script_hashes(f"<script>{code}</script>") == {sha256(code)}
    assert sha256(code) != sha256(code.strip())


def test_each_inline_script_of_a_page_is_hashed_once() -> None:
    html = page(f"<script>{HELLO}</script><script>var a = 1;</script>", f"<script>{HELLO}</script>")
    assert hook.inline_script_hashes(html) == {HELLO_HASH, sha256("var a = 1;")}


def test_the_policy_refuses_all_but_what_the_site_needs() -> None:
    """Every directive, in order; the hashes sorted, so the same scripts always give the same text."""
    assert hook.policy({sha256("b"), sha256("a")}) == (
        "default-src 'none'; "
        f"script-src 'self' 'wasm-unsafe-eval' {' '.join(sorted([sha256('a'), sha256('b')]))}; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "worker-src 'self' blob:; form-action 'none'; base-uri 'self'; object-src 'none'"
    )


def test_without_inline_scripts_script_src_names_the_site_alone() -> None:
    policy = hook.policy(set())
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy
    assert "  " not in policy


@pytest.mark.parametrize("hashes", [set(), {HELLO_HASH}])
def test_the_policy_never_allows_inline_code_or_eval_and_fits_an_attribute(hashes: set[str]) -> None:
    """No 'unsafe-inline' or 'unsafe-eval'; nothing a meta policy ignores; no double quote to end the attribute."""
    policy = hook.policy(hashes)
    assert "unsafe-inline" not in policy
    assert "'unsafe-eval'" not in policy
    assert not {"frame-ancestors", "report-uri", "sandbox"} & {part.split()[0] for part in policy.split("; ")}
    assert '"' not in policy


def test_the_policy_is_the_first_element_of_the_head() -> None:
    """Before the charset and every script, so it governs all of the page."""
    html = hook.with_policy(page(f"<script>{HELLO}</script>"), "default-src 'none'")
    head = html[html.index("<head>") + len("<head>") :]
    assert head.lstrip().startswith('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">')


def test_a_head_with_attributes_takes_the_policy_too() -> None:
    html = hook.with_policy('<html><head data-x="1"><title>t</title></head></html>', "default-src 'none'")
    assert html.startswith('<html><head data-x="1">\n    <meta http-equiv="Content-Security-Policy"')


def test_an_older_policy_is_replaced_not_kept_beside_the_new() -> None:
    once = hook.with_policy(page(), "default-src 'none'")
    twice = hook.with_policy(once, "default-src 'self'")
    assert META.findall(twice) == ["default-src 'self'"]


def test_a_page_without_a_head_fails_the_build() -> None:
    with pytest.raises(PluginError, match=r"no <head> to hold its Content-Security-Policy"):
        hook.with_policy("<p>no head</p>", "default-src 'none'")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Two built pages, each with an inline script of its own and the theme's links to its neighbours."""
    (tmp_path / "thank-you").mkdir()
    links = '\n<link rel="prev" href="../">\n<link rel="next" href="../follow-up/">\n'
    (tmp_path / "index.html").write_text(
        page(f'<script id="__config" type="application/json">{{}}</script>{links}<script>{HELLO}</script>'),
        encoding="utf-8",
    )
    (tmp_path / "thank-you" / "index.html").write_text(
        page(links, '<a href="../follow-up/" rel="next">Next</a><script>var page = 2;</script>'), encoding="utf-8"
    )
    (tmp_path / "sitemap.xml").write_text("<urlset></urlset>", encoding="utf-8")
    return tmp_path


def test_every_page_gets_one_policy_with_the_hashes_of_all_pages(site: Path) -> None:
    """Instant navigation keeps the first page's policy while it swaps in others: each needs every page's hashes."""
    hook.on_post_build({"site_dir": str(site)})
    pages = [site / "index.html", site / "thank-you" / "index.html"]
    policies = {META.findall(path.read_text(encoding="utf-8"))[0] for path in pages}
    assert policies == {hook.policy({HELLO_HASH, sha256("var page = 2;")})}
    assert (site / "sitemap.xml").read_text(encoding="utf-8") == "<urlset></urlset>"


def test_the_hashes_are_of_the_pages_as_written(site: Path) -> None:
    """What the hook writes leaves the scripts as they were: the policy allows exactly what the pages run."""
    hook.on_post_build({"site_dir": str(site)})
    texts = [path.read_text(encoding="utf-8") for path in sorted(site.glob("**/*.html"))]
    allowed = set(META.findall(texts[0])[0].split("; ")[1].split()[3:])
    assert allowed == set().union(*(hook.inline_script_hashes(text) for text in texts))


def test_links_a_browser_would_prefetch_are_dropped_and_the_footers_kept(site: Path) -> None:
    """Firefox prefetches `<link rel="next">`, which default-src refuses; the footer's links to go on stay."""
    hook.on_post_build({"site_dir": str(site)})
    text = (site / "thank-you" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="prev"' not in text
    assert '<link rel="next"' not in text
    assert '<a href="../follow-up/" rel="next">Next</a>' in text


def test_a_second_run_changes_nothing(site: Path) -> None:
    """The hook may meet pages it has already written (a rebuild of some pages): one policy, the same."""
    hook.on_post_build({"site_dir": str(site)})
    first = {path: path.read_text(encoding="utf-8") for path in site.glob("**/*.html")}
    hook.on_post_build({"site_dir": str(site)})
    assert {path: path.read_text(encoding="utf-8") for path in site.glob("**/*.html")} == first
