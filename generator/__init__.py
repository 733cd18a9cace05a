"""Follow Up Politely's email engine: the same code natively and in Pyodide."""

from generator.catalog import CATALOG, Choice, Field, Template, UnknownTemplateError, get_template
from generator.checks import CheckItem, check, check_input
from generator.drafts import MailtoLink, eml_bytes, mailto_or_fallback, txt_text
from generator.ics import plan_ics
from generator.mailto import mailto_url
from generator.planner import Plan, PlanError, Timeline, parse_timeline, plan
from generator.render import Email, FieldError, Preview, ValidationError, render, render_preview

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
