"""The Workshop page: the facilitator's and the participant's views and their figures."""
