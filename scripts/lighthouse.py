"""Lighthouse's Accessibility, Best Practices and SEO scores for every page of the built site, mobile and desktop.

Run it through ./scripts/lighthouse, which builds the site first. The site is
served on 127.0.0.1 under its GitHub Pages sub-path, as the benchmark serves it
(gzip, caching headers), and each page is audited by the project's pinned
Lighthouse in headless Chromium with its default mobile settings and its
desktop preset. The target is 100 in every category on every page: the script
lists what keeps a score under it and exits 1. Not a test: the tests run only
a smoke of it (tests/test_lighthouse_smoke.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any

from bench import (
    ROOT,
    SITE,
    SITE_PATH,
    BenchServer,
    find_chromium,
    lighthouse_report,
    say,
)

CATEGORIES = ("accessibility", "best-practices", "seo")
TARGET = 100
# Lighthouse's own settings for each: mobile is its default (a mid-range phone's
# screen, simulated throttling); desktop is its preset.
FORM_FACTORS = {"mobile": [], "desktop": ["--preset=desktop"]}
DEFAULT_JSON = ROOT / "build" / "lighthouse.json"
SMOKE_PAGE = "thank-you/"  # a page with a form: the most there is to audit


def site_pages() -> list[str]:
    """Every page of the built site, as paths under its root ("" is the home page)."""
    return sorted(
        "" if page.parent == SITE else f"{page.parent.relative_to(SITE).as_posix()}/"
        for page in SITE.glob("**/index.html")
        if page.parent.name != "search"
    )


def audit(url: str, chrome: str, form_factor: str, categories: tuple[str, ...]) -> dict[str, Any]:
    """One Lighthouse run: each category's score, and every audit that kept one under 100."""
    report = lighthouse_report(url, chrome, list(categories), FORM_FACTORS[form_factor])
    if isinstance(report, str):
        sys.exit(f"lighthouse: {url}: {report}")
    if report.get("runtimeError"):
        sys.exit(f"lighthouse: {url}: {report['runtimeError'].get('message')}")
    scores: dict[str, int] = {}
    failing: list[str] = []
    for name in categories:
        category = report["categories"][name]
        scores[name] = round((category["score"] or 0) * 100)
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                failing.append(f"{name}: {ref['id']} ({result['title']})")
    return {"scores": scores, "failing": failing}


def table(results: dict[str, dict[str, dict[str, Any]]], categories: tuple[str, ...]) -> str:
    """One row a page; for each form factor, one column a category."""
    short = {"accessibility": "A11y", "best-practices": "BP", "seo": "SEO", "performance": "Perf"}
    factors = list(next(iter(results.values())))
    head = ["page"] + [f"{factor} {short[name]}" for factor in factors for name in categories]
    rows = [
        [page or "(home)"] + [str(results[page][factor]["scores"][name]) for factor in factors for name in categories]
        for page in results
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in [head, *rows]]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help=f"only {SMOKE_PAGE}, mobile only: for the tests")
    parser.add_argument(
        "--performance", action="store_true", help="add the Performance score (shown, not a target here)"
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where the scores go (default {DEFAULT_JSON})")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (SITE / "index.html").exists():
        sys.exit("lighthouse: site/ is not built; run ./scripts/lighthouse (it builds the site first)")
    chrome = find_chromium()
    categories = CATEGORIES + (("performance",) if args.performance else ())
    pages = [SMOKE_PAGE] if args.smoke else site_pages()
    factors = ["mobile"] if args.smoke else list(FORM_FACTORS)

    server = BenchServer({SITE_PATH: SITE}, {})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results: dict[str, dict[str, dict[str, Any]]] = {}
    try:
        for page in pages:
            for factor in factors:
                say(f"lighthouse: {page or '(home)'}, {factor}")
                url = server.origin + SITE_PATH + page
                results.setdefault(page, {})[factor] = {"url": url, **audit(url, chrome, factor, categories)}
    finally:
        server.shutdown()
        server.server_close()

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"target": TARGET, "pages": results}, indent=2) + "\n", encoding="utf-8")
    print(table(results, categories))
    short_of = [
        f"{page or '(home)'} {factor}: {problem}"
        for page, by_factor in results.items()
        for factor, result in by_factor.items()
        for problem in result["failing"]
        if not problem.startswith("performance:")
    ]
    if short_of:
        print(f"\nUnder {TARGET}:\n  " + "\n  ".join(short_of))
        return 1
    print(f"\nEvery page scores {TARGET} in {', '.join(CATEGORIES)}, on mobile and desktop.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
