"""Shared timing loop of the benchmarks: median and 95th percentile against a budget."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence


def report(what: str, call: Callable, inputs: Sequence, repeats: int, budget_ms: float) -> None:
    """Time ``call(x)`` cycling over ``inputs`` and print the ratio of the median to the budget.

    The first input is run once untimed, to warm imports and caches.
    """
    call(inputs[0])
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        call(inputs[i % len(inputs)])
        times.append((time.perf_counter() - t0) * 1000)
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"{what} over {len(inputs)} variants, {repeats} runs")
    print(f"  median {median:.2f} ms, p95 {p95:.2f} ms, budget {budget_ms:.0f} ms")
    print(f"  ratio median/budget = {median / budget_ms:.2f} (below 1.00 is within budget)")


def timed(func: Callable, repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``func()`` over ``repeats`` runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)
