"""The cost model of a shared service: cost lines, per partner, per financial year.

The finance work package of the seed PID asks for "a cost model for the shared ICT service,
including any identified implementation / setup costs together with ongoing revenue costs",
"comparison of current expenditure", staff costs for "interim and ultimate arrangements", "a
capital investment profile for the medium term, defined as 3-5 years" and "a medium term
financial plan which reflects the capital investment programme". This module holds those.

Sign convention: every amount is entered as a non-negative number of pounds; the line's kind
carries the sign. Implementation, revenue and capital lines add to the cost of the option,
savings reduce it, and current expenditure is the baseline -- what each council spends today --
reported beside the plan and never added into it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from projectboard.finance.errors import (
    E_CAPITAL_HORIZON,
    E_DUPLICATE,
    E_NEGATIVE_AMOUNT,
    E_UNKNOWN_LINE,
    E_UNKNOWN_PARTNER,
    E_UNKNOWN_YEAR,
    FinanceError,
)
from projectboard.finance.money import ZERO, as_money
from projectboard.finance.years import FinancialYear, check_consecutive


class CostKind(StrEnum):
    """What a cost line is; the order here is the order of the financial plan's rows."""

    CURRENT = "current"
    IMPLEMENTATION_STAFF_INTERIM = "implementation_staff_interim"
    IMPLEMENTATION_STAFF_FINAL = "implementation_staff_final"
    IMPLEMENTATION_INFRASTRUCTURE = "implementation_infrastructure"
    REVENUE = "revenue"
    CAPITAL = "capital"
    SAVING = "saving"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def sign(self) -> int:
        """+1 for a cost of the option, -1 for a saving, 0 for the current-spend baseline."""
        if self is CostKind.CURRENT:
            return 0
        return -1 if self is CostKind.SAVING else 1

    @property
    def is_implementation(self) -> bool:
        """One-off implementation (set-up) cost: staff, interim or final, or infrastructure."""
        return self in IMPLEMENTATION_KINDS


_LABELS = {
    CostKind.CURRENT: "Current expenditure",
    CostKind.IMPLEMENTATION_STAFF_INTERIM: "Implementation: staff (interim structure)",
    CostKind.IMPLEMENTATION_STAFF_FINAL: "Implementation: staff (final structure)",
    CostKind.IMPLEMENTATION_INFRASTRUCTURE: "Implementation: infrastructure",
    CostKind.REVENUE: "Ongoing revenue",
    CostKind.CAPITAL: "Capital",
    CostKind.SAVING: "Saving",
}
IMPLEMENTATION_KINDS = frozenset(
    {
        CostKind.IMPLEMENTATION_STAFF_INTERIM,
        CostKind.IMPLEMENTATION_STAFF_FINAL,
        CostKind.IMPLEMENTATION_INFRASTRUCTURE,
    }
)
_KIND_ORDER = {kind: i for i, kind in enumerate(CostKind)}

# The PID defines the medium term as "3-5 years" (Work package - Finance / Budgets).
CAPITAL_HORIZON_YEARS = (3, 5)

Amounts = Mapping[tuple[str, FinancialYear], Decimal]


@dataclass(frozen=True)
class CostLine:
    """One line of the cost model: its amounts keyed by (partner code, financial year).

    A pair that is absent is zero. Amounts are what each partner spends (or saves) on the
    line as entered; apportionment (``finance.apportion``) can re-divide them.
    """

    name: str
    kind: CostKind
    amounts: Amounts = field(default_factory=dict)

    def amount(self, partner: str, year: FinancialYear) -> Decimal:
        return self.amounts.get((partner, year), ZERO)

    def year_total(self, year: FinancialYear, partners: Iterable[str]) -> Decimal:
        return sum((self.amount(p, year) for p in partners), ZERO)


def cost_line(
    name: str, kind: CostKind, amounts: Mapping[str, Mapping[str, Decimal | int | str]]
) -> CostLine:
    """A cost line from ``{partner: {"2009/10": amount}}``, years and amounts parsed."""
    parsed = {
        (partner, FinancialYear.parse(year, field=name)): as_money(value)
        for partner, by_year in amounts.items()
        for year, value in by_year.items()
    }
    return CostLine(name, kind, parsed)


@dataclass(frozen=True)
class CostModel:
    """The partners (codes such as ``ABC``, ``CCC``), the consecutive financial years of the
    plan, and the cost lines. Checked when built: unique codes and names, known partners and
    years, non-negative Decimal amounts."""

    partners: tuple[str, ...]
    years: tuple[FinancialYear, ...]
    lines: tuple[CostLine, ...]

    def __post_init__(self) -> None:
        _check_unique("partner", self.partners)
        check_consecutive(self.years)
        _check_unique("cost line", [line.name for line in self.lines])
        known_years = set(self.years)
        for line in self.lines:
            for (partner, year), amount in line.amounts.items():
                if partner not in self.partners:
                    raise FinanceError(
                        E_UNKNOWN_PARTNER,
                        f"cost line '{line.name}': unknown partner '{partner}'",
                        value=partner,
                    )
                if year not in known_years:
                    raise FinanceError(
                        E_UNKNOWN_YEAR,
                        f"cost line '{line.name}': {year} is outside the plan "
                        f"({self.years[0]} to {self.years[-1]})",
                        value=year,
                    )
                as_money(amount)  # refuses floats and non-finite values
                if amount < 0:
                    raise FinanceError(
                        E_NEGATIVE_AMOUNT,
                        f"cost line '{line.name}': {partner} {year}: amount {amount} is negative "
                        "(enter savings as positive amounts on a saving line)",
                        value=amount,
                    )

    def line(self, name: str) -> CostLine:
        for line in self.lines:
            if line.name == name:
                return line
        raise FinanceError(E_UNKNOWN_LINE, f"no cost line named '{name}'", value=name)

    def net(self, partner: str, year: FinancialYear) -> Decimal:
        """The partner's net cost of the option in ``year``: costs minus savings."""
        return sum((line.kind.sign * line.amount(partner, year) for line in self.lines), ZERO)

    def baseline(self, partner: str, year: FinancialYear) -> Decimal:
        """The partner's current expenditure in ``year`` (the do-nothing baseline)."""
        return sum(
            (line.amount(partner, year) for line in self.lines if line.kind is CostKind.CURRENT),
            ZERO,
        )

    def replace_lines(self, lines: Iterable[CostLine]) -> CostModel:
        return CostModel(self.partners, self.years, tuple(lines))


def _check_unique(what: str, names: Iterable[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise FinanceError(E_DUPLICATE, f"{what} '{name}' is given twice", value=name)
        seen.add(name)


@dataclass(frozen=True)
class PlanRow:
    """One row of a plan table: a line's amounts per year, all partners together."""

    name: str
    kind: CostKind
    by_year: Mapping[FinancialYear, Decimal]
    total: Decimal


def _row(line: CostLine, model: CostModel, years: tuple[FinancialYear, ...]) -> PlanRow:
    by_year = {year: line.year_total(year, model.partners) for year in years}
    return PlanRow(line.name, line.kind, by_year, sum(by_year.values(), ZERO))


@dataclass(frozen=True)
class FinancialPlan:
    """The medium-term financial plan: rows are cost lines (kind order, then as entered),
    columns financial years; net totals (costs minus savings) per partner and overall, with
    each partner's current expenditure alongside as the baseline."""

    years: tuple[FinancialYear, ...]
    partners: tuple[str, ...]
    rows: tuple[PlanRow, ...]
    net_by_kind: Mapping[CostKind, Mapping[FinancialYear, Decimal]]
    net_by_partner: Mapping[str, Mapping[FinancialYear, Decimal]]
    net_by_year: Mapping[FinancialYear, Decimal]
    partner_totals: Mapping[str, Decimal]
    net_total: Decimal
    baseline_by_partner: Mapping[str, Mapping[FinancialYear, Decimal]]


def medium_term_financial_plan(model: CostModel) -> FinancialPlan:
    """The lines-by-years table of ``model`` with its totals (nothing rounded: present with
    ``money.format_money``)."""
    years = model.years
    ordered = sorted(enumerate(model.lines), key=lambda item: (_KIND_ORDER[item[1].kind], item[0]))
    rows = tuple(_row(line, model, years) for _, line in ordered)
    net_by_kind = {
        kind: {
            year: sum((kind.sign * r.by_year[year] for r in rows if r.kind is kind), ZERO)
            for year in years
        }
        for kind in CostKind
        if kind.sign != 0 and any(r.kind is kind for r in rows)
    }
    net_by_partner = {p: {year: model.net(p, year) for year in years} for p in model.partners}
    net_by_year = {
        year: sum((net_by_partner[p][year] for p in model.partners), ZERO) for year in years
    }
    partner_totals = {p: sum(net_by_partner[p].values(), ZERO) for p in model.partners}
    baseline = {p: {year: model.baseline(p, year) for year in years} for p in model.partners}
    return FinancialPlan(
        years=years,
        partners=model.partners,
        rows=rows,
        net_by_kind=net_by_kind,
        net_by_partner=net_by_partner,
        net_by_year=net_by_year,
        partner_totals=partner_totals,
        net_total=sum(net_by_year.values(), ZERO),
        baseline_by_partner=baseline,
    )


@dataclass(frozen=True)
class CapitalProfile:
    """Capital investment per line, per partner and in total over the medium term."""

    years: tuple[FinancialYear, ...]
    rows: tuple[PlanRow, ...]
    by_partner: Mapping[str, Mapping[FinancialYear, Decimal]]
    by_year: Mapping[FinancialYear, Decimal]
    total: Decimal


def capital_profile(
    model: CostModel, years: tuple[FinancialYear, ...] | None = None
) -> CapitalProfile:
    """The capital investment profile over ``years`` (default: the model's years).

    The PID's medium term is 3 to 5 years, so fewer or more years are refused
    (``E_CAPITAL_HORIZON``), as is capital spend that falls outside the chosen years: a
    profile never silently drops investment.
    """
    years = model.years if years is None else years
    check_consecutive(years)
    low, high = CAPITAL_HORIZON_YEARS
    if not low <= len(years) <= high:
        raise FinanceError(
            E_CAPITAL_HORIZON,
            f"a capital profile covers {low} to {high} years (the PID's medium term), "
            f"not {len(years)}",
            value=len(years),
        )
    for year in years:
        if year not in model.years:
            raise FinanceError(
                E_UNKNOWN_YEAR, f"{year} is outside the cost model's years", value=year
            )
    capital = [line for line in model.lines if line.kind is CostKind.CAPITAL]
    for line in capital:
        for (partner, year), amount in line.amounts.items():
            if year not in years and amount != 0:
                raise FinanceError(
                    E_CAPITAL_HORIZON,
                    f"capital line '{line.name}' spends {amount} for {partner} in {year}, "
                    f"outside the profile ({years[0]} to {years[-1]})",
                    value=year,
                )
    rows = tuple(_row(line, model, years) for line in capital)
    by_partner = {
        p: {year: sum((line.amount(p, year) for line in capital), ZERO) for year in years}
        for p in model.partners
    }
    by_year = {year: sum((r.by_year[year] for r in rows), ZERO) for year in years}
    return CapitalProfile(years, rows, by_partner, by_year, sum(by_year.values(), ZERO))
