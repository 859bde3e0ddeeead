"""Benchmark: load a data file the way the Data page does (budgets below, per file).

Run ``python bench/bench_io.py``. Prints the median time per file over repeated loads and
the ratio to its budget (below 1 is within budget): a 43-force CSV (budget 150 ms), a
generated 2,000-unit CSV (budget 1 s) and the committed ONS-layout workbook (budget 1.5 s).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from scoring.io import load_bytes  # noqa: E402

GOOD = ROOT / "tests" / "fixtures" / "good"


def many_units(n: int = 2000, seed: int = 1) -> bytes:
    """A made-up table of ``n`` small units with a population and three counts."""
    rng = np.random.default_rng(seed)
    rows = ["code,name,population,homicide,robbery,residential_burglary"]
    for i in range(n):
        population = int(rng.integers(2_000, 400_000))
        counts = rng.poisson(population * np.array([1e-5, 1e-3, 3e-3]))
        rows.append(f"E05{i:06d},Unit {i},{population}," + ",".join(map(str, counts)))
    return ("\n".join(rows) + "\n").encode()


def main(repeats: int = 7) -> None:
    files = [("forces_newer.csv", (GOOD / "forces_newer.csv").read_bytes(), 150),
             ("2,000 units.csv", many_units(), 1000),
             ("ons_like.xlsx", (GOOD / "ons_like.xlsx").read_bytes(), 1500)]  # fmt: skip
    for name, content, budget in files:
        load_bytes(content, name)  # warm imports
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            load_bytes(content, name)
            times.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(times)
        print(f"{name}: median {median:.0f} ms over {repeats} loads, budget {budget} ms, "
              f"ratio {median / budget:.2f} (below 1.00 is within budget)")  # fmt: skip


if __name__ == "__main__":
    main()
