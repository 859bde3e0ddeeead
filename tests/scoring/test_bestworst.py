import dataclasses
import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linprog
from sensitivity_data import OFF, scenario, table, toy

from scoring.core.dataset import load_sample
from scoring.core.pipeline import prepare, score
from scoring.core.ranking import rank
from scoring.core.scenario import preset
from scoring.errors import InputError
from scoring.instability import bestworst
from scoring.instability.bestworst import best_worst, extreme_sums
from scoring.instability.shares import aggregated_values, measure_parts, measure_weights

ROOT = Path(__file__).resolve().parents[2]


def bounded(s, lo, hi):
    return s.replace(uncertainty=dataclasses.replace(s.uncertainty, weight_floor=lo, weight_cap=hi))


def parts(ds, s):
    p = prepare(ds, s)
    mw = measure_weights(p, s)
    y = aggregated_values(p, s.normalisation, s.aggregation, s.geometric_offset)
    return measure_parts(y[p.ranked_mask], mw)[0]


def brute_force(z: np.ndarray, weights: np.ndarray):
    """Best and worst rank of every unit over the given weight vectors (rows)."""
    ranks = rank(weights @ z.T)
    return ranks.min(axis=0).astype(int), ranks.max(axis=0).astype(int)


def test_methods_worked_example():
    result = best_worst(toy(), bounded(scenario(), 0.1, 0.4))
    t = result.table
    assert t["best"].tolist() == [2, 4, 1, 5, 2, 2]
    assert t["worst"].tolist() == [3, 5, 1, 6, 4, 6]
    assert result.could_be_first == 1 and result.could_be_last == 2
    assert result.proven and result.nominal_admissible
    for kind in ("best", "worst"):  # the returned weights are admissible and reach the rank
        w = getattr(result, f"{kind}_weights").to_numpy()
        np.testing.assert_allclose(w.sum(axis=1), 1)
        assert (w >= 0.1 - 1e-9).all() and (w <= 0.4 + 1e-9).all()


def test_equals_brute_force_over_a_weight_grid_on_the_toy_table():
    ds, s = toy(), bounded(scenario(), 0.1, 0.4)
    grid = np.stack(np.meshgrid(*[np.linspace(0.1, 0.4, 31)] * 3), -1).reshape(-1, 3)
    grid = np.column_stack([grid, 1 - grid.sum(axis=1)])
    grid = grid[(grid[:, 3] >= 0.1 - 1e-12) & (grid[:, 3] <= 0.4 + 1e-12)]
    best, worst = brute_force(parts(ds, s), grid)
    result = best_worst(ds, s).table
    assert result["best"].tolist() == best.tolist() and result["worst"].tolist() == worst.tolist()


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("agg", ["arithmetic", "geometric"])
def test_brute_force_over_a_fine_grid_with_three_measures(seed, agg):
    x = np.random.default_rng(seed).integers(0, 12, size=(7, 3)).astype(float)
    ds, s = table(x), bounded(scenario().replace(aggregation=agg), 0.05, 0.7)
    step = np.arange(0, 201) / 200
    a, b = np.meshgrid(step, step)
    grid = np.column_stack([a.ravel(), b.ravel(), 1 - a.ravel() - b.ravel()])
    grid = grid[((grid >= 0.05 - 1e-12) & (grid <= 0.7 + 1e-12)).all(axis=1)]
    best, worst = brute_force(parts(ds, s), grid)
    result = best_worst(ds, s)
    t = result.table
    assert (t["best"] <= best).all() and (t["worst"] >= worst).all()
    if agg == "arithmetic":  # linear scores: the grid finds every cell here
        assert t["best"].tolist() == best.tolist() and t["worst"].tolist() == worst.tolist()
    z = parts(ds, s)
    for f in range(len(t)):  # the robust bounds too: no grid point beats them
        robust_best, robust_worst = ranks_with_lead(grid @ z.T, f, result.lead)
        assert robust_best.min() >= t["robust_best"].iloc[f]
        assert robust_worst.max() <= t["robust_worst"].iloc[f]
    # Whatever the grid misses (geometric, seed 2: a cell 1e-6 wide), the MILP's own weights
    # reach the reported rank in the real pipeline.
    for kind in ("best", "worst"):
        for code, w in getattr(result, f"{kind}_weights").iterrows():
            ranks = score(ds, s.replace(measure_weights=(w * 10).to_dict())).table["rank"]
            assert ranks[code] == t.at[code, kind]


@settings(max_examples=40, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(3, 8), st.just(2)), elements=st.integers(0, 30).map(float)),
    st.floats(0.0, 0.45),
    st.floats(0.55, 1.0),
)
def test_exact_on_two_measures(x, lo, hi):
    """With two measures the shares are one number t: every change point is known exactly."""
    ds, s = table(x), bounded(scenario(), lo, hi)
    z = parts(ds, s)
    d = z[:, None, :] - z[None, :, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        roots = (d[..., 1] / (d[..., 1] - d[..., 0])).ravel()  # t d0 + (1 - t) d1 = 0
    t_lo, t_hi = max(lo, 1 - hi), min(hi, 1 - lo)  # both shares within [lo, hi]
    knots = np.unique(np.r_[t_lo, t_hi, roots[(roots > t_lo) & (roots < t_hi)]])
    t = np.unique(np.r_[knots, (knots[1:] + knots[:-1]) / 2])
    best, worst = brute_force(z, np.column_stack([t, 1 - t]))
    result = best_worst(ds, s).table
    assert result["best"].tolist() == best.tolist()
    assert result["worst"].tolist() == worst.tolist()
    assert (result["best"] <= result["nominal"]).all() and (
        result["nominal"] <= result["worst"]
    ).all()


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(1, 6), st.integers(2, 5)), elements=st.floats(-5, 5)),
    st.data(),
)
def test_extreme_sums_solve_the_linear_programme(d, data):
    k = d.shape[1]
    lo = np.array(data.draw(st.lists(st.floats(0, 0.2), min_size=k, max_size=k)))
    hi = lo + np.array(data.draw(st.lists(st.floats(0, 0.8), min_size=k, max_size=k)))
    if lo.sum() > 1 or hi.sum() < 1:
        return
    low, high = extreme_sums(d, lo, hi)
    for g in range(len(d)):
        kw = {"A_eq": np.ones((1, k)), "b_eq": [1.0], "bounds": list(zip(lo, hi, strict=True))}
        assert abs(linprog(d[g], **kw).fun - low[g]) < 1e-7
        assert abs(-linprog(-d[g], **kw).fun - high[g]) < 1e-7


def admissible_points(lo: np.ndarray, hi: np.ndarray, extra: int, seed: int = 0) -> np.ndarray:
    """Every vertex of {lo <= w <= hi, sum w = 1}, then ``extra`` random mixtures of them."""
    free = np.flatnonzero(hi > lo)
    vertices = []
    for j in free:  # all but one free share at a bound; share j takes what is left
        others = [i for i in free if i != j]
        for corner in itertools.product(*[(lo[i], hi[i]) for i in others]):
            w = lo.copy()
            w[others] = corner
            w[j] = 1 - (w.sum() - w[j])
            if lo[j] - 1e-12 <= w[j] <= hi[j] + 1e-12:
                vertices.append(w)
    vertices = np.unique(np.round(vertices, 12), axis=0)
    mix = np.random.default_rng(seed).dirichlet(np.full(len(vertices), 0.3), size=extra)
    return np.vstack([vertices, mix @ vertices])


def ranks_with_lead(scores: np.ndarray, f: int, lead: float) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``scores``: f's place counting rivals not behind it by the lead (robust
    best) and rivals ahead of it by the lead (robust worst), as bestworst counts them."""
    gap = np.round(np.delete(scores, f, axis=1) - scores[:, [f]], 12)
    return 1 + (gap > -lead).sum(axis=1), 1 + (gap >= lead).sum(axis=1)


def test_sample_data_headline_and_every_bound_holds_at_every_admissible_corner():
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of, uncertainty=OFF)
    result = best_worst(ds, s)
    t = result.table
    assert len(t) == 42 and "E23000034" not in t.index
    assert (t["best"] <= t["nominal"]).all() and (t["nominal"] <= t["worst"]).all()
    assert 1 <= result.could_be_first <= 42 and 1 <= result.could_be_last <= 42
    # No admissible weighting beats a bound. The robust bounds once lost up to four places
    # to the solver's tolerance (its optimum on the lead itself, a hair short when re-checked),
    # and marked 74 of 84 extreme ranks as slivers; the corners of the weights show it.
    z = parts(ds, s)
    scores = admissible_points(result.lower.to_numpy(), result.upper.to_numpy(), 3000) @ z.T
    ranks = rank(scores)
    assert (ranks.min(axis=0) >= t["best"].to_numpy()).all()
    assert (ranks.max(axis=0) <= t["worst"].to_numpy()).all()
    for f in range(len(t)):
        robust_best, robust_worst = ranks_with_lead(scores, f, result.lead)
        assert robust_best.min() >= t["robust_best"].iloc[f], t.index[f]
        assert robust_worst.max() <= t["robust_worst"].iloc[f], t.index[f]
    assert result.proven


def test_bad_bounds_and_copeland_are_explained():
    with pytest.raises(InputError, match="minimum shares add up to 240%"):
        best_worst(toy(), bounded(scenario(), 0.6, 0.9))
    with pytest.raises(InputError, match="maximum shares to 80%"):
        best_worst(toy(), bounded(scenario(), 0.0, 0.2))
    with pytest.raises(InputError, match="Copeland"):
        best_worst(toy(), scenario().replace(aggregation="copeland"))
    gaps = table(np.array([[1.0, np.nan], [2.0, 1.0], [3.0, 2.0]]))
    with pytest.raises(InputError, match="missing values"):
        best_worst(gaps, scenario())


def test_per_measure_bounds_override_the_floor_and_cap():
    u = dataclasses.replace(OFF, weight_floor=0.1, weight_cap=0.4, weight_bounds={"D": (0.0, 0.0)})
    result = best_worst(toy(), scenario().replace(uncertainty=u))
    assert result.upper["D"] == 0 and result.lower["H"] == 0.1
    assert not result.nominal_admissible
    np.testing.assert_allclose(result.best_weights["D"], 0)


def test_robust_bounds_need_the_stated_lead_and_slivers_are_marked():
    # Min-max scores A = w, B = 0.82 (1 - w), C = 1 - w for the first measure's share w in
    # [0.45, 0.55]. B passes A only at w = 0.45, by 0.001: second on a sliver of weights.
    ds = table(np.array([[1.0, 0.0], [0.0, 0.82], [0.0, 1.0]]))
    s = bounded(scenario(), 0.45, 0.55).with_section("uncertainty", min_lead=0.1)
    result = best_worst(ds, s)
    t = result.table
    assert result.lead == pytest.approx(0.1 * (0.5 - 0.41))  # 10% of the nominal spread
    assert t.at["U01", "best"] == 2 and t.at["U01", "robust_best"] == 3
    assert t.at["U01", "sliver_best"] and not t.at["U02", "sliver_best"]
    assert t.at["U00", "worst"] == 3 and t.at["U00", "robust_worst"] == 2  # the same sliver
    assert (t["robust_best"] >= t["best"]).all() and (t["robust_worst"] <= t["worst"]).all()
    assert result.robustly_first == result.could_be_first == 2  # A and C, each by 0.1


def test_same_answer_and_certificates_with_any_number_of_workers(monkeypatch):
    # Units' programmes are solved in parallel threads: nothing may depend on how many.
    x = np.random.default_rng(7).gamma(2.0, 1.0, (30, 5))
    ds, s = table(x), bounded(scenario(min_lead=0.05), 0.1, 0.4)
    answers = []
    for workers in (1, 3):
        monkeypatch.setattr(bestworst, "WORKERS", workers)
        seen = []
        answers.append((best_worst(ds, s, progress=seen.append), seen))
    (one, seen_one), (three, seen_three) = answers
    pd.testing.assert_frame_equal(one.table, three.table)
    pd.testing.assert_frame_equal(one.best_weights, three.best_weights, check_exact=True)
    pd.testing.assert_frame_equal(one.worst_weights, three.worst_weights, check_exact=True)
    assert one.table["sliver_best"].any() or one.table["sliver_worst"].any()  # robust ones solved
    assert seen_one == seen_three == [(f + 1) / 30 for f in range(30)]  # in order, to the end


def test_the_solver_writes_nothing_to_standard_output():
    # HiGHS prints a banner to file descriptor 1 the first time a process makes a solver:
    # in `python -m scoring ... --format csv` it would come before the header.
    code = ("from scoring.core.dataset import load_sample; from scoring.core.scenario import preset; "
            "from scoring.instability.bestworst import best_worst; ds = load_sample(); "
            "best_worst(ds, preset('home_office_2021', ds.measure_of))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=True)
    assert done.stdout == b""


def test_a_stop_from_the_progress_drops_the_units_not_yet_begun(monkeypatch):
    # A page that reruns stops its script through the progress call: the programmes of the
    # other units must not all be solved first (seconds on the sample). The pool's map drops
    # the units not yet begun when its results are abandoned.
    solved = []
    real = bestworst._bound
    monkeypatch.setattr(bestworst, "_bound", lambda *a: solved.append(a[1]) or real(*a))

    class Stop(Exception):
        pass

    def stop(share):
        raise Stop

    ds = load_sample()
    with pytest.raises(Stop):
        best_worst(ds, preset("home_office_2021", ds.measure_of, uncertainty=OFF), progress=stop)
    assert len(set(solved)) <= 2 * bestworst.WORKERS  # of 42 units
