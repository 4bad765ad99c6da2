"""Writes to the cost model and the project's own funding: the settings (years, host
partner, optimism bias), cost lines with their amounts and apportionment, bulk entry, funding
and spend. Each service checks the permission (``cost_model`` / ``change``), validates,
writes and records audit events in one transaction; a ``ValidationError`` names the field and
carries the finance code (``E_SHARES_TOTAL``...)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from projectboard.finance.apportion import apportion_model, recharge_schedule
from projectboard.finance.appraisal import OPTIMISM_BIAS
from projectboard.finance.costs import CostKind
from projectboard.finance.errors import FinanceError
from projectboard.web.business.common import from_finance, invalid, record, require
from projectboard.web.business.costs import Frame, finance_model, frame_of, line_rows
from projectboard.web.business.models import (
    Basis,
    CostAmount,
    CostLine,
    Funding,
    Scenario,
    Settings,
    Spend,
)
from projectboard.web.projects.models import Partner, Project
from projectboard.web.projects.services import Conflict

MAX_YEARS = 10
DENIED = (
    "Only the project manager and the finance work package's leads and deputies may change "
    "the cost model."
)


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _partners(project: Project) -> dict[str, Partner]:
    return {p.code: p for p in Partner.objects.filter(project=project)}


# -- settings --------------------------------------------------------------------------------


def settings_update(
    *,
    project: Project,
    first_year: int,
    year_count: int,
    host: str,
    optimism_bias_type: str,
    optimism_bias_bound: str,
    illustrative: bool = False,
    expected_version: int,
    by: User | None,
) -> Settings:
    """Set the model's years (1 to 10 from ``first_year``), the host partner (code, or blank)
    and the optimism bias (a Green Book project type, or blank for none)."""
    require(by, "cost_model", "change", project, DENIED)
    partners = _partners(project)
    if not 1 <= year_count <= MAX_YEARS:
        raise invalid(
            "year_count",
            "%(value)s years: give 1 to %(max)s.",
            "E_YEARS",
            value=year_count,
            max=MAX_YEARS,
        )
    if host and host not in partners:
        raise invalid(
            "host", "%(value)r is not a partner of this project.", "E_UNKNOWN_HOST", value=host
        )
    if optimism_bias_type and optimism_bias_type not in OPTIMISM_BIAS:
        raise invalid(
            "optimism_bias_type",
            "%(value)r is not a Green Book project type.",
            "E_OPTIMISM_BIAS",
            value=optimism_bias_type,
        )
    if optimism_bias_bound not in Settings.Bound.values:
        raise invalid(
            "optimism_bias_bound",
            "%(value)r is not upper or lower.",
            "invalid_choice",
            value=optimism_bias_bound,
        )
    with transaction.atomic():
        locked = _lock(project)
        row, created = Settings.objects.select_for_update().get_or_create(
            project=locked, defaults={"first_year": first_year, "year_count": year_count}
        )
        if not created and row.version != expected_version:
            raise Conflict("the cost model's settings", row.version, {})
        if created and expected_version not in (0, 1):
            raise Conflict("the cost model's settings", row.version, {})
        outside = (
            CostAmount.objects.filter(line__project=locked)
            .exclude(year__gte=first_year, year__lt=first_year + year_count)
            .exclude(amount=0)
            .order_by("year")
            .values_list("year", flat=True)
            .first()
        )
        if outside is not None:
            raise invalid(
                "first_year",
                "Cost lines have amounts in %(year)s/%(next)02d, outside the years chosen.",
                "E_UNKNOWN_YEAR",
                year=outside,
                next=(outside + 1) % 100,
            )
        new = {
            "first_year": first_year,
            "year_count": year_count,
            "host": partners.get(host),
            "optimism_bias_type": optimism_bias_type,
            "optimism_bias_bound": optimism_bias_bound,
            "illustrative": illustrative,
        }
        changed = [(k, getattr(row, k), v) for k, v in new.items() if getattr(row, k) != v]
        for k, _, v in changed:
            setattr(row, k, v)
        if created or changed:
            row.version = 1 if created else row.version + 1
            row.save()
        if created:
            record(locked, by, "business_settings", row.pk, new=f"{first_year}, {year_count} years")
        for k, old, v in changed:
            record(
                locked,
                by,
                "business_settings",
                row.pk,
                field=k,
                old=str(old or ""),
                new=str(v or ""),
            )
        _check_models(locked, "first_year")
    return row


# -- cost lines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineDraft:
    """A cost line as typed or read from a CSV row. ``amounts``: (partner code, year start)
    -> pounds; ``weights``: partner code -> driver (percent for fixed shares)."""

    name: str
    kind: str
    scenario: Scenario | None = None
    amounts: Mapping[tuple[str, int], Decimal] = field(default_factory=dict)
    basis: str = ""
    weights: Mapping[str, Decimal] = field(default_factory=dict)


def validate_line(project: Project, draft: LineDraft, frame: Frame) -> None:
    """Each field on its own; whether the line fits the model is checked after writing."""
    if not draft.name.strip():
        raise invalid("name", "This field is required.", "required")
    if draft.kind not in {k.value for k in CostKind}:
        raise invalid(
            "kind", "%(value)r is not a kind of cost line.", "invalid_choice", value=draft.kind
        )
    if draft.scenario is not None and draft.scenario.project_id != project.pk:
        raise invalid("scenario", "The option is not in this project.", "other_project")
    if draft.basis not in ("", *Basis.values):
        raise invalid(
            "basis", "%(value)r is not an apportionment basis.", "invalid_choice", value=draft.basis
        )
    if draft.basis and draft.kind == CostKind.CURRENT:
        raise invalid(
            "basis",
            "Current expenditure is each council's own baseline: it is not apportioned.",
            "E_BASELINE_SHARED",
        )
    partners = set(_partners(project))
    years = {y.start for y in frame.years}
    for (partner, year), amount in draft.amounts.items():
        if partner not in partners:
            raise invalid(
                "amounts", "%(value)r is not a partner.", "E_UNKNOWN_PARTNER", value=partner
            )
        if year not in years:
            raise invalid(
                "amounts", "%(year)s is outside the model's years.", "E_UNKNOWN_YEAR", year=year
            )
        if amount < 0:
            raise invalid(
                f"amount_{partner}_{year}",
                "%(value)s is negative: enter savings as positive amounts on a saving line.",
                "E_NEGATIVE_AMOUNT",
                value=amount,
            )
    if (
        draft.basis in (Basis.FIXED, Basis.HEADCOUNT, Basis.USAGE)
        and set(draft.weights) != partners
    ):
        raise invalid("weights", "Give a weight for every partner.", "E_SHARES_PARTNERS")


def _write_line(line: CostLine, draft: LineDraft, partners: dict[str, Partner]) -> None:
    line.name = draft.name.strip()
    line.kind = draft.kind
    line.scenario = draft.scenario
    line.basis = draft.basis
    line.weights = (
        {code: str(value) for code, value in sorted(draft.weights.items())}
        if draft.basis and draft.basis != Basis.CURRENT_SPEND
        else {}
    )
    line.save()
    line.amounts.all().delete()
    CostAmount.objects.bulk_create(
        CostAmount(line=line, partner=partners[p], year=y, amount=amount)
        for (p, y), amount in sorted(draft.amounts.items())
        if amount != 0
    )


def _summary(line: CostLine) -> str:
    amounts = ", ".join(
        f"{a.partner.code} {a.year}: {a.amount}" for a in line.amounts.select_related("partner")
    )
    basis = f"; {line.basis} {line.weights}" if line.basis else ""
    where = line.scenario.code if line.scenario else "every option"
    return f"{line.name} ({line.kind}, {where}): {amounts}{basis}"


def _check_models(project: Project, field: str) -> None:
    """Every option's model must still compute (unique names, apportionment weights, a
    current-spend basis with some current spend); raises inside the transaction, so nothing
    is kept."""
    scenarios: list[Scenario | None] = [None, *Scenario.objects.filter(project=project)]
    frame = frame_of(project)
    for scenario in scenarios:
        try:
            model, rules = finance_model(project, line_rows(project, scenario), frame)
            apportion_model(model, rules)
            if frame.host and rules:
                recharge_schedule(model, rules, host=frame.host)
        except FinanceError as exc:
            raise from_finance(exc, field) from exc


def cost_line_create(*, project: Project, draft: LineDraft, by: User | None) -> CostLine:
    require(by, "cost_model", "change", project, DENIED)
    validate_line(project, draft, frame_of(project))
    with transaction.atomic():
        locked = _lock(project)
        line = _create_line(locked, draft, by)
        _check_models(locked, "name")
    return line


def _create_line(project: Project, draft: LineDraft, by: User | None) -> CostLine:
    position = CostLine.objects.filter(project=project).count()
    line = CostLine(project=project, position=position)
    _write_line(line, draft, _partners(project))
    record(project, by, "cost_line", line.pk, new=_summary(line))
    return line


def cost_line_update(
    *, line: CostLine, draft: LineDraft, expected_version: int, by: User | None
) -> CostLine:
    project = line.project
    require(by, "cost_model", "change", project, DENIED)
    validate_line(project, draft, frame_of(project))
    with transaction.atomic():
        locked = _lock(project)
        row = CostLine.objects.select_for_update().get(pk=line.pk)
        if row.version != expected_version:
            raise Conflict(f"cost line '{row.name}'", row.version, {"name": row.name})
        old = _summary(row)
        _write_line(row, draft, _partners(locked))
        new = _summary(row)
        if new != old:
            row.version += 1
            row.save(update_fields=["version"])
            record(locked, by, "cost_line", row.pk, field="line", old=old, new=new)
        _check_models(locked, "name")
    return row


def cost_line_delete(*, line: CostLine, by: User | None) -> None:
    project = line.project
    require(by, "cost_model", "change", project, DENIED)
    with transaction.atomic():
        locked = _lock(project)
        record(locked, by, "cost_line", line.pk, field="deleted", old=_summary(line))
        line.delete()
        _check_models(locked, "name")


def cost_lines_import(
    *, project: Project, drafts: list[LineDraft], by: User | None
) -> list[CostLine]:
    """Add every line, in order, or none."""
    require(by, "cost_model", "change", project, DENIED)
    frame = frame_of(project)
    for draft in drafts:
        validate_line(project, draft, frame)
    with transaction.atomic():
        locked = _lock(project)
        lines = [_create_line(locked, d, by) for d in drafts]
        _check_models(locked, "file")
    return lines


# -- the project's own funding ---------------------------------------------------------------


def _positive(field_name: str, amount: Decimal) -> None:
    if amount <= 0:
        raise invalid(
            field_name, "%(value)s is not more than zero.", "E_NEGATIVE_AMOUNT", value=amount
        )


def funding_create(
    *,
    project: Project,
    partner: str,
    amount: Decimal,
    purpose: str,
    agreed_on: date | None,
    by: User | None,
) -> Funding:
    """Record money a partner gives the project (seed: GBP 10,000 from each council)."""
    require(by, "cost_model", "change", project, DENIED)
    partners = _partners(project)
    if partner not in partners:
        raise invalid(
            "partner",
            "%(value)r is not a partner of this project.",
            "E_UNKNOWN_PARTNER",
            value=partner,
        )
    _positive("amount", amount)
    if not purpose.strip():
        raise invalid("purpose", "This field is required.", "required")
    with transaction.atomic():
        locked = _lock(project)
        row = Funding.objects.create(
            project=locked,
            partner=partners[partner],
            amount=amount,
            purpose=purpose.strip(),
            agreed_on=agreed_on,
        )
        record(locked, by, "funding", row.pk, new=f"{partner} {amount}: {row.purpose}")
    return row


def spend_create(
    *,
    project: Project,
    spent_on: date,
    partner: str,
    amount: Decimal,
    description: str,
    by: User | None,
) -> Spend:
    """Record spend against a partner's contribution. Spending more than the contribution
    is allowed (the page shows the overspend): the money has gone."""
    require(by, "cost_model", "change", project, DENIED)
    partners = _partners(project)
    if partner not in partners:
        raise invalid(
            "partner",
            "%(value)r is not a partner of this project.",
            "E_UNKNOWN_PARTNER",
            value=partner,
        )
    _positive("amount", amount)
    if not description.strip():
        raise invalid("description", "This field is required.", "required")
    with transaction.atomic():
        locked = _lock(project)
        row = Spend.objects.create(
            project=locked,
            spent_on=spent_on,
            partner=partners[partner],
            amount=amount,
            description=description.strip(),
        )
        record(
            locked,
            by,
            "spend",
            row.pk,
            new=f"{spent_on.isoformat()} {partner} {amount}: {row.description}",
        )
    return row


def first_error(exc: ValidationError) -> tuple[str, str, str]:
    """(field, code, message) of the first error, for CSV import messages."""
    if not hasattr(exc, "error_dict"):
        return "", str(exc.error_list[0].code or ""), " ".join(exc.messages)
    name, errors = sorted(exc.error_dict.items())[0]
    error = errors[0]
    return name, str(error.code or ""), " ".join(error.messages)
