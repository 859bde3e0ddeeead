"""The Gaming and fairness page: its controls, sections and figures."""
