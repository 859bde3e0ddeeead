"""The downloadable report: the scenario, its league table with rank intervals, and the key
findings of every sensitivity page, with caveats and sources. No Streamlit here.

Charts are drawn on the server as SVG (``ui.svg``: the same figures as the pages', at once
and sharp at any zoom or print size); one that ``ui.svg`` cannot draw is rendered to PNG in
the server's one warm chromium (``ui.report.browser``), while the rest of the report is
written, and without a browser the report still builds, with a note where it would be. The PDF is the same HTML
printed by that browser (``Page.printToPDF``, else a new ``chromium --print-to-pdf``), so
both stay identical.
"""

from __future__ import annotations

import dataclasses
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from scoring.core.dataset import Dataset
from scoring.core.explain import baseline_in_words, headline, methods_in_words, scenario_in_words
from scoring.core.pipeline import baseline_scenario, score, with_movement
from scoring.core.ranking import CAVEAT as RANK_CAVEAT
from scoring.core.scenario import MISSING_POLICIES, SMALL_UNIT_POLICIES, Scenario
from scoring.core.weights import measure_shares
from scoring.errors import InputError
from scoring.gaming import report as gaming_report
from scoring.gaming import story as gaming_story
from scoring.instability import bestworst, ranksets, stability, uncertainty
from scoring.instability import summary as rank_summary
from scoring.rigidity import analysis as rigidity
from scoring.rigidity import coverage
from scoring.together.report import Section, render
from ui import figures, svg
from ui.gaming import figures as gaming_figures
from ui.instability import figures as sensitivity_figures
from ui.report import browser
from ui.rigidity import figures as rigidity_figures

TITLE = "League Table Lab: scenario report"
REPORT_SAMPLES = 2000  # Monte Carlo runs behind the report's rank intervals
Progress = Callable[[float, str], None]


def _monte_carlo(dataset: Dataset, scenario: Scenario):
    return uncertainty.run(dataset, scenario, samples=min(scenario.uncertainty.samples, REPORT_SAMPLES))


@dataclasses.dataclass(frozen=True)
class Analyses:
    """Where the report gets its heavier results, each ``f(dataset, scenario)``: by default
    computed afresh; the Report page passes the app's cached ones, so what the other pages
    already computed for this scenario is not computed again."""

    rank_sets: Callable = ranksets.for_scenario
    monte_carlo: Callable = _monte_carlo
    best_worst: Callable = bestworst.best_worst
    gaming: Callable = gaming_report.report
    rigidity: Callable = rigidity.analyse


def build(dataset: Dataset, scenario: Scenario, *, images: bool = True,
          progress: Progress | None = None, analyses: Analyses = Analyses()) -> str:
    """The whole report as HTML text (see the module docstring)."""
    step = progress or (lambda fraction, label: None)
    run = analyses
    step(0.05, "Scoring the table")
    result = score(dataset, scenario)
    base = score(dataset, baseline_scenario(scenario, dataset.measure_of)) \
        if scenario.baseline != "previous_year" else None
    table = with_movement(result, base) if base is not None else result.table
    try:
        sets = run.rank_sets(dataset, scenario)
    except ValueError:
        sets = None
    table = ranksets.attach(table, sets)
    step(0.15, "Running the Monte Carlo rank intervals")
    mc = run.monte_carlo(dataset, scenario)
    summary = rank_summary.force_summary(mc, dataset.units["name"])
    step(0.45, "Looking for ways to game the table")
    games = run.gaming(dataset, scenario)
    step(0.6, "Measuring what the basket leaves out")
    try:
        rigid = run.rigidity(dataset, scenario)
    except InputError as exc:
        rigid = str(exc)
    step(0.7, "Drawing the charts")
    chart = _Charts(images)
    league = _table_section(dataset, scenario, result, table, summary, mc.samples, chart, sets)
    gaming = _gaming_section(dataset, scenario, games, result.table["rank"], chart)
    basket = _rigidity_section(rigid, chart)
    # Last, while the browser draws any chart ui.svg cannot: best and worst ranks are the
    # slowest analysis, and on a new server the warm-up (ui.report.warmup) may still be
    # computing them.
    step(0.8, "Finding each force's best and worst rank")
    stable = _instability_section(dataset, scenario, mc, summary, chart, run.best_worst)
    sections = [
        _summary_section(dataset, scenario, result, table, mc, games, rigid),
        _scenario_section(dataset, scenario, result),
        league, stable, gaming, basket,
        _sources_section(dataset),
        Section("Appendix: the scenario as JSON").text(
            "Load this in the app (sidebar, Save, load and share) or pass it to "
            "`python -m scoring rank --scenario FILE` to reproduce every number."
        ).text(scenario.to_json(indent=2)),
    ]
    step(0.85, "Finishing the charts")
    chart.fill(sections)
    step(1.0, "Done")
    subtitle = (f"{dataset.title}. Scenario: {scenario.name}. Generated "
                f"{datetime.now(UTC):%d %B %Y %H:%M} UTC. Not an official statistic.")  # fmt: skip
    return render(TITLE, subtitle, sections)


# ------------------------------------------------------------------------ sections


def _summary_section(dataset, scenario, result, table, mc, games, rigid) -> Section:
    """Page 1: the scenario in words, three findings in words, the table with its rank sets."""
    shares = measure_shares(result.weights, dataset.measure_of)
    findings = [_instability_finding(rank_summary.overall(mc)), _gaming_finding(games.routes)]
    if isinstance(rigid, str):
        findings.append(f"What the basket leaves out cannot be measured for this data: {rigid}.")
    else:
        findings.append(_rigidity_finding(coverage.summary(rigid.coverage)))
    ordered = table.sort_values(["rank", "would_rank", "name"], na_position="last")
    lower, upper = (ordered[c] for c in ranksets.COLUMNS[:2])
    frame = pd.DataFrame({
        "Rank": ordered["rank"].astype("Int64"),
        "Force": ordered["name"],
        "Places the data support": [f"{int(a)} to {int(b)}" if pd.notna(a) else ""
                                    for a, b in zip(lower, upper, strict=True)],
        "Score": ordered["score"],
        "Movement": ordered["movement"].astype("Int64") if "movement" in ordered else pd.NA,
        "Note": ordered["status"],
    })  # fmt: skip
    return (Section("Summary", style="summary").text(scenario_in_words(dataset, scenario, shares))
            .bullets(findings).caveat(RANK_CAVEAT).table(frame))  # fmt: skip


def _instability_finding(facts: dict) -> str:
    n, k = facts["n_ranked"], facts["top"]
    return (f"{facts['plausible_top']} of {n} forces could plausibly be in the top {k} (a 5% "
            f"chance or more) and {facts['plausible_bottom']} in the bottom {k}, once the "
            "weights, methods and noise vary as set.")  # fmt: skip


def _gaming_finding(routes: pd.DataFrame) -> str:
    three = routes[routes["rank"].notna() & (routes["target"] == "3 places")]
    n, reachable = int(three["code"].nunique()), int((three["status"] == "ok").sum())
    return (f"Of the {n} forces with at least 3 places to climb, {reachable} could do it "
            "through plausible changes to recorded figures alone, with no real change in crime.")


def _rigidity_finding(facts: dict) -> str:
    label, share = facts["top_outside"][0] if facts["top_outside"] else ("nothing", 0.0)
    return (f"The basket counts {facts['overall']:.0%} of recorded crime harm in England and "
            f"Wales; the largest harm outside it is {label} ({share:.0%} of all harm).")


def _scenario_section(dataset: Dataset, scenario: Scenario, result) -> Section:
    shares = measure_shares(result.weights, dataset.measure_of).reindex(dataset.measure_ids)
    weights = pd.DataFrame({
        "Measure": dataset.measure_labels.reindex(dataset.measure_ids).to_numpy(),
        "Weight (0-10)": [f"{scenario.measure_weight(m):g}" for m in dataset.measure_ids],
        "Share of the score": [f"{v:.0%}" for v in shares],
    })  # fmt: skip
    indicators = pd.DataFrame({
        "Indicator": [dataset.label(j) for j in dataset.indicators],
        "Effective weight": [f"{result.weights[j]:.1%}" for j in dataset.indicators],
        "Better when": ["higher" if d > 0 else "lower" for d in result.prepared.direction],
        "Status": dataset.meta["status"].to_numpy(),
    })  # fmt: skip
    methods = [
        f"Methods: {methods_in_words(scenario)}.",
        f"Small units: {SMALL_UNIT_POLICIES[scenario.small_units]} "
        f"(threshold {scenario.small_unit_population:,} residents).",
        f"Missing values: {MISSING_POLICIES[scenario.missing]}.",
        f"Movement measured against {baseline_in_words(scenario.baseline)}; random seed "
        f"{scenario.seed}.",
    ]
    return (Section("Weights and methods").table(weights).table(indicators)
            .bullets(methods).bullets(list(result.prepared.notes)))  # fmt: skip


def _table_section(dataset, scenario, result, table, summary, samples, chart, sets) -> Section:
    facts = headline(table)
    ordered = table.sort_values(["rank", "would_rank", "name"], na_position="last")
    interval = summary.reindex(ordered.index)
    lower, upper = (ordered[c] for c in ranksets.COLUMNS[:2])
    notes = dataset.data_notes.reindex(ordered.index).fillna("")
    frame = pd.DataFrame({
        "Rank": ordered["rank"].astype("Int64"),
        "Data support": [f"{int(a)}–{int(b)}" if pd.notna(a) else "" for a, b in
                         zip(lower, upper, strict=True)],
        "Force": [f"{n} ⚑" if note else n for n, note in zip(ordered["name"], notes, strict=True)],
        "Score": ordered["score"],
        "Movement": ordered["movement"].astype("Int64") if "movement" in ordered else pd.NA,
        "Median rank": interval["median"].astype("Int64"),
        "90% interval": [f"{int(a)}–{int(b)}" if pd.notna(a) else "" for a, b in
                         zip(interval["p05"], interval["p95"], strict=True)],
        "P(top 10)": [f"{p:.0%}" if pd.notna(p) else "" for p in interval["p_top"]],
        "Note": ordered["status"],
    })  # fmt: skip
    section = Section("The league table, with rank intervals").caveat(RANK_CAVEAT)
    section.text(f"Top: {facts['top']}; bottom: {facts['bottom']}; {facts['n_ranked']} forces "
                 f"ranked. Intervals come from {samples:,} "
                 "Monte Carlo runs with the uncertainty set on the Instability page.")  # fmt: skip
    if sets is not None:
        section.text(f"Data support: {ranksets.method_text(sets, facts['n_ranked'])}")
    section.table(frame)
    flagged = [f"{dataset.units.at[c, 'name']}: {n}" for c, n in notes.items() if n]
    if flagged:
        section.bullets([f"⚑ Publisher's note, {line}." for line in flagged])
    labels = dict(dataset.measure_labels)
    additive = scenario.aggregation == "arithmetic"
    section.image(chart(figures.league_bars(result.ranked, dataset.measure_ids, labels, additive),
                        900, 1000), "Each force's score, split by measure where the parts add up.")
    if dataset.units.index.str.match(r"^(E23|W15)").all():
        section.image(chart(figures.rank_map(table, n_max=facts["n_ranked"]), 700, 640),
                      f"Map of ranks (grey: not ranked). {figures.MAP_ATTRIBUTION}")
    return section


def _instability_section(dataset, scenario, mc, summary, chart, best_worst) -> Section:
    image = chart(sensitivity_figures.rank_intervals(summary), 900, 1000)  # drawn meanwhile
    facts = rank_summary.overall(mc)
    n = facts["n_ranked"]
    items = [
        _instability_finding(facts),
        f"Forces move {facts['mean_shift']:.1f} places on average from their place in the table "
        f"(rank correlation with the table {facts['tau_mean']:.2f}; 1 = the same order).",
    ]
    if facts["bands"] is not None:
        items.append(f"Counting only clear differences (ahead in 95% of runs), the table "
                     f"separates {facts['bands']} positions for {n} forces.")  # fmt: skip
    try:
        bw = best_worst(dataset, scenario)
        u = scenario.uncertainty
        items.append(f"Over admissible weights (each measure {u.weight_floor:.0%} to "
                     f"{u.weight_cap:.0%}), {bw.could_be_first} forces could be first and "
                     f"{bw.could_be_last} could be last; with a lead of at least "
                     f"{u.min_lead:.1%} of the score spread, {bw.robustly_first} and "
                     f"{bw.robustly_last}.")  # fmt: skip
    except InputError as exc:
        items.append(f"Best and worst ranks: {exc}.")
    try:
        row = stability.critical_weight(stability.stability(dataset, scenario).table)
        if row is not None:
            items.append(f"The most fragile weight is {row['label']}: its share of "
                         f"{row['share']:.1%} can move only between {row['low']:.1%} and "
                         f"{row['high']:.1%} before some rank changes.")  # fmt: skip
    except InputError as exc:
        items.append(f"Weight stability: {exc}.")
    section = Section("How stable is the table?").bullets(items)
    section.text(f"Varied: {', '.join(facts['sources']) or 'nothing'}; {facts['samples']:,} runs, "
                 f"seed {facts['seed']}. {mc.note}".rstrip())  # fmt: skip
    return section.image(image, "Median rank and 90% interval of every force, in table order.")


def _gaming_section(dataset, scenario, games, ranks, chart) -> Section:
    routes = games.routes
    section = Section("How could a force game it, and who pays?")
    section.text(_gaming_finding(routes) + " Each change is checked by recomputing the whole "
                 "table.")  # fmt: skip
    code = _gaming_focus(scenario, routes)
    lines = gaming_story.story(games, dataset, scenario.gaming, code, "3 places")
    section.bullets([_plain(line) for line in lines])
    labels = {j: dataset.label(j) for j in dataset.indicators}
    figure = gaming_figures.leverage_heatmap(games.leverage, dataset.units["name"], labels,
                                             ranks.dropna().astype(float))
    return section.image(chart(figure, 900, 1000),
                         "Gaming leverage: places gained per 1% change, weighted by how easily "
                         "police activity or recording can move the indicator.")


def _gaming_focus(scenario: Scenario, routes: pd.DataFrame) -> str:
    """The force in focus: the scenario's, else the one in the middle of the table."""
    ranked = routes[routes["rank"].notna()].drop_duplicates("code").sort_values("rank")
    if scenario.gaming.force in set(ranked["code"]):
        return scenario.gaming.force
    return str(ranked["code"].iloc[len(ranked) // 2])


def _rigidity_section(rigid, chart) -> Section:
    section = Section("What the basket leaves out")
    if isinstance(rigid, str):
        return section.text(f"Not available for this data: {rigid}.")
    facts = coverage.summary(rigid.coverage)
    forces = rigid.forces
    gain = int((forces["change"] > 0).sum())
    lose = int((forces["change"] < 0).sum())
    head = rigid.headline
    name = forces.at[rigid.code, "name"]
    section.bullets([
        f"The basket counts {facts['overall']:.0%} of recorded crime harm in England and Wales; "
        f"by force from {facts['lowest'][1]:.0%} ({facts['lowest'][0]}) to "
        f"{facts['highest'][1]:.0%} ({facts['highest'][0]}).",
        "Largest harm outside: " + "; ".join(f"{label} ({share:.0%} of all harm)"
                                             for label, share in facts["top_outside"]) + ".",
        f"Scored on its own harm profile instead of the national weights, {gain} forces would "
        f"place higher and {lose} lower (median move {forces['change'].abs().median():.0f} "
        "places).",
        f"{name}, chasing the table at the scenario's target pressure: league score "
        f"{head['league_gain']:+.0%}, local value {-head['value_loss']:+.0%}, effort outside the "
        f"basket from {head['unmeasured_now']:.0f}% to {head['unmeasured_at']:.0f}% of officer "
        "time.",
    ])  # fmt: skip
    section.caveat("Harm weights other than homicide and cannabis possession are this "
                   "project's approximations on the ONS Crime Severity Score scale, marked as "
                   "such in the app; edit them there.")  # fmt: skip
    return section.image(chart(rigidity_figures.coverage_bars(rigid.coverage.table), 900, 1000),
                         "Share of each force's recorded crime harm inside and outside the basket.")


def _sources_section(dataset: Dataset) -> Section:
    section = Section("Caveats and data sources")
    caveats = [
        RANK_CAVEAT,
        "This is a test bench for a league table, not an official statistic or an assessment "
        "of any force.",
        "Police recorded crime statistics are official statistics, not accredited official "
        "statistics (ONS); recording practice differs between forces (HMIC 2014).",
    ]
    caveats += [f"{dataset.label(j)}: illustrative values, not data; no force-level public "
                "figure exists." for j in dataset.illustrative]  # fmt: skip
    caveats += [f"{dataset.label(j)}: no force-level public figure exists, so it carries no "
                "weight in this table until figures are supplied." for j in dataset.awaiting]  # fmt: skip
    caveats += [f"{dataset.label(j)} is police-generated: it rises with police activity."
                for j in dataset.meta.index[dataset.meta["police_generated"]]]  # fmt: skip
    section.bullets(caveats)
    sources = [f"{s.get('title', s.get('file', ''))} ({s.get('publisher', '')}, "
               f"{s.get('period', '')}); licence {s.get('licence', '')}."
               for s in dataset.sources]  # fmt: skip
    if sources:
        section.bullets(sources)
    return section.text(f"Contains public sector information licensed under the Open "
                        f"Government Licence v3.0. {figures.MAP_ATTRIBUTION}")  # fmt: skip


# -------------------------------------------------------------------------- output


def _plain(markdown: str) -> str:
    """A Markdown line as plain text: no emphasis markers, no list dash (the report escapes it)."""
    return markdown.replace("**", "").replace("*", "").removeprefix("- ")


class _Charts:
    """Figures drawn as SVG at once; any ``ui.svg`` cannot draw is sent to the warm browser,
    drawn there while the report goes on, and :meth:`fill` puts its PNG in place (a failed
    chart stays missing)."""

    def __init__(self, enabled: bool) -> None:
        self.wanted = enabled  # images at all (a test may build the text alone)
        self.enabled = enabled and browser.start()

    def __call__(self, figure: go.Figure, width: int, height: int):
        sized = go.Figure(figure).update_layout(height=height)
        if self.wanted:
            try:
                return svg.render(sized, width).encode()
            except svg.Unsupported:
                pass
        if not self.enabled:
            return None
        try:
            return browser.chart(sized, width, height)
        except Exception:  # noqa: BLE001 - a chart must never stop the report (a note instead)
            self.enabled = False
            return None

    def fill(self, sections: list[Section], timeout: float = 90) -> None:
        """Wait for the charts and swap each pending one for its PNG, or None if it failed."""
        for section in sections:
            for i, (kind, content) in enumerate(section.blocks):
                if kind == "image" and isinstance(content[0], Future):
                    section.blocks[i] = (kind, (self._png(content[0], timeout), content[1]))

    def _png(self, pending: Future, timeout: float) -> bytes | None:
        try:
            return pending.result(timeout) if self.enabled else None
        except Exception:  # noqa: BLE001 - a failed browser is replaced next time
            self.enabled = False
            pending.cancel()
            browser.failed()
            return None


def pdf_available() -> bool:
    """Whether a PDF can be made here (a headless chromium is installed)."""
    return browser.path() is not None


def to_pdf(html: str, timeout: float = 120) -> bytes | None:
    """Print the report with the warm browser, else with a new headless chromium; None when
    no browser is available or printing failed."""
    try:
        return browser.pdf(html, timeout=timeout / 2)
    except Exception:  # noqa: BLE001 - fall back to a browser of its own, as before
        browser.failed()
    return _print_alone(html, timeout)


def _print_alone(html: str, timeout: float) -> bytes | None:
    """The report printed by a new headless chromium of its own (``--print-to-pdf``)."""
    executable = browser.path()
    if executable is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        try:
            subprocess.run(
                [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={Path(folder) / 'profile'}", "--no-pdf-header-footer",
                 f"--print-to-pdf={target}", source.as_uri()],
                capture_output=True, timeout=timeout, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired):  # no PDF, as without a browser
            return None
        return target.read_bytes() if target.exists() and target.stat().st_size else None
