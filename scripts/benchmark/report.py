"""What the benchmark prints: the report on stdout (tables of the figures, phases, CPU, targets), progress on stderr."""

from __future__ import annotations

import sys
from typing import Any

from scripts.benchmark.cpu import KINDS
from scripts.benchmark.figures import METRICS, PHASES, VISITS
from scripts.benchmark.tables import aligned, show
from scripts.benchmark.targets import targets_rows


def say(message: str) -> None:
    """Progress, on stderr: stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


def table(results: dict[str, Any]) -> str:
    """The figures as a plain-text table: metric | ours | baseline | ours/baseline."""
    rows: list[tuple[str, ...]] = [("metric", "ours median [min–max]", "baseline median [min–max]", "ours/baseline")]
    for key, (label, unit) in METRICS.items():
        metric = results["metrics"][key]
        cells = []
        for side in ("ours", "baseline"):
            s = metric[side]
            cells.append(f"{show(s['median'], unit)} [{show(s['min'], unit)}–{show(s['max'], unit)}]")
        ratio = metric["ratio"]
        rows.append((label, *cells, "–" if ratio is None else f"{ratio:.3g}"))
    return aligned(rows)


def phase_table(phases: dict[str, Any]) -> str:
    """Where time to ready goes: each side's moments of Python's start, medians in ms since navigation."""
    rows: list[tuple[str, ...]] = [("visit", "side", *PHASES.values(), "ready")]
    rows += [
        (visit, side, *(f"{phases[side][visit][mark]['median']:,.0f}" for mark in [*PHASES, "ready"]))
        for visit in VISITS
        for side in phases
    ]
    return "Where time to ready goes (medians, ms since navigation; python:* marks):\n" + aligned(rows)


def cpu_table(cpu: dict[str, Any]) -> str:
    """Who used the CPU until ready: each side's medians by kind of thread, in ms, and the cores kept busy."""
    rows: list[tuple[str, ...]] = [("visit", "side", *KINDS, "total", "cores busy")]
    rows += [
        (
            visit,
            side,
            *(f"{cpu[side][visit][kind]['median']:,.0f}" for kind in [*KINDS, "total"]),
            f"{cpu[side][visit]['cores busy']['median']:.2f}",
        )
        for visit in VISITS
        for side in cpu
    ]
    return "Who used the CPU until ready (medians, ms of CPU time; benchmark/cpu.py says what each holds):\n" + aligned(
        rows
    )


def memory_table(memory: dict[str, int | str | None]) -> str:
    """The form page's peak memory in each engine (benchmark/memory.py), or why it has none."""
    rows = [("engine", "peak of the page's process")]
    for engine, peak in memory.items():
        shown = f"{peak / 1e6:.0f} MB" if isinstance(peak, int) else (peak or "not read (no /proc here)")
        rows.append((engine, shown))
    return "The form page's peak memory, one visit typed through (Python, JavaScript and the engine's own):\n" + (
        aligned(rows)
    )


def report(results: dict[str, Any]) -> str:
    """The whole printed report: settings, machine, table, Lighthouse and anything that went wrong."""
    machine = results["machine"]
    settings = results["settings"]
    out = [
        f"Benchmark: {settings['runs']} run(s), {settings['keystrokes']} keystrokes a run; "
        "each cell is the median over the runs [min–max]; ratio = median ours / median baseline.",
        f"Machine: {machine['nproc']} cores, {machine['cpu_model']}, Chromium {machine['chromium']}, "
        f"Pyodide {machine['pyodide']}, Python {machine['python']} (server and harness); load average "
        f"{machine['load_average_at_start'][0]:g} at start, {machine['load_average_at_end'][0]:g} at end.",
        f"Ours: {results['pages']['ours']['form']}   Baseline: {results['pages']['baseline']['form']}",
        *(
            [f"Chromium flags added for this run (an experiment, not a reader's browser): {' '.join(added)}"]
            if (added := settings.get("chromium_flags_added"))
            else []
        ),
        "",
        table(results),
        "",
        phase_table(results["phases"]),
        "",
        cpu_table(results["cpu"]) if results["cpu"] else "Who used the CPU: not read (no /proc here).",
        "",
        "The issue's targets (benchmark/targets.py): the median over the runs, an interval holding it with the "
        "probability given (ratios: ours' run over the baseline's run beside it), and the verdict: met or "
        "not met when the whole interval is, at the line when it holds the limit.",
        aligned(targets_rows(results["targets"])),
        "",
        memory_table(results["memory"]),
        "",
        "bytes: what the server sent (headers + gzipped bodies). By the load event: downloads in flight count "
        "as far as they got. Baseline guide page: its loader as a site-wide script (Python on every page).",
    ]
    lighthouse = results.get("lighthouse")
    if lighthouse:
        out += ["", "Lighthouse (mobile, Performance; its targets are judged above):"]
        for name, result in lighthouse.items():
            if "score" in result:
                tbt = result["audits_median"].get("total-blocking-time")
                lcp = result["audits_median"].get("largest-contentful-paint")
                detail = f"; TBT {tbt:.0f} ms, LCP {lcp:.0f} ms" if tbt is not None and lcp is not None else ""
                out.append(f"  {name}: {result['score']:g} {result['scores']}{detail}  {result['url']}")
            if "error" in result:
                out.append(f"  {name}: {result['error']}")
    if results["problems"]["page_errors"]:
        out += ["", "Errors the pages reported:", *(f"  {e}" for e in results["problems"]["page_errors"][:20])]
    if results["problems"]["requests_off_machine"]:
        out += ["", "Requests to other hosts:", *(f"  {u}" for u in results["problems"]["requests_off_machine"][:20])]
    return "\n".join(out)
