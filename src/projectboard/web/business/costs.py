"""Reading the cost model: the stored rows made into ``finance`` objects, and the tables
the cost model and appraisal pages show. Nothing here writes.

An option's cost model is the lines common to every option (``scenario`` None: normally the
current-expenditure baseline) plus the option's own lines, in the order entered. Lines with
an apportionment basis are re-divided between the partners (``finance.apportion``) before the
plan, the per-partner totals and the appraisal are computed; the recharge schedule uses the
host partner chosen in the settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from projectboard.finance.apportion import (
    Apportionment,
    Recharge,
    apportion_model,
    by_current_spend,
    by_headcount,
    by_usage,
    fixed_shares,
    partner_totals,
    recharge_schedule,
)
from projectboard.finance.appraisal import (
    OPTIMISM_BIAS,
    Appraisal,
    apply_optimism_bias,
    appraise,
    appraise_by_partner,
)
from projectboard.finance.costs import (
    CapitalProfile,
    CostKind,
    CostModel,
    FinancialPlan,
    capital_profile,
    medium_term_financial_plan,
)
from projectboard.finance.costs import CostLine as FinanceLine
from projectboard.finance.errors import FinanceError
from projectboard.finance.money import ZERO
from projectboard.finance.years import FinancialYear, consecutive_years
from projectboard.web.business.models import Basis, CostAmount, CostLine, Scenario, Settings
from projectboard.web.projects.models import Partner, Project

DEFAULT_YEAR_COUNT = 5


@dataclass(frozen=True)
class Frame:
    """The settings of the cost model, or their defaults before anyone saved them."""

    first_year: int
    year_count: int
    host: str | None
    bias_type: str
    bias_bound: str
    illustrative: bool
    version: int

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        return consecutive_years(FinancialYear(self.first_year), self.year_count)

    @property
    def bias_percent(self) -> Decimal:
        """The optimism bias chosen (percent of capital-like spend); 0 if none."""
        bias = OPTIMISM_BIAS.get(self.bias_type)
        if bias is None:
            return ZERO
        upper = self.bias_bound == Settings.Bound.UPPER
        return bias.expenditure_upper if upper else bias.expenditure_lower


def frame_of(project: Project) -> Frame:
    """The project's settings; by default five years from the financial year after the one
    the project starts in (the business case plans the service, not the project)."""
    row = Settings.objects.filter(project=project).select_related("host").first()
    if row is None:
        start = project.start.year if project.start.month >= 4 else project.start.year - 1
        return Frame(start + 1, DEFAULT_YEAR_COUNT, None, "", Settings.Bound.UPPER, False, 0)
    return Frame(
        row.first_year,
        row.year_count,
        row.host.code if row.host else None,
        row.optimism_bias_type,
        row.optimism_bias_bound,
        row.illustrative,
        row.version,
    )


def partner_codes(project: Project) -> tuple[str, ...]:
    return tuple(
        Partner.objects.filter(project=project).order_by("code").values_list("code", flat=True)
    )


def line_rows(project: Project, scenario: Scenario | None) -> list[CostLine]:
    """The stored lines of ``scenario``'s model: the common ones, then its own."""
    common = list(CostLine.objects.filter(project=project, scenario=None))
    own = (
        []
        if scenario is None
        else list(CostLine.objects.filter(project=project, scenario=scenario))
    )
    return common + own


def amounts_of(lines: Iterable[CostLine]) -> dict[int, dict[tuple[str, int], Decimal]]:
    found: dict[int, dict[tuple[str, int], Decimal]] = {}
    ids = [line.pk for line in lines]
    for a in CostAmount.objects.filter(line_id__in=ids).select_related("partner"):
        found.setdefault(a.line_id, {})[(a.partner.code, a.year)] = a.amount
    return found


def finance_model(
    project: Project, lines: list[CostLine], frame: Frame | None = None
) -> tuple[CostModel, dict[str, Apportionment]]:
    """The lines as entered, as a ``finance`` model, with the apportionment rules of the lines
    that have a basis. Raises ``FinanceError`` if they do not make a valid model."""
    frame = frame or frame_of(project)
    amounts = amounts_of(lines)
    model = CostModel(
        partner_codes(project),
        frame.years,
        tuple(
            FinanceLine(
                line.name,
                CostKind(line.kind),
                {(p, FinancialYear(y)): v for (p, y), v in amounts.get(line.pk, {}).items()},
            )
            for line in lines
        ),
    )
    return model, {line.name: rule_of(line, model) for line in lines if line.basis}


def rule_of(line: CostLine, model: CostModel) -> Apportionment:
    weights = {code: Decimal(str(value)) for code, value in line.weights.items()}
    if line.basis == Basis.FIXED:
        return fixed_shares(weights)
    if line.basis == Basis.HEADCOUNT:
        return by_headcount(weights)
    if line.basis == Basis.USAGE:
        return by_usage(weights)
    return by_current_spend(model)


def option_model(project: Project, scenario: Scenario | None) -> CostModel:
    """``scenario``'s model, apportioned (raises ``FinanceError``)."""
    model, rules = finance_model(project, line_rows(project, scenario))
    return apportion_model(model, rules)


@dataclass(frozen=True)
class EnteredLine:
    row: CostLine
    kind_label: str
    basis_label: str
    weights: str
    amounts: list[tuple[str, list[Decimal]]]  # per partner: its amount per year
    total: Decimal


@dataclass(frozen=True)
class CostPage:
    """Everything the cost model page shows for one option."""

    scenario: Scenario | None
    frame: Frame
    partners: tuple[str, ...]
    lines: list[EnteredLine]
    error: str  # the model does not compute: the message
    plan: FinancialPlan | None
    capital: CapitalProfile | None
    capital_error: str
    totals: dict[str, Decimal]
    recharges: tuple[Recharge, ...]


def cost_page(project: Project, scenario: Scenario | None) -> CostPage:
    frame = frame_of(project)
    partners = partner_codes(project)
    rows = line_rows(project, scenario)
    amounts = amounts_of(rows)
    entered = [
        EnteredLine(
            row,
            CostKind(row.kind).label,
            row.get_basis_display() if row.basis else "As entered",
            ", ".join(f"{code} {value}" for code, value in sorted(row.weights.items())),
            [
                (p, [amounts.get(row.pk, {}).get((p, y.start), ZERO) for y in frame.years])
                for p in partners
            ],
            sum(amounts.get(row.pk, {}).values(), ZERO),
        )
        for row in rows
    ]
    try:
        model, rules = finance_model(project, rows, frame)
        shared = apportion_model(model, rules)
        plan = medium_term_financial_plan(shared)
        recharges = recharge_schedule(model, rules, host=frame.host) if frame.host and rules else ()
    except FinanceError as exc:
        return CostPage(scenario, frame, partners, entered, str(exc), None, None, "", {}, ())
    capital: CapitalProfile | None = None
    capital_error = ""
    try:
        capital = capital_profile(shared)
    except FinanceError as exc:
        capital_error = str(exc)
    return CostPage(
        scenario,
        frame,
        partners,
        entered,
        "",
        plan,
        capital,
        capital_error,
        partner_totals(shared),
        recharges,
    )


@dataclass(frozen=True)
class OptionAppraisal:
    scenario: Scenario
    overall: Appraisal | None
    by_partner: dict[str, Appraisal]
    error: str


def appraisals(project: Project) -> tuple[Frame, list[OptionAppraisal]]:
    """Each option's model, apportioned and uplifted by the optimism bias chosen, appraised
    at the Green Book rates, for all partners and for each."""
    frame = frame_of(project)
    found: list[OptionAppraisal] = []
    for scenario in Scenario.objects.filter(project=project):
        try:
            model = apply_optimism_bias(option_model(project, scenario), frame.bias_percent)
            found.append(OptionAppraisal(scenario, appraise(model), appraise_by_partner(model), ""))
        except FinanceError as exc:
            found.append(OptionAppraisal(scenario, None, {}, str(exc)))
    return frame, found
