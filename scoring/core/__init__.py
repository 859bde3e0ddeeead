"""The core: datasets, the scenario, and the scoring pipeline every page and analysis shares.

A dataset (:mod:`~scoring.core.dataset`) and a scenario (:mod:`~scoring.core.scenario`,
declared with :mod:`~scoring.core.spec`) go through the pipeline
(:mod:`~scoring.core.pipeline`): rates per resident (:mod:`~scoring.core.rates`),
outlier treatment (:mod:`~scoring.core.transform`), normalisation
(:mod:`~scoring.core.normalise`), weights (:mod:`~scoring.core.weights`), aggregation
(:mod:`~scoring.core.aggregate`) and ranks (:mod:`~scoring.core.ranking`);
:mod:`~scoring.core.explain` turns a scored table into a unit's profile.

The core imports nothing from the analysis packages (``explore``, ``instability``,
``gaming``, ``rigidity``, ``together``) or from ``io``: they build on it, never the reverse.
"""
