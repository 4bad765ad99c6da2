"""The history of a whole project and of its PID: who may read them, what they show, in
which order, filtered by type and 50 to a page."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.pid.services import pid_ensure_sections, pid_section_update
from projectboard.web.projects.models import AuditEvent, Membership, Person, Project, Role, Task
from projectboard.web.projects.people_services import membership_remove, person_update
from projectboard.web.projects.services import task_update

from .support import PERSONAS, READ_STATUS, login


def history_url(project: Project, query: str = "") -> str:
    return reverse("project-history", kwargs={"project_id": project.pk}) + query


def pid_history_url(project: Project, query: str = "") -> str:
    return reverse("pid-history", kwargs={"project_id": project.pk}) + query


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2008, month, day, hour, minute, tzinfo=UTC)


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
    parser = _Rows()
    parser.feed(page)
    return parser.rows


# -- who gets what ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", [history_url, pid_history_url])
def test_who_may_read_the_histories(
    client: Client,
    project: Project,
    persona: str,
    url: object,
    request: pytest.FixtureRequest,
) -> None:
    assert callable(url)
    login(client, request, persona)
    response = client.get(url(project))
    assert response.status_code == READ_STATUS[persona]
    if persona == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={url(project)}"
    if persona == "outsider":
        assert project.name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", [history_url, pid_history_url])
def test_the_histories_refuse_writes(
    client: Client,
    project: Project,
    persona: str,
    url: object,
    request: pytest.FixtureRequest,
) -> None:
    assert callable(url)
    login(client, request, persona)
    before = AuditEvent.objects.count()
    status = {"anonymous": 302, "outsider": 405}.get(persona, 405)
    assert client.post(url(project)).status_code == status
    assert AuditEvent.objects.count() == before


def test_a_missing_project_has_no_history(client: Client, pm: User) -> None:
    client.force_login(pm)
    assert client.get(reverse("project-history", kwargs={"project_id": 999999})).status_code == 404
    assert client.get(reverse("pid-history", kwargs={"project_id": 999999})).status_code == 404


# -- the project's history -------------------------------------------------------------------


def test_the_project_history_shows_every_change_newest_first(
    client: Client, project: Project, pm: User, wp_lead_fin: User, observer: User
) -> None:
    AuditEvent.objects.filter(project=project).update(when=at(3, 7, 8))  # the import's
    task_update(
        user=wp_lead_fin,
        task=Task.objects.get(project=project, number=6),
        expected_version=1,
        duration="20d",
    )
    angela = Person.objects.filter(code="ABROWN", memberships__project=project).distinct().get()
    person_update(
        project=project,
        person=angela,
        expected_version=1,
        name="Angela Brown",
        job_title="Director of Resources",
        email="",
        partner=angela.partner,
        by=pm,
    )
    chair = Membership.objects.get(project=project, person=angela, role=Role.CHAIR)
    membership_remove(membership=chair, by=pm)
    objectives = next(s for s in pid_ensure_sections(project) if s.key == "objectives")
    pid_section_update(user=pm, section=objectives, expected_version=1, body="To decide.")
    AuditEvent.objects.create(  # a type this page does not know: shown by its name
        project=project, who=pm, object_type="risk", object_id=5, field="score", new="12"
    )
    newest = list(AuditEvent.objects.filter(project=project).order_by("-id")[:5])
    for event, when in zip(
        newest,
        [at(4, 2, 14), at(4, 2, 13), at(4, 1, 9, 30), at(3, 20, 10), at(3, 10, 16)],
        strict=True,
    ):
        AuditEvent.objects.filter(pk=event.pk).update(when=when)
    client.force_login(observer)
    page = client.get(history_url(project)).content.decode()
    assert "<h1>History of the project</h1>" in page
    # Times are shown in UK time: British Summer Time began on 30 March 2008.
    assert rows(page)[:6] == [
        ["Wed 02/04/2008 15:00", "Hazel Cushin", "Risk", "Risk 5", "Score", "", "12"],
        [
            "Wed 02/04/2008 14:00",
            "Hazel Cushin",
            "PID section",
            "Objectives",
            "Text",
            "",
            "To decide.",
        ],
        [
            "Tue 01/04/2008 10:30",
            "Hazel Cushin",
            "Role",
            "Angela Brown: Chair",
            "Removed",
            "Angela Brown: Chair",
            "",
        ],
        [
            "Thu 20/03/2008 10:00",
            "Hazel Cushin",
            "Person",
            "Angela Brown",
            "Job title",
            "Director of Corporate Resources",
            "Director of Resources",
        ],
        [
            "Mon 10/03/2008 16:00",
            "Mike Thompson",
            "Task",
            "6 Finance/Budgets",
            "Duration",
            "17.7d",
            "20d",
        ],
        [
            "Fri 07/03/2008 08:00",
            "System",
            "Task",
            "19 Recommendation and Business Case",
            "Created",
            "",
            "19 Recommendation and Business Case",
        ],
    ]
    task_6 = reverse("task-history", kwargs={"project_id": project.pk, "number": 6})
    assert f'<th scope="row"><a href="{task_6}">6 Finance/Budgets</a></th>' in page
    people = reverse("people", kwargs={"project_id": project.pk})
    assert f'<th scope="row"><a href="{people}#person-{angela.pk}">Angela Brown</a></th>' in page
    pid = reverse("pid", kwargs={"project_id": project.pk})
    assert f'<a href="{pid}#pid-objectives">Objectives</a>' in page
    assert '<th scope="row">Risk 5</th>' in page


def test_the_history_is_filtered_by_type(
    client: Client, project: Project, pm: User, wp_lead_fin: User
) -> None:
    task_update(
        user=wp_lead_fin,
        task=Task.objects.get(project=project, number=6),
        expected_version=1,
        name="Finance",
    )
    client.force_login(pm)
    page = client.get(history_url(project, "?type=work_package")).content.decode()
    found = rows(page)
    assert len(found) == 17  # the seed's work packages, created by the import
    assert {r[2] for r in found} == {"Work package"}
    assert [r[3] for r in found[:2]] == [
        "WP-PART Partnerships & Commercial engagements",
        "WP-TEL Telephony",
    ]
    assert "<title>History of the project (Work package only) – " in page
    assert "<caption>Changes, newest first: Work package only</caption>" in page
    assert '<option value="work_package" selected>Work package</option>' in page
    page = client.get(history_url(project, "?type=task")).content.decode()
    assert rows(page)[0][1:] == [
        "Mike Thompson",
        "Task",
        "6 Finance",
        "Name",
        "Finance/Budgets",
        "Finance",
    ]
    assert len(rows(page)) == 20  # 19 created, one changed


def test_an_unknown_type_is_a_400_with_the_error(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    response = client.get(history_url(project, "?type=nonsense"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: History of the project – " in page
    assert (
        '<a href="#id_type">Show changes to: Select a valid choice. nonsense is not one of the '
        "available choices.</a>"
    ) in page
    assert len(rows(page)) == AuditEvent.objects.filter(project=project).count()


def test_the_history_has_50_changes_a_page(client: Client, project: Project, pm: User) -> None:
    seed_events = AuditEvent.objects.filter(project=project).count()
    task = Task.objects.get(project=project, number=1)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            project=project,
            who=pm,
            object_type="task",
            object_id=task.pk,
            field="name",
            old=str(n),
            new=str(n + 1),
        )
        for n in range(101 - seed_events)
    )
    client.force_login(pm)
    first = client.get(history_url(project)).content.decode()
    assert len(rows(first)) == 50
    assert rows(first)[0][5:] == [str(100 - seed_events), str(101 - seed_events)]
    assert "(page 1 of 3)</caption>" in first
    assert '<li><a href="?page=2" rel="next">Older changes</a></li>' in first
    assert '<li><a href="?page=3">Last page</a></li>' in first
    assert "Newer changes" not in first
    last = client.get(history_url(project, "?page=3")).content.decode()
    assert rows(last) == [
        [
            rows(last)[0][0],
            "System",
            "Project",
            project.name,
            "Created",
            "",
            project.name,
        ]
    ]
    assert '<li><a href="?page=2" rel="prev">Newer changes</a></li>' in last
    filtered = client.get(history_url(project, "?type=task&page=2")).content.decode()
    assert '<li><a href="?type=task&amp;page=1">First page</a></li>' in filtered


# -- the PID's history -----------------------------------------------------------------------


def test_the_pid_history_shows_each_section_change_newest_first(
    client: Client, project: Project, pm: User, board_member: User
) -> None:
    sections = {s.key: s for s in pid_ensure_sections(project)}
    saved = pid_section_update(
        user=pm, section=sections["objectives"], expected_version=1, body="To decide."
    )
    pid_section_update(user=pm, section=saved, expected_version=2, body="To decide.\n\nBy June.")
    pid_section_update(user=pm, section=sections["scope"], expected_version=1, body="ICT only.")
    task_update(  # not a PID change
        user=pm, task=Task.objects.get(project=project, number=6), expected_version=1, name="F"
    )
    pid_events = AuditEvent.objects.filter(project=project, object_type="pid_section")
    for event, when in zip(
        pid_events.order_by("id"), [at(3, 7, 9), at(3, 8, 10), at(4, 1, 11)], strict=True
    ):
        AuditEvent.objects.filter(pk=event.pk).update(when=when)
    client.force_login(board_member)
    page = client.get(pid_history_url(project)).content.decode()
    assert "<h1>History of the PID</h1>" in page
    assert rows(page) == [
        ["Tue 01/04/2008 12:00", "Hazel Cushin", "Scope and exclusions", "", "ICT only."],
        [
            "Sat 08/03/2008 10:00",
            "Hazel Cushin",
            "Objectives",
            "To decide.",
            "To decide.\n\nBy June.",
        ],
        ["Fri 07/03/2008 09:00", "Hazel Cushin", "Objectives", "", "To decide."],
    ]
    pid = reverse("pid", kwargs={"project_id": project.pk})
    assert f'<th scope="row"><a href="{pid}#pid-scope">Scope and exclusions</a></th>' in page


def test_the_pid_history_is_linked_from_the_document_and_the_project_history(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    document = client.get(reverse("pid", kwargs={"project_id": project.pk})).content.decode()
    assert f'<a href="{pid_history_url(project)}">History of the PID</a>' in document
    history = client.get(history_url(project)).content.decode()
    assert f'<a href="{pid_history_url(project)}">history of the PID</a>' in history


def test_an_empty_pid_history_says_so(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    page = client.get(pid_history_url(project)).content.decode()
    assert rows(page) == [["No changes recorded."]]
