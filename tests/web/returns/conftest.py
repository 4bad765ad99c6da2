"""Fixtures for the returns tests: the seed project's first four reporting periods."""

from __future__ import annotations

from datetime import date

import pytest

from projectboard.web.projects.models import Project
from projectboard.web.returns.models import ReportingPeriod
from projectboard.web.returns.services import periods_generate


@pytest.fixture
def periods(project: Project) -> dict[int, ReportingPeriod]:
    """Periods 1 to 4: 07/03 to 01/05/2008."""
    periods_generate(project=project, until=date(2008, 5, 1), by=None)
    return {p.number: p for p in ReportingPeriod.objects.filter(project=project)}
