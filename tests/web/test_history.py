"""The history pages: who changed what, when, from what to what, newest first. Who may read
them (members 200, outsiders 404, anonymous users sent to log in) is in test_pages.py."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import AuditEvent, Project, Task, WorkPackage
from projectboard.web.projects.services import task_update, work_package_update


def task_history_url(project: Project, number: int) -> str:
    return reverse("task-history", kwargs={"project_id": project.pk, "number": number})


def wp_history_url(project: Project, code: str) -> str:
    return reverse("work-package-history", kwargs={"project_id": project.pk, "code": code})


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_body = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag in {"td", "th"}:
            self.cell = []
        elif self.cell is not None and tag == "br":
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False
        elif self.cell is not None and tag in {"td", "th"}:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def rows(page: str) -> list[list[str]]:
    """The texts of the cells of the table's body rows, with a newline for each <br>."""
    parser = _Rows()
    parser.feed(page)
    return parser.rows


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2008, month, day, hour, minute, tzinfo=UTC)


def test_a_tasks_history_shows_every_change_newest_first(
    client: Client, project: Project, pm: User, wp_lead_gis: User, board_member: User
) -> None:
    gis = Task.objects.get(project=project, number=14)
    gis = task_update(user=wp_lead_gis, task=gis, expected_version=1, name="GIS strategy")
    task_update(user=pm, task=gis, expected_version=2, duration="30d", predecessors="5")
    events = AuditEvent.objects.filter(object_type="task", object_id=gis.pk).order_by("id")
    for event, when in zip(
        events, [at(3, 7, 9), at(4, 1, 9, 30), at(4, 2, 14), at(4, 2, 14)], strict=True
    ):
        AuditEvent.objects.filter(pk=event.pk).update(when=when)
    task_update(  # another task's change is not in this history
        user=pm, task=Task.objects.get(project=project, number=6), expected_version=1, name="F"
    )
    client.force_login(board_member)
    page = client.get(task_history_url(project, 14)).content.decode()
    assert "<h1>History of task 14: GIS strategy</h1>" in page
    # Times are shown in UK time: British Summer Time began on 30 March 2008.
    assert rows(page) == [
        ["Wed 02/04/2008 15:00", "Hazel Cushin", "Predecessors", "", "5"],
        ["Wed 02/04/2008 15:00", "Hazel Cushin", "Duration", "31.13d", "30d"],
        ["Tue 01/04/2008 10:30", "Rob Stapleton", "Name", "GIS", "GIS strategy"],
        ["Fri 07/03/2008 09:00", "System", "Created", "", "14 GIS"],
    ]
    assert '<time datetime="2008-04-01T10:30:00+01:00">' in page


def test_a_work_packages_history_shows_lists_one_item_a_line(
    client: Client, project: Project, wp_lead_fin: User, observer: User
) -> None:
    fin = WorkPackage.objects.get(project=project, code="WP-FIN")
    work_package_update(
        user=wp_lead_fin, work_package=fin, expected_version=1, objectives=["One.", "Two."]
    )
    AuditEvent.objects.create(  # a task's event, for the object id of the work package
        project=project, who=wp_lead_fin, object_type="task", object_id=fin.pk, field="name"
    )
    client.force_login(observer)
    page = client.get(wp_history_url(project, "WP-FIN")).content.decode()
    assert "<h1>History of WP-FIN: Finance / Budgets</h1>" in page
    assert [r[1:] for r in rows(page)] == [
        [
            "Mike Thompson",
            "Objectives",
            "To develop a cost model for the shared ICT service, including any identified "
            "implementation / setup costs together with ongoing revenue costs.\n"
            "To produce a capital investment profile for the medium term, defined as 3-5 years.",
            "One.\nTwo.",
        ],
        ["System", "Created", "", "WP-FIN Finance / Budgets"],
    ]


def test_a_user_without_a_person_record_is_shown_by_user_name(
    client: Client, project: Project, pm: User
) -> None:
    admin = User.objects.create_user("admin", is_staff=True)
    fin = WorkPackage.objects.get(project=project, code="WP-FIN")
    AuditEvent.objects.create(
        project=project, who=admin, object_type="work_package", object_id=fin.pk, field="due"
    )
    client.force_login(pm)
    page = client.get(wp_history_url(project, "WP-FIN")).content.decode()
    assert rows(page)[0][1:] == ["admin", "Due", "", ""]


def test_a_missing_task_has_no_history_page(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.get(task_history_url(project, 99)).status_code == 404
    assert client.get(wp_history_url(project, "WP-NONE")).status_code == 404


def test_the_history_pages_are_linked_from_the_plan_and_the_work_package(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    plan = client.get(reverse("plan", kwargs={"project_id": project.pk})).content.decode()
    assert f'<a href="{task_history_url(project, 14)}">History' in plan
    detail = client.get(
        reverse("work-package-detail", kwargs={"project_id": project.pk, "code": "WP-GIS"})
    ).content.decode()
    assert f'<a href="{wp_history_url(project, "WP-GIS")}">History of this work package</a>' in (
        detail
    )
