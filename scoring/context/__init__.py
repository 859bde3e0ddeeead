"""The Context and fairness page's analyses: compare like with like, and test the table itself.

Goldstein & Spiegelhalter (1996, "League tables and their limitations: statistical issues in
comparisons of institutional performance", *JRSS A* 159(3):385-443) ask that institutions be
compared only after allowing for the context they work in. Here:

* :mod:`~scoring.context.variables`: each force area's context (population, density,
  Census 2011 ethnicity, crime mix), from the shipped sample data;
* :mod:`~scoring.context.similar`: most-similar-force groups, this project's own approximation
  of HMICFRS's most similar groups, with each force's rank and funnel position in its group;
* :mod:`~scoring.context.fairness`: how a scenario's ranks relate to context, and the
  context-adjusted table beside the raw one;
* :mod:`~scoring.context.travel`: direction of travel, from the ONS Crime Severity Score
  2003-2022 and the 2023 and 2024 tables, with noise allowed for, and the ratchet on real
  history.

Every analysis takes the pipeline's composite score for the scenario, so it works for any
weighting, method or framework the pipeline scores.
"""
