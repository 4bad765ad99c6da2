"""The PID: the document page, the section edit page, the service and its audit events."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from projectboard.web.pid.models import PidSection, SectionKey
from projectboard.web.pid.services import (
    pid_ensure_sections,
    pid_section_update,
    pid_sections,
)
from projectboard.web.projects.models import AuditEvent, Project
from projectboard.web.projects.services import Conflict

PERSONAS = [
    "pm",
    "wp_lead_fin",
    "wp_lead_gis",
    "deputy_hr",
    "board_member",
    "observer",
    "outsider",
    "anonymous",
]
DOCUMENT_STATUS = {p: 200 for p in PERSONAS} | {"outsider": 404, "anonymous": 302}
EDIT_STATUS = {p: 403 for p in PERSONAS} | {"pm": 200, "outsider": 404, "anonymous": 302}
POST_STATUS = {**EDIT_STATUS, "pm": 303}


def login(client: Client, request: pytest.FixtureRequest, persona: str) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def document_url(project: Project) -> str:
    return reverse("pid", kwargs={"project_id": project.pk})


def edit_url(project: Project, key: str = "objectives") -> str:
    return reverse("pid-section-edit", kwargs={"project_id": project.pk, "key": key})


def section(project: Project, key: str = "objectives") -> PidSection:
    return next(s for s in pid_ensure_sections(project) if s.key == key)


def pid_events(project: Project) -> list[tuple[str | None, int, str, str, str]]:
    return [
        (e.who.username if e.who else None, e.object_id, e.field, e.old, e.new)
        for e in AuditEvent.objects.filter(project=project, object_type="pid_section")
    ]


# -- who gets what ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_read_the_document(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.get(document_url(project))
    assert response.status_code == DOCUMENT_STATUS[persona]
    if persona == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={document_url(project)}"
    if persona == "outsider":
        assert project.name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_edit_page(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.get(edit_url(project))
    assert response.status_code == EDIT_STATUS[persona]
    if persona == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={edit_url(project)}"
    if persona in ("outsider", "anonymous"):
        assert project.name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_save_and_a_refused_post_changes_nothing(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    before = section(project)
    response = client.post(edit_url(project), {"body": "New objectives.", "version": "1"})
    assert response.status_code == POST_STATUS[persona]
    after = PidSection.objects.get(pk=before.pk)
    if persona == "pm":
        assert response["Location"] == f"{document_url(project)}#pid-objectives"
        assert (after.body, after.version) == ("New objectives.", 2)
        assert after.updated_by is not None and after.updated_by.username == "pm"
    else:
        assert (after.body, after.version, after.updated_at) == ("", 1, before.updated_at)
        assert pid_events(project) == []


def test_a_missing_project_or_section_is_404(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.get(reverse("pid", kwargs={"project_id": 999999})).status_code == 404
    missing = reverse("pid-section-edit", kwargs={"project_id": 999999, "key": "objectives"})
    assert client.get(missing).status_code == 404
    assert client.get(edit_url(project, "nonsense")).status_code == 404
    assert client.post(
        edit_url(project, "nonsense"), {"body": "x", "version": "1"}
    ).status_code == (404)


def test_the_document_refuses_writes(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.post(document_url(project)).status_code == 405


# -- the document ----------------------------------------------------------------------------


def test_reading_the_document_writes_nothing(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(document_url(project)).content.decode()
    assert PidSection.objects.filter(project=project).count() == 0
    assert page.count("Not written yet.") == 12


def test_the_document_shows_every_section_in_order(
    client: Client, project: Project, board_member: User
) -> None:
    client.force_login(board_member)
    page = client.get(document_url(project)).content.decode()
    headings = [f"{i}. {label}</h2>" for i, label in enumerate(SectionKey.labels, start=1)]
    positions = [page.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "12. Risk management</h2>" in page
    assert "9. Costs and funding per partner</h2>" in page
    # only the project manager sees edit links
    assert reverse("pid-section-edit", args=[project.pk, "background"]) not in page


def test_the_document_is_printable(client: Client, project: Project, observer: User) -> None:
    client.force_login(observer)
    page = client.get(document_url(project)).content.decode()
    assert "@media print" in page
    assert "header, nav, .skip-link, .messages, .pid-actions, .pid-edit { display: none" in page


def test_the_project_nav_links_to_the_pid(client: Client, project: Project, observer: User) -> None:
    client.force_login(observer)
    page = client.get(reverse("project-detail", args=[project.pk])).content.decode()
    assert f'<a href="{document_url(project)}">PID</a>' in page


def test_bodies_are_paragraphs_and_escaped(client: Client, project: Project, pm: User) -> None:
    pid_section_update(
        user=pm,
        section=section(project, "background"),
        expected_version=1,
        body="First <script>alert(1)</script> para.\r\n\r\nSecond para,\r\nwith a break.",
    )
    client.force_login(pm)
    page = client.get(document_url(project)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<p>First &lt;script&gt;alert(1)&lt;/script&gt; para.</p>" in page
    assert "<p>Second para,<br>with a break.</p>" in page
    assert reverse("pid-section-edit", args=[project.pk, "background"]) in page
    assert page.count("Not written yet.") == 11


# -- editing ---------------------------------------------------------------------------------


def test_the_edit_page_shows_the_text_and_version(
    client: Client, project: Project, pm: User
) -> None:
    pid_section_update(user=pm, section=section(project), expected_version=1, body="Save money.")
    client.force_login(pm)
    page = client.get(edit_url(project)).content.decode()
    assert "<h1>Edit the PID: Objectives</h1>" in page
    assert "Save money.</textarea>" in page
    assert 'name="version" value="2"' in page


def test_ensure_sections_creates_each_once(project: Project) -> None:
    first = pid_ensure_sections(project)
    assert [s.key for s in first] == list(SectionKey.values)
    assert [s.title for s in first] == list(SectionKey.labels)
    assert [s.pk for s in pid_ensure_sections(project)] == [s.pk for s in first]
    assert [s.pk for s in pid_sections(project)] == [s.pk for s in first]
    assert PidSection.objects.filter(project=project).count() == 12


def test_an_unchanged_save_keeps_the_version_and_records_nothing(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    response = client.post(edit_url(project), {"body": "", "version": "1"})
    assert response.status_code == 303
    assert section(project).version == 1
    assert pid_events(project) == []


def test_a_stale_save_is_a_conflict_showing_both_texts(
    client: Client, project: Project, pm: User
) -> None:
    row = section(project)
    pid_section_update(user=pm, section=row, expected_version=1, body="Theirs.")
    client.force_login(pm)
    response = client.post(edit_url(project), {"body": "Mine.", "version": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved a change first" in page
    assert "<td>Theirs.</td><td>Mine.</td><td>Different</td>" in page
    assert "Last saved by Hazel Cushin" in page
    assert 'name="version" value="2"' in page
    assert "Mine.</textarea>" in page
    assert PidSection.objects.get(pk=row.pk).body == "Theirs."
    # saving again, on purpose, applies the change
    response = client.post(edit_url(project), {"body": "Mine.", "version": "2"})
    assert response.status_code == 303
    assert PidSection.objects.get(pk=row.pk).body == "Mine."


def test_a_bad_version_is_refused_with_422(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.post(edit_url(project), {"body": "x", "version": "nope"})
    assert response.status_code == 422
    assert section(project).body == ""


# -- the service -----------------------------------------------------------------------------


def test_each_change_is_one_audit_event(project: Project, pm: User) -> None:
    row = section(project, "risks")
    pid_section_update(user=pm, section=row, expected_version=1, body="Risk one.")
    pid_section_update(user=pm, section=row, expected_version=2, body="Risk one.\n\nRisk two.")
    assert pid_events(project) == [
        ("pm", row.pk, "body", "", "Risk one."),
        ("pm", row.pk, "body", "Risk one.", "Risk one.\n\nRisk two."),
    ]


def test_the_service_refuses_members_who_are_not_the_pm(
    project: Project, board_member: User, wp_lead_fin: User, outsider: User
) -> None:
    row = section(project)
    for user in (board_member, wp_lead_fin, outsider):
        with pytest.raises(PermissionDenied):
            pid_section_update(user=user, section=row, expected_version=1, body="No.")
    assert PidSection.objects.get(pk=row.pk).body == ""
    assert pid_events(project) == []


def test_the_service_refuses_a_stale_version(project: Project, pm: User) -> None:
    row = section(project)
    pid_section_update(user=pm, section=row, expected_version=1, body="First.")
    with pytest.raises(Conflict) as caught:
        pid_section_update(user=pm, section=row, expected_version=1, body="Second.")
    assert (caught.value.version, caught.value.current) == (2, {"body": "First."})
    assert PidSection.objects.get(pk=row.pk).body == "First."
    assert len(pid_events(project)) == 1
