import pandas as pd
import pytest

from scoring.core.weights import effective_weights, measure_shares

MEASURE_OF = pd.Series({"a1": "A", "a2": "A", "b1": "B"})


def test_two_level_weights():
    w = effective_weights(MEASURE_OF, {"A": 1, "B": 1}, {"a1": 3, "a2": 1, "b1": 1})
    assert w.to_dict() == pytest.approx({"a1": 0.375, "a2": 0.125, "b1": 0.5})
    assert measure_shares(w, MEASURE_OF).to_dict() == pytest.approx({"A": 0.5, "B": 0.5})


def test_measure_with_zero_indicator_weights_drops_out():
    w = effective_weights(MEASURE_OF, {"A": 1, "B": 1}, {"a1": 0, "a2": 0, "b1": 1})
    assert w.to_dict() == pytest.approx({"a1": 0, "a2": 0, "b1": 1})


def test_scale_free():
    w1 = effective_weights(MEASURE_OF, {"A": 2, "B": 6})
    w2 = effective_weights(MEASURE_OF, {"A": 0.5, "B": 1.5})
    pd.testing.assert_series_equal(w1, w2)


def test_all_zero_is_an_error():
    with pytest.raises(ValueError, match="every weight is zero"):
        effective_weights(MEASURE_OF, {"A": 0, "B": 0})
