"""Benchmark: the whole rigidity analysis for the 43 forces (budget 250 ms).

Run ``python bench/bench_rigidity.py``. One call of :func:`scoring.rigidity.analyse`
does coverage, the force in focus, every force's rank under its own harm profile (43
re-scorings in one array call), the distortion angles and the ratchet; the page
recomputes it when a rigidity setting moves, so it must stay interactive. Prints the
median and 95th percentile and the ratio to the budget (below 1 is within budget).
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.datasets import load_sample  # noqa: E402
from scoring.rigidity import analyse  # noqa: E402
from scoring.scenario import preset  # noqa: E402

BUDGET_MS = 250.0


def main(repeats: int = 30) -> None:
    dataset = load_sample()
    base = preset("home_office_2021", dataset.measure_of)
    scenarios = [
        base.replace(aggregation=a, rigidity=dataclasses.replace(base.rigidity, pressure=p))
        for a in ("arithmetic", "geometric", "copeland")
        for p in (0.25, 1.0)
    ]
    analyse(dataset, scenarios[0])  # warm imports and caches
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        analyse(dataset, scenarios[i % len(scenarios)])
        times.append((time.perf_counter() - t0) * 1000)
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"analyse() for 43 forces over {len(scenarios)} scenarios, {repeats} runs")
    print(f"  median {median:.1f} ms, p95 {p95:.1f} ms, budget {BUDGET_MS:.0f} ms")
    print(f"  ratio median/budget = {median / BUDGET_MS:.2f} (below 1.00 is within budget)")


if __name__ == "__main__":
    main()
