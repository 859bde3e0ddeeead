"""Benchmark: rank confidence sets for the League table (budget 0.3 s for the default scenario).

Run ``python bench/bench_ranksets.py``. Times :func:`scoring.instability.ranksets.for_scenario`
(covariance by a 1,000-draw parametric bootstrap, then the simultaneous and the marginal
sets with 1,000 Gaussian draws and stepdown) on the default scenario from a cold start of
the function, as the League table computes it the first time a scenario is shown, and
then the cached call the page makes on every rerun. Prints wall and CPU time: on a
machine shared with other work, CPU time is what a quiet machine's wall time would be.
Other scenarios are timed for information.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.core.dataset import load_sample  # noqa: E402
from timing import timed  # noqa: E402
from scoring.core.scenario import preset  # noqa: E402
from scoring.instability import ranksets  # noqa: E402

BUDGET_S = 0.3


def main(repeats: int = 7) -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Rank sets: {os.cpu_count()} CPUs, load average {load:.1f}")
    dataset = load_sample()
    default = preset("home_office_2021", dataset.measure_of)
    ranksets.for_scenario(dataset, default)  # warm imports
    wall, cpu = timed(lambda: ranksets.for_scenario(dataset, default), repeats)
    print(f"default scenario, 42 ranked forces (median of {repeats}): wall {wall:.3f} s "
          f"(ratio {wall / BUDGET_S:.2f}), CPU {cpu:.3f} s (ratio {cpu / BUDGET_S:.2f}); "
          f"budget {BUDGET_S} s")  # fmt: skip
    from ui import state  # the page's cached entry point (Streamlit's cache in bare mode)

    state.rank_sets(dataset, default)
    wall, cpu = timed(lambda: state.rank_sets(dataset, default), repeats)
    print(f"cached, same scenario again: wall {1000 * wall:.1f} ms, CPU {1000 * cpu:.1f} ms")
    for name, changes in (("harm-focused", {}), ("geometric mean", {"aggregation": "geometric"}),
                          ("percentile rank", {"normalisation": "percentile"}),
                          ("Copeland", {"aggregation": "copeland"})):  # fmt: skip
        s = preset("harm_focused" if name == "harm-focused" else "home_office_2021",
                   dataset.measure_of, **changes)  # fmt: skip
        wall, cpu = timed(lambda s=s: ranksets.for_scenario(dataset, s), 3)
        print(f"  {name}: wall {wall:.3f} s, CPU {cpu:.3f} s (information)")


if __name__ == "__main__":
    main()
