import numpy as np
from sensitivity_data import scenario, table

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.instability.churn import churn, observed_moves


def test_no_noise_means_no_churn():
    result = churn(table(np.random.default_rng(0).uniform(size=(6, 3))), scenario(), samples=50)
    assert (result.table["noise_mean"] == 0).all() and (result.noise_shift == 0).all()
    assert result.observed_shift is None and result.observed_share_explained is None


def test_small_counts_churn_more_than_large_ones():
    rng = np.random.default_rng(1)
    big = table(rng.uniform(50_000, 51_000, size=(10, 2)).round(), kind="count")
    small = table(big.values.to_numpy() / 5_000, kind="count")  # ~10 events per unit
    calm, noisy = (churn(ds, scenario(), samples=300, seed=3) for ds in (big, small))
    assert noisy.noise_shift.mean() > calm.noise_shift.mean()


def test_sample_data_compares_with_last_year():
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    result = churn(ds, s, samples=200)
    t = result.table
    assert len(t) == 42 and t["observed"].notna().all()
    assert result.observed_shift == t["observed"].mean()
    assert 0 <= result.observed_share_explained <= 1
    assert (t["noise_p90"] >= t["noise_mean"] - 1e-9).all()
    low, high = result.noise_range()
    assert low <= result.noise_shift.mean() <= high
    assert result.beyond_noise == int((t["observed"] > t["noise_p90"]).sum())
    moves = observed_moves(ds, s)
    assert moves.loc["E23000034"] != moves.loc["E23000034"]  # City of London: not ranked
    again = churn(ds, s, samples=200)
    np.testing.assert_array_equal(again.noise_shift, result.noise_shift)
