"""The League table's downloads carry each force's rank set and the publishers' notes."""

import io

import pandas as pd

from scoring import export
from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import preset
from scoring.instability import ranksets
from ui import widgets


def test_csv_export_has_the_sets_the_notes_and_a_line_on_each():
    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    result = score(ds, s)
    sets = ranksets.for_scenario(ds, s)
    table = widgets.with_notes(ranksets.attach(result.table, sets), ds)
    text = export.scored_csv(widgets.export_frame(table, ds), scenario_json=s.to_json(),
                             caveats=widgets.export_caveats(result, ds, sets))  # fmt: skip
    frame = pd.read_csv(io.StringIO(text), comment="#", index_col="code")
    ranked = frame[frame["rank"].notna()]
    assert ((ranked["rank_set_lower"] <= ranked["rank"]) & (ranked["rank"] <= ranked["rank_set_upper"])).all()
    assert frame.loc["E23000034", ["rank_set_lower", "rank_set_upper"]].isna().all()  # ranked apart
    assert "under-counted" in frame.loc["E23000021", "data_note"]
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any("Publisher's note, Leicestershire" in line for line in comments)
    assert any("rank_set_lower to rank_set_upper" in line and "Mogstad" in line for line in comments)
    assert any("Victim satisfaction has no force-level data yet" in line for line in comments)
    # Methods in words, not the scenario's internal keys (those stay in the scenario JSON).
    assert "# Methods: min-max scaling, no outlier treatment, combined by a weighted average; " \
           "movement against the Home Office 2021 proposal." in comments


def test_the_data_page_download_carries_the_same_sets_and_notes(monkeypatch):
    from ui.data import widgets as data_widgets

    ds = load_sample()
    s = preset("home_office_2021", ds.measure_of)
    result = score(ds, s)
    seen = {}
    monkeypatch.setattr(widgets, "table_downloads",
                        lambda table, *args, sets=None, **kw: seen.update(table=table, sets=sets))
    data_widgets.downloads(result.table, result, ds, s)
    assert seen["sets"] is not None
    table = seen["table"]
    ranked = table[table["rank"].notna()]
    assert ((ranked["rank_set_lower"] <= ranked["rank"]) & (ranked["rank"] <= ranked["rank_set_upper"])).all()
    assert "under-counted" in table.loc["E23000021", "data_note"]
