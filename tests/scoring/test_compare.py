import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.together.compare import (
    discordant_pairs,
    distances,
    movers,
    paired_ranks,
    top_k_overlap,
)


def table(ranks: dict) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [f"Force {c}" for c in ranks],
            "rank": pd.array(list(ranks.values()), dtype="Int64"),
        },
        index=list(ranks),
    )


def test_identical_tables_are_at_distance_zero():
    t = table({"A": 1, "B": 2, "C": 3, "D": 4})
    d = distances(paired_ranks(t, t))
    assert (d.tau, d.footrule, d.rank_shift, d.discordant, d.moved) == (1.0, 0.0, 0.0, 0, 0)
    assert d.top_k == 4 and d.top_k_overlap == 1.0
    assert movers(paired_ranks(t, t)).empty


def test_known_answer_one_swap():
    a = table({"A": 1, "B": 2, "C": 3, "D": 4})
    b = table({"A": 2, "B": 1, "C": 3, "D": 4})
    pairs = paired_ranks(a, b)
    d = distances(pairs, k=1)
    assert d.discordant == 1 and d.footrule == 2 and d.rank_shift == 0.5
    assert d.tau == pytest.approx(1 - 2 * 1 / 6)  # (concordant - discordant) / 6 pairs
    assert d.top_k_overlap == 0.0
    assert list(movers(pairs).index) == ["B", "A"]  # B climbs to 1st, shown first
    assert pairs.loc["B", "change"] == 1 and pairs.loc["A", "change"] == -1


def test_reversed_order():
    a = table({c: i + 1 for i, c in enumerate("ABCDE")})
    b = table({c: 5 - i for i, c in enumerate("ABCDE")})
    d = distances(paired_ranks(a, b))
    assert d.tau == pytest.approx(-1) and d.rho == pytest.approx(-1) and d.discordant == 10


def test_units_unranked_in_either_table_are_left_out():
    a = table({"A": 1, "B": 2, "C": None})
    b = table({"A": 1, "B": None, "C": 2, "D": 3})
    pairs = paired_ranks(a, b)
    assert list(pairs.index) == ["A"]
    assert distances(pairs).n == 1 and np.isnan(distances(pairs).tau)


def test_ties_count_neither_concordant_nor_discordant():
    assert discordant_pairs(np.array([1, 1, 3]), np.array([3, 1, 1])) == 1
    assert top_k_overlap(np.array([1, 1, 3]), np.array([1, 3, 1]), 1) == 0.5


@settings(max_examples=60, deadline=None)
@given(st.permutations(list(range(1, 16))), st.permutations(list(range(1, 16))))
def test_diaconis_graham_and_tau_agree(p, q):
    a, b = np.array(p, float), np.array(q, float)
    pairs = pd.DataFrame({"name": "x", "rank_a": a.astype(int), "rank_b": b.astype(int)})
    d = distances(pairs)
    assert d.discordant <= d.footrule <= 2 * d.discordant
    n_pairs = 15 * 14 / 2
    assert d.tau == pytest.approx(1 - 2 * d.discordant / n_pairs)  # no ties: tau_a = tau_b
    assert d.rank_shift == pytest.approx(d.footrule / 15)


def test_two_presets_on_the_sample_data():
    ds = load_sample()
    a = score(ds, preset("home_office_2021", ds.measure_of)).table
    b = score(ds, preset("harm_focused", ds.measure_of)).table
    pairs = paired_ranks(a, b)
    assert len(pairs) == 42  # City of London is ranked apart in both
    d = distances(pairs)
    assert 0 < d.tau < 1 and d.moved > 0
    top = movers(pairs, 5)
    assert len(top) == 5 and (top["change"].abs().diff().dropna() <= 0).all()
