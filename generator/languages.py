"""The languages the guide is written in: one file each in generator/languages/, read as plain data.

English is the source; each other language says the same things its own way:
its dates, how it greets, its shared fields' words, the check's words and every
sentence the engine says, `[messages]` (docs/development/adding-a-language.md).
Natively the TOML files are read; the wheel the site serves carries them as JSON
(`compiled_templates/languages.json`), so the browser never parses TOML.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time
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
    # The first of the month may be written otherwise: "1er" in French.
    number = dates.get("first_of_month", "1") if day.day == 1 else str(day.day)
    text = str(form).format(
        weekday=dates["weekdays"][day.weekday()], day=number, month=dates["months"][day.month - 1], year=day.year
    )
    return text if weekday else text.split(", ", 1)[-1]


def format_time(moment: time, lang: str = DEFAULT) -> str:
    """A time as the language writes it: "14:30" in English (the 24-hour clock no reader misreads), "14:30 Uhr"."""
    form = language(lang)["dates"].get("time") or language(DEFAULT)["dates"]["time"]
    return str(form).format(hour=moment.hour, minute=moment.minute)


@cache
def messages(lang: str) -> dict[str, str]:
    """The sentences `lang`'s file gives itself, by dotted key ("greeting.missing"): no English fallback."""
    flat: dict[str, str] = {}

    def walk(table: dict[str, Any], prefix: str) -> None:
        for name, value in table.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{name}.")
            else:
                flat[prefix + name] = str(value)

    walk(language(lang).get("messages", {}), "")
    return flat


def message(lang: str, key: str, /, **slots: object) -> str:
    """One sentence the engine says, in `lang`, its `{slots}` filled with str.format.

    English's sentence where `lang` lacks the key, so a partly translated language
    still speaks. A slot is said in the language of the sentence it goes into, so
    a fallback never mixes languages: a date or a time is written as that language
    writes it, and a callable (a `Phrase`, a quote) is called with that language.

    Raises:
        KeyError: English has no such key, a mistake in the engine.

    """
    own = messages(lang)
    said_in = lang if key in own else DEFAULT
    text = own[key] if key in own else messages(DEFAULT)[key]
    return text.format(**{name: _said(value, said_in) for name, value in slots.items()})


class Phrase:
    """A message inside another: said in the language its sentence is said in."""

    def __init__(self, key: str, /, **slots: object) -> None:
        self.key = key
        self.slots = slots

    def __call__(self, lang: str) -> str:
        """The phrase in `lang` (English's where `lang` lacks it)."""
        return message(lang, self.key, **self.slots)

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, **{self.slots!r})"


def _said(value: object, lang: str) -> object:
    # A datetime is a date too, but writing it as a day would drop its time: it goes in as it is.
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value, lang)
    if isinstance(value, time):
        return format_time(value, lang)
    if callable(value):
        said: Callable[[str], object] = value
        return said(lang)
    return value
