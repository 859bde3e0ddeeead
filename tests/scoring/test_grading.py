"""Grades, thresholds and misgrading: known answers, an exact oracle and a simulation from a known truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.dataset import load_sample, make_dataset
from scoring.core.pipeline import score
from scoring.core.scenario import PEEL_GRADES, PPA_GRADES, GradingSettings, Scenario, preset
from scoring.grading import misgrading, press, rules

SAMPLE = load_sample()
HOME = preset("home_office_2021", SAMPLE.measure_of)


# ------------------------------------------------------------------------------ rules


def test_fixed_cut_offs_give_a_score_on_a_cut_off_the_better_grade():
    grades = rules.fixed_grades(np.array([0.9, 0.6, 0.59999, 0.3, np.nan]), np.array([0.6, 0.3]))
    assert grades.tolist() == [0, 0, 1, 1, rules.NO_GRADE]


def test_quantile_grades_keep_the_shares_and_let_ties_share_a_grade():
    scores = np.array([9.0, 8, 8, 7, 6, 5, 4, 3, 2, 1])
    grades = rules.quantile_grades(scores, np.array([20.0, 30.0, 50.0]))
    assert grades.tolist() == [0, 0, 0, 1, 1, 2, 2, 2, 2, 2]  # 8 and 8 tie for 2nd: both in the top 20%
    drawn = np.vstack([scores, scores[::-1]])  # one row per draw: shares hold in each
    assert (rules.quantile_grades(drawn, np.array([50.0, 50.0])).sum(axis=1) == 5).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-5, 5, allow_nan=False), min_size=3, max_size=30),
       st.integers(2, 6))  # fmt: skip
def test_grades_are_monotone_in_the_score(scores, size):
    s = np.array(scores)
    order = np.argsort(-s, kind="stable")
    for grades in (rules.fixed_grades(s, np.linspace(4, -4, size - 1)),
                   rules.quantile_grades(s, np.full(size, 100.0 / size))):  # fmt: skip
        assert (np.diff(grades[order]) >= 0).all()  # a higher score never gets a worse grade
        assert grades.min() >= 0 and grades.max() <= size - 1


def test_grade_names_and_the_press_points():
    assert rules.names(GradingSettings()) == PEEL_GRADES
    assert rules.names(GradingSettings(bands="quantile", grades=4, names="ppa")) == PPA_GRADES
    assert rules.names(GradingSettings(bands="fixed", grades=3)) == ("A", "B", "C")
    assert rules.points(4).tolist() == [3, 2, 1, -1]  # Excellent, Good, Fair, Poor


def test_peel_cut_offs_sit_half_and_one_and_a_half_sds_from_the_mean():
    s = np.array([1.0, 2, 3, 4, 5])
    cut = rules.bands(GradingSettings(), s).cutoffs
    sd = np.std(s, ddof=1)
    np.testing.assert_allclose(cut, 3 + sd * np.array([1.5, 0.5, -0.5, -1.5]))
    mine = rules.bands(GradingSettings(cutoffs={"2": 9.0}), s)  # out of order: sorted, and said
    assert (np.diff(mine.cutoffs) <= 0).all() and mine.notes


def test_thresholds_meet_in_the_direction_that_is_better():
    x = np.array([[5.0, 80.0], [7.0, 90.0], [np.nan, 95.0]])
    met = rules.meets(x, np.array([6.0, 90.0]), np.array([-1.0, 1.0]))
    assert met[:2].tolist() == [[1.0, 0.0], [0.0, 1.0]] and np.isnan(met[2, 0])
    assert rules.shortfalls(met).tolist() == [1, 1, 0]


# ------------------------------------------------------------------------------ misgrading


def scenario(**grading) -> Scenario:
    return HOME.with_section("grading", **{"samples": 2000, **grading})


def test_without_noise_every_chance_is_nought_or_one():
    r = misgrading.simulate(SAMPLE, scenario(noise=False, thresholds={"homicide": 12.0}))
    assert set(np.unique(r.p_grade)) <= {0.0, 1.0}
    assert r.expected_misgrades == 0 and not r.cliff_edge.any()
    assert (r.p_meet == r.met).all()
    assert (r.interventions == r.intervene.sum()).all()


def test_published_grades_follow_the_league_table():
    r = misgrading.simulate(SAMPLE, scenario())
    table = score(SAMPLE, HOME).table.loc[r.codes]
    assert (np.diff(r.grade[np.argsort(table["rank"].to_numpy())]) >= 0).all()
    assert len(r.codes) == table["rank"].notna().sum() == 42  # City of London is ranked apart
    np.testing.assert_allclose(r.p_grade.sum(axis=1), 1.0)


def test_the_monte_carlo_pass_chance_matches_the_exact_poisson_and_binomial_tails():
    ds = load_sample(illustrative=True)  # a survey column (binomial) beside the counts (Poisson)
    s = preset("home_office_2021", ds.measure_of, illustrative=True).with_section(
        "grading", samples=4000, thresholds={"homicide": 10.0, "residential_burglary": 2.5,
                                             "victim_satisfaction": 75.0})  # fmt: skip
    r = misgrading.simulate(ds, s)
    assert np.isfinite(r.exact).all()
    se = np.sqrt(r.exact * (1 - r.exact) / r.samples)
    assert (np.abs(r.p_meet - r.exact) <= 4.5 * se + 1e-12).all()
    assert ((r.exact > 0.05) & (r.exact < 0.95)).sum() >= 5  # the oracle is tested away from 0 and 1


def test_the_same_seed_gives_the_same_numbers_and_weights_add_spread():
    a = misgrading.simulate(SAMPLE, scenario(samples=500))
    b = misgrading.simulate(SAMPLE, scenario(samples=500))
    assert (a.p_grade == b.p_grade).all() and (a.interventions == b.interventions).all()
    both = misgrading.simulate(SAMPLE, scenario(samples=500, vary_weights=True))
    assert both.sources == ("weights", "noise")
    assert both.expected_misgrades > a.expected_misgrades


def test_interventions_count_the_bottom_grade_or_thresholds_missed():
    r = misgrading.simulate(SAMPLE, scenario(noise=False, intervene="bottom"))
    assert r.intervene.sum() == (r.grade == r.bands.bottom).sum()
    t = misgrading.simulate(SAMPLE, scenario(noise=False, intervene="thresholds", shortfalls=2,
                                             thresholds={"homicide": 12.0, "robbery": 0.8}))  # fmt: skip
    assert (t.intervene == (rules.shortfalls(t.met) >= 2)).all()
    assert "ignored" not in " ".join(t.notes)
    unknown = misgrading.simulate(SAMPLE, scenario(noise=False, thresholds={"nope": 1.0}))
    assert any("'nope'" in n for n in unknown.notes)


def _truth_dataset(values: np.ndarray, pop: np.ndarray, codes: list[str]):
    return make_dataset(pd.DataFrame(values, index=codes, columns=["a", "b"]), kind="count",
                        population=dict(zip(codes, pop, strict=True)), directions={"a": -1, "b": -1})  # fmt: skip


@pytest.mark.slow
def test_stated_misgrading_matches_the_error_rate_of_data_drawn_from_a_known_truth():
    """Truth: rates spread smoothly across the cut-offs; data: Poisson counts drawn from it.

    The chance each published grade (and threshold status) is wrong, as stated from the data
    alone, averages to the rate at which published grades differ from the true ones, within
    simulation error (4 standard errors of the mean difference).
    """
    rng = np.random.default_rng(20260127)
    n, replicates = 40, 100
    codes = [f"U{i:02d}" for i in range(n)]
    rule = {"bands": "fixed", "grades": 3, "cutoffs": {"1": 0.6, "2": 0.4},
            "thresholds": {"a": 8.0}, "samples": 400}  # fmt: skip
    s = Scenario(data="truth", small_units="include").with_section("grading", **rule)
    stated, wrong = {"grade": [], "threshold": []}, {"grade": [], "threshold": []}
    for _ in range(replicates):
        pop = rng.uniform(2e5, 2e6, n)
        rate = np.column_stack([rng.uniform(4, 12, n), rng.uniform(1, 3, n)])  # per 1,000
        truth = _truth_dataset(rate * pop[:, None] / 1000, pop, codes)
        observed = _truth_dataset(rng.poisson(rate * pop[:, None] / 1000), pop, codes)
        r = misgrading.simulate(observed, s)
        true_grade = rules.fixed_grades(score(truth, s).table["score"].to_numpy(), np.array([0.6, 0.4]))
        stated["grade"].append(r.p_wrong)
        wrong["grade"].append(r.grade != true_grade)
        stated["threshold"].append(r.threshold_wrong[:, 0])
        wrong["threshold"].append(r.met[:, 0] != (rate[:, 0] <= 8.0))
    for kind in ("grade", "threshold"):
        said, happened = np.concatenate(stated[kind]), np.concatenate(wrong[kind]).astype(float)
        error = np.std(happened - said) / np.sqrt(len(said))
        assert happened.mean() > 0.005  # the truth puts forces near the lines: misgrading happens
        assert abs(happened.mean() - said.mean()) <= 4 * error, (kind, happened.mean(), said.mean())


# ------------------------------------------------------------------------------ press table


def test_the_press_table_adds_points_over_areas_and_ties_share_a_place():
    s = preset("ppa_2005", SAMPLE.measure_of).with_section("grading", samples=300)
    t = press.press_table(SAMPLE, s)
    worth = dict(zip(range(4), rules.points(4), strict=True))
    assert (t.total == np.vectorize(worth.get)(t.grades).sum(axis=1)).all()
    assert t.maximum == 3 * len(t.areas) == 15  # five measures with data, 3 points each at best
    assert len(t.areas) == 5  # victim satisfaction has no data, so it is no area
    for total in np.unique(t.total):  # competition ranking on the points
        assert len(set(t.rank[t.total == total])) == 1
    assert t.tied > 0 and -1 <= t.tau <= 1
    assert ((t.low <= t.total) & (t.total <= t.high)).mean() > 0.8
    counts = np.bincount(t.grades[:, 0], minlength=4)
    assert counts.tolist() == [3, 18, 17, 4]  # the 2004/05 mix over 42 forces: 7/44/40/9%
