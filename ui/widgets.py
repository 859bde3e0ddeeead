"""Widgets shared by every page: the scenario sidebar, caveats, pickers and tables.

Pages call :func:`scenario_sidebar` first; it draws the controls from the current
scenario and returns ``(scenario, dataset)``. No widget holds state of its own: see
:mod:`ui.state`. User-supplied text (file names, unit names, scenario names) is only
ever shown through Streamlit's escaped text elements, never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from scoring import export
from scoring.core import aggregate, explain, hierarchy, normalise, presets, transform
from scoring.core.dataset import SAMPLES, Dataset
from scoring.core.pipeline import ScoredTable, scenario_weights
from scoring.core.ranking import CAVEAT, ordinal
from scoring.core.scenario import (
    MISSING_POLICIES,
    NEUTRAL_WEIGHT,
    PRESETS,
    SMALL_UNIT_POLICIES,
    Scenario,
    ScenarioError,
)
from scoring.core.weights import effective_weights, measure_shares
from scoring.errors import InputError
from scoring.instability import ranksets
from scoring.io.dictionary import pending
from ui import figures, state, svg

RANK_CAVEAT = CAVEAT  # shown with every displayed rank
CUSTOM = presets.CUSTOM
BASELINE_LABELS = {**{k: p.label for k, p in PRESETS.items()}, "previous_year": "Previous year"}


def bound(widget: Callable, label: str, key: str, value, update: Callable, **kwargs):
    """Draw ``widget`` showing ``value``; on change, ``update(scenario, new)`` becomes current."""
    st.session_state[key] = value
    return widget(label, key=key, on_change=_apply, args=(key, update), **kwargs)


def _apply(key: str, update: Callable) -> None:
    state.set_scenario(update(state.get_scenario(), st.session_state[key]))


# Updates are partials of module-level functions: Streamlit pickles widget callbacks
# when it checks that session state is serialisable, and closures cannot be pickled.
def _update_weight(field: str, item: str, s: Scenario, value) -> Scenario:
    return s.replace(**{field: {**getattr(s, field), item: float(value)}, "name": "Custom"})


def _update_field(field: str, s: Scenario, value) -> Scenario:
    return s.replace(**{field: value})


def _update_direction(indicator: str, s: Scenario, value) -> Scenario:
    return s.replace(directions={**s.directions, indicator: int(value)})


def _update_rank_level(s: Scenario, value) -> Scenario:
    return s.with_section("ranks", level=float(value))


def _set_weight(field: str, item: str) -> Callable:
    return partial(_update_weight, field, item)


def _set(field: str) -> Callable:
    return partial(_update_field, field)


# ------------------------------------------------------------------------ sidebar


def scenario_sidebar() -> tuple[Scenario, Dataset]:
    """Draw the scenario controls in the sidebar; return the scenario and its dataset."""
    state.ensure_app_navigation()
    scenario = state.get_scenario()
    dataset = state.current_dataset(scenario)
    scenario = state.get_scenario()  # the dataset fallback may have changed it
    with st.sidebar:
        st.subheader("Scenario")
        shares = _shares(scenario, dataset)  # None when every weight is zero
        _preset_picker(scenario, dataset, shares)
        if hierarchy.has_groups(dataset):  # themes and deeper: a slider per level, lower ones folded
            _level_sliders(scenario, dataset, shares)
        else:
            _measure_sliders(scenario, dataset, shares)
        folded("Indicator weights within measures", "sb_indicators", _indicator_sliders,
               scenario, dataset, shares)  # fmt: skip
        folded("Methods", "sb_methods", _methods, scenario, dataset)
        folded("Data, baseline and seed", "sb_data", _data_and_baseline, scenario)
        folded("Save, load and share", "sb_save", _save_load, scenario)
    scenario = state.get_scenario()
    state.sync_url(scenario)
    for note in state.pop_notes():  # they quote links and file names: escape Markdown
        st.warning(escape(note), icon=":material/info:")
    _stop_if_nothing_to_rank(dataset, scenario)
    return scenario, dataset


def _stop_if_nothing_to_rank(dataset: Dataset, scenario: Scenario) -> None:
    """Every page needs a table: when the scenario cannot give one, say why and stop the page.

    The sidebar stays, so the user can fix the weights or the missing-value policy.
    """
    try:
        state.scored(dataset, scenario)
    except InputError as exc:
        st.error(f"Nothing to rank yet: {escape(exc.message)}.", icon=":material/block:")
        st.stop()


def _shares(scenario: Scenario, dataset: Dataset) -> pd.Series | None:
    try:
        return scenario_weights(dataset, scenario)
    except ValueError:
        return None


def _apply_preset(s: Scenario, key: str) -> Scenario:
    return s if key == CUSTOM else presets.apply(s, key, state.current_dataset(s))


def _preset_picker(scenario: Scenario, dataset: Dataset, shares: pd.Series | None) -> None:
    options = [*PRESETS, CUSTOM]
    labels = {**{k: p.label for k, p in PRESETS.items()}, CUSTOM: "Custom weights"}
    current = presets.matching(scenario, dataset)
    bound(st.selectbox, "Start from", "ui_preset", current, _apply_preset,
          options=options, format_func=labels.get,
          help="Presets set the weights (frameworks also their data and grading rule); "
          "methods stay as they are.")  # fmt: skip
    if current != CUSTOM:
        chosen = PRESETS[current]
        st.caption(f"{chosen.rationale}  \n**Source:** {chosen.source}"
                   + (f". **Date:** {chosen.date}." if chosen.date else "."))  # fmt: skip
    if st.button("Reset everything", icon=":material/restart_alt:", width="stretch"):
        state.set_scenario(state.default_scenario(data=scenario.data))
        st.rerun()


def _measure_sliders(scenario: Scenario, dataset: Dataset, shares: pd.Series | None) -> None:
    st.markdown("**Measure weights** (0 = leave out)")
    labels = dataset.measure_labels
    for m in dataset.measure_ids:
        bound(st.slider, escape(str(labels[m])), f"w_{m}", scenario.measure_weight(m),
              _set_weight("measure_weights", m), min_value=0.0, max_value=10.0, step=0.5,
              help=str(dataset.measures.at[m, "ncpm_wording"]))  # fmt: skip
    if shares is None:  # the page says why; only all-zero weights are the sliders' fault
        if not any(scenario.measure_weight(m) > 0 for m in dataset.measure_ids):
            st.error("Every weight is zero: give at least one measure a weight.")
        return
    by_measure = measure_shares(shares, dataset.measure_of).reindex(dataset.measure_ids)
    st.html(_share_bar(by_measure))
    st.caption(" · ".join(f"{labels[m]} {v:.0%}" for m, v in by_measure.items()))
    for label, share in awaiting_shares(scenario, dataset).items():
        st.caption(f":material/hourglass_empty: {escape(label)}: no force-level data yet, so 0% "
                   f"now; {share:.0%} once figures are supplied.")


def _level_sliders(scenario: Scenario, dataset: Dataset, shares: pd.Series | None) -> None:
    """Weights at every level of a hierarchy: the top level open, every level below in a
    folded expander, and the effective weight of every node (its share of the index)."""
    tree = hierarchy.of(dataset)
    top = tree.depth - 1
    for level in range(top, 1, -1):
        name = tree.level_name(level)
        box = st.container() if level == top else st.expander(f"Weights of the {name.lower()}, within each group")
        with box:
            if level == top:
                st.markdown(f"**{name} weights** (0 = leave out)")
            nodes = tree.top if level == top else [n for n in tree.nodes_at(level) if n not in tree.top]
            for parent in dict.fromkeys(tree.parent[n] for n in nodes):
                if parent:
                    st.markdown(f"*{escape(tree.labels.get(parent, parent))}*")
                for node in [n for n in nodes if tree.parent[n] == parent]:
                    field, value = (("group_weights", scenario.group_weight(node)) if node in tree.groups
                                    else ("measure_weights", scenario.measure_weight(node)))  # fmt: skip
                    bound(st.slider, escape(tree.labels[node]), f"w_{node}", value, _set_weight(field, node),
                          min_value=0.0, max_value=10.0, step=0.5)  # fmt: skip
            if level != top:
                st.caption(f"Only the ratios between siblings matter; {NEUTRAL_WEIGHT:g} each = equal.")
    if shares is None:  # the page says why; only all-zero weights are the sliders' fault
        if not any(scenario.measure_weight(m) > 0 for m in tree.measures) or not any(
                scenario.group_weight(g) > 0 for g in tree.groups):  # fmt: skip
            st.error("Every weight is zero: give at least one theme and measure a weight.")
        return
    tops = hierarchy.level_shares(tree, shares, top).reindex(tree.top).fillna(0.0)
    labels = pd.Series(tree.labels)
    st.html(_share_bar(tops))
    st.caption(" · ".join(f"{escape(labels[t])} {v:.0%}" for t, v in tops.items()))
    with st.expander("Effective weights at every level"):
        table = hierarchy.effective_table(tree, shares)
        grid(pd.DataFrame({"Level": table["level_name"], "Name": table["label"],
                           "Share of the score": table["effective_weight"].map("{:.1%}".format)}),
             width=260)  # in the sidebar  # fmt: skip
        st.caption("A node's share is its weight over its siblings', times its parent's share.")


WIDE, HALF = 820, 360  # px a full-width chart and one in a [6, 5] column get at 1280x800


def chart(figure, *, key: str, alt: str, width: int = WIDE) -> None:
    """A page's first-view chart, drawn on the server as an SVG image (:mod:`ui.svg`).

    The browser then loads no charting library for the first view: plotly.js took 2 to 4 s
    of a page's first render. The switch under it draws the same figure interactively,
    with values on hover. ``figure`` is a ``go.Figure`` or a plain figure dict (plotly
    validates a dict only when it is drawn interactively). ``width`` is the width the chart
    is laid out for; the image is scaled to its column."""
    if st.session_state.get(f"{key}_live"):
        st.plotly_chart(figure, width="stretch", key=key, config={"displaylogo": False}, alt=alt)
    else:
        st.image(svg.render(figure, width), width="stretch", alt=alt)
    st.toggle("Values on hover", key=f"{key}_live",
              help="Draws this chart interactively, with each value on hover, zoom and a PNG "
              "download. The first interactive chart takes a few seconds to load.")  # fmt: skip


def _share_bar(shares: pd.Series) -> str:
    """The weights' shares as one stacked bar, in HTML made of our own numbers and palette only
    (no user text: the caption below names the parts). A chart here loaded the browser's
    charting library on every page, even pages that draw no chart: about 2 s of a page's
    first render on a busy 2-core machine."""
    colours = figures.measure_colours(list(shares.index))
    parts = "".join(f'<div style="flex:{float(v):.6f} 1 0;background:{colours[m]}"></div>'
                    for m, v in shares.items() if v > 0)  # fmt: skip
    return ('<div role="img" aria-label="Share of the score by measure" style="display:flex;'
            f'height:14px;border-radius:3px;overflow:hidden;margin:4px 0">{parts}</div>')


def _indicator_sliders(scenario: Scenario, dataset: Dataset, shares: pd.Series | None) -> None:
    for m in dataset.measure_ids:
        members = [j for j in dataset.indicators if dataset.measure_of[j] == m]
        if len(members) < 2:
            continue
        st.markdown(f"*{escape(dataset.measure_labels[m])}*")
        for j in members:
            bound(st.slider, escape(dataset.label(j)), f"iw_{j}", scenario.indicator_weight(j),
                  _set_weight("indicator_weights", j), min_value=0.0, max_value=10.0,
                  step=0.5)  # fmt: skip
    st.caption(f"Within a measure only the ratios matter; {NEUTRAL_WEIGHT:g} each = equal.")
    if shares is not None:
        st.caption("Effective weight of each indicator: " + "; ".join(
            f"{escape(dataset.label(j))} {w:.1%}" for j, w in shares.items()))


def _methods(scenario: Scenario, dataset: Dataset) -> None:
    agg = scenario.aggregation
    bound(st.selectbox, "Normalisation", "m_norm", scenario.normalisation,
          _set("normalisation"), options=list(normalise.METHODS),
          format_func=partial(_normalisation_label, agg), disabled=agg == "copeland",
          help=aggregate.SAME_TABLE_NOTE.get(agg))  # fmt: skip
    if agg in aggregate.SAME_TABLE_NOTE:
        st.caption(aggregate.SAME_TABLE_NOTE[agg])
    bound(st.selectbox, "Outlier treatment", "m_treat", scenario.transform, _set("transform"),
          options=list(transform.METHODS), format_func=transform.LABELS.get)  # fmt: skip
    bound(st.selectbox, "Aggregation", "m_agg", scenario.aggregation, _set("aggregation"),
          options=list(aggregate.METHODS), format_func=aggregate.LABELS.get)  # fmt: skip
    top = "themes" if hierarchy.has_groups(dataset) else "measures"
    bound(st.selectbox, f"Across the {top}", "m_across", scenario.across, _set("across"),
          options=list(hierarchy.ACROSS), format_func=hierarchy.ACROSS_LABELS.get,
          help=f"Aggregation may differ by level: the one above combines the indicators within "
          f"each of the {top}; this one combines the {top}, e.g. arithmetic within and "
          "geometric across, so a poor result on one cannot be fully bought back by another.")  # fmt: skip
    if scenario.aggregation == "geometric":
        bound(st.number_input, "Geometric offset for zeros", "m_eps",
              scenario.geometric_offset, _set("geometric_offset"), min_value=0.001,
              max_value=0.5, step=0.005, format="%.3f",
              help="The worst unit on an indicator scores this instead of 0, "
              "so the geometric mean stays defined.")  # fmt: skip
    bound(st.radio, "Small units (under the population threshold)", "m_small",
          scenario.small_units, _set("small_units"), options=list(SMALL_UNIT_POLICIES),
          format_func=SMALL_UNIT_POLICIES.get,
          help="City of London has about 13,500 residents, so its per-resident rates "
          "are several times any other force's and would squash every min-max scale.")  # fmt: skip
    bound(st.number_input, "Population threshold", "m_smallpop",
          scenario.small_unit_population, _set("small_unit_population"), min_value=0,
          max_value=10_000_000, step=10_000)  # fmt: skip
    bound(st.checkbox, "Apply the threshold to every unit, not only police force areas",
          "m_smallall", scenario.small_units_everywhere, _set("small_units_everywhere"),
          help="Off: only police force areas (City of London) are small units. Other "
          "units (partnerships, countries) get a population rule only if you set this.")  # fmt: skip
    bound(st.selectbox, "Missing values", "m_missing", scenario.missing, _set("missing"),
          options=list(MISSING_POLICIES), format_func=MISSING_POLICIES.get)  # fmt: skip
    levels = sorted({0.8, 0.9, 0.95, 0.99, scenario.ranks.level})
    bound(st.select_slider, "Confidence of the places the data support", "m_level",
          scenario.ranks.level, _update_rank_level, options=levels, format_func="{:.0%}".format,
          help="How sure the 'Could be' ranges in the league table are: at 95% every "
          "force's range holds its true place, all at once, in at least 95 of 100 "
          "repetitions of the data's sampling noise.")  # fmt: skip
    for j in dataset.meta.index[dataset.meta["police_generated"]]:
        default = int(dataset.meta.at[j, "direction"])
        bound(st.radio, escape(f"{dataset.label(j)}: police-generated"), f"m_dir_{j}",
              scenario.direction(j, default), direction_update(j), options=[1, -1],
              format_func=_direction_label,
              help="Recorded drug offences mostly measure police activity "
              "(Home Office: 'heavily dependent on police activities and priorities'). "
              "Which way round is a value judgement.")  # fmt: skip


def _normalisation_label(aggregation: str, method: str) -> str:
    """The option's label; under the geometric mean, a linear one says which table it gives."""
    label = normalise.LABELS[method]
    if aggregation == "geometric" and method != "minmax" and method in aggregate.LINEAR:
        label += " (same table as min-max here)"
    return label


def _direction_label(d: int) -> str:
    return "More is better (counts disruption)" if d > 0 else "More is worse (counts drug crime)"


def _data_and_baseline(scenario: Scenario) -> None:
    choices = state.datasets()
    bound(st.selectbox, "Data", "m_data", scenario.data, _set("data"),
          options=list(choices), format_func=choices.get)  # fmt: skip
    if scenario.data in SAMPLES:
        bound(st.toggle, "Illustrative victim satisfaction (demonstration)", "m_demo",
              scenario.illustrative, _set("illustrative"),
              help="No force-level victim satisfaction figure is published, so by default "
              "the measure has no data and weighs nothing. Switch on to load generated "
              "values (labelled illustrative everywhere) to demonstrate a six-measure "
              "table. Never present them as real.")  # fmt: skip
    bound(st.selectbox, "Movement measured against", "m_base", scenario.baseline,
          _set("baseline"), options=list(BASELINE_LABELS),
          format_func=BASELINE_LABELS.get)  # fmt: skip
    bound(st.number_input, "Random seed", "m_seed", scenario.seed, _set("seed"),
          min_value=0, max_value=2**32 - 1, step=1,
          help="Every random draw in the sensitivity pages starts from this seed, "
          "so the same scenario gives the same numbers.")  # fmt: skip


def _save_load(scenario: Scenario) -> None:
    st.download_button("Download scenario (JSON)", scenario.to_json(indent=2),
                       file_name="scenario.json", mime="application/json",
                       on_click="ignore", icon=":material/download:", width="stretch")  # fmt: skip
    upload = st.file_uploader("Load a scenario (JSON)", type=["json"], key="scenario_upload",
                              max_upload_size=1)  # fmt: skip
    if upload is not None and st.session_state.get("scenario_upload_done") != upload.file_id:
        st.session_state["scenario_upload_done"] = upload.file_id
        _load_scenario_file(upload.name, upload.getvalue())
    st.caption("The address bar always holds a link to this exact scenario: copy it to share.")


def _load_scenario_file(name: str, content: bytes) -> None:
    try:
        loaded, notes = Scenario.from_json(content)
    except ScenarioError as exc:
        st.error(f"{escape(name)}: {escape(str(exc))}. Your current scenario is unchanged.")
        return
    state.set_scenario(loaded)
    for note in notes:
        state.add_note(f"{name}: {note}")
    st.rerun()


# ------------------------------------------------------------------------- display


def provisional_banner(dataset: Dataset, scenario: Scenario) -> None:
    """At the top of a table: "Provisional: N assumptions" until the user confirms them.

    An inferred direction or kind (see :mod:`scoring.io.dictionary`) could order the whole
    table the wrong way round, so it is said where the result is shown, not only on the
    Data page, where the one confirmation table is.
    """
    report = state.upload_report(dataset.id)
    if report is not None and report.warnings:  # implausible values, missing forces: beside the table
        shown = "; ".join(w.message for w in report.warnings[:2])
        st.caption(f":material/warning: {len(report.warnings)} warning(s) about this data: "
                   f"{escape(shown)}{' ...' if len(report.warnings) > 2 else ''} (all on the Data page)")  # fmt: skip
    rows = pending(dataset, scenario)
    if rows.empty:
        return
    per_indicator = rows.groupby("id", sort=False).agg(indicator=("indicator", "first"), assumed=("assumed", ", ".join))
    listed = "; ".join(f"{r.indicator}: {r.assumed}" for r in per_indicator.head(3).itertuples())
    more = len(per_indicator) - 3
    st.warning(f"**Provisional: {len(rows)} assumption{'s' if len(rows) > 1 else ''}** about this data "
               f"are not confirmed ({escape(listed)}{f'; and {more} more' if more > 0 else ''}). The "
               "table ranks on them as shown. Check and confirm them on the Data page.",
               icon=":material/pending_actions:")  # fmt: skip
    st.page_link("pages/data.py", label="Confirm the assumptions on the Data page", icon=":material/fact_check:")


def rank_caveat() -> None:
    """The short caveat that goes with every displayed rank."""
    st.caption(f":material/warning: {RANK_CAVEAT}")


def headline_line(facts: dict, movement_label: str, has_baseline: bool) -> None:
    """One line with the top and bottom unit and how far the table moved."""
    parts = [f"**Top:** {facts['top']}", f"**Bottom:** {facts['bottom']}"]
    if has_baseline:
        parts.append(f"**{facts['moved']}** of {facts['n_ranked']} moved {movement_label}")
        if facts["tau"] is not None:
            parts.append(f"rank agreement with it **{facts['tau']:.2f}** (1 = same order)")
        if facts["climber"]:
            parts.append(f"biggest climb: {facts['climber'][0]} ▲ {facts['climber'][1]}")
        if facts["faller"]:
            parts.append(f"biggest fall: {facts['faller'][0]} ▼ {facts['faller'][1]}")
    st.markdown(" · ".join(escape(p) for p in parts))


def escape(text: str) -> str:
    """Escape Markdown specials in user-influenced text (names come from data files)."""
    for ch in ("\\", "[", "]", "<", ">", "`", "$"):  # backslash first: it escapes the rest
        text = text.replace(ch, "\\" + ch)
    return text


def awaiting_shares(scenario: Scenario, dataset: Dataset) -> dict[str, float]:
    """Measures with no data yet that the scenario weights -> the share they would carry."""
    empty = dataset.awaiting_measures
    if not empty:
        return {}
    try:
        intended = measure_shares(effective_weights(
            dataset.measure_of, {k: scenario.measure_weight(k) for k in dataset.measure_ids},
            {j: scenario.indicator_weight(j) for j in dataset.indicators}), dataset.measure_of)  # fmt: skip
    except ValueError:  # every weight is zero
        return {}
    return {str(dataset.measures.at[m, "label"]): float(intended[m]) for m in dataset.measure_ids
            if m in empty and intended[m] > 0}


def awaiting_lines(scenario: Scenario, dataset: Dataset) -> list[str]:
    """One plain line per weighted measure that has no data yet."""
    return [f"{label} has no force-level data yet, so it carries none of the score; it takes its "
            f"{share:.0%} once figures are supplied (Data page: upload a file, or fill in the "
            "template). The switch under 'Data, baseline and seed' loads illustrative values "
            "for a demonstration." for label, share in awaiting_shares(scenario, dataset).items()]


def result_notes(result: ScoredTable, dataset: Dataset) -> None:
    """What the reader must know about this table, in one compact block.

    Ranked-apart units, illustrative data, measures with no data yet and police-generated
    indicators, each with the share of the score it carries.
    """
    lines = [f":material/info: {escape(note)}" for note in result.prepared.notes]
    lines += [f":material/hourglass_empty: {escape(line)}"
              for line in awaiting_lines(result.scenario, dataset)]  # fmt: skip
    weights = result.weights
    for j in dataset.illustrative:
        if weights[j] > 0:
            lines.append(
                f":material/science: **{escape(dataset.label(j))} carries {weights[j]:.0%} of "
                "the score. Its values are illustrative, not data**: no force-level public "
                "figure exists."
            )
    for j in dataset.meta.index[dataset.meta["police_generated"]]:
        if weights[j] > 0:
            lines.append(
                f":material/local_police: {escape(dataset.label(j))} ({weights[j]:.0%} of the "
                "score) is police-generated: it rises with police activity such as stop and search."
            )
    if lines:
        st.caption("  \n".join(lines))


def unit_picker(table: pd.DataFrame, key: str, label: str = "Force") -> str:
    """Select one unit by name; returns its code (the best-ranked unit by default)."""
    ordered = table.sort_values(["rank", "would_rank", "name"], na_position="last")
    names = dict(zip(ordered.index, ordered["name"], strict=True))
    if st.session_state.get(key) not in names:
        st.session_state[key] = next(iter(names))
    return st.selectbox(label, list(names), format_func=names.get, key=key)


def movement_text(value) -> str:
    """Arrow and number for a change in rank (never colour alone)."""
    if pd.isna(value):
        return ""
    value = int(value)
    return f"▲ {value}" if value > 0 else f"▼ {-value}" if value < 0 else "–"


NOTE_MARK = "⚑"


def with_sets_and_notes(table: pd.DataFrame, dataset: Dataset, scenario: Scenario):
    """``(table, sets, why)``: each rank with the places the data support and each unit with
    its publisher's note, as the League table and every download of it show them; ``why``
    says why there are no sets (``sets`` None)."""
    sets, why = state.rank_sets(dataset, scenario)
    return with_notes(ranksets.attach(table, sets), dataset), sets, why


def with_notes(table: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """``table`` with a ``data_note`` column: the publishers' notes on each unit's figures."""
    return table.assign(data_note=dataset.data_notes.reindex(table.index).fillna("").astype(str))


def notes_caption(table: pd.DataFrame) -> None:
    """Which units carry a publisher's note (marked ⚑ in the table)."""
    flagged = table.loc[table["data_note"] != "", "name"] if "data_note" in table else []
    if len(flagged):
        st.caption(f"{NOTE_MARK} The publisher's note on a figure of " + ", ".join(map(escape, flagged))
                   + ": see the force's profile below.")  # fmt: skip


def note_line(row: pd.Series) -> None:
    """The publisher's notes on one unit's figures, under its profile."""
    if row.get("data_note"):
        st.caption(f":material/flag: **Publisher's note:** {escape(str(row['data_note']))}.")


def set_text(table: pd.DataFrame) -> pd.Series:
    """Each unit's rank set as "32–42" ("" where it has none)."""
    lower, upper = table[ranksets.COLUMNS[0]], table[ranksets.COLUMNS[1]]
    return pd.Series([f"{int(a)}–{int(b)}" if pd.notna(a) else "" for a, b in zip(lower, upper, strict=True)],
                     index=table.index)  # fmt: skip


def league_dataframe(table: pd.DataFrame, score_label: str, movement_label: str,
                     level: float | None = None) -> None:
    """The league table itself: rank, the places the data support, name, score, movement."""
    shown = pd.DataFrame(
        {
            "Rank": table["rank"],
            "Could be": set_text(table) if ranksets.COLUMNS[0] in table else "",
            "Force": [f"{n} {NOTE_MARK}" if note else n for n, note in
                      zip(table["name"], table.get("data_note", [""] * len(table)), strict=True)],
            score_label: table["score"],
            "Movement": table["movement"].map(movement_text) if "movement" in table else "",
        }
    )
    if level is None:
        shown = shown.drop(columns="Could be")
    grid(
        shown, max_height=760,
        column_config={
            "Rank": st.column_config.NumberColumn(help=f"1 = best. {RANK_CAVEAT}", format="%d",
                                                  width=44),
            "Could be": st.column_config.TextColumn(
                help=f"The places the data support: a {level or 0:.0%} confidence set for every "
                "rank at once (Mogstad, Romano, Shaikh & Wilhelm 2024), from the sampling noise "
                "in the counts and surveys. Read the whole column together.", width=74),
            "Force": st.column_config.TextColumn(width=156),
            score_label: st.column_config.NumberColumn(format="%.3f", width=56),
            "Movement": st.column_config.TextColumn(help=f"Places gained (▲) or lost (▼) {movement_label}",
                                                    width=84),
        },
    )  # fmt: skip


def tabs(sections: dict[str, Callable], *args, key: str) -> None:
    """One tab per ``{label: draw}``; ``draw(*args)`` draws the contents of the open tab only.

    Only the open tab runs (a switch reruns the page): a hidden tab's charts and maps would
    otherwise be computed, sent and drawn by the browser on every rerun, which made the
    first view of a page with four tabs several times slower. ``st.session_state[key]``
    holds the open tab's label (tests set it to open another)."""
    shown = st.tabs(list(sections), key=key, on_change="rerun")
    for tab, draw in zip(shown, sections.values(), strict=True):
        if tab.open is not False:
            with tab:
                draw(*args)


def folded(label: str, key: str, draw: Callable, *args) -> None:
    """An expander whose contents, ``draw(*args)``, run only while it is open (a click on it
    reruns the page). The sidebar's folded controls are most of its widgets: drawn on every
    rerun they cost each slider move and each new session more than the table did.
    ``st.session_state[key]`` is True while it is open (tests set it to open it)."""
    box = st.expander(label, key=key, on_change="rerun")
    if box.open:
        with box:
            draw(*args)


def stacked(n: int = 2) -> list:
    """``n`` containers one above the other, where ``st.columns`` would set them side by side:
    at 1280x800 a table beside a chart loses its columns, and a chart its axis titles."""
    return [st.container() for _ in range(n)]


def column_table(frame: pd.DataFrame, columns: list, key: str, height: int = 560,
                 width: int = 780) -> None:
    """A read-only table of ``frame``: ``columns`` holds ``(heading, column, format)``.

    The format is "pct" for a share shown as 12.3%, a printf pattern or "localized" for a
    number, a function to map each value to text, or None to show the value as it is.
    ``width`` is about how many pixels the table has at 1280x800 (780: the whole main
    column); text columns share it, and wrap when they must (:func:`fit_columns`).
    """
    shown, config = {}, {}
    for heading, column, fmt in columns:
        values = frame[column]
        if callable(fmt):
            values, fmt = values.map(fmt), None
        elif fmt == "pct":
            values, fmt = values.astype(float) * 100.0, "%.1f%%"
        shown[heading] = values.to_numpy()
        if fmt:
            config[heading] = st.column_config.NumberColumn(format=fmt)
    grid(pd.DataFrame(shown), key=key, width=width, max_height=height, column_config=config)


def grid(frame: pd.DataFrame, *, key: str | None = None, width: int = 780,
         column_config: dict | None = None, max_height: int | None = None,
         height: int | None = None, row_height: int | None = None) -> None:
    """Every read-only table of the app: ``st.dataframe`` with each text column as wide as its
    longest text (:func:`fit_columns`), since the grid sizes columns from its first rows only
    and a long name further down would lose its last letters on a projector.

    ``width`` is about how many pixels the table has at 1280x800 (780: the whole main column).
    A column in ``column_config`` keeps its own width when it gives one. ``max_height`` sizes
    the table to its rows up to that many pixels; ``height`` fixes it.
    """
    fit = fit_columns(frame, width)
    config = dict(fit["column_config"])
    for column, own in (column_config or {}).items():
        if isinstance(own, dict) and own.get("width") is None and column in config:
            own = {**own, "width": config[column]["width"]}
        config[column] = own
    rows = row_height or fit.get("row_height")
    if height is None and max_height is not None:
        height = min(38 + (rows or 35) * len(frame), max_height)
    extra = {"height": height} if height is not None else {}
    st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=config,
                 row_height=rows, **extra)


def text_width(values, heading: str = "") -> int:
    """Pixels a grid column needs for its longest text (about 7.5 px a character at the
    grid's 14 px font, plus padding). The grid sizes columns from its first rows only, so a
    long name further down ("Devon and Cornwall") would otherwise lose its last letters."""
    longest = max([len(heading), *(len(v) for v in values if isinstance(v, str))], default=0)
    return min(500, int(7.5 * longest) + 24)


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)


WRAPPED_ROW = 70  # px: the grid wraps text only in rows taller than 4rem (64 px)


def fit_columns(frame: pd.DataFrame, width: int = 780) -> dict:
    """``st.dataframe`` arguments that fit ``frame`` in ``width`` pixels (780: the main column
    at 1280x800, 818 pixels, less a margin): each text column as wide as its longest text; when that is too wide, the
    text columns share what the others leave and their rows grow so the text wraps instead
    of being cut. Other columns are reckoned at about ten characters."""
    texts = [c for c in frame.columns if _is_text(frame[c])]
    need = {c: text_width(frame[c].dropna(), str(c)) if c in texts
            else text_width([], "x" * max(len(str(c)), 10)) for c in frame.columns}  # fmt: skip
    if sum(need.values()) <= width or not texts:
        return {"column_config": {c: st.column_config.Column(width=need[c]) for c in texts}}
    # Each text column keeps room for its heading; what is left goes by how much more it needs.
    floor = {c: text_width([], str(c)) for c in texts}
    room = width - sum(need[c] for c in frame.columns if c not in texts) - sum(floor.values())
    extra = sum(need[c] - floor[c] for c in texts) or 1
    config = {c: st.column_config.Column(
        width=floor[c] + max(0, int(room * (need[c] - floor[c]) / extra))) for c in texts}
    return {"column_config": config, "row_height": WRAPPED_ROW}


def place_text(row: pd.Series, n_ranked: int) -> str:
    """ "ranked 3rd of 42; the data support any place from 1st to 9th; ...", or why the unit
    has no place."""
    lower, upper, apart = (row.get(c) for c in ranksets.COLUMNS)
    if pd.notna(row["rank"]) and pd.notna(lower):
        return ranksets.describe(int(row["rank"]), int(lower), int(upper), int(apart), n_ranked)
    if pd.notna(row["rank"]):
        return f"ranked {ordinal(int(row['rank']))} of {n_ranked}"
    if pd.notna(row.get("would_rank")):
        return f"{row['status']}; its score would place it {ordinal(int(row['would_rank']))}"
    return str(row["status"])


def marginal_line(sets: ranksets.TableSets | None, code: str) -> None:
    """The force's own (marginal) set, which is narrower than the one read with the table."""
    if sets is None or code not in set(sets.marginal.codes):
        return
    i = list(sets.marginal.codes).index(code)
    lower, upper = int(sets.marginal.lower[i]), int(sets.marginal.upper[i])
    span = ordinal(lower) if lower == upper else f"{ordinal(lower)} to {ordinal(upper)}"
    st.caption(f"Read on its own rather than with the whole table, the data support {span} "
               f"({sets.level:.0%} marginal set). The places above hold for every force at once.")


def profile_frame(profile: pd.DataFrame) -> pd.DataFrame:
    """The profile as a readable table (numbers beside the chart, never colour alone)."""
    return pd.DataFrame(
        {
            "Indicator": profile["label"],
            "Value": profile["value"].round(3),
            "England and Wales": profile["national"].round(3),
            "Unit": profile["unit"],
            "Better when": profile["better"],
            "Weight": profile["weight"].map("{:.0%}".format),
        }
    )


def table_csv(table: pd.DataFrame, scenario: Scenario, dataset: Dataset) -> str:
    """The table as safe CSV, with the scenario and the rank caveat as comment lines."""
    return export.scored_csv(export_frame(table, dataset), scenario_json=scenario.to_json(),
                             caveats=[RANK_CAVEAT])  # fmt: skip


# ------------------------------------------------------------------------ downloads


def export_frame(table: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The columns of a table that go into a download (illustrative measures say so)."""
    columns = [c for c in table.columns if c not in ("region",)]
    return table[columns].set_axis(dataset.export_names(columns), axis=1)


def export_caveats(result: ScoredTable, dataset: Dataset,
                   sets: ranksets.TableSets | None = None) -> list[str]:
    """Plain-text caveats that travel with a downloaded table."""
    weights = result.weights
    scenario = result.scenario
    lines = [RANK_CAVEAT, f"Data: {dataset.title}.",
             f"Methods: {explain.methods_in_words(scenario)}; movement against "
             f"{explain.baseline_in_words(scenario.baseline)}.", *result.prepared.notes,
             *awaiting_lines(result.scenario, dataset)]
    lines += [f"Publisher's note, {dataset.units.at[code, 'name']}: {note}."
              for code, note in dataset.data_notes.items() if code in dataset.units.index]  # fmt: skip
    if sets is not None:
        lines.append("rank_set_lower to rank_set_upper: " + ranksets.method_text(
            sets, len(sets.simultaneous.codes)) + " indistinguishable_from: the other forces "
            "neither clearly ahead nor clearly behind.")  # fmt: skip
    if hierarchy.has_groups(dataset):
        tree = hierarchy.of(dataset)
        table = hierarchy.effective_table(tree, weights)
        lines += [f"Effective weights, {tree.level_name(lv).lower()}: " + "; ".join(
            f"{r.label} {r.effective_weight:.1%}" for r in table[table["level"] == lv].itertuples())
            for lv in range(tree.depth - 1, 1, -1)]  # fmt: skip
    lines += [f"{dataset.label(j)} carries {weights[j]:.0%} of the score and is illustrative, not data."
              for j in dataset.illustrative if weights[j] > 0]  # fmt: skip
    lines += [f"{dataset.label(j)} ({weights[j]:.0%} of the score) is police-generated: it rises "
              "with police activity." for j in dataset.meta.index[dataset.meta["police_generated"]]
              if weights[j] > 0]  # fmt: skip
    return lines


def table_downloads(table: pd.DataFrame, result: ScoredTable, dataset: Dataset, scenario: Scenario,
                    key: str, sets: ranksets.TableSets | None = None) -> None:
    """Download buttons for the scored table: CSV and Excel, each with the scenario attached.
    Both files are built on click, not on every rerun (a slider move redraws these buttons)."""
    left, right = st.columns(2)
    left.download_button(
        "Download this table (CSV)", partial(_export, export.scored_csv, table, result, dataset, scenario, sets),
        file_name="league_table.csv", mime="text/csv", on_click="ignore", icon=":material/download:",
        key=f"{key}_csv", help="Caveats and the scenario (JSON) come first, as lines starting with #.",
    )  # fmt: skip
    right.download_button(
        "Download this table (Excel)", partial(_export, export.scored_xlsx, table, result, dataset, scenario, sets),
        file_name="league_table.xlsx", on_click="ignore", icon=":material/download:", key=f"{key}_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        help="Sheets: the table, the scenario (JSON) and the caveats.",
    )  # fmt: skip


def _export(write: Callable, table: pd.DataFrame, result: ScoredTable, dataset: Dataset,
            scenario: Scenario, sets: ranksets.TableSets | None):
    """One download of the scored table: ``write`` is :func:`scoring.export.scored_csv` or
    :func:`scoring.export.scored_xlsx`."""
    return write(export_frame(table, dataset), scenario_json=scenario.to_json(),
                 caveats=export_caveats(result, dataset, sets))


def direction_update(indicator: str) -> Callable:
    """A picklable ``update`` that sets one indicator's direction in the scenario."""
    return partial(_update_direction, indicator)


def field_update(field: str) -> Callable:
    """A picklable ``update`` that sets one scenario field (see :func:`bound`)."""
    return _set(field)
