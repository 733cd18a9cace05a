"""scripts/pages_server.py: the built site served as GitHub Pages serves it."""

from __future__ import annotations

import email.utils
import gzip
import http.client
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import pages_server
from scripts.pages_server import PagesServer

SUB_PATH = pages_server.SITE_PATH
INDEX = b"<!doctype html><title>home</title>" + b"<p>A page long enough to be worth compressing.</p>" * 20


class Site:
    """A small built site served on a free port, and the way to ask it things."""

    def __init__(self, root: Path, server: PagesServer) -> None:
        self.root = root
        self.server = server

    def ask(self, path: str, method: str = "GET", **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
        """One request of the raw path (sent as it is), its response and body; no redirect followed."""
        connection = http.client.HTTPConnection("127.0.0.1", self.server.server_port, timeout=10)
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in headers.items():
                connection.putheader(name.replace("_", "-"), value)
            connection.endheaders()
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp_path = tmp_path_factory.mktemp("pages")
    root = tmp_path / "site"
    (root / "thank-you").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "index.html").write_bytes(INDEX)
    (root / "404.html").write_bytes(b"<p>This page is not here.</p>")
    (root / "thank-you" / "index.html").write_bytes(b"<p>thanks</p>")
    for name in ("app.mjs", "pyodide.asm.wasm", "site.webmanifest", "stdlib.zip", "engine.whl", "lock.json", "x.json"):
        (root / "assets" / name).write_bytes(name.encode() * 100)
    (tmp_path / "secret.txt").write_bytes(b"not for the web")
    server = PagesServer({SUB_PATH: root})
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield Site(root, server)
    server.shutdown()
    server.server_close()


def test_the_home_page_is_served_under_the_sub_path(site: Site) -> None:
    """The site's address is its sub-path, and a folder's page is its index.html."""
    assert site.server.url == f"http://127.0.0.1:{site.server.server_port}{SUB_PATH}"
    response, body = site.ask(SUB_PATH)
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert body == INDEX


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("/", 302, SUB_PATH),
        ("/?q=1", 302, SUB_PATH + "?q=1"),
        (SUB_PATH.rstrip("/"), 301, SUB_PATH),
        (SUB_PATH + "thank-you", 301, SUB_PATH + "thank-you/"),
    ],
)
def test_redirects_to_the_sub_path_and_to_a_folders_slash(site: Site, path: str, status: int, location: str) -> None:
    """`/` leads to the site, not for ever (the port may serve another later); a folder gains its slash, as on Pages."""
    response, body = site.ask(path)
    assert (response.status, response.getheader("Location"), body) == (status, location, b"")


@pytest.mark.parametrize(
    ("name", "content_type", "compressed"),
    [
        ("app.mjs", "text/javascript; charset=utf-8", True),
        ("pyodide.asm.wasm", "application/wasm", True),
        ("site.webmanifest", "application/manifest+json; charset=utf-8", True),
        ("lock.json", "application/json; charset=utf-8", True),
        ("stdlib.zip", "application/zip", False),
        ("engine.whl", "application/octet-stream", False),
    ],
)
def test_each_kind_of_file_has_its_type_and_text_goes_gzipped(
    site: Site, name: str, content_type: str, compressed: bool
) -> None:
    """Module scripts and WebAssembly have the types browsers insist on; archives are sent as they are."""
    plain, plain_body = site.ask(f"{SUB_PATH}assets/{name}")
    zipped, zipped_body = site.ask(f"{SUB_PATH}assets/{name}", Accept_Encoding="gzip, deflate, br")
    assert plain.getheader("Content-Type") == zipped.getheader("Content-Type") == content_type
    assert plain.getheader("Content-Encoding") is None
    assert plain_body == (site.root / "assets" / name).read_bytes()
    if compressed:
        assert zipped.getheader("Content-Encoding") == "gzip"
        assert zipped.getheader("Vary") == "Accept-Encoding"
        assert gzip.decompress(zipped_body) == plain_body
        assert int(zipped.getheader("Content-Length") or 0) == len(zipped_body) < len(plain_body)
    else:
        assert zipped.getheader("Content-Encoding") is None
        assert zipped_body == plain_body


@pytest.mark.parametrize(
    ("accept_encoding", "gzipped"),
    [("gzip", True), ("GZIP;q=0.5", True), ("gzip;q=0", False), ("br, deflate", False), ("", False)],
)
def test_gzip_only_when_the_request_accepts_it(site: Site, accept_encoding: str, gzipped: bool) -> None:
    response, _ = site.ask(SUB_PATH, Accept_Encoding=accept_encoding)
    assert (response.getheader("Content-Encoding") == "gzip") is gzipped


def test_every_file_may_be_cached_ten_minutes_and_has_validators(site: Site) -> None:
    """As GitHub Pages answers: max-age=600, an ETag, a Last-Modified of the file's time."""
    response, _ = site.ask(SUB_PATH + "assets/app.mjs")
    assert response.getheader("Cache-Control") == "max-age=600"
    assert response.getheader("ETag", "").startswith('"')
    modified = email.utils.parsedate_to_datetime(response.getheader("Last-Modified", ""))
    assert int(modified.timestamp()) == int((site.root / "assets" / "app.mjs").stat().st_mtime)


def test_a_file_unchanged_since_is_answered_304(site: Site) -> None:
    """If-None-Match with the tag of the representation asked for, or If-Modified-Since, gets a 304 and no body."""
    path = SUB_PATH + "assets/app.mjs"
    first, _ = site.ask(path, Accept_Encoding="gzip")
    etag, modified = first.getheader("ETag", ""), first.getheader("Last-Modified", "")

    again, body = site.ask(path, Accept_Encoding="gzip", If_None_Match=etag)
    assert (again.status, body, again.getheader("ETag")) == (304, b"", etag)
    assert again.getheader("Cache-Control") == "max-age=600"
    # The gzipped bytes are another representation: their tag does not stand for the plain ones.
    plain, _ = site.ask(path, If_None_Match=etag)
    assert plain.status == 200
    assert site.ask(path, Accept_Encoding="gzip", If_None_Match=f'"other", W/{etag}')[0].status == 304
    assert site.ask(path, If_Modified_Since=modified)[0].status == 304
    assert site.ask(path, If_Modified_Since="Thu, 01 Jan 1998 00:00:00 GMT")[0].status == 200
    # If-None-Match decides when both are sent.
    assert site.ask(path, If_None_Match='"other"', If_Modified_Since=modified)[0].status == 200


def test_a_file_changed_on_disk_is_served_anew_with_a_new_tag(site: Site) -> None:
    path = SUB_PATH + "assets/x.json"
    first, _ = site.ask(path)
    file = site.root / "assets" / "x.json"
    file.write_bytes(b'{"changed": true}')
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))

    again, body = site.ask(path, If_None_Match=first.getheader("ETag", ""))
    assert (again.status, body) == (200, b'{"changed": true}')
    assert again.getheader("ETag") != first.getheader("ETag")


def test_a_missing_page_gets_the_sites_404_page(site: Site) -> None:
    """Under the sub-path, the site's own 404.html with the status 404; outside it, plain words."""
    response, body = site.ask(SUB_PATH + "no-such-page/")
    assert response.status == 404
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert body == b"<p>This page is not here.</p>"
    outside, outside_body = site.ask("/elsewhere/")
    assert (outside.status, outside_body) == (404, b"Not found\n")


def test_head_sends_the_headers_without_the_body(site: Site) -> None:
    got, got_body = site.ask(SUB_PATH + "assets/app.mjs", Accept_Encoding="gzip")
    head, head_body = site.ask(SUB_PATH + "assets/app.mjs", "HEAD", Accept_Encoding="gzip")
    assert (head.status, head_body) == (200, b"")
    assert head.getheader("Content-Length") == str(len(got_body))
    assert head.getheader("ETag") == got.getheader("ETag")
    assert head.getheader("Content-Encoding") == "gzip"


@pytest.mark.parametrize(
    "path",
    [
        SUB_PATH + "../secret.txt",
        SUB_PATH + "%2e%2e/secret.txt",
        SUB_PATH + "thank-you/..%2f..%2fsecret.txt",
        SUB_PATH + "..%5csecret.txt",
        SUB_PATH + "./index.html",
        SUB_PATH + "index.html%00.txt",
    ],
)
def test_no_path_reaches_outside_the_site(site: Site, path: str) -> None:
    """A step up, in any spelling, is refused as not found: nothing outside site/ is read."""
    response, body = site.ask(path)
    assert response.status == 404
    assert b"not for the web" not in body


def test_it_is_no_proxy(site: Site) -> None:
    """A browser that takes the server for its proxy is refused for any other host, plain or tunnelled."""
    assert site.ask("http://example.com/")[0].status == 403
    with socket.create_connection(("127.0.0.1", site.server.server_port), timeout=10) as raw:
        raw.sendall(b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
        assert raw.recv(64).startswith(b"HTTP/1.1 403")


def test_servers_can_share_the_files_read_once(site: Site) -> None:
    """A second server of the same folders, with another Cache-Control, serves the very same bytes and tags."""
    other = PagesServer({SUB_PATH: site.root}, files=site.server.files, cache_control="max-age=2")
    try:
        threading.Thread(target=other.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        first, _ = site.ask(SUB_PATH)
        connection = http.client.HTTPConnection("127.0.0.1", other.server_port, timeout=10)
        connection.request("GET", SUB_PATH)
        second = connection.getresponse()
        assert second.read() == INDEX
        assert second.getheader("ETag") == first.getheader("ETag")
        assert second.getheader("Cache-Control") == "max-age=2"
        connection.close()
    finally:
        other.shutdown()
        other.server_close()


def test_a_mount_prefix_has_both_slashes() -> None:
    with pytest.raises(ValueError, match="starts and ends with '/'"):
        PagesServer({"/follow-up-politely": Path()})


def test_the_address_a_site_was_built_for_is_read_from_its_sitemap(tmp_path: Path) -> None:
    assert pages_server.built_for(tmp_path) is None
    (tmp_path / "sitemap.xml").write_text(
        "<urlset><url><loc>http://127.0.0.1:8000/follow-up-politely/</loc></url>"
        "<url><loc>http://127.0.0.1:8000/follow-up-politely/thank-you/</loc></url></urlset>"
    )
    assert pages_server.built_for(tmp_path) == "http://127.0.0.1:8000/follow-up-politely/"


def test_the_command_refuses_a_folder_that_is_not_a_built_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        pages_server.main(["--directory", str(tmp_path), "--port", "0"])
    assert exit_.value.code == 1
    assert "is not a built site: ./scripts/serve builds one" in capsys.readouterr().err
