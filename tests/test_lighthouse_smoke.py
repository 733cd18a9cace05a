"""A smoke of the Lighthouse script (scripts/lighthouse.py --smoke): one form page, mobile, scored 100."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_lighthouse_smoke_scores_a_form_page_100_in_each_category(tmp_path: Path) -> None:
    """The script serves the built site, runs the pinned Lighthouse on a form page and reads its report.

    The full run (every page, mobile and desktop) is ./scripts/lighthouse.
    """
    if not (ROOT / "site" / "thank-you" / "index.html").exists():
        pytest.skip("site/ is not built: ./scripts/test builds it before running pytest")
    if not (os.environ.get("CHROME_PATH") or shutil.which("chromium")):
        pytest.fail("no Chromium: set CHROME_PATH, or run ./scripts/test, which installs Debian's chromium")
    out = tmp_path / "lighthouse.json"
    done = subprocess.run(
        [sys.executable, "scripts/lighthouse.py", "--smoke", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    results = json.loads(out.read_text())
    mobile = results["pages"]["thank-you/"]["mobile"]
    assert mobile["scores"] == {"accessibility": 100, "best-practices": 100, "seo": 100}
    assert mobile["failing"] == []
    assert mobile["url"].startswith("http://127.0.0.1:")
    assert mobile["url"].endswith("/follow-up-politely/thank-you/")
    assert "thank-you/" in done.stdout
    assert "Every page scores 100" in done.stdout
