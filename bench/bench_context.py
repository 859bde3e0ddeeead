"""Benchmark: the Context and fairness page's analyses (budgets below).

Run ``python bench/bench_context.py``. The page recomputes :func:`scoring.context.analysis.analyse`
(most-similar groups, funnel positions of every force against its group, the context-adjusted
table) when the weights or a group setting move, the CSS series and its ratchet history when the
series or basis changes, and the 2023-2024 composite changes (1,000 noise-only year pairs) when
the weights move. Prints the median and 95th percentile wall time, the ratio to the budget
(below 1 is within budget), and the CPU time per call, since wall time on a shared machine is
noisy.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import report  # noqa: E402

from scoring.context import changes, travel
from scoring.context.analysis import analyse
from scoring.core.dataset import load_sample
from scoring.core.scenario import preset

BUDGETS_MS = {"analyse": 500.0, "travel": 250.0, "composite": 2000.0}


def timed(what: str, call, inputs, repeats: int, budget: float) -> None:
    cpu = time.process_time()
    report(what, call, inputs, repeats, budget)
    print(f"  CPU {(time.process_time() - cpu) * 1000 / (repeats + 1):.1f} ms per call")


def main(repeats: int = 20) -> None:
    dataset = load_sample()
    base = preset("home_office_2021", dataset.measure_of)
    scenarios = [base.replace(aggregation=a).with_section("context", group_size=k)
                 for a in ("arithmetic", "geometric") for k in (5, 7)]  # fmt: skip
    timed("analyse() for 43 forces", lambda s: analyse(dataset, s), scenarios, repeats,
          BUDGETS_MS["analyse"])  # fmt: skip
    series = [(name, rel) for name in ("total", "robbery") for rel in (False, True)]
    timed("travel() and ratchet_history()",
          lambda a: travel.ratchet_history(travel.travel(a[0], relative=a[1])), series, repeats,
          BUDGETS_MS["travel"])  # fmt: skip
    timed("composite_changes(), 1,000 year pairs", lambda s: changes.composite_changes(dataset, s),
          scenarios, max(repeats // 4, 3), BUDGETS_MS["composite"])  # fmt: skip


if __name__ == "__main__":
    main()
