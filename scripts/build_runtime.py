"""Prepare the Python runtime the site serves: Pyodide's core, three wheels and their lock.

The wheels and the standard library are served as bytecode compiled by Pyodide
itself (see _precompile). Writes build/runtime/, which the MkDocs hook copies into the site. Every step is
skipped when its output is already up to date, so a second run takes a moment.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
RUNTIME = ROOT / "build" / "runtime"
DOWNLOADS = ROOT / "build" / "downloads"
BROWSER_PACKAGES = ROOT / "scripts" / "browser-packages.txt"

# What loadPyodide fetches from indexURL; nothing else of the npm package is served.
# python_stdlib.zip is not among them: the site serves its own, precompiled (see _stdlib).
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"
PRECOMPILE = ROOT / "scripts" / "precompile.mjs"
# The wheels as built or downloaded, with sources; build/runtime/ gets them precompiled.
SOURCE_WHEELS = ROOT / "build" / "wheels"
# The whole standard library, precompiled too, for the suite that runs inside Pyodide
# (pytest and hypothesis import far more of it than the engine does).
FULL_STDLIB = ROOT / "build" / "stdlib-full" / STDLIB

# A fixed timestamp makes wheels byte-identical from build to build, so the
# lock's sha256 (which the browser checks) only changes when the code does.
REPRODUCIBLE = {**os.environ, "SOURCE_DATE_EPOCH": "315532800", "PYTHONHASHSEED": "0"}


def main() -> int:
    """Bring build/runtime/ up to date and say what changed."""
    if not PYODIDE_NPM.is_dir():
        sys.exit("build_runtime: node_modules/pyodide is missing; run `npm ci` first (./scripts/build does).")
    RUNTIME.mkdir(parents=True, exist_ok=True)
    copied = [name for name in CORE_FILES if copy_if_changed(PYODIDE_NPM / name, RUNTIME / name)]
    before = {p: sha256_of(p) for p in [*RUNTIME.glob("*.whl"), RUNTIME / STDLIB] if p.exists()}
    wheels = _precompile([_jinja2_wheel(), _pure_markupsafe_wheel(), _generator_wheel()])
    stale = {p for p in RUNTIME.glob("*.whl")} - set(wheels)
    for path in stale:
        path.unlink()
    copied += [p.name for p in [*wheels, RUNTIME / STDLIB] if before.get(p) != sha256_of(p)]
    lock_changed = write_lock(wheels, RUNTIME, RUNTIME.parent / "pyodide-lock.from")
    if copied or stale or lock_changed:
        print(f"build_runtime: updated {RUNTIME.relative_to(ROOT)} ({', '.join(copied + ['lock'] * lock_changed)})")
    else:
        print(f"build_runtime: {RUNTIME.relative_to(ROOT)} is up to date")
    return 0


def copy_if_changed(source: Path, target: Path) -> bool:
    """Copy source over target unless they are the same bytes already; say whether it copied."""
    if target.exists() and sha256_of(target) == sha256_of(source):
        return False
    shutil.copyfile(source, target)
    return True


def sha256_of(path: Path) -> str:
    """The file's sha256, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _download(requirement_name: str) -> Path:
    """Fetch one pinned package, its sha256 checked against browser-packages.txt."""
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    line = next(
        line
        for line in BROWSER_PACKAGES.read_text().splitlines()
        if line.lower().startswith(requirement_name.lower() + "==")
    )
    name, version = line.split()[0].split("==")
    existing = [p for p in DOWNLOADS.iterdir() if p.name.lower().startswith(f"{name.lower()}-{version}")]
    if existing:
        return existing[0]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as requirement:
        requirement.write(line + "\n")
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--require-hashes",
                "--no-binary",
                "markupsafe",
                "--only-binary",
                "jinja2",
                "-r",
                requirement.name,
                "-d",
                str(DOWNLOADS),
            ],
            check=True,
        )
    finally:
        os.unlink(requirement.name)
    return next(p for p in DOWNLOADS.iterdir() if p.name.lower().startswith(f"{name.lower()}-{version}"))


def _jinja2_wheel() -> Path:
    return _download("jinja2")


def _pure_markupsafe_wheel() -> Path:
    """MarkupSafe without its C speedups: PyPI has no pure wheel, so build one from the sdist.

    Without the extension, MarkupSafe falls back to its pure-Python `_native`
    module, which is all Jinja2 needs and runs unchanged in Pyodide.
    """
    sdist = _download("markupsafe")
    version = sdist.name.removeprefix("markupsafe-").removesuffix(".tar.gz")
    SOURCE_WHEELS.mkdir(parents=True, exist_ok=True)
    target = SOURCE_WHEELS / f"markupsafe-{version}-py3-none-any.whl"
    stamp = DOWNLOADS / f"{target.name}.from"
    if target.exists() and stamp.exists() and stamp.read_text() == sha256_of(sdist):
        return target
    with tempfile.TemporaryDirectory() as work:
        with tarfile.open(sdist) as archive:
            archive.extractall(work, filter="data")
        source = Path(work) / f"markupsafe-{version}"
        (source / "setup.py").write_text("from setuptools import setup\n\nsetup(ext_modules=[])\n")
        built = _build_wheel(source, Path(work) / "dist")
        shutil.copyfile(built, target)
    stamp.write_text(sha256_of(sdist))
    return target


def _generator_wheel() -> Path:
    """The site's own package, built from a clean copy so no stale build files slip in."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "src"
        source.mkdir()
        shutil.copyfile(ROOT / "pyproject.toml", source / "pyproject.toml")
        shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
        built = _build_wheel(source, Path(work) / "dist")
        SOURCE_WHEELS.mkdir(parents=True, exist_ok=True)
        target = SOURCE_WHEELS / built.name
        copy_if_changed(built, target)
    return target


def _build_wheel(source: Path, outdir: Path) -> Path:
    # setuptools is chatty; its output only matters when the build fails.
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir), str(source)],
        env=REPRODUCIBLE,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"build_runtime: building a wheel from {source.name} failed:\n{result.stdout}{result.stderr}")
    return next(outdir.glob("*.whl"))


def write_lock(wheels: list[Path], folder: Path, stamp: Path) -> bool:
    """A pyodide-lock.json in folder that knows only these wheels, so nothing is looked up on a CDN.

    stamp keeps the wheels' hashes the lock was made from: with the same wheels, nothing is redone.
    """
    lock = folder / "pyodide-lock.json"
    fingerprint = json.dumps({p.name: sha256_of(p) for p in wheels}, sort_keys=True)
    if lock.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return False
    stock = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text())
    with tempfile.TemporaryDirectory() as work:
        base = Path(work) / "base-lock.json"
        base.write_text(json.dumps({"info": stock["info"], "packages": {}}))
        done = subprocess.run(
            [
                str(Path(sys.executable).parent / "pyodide"),
                "lockfile",
                "add-wheels",
                "--input",
                str(base),
                "--output",
                str(lock),
                "--base-path",
                str(folder),
                *map(str, wheels),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    # It guesses each wheel's import names from its .py files; ours hold .pyc
    # only, and nothing here looks packages up by import name.
    for line in done.stderr.splitlines():
        if "failed to parse top level import name" not in line:
            print(line, file=sys.stderr)
    stamp.write_text(fingerprint)
    return True


def _precompile(sources: list[Path]) -> list[Path]:
    """The wheels and the standard library as bytecode, made inside Pyodide (scripts/precompile.mjs).

    Compiling sources was most of Python's start-up in the browser. Bytecode is
    only valid for the interpreter that wrote it, and the host has no Python of
    Pyodide's version, so the site's own Pyodide writes it, under Node. The
    standard library the site serves keeps only the top-level modules and
    packages that a fresh Pyodide, started as the page starts it, imports while
    answering a request of every kind (every module of such a package, so a
    lazy import inside one still finds its module; of `encodings`, not the
    legacy character sets); tests/browser/test_runtime.py checks that the page
    imports nothing else. The suite inside Pyodide gets the whole library.
    """
    targets = [RUNTIME / source.name for source in sources]
    requests = requests_of_every_kind()
    inputs = [PYODIDE_NPM / STDLIB, PYODIDE_NPM / "pyodide.asm.wasm", PRECOMPILE, *sources]
    fingerprint = json.dumps({"inputs": [sha256_of(p) for p in inputs], "requests": requests})
    stamp = RUNTIME.parent / "precompiled.from"
    outputs = [*targets, RUNTIME / STDLIB, FULL_STDLIB]
    if all(p.exists() for p in outputs) and stamp.exists() and stamp.read_text() == fingerprint:
        return targets
    FULL_STDLIB.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        job = Path(work) / "job.json"
        job.write_text(
            json.dumps(
                {
                    "wheels": [[str(s), str(t)] for s, t in zip(sources, targets, strict=True)],
                    "full_stdlib": str(FULL_STDLIB),
                    "stdlib": str(RUNTIME / STDLIB),
                    "requests": requests,
                }
            )
        )
        subprocess.run(["node", str(PRECOMPILE), str(PYODIDE_NPM), str(job)], check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(fingerprint)
    return targets


def requests_of_every_kind() -> list[str]:
    """A request of every kind the page makes, on every template, with plain and non-ASCII values."""
    from generator.catalog import CATALOG  # the project is installed in .venv by scripts/lib.sh

    context = {
        "interview_date": "2026-03-02",
        "interview_time": "14:30",
        "timeline": "2 weeks",
        "now": "2026-03-03T09:00",
    }
    requests: list[dict[str, object]] = [
        {"op": "catalog"},
        {
            "op": "plan",
            "interview_date": "2026-03-02",
            "interview_time": "14:30",
            "timeline": "2 weeks",
            "position": "Zoë's role",
            "now": "2026-03-03T08:00:00+00:00",
        },
    ]
    for template in CATALOG.values():
        plain = template.example_values()
        foreign = {name: f"{value} Zoë Łódź 日本 😀" for name, value in plain.items()}
        foreign["recipient_email"] = "zoë@example.com"
        requests.append({"op": "example", "template": template.id})
        for values in (plain, foreign, {}, {name: value * 200 for name, value in plain.items()}):
            requests.append({"op": "preview", "template": template.id, "values": values, "context": context})
            requests.append({"op": "check", "template": template.id, "values": values, "context": context})
            for form in ("eml", "txt"):
                requests.append({"op": "download", "template": template.id, "values": values, "format": form})
    return [json.dumps(request) for request in requests]


if __name__ == "__main__":
    sys.exit(main())
