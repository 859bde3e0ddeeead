import itertools

import numpy as np
import pandas as pd
import pytest
from sensitivity_data import scenario, table

from scoring.core.dataset import load_sample
from scoring.core.pipeline import prepare
from scoring.core.scenario import preset
from scoring.instability import noise


def test_poisson_counts_are_re_rated_with_the_population():
    ds = table(np.array([[100.0], [400.0], [0.0]]), kind="count", population=2000)
    model = noise.noise_model(ds, scenario())
    x = noise.draw(model, 20_000, np.random.default_rng(0))
    rates = x[..., 0]  # per 1,000 residents
    np.testing.assert_allclose(rates.mean(axis=0), [50, 200, 0], rtol=0.01)
    np.testing.assert_allclose(rates.var(axis=0), [100 / 4, 400 / 4, 0], rtol=0.05)


def test_survey_percentages_use_the_sample_size():
    ds = load_sample(illustrative=True)
    model = noise.noise_model(ds, preset("home_office_2021", ds.measure_of))
    j = ds.indicators.index("victim_satisfaction")
    x = noise.draw(model, 4000, np.random.default_rng(1))[..., j]
    p = ds.values["victim_satisfaction"].to_numpy() / 100
    sd = 100 * np.sqrt(p * (1 - p) / 800)
    np.testing.assert_allclose(x.std(axis=0), sd, rtol=0.1)
    assert (x * 800 / 100 % 1 < 1e-6).all()  # whole respondents


def test_recording_error_scales_each_force_within_the_band():
    ds = table(np.array([[100.0, 10.0], [300.0, 30.0]]), kind="count", population=1000)
    model = noise.noise_model(ds, scenario())
    x = noise.draw(model, 500, np.random.default_rng(2), sampling=False, recording=0.2)
    factor = x / model.base
    assert factor.min() >= 0.8 and factor.max() <= 1.2
    np.testing.assert_allclose(factor[..., 0], factor[..., 1])  # one factor per force and draw


def test_no_noise_returns_the_treated_values_and_imputed_values_stay_fixed():
    values = pd.DataFrame({"a": [10.0, np.nan, 30.0, 50.0], "b": [1.0, 2.0, 3.0, 4.0]},
                          index=list("PQRS"))  # fmt: skip
    from scoring.core.dataset import make_dataset

    ds = make_dataset(values, kind="count", population=1000, regions=dict.fromkeys("PQRS", "r"))
    s = scenario().replace(missing="impute_national", transform="log")
    model = noise.noise_model(ds, s)
    np.testing.assert_allclose(noise.assemble(model, 1)[0], prepare(ds, s).x)
    x = noise.draw(model, 50, np.random.default_rng(3))
    assert np.ptp(x[:, 1, 0]) == 0  # the filled-in value carries no noise
    assert np.ptp(x[:, 0, 0]) > 0


def test_rate_indicators_carry_no_noise():
    model = noise.noise_model(table(np.ones((3, 2))), scenario())
    assert not model.has_noise


@pytest.mark.parametrize("lam", [float(noise.NORMAL_FROM), 1_000.0, 50_000.0])
def test_normal_counts_have_the_poisson_mean_and_variance(lam):
    # The normal approximation, rounded: mean lam, variance lam + 1/12 (Sheppard), integers >= 0
    n = 400_000
    x = noise.normal_counts(np.array([lam]), n, np.random.default_rng(5))[:, 0]
    assert (x == np.round(x)).all() and (x >= 0).all()
    assert abs(x.mean() - lam) < 4 * np.sqrt(lam / n)  # 4 standard errors of the mean
    assert abs(x.var() / lam - 1) < 4 * np.sqrt(2 / n)  # 4 standard errors of the variance
    # The 99th percentile against the Poisson's own: within 4 standard errors of a sample
    # percentile, plus 1 for the Poisson's skew ((z^2 - 1)/6 = 0.74) and rounding. (Against a
    # second sample's percentile with 0.01 sqrt(lam) + 1 it failed for 2 seeds in 8 at 50,000.)
    from scipy import stats

    z99 = stats.norm.ppf(0.99)
    tolerance = 4 * np.sqrt(0.99 * 0.01 / n) / stats.norm.pdf(z99) * np.sqrt(lam) + 1
    assert abs(np.percentile(x, 99) - stats.poisson.ppf(0.99, lam)) <= tolerance


def test_the_normal_approximation_at_its_threshold_is_as_close_as_the_docs_and_note_say():
    # Exact distances between the rounded normal and the Poisson at the smallest count a large
    # run draws normally: the module notes give 0.013 in total variation and 0.66 percentage
    # points in a cumulative probability, and the on-screen note says "within 0.7".
    from scipy import stats

    lam = float(noise.NORMAL_FROM)
    k = np.arange(int(lam + 40 * np.sqrt(lam)))
    poisson = stats.poisson.pmf(k, lam)
    edges = stats.norm.cdf((np.append(k, k[-1] + 1) - 0.5 - lam) / np.sqrt(lam))
    rounded = np.diff(edges)
    rounded[0] = edges[1]  # max(0, .): the mass below zero lands on 0
    total_variation = 0.5 * np.abs(poisson - rounded).sum()
    cdf_error = np.abs(np.cumsum(poisson) - np.cumsum(rounded)).max()
    assert total_variation < 0.013 and cdf_error < 0.0067
    assert "within 0.7 percentage points" in noise.NORMAL_NOTE and f"{lam:,.0f} or more" in noise.NORMAL_NOTE


def test_large_run_draws_do_not_depend_on_the_block_size(monkeypatch):
    ds = load_sample()
    model = noise.noise_model(ds, preset("home_office_2021", ds.measure_of))

    def x():
        return noise.draw(model, 7, np.random.default_rng(4), recording=0.1,
                          recording_rng=np.random.default_rng(5), normal_from=noise.NORMAL_FROM)  # fmt: skip

    default = x()
    assert noise.BLOCK // model.counts.size >= 7  # the 43 forces: one block by default
    monkeypatch.setattr(noise, "BLOCK", 1)  # one sample a block
    np.testing.assert_array_equal(x(), default)


@pytest.mark.parametrize("recording", [0.0, 0.2])
def test_the_large_run_path_draws_normally_only_at_or_above_the_threshold(recording):
    ds = load_sample()  # counts from 1 to about 100,000, and survey percentages
    s = preset("home_office_2021", ds.measure_of)
    model = noise.noise_model(ds, s)

    def x(normal_from):
        return noise.draw(model, 30, np.random.default_rng(2), recording=recording,
                          recording_rng=np.random.default_rng(3), normal_from=normal_from)  # fmt: skip

    exact = x(None)
    np.testing.assert_array_equal(x(np.inf), exact)  # no count that high: value for value the same
    mixed = x(1000)
    lam, per = np.full(model.base.shape, np.nan), np.full(model.base.shape, np.nan)
    lam[:, model.count_cols], per[:, model.count_cols] = model.counts, model.per_count
    big, small = lam >= 1000, lam < 1000
    assert model.transform == "none" and big.any() and small.any()
    assert not np.array_equal(mixed[:, big], exact[:, big])
    if recording == 0:
        # below the threshold: the Poisson, drawn first in the stream, cell by cell
        poisson = np.random.default_rng(2).poisson(lam[small], size=(30, int(small.sum())))
        np.testing.assert_array_equal(mixed[:, small], poisson * per[small])
        # at or above: whole counts within a few sd of the observed ones
        counts = mixed[:, big] / per[big]
        np.testing.assert_allclose(counts, np.round(counts), rtol=1e-9)
        assert (np.abs(counts - lam[big]) < 6 * np.sqrt(lam[big])).all()


@pytest.mark.parametrize("cols", [[1, 2, 3], [0, 2, 5], []])
def test_put_writes_every_value_that_is_not_nan(cols):
    rng = np.random.default_rng(len(cols))
    x = rng.random((4, 5, 6))
    values = rng.random((4, 5, len(cols)))
    values[values < 0.3] = np.nan
    want = x.copy()
    want[..., cols] = np.where(np.isnan(values), x[..., cols], values)
    noise._put(x, np.array(cols, dtype=int), values)
    np.testing.assert_array_equal(x, want)


def test_table_deviates_are_independent_standard_normals_drawn_row_by_row():
    from scipy import stats

    cells = 10_001  # not a multiple of four: the last word's spare deviates are dropped
    z = noise.standard_normals(40, cells, np.random.default_rng(8))
    assert z.dtype == np.float32 and z.shape == (40, cells) and np.isfinite(z).all()
    flat = z.astype(float).ravel()
    assert stats.kstest(flat, "norm").pvalue > 1e-3
    assert abs(flat.mean()) < 4 / np.sqrt(flat.size) and abs(flat.var() - 1) < 4 * np.sqrt(2 / flat.size)
    assert np.abs(flat).max() <= stats.norm.isf(2.0**-17) * (1 + 1e-6)  # the table's last quantile
    # the four deviates of one 64-bit word are independent of each other
    words = z[:, :10_000].astype(float).reshape(40, -1, 4)
    for a, b in itertools.combinations(range(4), 2):
        first, second = words[..., a].ravel(), words[..., b].ravel()
        assert abs(np.corrcoef(first, second)[0, 1]) < 4 / np.sqrt(first.size)
        assert abs(np.corrcoef(first**2, second**2)[0, 1]) < 4 / np.sqrt(first.size)
        assert stats.kstest(first**2 + second**2, "chi2", args=(2,)).pvalue > 1e-3
    # each row takes its own words, in row order: drawing rows one at a time changes nothing
    rng = np.random.default_rng(9)
    one_by_one = np.vstack([noise.standard_normals(1, 7, rng) for _ in range(3)])
    np.testing.assert_array_equal(noise.standard_normals(3, 7, np.random.default_rng(9)), one_by_one)


def test_the_table_holds_the_normal_quantiles_at_the_middles_of_equal_slices():
    from scipy import stats

    table = noise._quantiles()
    k = np.array([0, 1, 2**15 - 1, 2**15, 2**16 - 1])
    np.testing.assert_allclose(table[k], stats.norm.ppf((k + 0.5) / 2**16), rtol=1e-7)
    assert (np.diff(table) > 0).all() and np.array_equal(table, -table[::-1])
    # so each value has probability 2^-16: every cumulative probability within 2^-17
    z = np.sort(noise.standard_normals(1, 2**20, np.random.default_rng(3))[0].astype(float))
    counts = np.bincount(np.searchsorted(table, z), minlength=2**16)
    assert stats.chisquare(counts).pvalue > 1e-3


def test_the_noise_arrays_are_read_once_per_dataset_and_follow_its_kinds():
    # A weight moved keeps the data's counts and sizes (shared, read-only); data whose
    # indicator kinds differ get their own.
    import dataclasses

    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    first = noise.noise_model(ds, s)
    moved = noise.noise_model(ds, s.replace(measure_weights={**s.measure_weights, "drugs": 9.5}))
    assert moved.counts is first.counts and moved.trials is first.trials
    with pytest.raises(ValueError):
        moved.counts[0, 0] = 1.0
    meta = ds.meta.copy()
    meta.loc["robbery", ["kind", "noise"]] = ["rate", "none"]
    other = noise.noise_model(dataclasses.replace(ds, meta=meta), s)
    assert ds.meta.index.get_loc("robbery") in first.count_cols
    assert ds.meta.index.get_loc("robbery") not in other.count_cols
    assert len(other.count_cols) == len(first.count_cols) - 1
