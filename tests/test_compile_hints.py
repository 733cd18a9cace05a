"""The compile_hints hook: the theme's script starts with V8's compile hint, and its source map still lines up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests.hooks import load_hook

ROOT = Path(__file__).resolve().parent.parent
hook = load_hook("compile_hints")

SCRIPT = b'"use strict";(()=>{var a=1;window.x=a;})();\n//# sourceMappingURL=bundle.0123abcd.min.js.map\n'
MAP = {"version": 3, "sources": ["src/bundle.ts"], "names": ["a"], "mappings": "AAAA,CAAC;AACD"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site's theme script and its source map, as Material writes them."""
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.0123abcd.min.js").write_bytes(SCRIPT)
    (scripts / "bundle.0123abcd.min.js.map").write_text(json.dumps(MAP, indent=2))
    return tmp_path


def test_the_theme_script_starts_with_the_hint_and_is_otherwise_as_written(site: Path) -> None:
    """The comment is the first line (where V8 looks for it); the theme's code follows byte for byte."""
    script = hook.hint_theme_script(site)

    assert script == site / "assets" / "javascripts" / "bundle.0123abcd.min.js"
    assert script.read_bytes() == b"//# allFunctionsCalledOnLoad\n" + SCRIPT


def test_the_source_map_gains_one_empty_generated_line(site: Path) -> None:
    """Each `;` in mappings starts the next generated line: one more at the start, for the comment."""
    hook.hint_theme_script(site)

    shifted = json.loads((site / "assets" / "javascripts" / "bundle.0123abcd.min.js.map").read_text())
    assert shifted == {**MAP, "mappings": ";" + MAP["mappings"]}


def test_building_again_into_the_same_folder_changes_nothing(site: Path) -> None:
    """`mkdocs serve` may run the hook over a script it marked already: no second hint, no second shift."""
    script = hook.hint_theme_script(site)
    marked = script.read_bytes(), script.with_name(script.name + ".map").read_bytes()

    hook.hint_theme_script(site)

    assert (script.read_bytes(), script.with_name(script.name + ".map").read_bytes()) == marked


def test_a_script_without_a_source_map_is_still_marked(site: Path) -> None:
    """The map is for developers; a theme that ships none still gets the hint."""
    (site / "assets" / "javascripts" / "bundle.0123abcd.min.js.map").unlink()

    assert hook.hint_theme_script(site).read_bytes().startswith(hook.COMPILE_HINT)


@pytest.mark.parametrize("found", [0, 2])
def test_no_theme_script_or_two_fail_the_build(site: Path, found: int) -> None:
    """A theme that names its script otherwise must not pass silently unmarked."""
    scripts = site / "assets" / "javascripts"
    (scripts / "bundle.0123abcd.min.js").unlink()
    for index in range(found):
        (scripts / f"bundle.{index:08x}.min.js").write_bytes(SCRIPT)

    with pytest.raises(PluginError, match=r"bundle\.\*\.min\.js"):
        hook.hint_theme_script(site)


def test_a_source_map_without_mappings_fails_the_build(site: Path) -> None:
    """A map that cannot be shifted would point every frame one line off."""
    (site / "assets" / "javascripts" / "bundle.0123abcd.min.js.map").write_text('{"version": 3}')

    with pytest.raises(PluginError, match="no mappings"):
        hook.hint_theme_script(site)


def test_the_hook_runs_after_the_pages_are_written_and_before_the_files_are_hashed() -> None:
    """site_cache.py hashes the files as served: listed after this hook, it hashes the marked script."""
    hooks = [line.strip() for line in (ROOT / "mkdocs.yml").read_text().splitlines() if "overrides/hooks/" in line]

    assert hooks.index("- overrides/hooks/compile_hints.py") < hooks.index("- overrides/hooks/site_cache.py")
