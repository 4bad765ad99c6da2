"""Pages and API operations that list work packages read the plan in a fixed number of
queries: adding work packages (with leads, deputies, dependencies and tasks) adds none."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projectboard.web.api.tokens import api_token_create
from projectboard.web.projects.models import Partner, Person, Project, Task, WorkPackage
from projectboard.web.projects.plan import project_plan, project_plan_and_schedule, project_schedule


def more_work_packages(project: Project, count: int) -> None:
    """``count`` more work packages, each with a lead and a deputy of a partner, depending on
    the first work package, and with a task of a day."""
    first = project.work_packages.order_by("position", "code").first()
    assert first is not None
    partner = Partner.objects.get(project=project, code="CCC")
    number = max(project.tasks.values_list("number", flat=True))
    for i in range(count):
        wp = WorkPackage.objects.create(
            project=project, code=f"WP-EXTRA-{i}", name=f"Extra {i}", position=100 + i
        )
        wp.leads.add(Person.objects.create(name=f"Lead {i}", partner=partner))
        wp.deputies.add(Person.objects.create(name=f"Deputy {i}", partner=partner))
        wp.depends_on.add(first)
        Task.objects.create(
            project=project, work_package=wp, number=number + 1 + i, name=f"Do {i}", duration="1d"
        )


def queries(call: Callable[[], object]) -> int:
    """How many queries ``call`` makes, the schedule not yet cached."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_plan_is_read_in_nine_queries_however_many_work_packages(project: Project) -> None:
    before = queries(lambda: project_plan(project))
    more_work_packages(project, 5)
    assert (before, queries(lambda: project_plan(project))) == (9, 9)
    assert len(project_plan(project).work_packages) == 17 + 5


@pytest.mark.parametrize(("page", "count"), [("plan", 24), ("gantt", 16), ("variance", 18)])
def test_a_plan_page_makes_as_many_queries_however_many_work_packages(
    client: Client, project: Project, pm: User, page: str, count: int
) -> None:
    client.force_login(pm)
    url = reverse(page, args=[project.pk])
    before = queries(lambda: client.get(url))
    more_work_packages(project, 5)
    after = queries(lambda: client.get(url))
    assert (before, after) == (count, count)
    assert client.get(url).status_code == 200


def test_the_api_work_package_list_makes_as_many_queries_however_many_work_packages(
    client: Client, project: Project, pm: User
) -> None:
    headers = {"Authorization": f"Bearer {api_token_create(user=pm, name='tests')}"}
    url = f"/api/projects/{project.pk}/work-packages"
    client.get(url, headers=headers)  # the token's first use is recorded, once
    before = queries(lambda: client.get(url, headers=headers))
    more_work_packages(project, 5)
    after = queries(lambda: client.get(url, headers=headers))
    assert (before, after) == (8, 8)
    listed = client.get(url, headers=headers).json()
    extra = [wp for wp in listed if wp["code"].startswith("WP-EXTRA-")]
    assert [
        (wp["leads"][0]["name"], wp["deputies"][0]["name"], wp["depends_on"]) for wp in extra
    ] == [(f"Lead {i}", f"Deputy {i}", [listed[0]["code"]]) for i in range(5)]


def test_the_plan_and_its_schedule_read_together_fill_the_schedule_cache(
    project: Project,
) -> None:
    cache.clear()
    plan, result = project_plan_and_schedule(project)
    assert plan == project_plan(project)
    with CaptureQueriesContext(connection) as captured:
        cached = project_schedule(project)
    assert len(captured) == 1  # the revision; the schedule comes from the cache
    assert cached == result
    with CaptureQueriesContext(connection) as captured:
        again = project_plan_and_schedule(project)
    assert (len(captured), again) == (10, (plan, result))  # the revision, then the plan
