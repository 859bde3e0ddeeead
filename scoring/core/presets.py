"""Applying a preset to a scenario, and telling which preset a scenario follows.

A preset (:data:`scoring.core.scenario.PRESETS`) sets the measure weights; a framework
preset (the Police Performance Framework 2026, the Police Performance Assessments of
2004-07) also sets a grading rule and is defined on its own shipped data. These rules
keep the sidebar's "Start from" picker honest:

* applying a preset defined on other shipped data switches to that data, but never away
  from a file the user uploaded (its measures are kept, and weighted where they match);
* a preset's grading rule replaces the user's; leaving a framework preset for one without
  a rule puts the default rule back, so the framework's rule does not linger unnoticed;
* a scenario follows a preset when it has the preset's weight shares (and, for a
  framework preset, its grading rule) on data the preset fits.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from scoring.core.dataset import SAMPLES, Dataset, load_sample, once
from scoring.core.pipeline import scenario_weights
from scoring.core.scenario import PRESETS, GradingSettings, Preset, Scenario, preset

CUSTOM = "custom"
# Grading fields that make up a rule; the Monte Carlo settings (noise, draws, ...) stay the user's.
RULE = ("bands", "grades", "names", "cutoffs", "shares", "thresholds", "shortfalls", "intervene")


def fits(p: Preset, measure_ids) -> bool:
    """True when the data has every measure the preset weights (a preset naming none fits all)."""
    named = {k for k, v in p.weights.items() if v > 0}
    return named <= set(measure_ids)


def rule(grading: GradingSettings) -> dict:
    """The rule part of grading settings (see :data:`RULE`)."""
    return {k: getattr(grading, k) for k in RULE}


def with_rule(grading: GradingSettings, source: GradingSettings) -> GradingSettings:
    """``grading`` with the rule of ``source`` (its Monte Carlo settings kept)."""
    return dataclasses.replace(grading, **rule(source))


def apply(scenario: Scenario, preset_id: str, dataset: Dataset) -> Scenario:
    """``scenario`` moved to preset ``preset_id``; ``dataset`` is the scenario's current data."""
    p = PRESETS[preset_id]
    data = scenario.data
    if p.data and scenario.data in SAMPLES and not fits(p, dataset.measure_ids):
        data = p.data
        dataset = load_sample(data)
    chosen = preset(preset_id, dataset.measure_of)
    grading = scenario.grading
    if p.grading is not None:
        grading = with_rule(grading, p.grading_settings())
    elif any(q.grading is not None and rule(q.grading_settings()) == rule(grading)
             for q in PRESETS.values()):  # fmt: skip
        grading = with_rule(grading, GradingSettings())
    return scenario.replace(name=chosen.name, measure_weights=chosen.measure_weights,
                            indicator_weights={}, group_weights={}, directions={}, data=data,
                            grading=grading)  # fmt: skip


def matching(scenario: Scenario, dataset: Dataset) -> str:
    """The preset the scenario follows on ``dataset``, else :data:`CUSTOM`.

    Framework presets (those with a grading rule) are tried first, so a framework whose
    weights equal another preset's is still recognised by its rule.
    """
    mine = _shares(scenario, dataset)
    ordered = sorted(PRESETS.values(), key=lambda q: q.grading is None)
    for p in ordered:
        if p.data and dataset.id in SAMPLES and not fits(p, dataset.measure_ids):
            continue
        if p.grading is not None and rule(p.grading_settings()) != rule(scenario.grading):
            continue
        # a preset's shares on a dataset never change: made once (the sidebar asks every rerun)
        theirs = once(dataset, ("preset_shares", p.id),
                      lambda p=p: _shares(preset(p.id, dataset.measure_of), dataset))
        if (mine - theirs).abs().max() < 1e-9:
            return p.id
    return CUSTOM


def _shares(scenario: Scenario, dataset: Dataset) -> pd.Series:
    """Effective weights; where no weighted measure has data yet (nothing to rank), the
    nominal measure shares, so the picker still names the preset."""
    try:
        return scenario_weights(dataset, scenario)
    except ValueError:
        nominal = pd.Series({k: scenario.measure_weight(k) for k in dataset.measure_ids})
        return nominal / nominal.sum() if nominal.sum() > 0 else nominal
