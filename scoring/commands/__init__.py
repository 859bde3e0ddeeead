"""Command modules for ``python -m scoring``; add a module name here to add a command."""

COMMANDS = ("rank", "validate", "sensitivity", "gaming", "rigidity", "context", "ranksets", "grade")
