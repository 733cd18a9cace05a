"""The set-up scripts: clear words when a tool is missing, instead of a confusing failure later."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bare_path(tmp_path: Path) -> str:
    """A PATH with only the shell tools the scripts use: no Python, no pyenv, no Node."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("sh", "cat", "sha256sum", "cut", "sort", "printf", "dirname"):
        found = shutil.which(tool)
        if found:
            (tools / tool).symlink_to(found)
    return str(tools)


def run_step(step: str, path: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", f". scripts/lib.sh; {step}"],
        cwd=ROOT,
        env={"PATH": path, "HOME": os.environ.get("HOME", "/"), **env},
        capture_output=True,
        text=True,
        check=False,
        executable=shutil.which("sh"),
    )


def test_no_python_312_is_said_clearly(bare_path: str) -> None:
    """Without any Python 3.12 or newer, set-up stops and says how to point at one."""
    result = run_step("find_python", bare_path)
    assert result.returncode == 1
    assert "no Python 3.12 or newer found" in result.stderr
    assert "PYTHON=" in result.stderr


def test_python_named_by_the_variable_is_used(bare_path: str) -> None:
    """PYTHON=/path/to/python picks that interpreter when it is new enough."""
    result = run_step("find_python", bare_path, PYTHON=sys.executable)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == sys.executable


def test_missing_node_is_said_clearly(bare_path: str) -> None:
    """Without Node.js, set-up stops and names what to install."""
    result = run_step("setup_npm", bare_path)
    assert result.returncode == 1
    assert "Node.js is not installed" in result.stderr
