"""Data noise: a parametric bootstrap of the indicator values.

After Goldstein & Spiegelhalter (1996) and Marshall & Spiegelhalter (1998), in the
references below; the noise models are this project's defaults.

Each draw keeps every unit's *true* value at the observed one and adds the noise of
how that value came to be measured:

* **Counts** (recorded offences, homicides): :math:`X^* \\sim \\mathrm{Poisson}(x)`,
  then the rate :math:`X^* \\cdot 10^k / P_f` with the unit's population. A force
  with 6 homicides a year has a Poisson sd of 2.4 homicides, 40% of its count.
* **Survey percentages** (victim satisfaction): :math:`100\\,B/n` with
  :math:`B \\sim \\mathrm{Binomial}(n, x/100)` and the survey sample size *n* from the
  dataset's ``sample_size`` table (800 where it is not given: this project's default).
* **Recording error**: every count of unit *f* is multiplied by one factor
  :math:`c_f \\sim U[1-\\delta, 1+\\delta]` per draw. Recording practice is a force-wide
  trait (HMIC 2014 audited each force's crime recording as a whole, and found 81%
  compliance nationally with wide differences between forces; a Beta with mean 0.81
  and sd 0.06 puts two sd at about ±15% of the mean, so :math:`\\delta = 0.15` is a
  reasonable band). The band is symmetric because only differences between forces
  can move ranks: a factor common to all forces changes no rank.

For speed, a very large run (:data:`scoring.instability.uncertainty.LARGE_RUN` counts or
more; never the 43 forces, even at the largest sample count) draws counts of
:data:`NORMAL_FROM` (100) or more from the normal approximation to the Poisson,
:math:`X^* = \\max(0, \\mathrm{round}(x + \\sqrt{x}\\,Z))`, :math:`Z \\sim N(0, 1)`: the
rounding is the continuity correction, so :math:`P(X^* = k)` is the normal mass on
:math:`[k - \\tfrac12, k + \\tfrac12]` (Johnson, Kemp & Kotz 2005, *Univariate Discrete
Distributions*, 3rd ed., Wiley, ch. 4). The Poisson's skewness is :math:`1/\\sqrt{x}`, and the
first Edgeworth term puts the largest error in any cumulative probability near
:math:`0.4 \\cdot \\mathrm{skewness} / 6 \\approx 0.07/\\sqrt{x}`. Computed exactly at the
threshold, :math:`x = 100`: the largest error in a cumulative probability is 0.66 percentage
points and the total variation distance (half the summed absolute differences of the two
probability functions) is 0.013; both fall as :math:`1/\\sqrt{x}` (0.21 points and 0.004 at
1,000). Its mean is :math:`x` and its variance :math:`x + 1/12` (Sheppard's correction for the
rounding), against the Poisson's :math:`x`. The result says so
(:attr:`scoring.instability.uncertainty.MonteCarloResult.note`).

:math:`Z` comes from inverse transform sampling with a table, about 2.5 times faster than
numpy's float32 ziggurat (0.19 against 0.53 ms for 50,000 deviates, measured): each deviate is
:math:`\\Phi^{-1}((k + \\tfrac12) / 2^{16})` for :math:`k`, 16 random bits, so :math:`Z` takes
:math:`2^{16}` equally likely values, the normal's own quantiles at the middles of
:math:`2^{16}` equal slices of probability (Devroye 1986, *Non-Uniform Random Variate
Generation*, Springer, ch. 2, on the inversion method; the table is this project's shortcut).
Every cumulative probability of :math:`Z` is then within :math:`2^{-17} \\approx 8 \\cdot
10^{-6}` of the normal's, :math:`|Z|` stops at :math:`\\Phi^{-1}(1 - 2^{-17}) = 4.33`, and so
any rounding boundary :math:`k \\pm \\tfrac12` of the counts moves by a probability below
:math:`10^{-5}`, against the normal approximation's own 0.0066. The arithmetic on
:math:`\\sqrt{x}\\,Z` is in double precision.

Values filled in by the missing-value policy carry no noise. The national
reference row (for the distance-to-England-and-Wales normalisation) is held fixed:
its counts are dozens of times any one force's, so its noise is negligible.
The noisy values then get the scenario's outlier treatment, exactly as in
:func:`scoring.core.pipeline.prepare`.

References
----------
Devroye, L. (1986) *Non-Uniform Random Variate Generation*, Springer, New York.
Goldstein, H. & Spiegelhalter, D. J. (1996) "League tables and their limitations",
*JRSS A* 159(3). Marshall, E. C. & Spiegelhalter, D. J. (1998) "Reliability of league
tables of in vitro fertilisation clinics", *BMJ* 316:1701. HMIC (2014) *Crime-recording:
making the victim count*.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from scoring.core import transform
from scoring.core.dataset import Dataset, once
from scoring.core.pipeline import Prepared, prepare
from scoring.core.scenario import Scenario

DEFAULT_SURVEY_N = 800
NORMAL_FROM = 100  # counts from which a large run draws the normal approximation
NORMAL_NOTE = (f"For speed at this size, counts of {NORMAL_FROM:,} or more were drawn with the "
               "normal approximation to the Poisson, which keeps the chance of a count at or below "
               "any value within 0.7 percentage points of the Poisson's.")  # fmt: skip
BLOCK = 65_536  # cells drawn at a time by a large run: a block's arrays stay in the CPU cache


@dataclass(frozen=True, eq=False)
class NoiseModel:
    """Everything a draw needs, as plain arrays (n units, m indicators)."""

    base: np.ndarray  # (n, m) values after the missing-value policy, before treatment
    counts: np.ndarray  # (n, c) observed counts of the Poisson columns (NaN: no noise)
    per_count: np.ndarray  # (n, c) rate per unit count: 10^k / population
    count_cols: np.ndarray  # (c,) column index of each Poisson column
    trials: np.ndarray  # (n, b) survey sample sizes of the binomial columns
    share: np.ndarray  # (n, b) observed proportion in [0, 1] (NaN: no noise)
    survey_cols: np.ndarray  # (b,) column index of each binomial column
    transform: str
    winsor_pct: float
    scale_mask: np.ndarray

    @property
    def has_noise(self) -> bool:
        """True when some indicator has a count or a survey behind it."""
        return bool(len(self.count_cols) or len(self.survey_cols))


def noise_model(dataset: Dataset, scenario: Scenario, prepared: Prepared | None = None) -> NoiseModel:
    """Read the counts, populations and survey sizes behind every indicator.

    ``prepared``, the scenario's own :func:`~scoring.core.pipeline.prepare`, is the untreated
    data when the scenario treats no outliers: then it is used instead of preparing again.
    """
    untreated = (prepared if prepared is not None and scenario.transform == "none"
                 else prepare(dataset, scenario.replace(transform="none")))  # fmt: skip
    # What the data say about each cell's noise depends on the data and on which units and
    # indicators are in play, not on the weights: read once per dataset and selection.
    counts, per_count, count_cols, trials, share, survey_cols = once(
        dataset, ("noise", tuple(untreated.codes), tuple(untreated.indicators)),
        lambda: _noise_arrays(dataset, untreated.codes, untreated.indicators))  # fmt: skip
    return NoiseModel(
        base=np.ascontiguousarray(untreated.x),  # copied block by block: C order is fastest
        counts=counts,
        per_count=per_count,
        count_cols=count_cols,
        trials=trials,
        share=share,
        survey_cols=survey_cols,
        transform=scenario.transform,
        winsor_pct=scenario.winsor_pct,
        scale_mask=untreated.scale_mask,
    )


def _noise_arrays(dataset: Dataset, codes: pd.Index, indicators: list[str]) -> tuple[np.ndarray, ...]:
    """``counts, per_count, count_cols, trials, share, survey_cols`` of a :class:`NoiseModel`
    (read-only: the models of one dataset share them)."""
    meta = dataset.meta.reindex(indicators)
    raw = dataset.values.reindex(index=codes, columns=indicators).to_numpy(
        float
    )
    population = dataset.units["population"].reindex(codes).to_numpy(float)
    noisy = meta["noise"].astype(str).str.lower().ne("none").to_numpy()
    count_cols = np.flatnonzero(noisy & (meta["kind"] == "count").to_numpy())
    survey_cols = np.flatnonzero(noisy & (meta["kind"] == "percent").to_numpy())
    per = meta["per"].to_numpy(float)[count_cols]
    with np.errstate(invalid="ignore", divide="ignore"):
        per_count = np.where(population[:, None] > 0, per[None, :] / population[:, None], np.nan)
    sizes = dataset.context.get("sample_size")
    trials = np.full((len(codes), len(survey_cols)), float(DEFAULT_SURVEY_N))
    for i, col in enumerate(survey_cols):
        j = indicators[col]
        if sizes is not None and j in sizes:
            given = sizes[j].reindex(codes).to_numpy(float)
            trials[:, i] = np.where(given > 0, np.round(given), DEFAULT_SURVEY_N)
    counts = raw[:, count_cols]
    counts = np.where(np.isfinite(per_count) & (counts >= 0), counts, np.nan)
    out = (counts, per_count, count_cols, trials, np.clip(raw[:, survey_cols] / 100.0, 0.0, 1.0), survey_cols)
    for array in out:
        array.flags.writeable = False
    return out


def draw(
    model: NoiseModel,
    size: int,
    rng: np.random.Generator,
    *,
    sampling: bool = True,
    recording: float = 0.0,
    recording_rng: np.random.Generator | None = None,
    normal_from: float | None = None,
) -> np.ndarray:
    """``size`` noisy, treated copies of the indicator values, shape (size, n, m).

    Parameters
    ----------
    sampling : bool
        Poisson noise on counts and binomial noise on survey percentages.
    recording : float
        Half-width :math:`\\delta` of the per-force recording factor on counts.
    recording_rng : Generator, optional
        Stream for the recording factors (default ``rng``); a separate stream keeps
        the sampling draws the same whether or not recording error is on.
    normal_from : float, optional
        Only for very large runs: counts of at least this many are drawn by
        :func:`normal_counts`, and the draws go straight into the values (no
        intermediate count arrays). With ``inf`` the values are those of the default path.
    """
    if sampling and normal_from is not None:
        return _draw_into(model, size, rng, normal_from, recording, recording_rng or rng)
    counts, percent = sample_counts(model, size, rng) if sampling else (None, None)
    factor = None
    if recording > 0:
        factor = recording_factors(model, size, recording, recording_rng or rng)
    return assemble(model, size, counts, percent, factor)


def sample_counts(model: NoiseModel, size: int, rng: np.random.Generator):
    """Poisson counts (size, n, c) and binomial percentages (size, n, b)."""
    lam = np.nan_to_num(model.counts, nan=0.0)
    counts = np.where(np.isnan(model.counts), np.nan, rng.poisson(lam, size=(size, *lam.shape)))
    return counts, sample_percent(model, size, rng)


def sample_percent(model: NoiseModel, size: int, rng: np.random.Generator) -> np.ndarray:
    """Binomial survey percentages (size, n, b)."""
    p = np.nan_to_num(model.share, nan=0.0)
    hits = rng.binomial(model.trials.astype(np.int64), p, size=(size, *p.shape))
    return np.where(np.isnan(model.share), np.nan, 100.0 * hits / model.trials)


def _draw_into(
    model: NoiseModel,
    size: int,
    rng: np.random.Generator,
    normal_from: float,
    recording: float,
    recording_rng: np.random.Generator,
) -> np.ndarray:
    """:func:`draw` with counts of ``normal_from`` or more from the normal approximation.

    The Poisson draws of the smaller counts come first, in the order of
    :func:`sample_counts` (a count of 0 or a missing one takes no draw); then, when some
    count is that large, one normal deviate per count cell, sample by sample
    (:func:`standard_normals`; unit by count column, smaller and missing counts included so
    every sample takes the same share of the stream); then the survey draws. The samples are
    made :data:`BLOCK` cells at a time, so the arithmetic runs in the CPU cache rather than
    over the whole chunk once per step; where counts fill every cell of the table they are
    drawn straight into the values.
    """
    lam, per = model.counts, model.per_count  # (n, c); NaN: no noise
    small = np.flatnonzero(lam < normal_from)  # NaN compares False: no draw
    poisson = rng.poisson(lam.ravel()[small], size=(size, len(small)))
    normal = bool((lam >= normal_from).any())
    sd = np.sqrt(lam)
    factor = recording_factors(model, size, recording, recording_rng) if recording > 0 else None
    x = np.empty((size, *model.base.shape))
    step = max(1, BLOCK // max(lam.size, 1))
    # Counts in every cell of every column (the usual large table): drawn straight into x.
    direct = not np.isnan(lam).any() and np.array_equal(model.count_cols, np.arange(x.shape[-1]))
    z = np.empty((step, deviate_width(lam.size)), dtype=np.float32) if normal else None
    work = None if direct else np.empty((step, *lam.shape))
    for a in range(0, size, step):
        b = min(a + step, size)
        counts = x[a:b] if direct else work[: b - a]
        if normal:
            normal_counts(lam, b - a, rng, sd=sd, out=counts, buffer=z[: b - a])
        else:
            counts.fill(np.nan)
        counts.reshape(b - a, -1)[:, small] = poisson[a:b]
        if factor is not None:  # c * factor * rate, as in assemble
            counts *= factor[a:b]
        counts *= per
        if not direct:
            x[a:b] = model.base
            _put(x[a:b], model.count_cols, counts)
    _put(x, model.survey_cols, sample_percent(model, size, rng))
    return transform.treat(x, model.transform, scale_mask=model.scale_mask,
                           winsor_pct=model.winsor_pct)  # fmt: skip


def normal_counts(lam: np.ndarray, size: int, rng: np.random.Generator, *,
                  sd: np.ndarray | None = None, out: np.ndarray | None = None,
                  buffer: np.ndarray | None = None) -> np.ndarray:
    """``size`` draws (size, *lam.shape) of :math:`\\max(0, \\mathrm{round}(\\lambda + \\sqrt\\lambda Z))`,
    the normal approximation to Poisson(:math:`\\lambda`) with continuity correction (see the
    module notes); several times faster than numpy's exact Poisson draws. ``sd``, if given, is
    :math:`\\sqrt\\lambda` computed once by the caller; ``out`` (float64, that shape) takes
    the draws and ``buffer`` (float32, :func:`standard_normals`) the deviates.
    """
    z = standard_normals(size, lam.size, rng, out=buffer).reshape(size, *lam.shape)
    x = np.multiply(z, np.sqrt(lam) if sd is None else sd, out=out)
    x += lam
    np.rint(x, out=x)
    return np.maximum(x, 0.0, out=x)


def standard_normals(size: int, cells: int, rng: np.random.Generator, *,
                     out: np.ndarray | None = None) -> np.ndarray:
    """``size`` rows of ``cells`` independent N(0, 1) deviates, float32, by inverse transform
    sampling from a table of :math:`2^{16}` normal quantiles (the module notes give the
    precision argument): each 64-bit word of ``rng``'s bit generator gives four deviates.

    Each row takes its own :math:`\\lceil cells / 4 \\rceil` words, in row order, so the
    deviates do not depend on how many rows are drawn at a time. ``out``, if given, is a
    float32 array (size, :func:`deviate_width`); the result is its first ``cells`` columns.
    """
    width = deviate_width(cells)
    words = rng.bit_generator.random_raw(size * width // 4)
    bits = words.view(np.uint16).reshape(size, width)  # four 16-bit indices a word
    z = np.empty((size, width), dtype=np.float32) if out is None else out
    np.take(_quantiles(), bits, out=z)
    return z[:, :cells]


def deviate_width(cells: int) -> int:
    """Columns of a :func:`standard_normals` row for ``cells`` deviates: whole words of four."""
    return 4 * -(-cells // 4)


@cache
def _quantiles() -> np.ndarray:
    """:math:`\\Phi^{-1}((k + \\tfrac12) / 2^{16})`, :math:`k = 0 \\ldots 2^{16} - 1`, float32."""
    from scipy.special import ndtri  # only large runs need it

    table = ndtri((np.arange(2**16) + 0.5) / 2**16).astype(np.float32)
    table.flags.writeable = False
    return table


def recording_factors(model: NoiseModel, size: int, band: float, rng: np.random.Generator):
    """One recording factor per force and draw, :math:`U[1-\\delta, 1+\\delta]`, shape (size, n, 1)."""
    return rng.uniform(1 - band, 1 + band, size=(size, len(model.base), 1))


def assemble(model: NoiseModel, size: int, counts=None, percent=None, factor=None) -> np.ndarray:
    """Put drawn counts, percentages and recording factors into treated values (size, n, m).

    ``None`` for any part keeps the observed values for it.
    """
    x = np.repeat(model.base[None], size, axis=0)
    if counts is not None or factor is not None:
        c = model.counts if counts is None else counts
        rates = c * model.per_count if factor is None else c * factor * model.per_count
        _put(x, model.count_cols, rates)
    if percent is not None:
        _put(x, model.survey_cols, percent)
    return transform.treat(x, model.transform, scale_mask=model.scale_mask,
                           winsor_pct=model.winsor_pct)  # fmt: skip


def _put(x: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
    """``x[..., cols] = values`` where ``values`` is not NaN; in place, through a view when
    ``cols`` are consecutive (the usual case: no gather and scatter of the whole array)."""
    if len(cols) and np.array_equal(cols, np.arange(cols[0], cols[0] + len(cols))):
        np.copyto(x[..., cols[0] : cols[0] + len(cols)], values, where=~np.isnan(values))
    elif len(cols):
        x[..., cols] = np.where(np.isnan(values), x[..., cols], values)
