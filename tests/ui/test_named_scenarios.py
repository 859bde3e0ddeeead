"""The saved-scenarios overview on the Compare page says each scenario's weights in words."""

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
