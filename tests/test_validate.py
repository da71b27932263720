"""Input checks: messages name the parameter, the value and the allowed range."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.validate import check_array_range, check_choice, check_positive, check_range


@given(st.floats(allow_nan=False, allow_infinity=False), st.floats(0, 100))
def test_check_range_accepts_exactly_the_interval(x, width):
    low, high = -50.0, -50.0 + width
    if low <= x <= high:
        assert check_range("x_m", x, low, high, "m") == x
    else:
        with pytest.raises(ValueError, match=r"^x_m must be between -50 and .* m; got "):
            check_range("x_m", x, low, high, "m")


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "70", None, True, [70]])
def test_non_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="body_mass_kg must"):
        check_range("body_mass_kg", bad, 20, 250, "kg")


def test_positive_refuses_zero():
    with pytest.raises(ValueError, match="greater than 0 kg; got 0"):
        check_positive("body_mass_kg", 0, "kg")


@given(st.lists(st.floats(0, 10), min_size=1, max_size=20), st.integers(0, 19))
def test_array_check_names_the_first_bad_element(values, where):
    arr = np.array(values)
    assert np.array_equal(check_array_range("v", arr, 0, 10), arr)
    where %= len(values)
    arr[where] = 11
    with pytest.raises(ValueError, match=rf"got 11 \(element {where}\)"):
        check_array_range("v", arr, 0, 10)


def test_choice():
    with pytest.raises(ValueError, match="load_case must be one of 'a', 'b'; got 'c'"):
        check_choice("load_case", "c", ("a", "b"))
