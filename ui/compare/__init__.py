"""The Compare page: scenario pickers, headline numbers, the movers table and the slope chart."""
