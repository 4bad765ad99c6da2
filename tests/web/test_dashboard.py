"""The project dashboard as at a date: work packages by status, late tasks, next milestones.

The seed project runs from 7 March to 1 July 2008, so the dates here are in it. Most of its
work packages are due on 6 June 2008, and the schedule finishes several of them later.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from projectboard.web.projects.models import Project, Task
from projectboard.web.projects.services import task_update

from .test_edit_task import element


def dashboard(client: Client, project: Project, as_at: str | None = None) -> tuple[int, str]:
    url = reverse("project-detail", args=[project.pk])
    response = client.get(url, {"as_at": as_at} if as_at is not None else {})
    return response.status_code, response.content.decode()


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def rows(page: str, prefix: str) -> list[str]:
    return [text(r) for r in re.findall(rf'<tr id="{prefix}-[^"]+">.*?</tr>', page, re.S)]


def next_milestones(page: str) -> list[str]:
    found = re.search(r'<ol class="next-milestones">(.*?)</ol>', page, re.S)
    return [text(li) for li in re.findall(r"<li>.*?</li>", found.group(1), re.S)] if found else []


def test_work_packages_by_status_as_at_a_date(
    client: Client, project: Project, board_member: User
) -> None:
    client.force_login(board_member)
    status, page = dashboard(client, project, "2008-04-18")
    assert status == 200
    assert element(page, "as-at-date")[1] == "Fri 18/04/2008"
    assert element(page, "status-counts")[1] == (
        "Late: 9; In progress: 5; Not started: 1; Finished by plan: 2."
    )
    # Status, work package, start, forecast finish, due, days late: late first, then in
    # progress, not started, finished; each by forecast finish. The status is a word.
    assert rows(page, "status") == [
        "Late WP-ITSM IT Service Management (incl. Service Desk) Fri 18/04/2008 Mon 16/06/2008 "
        "Fri 06/06/2008 10",
        "Late WP-TECH Technical Infrastructure Fri 18/04/2008 Mon 16/06/2008 Fri 06/06/2008 10",
        "Late WP-BCDR Business Continuity / Disaster Recovery Fri 23/05/2008 Mon 16/06/2008 "
        "Fri 06/06/2008 10",
        "Late WP-APPS Rationalisation of business applications Fri 18/04/2008 Tue 17/06/2008 "
        "Fri 06/06/2008 11",
        "Late WP-WEB Websites Fri 18/04/2008 Tue 17/06/2008 Fri 06/06/2008 11",
        "Late WP-DMS Document Management Services Fri 18/04/2008 Tue 17/06/2008 Fri 06/06/2008 11",
        "Late WP-ORG Organisational Structure Wed 18/06/2008 Tue 24/06/2008 Fri 06/06/2008 18",
        "Late WP-HR Human Resources Fri 18/04/2008 Fri 27/06/2008 Fri 06/06/2008 21",
        "Late WP-BC Business Case development Tue 08/04/2008 Tue 01/07/2008 Mon 30/06/2008 1",
        "In progress WP-FIN Finance / Budgets Fri 18/04/2008 Wed 14/05/2008 Fri 06/06/2008",
        "In progress WP-TEL Telephony Fri 18/04/2008 Thu 22/05/2008 Fri 06/06/2008",
        "In progress WP-GIS GIS Fri 18/04/2008 Mon 02/06/2008 Fri 06/06/2008",
        "In progress WP-PLAN Project Plan Fri 07/03/2008 Mon 30/06/2008 Not set",
        "In progress WP-COMMS Communications Mon 10/03/2008 Mon 30/06/2008 Not set",
        "Not started WP-PART Partnerships &amp; Commercial engagements Wed 14/05/2008 "
        "Fri 30/05/2008 Fri 06/06/2008",
        "Finished by plan WP-VISION Options Appraisal / Visioning Tue 08/04/2008 Fri 11/04/2008 "
        "Not set",
        "Finished by plan WP-GOV Governance Mon 14/04/2008 Fri 18/04/2008 Fri 06/06/2008",
    ]


@pytest.mark.parametrize(
    ("as_at", "counts"),
    [
        # The day before the project: only the late ones are not "not started".
        ("2008-03-06", "Late: 9; In progress: 0; Not started: 8; Finished by plan: 0."),
        # GIS has started (its SNET is 18/04 08:00), the tasks after Governance not yet.
        ("2008-04-17", "Late: 9; In progress: 3; Not started: 4; Finished by plan: 1."),
        # After the last finish every work package is finished by plan, or late.
        ("2008-07-02", "Late: 9; In progress: 0; Not started: 0; Finished by plan: 8."),
    ],
)
def test_the_counts_move_with_the_as_at_date(
    client: Client, project: Project, observer: User, as_at: str, counts: str
) -> None:
    client.force_login(observer)
    _, page = dashboard(client, project, as_at)
    assert element(page, "status-counts")[1] == counts


def test_a_work_package_that_meets_its_due_date_is_not_late(
    client: Client, project: Project, pm: User
) -> None:
    # Organisational Structure (WP-ORG, due 06/06) waits for task 8, 41.5 days from 18/04.
    # With each of its predecessors shortened to 5 days it waits for task 11, which follows
    # Telephony (to 22/05): it starts on 30/05 and finishes on 05/06, within its due date.
    for number in (7, 8, 11, 13, 14, 15):
        row = Task.objects.get(project=project, number=number)
        task_update(user=pm, task=row, expected_version=row.version, duration="5d")
    client.force_login(pm)
    _, page = dashboard(client, project, "2008-05-01")
    org = [r for r in rows(page, "status") if "WP-ORG" in r]
    assert org == [
        "Not started WP-ORG Organisational Structure Fri 30/05/2008 Thu 05/06/2008 Fri 06/06/2008"
    ]


def test_late_tasks_are_those_finishing_after_their_work_packages_due_date(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    _, page = dashboard(client, project, "2008-04-18")
    # ID, task, work package, forecast finish, due, days late; by forecast finish.
    assert rows(page, "late") == [
        "8 IT Service Management (incl. Service Desk) WP-ITSM Mon 16/06/2008 17:00 "
        "Fri 06/06/2008 (work package due) 10",
        "9 Technical Infrastructure WP-TECH Mon 16/06/2008 17:00 "
        "Fri 06/06/2008 (work package due) 10",
        "11 Business Continuity/Disaster Recovery WP-BCDR Mon 16/06/2008 17:00 "
        "Fri 06/06/2008 (work package due) 10",
        "12 Rationalisation of Business Applications WP-APPS Tue 17/06/2008 17:00 "
        "Fri 06/06/2008 (work package due) 11",
        "13 Web Sites WP-WEB Tue 17/06/2008 17:00 Fri 06/06/2008 (work package due) 11",
        "15 Document Management Services WP-DMS Tue 17/06/2008 17:00 "
        "Fri 06/06/2008 (work package due) 11",
        "16 Organisational Structure WP-ORG Tue 24/06/2008 17:00 "
        "Fri 06/06/2008 (work package due) 18",
        "17 Human Resources WP-HR Fri 27/06/2008 17:00 Fri 06/06/2008 (work package due) 21",
        "19 Recommendation and Business Case WP-BC Tue 01/07/2008 17:00 "
        "Mon 30/06/2008 (work package due) 1",
    ]


def test_the_next_five_milestones_from_the_as_at_date(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    _, page = dashboard(client, project, "2008-04-01")
    assert next_milestones(page) == []
    assert "No milestones on or after Tue 01/04/2008." in page
    for number in (4, 7, 11, 14, 16, 19):  # zero-length tasks are milestones
        row = Task.objects.get(project=project, number=number)
        task_update(user=pm, task=row, expected_version=row.version, duration="0d")
    _, page = dashboard(client, project, "2008-04-01")
    assert next_milestones(page) == [
        "4 Visioning/Options Appraisal: Tue 08/04/2008",
        "14 GIS: Fri 18/04/2008",
        "7 Partnerships and Commercial Engagements: Wed 14/05/2008",
        "11 Business Continuity/Disaster Recovery: Thu 22/05/2008",
        "16 Organisational Structure: Tue 17/06/2008",
    ]
    _, page = dashboard(client, project, "2008-06-01")
    assert next_milestones(page) == [
        "16 Organisational Structure: Tue 17/06/2008",
        "19 Recommendation and Business Case: Mon 30/06/2008",
    ]


def test_without_a_date_the_dashboard_is_as_at_today(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    status, page = dashboard(client, project)
    assert status == 200
    assert element(page, "as-at-date")[1] == f"{timezone.localdate():%a %d/%m/%Y}"
    assert "There is a problem" not in page


@pytest.mark.parametrize("bad", ["2008-02-30", "18/04/2008", "soon"])
def test_a_bad_date_is_an_error_on_the_page_and_today_is_used(
    client: Client, project: Project, observer: User, bad: str
) -> None:
    client.force_login(observer)
    status, page = dashboard(client, project, bad)
    assert status == 400
    today = f"{timezone.localdate():%a %d/%m/%Y}"
    assert "<title>Error: " in page
    _, summary = element(page, "error-summary-title")
    assert summary == "There is a problem"
    assert (
        '<a href="#id_as_at">As at: Enter a real date as YYYY-MM-DD, such as 2008-04-18.</a>'
        in page
    )
    assert f"The dashboard below is as at today, {today}." in page
    assert element(page, "as-at-date")[1] == today
    assert element(page, "id_as_at_error")[1] == (
        "Enter a real date as YYYY-MM-DD, such as 2008-04-18."
    )
    assert element(page, "id_as_at")[0]["aria-invalid"] == "true"


def test_the_dashboard_keeps_the_key_dates_and_critical_path(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    _, page = dashboard(client, project, "2008-04-18")
    assert "<dd>Fri 07/03/2008 08:00</dd>" in page
    assert "<dd>Tue 01/07/2008 17:00</dd>" in page
    critical = re.search(r"<h2>Critical path</h2>\s*<ol>(.*?)</ol>", page, re.S)
    assert critical is not None
    assert [text(li) for li in re.findall(r"<li>.*?</li>", critical.group(1), re.S)] == [
        "1 Project Initiation Document: 07/03/2008 to 07/03/2008",
        "2 Project Planning and Management: 10/03/2008 to 30/06/2008",
        "18 Communications: 10/03/2008 to 30/06/2008",
        "19 Recommendation and Business Case: 01/07/2008 to 01/07/2008",
    ]
