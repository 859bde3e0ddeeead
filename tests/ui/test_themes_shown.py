"""Saved scenarios and workshops say where each measure sits in a framework with themes."""

from __future__ import annotations

from pathlib import Path

from scoring.core.dataset import load_sample
from scoring.core.scenario import Scenario
from scoring.io import load_path
from ui import named_scenarios

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"


def test_a_framework_with_themes_lists_the_theme_weights_first(monkeypatch):
    framework = load_path(GOOD / "coinr_forces.xlsx").dataset
    s = Scenario(data=framework.id, group_weights={"harm": 8.0})
    monkeypatch.setattr(named_scenarios, "saved", lambda: {"mine": s})
    weights = named_scenarios.overview(framework).at[0, "Weights (0-10)"]
    assert weights.startswith("themes: Serious harm 8 · ") and "; measures: " in weights
    flat = load_sample()
    monkeypatch.setattr(named_scenarios, "saved", lambda: {"plain": Scenario()})
    assert "themes" not in named_scenarios.overview(flat).at[0, "Weights (0-10)"]


def test_a_workshop_on_a_framework_with_themes_names_each_measure_with_its_theme():
    from ui.workshop.facilitator import measure_labels

    themed = measure_labels(load_path(GOOD / "coinr_forces.xlsx").dataset)
    assert all(label.startswith(("Serious harm: ", "Crime in communities: ")) for label in themed.values())
    assert themed  # every measure of the framework
    flat = measure_labels(load_sample())
    assert flat["homicide"] == load_sample().measure_labels["homicide"]
