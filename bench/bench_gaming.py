"""Benchmark: every gaming analysis (:mod:`scoring.gaming`) for the 43 forces (budget 5 s).

Run ``python bench/bench_gaming.py``. For several method combinations it times
:func:`scoring.gaming.report.report`: every force x indicator x target minimum change
(430 x 4 exact searches, each confirmed by recomputing the table), leverage, thresholds,
cheapest routes and under-recording at 1-19%. Prints the median over repeats and the
ratio to the budget (below 1 is within budget). Speed goals live here, not in timed tests.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.gaming.report import report

BUDGET_S = 5.0
COMBINATIONS = [
    ("minmax", "arithmetic", "none"),  # the default
    ("zscore", "arithmetic", "none"),  # not monotone: grid scan first
    ("percentile", "geometric", "winsorise"),
    ("distance", "copeland", "log"),
]


def main(repeats: int = 3) -> None:
    dataset = load_sample()
    report(dataset, preset("home_office_2021", dataset.measure_of))  # warm imports
    print(f"report() for 43 forces, 10 indicators, 4 targets; median of {repeats} runs")
    worst = 0.0
    for norm, agg, treat in COMBINATIONS:
        s = preset("home_office_2021", dataset.measure_of, normalisation=norm, aggregation=agg,
                   transform=treat)  # fmt: skip
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            report(dataset, s)
            times.append(time.perf_counter() - t0)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"  {norm:10s} {agg:10s} {treat:9s} median {median:.2f} s")
    print(f"  slowest/budget = {worst / BUDGET_S:.2f} "
          f"(budget {BUDGET_S:.0f} s; below 1.00 is within budget)")


if __name__ == "__main__":
    main()
