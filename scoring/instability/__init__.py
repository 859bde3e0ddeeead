"""The Instability page's analyses: how much each rank depends on choices and on noise.

Monte Carlo uncertainty (:mod:`~scoring.instability.uncertainty`, with data noise from
:mod:`~scoring.instability.noise`), Sobol' indices (:mod:`~scoring.instability.sobol`),
weight stability intervals (:mod:`~scoring.instability.stability`), best and worst ranks
(:mod:`~scoring.instability.bestworst`), nominal against effective importance
(:mod:`~scoring.instability.importance`), noise-only churn (:mod:`~scoring.instability.churn`),
and the summaries the page and the command line print (:mod:`~scoring.instability.summary`,
:mod:`~scoring.instability.bands`, :mod:`~scoring.instability.rank_distance`).
:mod:`~scoring.instability.shares` holds the measure shares these analyses move.
"""
