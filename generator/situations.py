"""Every situation the guide covers, one file each in generator/situations/, read as plain data.

The files are checked and parsed by generator.situation_file, natively and at
build time. The wheel the site serves carries the result as JSON
(`compiled_templates/situations.json`, written by scripts/precompile.mjs from
these same files), so the browser reads the catalog with the json module alone
and never parses TOML on the way to the first preview.
"""

from __future__ import annotations

import json
import pkgutil
from typing import Any

FOLDER = "situations"
SUFFIX = ".jinja"
SHIPPED = "compiled_templates/situations.json"


def records() -> list[dict[str, Any]]:
    """Every situation's data, in the guide's order: the shipped copy if the package carries one."""
    shipped = package_data(SHIPPED)
    if shipped is not None:
        data: list[dict[str, Any]] = json.loads(shipped)
        return data
    return parsed_records()


def parsed_records() -> list[dict[str, Any]]:
    """Every situation file parsed and checked, in the guide's order (`order`, then id).

    Raises:
        SituationFileError: a file is malformed; the message names it and the line.

    """
    from generator import situation_file  # tomllib and the checks: never on the browser's path

    parsed = [
        situation_file.parse(f"generator/{FOLDER}/{name}", name.removesuffix(SUFFIX), text) for name, text in sources()
    ]
    return sorted(parsed, key=lambda record: (record["order"], record["id"]))


def sources() -> list[tuple[str, str]]:
    """Each situation file's name and text, sorted by name."""
    from importlib import resources  # pathlib and more: not on the browser's path, which reads SHIPPED

    folder = resources.files("generator") / FOLDER
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        # An editor's lock or backup file (".#x.jinja") is not a situation.
        if entry.name.endswith(SUFFIX) and entry.name[:1].isalnum()
    )


def shipped_files() -> dict[str, bytes]:
    """The parsed catalog as the wheel carries it: its path inside the package, and its bytes."""
    return {SHIPPED: json.dumps(parsed_records(), ensure_ascii=False, sort_keys=True).encode("utf-8")}


def package_data(relative_path: str) -> bytes | None:
    """A file of this package, read through its importer (a wheel on sys.path is a zip); None if absent."""
    try:
        return pkgutil.get_data("generator", relative_path)
    except OSError:
        return None
