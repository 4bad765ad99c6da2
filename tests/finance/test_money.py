"""Money: parsing what finance leads type, presenting to the penny with ROUND_HALF_UP."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projectboard.finance.errors import FinanceError
from projectboard.finance.money import as_money, format_money, parse_money, to_pence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£10,000.00", Decimal("10000.00")),  # the seed: initial funding from each council
        ("10000", Decimal("10000")),
        ("10,000", Decimal("10000")),
        ("  £1,234,567.5 ", Decimal("1234567.5")),
        ("-£250.50", Decimal("-250.50")),
        ("£-250.50", Decimal("-250.50")),
        ("GBP 99.99", Decimal("99.99")),
        ("gbp99", Decimal("99")),
        ("+£1", Decimal("1")),
        ("0.01", Decimal("0.01")),
        ("0", Decimal("0")),
    ],
)
def test_parse_money_accepts_what_people_write(text: str, expected: Decimal) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "E_MONEY_EMPTY", "no amount given"),
        ("   ", "E_MONEY_EMPTY", "no amount given"),
        (
            "ten pounds",
            "E_MONEY_SYNTAX",
            "'ten pounds' is not an amount of money (write it like £10,000.00 or 10000)",
        ),
        (
            "10,00",
            "E_MONEY_SYNTAX",
            "'10,00' is not an amount of money (write it like £10,000.00 or 10000)",
        ),
        (
            "1,0000",
            "E_MONEY_SYNTAX",
            "'1,0000' is not an amount of money (write it like £10,000.00 or 10000)",
        ),
        (
            "--5",
            "E_MONEY_SYNTAX",
            "'--5' is not an amount of money (write it like £10,000.00 or 10000)",
        ),
        (
            "-£-5",
            "E_MONEY_SYNTAX",
            "'-£-5' is not an amount of money (write it like £10,000.00 or 10000)",
        ),
        (
            "£1.",
            "E_MONEY_SYNTAX",
            "'£1.' is not an amount of money (write it like £10,000.00 or 10000)",
        ),
        (
            "£10.005",
            "E_MONEY_PRECISION",
            "'£10.005' has fractions of a penny (at most 2 decimal places)",
        ),
    ],
)
def test_parse_money_refuses_with_a_code_and_the_value(text: str, code: str, message: str) -> None:
    with pytest.raises(FinanceError) as caught:
        parse_money(text)
    assert caught.value.code == code
    assert caught.value.message == message
    assert caught.value.value == text


def test_error_names_the_field() -> None:
    with pytest.raises(FinanceError) as caught:
        parse_money("lots", field="ABC 2009/10")
    assert str(caught.value) == (
        "field 'ABC 2009/10': 'lots' is not an amount of money "
        "(write it like £10,000.00 or 10000) [E_MONEY_SYNTAX]"
    )


def test_as_money_refuses_floats() -> None:
    with pytest.raises(FinanceError) as caught:
        as_money(0.1)  # type: ignore[arg-type]
    assert caught.value.code == "E_MONEY_TYPE"
    assert caught.value.message == "0.1 is a float, not a Decimal, int or string amount"


def test_as_money_refuses_booleans_and_infinity() -> None:
    with pytest.raises(FinanceError) as caught:
        as_money(True)
    assert caught.value.code == "E_MONEY_TYPE"
    with pytest.raises(FinanceError) as caught:
        as_money(Decimal("Infinity"))
    assert caught.value.code == "E_MONEY_SYNTAX"


def test_as_money_takes_decimals_ints_and_strings() -> None:
    assert as_money(Decimal("1.005")) == Decimal("1.005")
    assert as_money(7) == Decimal(7)
    assert as_money("£7.10") == Decimal("7.10")


@pytest.mark.parametrize(
    ("amount", "pence"),
    [
        ("1.005", "1.01"),  # half a penny rounds up, not to even (banker's would give 1.00)
        ("1.015", "1.02"),
        ("1.0049999", "1.00"),
        ("-1.005", "-1.01"),  # away from zero
        ("2.675", "2.68"),  # exact in Decimal (as a float it would be 2.67499...)
        ("10000", "10000.00"),
    ],
)
def test_to_pence_rounds_half_up(amount: str, pence: str) -> None:
    assert str(to_pence(Decimal(amount))) == pence


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("10000", "£10,000.00"),
        ("1234567.891", "£1,234,567.89"),
        ("-2500.505", "-£2,500.51"),
        ("-0.004", "£0.00"),  # rounds to zero: no minus sign on nothing
        ("0.5", "£0.50"),
    ],
)
def test_format_money(amount: str, shown: str) -> None:
    assert format_money(Decimal(amount)) == shown


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_format_then_parse_round_trips(amount: Decimal) -> None:
    assert parse_money(format_money(amount)) == amount
