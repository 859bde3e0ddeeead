"""The Rigidity page's analyses: what falls outside the basket, national against local priorities.

Harm weights (:mod:`~scoring.rigidity.harm`) over offence domains
(:mod:`~scoring.rigidity.domains`), coverage (:mod:`~scoring.rigidity.coverage`), effort
reallocation (:mod:`~scoring.rigidity.reallocation`), local priorities
(:mod:`~scoring.rigidity.local_priorities`), distortion (:mod:`~scoring.rigidity.distortion`)
and the ratchet (:mod:`~scoring.rigidity.ratchet`); :mod:`~scoring.rigidity.analysis`
runs them all for the page and the command line.
"""
