"""The benchmark's browser, started with a flag added for an experiment (./scripts/bench --chromium-flag)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Playwright

from scripts.benchmark.cli import parse_args
from scripts.benchmark.runs import fresh_profile
from scripts.chromium import CHROMIUM_FLAGS
from tests.browser.conftest import chromium_executable

# A test of the benchmark's tools (tests/benchmark/ holds the others), here for the browser tests' Playwright.
pytestmark = pytest.mark.bench_tools


def test_a_flag_added_for_an_experiment_reaches_the_browser(playwright: Playwright) -> None:
    """`--chromium-flag` is for experiments on the browser itself (decisions/0029-v8-optimizing-compiler.md).

    The bench's browser starts with the flags it is given: here a user agent
    of our own, which the page then reports, and the project's flags alone do not.
    """
    assert parse_args(["--chromium-flag=--a", "--chromium-flag=--b"]).chromium_flags == ["--a", "--b"]
    assert parse_args([]).chromium_flags == []
    outside: list[str] = []
    for added, expected in (["--user-agent=bench-flag-probe"], True), ([], False):
        with fresh_profile(playwright, chromium_executable(), outside, [*CHROMIUM_FLAGS, *added]) as profile:
            page = profile.context.new_page()
            assert (page.evaluate("navigator.userAgent") == "bench-flag-probe") is expected, added
    assert outside == []
