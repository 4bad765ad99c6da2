"""Fixtures for the business case tests: the seed project with the demo business case."""

from __future__ import annotations

import pytest

from projectboard.web.projects.models import Project


@pytest.fixture
def project(db: None) -> Project:
    """The second copy of the seed project, which has the demo business case (imported once
    for the run: tests/conftest.py); the personas are its people."""
    return Project.objects.order_by("pk")[1]


@pytest.fixture
def demo(project: Project) -> Project:
    return project
