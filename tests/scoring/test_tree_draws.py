"""Monte Carlo weight draws in a framework with themes: level by level, down the tree."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.core.dataset import load_sample
from scoring.core.scenario import Scenario, UncertaintySettings
from scoring.instability import uncertainty
from tests.fixtures.tree import sample_tree

TREE = sample_tree()


def model(scenario: Scenario):
    return uncertainty.build(TREE, scenario)


def shares(u: UncertaintySettings, samples: int = 4000, seed: int = 7):
    m = model(Scenario(group_weights={"harm": 3.0, "volume": 1.0}))
    return m, uncertainty.draw_tree_shares(m.mw.shares, m.mw.names, m.tree, u, samples,
                                           np.random.default_rng(seed))  # fmt: skip


def test_no_spread_gives_the_nominal_shares_and_rows_sum_to_one():
    m, drawn = shares(UncertaintySettings(weight_spread=0.0), samples=5)
    np.testing.assert_allclose(drawn, np.broadcast_to(m.mw.shares, drawn.shape), rtol=0, atol=1e-15)
    m, drawn = shares(UncertaintySettings(weight_spread=0.5))
    np.testing.assert_allclose(drawn.sum(axis=1), 1.0)
    assert (drawn[:, m.mw.shares == 0] == 0).all()  # victim satisfaction: no data, no weight


def test_a_theme_is_one_input_and_its_measures_split_it_as_a_dirichlet_of_their_own():
    """Dirichlet: within harm (three measures of equal share, s = 1/3) each measure's part of
    the theme has variance s(1-s)/(a0+1), as Dirichlet(a0 s) gives; a flat draw over the six
    measures would give the theme only a0 x 3/4 and a variance of s(1-s)/(0.75 a0 + 1)."""
    a0 = 20.0
    m, drawn = shares(UncertaintySettings(weight_mode="dirichlet", concentration=a0), samples=40_000)
    names = list(m.mw.names)
    harm = drawn[:, [names.index(k) for k in ("homicide", "serious_violence", "drugs")]]
    within = harm[:, 0] / harm.sum(axis=1)
    s = 1 / 3
    assert within.var() == pytest.approx(s * (1 - s) / (a0 + 1), rel=0.05)
    assert abs(within.var() - s * (1 - s) / (0.75 * a0 + 1)) > 0.15 * within.var()
    # The theme's total: Beta(a0 x 0.75, a0 x 0.25), mean 0.75.
    assert harm.sum(axis=1).mean() == pytest.approx(0.75, abs=0.005)


def test_the_monte_carlo_draws_down_the_tree_and_a_flat_table_is_unchanged():
    s = Scenario(group_weights={"harm": 3.0, "volume": 1.0})
    m = model(s)
    plan = uncertainty.draw_plan(m, 50, uncertainty.streams(3), ("weights",))
    again = uncertainty.draw_tree_shares(m.mw.shares, m.mw.names, m.tree, s.uncertainty, 50,
                                         uncertainty.streams(3)["weights"])  # fmt: skip
    np.testing.assert_array_equal(plan.shares, again)
    flat = uncertainty.build(load_sample(), Scenario())
    assert flat.tree is None
    plan = uncertainty.draw_plan(flat, 50, uncertainty.streams(3), ("weights",))
    np.testing.assert_array_equal(plan.shares, uncertainty.draw_shares(
        flat.mw.shares, flat.settings, 50, uncertainty.streams(3)["weights"]))
