"""Two sections drafted from other apps: what moved since the baseline saved at the last board
(projects' progress queries), and the project's funding and spend per partner (the business
case's funding page)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from projectboard.web.business.models import Funding, Spend
from projectboard.web.highlights.services import highlight_report_draft
from projectboard.web.projects.models import Baseline, Partner, Project, Task
from projectboard.web.projects.progress_services import baseline_save
from projectboard.web.projects.services import task_update

LONDON = ZoneInfo("Europe/London")
MOVED_COLUMNS = ["Change", "Task", "Finish then", "Finish now", "Slip (days)", "Critical"]


def _draft(project: Project, pm: User) -> dict[str, Any]:
    report = highlight_report_draft(
        project=project, period_start=date(2008, 4, 8), period_end=date(2008, 4, 21), by=pm
    )
    tables: dict[str, Any] = report.tables
    return tables


def test_without_a_baseline_the_section_says_what_to_do(project: Project, pm: User) -> None:
    assert _draft(project, pm)["moved"] == {
        "columns": MOVED_COLUMNS,
        "rows": [],
        "notes": [
            "No baseline saved by the period's end: save one at each board meeting to see "
            "what moved since."
        ],
    }


def test_the_tasks_that_moved_since_the_last_baseline(
    project: Project, pm: User, wp_lead_fin: User
) -> None:
    baseline_save(user=pm, project=project, number=0)
    # Saved at the board of 2 April 2008, before the period ends.
    Baseline.objects.filter(project=project).update(
        saved=datetime(2008, 4, 2, 12, 0, tzinfo=LONDON)
    )
    # Finance / Budgets needs 20 days instead of 17.7: 2.3 days (18.4 hours) later, from
    # Wed 14/05 09:36 to Fri 16/05 12:00; its successor, task 7, moves as much (Fri 30/05
    # 09:36 + 18.4 h = Tue 03/06 12:00) and its float absorbs the rest.
    task = Task.objects.get(project=project, number=6)
    task_update(user=wp_lead_fin, task=task, expected_version=task.version, duration="20d")
    assert _draft(project, pm)["moved"] == {
        "columns": MOVED_COLUMNS,
        "rows": [
            [
                "Moved",
                "6 Finance/Budgets",
                "Wed 14/05/2008 09:36",
                "Fri 16/05/2008 12:00",
                "+2.3",
                "no",
            ],
            [
                "Moved",
                "7 Partnerships and Commercial Engagements",
                "Fri 30/05/2008 09:36",
                "Tue 03/06/2008 12:00",
                "+2.3",
                "no",
            ],
        ],
        "notes": [
            "Baseline (saved 02/04/2008) against now.",
            "The project's finish has not moved.",
        ],
    }


def test_a_baseline_saved_after_the_period_is_not_the_last_board(
    project: Project, pm: User
) -> None:
    baseline_save(user=pm, project=project, number=3)  # saved today, long after 2008
    assert _draft(project, pm)["moved"]["rows"] == []


def test_funding_and_spend_per_partner_in_the_period_and_to_its_end(
    project: Project, pm: User
) -> None:
    abc, ccc = (Partner.objects.get(project=project, code=c) for c in ("ABC", "CCC"))
    for partner in (abc, ccc):
        Funding.objects.create(
            project=project, partner=partner, amount=Decimal("10000.00"), purpose="External help"
        )
    for on, partner, amount in [
        (date(2008, 3, 20), abc, "1500.00"),  # before the period
        (date(2008, 4, 10), abc, "2250.50"),  # in it
        (date(2008, 4, 21), ccc, "999.99"),  # on its last day
        (date(2008, 4, 22), ccc, "5000.00"),  # after it: not counted
    ]:
        Spend.objects.create(
            project=project, spent_on=on, partner=partner, amount=Decimal(amount), description="x"
        )
    assert _draft(project, pm)["budget"] == {
        "columns": ["Partner", "Funding", "Spent in the period", "Spent to date", "Remaining"],
        "rows": [
            ["Allerdale Borough Council", "£10,000.00", "£2,250.50", "£3,750.50", "£6,249.50"],
            ["Carlisle City Council", "£10,000.00", "£999.99", "£999.99", "£9,000.01"],
            ["Total", "£20,000.00", "£3,250.49", "£4,750.49", "£15,249.51"],
        ],
        "notes": [],
    }


def test_no_funding_says_so(project: Project, pm: User) -> None:
    assert _draft(project, pm)["budget"] == {
        "columns": ["Partner", "Funding", "Spent in the period", "Spent to date", "Remaining"],
        "rows": [],
        "notes": ["No project funding or spend recorded."],
    }
