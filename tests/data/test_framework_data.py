"""Checks on the 2026 framework's files that sample_data/build.py derives.

charge_rates_2018_19.csv (Home Office force charge rates for offences recorded in 2018/19) and
the framework's metadata. Spot values were read from the raw outcomes file while building; the
byte-for-byte rebuild is checked in test_sample_data.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scoring.core.dataset import NO_DATA, load_sample

DATA = Path(__file__).resolve().parents[2] / "sample_data"
FORCE_CODES = [f"E23{i:06d}" for i in range(1, 40)] + [f"W15{i:06d}" for i in range(1, 5)]


def test_charge_rates_cover_the_43_forces_and_match_the_published_range():
    rates = pd.read_csv(DATA / "charge_rates_2018_19.csv", index_col="code")
    assert list(rates.index) == FORCE_CODES
    assert list(rates.columns) == ["charged", "offences", "charge_rate"]
    assert (rates["charged"] < rates["offences"]).all()
    np.testing.assert_allclose(rates["charge_rate"], 100 * rates["charged"] / rates["offences"], atol=0.005)
    # Kent 4.8% to South Wales 14.2%, about 8% nationally (Home Office, 2018/19)
    assert rates.at["E23000032", "charge_rate"] == rates["charge_rate"].min() == 4.84
    assert rates.at["W15000003", "charge_rate"] == rates["charge_rate"].max() == 14.18
    assert round(100 * rates["charged"].sum() / rates["offences"].sum(), 2) == 8.47


def test_framework_has_six_headline_areas_and_invents_no_figure():
    meta = pd.read_csv(DATA / "framework_2026_meta.csv", index_col="id", keep_default_na=False)
    measures = pd.read_csv(DATA / "framework_2026_measures.csv", index_col="id")
    assert list(measures.index) == ["calls_999", "attendance", "victim_satisfaction", "trust",
                                    "crime_solving", "neighbourhood_policing"]
    assert set(meta["measure"]) == set(measures.index)
    assert list(meta.index[meta["status"] == "real"]) == ["charge_rate"]
    assert "2018/19" in meta.at["charge_rate", "label"]
    for option, with_charges in (("ppf-2026", False), ("ppf-2026-charges", True)):
        dataset = load_sample(option)
        real = dataset.values.columns[dataset.values.notna().any()]
        assert list(real) == (["charge_rate"] if with_charges else [])
        assert (dataset.meta.drop(index=list(real))["status"] == NO_DATA).all()
        if with_charges:
            assert dataset.values.at["E23000032", "charge_rate"] == 4.84
            assert dataset.context["sample_size"].at["E23000032", "charge_rate"] > 100_000
