"""MkDocs hook: write this build's files and their sha256 into the service worker.

The service worker (overrides/service-worker.js, copied to the site's root so
its scope is the whole site) answers a returning reader from Cache Storage. The
site's own scripts carry no hash in their names, so it may pair a page only with
files of the same build, and this manifest is how it knows them; it also makes
the worker's script change with every build, which is what has the browser
install the new one. Listed last in mkdocs.yml: the hashes must be of the files
as served, after csp.py has written the pages.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

SERVICE_WORKER = "service-worker.js"
# 128 bits of each file's sha256: ample to tell two builds' files apart, and
# the manifest rides in a script that every page's first visit downloads.
HASH_CHARS = 32
_BUILD_LINE = re.compile(r"^const BUILD = \{.*?\};", re.MULTILINE)


def manifest(site_dir: Path) -> dict[str, str]:
    """Every file of the site but the service worker itself, by its path in the site, with its sha256 (hex, cut)."""
    return {
        path.relative_to(site_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_CHARS]
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and path.relative_to(site_dir).as_posix() != SERVICE_WORKER
    }


def stamp_service_worker(site_dir: Path) -> str:
    """Write the site's manifest into its service worker; returns the build's id (a hash of the manifest).

    Raises:
        PluginError: the service worker is missing, or has no `const BUILD = {...};` line to fill.

    """
    script = site_dir / SERVICE_WORKER
    if not script.is_file():
        raise PluginError(f"{SERVICE_WORKER} is missing from the built site (overrides/{SERVICE_WORKER})")
    files = manifest(site_dir)
    build_id = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    line = f"const BUILD = {json.dumps({'id': build_id, 'files': files}, separators=(',', ':'))};"
    source = script.read_text("utf-8")
    stamped, count = _BUILD_LINE.subn(lambda _: line, source, count=1)
    if not count:
        raise PluginError(f"{SERVICE_WORKER} has no 'const BUILD = {{...}};' line for the build to fill")
    script.write_text(stamped, "utf-8")
    return build_id


# After the i18n plugin has built every language, and in mkdocs.yml's order of hooks.
@event_priority(-240)
def on_post_build(config: Any, **_: Any) -> None:
    """Stamp the built site's service worker."""
    if _building_a_language(config):
        return
    stamp_service_worker(Path(config["site_dir"]))


def _building_a_language(config: Any) -> bool:
    """True inside the i18n plugin's build of one more language: the site is complete only after the last."""
    plugins = config.get("plugins") or {}
    return bool(getattr(plugins.get("i18n"), "building", False))
