"""The services: periods, and the state machine of a return with its permissions, its
validation and its audit events. Every refused action also shows that nothing changed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from projectboard.web.projects.models import Project
from projectboard.web.projects.services import Conflict
from projectboard.web.returns.models import RagReturn, ReportingPeriod
from projectboard.web.returns.services import (
    periods_generate,
    return_accept,
    return_save,
    return_send_back,
    return_submit,
)

from .support import COMPLETE, draft, events, stored, wp

D = date.fromisoformat
AT = datetime(2008, 3, 21, 15, 30, tzinfo=UTC)


def periods_of(project: Project) -> list[tuple[int, date, date, date]]:
    return [
        (p.number, p.start, p.end, p.due) for p in ReportingPeriod.objects.filter(project=project)
    ]


# -- periods ---------------------------------------------------------------------------------


def test_the_project_manager_generates_periods_to_the_schedule_finish(
    project: Project, pm: User
) -> None:
    created = periods_generate(project=project, by=pm)
    assert [p.number for p in created] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert periods_of(project)[0] == (1, D("2008-03-07"), D("2008-03-20"), D("2008-03-24"))
    # The schedule finishes on Tue 01/07/2008, in period 9.
    assert periods_of(project)[-1] == (9, D("2008-06-27"), D("2008-07-10"), D("2008-07-14"))
    assert events(project, "reporting_period")[0] == (
        "pm",
        "",
        "",
        "Period 1 (07/03/2008 to 20/03/2008)",
    )
    assert len(events(project, "reporting_period")) == 9


def test_generating_again_is_idempotent_and_extending_keeps_what_exists(
    project: Project, pm: User
) -> None:
    periods_generate(project=project, until=D("2008-04-01"), by=pm)
    before = stored(project)
    assert periods_generate(project=project, until=D("2008-04-01"), by=pm) == []
    assert stored(project) == before
    project.reporting_cadence_days = 7  # the board asks for weekly returns from now on
    project.save()
    created = periods_generate(project=project, until=D("2008-04-11"), by=pm)
    assert [(p.number, p.start, p.end, p.due) for p in created] == [
        (3, D("2008-04-04"), D("2008-04-10"), D("2008-04-14")),
        (4, D("2008-04-11"), D("2008-04-17"), D("2008-04-21")),
    ]
    assert [p[0] for p in periods_of(project)] == [1, 2, 3, 4]


@pytest.mark.parametrize("persona", ["wp_lead_fin", "deputy_hr", "board_member", "observer"])
def test_only_the_project_manager_generates_periods(
    project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    before = stored(project)
    with pytest.raises(PermissionDenied):
        periods_generate(project=project, by=request.getfixturevalue(persona))
    assert stored(project) == before


# -- writing ---------------------------------------------------------------------------------


def test_the_lead_writes_a_draft_and_every_field_is_audited(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    ret = draft(project, periods[1], "WP-FIN", wp_lead_fin, {"overall": "amber", "issues": "x"})
    assert (ret.state, ret.overall, ret.issues, ret.version) == ("draft", "amber", "x", 2)
    assert events(project) == [
        ("lead-fin", "", "", "WP-FIN return for period 1"),
        ("lead-fin", "overall", "", "amber"),
        ("lead-fin", "issues", "", "x"),
    ]
    saved = return_save(
        period=periods[1],
        work_package=wp(project, "WP-FIN"),
        fields={"overall": "amber", "issues": "y"},
        expected_version=2,
        by=wp_lead_fin,
    )
    assert (saved.issues, saved.version) == ("y", 3)
    assert events(project)[-1] == ("lead-fin", "issues", "x", "y")


def test_a_deputy_of_that_work_package_may_write_its_return(
    project: Project, periods: dict[int, ReportingPeriod], deputy_hr: User
) -> None:
    assert draft(project, periods[1], "WP-HR", deputy_hr).state == "draft"


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("wp_lead_fin", "WP-HR"),  # a lead, but of another work package
        ("wp_lead_gis", "WP-FIN"),
        ("deputy_hr", "WP-FIN"),
        ("pm", "WP-FIN"),  # the project manager accepts returns; she does not write them
        ("board_member", "WP-FIN"),
        ("observer", "WP-FIN"),
        ("outsider", "WP-FIN"),
    ],
)
def test_no_one_else_may_write_a_return(
    project: Project,
    periods: dict[int, ReportingPeriod],
    persona: str,
    code: str,
    request: pytest.FixtureRequest,
) -> None:
    before = stored(project)
    with pytest.raises(PermissionDenied) as caught:
        draft(project, periods[1], code, request.getfixturevalue(persona))
    assert str(caught.value) == f"Only a lead or deputy of {code} may write its return."
    assert stored(project) == before


def test_a_bad_rating_is_refused_naming_the_field(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        draft(project, periods[1], "WP-FIN", wp_lead_fin, {"cost": "blue", "tolerance": "maybe"})
    errors = caught.value.error_dict
    assert [(e.code, e.message % e.params) for e in errors["cost"]] == [
        ("invalid_choice", "'blue' is not a RAG rating (red, amber or green).")
    ]
    assert [e.code for e in errors["tolerance"]] == ["invalid_choice"]
    assert stored(project) == before


def test_a_stale_version_is_a_conflict(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User, deputy_hr: User
) -> None:
    draft(project, periods[1], "WP-FIN", wp_lead_fin)
    before = stored(project)
    with pytest.raises(Conflict) as caught:  # someone else created it first
        draft(project, periods[1], "WP-FIN", wp_lead_fin)
    assert caught.value.version == 2
    assert caught.value.current["overall"] == "green"
    with pytest.raises(Conflict):
        return_save(
            period=periods[1],
            work_package=wp(project, "WP-FIN"),
            fields={"issues": "late"},
            expected_version=1,
            by=wp_lead_fin,
        )
    assert stored(project) == before


# -- the state machine -----------------------------------------------------------------------


def test_submitting_needs_every_rating_the_tolerance_and_the_two_texts(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    ret = draft(project, periods[1], "WP-FIN", wp_lead_fin, {"overall": "green", "cost": "red"})
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        return_submit(rag_return=ret, by=wp_lead_fin)
    errors = caught.value.error_dict
    assert sorted(errors) == [
        "achievements",
        "next_period",
        "quality",
        "risk",
        "scope",
        "time",
        "tolerance",
    ]
    assert [(e.code, e.message % e.params) for e in errors["next_period"]] == [
        ("required", "Planned for next period is required to submit the return.")
    ]
    assert stored(project) == before


def test_submitting_keeps_the_schedules_suggestion_beside_the_leads_rating(
    project: Project, periods: dict[int, ReportingPeriod], deputy_hr: User
) -> None:
    ret = return_submit(
        rag_return=draft(project, periods[1], "WP-HR", deputy_hr), by=deputy_hr, now=AT
    )
    assert ret.state == "submitted"
    # WP-HR's task finishes on 27/06, 15 working days after its due date 06/06 (tolerance
    # 10): the schedule suggests Red; the deputy's own Green is kept.
    assert (ret.time, ret.suggested_time, ret.forecast_finish) == ("green", "red", D("2008-06-27"))
    assert (ret.first_submitted_on, ret.submitted_at) == (D("2008-03-21"), AT)
    assert ret.submitted_by is not None and ret.submitted_by.name == "Cyril Wright"
    assert events(project)[-1] == ("deputy-hr", "state", "draft", "submitted")


def test_a_work_package_tolerance_of_its_own_changes_the_suggestion(
    project: Project, periods: dict[int, ReportingPeriod], deputy_hr: User
) -> None:
    hr = wp(project, "WP-HR")
    hr.time_tolerance_days = 15
    hr.save()
    ret = return_submit(rag_return=draft(project, periods[1], "WP-HR", deputy_hr), by=deputy_hr)
    assert ret.suggested_time == "amber"


def test_a_lead_cannot_submit_another_work_packages_return(
    project: Project, periods: dict[int, ReportingPeriod], deputy_hr: User, wp_lead_fin: User
) -> None:
    ret = draft(project, periods[1], "WP-HR", deputy_hr)
    before = stored(project)
    with pytest.raises(PermissionDenied):
        return_submit(rag_return=ret, by=wp_lead_fin)
    assert stored(project) == before


def test_the_full_cycle_with_rework(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User, pm: User
) -> None:
    ret = draft(project, periods[1], "WP-FIN", wp_lead_fin)
    ret = return_submit(rag_return=ret, by=wp_lead_fin, now=AT)
    ret = return_send_back(rag_return=ret, by=pm, comment="Add the capital profile.")
    assert (ret.state, ret.pm_comment, ret.decided_by) == (
        "returned",
        "Add the capital profile.",
        pm,
    )
    ret = return_save(
        period=periods[1],
        work_package=ret.work_package,
        fields={"achievements": "Budgets and capital profile collected."},
        expected_version=ret.version,
        by=wp_lead_fin,
    )
    assert ret.state == "draft"
    ret = return_submit(rag_return=ret, by=wp_lead_fin, now=datetime(2008, 3, 26, tzinfo=UTC))
    assert ret.first_submitted_on == D("2008-03-21")  # lateness counts the first submission
    ret = return_accept(rag_return=ret, by=pm)
    assert ret.state == "accepted"
    states = [(who, old, new) for who, field, old, new in events(project) if field == "state"]
    assert states == [
        ("lead-fin", "draft", "submitted"),
        ("pm", "submitted", "returned"),
        ("lead-fin", "returned", "draft"),
        ("lead-fin", "draft", "submitted"),
        ("pm", "submitted", "accepted"),
    ]
    assert ("pm", "pm_comment", "", "Add the capital profile.") in events(project)


def test_sending_back_needs_a_comment(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User, pm: User
) -> None:
    ret = return_submit(
        rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin
    )
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        return_send_back(rag_return=ret, by=pm, comment="  ")
    assert [e.code for e in caught.value.error_dict["comment"]] == ["required"]
    assert stored(project) == before


@pytest.mark.parametrize("persona", ["wp_lead_fin", "deputy_hr", "board_member", "observer"])
def test_only_the_project_manager_accepts_or_sends_back(
    project: Project,
    periods: dict[int, ReportingPeriod],
    wp_lead_fin: User,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    ret = return_submit(
        rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin
    )
    user = request.getfixturevalue(persona)
    before = stored(project)
    with pytest.raises(PermissionDenied):
        return_accept(rag_return=ret, by=user)
    with pytest.raises(PermissionDenied):
        return_send_back(rag_return=ret, by=user, comment="No.")
    assert stored(project) == before


def _state_error(caught: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    [error] = caught.value.error_dict[NON_FIELD_ERRORS]
    assert error.params is not None
    return (str(error.code), error.message % error.params)


def test_nothing_changes_an_accepted_return(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User, pm: User
) -> None:
    ret = return_submit(
        rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin
    )
    ret = return_accept(rag_return=ret, by=pm, comment="Thank you.")
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        return_save(
            period=periods[1],
            work_package=ret.work_package,
            fields={"overall": "red"},
            expected_version=ret.version,
            by=wp_lead_fin,
        )
    assert _state_error(caught) == (
        "state",
        "WP-FIN's return for period 1 is accepted: it cannot be changed.",
    )
    with pytest.raises(ValidationError) as caught:
        return_submit(rag_return=ret, by=wp_lead_fin)
    assert _state_error(caught)[1] == (
        "WP-FIN's return for period 1 is accepted: it cannot be submitted."
    )
    with pytest.raises(ValidationError) as caught:
        return_accept(rag_return=ret, by=pm)
    assert _state_error(caught)[1] == (
        "WP-FIN's return for period 1 is accepted: it cannot be accepted."
    )
    with pytest.raises(ValidationError) as caught:
        return_send_back(rag_return=ret, by=pm, comment="Redo it.")
    assert _state_error(caught)[1] == (
        "WP-FIN's return for period 1 is accepted: it cannot be sent back for rework."
    )
    assert stored(project) == before


def test_a_submitted_return_cannot_be_edited_or_a_draft_decided(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User, pm: User
) -> None:
    ret = draft(project, periods[1], "WP-FIN", wp_lead_fin)
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        return_accept(rag_return=ret, by=pm)
    assert _state_error(caught)[1] == (
        "WP-FIN's return for period 1 is a draft: it cannot be accepted."
    )
    assert stored(project) == before
    ret = return_submit(rag_return=ret, by=wp_lead_fin)
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        return_save(
            period=periods[1],
            work_package=ret.work_package,
            fields={"overall": "red"},
            expected_version=ret.version,
            by=wp_lead_fin,
        )
    assert _state_error(caught)[1] == (
        "WP-FIN's return for period 1 is submitted: it cannot be changed."
    )
    assert stored(project) == before
    assert RagReturn.objects.get(pk=ret.pk).overall == "green"


def test_the_new_risks_are_one_per_line(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    ret = draft(project, periods[1], "WP-FIN", wp_lead_fin, COMPLETE)
    assert ret.new_risk_lines() == ["Savings may be overstated", "Capital funding not agreed"]
