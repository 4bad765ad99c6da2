"""Fixtures for the browser tests: one headless Chromium (Debian's ``chromium``, driven by
Playwright) for the whole run of this package, a fresh browser context per test against
pytest-django's live server, and the seed project with persona users who have passwords, as
the real login form needs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from projectboard.planfile import read_plan_file
from projectboard.web.board import demo as board_demo
from projectboard.web.business import demo as business_demo
from projectboard.web.highlights import demo as highlights_demo
from projectboard.web.projects.models import Person, Project
from projectboard.web.projects.services import project_import_plan
from projectboard.web.returns import demo as returns_demo
from projectboard.web.risks import demo as risks_demo
from web.conftest import SEED, user_for

from .support import PASSWORD

# Debian's chromium package; PROJECTBOARD_CHROMIUM names another build of Chromium.
CHROMIUM = Path(os.environ.get("PROJECTBOARD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # the tests may run as root, in a container
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT_WIDTH = 1280


@pytest.fixture(scope="package")
def _secret_key() -> None:
    """Sessions and CSRF tokens need a key; outside debug mode the settings have none (the
    same key as tests/web sets for its run)."""
    django_settings.SECRET_KEY = "test-only-secret-key"


@pytest.fixture(scope="session")
def _static_url() -> Iterator[None]:
    """Django's live server thread wraps the site in a static-files handler that fails on
    every request (``TypeError`` in ``FSFilesHandler._should_handle``) while ``STATIC_URL``
    is unset, as it is in ``projectboard.web.settings``; give it Django's usual value."""
    with pytest.MonkeyPatch.context() as mp:
        if not django_settings.STATIC_URL:
            mp.setattr(django_settings, "STATIC_URL", "/static/")
        yield


@pytest.fixture(scope="session")
def live_server(_static_url: None, live_server: LiveServer) -> LiveServer:
    """pytest-django's live server, started once ``STATIC_URL`` is set."""
    return live_server


@pytest.fixture(scope="package")
def _sync_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API keeps its event loop marked as running in this thread while the
    browser is open, and Django then refuses every ORM call made here (the fixtures below and
    pytest-django's database flush after each test) as if it came from async code. They are
    plain synchronous calls, so Django's documented switch lets them through, for as long as
    the browser runs. The browser is therefore package-scoped, not session-scoped: it closes,
    and the switch goes off, before the rest of the suite runs."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(_sync_orm_beside_playwright: None, _secret_key: None) -> Iterator[Browser]:
    """One Chromium for every test in this package (started once: about half a second)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package "
            "(`apt-get install --no-install-recommends chromium`)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A new tab in a new browser context (no cookies from other tests), 1280 px wide, with
    relative URLs resolved against the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": VIEWPORT_WIDTH, "height": 800},
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def project(transactional_db: None) -> Project:
    """The seed project, imported as ``make demo`` does."""
    return project_import_plan(plan=read_plan_file(SEED), by=None)


@cache
def _password_hash() -> str:
    """Argon2 takes a third of a second or so; hash the one test password once."""
    return make_password(PASSWORD)


def _with_password(user: User) -> User:
    user.password = _password_hash()
    user.save()
    return user


@pytest.fixture
def pm(project: Project) -> User:
    """Hazel Cushin, the project manager (and lead of WP-PLAN and WP-VISION)."""
    return _with_password(user_for(project, "HCUSHIN", "pm"))


@pytest.fixture
def wp_lead_fin(project: Project) -> User:
    """Mike Thompson (CCC), lead of WP-FIN Finance / Budgets only."""
    return _with_password(user_for(project, "MTHOMPSON", "lead-fin"))


@pytest.fixture
def board_member(project: Project) -> User:
    """Angela Brown (CCC), board member and chair."""
    return _with_password(user_for(project, "ABROWN", "board"))


@pytest.fixture
def demo_governance(project: Project, pm: User) -> Project:
    """The seed project with the demo's governance of spring 2008, loaded as ``make demo``
    does (in its order: the highlight report is drafted from the others): returns, the risk
    register and logs, the board's meetings, the business case and a draft highlight report."""
    returns_demo.load_demo(project)
    risks_demo.load_demo(project)
    board_demo.load_demo(project)
    business_demo.load_demo(project)
    highlights_demo.load_demo(project)
    return project


@pytest.fixture
def outsider(project: Project) -> User:
    """Has a person record but no role in the project."""
    user = _with_password(User.objects.create_user("outsider"))
    Person.objects.create(name="Oscar Outsider", user=user)
    return user
