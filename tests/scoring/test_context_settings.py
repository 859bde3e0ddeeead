"""The context settings travel in the scenario's JSON and URL, validated like every other."""

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core.scenario import CONTEXT_VARIABLES, SEVERITY_SERIES, Scenario

subsets = st.lists(st.sampled_from(CONTEXT_VARIABLES), min_size=1, unique=True).map(
    lambda chosen: tuple(v for v in CONTEXT_VARIABLES if v in chosen))


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 15), subsets, subsets, st.sampled_from(SEVERITY_SERIES), st.booleans(),
       st.integers(2004, 2022), st.booleans())  # fmt: skip
def test_context_settings_round_trip_exactly(k, group_by, adjust_for, series, relative, year, od):
    s = Scenario().with_section("context", group_size=k, group_by=group_by, adjust_for=adjust_for,
                                series=series, relative=relative, year=year, overdispersion=od,
                                force="E23000001", indicator="robbery")  # fmt: skip
    assert Scenario.from_json(s.to_json()) == (s, [])
    assert Scenario.from_query(s.to_query()) == (s, [])


def test_bad_context_values_are_clamped_or_dropped_with_a_note():
    s, notes = Scenario.from_query({"cx.k": "40", "cx.av": "wealth,density", "cx.yr": "1990",
                                    "cx.css": "arson"})  # fmt: skip
    assert s.context.group_size == 15 and s.context.adjust_for == ("density",)
    assert s.context.year == 2004 and s.context.series == "total"
    assert len(notes) == 4 and any("wealth" in n for n in notes)
