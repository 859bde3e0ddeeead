"""Several named scenarios in one JSON file, for download and upload.

The file is ``{"app": "league-table-lab", "version": 1, "kind": "scenario-set",
"scenarios": [<scenario>, ...]}`` where each scenario is exactly what
:meth:`Scenario.to_dict` writes, so a single scenario file (the sidebar's download)
is also accepted and read as a set of one. Every scenario goes through the same
validating reader as a link or a scenario file; names are made unique.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from scoring.core.scenario import APP_ID, VERSION, Scenario, ScenarioError, json_object

KIND = "scenario-set"
MAX_SCENARIOS = 50


def to_json(scenarios: Sequence[Scenario]) -> str:
    """The set as indented JSON text (scenarios in the given order)."""
    body = {
        "app": APP_ID,
        "version": VERSION,
        "kind": KIND,
        "scenarios": [s.to_dict() for s in scenarios],
    }
    return json.dumps(body, indent=2, sort_keys=True, allow_nan=False)


def from_json(text: str | bytes) -> tuple[list[Scenario], list[str]]:
    """Read a scenario-set file or a single scenario file; return scenarios and notes.

    Raises :class:`ScenarioError` when the file cannot be read at all (too big, not
    JSON, not an object, too many scenarios); bad values inside are clamped or
    dropped and described in the notes, as for a single scenario.
    """
    data = json_object(text, "the file")
    items = data.get("scenarios") if data.get("kind") == KIND else [data]
    if not isinstance(items, list):
        raise ScenarioError("'scenarios' must be a list")
    if len(items) > MAX_SCENARIOS:
        raise ScenarioError(f"the file holds {len(items)} scenarios; the limit is {MAX_SCENARIOS}")
    scenarios, notes = [], []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            notes.append(f"scenario {i}: not a JSON object; skipped")
            continue
        scenario, changed = Scenario.from_dict(item)
        scenarios.append(scenario)
        notes += [f"{scenario.name or f'scenario {i}'}: {note}" for note in changed]
    return scenarios, notes


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)`` ... if taken (a blank name becomes "Scenario")."""
    taken = set(taken)
    base = name.strip() or "Scenario"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base} ({n})"
    return candidate
