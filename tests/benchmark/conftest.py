"""The benchmark's own tools (scripts/benchmark/): tests of the measuring, not of the product.

Every test here is marked `bench_tools`, which the default pytest run leaves
out (pyproject's addopts); ./scripts/test runs them in a step of their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a test of the benchmark's tools."""
    for item in items:
        if Path(item.path).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.bench_tools)
