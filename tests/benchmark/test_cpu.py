"""scripts/benchmark/cpu.py: the benchmark's reading of a browser's CPU time, in all and by kind of thread.

A stand-in "browser" is a Python process whose command line names a profile
folder, as Chromium's does, with a child whose command line says it is a
renderer, as Chromium's helpers do, and whose threads are named as Chromium
names its own.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.benchmark import cpu

LIVE = pytest.mark.skipif(not cpu.PROC.is_dir(), reason="reads /proc (Linux)")

# The parent starts a "renderer" child and waits. The child names a thread as
# given (Linux keeps 15 characters), spins on it for `seconds` of CPU, writes
# the file `done`, then sleeps: a thread that ends takes its CPU time with it.
BROWSER = """
import subprocess, sys, time
subprocess.run([sys.executable, "-c", sys.argv[1], *sys.argv[2:5], "--type=renderer"])
time.sleep(60)
"""
RENDERER = """
import pathlib, sys, threading, time
thread_name, seconds, done = sys.argv[1], float(sys.argv[2]), pathlib.Path(sys.argv[3])
def spin():
    pathlib.Path(f"/proc/self/task/{threading.get_native_id()}/comm").write_text(thread_name[:15])
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
    done.write_text("")
    time.sleep(60)
threading.Thread(target=spin).start()
"""


def start_browser(profile: Path, thread_name: str, busy_s: float) -> subprocess.Popen[bytes]:
    arguments = [RENDERER, thread_name, str(busy_s), str(profile / "done"), f"--user-data-dir={profile}"]
    return subprocess.Popen([sys.executable, "-c", BROWSER, *arguments])


def wait_for(path: Path, timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never came"
        time.sleep(0.01)


@LIVE
def test_counts_the_cpu_of_the_browser_and_its_children(tmp_path: Path) -> None:
    """The browser's total includes its helpers' work; another profile's browser used none."""
    browser = start_browser(tmp_path, "Compositor", 0.3)
    try:
        time.sleep(0.05)  # the processes have started
        before = cpu.browser_cpu_s(tmp_path)
        assert before is not None
        wait_for(tmp_path / "done")
        after = cpu.browser_cpu_s(tmp_path)
        assert after is not None
        assert after - before >= 0.2
        assert cpu.browser_cpu_s(tmp_path / "another-profile") == 0
    finally:
        browser.kill()
        browser.wait()


@LIVE
@pytest.mark.parametrize(
    ("thread_name", "kind"),
    [
        ("ThreadPoolForegroundWorker", "pool"),
        ("DedicatedWorker thread", "workers"),
        ("Compositor", "renderer other"),
    ],
)
def test_charges_a_renderers_thread_to_its_kind(tmp_path: Path, thread_name: str, kind: str) -> None:
    """A renderer's busy thread, named as Chromium names it, is charged to its kind and to no other."""
    browser = start_browser(tmp_path, thread_name, 0.3)
    try:
        time.sleep(0.05)  # the processes have started; the spinning thread may have too
        before = cpu.browser_threads(tmp_path)
        wait_for(tmp_path / "done")
        used = cpu.cpu_ms_by_kind(before, cpu.browser_threads(tmp_path))
        assert used is not None
        assert list(used) == list(cpu.KINDS)
        assert used[kind] >= 150, used  # of 300 ms spun, some may have come before the first reading
        # The other threads only started Python and waited: far less than the spinning.
        assert all(ms < 150 for other, ms in used.items() if other != kind), used
    finally:
        browser.kill()
        browser.wait()


@pytest.mark.parametrize(
    ("command_line", "is_main_thread", "thread_name", "kind"),
    [
        (" /usr/lib/chromium/chromium --user-data-dir=/tmp/p ", True, "chromium", "browser"),
        (" /usr/lib/chromium/chromium --user-data-dir=/tmp/p ", False, "ThreadPoolForeg", "browser"),
        (" chromium --type=renderer --lang=en-US ", True, "chromium", "main"),
        (" chromium --type=renderer --lang=en-US ", False, "DedicatedWorker", "workers"),
        (" chromium --type=renderer --lang=en-US ", False, "ThreadPoolForeg", "pool"),
        (" chromium --type=renderer --lang=en-US ", False, "ThreadPoolSingl", "pool"),
        (" chromium --type=renderer --lang=en-US ", False, "Compositor", "renderer other"),
        (" chromium --type=renderer --lang=en-US ", False, "ServiceWorker t", "renderer other"),
        (" chromium --type=renderer --top-chrome-webui --lang=en-US ", True, "chromium", "browser"),
        (" chromium --type=gpu-process --no-sandbox ", False, "VizCompositorTh", "browser"),
        (" chromium --type=utility --utility-sub-type=network.mojom.NetworkService ", True, "chromium", "browser"),
    ],
)
def test_thread_kinds(command_line: str, is_main_thread: bool, thread_name: str, kind: str) -> None:
    """The page's renderer is split by thread; everything else of the browser is the browser's."""
    assert cpu.thread_kind(command_line, is_main_thread, thread_name) == kind


def test_cpu_by_kind_counts_what_each_thread_used_between_the_readings() -> None:
    """A thread that started between the readings counts from zero; one that ended counts nothing."""
    thread = cpu.Thread
    before = {(1, 1): thread("main", 0.5), (1, 2): thread("pool", 1.0), (1, 3): thread("workers", 2.0)}
    after = {(1, 1): thread("main", 0.75), (1, 2): thread("pool", 1.5), (1, 4): thread("pool", 0.125)}
    assert cpu.cpu_ms_by_kind(before, after) == {
        "main": 250.0,
        "workers": 0.0,
        "pool": 625.0,
        "renderer other": 0.0,
        "browser": 0.0,
    }


def test_without_proc_nothing_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Off Linux the readings are None, and so is what they would have shown."""
    monkeypatch.setattr(cpu, "PROC", tmp_path / "no-proc")
    assert cpu.browser_cpu_s(tmp_path) is None
    assert cpu.browser_threads(tmp_path) is None
    assert cpu.cpu_ms_by_kind(None, {}) is None
    assert cpu.cpu_ms_by_kind({}, None) is None
