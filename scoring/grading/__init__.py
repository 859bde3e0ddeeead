"""Grades and thresholds beside the ranks: misgrading, the cheapest lift, and design.

Grade rules and thresholds (:mod:`~scoring.grading.rules`), each force's chance of each
grade under noise and weights (:mod:`~scoring.grading.misgrading`), the press's points
table of 2004-07 (:mod:`~scoring.grading.press`), the cheapest change that lifts a force
over a threshold (:mod:`~scoring.grading.lift`) and the design assistant
(:mod:`~scoring.grading.design`).
"""
