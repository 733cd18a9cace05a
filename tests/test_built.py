"""tests/built.py: a test that needs a build skips without it, but fails under CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.built import require_built


def test_what_is_built_lets_the_test_run(tmp_path: Path) -> None:
    (tmp_path / "made").write_text("")
    require_built(tmp_path / "made", "run the build")


@pytest.mark.parametrize("ci", [None, ""])
def test_a_missing_build_skips_off_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str | None) -> None:
    """On a maintainer's machine (CI unset, or set empty), the test skips and says what to run."""
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match=r"missing: run the build$"):
        require_built(tmp_path / "missing", "run the build")


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_a_missing_build_fails_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    """Under CI a skip would hide a step of the build that did not run: the test fails, naming the file."""
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=r"missing: run the build \(CI is set"):
        require_built(tmp_path / "missing", "run the build")
