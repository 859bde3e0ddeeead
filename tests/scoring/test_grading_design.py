"""The threshold lift and the design assistant: checked by recomputing tables and by brute force."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.errors import InputError
from scoring.grading import design, lift, rules
from scoring.instability import ranksets

SAMPLE = load_sample()
HOME = preset("home_office_2021", SAMPLE.measure_of)
CLEVELAND = "E23000013"


def grade_after(scenario, code: str, indicator: str, offences: float) -> str:
    """The force's grade on a table recomputed from scratch with its count changed."""
    values = SAMPLE.values.copy()
    values.loc[code, indicator] += offences
    changed = dataclasses.replace(SAMPLE, values=values)
    table = score(changed, scenario).table
    graded = table["rank"].notna()
    published = score(SAMPLE, scenario).table["score"][graded].to_numpy()
    bands = rules.bands(scenario.grading, published)  # the rule is fixed on the published table
    grades = bands.assign(table["score"][graded].to_numpy())
    return bands.names[grades[list(table.index[graded]).index(code)]]


@pytest.mark.parametrize("grading", [{}, {"bands": "quantile", "grades": 4, "names": "ppa",
                                          "shares": {"1": 7.0, "2": 44.0, "3": 40.0, "4": 9.0}}])
def test_every_route_to_the_next_grade_reaches_it_and_one_offence_less_does_not(grading):
    s = HOME.with_section("grading", **grading)
    routes = lift.routes(SAMPLE, s, CLEVELAND)
    grade_rows = routes[routes["target"].str.startswith("Reach") & (routes["status"] == "ok")]
    assert len(grade_rows) >= 1
    target = grade_rows["target"].iloc[0].removeprefix("Reach ")
    for row in grade_rows.itertuples():
        assert float(row.change_count).is_integer()  # offences come whole
        assert grade_after(s, CLEVELAND, row.indicator, row.change_count) == target
        one_less = row.change_count - np.sign(row.change_count)
        assert grade_after(s, CLEVELAND, row.indicator, one_less) != target
    assert (np.diff(routes.loc[routes["status"] == "ok", "effort"]) >= 0).all()  # cheapest first


def test_a_threshold_route_meets_it_in_whole_offences_and_one_fewer_falls_short():
    s = HOME.with_section("grading", thresholds={"residential_burglary": 3.0})
    row = lift.routes(SAMPLE, s, CLEVELAND).query("target.str.startswith('Meet')").iloc[0]
    count = SAMPLE.values.at[CLEVELAND, "residential_burglary"]
    population = SAMPLE.units.at[CLEVELAND, "population"]
    assert (count + row["change_count"]) / population * 1000 <= 3.0
    assert (count + row["change_count"] + 1) / population * 1000 > 3.0
    assert (row["after"], row["after_one_less"]) == ("meets", "falls short")


def test_z_scores_use_the_grid_scan_and_still_confirm_every_route():
    s = HOME.replace(normalisation="zscore")
    routes = lift.routes(SAMPLE, s, CLEVELAND)
    ok = routes[routes["target"].str.startswith("Reach") & (routes["status"] == "ok")]
    assert len(ok) and (ok["after"] == ok["target"].str.removeprefix("Reach ")).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=4, max_size=4),
       st.lists(st.floats(0, 0.2), min_size=4, max_size=4))  # fmt: skip
def test_projection_lands_on_the_admissible_weights(v, width):
    lo = np.array([0.1, 0.05, 0.0, 0.2])
    hi = lo + 0.2 + np.array(width)  # minima add up to 0.35, maxima to at least 1.15
    w = design.project(np.array(v), lo, hi)
    assert abs(w.sum() - 1) < 1e-9 and (w >= lo - 1e-9).all() and (w <= hi + 1e-9).all()
    np.testing.assert_allclose(design.project(w, lo, hi), w, atol=1e-9)  # admissible stays put


def test_pareto_keeps_the_points_nothing_beats_on_both():
    points = np.array([[1, 5], [2, 2], [3, 1], [3, 3], [1, 5], [4, 4]])
    assert design.pareto(points).tolist() == [True, True, True, False, True, False]


def test_the_instability_objective_is_the_league_table_s_rank_sets():
    s = HOME.with_section("design", draws=300)
    width, leverage = design.objectives(SAMPLE, s).evaluate(design.objectives(SAMPLE, s).current)
    sets = ranksets.for_scenario(SAMPLE, s, draws=300).simultaneous
    assert width == pytest.approx(np.mean(sets.upper - sets.lower + 1))
    assert leverage > 0


def test_the_search_stays_admissible_and_beats_or_equals_your_weights():
    s = HOME.with_section("design", candidates=12, iterations=1, draws=150)
    result = design.design_weights(SAMPLE, s)
    shares = result.points[list(result.measures)].to_numpy()
    assert np.allclose(shares.sum(axis=1), 1)
    assert (shares >= result.lower - 1e-9).all() and (shares <= result.upper + 1e-9).all()
    mine = result.current
    assert result.best("instability")["instability"] <= mine["instability"]
    assert result.best("leverage")["leverage"] <= mine["leverage"]
    front = result.points[result.points["pareto"]]
    assert len(front) >= 1 and result.evaluations > 12
    again = design.design_weights(SAMPLE, s)
    assert again.points.equals(result.points)  # the seed fixes every point


def test_bounds_no_weights_fit_are_refused_in_plain_words():
    s = HOME.with_section("uncertainty", weight_bounds={"homicide": (0.8, 0.9), "drugs": (0.5, 0.6)})
    with pytest.raises(InputError, match="no weights fit"):
        design.objectives(SAMPLE, s)


def test_cut_offs_are_the_exact_minimum_over_the_candidates():
    rng = np.random.default_rng(3)
    r, draws = 9, 400
    published = np.sort(rng.uniform(0, 1, r))[::-1]
    drawn = published + rng.normal(0, 0.08, (draws, r))
    cuts, gap = design._candidates(published)
    exceed = design._exceedance(drawn, cuts)
    chosen, value = design._dynamic(exceed, gap, 3, 2, r)
    best = np.inf
    for a, b in itertools.combinations(range(len(cuts)), 2):  # brute force over every pair
        if gap[a] + 1 < 2 or gap[b] - gap[a] < 2 or r - 1 - gap[b] < 2:
            continue
        grades = rules.fixed_grades(drawn, cuts[[a, b]])
        own = rules.fixed_grades(published, cuts[[a, b]])
        best = min(best, float((grades != own).mean(axis=0).sum()))
    assert value == pytest.approx(best)
    assert value == pytest.approx(float((rules.fixed_grades(drawn, cuts[chosen])
                                         != rules.fixed_grades(published, cuts[chosen])).mean(axis=0).sum()))


def test_designed_cut_offs_misgrade_no_more_than_the_rule_in_use():
    s = HOME.with_section("grading", samples=600).with_section("design", min_per_grade=3)
    result = design.design_cutoffs(SAMPLE, s)
    assert result.expected <= result.current_expected + 1e-9
    assert (result.counts >= 3).all() and result.counts.sum() == 42
    assert (np.diff(result.cutoffs) < 0).all()
