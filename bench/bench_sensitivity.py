"""Benchmark: the sensitivity engine against its budgets, measured side by side in one run.

Run ``python bench/bench_sensitivity.py`` (about three minutes on two cores; ``--quick``
skips the 1,000-unit scaling run). Each line ends with ``ratio`` = measured / budget,
so below 1.00 is within budget. Speed goals live here, not in timed tests.

1. Monte Carlo: 10,000 samples over the 43 forces with weights, methods (the 6 distinct
   tables of 4 normalisations x 2 aggregations) and Poisson/binomial noise, against (a) 1 s and
   (b) re-running the whole scoring pipeline once per sample, the way COINr's
   ``get_sensitivity`` works, which must be at least 50x slower. The loop is timed on
   a subset and extrapolated, as printed.
2. Sobol' indices of all 43 forces' ranks and of R_S at N = 1,024: budget 5 s.
3. Best and worst rank of every force by MILP: budget 5 s.
4. 1,000 units x 50 indicators x 10,000 samples, budget 5 s, with weights and methods, and
   again with Poisson noise on every count: peak memory stays flat and time grows linearly
   with the number of samples (Copeland is left out: it is n x n per sample). Runs are timed
   untraced; peak memory comes from separate traced runs (tracemalloc slows the threads).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.core.dataset import load_sample, make_dataset
from scoring.core.pipeline import score
from scoring.core.scenario import UncertaintySettings, preset
from scoring.instability import bestworst, noise, sobol, uncertainty

SAMPLES = 10_000
LOOP_SUBSET = 500
METHODS = dict(
    vary_methods=True,
    normalisations=("minmax", "zscore", "percentile", "distance"),
    aggregations=("arithmetic", "geometric"),
)


def timed(func, repeats: int = 1):
    """Median wall and CPU time of ``repeats`` calls, and the last result.

    CPU time is this process's own work (all its threads): on a machine shared with
    other jobs it is what a dedicated machine's wall time would be.
    """
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return (statistics.median(walls), statistics.median(cpus)), result


def line(label: str, seconds: tuple[float, float], budget: float) -> None:
    wall, cpu = seconds
    print(
        f"   {label}: wall {wall:.2f} s (ratio {wall / budget:.2f}), CPU {cpu:.2f} s "
        f"(ratio {cpu / budget:.2f}); budget {budget:.2f} s"
    )


def monte_carlo(dataset, scenario) -> None:
    combos = len(uncertainty.build(dataset, scenario).combos)
    print(f"1. Monte Carlo, {SAMPLES:,} samples x {len(dataset.units)} forces (weights +-50%, "
          f"{combos} distinct method combinations, Poisson/binomial noise)")  # fmt: skip
    uncertainty.run(dataset, scenario, samples=500)  # warm imports and caches
    engine, result = timed(lambda: uncertainty.run(dataset, scenario, samples=SAMPLES), 3)
    line("vectorised engine (median of 3)", engine, 1.0)
    loop = loop_per_sample(dataset, scenario, LOOP_SUBSET)
    full = loop * SAMPLES / LOOP_SUBSET
    print(f"   pipeline once per sample (COINr-style): {LOOP_SUBSET} samples took {loop:.2f} s, "
          f"so {SAMPLES:,} would take {full:.1f} s (extrapolated from the {LOOP_SUBSET})")  # fmt: skip
    speedup = full / engine[0]
    print(
        f"   speed-up (wall) {speedup:.0f}x   budget >= 50x   ratio {50 / speedup:.2f} "
        "(50 / speed-up; below 1.00 is within budget)"
    )
    print(f"   sources varied: {', '.join(result.sources)}")


def loop_per_sample(dataset, scenario, samples: int) -> float:
    """Re-run :func:`scoring.core.pipeline.score` per sample on a perturbed scenario and dataset.

    Same draws as the engine (weights, method, noisy counts), so only the way of
    computing differs: a new Scenario and Dataset per sample, then the full pipeline.
    """
    model = uncertainty.build(dataset, scenario)
    rngs = uncertainty.streams(scenario.seed)
    plan = uncertainty.draw_plan(model, samples, rngs, ("weights", "methods", "noise"))
    counts, percent = noise.sample_counts(model.noise, samples, rngs["noise"])
    raw = dataset.values.copy()
    count_cols = [dataset.indicators[j] for j in model.noise.count_cols]
    survey_cols = [dataset.indicators[j] for j in model.noise.survey_cols]
    t0 = time.perf_counter()
    for b in range(samples):
        values = raw.copy()
        values[count_cols] = np.where(np.isnan(counts[b]), raw[count_cols], counts[b])
        values[survey_cols] = np.where(np.isnan(percent[b]), raw[survey_cols], percent[b])
        norm, agg = model.combos[plan.combo[b]]
        weights = dict(zip(model.mw.names, plan.shares[b] * 10, strict=True))
        s = scenario.replace(measure_weights=weights, normalisation=norm, aggregation=agg)
        score(dataclasses.replace(dataset, values=values), s).table["rank"]
    return time.perf_counter() - t0


def sobol_bench(dataset, scenario) -> None:
    u = dataclasses.replace(scenario.uncertainty, recording_error=0.15, drop_indicator=True)
    s = scenario.replace(uncertainty=u)
    seconds, result = timed(lambda: sobol.analyse(dataset, s, n=1024))
    print(f"2. Sobol' indices, N = 1,024, {len(result.inputs)} inputs, {len(result.outputs)} "
          f"outputs (42 ranks + R_S), {result.runs:,} model runs, 200 bootstrap resamples")  # fmt: skip
    line("first and total order with 90% intervals", seconds, 5.0)


def best_worst_bench(dataset, scenario) -> None:
    s = scenario.replace(small_units="include")  # all 43 forces ranked, City of London too
    seconds, result = timed(lambda: bestworst.best_worst(dataset, s))
    print(f"3. Best and worst rank of all {len(result.table)} forces, City of London included "
          f"(MILP, HiGHS; each measure 5-50%; {result.could_be_first} could be first, "
          f"{result.could_be_last} could be last)")  # fmt: skip
    line(f"{2 * len(result.table)} programmes, and a robust one wherever a bound's weights miss "
         f"the lead; optimality proven: {result.proven}", seconds, 5.0)  # fmt: skip


def scale_model():
    """The 1,000-unit problem: yields (sources, model, seed) without and with data noise."""
    rng = np.random.default_rng(1)
    n, m = 1000, 50
    population = rng.uniform(1e5, 2e6, n)
    counts = rng.poisson(population[:, None] * rng.uniform(1e-4, 5e-3, m))
    values = pd.DataFrame(counts, index=[f"U{i:04d}" for i in range(n)],
                          columns=[f"i{j:02d}" for j in range(m)])  # fmt: skip
    measures = {c: f"m{j // 5}" for j, c in enumerate(values.columns)}
    ds = make_dataset(values, kind="count", population=dict(zip(values.index, population,
                                                                 strict=True)), measures=measures)  # fmt: skip
    for label, noisy in (("weights and methods", False), ("weights, methods and noise", True)):
        u = UncertaintySettings(**METHODS, data_noise=noisy)
        s = preset("home_office_2021", ds.measure_of).replace(small_units="include", uncertainty=u)
        yield label, uncertainty.build(ds, s), s.seed


def peak_memory(model, samples: int, seed: int) -> float:
    """Peak traced memory (MB) of one run, measured apart from the timed runs: tracemalloc
    takes the GIL on numpy's allocations, which slows the worker threads."""
    tracemalloc.start()
    uncertainty.simulate(model, samples, seed)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def scaling_bench() -> None:
    for label, model, seed in scale_model():
        n, m = model.p.x.shape
        print(f"4. {n:,} units x {m} indicators (10 measures), {label} ({len(model.combos)} "
              f"method combinations); chunks of {uncertainty.chunk_size(model)} samples on "
              f"{uncertainty.WORKERS} threads; pairwise counts skipped above "
              f"{uncertainty.PAIRWISE_MAX} units")  # fmt: skip
        rows = []
        for samples in (2_500, 5_000, 10_000):
            (wall, cpu), result = timed(lambda k=samples, m=model, s=seed: uncertainty.simulate(m, k, s))
            peak = peak_memory(model, samples, seed) if samples != 5_000 else float("nan")
            rows.append((samples, cpu, peak))
            print(f"   {samples:>6,} samples: wall {wall:6.1f} s, CPU {cpu:6.1f} s = "
                  f"{1e3 * cpu / samples:.2f} ms per sample; peak traced memory {peak:6.1f} MB")  # fmt: skip
        line("10,000 samples", (wall, cpu), 5.0)
        if result.note:
            print(f"   {result.note}")
        per_sample = [t / k for k, t, _ in rows]
        growth = rows[-1][2] / rows[0][2]
        print(
            f"   CPU per sample, 10,000 vs 2,500: {per_sample[-1] / per_sample[0]:.2f} "
            f"(1.00 = exactly linear)   peak memory, 10,000 vs 2,500: {growth:.2f} (1.00 = flat)"
        )
        naive = 10_000 * n * m * 8 / 2**20
        print(f"   for scale: holding every sample's values at once would take {naive:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1,000-unit scaling run")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"League Table Lab sensitivity benchmarks: {os.cpu_count()} CPUs, load average "
          f"{load:.1f} (other work on the machine slows every line)\n")  # fmt: skip
    dataset = load_sample()
    scenario = preset("home_office_2021", dataset.measure_of,
                      uncertainty=UncertaintySettings(**METHODS))  # fmt: skip
    monte_carlo(dataset, scenario)
    sobol_bench(dataset, scenario)
    best_worst_bench(dataset, scenario)
    if not args.quick:
        scaling_bench()


if __name__ == "__main__":
    main()
