"""scripts/browser_idle.py: the benchmark's wait for a browser to stop using the CPU.

A stand-in "browser" is a Python process whose command line names a profile
folder, as Chromium's does, with a child that burns CPU, as a renderer would.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import browser_idle
import pytest

pytestmark = pytest.mark.skipif(not browser_idle.PROC.is_dir(), reason="reads /proc (Linux)")

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


def test_counts_the_cpu_of_the_browser_and_its_children(tmp_path: Path) -> None:
    browser = start_browser(tmp_path, 0.3)
    try:
        time.sleep(0.05)  # the processes have started
        before = browser_idle.browser_cpu_s(tmp_path)
        assert before is not None
        time.sleep(0.1)  # the child is spinning by now (it spins for 0.3 s of CPU)
        during = browser_idle.browser_cpu_s(tmp_path)
        assert during is not None
        assert during > before
        assert browser_idle.browser_cpu_s(tmp_path / "another-profile") == 0
    finally:
        browser.kill()
        browser.wait()


def test_waits_until_the_busy_child_is_done(tmp_path: Path) -> None:
    browser = start_browser(tmp_path, 0.5)
    try:
        time.sleep(0.1)  # the child has started spinning
        browser_idle.wait_until_idle(tmp_path)
        # Idle means the spinning is over: the parent has already seen its child end.
        assert (tmp_path / "done").exists()
        assert browser.poll() is None  # and the browser itself still runs
    finally:
        browser.kill()
        browser.wait()


def test_without_proc_it_pauses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(browser_idle, "PROC", tmp_path / "no-proc")
    monkeypatch.setattr(browser_idle.time, "sleep", pauses.append)
    assert browser_idle.browser_cpu_s(tmp_path) is None
    browser_idle.wait_until_idle(tmp_path)
    assert pauses == [browser_idle.FALLBACK_PAUSE_S]
