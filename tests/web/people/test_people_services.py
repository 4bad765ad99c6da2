"""The people services called directly: the permission check inside each, the error codes
and messages, and that a refused write changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from projectboard.web.projects.models import Membership, Partner, Person, Project, Role
from projectboard.web.projects.people_services import (
    membership_add,
    membership_remove,
    person_create,
    person_update,
    project_people,
)
from projectboard.web.projects.services import Conflict

from .support import events, people_snapshot


def seed_person(project: Project, code: str) -> Person:
    return Person.objects.filter(memberships__project=project, code=code).distinct().get()


def test_the_people_of_a_project_are_of_its_partners_or_hold_a_role(
    project: Project, observer: User, outsider: User
) -> None:
    names = set(project_people(project).values_list("name", flat=True))
    assert len(names) == 21
    assert "Olive Observer" in names  # a role, no partner
    assert "Oscar Outsider" not in names


@pytest.mark.parametrize("persona", ["wp_lead_fin", "board_member", "observer", "outsider"])
def test_only_the_project_manager_may_write(
    project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    angela = seed_person(project, "ABROWN")
    ccc = Partner.objects.get(project=project, code="CCC")
    before = people_snapshot(project)
    with pytest.raises(PermissionDenied):
        person_create(project=project, name="Jane Doe", partner=ccc, by=user)
    with pytest.raises(PermissionDenied):
        person_update(
            project=project,
            person=angela,
            expected_version=1,
            name="Angela B.",
            job_title="",
            email="",
            partner=ccc,
            by=user,
        )
    with pytest.raises(PermissionDenied):
        membership_add(project=project, person=angela, role=Role.PM, by=user)
    chair = Membership.objects.get(project=project, person=angela, role=Role.CHAIR)
    with pytest.raises(PermissionDenied):
        membership_remove(membership=chair, by=user)
    assert people_snapshot(project) == before


def test_a_partner_of_another_project_is_refused(project: Project, pm: User) -> None:
    other = Project.objects.create(name="Another project", start=date(2008, 3, 7))
    theirs = Partner.objects.create(project=other, code="ABC", name="Allerdale Borough Council")
    before = people_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        person_create(project=project, name="Jane Doe", partner=theirs, by=pm)
    error = caught.value.error_dict["partner"][0]
    assert (error.code, error.message) == (
        "other_project",
        "The partner must be one of this project's partners.",
    )
    assert people_snapshot(project) == before


def test_too_long_values_are_refused_with_their_length(project: Project, pm: User) -> None:
    ccc = Partner.objects.get(project=project, code="CCC")
    with pytest.raises(ValidationError) as caught:
        person_create(project=project, name="x" * 201, job_title="y" * 250, partner=ccc, by=pm)
    assert {
        k: [(e.code, e.message % e.params) for e in v] for k, v in caught.value.error_dict.items()
    } == {
        "name": [("too_long", "201 characters is too long; at most 200.")],
        "job_title": [("too_long", "250 characters is too long; at most 200.")],
    }


def test_a_person_without_a_role_must_keep_a_partner(project: Project, pm: User) -> None:
    ccc = Partner.objects.get(project=project, code="CCC")
    jane = person_create(project=project, name="Jane Doe", partner=ccc, by=pm)
    with pytest.raises(ValidationError) as caught:
        person_update(
            project=project,
            person=jane,
            expected_version=1,
            name="Jane Doe",
            job_title="",
            email="",
            partner=None,
            by=pm,
        )
    assert caught.value.error_dict["partner"][0].code == "no_partner"
    jane.refresh_from_db()
    assert (jane.partner, jane.version) == (ccc, 1)


def test_an_update_records_one_event_per_changed_field(project: Project, pm: User) -> None:
    mike = seed_person(project, "MTHOMPSON")
    saved = person_update(
        project=project,
        person=mike,
        expected_version=1,
        name=" Michael Thompson ",
        job_title="Head of Finance",
        email="mike.thompson@carlisle.gov.uk",
        partner=mike.partner,
        by=pm,
    )
    assert (saved.name, saved.version) == ("Michael Thompson", 2)
    assert events(project, "person") == [
        ("pm", "name", "Mike Thompson", "Michael Thompson"),
        ("pm", "job_title", "", "Head of Finance"),
        ("pm", "email", "", "mike.thompson@carlisle.gov.uk"),
    ]


def test_a_stale_update_is_a_conflict_carrying_the_saved_values(project: Project, pm: User) -> None:
    mike = seed_person(project, "MTHOMPSON")
    Person.objects.filter(pk=mike.pk).update(job_title="Head of Finance", version=2)
    with pytest.raises(Conflict) as caught:
        person_update(
            project=project,
            person=mike,
            expected_version=1,
            name="Mike Thompson",
            job_title="Finance Manager",
            email="",
            partner=mike.partner,
            by=pm,
        )
    assert caught.value.version == 2
    assert caught.value.current == {
        "name": "Mike Thompson",
        "job_title": "Head of Finance",
        "email": "",
        "partner": mike.partner,
    }
    assert events(project, "person") == []


def test_the_last_project_manager_is_kept(project: Project, pm: User) -> None:
    hazel_pm = Membership.objects.get(project=project, role=Role.PM)
    before = people_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        membership_remove(membership=hazel_pm, by=pm)
    assert caught.value.code == "last_pm"
    assert caught.value.messages == [
        "Hazel Cushin is the project's only project manager; give someone else the project "
        "manager role before removing this one."
    ]
    assert people_snapshot(project) == before


def test_a_project_manager_in_another_project_does_not_count(project: Project, pm: User) -> None:
    other = Project.objects.create(name="Another project", start=date(2008, 3, 7))
    Membership.objects.create(project=other, person=seed_person(project, "ABROWN"), role=Role.PM)
    with pytest.raises(ValidationError):
        membership_remove(membership=Membership.objects.get(project=project, role=Role.PM), by=pm)


def another_project() -> Project:
    """The second copy of the seed project: its own partners and Person rows."""
    return Project.objects.order_by("pk")[1]


SHARED_MESSAGE = (
    "Mike Thompson is also in another project, which shares their name, job title, email and "
    "partner; only an administrator may change them."
)


def update_mike(project: Project, mike: Person, by: User) -> Person:
    return person_update(
        project=project,
        person=mike,
        expected_version=1,
        name="Mike Thompson",
        job_title="Head of Finance",
        email="someone.else@example.org",
        partner=Partner.objects.get(project=project, code="ABC"),
        by=by,
    )


def test_a_person_with_a_role_in_another_project_is_refused(project: Project, pm: User) -> None:
    mike = seed_person(project, "MTHOMPSON")
    Membership.objects.create(project=another_project(), person=mike, role=Role.OBSERVER)
    before = people_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        update_mike(project, mike, pm)
    assert caught.value.code == "shared_person"
    assert caught.value.messages == [SHARED_MESSAGE]
    assert people_snapshot(project) == before


def test_a_person_of_another_projects_partner_is_refused(project: Project, pm: User) -> None:
    mike = seed_person(project, "MTHOMPSON")
    theirs = Partner.objects.get(project=another_project(), code="CCC")
    Person.objects.filter(pk=mike.pk).update(partner=theirs)
    before = people_snapshot(project)
    with pytest.raises(ValidationError) as caught:
        update_mike(project, mike, pm)
    assert caught.value.code == "shared_person"
    assert caught.value.messages == [SHARED_MESSAGE]
    assert people_snapshot(project) == before


def test_a_staff_project_manager_may_change_a_shared_person(project: Project, pm: User) -> None:
    mike = seed_person(project, "MTHOMPSON")
    Membership.objects.create(project=another_project(), person=mike, role=Role.OBSERVER)
    pm.is_staff = True
    pm.save()
    saved = update_mike(project, mike, pm)
    abc = Partner.objects.get(project=project, code="ABC")
    assert (saved.job_title, saved.email, saved.partner_id, saved.version) == (
        "Head of Finance",
        "someone.else@example.org",
        abc.pk,
        2,
    )
