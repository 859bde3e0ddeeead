import pandas as pd
import pytest
from offence_data import scenario

from scoring.core.dataset import load_sample
from scoring.rigidity import harm


def test_every_table_p1_group_and_fraud_has_a_default():
    p1 = load_sample().context["offence_groups"].columns
    leaves = set(p1) - {"total_excl_fraud", "violence_against_the_person", "theft_offences",
                        "burglary"}
    assert leaves | {"fraud_and_computer_misuse"} == set(harm.GROUPS)
    table = harm.defaults()
    assert (table["value"] > 0).all() and table["basis"].str.len().min() > 20


def test_only_checked_figures_are_not_marked_approximate():
    table = harm.defaults()
    assert list(table.index[~table["approximate"]]) == ["homicide"]
    assert 7797 <= table.at["homicide", "value"] <= 7979  # ONS 2016, as reported
    assert "3 points" in table.at["drug_offences", "basis"]  # cannabis possession, ONS 2016


def test_police_generated_groups_count_only_when_switched_on():
    off, on = harm.weights(scenario()), harm.weights(scenario(proactive=True))
    assert set(harm.PROACTIVE) == {"drug_offences", "possession_of_weapons_offences"}
    assert (off[list(harm.PROACTIVE)] == 0).all() and (on[list(harm.PROACTIVE)] > 0).all()
    assert off.drop(list(harm.PROACTIVE)).equals(on.drop(list(harm.PROACTIVE)))


def test_user_weights_override_the_defaults_and_are_reported():
    s = scenario(harm_weights={"shoplifting": 55.0})
    assert harm.weights(s)["shoplifting"] == 55.0
    table = harm.table(s)
    assert table.at["shoplifting", "edited"] and not table.at["robbery", "edited"]
    assert table.at["drug_offences", "counted"] == False  # noqa: E712 (numpy bool)


def test_labels_fall_back_to_a_tidy_id():
    assert harm.label("sexual_offences") == "Sexual offences"
    assert harm.label("new_group") == "New group"


@pytest.mark.parametrize("bad", [-5, 1e9])
def test_out_of_range_weights_are_clamped_when_read(bad):
    from scoring.core.scenario import Scenario

    s, notes = Scenario.from_dict({"rigidity": {"harm_weights": {"robbery": bad}}})
    assert 0 <= harm.weights(s)["robbery"] <= 100_000 and notes
    assert isinstance(harm.weights(s), pd.Series)
