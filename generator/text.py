"""Text clean-up shared by the engine's outputs."""

from __future__ import annotations


def without_lone_surrogates(text: str) -> str:
    r"""The text with any lone surrogate as U+FFFD.

    A browser can send half of a surrogate pair (JSON "\\ud800"). No UTF-8
    output, a mailto link included, can carry it, so it shows as the
    replacement character instead of failing the whole email.
    """
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
