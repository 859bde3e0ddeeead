import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from offence_data import GROUPS, offence_dataset, scenario, whole_basket

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.rigidity import coverage, harm


def test_coverage_is_100_percent_when_every_group_is_in_the_basket():
    cov = coverage.coverage(whole_basket(), scenario())
    np.testing.assert_allclose(cov.table["coverage"], 1.0)
    assert cov.outside_groups.empty and coverage.summary(cov)["overall"] == pytest.approx(1)


def test_coverage_ratio_known_answer():
    h = pd.DataFrame({"a": [30.0, 0.0], "b": [70.0, 0.0]}, index=["f", "g"])
    m = pd.DataFrame({"a": [1.0, 1.0], "b": [0.5, 0.0]}, index=["f", "g"])
    out = coverage.coverage_ratio(h, m)
    assert out["f"] == pytest.approx((30 + 35) / 100) and np.isnan(out["g"])


def test_dropping_a_measure_moves_exactly_its_harm_outside():
    ds = whole_basket()
    w = harm.weights(scenario())
    h = GROUPS * w.reindex(GROUPS.columns)
    dropped = scenario().replace(measure_weights={"sexual_offences": 0.0})
    cov = coverage.coverage(ds, dropped)
    np.testing.assert_allclose(cov.table["coverage"], 1 - h["sexual_offences"] / h.sum(axis=1))
    assert list(cov.outside_groups.index) == ["sexual_offences"]
    assert cov.groups.at["sexual_offences", "status"] == "outside the basket"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.booleans(), min_size=5, max_size=5).filter(any), st.integers(0, 4))
def test_adding_an_indicator_never_lowers_coverage(keep, extra):
    groups = list(GROUPS)
    chosen = {g: GROUPS[g] for g, k in zip(groups, keep, strict=True) if k}
    before = coverage.coverage(offence_dataset(chosen), scenario()).table["coverage"]
    after = coverage.coverage(offence_dataset({**chosen, groups[extra]: GROUPS[groups[extra]]}),
                              scenario()).table["coverage"]  # fmt: skip
    assert (after >= before - 1e-12).all()
    assert ((before >= 0) & (before <= 1)).all()


def test_sample_home_office_basket_leaves_out_sexual_offences():
    ds = load_sample()
    cov = coverage.coverage(ds, preset("home_office_2021", ds.measure_of))
    facts = coverage.summary(cov)
    assert 0.3 < facts["overall"] < 0.9
    assert cov.outside_groups.index[0] == "sexual_offences"
    assert cov.groups["share"].sum() == pytest.approx(1)
    assert cov.groups.at["drug_offences", "status"] == "in the basket; not counted as harm"
    assert "drug_offences" not in cov.outside_groups.index
    assert len(cov.table) == 43 and cov.table["top_outside"].str.startswith("Sexual").all()
    assert {"Missing persons", "Safeguarding fraud victims"} <= {u[0] for u in coverage.UNCOUNTED}
