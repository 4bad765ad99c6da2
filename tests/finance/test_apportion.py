"""Apportionment to the penny (largest remainder) and the recharge schedule."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projectboard.finance.apportion import (
    Apportionment,
    Basis,
    Recharge,
    apportion_model,
    by_current_spend,
    by_headcount,
    by_usage,
    fixed_shares,
    partner_totals,
    recharge_schedule,
    split,
)
from projectboard.finance.costs import CostKind, CostModel, cost_line
from projectboard.finance.errors import FinanceError

from .conftest import YEARS

Y08, Y09, Y10, Y11, Y12 = YEARS
D = Decimal


def test_the_seed_funding_splits_evenly() -> None:
    # £20,000 of external assistance, half each: exactly the £10,000 each council agreed.
    assert split(D("20000"), fixed_shares({"ABC": 50, "CCC": 50}).weights) == {
        "ABC": D("10000.00"),
        "CCC": D("10000.00"),
    }


def test_an_odd_penny_goes_to_the_code_that_sorts_first() -> None:
    # 2,000,001p / 2 = 1,000,000.5p each: both remainders are 0.5, ABC sorts before CCC.
    assert split(D("20000.01"), {"CCC": D(1), "ABC": D(1)}) == {
        "ABC": D("10000.01"),
        "CCC": D("10000.00"),
    }
    # £100 three ways: 3333.33...p each, one penny left, to ABC.
    assert split(D(100), {"EDC": D(1), "CCC": D(1), "ABC": D(1)}) == {
        "ABC": D("33.34"),
        "CCC": D("33.33"),
        "EDC": D("33.33"),
    }


def test_largest_remainder_by_headcount() -> None:
    # £10,000 by 23 and 36 staff: ABC 1,000,000p x 23/59 = 389,830.508p, CCC 610,169.491p.
    # Floors 389,830 + 610,169 = 999,999p; the last penny to ABC (.508 beats .491).
    assert split(D(10_000), {"ABC": D(23), "CCC": D(36)}) == {
        "ABC": D("3898.31"),
        "CCC": D("6101.69"),
    }


def test_the_largest_remainder_wins_even_when_it_sorts_last() -> None:
    # £1 by 1:2 -> 33.33p and 66.67p: floors 33 + 66 = 99, the penny to CCC (.667 > .333).
    assert split(D(1), {"ABC": D(1), "CCC": D(2)}) == {"ABC": D("0.33"), "CCC": D("0.67")}


def test_the_total_is_rounded_half_up_to_pence_first() -> None:
    # £0.005 rounds to 1p (half up), which goes to the first code.
    assert split(D("0.005"), {"ABC": D(1), "CCC": D(1)}) == {"ABC": D("0.01"), "CCC": D("0.00")}


def test_a_saving_splits_like_a_cost_of_the_same_size() -> None:
    assert split(D("-20000.01"), {"ABC": D(1), "CCC": D(1)}) == {
        "ABC": D("-10000.01"),
        "CCC": D("-10000.00"),
    }


def test_a_zero_weight_partner_pays_nothing() -> None:
    assert split(D("10.01"), {"ABC": D(0), "CCC": D(3)}) == {"ABC": D(0), "CCC": D("10.01")}


partners = st.sampled_from(["ABC", "CCC", "EDC", "SLDC", "BBC", "CCA"])
weights = st.dictionaries(
    partners, st.decimals(min_value=0, max_value=10_000, places=3), min_size=1
).filter(lambda w: sum(w.values()) > 0)
totals = st.decimals(min_value=-(10**7), max_value=10**7, places=3)


@given(totals, weights)
def test_shares_always_add_up_to_the_total_in_pence(total: Decimal, w: dict[str, Decimal]) -> None:
    shares = split(total, w)
    pence_total = total.quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert sum(shares.values()) == pence_total
    whole = sum(w.values())
    for partner, share in shares.items():
        # Within one penny of the exact quota, and a whole number of pence.
        assert abs(share - pence_total * w[partner] / whole) < D("0.01")
        assert share == share.quantize(D("0.01"))


@given(totals, weights, st.randoms())
def test_shares_do_not_depend_on_the_order_partners_are_given(
    total: Decimal, w: dict[str, Decimal], random: object
) -> None:
    items = list(w.items())
    random.shuffle(items)  # type: ignore[attr-defined]
    assert split(total, dict(items)) == split(total, w)


def test_fixed_shares_must_add_up_to_exactly_100() -> None:
    with pytest.raises(FinanceError) as caught:
        fixed_shares({"ABC": "40", "CCC": "59.99"})
    assert caught.value.code == "E_SHARES_TOTAL"
    assert caught.value.message == "fixed shares add up to 99.99%, not 100%"


@pytest.mark.parametrize(
    ("build", "code", "message"),
    [
        (
            lambda: by_headcount({"ABC": -1, "CCC": 3}),
            "E_NEGATIVE_WEIGHT",
            "headcount: weight -1 for ABC is negative",
        ),
        (
            lambda: by_usage({"ABC": 0, "CCC": 0}),
            "E_ZERO_WEIGHTS",
            "usage: every partner's weight is zero",
        ),
        (
            lambda: Apportionment(Basis.USAGE, {"ABC": 1.5}),  # type: ignore[dict-item]
            "E_MONEY_TYPE",
            "1.5 is a float, not a Decimal, int or string amount",
        ),
    ],
)
def test_bad_weights_are_refused(build: Callable[[], object], code: str, message: str) -> None:
    with pytest.raises(FinanceError) as caught:
        build()
    assert (caught.value.code, caught.value.message) == (code, message)


def test_by_current_spend_uses_the_baseline(shared_ict: CostModel) -> None:
    rule = by_current_spend(shared_ict)
    assert rule.basis is Basis.CURRENT_SPEND
    assert rule.weights == {"ABC": D(5_000_000), "CCC": D(7_500_000)}
    # £150,000 of capital split 2:3 by current spend.
    assert split(D(150_000), rule.weights) == {"ABC": D("60000.00"), "CCC": D("90000.00")}


def test_apportion_model_rewrites_only_the_shared_lines(shared_ict: CostModel) -> None:
    shared = apportion_model(
        shared_ict,
        {
            "Service desk tool": by_headcount({"ABC": 23, "CCC": 36}),
            "Server consolidation": fixed_shares({"ABC": 50, "CCC": 50}),
        },
    )
    tool = shared.line("Service desk tool")
    assert tool.amount("ABC", Y10) == D("3898.31")
    assert tool.amount("CCC", Y10) == D("6101.69")
    assert tool.amount("ABC", Y08) == D(0)
    capital = shared.line("Server consolidation")
    assert capital.amount("ABC", Y10) == D("25000.00")
    assert capital.amount("CCC", Y10) == D("25000.00")
    assert shared.line("Merged team") == shared_ict.line("Merged team")
    # Totals per line and year are unchanged; only who bears them moves.
    for line in shared_ict.lines:
        for year in YEARS:
            assert shared.line(line.name).year_total(year, ("ABC", "CCC")) == line.year_total(
                year, ("ABC", "CCC")
            )
    # ABC's net over five years: -150,000 as entered, plus 4 x 3,898.31 of the tool, plus
    # 25,000 of 2010/11 capital: -150,000 + 15,593.24 + 25,000 = -109,406.76.
    assert partner_totals(shared) == {"ABC": D("-109406.76"), "CCC": D("-220593.24")}
    assert sum(partner_totals(shared).values()) == sum(partner_totals(shared_ict).values())


def test_the_baseline_is_never_apportioned(shared_ict: CostModel) -> None:
    with pytest.raises(FinanceError) as caught:
        apportion_model(shared_ict, {"ICT service today": fixed_shares({"ABC": 50, "CCC": 50})})
    assert caught.value.code == "E_BASELINE_SHARED"
    assert caught.value.message == (
        "cost line 'ICT service today' is current expenditure: "
        "each council's own baseline is not apportioned"
    )


def test_a_rule_must_name_exactly_the_model_partners(shared_ict: CostModel) -> None:
    with pytest.raises(FinanceError) as caught:
        apportion_model(shared_ict, {"Service desk tool": by_usage({"ABC": 1, "EDC": 1})})
    assert caught.value.code == "E_SHARES_PARTNERS"
    assert caught.value.message == (
        "cost line 'Service desk tool': usage names partners ABC, EDC, the model has ABC, CCC"
    )


def test_a_rule_for_a_missing_line_is_refused(shared_ict: CostModel) -> None:
    with pytest.raises(FinanceError) as caught:
        apportion_model(shared_ict, {"Coffee": by_usage({"ABC": 1, "CCC": 1})})
    assert caught.value.code == "E_UNKNOWN_LINE"


def test_recharge_schedule_when_carlisle_hosts(shared_ict: CostModel) -> None:
    schedule = recharge_schedule(
        shared_ict,
        {
            "Service desk tool": by_headcount({"ABC": 23, "CCC": 36}),
            "Server consolidation": fixed_shares({"ABC": 50, "CCC": 50}),
        },
        host="CCC",
    )
    # ABC owes CCC its share of the tool (3,898.31) every year from 2009/10, and half the
    # capital: 50,000 of 2009/10's 100,000 and 25,000 of 2010/11's 50,000. Nothing in 2008/09.
    assert schedule == (
        Recharge(Y09, "ABC", "CCC", D("53898.31")),
        Recharge(Y10, "ABC", "CCC", D("28898.31")),
        Recharge(Y11, "ABC", "CCC", D("3898.31")),
        Recharge(Y12, "ABC", "CCC", D("3898.31")),
    )


def test_the_host_pays_back_a_shared_saving() -> None:
    model = CostModel(
        ("ABC", "CCC", "EDC"),
        YEARS[:3],
        (
            cost_line("Licences", CostKind.REVENUE, {"ABC": {"2008/09": 900}}),
            cost_line("Joint contract", CostKind.SAVING, {"ABC": {"2009/10": 3000}}),
        ),
    )
    rules = {
        "Licences": fixed_shares({"ABC": 50, "CCC": 25, "EDC": 25}),
        "Joint contract": fixed_shares({"ABC": 50, "CCC": 25, "EDC": 25}),
    }
    assert recharge_schedule(model, rules, host="ABC") == (
        Recharge(Y08, "CCC", "ABC", D("225.00")),
        Recharge(Y08, "EDC", "ABC", D("225.00")),
        Recharge(Y09, "ABC", "CCC", D("750.00")),
        Recharge(Y09, "ABC", "EDC", D("750.00")),
    )


def test_the_host_must_be_a_partner(shared_ict: CostModel) -> None:
    with pytest.raises(FinanceError) as caught:
        recharge_schedule(shared_ict, {}, host="EDC")
    assert (caught.value.code, caught.value.message) == (
        "E_UNKNOWN_HOST",
        "host 'EDC' is not one of the partners",
    )
