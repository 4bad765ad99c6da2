"""The cost model, the medium-term financial plan and the capital investment profile."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from projectboard.finance.costs import (
    CostKind,
    CostLine,
    CostModel,
    capital_profile,
    cost_line,
    medium_term_financial_plan,
)
from projectboard.finance.errors import FinanceError
from projectboard.finance.years import FinancialYear, consecutive_years

from .conftest import YEARS

Y08, Y09, Y10, Y11, Y12 = YEARS


def by_year(values: list[int]) -> dict[FinancialYear, Decimal]:
    return {year: Decimal(v) for year, v in zip(YEARS, values, strict=True)}


def test_kinds_carry_the_sign_and_the_label() -> None:
    assert [(k.label, k.sign) for k in CostKind] == [
        ("Current expenditure", 0),
        ("Implementation: staff (interim structure)", 1),
        ("Implementation: staff (final structure)", 1),
        ("Implementation: infrastructure", 1),
        ("Ongoing revenue", 1),
        ("Capital", 1),
        ("Saving", -1),
    ]
    assert [k for k in CostKind if k.is_implementation] == [
        CostKind.IMPLEMENTATION_STAFF_INTERIM,
        CostKind.IMPLEMENTATION_STAFF_FINAL,
        CostKind.IMPLEMENTATION_INFRASTRUCTURE,
    ]


def test_net_cost_is_costs_minus_savings_and_leaves_out_the_baseline(shared_ict: CostModel) -> None:
    # ABC 2009/10: interim 30,000 + infrastructure 40,000 + capital 50,000 - saving 40,000.
    assert shared_ict.net("ABC", Y09) == Decimal(80_000)
    assert shared_ict.baseline("ABC", Y09) == Decimal(1_000_000)
    assert shared_ict.net("CCC", Y11) == Decimal(-110_000)  # 10,000 revenue - 120,000 saving


def test_medium_term_financial_plan(shared_ict: CostModel) -> None:
    plan = medium_term_financial_plan(shared_ict)
    # Rows in kind order (current first, savings last), as entered within a kind.
    assert [(r.name, r.total) for r in plan.rows] == [
        ("ICT service today", Decimal(12_500_000)),
        ("External assistance", Decimal(20_000)),
        ("Interim structure", Decimal(60_000)),
        ("Redundancy and pension strain", Decimal(60_000)),
        ("Data centre migration", Decimal(40_000)),
        ("Service desk tool", Decimal(40_000)),
        ("Server consolidation", Decimal(150_000)),
        ("Merged team", Decimal(700_000)),
    ]
    assert plan.rows[-1].by_year == by_year([0, 100_000, 200_000, 200_000, 200_000])
    assert plan.net_by_year == by_year([20_000, 170_000, -140_000, -190_000, -190_000])
    assert plan.net_by_partner["ABC"] == by_year([10_000, 80_000, -80_000, -80_000, -80_000])
    assert plan.net_by_partner["CCC"] == by_year([10_000, 90_000, -60_000, -110_000, -110_000])
    assert plan.partner_totals == {"ABC": Decimal(-150_000), "CCC": Decimal(-180_000)}
    assert plan.net_total == Decimal(-330_000)
    assert plan.baseline_by_partner["CCC"] == by_year([1_500_000] * 5)
    assert list(plan.net_by_kind) == [
        CostKind.IMPLEMENTATION_STAFF_INTERIM,
        CostKind.IMPLEMENTATION_STAFF_FINAL,
        CostKind.IMPLEMENTATION_INFRASTRUCTURE,
        CostKind.REVENUE,
        CostKind.CAPITAL,
        CostKind.SAVING,
    ]
    assert plan.net_by_kind[CostKind.SAVING] == by_year([0, -100_000, -200_000, -200_000, -200_000])
    assert plan.net_by_kind[CostKind.IMPLEMENTATION_STAFF_INTERIM] == by_year(
        [20_000, 60_000, 0, 0, 0]
    )


def test_plan_totals_agree_every_way(shared_ict: CostModel) -> None:
    plan = medium_term_financial_plan(shared_ict)
    for year in YEARS:
        assert plan.net_by_year[year] == sum(plan.net_by_partner[p][year] for p in plan.partners)
        assert plan.net_by_year[year] == sum(k[year] for k in plan.net_by_kind.values())
    assert plan.net_total == sum(plan.partner_totals.values())


def test_capital_profile(shared_ict: CostModel) -> None:
    profile = capital_profile(shared_ict)
    assert [r.name for r in profile.rows] == ["Server consolidation"]
    assert profile.by_year == by_year([0, 100_000, 50_000, 0, 0])
    assert profile.by_partner["ABC"] == by_year([0, 50_000, 0, 0, 0])
    assert profile.by_partner["CCC"] == by_year([0, 50_000, 50_000, 0, 0])
    assert profile.total == Decimal(150_000)


def test_capital_profile_over_three_chosen_years(shared_ict: CostModel) -> None:
    profile = capital_profile(shared_ict, (Y09, Y10, Y11))
    assert profile.by_year == {Y09: Decimal(100_000), Y10: Decimal(50_000), Y11: Decimal(0)}


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ((Y09, Y10), "a capital profile covers 3 to 5 years (the PID's medium term), not 2"),
        (
            consecutive_years(Y08, 6),
            "a capital profile covers 3 to 5 years (the PID's medium term), not 6",
        ),
        (
            (Y10, Y11, Y12),
            "capital line 'Server consolidation' spends 50000 for ABC in 2009/10, "
            "outside the profile (2010/11 to 2012/13)",
        ),
    ],
)
def test_capital_profile_refusals(
    shared_ict: CostModel, years: tuple[FinancialYear, ...], message: str
) -> None:
    with pytest.raises(FinanceError) as caught:
        capital_profile(shared_ict, years)
    assert caught.value.code == "E_CAPITAL_HORIZON"
    assert caught.value.message == message


def test_capital_profile_years_must_be_in_the_model(shared_ict: CostModel) -> None:
    with pytest.raises(FinanceError) as caught:
        capital_profile(shared_ict, consecutive_years(Y11, 3))
    assert caught.value.code == "E_UNKNOWN_YEAR"
    assert caught.value.message == "2013/14 is outside the cost model's years"


def model_with(*lines: CostLine, partners: tuple[str, ...] = ("ABC", "CCC")) -> CostModel:
    return CostModel(partners, YEARS, lines)


@pytest.mark.parametrize(
    ("build", "code", "message"),
    [
        (
            lambda: model_with(partners=("ABC", "ABC")),
            "E_DUPLICATE",
            "partner 'ABC' is given twice",
        ),
        (
            lambda: model_with(
                CostLine("Licences", CostKind.REVENUE), CostLine("Licences", CostKind.CAPITAL)
            ),
            "E_DUPLICATE",
            "cost line 'Licences' is given twice",
        ),
        (
            lambda: model_with(cost_line("Licences", CostKind.REVENUE, {"EDC": {"2009/10": 1}})),
            "E_UNKNOWN_PARTNER",
            "cost line 'Licences': unknown partner 'EDC'",
        ),
        (
            lambda: model_with(cost_line("Licences", CostKind.REVENUE, {"ABC": {"2015/16": 1}})),
            "E_UNKNOWN_YEAR",
            "cost line 'Licences': 2015/16 is outside the plan (2008/09 to 2012/13)",
        ),
        (
            lambda: model_with(cost_line("Licences", CostKind.SAVING, {"ABC": {"2009/10": -5}})),
            "E_NEGATIVE_AMOUNT",
            "cost line 'Licences': ABC 2009/10: amount -5 is negative "
            "(enter savings as positive amounts on a saving line)",
        ),
        (
            lambda: model_with(
                CostLine("Licences", CostKind.REVENUE, {("ABC", Y09): 0.1})  # type: ignore[dict-item]
            ),
            "E_MONEY_TYPE",
            "0.1 is a float, not a Decimal, int or string amount",
        ),
        (
            lambda: model_with(cost_line("Licences", CostKind.REVENUE, {"ABC": {"2009/10": "x"}})),
            "E_MONEY_SYNTAX",
            "'x' is not an amount of money (write it like £10,000.00 or 10000)",
        ),
        (
            lambda: CostModel(("ABC",), (Y09, Y11), ()),
            "E_YEARS",
            "financial years 2009/10, 2011/12 are not consecutive and in order",
        ),
    ],
)
def test_a_bad_model_is_refused(build: Callable[[], object], code: str, message: str) -> None:
    with pytest.raises(FinanceError) as caught:
        build()
    assert caught.value.code == code
    assert caught.value.message == message


def test_unknown_line(shared_ict: CostModel) -> None:
    assert shared_ict.line("Service desk tool").kind is CostKind.REVENUE
    with pytest.raises(FinanceError) as caught:
        shared_ict.line("Coffee")
    assert (caught.value.code, caught.value.message) == (
        "E_UNKNOWN_LINE",
        "no cost line named 'Coffee'",
    )
