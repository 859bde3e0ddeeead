"""Benchmark: recompute one scenario for the 43 forces (budget 20 ms).

Run ``python bench/bench_scoring.py``. Prints the median and 95th percentile over
repeated runs and the ratio to the budget (below 1 is within budget). Speed goals
live here, not in timed tests, because CI machines vary.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import report  # noqa: E402

from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import preset

BUDGET_MS = 20.0


def main(repeats: int = 200) -> None:
    dataset = load_sample()
    scenarios = [
        preset(p, dataset.measure_of, normalisation=n, aggregation=a)
        for p in ("home_office_2021", "harm_focused")
        for n in ("minmax", "zscore", "percentile", "distance")
        for a in ("arithmetic", "geometric", "copeland")
    ]
    report("score() for 43 forces", lambda s: score(dataset, s), scenarios, repeats, BUDGET_MS)


if __name__ == "__main__":
    main()
