"""Outlier treatment: known answers for winsorising and the log transform."""

import numpy as np
import pandas as pd
import pytest

from scoring.core import transform
from scoring.core.dataset import make_dataset
from scoring.core.pipeline import prepare
from scoring.core.scenario import Scenario

X = np.arange(101, dtype=float)[:, None]  # 0, 1, ..., 100: the p-th percentile is exactly p


@pytest.mark.parametrize("pct, lo, hi", [(5.0, 5.0, 95.0), (10.0, 10.0, 90.0), (25.0, 25.0, 75.0)])
def test_winsorise_clips_at_exactly_the_stated_percentiles(pct, lo, hi):
    out = transform.treat(X, "winsorise", winsor_pct=pct)[:, 0]
    assert out.min() == lo and out.max() == hi
    np.testing.assert_array_equal(out[int(lo):int(hi) + 1], X[int(lo):int(hi) + 1, 0])  # inside: as is
    assert (out[: int(lo)] == lo).all() and (out[int(hi) + 1:] == hi).all()  # both tails clipped


def test_winsorise_bounds_come_from_the_scale_units_only():
    x = np.vstack([X, [[10_000.0]]])  # an outlier outside the scale (City of London's place)
    mask = np.r_[np.ones(101, bool), False]
    out = transform.treat(x, "winsorise", scale_mask=mask, winsor_pct=5.0)[:, 0]
    assert out[-1] == 95.0 and out[:101].max() == 95.0 and out.min() == 5.0


def test_winsorise_per_indicator_with_a_sample_axis_and_missing_values():
    x = np.stack([np.column_stack([X[:, 0], 2 * X[:, 0]])] * 3)  # (3 samples, 101, 2)
    x[1, 0, 0] = np.nan  # a missing value: nanpercentile over the other 100
    out = transform.treat(x, "winsorise", winsor_pct=5.0)
    assert out[0, :, 0].max() == 95.0 and out[0, :, 1].max() == 190.0
    assert np.isnan(out[1, 0, 0]) and np.nanmin(out[1, :, 0]) == pytest.approx(np.percentile(X[1:, 0], 5))


def test_log_transform_known_values_and_negative_input():
    x = np.array([[0.0], [np.e - 1], [np.e**2 - 1], [-1.0], [np.nan]])
    out = transform.treat(x, "log")[:, 0]
    np.testing.assert_allclose(out[:3], [0.0, 1.0, 2.0])
    assert np.isnan(out[3]) and np.isnan(out[4])


def test_the_pipeline_treats_the_rates_as_the_scenario_says():
    values = np.arange(1.0, 21.0)  # 20 units, one indicator, used as given
    ds = make_dataset(pd.DataFrame({"a": values}, index=[f"U{i}" for i in range(20)]), population=1e6)
    win = prepare(ds, Scenario(small_units="include", transform="winsorise", winsor_pct=10.0)).x[:, 0]
    assert win.min() == pytest.approx(np.percentile(values, 10)) == pytest.approx(2.9)
    assert win.max() == pytest.approx(np.percentile(values, 90)) == pytest.approx(18.1)
    logged = prepare(ds, Scenario(small_units="include", transform="log")).x[:, 0]
    np.testing.assert_allclose(logged, np.log1p(values))
