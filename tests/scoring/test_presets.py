"""Presets as they really are: the 2026 framework and the 2004-07 assessments, applied and recognised."""

from __future__ import annotations

import dataclasses

import pytest

from scoring.core import presets
from scoring.core.dataset import load_sample
from scoring.core.scenario import PRESETS, GradingSettings, Scenario, preset

SAMPLE = load_sample()


def test_the_2026_framework_brings_its_data_thresholds_and_grades():
    s = presets.apply(preset("home_office_2021", SAMPLE.measure_of), "ppf_2026", SAMPLE)
    assert s.data == "ppf-2026-charges"
    assert s.grading.thresholds == {"calls_999_10s": 90.0}  # the one threshold with a published number
    assert s.grading.bands == "peel"
    framework = load_sample(s.data)
    assert set(s.measure_weights) == set(framework.measure_ids)
    assert presets.matching(s, framework) == "ppf_2026"
    # without the 2018/19 charge rates nothing has figures, and the picker still names the framework
    assert presets.matching(s.replace(data="ppf-2026"), load_sample("ppf-2026")) == "ppf_2026"


def test_leaving_a_framework_restores_the_data_and_the_default_rule():
    framework = presets.apply(Scenario(), "ppf_2026", SAMPLE)
    back = presets.apply(framework, "home_office_2021", load_sample(framework.data))
    assert back.data == "sample" and back.grading == GradingSettings()
    assert presets.matching(back, SAMPLE) == "home_office_2021"


def test_the_historical_assessments_keep_the_sample_and_set_the_2004_05_grade_mix():
    s = presets.apply(preset("harm_focused", SAMPLE.measure_of), "ppa_2005", SAMPLE)
    assert s.data == "sample"
    assert (s.grading.bands, s.grading.grades, s.grading.names) == ("quantile", 4, "ppa")
    assert s.grading.shares == {"1": 7.0, "2": 44.0, "3": 40.0, "4": 9.0}
    # same weights as the Home Office preset, told apart by the grading rule
    assert presets.matching(s, SAMPLE) == "ppa_2005"
    assert presets.matching(s.replace(grading=GradingSettings()), SAMPLE) == "home_office_2021"


def test_a_users_own_rule_survives_moving_between_plain_presets():
    mine = Scenario().with_section("grading", thresholds={"homicide": 12.0}, samples=500)
    moved = presets.apply(mine, "harm_focused", SAMPLE)
    assert moved.grading == mine.grading
    framework = presets.apply(mine, "ppf_2026", SAMPLE)
    assert framework.grading.samples == 500  # the Monte Carlo settings stay the user's


def test_an_upload_is_never_swapped_for_a_preset_s_data():
    upload = dataclasses.replace(SAMPLE, id="upload:mine")
    s = presets.apply(Scenario(data="upload:mine"), "ppf_2026", upload)
    assert s.data == "upload:mine"


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_round_trips_through_a_link(key):
    s = preset(key, load_sample(PRESETS[key].data or "sample").measure_of)
    assert Scenario.from_query(s.to_query()) == (s, [])


def test_the_picker_names_the_preset_each_dataset_s_weights_follow():
    # Each preset's shares are made once per dataset: moving a weight, coming back, or other
    # data that groups its indicators otherwise (its shares are its own) still names the right one.
    s = preset("home_office_2021", SAMPLE.measure_of)
    moved = s.replace(measure_weights={**s.measure_weights, "drugs": 9.5})
    assert [presets.matching(x, SAMPLE) for x in (s, moved, s)] == ["home_office_2021", presets.CUSTOM,
                                                                      "home_office_2021"]  # fmt: skip
    other = dataclasses.replace(SAMPLE, meta=SAMPLE.meta.assign(
        measure=SAMPLE.meta["measure"].where(SAMPLE.meta.index != "robbery", "homicide")))  # fmt: skip
    assert presets.matching(preset("home_office_2021", other.measure_of), other) == "home_office_2021"
