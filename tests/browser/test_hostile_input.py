"""Hostile input in the page: every corpus case previews as text, exactly as the native engine renders it."""

from __future__ import annotations

import pytest
from hostile_inputs import HOSTILE, HostileCase
from playwright.sync_api import Page

from generator import get_template, mailto_or_fallback, render_preview

from .helpers import PAGE_OF, wait_ready

BENIGN = "Ana"

# Sets the fields from UTF-16 code units (so lone surrogates survive the trip
# from Python), fires `input` as typing would, then waits for Python's preview
# of exactly these values and reads it back.
FILL_AND_READ = """async ([templateId, codes]) => {
  const form = document.querySelector(`form[data-template="${templateId}"]`);
  const ready = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (form.dataset.ready === "true") { observer.disconnect(); resolve(); }
    });
    observer.observe(form, { attributes: true, attributeFilter: ["data-ready"] });
  });
  for (const [name, units] of Object.entries(codes)) {
    const control = form.elements.namedItem(name);
    control.value = String.fromCharCode(...units);
    control.dispatchEvent(new Event("input", { bubbles: true }));
  }
  await ready;
  const subject = form.querySelector('[data-output="subject"]');
  const body = form.querySelector('[data-output="body"]');
  return {
    subject: subject.textContent,
    body: body.textContent,
    elements: subject.children.length + body.children.length,
    href: form.querySelector('[data-action="mailto"]').getAttribute("href"),
  };
}"""


def code_units(text: str) -> list[int]:
    """The text as JavaScript holds it: UTF-16 code units, lone surrogates included."""
    data = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def values_with(template_id: str, case: HostileCase) -> dict[str, str]:
    """The case in every field it fits: long text always, single-line fields when it has no line break."""
    values = {}
    for spec in get_template(template_id).fields:
        if spec.kind == "long-text" or (spec.kind == "text" and case.single_line):
            values[spec.id] = case.text
        elif spec.kind == "text":
            values[spec.id] = BENIGN
    return values


@pytest.mark.parametrize("template_id", list(PAGE_OF))
def test_every_hostile_case_previews_literally(page: Page, site_url: str, template_id: str) -> None:
    """Markup, template syntax, controls, bidi, emoji, surrogates and 100 KB texts come out as render_preview says."""
    page.goto(site_url + PAGE_OF[template_id])
    wait_ready(page, template_id)
    assert len(HOSTILE) >= 60
    for case in HOSTILE:
        values = values_with(template_id, case)
        shown = page.evaluate(FILL_AND_READ, [template_id, {k: code_units(v) for k, v in values.items()}])
        expected = render_preview(template_id, values).email
        assert shown["elements"] == 0, f"{case.id}: the preview holds markup"
        assert (shown["subject"], shown["body"]) == (expected.subject, expected.body), case.id
        assert shown["href"] == mailto_or_fallback("", expected.subject, expected.body).url, case.id
