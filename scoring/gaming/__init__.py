"""The Gaming page's analyses: how cheaply a force could climb, and who bears the cost.

The exact what-if table (:mod:`~scoring.gaming.whatif`), the smallest change that climbs
(:mod:`~scoring.gaming.climb`), the cheapest route (:mod:`~scoring.gaming.route`),
under-recording (:mod:`~scoring.gaming.recording`), the manipulability rubric
(:mod:`~scoring.gaming.manipulability`), the stop and search a climb implies
(:mod:`~scoring.gaming.stopsearch`), and the full report and its plain-words story
(:mod:`~scoring.gaming.report`, :mod:`~scoring.gaming.story`).
"""
