"""Recording manipulation (B6): under-recording 1-19% and the climbs it buys."""

import numpy as np
from gaming_toy import scenario, toy

from scoring.core.dataset import load_sample
from scoring.core.scenario import preset
from scoring.gaming import climb as gaming
from scoring.gaming import recording, whatif
from scoring.gaming.manipulability import rubric


def test_candidates_are_recorded_crime_where_fewer_is_better():
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    w = whatif.build(ds, s)
    kept = recording.recorded_crime(w, ds, rubric(ds))
    assert "violence_with_injury" in kept and "residential_burglary" in kept
    assert "drug_offences" not in kept  # more is "better" here: recording less would not help
    assert "fraud_cyber" not in kept  # recorded centrally, not by the force
    assert "victim_satisfaction" not in kept


def test_under_recording_never_costs_places_and_grows_with_the_share():
    ds = load_sample()
    w = whatif.build(ds, preset("harm_focused", ds.measure_of))
    data = recording.under_recording(w, ["violence_with_injury"])
    assert sorted(data["pct"].unique()) == list(range(1, 20))
    assert len(data) == 42 * 19
    assert (data["gain"] >= 0).all()
    for _, one in data.groupby("code"):
        assert np.all(np.diff(one.sort_values("pct")["rank"].to_numpy()) <= 0)
    assert data.loc[data["pct"] == 19, "gain"].max() >= 3


def test_all_at_once_recomputes_the_table():
    ds, s = toy(), scenario()
    w = whatif.build(ds, s)
    both = recording.under_recording_all(w, ["H", "V"], levels=(10,))
    e = both.set_index("code").loc["E"]
    changes = np.zeros((1, 4))
    changes[0, :2] = -0.10
    assert e["rank"] == w.rank_changes([list(w.codes).index("E")], changes)[0]
    assert e["indicator"] == recording.ALL
    assert len(recording.under_recording_all(w, [], levels=(5,))) == 6


def test_needed_under_recording_is_flagged_against_the_audit():
    ds, s = toy(), scenario()
    w = whatif.build(ds, s)
    table = gaming.climb_table(w, ds.units["name"], {}, places=(1,), top=None)
    rows = recording.needed(table, ["H", "V"])
    assert (rows["unrecorded_pct"] > 0).all()
    assert (rows["audited_pct"] == 19).all()
    assert (rows["within_audit"] == (rows["unrecorded_pct"] <= 19)).all()
    assert recording.audited_share("violence_with_injury") == 1 / 3
