"""``projectboard_load_demo``: the seed project and a login per role, once."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from projectboard.web.board.models import Meeting
from projectboard.web.business.models import Scenario
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.pid.models import SECTION_ORDER, PidSection
from projectboard.web.projects.models import AuditEvent, Membership, Person, Project
from projectboard.web.projects.permissions import person_of
from projectboard.web.returns.models import RagReturn
from projectboard.web.risks.models import Risk


@pytest.fixture(autouse=True)
def _fresh_database(db: None) -> None:
    """The demo loads into a new installation: without the seed project that the other web
    tests share (tests/conftest.py). Rolled back after each test like any change."""
    Project.objects.all().delete()
    Person.objects.all().delete()


@pytest.mark.django_db
def test_the_demo_loads_once_with_a_login_for_each_role(settings: Settings) -> None:
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast
    out = StringIO()
    call_command("projectboard_load_demo", stdout=out)
    call_command("projectboard_load_demo", stdout=out)
    [project] = Project.objects.all()
    assert project.tasks.count() == 19
    # The governance of spring 2008, loaded once although the command ran twice.
    assert (
        RagReturn.objects.filter(project=project).count(),
        Risk.objects.filter(project=project).count(),
        Meeting.objects.filter(project=project).count(),
        HighlightReport.objects.filter(project=project).count(),
        Scenario.objects.filter(project=project).count(),
    ) == (19, 6, 5, 1, 3)
    text = out.getvalue()
    assert "Demo logins (password 'shared-ict-2008'):" in text
    assert "is already loaded" in text
    roles = {}
    for username in ["pm", "board", "lead-fin", "lead-gis", "observer", "outsider"]:
        user = User.objects.get(username=username)
        assert user.check_password("shared-ict-2008")
        person = person_of(user)
        roles[username] = (
            sorted(
                Membership.objects.filter(project=project, person=person).values_list(
                    "role", flat=True
                )
            )
            if person
            else None
        )
    assert roles == {
        "pm": ["pm", "wp_lead"],
        "board": ["board_member", "chair"],
        "lead-fin": ["wp_lead"],
        "lead-gis": ["wp_lead"],
        "observer": ["observer"],
        "outsider": None,
    }


@pytest.mark.django_db
def test_the_demo_needs_debug_mode(settings: Settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="PROJECTBOARD_DEBUG=1"):
        call_command("projectboard_load_demo", stdout=StringIO())
    assert (Project.objects.count(), User.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_demo_fills_the_pid_once_as_the_project_manager(
    settings: Settings, client: Client
) -> None:
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast
    call_command("projectboard_load_demo", stdout=StringIO())
    [project] = Project.objects.all()
    sections = {s.key: s for s in PidSection.objects.filter(project=project)}
    assert list(sections) == list(SECTION_ORDER)
    assert all(s.body.strip() and s.version == 2 for s in sections.values())
    pm = User.objects.get(username="pm")
    assert {s.updated_by for s in sections.values()} == {pm}
    events = AuditEvent.objects.filter(project=project, object_type="pid_section")
    assert events.count() == 12
    assert set(events.values_list("who", flat=True)) == {pm.pk}

    client.force_login(pm)
    page = client.get(reverse("pid", kwargs={"project_id": project.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Allerdale Borough &amp; Carlisle City Councils have a proven history" in text
    assert "£10,000 from each Council" in text

    events_before = AuditEvent.objects.count()
    out = StringIO()
    call_command("projectboard_load_demo", stdout=out)
    assert "PID: filled 0 empty section(s)" in out.getvalue()
    assert AuditEvent.objects.count() == events_before
    assert {s.key: (s.body, s.version) for s in PidSection.objects.filter(project=project)} == {
        k: (s.body, s.version) for k, s in sections.items()
    }


@pytest.mark.django_db
def test_the_demo_pid_keeps_sections_already_written(settings: Settings) -> None:
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast
    call_command("projectboard_load_demo", stdout=StringIO())
    [project] = Project.objects.all()
    PidSection.objects.filter(project=project).exclude(key="risks").update(body="")
    PidSection.objects.filter(project=project, key="risks").update(body="Our own risks.")
    out = StringIO()
    call_command("projectboard_load_demo", stdout=out)
    assert "PID: filled 11 empty section(s)" in out.getvalue()
    assert PidSection.objects.get(project=project, key="risks").body == "Our own risks."


@pytest.mark.django_db
def test_a_pid_file_with_an_unknown_key_is_refused(settings: Settings, tmp_path: Path) -> None:
    settings.DEBUG = True
    bad = tmp_path / "pid.yaml"
    bad.write_text("background: |\n  Text.\nbackgrond: |\n  Typo.\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"pid\.yaml: unknown section key 'backgrond'"):
        call_command("projectboard_load_demo", "--pid", str(bad), stdout=StringIO())
    assert Project.objects.count() == 0
