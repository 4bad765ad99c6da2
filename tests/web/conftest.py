"""Personas for the web tests, from the seed project (imported once: tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import cache

from projectboard.engine.model import Plan
from projectboard.planfile import read_plan_file
from projectboard.web.projects.models import Membership, Person, Project, Role

SEED = Path(__file__).resolve().parents[2] / "examples" / "shared-ict" / "plan.yaml"


@pytest.fixture(autouse=True, scope="session")
def _secret_key() -> None:
    """Outside debug mode the settings have no key unless the environment gives one; the
    tests sign sessions and CSRF tokens, so they set one for the whole run."""
    django_settings.SECRET_KEY = "test-only-secret-key"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Schedules are cached per project and plan revision; the seed project is shared by
    every test and each test's changes are rolled back, so a revision number comes round
    again with other changes behind it. Each test starts with an empty cache."""
    cache.clear()


@pytest.fixture
def seed_plan() -> Plan:
    return read_plan_file(SEED)


@pytest.fixture
def project(db: None) -> Project:
    """The seed project, imported once for the run (``django_db_setup`` in tests/conftest.py);
    what a test changes is rolled back after it."""
    return Project.objects.earliest("pk")


def user_for(project: Project, code: str, username: str) -> User:
    person = Person.objects.filter(memberships__project=project, code=code).distinct().get()
    user = User.objects.create_user(username)
    person.user = user
    person.save()
    return user


@pytest.fixture
def pm(project: Project) -> User:
    """Hazel Cushin, the project manager (and lead of WP-PLAN and WP-VISION)."""
    return user_for(project, "HCUSHIN", "pm")


@pytest.fixture
def wp_lead_fin(project: Project) -> User:
    """Mike Thompson (CCC), lead of WP-FIN Finance / Budgets only."""
    return user_for(project, "MTHOMPSON", "lead-fin")


@pytest.fixture
def wp_lead_gis(project: Project) -> User:
    """Rob Stapleton (CCC), one of the leads of WP-GIS only."""
    return user_for(project, "RSTAPLETON", "lead-gis")


@pytest.fixture
def deputy_hr(project: Project) -> User:
    """Cyril Wright (ABC), deputy of WP-HR Human Resources only."""
    return user_for(project, "CWRIGHT", "deputy-hr")


@pytest.fixture
def board_member(project: Project) -> User:
    """Angela Brown (CCC), board member and chair."""
    return user_for(project, "ABROWN", "board")


@pytest.fixture
def observer(project: Project) -> User:
    user = User.objects.create_user("observer")
    person = Person.objects.create(name="Olive Observer", user=user)
    Membership.objects.create(project=project, person=person, role=Role.OBSERVER)
    return user


@pytest.fixture
def outsider(project: Project) -> User:
    """Has a person record but no role in the project."""
    user = User.objects.create_user("outsider")
    Person.objects.create(name="Oscar Outsider", user=user)
    return user
