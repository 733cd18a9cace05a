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

PROC = Path("/proc")

# How each engine's page processes say what they are, in their command lines.
PAGE_PROCESS = {
    "chromium": lambda command_line: "--type=renderer" in command_line and "--top-chrome-webui" not in command_line,
    "firefox": lambda command_line: "-contentproc" in command_line and command_line.rstrip().endswith(" tab"),
    "webkit": lambda command_line: "WebKitWebProcess" in command_line,
}


def _descendants(root: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process below `root`."""
    parents: dict[int, int] = {}
    command_lines: dict[int, str] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command_line = (entry / "cmdline").read_bytes().decode(errors="replace")
            command_lines[int(entry.name)] = command_line.replace("\0", " ")
        except OSError:  # it ended while being read
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return [(pid, command_lines[pid]) for pid in sorted(tree - {root}) if pid in command_lines]


def _peak_resident_bytes(pid: int) -> int:
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def peak_page_memory(engine: str, browser_pid: int) -> int | None:
    """The largest peak resident memory among the engine's page processes below `browser_pid`, in bytes."""
    if not PROC.is_dir():
        return None
    is_page = PAGE_PROCESS[engine]
    peaks = []
    for pid, command_line in _descendants(browser_pid):
        if is_page(command_line):
            try:
                peaks.append(_peak_resident_bytes(pid))
            except OSError:  # it ended meanwhile
                continue
    return max(peaks, default=None)


def browser_pid_with(argument: str) -> int | None:
    """The oldest process whose command line holds `argument` (a browser, by its profile folder)."""
    if not PROC.is_dir():
        return None
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                if argument in (entry / "cmdline").read_bytes().decode(errors="replace").replace("\0", " "):
                    found.append(int(entry.name))
            except OSError:
                continue
    return min(found, default=None)
