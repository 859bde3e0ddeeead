"""Each force area's context: values from the shipped data, compositions, the crime-mix index."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.context.variables import centred_log_ratios, first_component, force_context
from scoring.core.dataset import load_sample, make_dataset
from scoring.errors import InputError


@pytest.fixture(scope="module")
def context():
    return force_context(load_sample())


def test_context_of_the_43_forces_from_the_shipped_files(context):
    t = context.table
    assert len(t) == 43 and not t.isna().any().any()
    met = t.loc["E23000001"]
    assert met["diversity"] == pytest.approx(1 - 4_881_636 / 8_166_566)  # Census 2011, 40.2%
    assert met["density"] == pytest.approx(8_931_800 / 1_581.3)  # about 5,650 per km2
    assert t["density"].idxmin() == "W15000004"  # Dyfed-Powys
    assert t["diversity"].idxmin() == "E23000002" or t["diversity"].min() < 0.02
    np.testing.assert_allclose(context.shares.sum(axis=1), 1.0)


def test_the_crime_mix_index_reads_as_more_theft(context):
    assert context.loadings["theft_offences"] > 0
    assert "theft" in context.mix_words().split(", less")[0]
    assert 0 < context.explained <= 1
    # London's mix is the most acquisitive of the large forces; rural Wales the least.
    mix = context.table["crime_mix"]
    assert mix["E23000001"] > mix.median() > mix["W15000004"]


def test_the_2023_sample_uses_its_own_crime_mix():
    ctx = force_context(load_sample("sample-2023"))
    assert "2023" in ctx.year_note
    assert not np.allclose(ctx.shares.to_numpy(), force_context(load_sample()).shares.to_numpy())


def test_data_without_offence_groups_falls_back_to_the_shipped_mix():
    ds = load_sample()
    bare = dataclasses.replace(ds, context={})
    assert "shipped" in force_context(bare).year_note


def test_units_that_are_not_police_forces_are_refused():
    values = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=["E38000001", "E38000002", "E38000003"])
    with pytest.raises(InputError, match="43 police force areas"):
        force_context(make_dataset(values))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4), min_size=3, max_size=8),
       st.floats(0.1, 50.0))  # fmt: skip
def test_log_ratios_do_not_depend_on_the_total(rows, factor):
    """Shares and counts give the same log-ratios (Aitchison's scale invariance)."""
    shares = pd.DataFrame(rows, columns=list("abcd"))
    np.testing.assert_allclose(centred_log_ratios(shares), centred_log_ratios(shares * factor),
                               atol=1e-9)  # fmt: skip


def test_first_component_of_perfectly_correlated_columns_explains_everything():
    x = np.linspace(-1, 1, 9)
    frame = pd.DataFrame({"theft_offences": -x, "b": -2 * x, "c": -0.5 * x})
    frame = (frame - frame.mean()) / frame.std(ddof=0)
    scores, loadings, explained = first_component(frame)
    assert explained == pytest.approx(1.0)
    assert loadings["theft_offences"] > 0  # the sign rule
    assert np.corrcoef(scores, -x)[0, 1] == pytest.approx(1.0)
