"""Loading the seed project through ``project_import_plan``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from projectboard.engine.errors import PlanError
from projectboard.engine.model import Plan
from projectboard.engine.scheduler import schedule
from projectboard.web.projects.models import (
    AuditEvent,
    Membership,
    Partner,
    Person,
    Project,
    Task,
    WorkPackage,
)
from projectboard.web.projects.plan import project_plan
from projectboard.web.projects.services import project_import_plan


def test_the_seed_has_its_partners_work_packages_and_tasks(project: Project) -> None:
    assert [(p.code, p.name) for p in project.partners.all()] == [
        ("ABC", "Allerdale Borough Council"),
        ("CCC", "Carlisle City Council"),
    ]
    assert project.work_packages.count() == 17
    assert project.tasks.count() == 19
    assert project.work_packages.first() is not None
    assert [wp.code for wp in project.work_packages.all()][:3] == ["WP-PLAN", "WP-BC", "WP-COMMS"]


def test_the_seed_roles_come_from_the_board_the_pm_and_the_work_packages(
    project: Project,
) -> None:
    def roles(code: str) -> list[tuple[str, str]]:
        return sorted(
            Membership.objects.filter(project=project, person__code=code).values_list(
                "role", "board_role"
            )
        )

    assert roles("HCUSHIN") == [("pm", ""), ("wp_lead", "")]
    assert roles("ABROWN") == [
        ("board_member", "Project Sponsor & Finance representative"),
        ("chair", ""),
    ]
    assert roles("MTHOMPSON") == [("wp_lead", "")]
    assert roles("CWRIGHT") == [("deputy", "")]
    fin = project.work_packages.get(code="WP-FIN")
    assert [p.code for p in fin.leads.all()] == ["MTHOMPSON"]
    assert sorted(p.code for p in fin.deputies.all()) == ["JNUTLEY", "MSCOTT", "SKIRKPATRICK"]
    assert sorted(d.code for d in fin.depends_on.all()) == ["WP-HR", "WP-TECH"]
    angela = Person.objects.filter(code="ABROWN", memberships__project=project).distinct().get()
    assert (angela.job_title, angela.partner and angela.partner.code) == (
        "Director of Corporate Resources",
        "CCC",
    )


def test_the_stored_plan_reschedules_to_the_seed_dates(project: Project, seed_plan: Plan) -> None:
    stored = schedule(project_plan(project))
    seed = schedule(seed_plan)
    assert stored.by_id()[19].finish == datetime(2008, 7, 1, 17, 0)
    assert [(t.id, t.start, t.finish, t.critical) for t in stored.tasks] == [
        (t.id, t.start, t.finish, t.critical) for t in seed.tasks
    ]


def test_the_stored_texts_read_as_in_the_plan_file(project: Project) -> None:
    rows = {t.number: t for t in project.tasks.all()}
    assert (rows[4].duration, rows[4].predecessors, rows[4].constraint) == (
        "3.33d",
        "2SS",
        "SNET 2008-04-08",
    )
    assert rows[16].predecessors == "7,8,11,15,13,14"


def test_the_import_records_who_created_what(project: Project) -> None:
    events = AuditEvent.objects.filter(project=project, field="")
    assert events.filter(object_type="project").count() == 1
    assert events.filter(object_type="work_package").count() == 17
    assert events.filter(object_type="task").count() == 19
    assert {e.who for e in events} == {None}


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Project, Partner, Person, Membership, WorkPackage, Task, AuditEvent)
    )


@pytest.mark.django_db
def test_a_user_who_is_not_staff_may_not_import(seed_plan: Plan) -> None:
    before = _counts()
    user = User.objects.create_user("someone")
    with pytest.raises(PermissionDenied):
        project_import_plan(plan=seed_plan, by=user)
    assert _counts() == before


@pytest.mark.django_db
def test_staff_may_import_and_the_events_name_them(seed_plan: Plan) -> None:
    user = User.objects.create_user("admin", is_staff=True)
    project = project_import_plan(plan=seed_plan, by=user)
    assert {e.who for e in AuditEvent.objects.filter(project=project)} == {user}


@pytest.mark.django_db
def test_a_plan_using_what_is_not_stored_yet_is_refused_before_writing(seed_plan: Plan) -> None:
    before = _counts()
    seed_plan.tasks[0] = replace(seed_plan.tasks[0], notes="kick-off", deadline=seed_plan.start)
    with pytest.raises(PlanError) as caught:
        project_import_plan(plan=seed_plan, by=None)
    assert caught.value.code == "E_BAD_VALUE"
    assert caught.value.message == (
        "the web app cannot store this plan yet: task 1 uses deadline, notes"
    )
    assert _counts() == before


@pytest.mark.django_db
def test_a_plan_that_does_not_schedule_is_refused_before_writing(seed_plan: Plan) -> None:
    before = _counts()
    seed_plan.tasks[0] = replace(seed_plan.tasks[0], predecessors=seed_plan.tasks[1].predecessors)
    seed_plan.tasks[0].predecessors = [replace(seed_plan.tasks[1].predecessors[0], predecessor=2)]
    with pytest.raises(PlanError) as caught:
        project_import_plan(plan=seed_plan, by=None)
    assert caught.value.code == "E_CYCLE"
    assert _counts() == before
