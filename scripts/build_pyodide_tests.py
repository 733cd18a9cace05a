"""Prepare build/pyodide-tests/: the site's own Python runtime plus the wheels its test suite needs inside it.

tests/pyodide/ serves this folder to headless Chromium (pytest-pyodide's --dist-dir) and runs the
native test suite inside Pyodide, on the very files the site serves. It holds:

- every file of build/runtime/ (Pyodide's core, jinja2, the pure MarkupSafe and the project's own
  wheel, all precompiled) copied as they are, but for that folder's lock and its trimmed standard
  library: the whole one, precompiled the same way, takes its place;
- pure-Python wheels of what the tests import (pytest, hypothesis, icalendar, markdown and their
  dependencies), at the versions requirements.lock pins;
- a pyodide-lock.json that knows exactly these wheels (written by `pyodide lockfile add-wheels`
  from a base that holds only the npm lock's `info`), so nothing is looked up on a CDN.

Run scripts/build_runtime.py first (./scripts/test and ./scripts/test_in_pyodide do). Every step is
skipped when its output is up to date, so a second run takes a moment.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from build_runtime import copy_if_changed, write_lock

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
RUNTIME = ROOT / "build" / "runtime"
FULL_STDLIB = ROOT / "build" / "stdlib-full" / "python_stdlib.zip"  # written by scripts/build_runtime.py
OUT = ROOT / "build" / "pyodide-tests"
DOWNLOADS = ROOT / "build" / "downloads" / "pyodide-tests"
LOCK_STAMP = ROOT / "build" / "pyodide-tests-lock.from"
REQUIREMENTS_LOCK = ROOT / "requirements.lock"

# What the tests import inside Pyodide, with every dependency that applies on its Python
# (3.14: no exceptiongroup, tomli or typing-extensions). All are pure-Python wheels.
TEST_PACKAGES = (
    "pytest",
    "pluggy",
    "iniconfig",
    "packaging",
    "pygments",  # pytest >= 8.4 requires it
    "hypothesis",
    "sortedcontainers",
    "icalendar",
    "python-dateutil",
    "tzdata",
    "markdown",  # test_checks uses Markdown's own slugify
)

# Where the version requirements.lock pins has no wheel Pyodide can load. Hypothesis 6.156 and
# newer ship a compiled extension (hypothesis._native) and no pure wheel; 6.155.7 is the newest
# pure one. Only the property tests' engine differs: the code under test is the same wheel.
PYODIDE_VERSIONS = {"hypothesis": "6.155.7"}


def main() -> int:
    """Bring build/pyodide-tests/ up to date and say what changed."""
    if not (RUNTIME / "pyodide-lock.json").is_file():
        sys.exit("build_pyodide_tests: build/runtime/ is missing; run scripts/build_runtime.py first")
    if not PYODIDE_NPM.is_dir():
        sys.exit("build_pyodide_tests: node_modules/pyodide is missing; run `npm ci` first")
    OUT.mkdir(parents=True, exist_ok=True)

    # The site's own runtime, file for file; its lock is replaced by one that also knows the tests' wheels.
    runtime_files = sorted(p for p in RUNTIME.iterdir() if p.is_file() and p.name != "pyodide-lock.json")
    # But the whole standard library (precompiled too): pytest and hypothesis import far
    # more of it than the engine, whose trimmed copy the site serves.
    runtime_files = [FULL_STDLIB if p.name == FULL_STDLIB.name else p for p in runtime_files]
    test_wheels = [_download(name, version) for name, version in _pinned_versions().items()]
    wanted = {p.name: p for p in [*runtime_files, *test_wheels]}
    changed = [name for name, source in wanted.items() if copy_if_changed(source, OUT / name)]
    stale = [p for p in OUT.iterdir() if p.name not in wanted and p.name != "pyodide-lock.json"]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    lock_changed = write_lock(sorted(OUT / name for name in wanted if name.endswith(".whl")), OUT, LOCK_STAMP)
    where = OUT.relative_to(ROOT)
    if changed or stale or lock_changed:
        print(f"build_pyodide_tests: updated {where} ({len(changed)} files copied, {len(stale)} removed)")
    else:
        print(f"build_pyodide_tests: {where} is up to date")
    return 0


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pinned_versions() -> dict[str, str]:
    """Each test package's version: requirements.lock's pin, or the override Pyodide needs."""
    pins: dict[str, str] = {}
    for line in REQUIREMENTS_LOCK.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split(";")[0].split("==", 1)
            pins[_canonical(name.strip())] = version.strip()
    missing = [name for name in TEST_PACKAGES if name not in pins and name not in PYODIDE_VERSIONS]
    if missing:
        sys.exit(f"build_pyodide_tests: requirements.lock pins no version of {', '.join(missing)}")
    return {name: PYODIDE_VERSIONS.get(name, pins.get(name, "")) for name in TEST_PACKAGES}


def _download(name: str, version: str) -> Path:
    """One pure-Python wheel (py3-none-any) of name==version, fetched once into build/downloads/."""
    DOWNLOADS.mkdir(parents=True, exist_ok=True)

    def found() -> list[Path]:
        # A wheel's file name starts with its distribution name (no dashes in it) and version.
        return [p for p in DOWNLOADS.glob("*.whl") if _wheel_name_and_version(p) == (name, version)]

    if not found():
        # Ask for the wheel Pyodide can use whatever this machine is: pure Python, for Pyodide's Python.
        python = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text())["info"]["python"]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--only-binary=:all:",
                "--platform=any",
                "--implementation=py",
                "--abi=none",
                f"--python-version={'.'.join(python.split('.')[:2])}",
                f"{name}=={version}",
                "-d",
                str(DOWNLOADS),
            ],
            check=True,
        )
    wheels = found()
    if len(wheels) != 1 or not wheels[0].name.endswith("-none-any.whl"):
        sys.exit(f"build_pyodide_tests: expected one pure wheel of {name}=={version}, found {wheels}")
    return wheels[0]


def _wheel_name_and_version(wheel: Path) -> tuple[str, str]:
    name, version = wheel.name.split("-")[:2]
    return _canonical(name), version


if __name__ == "__main__":
    sys.exit(main())
