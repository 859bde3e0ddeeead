"""The Grades and thresholds page and the Design assistant page (widgets, sections, figures)."""
