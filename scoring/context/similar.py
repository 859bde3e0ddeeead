"""Most-similar-force groups, and each force's rank and funnel position within its group.

HMICFRS compares each force with its *most similar group* (MSG): up to seven forces the Home
Office judged most alike in the demographic, social and economic make-up of their areas. The
published groups are not in the shipped data, so these are **this project's own
approximation**, computed from the context it ships (:mod:`scoring.context.variables`):

1. each chosen variable is standardised over the force areas (population and density on a log
   scale): :math:`z_{fv} = (x_{fv} - \\bar x_v)/s_v`;
2. the distance between forces :math:`f` and :math:`g` gives every variable equal weight, the
   crime mix counting as one variable made of its :math:`J = 9` standardised log-ratios:

   .. math:: d_{fg}^2 = \\frac1V\\Big(\\sum_{v\\ \\mathrm{scalar}} (z_{fv}-z_{gv})^2
             + \\frac1J\\sum_{j=1}^J (c_{fj}-c_{gj})^2\\Big);

3. a force's group is itself and its :math:`k` nearest forces (ties broken by code), so, as
   with HMICFRS's groups, "A is in B's group" does not imply the reverse.

**Within the group**: the force's competition rank on the scenario's composite score among the
ranked members of its group, and, for each count indicator the scenario weighs, its funnel
position against the pooled rate of its :math:`k` similar forces,
:math:`\\theta_G=\\sum_{g\\in G}O_g/\\sum_{g\\in G}P_g`, with expected count :math:`E_f = \\theta_G P_f`
and exact Poisson limits (Spiegelhalter 2005, "Funnel plots for comparing institutional
performance", *Statistics in Medicine* 24:1185-1202; :mod:`scoring.explore.funnel`). That is
the like-with-like comparison Goldstein & Spiegelhalter (1996) ask for: beyond the 99.8% limit,
the difference from similar forces is unlikely to be chance, though it may still be recording
practice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.context.variables import Context
from scoring.core import ranking
from scoring.core.dataset import Dataset
from scoring.explore import funnel as funnels
from scoring.explore import indicators as explore

LEVELS = funnels.LEVELS  # 95% ("alert") and 99.8% ("alarm") limits


@dataclass(frozen=True, eq=False)
class Groups:
    """Each force's most similar forces, nearest first."""

    members: pd.DataFrame  # index code: columns 1..k, the similar forces' codes
    distance: pd.DataFrame  # code x code
    variables: tuple[str, ...]
    k: int

    def group(self, code: str) -> list[str]:
        """The force and its similar forces, nearest first."""
        return [code, *self.members.loc[code]]

    def peers(self, code: str) -> list[str]:
        """The similar forces only."""
        return list(self.members.loc[code])

    def membership(self) -> pd.DataFrame:
        """code x code: 1 where the column force is one of the row force's similar forces."""
        codes = self.members.index
        position = {c: i for i, c in enumerate(codes)}
        out = np.zeros((len(codes), len(codes)))
        rows = np.repeat(np.arange(len(codes)), self.k)
        out[rows, [position[c] for c in self.members.to_numpy().ravel()]] = 1.0
        return pd.DataFrame(out, index=codes, columns=codes)


def distances(context: Context, variables) -> pd.DataFrame:
    """Distances between forces with every chosen variable counting equally (module docstring)."""
    variables = [v for v in variables if v in context.table.columns]
    if not variables:
        raise ValueError("choose at least one context variable to group by")
    codes = context.table.index
    total = np.zeros((len(codes), len(codes)))
    for v in variables:
        if v == "crime_mix":
            c = context.clr.loc[codes].to_numpy(float)
            total += ((c[:, None, :] - c[None, :, :]) ** 2).mean(axis=2)
        else:
            x = context.scaled(v)
            sd = x.std()
            z = (x - x.mean()) / (sd if sd > 0 else 1.0)
            total += (z[:, None] - z[None, :]) ** 2
    return pd.DataFrame(np.sqrt(total / len(variables)), index=codes, columns=codes)


def similar_groups(context: Context, variables, k: int) -> Groups:
    """Each force's ``k`` nearest forces under :func:`distances`."""
    d = distances(context, variables)
    n = len(d)
    k = int(min(max(k, 1), n - 1))
    values = d.to_numpy().copy()
    np.fill_diagonal(values, np.inf)
    order = np.argsort(values, axis=1, kind="stable")[:, :k]  # stable: ties go to code order
    codes = np.asarray(d.index)
    members = pd.DataFrame(codes[order], index=d.index, columns=range(1, k + 1))
    return Groups(members=members, distance=d, variables=tuple(variables), k=k)


def group_ranks(groups: Groups, table: pd.DataFrame) -> pd.DataFrame:
    """Each force's place within its group on the composite score.

    ``table`` is a scored table (:func:`scoring.core.pipeline.score`): ``name``, ``score``,
    ``rank``. Returns per force: ``name, rank, group_rank, group_ranked`` (ranked members,
    itself included), ``score``, ``peer_score`` (mean score of its similar forces) and
    ``members`` (the similar forces' names, nearest first). Units ranked apart or excluded
    have no group rank.
    """
    codes = groups.members.index
    rows = table.reindex(codes)
    peers = groups.membership().to_numpy()
    group = peers + np.eye(len(codes))
    ranked = rows["rank"].notna().to_numpy()
    score = rows["score"].round(ranking.DECIMALS).to_numpy(float)
    ahead = (score[None, :] > score[:, None]) & ranked[None, :]  # [f, g]: g is ranked, above f
    has = np.isfinite(score)
    with np.errstate(invalid="ignore", divide="ignore"):
        peer_score = (peers @ np.where(has, score, 0.0)) / (peers @ has)
    names = rows["name"].fillna(pd.Series(codes, index=codes)).astype(str)
    out = pd.DataFrame({
        "name": names,
        "rank": rows["rank"].astype("Int64"),
        "group_rank": pd.array(np.where(ranked, 1 + (group * ahead).sum(axis=1), np.nan),
                               dtype="Int64"),
        "group_ranked": (group @ ranked).astype(int),
        "score": rows["score"].astype(float),
        "peer_score": peer_score,
        "members": [", ".join(names[groups.peers(c)]) for c in codes],
    }, index=codes)  # fmt: skip
    out.index.name = "code"
    return out


def group_funnel(dataset: Dataset, groups: Groups, code: str, indicator: str, tau2: float = 0.0):
    """The force's group on a funnel of ``indicator`` around its similar forces' pooled rate.

    Returns ``(funnel, frame, target)`` as :func:`scoring.explore.indicators.indicator_funnel`,
    for the force and its similar forces; ``target`` is per the indicator's ``per`` residents.
    With ``tau2`` > 0 (from :func:`funnel_positions`) the limits and z-scores allow for that
    between-force variance on the square-root scale, as everywhere on this page.
    """
    theta = pooled_rate(dataset, groups.peers(code), indicator)
    result, frame, target = explore.indicator_funnel(dataset, indicator, units=groups.group(code),
                                                     target=theta)  # fmt: skip
    if tau2 > 0:
        y, s, y0 = funnels.scale(frame["count"].to_numpy(float), result.expected, result.transform)
        z = (y - y0) / np.sqrt(s**2 + tau2)
        result = dataclasses.replace(result, z=z, tau2=float(tau2), adjusted=True, exact=False)
        frame = frame.assign(z=z, outside_95=result.outside(0.95), outside_998=result.outside(0.998))
    return result, frame, target


def pooled_rate(dataset: Dataset, codes, indicator: str) -> float:
    """:math:`\\sum O/\\sum P` over ``codes`` (per resident; NaN rows left out)."""
    counts = dataset.values[indicator].reindex(list(codes)).astype(float)
    population = dataset.units["population"].reindex(counts.index).astype(float)
    ok = counts.notna() & population.notna() & (population > 0)
    return float(counts[ok].sum() / population[ok].sum()) if ok.any() else np.nan


def funnel_positions(dataset: Dataset, groups: Groups, indicators, directions, *,
                     overdispersion: bool = True) -> pd.DataFrame:
    r"""Every force's funnel position against its own similar forces, per count indicator.

    ``directions`` maps indicator -> +1 (higher is better) or -1. Returns a long frame:
    ``code, indicator, count, expected, ratio, z, tau2, outside_95, outside_998, better`` where
    ``outside_*`` is +1 above the upper limit, -1 below the lower, 0 inside, and ``better``
    is +1 when the force is beyond the 95% limit on the better side, -1 on the worse, 0 inside.

    Recorded crime varies between forces far more than Poisson chance allows, so by default
    (``overdispersion``) the z-scores allow for it: one additive between-force variance
    :math:`\hat\tau^2` per indicator, estimated by DerSimonian-Laird from every force's
    comparison with its own group on the square-root scale (Spiegelhalter 2005, "Handling
    over-dispersion of performance indicators", *Qual Saf Health Care* 14:347-351;
    :func:`scoring.explore.funnel.funnel_from_expected`). Without it the limits are exact
    Poisson ones: chance alone.
    """
    rows = []
    codes = [c for c in groups.members.index if c in dataset.values.index]
    population = dataset.units["population"].reindex(codes).astype(float).to_numpy()
    peers = groups.membership().reindex(index=codes, columns=codes, fill_value=0.0).to_numpy()
    for j in indicators:
        observed = dataset.values[j].reindex(codes).astype(float).to_numpy()
        ok = np.isfinite(observed) & np.isfinite(population) & (population > 0)
        with np.errstate(divide="ignore", invalid="ignore"):  # as pooled_rate, for every force
            theta = (peers @ np.where(ok, observed, 0.0)) / (peers @ np.where(ok, population, 0.0))
        expected = theta * population
        fit = funnels.funnel_from_expected(observed, expected, overdispersion=overdispersion)
        z = fit.z
        frame = pd.DataFrame({"code": codes, "indicator": j, "count": observed,
                              "expected": expected, "ratio": fit.ratio, "z": z,
                              "tau2": fit.tau2 if overdispersion else 0.0})  # fmt: skip
        for level, column in zip(LEVELS, ("outside_95", "outside_998"), strict=True):
            beyond = np.abs(z) > funnels.critical(level)
            frame[column] = np.where(np.isnan(z), np.nan, np.where(beyond, np.sign(z), 0.0))
        frame["better"] = np.where(frame["outside_95"] != 0,
                                   frame["outside_95"] * float(directions[j]), 0.0)
        rows.append(frame)
    if not rows:  # no weighted count (a file of rates): no funnel, but the same columns
        return pd.DataFrame(columns=["code", "indicator", "count", "expected", "ratio", "z", "tau2",
                                     "outside_95", "outside_998", "better"])  # fmt: skip
    return pd.concat(rows, ignore_index=True)


def beyond_limits(positions: pd.DataFrame, labels) -> pd.DataFrame:
    """Per force: the indicators on which it is worse, and better, than its similar forces.

    ``positions`` is :func:`funnel_positions` output; ``labels`` maps indicator -> label.
    Returns ``worse`` and ``better`` as comma-separated labels (beyond the 95% limit), with
    "!" after those also beyond the 99.8% limit.
    """
    marked = positions.assign(text=[f"{labels[j]}{'!' if abs(a) == 1 else ''}" for j, a in
                                    zip(positions["indicator"], positions["outside_998"].fillna(0),
                                        strict=True)])  # fmt: skip
    out = pd.DataFrame(index=pd.Index(positions["code"].unique(), name="code"))
    for side, word in ((-1, "worse"), (1, "better")):
        chosen = marked[marked["better"] == side]
        out[word] = chosen.groupby("code")["text"].agg(", ".join).reindex(out.index).fillna("")
    return out
