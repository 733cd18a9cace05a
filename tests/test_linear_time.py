"""Nothing a reader pastes can make Python slow: every request, and every pass under it, takes linear time.

The one timed test of the suite, and a guard against catastrophe only: each answer must come within
100 times what a benign input of the same size takes (and never less than a floor that timer noise
cannot reach), so a pattern that backtracks or a pass that rescans fails by orders of magnitude while
an ordinary slow moment does not. Benchmarks of speed live in scripts/bench, not here.

Two layers:

1. The boundary, as the page calls it: every request kind (preview with its check, check, both
   downloads, plan) with adversarial shapes in each free-text field, at the field's limit and one
   character past it.
2. The passes themselves, past any limit: the etiquette check, the address rule, the request's depth
   guard and the mail writers, on texts growing to tens of thousands of characters, of the shapes
   that once backtracked. The sizes grow fourfold, so a quadratic pass fails early, long before it
   could stall the run.

Inside Pyodide (the suite runs there too) the second layer takes half the shapes and stops at a
smaller size, and the first takes one shape in four: the same guards, on the interpreter the page runs.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

import pytest

from generator import CATALOG, check, mailto_or_fallback
from generator.address import is_address
from generator.api import _too_deep, handle
from generator.catalog import CATALOGS
from generator.drafts import eml_bytes, txt_text
from generator.languages import language

IN_PYODIDE = sys.platform == "emscripten"
MARGIN = 100
# Below this no measurement counts as slow: timer noise and a busy machine live under it.
FLOOR_SECONDS = 1.0 if IN_PYODIDE else 0.25
SIZES = (1_000, 4_000, 16_000) if IN_PYODIDE else (1_000, 4_000, 16_000, 64_000)


def _seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _within_budget(run: Callable[[], object], benign: Callable[[], object], what: str) -> None:
    """`run` takes at most MARGIN times `benign` (or the floor); one retry rules out a passing hiccup."""
    reference = min(_seconds(benign) for _ in range(3))
    budget = max(MARGIN * reference, FLOOR_SECONDS)
    taken = _seconds(run)
    if taken > budget:
        taken = _seconds(run)
    assert taken <= budget, f"{what}: {taken:.3f} s, over {budget:.3f} s ({MARGIN}x a benign input's {reference:.4f} s)"


def _capitalised(count: int) -> str:
    """`count` distinct words in capitals: WAAAA WAAAB ..."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    words = []
    for index in range(count):
        word = ""
        for _ in range(4):
            index, digit = divmod(index, 26)
            word = letters[digit] + word
        words.append("W" + word)
    return " ".join(words)


# Each shape makes text of about n characters: runs of each class, alternations, triggers without a full stop.
SHAPES: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: "a" + " " * (n - 2) + "b",
    "tabs-spaces": lambda n: "a" + " \t" * (n // 2 - 1) + "b",
    "dots": lambda n: "a" + "." * (n - 2) + "b",
    "space-dot": lambda n: "a" + " ." * (n // 2 - 1) + "b",
    "commas": lambda n: "a" + ",," * (n // 2 - 1) + "b",
    "letters": lambda n: "a" * n,
    "capital-letters": lambda n: "A" * n,
    "accents": lambda n: "é" * n,
    "emoji": lambda n: "😀" * n,
    "at-signs": lambda n: "@" * n,
    "address-dots": lambda n: "a@" + ".a" * ((n - 3) // 2) + "@",
    "address-ats": lambda n: "a@b" * (n // 3),
    "greeting-spaces": lambda n: "Mr. A" + " " * (n - 6) + "B",
    "greeting-dear": lambda n: ("Dear " * (n // 5))[: n - 1] + "x",
    "asap-no-stop": lambda n: ("asap " * (n // 5)).strip(),
    "immediately-no-stop": lambda n: ("I can start immediately and " * (n // 28 + 1))[:n].strip() or "a",
    "waiting-no-stop": lambda n: ("I have been waiting and " * (n // 24 + 1))[:n].strip() or "a",
    "exclamations": lambda n: "a" + "!?" * (n // 2 - 1) + "b",
    "distinct-capitals": lambda n: _capitalised(n // 6 + 1)[:n].strip() or "A",
    "dashes": lambda n: "a" + "-–—" * (n // 3 - 1) + "b",
    "quotes": lambda n: "a" + "\"'“”’" * (n // 5 - 1) + "b",
    "brackets": lambda n: "a" + "[{" * (n // 2 - 1) + "b",
    "lines": lambda n: "a" + "\n" * (n - 2) + "b",
    "paragraphs": lambda n: ("word.\n\n" * (n // 7 + 1))[:n].strip(),
}
FIRST_LAYER_SHAPES = list(SHAPES)[::4] if IN_PYODIDE else list(SHAPES)
SECOND_LAYER_SHAPES = list(SHAPES)[::2] if IN_PYODIDE else list(SHAPES)


def _sized(shape: str, length: int) -> str:
    """The shape made exactly `length` characters long (padded with letters, or cut)."""
    text = SHAPES[shape](max(length, 8))
    return (text + "x" * length)[:length] if len(text) < length else text[:length]


def _ask(request: dict[str, object]) -> dict[str, object]:
    answer: dict[str, object] = json.loads(handle(json.dumps(request, ensure_ascii=False)))
    assert isinstance(answer["ok"], bool)
    return answer


CONTEXT = {"interview_date": "2026-03-03", "interview_time": "10:00", "timeline": "10 days", "now": "2026-03-04T09:00"}
OPERATIONS = {
    "preview": lambda t, v: {"op": "preview", "template": t, "values": v, "context": CONTEXT},
    "check": lambda t, v: {"op": "check", "template": t, "values": v, "context": CONTEXT},
    "download-eml": lambda t, v: {"op": "download", "template": t, "values": v, "format": "eml"},
    "download-txt": lambda t, v: {"op": "download", "template": t, "values": v, "format": "txt"},
}
FREE_FIELDS = [
    pytest.param(template.id, spec.id, spec.limit, id=f"{template.id}.{spec.id}")
    for template in CATALOG.values()
    for spec in template.fields
    if spec.kind in ("text", "long-text", "email")
]


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize(("template_id", "field_id", "limit"), FREE_FIELDS)
def test_every_request_kind_answers_any_shape_at_the_limit_in_linear_time(
    operation: str, template_id: str, field_id: str, limit: int
) -> None:
    """Each shape at the field's limit, and one past it, is answered within the budget."""
    make = OPERATIONS[operation]
    base = dict(CATALOG[template_id].example_values())
    for length in (limit, limit + 1):
        benign = {**base, field_id: _sized("letters", length)}
        for shape in FIRST_LAYER_SHAPES:
            values = {**base, field_id: _sized(shape, length)}
            _within_budget(
                lambda values=values: _ask(make(template_id, values)),
                lambda benign=benign: _ask(make(template_id, benign)),
                f"{operation} {template_id}.{field_id} {shape} at {length}",
            )


@pytest.mark.parametrize("shape", FIRST_LAYER_SHAPES)
def test_the_planner_answers_any_shape_in_linear_time(shape: str) -> None:
    """The planner's free text (its timeline and the calendar's position), at and past their limits."""
    base = {"op": "plan", "interview_date": "2026-03-03", "now": "2026-03-03T12:00:00Z"}
    for key, limit in (("timeline", 60), ("position", 150)):
        for length in (limit, limit + 1):
            _within_budget(
                lambda key=key, length=length: _ask({**base, key: _sized(shape, length)}),
                lambda key=key, length=length: _ask({**base, key: _sized("letters", length)}),
                f"plan {key} {shape} at {length}",
            )


# --- Past every limit: the passes themselves --------------------------------------------------------


def _draft(text: str) -> tuple[dict[str, object], str, str]:
    """Values, subject and body with `text` everywhere the check reads: greeting, body, sign-off, values."""
    values = {"candidate_name": text, "interviewer": text, "position": text, "company": text, "highlight": text}
    subject = f"Thank you – {text}"
    body = f"Dear {text},\n\n{text}\n\nThank you. {text}\n\nBest regards,\n{text}"
    return values, subject, body


@pytest.mark.parametrize("shape", SECOND_LAYER_SHAPES)
@pytest.mark.parametrize("template_id", list(CATALOG))
def test_the_etiquette_check_is_linear_past_any_limit(template_id: str, shape: str) -> None:
    """Every item of the check (greeting, parts, not-pushy, capitals, sign-off, timing) on growing texts."""
    for size in SIZES:
        draft = _draft(_sized(shape, size))
        benign = _draft(_sized("letters", size))
        _within_budget(
            lambda draft=draft: check(template_id, *draft),
            lambda benign=benign: check(template_id, *benign),
            f"check {template_id} {shape} at {size:,}",
        )


def _language_shapes(lang: str) -> dict[str, Callable[[int], str]]:
    """The shapes, and the language's own greeting and sign-off words repeated with no full stop."""
    words = language(lang)["check"]
    own = {
        "own-greetings": lambda n: (" ".join(words["greeting_words"]) + " ") * (n // 40 + 1),
        "own-sign-offs": lambda n: (" ".join(words["sign_offs"]) + " ") * (n // 40 + 1),
    }
    return {**{shape: SHAPES[shape] for shape in SECOND_LAYER_SHAPES}, **own}


@pytest.mark.parametrize("lang", [code for code in CATALOGS if code != "en"])
def test_the_check_in_each_language_is_linear_past_any_limit(lang: str) -> None:
    """Each language's words and patterns (its file's, not code) on growing texts of every shape."""
    template = CATALOGS[lang]["follow-up"]
    # Three sizes: a pattern that backtracks is far past the margin at 16,000 characters already.
    for shape, make in _language_shapes(lang).items():
        for size in SIZES[:3]:
            text = (make(max(size, 8)) + "x" * size)[:size]
            draft = _draft(text)
            benign = _draft(_sized("letters", size))
            _within_budget(
                lambda draft=draft: check(template.id, *draft, lang=lang),
                lambda benign=benign: check(template.id, *benign, lang=lang),
                f"check {lang}:{template.id} {shape} at {size:,}",
            )


@pytest.mark.parametrize("shape", SECOND_LAYER_SHAPES)
def test_the_address_rule_and_the_writers_are_linear_past_any_limit(shape: str) -> None:
    """The address rule, the depth guard, the mailto: link and both drafts on growing texts."""
    for size in SIZES:
        text = _sized(shape, size)
        plain = _sized("letters", size)
        for name, run in {
            "is_address": is_address,
            "too_deep": _too_deep,
            "mailto": lambda t: mailto_or_fallback(t, t, t),
            "eml body": lambda t: eml_bytes("a@b.co", "Thank you", t),
            "txt": lambda t: txt_text(t, t),
        }.items():
            _within_budget(
                lambda run=run, text=text: run(text),
                lambda run=run, plain=plain: run(plain),
                f"{name} {shape} at {size:,}",
            )
