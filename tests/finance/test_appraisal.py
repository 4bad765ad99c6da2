"""Green Book discounting, NPV, optimism bias and payback."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projectboard.finance.appraisal import (
    CAPITAL_EXPENDITURE_KINDS,
    GREEN_BOOK_DISCOUNT_RATES,
    OPTIMISM_BIAS,
    DiscountBand,
    apply_optimism_bias,
    appraise,
    appraise_by_partner,
    discount_factor,
    discount_fraction,
    mitigated_bias,
    net_present_value,
    payback_index,
    uplift,
)
from projectboard.finance.costs import CostKind, CostModel, cost_line
from projectboard.finance.errors import FinanceError
from projectboard.finance.money import to_pence
from projectboard.finance.years import FinancialYear

from .conftest import YEARS

Y08, Y09, Y10, Y11, Y12 = YEARS
D = Decimal


def four_dp(value: Decimal) -> str:
    return str(value.quantize(D("0.0001"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize(
    ("year", "published"),
    [
        # The Green Book's discount factors at 3.5%, to 4 d.p.
        (0, "1.0000"),
        (1, "0.9662"),
        (2, "0.9335"),
        (3, "0.9019"),
        (4, "0.8714"),
        (5, "0.8420"),
        (10, "0.7089"),
        (20, "0.5026"),
        (30, "0.3563"),
        # From year 31 the rate is 3.0%: 0.356278... / 1.03 = 0.345901...
        (31, "0.3459"),
    ],
)
def test_green_book_discount_factors(year: int, published: str) -> None:
    assert four_dp(discount_factor(year)) == published


def test_discount_factors_are_exact_to_forty_figures() -> None:
    # 1/1.035 = 200/207 = 0.96618357487922705314009661835748792270531400966...
    assert discount_fraction(1) == Fraction(200, 207)
    assert discount_factor(1) == D("0.9661835748792270531400966183574879227053")
    # Year 76: thirty years at 3.5%, forty-five at 3.0%, one at 2.5%.
    assert discount_fraction(76) == 1 / (
        Fraction(1035, 1000) ** 30 * Fraction(103, 100) ** 45 * Fraction(1025, 1000)
    )


def test_the_rate_schedule_is_the_green_books() -> None:
    assert [(b.first, b.last, str(b.rate)) for b in GREEN_BOOK_DISCOUNT_RATES] == [
        (0, 30, "0.035"),
        (31, 75, "0.030"),
        (76, 125, "0.025"),
        (126, 200, "0.020"),
        (201, 300, "0.015"),
        (301, None, "0.010"),
    ]


def test_a_year_before_the_base_year_is_refused() -> None:
    with pytest.raises(FinanceError) as caught:
        discount_factor(-1)
    assert caught.value.code == "E_DISCOUNT_YEAR"
    assert caught.value.message == "year -1 is before the base year of the appraisal"


def test_net_present_value() -> None:
    # -100 now, 110 next year: -100 + 110 x 200/207 = -100 + 22000/207 = 1300/207.
    assert net_present_value([D(-100), D(110)]) == D("6.280193236714975845410628019323671497585")
    flat = (DiscountBand(0, None, D("0.10")),)
    assert net_present_value([D(-100), D(110)], flat) == D(0)


@given(st.integers(min_value=0, max_value=400))
def test_factors_fall_year_on_year_by_the_years_rate(year: int) -> None:
    rate = next(
        b.rate for b in GREEN_BOOK_DISCOUNT_RATES if b.first <= year + 1 <= (b.last or 10**9)
    )
    assert discount_fraction(year + 1) == discount_fraction(year) / (1 + Fraction(rate))


def test_payback_index() -> None:
    assert payback_index([D(-5), D(-1), D(0), D(3)]) == 2
    assert payback_index([D(-5), D(-1)]) is None
    assert payback_index([]) is None


def test_appraisal_of_the_shared_service(shared_ict: CostModel) -> None:
    result = appraise(shared_ict)
    # Net benefit (savings - costs): -20,000; -170,000; 140,000; 190,000; 190,000.
    # Present values: -20,000; -164,251.21; 130,691.50; 171,369.11; 165,574.02.
    # Cumulative PV: -20,000; -184,251.21; -53,559.71; 117,809.40; 283,383.43.
    assert [r.net_benefit for r in result.years] == [
        D(-20_000),
        D(-170_000),
        D(140_000),
        D(190_000),
        D(190_000),
    ]
    assert [r.t for r in result.years] == [0, 1, 2, 3, 4]
    assert [str(to_pence(r.present_value)) for r in result.years] == [
        "-20000.00",
        "-164251.21",
        "130691.50",
        "171369.11",
        "165574.02",
    ]
    assert [str(to_pence(r.cumulative_present_value)) for r in result.years] == [
        "-20000.00",
        "-184251.21",
        "-53559.71",
        "117809.40",
        "283383.43",
    ]
    assert [r.cumulative for r in result.years] == [
        D(-20_000),
        D(-190_000),
        D(-50_000),
        D(140_000),
        D(330_000),
    ]
    assert result.npv == D("283383.4276614807352110367639629898681971")
    assert result.payback_year == Y11
    assert result.discounted_payback_year == Y11
    assert result.partner is None
    assert result.base_year == Y08


def test_discounting_can_push_payback_later() -> None:
    model = CostModel(
        ("ABC",),
        YEARS[:3],
        (
            cost_line("Kit", CostKind.CAPITAL, {"ABC": {"2008/09": 100}}),
            cost_line("Power", CostKind.SAVING, {"ABC": {"2009/10": 50, "2010/11": 50}}),
        ),
    )
    result = appraise(model)
    # Undiscounted: -100, -50, 0 -> pays back in 2010/11. Discounted: 50/1.035 + 50/1.035^2
    # = 48.31 + 46.68 = 94.99 < 100: not within the plan.
    assert result.payback_year == Y10
    assert result.discounted_payback_year is None


def test_appraisal_per_partner(shared_ict: CostModel) -> None:
    by_partner = appraise_by_partner(shared_ict)
    # ABC: -10,000; -80,000; 80,000; 80,000; 80,000 -> cumulative -10k, -90k, -10k, 70k, 150k.
    abc = by_partner["ABC"]
    assert [r.cumulative for r in abc.years] == [
        D(-10_000),
        D(-90_000),
        D(-10_000),
        D(70_000),
        D(150_000),
    ]
    assert abc.payback_year == Y11
    # -10,000 - 80,000 x 200/207 + 80,000 x (200/207)^2 + ... computed exactly:
    expected = sum(
        Fraction(v) * Fraction(200, 207) ** t
        for t, v in enumerate([-10_000, -80_000, 80_000, 80_000, 80_000])
    )
    assert abs(Fraction(abc.npv) - expected) < Fraction(1, 10**30)
    # To 4 d.p.: -10,000 - 77,294.6860 + 74,680.8560 + 72,155.4165 + 69,715.3782 = 129,256.9647.
    assert str(to_pence(abc.npv)) == "129256.96"
    # CCC: -10,000 - 86,956.5217 + 56,010.6420 + 99,213.6976 + 95,858.6450 = 154,126.4629.
    assert str(to_pence(by_partner["CCC"].npv)) == "154126.46"
    # The partners' NPVs add up to the whole (each is rounded once, at 40 figures).
    total = Fraction(by_partner["ABC"].npv) + Fraction(by_partner["CCC"].npv)
    assert abs(total - Fraction(appraise(shared_ict).npv)) < Fraction(1, 10**30)


def test_a_later_base_year_discounts_less(shared_ict: CostModel) -> None:
    # Appraised from 2007/08, every year is one further away: NPV x 200/207.
    earlier = appraise(shared_ict, base_year=FinancialYear(2007))
    assert [r.t for r in earlier.years] == [1, 2, 3, 4, 5]
    assert abs(Fraction(earlier.npv) - Fraction(appraise(shared_ict).npv) * Fraction(200, 207)) < (
        Fraction(1, 10**30)
    )
    with pytest.raises(FinanceError) as caught:
        appraise(shared_ict, base_year=Y09)
    assert caught.value.code == "E_DISCOUNT_YEAR"


def test_appraising_a_stranger_is_refused(shared_ict: CostModel) -> None:
    with pytest.raises(FinanceError) as caught:
        appraise(shared_ict, partner="EDC")
    assert (caught.value.code, caught.value.message) == (
        "E_UNKNOWN_PARTNER",
        "'EDC' is not one of the partners",
    )


def test_optimism_bias_table() -> None:
    assert {
        name: (
            b.works_duration_upper,
            b.works_duration_lower,
            b.expenditure_upper,
            b.expenditure_lower,
        )
        for name, b in OPTIMISM_BIAS.items()
    } == {
        "Standard buildings": (D(4), D(1), D(24), D(2)),
        "Non-standard buildings": (D(39), D(2), D(51), D(4)),
        "Standard civil engineering": (D(20), D(1), D(44), D(3)),
        "Non-standard civil engineering": (D(25), D(3), D(66), D(6)),
        "Equipment/development": (D(54), D(10), D(200), D(10)),
        "Outsourcing": (None, None, D(41), D(0)),
    }


def test_uplift_and_mitigation() -> None:
    assert uplift(D("100000"), D(200)) == D("300000")
    assert uplift(D("0.01"), D(24)) == D("0.0124")  # kept exact; pence only when presented
    # The guidance's worked example: 51% upper bound, risks managed away by 92%, leaves 4.08%.
    assert mitigated_bias(D(51), D(92)) == D("4.08")
    with pytest.raises(FinanceError) as caught:
        mitigated_bias(D(51), D(101))
    assert caught.value.code == "E_OPTIMISM_BIAS"
    assert caught.value.message == "risk reduction of 101% is not 0 to 100 percent"
    with pytest.raises(FinanceError) as caught:
        uplift(D(1), D(-1))
    assert caught.value.message == "optimism bias of -1% is not 0 or more percent"


def test_optimism_bias_uplifts_capital_and_implementation_only(shared_ict: CostModel) -> None:
    biased = apply_optimism_bias(
        shared_ict, OPTIMISM_BIAS["Equipment/development"].expenditure_upper
    )
    assert biased.line("Server consolidation").amount("CCC", Y10) == D(150_000)
    assert biased.line("Data centre migration").amount("ABC", Y09) == D(120_000)
    assert biased.line("Service desk tool") == shared_ict.line("Service desk tool")
    assert biased.line("Merged team") == shared_ict.line("Merged team")
    assert biased.line("ICT service today") == shared_ict.line("ICT service today")
    # Implementation and capital were 20,000 + 260,000 + 50,000 over the years; tripled, the
    # extra 2 x 330,000 = 660,000 turns a 330,000 net saving into a 330,000 net cost.
    result = appraise(biased)
    assert sum(r.net_benefit for r in result.years) == D(-330_000)
    assert result.payback_year is None
    assert {
        CostKind.IMPLEMENTATION_STAFF_INTERIM,
        CostKind.IMPLEMENTATION_STAFF_FINAL,
        CostKind.IMPLEMENTATION_INFRASTRUCTURE,
        CostKind.CAPITAL,
    } == CAPITAL_EXPENDITURE_KINDS


def test_outsourcing_bias_applies_to_revenue(shared_ict: CostModel) -> None:
    biased = apply_optimism_bias(shared_ict, D(41), frozenset({CostKind.REVENUE}))
    assert biased.line("Service desk tool").amount("CCC", Y12) == D(14_100)
    assert biased.line("Server consolidation") == shared_ict.line("Server consolidation")
