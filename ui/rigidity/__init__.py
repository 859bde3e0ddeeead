"""The Rigidity and local priorities page: its controls, sections and figures."""
