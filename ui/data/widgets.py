"""Widgets of the Data page: upload, what was understood, the data in use, gaps, the explorer.

An upload is read by :mod:`scoring.io`. A file that loads is registered in the session
(the sidebar's data chooser lists it) and becomes the scenario's ``data``, so every page
re-ranks on it; a file that does not load changes nothing and says why, with the cell.
Text from files (names, labels, messages quoting cells) is escaped before any Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.core.dataset import Dataset
from scoring.core.pipeline import ScoredTable
from scoring.core.scenario import MISSING_POLICIES, Scenario
from scoring.errors import InputError
from scoring.explore import funnel
from scoring.explore import indicators as explore
from scoring.io import MAX_MB, Report, template_csv
from scoring.io.dictionary import dictionary, pending, with_stated_weights
from scoring.io.limits import LIMITS_TEXT
from scoring.io.units import FORCE_CODES
from ui import state, widgets
from ui.data import figures as data_figures
from ui.widgets import escape

UPLOAD = "data_upload"
DONE = "data_upload_done"  # (file id, table) already read, so a rerun does not read it again
FEEDBACK = "data_upload_feedback"
IMETA = "data_upload_imeta"
OPTIONS = "data_upload_tables"  # file id -> the tables a workbook offers, from the one read
FORMATS = f"""
* **Wide** (the project's own format): a row per unit, a column per indicator. A `code`
  column of ONS codes (or a `name` column: "Avon & Somerset", "London, City of" and other
  spellings are recognised), optional `population`, `region` and `period` columns, and
  `<indicator>_n` survey sample sizes. Columns named like the sample's (`homicide`,
  `Drug offences`, ...) keep the sample's meaning; others are used as given, higher is
  better, unless a sheet called `meta` says otherwise (`id, label, measure, direction,
  kind, per, unit`).
* **Long**: `unit, indicator, value` and optionally `period` (the latest period is
  ranked, the one before gives the movement).
* **The ONS "Police force area data tables" workbook**, as published: its force tables
  (P1, P3, P5, P9), or its community safety partnerships (Table C2).
* **COINr's layout**: a workbook with sheets `iData` and `iMeta`, or the two as CSV files
  (iMeta in the box above). Directions, weights and denominators come from `iMeta`;
  group and denominator columns are not scored; levels above the second are folded into
  the measures' weights, and the page says which.

Titles above the header, several sheets, `[x]`/`[c]`/`[u1]`/`[z]` markers, thousands
separators, UTF-8 (with or without BOM), UTF-16 and Windows-1252 text are all handled and
reported; so are decimal commas in semicolon-separated files ("10,125" that could be
read either way is refused, naming the cell). Limits: {LIMITS_TEXT}. England and Wales,
region and other total rows are dropped and listed; an England and Wales row becomes the
national reference. Whatever is inferred about a column (a count? which way is better?)
is listed, with its reason, for you to confirm.
"""


# --------------------------------------------------------------------------- upload


@st.cache_data(show_spinner=False)
def _template() -> str:
    """The template CSV, made once per process: it is the shipped sample's, the same for every
    session, and making it took about 60 ms of every Data page run."""
    return template_csv()


def upload_panel(scenario: Scenario) -> None:
    """The uploader, the table choice for workbooks, and the outcome of the last upload."""
    st.subheader("Load your own data")
    upload = st.file_uploader(
        f"Data file: CSV, XLSX or ODS, up to {MAX_MB} MB", type=["csv", "xlsx", "ods"], key=UPLOAD,
        max_upload_size=MAX_MB, help="A row per unit, or the ONS workbook as published. "
        "A file that cannot be used changes nothing.",
    )  # fmt: skip
    with st.expander("COINr's layout as two CSV files"):
        imeta = st.file_uploader("iMeta (CSV), to go with an iData CSV above", type=["csv"],
                                 key=IMETA, max_upload_size=MAX_MB)  # fmt: skip
    with st.expander("What files can I load?"):
        st.markdown(FORMATS)
        st.download_button("Download a template (CSV, the sample's 43 forces)", _template(),
                           file_name="league_table_template.csv", mime="text/csv", on_click="ignore",
                           icon=":material/download:", key="data_template")  # fmt: skip
    if upload is not None:
        options = st.session_state.get(OPTIONS, {}).get(upload.file_id, {})
        table = st.session_state.get("data_table") if options else None
        table = (table if table in options else None) or None  # "" is the default table
        pair = (imeta.getvalue(), imeta.name) if imeta is not None else None
        if st.session_state.get(DONE) != (upload.file_id, table, imeta and imeta.file_id):
            st.session_state[DONE] = (upload.file_id, table, imeta and imeta.file_id)
            _load(upload.getvalue(), upload.name, upload.file_id, table, scenario, pair)
            options = st.session_state.get(OPTIONS, {}).get(upload.file_id, {})
        if options:
            st.selectbox("Table to load", list(options), format_func=options.get, key="data_table")
    _feedback(scenario)


def _load(content: bytes, name: str, file_id: str, table: str | None, scenario: Scenario,
          imeta: tuple[bytes, str] | None = None) -> None:
    try:
        loaded = state.load_upload(content, name, table, imeta)
    except InputError as exc:
        report = getattr(exc, "report", None)
        st.session_state[OPTIONS] = {file_id: dict(report.tables) if report is not None else {}}
        st.session_state[FEEDBACK] = {"ok": False, "file": name, "message": str(exc),
                                      "report": getattr(exc, "report", None)}  # fmt: skip
        return
    st.session_state[OPTIONS] = {file_id: dict(loaded.report.tables)}
    state.register_upload(loaded)
    state.set_scenario(with_stated_weights(scenario.replace(data=loaded.dataset.id), loaded.dataset))
    st.session_state[FEEDBACK] = {"ok": True, "file": name, "id": loaded.dataset.id}
    st.rerun()  # the sidebar was drawn for the previous data


def _feedback(scenario: Scenario) -> None:
    news = st.session_state.get(FEEDBACK)
    if not news:
        return
    if news["ok"]:
        if scenario.data == news["id"]:
            st.success(f"Loaded **{escape(news['file'])}**: every page now ranks it. The shipped "
                       "sample is still under *Data, baseline and seed* in the sidebar.",
                       icon=":material/check_circle:")  # fmt: skip
        return
    st.error(f"**{escape(news['file'])} was not loaded.** {escape(news['message'])}. The data and "
             "scenario in use are unchanged.", icon=":material/error:")  # fmt: skip
    report: Report | None = news["report"]
    if report is not None and len(report.issues) > 1:
        with st.expander(f"Everything found in {news['file']}"):
            widgets.grid(report.table("issues"))


# ---------------------------------------------------------------- what was understood


def understood(dataset: Dataset) -> None:
    """For an uploaded dataset: units matched, rows dropped, indicators, periods and issues."""
    report = state.upload_report(dataset.id)
    if report is None:
        return
    st.subheader("What was understood")
    where = f", sheet {report.sheet}" if report.sheet else ""
    header = f", header on row {report.header_row}" if report.header_row else ""
    st.caption(escape(f"{report.file} ({report.format}){where}: {report.shape}{header}."))
    columns = st.columns(5)
    facts = [("Units matched", len(report.matches)), ("Rows dropped", len(report.dropped)),
             ("Indicators", len(report.indicators)), ("Periods", len(report.periods) or "–"),
             ("Warnings", len(report.warnings))]  # fmt: skip
    for column, (label, value) in zip(columns, facts, strict=True):
        column.metric(label, value)
    tabs = st.tabs(["Units", "Rows dropped", "Indicators", "Warnings and notes"])
    for tab, part, empty in zip(tabs, ("matches", "dropped", "indicators", "issues"),
                                ("No units.", "No rows were dropped.", "No indicators.",
                                 "Nothing to report."), strict=True):  # fmt: skip
        frame = report.table(part).rename(columns=str.capitalize)
        with tab:
            if frame.empty:
                st.caption(empty)
            else:
                height = min(38 + 35 * len(frame), 420)
                widgets.grid(frame, height=height)


# ----------------------------------------------------------------- the data in use


def data_in_use(dataset: Dataset, scenario: Scenario) -> None:
    """Title, sources, periods and indicators of the active dataset; indicator directions."""
    st.subheader("Data in use")
    kind = "police force areas" if set(dataset.values.index) <= set(FORCE_CODES) else "units"
    counts = f"{len(dataset.indicators)} indicators in {len(dataset.measure_ids)} measures"
    st.markdown(f"**{escape(dataset.title)}**: {len(dataset.values)} {kind}, {counts}.")
    meta = dataset.meta
    in_use = pd.DataFrame({
        "Indicator": [dataset.label(j) for j in meta.index],
        "Measure": dataset.measure_labels.reindex(meta["measure"]).to_numpy(),
        "Unit": meta["unit"].replace("", "as given"), "Period": meta["period"],
        "Source": meta["source_table"], "Status": meta["status"],
    })  # fmt: skip
    widgets.grid(in_use)
    if dataset.sources:
        with st.expander("Sources"):
            shown = pd.DataFrame(dataset.sources)
            shown = shown[[c for c in ("file", "title", "publisher", "period", "licence", "sha256")
                           if c in shown]].rename(columns=str.capitalize)  # fmt: skip
            if "Sha256" in shown:  # the first 12 hex digits: enough to tell files apart on screen
                shown["Sha256"] = shown["Sha256"].astype(str).str[:12] + "…"
            widgets.grid(shown, width=740)
    widgets.folded("Which way is better? (direction of each indicator)", "data_dirs", _directions,
                   dataset, scenario)  # a radio per indicator: drawn only when asked for  # fmt: skip


def _directions(dataset: Dataset, scenario: Scenario) -> None:
    st.caption("Part of the scenario. Police-generated indicators are also in the sidebar.")
    for j in dataset.indicators:
        widgets.bound(st.radio, escape(dataset.label(j)), f"data_dir_{j}",
                      scenario.direction(j, int(dataset.meta.at[j, "direction"])), widgets.direction_update(j),
                      options=[1, -1], horizontal=True, format_func=_direction)  # fmt: skip


BETTER = {1: "higher is better", -1: "lower is better"}
KIND_CHOICES = {1: "a count: per 1,000 residents", 0: "used as given"}


def dictionary_panel(dataset: Dataset, scenario: Scenario) -> None:
    """The data dictionary, and the one table where the user confirms what was assumed."""
    st.subheader("What each indicator is")
    table = dictionary(dataset)
    shown = table.rename(columns=str.capitalize)
    widgets.grid(shown, max_height=420)
    assumed = table.index[table["assumed"] != ""]
    if not len(assumed):
        st.caption("Nothing about this data is assumed: each indicator's kind and direction come "
                   "from the shipped sample or from a metadata sheet.")  # fmt: skip
        return
    rows = pending(dataset, scenario)
    st.markdown(f"**Assumptions to confirm** ({len(rows)} open)" if len(rows) else
                "**Assumptions**: confirmed for this data (the confirmation is in the scenario and its link).")  # fmt: skip
    st.caption("These were inferred from the headers and the values, so the table is marked "
               "provisional until you confirm them. Change any that are wrong, then confirm.")  # fmt: skip
    meta, has_population = dataset.meta, bool(dataset.units["population"].notna().any())
    frame = pd.DataFrame({
        "Indicator": [dataset.label(j) for j in assumed],
        "Which way is better": [BETTER[scenario.direction(j, int(meta.at[j, "direction"]))] for j in assumed],
        "Kind": [KIND_CHOICES[int(meta.at[j, "kind"] == "count")] for j in assumed],
        "Why": [str(meta.at[j, "basis"]) for j in assumed],
    }, index=assumed)  # fmt: skip
    edited = st.data_editor(
        frame, key=f"confirm_{dataset.id}", hide_index=True, width="stretch", disabled=["Indicator", "Why"],
        column_config={
            "Which way is better": st.column_config.SelectboxColumn(options=list(BETTER.values()), required=True),
            "Kind": st.column_config.SelectboxColumn(
                options=list(KIND_CHOICES.values()) if has_population else [KIND_CHOICES[0]], required=True,
                help="A count is divided by the units' populations" + ("" if has_population else
                     " (none are known for these units, so counts are used as given)")),
        },
    )  # fmt: skip
    label = f"Confirm these {len(frame)} indicators as shown" if len(rows) else "Confirm again with these answers"
    if st.button(label, type="primary" if len(rows) else "secondary", icon=":material/fact_check:",
                 key="confirm_assumptions"):  # fmt: skip
        state.set_scenario(confirm(scenario, dataset, edited, has_population))
        st.rerun()


def confirm(scenario: Scenario, dataset: Dataset, edited: pd.DataFrame, has_population: bool) -> Scenario:
    """The scenario with the confirmation table's answers and this dataset marked as confirmed."""
    better = {text: value for value, text in BETTER.items()}
    kinds = {text: value for value, text in KIND_CHOICES.items()}
    directions = {**scenario.directions, **{j: better[v] for j, v in edited["Which way is better"].items()}}
    counts = dict(scenario.counts)
    if has_population:
        counts.update({j: kinds[v] for j, v in edited["Kind"].items()})
    return scenario.replace(directions=directions, counts=counts, confirmed=dataset.id)


def _direction(value: int) -> str:
    return "Higher is better" if value > 0 else "Higher is worse"


def missing_panel(dataset: Dataset, scenario: Scenario) -> None:
    """Every missing value and the policy that handles it (a scenario setting)."""
    st.subheader("Missing values")
    widgets.bound(st.radio, "When a unit has no value for an indicator", "data_missing", scenario.missing,
                  widgets.field_update("missing"), options=list(MISSING_POLICIES),
                  format_func=MISSING_POLICIES.get, horizontal=True,
                  help="Recorded in the scenario, so a saved link or file replays it.")  # fmt: skip
    cells = state.missing_cells(dataset, scenario)
    if cells.empty:
        st.caption("No missing values: every unit has a value for every indicator.")
        return
    st.caption(f"{len(cells)} missing value(s) in {cells['code'].nunique()} unit(s). "
               "'marker' is what the file said (for example [x]: not available).")  # fmt: skip
    widgets.grid(cells.drop(columns="code").rename(columns=str.capitalize), max_height=320,
                 column_config={"Weight": st.column_config.NumberColumn(format="%.1%%")})  # fmt: skip


# ------------------------------------------------------------------------ explorer


@st.fragment  # picking an indicator or a unit redraws the explorer only, not the page
def explorer(dataset: Dataset, table: pd.DataFrame) -> None:
    """Ski slope, funnel plot and correlations of the active dataset's indicators."""
    st.subheader("Explore the indicators")
    labels = {j: dataset.label(j) for j in dataset.indicators}
    left, right = st.columns(2)
    indicator = left.selectbox("Indicator", dataset.indicators, format_func=labels.get,
                               key="explore_indicator")  # fmt: skip
    with right:
        unit = widgets.unit_picker(table, key="explore_unit", label="Unit to mark")
    if indicator in dataset.awaiting:  # a measure waiting for figures: nothing to draw yet
        def slope() -> None:
            st.info(escape(f"{labels[indicator]}: no unit has a value. Fill in the template's "
                           "column and upload it to give this measure its weight."))  # fmt: skip
        funnel = slope
    else:
        def slope() -> None:
            _ski_slope(dataset, indicator, unit)

        def funnel() -> None:
            _funnel(dataset, indicator, unit)
    widgets.tabs({"Ski slope": slope, "Funnel plot": funnel,
                  "Correlations": lambda: _correlations(dataset, labels)}, key="explore_tab")


def _unit_text(dataset: Dataset, indicator: str) -> str:
    return str(dataset.meta.at[indicator, "unit"]) or "as given"


def _chart(figure, key: str, alt: str) -> None:
    """The ski slope (the first view) and the funnel, drawn on the server: no charting library
    to load."""
    widgets.chart(figure, key=key, alt=alt)


def _ski_slope(dataset: Dataset, indicator: str, unit: str) -> None:
    frame, national = explore.ski_slope(dataset, indicator)
    label, per = dataset.label(indicator), _unit_text(dataset, indicator)
    reference = explore.reference_name(dataset)
    _chart(data_figures.ski_slope(frame, national, label, per, highlight=unit, reference=reference),
           "ski_slope", f"Bar chart of {label} for every unit, largest first, with {reference} marked.")
    better = "higher" if dataset.meta.at[indicator, "direction"] > 0 else "lower"
    st.caption(escape(
        f"{label}, {per}, largest first; {better} is better. The dashed line is the value for "
        f"{reference} ({national:.4g}); the hatched bar is the unit to mark. Neighbouring bars are "
        "rarely different by more than chance: see the funnel plot."))  # fmt: skip
    with st.expander("Values as a table"):
        shown = frame.reset_index().rename(columns={"code": "Code", "name": "Unit", "value": per})
        widgets.grid(shown)


def _funnel(dataset: Dataset, indicator: str, unit: str) -> None:
    label = dataset.label(indicator)
    if indicator not in explore.count_indicators(dataset):
        st.info(escape(f"{label} is not a count among residents, so it has no funnel plot: a "
                       "funnel needs a count and a population."), icon=":material/info:")  # fmt: skip
        return
    adjust = st.toggle(
        "Allow for overdispersion", key="explore_overdispersion",
        help="Widen the limits by the between-unit variance that chance alone does not explain "
        "(Spiegelhalter 2005; DerSimonian-Laird tau², z-scores winsorised at 10%).",
    )  # fmt: skip
    result, frame, target = state.indicator_funnel(dataset, indicator, adjust)
    per = _unit_text(dataset, indicator)
    _chart(data_figures.funnel_plot(frame, result, target, label, per, highlight=unit), "funnel_plot",
           f"Funnel plot of {label} against population with 95% and 99.8% limits.")
    above, below = (frame["outside_998"] == 1).sum(), (frame["outside_998"] == -1).sum()
    inside, shown = int((frame["outside_95"] == 0).sum()), int(frame["z"].notna().sum())
    st.markdown(escape(
        f"{above} unit(s) above and {below} below the 99.8% limits; {inside} of {shown} are inside "
        "the 95% limits, indistinguishable from the rate of all units together "
        f"({target:.4g} {per})."))  # fmt: skip
    noise = " (mostly noise: ρ < 0.5)" if result.rankability < 0.5 else ""
    limits = "Limits include τ²." if result.adjusted else ("Limits are exact Poisson ones: chance "
                                                          f"alone. {funnel.UPPER_NOTE}")
    st.caption(f"Dispersion φ = {result.phi:.2f} (1 = chance alone); τ² = {result.tau2:.3g}; "
               f"rankability ρ = {result.rankability:.2f}{noise}. {limits}")  # fmt: skip
    outside = frame[frame["outside_95"].abs() == 1].sort_values("z")
    if len(outside):
        widgets.grid(pd.DataFrame({
            "Unit": outside["name"], "Rate": outside["rate"].round(4), "Count": outside["count"],
            "z": outside["z"].round(2),
            "Beyond": outside["outside_998"].abs().map({1: "99.8% limit", 0: "95% limit"}),
        }))  # fmt: skip


def _correlations(dataset: Dataset, labels: dict[str, str]) -> None:
    corr = explore.correlations(dataset)
    # In a tab of its own, so interactive: the cells' values show on hover.
    st.plotly_chart(data_figures.correlation_heatmap(corr, labels, explore.REDUNDANT), width="stretch",
                    key="correlations", config={"displaylogo": False},
                    alt="Heatmap of Spearman rank correlations between the indicators.")  # fmt: skip
    pairs = explore.redundant_pairs(corr)
    if pairs.empty:
        st.caption(f"No pair of indicators has |r| ≥ {explore.REDUNDANT}: each adds its own information.")
        return
    for row in pairs.itertuples():
        st.warning(escape(f"{labels[row.a]} and {labels[row.b]} move together (r = {row.r:.2f}): "
                          "possibly redundant. Weighting both counts much the same thing twice."),
                   icon=":material/link:")  # fmt: skip


def downloads(table: pd.DataFrame, result: ScoredTable, dataset: Dataset, scenario: Scenario) -> None:
    """The scored table of the active data, as CSV and Excel with the scenario attached, each
    rank with the places the data support and each unit with its publisher's note, as the
    League table's download."""
    st.subheader("Download the scored table")
    table, sets, _ = widgets.with_sets_and_notes(table, dataset, scenario)
    widgets.table_downloads(table, result, dataset, scenario, key="data_table_download", sets=sets)
