"""A short smoke of the benchmark (python -m scripts.benchmark --smoke): it runs end to end and reports every figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.benchmark import cpu, report, targets

from .script_smoke import run_smoke

# The moments of Python's start, in order, as scripts/benchmark/figures.py names them.
PHASES = ["python:asked", "python:start", "python:runtime", "python:engine"]

# Figures that can truly be zero: no long task at all, and a repeat visit served
# wholly from the browser's cache.
MAY_BE_ZERO = {"tbt_cold_ms", "tbt_warm_ms", "tbt_guide_ms", "bytes_form_warm", "runtime_requests_guide_page"}
EXPECTED = {
    "cold_ready_ms",
    "warm_ready_ms",
    "cold_ready_link_ms",
    "revisit_ready_link_ms",
    "tbt_cold_ms",
    "tbt_warm_ms",
    "tbt_guide_ms",
    "keystroke_p50_ms",
    "keystroke_p95_ms",
    "bytes_guide_page",
    "runtime_requests_guide_page",
    "bytes_form_at_load",
    "bytes_form_ready",
    "bytes_form_warm",
}


def test_bench_smoke_reports_every_figure_for_both_sides(tmp_path: Path) -> None:
    """One quick run measures the site's form page and the main-thread baseline side by side.

    Every figure is there for both sides, as a number (positive, but for those
    that can truly be zero), with a ratio; the table is printed; and no page
    reported an error or reached another host.
    """
    results, printed = run_smoke("scripts.benchmark", tmp_path / "bench.json", timeout=240)

    assert set(results["metrics"]) == EXPECTED
    for key, metric in results["metrics"].items():
        for side in ("ours", "baseline"):
            figures = metric[side]
            assert len(figures["runs"]) == 1, (key, side)
            for stat in ("median", "min", "max"):
                value = figures[stat]
                assert isinstance(value, int | float), (key, side, stat, value)
                assert value >= 0 if key in MAY_BE_ZERO else value > 0, (key, side, stat, value)
    # The emulated link held back the worker's downloads too: over 6 MB at 10 Mbit/s is over 5 s.
    for side in ("ours", "baseline"):
        assert results["metrics"]["bytes_form_ready"][side]["median"] > 6_000_000, side
        assert results["metrics"]["cold_ready_link_ms"][side]["median"] > 5_000, side
        # The page itself, at least, comes again over the link's 100 ms round trip.
        assert results["metrics"]["revisit_ready_link_ms"][side]["median"] > 100, side
    # Where time to ready goes: both sides mark each moment of Python's start, ours
    # partly in its worker, and the moments come in order on the page's one clock.
    for side in ("ours", "baseline"):
        for visit in ("cold", "warm"):
            moments = results["phases"][side][visit]
            assert list(moments) == [*PHASES, "ready"], (side, visit)
            times = [moments[moment]["median"] for moment in moments]
            assert times[0] > 0, (side, visit, times)
            assert times == sorted(times), (side, visit, times)
    # Ours asks for Python from the page and starts it in the worker, which the page makes first.
    ours_cold = results["phases"]["ours"]["cold"]
    assert ours_cold["python:start"]["median"] > ours_cold["python:asked"]["median"]
    assert "Where time to ready goes" in printed
    # Who used the CPU until ready: every kind of thread for both sides and visits, and the
    # worker doing ours's Python where the baseline's runs on its page's main thread.
    if cpu.PROC.is_dir():
        for side in ("ours", "baseline"):
            for visit in ("cold", "warm"):
                used = {kind: figures["median"] for kind, figures in results["cpu"][side][visit].items()}
                assert list(used) == [*cpu.KINDS, "total", "cores busy"], (side, visit)
                assert used["total"] == pytest.approx(sum(used[kind] for kind in cpu.KINDS)), (side, visit)
                ready = results["metrics"][f"{visit}_ready_ms"][side]["median"]
                assert used["cores busy"] == pytest.approx(used["total"] / ready), (side, visit)
                assert 0 < used["cores busy"] < results["machine"]["nproc"] + 0.5, (side, visit, used)
        for visit in ("cold", "warm"):
            ours, baseline = (results["cpu"][side][visit] for side in ("ours", "baseline"))
            assert ours["workers"]["median"] > ours["main"]["median"], (visit, ours)
            assert baseline["main"]["median"] > baseline["workers"]["median"], (visit, baseline)
        assert "Who used the CPU until ready" in printed
    else:
        assert results["cpu"] is None
        assert "Who used the CPU: not read" in printed
    # A page without a form asks for none of the runtime; the baseline's loader, on every page, for all of it.
    assert results["metrics"]["runtime_requests_guide_page"]["ours"]["runs"] == [0]
    assert results["metrics"]["runtime_requests_guide_page"]["baseline"]["median"] >= 5
    # Each of the targets judged (test_targets.py tests how), Lighthouse's left to --lighthouse.
    verdicts = {each["target"]: each["verdict"] for each in results["targets"]}
    assert list(verdicts) == [target.name for target in targets.TARGETS]
    assert all(verdict in ("met", "not met", "at the line") for verdict in list(verdicts.values())[:-2])
    assert list(verdicts.values())[-2:] == ["not measured", "not measured"]
    assert verdicts["guide page: no runtime fetched"] == "met"
    assert "The issue's targets" in printed
    assert results["settings"] == {"runs": 1, "keystrokes": 20, "smoke": True, "chromium_flags_added": []}
    assert "Chromium flags added" not in printed
    # A run with flags added for an experiment says so at the top of its report.
    flagged = report.report({**results, "settings": {**results["settings"], "chromium_flags_added": ["--x", "--y"]}})
    assert "Chromium flags added for this run (an experiment, not a reader's browser): --x --y" in flagged
    assert results["machine"]["nproc"] >= 1
    assert results["machine"]["chromium"]
    assert results["problems"] == {"page_errors": [], "requests_off_machine": []}
    assert "cold time-to-ready" in printed
    assert "ours/baseline" in printed
