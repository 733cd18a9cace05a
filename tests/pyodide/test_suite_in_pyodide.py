"""The same code in the browser as in the tests: the native test suite, run again inside Pyodide.

Pyodide runs in a module Web Worker in headless Chromium, as on the site, loaded from the site's own
runtime files (build/pyodide-tests/, made by scripts/build_pyodide_tests.py). It installs the
project's wheel and the tests' dependencies through that folder's lock, then the test files, their
golden files and the docs pages they read are laid out in Pyodide's file system as in this
repository, and `pytest.main()` runs them there with the project's pytest settings.

Run with ./scripts/test_in_pyodide.
"""

from __future__ import annotations

import _imp
import base64
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_pyodide.runner import JavascriptException

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
PROJECT_PACKAGE = "follow-up-politely"

# Where the repository's layout is recreated inside Pyodide: the tests find golden files, docs and
# situation files relative to their own file, as they do here.
PYODIDE_ROOT = "/home/pyodide/follow-up-politely"

# Test files that cannot run in Pyodide at all: every other tests/test_*.py runs there, new ones
# included. A new file that tests the host's tools belongs here; a single test that needs a child
# process is marked `skipif(sys.platform == "emscripten")` in its own file and still runs natively.
HOST_ONLY = {
    "test_cli.py": "runs `python -m generator` as a child process, and Pyodide has none",
    "test_email_forms_hook.py": "builds the site with MkDocs, a tool of the host",
    "test_site_cache.py": "tests a hook of the MkDocs build (the service worker's manifest), a tool of the host",
    "test_compile_hints.py": "tests a hook of the MkDocs build (the theme script's compile hint), a tool of the host",
    "test_email_forms_pages.py": "tests a hook of the MkDocs build (which pages carry a form), a tool of the host",
    "test_csp_hook.py": "tests a hook of the MkDocs build (the pages' Content-Security-Policy), a tool of the host",
    "test_scripts.py": "runs the shell scripts of scripts/",
    "test_pages_server.py": "serves files over sockets with scripts/pages_server.py, a tool of the host",
}

# Generous: the run takes about a minute on a 2-core machine.
TIMEOUT_SECONDS = 600

# Kept in Pyodide's file system as the run goes, so they can still be read if Pyodide dies mid-run.
OUTPUT_FILE = "/tmp/pytest-output.txt"
CURRENT_FILE = "/tmp/pytest-current-test.txt"

# Runs inside Pyodide: pytest over the test files, its output and a tally of the outcomes as JSON.
INNER = """
import contextlib, json, os, sys, time

import generator
import pytest

# The tests read the situation files from generator/situations beside tests/, as in the
# repository: point that at the installed wheel's own files, the ones that are rendered.
os.makedirs("generator", exist_ok=True)
os.symlink(os.path.join(os.path.dirname(generator.__file__), "situations"), "generator/situations")


class Tally:
    def __init__(self):
        self.outcomes = {}

    def add(self, outcome):
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def pytest_runtest_logstart(self, nodeid, location):
        with open(CURRENT_FILE, "w", encoding="utf-8") as current:
            current.write(nodeid)

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            self.add("xfailed" if hasattr(report, "wasxfail") else report.outcome)
        elif report.skipped:
            self.add("skipped")
        elif report.failed:
            self.add("error")


tally = Tally()
started = time.perf_counter()
with open(OUTPUT_FILE, "w+", encoding="utf-8", buffering=1) as output:
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        exit_code = pytest.main([*ARGS, "-p", "no:cacheprovider", "--color=no"], plugins=[tally])
    output.seek(0)
    text = output.read()
json.dumps(
    {
        "exit_code": int(exit_code),
        "outcomes": tally.outcomes,
        "output": text,
        "seconds": time.perf_counter() - started,
        "platform": sys.platform,
        "python": sys.version.split()[0],
        "generator": generator.__file__,
        "pytest": pytest.__version__,
    }
)
"""


def _files_for_pyodide() -> dict[str, bytes]:
    """The repository's files the tests need, by path relative to the repository."""
    files = {"pyproject.toml": (ROOT / "pyproject.toml").read_bytes()}  # the same pytest settings
    files["mkdocs.yml"] = (ROOT / "mkdocs.yml").read_bytes()  # the navigation each language names
    for path in sorted(TESTS.glob("*.py")):  # test modules, helpers such as hostile_inputs.py, conftest
        if path.name not in HOST_ONLY:
            files[f"tests/{path.name}"] = path.read_bytes()
    for path in sorted((TESTS / "golden").iterdir()):
        files[f"tests/golden/{path.name}"] = path.read_bytes()
    for path in sorted((ROOT / "docs").rglob("*.md")):
        files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    return files


def _differences_from_sources(wheel: Path) -> list[str]:
    """Files of generator/ that the wheel holds in another version, or lacks (code and templates)."""
    with zipfile.ZipFile(wheel) as archive:
        packed = {name: archive.read(name) for name in archive.namelist() if name.startswith("generator/")}
    # The site's wheel holds bytecode (scripts/precompile.mjs): a .pyc stands for its .py.
    packed = {name.removesuffix("c") if name.endswith(".pyc") else name: data for name, data in packed.items()}
    # ... and the templates compiled at build time stand for the templates, which it also holds.
    packed = {name: data for name, data in packed.items() if not name.startswith("generator/compiled_templates/")}
    changed = {name for name, data in packed.items() if not _same_file(ROOT / name, data)}
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*") if p.suffix in {".py", ".jinja"}}
    return sorted(changed | (sources - packed.keys()))


def _same_file(path: Path, data: bytes) -> bool:
    if not path.is_file():
        return False
    if path.suffix == ".py" and data[4:8] == _UNCHECKED_HASH_PYC:
        # A hash-based .pyc keeps the hash of its source, keyed by the magic number of the
        # Python that wrote it, which leads its header (PEP 552).
        return data[8:16] == _imp.source_hash(int.from_bytes(data[:4], "little"), path.read_bytes())
    return path.read_bytes() == data


_UNCHECKED_HASH_PYC = (1).to_bytes(4, "little")  # flags of a hash-based .pyc that is not checked


def _read_text(selenium: Any, path: str) -> str:
    """A text file of Pyodide's file system, read from JavaScript: this works even after a fatal error."""
    try:
        text: str = selenium.run_js(
            f"""
            const path = {json.dumps(path)};
            const fs = self.filesOfPyodide;
            return fs.analyzePath(path).exists ? fs.readFile(path, {{ encoding: "utf8" }}) : "";
            """,
            pyodide_checks=False,
        )
    except JavascriptException as error:
        return f"(could not read {path}: {error})"
    return text


def _lock_packages(dist_dir: Path) -> dict[str, Any]:
    lock = dist_dir / "pyodide-lock.json"
    packages: dict[str, Any] = json.loads(lock.read_text())["packages"] if lock.is_file() else {}
    if PROJECT_PACKAGE not in packages or "pytest" not in packages:
        pytest.fail(
            f"{dist_dir} is not the folder scripts/build_pyodide_tests.py makes; run ./scripts/test_in_pyodide",
            pytrace=False,
        )
    return packages


@pytest.mark.driver_timeout(TIMEOUT_SECONDS)
def test_native_suite_passes_inside_pyodide(
    selenium_worker: Any, request: pytest.FixtureRequest, report_summary: Callable[[str], None]
) -> None:
    """Every test file that can run in a browser passes inside Pyodide, against the site's own wheel."""
    dist_dir = Path(request.config.option.dist_dir)
    packages = _lock_packages(dist_dir)
    wheel = dist_dir / packages[PROJECT_PACKAGE]["file_name"]
    stale = _differences_from_sources(wheel)
    assert not stale, (
        f"{wheel.name} in {dist_dir} is older than generator/ ({', '.join(stale)}): "
        "run scripts/build_runtime.py, then scripts/build_pyodide_tests.py (./scripts/test_in_pyodide does)"
    )

    # Every wheel of the lock, integrity checked; a failed download raises here, naming the wheel.
    selenium_worker.load_package(sorted(packages))

    files = {
        f"{PYODIDE_ROOT}/{name}": base64.b64encode(data).decode("ascii") for name, data in _files_for_pyodide().items()
    }
    selenium_worker.run_js(
        f"""
        const files = {json.dumps(files)};
        for (const [path, data] of Object.entries(files)) {{
            pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
            pyodide.FS.writeFile(path, Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
        }}
        pyodide.FS.chdir({json.dumps(PYODIDE_ROOT)});
        // Pyodide refuses pyodide.FS once it has died; this reference still reads its files.
        self.filesOfPyodide = pyodide.FS;
        """
    )

    test_files = sorted(name for name in files if name.startswith(f"{PYODIDE_ROOT}/tests/test_"))
    settings = {
        "ARGS": [f.removeprefix(PYODIDE_ROOT + "/") for f in test_files],
        "OUTPUT_FILE": OUTPUT_FILE,
        "CURRENT_FILE": CURRENT_FILE,
    }
    code = "".join(f"{name} = {json.dumps(value)}\n" for name, value in settings.items()) + INNER
    try:
        result = json.loads(selenium_worker.run_js(f"return pyodide.runPython({json.dumps(code)});"))
    except JavascriptException as error:
        # Python raised outside the tests, or Pyodide itself died (a fatal error ends every test).
        crash = f"Pyodide failed during {_read_text(selenium_worker, CURRENT_FILE) or 'the set-up'}: {error}"
    else:
        crash = ""
    if crash:
        pytest.fail(f"{crash}\npytest's output until then:\n{_read_text(selenium_worker, OUTPUT_FILE)}", pytrace=False)

    outcomes = result["outcomes"]
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items()))
    report_summary(
        f"{counts} in {result['seconds']:.1f} s, from {len(test_files)} test files "
        f"(Python {result['python']} on {result['platform']}, pytest {result['pytest']})"
    )
    for name, why in HOST_ONLY.items():
        report_summary(f"left out: {name}, which {why}")
    inner_output = result["output"]
    assert result["exit_code"] == 0, f"pytest inside Pyodide exited {result['exit_code']}:\n{inner_output}"
    assert outcomes.get("passed", 0) > 0, f"no test passed inside Pyodide:\n{inner_output}"
    assert result["platform"] == "emscripten"
    # The code under test is the wheel the site serves, not a copy of the sources.
    assert "/site-packages/generator/" in result["generator"], result["generator"]
