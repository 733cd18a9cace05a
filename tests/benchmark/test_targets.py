"""scripts/benchmark/targets.py: the issue's targets judged from the bench's runs, on an interval of the median."""

from __future__ import annotations

import json
import random
import statistics
from math import comb
from pathlib import Path
from typing import Any

import pytest

from scripts.benchmark.figures import METRICS
from scripts.benchmark.targets import TARGETS, Interval, Target, judge, main, median_interval, pooled, targets_rows


def binomial_below(n: int, k: int) -> float:
    """P(Binomial(n, 1/2) < k)."""
    return sum(comb(n, heads) for heads in range(k)) / 2**n


@pytest.mark.parametrize(
    ("n", "k"),
    [
        (5, 1),  # [min, max] holds the median with 93.75 %, short of 95 %: the widest there is
        (7, 1),  # 98.4 %; the next one in would be 87.5 %
        (10, 2),  # 97.9 %
        (15, 4),  # 96.5 %
        (20, 6),  # 95.9 %
    ],
)
def test_the_interval_is_the_narrowest_pair_of_order_statistics_that_holds_the_median_at_95_percent(
    n: int, k: int
) -> None:
    values = [float(i) for i in range(n, 0, -1)]  # given out of order
    interval = median_interval(values)
    assert interval == Interval(float(k), float(n + 1 - k), pytest.approx(1 - 2 * binomial_below(n, k)))
    if n >= 6:
        assert interval.confidence >= 0.95
        assert 1 - 2 * binomial_below(n, k + 1) < 0.95  # one step narrower falls short


def test_one_run_gives_its_value_and_no_confidence() -> None:
    assert median_interval([3.0]) == Interval(3.0, 3.0, 0.0)
    with pytest.raises(ValueError, match="no values"):
        median_interval([])


def test_the_interval_holds_the_true_median_about_as_often_as_it_says() -> None:
    """Checked by simulation: runs drawn from a skewed distribution whose median is known."""
    draw = random.Random(6)
    true_median = 1.0  # of exp(N(0, 0.3)), a log-normal: skewed like a page's load times
    held = 0
    trials = 4000
    for _ in range(trials):
        runs = [draw.lognormvariate(0, 0.3) for _ in range(15)]
        interval = median_interval(runs)
        held += interval.low <= true_median <= interval.high
    assert held / trials == pytest.approx(median_interval([0.0] * 15).confidence, abs=0.015)


def results_with(
    cold_ours: list[float],
    cold_baseline: list[float],
    warm_ours: list[float] | None = None,
    lighthouse: dict[str, Any] | None = None,
    **ours_runs: list[float],
) -> dict[str, Any]:
    """The parts of the bench's results the targets read."""
    n = len(cold_ours)
    metrics = {
        "cold_ready_ms": {"ours": {"runs": cold_ours}, "baseline": {"runs": cold_baseline}},
        "warm_ready_ms": {"ours": {"runs": warm_ours or [600.0] * n}, "baseline": {"runs": [1900.0] * n}},
        "tbt_cold_ms": {"ours": {"runs": [0.0] * n}},
        "tbt_warm_ms": {"ours": {"runs": [0.0] * n}},
        "tbt_guide_ms": {"ours": {"runs": [0.0] * n}},
        "keystroke_p95_ms": {"ours": {"runs": [5.0] * n}},
        "bytes_guide_page": {"ours": {"runs": [115_000.0] * n}},
        "runtime_requests_guide_page": {"ours": {"runs": [0.0] * n}},
    }
    for key, runs in ours_runs.items():
        metrics[key] = {"ours": {"runs": runs}}
    return {"metrics": metrics, "lighthouse": lighthouse}


def verdicts_by_target(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {each["target"]: each for each in judge(results)}


COLD = "cold time-to-ready ≤ 0.5 × the baseline's"


def test_a_ratio_is_judged_run_by_run_against_the_baseline_run_beside_it() -> None:
    """The machine slows between pairs; within a pair ours is always well under half the baseline's."""
    baseline = [2000.0, 2400.0, 2800.0, 3200.0, 3600.0, 4000.0, 4400.0]
    ours = [b * 0.45 for b in baseline]
    verdict = verdicts_by_target(results_with(ours, baseline))[COLD]
    assert verdict["verdict"] == "met"
    assert verdict["median"] == pytest.approx(0.45)
    assert verdict["runs_within"] == 7
    # Not paired, the same figures would straddle the line: ours' slowest run over the baseline's fastest is 0.99.
    assert max(ours) / min(baseline) > 0.5


@pytest.mark.parametrize(
    ("ratios", "expected"),
    [
        ([0.43, 0.44, 0.45, 0.46, 0.47, 0.48, 0.49], "met"),
        ([0.44, 0.45, 0.47, 0.48, 0.49, 0.51, 0.52], "at the line"),
        ([0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57], "not met"),
        ([0.40, 0.41, 0.42, 0.43, 0.44, 0.45, 0.50], "met"),  # at most 0.5: equal to the limit is within
    ],
)
def test_the_verdict_says_where_the_whole_interval_lies(ratios: list[float], expected: str) -> None:
    baseline = [2500.0] * len(ratios)
    verdict = verdicts_by_target(results_with([r * 2500 for r in ratios], baseline))[COLD]
    assert verdict["verdict"] == expected
    assert verdict["median"] == pytest.approx(statistics.median(ratios))


def test_warm_is_judged_against_the_baselines_cold_visit() -> None:
    verdict = verdicts_by_target(results_with([1200.0] * 5, [2500.0] * 5, warm_ours=[700.0] * 5))[
        "warm time-to-ready ≤ 0.3 × the baseline's cold"
    ]
    assert verdict["median"] == pytest.approx(0.28)
    assert verdict["verdict"] == "met"


def test_one_blocking_visit_in_seven_leaves_the_median_at_zero_but_not_the_verdict() -> None:
    """The target is 0 ms on every page: a visit with a long task puts the interval's top above it."""
    verdicts = verdicts_by_target(
        results_with([1200.0] * 7, [2500.0] * 7, tbt_cold_ms=[0, 0, 0, 12.0, 0, 0, 0], tbt_guide_ms=[3.0] * 7)
    )
    cold = verdicts["total blocking time 0 ms, form page, cold"]
    assert (cold["median"], cold["runs_within"], cold["verdict"]) == (0, 6, "at the line")
    assert verdicts["total blocking time 0 ms, form page, warm"]["verdict"] == "met"
    assert verdicts["total blocking time 0 ms, guide page"]["verdict"] == "not met"


def test_a_bound_that_must_be_passed_strictly_or_from_below() -> None:
    verdicts = verdicts_by_target(
        results_with(
            [1200.0] * 3,
            [2500.0] * 3,
            bytes_guide_page=[150_000.0] * 3,  # "under 150 KB": 150 KB is not under
            runtime_requests_guide_page=[0, 1, 0],
            lighthouse={"guide page": {"scores": [99, 100, 98]}, "form page": {"scores": [97, 97, 97]}},
        )
    )
    assert verdicts["guide page without a form < 150 KB"]["verdict"] == "not met"
    assert verdicts["guide page: no runtime fetched"]["verdict"] == "at the line"
    assert verdicts["Lighthouse mobile Performance ≥ 99, guide page"]["verdict"] == "at the line"
    assert verdicts["Lighthouse mobile Performance ≥ 98, form page"]["verdict"] == "not met"


def test_the_table_shows_each_verdict_and_how_sure_it_is() -> None:
    verdicts = judge(results_with([1200.0] * 7, [2500.0] * 7))
    rows = targets_rows(verdicts)
    assert rows[1] == (COLD, "0.480", "0.480–0.480 (98%)", "7 of 7", "met")
    assert rows[3] == ("total blocking time 0 ms, form page, cold", "0.0 ms", "0.0–0.0 ms (98%)", "7 of 7", "met")


def test_lighthouse_not_run_is_not_measured_and_the_table_says_so() -> None:
    verdicts = judge(results_with([1200.0] * 3, [2500.0] * 3))
    assert [each["target"] for each in verdicts] == [target.name for target in TARGETS]
    lighthouse = [each for each in verdicts if each["target"].startswith("Lighthouse")]
    assert [each["verdict"] for each in lighthouse] == ["not measured", "not measured"]
    rows = targets_rows(verdicts)
    assert rows[0] == ("target", "median", "interval (confidence)", "runs within", "verdict")
    # Three runs hold the median between their extremes with 75 %: too few to be sure.
    assert rows[1] == (COLD, "0.480", "0.480–0.480 (75%)", "3 of 3", "met (too few runs to be sure)")
    assert rows[7] == (
        "guide page without a form < 150 KB",
        "115 KB",
        "115–115 KB (75%)",
        "3 of 3",
        "met (too few runs to be sure)",
    )
    assert rows[-1][-1] == "not measured"


def test_a_target_bounds_from_the_side_it_says() -> None:
    at_most = Target("x ≤ 2", "ms", 2, at_most=True, strict=False, values=lambda _: None)
    under = Target("x < 2", "ms", 2, at_most=True, strict=True, values=lambda _: None)
    at_least = Target("x ≥ 2", "points", 2, at_most=False, strict=False, values=lambda _: None)
    assert [at_most.within(v) for v in (1, 2, 3)] == [True, True, False]
    assert [under.within(v) for v in (1, 2, 3)] == [True, False, False]
    assert [at_least.within(v) for v in (1, 2, 3)] == [False, True, True]


def test_benches_pooled_keep_each_pair_a_pair() -> None:
    """One bench on a fast machine, one on a slow one: ours is 0.45 of the baseline's in every pair of both."""
    fast = results_with([900.0] * 7, [2000.0] * 7)
    slow = results_with([1800.0] * 8, [4000.0] * 8, lighthouse={"guide page": {"scores": [99, 100, 100]}})
    verdicts = verdicts_by_target(pooled([fast, slow]))

    assert (verdicts[COLD]["median"], verdicts[COLD]["runs"]) == (pytest.approx(0.45), 15)
    assert verdicts[COLD]["verdict"] == "met"
    # Lighthouse from the benches that ran it; a page none ran it for is not measured.
    assert verdicts["Lighthouse mobile Performance ≥ 99, guide page"]["runs"] == 3
    assert verdicts["Lighthouse mobile Performance ≥ 98, form page"]["verdict"] == "not measured"


def test_pooling_is_judging_all_the_runs_as_one_bench() -> None:
    first = results_with([1200.0, 1300.0, 1250.0], [2500.0, 2400.0, 2600.0], tbt_cold_ms=[0, 4.0, 0])
    second = results_with([1400.0, 1100.0], [2700.0, 2300.0], tbt_cold_ms=[0, 0])
    ours, baseline = [1200.0, 1300.0, 1250.0, 1400.0, 1100.0], [2500.0, 2400.0, 2600.0, 2700.0, 2300.0]
    together = results_with(ours, baseline, tbt_cold_ms=[0, 4.0, 0, 0, 0])

    assert judge(pooled([first, second])) == judge(together)


def test_benches_with_different_figures_are_not_pooled() -> None:
    """A bench older than a figure: its runs could not be paired with the others'."""
    older = results_with([1200.0] * 3, [2500.0] * 3)
    del older["metrics"]["runtime_requests_guide_page"]

    with pytest.raises(ValueError, match="runtime_requests_guide_page"):
        pooled([results_with([1200.0] * 3, [2500.0] * 3), older])
    with pytest.raises(ValueError, match="no results"):
        pooled([])


def test_the_command_judges_the_benches_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for index, ratio in enumerate((0.45, 0.55)):
        bench = {**results_with([ratio * 2500] * 5, [2500.0] * 5), "settings": {"runs": 5}}
        paths.append(tmp_path / f"bench-{index}.json")
        paths[-1].write_text(json.dumps(bench))

    assert main([str(path) for path in paths]) == 0
    out = capsys.readouterr().out
    cold_row = next(line for line in out.splitlines() if line.startswith(COLD))
    assert "5 of 10" in cold_row
    assert cold_row.endswith("at the line")
    assert main([]) == 2


def test_each_target_names_the_figure_it_bounds() -> None:
    """A figure the bench measures, or a Lighthouse page it scores: the docs' table puts the target on its row."""
    pages = {"lighthouse:guide page", "lighthouse:form page"}
    assert {target.figure for target in TARGETS} <= set(METRICS) | pages
    assert len({target.figure for target in TARGETS}) == len(TARGETS)
    assert [each["figure"] for each in judge(results_with([1200.0] * 3, [2500.0] * 3))] == [t.figure for t in TARGETS]
