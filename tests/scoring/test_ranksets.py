"""Rank confidence sets (Mogstad, Romano, Shaikh & Wilhelm 2024): known answers and coverage."""

import numpy as np
import pytest
from sensitivity_data import scenario, table

from scoring.core.pipeline import score
from scoring.instability import ranksets


def sets(theta, sigma, **kw):
    return ranksets.rank_sets(np.asarray(theta, float), np.asarray(sigma, float),
                              rng=np.random.default_rng(kw.pop("seed", 0)), **kw)  # fmt: skip


def test_far_apart_units_get_their_own_place():
    s = sets([3.0, 100.0, 50.0], np.eye(3) * 1e-4)
    assert s.rank.tolist() == [3, 1, 2]
    assert s.lower.tolist() == s.upper.tolist() == [3, 1, 2]
    assert s.apart.tolist() == [0, 0, 0]


def test_one_clear_leader_and_two_that_cannot_be_told_apart():
    # Sigma = I: the pair sd is sqrt(2); 10 vs 1 gives t = 6.4, 1 vs 0 gives t = 0.7.
    for simultaneous in (True, False):
        s = sets([0.0, 1.0, 10.0], np.eye(3), simultaneous=simultaneous)
        assert s.lower.tolist() == [2, 2, 1] and s.upper.tolist() == [3, 3, 1]
        assert s.apart.tolist() == [1, 1, 0]


@pytest.mark.parametrize("t_stat, told_apart", [(2.05, True), (1.87, False)])
def test_two_units_are_told_apart_exactly_beyond_the_normal_quantile(t_stat, told_apart):
    # With two units the max statistic is |N(0, 1)|: its 95% point is 1.960.
    s = sets([0.0, t_stat * np.sqrt(2)], np.eye(2), draws=40_000)
    assert bool(s.upper[1] == 1) == told_apart
    assert bool(s.lower[0] == 2) == told_apart


def test_no_noise_orders_exactly_and_keeps_ties():
    s = sets([2.0, 1.0, 1.0], np.zeros((3, 3)))
    assert s.lower.tolist() == [1, 2, 2] and s.upper.tolist() == [1, 3, 3]


def test_simultaneous_sets_are_at_least_as_wide_as_marginal_ones():
    rng = np.random.default_rng(5)
    theta = np.sort(rng.normal(0, 2, 15))
    a = rng.normal(size=(15, 15))
    sigma = a @ a.T / 15 + np.eye(15) * 0.2
    joint, each = sets(theta, sigma), sets(theta, sigma, simultaneous=False)
    assert (joint.lower <= each.lower).all() and (joint.upper >= each.upper).all()
    assert (joint.upper - joint.lower).sum() > (each.upper - each.lower).sum()


def test_tau_best_and_worst_read_the_simultaneous_ends():
    s = sets([0.0, 1.0, 10.0, 11.0], np.eye(4) * 0.25)
    assert s.best(1).tolist() == [False, False, True, True]
    assert s.worst(1).tolist() == [True, True, False, False]


def joint_coverage(truth, sigma, reps, rng, **kw):
    """Share of draws theta_hat ~ N(truth, sigma) whose sets hold every true rank."""
    true_rank = ranksets.rank_sets(truth, np.zeros_like(sigma)).rank
    root = np.linalg.cholesky(sigma)
    hits = 0
    for _ in range(reps):
        s = ranksets.rank_sets(truth + root @ rng.standard_normal(len(truth)), sigma, rng=rng, **kw)
        hits += bool(((s.lower <= true_rank) & (true_rank <= s.upper)).all())
    return hits / reps


def tolerance(reps, level=0.95):
    return 2.5 * np.sqrt(level * (1 - level) / reps)


@pytest.mark.parametrize("spacing, correlated", [(0.0, False), (0.6, False), (1.2, True)])
def test_gaussian_simultaneous_coverage_is_at_least_95_percent(spacing, correlated):
    # spacing 0 (every unit tied, all truly first) is the hardest case: the sets cover
    # jointly exactly when no pair is told apart, so coverage is the level itself.
    rng = np.random.default_rng(11)
    r, reps = 12, 300
    truth = spacing * np.arange(r)
    sigma = np.eye(r)
    if correlated:  # a common factor, as min-max bounds moving with the data give
        sigma = 0.5 * np.eye(r) + 0.5 * np.ones((r, r)) + np.diag(rng.uniform(0, 1, r))
    assert joint_coverage(truth, sigma, reps, rng, draws=500) >= 0.95 - tolerance(reps)


@pytest.mark.parametrize("level", [0.6, 0.8])
def test_on_tied_units_coverage_is_the_level_itself(level):
    # The guard behind the test above: a critical value that is too small (or too large)
    # shows here, because with every unit tied the joint coverage equals the level.
    rng = np.random.default_rng(12)
    reps = 300
    got = joint_coverage(np.zeros(12), np.eye(12), reps, rng, level=level, draws=500)
    assert abs(got - level) <= tolerance(reps, level)


@pytest.mark.parametrize("normalisation", ["distance", "minmax"])
def test_pipeline_coverage_from_poisson_data_drawn_from_a_known_truth(normalisation):
    """Counts drawn from known means: the true table's ranks lie in the simultaneous 95% sets.

    Five of the eight units share the same means (the hardest case: they are all truly
    first, and the sets cover jointly only if none of them is told apart from another),
    so a covariance that missed part of the noise would show as lost coverage.
    """
    rng = np.random.default_rng(2024)
    reps = 60
    tied = np.tile([500.0, 1000.0, 300.0], (5, 1))
    means = np.vstack([[[380.0, 820.0, 240.0], [420.0, 900.0, 260.0], [450.0, 950.0, 280.0]], tied])
    s = scenario().replace(normalisation=normalisation)
    true_rank = score(table(means, kind="count"), s).table["rank"].astype(int).to_numpy()
    assert true_rank.tolist() == [8, 7, 6, 1, 1, 1, 1, 1]  # higher is better here
    hits = 0
    for _ in range(reps):
        data = table(rng.poisson(means).astype(float), kind="count")
        got = ranksets.for_scenario(data, s, draws=200, seed=int(rng.integers(2**31))).simultaneous
        inside = (got.lower <= true_rank) & (true_rank <= got.upper)  # codes U00.. in data order
        hits += bool(inside.all())
    assert hits / reps >= 0.95 - tolerance(reps)


def test_the_sample_table_gets_sets_around_its_own_ranks_and_replays():
    from scoring.core.dataset import load_sample
    from scoring.core.scenario import preset

    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    first, again = ranksets.for_scenario(ds, s), ranksets.for_scenario(ds, s)
    joint = first.simultaneous
    table = score(ds, s).table["rank"].dropna().astype(int)
    assert "E23000034" not in set(joint.codes) and len(joint.codes) == 42  # City ranked apart
    assert dict(zip(joint.codes, joint.rank, strict=True)) == table.to_dict()
    assert (joint.lower <= joint.rank).all() and (joint.rank <= joint.upper).all()
    assert (first.marginal.lower >= joint.lower).all() and (first.marginal.upper <= joint.upper).all()
    np.testing.assert_array_equal(first.frame(), again.frame())  # same seed, same sets
    words = ranksets.describe(39, 17, 42, 25, 42)
    assert words == ("ranked 39th of 42; the data support any place from 17th to 42nd; it cannot "
                     "be told apart from 25 forces")
    assert "could" not in ranksets.tau_text(first) and "among the best 10" in ranksets.tau_text(first)


@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric"])
def test_a_weight_change_reuses_the_noise_draws_and_gives_the_sets_drawn_afresh(aggregation):
    from scoring.core.dataset import load_sample
    from scoring.core.scenario import preset

    ds = load_sample()
    before = preset("home_office_2021", ds.measure_of).replace(aggregation=aggregation)
    after = before.replace(measure_weights={**before.measure_weights, "drugs_supply": 3.5})
    ranksets._DRAWS.clear()
    ranksets.for_scenario(ds, before)
    kept = len(ranksets._DRAWS)
    warm = ranksets.for_scenario(ds, after)  # served from the draws kept for ``before``
    assert kept == 1 and len(ranksets._DRAWS) == 1
    ranksets._DRAWS.clear()
    cold = ranksets.for_scenario(ds, after)
    for kind in ("simultaneous", "marginal"):
        np.testing.assert_array_equal(getattr(warm, kind).frame(), getattr(cold, kind).frame())
    np.testing.assert_array_equal(warm.se, cold.se)


def test_kept_draws_leave_the_generator_as_fresh_draws_would_and_cannot_be_changed():
    from scoring.core.dataset import load_sample
    from scoring.core.scenario import preset

    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    ranksets._DRAWS.clear()
    ends = []
    for _ in range(2):  # a miss, then a hit
        rng = np.random.default_rng(7)
        ranksets.composite(ds, s, draws=300, rng=rng)
        ends.append(rng.random())
    assert ends[0] == ends[1]
    chunks, _ = next(iter(ranksets._DRAWS.values()))
    with pytest.raises(ValueError):
        chunks[0][0, 0, 0] = 1.0
    for seed in range(ranksets.DRAWS_KEPT + 2):  # bounded: the oldest go
        ranksets.composite(ds, s, draws=200, rng=np.random.default_rng(seed))
    assert len(ranksets._DRAWS) == ranksets.DRAWS_KEPT


def test_draws_too_large_to_keep_come_a_chunk_at_a_time_with_the_same_sets(monkeypatch):
    from scoring.core.dataset import load_sample
    from scoring.core.scenario import preset

    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    ranksets._DRAWS.clear()
    kept = ranksets.for_scenario(ds, s, draws=300)
    ranksets._DRAWS.clear()
    monkeypatch.setattr(ranksets, "DRAWS_KEPT_BYTES", 1)  # nothing fits: drawn as they are used
    streamed = ranksets.for_scenario(ds, s, draws=300)
    assert not ranksets._DRAWS
    np.testing.assert_array_equal(kept.simultaneous.frame(), streamed.simultaneous.frame())


def direct_step_down(theta, sigma, z, level, simultaneous, stepdown):
    """The step-downs as the method states them: every step masks the rejected pairs and takes
    the max statistic over all the others again. Returns (N-, N+)."""
    sd = ranksets.pair_sd(sigma)
    diff = theta[:, None] - theta[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(sd > 0, diff / sd, np.where(diff > 0, np.inf, -np.inf))
        inv = np.where(sd > 0, 1.0 / sd, 0.0).astype(np.float32)
    z = np.asarray(z, dtype=np.float32)
    zt = (z[:, :, None] - z[:, None, :]) * inv  # [d, f, k]
    zt[:, sd == 0] = -np.inf
    off = ~np.eye(len(theta), dtype=bool)
    if simultaneous:
        rejected = np.zeros_like(off)
        while (open_ := off & ~rejected).any():
            c = np.quantile(np.where(open_, zt, -np.inf).max(axis=(1, 2)), level, method="higher")
            if not (new := open_ & (t > c)).any():
                break
            rejected |= new
            if not stepdown:
                break
        return rejected.sum(axis=0), rejected.sum(axis=1)
    fwd, back = np.zeros_like(off), np.zeros_like(off)
    while True:
        ahead = np.where((off & ~fwd)[None], zt, -np.inf).max(axis=2)
        behind = np.where((off & ~back)[None], np.swapaxes(zt, 1, 2), -np.inf).max(axis=2)
        c = np.quantile(np.maximum(ahead, behind), level, axis=0, method="higher")[:, None]
        new_f, new_b = off & ~fwd & (t > c), off & ~back & (t.T > c)
        if not (new_f.any() or new_b.any()):
            break
        fwd, back = fwd | new_f, back | new_b
        if not stepdown:
            break
    return back.sum(axis=1), fwd.sum(axis=1)


@pytest.mark.parametrize("seed", range(6))
def test_the_step_downs_read_the_same_statistics_as_masking_every_pair_each_step(seed):
    # Ties, units with no noise (pairs ordered exactly), several levels, one step or many.
    rng = np.random.default_rng(seed)
    r = int(rng.integers(2, 25))
    theta = np.round(rng.normal(0, 2, r), 1)
    a = rng.normal(size=(r, r))
    sigma = a @ a.T / r + np.eye(r) * 0.1
    if seed % 2:
        still = rng.random(r) < 0.3
        sigma[still], sigma[:, still] = 0.0, 0.0
    z = ranksets._gaussian(sigma, 300, np.random.default_rng(seed))
    for level in (0.5, 0.95):
        for simultaneous in (True, False):
            for stepdown in (True, False):
                got = ranksets._sets(theta, *ranksets._statistics(theta, sigma, z), level,
                                     simultaneous, stepdown)  # fmt: skip
                want = direct_step_down(theta, sigma, z, level, simultaneous, stepdown)
                assert [got.ahead.tolist(), got.behind.tolist()] == [w.tolist() for w in want]


@pytest.mark.parametrize("normalisation, aggregation", [("minmax", "arithmetic"), ("zscore", "geometric"),
                                                        ("distance", "copeland")])
def test_the_league_table_s_sets_are_those_of_the_direct_step_down(normalisation, aggregation):
    from scoring.core.dataset import load_sample
    from scoring.core.scenario import preset

    ds = load_sample()
    base = preset("home_office_2021", ds.measure_of).replace(normalisation=normalisation,
                                                              aggregation=aggregation)  # fmt: skip
    for weights in ({}, {"drugs": 9.5}, {"homicide": 0.5, "cyber": 10.0}):
        s = base.replace(measure_weights={**base.measure_weights, **weights})
        got = ranksets.for_scenario(ds, s, draws=300)
        c = ranksets.composite(ds, s, draws=300, rng=ranksets.stream(s.seed, "rank_sets_data"))
        for kind in ("simultaneous", "marginal"):
            want = direct_step_down(c.theta, c.sigma, c.deviations, s.ranks.level, kind == "simultaneous", True)
            assert [getattr(got, kind).ahead.tolist(), getattr(got, kind).behind.tolist()] == [
                w.tolist() for w in want]


@pytest.mark.parametrize("transform", ["none", "log", "winsorise"])
def test_sets_from_the_scored_table_s_prepared_data_are_those_prepared_afresh(transform):
    # The League table hands over its scored table's prepared data; the noise model reads it
    # as the untreated data only when no outliers are treated. Two counts (drawn) and a rate
    # with an outlier (held as it is, then treated with each draw).
    import dataclasses

    from scoring.core.pipeline import prepare
    from scoring.instability import noise

    rng = np.random.default_rng(3)
    data = table(np.column_stack([rng.poisson(400, 12), rng.poisson(900, 12),
                                  [*rng.uniform(1, 2, 11), 40.0]]).astype(float), kind="count")  # fmt: skip
    meta = data.meta.copy()
    meta.loc["i2", ["kind", "per"]] = ["rate", np.nan]
    data = dataclasses.replace(data, meta=meta)
    for weights in ({}, {"i1": 0.0}):
        s = scenario().replace(transform=transform, winsor_pct=10.0, measure_weights=weights)
        p = prepare(data, s)
        handed, afresh = vars(noise.noise_model(data, s, p)), vars(noise.noise_model(data, s))
        for name, value in afresh.items():
            np.testing.assert_array_equal(handed[name], value)
        ranksets._DRAWS.clear()
        handed = ranksets.for_scenario(data, s, draws=200, prepared=p)
        ranksets._DRAWS.clear()
        afresh = ranksets.for_scenario(data, s, draws=200)
        for kind in ("simultaneous", "marginal"):
            np.testing.assert_array_equal(getattr(handed, kind).frame(), getattr(afresh, kind).frame())
        np.testing.assert_array_equal(handed.se, afresh.se)
