"""scripts/benchmark/idle.py: the benchmark's wait for a browser to stop using the CPU.

A stand-in "browser" is a Python process whose command line names a profile
folder, as Chromium's does, with a child that burns CPU, as a renderer would.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.benchmark import cpu, idle

pytestmark = pytest.mark.skipif(not cpu.PROC.is_dir(), reason="reads /proc (Linux)")

# The parent starts a child that spins for `seconds` of CPU, waits for it, writes
# the file `done`, then sleeps.
BROWSER = """
import pathlib, subprocess, sys, time
seconds, done = float(sys.argv[1]), pathlib.Path(sys.argv[2])
spin = "import time\\nend = time.process_time() + %r\\nwhile time.process_time() < end: pass" % seconds
subprocess.run([sys.executable, "-c", spin], check=True)
done.write_text("")
time.sleep(60)
"""


def start_browser(profile: Path, busy_s: float) -> subprocess.Popen[bytes]:
    arguments = [str(busy_s), str(profile / "done"), f"--user-data-dir={profile}"]
    return subprocess.Popen([sys.executable, "-c", BROWSER, *arguments])


def test_waits_until_the_busy_child_is_done(tmp_path: Path) -> None:
    browser = start_browser(tmp_path, 0.5)
    try:
        time.sleep(0.1)  # the child has started spinning
        idle.wait_until_idle(tmp_path)
        # Idle means the spinning is over: the parent has already seen its child end.
        assert (tmp_path / "done").exists()
        assert browser.poll() is None  # and the browser itself still runs
    finally:
        browser.kill()
        browser.wait()


def test_without_proc_it_pauses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(cpu, "PROC", tmp_path / "no-proc")
    monkeypatch.setattr(idle.time, "sleep", pauses.append)
    idle.wait_until_idle(tmp_path)
    assert pauses == [idle.FALLBACK_PAUSE_S]
