"""``projectboard_load_demo``: the seed project and a login per role, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from pytest_django import Settings

from projectboard.web.projects.models import Membership, Project
from projectboard.web.projects.permissions import person_of


@pytest.mark.django_db
def test_the_demo_loads_once_with_a_login_for_each_role(settings: Settings) -> None:
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast
    out = StringIO()
    call_command("projectboard_load_demo", stdout=out)
    call_command("projectboard_load_demo", stdout=out)
    [project] = Project.objects.all()
    assert project.tasks.count() == 19
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
