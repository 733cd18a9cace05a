"""What the benchmark measures: each figure's name, unit and definition, and the settings they are measured with."""

from __future__ import annotations

from scripts.benchmark.cpu import KINDS

TYPED_FIELD = "candidate_name"
# Typed after one untimed first letter: a name, then deleted back to that letter,
# again and again. Inserts and deletions both, and the field never empties (an
# empty form shows the guide's example, a different path).
KEY_CYCLE = [*"na Lima", *["Backspace"] * len("na Lima")]


READY_TIMEOUT_MS = 60_000
KEY_TIMEOUT_MS = 10_000
TBT_AFTER_READY_MS = 1_000  # total blocking time counts from navigation to ready + 1 s
QUIET_S = 1.0  # a page without a form is done once the network has been quiet this long after load
# A reader's connection, emulated by Chromium (DevTools network emulation, which
# also holds back the worker's downloads): 10 Mbit/s each way, 100 ms round trip.
LINK = {"offline": False, "latency": 100, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}
LINK_READY_TIMEOUT_MS = 120_000
# A returning reader comes back after max-age has passed (the next day, say):
# served from a second server whose files expire this soon, and visited once
# that is over, so the browser must revalidate whatever it has not kept otherwise.
REVISIT_MAX_AGE_S = 2
REVISIT_READ_S = 3.0  # the first visit's page stays open this long after ready, as a reader reads


METRICS: dict[str, tuple[str, str]] = {
    # key: (label in the table, unit)
    "cold_ready_ms": ("cold time-to-ready", "ms"),
    "warm_ready_ms": ("warm time-to-ready (repeat visit)", "ms"),
    "cold_ready_link_ms": ("cold time-to-ready, 10 Mbit/s 100 ms link", "ms"),
    "revisit_ready_link_ms": ("repeat visit after max-age, 10 Mbit/s 100 ms link", "ms"),
    "tbt_cold_ms": ("total blocking time, cold", "ms"),
    "tbt_warm_ms": ("total blocking time, warm", "ms"),
    "tbt_guide_ms": ("total blocking time, guide page", "ms"),
    "keystroke_p50_ms": ("keystroke-to-preview p50", "ms"),
    "keystroke_p95_ms": ("keystroke-to-preview p95", "ms"),
    "bytes_guide_page": ("bytes, guide page without a form", "B"),
    "runtime_requests_guide_page": ("runtime files asked for, guide page", "requests"),
    "bytes_form_at_load": ("bytes, form page by its load event", "B"),
    "bytes_form_ready": ("bytes, form page once Python is ready", "B"),
    "bytes_form_warm": ("bytes, form page repeat visit to ready", "B"),
}

DEFINITIONS = {
    "cold_ready_ms": "Fresh browser profile on disk (empty caches), in a new tab left until the browser "
    "is idle (opening a tab costs Chromium about a second of CPU of its own): navigation start to the "
    'first form[data-template][data-ready="true"], i.e. the first preview rendered by Python; '
    "performance.now() in the page, from a MutationObserver.",
    "warm_ready_ms": "The same, on a second visit in a new tab of the same profile (HTTP cache and "
    "Chromium's caches of compiled code warm, within max-age: no request reaches the server for "
    "cached files; ours restores the snapshot of Python its first visit kept in Cache Storage).",
    "cold_ready_link_ms": "The cold visit again, in another fresh profile, over a connection Chromium "
    "emulates (DevTools network emulation, which holds back the worker's downloads too): 10 Mbit/s "
    "each way, 100 ms round trip. Served the same way; only the link differs.",
    "revisit_ready_link_ms": "A returning reader, the next day: in another fresh profile, a first visit "
    "on loopback, its page left open 3 s after ready; then, once the files' max-age has passed (served "
    f"with max-age={REVISIT_MAX_AGE_S} for this), a visit over the same emulated link, navigation to "
    "ready. The browser must revalidate each file it holds (304), unless something else answers for it.",
    "tbt_cold_ms": "Sum over the main thread's long tasks (PerformanceObserver 'longtask') that start "
    "between navigation and ready + 1 s, of (duration - 50 ms). Cold visit.",
    "tbt_warm_ms": "The same, on the warm visit.",
    "tbt_guide_ms": "The same, on bytes_guide_page's cold visit of a page without a form, over long tasks "
    "that start before the network has been quiet for 1 s after the load event (and, for the baseline, "
    "Python has loaded).",
    "keystroke_p50_ms": f"On the warm page, once ready: keys typed one at a time into {TYPED_FIELD} "
    "(each waits for the last to show: its preview and check in the page, then one frame drawn), "
    "from the keydown event's timeStamp to the next change of the preview's text ([data-output], "
    "MutationObserver). Median of the run's keystrokes.",
    "keystroke_p95_ms": "The same, 95th percentile.",
    "bytes_guide_page": "Cold visit of a page without a form (ours: not-pushy/; the baseline: its loader as "
    "a site-wide script, which the standard way runs on every page): bytes the server sent, headers "
    "and gzipped bodies, from navigation until the network has been quiet for 1 s after the load "
    "event (and, for the baseline, after Python has loaded).",
    "runtime_requests_guide_page": "The same visit: requests that reached the server for the side's runtime "
    "files (its folder of Pyodide's files and the wheels). The issue asks that a page without a form "
    "fetch none.",
    "bytes_form_at_load": "Cold visit of the form page, no interaction: bytes the server sent from "
    "navigation up to the window's load event, including the parts of downloads still in flight. "
    "Both sides start Python at page load today, so this is not what a reader who never types "
    "downloads in all: see bytes_form_ready.",
    "bytes_form_ready": "Cold visit of the form page: bytes the server sent from navigation until the "
    "first preview rendered by Python.",
    "bytes_form_warm": "Warm visit of the form page: bytes the server sent from navigation until ready.",
    "phases": "On the cold and warm visits above, when each moment of Python's start came, in ms since "
    "navigation: User Timing marks (python:asked, python:start, python:runtime, python:engine) that "
    "both sides make, ours in the page and in its Python worker (whose clock is lined up with the "
    "page's through performance.timeOrigin), then ready.",
    "cpu": "On the cold and warm visits above, the CPU time the whole browser used from just before the "
    "navigation to just after ready (the harness reads it once the page has said it is ready, a few ms "
    "later), in ms, by kind of thread (scripts/benchmark/cpu.py): "
    + "; ".join(f"{kind}: {meaning}" for kind, meaning in KINDS.items())
    + ". 'cores busy' is the total over the time to ready. Read from /proc (Linux); absent elsewhere.",
}


# The moments of Python's start that both sides mark (User Timing marks named
# python:*, in the page and in the site's Python worker), in order; with ready
# after them, they show where a visit's time to ready goes.
PHASES: dict[str, str] = {
    "python:asked": "Python asked for",  # ours: the page makes the worker; baseline: its module runs
    "python:start": "start code runs",  # ours: the worker's script; baseline: the same module
    "python:runtime": "runtime started",  # loadPyodide has resolved, the engine's wheels are in place
    "python:engine": "engine imported",  # generator.api
}
VISITS = ("cold", "warm")
