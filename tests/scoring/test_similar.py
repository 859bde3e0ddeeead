"""Most-similar groups: distances, nearest forces, ranks and funnel positions within groups."""

import numpy as np
import pandas as pd
import pytest
from context_toy import CODES, toy_context
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.context import similar
from scoring.context.variables import force_context
from scoring.core.dataset import load_sample, make_dataset
from scoring.explore import funnel as funnels


def test_distance_with_one_variable_is_the_standardised_gap():
    ctx = toy_context()
    d = similar.distances(ctx, ["diversity"])
    x = ctx.table["diversity"].to_numpy()
    z = (x - x.mean()) / x.std()
    np.testing.assert_allclose(d.to_numpy(), np.abs(z[:, None] - z[None, :]))


def test_each_variable_counts_equally_and_the_mix_counts_once():
    ctx = toy_context()
    one = {v: similar.distances(ctx, [v]).to_numpy() ** 2 for v in ("diversity", "density", "crime_mix")}
    both = similar.distances(ctx, ["diversity", "density", "crime_mix"]).to_numpy() ** 2
    np.testing.assert_allclose(both, (one["diversity"] + one["density"] + one["crime_mix"]) / 3)
    c = ctx.clr.to_numpy()
    np.testing.assert_allclose(one["crime_mix"][0, 1], ((c[0] - c[1]) ** 2).mean())


def test_groups_are_the_k_nearest_others_in_order():
    ctx = toy_context(diversity=(0.0, 0.1, 0.25, 0.6, 0.7, 0.9))
    g = similar.similar_groups(ctx, ["diversity"], 2)
    assert g.peers("A") == ["B", "C"]
    assert g.peers("D") == ["E", "F"] and g.peers("F") == ["E", "D"]
    assert g.group("A") == ["A", "B", "C"]
    assert g.membership().loc["A"].tolist() == [0, 1, 1, 0, 0, 0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=6, max_size=6, unique=True),
       st.floats(0.1, 100), st.floats(-1000, 1000), st.integers(1, 5))  # fmt: skip
def test_groups_do_not_depend_on_units_and_exclude_the_force_itself(values, scale, shift, k):
    ctx = toy_context(diversity=values)
    moved = toy_context(diversity=[v * scale + shift for v in values])
    g, h = similar.similar_groups(ctx, ["diversity"], k), similar.similar_groups(moved, ["diversity"], k)
    np.testing.assert_allclose(g.distance.to_numpy(), h.distance.to_numpy(), atol=1e-7)
    for code in CODES:
        assert code not in g.peers(code) and len(set(g.peers(code))) == k
    d = g.distance.to_numpy()
    np.testing.assert_allclose(d, d.T)
    assert np.allclose(np.diag(d), 0)


def test_no_variable_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        similar.distances(toy_context(), [])


def toy_table(scores, ranked=None):
    ranked = ranked if ranked is not None else [True] * len(scores)
    rank = pd.Series(scores, index=CODES).rank(ascending=False, method="min").where(ranked)
    return pd.DataFrame({"name": [f"Force {c}" for c in CODES], "score": scores,
                         "rank": rank.astype("Int64")}, index=CODES)  # fmt: skip


def test_rank_within_the_group_counts_only_ranked_members_above():
    g = similar.similar_groups(toy_context(diversity=(0.0, 0.1, 0.25, 0.6, 0.7, 0.9)), ["diversity"], 2)
    # A's group is A, B, C; D's group is D, E, F.
    table = toy_table([0.5, 0.9, 0.1, 0.8, 0.7, 0.95], ranked=[True, True, True, True, False, True])
    r = similar.group_ranks(g, table)
    assert r.at["A", "group_rank"] == 2 and r.at["A", "group_ranked"] == 3
    assert r.at["D", "group_rank"] == 2 and r.at["D", "group_ranked"] == 2  # E is ranked apart
    assert pd.isna(r.at["E", "group_rank"])
    assert r.at["A", "peer_score"] == pytest.approx((0.9 + 0.1) / 2)
    assert r.at["A", "members"] == "Force B, Force C"


def counts_dataset(counts, population):
    values = pd.DataFrame({"robbery": counts}, index=CODES)
    ds = make_dataset(values, population=dict(zip(CODES, population, strict=True)), kind="count",
                      directions={"robbery": -1})  # fmt: skip
    return ds


@pytest.mark.parametrize("overdispersion", [False, True])
def test_funnel_position_against_the_peers_pooled_rate(overdispersion):
    ctx = toy_context(diversity=(0.0, 0.1, 0.25, 0.6, 0.7, 0.9))
    g = similar.similar_groups(ctx, ["diversity"], 2)
    ds = counts_dataset([400, 100, 100, 100, 100, 100], [1e5] * 6)
    pos = similar.funnel_positions(ds, g, ["robbery"], {"robbery": -1}, overdispersion=overdispersion)
    a = pos.set_index("code").loc["A"]
    assert a["expected"] == pytest.approx(100.0)  # B and C: 200 in 200,000
    poisson = funnels.poisson_z(np.array([400.0]), np.array([100.0]))[0]
    b = pos.set_index("code").loc["B"]
    assert b["expected"] == pytest.approx(250.0)  # A and C: 500 in 200,000
    if overdispersion:  # A's extreme count makes the forces vary far beyond chance
        assert a["tau2"] > 0 and 0 < a["z"] < poisson
        return
    assert a["z"] == pytest.approx(poisson) and a["tau2"] == 0
    assert a["outside_998"] == 1 and a["better"] == -1  # four times its peers' robbery: worse
    assert b["better"] == 1


def test_group_funnel_uses_the_same_target_and_variance():
    ds = load_sample()
    g = similar.similar_groups(force_context(ds), ("population", "density", "diversity"), 7)
    pos = similar.funnel_positions(ds, g, ["robbery"], {"robbery": -1})
    tau2 = float(pos["tau2"].iloc[0])
    assert tau2 > 0  # recorded robbery varies between forces far beyond chance
    _, frame, target = similar.group_funnel(ds, g, "E23000001", "robbery", tau2)
    assert list(frame.index) == g.group("E23000001")
    met = pos.set_index("code").loc["E23000001"]
    assert frame.at["E23000001", "z"] == pytest.approx(met["z"])
    assert target == pytest.approx(similar.pooled_rate(ds, g.peers("E23000001"), "robbery") * 1000)


def test_beyond_limits_lists_worse_and_better_indicators():
    pos = pd.DataFrame({"code": ["A", "A", "B"], "indicator": ["x", "y", "x"],
                        "better": [-1.0, 1.0, 0.0], "outside_998": [1.0, 0.0, 0.0]})  # fmt: skip
    out = similar.beyond_limits(pos, {"x": "Robbery", "y": "Burglary"})
    assert out.at["A", "worse"] == "Robbery!" and out.at["A", "better"] == "Burglary"
    assert out.at["B", "worse"] == "" and out.at["B", "better"] == ""
