"""Benchmark: grades, misgrading and the design assistant, where the user waits.

Run ``python bench/bench_grading.py``. Budgets (this project's):

* misgrading, 2,000 re-runs of the default scenario with two thresholds: 1.5 s (the Grades
  page's first view of a scenario);
* the press's points table, 2,000 re-runs: 1.5 s; the cheapest lift for one force: 1.0 s;
* the design assistant's default search (60 sampled weightings, 6 generations per objective,
  300 bootstrap draws each): 30 s (run on request, with a progress bar); the cut-offs that
  misgrade fewest: 3 s;
* ``python -m scoring grade`` as a whole process: 6 s.

Prints wall and CPU time: on a machine shared with other work, CPU time is what a quiet
machine's wall time would be.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from scoring.core.dataset import load_sample  # noqa: E402
from timing import timed  # noqa: E402
from scoring.core.scenario import preset  # noqa: E402
from scoring.grading import design, lift, misgrading, press  # noqa: E402


def line(what: str, wall: float, cpu: float, budget: float) -> None:
    print(f"{what}: wall {wall:.2f} s (ratio {wall / budget:.2f}), CPU {cpu:.2f} s "
          f"(ratio {cpu / budget:.2f}); budget {budget:g} s")  # fmt: skip


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Grading: {os.cpu_count()} CPUs, load average {load:.1f}")
    dataset = load_sample()
    s = preset("home_office_2021", dataset.measure_of).with_section(
        "grading", thresholds={"homicide": 12.0, "residential_burglary": 3.0})  # fmt: skip
    misgrading.simulate(dataset, s, samples=200)  # warm imports
    line("misgrading, 2,000 re-runs (median of 5)", *timed(lambda: misgrading.simulate(dataset, s), 5), 1.5)
    line("points table, 2,000 re-runs (median of 3)", *timed(lambda: press.press_table(dataset, s), 3), 1.5)
    line("cheapest lift, Cleveland (median of 3)", *timed(lambda: lift.routes(dataset, s, "E23000013"), 3), 1.0)
    line("cut-offs that misgrade fewest (median of 3)", *timed(lambda: design.design_cutoffs(dataset, s), 3), 3.0)
    result = []
    wall, cpu = timed(lambda: result.append(design.design_weights(dataset, s)), 1)
    line(f"design search, default budget ({result[0].evaluations} weightings, once)", wall, cpu, 30.0)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "scoring", "grade", "--no-cache"], cwd=ROOT, capture_output=True)
    wall = time.perf_counter() - t0
    assert out.returncode == 0, out.stderr
    children = os.times()
    line("python -m scoring grade, whole process", wall, children.children_user + children.children_system, 6.0)


if __name__ == "__main__":
    main()
