"""The benchmark's latest figures as one table in docs/development/benchmark.md, written from the bench's JSON.

The table goes between two markers of that page, and only there:

    <!-- bench-table:start -->
    <!-- bench-table:end -->

One row a figure: ours, the baseline, the issue's target that bounds it (if
any), whether it is met (judged as scripts/benchmark/targets.py judges), the
runs and the date. ./scripts/bench --write-doc writes it after a run; from a
bench already run:

    .venv/bin/python -m scripts.benchmark.doc build/bench.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from scripts.benchmark.figures import METRICS
from scripts.benchmark.tables import show
from scripts.benchmark.targets import SURE
from scripts.pages_server import ROOT

DOC = ROOT / "docs" / "development" / "benchmark.md"
DEFAULT_JSON = ROOT / "build" / "bench.json"
START = "<!-- bench-table:start -->"
END = "<!-- bench-table:end -->"
COLUMNS = ("measure", "ours", "baseline", "target", "met", "runs", "date")
# The Lighthouse pages the bench scores, and the baseline's page to show beside each.
LIGHTHOUSE_PAGES = {"guide page": None, "form page": "baseline form page"}


class DocError(Exception):
    """The table cannot be written: the message names the file and what to change."""


def _span(text: str, name: str) -> tuple[int, int]:
    """Where the table goes: from the end of the start marker to the start of the end marker."""
    starts, ends = text.count(START), text.count(END)
    if starts != 1 or ends != 1:
        raise DocError(
            f"{name} needs one {START} and one {END} around the benchmark's table "
            f"(it has {starts} and {ends}); add them where the table goes"
        )
    start, end = text.index(START) + len(START), text.index(END)
    if end < start:
        raise DocError(f"{name}: {END} comes before {START}; put the start marker first")
    return start, end


def check(doc: Path = DOC) -> None:
    """Raise DocError unless `doc` exists and has the markers, so a long bench does not end in that failure."""
    if not doc.is_file():
        raise DocError(f"{_name(doc)} does not exist; create it with the lines {START} and {END}")
    _span(doc.read_text(encoding="utf-8"), _name(doc))


def not_for_the_record(results: Mapping[str, Any]) -> str | None:
    """Why these figures must not stand as the benchmark's latest, or None if they may."""
    settings = results.get("settings", {})
    if settings.get("smoke"):
        return "a --smoke run checks that the bench works; its figures are not for the record (run ./scripts/bench)"
    if settings.get("chromium_flags_added"):
        flags = " ".join(settings["chromium_flags_added"])
        return f"a run with --chromium-flag ({flags}) is an experiment, not a reader's browser"
    return None


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _verdict(record: Mapping[str, Any]) -> str:
    if record["verdict"] == "not measured":
        return "not measured"
    shown = str(record["verdict"])
    if record["unit"] == "×":
        shown += f" ({record['median']:.3f} ×)"
    if record["interval"]["confidence"] < SURE:
        shown += " (too few runs to be sure)"
    return shown


def rows(results: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """The table's rows, header first: each of the bench's figures, then each Lighthouse score the targets name."""
    date = str(results.get("date", ""))[:10] or "–"
    targets = {record.get("figure", ""): record for record in results.get("targets", [])}
    table: list[tuple[str, ...]] = [COLUMNS]
    for key, (label, unit) in METRICS.items():
        metric = results["metrics"].get(key)
        if metric is None:
            raise DocError(f"the bench's figures lack {key!r}: write the table from a bench of today's scripts")
        target = targets.get(key)
        table.append(
            (
                label,
                show(metric["ours"]["median"], unit),
                show(metric["baseline"]["median"], unit),
                target["target"] if target else "–",
                _verdict(target) if target else "–",
                str(len(metric["ours"]["runs"])),
                date,
            )
        )
    lighthouse = results.get("lighthouse") or {}
    for page, baseline_page in LIGHTHOUSE_PAGES.items():
        target = targets.get(f"lighthouse:{page}")
        ours = lighthouse.get(page, {})
        baseline = lighthouse.get(baseline_page, {}) if baseline_page else {}
        table.append(
            (
                f"Lighthouse mobile Performance, {page}",
                f"{ours['score']:g}" if "score" in ours else "not run",
                f"{baseline['score']:g}" if "score" in baseline else "–",
                target["target"] if target else "–",
                _verdict(target) if target else "–",
                str(len(ours.get("scores", []))),
                date,
            )
        )
    return table


def table(results: Mapping[str, Any]) -> str:
    """The Markdown the markers hold: the table, and a line on how and where it was measured."""
    found = rows(results)
    lines = [
        "| " + " | ".join(_cell(cell) for cell in found[0]) + " |",
        "|" + "|".join("---" for _ in found[0]) + "|",
        *("| " + " | ".join(_cell(cell) for cell in row) + " |" for row in found[1:]),
    ]
    machine, settings = results.get("machine", {}), results.get("settings", {})
    load = machine.get("load_average_at_start", ["?"])[0]
    lines += [
        "",
        f"Medians of {settings.get('runs', '?')} runs ({settings.get('keystrokes', '?')} keystrokes a run), "
        f"on {machine.get('nproc', '?')} cores ({machine.get('cpu_model', 'unknown')}), "
        f"Chromium {machine.get('chromium', '?')}, Pyodide {machine.get('pyodide', '?')}, load average {load} at "
        "start. A target is met or not met when an interval holding the median with 95 % probability is wholly "
        "within or outside it, at the line otherwise. Written by `./scripts/bench --write-doc`.",
    ]
    return "\n".join(lines)


def rewrite(text: str, block: str, name: str = "the page") -> str:
    """`text` with what lies between its markers replaced by `block`."""
    start, end = _span(text, name)
    return f"{text[:start]}\n\n{block.strip()}\n\n{text[end:]}"


def write(results: Mapping[str, Any], doc: Path = DOC) -> bool:
    """Write the table of `results` into `doc`; whether the file changed.

    Raises:
        DocError: the file or its markers are missing, or the figures are not
            for the record (a smoke run, an experiment).

    """
    why_not = not_for_the_record(results)
    if why_not:
        raise DocError(f"not written to {_name(doc)}: {why_not}")
    check(doc)
    text = doc.read_text(encoding="utf-8")
    updated = rewrite(text, table(results), _name(doc))
    if updated != text:
        doc.write_text(updated, encoding="utf-8")
    return updated != text


def read_results(path: Path) -> dict[str, Any]:
    """A bench's JSON; one from before the bench recorded its date takes the file's own date."""
    results: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if "date" not in results:
        mtime = path.stat().st_mtime
        results["date"] = datetime.datetime.fromtimestamp(mtime, datetime.UTC).isoformat(timespec="seconds")
    return results


def _name(doc: Path) -> str:
    return doc.relative_to(ROOT).as_posix() if doc.is_relative_to(ROOT) else str(doc)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the table of a bench's JSON into the benchmark page."""
    parser = argparse.ArgumentParser(prog="python -m scripts.benchmark.doc", description=__doc__.split("\n\n")[0])
    parser.add_argument("json", type=Path, nargs="?", default=DEFAULT_JSON, help="the bench's figures")
    parser.add_argument(
        "--doc", type=Path, default=DOC, help="the page to write (default docs/development/benchmark.md)"
    )
    args = parser.parse_args(argv)
    if not args.json.is_file():
        parser.exit(1, f"{args.json}: no such file; ./scripts/bench writes build/bench.json\n")
    try:
        changed = write(read_results(args.json), args.doc)
    except DocError as error:
        parser.exit(1, f"{parser.prog}: {error}\n")
    print(f"{_name(args.doc)}: {'table written' if changed else 'table already up to date'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
