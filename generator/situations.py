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
DEFAULT_LANGUAGE = "en"  # generator.languages.DEFAULT, which imports this module


def records() -> dict[str, list[dict[str, Any]]]:
    """Every situation's data by language, each in the guide's order: the shipped copy if the package carries one."""
    shipped = package_data(SHIPPED)
    if shipped is not None:
        data: dict[str, list[dict[str, Any]]] = json.loads(shipped)
        # JSON's keys come sorted (shipped_files): English first again, as the languages' files are listed.
        return {lang: data[lang] for lang in sorted(data, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang))}
    return parsed_records()


def parsed_records() -> dict[str, list[dict[str, Any]]]:
    """Every situation file parsed and checked, English first, then each language its siblings translate.

    A language lists the situations it has a sibling for; `missing_translations` names the others.

    Raises:
        SituationFileError: a file is malformed; the message names it and the line.

    """
    # tomllib and the checks: never on the browser's path
    from generator import situation_file, situation_translation
    from generator.languages import parsed_languages

    languages = parsed_languages()
    english_sources = dict(sources())
    english = sorted(
        (situation_file.parse(_path(name), _situation_id(name), text) for name, text in english_sources.items()),
        key=lambda record: (record["order"], record["id"]),
    )
    by_language: dict[str, list[dict[str, Any]]] = {lang: [] for lang in languages}
    by_language[DEFAULT_LANGUAGE] = english
    siblings = dict(sources(translations=True))
    for record in english:
        for lang, language in languages.items():
            name = sibling_name(record["id"], lang)
            if lang != DEFAULT_LANGUAGE and name in siblings:
                english_text = english_sources[record["id"] + SUFFIX]
                by_language[lang].append(
                    situation_translation.parse(_path(name), lang, siblings[name], record, english_text, language)
                )
    for name in siblings:
        situation_id, _, lang = _situation_id(name).partition(".")
        if lang not in languages or situation_id + SUFFIX not in english_sources:
            raise situation_file.SituationFileError(
                _path(name),
                1,
                f"a translation is named <situation>.<language>{SUFFIX}: no situation “{situation_id}”"
                if lang in languages
                else f"no language “{lang}”: languages are {', '.join(languages)} (generator/languages/)",
            )
    return by_language


def missing_translations() -> list[str]:
    """The situation files a language still lacks, as paths: the build refuses a site with any."""
    found = parsed_records()
    english = [record["id"] for record in found[DEFAULT_LANGUAGE]]
    return [
        _path(sibling_name(situation_id, lang))
        for lang, translated in found.items()
        for situation_id in english
        if situation_id not in {record["id"] for record in translated}
    ]


def sibling_name(situation_id: str, lang: str) -> str:
    """The file of a situation in a language: `thank-you.jinja` in English, `thank-you.de.jinja` in German."""
    return f"{situation_id}{SUFFIX}" if lang == DEFAULT_LANGUAGE else f"{situation_id}.{lang}{SUFFIX}"


def sources(*, translations: bool = False) -> list[tuple[str, str]]:
    """Each English situation file's name and text (or each translation's), sorted by name."""
    from importlib import resources  # pathlib and more: not on the browser's path, which reads SHIPPED

    folder = resources.files("generator") / FOLDER
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        # An editor's lock or backup file (".#x.jinja") is not a situation.
        if entry.name.endswith(SUFFIX)
        and entry.name[:1].isalnum()
        and ("." in _situation_id(entry.name)) == translations
    )


def _situation_id(name: str) -> str:
    return name.removesuffix(SUFFIX)


def _path(name: str) -> str:
    return f"generator/{FOLDER}/{name}"


def shipped_files() -> dict[str, bytes]:
    """The parsed catalog as the wheel carries it: its path inside the package, and its bytes."""
    return {SHIPPED: json.dumps(parsed_records(), ensure_ascii=False, sort_keys=True).encode("utf-8")}


def package_data(relative_path: str) -> bytes | None:
    """A file of this package, read through its importer (a wheel on sys.path is a zip); None if absent."""
    try:
        return pkgutil.get_data("generator", relative_path)
    except OSError:
        return None
