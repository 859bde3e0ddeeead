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


@pytest.mark.parametrize("lam", [1_000.0, 4_000.0, 50_000.0])
def test_normal_counts_have_the_poisson_mean_and_variance(lam):
    # The normal approximation, rounded: mean lam, variance lam + 1/12 (Sheppard), integers >= 0
    n = 400_000
    x = noise.normal_counts(np.array([lam]), n, np.random.default_rng(5))[:, 0]
    assert (x == np.round(x)).all() and (x >= 0).all()
    assert abs(x.mean() - lam) < 4 * np.sqrt(lam / n)  # 4 standard errors of the mean
    assert abs(x.var() / lam - 1) < 4 * np.sqrt(2 / n)  # 4 standard errors of the variance
    exact = np.random.default_rng(6).poisson(lam, n)
    assert abs(np.percentile(x, 99) - np.percentile(exact, 99)) <= 0.01 * np.sqrt(lam) + 1


def test_sample_counts_draw_normally_only_at_or_above_the_threshold():
    model = noise.noise_model(*_counts_data())
    lam = np.nan_to_num(model.counts)
    exact = noise.sample_counts(model, 30, np.random.default_rng(2))[0]
    # a threshold no count reaches: the same Poisson draws, value for value
    same = noise.sample_counts(model, 30, np.random.default_rng(2), normal_from=np.inf)[0]
    np.testing.assert_array_equal(same, exact)
    mixed = noise.sample_counts(model, 30, np.random.default_rng(2), normal_from=500)[0]
    big = lam >= 500
    assert big.any() and (~big).any()
    assert np.isnan(mixed).sum() == np.isnan(exact).sum()
    # below the threshold the Poisson draws come first in the stream, so they are unchanged
    np.testing.assert_array_equal(
        mixed[:, ~big], np.random.default_rng(2).poisson(lam[~big], size=(30, int((~big).sum())))
    )


def _counts_data():
    rng = np.random.default_rng(4)
    ds = table(rng.uniform(50, 3000, size=(12, 3)).round(), kind="count", population=5e5)
    return ds, scenario(data_noise=True)


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
