"""Apportionment of shared costs between partners, and the recharges that settle them.

The seed PID asks for "ongoing revenue budget requirements for both Councils, including cost
apportionment and recharge mechanisms". A shared line's yearly total is divided between the
partners by one basis -- fixed percentage shares, headcount, usage, or each partner's current
spend -- and rounded to whole pence by the largest-remainder method, so that the shares always
add up exactly to the (pence-rounded) total:

1. the total is rounded to pence (``ROUND_HALF_UP``, see ``finance.money``);
2. each partner's exact quota (total x weight / sum of weights, kept as a ``Fraction``) is
   rounded down to a whole penny;
3. the pennies left over go one each to the partners with the largest discarded fractions;
   equal fractions go to the partner whose code sorts first (deterministic).

A negative total (a shared saving) is split as its absolute value and the shares negated, so a
saving is divided exactly like a cost of the same size.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from projectboard.finance.costs import CostKind, CostLine, CostModel
from projectboard.finance.errors import (
    E_BASELINE_SHARED,
    E_NEGATIVE_WEIGHT,
    E_SHARES_PARTNERS,
    E_SHARES_TOTAL,
    E_UNKNOWN_HOST,
    E_ZERO_WEIGHTS,
    FinanceError,
)
from projectboard.finance.money import PENNY, ZERO, as_money, to_pence
from projectboard.finance.years import FinancialYear

HUNDRED = Decimal(100)


class Basis(StrEnum):
    FIXED = "fixed shares"
    HEADCOUNT = "headcount"
    USAGE = "usage"
    CURRENT_SPEND = "current spend"


@dataclass(frozen=True)
class Apportionment:
    """How one shared line is divided: a basis and a weight per partner.

    For ``FIXED`` the weights are percentages and must add up to exactly 100 (nothing is
    silently normalised: a typo in a share must be seen). For the other bases the weights are
    the drivers themselves -- staff numbers, units of use, pounds of current spend -- and each
    partner pays weight / total weight.
    """

    basis: Basis
    weights: Mapping[str, Decimal]

    def __post_init__(self) -> None:
        for partner, weight in self.weights.items():
            as_money(weight)  # a Decimal or int, never a float
            if weight < 0:
                raise FinanceError(
                    E_NEGATIVE_WEIGHT,
                    f"{self.basis}: weight {weight} for {partner} is negative",
                    value=weight,
                )
        total = sum(self.weights.values(), ZERO)
        if self.basis is Basis.FIXED and total != HUNDRED:
            raise FinanceError(
                E_SHARES_TOTAL,
                f"fixed shares add up to {total}%, not 100%",
                value=total,
            )
        if total == 0:
            raise FinanceError(
                E_ZERO_WEIGHTS, f"{self.basis}: every partner's weight is zero", value=total
            )


def fixed_shares(percentages: Mapping[str, Decimal | int | str]) -> Apportionment:
    return Apportionment(Basis.FIXED, {p: as_money(v) for p, v in percentages.items()})


def by_headcount(headcount: Mapping[str, Decimal | int | str]) -> Apportionment:
    """Shares in proportion to staff (FTE) serving or served by each partner."""
    return Apportionment(Basis.HEADCOUNT, {p: as_money(v) for p, v in headcount.items()})


def by_usage(usage: Mapping[str, Decimal | int | str]) -> Apportionment:
    """Shares in proportion to use: calls to the service desk, devices supported, ..."""
    return Apportionment(Basis.USAGE, {p: as_money(v) for p, v in usage.items()})


def by_current_spend(
    model: CostModel, years: tuple[FinancialYear, ...] | None = None
) -> Apportionment:
    """Shares in proportion to each partner's current expenditure over ``years`` (default:
    all the model's years) -- what each council spends on the service today."""
    chosen = model.years if years is None else years
    return Apportionment(
        Basis.CURRENT_SPEND,
        {p: sum((model.baseline(p, y) for y in chosen), ZERO) for p in model.partners},
    )


def split(total: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """``total`` divided in proportion to ``weights``, in whole pence, summing exactly to the
    pence-rounded total (largest remainder; ties to the partner code that sorts first)."""
    pence = int(to_pence(abs(total)) / PENNY)
    sign = -1 if total < 0 else 1
    whole = sum((Fraction(w) for w in weights.values()), Fraction(0))
    if whole == 0:
        raise FinanceError(E_ZERO_WEIGHTS, "every partner's weight is zero", value=weights)
    quotas = {p: pence * Fraction(w) / whole for p, w in weights.items()}
    floors = {p: math.floor(q) for p, q in quotas.items()}
    left = pence - sum(floors.values())
    by_remainder = sorted(quotas, key=lambda p: (-(quotas[p] - floors[p]), p))
    for partner in by_remainder[:left]:
        floors[partner] += 1
    return {p: sign * Decimal(floors[p]) * PENNY for p in sorted(weights)}


def _check_partners(model: CostModel, line: str, rule: Apportionment) -> None:
    if set(rule.weights) != set(model.partners):
        raise FinanceError(
            E_SHARES_PARTNERS,
            f"cost line '{line}': {rule.basis} names partners "
            f"{', '.join(sorted(rule.weights))}, the model has {', '.join(model.partners)}",
            value=sorted(rule.weights),
        )


def apportion_line(model: CostModel, line: CostLine, rule: Apportionment) -> CostLine:
    """``line`` with each year's total re-divided between the partners by ``rule``."""
    if line.kind is CostKind.CURRENT:
        raise FinanceError(
            E_BASELINE_SHARED,
            f"cost line '{line.name}' is current expenditure: each council's own baseline "
            "is not apportioned",
            value=line.name,
        )
    _check_partners(model, line.name, rule)
    amounts: dict[tuple[str, FinancialYear], Decimal] = {}
    for year in model.years:
        for partner, share in split(line.year_total(year, model.partners), rule.weights).items():
            if share:
                amounts[(partner, year)] = share
    return CostLine(line.name, line.kind, amounts)


def apportion_model(model: CostModel, rules: Mapping[str, Apportionment]) -> CostModel:
    """``model`` with every line named in ``rules`` apportioned; other lines unchanged."""
    for name in rules:
        model.line(name)  # E_UNKNOWN_LINE for a rule on a line that does not exist
    return model.replace_lines(
        apportion_line(model, line, rules[line.name]) if line.name in rules else line
        for line in model.lines
    )


@dataclass(frozen=True, order=True)
class Recharge:
    """``payer`` pays ``payee`` ``amount`` (whole pence, positive) for ``year``."""

    year: FinancialYear
    payer: str
    payee: str
    amount: Decimal


def recharge_schedule(
    model: CostModel, rules: Mapping[str, Apportionment], *, host: str
) -> tuple[Recharge, ...]:
    """Who pays whom, per year, when ``host`` runs the service and pays every shared bill.

    The shared lines are those named in ``rules``; on them the host pays the whole bill (the
    amounts entered per partner count only towards the line's total). Each other partner owes
    the host its apportioned share of costs less its share of savings; if that is negative the
    host pays the partner. Zero amounts are left out; sorted by year, payer, payee.
    """
    if host not in model.partners:
        raise FinanceError(E_UNKNOWN_HOST, f"host '{host}' is not one of the partners", value=host)
    shared = apportion_model(model, rules)
    lines = [line for line in shared.lines if line.name in rules]
    schedule: list[Recharge] = []
    for year in model.years:
        for partner in model.partners:
            if partner == host:
                continue
            due = sum((line.kind.sign * line.amount(partner, year) for line in lines), ZERO)
            if due > 0:
                schedule.append(Recharge(year, partner, host, due))
            elif due < 0:
                schedule.append(Recharge(year, host, partner, -due))
    return tuple(sorted(schedule))


def partner_totals(model: CostModel) -> dict[str, Decimal]:
    """Each partner's net cost (costs minus savings) over all the model's years."""
    return {p: sum((model.net(p, year) for year in model.years), ZERO) for p in model.partners}
