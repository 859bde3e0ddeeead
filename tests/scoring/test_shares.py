import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sensitivity_data import scenario

from scoring.core.dataset import load_sample, make_dataset
from scoring.core.pipeline import prepare, score
from scoring.core.scenario import preset
from scoring.instability.shares import (
    aggregated_values,
    indicator_weights,
    measure_parts,
    measure_weights,
)


def test_shares_rebuild_the_effective_weights():
    ds = load_sample()
    s = preset("harm_focused", ds.measure_of, indicator_weights={"robbery": 9.0})
    p = prepare(ds, s)
    mw = measure_weights(p, s)
    np.testing.assert_allclose(indicator_weights(mw, mw.shares), p.weights)
    assert mw.shares[list(mw.names).index("drugs")] == 0


def test_dropping_an_indicator_gives_its_share_to_its_measure():
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    p = prepare(ds, s)
    mw = measure_weights(p, s)
    j = p.indicators.index("robbery")
    w = indicator_weights(mw, mw.shares, np.array(j))
    assert w[j] == 0 and abs(w.sum() - 1) < 1e-12
    neighbourhood = mw.groups == mw.groups[j]
    assert abs(w[neighbourhood].sum() - 1 / 5) < 1e-12  # five measures have data
    k = p.indicators.index("homicide")  # the only indicator of its measure
    w = indicator_weights(mw, mw.shares, np.array(k))
    np.testing.assert_allclose(w[w > 0].sum(), 1.0)
    assert w[k] == 0


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(3, 8), st.just(4)), elements=st.floats(0, 50)),
    st.sampled_from(["arithmetic", "geometric"]),
    st.booleans(),
    st.lists(st.floats(0.5, 10), min_size=2, max_size=2),
)
def test_measure_parts_rebuild_the_pipeline_score(x, agg, gaps, w):
    if gaps:
        x[0, 1] = np.nan
    ds = make_dataset(
        pd.DataFrame(x, columns=list("abcd")), measures={"a": "A", "b": "A", "c": "B", "d": "B"}
    )
    s = scenario().replace(aggregation=agg, measure_weights={"A": w[0], "B": w[1]})
    p = prepare(ds, s)
    mw = measure_weights(p, s)
    num, den = measure_parts(aggregated_values(p, "minmax", agg, 0.01), mw)
    s_parts = (num @ mw.shares) / (den @ mw.shares)
    s_parts = np.exp(s_parts) if agg == "geometric" else s_parts
    np.testing.assert_allclose(s_parts, score(ds, s).table["score"], rtol=1e-9, atol=1e-12)
