"""Benchmark: the whole rigidity analysis for the 43 forces (budget 250 ms).

Run ``python bench/bench_rigidity.py``. One call of :func:`scoring.rigidity.analysis.analyse`
does coverage, the force in focus, every force's rank under its own harm profile (43
re-scorings in one array call), the distortion angles and the ratchet; the page
recomputes it when a rigidity setting moves, so it must stay interactive. Prints the
median and 95th percentile and the ratio to the budget (below 1 is within budget).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import report  # noqa: E402

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.rigidity.analysis import analyse

BUDGET_MS = 250.0


def main(repeats: int = 30) -> None:
    dataset = load_sample()
    base = preset("home_office_2021", dataset.measure_of)
    scenarios = [
        base.replace(aggregation=a, rigidity=dataclasses.replace(base.rigidity, pressure=p))
        for a in ("arithmetic", "geometric", "copeland")
        for p in (0.25, 1.0)
    ]
    report("analyse() for 43 forces", lambda s: analyse(dataset, s), scenarios, repeats,
           BUDGET_MS)

if __name__ == "__main__":
    main()
