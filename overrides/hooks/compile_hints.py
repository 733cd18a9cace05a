"""MkDocs hook: have Chromium compile the theme's script as it downloads, not as it runs.

V8 compiles a script's functions lazily, on the main thread, the first time
each is called. The theme's `bundle.*.min.js` calls most of its functions as
the page starts, all inside one task, the page's one long task.
`//# allFunctionsCalledOnLoad` as the script's first line (V8's explicit
compile hints, read by Chromium 136 on) has V8 compile every function on the
thread that streams the script in instead, off the main thread; other
browsers read a comment. Why, with the figures:
docs/development/decisions/0034-compile-hints-for-the-theme.md.

The comment moves the theme's code one line down, so its source map gets one
more generated line at the start (a `;` in `mappings`): the theme's sources
still line up in a browser's developer tools. The hook runs before
site_cache.py, which hashes the files as served.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"
THEME_SCRIPT = "assets/javascripts/bundle.*.min.js"
_MAPPINGS = re.compile(rb'("mappings"\s*:\s*")')


def hint_theme_script(site_dir: Path) -> Path:
    """Put the compile hint at the top of the theme's script and shift its source map; returns the script.

    Idempotent: a script that has the hint already (`mkdocs serve` building
    again into the same folder) is left as it is, and so is its map.

    Raises:
        PluginError: the theme's script is not in the built site (a theme that
            names it otherwise), or its source map has no `mappings`.

    """
    scripts = sorted(site_dir.glob(THEME_SCRIPT))
    if len(scripts) != 1:
        raise PluginError(f"compile_hints: expected one theme script {THEME_SCRIPT}, found {len(scripts)}")
    script = scripts[0]
    code = script.read_bytes()
    if code.startswith(COMPILE_HINT):
        return script
    source_map = script.with_name(script.name + ".map")
    if source_map.is_file():
        shifted, count = _MAPPINGS.subn(rb"\1;", source_map.read_bytes(), count=1)
        if not count:
            raise PluginError(f"compile_hints: {source_map.name} has no mappings to shift")
        source_map.write_bytes(shifted)
    script.write_bytes(COMPILE_HINT + code)
    return script


# After the i18n plugin has built every language, and in mkdocs.yml's order of hooks.
@event_priority(-220)
def on_post_build(config: Any, **_: Any) -> None:
    """Mark the built theme script (before site_cache.py hashes the files)."""
    if _building_a_language(config):
        return
    hint_theme_script(Path(config["site_dir"]))


def _building_a_language(config: Any) -> bool:
    """True inside the i18n plugin's build of one more language: the site is complete only after the last."""
    plugins = config.get("plugins") or {}
    return bool(getattr(plugins.get("i18n"), "building", False))
