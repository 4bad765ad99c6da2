"""Investment appraisal as HM Treasury's Green Book prescribes it: discounting, net present
value, optimism bias, payback.

Sources:

- Discount rates: HM Treasury, *The Green Book: Central Government Guidance on Appraisal and
  Evaluation* (2003, and unchanged in the 2018, 2020 and 2022 editions), Annex 6, Table 6.1
  "The declining long term discount rate": 3.5% real for years 0-30, 3.0% for 31-75, 2.5% for
  76-125, 2.0% for 126-200, 1.5% for 201-300, 1.0% from 301. A year's rate applies to that
  year's step, so the factor for year 31 is ``1 / (1.035**30 * 1.03)``: the Green Book's
  discount-factor table compounds the schedule this way.
- Optimism bias: HM Treasury, *Supplementary Green Book Guidance: Optimism Bias* (2003),
  Table 1, taken from Mott MacDonald, *Review of Large Public Procurement in the UK* (2002),
  Table 2 "Optimism Bias Guidelines": upper and lower bounds, in percent, for works duration
  and for capital expenditure (operating expenditure for outsourcing).

Precision: a discount factor is exact as a ``Fraction`` (``(1035/1000)**-t``...); it is
published as a ``Decimal`` correctly rounded to 40 significant figures. Present values are
summed exactly in Fractions and rounded once, to 40 significant figures, when returned; round
to pence only to present them (``finance.money.to_pence``).

Year 0 is the base year of the appraisal -- by default the first financial year of the cost
model -- and is not discounted. A year's net benefit is its savings minus its costs
(implementation, revenue and capital): a cost model of an option lists the changes it makes
to today's spending, and current expenditure, the baseline, does not enter the appraisal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from projectboard.finance.costs import IMPLEMENTATION_KINDS, CostKind, CostLine, CostModel
from projectboard.finance.errors import (
    E_DISCOUNT_YEAR,
    E_OPTIMISM_BIAS,
    E_UNKNOWN_PARTNER,
    FinanceError,
)
from projectboard.finance.years import FinancialYear

SIGNIFICANT_FIGURES = 40


@dataclass(frozen=True)
class DiscountBand:
    """Years ``first`` to ``last`` (inclusive; ``None``: no end) are discounted at ``rate``."""

    first: int
    last: int | None
    rate: Decimal


# Green Book (2003) Annex 6, Table 6.1, "The declining long term discount rate".
GREEN_BOOK_DISCOUNT_RATES: tuple[DiscountBand, ...] = (
    DiscountBand(0, 30, Decimal("0.035")),
    DiscountBand(31, 75, Decimal("0.030")),
    DiscountBand(76, 125, Decimal("0.025")),
    DiscountBand(126, 200, Decimal("0.020")),
    DiscountBand(201, 300, Decimal("0.015")),
    DiscountBand(301, None, Decimal("0.010")),
)


def _decimal(value: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = SIGNIFICANT_FIGURES
        return Decimal(value.numerator) / Decimal(value.denominator)


def discount_fraction(
    year: int, schedule: Sequence[DiscountBand] = GREEN_BOOK_DISCOUNT_RATES
) -> Fraction:
    """The exact discount factor of ``year`` (0, 1, 2, ...): the product over years 1..t
    of ``1 / (1 + rate of that year)``."""
    if year < 0:
        raise FinanceError(
            E_DISCOUNT_YEAR, f"year {year} is before the base year of the appraisal", value=year
        )
    factor = Fraction(1)
    for band in schedule:
        first = max(band.first, 1)
        last = year if band.last is None else min(band.last, year)
        if last >= first:
            factor /= (1 + Fraction(band.rate)) ** (last - first + 1)
    return factor


def discount_factor(
    year: int, schedule: Sequence[DiscountBand] = GREEN_BOOK_DISCOUNT_RATES
) -> Decimal:
    """The discount factor of ``year``, correctly rounded to 40 significant figures
    (Green Book year 1: 0.9662, year 10: 0.7089, to 4 d.p.)."""
    return _decimal(discount_fraction(year, schedule))


def net_present_value(
    flows: Sequence[Decimal], schedule: Sequence[DiscountBand] = GREEN_BOOK_DISCOUNT_RATES
) -> Decimal:
    """The sum of ``flows[t] x discount factor(t)``, exact until rounded to 40 figures."""
    return _decimal(
        sum(
            (Fraction(f) * discount_fraction(t, schedule) for t, f in enumerate(flows)), Fraction(0)
        )
    )


def payback_index(cumulative: Iterable[Fraction | Decimal]) -> int | None:
    """The first index whose cumulative value is >= 0, or ``None`` if none is."""
    for index, value in enumerate(cumulative):
        if value >= 0:
            return index
    return None


# -- optimism bias -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OptimismBias:
    """Upper and lower bound optimism bias, percent, for one generic project type.

    ``works_duration_*`` is ``None`` where the guidance gives none (outsourcing); for
    outsourcing the expenditure bounds are of operating, not capital, expenditure.
    """

    project_type: str
    works_duration_upper: Decimal | None
    works_duration_lower: Decimal | None
    expenditure_upper: Decimal
    expenditure_lower: Decimal


def _bias(name: str, wu: int | None, wl: int | None, eu: int, el: int) -> OptimismBias:
    def dec(value: int | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return OptimismBias(name, dec(wu), dec(wl), Decimal(eu), Decimal(el))


# Supplementary Green Book Guidance: Optimism Bias (HM Treasury 2003), Table 1, from Mott
# MacDonald (2002) Table 2: works duration upper/lower, capital expenditure upper/lower (%).
OPTIMISM_BIAS: Mapping[str, OptimismBias] = {
    bias.project_type: bias
    for bias in (
        _bias("Standard buildings", 4, 1, 24, 2),
        _bias("Non-standard buildings", 39, 2, 51, 4),
        _bias("Standard civil engineering", 20, 1, 44, 3),
        _bias("Non-standard civil engineering", 25, 3, 66, 6),
        _bias("Equipment/development", 54, 10, 200, 10),
        _bias("Outsourcing", None, None, 41, 0),
    )
}

# The Green Book table measures capital expenditure; an ICT project's capital-like spend is its
# capital lines and its one-off implementation costs. (For outsourcing, pass REVENUE instead.)
CAPITAL_EXPENDITURE_KINDS = frozenset(IMPLEMENTATION_KINDS | {CostKind.CAPITAL})


def mitigated_bias(upper: Decimal, reduction_percent: Decimal) -> Decimal:
    """The optimism bias left once risks are managed: ``upper x (100% - reduction)``
    (Supplementary guidance, worked example: 51% with a 92% reduction leaves 4.08%, ~4%)."""
    _check_percent("risk reduction", reduction_percent, maximum=Decimal(100))
    return upper * (100 - reduction_percent) / 100


def uplift(amount: Decimal, percent: Decimal) -> Decimal:
    """``amount`` increased by ``percent`` (exact in Decimal: no rounding)."""
    _check_percent("optimism bias", percent, maximum=None)
    with localcontext() as ctx:
        ctx.prec = SIGNIFICANT_FIGURES
        return amount * (100 + percent) / 100


def _check_percent(what: str, percent: Decimal, *, maximum: Decimal | None) -> None:
    if percent < 0 or (maximum is not None and percent > maximum):
        limit = f"0 to {maximum}" if maximum is not None else "0 or more"
        raise FinanceError(
            E_OPTIMISM_BIAS, f"{what} of {percent}% is not {limit} percent", value=percent
        )


def apply_optimism_bias(
    model: CostModel,
    percent: Decimal,
    kinds: frozenset[CostKind] = CAPITAL_EXPENDITURE_KINDS,
) -> CostModel:
    """``model`` with the costs of ``kinds`` uplifted by ``percent``. Savings are never
    uplifted: the table measures cost overrun, and shrinking benefits is a separate choice."""
    _check_percent("optimism bias", percent, maximum=None)
    return model.replace_lines(
        CostLine(line.name, line.kind, {k: uplift(v, percent) for k, v in line.amounts.items()})
        if line.kind in kinds and line.kind is not CostKind.SAVING
        else line
        for line in model.lines
    )


# -- appraisal of a cost model -----------------------------------------------------------------


@dataclass(frozen=True)
class YearAppraisal:
    """One year's row: ``t`` years after the base year."""

    year: FinancialYear
    t: int
    net_benefit: Decimal
    discount_factor: Decimal
    present_value: Decimal
    cumulative: Decimal
    cumulative_present_value: Decimal


@dataclass(frozen=True)
class Appraisal:
    """A cost model appraised (all partners, or one): rows per year, NPV, payback years."""

    partner: str | None
    base_year: FinancialYear
    years: tuple[YearAppraisal, ...]
    npv: Decimal
    payback_year: FinancialYear | None
    discounted_payback_year: FinancialYear | None


def appraise(
    model: CostModel,
    *,
    partner: str | None = None,
    base_year: FinancialYear | None = None,
    schedule: Sequence[DiscountBand] = GREEN_BOOK_DISCOUNT_RATES,
) -> Appraisal:
    """Discount the net benefit (savings minus costs) of ``model`` -- of one ``partner``, or
    of all -- from ``base_year`` (default: the model's first year, as year 0).

    Payback is the first year whose cumulative net benefit is zero or more; the discounted
    payback uses the cumulative present value. ``None``: not within the model's years.
    """
    base = model.years[0] if base_year is None else base_year
    if partner is not None and partner not in model.partners:
        raise FinanceError(
            E_UNKNOWN_PARTNER, f"'{partner}' is not one of the partners", value=partner
        )
    partners = model.partners if partner is None else (partner,)
    rows: list[YearAppraisal] = []
    cumulative = Fraction(0)
    cumulative_pv = Fraction(0)
    plain: list[Fraction] = []
    discounted: list[Fraction] = []
    for year in model.years:
        t = year.start - base.start
        factor = discount_fraction(t, schedule)
        benefit = -sum((model.net(p, year) for p in partners), Decimal(0))
        pv = Fraction(benefit) * factor
        cumulative += Fraction(benefit)
        cumulative_pv += pv
        plain.append(cumulative)
        discounted.append(cumulative_pv)
        rows.append(
            YearAppraisal(
                year,
                t,
                benefit,
                _decimal(factor),
                _decimal(pv),
                _decimal(cumulative),
                _decimal(cumulative_pv),
            )
        )

    def payback(cumulatives: list[Fraction]) -> FinancialYear | None:
        index = payback_index(cumulatives)
        return None if index is None else model.years[index]

    return Appraisal(
        partner=partner,
        base_year=base,
        years=tuple(rows),
        npv=_decimal(cumulative_pv),
        payback_year=payback(plain),
        discounted_payback_year=payback(discounted),
    )


def appraise_by_partner(
    model: CostModel, *, base_year: FinancialYear | None = None
) -> dict[str, Appraisal]:
    """One appraisal per partner, from the amounts entered (or apportioned) against each."""
    return {p: appraise(model, partner=p, base_year=base_year) for p in model.partners}
