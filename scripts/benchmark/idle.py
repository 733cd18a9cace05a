"""Wait until a Chromium, found by its profile folder, has stopped using the CPU.

Opening a tab is not free for Chromium 156: about a second of CPU over some
0.6 s, for the tab's first renderer and for a renderer of the browser's own
interface (`--top-chrome-webui`: the address bar's pop-up, animated). On two
cores that work ran alongside the page the benchmark had just started loading,
and was charged to the page. A reader's page loads in a tab that already
exists; so the benchmark opens the tab, waits here, and only then navigates.

The CPU time is read from /proc (Linux; cpu.py). Elsewhere the wait is a
fixed pause.
"""

from __future__ import annotations

import time
from pathlib import Path

from scripts.benchmark.cpu import browser_cpu_s

# Idle: this many windows in a row in which the whole browser used less CPU than QUIET_CPU_S.
WINDOW_S = 0.1
QUIET_WINDOWS = 3
QUIET_CPU_S = 0.02  # two clock ticks: a timer or an IPC, not work
FALLBACK_PAUSE_S = 1.5  # where /proc is missing: longer than the tab's work lasted here


def wait_until_idle(profile: str | Path, timeout_s: float = 10) -> None:
    """Return once the browser of `profile` has been idle for QUIET_WINDOWS windows, or after timeout_s."""
    used = browser_cpu_s(profile)
    if used is None:
        time.sleep(FALLBACK_PAUSE_S)
        return
    deadline = time.monotonic() + timeout_s
    quiet = 0
    while quiet < QUIET_WINDOWS and time.monotonic() < deadline:
        time.sleep(WINDOW_S)
        now = browser_cpu_s(profile) or 0.0
        # A process that ended takes its CPU time with it: the sum can fall, which is quiet too.
        quiet = quiet + 1 if now - used < QUIET_CPU_S else 0
        used = now
