"""CPU time of a Chromium, found by its profile folder: in all, and by the kind of thread that used it.

On two cores a page's first visit is bound by the CPU: the page's main thread,
its workers (Python's among them) and V8's compilers in the renderer's thread
pool all want it at once. The benchmark reads here who used how much from
navigation to ready, so that the share taken by the browser's own threads is a
figure of every run, not a finding of one trace.

Read from /proc (Linux): the browser process is the one whose command line
names the profile folder, and its helpers (renderers, GPU, network) are the
processes below it. Elsewhere every reading is None.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

PROC = Path("/proc")

# The kinds of thread, in the order the benchmark shows them, and what each holds.
KINDS: dict[str, str] = {
    "main": "the page's main thread (parsing, scripts, style, layout; the baseline's Python)",
    "workers": "the page's workers (ours: Python's and the theme's search)",
    "pool": "the renderer's thread pool (V8 compiling JavaScript and WebAssembly, its garbage collector's helpers)",
    "renderer other": "the renderer's other threads (I/O, compositor, the service worker)",
    "browser": "the browser's other processes (browser, GPU, network, storage, its own interface's renderer)",
}
# Chromium names its threads; Linux keeps the first 15 characters of a name.
_WORKER_THREAD = "DedicatedWorker"  # "DedicatedWorker thread"
_POOL_THREAD = "ThreadPool"  # ThreadPoolForegroundWorker, ThreadPoolBackgroundWorker, ThreadPoolSingleThread…
_PROCESS_TYPE = re.compile(r"--type=(\S+)")


class Thread(NamedTuple):
    """One thread of the browser: what it is, and the CPU seconds it has used so far."""

    kind: str
    cpu_s: float


def processes() -> dict[int, tuple[int, float, str]]:
    """Every process: pid -> (parent pid, CPU seconds used so far, command line with spaces between arguments)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # The browser keeps its arguments apart (NUL); its helpers rewrite theirs as one line.
            command_line = (entry / "cmdline").read_bytes().decode(errors="replace").replace("\0", " ")
        except OSError:  # it ended while being read
            continue
        parent, cpu_s = _parent_and_cpu_s(stat, ticks)
        found[int(entry.name)] = (parent, cpu_s, f" {command_line} ")
    return found


def _parent_and_cpu_s(stat: str, ticks: int) -> tuple[int, float]:
    """The parent pid and user + system CPU seconds of a /proc stat line."""
    # The name in parentheses may hold spaces: the fields that follow it are counted from its end.
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks


def browser_tree(profile: str | Path, found: dict[int, tuple[int, float, str]]) -> set[int]:
    """The pids of the browser given `profile` and of every process below it, among `found` (processes())."""
    marker = f" --user-data-dir={profile} "
    return tree_below({pid for pid, (_, _, command_line) in found.items() if marker in command_line}, found)


def tree_below(roots: set[int], found: dict[int, tuple[int, float, str]]) -> set[int]:
    """The `roots` and every process below them, among `found` (processes())."""
    tree = set(roots)
    grew = True
    while grew:
        children = {pid for pid, (parent, _, _) in found.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return tree


def browser_cpu_s(profile: str | Path) -> float | None:
    """CPU seconds used so far by the Chromium of this profile and all its processes; None without /proc."""
    if not PROC.is_dir():
        return None
    found = processes()
    return sum(found[pid][1] for pid in browser_tree(profile, found))


def thread_kind(command_line: str, is_main_thread: bool, thread_name: str) -> str:
    """Which of KINDS a thread is: by its process's command line, whether it is the process's main thread, its name."""
    process_type = _PROCESS_TYPE.search(command_line)
    # The browser's own interface (the address bar's pop-up) has a renderer too: the browser's, not the page's.
    if process_type is None or process_type[1] != "renderer" or " --top-chrome-webui " in command_line:
        return "browser"
    if is_main_thread:
        return "main"
    if thread_name.startswith(_WORKER_THREAD):
        return "workers"
    if thread_name.startswith(_POOL_THREAD):
        return "pool"
    return "renderer other"


def browser_threads(profile: str | Path) -> dict[tuple[int, int], Thread] | None:
    """Every thread of the Chromium of this profile, by (pid, thread id); None without /proc."""
    if not PROC.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    found = processes()
    threads = {}
    for pid in browser_tree(profile, found):
        command_line = found[pid][2]
        try:
            tasks = list((PROC / str(pid) / "task").iterdir())
        except OSError:  # the process ended meanwhile
            continue
        for task in tasks:
            try:
                stat = (task / "stat").read_text()
                name = (task / "comm").read_text().strip()
            except OSError:  # the thread ended meanwhile
                continue
            tid = int(task.name)
            threads[pid, tid] = Thread(thread_kind(command_line, tid == pid, name), _parent_and_cpu_s(stat, ticks)[1])
    return threads


def cpu_ms_by_kind(
    before: dict[tuple[int, int], Thread] | None, after: dict[tuple[int, int], Thread] | None
) -> dict[str, float] | None:
    """CPU milliseconds each kind of thread used between two readings of browser_threads; None if either is None.

    A thread that started between them counts from zero; one that ended between
    them took its time with it (a process's threads are read while it lives).
    """
    if before is None or after is None:
        return None
    used = dict.fromkeys(KINDS, 0.0)
    for key, thread in after.items():
        earlier = before.get(key)
        used[thread.kind] += max(0.0, thread.cpu_s - (earlier.cpu_s if earlier else 0.0)) * 1000
    return used
