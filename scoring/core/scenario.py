"""The :class:`Scenario`: every choice behind a league table, in one value.

A scenario holds the data choice, the weights, the methods and the random seed, plus
the settings of each sensitivity analysis. It is the single source of truth for the
app and the command line: it serialises to JSON and to URL query parameters, both
read back through a validating reader that clamps or drops bad values (and reports
what it changed) and never unpickles anything. Replaying a scenario on the same
dataset reproduces every number exactly.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from scoring.core import aggregate, hierarchy, normalise, spec, transform

APP_ID = "league-table-lab"
VERSION = 1
MAX_JSON_BYTES = 256_000
MAX_DEPTH = 8  # a scenario nests three levels (section, mapping, pair); deeper is not one
DEFAULT_SEED = 20241231
NEUTRAL_WEIGHT = 5.0  # slider midpoint, as in the OECD Better Life Index's 0-10 ratings

SMALL_UNIT_POLICIES = {
    "rank_apart": "Ranked apart, kept out of the scale bounds (default)",
    "outside_bounds": "In the table, but kept out of the scale bounds",
    "include": "In the table and in the scale bounds",
}
MISSING_POLICIES = {
    "reweight": "Re-weight the indicators the unit has",
    "exclude": "Leave the unit out of the table",
    "impute_national": "Fill with the England and Wales value",
    "impute_region_median": "Fill with the median of the unit's region",
}
BASELINES = ("home_office_2021", "equal_indicators", "harm_focused", "victim_focused", "previous_year")


@dataclass(frozen=True)
class UncertaintySettings:
    """Monte Carlo and variance-based sensitivity settings.

    After Saisana, Saltelli & Tarantola (2005, "Uncertainty and sensitivity analysis
    techniques as tools for the quality assessment of composite indicators", *JRSS A*
    168(2)) and Saltelli et al. (2010, "Variance based sensitivity analysis of model output",
    *Comput. Phys. Commun.* 181).
    """

    samples: int = spec.integer(2000, 100, 100_000, url="n", doc="Monte Carlo samples")
    vary_weights: bool = spec.flag(True, url="w", doc="Perturb the weights")
    weight_mode: str = spec.choice("multiplier", ("multiplier", "dirichlet"), url="wm")
    weight_spread: float = spec.number(0.5, 0.0, 0.95, url="ws", doc="Multipliers U[1-d, 1+d]")
    concentration: float = spec.number(50.0, 1.0, 10_000.0, url="conc", doc="Dirichlet a0")
    vary_methods: bool = spec.flag(False, url="m", doc="Draw normalisation and aggregation")
    normalisations: tuple = spec.subset(normalise.METHODS, normalise.METHODS, url="norms")
    aggregations: tuple = spec.subset(("arithmetic", "geometric"), aggregate.METHODS, url="aggs")
    data_noise: bool = spec.flag(True, url="noise", doc="Poisson / binomial noise in the data")
    recording_error: float = spec.number(0.0, 0.0, 0.5, url="rec", doc="Recording-error band")
    drop_indicator: bool = spec.flag(False, url="drop", doc="Drop one indicator at a time")
    sobol_n: int = spec.integer(256, 64, 8192, url="sobol", doc="Sobol base sample (power of 2)")
    sobol_level: str = spec.choice("measures", ("measures", "top"), url="slev",
                                   doc="Sobol' weight inputs: one per measure, or one per top-level group (theme)")
    weight_floor: float = spec.number(0.05, 0.0, 1.0, url="wmin", doc="Minimum measure share")
    weight_cap: float = spec.number(0.5, 0.0, 1.0, url="wmax", doc="Maximum measure share")
    weight_bounds: dict = spec.weights({}, 0.0, 1.0, size=2, url="wb", doc="[min, max] share")
    min_lead: float = spec.number(0.001, 0.0, 0.2, url="lead",
                                  doc="Robust best/worst: lead needed, share of the score spread")


@dataclass(frozen=True)
class GamingSettings:
    """Perverse-incentive settings.

    This project's design, after Triantaphyllou & Sánchez (1997, "A sensitivity analysis
    approach for some deterministic multi-criteria decision-making methods", *Decision
    Sciences* 28(1)), Holmström & Milgrom (1991, "Multitask principal-agent analyses", *J. Law,
    Economics & Organization* 7), Bevan & Hood (2006, "What's measured is what matters",
    *Public Administration* 84(3)) and HMIC (2014, *Crime-recording: making the victim count*).
    """

    rubric: dict = spec.weights({}, 0, 3, size=4, url="rub", doc="Manipulability axes 0-3")
    force: str = spec.text("", max_len=12, url="f", doc="Force in focus (ONS code)")
    offences_per_search: float = spec.number(0.25, 0.01, 1.0, url="yield")
    nfa_share: float = spec.number(0.77, 0.0, 1.0, url="nfa")
    ratio_source: str = spec.choice("force", ("force", "national"), url="rsrc",
                                    doc="Each force's own search rates by group, or the national ratio")
    disproportionality: float = spec.number(7.0, 1.0, 30.0, url="rr")
    hours_per_search: float = spec.number(0.5, 0.05, 10.0, url="hps")
    group_ratios: dict = spec.weights({}, 0.1, 30.0, url="grr",
                                      doc="Search rate of other groups / White rate (1 = parity)")
    places: str = spec.choice("1", ("1", "3", "5", "top10"), url="k", doc="Climb in focus")
    extra_offences: int = spec.integer(0, 0, 1_000_000, url="dd",
                                       doc="Extra drug offences to trace (0 = what the climb needs)")
    max_change: float = spec.number(0.5, 0.05, 3.0, url="cap",
                                    doc="Largest plausible yearly change when manipulability is 1")
    threshold: float = spec.number(0.02, 0.001, 0.25, url="thr",
                                   doc="Score distance, as a share of the score range")
    recording: str = spec.text("", max_len=64, url="ri", doc="Indicator under-recorded")


@dataclass(frozen=True)
class RigiditySettings:
    """Rigidity and local-priority settings.

    This project's design, after Holmström & Milgrom 1991, Baker (2002, "Distortion and risk in
    optimal incentive contracts", *J. Human Resources* 37(4)) and Bevan & Hood 2006.
    """

    harm_weights: dict = spec.weights({}, 0.0, 100_000.0, url="harm")
    proactive: bool = spec.flag(False, url="pro", doc="Count police-generated offences as harm")
    force: str = spec.text("", max_len=12, url="f")
    local: str = spec.choice("harm", ("harm", "custom"), url="loc",
                             doc="Local priorities: the force's own harm profile, or set weights")
    local_weights: dict = spec.weights({}, 0.0, 10.0, url="lw")
    returns: float = spec.number(0.5, 0.05, 0.95, url="beta", doc="Returns to effort")
    pressure: float = spec.number(1.0, 0.0, 1.0, url="lambda", doc="Target pressure")
    floor: float = spec.number(1.0, 0.0, 5.0, url="floor",
                               doc="Minimum-service floor per domain, % of effort")
    prevented: float = spec.number(0.1, 0.0, 1.0, url="prev",
                                   doc="Share of harm policing now prevents (assumption)")


CONTEXT_VARIABLES = ("population", "density", "diversity", "crime_mix")
SEVERITY_SERIES = ("total", "violence_against_the_person", "sexual_offences", "robbery",
                   "theft_offences", "criminal_damage_and_arson", "other_crimes_against_society")


@dataclass(frozen=True)
class ContextSettings:
    """Context settings: most-similar groups, the context-adjusted table, direction of travel.

    After Goldstein & Spiegelhalter (1996, "League tables and their limitations", *JRSS A*
    159(3)); the groups are this project's approximation of HMICFRS's most similar groups.
    """

    force: str = spec.text("", max_len=12, url="f", doc="Force in focus (ONS code)")
    group_size: int = spec.integer(7, 3, 15, url="k", doc="Most similar forces per group")
    group_by: tuple = spec.subset(CONTEXT_VARIABLES, CONTEXT_VARIABLES, url="gv")
    adjust_for: tuple = spec.subset(("density", "diversity"), CONTEXT_VARIABLES, url="av")
    indicator: str = spec.text("", max_len=64, url="ind", doc="Indicator on the group funnel")
    overdispersion: bool = spec.flag(True, url="od", doc="Funnel limits allow for overdispersion")
    series: str = spec.choice("total", SEVERITY_SERIES, url="css", doc="Crime Severity Score")
    relative: bool = spec.flag(False, url="rel", doc="Changes relative to England and Wales")
    year: int = spec.integer(2022, 2004, 2022, url="yr", doc="Year ending March, for changes")


@dataclass(frozen=True)
class RankSetSettings:
    """Rank confidence sets (Mogstad, Romano, Shaikh & Wilhelm 2024, *Review of Economic Studies*)."""

    level: float = spec.number(0.95, 0.5, 0.995, url="lvl", doc="Confidence level of the rank sets")
    draws: int = spec.integer(1000, 200, 20_000, url="n", doc="Bootstrap draws for the covariance")


PEEL_GRADES = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
PPA_GRADES = ("Excellent", "Good", "Fair", "Poor")
GRADE_BANDS = ("peel", "fixed", "quantile")


@dataclass(frozen=True)
class GradingSettings:
    """Grades, minimum thresholds and misgrading (see :mod:`scoring.grading`).

    Bands on the composite: five PEEL-style grades (HMICFRS PEEL's names), fixed cut-offs,
    or quantiles (fixed shares of forces per grade). Thresholds are per-indicator minimum
    standards in the indicator's published unit, as in the January 2026 white paper *From
    local to national: a new model for policing* (Home Office).
    """

    bands: str = spec.choice("peel", GRADE_BANDS, url="b", doc="Grade bands on the composite")
    grades: int = spec.integer(4, 2, 6, url="g", doc="Number of grades (fixed and quantile bands)")
    names: str = spec.choice("letters", ("letters", "ppa"), url="nm",
                             doc="Grade names: A, B, ... or Excellent/Good/Fair/Poor (four grades)")
    cutoffs: dict = spec.weights({}, -1e9, 1e9, url="c",
                                 doc="Fixed bands: score cut-off below grade k ('1' = below the best)")
    shares: dict = spec.weights({}, 0.0, 100.0, url="q", doc="Quantile bands: % of forces in grade k")
    thresholds: dict = spec.weights({}, -1e12, 1e12, url="t",
                                    doc="Minimum standard per indicator, in its published unit")
    shortfalls: int = spec.integer(1, 1, 50, url="k", doc="Intervention: short of k or more thresholds")
    intervene: str = spec.choice("either", ("bottom", "thresholds", "either"), url="i",
                                 doc="Sent for intervention: bottom grade, thresholds, or either")
    noise: bool = spec.flag(True, url="n", doc="Sampling noise in the data")
    vary_weights: bool = spec.flag(False, url="w", doc="Weights drawn as on the Instability page")
    samples: int = spec.integer(2000, 200, 50_000, url="s", doc="Monte Carlo draws")
    cliff: float = spec.number(0.8, 0.5, 0.99, url="cl", doc="Cliff edge: no grade this likely")
    force: str = spec.text("", max_len=12, url="f", doc="Force in focus (ONS code)")


@dataclass(frozen=True)
class DesignSettings:
    """The design assistant: weights and cut-offs chosen within admissible bounds.

    The admissible weights are the scenario's ``uncertainty.weight_bounds`` (and its floor
    and cap), shared with the best and worst ranks.
    """

    candidates: int = spec.integer(60, 10, 2000, url="n", doc="Admissible weights sampled first")
    iterations: int = spec.integer(6, 0, 200, url="it", doc="Differential evolution generations")
    draws: int = spec.integer(300, 100, 5000, url="d", doc="Bootstrap draws per rank-set evaluation")
    min_per_grade: int = spec.integer(2, 1, 20, url="m", doc="Cut-points: fewest forces in a grade")


@dataclass(frozen=True)
class Scenario:
    """Data choice, weights, methods and seed; see the module docstring."""

    name: str = spec.text("Home Office 2021 proposal", url="name")
    data: str = spec.text("sample", max_len=64, url="data")
    illustrative: bool = spec.flag(False, url="demo",
                                   doc="Load the sample's illustrative victim satisfaction (demonstration)")
    measure_weights: dict = spec.weights({}, 0.0, 10.0, url="w")
    indicator_weights: dict = spec.weights({}, 0.0, 10.0, url="iw")
    group_weights: dict = spec.weights({}, 0.0, 10.0, url="gw",
                                       doc="Weight of each group above the measures (themes, ...)")
    directions: dict = spec.weights({}, -1, 1, url="dir")
    counts: dict = spec.weights({}, 0, 1, url="cnt", doc="Per indicator: 1 a count (per resident), 0 as given")
    confirmed: str = spec.text("", max_len=64, url="ok", doc="Data whose assumptions the user confirmed")
    normalisation: str = spec.choice("minmax", normalise.METHODS, url="norm")
    transform: str = spec.choice("none", transform.METHODS, url="treat")
    winsor_pct: float = spec.number(5.0, 0.0, 25.0, url="wpct")
    aggregation: str = spec.choice("arithmetic", aggregate.METHODS, url="agg")
    geometric_offset: float = spec.number(aggregate.DEFAULT_OFFSET, 0.001, 0.5, url="eps")
    across: str = spec.choice("same", hierarchy.ACROSS, url="across",
                              doc="Aggregation across the top-level nodes (themes, or measures)")
    small_units: str = spec.choice("rank_apart", tuple(SMALL_UNIT_POLICIES), url="small")
    small_unit_population: int = spec.integer(50_000, 0, 10_000_000, url="smallpop")
    small_units_everywhere: bool = spec.flag(False, url="smallall",
                                             doc="Apply the threshold to every unit, not only police force areas")
    missing: str = spec.choice("reweight", tuple(MISSING_POLICIES), url="miss")
    baseline: str = spec.choice("home_office_2021", BASELINES, url="base")
    seed: int = spec.integer(DEFAULT_SEED, 0, 2**32 - 1, url="seed")
    uncertainty: UncertaintySettings = spec.section(UncertaintySettings, url="mc")
    gaming: GamingSettings = spec.section(GamingSettings, url="gm")
    rigidity: RigiditySettings = spec.section(RigiditySettings, url="rg")
    context: ContextSettings = spec.section(ContextSettings, url="cx")
    ranks: RankSetSettings = spec.section(RankSetSettings, url="rs")
    grading: GradingSettings = spec.section(GradingSettings, url="gr")
    design: DesignSettings = spec.section(DesignSettings, url="ds")

    # Dict fields make the dataclass unhashable by default; the JSON text is canonical.
    def __hash__(self) -> int:
        return hash(self.to_json())

    def measure_weight(self, measure: str) -> float:
        """Weight of a measure on the 0-10 scale (5, the midpoint, when not mentioned)."""
        return float(self.measure_weights.get(measure, NEUTRAL_WEIGHT))

    def group_weight(self, group: str) -> float:
        """Weight of a group above the measures (a theme, ...) among its siblings (5 when not mentioned)."""
        return float(self.group_weights.get(group, NEUTRAL_WEIGHT))

    def indicator_weight(self, indicator: str) -> float:
        """Weight of an indicator within its measure (5 when not mentioned)."""
        return float(self.indicator_weights.get(indicator, NEUTRAL_WEIGHT))

    def direction(self, indicator: str, default: int) -> int:
        """Direction of an indicator: the scenario's override, else ``default``."""
        value = self.directions.get(indicator, 0)
        return int(1 if value > 0 else -1) if value else int(default)

    def replace(self, **changes) -> Scenario:
        """A copy with some fields changed (dicts are copied, never shared)."""
        return dataclasses.replace(self, **changes)

    def with_section(self, section: str, **changes) -> Scenario:
        """A copy with fields of one settings section changed, e.g. ``("gaming", force=...)``."""
        return self.replace(**{section: dataclasses.replace(getattr(self, section), **changes)})

    # ---------------------------------------------------------------- serialisation
    def to_dict(self) -> dict:
        """JSON-ready dict, with the app id and format version."""
        return {"app": APP_ID, "version": VERSION, **spec.to_dict(self)}

    def to_json(self, indent: int | None = None) -> str:
        """Canonical JSON text (sorted keys; floats round-trip exactly)."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, data: Mapping) -> tuple[Scenario, list[str]]:
        """Validate untrusted data; return the scenario and notes on what was changed."""
        return spec.read(cls, data)

    @classmethod
    def from_json(cls, text: str | bytes) -> tuple[Scenario, list[str]]:
        """Parse scenario JSON; raise :class:`ScenarioError` if it is not a JSON object."""
        return cls.from_dict(json_object(text, "the scenario file"))

    def to_query(self) -> dict[str, str]:
        """Non-default settings as URL query parameters (short keys, plain text)."""
        return spec.to_flat(self)

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> tuple[Scenario, list[str]]:
        """Read URL query parameters written by :meth:`to_query` (validated, clamped)."""
        flat = {str(k): str(v) for k, v in params.items()}
        return cls.from_dict(spec.from_flat(cls, flat))

    def check(self, measures: list[str], indicators: list[str], groups=None) -> list[str]:
        """Notes on weights that name measures, indicators or groups the dataset lacks."""
        notes = [
            f"weights: no measure called {k!r} in this dataset; ignored"
            for k in self.measure_weights
            if k not in measures
        ]
        notes += [
            f"indicator weights: no indicator called {k!r} in this dataset; ignored"
            for k in (*self.indicator_weights, *self.directions, *self.counts)
            if k not in indicators
        ]
        notes += [f"group weights: no group called {k!r} in this dataset; ignored"
                  for k in self.group_weights if groups is not None and k not in groups]
        return notes


class ScenarioError(ValueError):
    """A scenario file or link that cannot be read at all."""


def json_object(text: str | bytes, what: str) -> dict:
    """Parse untrusted JSON that must be one object, no bigger than :data:`MAX_JSON_BYTES`.

    Raises :class:`ScenarioError` naming ``what`` ("the scenario file") when it is too
    big, not JSON, or not an object.
    """
    if len(text) > MAX_JSON_BYTES:
        raise ScenarioError(f"{what} is over {MAX_JSON_BYTES // 1000} kB")
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{what} is not valid JSON ({exc})") from None
    except RecursionError:
        raise ScenarioError(f"{what} is nested too deeply to be a scenario") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{what} must hold a JSON object {{...}}")
    if _depth(data) > MAX_DEPTH:
        raise ScenarioError(f"{what} is nested more than {MAX_DEPTH} levels deep; a scenario has 3")
    return data


def _depth(data) -> int:
    """How deeply lists and objects nest (counted without recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


# --------------------------------------------------------------------------- presets


@dataclass(frozen=True)
class Preset:
    """A named starting point: measure weights on the 0-10 slider scale plus a rationale.

    ``source`` and ``date`` say who proposed it and when (shown on screen); ``data`` is the
    shipped data it is defined on (None: any data); ``grading`` the grading settings it sets
    (None: it leaves the user's grading rule alone).
    """

    id: str
    label: str
    weights: Mapping[str, float]
    rationale: str
    source: str = "League Table Lab: a judgement, not a published weighting"
    date: str = ""
    data: str | None = None
    grading: Mapping[str, object] | None = None

    def grading_settings(self) -> GradingSettings | None:
        """The grading settings this preset sets, or None."""
        return None if self.grading is None else GradingSettings(**self.grading)


PRESETS = {
    p.id: p
    for p in (
        Preset(
            "home_office_2021",
            "Home Office 2021 proposal",
            dict.fromkeys(
                ("homicide", "serious_violence", "drugs", "neighbourhood", "cyber",
                 "victim_satisfaction"), 5.0,
            ),  # fmt: skip
            "The six National Crime and Policing Measures with equal weights: the table "
            "described in the press in April 2021 (The Times, 21 Apr 2021, 'Police league tables "
            "planned as serious crime crackdown starts').",
            source="Home Office proposal as reported by The Times, 'Police league tables planned "
            "as serious crime crackdown starts'",
            date="21 April 2021",
            data="sample",
        ),
        Preset(
            "ppf_2026",
            "Police Performance Framework 2026 (provisional)",
            dict.fromkeys(("calls_999", "attendance", "victim_satisfaction", "trust",
                           "crime_solving", "neighbourhood_policing"), 5.0),  # fmt: skip
            "The headline areas announced for the Police Performance Framework: 999 calls answered "
            "within 10 seconds; the most serious incidents attended within 15 minutes in urban "
            "areas and 20 in rural ones; victim satisfaction; public trust and confidence; crime "
            "solving (charge rate); neighbourhood policing. Equal weights: none were announced. "
            "Forces are to be graded and to meet minimum thresholds; the only threshold with a "
            "published number is 90% of 999 calls in 10 seconds, the standard the Home Office's "
            "999 figures are measured against. Only crime solving has a public force figure (the "
            "2018/19 charge rate, as an option); the rest await figures (Data page template).",
            source="Home Office white paper 'From local to national: a new model for policing'; "
            "standards as reported by The Independent (26 Jan 2026); the 90% in 10 seconds "
            "standard as reported by PA (31 May 2022)",
            date="January 2026 (provisional: the framework's metrics are not yet published)",
            data="ppf-2026-charges",
            grading={"bands": "peel", "thresholds": {"calls_999_10s": 90.0}, "intervene": "either"},
        ),
        Preset(
            "ppa_2005",
            "Police Performance Assessments 2004/05-2006/07 (historical)",
            dict.fromkeys(
                ("homicide", "serious_violence", "drugs", "neighbourhood", "cyber",
                 "victim_satisfaction"), 5.0,
            ),  # fmt: skip
            "The Home Office graded every force Excellent, Good, Fair or Poor in seven areas and "
            "published no overall table; the Press Association built one anyway by scoring the "
            "grades 3, 2, 1 and -1. Here each measure and the composite are graded into the "
            "2004/05 national mix of grades (7% Excellent, 44% Good, 40% Fair, 9% Poor), and the "
            "Grades page shows the press's points table built on them. The 2004-07 force grades "
            "themselves are in no public file here: supply them in the template to rebuild the "
            "historical table.",
            source="Home Office and HMIC, Police Performance Assessments 2004/05 (The Guardian, "
            "27 Oct 2005) to 2006/07 (BBC News, 9 Oct 2007); the points table by the Press "
            "Association",
            date="October 2005 to October 2007",
            data="sample",
            grading={"bands": "quantile", "grades": 4, "names": "ppa",
                     "shares": {"1": 7.0, "2": 44.0, "3": 40.0, "4": 9.0}},
        ),
        Preset(
            "equal_indicators",
            "Equal indicator weights",
            {},  # filled from the dataset: each measure weighs as many indicators as it has
            "Every indicator counts the same, so a measure with four indicators "
            "(neighbourhood crime) weighs four times a measure with one.",
        ),
        Preset(
            "harm_focused",
            "Harm-focused",
            {"homicide": 7, "serious_violence": 6, "neighbourhood": 3, "cyber": 2,
             "victim_satisfaction": 2, "drugs": 0},  # fmt: skip
            "Weights follow the harm per offence, ordered as in the ONS Crime Severity Score "
            "(homicide about 7,800 points against 3 for cannabis possession) and compressed "
            "so no measure exceeds 35%. Recorded drug offences get no weight because the "
            "Cambridge Crime Harm Index excludes proactively detected offences (Sherman, "
            "Neyroud & Neyroud 2016). A judgement, not a published weighting.",
        ),
        Preset(
            "victim_focused",
            "Victim-focused",
            {"victim_satisfaction": 7, "neighbourhood": 5, "cyber": 3, "serious_violence": 3,
             "homicide": 2, "drugs": 0},  # fmt: skip
            "Weights follow how many people are victims: victim satisfaction first, then "
            "high-volume neighbourhood and fraud crime; recorded drug offences have no "
            "direct victim and get no weight. A judgement, not a published weighting. "
            "The sample has no force-level satisfaction figures: until they are supplied, "
            "the other measures share its weight.",
        ),
    )
}


def preset(preset_id: str, measure_of: pd.Series | None = None, **overrides) -> Scenario:
    """Build the scenario for a preset.

    Parameters
    ----------
    preset_id : str
        One of :data:`PRESETS`.
    measure_of : Series, optional
        Indicator -> measure of the dataset in use; needed by ``equal_indicators``
        and used to give measures a preset does not name the weight 0.
    **overrides
        Other scenario fields to set (for example ``data="sample-2023"``). By default the
        scenario takes the preset's own data and grading settings, where it has them.
    """
    p = PRESETS[preset_id]
    weights = {k: float(v) for k, v in p.weights.items()}
    if measure_of is not None:
        if preset_id == "equal_indicators":
            weights = {k: float(v) for k, v in measure_of.value_counts().items()}
        default = NEUTRAL_WEIGHT if preset_id == "home_office_2021" else 0.0
        weights = {k: float(weights.get(k, default)) for k in pd.unique(measure_of)}
    own = {"data": p.data} if p.data else {}
    if p.grading is not None:
        own["grading"] = p.grading_settings()
    return Scenario(name=p.label, measure_weights=weights, **{**own, **overrides})
