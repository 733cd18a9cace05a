"""The runtime the site serves holds bytecode made inside Pyodide (scripts/precompile.mjs via build_runtime.py)."""

from __future__ import annotations

import _imp
import base64
import csv
import hashlib
import importlib
import io
import json
import pickle
import re
import zipfile
from pathlib import Path

import jinja2
import pytest

from generator import CATALOG
from tests.built import require_built

render_module = importlib.import_module("generator.render")

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "build" / "runtime"
STDLIB = RUNTIME / "python_stdlib.zip"
FULL_STDLIB = ROOT / "build" / "stdlib-full" / "python_stdlib.zip"
STOCK_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
WHEELS = sorted(RUNTIME.glob("*.whl"))
UNCHECKED_HASH = (1).to_bytes(4, "little")  # PEP 552 flags: hash-based, not checked against a source

require_built(STDLIB, "./scripts/test's set-up makes build/runtime (scripts/build_runtime.py)")


def _names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist() if not name.endswith("/")]


def _read(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def _top_levels(names: list[str]) -> set[str]:
    return {name.split("/")[0].removesuffix(".pyc").removesuffix(".py") for name in names}


@pytest.mark.parametrize("archive", [STDLIB, FULL_STDLIB, *WHEELS], ids=lambda p: p.parent.name + "/" + p.name)
def test_python_comes_as_unchecked_bytecode_of_one_interpreter(archive: Path) -> None:
    """No .py is served: every module is a .pyc that needs no source beside it, all from the same Python."""
    files = _read(archive)
    assert not [name for name in files if name.endswith(".py")]
    compiled = {name: data for name, data in files.items() if name.endswith(".pyc")}
    assert compiled
    assert {data[4:8] for data in compiled.values()} == {UNCHECKED_HASH}
    assert len({data[:4] for data in compiled.values()}) == 1, "bytecode from more than one Python"


def test_the_whole_stdlib_goes_to_the_suite_inside_pyodide() -> None:
    """The suite's standard library has a .pyc for every module Pyodide publishes, and every other file."""
    stock = {name + "c" if name.endswith(".py") else name for name in _names(STOCK_STDLIB)}
    assert set(_names(FULL_STDLIB)) == stock


def test_the_site_keeps_whole_top_level_packages_of_the_stdlib() -> None:
    """The trimmed library is a subset of whole top-level modules and packages, with what the engine needs.

    Whole, but for encodings: its legacy character sets are left out. What
    only the build imports, running Pyodide's package installer, is left out too.
    """
    full, trimmed = set(_names(FULL_STDLIB)), set(_names(STDLIB))
    assert trimmed < full
    kept = _top_levels(list(trimmed))
    whole = {name for name in full if name.split("/")[0].removesuffix(".pyc") in kept - {"encodings"}}
    assert {name for name in trimmed if not name.startswith("encodings/")} == whole
    assert {"json", "re", "email", "encodings", "datetime", "pyodide", "_pyodide"} <= kept
    assert {"unittest", "tkinter", "pydoc_data"}.isdisjoint(kept)
    assert {"tarfile", "sysconfig", "csv"}.isdisjoint(kept)


def test_the_sites_encodings_are_unicode_and_byte_transforms_only() -> None:
    """Of encodings, Python's codecs of Unicode (and bytes to bytes); none of the 97 legacy character sets."""
    full = {name for name in _names(FULL_STDLIB) if name.startswith("encodings/")}
    served = {name for name in _names(STDLIB) if name.startswith("encodings/")}
    legacy = re.compile(
        r"encodings/(cp\d|iso8859|iso2022|mac_|koi8|big5|euc_|gb|shift_jis|johab|hz|tis_|"
        r"_win_cp|hp_roman8|kz1048|mbcs|oem|palmos|ptcp154)"
    )
    assert {"encodings/__init__.pyc", "encodings/aliases.pyc", "encodings/utf_8.pyc", "encodings/idna.pyc"} <= served
    assert [name for name in full - served if not legacy.match(name)] == []
    assert not [name for name in served if legacy.match(name)]


def test_the_project_wheel_is_the_bytecode_of_todays_sources() -> None:
    """Each generator/*.pyc in the wheel carries the hash of the .py it was compiled from (PEP 552)."""
    wheel = next(p for p in WHEELS if p.name.startswith("follow_up_politely-"))
    compiled = {n: d for n, d in _read(wheel).items() if n.startswith("generator/") and n.endswith(".pyc")}
    sources = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py"))
    assert sorted(name.removesuffix("c") for name in compiled) == sources
    for name, data in compiled.items():
        source = (ROOT / name.removesuffix("c")).read_bytes()
        assert data[8:16] == _imp.source_hash(int.from_bytes(data[:4], "little"), source), name


def test_the_project_wheel_carries_its_templates_compiled_inside_pyodide() -> None:
    """Each template's code (generator.render.ShippedTemplateCode), made by Pyodide's Python from today's source.

    An entry starts with Jinja2's header for the Python that wrote it, then the
    pickled sha1 of the template's source: Jinja2 refuses an entry whose header
    or checksum differs from its own, so a stale one would be compiled anew,
    silently slower; this says so.
    """
    wheel = next(p for p in WHEELS if p.name.startswith("follow_up_politely-"))
    files = _read(wheel)
    major, minor, *_ = json.loads((RUNTIME / "pyodide-lock.json").read_text())["info"]["python"].split(".")
    # As jinja2.bccache.bc_magic is made, for that Python's version.
    header = b"j2" + pickle.dumps(jinja2.bccache.bc_version, 2) + pickle.dumps((int(major) << 24) | int(minor), 2)
    for template in CATALOG.values():
        name = f"{template.id}.jinja"
        code = files[f"generator/{render_module.compiled_template_path(name)}"]
        assert code.startswith(header), name
        source = (ROOT / "generator" / "situations" / name).read_text()
        assert pickle.loads(code[len(header) :]) == hashlib.sha1(source.encode("utf-8")).hexdigest(), name
    assert header != jinja2.bccache.bc_magic  # made by Pyodide's Python, not the host's


@pytest.mark.parametrize("wheel", WHEELS, ids=lambda p: p.name)
def test_each_wheel_records_its_files(wheel: Path) -> None:
    """The rewritten RECORD lists every file of the wheel with its sha256, as installers check."""
    files = _read(wheel)
    record_name = next(name for name in files if name.endswith(".dist-info/RECORD"))
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(files[record_name].decode()))}
    assert set(rows) == set(files)
    for name, data in files.items():
        if name != record_name:
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert rows[name] == f"sha256={digest}", name
