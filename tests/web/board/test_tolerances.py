"""Tolerances and the exception check: a work package forecast beyond its due date plus its
time tolerance, in working days, is in exception; the PM drafts a report for the board."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from projectboard.web.board.exception_services import (
    WorkPackageTolerance,
    exception_report_create,
    exception_report_update,
    tolerances_update,
)
from projectboard.web.board.models import ExceptionReport
from projectboard.web.board.tolerance import tolerance_checks
from projectboard.web.projects.models import AuditEvent, Project, WorkPackage

from .support import board_snapshot


def test_the_seed_schedule_against_the_default_tolerance(project: Project) -> None:
    rows = {
        c.work_package.code: (c.due, c.forecast_finish, c.slip_days, c.in_exception)
        for c in tolerance_checks(project)
    }
    assert rows["WP-ORG"] == (date(2008, 6, 6), datetime(2008, 6, 24, 17), Decimal("12.00"), True)
    assert rows["WP-HR"] == (date(2008, 6, 6), datetime(2008, 6, 27, 17), Decimal("15.00"), True)
    assert rows["WP-APPS"] == (date(2008, 6, 6), datetime(2008, 6, 17, 17), Decimal("7.00"), False)
    assert rows["WP-BC"] == (date(2008, 6, 30), datetime(2008, 7, 1, 17), Decimal("1.00"), False)
    # Early: 09:02 on Monday 2 June is 4.87 working days before 17:00 on Friday 6 June.
    assert rows["WP-GIS"] == (date(2008, 6, 6), datetime(2008, 6, 2, 9, 2), Decimal("-4.87"), False)
    assert rows["WP-COMMS"] == (None, datetime(2008, 6, 30, 17), None, False)
    assert [c for c, row in rows.items() if row[3]] == ["WP-ORG", "WP-HR"]


@pytest.mark.parametrize(
    ("own_days", "in_exception"),
    [(11, True), (12, False), (13, False), (None, True)],  # 12.00 days late; project's is 10
)
def test_a_slip_equal_to_the_tolerance_is_within_it(
    project: Project, own_days: int | None, in_exception: bool
) -> None:
    WorkPackage.objects.filter(project=project, code="WP-ORG").update(time_tolerance_days=own_days)
    [check] = [c for c in tolerance_checks(project) if c.work_package.code == "WP-ORG"]
    assert (check.time_tolerance_days, check.time_tolerance_is_own, check.in_exception) == (
        10 if own_days is None else own_days,
        own_days is not None,
        in_exception,
    )


def test_the_project_manager_sets_tolerances_with_audit(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    url = reverse("board-tolerances", args=[project.pk])
    assert "<h1>Tolerances</h1>" in client.get(url).content.decode()
    data = {"time_tolerance_days": "15", "cost_tolerance_percent": "7.5"}
    for wp in project.work_packages.all():
        data[f"time_{wp.pk}"] = "5" if wp.code == "WP-APPS" else ""
        data[f"cost_{wp.pk}"] = "2.25" if wp.code == "WP-HR" else ""
    response = client.post(url, data)
    assert (response.status_code, response["Location"]) == (
        303,
        reverse("board-exceptions", args=[project.pk]),
    )
    project.refresh_from_db()
    assert (project.time_tolerance_days, project.cost_tolerance_percent) == (15, Decimal("7.50"))
    events = AuditEvent.objects.filter(project=project).exclude(field="")
    assert [
        (e.who.username if e.who else None, e.object_type, e.field, e.old, e.new) for e in events
    ] == [
        ("pm", "project", "time_tolerance_days", "10", "15"),
        ("pm", "project", "cost_tolerance_percent", "10.00", "7.50"),
        ("pm", "work_package", "cost_tolerance_percent", "", "2.25"),
        ("pm", "work_package", "time_tolerance_days", "", "5"),
    ]
    assert WorkPackage.objects.get(project=project, code="WP-APPS").version == 2
    page = client.get(reverse("board-exceptions", args=[project.pk])).content.decode()
    # WP-APPS: 7 days late, tolerance 5: now in exception; WP-ORG (12 late) and WP-HR (15
    # late) are within the project's new 15.
    assert "<td>5 d</td>" in page
    assert "<td>2.25%</td>" in page
    assert page.count("<strong>Exception:") == 1
    assert "Exception: 2.00 d beyond tolerance" in page


@pytest.mark.parametrize(
    ("days", "percent", "field", "message"),
    [
        (251, Decimal(5), "time_tolerance_days", "Give 0 to 250 working days, not 251."),
        (
            5,
            Decimal(150),
            "cost_tolerance_percent",
            "Give 0 to 100 percent, to two decimal places, not 150.",
        ),
        (
            5,
            Decimal("1.005"),
            "cost_tolerance_percent",
            "Give 0 to 100 percent, to two decimal places, not 1.005.",
        ),
    ],
)
def test_bad_tolerances_are_refused(
    project: Project, pm: User, days: int, percent: Decimal, field: str, message: str
) -> None:
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        tolerances_update(
            project=project,
            time_tolerance_days=days,
            cost_tolerance_percent=percent,
            work_packages={},
            by=pm,
        )
    [error] = caught.value.error_dict[field]
    assert (error.code, error.message) == ("out_of_range", message)
    assert board_snapshot(project) == before


def test_only_the_project_manager_sets_tolerances(project: Project, board_member: User) -> None:
    before = board_snapshot(project)
    with pytest.raises(PermissionDenied):
        tolerances_update(
            project=project,
            time_tolerance_days=1,
            cost_tolerance_percent=Decimal(1),
            work_packages={"WP-HR": WorkPackageTolerance(1, None)},
            by=board_member,
        )
    assert board_snapshot(project) == before


def test_an_exception_report_is_prefilled_with_the_slip(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    response = client.post(
        reverse("board-exception-report-new", args=[project.pk]), {"work_package": "WP-HR"}
    )
    report = ExceptionReport.objects.get(project=project)
    assert response["Location"] == reverse(
        "board-exception-report-edit", args=[project.pk, report.pk]
    )
    assert (report.due, report.tolerance_days, report.slip_days, report.status) == (
        date(2008, 6, 6),
        10,
        Decimal("15.00"),
        "draft",
    )
    assert report.cause == (
        "WP-HR Human Resources is forecast to finish on Fri 27/06/2008 17:00, 15.00 working "
        "days after its due date Fri 06/06/2008. The time tolerance is 10 working days (the "
        "project's), so it is 5.00 working days beyond tolerance."
    )


def test_a_package_within_tolerance_has_no_exception_report(
    client: Client, project: Project, pm: User
) -> None:
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        exception_report_create(work_package=project.work_packages.get(code="WP-BC"), by=pm)
    [error] = caught.value.error_dict["work_package"]
    assert (error.code, error.message) == (
        "within_tolerance",
        "WP-BC is within its time tolerance: there is no exception to report.",
    )
    client.force_login(pm)
    response = client.post(
        reverse("board-exception-report-new", args=[project.pk]),
        {"work_package": "WP-BC"},
        follow=True,
    )
    assert "WP-BC is within its time tolerance" in response.content.decode()
    assert board_snapshot(project) == before


def test_a_report_goes_to_the_board_only_when_complete(
    client: Client, project: Project, report: ExceptionReport, pm: User
) -> None:
    client.force_login(pm)
    url = reverse("board-exception-report-edit", args=[project.pk, report.pk])
    data = {
        "cause": report.cause,
        "consequences": "",
        "options": "",
        "recommendation": "",
        "status": "submitted",
        "version": "1",
    }
    before = board_snapshot(project)
    response = client.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Options: Required before submitting to the board." in page
    assert "Recommendation: Required before submitting to the board." in page
    assert board_snapshot(project) == before
    data.update(options="1. Accept the slip. 2. Add HR resource.", recommendation="Option 2.")
    assert client.post(url, data).status_code == 303
    report.refresh_from_db()
    assert (report.status, report.version) == ("submitted", 2)
    shown = client.get(reverse("board-exception-report", args=[project.pk, report.pk]))
    assert "<p>Option 2.</p>" in shown.content.decode()


def test_a_decided_report_cannot_change(
    project: Project, report: ExceptionReport, pm: User
) -> None:
    texts = {"cause": "c", "consequences": "", "options": "o", "recommendation": "r"}
    exception_report_update(report=report, expected_version=1, status="submitted", by=pm, **texts)
    exception_report_update(report=report, expected_version=2, status="decided", by=pm, **texts)
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        exception_report_update(
            report=report,
            expected_version=3,
            status="decided",
            by=pm,
            **{**texts, "cause": "changed"},
        )
    assert caught.value.error_dict["status"][0].code == "decided"
    assert board_snapshot(project) == before


def test_a_draft_cannot_jump_to_decided(
    project: Project, report: ExceptionReport, pm: User
) -> None:
    before = board_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        exception_report_update(
            report=report,
            expected_version=1,
            status="decided",
            by=pm,
            cause="c",
            consequences="",
            options="o",
            recommendation="r",
        )
    [error] = caught.value.error_dict["status"]
    assert (error.code, error.message) == (
        "invalid_transition",
        "A draft report cannot become decided by the board.",
    )
    assert board_snapshot(project) == before
