"""scripts/benchmark/doc.py: the bench's figures as one table between the markers of docs/development/benchmark.md."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from scripts.benchmark import cli, doc
from scripts.benchmark.figures import METRICS
from scripts.benchmark.targets import TARGETS, judge

COLD = "cold time-to-ready ≤ 0.5 × the baseline's"
PAGE = f"# Benchmark\n\nThe method, in words.\n\n{doc.START}\nan old table\n{doc.END}\n\nHow to run it.\n"
# Each figure's runs, ours and the baseline's: every target met.
FIGURES = {
    "cold_ready_ms": (1200.0, 2500.0),
    "warm_ready_ms": (300.0, 1900.0),
    "tbt_cold_ms": (0.0, 5200.0),
    "tbt_warm_ms": (0.0, 3100.0),
    "tbt_guide_ms": (0.0, 4800.0),
    "keystroke_p95_ms": (4.2, 1.1),
    "bytes_guide_page": (115_000.0, 14_000_000.0),
    "runtime_requests_guide_page": (0.0, 9.0),
}


def bench_results(runs: int = 7, lighthouse: dict[str, Any] | None = None, **settings: Any) -> dict[str, Any]:
    """A bench's JSON as ./scripts/bench writes it, with its targets judged."""
    metrics = {}
    for key, (label, unit) in METRICS.items():
        ours, baseline = FIGURES.get(key, (50.0, 80.0))
        metrics[key] = {
            "label": label,
            "unit": unit,
            "ours": {"median": ours, "min": ours, "max": ours, "runs": [ours] * runs},
            "baseline": {"median": baseline, "min": baseline, "max": baseline, "runs": [baseline] * runs},
        }
    results: dict[str, Any] = {
        "date": "2026-12-07T15:04:05+00:00",
        "settings": {"runs": runs, "keystrokes": 200, "smoke": False, "chromium_flags_added": [], **settings},
        "machine": {"nproc": 2, "cpu_model": "a CPU", "chromium": "156.0", "pyodide": "314.0.8"},
        "metrics": metrics,
        "lighthouse": lighthouse,
    }
    results["targets"] = judge(results)
    return results


def row(results: dict[str, Any], measure: str) -> dict[str, str]:
    """The table's row of one measure, by column."""
    found = doc.rows(results)
    return next(dict(zip(found[0], each, strict=True)) for each in found[1:] if each[0] == measure)


def test_one_row_a_figure_then_the_lighthouse_scores() -> None:
    """Every figure the bench measures has its row, in the bench's order; every target is in one of them."""
    found = doc.rows(bench_results())
    assert found[0] == ("measure", "ours", "baseline", "target", "met", "runs", "date")
    labels = [label for label, _ in METRICS.values()]
    assert [each[0] for each in found[1:]] == [
        *labels,
        "Lighthouse mobile Performance, guide page",
        "Lighthouse mobile Performance, form page",
    ]
    assert {each[3] for each in found[1:]} - {"–"} == {target.name for target in TARGETS}


def test_a_row_shows_ours_the_baseline_its_target_and_the_verdict() -> None:
    """A ratio target shows the median ratio it was judged on; bytes and times in the report's units."""
    results = bench_results()
    assert row(results, "cold time-to-ready") == {
        "measure": "cold time-to-ready",
        "ours": "1,200 ms",
        "baseline": "2,500 ms",
        "target": COLD,
        "met": "met (0.480 ×)",
        "runs": "7",
        "date": "2026-12-07",
    }
    guide = row(results, "bytes, guide page without a form")
    assert (guide["ours"], guide["baseline"], guide["met"]) == ("112 KiB", "13.35 MiB", "met")
    untargeted = row(results, "keystroke-to-preview p50")
    assert (untargeted["target"], untargeted["met"]) == ("–", "–")


def test_few_runs_say_the_verdict_is_unsure() -> None:
    """Three runs hold the median between their extremes with 75 %: too few to be sure, as the report says."""
    assert row(bench_results(runs=3), "cold time-to-ready")["met"] == "met (0.480 ×) (too few runs to be sure)"


def test_lighthouse_scores_beside_the_baselines_or_not_run() -> None:
    lighthouse = {
        "guide page": {"score": 100, "scores": [100, 99, 100]},
        "form page": {"score": 99, "scores": [99, 99, 98]},
        "baseline form page": {"score": 62, "scores": [61, 62, 64]},
    }
    results = bench_results(lighthouse=lighthouse)
    form = row(results, "Lighthouse mobile Performance, form page")
    assert (form["ours"], form["baseline"], form["runs"]) == ("99", "62", "3")
    assert form["met"] == "met (too few runs to be sure)"
    guide = row(results, "Lighthouse mobile Performance, guide page")
    assert (guide["ours"], guide["baseline"]) == ("100", "–")

    not_run = row(bench_results(), "Lighthouse mobile Performance, guide page")
    assert (not_run["ours"], not_run["met"], not_run["runs"]) == ("not run", "not measured", "0")


def test_the_table_is_markdown_with_a_line_on_the_machine() -> None:
    text = doc.table(bench_results())
    lines = text.splitlines()
    assert lines[0] == "| measure | ours | baseline | target | met | runs | date |"
    assert lines[1] == "|---|---|---|---|---|---|---|"
    assert len(lines) == 2 + len(METRICS) + 2 + 2
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines[2:-2])
    assert lines[-2] == ""
    assert "Medians of 7 runs (200 keystrokes a run), on 2 cores (a CPU), Chromium 156.0" in lines[-1]


def test_a_pipe_in_a_cell_does_not_split_it() -> None:
    results = bench_results()
    results["targets"][0]["target"] = "a | b"
    assert "a \\| b" in doc.table(results)


def test_only_what_lies_between_the_markers_is_replaced(tmp_path: Path) -> None:
    """The page's own words stay; a second write of the same figures changes nothing."""
    page = tmp_path / "benchmark.md"
    page.write_text(PAGE, encoding="utf-8")
    results = bench_results()

    assert doc.write(results, page) is True
    text = page.read_text(encoding="utf-8")
    before, rest = text.split(doc.START)
    inside, after = rest.split(doc.END)
    assert before == "# Benchmark\n\nThe method, in words.\n\n"
    assert after == "\n\nHow to run it.\n"
    assert inside == f"\n\n{doc.table(results)}\n\n"
    assert "an old table" not in text
    assert doc.write(results, page) is False
    assert page.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("# Benchmark\n", "needs one <!-- bench-table:start --> and one <!-- bench-table:end -->"),
        (f"# Benchmark\n{doc.START}\n", "(it has 1 and 0)"),
        (f"{doc.START}\n{doc.END}\n{doc.START}\n{doc.END}\n", "(it has 2 and 2)"),
        (f"{doc.END}\n{doc.START}\n", "comes before"),
    ],
)
def test_without_its_markers_the_page_is_left_alone_and_the_error_says_so(tmp_path: Path, text: str, says: str) -> None:
    page = tmp_path / "benchmark.md"
    page.write_text(text, encoding="utf-8")
    with pytest.raises(doc.DocError, match=r"benchmark\.md") as error:
        doc.write(bench_results(), page)
    assert says in str(error.value)
    assert page.read_text(encoding="utf-8") == text


def test_a_missing_page_says_what_to_create(tmp_path: Path) -> None:
    with pytest.raises(doc.DocError, match=r"does not exist; create it with the lines <!-- bench-table:start -->"):
        doc.check(tmp_path / "benchmark.md")


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"smoke": True}, "a --smoke run checks that the bench works"),
        ({"chromium_flags_added": ["--js-flags=--liftoff-only"]}, "--chromium-flag (--js-flags=--liftoff-only)"),
    ],
)
def test_a_smoke_or_an_experiment_is_not_written(tmp_path: Path, settings: dict[str, Any], says: str) -> None:
    """Figures not of the site as a reader gets it do not stand as the latest."""
    page = tmp_path / "benchmark.md"
    page.write_text(PAGE, encoding="utf-8")
    with pytest.raises(doc.DocError, match="not written") as error:
        doc.write(bench_results(**settings), page)
    assert says in str(error.value)
    assert page.read_text(encoding="utf-8") == PAGE


def test_figures_of_an_older_bench_are_refused_by_name(tmp_path: Path) -> None:
    results = bench_results()
    del results["metrics"]["bytes_form_warm"]
    with pytest.raises(doc.DocError, match="lack 'bytes_form_warm'"):
        doc.table(results)


def test_the_command_writes_the_table_of_a_benchs_json(tmp_path: Path) -> None:
    page, figures = tmp_path / "benchmark.md", tmp_path / "bench.json"
    page.write_text(PAGE, encoding="utf-8")
    figures.write_text(json.dumps(bench_results()), encoding="utf-8")
    assert doc.main([str(figures), "--doc", str(page)]) == 0
    assert "| cold time-to-ready | 1,200 ms | 2,500 ms |" in page.read_text(encoding="utf-8")


def test_the_command_fails_clearly_without_the_markers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page, figures = tmp_path / "benchmark.md", tmp_path / "bench.json"
    page.write_text("# Benchmark\n", encoding="utf-8")
    figures.write_text(json.dumps(bench_results()), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        doc.main([str(figures), "--doc", str(page)])
    assert exit_.value.code == 1
    assert "needs one <!-- bench-table:start --> and one <!-- bench-table:end -->" in capsys.readouterr().err


def test_a_bench_from_before_the_date_was_kept_takes_its_files_date(tmp_path: Path) -> None:
    figures = tmp_path / "bench.json"
    results = bench_results()
    del results["date"]
    figures.write_text(json.dumps(results), encoding="utf-8")
    os.utime(figures, (1_796_000_000, 1_796_000_000))  # 2026-11-30 00:53 UTC
    assert doc.read_results(figures)["date"].startswith("2026-11-30")


def test_the_bench_checks_the_page_before_it_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--write-doc fails at once, not after half an hour of runs: without the markers, and with --smoke."""
    page = tmp_path / "benchmark.md"
    page.write_text("# Benchmark\n", encoding="utf-8")
    monkeypatch.setattr(doc, "DOC", page)
    with pytest.raises(SystemExit):
        cli.parse_args(["--write-doc"])
    page.write_text(PAGE, encoding="utf-8")
    assert cli.parse_args(["--write-doc"]).write_doc is True
    with pytest.raises(SystemExit):
        cli.parse_args(["--write-doc", "--smoke"])


def test_the_real_page_has_its_markers() -> None:
    """docs/development/benchmark.md can take the table."""
    doc.check()
