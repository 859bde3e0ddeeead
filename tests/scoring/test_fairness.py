"""Is the table fair? OLS with HC3 errors, the adjusted table, and weightings against context."""

import numpy as np
import pandas as pd
import pytest
from context_toy import CODES, toy_context
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.context import fairness
from scoring.context.variables import force_context
from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import preset


def test_ols_matches_least_squares_and_the_hc3_formula():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(30, 2))
    y = 1 + x @ [2.0, -1.0] + rng.normal(scale=np.abs(x[:, 0]) + 0.1)
    fit = fairness.ols(x, y)
    design = np.column_stack([np.ones(30), x])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    np.testing.assert_allclose(fit["beta"], beta)
    # HC3 written out term by term (MacKinnon & White 1985).
    bread = np.linalg.inv(design.T @ design)
    e = y - design @ beta
    h = np.array([design[i] @ bread @ design[i] for i in range(30)])
    meat = sum(np.outer(design[i], design[i]) * e[i] ** 2 / (1 - h[i]) ** 2 for i in range(30))
    np.testing.assert_allclose(fit["se"], np.sqrt(np.diag(bread @ meat @ bread)))
    assert 0 < fit["r2"] < 1 and fit["adj_r2"] < fit["r2"]


def test_hc3_intervals_cover_the_true_slope_about_95_times_in_100():
    """Simulation from a known truth with unequal variances: coverage within simulation error."""
    rng = np.random.default_rng(7)
    reps, n, hits = 400, 42, 0
    for _ in range(reps):
        x = rng.normal(size=n)
        y = 0.5 * x + rng.normal(scale=0.5 + np.abs(x))
        fit = fairness.ols(x, y)
        hits += fit["low"][1] <= 0.5 <= fit["high"][1]
    # Binomial sd at 400 runs is 1.1 points; HC3 is a little conservative at n = 42.
    assert 0.91 <= hits / reps <= 0.99


def toy_scores(values, ranked=True):
    s = pd.Series(values, index=CODES, dtype=float)
    return pd.DataFrame({"name": [f"Force {c}" for c in CODES], "score": s,
                         "rank": s.rank(ascending=False, method="min").astype("Int64")})  # fmt: skip


def test_adjusted_ranks_are_the_ranks_of_the_residuals():
    ctx = toy_context(diversity=(0.0, 0.1, 0.2, 0.6, 0.7, 0.9))
    residual = np.array([0.03, -0.02, 0.0, 0.04, -0.05, 0.01])
    z = ctx.table["diversity"].to_numpy()
    z = (z - z.mean()) / z.std()
    adj = fairness.adjust(toy_scores(1.0 - 0.3 * z + residual), ctx, ["diversity"])
    expected = pd.Series(residual, index=CODES).rank(ascending=False, method="min")
    assert adj.table["adjusted_rank"].tolist() == expected.astype(int).tolist()
    # Diverse forces were penalised, so they climb: F is last raw and gains most.
    assert adj.table.at["F", "rank"] == 6 and adj.table.at["F", "places"] > 0
    assert adj.coefficients.at["diversity", "estimate"] == pytest.approx(-0.3, abs=0.05)
    assert adj.coefficients.at["diversity", "gap"] > 0 and adj.coefficients.at["diversity", "gain"] > 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1, 1), min_size=6, max_size=6), st.floats(0.1, 10), st.floats(-5, 5))
def test_adjustment_ignores_the_score_scale_and_leaves_residuals_orthogonal(values, scale, shift):
    ctx = toy_context()
    base = fairness.adjust(toy_scores(values), ctx, ["diversity", "density"])
    moved = fairness.adjust(toy_scores([v * scale + shift for v in values]), ctx, ["diversity", "density"])
    assert base.table["adjusted_rank"].tolist() == moved.table["adjusted_rank"].tolist() or np.ptp(values) < 1e-6
    e = base.table["adjusted_score"] - base.table["score"].mean()
    x = np.column_stack([ctx.scaled(v) for v in ("diversity", "density")])
    np.testing.assert_allclose(x.T @ e.to_numpy(), 0, atol=1e-8)


def test_too_few_forces_or_no_variable_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        fairness.adjust(toy_scores([1, 2, 3, 4, 5, 6]), toy_context(), [])
    with pytest.raises(ValueError, match="too few"):
        fairness.adjust(toy_scores([1, 2, 3, 4, 5, 6]), toy_context(), ["diversity", "density", "population", "crime_mix"])


@pytest.fixture(scope="module")
def sample():
    ds = load_sample()
    return ds, preset("home_office_2021", ds.measure_of), force_context(ds)


def test_on_the_sample_diverse_forces_rank_lower_and_gain_on_adjustment(sample):
    ds, s, ctx = sample
    adj = fairness.adjust(score(ds, s).table, ctx, ["diversity", "density"])
    assert adj.n == 42 and "E23000034" not in adj.table.index  # City of London ranked apart
    row = adj.coefficients.loc["diversity"]
    assert row["spearman"] > 0.3 and row["gap"] > 5 and row["gain"] > 0
    facts = adj.summary()
    assert facts["largest_move"] >= facts["median_move"] >= 0 and facts["gainer"] is not None
    assert sorted(adj.table["adjusted_rank"]) == list(range(1, 43))


def test_every_weighting_is_compared_with_the_same_methods(sample):
    ds, s, ctx = sample
    rows = fairness.by_weighting(ds, s.replace(normalisation="zscore"), ctx, "diversity")
    assert rows["weighting"].tolist()[0] == "This scenario" and len(rows) == 5
    this, home_office = rows.iloc[0], rows.iloc[1]
    assert this["spearman"] == pytest.approx(home_office["spearman"])  # same weights
    assert rows["gap"].between(-42, 42).all()


def test_thirds_split_by_value():
    high, low = fairness.thirds(pd.Series([5, 1, 3, 2, 6, 4], index=CODES))
    assert list(high) == ["A", "E"] and list(low) == ["B", "D"]
