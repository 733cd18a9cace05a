"""A smoke of ./scripts/lighthouse (python -m scripts.benchmark.lighthouse --smoke): a form page, mobile, scores 100."""

from __future__ import annotations

from pathlib import Path

from .script_smoke import run_smoke


def test_lighthouse_smoke_scores_a_form_page_100_in_each_category(tmp_path: Path) -> None:
    """The script serves the built site, runs the pinned Lighthouse on a form page and reads its report.

    The full run (every page, mobile and desktop) is ./scripts/lighthouse.
    """
    results, printed = run_smoke("scripts.benchmark.lighthouse", tmp_path / "lighthouse.json", timeout=300)
    mobile = results["pages"]["thank-you/"]["mobile"]
    assert mobile["scores"] == {"accessibility": 100, "best-practices": 100, "seo": 100}
    assert mobile["failing"] == []
    assert mobile["url"].startswith("http://127.0.0.1:")
    assert mobile["url"].endswith("/follow-up-politely/thank-you/")
    assert "thank-you/" in printed
    assert "Every page scores 100" in printed
