"""Workshop mode storage: join codes, validated submissions, and the database behind them.

No Streamlit here. :mod:`workshop.submission` checks everything a participant sends;
:mod:`workshop.store` keeps workshops and submissions in SQLite (default) or
PostgreSQL through one SQLAlchemy Core code path.
"""
