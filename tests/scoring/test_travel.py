"""Direction of travel from the Crime Severity Score: the noise model, flags and the ratchet."""

import numpy as np
import pandas as pd
import pytest

from scoring.context import travel


def simulated(years=20, forces=3000, sigma=0.05, slope=0.0, seed=3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    trend = slope * np.arange(years)[:, None]
    return pd.DataFrame(trend + rng.normal(scale=sigma, size=(years, forces)))


def test_noise_estimate_recovers_the_truth_despite_a_trend():
    """Known truth: log series = linear trend + N(0, 0.05^2); the estimate is about 0.05."""
    sigma = travel.noise_sd(simulated(slope=0.03))
    assert sigma.median() == pytest.approx(0.05, rel=0.08)


def test_flags_fire_about_5_in_100_when_nothing_changes():
    logs = simulated(slope=0.0)
    band = travel.Z * np.sqrt(2) * travel.noise_sd(logs)
    share = (logs.diff().iloc[1:].abs() > band).to_numpy().mean()
    assert 0.03 <= share <= 0.09  # estimated bands make it a little above the nominal 5%


def test_a_real_step_is_flagged():
    logs = simulated(forces=200)
    logs.iloc[10:] += 0.3  # a 35% rise, six times the noise
    band = travel.Z * np.sqrt(2) * travel.noise_sd(logs)
    assert (logs.diff().iloc[10] > band).mean() > 0.95


def test_the_real_series_flags_and_tables():
    t = travel.travel("total")
    assert len(t.names) == 42 and "E23000034" not in t.names.index  # City of London suppressed
    assert t.years == list(range(2004, 2023))
    assert set(np.unique(t.flags.to_numpy())) <= {-1.0, 0.0, 1.0}
    year = t.year_table(2022)
    assert year["national"].iloc[0] == pytest.approx(15.8538 / 13.6353 - 1, abs=1e-3)
    assert (year["reading"] == year["flag"].map(travel.READINGS)).all()
    s = t.summary(2022)
    assert s["improving"] + s["stable"] + s["deteriorating"] == s["n"] == 42
    met = t.force_table("E23000001")
    assert met.index[0] == 2003 and pd.isna(met["change"].iloc[0])


def test_relative_changes_take_out_the_national_change():
    absolute, relative = travel.travel("robbery"), travel.travel("robbery", relative=True)
    ew = np.log(absolute.levels["K04000001"]).diff().iloc[1:]
    np.testing.assert_allclose(relative.changes["E23000001"], absolute.changes["E23000001"] - ew)
    # Shared shocks drop out, so fewer forces are flagged in the lockdown year.
    assert relative.summary(2021)["stable"] >= absolute.summary(2021)["stable"]


def test_unknown_series_is_refused():
    with pytest.raises(ValueError, match="unknown series"):
        travel.travel("arson")


def synthetic_travel(logs: pd.DataFrame) -> travel.Travel:
    codes = [f"F{i}" for i in logs.columns]
    logs = logs.set_axis(codes, axis=1).set_axis(range(2003, 2003 + len(logs)), axis=0)
    changes = logs.diff().iloc[1:]
    sigma = travel.noise_sd(logs)
    band = travel.Z * np.sqrt(2) * sigma
    return travel.Travel(series="total", relative=False, levels=np.exp(logs), changes=changes,
                         sigma=sigma, band=band, flags=np.sign(changes).where(changes.abs() > band, 0.0),
                         names=pd.Series(codes, index=codes))  # fmt: skip


def test_ratchet_on_pure_noise_sets_improvers_up_to_fail():
    """The docstring's claim: with noise alone, 1 in 3 improvers improve again, 2 in 3 slippers do."""
    h = travel.ratchet_history(synthetic_travel(simulated(forces=2000)))
    assert h.after_improving == pytest.approx(travel.NOISE_ONLY[0], abs=0.02)
    assert h.after_slipping == pytest.approx(travel.NOISE_ONLY[1], abs=0.02)
    assert len(h.years) == 19
    assert (h.years["improved"] + h.years["slipped"] == h.years["n"]).all()
    assert (h.years["improved_on_noise"] <= h.years["improved"]).all()


def test_ratchet_on_real_history_counts_each_force():
    h = travel.ratchet_history(travel.travel("total"))
    assert h.pairs == 18 * 42
    f = h.forces
    assert (f["missed_after"] <= f["improved"]).all() and (f["improved"] <= 19).all()
    assert (f["tightening"].dropna() > 0).all()
