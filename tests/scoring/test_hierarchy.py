"""Weights at any depth (scoring.core.hierarchy), per-level aggregation, and old scenarios
replaying exactly."""

import numpy as np
import pandas as pd
import pytest

from scoring.core import aggregate, hierarchy
from scoring.core.dataset import load_sample
from scoring.core.pipeline import scenario_weights, score
from scoring.core.scenario import Scenario
from tests.fixtures.tree import sample_tree

# Written by the code before hierarchies existed (main at f10df89): a saved scenario and its link.
OLD_JSON = (
    '{"aggregation": "geometric", "app": "league-table-lab", "baseline": "home_office_2021", "confirmed": "", '
    '"counts": {}, "data": "sample", "directions": {}, "geometric_offset": 0.01, "illustrative": false, '
    '"indicator_weights": {"knife_offences": 7.0, "robbery": 1.5}, "measure_weights": {"cyber": 2.0, '
    '"drugs": 0.0, "homicide": 8.0, "neighbourhood": 6.0, "serious_violence": 3.5, "victim_satisfaction": 5.0}, '
    '"missing": "reweight", "name": "Home Office 2021 proposal", "normalisation": "zscore", "seed": 20241231, '
    '"small_unit_population": 50000, "small_units": "rank_apart", "small_units_everywhere": false, '
    '"transform": "none", "version": 1, "winsor_pct": 5.0}'
)
OLD_LINK = ("w.cyber=2.0&w.drugs=0.0&w.homicide=8.0&w.neighbourhood=6.0&w.serious_violence=3.5"
            "&w.victim_satisfaction=5.0&iw.knife_offences=7.0&iw.robbery=1.5&norm=zscore&agg=geometric")
OLD_TOP5 = {"E23000038": 0.8980055939015722, "E23000006": 0.8965855571791719,
            "E23000039": 0.8553562693132054, "E23000009": 0.8416878296875374,
            "E23000035": 0.8327749674025239}  # fmt: skip


def test_old_json_and_link_replay_exactly():
    from urllib.parse import parse_qsl

    from_json, notes = Scenario.from_json(OLD_JSON)
    from_link, link_notes = Scenario.from_query(dict(parse_qsl(OLD_LINK)))
    assert not notes and not link_notes
    assert from_json == from_link and from_json.group_weights == {} and from_json.across == "same"
    ranked = score(load_sample(), from_json).ranked
    assert {c: float(v) for c, v in ranked["score"].head(5).items()} == OLD_TOP5  # bit for bit


def test_group_weights_and_across_round_trip_and_clamp():
    s = Scenario(group_weights={"harm": 8.0, "volume": 2.5}, across="geometric")
    assert Scenario.from_json(s.to_json())[0] == s
    assert Scenario.from_query(s.to_query())[0] == s
    clamped, notes = Scenario.from_query({"gw.harm": "99", "across": "median"})
    assert clamped.group_weights == {"harm": 10.0} and clamped.across == "same" and len(notes) == 2
    assert Scenario(group_weights={"nope": 1}).check([], [], groups=["harm"]) == [
        "group weights: no group called 'nope' in this dataset; ignored"]


def test_effective_weights_are_products_down_the_tree():
    tree = sample_tree()
    h = hierarchy.of(tree)
    assert h.depth == 4 and h.top == ["harm", "volume"] and h.nodes_at(3) == ["harm", "volume"]
    w = scenario_weights(tree, Scenario(group_weights={"harm": 3.0, "volume": 1.0}))
    themes = hierarchy.level_shares(h, w, 3)
    assert themes.to_dict() == pytest.approx({"harm": 0.75, "volume": 0.25})
    measures = hierarchy.level_shares(h, w, 2)
    # harm's 0.75 split three ways; victim satisfaction has no data, so volume's 0.25 goes two ways
    assert measures.to_dict() == pytest.approx({"homicide": 0.25, "serious_violence": 0.25, "drugs": 0.25,
                                                "neighbourhood": 0.125, "cyber": 0.125,
                                                "victim_satisfaction": 0.0})  # fmt: skip
    assert w.sum() == pytest.approx(1.0)


def test_a_theme_with_no_weighted_measure_drops_out():
    tree = sample_tree()
    s = Scenario(measure_weights={"neighbourhood": 0.0, "cyber": 0.0})
    themes = hierarchy.level_shares(hierarchy.of(tree), scenario_weights(tree, s), 3)
    assert themes.to_dict() == pytest.approx({"harm": 1.0, "volume": 0.0})


def test_a_tree_with_equal_weights_everywhere_differs_from_the_flat_table():
    flat = scenario_weights(load_sample(), Scenario())
    tree = scenario_weights(sample_tree(), Scenario())
    assert not np.allclose(flat, tree)  # themes re-balance: each theme gets half
    assert hierarchy.level_shares(hierarchy.of(sample_tree()), tree, 3)["harm"] == pytest.approx(0.5)


def test_bad_trees_are_refused():
    base = load_sample()
    with pytest.raises(ValueError, match="not a group"):
        hierarchy.attach(base, {"homicide": "nowhere"}, pd.DataFrame({"label": [], "parent": []}))
    circle = pd.DataFrame({"label": ["A", "B"], "parent": ["b", "a"]}, index=["a", "b"])
    with pytest.raises(ValueError, match="circle"):
        hierarchy.attach(base, {}, circle)
    with pytest.raises(ValueError, match="also a measure"):
        hierarchy.attach(base, {}, pd.DataFrame({"label": ["X"], "parent": [""]}, index=["drugs"]))


@pytest.mark.parametrize("within, across", [("arithmetic", "geometric"), ("geometric", "arithmetic")])
def test_nested_aggregation_by_hand(within, across):
    rng = np.random.default_rng(1)
    z = rng.uniform(size=(6, 4))
    w = np.array([0.1, 0.3, 0.2, 0.4])
    top = np.array([0, 0, 1, 1])
    got = aggregate.nested(z, w, top, within, across)
    theme = np.column_stack([aggregate.aggregate(z[:, :2], w[:2], within), aggregate.aggregate(z[:, 2:], w[2:], within)])
    want = aggregate.aggregate(theme, np.array([0.4, 0.6]), across)
    np.testing.assert_allclose(got, want)
    # a leading sample axis gives the same answer per sample
    np.testing.assert_allclose(aggregate.nested(np.stack([z, z]), np.stack([w, w]), top, within, across)[1], want)


def test_arithmetic_within_geometric_across_in_the_pipeline():
    tree = sample_tree()
    same = score(tree, Scenario())
    mixed = score(tree, Scenario(across="geometric"))
    assert not np.allclose(same.table["score"], mixed.table["score"], equal_nan=True)
    parts = mixed.table[mixed.contribution_columns].sum(axis=1)
    np.testing.assert_allclose(np.exp(parts), mixed.table["score"], rtol=1e-9)  # parts add up in logs
    themes = hierarchy.level_contributions(hierarchy.of(tree), same.table, 3)
    np.testing.assert_allclose(themes.sum(axis=1), same.table["score"], rtol=1e-9)
    assert list(themes.columns) == ["harm", "volume"]


def test_across_on_the_two_level_sample_acts_across_measures():
    two = score(load_sample(), Scenario(across="geometric")).table["score"]
    by_hand = score(load_sample(), Scenario()).table[[f"c_{m}" for m in load_sample().measure_ids]]
    assert not np.allclose(two, by_hand.sum(axis=1), equal_nan=True)


def _weights_only(level):
    return Scenario().with_section("uncertainty", data_noise=False, sobol_n=64, sobol_level=level)


def test_sobol_by_level_themes_and_measures():
    from scoring.instability import sobol

    tree = sample_tree()
    themes = sobol.analyse(tree, _weights_only("top"))
    measures = sobol.analyse(tree, _weights_only("measures"))
    assert themes.inputs == ("Weight: Serious harm", "Weight: Volume crime and victims")
    assert len(measures.inputs) == 5  # victim satisfaction has no data: no input
    assert themes.runs == 64 * 4 and measures.runs == 64 * 7
    assert np.nanmax(themes.total) > 0


def test_sobol_top_level_without_themes_is_the_measure_level():
    from scoring.instability import sobol

    flat = load_sample()
    top = sobol.analyse(flat, _weights_only("top"))
    per_measure = sobol.analyse(flat, _weights_only("measures"))
    assert top.inputs == per_measure.inputs
    np.testing.assert_array_equal(top.total, per_measure.total)


@pytest.mark.parametrize("analysis", ["bestworst", "stability"])
def test_exact_weight_analyses_refuse_a_second_aggregation_plainly(analysis):
    from scoring.errors import InputError
    from scoring.instability import bestworst, stability

    run = {"bestworst": bestworst.best_worst, "stability": stability.stability}[analysis]
    with pytest.raises(InputError, match="one aggregation at every level"):
        run(sample_tree(), Scenario(across="geometric"))
    assert run(sample_tree(), Scenario(across="arithmetic")) is not None  # the same as within: fine
