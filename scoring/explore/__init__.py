"""The Data page's analyses: ski slopes, correlations, funnel plots and missing values."""
