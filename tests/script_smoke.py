"""Run a measuring script of scripts/ in its --smoke mode on the built site, for the tests that check it end to end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_smoke(script: str, out: Path, timeout: int) -> tuple[dict[str, Any], str]:
    """Run `scripts/<script> --smoke --json out`; its figures and what it printed.

    Skips without a built site (./scripts/test builds it first); fails without
    Chromium, or when the script fails.
    """
    if not (ROOT / "site" / "thank-you" / "index.html").exists():
        pytest.skip("site/ is not built: ./scripts/test builds it before running pytest")
    if not (os.environ.get("CHROME_PATH") or shutil.which("chromium")):
        pytest.fail("no Chromium: set CHROME_PATH, or run ./scripts/test, which installs Debian's chromium")
    done = subprocess.run(
        [sys.executable, f"scripts/{script}", "--smoke", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads(out.read_text()), done.stdout
