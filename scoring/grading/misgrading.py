"""Misgrading: how likely each force's published grade is wrong, and who would be sent in.

The uncertainty machinery of the Instability page (:mod:`scoring.instability.uncertainty`,
:mod:`scoring.instability.noise`) applied to grades and thresholds. Draw :math:`b = 1..R`
re-runs of the scenario's whole pipeline, each with fresh sampling noise in the data
(Poisson counts, binomial survey shares, and the recording-error band if one is set) and,
when switched on, weights drawn as on the Instability page. With :math:`s^{(b)}_f` the
composite and :math:`g(\\cdot)` the grade rule (:mod:`scoring.grading.rules`):

* :math:`P_f(k) = \\frac1R \\sum_b \\mathbf 1[g(s^{(b)}_f) = k]`, each force's chance of
  each grade;
* the published grade is :math:`\\hat g_f = g(\\hat s_f)` and the chance it is wrong is
  :math:`1 - P_f(\\hat g_f)`; expected misgrades :math:`\\sum_f (1 - P_f(\\hat g_f))`;
* a force is on a **cliff edge** when no grade reaches the stated level,
  :math:`\\max_k P_f(k) < \\ell` (default :math:`\\ell = 0.8`);
* per-indicator thresholds: the chance of meeting each, the same way, and exactly where
  the noise model allows: for a count, :math:`P(Y \\le t E_f)` (or :math:`\\ge`) with
  :math:`Y \\sim \\mathrm{Poisson}(\\hat\\lambda_f)` and :math:`E_f` the population over the
  rate's base; for a survey share, the binomial tail with the survey's sample size;
* interventions: the number of forces each draw sends for intervention, reported as a
  distribution, not one number.

The draws are a parametric bootstrap at the published values, so the statement "the chance
the grade is wrong" is the chance that the same measurement, repeated, grades the force
differently. Averaged over forces whose true rates are spread smoothly across a cut-off,
it matches the rate at which published grades differ from the true ones (a simulation test
checks this); for one force sitting exactly on a cut-off it understates it.

Methods after Goldstein & Spiegelhalter (1996, "League tables and their limitations", *JRSS
A* 159(3)) and Marshall & Spiegelhalter (1998, "Reliability of league tables of in vitro
fertilisation clinics", *BMJ* 316); the assembly for grades is this project's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from scoring.core import transform
from scoring.core.dataset import Dataset
from scoring.core.pipeline import Prepared, score_arrays
from scoring.core.scenario import Scenario
from scoring.grading import rules
from scoring.grading.rules import Bands
from scoring.instability import noise as data_noise
from scoring.instability import uncertainty

Progress = Callable[[float], None]
SOURCES = ("weights", "noise", "recording")


@dataclass(frozen=True, eq=False)
class Draw:
    """One chunk of re-runs: samples ``start:stop``."""

    start: int
    stop: int
    values: np.ndarray  # (c, n, m) untreated values (rates, percentages) as published units
    z: np.ndarray  # (c, n, m) normalised values
    scores: np.ndarray  # (c, n) composite (NaN for units left out)
    weights: np.ndarray  # (c, m) effective weights


@dataclass(frozen=True, eq=False)
class Setup:
    """A scenario prepared for grading: published scores and what the draws vary."""

    p: Prepared
    model: uncertainty.Model
    raw: data_noise.NoiseModel  # noise model of the untreated values
    published: np.ndarray  # (n,) composite as published (NaN for units left out)
    graded: np.ndarray  # (n,) units that take a grade: ranked, with a score
    sources: tuple[str, ...]
    scenario: Scenario


def setup(dataset: Dataset, scenario: Scenario) -> Setup:
    """Prepare ``scenario`` for grading draws (its grading settings say what varies)."""
    g, u = scenario.grading, scenario.uncertainty
    varied = scenario.replace(uncertainty=dataclasses.replace(
        u, vary_weights=g.vary_weights, vary_methods=False, drop_indicator=False,
        data_noise=g.noise, recording_error=u.recording_error if g.noise else 0.0))  # fmt: skip
    model = uncertainty.build(dataset, varied)
    p = model.p
    _, s = score_arrays(p, scenario.normalisation, scenario.aggregation, scenario.geometric_offset)
    s = np.where(_left_out(p), np.nan, s)
    raw = data_noise.noise_model(dataset, scenario.replace(transform="none"))
    sources = tuple(k for k in uncertainty.active_sources(model) if k in SOURCES)
    return Setup(p=p, model=model, raw=raw, published=s, graded=p.ranked_mask & np.isfinite(s),
                 sources=sources, scenario=varied)  # fmt: skip


def draws(st: Setup, samples: int, seed: int, progress: Progress | None = None) -> Iterator[Draw]:
    """Re-run the pipeline ``samples`` times in chunks (same seed, same draws)."""
    sc, p = st.scenario, st.p
    rngs = uncertainty.streams(seed)
    plan = uncertainty.draw_plan(st.model, samples, rngs, st.sources)
    noisy = "noise" in st.sources or "recording" in st.sources
    level = sc.uncertainty.recording_error if "recording" in st.sources else 0.0
    step = uncertainty.chunk_size(st.model)
    for start in range(0, samples, step):
        stop = min(start + step, samples)
        c = stop - start
        if noisy:
            values = data_noise.draw(st.raw, c, rngs["noise"], sampling="noise" in st.sources,
                                     recording=level, recording_rng=rngs["recording"])  # fmt: skip
            treated = transform.treat(values, sc.transform, scale_mask=st.raw.scale_mask,
                                      winsor_pct=sc.winsor_pct)  # fmt: skip
        else:
            values, treated = np.broadcast_to(st.raw.base, (c, *st.raw.base.shape)), None
        w = uncertainty.chunk_weights(st.model, plan, start, stop)
        z, s = score_arrays(p, sc.normalisation, sc.aggregation, sc.geometric_offset, x=treated,
                            weights=w)  # fmt: skip
        z = np.broadcast_to(z, (c, *p.x.shape))
        s = np.where(_left_out(p), np.nan, np.broadcast_to(s, (c, len(p.codes))))
        yield Draw(start, stop, values, z, s, w)
        if progress is not None:
            progress(stop / samples)


def _left_out(p: Prepared) -> np.ndarray:
    return p.status.str.startswith("excluded").to_numpy()


@dataclass(frozen=True, eq=False)
class Grading:
    """Grades, thresholds and interventions of the graded units (data order)."""

    codes: np.ndarray  # (r,)
    names: np.ndarray  # (r,)
    scores: np.ndarray  # (r,) published composite
    bands: Bands
    grade: np.ndarray  # (r,) published grade index, 0 = best
    p_grade: np.ndarray  # (r, G) chance of each grade
    indicators: tuple[str, ...]  # indicators with a threshold (J)
    thresholds: np.ndarray  # (J,)
    direction: np.ndarray  # (J,) +1 higher is better, -1 lower is better
    values: np.ndarray  # (r, J) published values (NaN: missing)
    met: np.ndarray  # (r, J) published: 1 meets, 0 falls short, NaN no value
    p_meet: np.ndarray  # (r, J) chance of meeting (Monte Carlo)
    exact: np.ndarray  # (r, J) the same, exact, where the noise model gives it (else NaN)
    intervene: np.ndarray  # (r,) sent for intervention as published
    p_intervene: np.ndarray  # (r,)
    interventions: np.ndarray  # (R,) forces sent for intervention in each draw
    samples: int
    seed: int
    sources: tuple[str, ...]
    cliff_level: float
    notes: tuple[str, ...] = ()

    @property
    def p_wrong(self) -> np.ndarray:
        """Chance each published grade is wrong: :math:`1 - P_f(\\hat g_f)`."""
        return 1.0 - self.p_grade[np.arange(len(self.grade)), self.grade]

    @property
    def expected_misgrades(self) -> float:
        return float(self.p_wrong.sum())

    @property
    def cliff_edge(self) -> np.ndarray:
        """No grade reaches the cliff level."""
        return self.p_grade.max(axis=1) < self.cliff_level

    @property
    def threshold_wrong(self) -> np.ndarray:
        """Chance each published meets / falls short is wrong (NaN where there is no value)."""
        return np.where(self.met == 1.0, 1.0 - self.p_meet, np.where(self.met == 0.0, self.p_meet, np.nan))

    def summary(self) -> dict:
        """The headline numbers, plain types."""
        q = np.quantile(self.interventions, [0.05, 0.5, 0.95]) if len(self.interventions) else [0, 0, 0]
        return {
            "graded": len(self.codes),
            "published": {n: int((self.grade == k).sum()) for k, n in enumerate(self.bands.names)},
            "expected_misgrades": self.expected_misgrades,
            "likely_wrong": int((self.p_wrong >= 0.2).sum()),
            "cliff_edge": int(self.cliff_edge.sum()),
            "cliff_level": self.cliff_level,
            "interventions_published": int(self.intervene.sum()),
            "interventions_5_50_95": [int(v) for v in q],
            "interventions_mean": float(np.mean(self.interventions)) if len(self.interventions) else 0.0,
            "samples": self.samples,
            "seed": self.seed,
            "sources": list(self.sources),
            "rule": self.bands.describe(),
        }

    def frame(self) -> pd.DataFrame:
        """One row per graded unit: grade, chances, cliff edge, thresholds, intervention."""
        out = pd.DataFrame({"name": self.names, "score": self.scores,
                            "grade": [self.bands.names[k] for k in self.grade]},
                           index=pd.Index(self.codes, name="code"))  # fmt: skip
        for k, label in enumerate(self.bands.names):
            out[f"p_{rules.slug(label)}"] = self.p_grade[:, k]
        out["p_wrong"] = self.p_wrong
        out["cliff_edge"] = self.cliff_edge
        for i, j in enumerate(self.indicators):
            out[f"{j}_value"] = self.values[:, i]
            out[f"{j}_meets"] = pd.array([None if np.isnan(v) else bool(v) for v in self.met[:, i]],
                                         dtype="boolean")  # fmt: skip
            out[f"{j}_p_meets"] = self.p_meet[:, i]
            out[f"{j}_p_meets_exact"] = self.exact[:, i]
        out["intervention"] = self.intervene
        out["p_intervention"] = self.p_intervene
        return out


def simulate(dataset: Dataset, scenario: Scenario, *, samples: int | None = None,
             seed: int | None = None, progress: Progress | None = None) -> Grading:
    """Grades, thresholds and interventions under the scenario's grading settings.

    Raises ``ValueError`` when fewer than two units can be graded.
    """
    g = scenario.grading
    samples = samples or g.samples
    seed = scenario.seed if seed is None else seed
    st = setup(dataset, scenario)
    graded = st.graded
    if graded.sum() < 2:
        raise ValueError("fewer than two units have a place in the table, so there is nothing to grade")
    p = st.p
    bands = rules.bands(g, st.published[graded])
    used, unknown = rules.thresholds_of(g, p.indicators)
    cols = [p.indicators.index(j) for j in used]
    t = np.array([g.thresholds[j] for j in used], dtype=float)
    d = p.direction[cols].astype(float)
    published = p.rates.to_numpy(float)[graded][:, cols]
    met0 = rules.meets(published, t, d)
    grade0 = bands.assign(st.published[graded])
    int0 = rules.intervene(grade0, rules.shortfalls(met0), g, bands.bottom, bool(cols))
    r = int(graded.sum())
    counts = np.zeros((r, bands.size))
    meet_counts, int_counts = np.zeros((r, len(cols))), np.zeros(r)
    sent = np.empty(samples, dtype=int)
    for chunk in draws(st, samples, seed, progress):
        grades = bands.assign(chunk.scores[:, graded])
        counts += (grades[..., None] == np.arange(bands.size)).sum(axis=0)
        values = np.where(np.isnan(published)[None], np.nan, chunk.values[:, graded][..., cols])
        met = rules.meets(values, t, d)
        meet_counts += np.nansum(met, axis=0)
        who = rules.intervene(grades, rules.shortfalls(met), g, bands.bottom, bool(cols))
        int_counts += who.sum(axis=0)
        sent[chunk.start:chunk.stop] = who.sum(axis=1)
    notes = list(bands.notes)
    notes += [f"Threshold on {j!r} ignored: no such indicator in this data." for j in unknown]
    apart = int((~p.ranked_mask & np.isfinite(st.published)).sum())
    no_score = int((~np.isfinite(st.published)).sum())
    if apart:
        notes.append(f"{apart} unit(s) ranked apart are not graded (see the league table).")
    if no_score:
        notes.append(f"{no_score} unit(s) have no score and are not graded.")
    exact = exact_meet(st, cols, t, d)[graded]
    return Grading(
        codes=np.asarray(p.codes)[graded],
        names=dataset.units["name"].reindex(p.codes).to_numpy()[graded],
        scores=st.published[graded], bands=bands, grade=grade0, p_grade=counts / samples,
        indicators=tuple(used), thresholds=t, direction=d, values=published, met=met0,
        p_meet=np.where(np.isnan(met0), np.nan, meet_counts / samples),
        exact=np.where(np.isnan(met0), np.nan, exact), intervene=int0,
        p_intervene=int_counts / samples, interventions=sent, samples=samples, seed=seed,
        sources=st.sources, cliff_level=g.cliff, notes=tuple(notes),
    )  # fmt: skip


def exact_meet(st: Setup, cols: list[int], t: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Exact chance of meeting each threshold (n, J) where the noise model gives one, else NaN.

    A count: :math:`Y \\sim \\mathrm{Poisson}(\\hat\\lambda)` meets when
    :math:`d (Y c - t) \\ge -\\text{tol}`, with :math:`c` the rate per offence; a survey share:
    the binomial tail. With sampling noise off, the published status (0 or 1); with a
    recording-error band on, no exact value (NaN).
    """
    n = len(st.p.codes)
    out = np.full((n, len(cols)), np.nan)
    if "recording" in st.sources:
        return out
    raw = st.raw
    for i, (col, tj, dj) in enumerate(zip(cols, t, d, strict=True)):
        tol = 1e-9 * max(1.0, abs(tj))
        if "noise" not in st.sources:
            out[:, i] = rules.meets(raw.base[:, col], tj, dj)
        elif col in raw.count_cols:
            k = int(np.flatnonzero(raw.count_cols == col)[0])
            lam, per = raw.counts[:, k], raw.per_count[:, k]
            with np.errstate(invalid="ignore", divide="ignore"):
                if dj < 0:
                    out[:, i] = stats.poisson.cdf(np.floor((tj + tol) / per), lam)
                else:
                    out[:, i] = stats.poisson.sf(np.ceil((tj - tol) / per) - 1, lam)
        elif col in raw.survey_cols:
            k = int(np.flatnonzero(raw.survey_cols == col)[0])
            trials, share = raw.trials[:, k], raw.share[:, k]
            if dj < 0:
                out[:, i] = stats.binom.cdf(np.floor((tj + tol) * trials / 100.0), trials, share)
            else:
                out[:, i] = stats.binom.sf(np.ceil((tj - tol) * trials / 100.0) - 1, trials, share)
        else:  # no noise on this indicator: its status is certain
            out[:, i] = rules.meets(raw.base[:, col], tj, dj)
    return out
