"""The peak memory of a page's process, in each engine, read from /proc.

Python's WebAssembly memory, the JavaScript heaps of the page and of its
workers, and the engine's own share all live in one process per page:
Chromium's renderer, Firefox's "tab" content process, WebKit's web process.
The most that process ever held resident (VmHWM) is what a phone's tab is
killed for, so that is the figure, whatever the engine says of its own heaps.
Linux only; elsewhere None.
"""

from __future__ import annotations

from pathlib import Path

from browser_cpu import browser_tree, processes, tree_below

PROC = Path("/proc")

# How each engine's page processes say what they are, in their command lines.
PAGE_PROCESS = {
    "chromium": lambda command_line: "--type=renderer" in command_line and "--top-chrome-webui" not in command_line,
    "firefox": lambda command_line: "-contentproc" in command_line and command_line.rstrip().endswith(" tab"),
    "webkit": lambda command_line: "WebKitWebProcess" in command_line,
}


def _peak_resident_bytes(pid: int) -> int:
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def peak_page_memory(engine: str, browser_pid: int) -> int | None:
    """The largest peak resident memory among the engine's page processes below `browser_pid`, in bytes."""
    if not PROC.is_dir():
        return None
    found = processes()
    return _largest_peak(engine, tree_below({browser_pid}, found) - {browser_pid}, found)


def peak_chromium_memory(profile: str) -> int | None:
    """As peak_page_memory, for the Chromium of this profile folder."""
    if not PROC.is_dir():
        return None
    found = processes()
    return _largest_peak("chromium", browser_tree(profile, found), found)


def _largest_peak(engine: str, pids: set[int], found: dict[int, tuple[int, float, str]]) -> int | None:
    is_page = PAGE_PROCESS[engine]
    peaks = []
    for pid in pids:
        if is_page(found[pid][2]):
            try:
                peaks.append(_peak_resident_bytes(pid))
            except OSError:  # it ended meanwhile
                continue
    return max(peaks, default=None)
