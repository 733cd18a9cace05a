"""What the benchmark serves, and how: the site and the baseline side by side, on servers that count what they send.

Both sides are served on 127.0.0.1 the way GitHub Pages serves the site
(scripts/pages_server.py: gzip, max-age=600, validators and 304s):

- ours: the built site under its sub-path, /follow-up-politely/;
- baseline: the pages of scripts/benchmark/pages/ under /baseline/, which load
  the same runtime and wheels on the main thread, eagerly at page load, as the
  Pyodide documentation shows, with the standard library as Pyodide publishes
  it (sources; the site serves its own, precompiled and trimmed, which is one
  of the levers measured).

Every file is read and compressed once, at start, so no response waits on gzip.
The servers log each piece of every response they send (time, bytes), which is
what the bytes-transferred figures are summed from.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator import get_template, render_preview
from scripts.pages_server import CACHE_CONTROL, ROOT, SITE, SITE_PATH, Files, PagesHandler, PagesServer

SITE_RUNTIME = SITE / "assets" / "runtime"
STOCK_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
PAGES = Path(__file__).resolve().parent / "pages"

# The baseline beside the site, with the site's own runtime files (the very same bytes).
SITE_RUNTIME_PATH = SITE_PATH + "assets/runtime/"
BASELINE_PATH = "/baseline/"
BASELINE_RUNTIME_PATH = "/baseline/runtime/"

OURS_FORM_PAGE = "thank-you/"
OURS_GUIDE_PAGE = "not-pushy/"  # a guide page without a form


@dataclass(frozen=True)
class Side:
    """One side of the comparison: its form page, its page without a form, and the URL path of its runtime."""

    name: str
    form_url: str
    guide_url: str
    runtime_path: str


def sides(origin: str) -> list[Side]:
    """Ours and the baseline, served at `origin`."""
    return [
        Side("ours", origin + SITE_PATH + OURS_FORM_PAGE, origin + SITE_PATH + OURS_GUIDE_PAGE, SITE_RUNTIME_PATH),
        Side(
            "baseline",
            origin + BASELINE_PATH + "baseline.html",
            origin + BASELINE_PATH + "baseline-guide.html",
            BASELINE_RUNTIME_PATH,
        ),
    ]


def baseline_form(template_id: str) -> str:
    """The baseline's form, from the catalog as the site's own: same field ids, kinds and defaults.

    Its preview holds the guide's example, as the site's does before Python answers.
    """
    template = get_template(template_id)
    example = render_preview(template_id, template.example_values()).email
    rows = []
    for spec in template.fields:
        control_id = f"baseline-{spec.id}"
        attributes = f'id="{control_id}" name="{html.escape(spec.id)}"'
        if spec.kind == "choice":
            options = "".join(
                f'<option value="{html.escape(choice.value)}"{" selected" if choice.value == spec.example else ""}>'
                f"{html.escape(choice.label)}</option>"
                for choice in spec.choices
            )
            control = f"<select {attributes}>{options}</select>"
        elif spec.kind == "long-text":
            control = f'<textarea {attributes} rows="3"></textarea>'
        else:
            kind = "email" if spec.kind == "email" else "text"
            control = f'<input {attributes} type="{kind}" autocomplete="{html.escape(spec.autocomplete)}">'
        rows.append(f'<label for="{control_id}">{html.escape(spec.label)}</label>\n{control}')
    fields = "\n".join(rows)
    return (
        f'<form data-template="{html.escape(template_id)}" novalidate>\n{fields}\n'
        "<h2>Preview</h2>\n"
        f'<p data-output="subject">{html.escape(example.subject)}</p>\n'
        f'<div data-output="body">{html.escape(example.body)}</div>\n'
        "</form>"
    )


def baseline_runtime(scratch: Path) -> Path:
    """The baseline's runtime: the site's files, but the standard library that Pyodide publishes."""
    for source in SITE_RUNTIME.iterdir():
        (scratch / source.name).symlink_to(source.resolve())
    (scratch / "python_stdlib.zip").unlink()
    (scratch / "python_stdlib.zip").symlink_to(STOCK_STDLIB.resolve())
    return scratch


def baseline_pages() -> dict[Path, bytes]:
    """The baseline's pages with their `<!-- bench: form ID -->` marker replaced by that form."""
    pages = {}
    for page in PAGES.glob("*.html"):
        text = re.sub(r"<!-- bench: form ([\w-]+) -->", lambda m: baseline_form(m.group(1)), page.read_text())
        pages[page] = text.encode()
    return pages


class BenchServer(PagesServer):
    """A Pages-like server (the site first, then the baseline) that logs each request and each piece it sends."""

    def __init__(self, mounts: dict[str, Path], files: Files, cache_control: str = CACHE_CONTROL) -> None:
        super().__init__(mounts, files=files, cache_control=cache_control, handler=_CountingHandler)
        self.sent: list[tuple[float, int]] = []
        self.asked: list[tuple[float, str]] = []  # (time, URL path) of every request
        self.active = 0
        self.last_activity = time.time()
        self.lock = threading.Lock()

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """Count a request in flight while it is answered."""
        with self.lock:
            self.active += 1
            self.last_activity = time.time()
        try:
            yield
        finally:
            with self.lock:
                self.active -= 1
                self.last_activity = time.time()

    def note_sent(self, size: int) -> None:
        """Log a piece of a response, headers or body, as it leaves."""
        now = time.time()
        with self.lock:
            self.sent.append((now, size))
            self.last_activity = now

    def note_asked(self, path: str) -> None:
        """Log a request's URL path as it comes in."""
        with self.lock:
            self.asked.append((time.time(), path))

    def requests_between(self, start: float, end: float, under: str) -> int:
        """Requests for paths under `under` that came in after `start` and up to `end`."""
        with self.lock:
            return sum(1 for at, path in self.asked if start < at <= end and path.startswith(under))

    def bytes_between(self, start: float, end: float) -> int:
        """Bytes sent (headers and bodies, as on the wire) after `start` and up to `end`, in seconds since the epoch."""
        with self.lock:
            return sum(size for at, size in self.sent if start < at <= end)

    def wait_quiet(self, quiet_s: float, timeout_s: float = 60) -> float:
        """Wait until no request has been in flight for `quiet_s`; the time the quiet began."""
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            with self.lock:
                active, last = self.active, self.last_activity
            if not active and time.time() - last >= quiet_s:
                return last
            time.sleep(0.02)
        raise TimeoutError(f"the network never went quiet for {quiet_s} s")


class _CountingWriter:
    """The handler's output, logging each write to the server."""

    def __init__(self, raw: io.BufferedIOBase, server: BenchServer) -> None:
        self.raw = raw
        self.server = server

    def write(self, data: bytes) -> int:
        written = self.raw.write(data)
        self.server.note_sent(len(data))
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class _CountingHandler(PagesHandler):
    server: BenchServer

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile, self.server)  # type: ignore[assignment]

    def answer(self, with_body: bool) -> None:
        with self.server.busy():
            self.server.note_asked(unquote(urlsplit(self.path).path))
            super().answer(with_body)


@contextlib.contextmanager
def bench_servers(revisit_max_age_s: float) -> Iterator[tuple[BenchServer, BenchServer]]:
    """Two servers of the same files, running: one for every figure, and one whose files expire soon, for the revisit.

    The baseline's runtime folder (links to the site's files, but the stock
    standard library) lives as long as they do.
    """
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as scratch:
        mounts = {SITE_PATH: SITE, BASELINE_PATH: PAGES, BASELINE_RUNTIME_PATH: baseline_runtime(Path(scratch))}
        files = Files(replaced=baseline_pages())
        for root in mounts.values():
            files.preload(root)
        servers = (BenchServer(mounts, files), BenchServer(mounts, files, f"max-age={revisit_max_age_s:g}"))
        for server in servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield servers
        finally:
            for server in servers:
                server.shutdown()
                server.server_close()
