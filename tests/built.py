"""What a test needs built first (./scripts/test builds it): without it the test skips, but under CI it fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def require_built(path: Path, how: str) -> None:
    """Skip the calling test or module unless `path` exists; when CI is set (to anything), fail instead.

    A skip is fair on a maintainer's machine that has not built yet; in CI it
    would hide that a step of the build did not happen, and pass.

    Args:
        path: a file the build makes.
        how: what makes it, for the message ("run ./scripts/build").

    """
    if path.exists():
        return
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    message = f"{shown} is missing: {how}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: a missing build fails here instead of skipping)", pytrace=False)
    pytest.skip(message, allow_module_level=True)
