"""A short smoke of the benchmark (scripts/bench.py --smoke): it runs end to end and reports every figure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Figures that can truly be zero: no long task at all, and a repeat visit served
# wholly from the browser's cache.
MAY_BE_ZERO = {"tbt_cold_ms", "tbt_warm_ms", "bytes_form_warm"}
EXPECTED = {
    "cold_ready_ms",
    "warm_ready_ms",
    "cold_ready_link_ms",
    "tbt_cold_ms",
    "tbt_warm_ms",
    "keystroke_p50_ms",
    "keystroke_p95_ms",
    "bytes_guide_page",
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
    if not (ROOT / "site" / "thank-you" / "index.html").exists():
        pytest.skip("site/ is not built: ./scripts/test builds it before running pytest")
    if not (os.environ.get("CHROME_PATH") or shutil.which("chromium")):
        pytest.fail("no Chromium: set CHROME_PATH, or run ./scripts/test, which installs Debian's chromium")
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "scripts/bench.py", "--smoke", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text())

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
    assert results["settings"] == {"runs": 1, "keystrokes": 20, "smoke": True}
    assert results["machine"]["nproc"] >= 1
    assert results["machine"]["chromium"]
    assert results["problems"] == {"page_errors": [], "requests_off_machine": []}
    assert "cold time-to-ready" in done.stdout
    assert "ours/baseline" in done.stdout
