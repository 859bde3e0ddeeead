"""Local priorities: how far national weights are from a force's own, and what that does to ranks.

A force's local weights :math:`\\ell_f` are set over the common domain list
(:mod:`scoring.rigidity.domains`), which includes the domains the table leaves out (national
weight 0 there). Either the user sets them, or they follow the force's own harm
profile (this project's design, on the harm weighting of the ONS Crime Severity Score and
of Sherman, Neyroud & Neyroud 2016, "The Cambridge Crime Harm Index", *Policing*
10(3):171-183):

.. math:: \\ell_{fk} \\propto \\sum_{g \\to k} n_{fg}\\, h_g.

Both are value judgements and are labelled as such. Distances between the national
weights *w* and :math:`\\ell_f`:

* total variation :math:`TV = \\tfrac12 \\sum_k |w_k - \\ell_{fk}|`, "the share of weight
  in the wrong place";
* cosine similarity :math:`\\langle w, \\ell_f\\rangle / (\\lVert w\\rVert \\lVert \\ell_f\\rVert)`;
* Jensen-Shannon divergence in nats, :math:`\\tfrac12 KL(w\\Vert m) + \\tfrac12
  KL(\\ell_f\\Vert m)` with :math:`m = (w + \\ell_f)/2` (Lin 1991, "Divergence measures
  based on the Shannon entropy", *IEEE Trans. Inf. Theory* 37(1)).

Ranks under local weights. The domains outside the basket are scored from their
recorded rate per 1,000 residents (lower is better), normalised and aggregated exactly
as the table's own indicators, so :math:`r_f(\\ell_f)` is the rank of *f* when every
force is scored with *f*'s weights. With zero weight on those domains the national
table comes back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.core import pipeline, ranking
from scoring.core.dataset import Dataset
from scoring.core.scenario import Scenario
from scoring.core.weights import renormalise
from scoring.rigidity import harm
from scoring.rigidity.domains import DomainData


def total_variation(w, local) -> np.ndarray:
    """:math:`\\tfrac12 \\sum_k |w_k - \\ell_k|` along the last axis."""
    return 0.5 * np.abs(np.asarray(w, float) - np.asarray(local, float)).sum(axis=-1)


def cosine(w, local) -> np.ndarray:
    """Cosine similarity along the last axis (NaN for a zero vector)."""
    w, local = np.asarray(w, float), np.asarray(local, float)
    norm = np.linalg.norm(w, axis=-1) * np.linalg.norm(local, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(norm > 0, (w * local).sum(axis=-1) / norm, np.nan)


def jensen_shannon(w, local) -> np.ndarray:
    """Jensen-Shannon divergence in nats (0 = same, ln 2 = no overlap), last axis."""
    w, local = np.asarray(w, float), np.asarray(local, float)
    m = 0.5 * (w + local)
    return 0.5 * _kl(w, m) + 0.5 * _kl(local, m)


def kendall_tau_b(base, rows) -> np.ndarray:
    """Kendall's :math:`\\tau_b` between ``base`` and every row of ``rows`` at once.

    .. math:: \\tau_b = \\frac{\\sum_{i<j} s^x_{ij} s^y_{ij}}
       {\\sqrt{\\sum_{i<j} |s^x_{ij}| \\sum_{i<j} |s^y_{ij}|}}, \\qquad
       s^x_{ij} = \\mathrm{sign}(x_i - x_j),

    the same statistic as ``scipy.stats.kendalltau`` (Kendall 1945), over the units that
    have a value in both; NaN where fewer than two units do or either order is constant.
    """
    x = np.asarray(base, float)
    y = np.atleast_2d(np.asarray(rows, float))
    ok = ~np.isnan(y) & ~np.isnan(x)
    pair = ok[:, :, None] & ok[:, None, :]
    sx = np.where(pair, np.sign(np.nan_to_num(x[:, None] - x[None, :])), 0.0)
    sy = np.where(pair, np.sign(np.nan_to_num(y[:, :, None] - y[:, None, :])), 0.0)
    den = np.sqrt(np.abs(sx).sum(axis=(1, 2)) * np.abs(sy).sum(axis=(1, 2)))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, (sx * sy).sum(axis=(1, 2)) / den, np.nan)


def _kl(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / q), 0.0)
    return terms.sum(axis=-1)


@dataclass(frozen=True, eq=False)
class Ranker:
    """Scores every unit under any weights over the domains, with the table's methods."""

    prepared: pipeline.Prepared
    scenario: Scenario
    domain_ids: list[str]
    within: np.ndarray  # each indicator's share of its domain, shape (m,)
    member: np.ndarray  # domain index of each indicator, shape (m,)

    def indicator_weights(self, domain_weights) -> np.ndarray:
        """Effective indicator weights, as :func:`scoring.core.weights.effective_weights` gives."""
        lw = np.asarray(domain_weights, float)[..., self.member] * self.within
        return renormalise(lw)

    def domain_shares(self, domain_weights) -> np.ndarray:
        """The weights each domain effectively gets (empty domains drop out)."""
        w = self.indicator_weights(domain_weights)
        out = np.zeros(w.shape[:-1] + (len(self.domain_ids),))
        for k in range(len(self.domain_ids)):
            out[..., k] = w[..., self.member == k].sum(axis=-1)
        return out

    def ranks(self, domain_weights) -> np.ndarray:
        """Ranks of every unit (NaN when not ranked) under each row of weights."""
        p, s = self.prepared, self.scenario
        weights = self.indicator_weights(domain_weights)
        _, scores = pipeline.score_arrays(p, s.normalisation, s.aggregation, s.geometric_offset,
                                          weights=weights)  # fmt: skip
        scores = np.where(p.status.str.startswith("excluded").to_numpy(), np.nan, scores)
        return pipeline.rank_ranked(scores, p.ranked_mask)


def ranker(dataset: Dataset, scenario: Scenario, data: DomainData) -> Ranker:
    """Prepare the table plus one indicator per outside domain (its rate per 1,000)."""
    ext = extended(dataset, data)
    ids = data.domains.ids
    weights = {k: float(v) * 10.0 for k, v in data.national.items()}
    p = pipeline.prepare(ext, scenario.replace(measure_weights=weights))
    iw = np.array([max(scenario.indicator_weight(j), 0.0) for j in p.indicators])
    member = np.array([ids.index(ext.measure_of[j]) for j in p.indicators])
    totals = np.bincount(member, weights=iw, minlength=len(ids))
    with np.errstate(divide="ignore", invalid="ignore"):
        within = np.where(totals[member] > 0, iw / totals[member], 0.0)
    return Ranker(p, scenario, ids, within, member)


def extended(dataset: Dataset, data: DomainData) -> Dataset:
    """The dataset plus one indicator per outside domain: recorded offences, lower is better."""
    dom = data.domains
    groups = {k: g for g, k in dom.group_domain.items() if k in dom.outside}
    values = dataset.values.join(data.counts[list(groups.values())].set_axis(list(groups), axis=1))
    extra = pd.DataFrame({
        "label": [dom.labels[k] for k in groups], "measure": list(groups), "direction": -1,
        "kind": "count", "per": 1000.0, "unit": "per 1,000 residents",
        "source_table": "ONS PFA tables, Table P1", "period": "", "licence": "OGL v3.0",
        "status": "real", "police_generated": [g in harm.PROACTIVE for g in groups.values()],
        "noise": "poisson", "description": "Outside the basket: recorded offences.",
    }, index=pd.Index(list(groups), name="id"))  # fmt: skip
    measures = pd.concat([dataset.measures, pd.DataFrame(
        {"label": extra["label"], "order": range(len(dataset.measures) + 1,
                                                 len(dataset.measures) + 1 + len(extra)),
         "ncpm_wording": ""}, index=extra.index)])  # fmt: skip
    return Dataset(f"{dataset.id}+outside", dataset.title, dataset.units, values,
                   pd.concat([dataset.meta, extra]), measures, dataset.national)  # fmt: skip


def local_weights(data: DomainData, scenario: Scenario, code: str) -> tuple[pd.Series, str]:
    """A force's local weights (summing to 1) and a note on where they came from."""
    settings = scenario.rigidity
    if settings.local == "custom":
        raw = pd.Series({k: float(settings.local_weights.get(k, 0.0)) for k in data.domains.ids})
        if raw.sum() > 0:
            return raw / raw.sum(), "weights you set (a value judgement)"
        note = "you have not set any local weight yet, so this force's own harm profile is used"
        return data.profile.loc[code], note
    return data.profile.loc[code], "this force's own harm profile (a value judgement)"


@dataclass(frozen=True, eq=False)
class ForceView:
    """National against local weights for one force, and its rank under each."""

    code: str
    weights: pd.DataFrame  # per domain: label, national, local (effective shares), measured
    rank_national: float
    rank_local: float
    n_ranked: int
    tv: float
    cosine: float
    js: float
    tau: float
    source: str
    local_ranks: pd.Series  # every unit's rank under this force's weights


def force_view(rk: Ranker, data: DomainData, scenario: Scenario, code: str) -> ForceView:
    """Distances and ranks for one force under national and its local weights."""
    local, source = local_weights(data, scenario, code)
    both = np.vstack([data.national.to_numpy(float), local.to_numpy(float)])
    shares = rk.domain_shares(both)
    ranks = rk.ranks(both)
    i = list(rk.prepared.codes).index(code)
    dom = data.domains
    table = pd.DataFrame({
        "label": [dom.labels[k] for k in dom.ids], "national": shares[0], "local": shares[1],
        "measured": shares[0] > 0,
    }, index=pd.Index(dom.ids, name="domain"))  # fmt: skip
    return ForceView(
        code, table, ranks[0, i], ranks[1, i], int(rk.prepared.ranked_mask.sum()),
        float(total_variation(shares[0], shares[1])), float(cosine(shares[0], shares[1])),
        float(jensen_shannon(shares[0], shares[1])), ranking.kendall_tau(ranks[0], ranks[1]),
        source, pd.Series(ranks[1], index=rk.prepared.codes),
    )  # fmt: skip


def all_forces(rk: Ranker, data: DomainData, names: pd.Series) -> pd.DataFrame:
    """Every force's rank under national weights against its rank under its own harm profile.

    Returns
    -------
    DataFrame
        Indexed by code: ``name, rank_national, rank_own, change`` (+ = places gained
        under its own profile), ``tv, cosine, js`` (distance of its profile from the
        national weights) and ``tau`` (Kendall's tau between the national order and the
        order under its profile).
    """
    codes = rk.prepared.codes
    profiles = data.profile.reindex(codes).to_numpy(float)
    national = rk.domain_shares(data.national.to_numpy(float))
    own = rk.domain_shares(profiles)
    ranks = rk.ranks(np.vstack([data.national.to_numpy(float), profiles]))
    base, under = ranks[0], ranks[1:]
    own_rank = np.diag(under)
    return pd.DataFrame({
        "name": names.reindex(codes),
        "rank_national": pd.array(base, dtype="Int64"),
        "rank_own": pd.array(own_rank, dtype="Int64"),
        "change": pd.array(base - own_rank, dtype="Int64"),
        "tv": total_variation(national, own),
        "cosine": cosine(national, own),
        "js": jensen_shannon(national, own),
        "tau": kendall_tau_b(base, under),
    }, index=codes)  # fmt: skip


def summary(table: pd.DataFrame) -> dict:
    """Headline facts of :func:`all_forces`: how many do better under their own profile."""
    ranked = table.dropna(subset=["rank_national", "rank_own"])
    change = ranked["change"].astype(float)
    return {
        "n": len(ranked),
        "better": int((change > 0).sum()),
        "worse": int((change < 0).sum()),
        "median_tv": float(table["tv"].median()),
        "median_abs_change": float(change.abs().median()) if len(change) else float("nan"),
    }


def on_slider_scale(weights: pd.Series) -> pd.Series:
    """Weights on the 0-10 slider scale, the largest at 10 (only ratios matter)."""
    top = weights.max()
    return (weights / top * 10.0).round(1) if top > 0 else weights
