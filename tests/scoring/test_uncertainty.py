import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sensitivity_data import OFF, scenario, table

from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.instability import noise, uncertainty
from scoring.instability import summary as rank_summary

CITY = "E23000034"
ALL_METHODS = dict(vary_methods=True, normalisations=("minmax", "zscore", "percentile", "distance"),
                   aggregations=("arithmetic", "geometric", "copeland"))  # fmt: skip


def sample_scenario(**u):
    ds = load_sample()
    return ds, preset("home_office_2021", ds.measure_of, uncertainty=dataclasses.replace(OFF, **u))


def test_a_force_that_dominates_every_indicator_is_first_in_every_sample():
    rng = np.random.default_rng(3)
    counts = rng.uniform(1000, 2000, size=(8, 4)).round()
    counts[2] = 20_000  # far ahead on all four indicators, beyond any Poisson or recording swing
    ds = table(counts, kind="count")
    s = scenario(vary_weights=True, weight_spread=0.9, data_noise=True, recording_error=0.3,
                 drop_indicator=True, **ALL_METHODS)  # fmt: skip
    result = uncertainty.run(ds, s, samples=600, seed=1)
    assert set(result.sources) == {"weights", "methods", "noise", "recording", "drop"}
    first = list(result.codes).index("U02")
    assert result.counts[first, 0] == 600
    assert rank_summary.force_summary(result, {}).loc["U02", "p95"] == 1


def test_with_every_source_off_the_intervals_have_zero_width():
    ds, s = sample_scenario()
    result = uncertainty.run(ds, s, samples=300)
    assert result.sources == ()
    summary = rank_summary.force_summary(result, ds.units["name"])
    assert (summary["p05"] == summary["nominal"]).all() and (
        summary["p95"] == summary["nominal"]
    ).all()
    assert (result.shift == 0).all() and (result.tau == 1).all()
    facts = rank_summary.overall(result)
    assert facts["fixed"] == 42 and facts["bands"] == 42


def test_nominal_ranks_are_the_league_table_and_city_of_london_is_left_out():
    ds, s = sample_scenario(vary_weights=True, data_noise=True)
    result = uncertainty.run(ds, s, samples=200)
    table_ranks = score(ds, s).table["rank"].dropna()
    assert CITY not in result.codes and len(result.codes) == 42
    assert (
        dict(zip(result.codes, result.nominal, strict=True)) == table_ranks.astype(float).to_dict()
    )
    assert (result.counts.sum(axis=1) == 200).all() and (result.counts.sum(axis=0) > 0).any()


def test_the_same_seed_reproduces_every_number():
    ds, s = sample_scenario(vary_weights=True, data_noise=True, recording_error=0.1,
                            drop_indicator=True, vary_methods=True)  # fmt: skip
    a, b = (uncertainty.run(ds, s, samples=500, seed=7) for _ in range(2))
    for name in ("counts", "shift", "tau", "above"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    c = uncertainty.run(ds, s, samples=500, seed=8)
    assert not np.array_equal(a.counts, c.counts)


def test_switching_one_source_off_leaves_the_other_draws_unchanged():
    ds, s = sample_scenario(vary_weights=True, data_noise=True)
    model = uncertainty.build(ds, s)
    with_noise = uncertainty.draw_plan(model, 50, uncertainty.streams(5), ("weights", "noise"))
    without = uncertainty.draw_plan(model, 50, uncertainty.streams(5), ("weights",))
    np.testing.assert_array_equal(with_noise.shares, without.shares)


def test_dirichlet_weights_centre_on_the_nominal_shares_and_zero_stays_zero():
    ds = load_sample()
    s = preset("harm_focused", ds.measure_of, uncertainty=dataclasses.replace(
        OFF, vary_weights=True, weight_mode="dirichlet", concentration=400.0))  # fmt: skip
    model = uncertainty.build(ds, s)
    shares = uncertainty.draw_plan(model, 4000, uncertainty.streams(1), ("weights",)).shares
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    np.testing.assert_allclose(shares.mean(axis=0), model.mw.shares, atol=0.005)
    assert (shares[:, list(model.mw.names).index("drugs")] == 0).all()


@settings(max_examples=30, deadline=None)
@given(st.floats(0.0, 0.95), st.integers(0, 2**32 - 1))
def test_multipliers_stay_within_the_band(spread, seed):
    w0 = np.array([0.5, 0.3, 0.2, 0.0])
    u = dataclasses.replace(OFF, weight_spread=spread)
    shares = uncertainty.draw_shares(w0, u, 200, np.random.default_rng(seed))
    multipliers = shares[:, :3] / w0[:3]  # proportional to each sample's u
    assert (shares[:, 3] == 0).all()
    spread_seen = multipliers.max(axis=1) / multipliers.min(axis=1)
    assert (spread_seen <= (1 + spread) / (1 - spread) + 1e-9).all()


def test_method_draws_cover_the_distinct_combinations_once_each():
    ds, s = sample_scenario(**ALL_METHODS)
    model = uncertainty.build(ds, s)
    plan = uncertainty.draw_plan(model, 1200, uncertainty.streams(2), ("methods",))
    # 4 arithmetic tables, 2 geometric (linear normalisations coincide), 1 Copeland.
    assert model.combos == (("minmax", "arithmetic"), ("zscore", "arithmetic"),
                            ("percentile", "arithmetic"), ("distance", "arithmetic"),
                            ("minmax", "geometric"), ("percentile", "geometric"),
                            ("minmax", "copeland"))  # fmt: skip
    assert np.bincount(plan.combo, minlength=7).min() > 120


@pytest.mark.parametrize("aggregation", ["geometric", "copeland"])
def test_methods_that_cannot_change_the_table_are_not_a_source(aggregation):
    norms = ("minmax", "zscore", "distance")
    ds, s = sample_scenario(vary_methods=True, normalisations=norms, aggregations=(aggregation,))
    model = uncertainty.build(ds, s.replace(aggregation=aggregation, normalisation="zscore"))
    assert len(model.combos) == 1 and "methods" not in uncertainty.active_sources(model)


def test_chunks_bound_memory():
    ds, s = sample_scenario(**ALL_METHODS)
    model = uncertainty.build(ds, s)
    n, m = model.p.x.shape
    assert uncertainty.chunk_size(model) * n * n * m <= uncertainty.CHUNK_ELEMENTS


def test_percentile_ranks_match_the_inverted_cdf():
    rng = np.random.default_rng(0)
    ranks = rng.integers(1, 7, size=(3, 101))
    counts = np.stack([np.bincount(r - 1, minlength=6) for r in ranks])
    for pct in (5, 50, 95):
        want = np.percentile(ranks, pct, axis=1, method="inverted_cdf")
        np.testing.assert_array_equal(rank_summary.percentile_ranks(counts, pct), want)


def test_rank_shift_is_the_footrule_over_n():
    ds, s = sample_scenario(vary_weights=True)
    model = uncertainty.build(ds, s)
    plan = uncertainty.draw_plan(model, 20, uncertainty.streams(0), ("weights",))
    ranks = model.places(next(uncertainty.rank_chunks(model, plan, lambda a, b: None))[1])
    result = uncertainty.simulate(model, 20, 0)
    nominal = model.nominal[model.ranked]
    np.testing.assert_allclose(result.shift, np.abs(ranks - nominal).sum(axis=1) / len(nominal))


def test_headline_figures():
    ds, s = sample_scenario(vary_weights=True, data_noise=True)
    facts = rank_summary.overall(uncertainty.run(ds, s, samples=400))
    assert facts["n_ranked"] == 42 and facts["top"] == 10
    assert 10 <= facts["plausible_top"] <= 42
    assert facts["shift_p05"] <= facts["mean_shift"] <= facts["shift_p95"]
    assert -1 <= facts["tau_p05"] <= facts["tau_mean"] <= facts["tau_p95"] <= 1
    assert 1 <= facts["bands"] <= 42


def test_pairwise_counts_can_be_skipped():
    ds, s = sample_scenario(vary_weights=True)
    result = uncertainty.run(ds, s, samples=50, pairwise=False)
    assert result.above is None
    assert rank_summary.force_summary(result, {})["band"].isna().all()
    assert rank_summary.overall(result)["bands"] is None


@pytest.mark.parametrize("policy", ["include", "outside_bounds"])
def test_small_unit_policies_rank_city_of_london_when_asked(policy):
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of, small_units=policy,
               uncertainty=dataclasses.replace(OFF, vary_weights=True))  # fmt: skip
    result = uncertainty.run(ds, s, samples=50)
    assert CITY in result.codes and len(result.codes) == 43


def test_no_number_depends_on_the_number_of_threads():
    # Copeland makes the 43-force chunks small, so this run has many chunks to share out
    ds, s = sample_scenario(vary_weights=True, data_noise=True, recording_error=0.1,
                            drop_indicator=True, **ALL_METHODS)  # fmt: skip
    model = uncertainty.build(ds, s)
    assert 500 // uncertainty.chunk_size(model) >= 4
    runs = [uncertainty.simulate(model, 500, 3, workers=k) for k in (1, 2, 3)]
    for name in ("counts", "shift", "tau", "above"):
        for other in runs[1:]:
            np.testing.assert_array_equal(getattr(runs[0], name), getattr(other, name))


def big_counts(units: int = 60):
    """Counts from 20 to 20,000 on four indicators: some above noise.NORMAL_FROM, some below."""
    rng = np.random.default_rng(11)
    counts = np.exp(rng.uniform(np.log(20), np.log(20_000), size=(units, 4))).round()
    assert (counts < noise.NORMAL_FROM).any() and (counts >= noise.NORMAL_FROM).any()
    return table(counts, kind="count")


def test_the_43_forces_never_take_the_normal_approximation():
    ds = load_sample()
    most = 100_000  # the largest sample count UncertaintySettings allows
    for preset_id in ("home_office_2021", "ppa_2005", "harm_focused", "victim_focused"):
        s = preset(preset_id, ds.measure_of).replace(small_units="include")
        u = dataclasses.replace(s.uncertainty, data_noise=True, recording_error=0.2, **ALL_METHODS)
        model = uncertainty.build(ds, s.replace(uncertainty=u))
        assert not uncertainty.is_large(model, most, uncertainty.active_sources(model))
    result = uncertainty.run(ds, s.replace(uncertainty=u), samples=200)
    assert not result.normal_counts and result.note == ""


def test_a_large_run_draws_large_counts_normally_says_so_and_ignores_threads(monkeypatch):
    model = uncertainty.build(big_counts(), scenario(data_noise=True, vary_weights=True))
    sources = uncertainty.active_sources(model)
    need = uncertainty.LARGE_RUN // 240 + 1  # 60 units x 4 counts a sample
    assert uncertainty.is_large(model, need, sources)
    assert not uncertainty.is_large(model, need - 1, sources)
    assert not uncertainty.is_large(model, need, ("weights",))  # no noise, nothing drawn
    monkeypatch.setattr(uncertainty, "LARGE_RUN", 240 * 300)  # large from 300 samples
    monkeypatch.setattr(uncertainty, "CHUNK_ELEMENTS", 240 * 50)  # chunks of 50: 8 to share out
    # each chunk's noise depends on the chunk alone, not on the order chunks are drawn in
    x_of = [uncertainty.noise_source(model, sources, uncertainty.streams(5), large=True)
            for _ in range(2)]  # fmt: skip
    forward = [x_of[0](a, a + 50) for a in (0, 50, 100)]
    backward = [x_of[1](a, a + 50) for a in (100, 50, 0)][::-1]
    for a, b in zip(forward, backward, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(forward[0], forward[1])
    runs = [uncertainty.simulate(model, 400, 5, workers=k) for k in (1, 2)]
    assert runs[0].normal_counts and runs[0].note == noise.NORMAL_NOTE
    assert "normal approximation to the Poisson" in runs[0].note
    for name in ("counts", "shift", "tau", "above"):
        np.testing.assert_array_equal(getattr(runs[0], name), getattr(runs[1], name))
    small = uncertainty.simulate(model, 200, 5)  # below the threshold: exact Poisson draws
    assert not small.normal_counts and small.note == ""


@pytest.mark.parametrize("block", [1, 7])  # samples scored at a time
def test_a_large_run_scores_the_same_in_blocks_as_a_chunk_at_once(monkeypatch, block):
    model = uncertainty.build(big_counts(), scenario(data_noise=True, vary_weights=True,
                                                     **ALL_METHODS))  # fmt: skip
    monkeypatch.setattr(uncertainty, "LARGE_RUN", 240 * 100)
    monkeypatch.setattr(uncertainty, "BLOCK_ELEMENTS", 10**9)  # the whole chunk at once
    whole = uncertainty.simulate(model, 150, 9)
    monkeypatch.setattr(uncertainty, "BLOCK_ELEMENTS", 240 * block)  # 60 units x 4 indicators
    blocks = uncertainty.simulate(model, 150, 9)
    assert uncertainty.chunk_size(model) > 2 * block
    for name in ("counts", "shift", "tau", "above"):
        np.testing.assert_array_equal(getattr(blocks, name), getattr(whole, name))


def test_one_stream_alone_draws_what_every_stream_together_draws():
    from scoring.instability.uncertainty import STREAMS, stream, streams

    for seed in (0, 12345, 2**32 - 1):
        together = streams(seed)
        for name in STREAMS:
            assert stream(seed, name).random(5).tolist() == together[name].random(5).tolist()
