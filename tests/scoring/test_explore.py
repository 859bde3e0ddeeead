"""The explorer's numbers: ski slope, correlations and redundancy, funnels, missing values."""

from pathlib import Path

import pandas as pd

from scoring.core.dataset import load_sample, make_dataset
from scoring.core.scenario import Scenario
from scoring.explore import indicators as explore
from scoring.io import load_path

MALFORMED = Path(__file__).resolve().parents[1] / "fixtures" / "malformed"


def test_ski_slope_is_sorted_and_uses_the_published_national_value():
    ds = load_sample()
    frame, national = explore.ski_slope(ds, "robbery")
    assert frame["value"].is_monotonic_decreasing
    assert national == 81135 / 60_854_700 * 1000
    assert explore.reference_name(ds) == "England and Wales"


def test_redundant_pairs_flag_indicators_that_move_together():
    values = pd.DataFrame({"a": range(10), "b": [2 * i + 1 for i in range(10)],
                           "c": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]}, index=[f"u{i}" for i in range(10)])  # fmt: skip
    corr = explore.correlations(make_dataset(values))
    pairs = explore.redundant_pairs(corr)
    assert pairs[["a", "b"]].values.tolist() == [["a", "b"]] and pairs["r"].iloc[0] == 1.0


def test_funnel_frame_of_a_count_indicator():
    ds = load_sample()
    assert "victim_satisfaction" not in explore.count_indicators(ds)
    f, frame, target = explore.indicator_funnel(ds, "homicide")
    assert target == ds.values["homicide"].sum() / ds.units["population"].sum() * 1e6
    assert frame.loc["E23000001", "outside_998"] == 1  # the Met: 109 homicides, above the funnel
    assert set(frame["outside_95"].dropna()) <= {-1.0, 0.0, 1.0}


def test_missing_cells_say_what_each_policy_does():
    ds = load_path(MALFORMED / "marker_x.csv").dataset
    for policy, words in [("reweight", "scored on its other indicators"),
                          ("exclude", "unit left out of the table"),
                          ("impute_national", "filled with the England and Wales value"),
                          ("impute_region_median", "filled with the median of North West")]:  # fmt: skip
        cells = explore.missing_cells(ds, Scenario(data=ds.id, missing=policy))
        assert cells[["unit", "marker"]].values.tolist() == [["Cumbria", "[x]"]]
        assert words in cells.at[0, "action"]
    no_weight = Scenario(data=ds.id, measure_weights={"homicide": 0.0})
    assert explore.missing_cells(ds, no_weight).at[0, "action"] == "no weight: no effect"
