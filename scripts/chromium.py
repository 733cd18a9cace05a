"""How this project starts headless Chromium: which browser, and the flags it always has.

The browser tests, the tests inside Pyodide, the benchmark and the Lighthouse
script all use them.
"""

from __future__ import annotations

import os
import shutil

# Keep Chromium from reaching for the network on its own (updates, sync, safe browsing): the only
# requests should be the page's own, which the tests guard and the benchmark counts.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """CHROME_PATH if set, else `chromium` on PATH (./scripts/test sees to one), else None."""
    return os.environ.get("CHROME_PATH") or shutil.which("chromium")
