"""Follow Up Politely's email engine: the same code natively and in Pyodide.

The etiquette check, the .eml writer and the planner are imported on first use
(PEP 562), not with the package: in the browser, Python's start-up is what the
reader waits for, and the first preview needs only the catalog, the renderer
and mailto links. (`render` cannot be lazy: importing the module
generator.render would bind the name to the module, not the function.)
"""

import importlib
import typing

from generator.catalog import CATALOG, Choice, Field, Template, UnknownTemplateError, get_template
from generator.mailto import MailtoLink, mailto_or_fallback, mailto_url
from generator.render import Email, FieldError, Preview, ValidationError, render, render_preview

if typing.TYPE_CHECKING:  # what type checkers see; at run time, __getattr__ below imports each on first use
    from generator.checks import CheckItem, check, check_input
    from generator.drafts import eml_bytes, txt_text
    from generator.ics import plan_ics
    from generator.inputs import PlanError, Timeline, parse_timeline
    from generator.planner import Plan, plan

# Each name imported on first use, and the module that defines it.
_LAZY = {
    "CheckItem": "generator.checks",
    "check": "generator.checks",
    "check_input": "generator.checks",
    "eml_bytes": "generator.drafts",
    "txt_text": "generator.drafts",
    "plan_ics": "generator.ics",
    "Plan": "generator.planner",
    "PlanError": "generator.inputs",
    "Timeline": "generator.inputs",
    "parse_timeline": "generator.inputs",
    "plan": "generator.planner",
}


def __getattr__(name: str) -> object:
    """Import a lazy name's module the first time the name is asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value  # asked once: later look-ups find it directly
    return value


def __dir__() -> list[str]:
    """The package's names, the lazy ones included."""
    return sorted({*globals(), *_LAZY})


__all__ = [
    "CATALOG",
    "CheckItem",
    "Choice",
    "Email",
    "Field",
    "FieldError",
    "MailtoLink",
    "Plan",
    "PlanError",
    "Preview",
    "Template",
    "Timeline",
    "UnknownTemplateError",
    "ValidationError",
    "check",
    "check_input",
    "eml_bytes",
    "get_template",
    "mailto_or_fallback",
    "mailto_url",
    "parse_timeline",
    "plan",
    "plan_ics",
    "render",
    "render_preview",
    "txt_text",
]
