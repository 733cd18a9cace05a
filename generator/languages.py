"""The languages the guide is written in: one file each in generator/languages/, read as plain data.

English is the source; each other language says the same things its own way:
its dates, how it greets, its shared fields' words and the check's words
(docs/development/adding-a-language.md). Natively the TOML files are read; the
wheel the site serves carries them as JSON (`compiled_templates/languages.json`),
so the browser never parses TOML.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

from generator.situations import package_data

DEFAULT = "en"
FOLDER = "languages"
SHIPPED = "compiled_templates/languages.json"


class UnknownLanguageError(LookupError):
    """Raised for a language the guide is not written in."""

    def __init__(self, lang: object) -> None:
        super().__init__(f"unknown language {lang!r}; languages: {', '.join(codes())}")
        self.lang = lang


@cache
def all_languages() -> dict[str, dict[str, Any]]:
    """Every language's data by its code, English first: the shipped copy if the package carries one."""
    shipped = package_data(SHIPPED)
    if shipped is not None:
        data: dict[str, dict[str, Any]] = json.loads(shipped)
        return {code: data[code] for code in _english_first(data)}
    return parsed_languages()


def _english_first(codes_found: Any) -> list[str]:
    return sorted(codes_found, key=lambda code: (code != DEFAULT, code))


def parsed_languages() -> dict[str, dict[str, Any]]:
    """Every language file read, English first, then by code."""
    import tomllib  # never on the browser's path, which reads SHIPPED
    from importlib import resources

    folder = resources.files("generator") / FOLDER
    found = {
        entry.name.removesuffix(".toml"): tomllib.loads(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml") and entry.name[:1].isalnum()
    }
    return {code: found[code] for code in _english_first(found)}


# What only the build reads (the page's strings, the navigation, the site's description): not in the browser's copy.
PAGE_ONLY = ("ui", "nav", "site")


def shipped_files() -> dict[str, bytes]:
    """The languages as the wheel carries them: their path inside the package, and their bytes."""
    engine_data = {
        code: {key: value for key, value in data.items() if key not in PAGE_ONLY}
        for code, data in parsed_languages().items()
    }
    return {SHIPPED: json.dumps(engine_data, ensure_ascii=False, sort_keys=True).encode("utf-8")}


def codes() -> list[str]:
    """The languages' codes, English first."""
    return list(all_languages())


def language(lang: str) -> dict[str, Any]:
    """One language's data.

    Raises:
        UnknownLanguageError: the guide is not written in `lang`.

    """
    try:
        return all_languages()[lang]
    except (KeyError, TypeError):
        raise UnknownLanguageError(lang) from None


def ui_strings(lang: str) -> dict[str, str]:
    """What the page's forms and scripts show, in `lang`: English's strings, each under the language's own."""
    return {**language(DEFAULT).get("ui", {}), **language(lang).get("ui", {})}


def greeting(lang: str, name: str, tone: str) -> str:
    """The salutation line for `name` in `tone`: the first rule whose prefix starts the name, else the default.

    "Frau Dr. Schmidt" in German's formal tone is "Sehr geehrte Frau Dr. Schmidt,". A prefix matches as a
    whole word, in any case, so "Frauke Schmidt" is greeted by the default.
    """
    data = language(lang)
    folded = name.casefold()
    for rule in data.get("greetings", []):
        for prefix in rule["prefixes"]:
            start = prefix.casefold().strip()
            if folded.startswith(start) and (len(folded) == len(start) or not folded[len(start)].isalnum()):
                return str(rule.get(tone, rule["formal"])).format(name=name)
    default = data["greeting"]
    return str(default.get(tone, default["formal"])).format(name=name)


def format_date(day: date, lang: str = DEFAULT, *, weekday: bool = True, year: bool = True) -> str:
    """A date as the language writes it: "Friday, December 4, 2026", "Freitag, 4. Dezember 2026".

    Names from the language's table rather than `strftime`, whose names follow the process's locale.
    """
    dates = language(lang)["dates"]
    form = dates["long"] if year else dates["short"]
    text = str(form).format(
        weekday=dates["weekdays"][day.weekday()], day=day.day, month=dates["months"][day.month - 1], year=day.year
    )
    return text if weekday else text.split(", ", 1)[-1]
