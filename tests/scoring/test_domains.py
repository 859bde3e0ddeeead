import numpy as np
import pytest
from offence_data import GROUPS, offence_dataset, scenario

from scoring.core.dataset import load_sample, make_dataset
from scoring.core.scenario import preset
from scoring.errors import InputError
from scoring.rigidity import domains


def test_counted_groups():
    assert domains.counted_groups("robbery") == ("whole", ("robbery",))
    assert domains.counted_groups("knife_offences")[0] == "part"
    assert domains.counted_groups("burglary")[1] == ("residential_burglary",
                                                      "non_residential_burglary")
    assert domains.counted_groups("victim_satisfaction") == ("whole", ())
    assert domains.counted_groups("something_else") == ("whole", ())


def test_a_zero_weight_indicator_counts_nothing():
    ds = offence_dataset({"robbery": GROUPS["robbery"], "homicide": GROUPS["homicide"]})
    counts = domains.group_counts(ds)
    both = domains.measured_share(ds, scenario(), counts)
    assert (both["robbery"] == 1).all() and (both["sexual_offences"] == 0).all()
    no_robbery = scenario().replace(measure_weights={"robbery": 0.0, "homicide": 5.0})
    assert (domains.measured_share(ds, no_robbery, counts)["robbery"] == 0).all()


def test_a_part_is_shared_in_proportion_to_group_counts_and_capped():
    knife = GROUPS["violence_with_injury"] * 0 + 14  # 14 knife offences per unit
    ds = offence_dataset({"knife_offences": knife})
    share = domains.measured_share(ds, scenario(), domains.group_counts(ds))
    span = GROUPS["violence_with_injury"] + GROUPS["robbery"]
    np.testing.assert_allclose(share["violence_with_injury"], 14 / span)
    np.testing.assert_allclose(share["robbery"], 14 / span)
    # Counted whole as well: counted once, share exactly 1.
    both = offence_dataset({"knife_offences": knife, "robbery": GROUPS["robbery"]})
    share = domains.measured_share(both, scenario(), domains.group_counts(both))
    assert (share["robbery"] == 1).all()
    huge = offence_dataset({"knife_offences": knife * 1000})
    assert domains.measured_share(huge, scenario(), domains.group_counts(huge)).max().max() == 1


def test_domains_are_measures_then_groups_nothing_counts():
    ds = offence_dataset({"robbery": GROUPS["robbery"], "violence_with_injury":
                          GROUPS["violence_with_injury"]}, measures={"robbery": "neighbourhood",
                          "violence_with_injury": "violence"})  # fmt: skip
    dom = domains.domains(ds, list(GROUPS))
    assert dom.ids == ["neighbourhood", "violence", "homicide", "sexual_offences", "shoplifting"]
    assert dom.outside == ["homicide", "sexual_offences", "shoplifting"]
    assert dom.group_domain["robbery"] == "neighbourhood"
    national = domains.national_weights(ds, scenario(), dom)
    assert national.sum() == pytest.approx(1) and (national[dom.outside] == 0).all()


def test_a_group_named_like_a_measure_gets_a_prefixed_domain():
    ds = offence_dataset({"robbery": GROUPS["robbery"]}, measures={"robbery": "shoplifting"})
    dom = domains.domains(ds, list(GROUPS))
    assert "x_shoplifting" in dom.outside and dom.group_domain["shoplifting"] == "x_shoplifting"


def test_sample_domains_and_fraud_counts():
    ds = load_sample()
    data = domains.domain_data(ds, preset("home_office_2021", ds.measure_of))
    assert data.domains.measures == ds.measure_ids
    assert "sexual_offences" in data.domains.outside and "robbery" not in data.domains.outside
    assert data.counts["fraud_and_computer_misuse"].equals(ds.values["fraud_cyber"])
    assert data.group_harm.sum().sum() == pytest.approx(data.harm.sum().sum())
    np.testing.assert_allclose(data.profile.sum(axis=1), 1.0)
    assert (data.profile[["drugs", "victim_satisfaction"]] == 0).all().all()


def test_no_offence_groups_is_a_clear_input_error():
    import pandas as pd

    ds = make_dataset(pd.DataFrame({"a": [1.0, 2.0]}, index=["x", "y"]))
    with pytest.raises(InputError, match="offence-group"):
        domains.group_counts(ds)
