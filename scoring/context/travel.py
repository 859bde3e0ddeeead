"""Direction of travel from 20 years of the ONS Crime Severity Score, with noise allowed for.

The Crime Severity Score (CSS; ONS 2016, "Research outputs: developing a Crime Severity Score
for England and Wales using data on crimes recorded by the police") weighs each recorded
offence by the typical sentence for it and divides the total by the population: it rises with
both the volume and the seriousness of recorded crime, so **lower is better**. The shipped
series runs from the year ending March 2003 to March 2022 for 42 forces (City of London is
suppressed) and England and Wales. Police recorded crime follows recording practice as well as
crime: ONS attributes much of the rise after 2014 to better recording after HMIC's 2014
inspection, which found about 1 in 5 crimes went unrecorded.

**Noise model (a band from the series' own variation).** The counts behind each score are not
shipped, so the noise is read from the series itself. Write the log score as a smooth trend
plus independent year-to-year noise, :math:`y_t = \\mu_t + \\varepsilon_t`,
:math:`\\operatorname{Var}\\varepsilon_t = \\sigma^2`, with :math:`\\mu` locally linear. Second
differences remove the trend, :math:`\\Delta^2 y_t \\approx \\varepsilon_t - 2\\varepsilon_{t-1} +
\\varepsilon_{t-2}`, of variance :math:`6\\sigma^2` (the variate difference method: Tintner 1940,
*The Variate Difference Method*, Principia Press), so per force

.. math:: \\hat\\sigma = \\frac{1.4826\\,\\mathrm{MAD}(\\Delta^2 y)}{\\sqrt 6},

the median absolute deviation making it robust to one-off jumps such as recording changes
(Hampel 1974, "The influence curve and its role in robust estimation", *JASA* 69:383-393). A
year-on-year change :math:`\\Delta y_t = \\Delta\\mu_t + \\varepsilon_t - \\varepsilon_{t-1}` has
noise of standard deviation :math:`\\sqrt2\\hat\\sigma`; a change beyond
:math:`\\pm 1.96\\sqrt2\\hat\\sigma` is flagged as a real move (falling: *improving*; rising:
*deteriorating*, the words of the Police Performance Assessment Framework's direction of
travel); inside it, *stable*. With ``relative=True`` the series is the force's score divided by
England and Wales's, so changes common to every force (recording rules, the 2020 lockdowns)
drop out.

**The ratchet on real history** (Weitzman 1980, "The 'ratchet principle' and performance
incentives", *Bell J. Economics* 11(1):302-308; Bevan & Hood 2006): if each year's bar were
the force's own score the year before, every improvement tightens the next bar
(:func:`scoring.rigidity.ratchet.bar_table`). :func:`ratchet_history` counts, year by year, the
forces whose bar tightened and how many of those moves were within noise, and asks whether a
force that improved met its tougher bar the next year. If changes were noise alone
(:math:`\\varepsilon_t - \\varepsilon_{t-1}` has lag-one correlation :math:`-1/2`), an improver
would improve again with probability :math:`1/3` and a force that slipped with :math:`2/3`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from scoring.core.dataset import SAMPLE_DIR
from scoring.rigidity import ratchet

Z = 1.96
MAD_SCALE = 1.4826  # the MAD of a normal sample, over its standard deviation
ENGLAND_AND_WALES = "K04000001"
SERIES_LABELS = {
    "total": "All recorded crime",
    "violence_against_the_person": "Violence against the person",
    "sexual_offences": "Sexual offences",
    "robbery": "Robbery",
    "theft_offences": "Theft offences",
    "criminal_damage_and_arson": "Criminal damage and arson",
    "other_crimes_against_society": "Other crimes against society",
}
READINGS = {-1: "improving", 0: "stable", 1: "deteriorating"}
NOISE_ONLY = (1 / 3, 2 / 3)  # P(improve next year | improved, slipped) if changes were noise


@cache
def severity() -> pd.DataFrame:
    """The shipped CSS series: ``code, year, total`` and the six offence groups."""
    return pd.read_csv(SAMPLE_DIR / "crime_severity_2003_2022.csv")


def noise_sd(log_levels: pd.DataFrame) -> pd.Series:
    """Robust variate-difference estimate of the year-to-year noise, per column (log scale)."""
    second = log_levels.diff().diff()
    mad = (second - second.median()).abs().median()
    return MAD_SCALE * mad / np.sqrt(6.0)


@dataclass(frozen=True, eq=False)
class Travel:
    """Year-on-year changes of one CSS series with their noise bands and flags."""

    series: str
    relative: bool
    levels: pd.DataFrame  # year x code: the CSS itself (England and Wales included)
    changes: pd.DataFrame  # year x code: log change of the series compared (first year dropped)
    sigma: pd.Series  # code: noise sd of the log series
    band: pd.Series  # code: half-width of the 95% band on a year-on-year log change
    flags: pd.DataFrame  # year x code: -1 improving, 0 stable, +1 deteriorating
    names: pd.Series

    @property
    def years(self) -> list[int]:
        """Years ending March with a change (the first year has none)."""
        return list(self.changes.index)

    def year_table(self, year: int) -> pd.DataFrame:
        """Per force in ``year``: ``name, css, change, national, band, flag, reading``."""
        national = np.expm1(np.log(self.levels[ENGLAND_AND_WALES]).diff()).get(year, np.nan)
        out = pd.DataFrame({
            "name": self.names,
            "css": self.levels.loc[year, self.names.index],
            "change": np.expm1(self.changes.loc[year, self.names.index]),
            "national": national,
            "band": np.expm1(self.band),
            "flag": self.flags.loc[year, self.names.index].astype(int),
        })  # fmt: skip
        out["reading"] = out["flag"].map(READINGS)
        return out

    def force_table(self, code: str) -> pd.DataFrame:
        """One force year by year: ``css, national_css, change, band, reading``."""
        out = pd.DataFrame({
            "css": self.levels[code], "national_css": self.levels[ENGLAND_AND_WALES],
            "change": np.expm1(self.changes[code]).reindex(self.levels.index),
            "band": float(np.expm1(self.band[code])),
        })  # fmt: skip
        flags = self.flags[code].reindex(self.levels.index)
        out["reading"] = flags.map(lambda f: READINGS.get(f, "") if pd.notna(f) else "")
        out.index.name = "year"
        return out

    def summary(self, year: int) -> dict:
        """How many forces were improving, stable and deteriorating in ``year``."""
        counts = self.flags.loc[year].value_counts()
        return {"improving": int(counts.get(-1, 0)), "stable": int(counts.get(0, 0)),
                "deteriorating": int(counts.get(1, 0)), "n": int(self.flags.loc[year].notna().sum())}  # fmt: skip


def travel(series: str = "total", *, relative: bool = False, z: float = Z) -> Travel:
    """Changes, bands and flags of a CSS series for the forces it covers (module docstring)."""
    if series not in SERIES_LABELS:
        raise ValueError(f"unknown series {series!r}; choose one of {sorted(SERIES_LABELS)}")
    data = severity()
    levels = data.pivot(index="year", columns="code", values=series)
    forces = [c for c in levels.columns if c != ENGLAND_AND_WALES and levels[c].notna().all()]
    logs = np.log(levels[forces])
    if relative:
        logs = logs.sub(np.log(levels[ENGLAND_AND_WALES]), axis=0)
    changes = logs.diff().iloc[1:]
    sigma = noise_sd(logs)
    band = z * np.sqrt(2.0) * sigma
    flags = np.sign(changes).where(changes.abs() > band, 0.0)
    names = _names().reindex(forces)
    return Travel(series=series, relative=relative, levels=levels, changes=changes, sigma=sigma,
                  band=band, flags=flags, names=names)  # fmt: skip


@dataclass(frozen=True, eq=False)
class RatchetHistory:
    """The ratchet applied to the real series, year by year and force by force."""

    years: pd.DataFrame  # index year: improved, slipped, improved_on_noise, median_tighter, n
    forces: pd.DataFrame  # index code: name, improved, missed_after, tightening (median)
    after_improving: float  # share of improvements followed by meeting the tougher bar
    after_slipping: float  # share of slips followed by meeting the easier bar
    pairs: int  # force-years with a next year


def ratchet_history(t: Travel) -> RatchetHistory:
    """Bars set from last year's score, over the whole series (see the module docstring)."""
    rows = []
    for year in t.years:
        # Lower scores are better, so the change in result is minus the change in the score.
        table = ratchet.bar_table(t.names, -t.changes.loc[year, t.names.index], t.band[t.names.index])
        rows.append({"year": year, **ratchet.summary(table)})
    years = pd.DataFrame(rows).set_index("year")
    improved = t.changes < 0
    again = improved.shift(-1).iloc[:-1].astype(bool)
    now = improved.iloc[:-1]
    after_improving = float(again[now].stack().mean())
    after_slipping = float(again[~now].stack().mean())
    missed = (now & ~again).sum()
    tightening = np.expm1(-t.changes.where(improved)).median()  # NaN for a force never improving
    forces = pd.DataFrame({
        "name": t.names, "improved": improved.sum().reindex(t.names.index),
        "missed_after": missed.reindex(t.names.index),
        "tightening": tightening.reindex(t.names.index),
    })  # fmt: skip
    return RatchetHistory(years=years, forces=forces, after_improving=after_improving,
                          after_slipping=after_slipping, pairs=int(now.size))  # fmt: skip


@cache
def _names() -> pd.Series:
    return pd.read_csv(SAMPLE_DIR / "units.csv", index_col="code")["name"]
