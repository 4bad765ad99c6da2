from __future__ import annotations

from pathlib import Path

import pytest
import pytest_django

REPO = Path(__file__).resolve().parents[1]
SEED_PLAN = REPO / "examples" / "shared-ict" / "plan.yaml"


@pytest.fixture
def seed_table() -> Path:
    """The seed's plan table, as MS Project printed it (a copy of the project's reference
    data, so that the tests need nothing outside the repository)."""
    return REPO / "examples" / "shared-ict" / "seed-plan.csv"


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: pytest_django.DjangoDbBlocker
) -> None:
    """The test database, with the seed project imported once for the whole run, twice: the
    first copy as imported (the ``project`` fixture of tests/web), the second with the demo
    business case (tests/web/business).

    Each test runs in a transaction that is rolled back, so every test starts from these same
    projects, as if it had imported them itself (which took a fifth of a second a test, and
    the business case as much again). Tests that need a transactional database (the browser
    tests) run after all the others and empty the database, so they import what they need
    themselves."""
    from projectboard.planfile import read_plan_file
    from projectboard.web.business.demo import load_demo as load_business_case
    from projectboard.web.projects.services import project_import_plan

    with django_db_blocker.unblock():
        plan = read_plan_file(SEED_PLAN)
        project_import_plan(plan=plan, by=None)
        load_business_case(project_import_plan(plan=plan, by=None))
