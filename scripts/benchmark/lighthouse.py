"""The project's pinned Lighthouse, run in headless Chromium: the benchmark's Performance scores, and the audits.

Two uses of one runner (`lighthouse_report`):

- the benchmark's `--lighthouse`: the mobile Performance score of a guide page,
  a form page and the baseline (`run_lighthouse`), judged against the issue's targets;
- ./scripts/lighthouse (this module's command): the Accessibility, Best
  Practices and SEO scores of every page of the built site, mobile and desktop.
  The site is served on 127.0.0.1 under its GitHub Pages sub-path
  (scripts/pages_server.py), and each page is audited with Lighthouse's default
  mobile settings and its desktop preset. The target is 100 in every category
  on every page: the command lists what keeps a score under it and exits 1.
  ./scripts/lighthouse builds the site first; the tests run only a smoke of it.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts.benchmark.report import say
from scripts.chromium import CHROMIUM_FLAGS, chromium_executable
from scripts.pages_server import ROOT, SITE, SITE_PATH, PagesServer

LIGHTHOUSE_VERSION = "12.2.3"
AUDIT_DESCRIPTION = "Lighthouse's Accessibility, Best Practices and SEO scores for every page of the built site."


# --- Running Lighthouse -------------------------------------------------------


def lighthouse_command() -> list[str]:
    """LIGHTHOUSE (a command line) if set, else the project's own lighthouse through npx, never a download."""
    if os.environ.get("LIGHTHOUSE"):
        return shlex.split(os.environ["LIGHTHOUSE"])
    return ["npx", "--no-install", "lighthouse"]


LIGHTHOUSE_AUDITS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "speed-index",
    "cumulative-layout-shift",
)


def run_lighthouse(
    urls: dict[str, str], chrome: str, runs: int, flags: Sequence[str] = CHROMIUM_FLAGS
) -> dict[str, Any]:
    """Lighthouse's mobile Performance score (its default form factor and simulated throttling) for each URL.

    Lighthouse slows the CPU times it observes by 4, so other work on the
    machine lowers the score too (through total blocking time).
    """
    results: dict[str, Any] = {}
    for name, url in urls.items():
        done = []
        for _ in range(runs):
            started = time.monotonic()
            run = _lighthouse_once(url, chrome, flags)
            if isinstance(run, str):
                results[name] = {"url": url, "error": run}
                break
            say(f"bench: Lighthouse, {name}: {run['score']} ({time.monotonic() - started:.0f} s)")
            done.append(run)
        else:
            results[name] = {
                "url": url,
                "score": statistics.median(run["score"] for run in done),
                "scores": [run["score"] for run in done],
                "audits_median": {
                    audit: statistics.median(run["audits"][audit] for run in done)
                    for audit in LIGHTHOUSE_AUDITS
                    if all(audit in run["audits"] for run in done)
                },
                "runs": done,
            }
    return results


def lighthouse_report(
    url: str, chrome: str, categories: list[str], extra: list[str], flags: Sequence[str] = CHROMIUM_FLAGS
) -> dict[str, Any] | str:
    """One run of the pinned Lighthouse in headless Chromium: its JSON report, or what went wrong."""
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.json"
        command = [
            *lighthouse_command(),
            url,
            f"--only-categories={','.join(categories)}",
            *extra,
            "--output=json",
            f"--output-path={report_path}",
            "--quiet",
            f"--chrome-flags={' '.join(flags)}",  # its launcher makes its own fresh profile
        ]
        env = {**os.environ, "CHROME_PATH": chrome}
        try:
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"lighthouse did not run ({error}); add lighthouse@{LIGHTHOUSE_VERSION} to the npm packages"
        if done.returncode != 0 or not report_path.exists():
            said = " | ".join((done.stderr or done.stdout).strip().splitlines()[-5:])
            return f"lighthouse exited with status {done.returncode}: {said}"
        report: dict[str, Any] = json.loads(report_path.read_text())
    return report


def _lighthouse_once(url: str, chrome: str, flags: Sequence[str]) -> dict[str, Any] | str:
    """One Lighthouse run: its score and main audits, or what went wrong."""
    report = lighthouse_report(url, chrome, ["performance"], [], flags)
    if isinstance(report, str):
        return report
    score = report["categories"]["performance"]["score"]
    audits = {audit: report["audits"].get(audit, {}).get("numericValue") for audit in LIGHTHOUSE_AUDITS}
    return {
        "score": round(score * 100) if score is not None else 0,
        "audits": {audit: value for audit, value in audits.items() if value is not None},
        "runtime_error": report.get("runtimeError", {}).get("message"),
    }


# --- ./scripts/lighthouse: every page's audits ---------------------------------


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
    parser = argparse.ArgumentParser(prog="scripts/lighthouse", description=AUDIT_DESCRIPTION)
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
    chrome = chromium_executable()
    if not chrome:
        sys.exit("lighthouse: no Chromium: set CHROME_PATH, or install chromium (Debian: apt-get install chromium)")
    categories = CATEGORIES + (("performance",) if args.performance else ())
    pages = [SMOKE_PAGE] if args.smoke else site_pages()
    factors = ["mobile"] if args.smoke else list(FORM_FACTORS)

    server = PagesServer({SITE_PATH: SITE})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results: dict[str, dict[str, dict[str, Any]]] = {}
    try:
        for page in pages:
            for factor in factors:
                say(f"lighthouse: {page or '(home)'}, {factor}")
                url = server.url + page
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
