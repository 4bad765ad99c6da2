"""Fixtures for the RAID tests: the seed project's logs filled by ``load_demo`` as its
project manager."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from projectboard.web.projects.models import Project
from projectboard.web.risks.demo import load_demo


@pytest.fixture
def demo(project: Project, pm: User, wp_lead_fin: User) -> Project:
    assert load_demo(project) is True
    return project
