"""The build's check that each situation's guide page holds its form, read from the pages' sources."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from generator import CATALOG
from tests.hooks import load_hook

hook = load_hook("email_forms")
DOCS = Path(__file__).resolve().parent.parent / "docs"


def _files(changed: dict[str, str]) -> SimpleNamespace:
    """The site's pages as MkDocs lists them, with no page read yet (as `mkdocs serve --dirty` leaves most)."""
    pages = [
        SimpleNamespace(src_uri=path.name, content_string=changed.get(path.name, path.read_text(encoding="utf-8")))
        for path in sorted(DOCS.glob("*.md"))
    ]
    return SimpleNamespace(documentation_pages=lambda: pages)


def test_every_situations_page_holds_its_form_before_any_page_is_read() -> None:
    files = _files({})
    assert hook.on_files(files) is files


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_a_page_without_its_marker_fails_naming_the_page_and_the_file(template_id: str) -> None:
    guide = CATALOG[template_id].guide
    with pytest.raises(PluginError, match=rf"docs/{guide}\.md has no <!-- email-form: {template_id} -->"):
        hook.on_files(_files({f"{guide}.md": "# A page\n\nNo form here.\n"}))
