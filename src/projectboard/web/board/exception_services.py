"""Writes to tolerances (fields of ``Project`` and ``WorkPackage``) and exception reports:
permission, validation, write and audit events in one transaction. ``by=None`` is the system
(the demo loader)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projectboard.web.board.models import ExceptionReport, ReportStatus
from projectboard.web.board.permissions import EXCEPTION_REPORT, TOLERANCES
from projectboard.web.board.services import audit, require
from projectboard.web.board.tolerance import ToleranceCheck, work_package_check
from projectboard.web.projects.models import Project, WorkPackage
from projectboard.web.projects.services import Conflict, record_audit

MAX_DAYS = 250  # about a working year
MAX_PERCENT = Decimal(100)
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class WorkPackageTolerance:
    """A work package's own tolerances; ``None``: the project's."""

    time_days: int | None
    cost_percent: Decimal | None


def _text(value: int | Decimal | None) -> str:
    return "" if value is None else str(value)


def _check_days(field: str, value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_DAYS:
        raise ValidationError(
            {
                field: ValidationError(
                    f"Give 0 to {MAX_DAYS} working days, not {value}.", code="out_of_range"
                )
            }
        )


def _check_percent(field: str, value: Decimal | None) -> None:
    if value is not None and not (0 <= value <= MAX_PERCENT and value == round(value, 2)):
        raise ValidationError(
            {
                field: ValidationError(
                    f"Give 0 to {MAX_PERCENT} percent, to two decimal places, not {value}.",
                    code="out_of_range",
                )
            }
        )


def tolerances_update(
    *,
    project: Project,
    time_tolerance_days: int,
    cost_tolerance_percent: Decimal,
    work_packages: Mapping[str, WorkPackageTolerance],
    by: User | None,
) -> int:
    """Set the project's tolerances and those of the work packages named (by code) in
    ``work_packages``. Only the project manager may. Returns how many values changed; one
    audit event each."""
    require(by, TOLERANCES, "change", project, "Only the project manager may set tolerances.")
    _check_days("time_tolerance_days", time_tolerance_days)
    _check_percent("cost_tolerance_percent", cost_tolerance_percent)
    for code, tol in work_packages.items():
        _check_days(f"{code}-time", tol.time_days)
        _check_percent(f"{code}-cost", tol.cost_percent)
    cost_tolerance_percent = cost_tolerance_percent.quantize(HUNDREDTH)
    work_packages = {
        code: WorkPackageTolerance(
            tol.time_days,
            None if tol.cost_percent is None else tol.cost_percent.quantize(HUNDREDTH),
        )
        for code, tol in work_packages.items()
    }
    changed = 0
    with transaction.atomic():
        row = Project.objects.select_for_update().get(pk=project.pk)
        wps = {wp.code: wp for wp in WorkPackage.objects.select_for_update().filter(project=row)}
        unknown = sorted(set(work_packages) - set(wps))
        if unknown:
            raise ValidationError(
                {
                    "work_packages": ValidationError(
                        f"No such work package: {', '.join(unknown)}.", code="unknown"
                    )
                }
            )
        for name, new in (
            ("time_tolerance_days", time_tolerance_days),
            ("cost_tolerance_percent", cost_tolerance_percent),
        ):
            old = getattr(row, name)
            if Decimal(old) != Decimal(new):
                setattr(row, name, new)
                record_audit(row, by, row, field=name, old=_text(old), new=_text(new))
                changed += 1
        row.save(update_fields=["time_tolerance_days", "cost_tolerance_percent"])
        for code, tol in work_packages.items():
            wp = wps[code]
            wp_changed = False
            for name, new_value in (
                ("time_tolerance_days", tol.time_days),
                ("cost_tolerance_percent", tol.cost_percent),
            ):
                old_value = getattr(wp, name)
                same = (old_value is None and new_value is None) or (
                    old_value is not None
                    and new_value is not None
                    and Decimal(old_value) == Decimal(new_value)
                )
                if not same:
                    setattr(wp, name, new_value)
                    record_audit(
                        row, by, wp, field=name, old=_text(old_value), new=_text(new_value)
                    )
                    changed += 1
                    wp_changed = True
            if wp_changed:
                wp.version += 1
                wp.save(update_fields=["time_tolerance_days", "cost_tolerance_percent", "version"])
    project.refresh_from_db(fields=["time_tolerance_days", "cost_tolerance_percent"])
    return changed


# -- exception reports -----------------------------------------------------------------------


def slip_summary(check: ToleranceCheck) -> str:
    """The slip figures in words, as an exception report's cause starts."""
    assert check.forecast_finish is not None and check.due is not None
    assert check.slip_days is not None
    whose = "its own" if check.time_tolerance_is_own else "the project's"
    return (
        f"{check.work_package.code} {check.work_package.name} is forecast to finish on "
        f"{check.forecast_finish:%a %d/%m/%Y %H:%M}, {check.slip_days} working days after its "
        f"due date {check.due:%a %d/%m/%Y}. The time tolerance is {check.time_tolerance_days} "
        f"working days ({whose}), so it is {check.over_by_days} working days beyond tolerance."
    )


def exception_report_create(*, work_package: WorkPackage, by: User | None) -> ExceptionReport:
    """Draft an exception report for a work package in exception, pre-filled with its slip
    figures. Only the project manager may; a package within tolerance is refused."""
    project = work_package.project
    require(
        by,
        EXCEPTION_REPORT,
        "change",
        project,
        "Only the project manager may write exception reports.",
    )
    check = work_package_check(project, work_package.code)
    if check is None or not check.in_exception:
        raise ValidationError(
            {
                "work_package": ValidationError(
                    f"{work_package.code} is within its time tolerance: there is no exception "
                    "to report.",
                    code="within_tolerance",
                )
            }
        )
    assert check.forecast_finish is not None and check.due is not None
    assert check.slip_days is not None
    with transaction.atomic():
        report = ExceptionReport.objects.create(
            project=project,
            work_package=work_package,
            due=check.due,
            forecast_finish=timezone.make_aware(check.forecast_finish),
            tolerance_days=check.time_tolerance_days,
            slip_days=check.slip_days,
            cause=slip_summary(check),
            created_by=by,
        )
        audit(project, by, "exception_report", report.pk, new=str(report))
    return report


TEXT_FIELDS = ("cause", "consequences", "options", "recommendation")
# Where a report may go next: forward, or back to draft from submitted.
NEXT_STATUS = {
    ReportStatus.DRAFT: {ReportStatus.DRAFT, ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.SUBMITTED, ReportStatus.DRAFT, ReportStatus.DECIDED},
}


def exception_report_update(
    *,
    report: ExceptionReport,
    expected_version: int,
    cause: str,
    consequences: str,
    options: str,
    recommendation: str,
    status: str,
    by: User | None,
) -> ExceptionReport:
    """Change an exception report's texts and status. A decided report cannot change; a
    report is submitted only with a cause, options and a recommendation."""
    with transaction.atomic():
        row = (
            ExceptionReport.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=report.pk)
        )
        require(
            by,
            EXCEPTION_REPORT,
            "change",
            row.project,
            "Only the project manager may change exception reports.",
        )
        current = {name: getattr(row, name) for name in (*TEXT_FIELDS, "status")}
        if row.version != expected_version:
            raise Conflict("the exception report", row.version, current)
        if status not in ReportStatus.values:
            raise ValidationError(
                {"status": ValidationError(f"{status!r} is not a status.", code="invalid")}
            )
        if row.status == ReportStatus.DECIDED:
            raise ValidationError(
                {
                    "status": ValidationError(
                        "The board has decided on this report; it cannot change.", code="decided"
                    )
                }
            )
        allowed = NEXT_STATUS[ReportStatus(row.status)]
        if status not in allowed:
            raise ValidationError(
                {
                    "status": ValidationError(
                        f"A {row.get_status_display().lower()} report cannot become "
                        f"{ReportStatus(status).label.lower()}.",
                        code="invalid_transition",
                    )
                }
            )
        new = {
            "cause": cause.strip(),
            "consequences": consequences.strip(),
            "options": options.strip(),
            "recommendation": recommendation.strip(),
            "status": status,
        }
        if status == ReportStatus.SUBMITTED:
            missing = [n for n in ("cause", "options", "recommendation") if not new[n]]
            if missing:
                raise ValidationError(
                    {
                        n: ValidationError(
                            "Required before submitting to the board.", code="required"
                        )
                        for n in missing
                    }
                )
        changed = [(n, current[n], v) for n, v in new.items() if current[n] != v]
        if not changed:
            return row
        for name, _, value in changed:
            setattr(row, name, value)
        row.version += 1
        row.save()
        for name, old, value in changed:
            audit(row.project, by, "exception_report", row.pk, field=name, old=old, new=value)
    return row
