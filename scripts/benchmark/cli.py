"""The benchmark's command: its options, and one bench from the servers' start to the report and the JSON.

./scripts/bench builds the site, then runs `python -m scripts.benchmark` with
the options given (see --help).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from scripts.benchmark import doc
from scripts.benchmark.figures import DEFINITIONS, REVISIT_MAX_AGE_S
from scripts.benchmark.lighthouse import LIGHTHOUSE_VERSION, run_lighthouse
from scripts.benchmark.memory import form_page_memory
from scripts.benchmark.report import report, say
from scripts.benchmark.runs import fresh_profile, measure_run, summarize, visit_form
from scripts.benchmark.serving import OURS_FORM_PAGE, bench_servers, sides
from scripts.benchmark.targets import judge
from scripts.chromium import CHROMIUM_FLAGS, chromium_executable
from scripts.pages_server import ROOT, SITE

DEFAULT_JSON = ROOT / "build" / "bench.json"
DESCRIPTION = "The benchmark: the site's form page against the standard way of running Pyodide, in headless Chromium."


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command's options, checked."""
    parser = argparse.ArgumentParser(prog="scripts/bench", description=DESCRIPTION)
    parser.add_argument("--runs", type=int, default=5, help="runs of each side (default 5)")
    parser.add_argument("--keystrokes", type=int, default=200, help="keystrokes timed a run (default 200)")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help="where the figures go (default build/bench.json)"
    )
    parser.add_argument("--smoke", action="store_true", help="a quick check that it all works: 1 run, 20 keystrokes")
    parser.add_argument(
        "--lighthouse",
        action="store_true",
        help=f"also Lighthouse's mobile Performance score of a guide page, a form page and the baseline "
        f"(needs lighthouse@{LIGHTHOUSE_VERSION} in node_modules, or LIGHTHOUSE=<command>)",
    )
    parser.add_argument("--lighthouse-runs", type=int, default=1, help="Lighthouse runs a page (default 1)")
    parser.add_argument(
        "--chromium-flag",
        action="append",
        default=[],
        metavar="FLAG",
        dest="chromium_flags",
        help="for an experiment: a flag Chromium starts with after the project's own, on both sides and for "
        "Lighthouse, given with '=' (e.g. --chromium-flag=--js-flags=--liftoff-only); may be repeated; "
        "the report names it",
    )
    parser.add_argument(
        "--write-doc",
        action="store_true",
        help="then write the figures' table into docs/development/benchmark.md, between its bench-table "
        "markers (not with --smoke or --chromium-flag: those figures are not for the record)",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.runs, args.keystrokes = 1, 20
    if args.runs < 1 or args.keystrokes < 2 or args.lighthouse_runs < 1:
        parser.error("--runs and --lighthouse-runs must be at least 1, --keystrokes at least 2")
    if args.write_doc:
        settings = {"smoke": args.smoke, "chromium_flags_added": args.chromium_flags}
        why_not = doc.not_for_the_record({"settings": settings})
        if why_not:
            parser.error(f"--write-doc: {why_not}")
        try:
            doc.check(doc.DOC)
        except doc.DocError as error:
            parser.error(f"--write-doc: {error}")
    return args


def machine_info(browser_version: str) -> dict[str, Any]:
    """What ran the benchmark: cores, CPU, Chromium, Python and Pyodide."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    pyodide = "unknown"
    with contextlib.suppress(OSError, ValueError, KeyError):
        pyodide = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": model,
        "chromium": browser_version,
        "python": sys.version.split()[0],
        "pyodide": pyodide,
        "platform": sys.platform,
        # Other work on the machine slows both sides; the figures mean most when this is low.
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the bench: print the report, write the JSON (and, if asked, the docs' table)."""
    args = parse_args(argv)
    if not (SITE / OURS_FORM_PAGE / "index.html").exists():
        sys.exit("bench: site/ is not built; run ./scripts/bench (it builds the site first)")
    chrome = chromium_executable()
    if not chrome:
        sys.exit("bench: no Chromium: set CHROME_PATH, or install chromium (Debian: apt-get install chromium)")
    flags = [*CHROMIUM_FLAGS, *args.chromium_flags]
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")

    say("bench: reading and compressing the site and the baseline")
    errors: list[str] = []
    outside: list[str] = []
    with bench_servers(REVISIT_MAX_AGE_S) as (server, expiring):
        both = sides(server.origin)
        runs: dict[str, list[dict[str, float]]] = {side.name: [] for side in both}
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chrome, args=flags)
            machine = machine_info(browser.version)
            browser.close()
            if not args.smoke:
                say("bench: a warm-up visit of each side (not counted)")
                for side in both:
                    with fresh_profile(driver, chrome, outside, flags) as profile:
                        visit_form(profile, server, side.form_url, errors)[0].close()
            for run in range(args.runs):
                # Alternate which side goes first, so a drift in the machine's speed hits both alike.
                for side in both if run % 2 == 0 else both[::-1]:
                    say(f"bench: run {run + 1}/{args.runs}: {side.name}")
                    runs[side.name].append(
                        measure_run(driver, chrome, (server, expiring), side, args.keystrokes, errors, outside, flags)
                    )
            say("bench: the form page's peak memory in Chromium, Firefox and WebKit")
            memory = form_page_memory(driver, chrome, flags, both[0].form_url, server.server_port)
        lighthouse = None
        if args.lighthouse:
            say("bench: Lighthouse (mobile), one page at a time")
            pages = {"guide page": both[0].guide_url, "form page": both[0].form_url}
            lighthouse = run_lighthouse(
                {**pages, "baseline form page": both[1].form_url}, chrome, args.lighthouse_runs, flags
            )

    metrics, phases, cpu = summarize(runs)
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results: dict[str, Any] = {
        "date": started,
        "settings": {
            "runs": args.runs,
            "keystrokes": args.keystrokes,
            "smoke": args.smoke,
            "chromium_flags_added": args.chromium_flags,
        },
        "machine": machine,
        "pages": {side.name: {"form": side.form_url, "guide": side.guide_url} for side in both},
        "definitions": DEFINITIONS,
        "metrics": metrics,
        "phases": phases,
        "cpu": cpu,
        "lighthouse": lighthouse,
        "memory": memory,
        "targets": judge({"metrics": metrics, "lighthouse": lighthouse}),
        "problems": {"page_errors": errors, "requests_off_machine": sorted(set(outside))},
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))
    say(f"bench: figures written to {args.json}")
    if args.write_doc:
        doc.write(results, doc.DOC)
        say(f"bench: table written to {doc.DOC.relative_to(ROOT)}")
    return 0
