import numpy as np
import pandas as pd
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
