"""pytest-pyodide set-up: headless Chromium with quiet flags, an offline Selenium, and a closing summary.

Run through ./scripts/test_in_pyodide, which passes `--dist-dir=build/pyodide-tests --rt chrome
--runner selenium`. The normal `pytest` run leaves this folder out (pyproject's `--ignore=tests/pyodide`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_pyodide import get_global_config

from scripts.chromium import CHROMIUM_FLAGS

# Selenium Manager finds chromedriver and the browser. Online it also looks up driver versions and
# sends usage statistics: keep it offline. CHROME_PATH (set by ./scripts/test) picks the browser.
os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")
if os.environ.get("CHROME_PATH"):
    os.environ.setdefault("SE_BROWSER_PATH", os.environ["CHROME_PATH"])

_config = get_global_config()
# The project's flags (scripts/chromium.py), after pytest-pyodide's own --headless and
# --no-sandbox: the later --headless=new wins.
_config.set_flags("chrome", list(dict.fromkeys([*_config.get_flags("chrome"), *CHROMIUM_FLAGS])))

_SUMMARIES: list[str] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Only Chromium is set up here: a run without `--rt chrome` (pytest-pyodide's default is node) skips."""
    here = Path(__file__).parent
    for item in items:
        callspec = getattr(item, "callspec", None)
        runtime = callspec.params.get("runtime") if callspec else None
        if Path(item.path).is_relative_to(here) and runtime != "chrome":
            item.add_marker(
                pytest.mark.skip(reason="runs through ./scripts/test_in_pyodide (pytest-pyodide, --rt chrome)")
            )


@pytest.fixture(scope="session", autouse=True)
def _chromedriver_on_path() -> None:
    """Selenium drives Chromium through chromedriver: say how to get it rather than fail obscurely."""
    if shutil.which("chromedriver") is None:
        pytest.fail(
            "chromedriver is not on PATH. Debian: apt-get install chromium-driver "
            "(./scripts/test installs it when run as root)",
            pytrace=False,
        )


@pytest.fixture
def report_summary() -> Callable[[str], None]:
    """Lines to print at the end of the run, after pytest's own summary."""
    return _SUMMARIES.append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """What the run inside Pyodide did, shown whether it passed or not."""
    if _SUMMARIES:
        terminalreporter.ensure_newline()
        terminalreporter.section("inside Pyodide")
        for line in _SUMMARIES:
            terminalreporter.write_line(line)
