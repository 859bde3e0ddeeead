"""Session state: the scenario (single source of truth), the datasets, cached results.

The scenario lives in ``st.session_state["scenario"]``. Widgets never own a value:
each run they are set from the scenario, and their ``on_change`` callback writes the
new value back into it (see :func:`ui.widgets.bound`). The URL's query string is
rewritten from the scenario on every run, so the address bar is always a link that
replays the table; a scenario arriving by URL is validated and clamped, and what was
changed is shown to the user.
"""

from __future__ import annotations

import streamlit as st

from scoring.core.dataset import SAMPLES, Dataset, load_sample, previous_period
from scoring.core.pipeline import ScoredTable, baseline_scenario, prepare, score
from scoring.core.scenario import Scenario, preset
from scoring.explore import indicators as explore
from scoring.instability import ranksets
from scoring.io import Loaded, Report, load_bytes
from scoring.io.dictionary import answered
from scoring.together.consensus import RoomRanks, make_pool, within_shares
from scoring.together.consensus import room_ranks as consensus_ranks

SCENARIO = "scenario"
NOTES = "scenario_notes"
UPLOADS = "datasets"  # id -> Dataset loaded by the user in this session
# URL keys that pages own (the workshop's join code, participant id, facilitator key):
# sync_url keeps them, because they are not part of the scenario.
PAGE_KEYS = ("join", "pid", "workshop", "key")


def ensure_app_navigation() -> None:
    """Make every page run through ``app.py``'s navigation, even as a server's first request.

    A folder called ``pages/`` beside ``app.py`` starts Streamlit in its legacy multipage
    mode, where a first request for ``/some_page`` runs that page on its own: no page
    config, no top navigation, the old file-name menu. ``st.navigation`` turns that mode
    off, but only once ``app.py`` has run in some session. A page that finds itself
    running in legacy mode turns it off and reruns, so ``app.py`` routes to the page.
    (Streamlit keeps this flag on an internal class; if that moves, nothing breaks.)
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a future Streamlit without the legacy mode
        return
    first_run = not st.session_state.get("_navigation_checked")
    st.session_state["_navigation_checked"] = True
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        # Only a session's first run can arrive this way in a live server; rerunning later
        # would throw away a button press or form submit that this run carries.
        if first_run:
            st.rerun()


def get_scenario() -> Scenario:
    """The current scenario; on a session's first run, read it from the URL."""
    if SCENARIO not in st.session_state:
        params = st.query_params.to_dict()
        scenario, notes = Scenario.from_query(params) if params else (default_scenario(), [])
        st.session_state[SCENARIO] = scenario
        st.session_state[NOTES] = [f"Link: {n}" for n in notes]
    return st.session_state[SCENARIO]


def set_scenario(scenario: Scenario) -> None:
    """Replace the current scenario (widgets and URL follow on the next render)."""
    st.session_state[SCENARIO] = scenario


def default_scenario(**overrides) -> Scenario:
    """The Home Office 2021 preset on the shipped sample data."""
    return preset("home_office_2021", load_sample().measure_of, **overrides)


def sync_url(scenario: Scenario) -> None:
    """Make the address bar a replayable link to ``scenario``."""
    wanted = scenario.to_query()
    wanted.update({k: v for k, v in st.query_params.to_dict().items() if k in PAGE_KEYS})
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def pop_notes() -> list[str]:
    """Messages about the scenario that the user has not seen yet."""
    return st.session_state.pop(NOTES, [])


def add_note(message: str) -> None:
    """Queue a message about the scenario for the next render."""
    st.session_state.setdefault(NOTES, []).append(message)


# ----------------------------------------------------------------------------- data


def datasets() -> dict[str, str]:
    """Dataset ids the user can choose, with titles: the samples, then uploads."""
    choices = {k: title for k, (_, title) in SAMPLES.items()}
    for key, ds in st.session_state.get(UPLOADS, {}).items():
        choices[key] = ds.title
    return choices


def register_dataset(dataset: Dataset) -> None:
    """Make an uploaded dataset available in this session."""
    st.session_state.setdefault(UPLOADS, {})[dataset.id] = dataset


def current_dataset(scenario: Scenario) -> Dataset:
    """The scenario's dataset (with its answers about kinds applied); falls back to the sample.

    A scenario whose data is not loaded in this session gets the sample, with a note.
    """
    if scenario.data in SAMPLES:
        return answered(load_sample(scenario.data, scenario.illustrative), scenario)
    uploaded = st.session_state.get(UPLOADS, {}).get(scenario.data)
    if uploaded is not None:
        return answered(uploaded, scenario)
    add_note(
        f"This scenario uses the data {scenario.data!r}, which is not loaded in this session: "
        "showing the sample data instead. Upload the file again on the Data page."
    )
    set_scenario(scenario.replace(data="sample"))
    return load_sample()


def previous_year(dataset: Dataset) -> Dataset | None:
    """The same units a year earlier, when the dataset has them."""
    if dataset.id == "sample":
        return load_sample("sample-2023", illustrative=bool(dataset.illustrative))
    return previous_period(dataset)


# --------------------------------------------------------------------------- caching

_HASH = {Dataset: lambda d: d.fingerprint, Scenario: lambda s: s.to_json()}


def in_a_run() -> bool:
    """Whether this thread runs a page: a cached analysis called from a background thread
    (the report's warm-up) has no page to draw its progress on, so it draws none."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True) is not None


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs=_HASH)
def scored(dataset: Dataset, scenario: Scenario) -> ScoredTable:
    """:func:`scoring.core.pipeline.score`, cached per dataset content and scenario."""
    return score(dataset, scenario)


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=_HASH)
def rank_sets(dataset: Dataset, scenario: Scenario) -> tuple[ranksets.TableSets | None, str]:
    """:func:`scoring.instability.ranksets.for_scenario`, cached; ``(None, why)`` when there are none."""
    try:  # the scored table's prepared data, cached already: not prepared again
        return ranksets.for_scenario(dataset, scenario, prepared=scored(dataset, scenario).prepared), ""
    except ValueError as exc:
        return None, str(exc)


def scored_baseline(dataset: Dataset, scenario: Scenario) -> ScoredTable | None:
    """The table movement is measured against (None when there is no previous year)."""
    if scenario.baseline == "previous_year":
        before = previous_year(dataset)
        return None if before is None else scored(before, scenario.replace(data=before.id))
    return scored(dataset, baseline_scenario(scenario, dataset.measure_of))


def dataset_for(scenario: Scenario) -> Dataset | None:
    """The scenario's dataset if it is loaded in this session (no fallback, nothing changed)."""
    if scenario.data in SAMPLES:
        return answered(load_sample(scenario.data, scenario.illustrative), scenario)
    uploaded = st.session_state.get(UPLOADS, {}).get(scenario.data)
    return None if uploaded is None else answered(uploaded, scenario)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=_HASH)
def room_ranks(dataset: Dataset, scenario: Scenario, measures: tuple[str, ...], entries: tuple,
               contested_places: int) -> RoomRanks:
    """:func:`scoring.together.consensus.room_ranks` for a workshop's answers under ``scenario``'s methods.

    ``entries`` holds one ``(weights items, order)`` pair per participant, so the
    cache key changes exactly when an answer does.
    """
    pool = make_pool(measures, [(dict(w), list(o)) for w, o in entries])
    p = prepare(dataset, scenario)
    within = within_shares(
        dataset.measure_of, {j: scenario.indicator_weight(j) for j in dataset.indicators}
    )
    methods = (scenario.normalisation, scenario.aggregation, scenario.geometric_offset)
    return consensus_ranks(
        p, within, methods, pool, seed=scenario.seed, contested_places=contested_places
    )


# --------------------------------------------------------------------------- uploads

REPORTS = "dataset_reports"  # dataset id -> what the loader understood (scoring.io.Report)


@st.cache_data(max_entries=16, show_spinner="Reading the file...")
def load_upload(content: bytes, name: str, table: str | None, imeta: tuple[bytes, str] | None = None) -> Loaded:
    """:func:`scoring.io.load_bytes`, cached per file content (errors are not cached).

    One call parses the file once: the tables a workbook offers come back in the
    report (``Loaded.report.tables``, or the error's report), not from a second read.
    """
    return load_bytes(content, name, table, imeta=imeta)


def register_upload(loaded: Loaded) -> None:
    """Make an uploaded dataset choosable, and keep its report for the Data page."""
    register_dataset(loaded.dataset)
    st.session_state.setdefault(REPORTS, {})[loaded.dataset.id] = loaded.report


def upload_report(dataset_id: str) -> Report | None:
    """The loader's report for an uploaded dataset (None for the samples)."""
    return st.session_state.get(REPORTS, {}).get(dataset_id)


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=_HASH)
def missing_cells(dataset: Dataset, scenario: Scenario):
    """:func:`scoring.explore.indicators.missing_cells`, cached."""
    return explore.missing_cells(dataset, scenario)


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=_HASH)
def indicator_funnel(dataset: Dataset, indicator: str, overdispersion: bool):
    """:func:`scoring.explore.indicators.indicator_funnel`, cached."""
    return explore.indicator_funnel(dataset, indicator, overdispersion=overdispersion)

