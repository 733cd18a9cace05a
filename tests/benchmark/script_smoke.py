"""Run a measuring command of scripts/ in its --smoke mode on the built site, for the tests that check it end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scripts.chromium import chromium_executable
from tests.built import require_built

ROOT = Path(__file__).resolve().parents[2]


def run_smoke(module: str, out: Path, timeout: int) -> tuple[dict[str, Any], str]:
    """Run `python -m <module> --smoke --json out`; its figures and what it printed.

    Skips without a built site (./scripts/test builds it first), or fails under
    CI; fails without Chromium, or when the command fails.
    """
    require_built(ROOT / "site" / "thank-you" / "index.html", "./scripts/test builds site/ before running pytest")
    if not chromium_executable():
        pytest.fail("no Chromium: set CHROME_PATH, or run ./scripts/test, which installs Debian's chromium")
    done = subprocess.run(
        [sys.executable, "-m", module, "--smoke", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads(out.read_text()), done.stdout
