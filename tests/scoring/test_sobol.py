import dataclasses

import numpy as np
import pytest
from scipy import stats
from sensitivity_data import OFF, scenario, table

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.instability import sobol


def test_estimator_is_scipys_default():
    def model(x):
        return np.vstack([x[0] + x[1] * x[2], np.sin(x[0]) + 7 * np.sin(x[1]) ** 2])

    dists = [stats.uniform(-np.pi, 2 * np.pi)] * 3
    default = stats.sobol_indices(func=model, n=512, dists=dists, rng=np.random.default_rng(4))
    ours = stats.sobol_indices(func=model, n=512, dists=dists, rng=np.random.default_rng(4),
                               method=lambda f_A, f_B, f_AB: tuple(  # noqa: N803
                                   v.T for v in sobol.saltelli_2010(f_A, f_B, f_AB)))  # fmt: skip
    np.testing.assert_allclose(ours.first_order, default.first_order, atol=1e-12)
    np.testing.assert_allclose(ours.total_order, default.total_order, atol=1e-12)


@pytest.fixture(scope="module")
def sample_result():
    ds = load_sample()
    u = dataclasses.replace(OFF, vary_weights=True, data_noise=True, vary_methods=True,
                            normalisations=("minmax", "percentile"))  # fmt: skip
    return sobol.analyse(ds, preset("home_office_2021", ds.measure_of, uncertainty=u), n=128)


def test_indices_are_coherent(sample_result):
    r = sample_result
    assert r.inputs[-1] == "Data noise (counts and surveys)" and "Normalisation" in r.inputs
    assert len(r.outputs) == 43 and r.outputs[-1] == sobol.SHIFT
    assert r.runs == 128 * (len(r.inputs) + 2)
    shift = r.frame(sobol.SHIFT)
    assert shift["first"].sum() <= 1 + 0.1
    assert (shift["total"] >= shift["first"] - 0.05).all()
    # Per force, with N = 128 runs of a jumpy output, S_T >= S_1 holds up to estimation
    # noise: almost always within the bootstrap intervals.
    assert (r.first_ci[0] <= r.total_ci[1] + 1e-9).mean() >= 0.95
    assert (r.total_ci[0] <= r.total_ci[1]).all()
    assert not np.isnan(r.total).any()


def test_same_seed_same_indices(sample_result):
    ds = load_sample()
    u = dataclasses.replace(OFF, vary_weights=True, data_noise=True, vary_methods=True,
                            normalisations=("minmax", "percentile"))  # fmt: skip
    again = sobol.analyse(ds, preset("home_office_2021", ds.measure_of, uncertainty=u), n=128)
    np.testing.assert_array_equal(again.total, sample_result.total)
    np.testing.assert_array_equal(again.first_ci, sample_result.first_ci)


def test_a_force_whose_rank_never_moves_is_rank_fixed_not_nan():
    x = np.random.default_rng(0).uniform(1, 2, size=(6, 3))
    x[4] = 5.0  # best on every indicator under every weight
    s = scenario(vary_weights=True, weight_spread=0.8)
    r = sobol.analyse(table(x), s, n=64)
    fixed = dict(zip(r.outputs, r.fixed, strict=True))
    assert fixed["U04"] and not fixed[sobol.SHIFT]
    assert r.frame("U04")["total"].eq(0).all()
    assert r.top_input()["U04"] == "rank fixed"


def test_a_weight_that_cannot_reorder_has_no_effect():
    x = np.random.default_rng(1).uniform(1, 2, size=(8, 3))
    x[:, 2] = 1.0  # constant: its weight rescales every score alike
    r = sobol.analyse(table(x), scenario(vary_weights=True), n=128)
    still = r.inputs.index("Weight: i2")
    assert np.abs(r.total[:, still]).max() < 1e-9
    assert r.total[:, :still].max() > 0.1


def test_nothing_varies_means_no_inputs():
    r = sobol.analyse(table(np.eye(3) + 1), scenario(), n=64)
    assert r.inputs == () and r.fixed.all()


def test_base_size_is_a_power_of_two():
    assert [sobol.base_size(n) for n in (64, 100, 256, 300, 1000)] == [64, 128, 256, 256, 1024]
