"""The site_cache hook: the service worker carries every file of its build, with its sha256."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests.hooks import load_hook

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "overrides" / "service-worker.js"


hook = load_hook("site_cache")


def stamped_build(script: Path) -> dict[str, object]:
    """The BUILD object a stamped service worker holds."""
    match = re.search(r"^const BUILD = (\{.*?\});", script.read_text(), re.MULTILINE)
    assert match, "no BUILD line"
    return json.loads(match[1])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small built site: pages, a nested asset, and the service worker as the theme copies it."""
    (tmp_path / "thank-you").mkdir()
    (tmp_path / "assets" / "runtime").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "thank-you" / "index.html").write_text("<p>thanks</p>")
    (tmp_path / "assets" / "runtime" / "pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0")
    (tmp_path / hook.SERVICE_WORKER).write_text(SOURCE.read_text())
    return tmp_path


def test_the_manifest_holds_every_file_but_the_service_worker_by_its_sha256(site: Path) -> None:
    """Paths are the site's own, with / on every system; each hash is the start of the file's sha256."""
    files = hook.manifest(site)

    assert sorted(files) == ["assets/runtime/pyodide.asm.wasm", "index.html", "thank-you/index.html"]
    for path, digest in files.items():
        assert len(digest) == hook.HASH_CHARS
        assert hashlib.sha256((site / path).read_bytes()).hexdigest().startswith(digest)


def test_stamping_writes_the_manifest_and_an_id_into_the_service_worker(site: Path) -> None:
    """The worker's BUILD line carries the manifest; the rest of the script is as written."""
    build_id = hook.stamp_service_worker(site)
    script = site / hook.SERVICE_WORKER

    assert stamped_build(script) == {"id": build_id, "files": hook.manifest(site)}
    unstamped = re.sub(r"^const BUILD = .*$", "", SOURCE.read_text(), count=1, flags=re.MULTILINE)
    assert re.sub(r"^const BUILD = .*$", "", script.read_text(), count=1, flags=re.MULTILINE) == unstamped


def test_a_changed_file_makes_a_new_build_and_the_same_files_the_same(site: Path) -> None:
    """The id follows the files: the browser installs a new worker exactly when the site has changed."""
    first = hook.stamp_service_worker(site)
    assert hook.stamp_service_worker(site) == first  # stamped again (mkdocs serve rebuilds): the same build
    (site / "thank-you" / "index.html").write_text("<p>thanks, changed</p>")

    assert hook.stamp_service_worker(site) != first


def test_a_service_worker_without_its_build_line_fails_the_build(site: Path) -> None:
    """A worker that could not learn its files would cache blindly: the build stops instead."""
    (site / hook.SERVICE_WORKER).write_text("self.addEventListener('fetch', () => {});\n")

    with pytest.raises(PluginError, match="const BUILD"):
        hook.stamp_service_worker(site)


def test_a_site_without_the_service_worker_fails_the_build(site: Path) -> None:
    """The pages register the worker: a build without it would fail every registration."""
    (site / hook.SERVICE_WORKER).unlink()

    with pytest.raises(PluginError, match=r"service-worker\.js is missing"):
        hook.stamp_service_worker(site)
