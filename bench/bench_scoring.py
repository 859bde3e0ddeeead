"""Benchmark: recompute one scenario for the 43 forces (budget 20 ms).

Run ``python bench/bench_scoring.py``. Prints the median and 95th percentile over
repeated runs and the ratio to the budget (below 1 is within budget). Speed goals
live here, not in timed tests, because CI machines vary.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.datasets import load_sample  # noqa: E402
from scoring.pipeline import score  # noqa: E402
from scoring.scenario import preset  # noqa: E402

BUDGET_MS = 20.0


def main(repeats: int = 200) -> None:
    dataset = load_sample()
    scenarios = [
        preset(p, dataset.measure_of, normalisation=n, aggregation=a)
        for p in ("home_office_2021", "harm_focused")
        for n in ("minmax", "zscore", "percentile", "distance")
        for a in ("arithmetic", "geometric", "copeland")
    ]
    score(dataset, scenarios[0])  # warm imports and caches
    times = []
    for i in range(repeats):
        s = scenarios[i % len(scenarios)]
        t0 = time.perf_counter()
        score(dataset, s)
        times.append((time.perf_counter() - t0) * 1000)
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"score() for 43 forces over {len(scenarios)} method combinations, {repeats} runs")
    print(f"  median {median:.2f} ms, p95 {p95:.2f} ms, budget {BUDGET_MS:.0f} ms")
    print(f"  ratio median/budget = {median / BUDGET_MS:.2f} (below 1.00 is within budget)")


if __name__ == "__main__":
    main()
