"""Follow Up Politely's email engine: the same code natively and in Pyodide."""

from generator.catalog import CATALOG, Choice, Field, Template, UnknownTemplateError, get_template
from generator.mailto import mailto_url
from generator.render import Email, FieldError, Preview, ValidationError, render, render_preview

__all__ = [
    "CATALOG",
    "Choice",
    "Email",
    "Field",
    "FieldError",
    "Preview",
    "Template",
    "UnknownTemplateError",
    "ValidationError",
    "get_template",
    "mailto_url",
    "render",
    "render_preview",
]
