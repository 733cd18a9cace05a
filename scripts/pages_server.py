"""A static server that answers as GitHub Pages does: the built site under its sub-path, gzip, max-age, validators.

The one server of every tool that shows the built site to a browser:
./scripts/serve, the browser tests, the benchmark and the Lighthouse script. What
GitHub Pages (behind its CDN) does, this does, so a page behaves here as it
will there:

- the site lives under the repository's sub-path, SITE_PATH; `/` redirects
  there, and a folder asked for without its slash redirects to it with one;
- text, JavaScript, JSON, XML, SVG and, as assumed here, WebAssembly go gzipped
  when the request accepts gzip; archives (zip, whl, gz) and images go as they are.
  The level of Pages' gzip is not published: 6, zlib's default, is assumed;
- every response may be cached for 10 minutes (Cache-Control: max-age=600) and
  carries an ETag and a Last-Modified, so a visit after that revalidates
  (If-None-Match, If-Modified-Since) and gets a 304 for a file that has not changed;
- a missing path of the site gets the site's 404.html, with the status 404;
- it is no proxy: a request for another host is refused (403).

Each file is read and compressed once and kept while it is unchanged on disk
(`Files`), so a response does not wait on gzip; servers may share those files.
The tools that need more (the benchmark counts the bytes it sends; the browser
tests add a report-only policy header) subclass PagesServer and PagesHandler.

Run by itself, it serves site/ until stopped (./scripts/serve builds the site
for this address first):

    .venv/bin/python -m scripts.pages_server --port 8000
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip
import os
import re
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from stat import S_ISREG
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
# The repository's name: where GitHub Pages puts a project's site.
SITE_PATH = "/follow-up-politely/"

CACHE_CONTROL = "max-age=600"
GZIP_LEVEL = 6
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    # A wheel is a zip archive, but no media type is registered for its suffix: sent as bytes.
    ".whl": "application/octet-stream",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|manifest\+json|xml|wasm)|image/svg\+xml)")
# Bodies are written piece by piece, so a subclass that logs what leaves (the benchmark) sees a fine grain.
CHUNK = 64 * 1024


@dataclass(frozen=True)
class File:
    """One file, ready to send: as it is, and gzipped when its type is compressible."""

    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str  # without its quotes
    last_modified: str
    mtime: int

    @classmethod
    def of(cls, body: bytes, suffix: str, mtime: float) -> File:
        """The file of these bytes, typed by the suffix of its name, last modified at `mtime` (epoch seconds)."""
        content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
        gzipped = gzip.compress(body, GZIP_LEVEL, mtime=0) if COMPRESSIBLE.match(content_type) else None
        tag = f"{int(mtime * 1000):x}-{len(body):x}"
        return cls(body, gzipped, content_type, tag, email.utils.formatdate(mtime, usegmt=True), int(mtime))


NOT_FOUND = File.of(b"Not found\n", ".txt", 0)


class Files:
    """The files served, each read and compressed once and again only when it changes on disk.

    Args:
        replaced: bytes to serve instead of some files' own (the benchmark's
            baseline pages, with their form filled in).

    """

    def __init__(self, replaced: Mapping[Path, bytes] | None = None) -> None:
        self.replaced = dict(replaced or {})
        self._kept: dict[Path, tuple[tuple[int, int], File]] = {}
        self._lock = threading.Lock()

    def get(self, path: Path) -> File | None:
        """The file at `path`, or None if there is no such file."""
        try:
            stat = path.stat()
        except OSError:
            return None
        if not S_ISREG(stat.st_mode):
            return None
        version = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            kept = self._kept.get(path)
        if kept is not None and kept[0] == version:
            return kept[1]
        body = self.replaced.get(path)
        if body is None:
            try:
                body = path.read_bytes()
            except OSError:
                return None
        file = File.of(body, path.suffix, stat.st_mtime)
        with self._lock:
            self._kept[path] = (version, file)
        return file

    def preload(self, root: Path) -> None:
        """Read and compress every file under `root` now, so that no response waits for it."""
        for path in sorted(root.rglob("*")):
            self.get(path)


class PagesServer(ThreadingHTTPServer):
    """Folders served under URL prefixes, as GitHub Pages would; the first prefix is the site's.

    Args:
        mounts: URL prefix (with its slashes) -> folder; by default the built
            site under SITE_PATH. Its first entry is the site, whose 404.html
            answers a missing path under its prefix, and which `/` redirects to.
        port: 0 for any free port (see `origin`).
        files: the files as another server of the same folders read them, to share.
        cache_control: the Cache-Control of every response (see `cache_control_for`).
        quiet: no access log, and no traceback for a connection the browser dropped.
        handler: the request handler class, PagesHandler or a subclass.

    """

    daemon_threads = True

    def __init__(
        self,
        mounts: Mapping[str, Path] | None = None,
        *,
        port: int = 0,
        files: Files | None = None,
        cache_control: str = CACHE_CONTROL,
        quiet: bool = True,
        handler: type[PagesHandler] | None = None,
    ) -> None:
        self.mounts: dict[str, Path] = dict(mounts or {SITE_PATH: SITE})
        for prefix in self.mounts:
            if not (prefix.startswith("/") and prefix.endswith("/")):
                raise ValueError(f"a mount's URL prefix starts and ends with '/': {prefix!r}")
        super().__init__(("127.0.0.1", port), handler or PagesHandler)
        self.files = files if files is not None else Files()
        self.cache_control = cache_control
        self.quiet = quiet

    @property
    def origin(self) -> str:
        """The server's origin, http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.server_port}"

    @property
    def site_path(self) -> str:
        """The URL path of the site: the first mount's prefix."""
        return next(iter(self.mounts))

    @property
    def url(self) -> str:
        """The site's address, http://127.0.0.1:PORT/follow-up-politely/ by default."""
        return self.origin + self.site_path

    def resolve(self, path: str) -> tuple[Path | None, str | None]:
        """The file a decoded URL path names, or where to redirect, or neither (nothing there, or refused)."""
        if path == "/" and "/" not in self.mounts:
            return None, self.site_path
        for prefix, root in sorted(self.mounts.items(), key=lambda mount: -len(mount[0])):
            if path == prefix.rstrip("/"):
                return None, prefix
            if not path.startswith(prefix):
                continue
            parts = [part for part in path[len(prefix) :].split("/") if part]
            # Nothing outside the folder: no step up, and nothing a file system might read as one.
            if any(part in (".", "..") or "\\" in part or "\0" in part for part in parts):
                return None, None
            target = root.joinpath(*parts)
            if target.is_dir():
                if not path.endswith("/"):
                    return None, path + "/"
                target = target / "index.html"
            return target, None
        return None, None

    def not_found(self, path: str) -> File:
        """A missing page of the site gets the site's 404.html, as on GitHub Pages; anything else, plain words."""
        if path.startswith(self.site_path):
            page = self.files.get(self.mounts[self.site_path] / "404.html")
            if page is not None:
                return page
        return NOT_FOUND

    def cache_control_for(self, file: Path | None) -> str:
        """The Cache-Control of a file's responses, or of a 404's (None): one for all, as Pages sends."""
        return self.cache_control

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that drops a connection (a page closed, a fault test) needs no traceback; other errors do."""
        if self.quiet and isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class PagesHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the server's mounts; refuses to be a proxy."""

    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and Pages use
    server: PagesServer

    def do_GET(self) -> None:
        """A file, with its body."""
        self.answer(with_body=True)

    def do_HEAD(self) -> None:
        """A file's headers alone."""
        self.answer(with_body=False)

    def do_CONNECT(self) -> None:
        """A tunnel to another host: refused."""
        self.refuse_proxy()

    def answer(self, with_body: bool) -> None:
        """Answer the request: a redirect, a 304, the file, or the 404 page."""
        if self.path.startswith(("http://", "https://")):
            self.refuse_proxy()
            return
        url = urlsplit(self.path)
        path = unquote(url.path)
        file, redirect = self.server.resolve(path)
        if redirect:
            location = redirect + (f"?{url.query}" if url.query else "")
            self.send_response(HTTPStatus.FOUND if path == "/" else HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        entry = self.server.files.get(file) if file else None
        status = HTTPStatus.OK
        if file is None or entry is None:
            entry, status = self.server.not_found(path), HTTPStatus.NOT_FOUND
        zipped = entry.gzipped is not None and accepts_gzip(self.headers.get("Accept-Encoding", ""))
        # The compressed body is another representation: it has a tag of its own.
        etag = f'"{entry.etag}-gzip"' if zipped else f'"{entry.etag}"'
        if status == HTTPStatus.OK and file is not None and self.not_modified(entry, etag):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_validators(entry, etag, file)
            self.send_extra_headers(file)
            self.end_headers()
            return
        payload = entry.gzipped if zipped and entry.gzipped is not None else entry.body
        self.send_response(status)
        self.send_header("Content-Type", entry.content_type)
        self.send_header("Content-Length", str(len(payload)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        if status == HTTPStatus.OK and file is not None:
            self.send_validators(entry, etag, file)
            self.send_extra_headers(file)
        else:
            self.send_validators(entry, etag, None)
        self.end_headers()
        if with_body:
            for offset in range(0, len(payload), CHUNK):
                self.wfile.write(payload[offset : offset + CHUNK])

    def extra_headers(self, file: Path) -> dict[str, str]:
        """More headers for a file's 200 or 304: none here; the browser tests add a report-only policy."""
        return {}

    def send_extra_headers(self, file: Path) -> None:
        """Send what extra_headers gives."""
        for name, value in self.extra_headers(file).items():
            self.send_header(name, value)

    def refuse_proxy(self) -> None:
        """A request for another host (a browser using this server as its proxy): refused, never forwarded."""
        self.send_error(HTTPStatus.FORBIDDEN, "this server serves the site and nothing else")

    def send_validators(self, entry: File, etag: str, file: Path | None) -> None:
        """Cache-Control, ETag and Last-Modified, and what else Pages sends with them."""
        self.send_header("Cache-Control", self.server.cache_control_for(file))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", entry.last_modified)
        self.send_header("Access-Control-Allow-Origin", "*")
        if entry.gzipped is not None:
            self.send_header("Vary", "Accept-Encoding")

    def not_modified(self, entry: File, etag: str) -> bool:
        """Whether the request's validators match the file (If-None-Match first, as RFC 9110 says)."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return etag in tags or "*" in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            with contextlib.suppress(TypeError, ValueError):
                return entry.mtime <= email.utils.parsedate_to_datetime(if_modified_since).timestamp()
        return False

    def log_message(self, format: str, *args: object) -> None:
        """The access log, on stderr, unless the server is quiet."""
        if not self.server.quiet:
            super().log_message(format, *args)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header accepts gzip (named, and not with q=0)."""
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def built_for(site: Path = SITE) -> str | None:
    """The address a built site was made for (its site_url, which its sitemap begins with), if it says."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return None
    found = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
    return found[1].strip() if found else None


def main(argv: list[str] | None = None) -> int:
    """Serve the built site at http://127.0.0.1:PORT/follow-up-politely/ until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m scripts.pages_server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default 8000)")
    parser.add_argument("--directory", type=Path, default=SITE, help="the built site (default site/)")
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        parser.exit(1, f"{args.directory} is not a built site: ./scripts/serve builds one\n")
    try:
        server = PagesServer({SITE_PATH: args.directory}, port=args.port, quiet=False)
    except OSError as error:
        parser.exit(1, f"cannot serve on port {args.port} ({error}): stop what uses it, or choose another (PORT=)\n")
    made_for = built_for(args.directory)
    if made_for and made_for != server.url:
        print(f"warning: the site was built for {made_for}; build it with SITE_URL={server.url}", file=sys.stderr)
    shown = os.path.relpath(args.directory) if args.directory.resolve().is_relative_to(Path.cwd()) else args.directory
    print(f"serving {shown}/ at {server.url} (Ctrl+C stops)", file=sys.stderr, flush=True)
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
