"""A drafted report (the demo's) and a published one, for the seed project."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from projectboard.web.highlights.demo import load_demo
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.highlights.services import highlight_report_publish
from projectboard.web.projects.models import Project


@pytest.fixture
def draft(project: Project) -> HighlightReport:
    """The demo's draft for 25/03/2008 to 07/04/2008 (Amber, summary written)."""
    return load_demo(project)


@pytest.fixture
def published(draft: HighlightReport, pm: User) -> HighlightReport:
    return highlight_report_publish(report=draft, expected_version=draft.version, by=pm)
