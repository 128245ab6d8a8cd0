"""A US provider's National Provider Identifier (NPI): ten digits whose last is a check digit.

CMS, "Requirements for NPI Check Digit"
(https://www.cms.gov/Regulations-and-Guidance/Administrative-Simplification/NationalProvIdentStand/Downloads/NPIcheckdigit.pdf):
the check digit is the Luhn "double-add-double" modulus 10 digit, always computed as if the
NPI carried the card-issuer prefix 80840 (80: health applications, 840: the United States).
Its worked example: the nine digits 123456789 take the check digit 3, so 1234567893 is an NPI.
The check catches a mistyped digit and most swapped neighbours; whether CMS has issued the
number only the NPPES registry says.
"""

from __future__ import annotations

from toxfill.errors import InputError, shown

NPI_LENGTH = 10
CARD_ISSUER_PREFIX = "80840"


def npi_check_digit(first_nine: str) -> int:
    """The check digit CMS computes over 80840 followed by `first_nine` (nine digits)."""
    if len(first_nine) != NPI_LENGTH - 1 or not (first_nine.isascii() and first_nine.isdigit()):
        raise InputError("npi", f"{shown(first_nine)}: the check digit needs nine digits")
    total = 0
    # Luhn: double every other digit starting from the rightmost of the number without its
    # check digit, adding the digits of each product (a product over 9 is 1 + its ones).
    for position, digit in enumerate(reversed(CARD_ISSUER_PREFIX + first_nine)):
        value = int(digit)
        if position % 2 == 0:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return (10 - total % 10) % 10


def checked_npi(value: str) -> str:
    """`value` as an NPI (blank stays blank: the field is optional), or InputError naming
    `npi` and what a valid one looks like."""
    npi = value.strip()
    if not npi:
        return ""
    if len(npi) != NPI_LENGTH or not (npi.isascii() and npi.isdigit()):
        raise InputError(
            "npi", f"{shown(npi)} is not an NPI: an NPI is ten digits, e.g. 1234567893"
        )
    if int(npi[-1]) != npi_check_digit(npi[:-1]):
        raise InputError(
            "npi",
            f"{shown(npi)} is not an NPI: its last digit is not the check digit of the first "
            "nine (a digit may be mistyped)",
        )
    return npi


__all__ = ["CARD_ISSUER_PREFIX", "NPI_LENGTH", "checked_npi", "npi_check_digit"]
