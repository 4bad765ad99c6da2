"""Drafting from the plan, editing, publishing, refreshing and new issues: what is stored,
what is refused (with its code and message) and that a refusal changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from projectboard.web.highlights.models import HighlightReport, Status
from projectboard.web.highlights.sections import SECTIONS, working_days
from projectboard.web.highlights.services import (
    highlight_report_draft,
    highlight_report_new_issue,
    highlight_report_publish,
    highlight_report_refresh,
    highlight_report_update,
)
from projectboard.web.projects.models import AuditEvent, Project, Task
from projectboard.web.projects.services import Conflict, task_update

from .support import stored

PLAN_NOTE = "Dates are the schedule's as of plan revision 1; no status date is set."


def events(report: HighlightReport) -> list[tuple[str | None, str, str, str]]:
    return [
        (e.who.username if e.who else None, e.field, e.old, e.new)
        for e in AuditEvent.objects.filter(object_type="highlight_report", object_id=report.pk)
    ]


# -- drafting --------------------------------------------------------------------------------


def test_the_draft_captures_the_plan(project: Project, pm: User) -> None:
    report = highlight_report_draft(
        project=project, period_start=date(2008, 4, 8), period_end=date(2008, 4, 21), by=pm
    )
    assert (report.status, report.issue, report.author_name) == ("draft", 1, "Hazel Cushin")
    assert report.texts == {s.key: "" for s in SECTIONS}
    assert set(report.tables) == {
        "work_packages",
        "finished",
        "next",
        "slippage",
        "exceptions",
        "moved",
        "budget",
        "risks",
        "risk_changes",
        "issues",
        "decisions",
        "decisions_taken",
        "actions",
        "lessons",
    }
    assert report.tables["finished"] == {
        "columns": ["ID", "Task", "Work package", "Type", "Finish"],
        "rows": [
            ["4", "Visioning/Options Appraisal", "WP-VISION", "Task", "Fri 11/04/2008 10:38"],
            ["5", "Governance", "WP-GOV", "Task", "Fri 18/04/2008 12:00"],
        ],
        "notes": [PLAN_NOTE],
    }
    # The next period is as long as this one: 22/04 to 05/05. Nothing finishes in it.
    assert report.tables["next"]["rows"] == []
    assert report.tables["next"]["notes"] == [
        "Nothing is scheduled to finish from 22/04/2008 to 05/05/2008.",
        PLAN_NOTE,
    ]
    assert report.tables["work_packages"]["rows"][:2] == [
        ["WP-PLAN", "Project Plan", "Hazel Cushin (ABC)", "Not set", "No return", "", ""],
        [
            "WP-BC",
            "Business Case development",
            "Stephen Kirkpatrick (ABC), John Nutley (CCC)",
            "30/06/2008",
            "No return",
            "",
            "",
        ],
    ]
    assert len(report.tables["work_packages"]["rows"]) == 17
    assert events(report) == [("pm", "", "", "Highlight report 08/04/2008 to 21/04/2008, issue 1")]


def test_the_demo_is_a_draft_of_the_seed_fortnight(draft: HighlightReport) -> None:
    assert (draft.period_label, draft.status, draft.issue) == (
        "25/03/2008 to 07/04/2008",
        "draft",
        1,
    )
    assert (draft.author_id, draft.author_name) == (None, "Hazel Cushin")
    assert (draft.overall_rag, draft.overall_comment) == ("amber", "Timescales are tight")
    assert draft.texts["budget"] == (
        "Initial funding of £10,000 from each Council has been agreed to cover the costs of "
        "any external assistance."
    )
    # (A set: PostgreSQL's jsonb keeps a mapping's keys in its own order.)
    assert {key for key, text in draft.texts.items() if text} == {"summary", "budget", "decisions"}
    assert draft.tables["next"]["rows"] == [
        ["4", "Visioning/Options Appraisal", "WP-VISION", "Task", "Fri 11/04/2008 10:38"],
        ["5", "Governance", "WP-GOV", "Task", "Fri 18/04/2008 12:00"],
    ]


def test_slippage_is_in_working_days_against_the_due_date(draft: HighlightReport) -> None:
    slippage = draft.tables["slippage"]
    assert slippage["columns"] == [
        "Work package",
        "Due",
        "Forecast finish",
        "Slippage (days)",
        "Tolerance",
    ]
    rows = {row[0]: row[1:] for row in slippage["rows"]}
    assert rows["WP-HR"] == [
        "Fri 06/06/2008 17:00",
        "Fri 27/06/2008 17:00",
        "+15",
        "Beyond (10 d)",
    ]
    assert rows["WP-ORG"][2:] == ["+12", "Beyond (10 d)"]
    assert rows["WP-BC"][1:] == ["Tue 01/07/2008 17:00", "+1", "Within (10 d)"]
    assert rows["WP-FIN"][1:] == ["Wed 14/05/2008 09:36", "-17.8", "Within (10 d)"]
    assert list(rows) == [
        "WP-BC",
        "WP-FIN",
        "WP-ORG",
        "WP-HR",
        "WP-GOV",
        "WP-ITSM",
        "WP-TECH",
        "WP-APPS",
        "WP-BCDR",
        "WP-WEB",
        "WP-GIS",
        "WP-DMS",
        "WP-TEL",
        "WP-PART",
    ]
    assert slippage["notes"] == [
        "Slippage is in working days: positive is late, negative is early."
    ]


def test_a_work_package_tolerance_overrides_the_projects(project: Project, pm: User) -> None:
    project.work_packages.filter(code="WP-HR").update(time_tolerance_days=20)
    report = highlight_report_draft(
        project=project, period_start=date(2008, 3, 25), period_end=date(2008, 4, 7), by=pm
    )
    rows = {row[0]: row[1:] for row in report.tables["slippage"]["rows"]}
    assert rows["WP-HR"][2:] == ["+15", "Within (20 d)"]


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(7200, "+15"), (-8544, "-17.8"), (0, "0"), (240, "+0.5"), (-1, "0"), (1, "0")],
)
def test_working_days_are_shown_to_two_places(minutes: int, text: str) -> None:
    assert working_days(minutes, 480) == text


def test_a_period_must_not_end_before_it_starts(project: Project, pm: User) -> None:
    with pytest.raises(ValidationError) as caught:
        highlight_report_draft(
            project=project, period_start=date(2008, 4, 7), period_end=date(2008, 3, 25), by=pm
        )
    error = caught.value.error_dict["period_end"][0]
    assert error.code == "period_order"
    assert error.messages == ["The period ends (25/03/2008) before it starts (07/04/2008)."]
    assert not HighlightReport.objects.exists()


def test_a_period_has_one_report(draft: HighlightReport, project: Project, pm: User) -> None:
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        highlight_report_draft(
            project=project, period_start=date(2008, 3, 25), period_end=date(2008, 4, 7), by=pm
        )
    assert caught.value.code == "period_taken"
    assert caught.value.messages == [
        "There is already a highlight report for 25/03/2008 to 07/04/2008; open it, or start "
        "a new issue from it."
    ]
    assert stored(project) == before


@pytest.mark.parametrize("persona", ["board_member", "wp_lead_fin", "observer", "outsider"])
def test_only_the_project_manager_drafts(
    project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(PermissionDenied):
        highlight_report_draft(
            project=project,
            period_start=date(2008, 3, 25),
            period_end=date(2008, 4, 7),
            by=request.getfixturevalue(persona),
        )
    assert not HighlightReport.objects.exists()


# -- editing ---------------------------------------------------------------------------------


def test_the_project_manager_edits_texts_and_status(draft: HighlightReport, pm: User) -> None:
    saved = highlight_report_update(
        report=draft,
        expected_version=draft.version,
        overall_rag="red",
        overall_comment="  HR late \r\n",
        texts={"risks": "Job evaluation timing.\r\n\r\nHR capacity.", "lessons": ""},
        by=pm,
    )
    assert (saved.version, saved.overall_rag, saved.overall_comment) == (3, "red", "HR late")
    assert saved.texts["risks"] == "Job evaluation timing.\n\nHR capacity."
    assert saved.texts["summary"] == draft.texts["summary"]
    assert events(saved)[-3:] == [
        ("pm", "overall_rag", "amber", "red"),
        ("pm", "overall_comment", "Timescales are tight", "HR late"),
        ("pm", "risks", "", "Job evaluation timing.\n\nHR capacity."),
    ]


def test_an_unchanged_edit_keeps_the_version(draft: HighlightReport, pm: User) -> None:
    saved = highlight_report_update(
        report=draft,
        expected_version=draft.version,
        overall_rag=draft.overall_rag,
        overall_comment=draft.overall_comment,
        texts=dict(draft.texts),
        by=pm,
    )
    assert saved.version == draft.version == 2


def test_bad_values_are_refused_by_field(
    draft: HighlightReport, project: Project, pm: User
) -> None:
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        highlight_report_update(
            report=draft,
            expected_version=draft.version,
            overall_rag="blue",
            overall_comment="two\nlines",
            texts={"gossip": "x"},
            by=pm,
        )
    errors = {key: [(e.code, e.messages) for e in v] for key, v in caught.value.error_dict.items()}
    assert errors == {
        "overall_rag": [
            ("invalid_choice", ["'blue' is not a status; choose Red, Amber or Green."])
        ],
        "overall_comment": [
            ("too_long", ["The status comment is one line of at most 200 characters."])
        ],
        "gossip": [("unknown_section", ["There is no section 'gossip'."])],
    }
    assert stored(project) == before


def test_a_stale_edit_is_a_conflict(draft: HighlightReport, project: Project, pm: User) -> None:
    before = stored(project)
    with pytest.raises(Conflict) as caught:
        highlight_report_update(
            report=draft,
            expected_version=1,
            overall_rag="green",
            overall_comment="",
            texts={},
            by=pm,
        )
    assert caught.value.version == 2
    assert caught.value.current["overall_rag"] == "amber"
    assert stored(project) == before


def test_the_board_may_not_edit(
    draft: HighlightReport, project: Project, board_member: User
) -> None:
    before = stored(project)
    with pytest.raises(PermissionDenied):
        highlight_report_update(
            report=draft,
            expected_version=draft.version,
            overall_rag="green",
            overall_comment="",
            texts={},
            by=board_member,
        )
    assert stored(project) == before


# -- publishing and issues -------------------------------------------------------------------


def test_publishing_needs_a_status_and_a_summary(project: Project, pm: User) -> None:
    report = highlight_report_draft(
        project=project, period_start=date(2008, 4, 8), period_end=date(2008, 4, 21), by=pm
    )
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        highlight_report_publish(report=report, expected_version=report.version, by=pm)
    assert {k: [e.code for e in v] for k, v in caught.value.error_dict.items()} == {
        "overall_rag": ["required"],
        "summary": ["required"],
    }
    assert stored(project) == before


def test_a_published_report_cannot_be_changed(
    published: HighlightReport, project: Project, pm: User
) -> None:
    assert published.status == Status.PUBLISHED
    assert events(published)[-1] == ("pm", "status", "draft", "published")
    before = stored(project)
    assert published.published_at is not None
    when = f"{timezone.localtime(published.published_at):%d/%m/%Y %H:%M}"
    with pytest.raises(ValidationError) as caught:
        highlight_report_update(
            report=published,
            expected_version=published.version,
            overall_rag="green",
            overall_comment="",
            texts={"summary": "Rewritten."},
            by=pm,
        )
    assert caught.value.code == "published"
    assert caught.value.messages == [
        f"Issue 1 of the highlight report for 25/03/2008 to 07/04/2008 was published on {when} "
        "and cannot be changed; start a new issue from it to correct it."
    ]
    for refused in (highlight_report_publish, highlight_report_refresh):
        with pytest.raises(ValidationError) as again:
            refused(report=published, expected_version=published.version, by=pm)
        assert again.value.code == "published"
    assert stored(project) == before


def test_a_new_issue_starts_from_a_published_report(
    published: HighlightReport, project: Project, pm: User
) -> None:
    task = Task.objects.get(project=project, number=17)
    task_update(user=pm, task=task, expected_version=task.version, duration="60.5d")  # HR later
    draft = highlight_report_new_issue(report=published, by=pm)
    assert (draft.issue, draft.status, draft.based_on_id) == (2, "draft", published.pk)
    assert draft.texts == published.texts
    assert draft.tables == published.tables  # as published, until refreshed
    assert (draft.overall_rag, draft.overall_comment) == ("amber", "Timescales are tight")
    refreshed = highlight_report_refresh(report=draft, expected_version=draft.version, by=pm)
    rows = {row[0]: row[1:] for row in refreshed.tables["slippage"]["rows"]}
    assert rows["WP-HR"][1:] == ["Fri 11/07/2008 17:00", "+25", "Beyond (10 d)"]
    assert events(refreshed)[-1] == ("pm", "tables", "plan revision 1", "plan revision 2")
    published.refresh_from_db()
    rows = {row[0]: row[1:] for row in published.tables["slippage"]["rows"]}
    assert rows["WP-HR"][2] == "+15"  # the published snapshot is kept
    with pytest.raises(ValidationError) as caught:
        highlight_report_new_issue(report=published, by=pm)
    assert caught.value.code == "issue_exists"
    assert caught.value.messages == ["Issue 2 was already started from issue 1."]


def test_a_draft_has_no_new_issue(draft: HighlightReport, project: Project, pm: User) -> None:
    before = stored(project)
    with pytest.raises(ValidationError) as caught:
        highlight_report_new_issue(report=draft, by=pm)
    assert caught.value.code == "not_published"
    assert caught.value.messages == [
        "Issue 1 is a draft: edit it rather than starting a new issue."
    ]
    assert stored(project) == before
