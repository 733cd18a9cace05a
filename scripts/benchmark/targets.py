"""The issue's targets, judged from the benchmark's runs, with how sure each judgement is.

A run's figures move with the machine (other work on it, the browser's own
background work): on the project's 2-core machine (docs/development/benchmark.md), ours' cold
time-to-ready moved by some ±10 % from run to run of one build. A median of a
handful of runs that lands near a target says little by itself, so each target
is judged on an interval that holds the median of the runs' distribution with
a stated probability, and called:

- met: the whole interval is within the target;
- not met: the whole interval is outside it;
- at the line: the interval holds the target's limit (more runs narrow it).

The interval is distribution-free, from order statistics: the true median lies
below the k-th smallest of n runs with the probability that fewer than k of n
fair coin tosses come up heads, so [k-th smallest, k-th largest] holds it with
1 - 2 P(Binomial(n, 1/2) < k). With too few runs for the confidence asked, the
interval is [min, max], and the probability it does have is reported.

A target on a ratio is judged on paired ratios: ours' run i over the
baseline's run i, which ran right before or after it (the bench alternates
which side goes first), so a drift of the machine's speed hits both figures of
a pair alike.

One bench's runs share the machine's state of that half hour: one build's cold
ratio was judged met in one bench and at the line in the next
(docs/development/decisions/0037-targets-judged-2026-11-27.md). Run
as a command, this module judges the runs of several benches together:

    .venv/bin/python -m scripts.benchmark.targets build/bench-1.json build/bench-2.json

Pool only benches of builds whose difference the figures do not see (measured
in interleaved pairs first).
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path
from typing import Any, NamedTuple

from scripts.benchmark.tables import aligned

CONFIDENCE = 0.95
# Below this, a verdict is shown as unsure: a single run's interval holds the median with probability 0.
SURE = 0.9

# How a target finds its figure in the bench's results: one value a run, or None if it was not measured.
Figures = Callable[[Mapping[str, Any]], list[float] | None]


class Interval(NamedTuple):
    """Where the median lies: between `low` and `high`, with probability `confidence` (0 with a single run)."""

    low: float
    high: float
    confidence: float


def median_interval(values: Sequence[float], confidence: float = CONFIDENCE) -> Interval:
    """The narrowest order-statistics interval holding the median with at least `confidence`, else [min, max]."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    n = len(ordered)

    def coverage(k: int) -> float:
        below: float = sum(comb(n, heads) for heads in range(k)) / 2**n
        return 1 - 2 * below

    k = 1
    while k < (n + 1) // 2 and coverage(k + 1) >= confidence:
        k += 1
    return Interval(ordered[k - 1], ordered[n - k], coverage(k))


@dataclass(frozen=True)
class Target:
    """One of the issue's targets: the figure it bounds, and the bound."""

    name: str
    unit: str  # "×" for a ratio, "ms", "B", "requests", "points"
    limit: float
    at_most: bool  # False: the figure must be at least the limit
    strict: bool  # the figure must be under (or over) the limit, not equal to it
    values: Figures
    # What it bounds: a key of the bench's metrics (for a ratio, ours' side of
    # it), or "lighthouse:<page>" for a Lighthouse score.
    figure: str = ""

    def within(self, value: float) -> bool:
        """Whether one value of the figure is on the right side of the limit."""
        if self.at_most:
            return value < self.limit if self.strict else value <= self.limit
        return value > self.limit if self.strict else value >= self.limit


class _Measured(NamedTuple):
    """Which figure a target bounds, and how to find its values."""

    figure: str
    values: Figures


def _runs(metric: str) -> _Measured:
    return _Measured(metric, lambda results: list(results["metrics"][metric]["ours"]["runs"]))


def _paired(numerator: str, denominator: str) -> _Measured:
    """Ours' `numerator` over the baseline's `denominator`, run by run."""

    def ratios(results: Mapping[str, Any]) -> list[float]:
        ours = results["metrics"][numerator]["ours"]["runs"]
        baseline = results["metrics"][denominator]["baseline"]["runs"]
        return [o / b for o, b in zip(ours, baseline, strict=True)]

    return _Measured(numerator, ratios)


def _lighthouse(page: str) -> _Measured:
    def scores(results: Mapping[str, Any]) -> list[float] | None:
        found = (results.get("lighthouse") or {}).get(page, {})
        return list(found["scores"]) if "scores" in found else None

    return _Measured(f"lighthouse:{page}", scores)


def _at_most(name: str, unit: str, limit: float, measured: _Measured, *, strict: bool = False) -> Target:
    return Target(name, unit, limit, at_most=True, strict=strict, values=measured.values, figure=measured.figure)


def _at_least(name: str, unit: str, limit: float, measured: _Measured) -> Target:
    return Target(name, unit, limit, at_most=False, strict=False, values=measured.values, figure=measured.figure)


# As the issue states them ("Targets on this 2-core machine").
TARGETS = (
    _at_most("cold time-to-ready ≤ 0.5 × the baseline's", "×", 0.5, _paired("cold_ready_ms", "cold_ready_ms")),
    _at_most("warm time-to-ready ≤ 0.3 × the baseline's cold", "×", 0.3, _paired("warm_ready_ms", "cold_ready_ms")),
    _at_most("total blocking time 0 ms, form page, cold", "ms", 0, _runs("tbt_cold_ms")),
    _at_most("total blocking time 0 ms, form page, warm", "ms", 0, _runs("tbt_warm_ms")),
    _at_most("total blocking time 0 ms, guide page", "ms", 0, _runs("tbt_guide_ms")),
    _at_most("keystroke-to-preview p95 ≤ 8 ms", "ms", 8, _runs("keystroke_p95_ms")),
    _at_most("guide page without a form < 150 KB", "B", 150_000, _runs("bytes_guide_page"), strict=True),
    _at_most("guide page: no runtime fetched", "requests", 0, _runs("runtime_requests_guide_page")),
    _at_least("Lighthouse mobile Performance ≥ 99, guide page", "points", 99, _lighthouse("guide page")),
    _at_least("Lighthouse mobile Performance ≥ 98, form page", "points", 98, _lighthouse("form page")),
)


def judge(results: Mapping[str, Any], targets: Sequence[Target] = TARGETS) -> list[dict[str, Any]]:
    """Each target's median, interval, how many runs were within it, and the verdict, as JSON-ready records."""
    verdicts: list[dict[str, Any]] = []
    for target in targets:
        values = target.values(results)
        record: dict[str, Any] = {
            "target": target.name,
            "figure": target.figure,
            "unit": target.unit,
            "limit": target.limit,
        }
        if not values:
            verdicts.append({**record, "verdict": "not measured"})
            continue
        interval = median_interval(values)
        if target.within(interval.low) and target.within(interval.high):
            verdict = "met"
        elif not target.within(interval.low) and not target.within(interval.high):
            verdict = "not met"
        else:
            verdict = "at the line"
        verdicts.append(
            {
                **record,
                "median": statistics.median(values),
                "interval": interval._asdict(),
                "runs_within": sum(target.within(value) for value in values),
                "runs": len(values),
                "verdict": verdict,
            }
        )
    return verdicts


def _number(value: float, unit: str) -> str:
    if unit == "×":
        return f"{value:.3f}"
    if unit == "B":
        return f"{value / 1000:,.0f}"
    if unit == "ms":
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    return f"{value:g}"


def _suffix(unit: str) -> str:
    return {"×": "", "B": " KB", "ms": " ms"}.get(unit, "")


def targets_rows(verdicts: Sequence[Mapping[str, Any]]) -> list[tuple[str, ...]]:
    """The verdicts as table rows: target | median | interval (confidence) | runs within | verdict."""
    rows: list[tuple[str, ...]] = [("target", "median", "interval (confidence)", "runs within", "verdict")]
    for each in verdicts:
        if each["verdict"] == "not measured":
            rows.append((each["target"], "–", "–", "–", "not measured"))
            continue
        low, high, confidence = (each["interval"][key] for key in ("low", "high", "confidence"))
        unit = each["unit"]
        rows.append(
            (
                each["target"],
                _number(each["median"], unit) + _suffix(unit),
                f"{_number(low, unit)}–{_number(high, unit)}{_suffix(unit)} ({confidence:.0%})",
                f"{each['runs_within']} of {each['runs']}",
                each["verdict"] + ("" if confidence >= SURE else " (too few runs to be sure)"),
            )
        )
    return rows


def pooled(results: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Several benches' results as one: each figure's runs end to end, so each pair stays a pair; Lighthouse's too.

    Raises:
        ValueError: no results, or a figure that some of them lack (a bench
            older than the figure): its runs could not be paired with the rest.

    """
    if not results:
        raise ValueError("no results to pool")
    names = set(results[0]["metrics"])
    for each in results[1:]:
        if set(each["metrics"]) != names:
            raise ValueError(f"figures not in every bench: {sorted(names ^ set(each['metrics']))}")
    metrics = {
        name: {
            side: {"runs": [run for each in results for run in each["metrics"][name][side]["runs"]]}
            for side in results[0]["metrics"][name]
            if side in ("ours", "baseline")
        }
        for name in names
    }
    lighthouse: dict[str, dict[str, list[float]]] = {}
    for each in results:
        for page, found in (each.get("lighthouse") or {}).items():
            if "scores" in found:
                lighthouse.setdefault(page, {"scores": []})["scores"].extend(found["scores"])
    return {"metrics": metrics, "lighthouse": lighthouse or None}


def main(argv: Sequence[str] | None = None) -> int:
    """Judge the targets over the runs of the benches whose JSON files are given."""
    paths = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    if not paths:
        print("usage: python -m scripts.benchmark.targets BENCH.json [BENCH.json ...]  (./scripts/bench --json PATH)")
        return 2
    results = [json.loads(path.read_text()) for path in paths]
    for path, each in zip(paths, results, strict=True):
        machine = each.get("machine", {})
        print(f"{path}: {each['settings']['runs']} run(s), load {machine.get('load_average_at_start', ['?'])[0]}")
    print()
    print(aligned(targets_rows(judge(pooled(results)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
