"""UK financial years, 1 April to 31 March, written 2008/09."""

from __future__ import annotations

import pytest

from projectboard.finance.errors import FinanceError
from projectboard.finance.years import FinancialYear, check_consecutive, consecutive_years


@pytest.mark.parametrize(
    ("text", "start"), [("2008/09", 2008), ("1999/00", 1999), (" 2009/10 ", 2009)]
)
def test_parse(text: str, start: int) -> None:
    assert FinancialYear.parse(text) == FinancialYear(start)


def test_prints_as_typed_across_the_century() -> None:
    assert [str(FinancialYear(y)) for y in (1999, 2008, 2009)] == ["1999/00", "2008/09", "2009/10"]


@pytest.mark.parametrize("text", ["2008/10", "2008-09", "2008", "08/09", "2008/9", ""])
def test_refuses_what_is_not_a_financial_year(text: str) -> None:
    with pytest.raises(FinanceError) as caught:
        FinancialYear.parse(text, field="year")
    assert caught.value.code == "E_FINANCIAL_YEAR"
    assert caught.value.message == f"'{text}' is not a financial year (write it like 2008/09)"
    assert caught.value.field == "year"


def test_consecutive_years() -> None:
    years = consecutive_years(FinancialYear(2009), 3)
    assert [str(y) for y in years] == ["2009/10", "2010/11", "2011/12"]
    check_consecutive(years)


@pytest.mark.parametrize(
    ("starts", "message"),
    [
        ((), "no financial years given"),
        ((2009, 2011), "financial years 2009/10, 2011/12 are not consecutive and in order"),
        ((2010, 2009), "financial years 2010/11, 2009/10 are not consecutive and in order"),
    ],
)
def test_gaps_and_disorder_are_refused(starts: tuple[int, ...], message: str) -> None:
    with pytest.raises(FinanceError) as caught:
        check_consecutive(tuple(FinancialYear(s) for s in starts))
    assert caught.value.code == "E_YEARS"
    assert caught.value.message == message
