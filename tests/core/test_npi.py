"""A provider's NPI: ten digits whose last is the Luhn check digit over 80840 and the first nine.

The fact relied on: CMS, "Requirements for NPI Check Digit" (NPIcheckdigit.pdf). Its second
worked example computes the digit without the prefix by adding the constant 24 (what the
doubled-and-added digits of 80840 contribute), which this file uses to compute the expected
check digits independently of the code under test.
"""

from __future__ import annotations

import pytest

from toxfill.errors import InputError
from toxfill.records import checked_npi, npi_check_digit


def check_digit_as_cms_shows_without_prefix(first_nine: str) -> int:
    """CMS's steps: double the alternate digits from the rightmost (positions 1, 3, 5, 7, 9
    of the nine), add the digits of the products to the other digits, add 24, and subtract
    the total from the next number ending in zero."""
    total = 24
    for index, digit in enumerate(first_nine):
        if index % 2 == 0:  # the rightmost of nine digits is index 8: every even index doubles
            total += sum(int(d) for d in str(int(digit) * 2))
        else:
            total += int(digit)
    return (10 - total % 10) % 10


def test_it_gives_the_check_digit_of_the_cms_worked_example() -> None:
    # given the nine digits of CMS's example, 123456789
    # when the check digit is computed
    # then it is 3, as CMS's example shows: 1234567893
    assert npi_check_digit("123456789") == 3
    assert checked_npi("1234567893") == "1234567893"


@pytest.mark.parametrize(
    "first_nine",
    [
        pytest.param("123456789", id="cms_example"),
        pytest.param("199999999", id="all_nines_after_1"),
        pytest.param("200000000", id="organisation_prefix_2"),
        pytest.param("154321098", id="mixed"),
        pytest.param("100000000", id="mostly_zeros"),
    ],
)
def test_it_accepts_an_npi_whose_last_digit_follows_the_cms_rule(first_nine: str) -> None:
    # given an NPI whose check digit is computed with CMS's prefix-free steps
    npi = first_nine + str(check_digit_as_cms_shows_without_prefix(first_nine))
    # when it is checked
    # then it is accepted unchanged
    assert checked_npi(npi) == npi


@pytest.mark.parametrize("first_nine", ["123456789", "199999999", "154321098"])
def test_it_refuses_every_other_last_digit(first_nine: str) -> None:
    # given the nine digits and every last digit but the check digit
    right = check_digit_as_cms_shows_without_prefix(first_nine)
    for wrong in set(range(10)) - {right}:
        # when the NPI with a wrong last digit is checked
        # then the error names npi and says the check digit does not match
        with pytest.raises(InputError) as raised:
            checked_npi(first_nine + str(wrong))
        assert raised.value.field == "npi"
        assert "check digit" in raised.value.problem


def test_it_catches_two_swapped_neighbours() -> None:
    # given the CMS example with its 4 and 5 swapped
    # when it is checked
    # then it is refused
    with pytest.raises(InputError, match="check digit"):
        checked_npi("1235467893")


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("123456789", id="nine_digits"),
        pytest.param("12345678930", id="eleven_digits"),
        pytest.param("123456789X", id="a_letter"),
        pytest.param("1234-56789", id="a_hyphen"),
        pytest.param("١٢٣٤٥٦٧٨٩٣", id="arabic_indic_digits"),
    ],
)
def test_it_refuses_what_is_not_ten_digits_saying_what_an_npi_is(typed: str) -> None:
    # given something typed that is not ten ASCII digits
    # when it is checked
    # then the error names npi and says an NPI is ten digits
    with pytest.raises(InputError) as raised:
        checked_npi(typed)
    assert raised.value.field == "npi"
    assert "ten digits" in raised.value.problem


def test_it_keeps_a_blank_npi_blank_and_trims_spaces() -> None:
    # given no NPI, and one typed with spaces around it
    # when each is checked
    # then the blank stays blank (the field is optional) and the spaces go
    assert checked_npi("  ") == ""
    assert checked_npi(" 1234567893 ") == "1234567893"
