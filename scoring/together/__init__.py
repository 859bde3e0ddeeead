"""Working together: comparing scenarios, sets of named scenarios, a room's consensus, the report.

:mod:`~scoring.together.compare` (two tables side by side),
:mod:`~scoring.together.scenario_set` (several scenarios in one JSON file),
:mod:`~scoring.together.consensus` (pooling a workshop's weights) and
:mod:`~scoring.together.report` (the self-contained HTML report document).
"""
