"""Who is in a project, and in which role: the access functions for people and roles, and
every write to them (permission, validation, write and audit events in one transaction).

A person belongs to a project when their partner is one of its partners or they hold a role
in it. A ``Person`` row is shared by every project the person is in, so an edit made in one
project shows in the others.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from projectboard.web.projects.models import (
    AuditEvent,
    Membership,
    Partner,
    Person,
    Project,
    Role,
)
from projectboard.web.projects.permissions import MEMBERS, get_project_for, person_of, roles
from projectboard.web.projects.services import Conflict

PEOPLE = {
    "view": MEMBERS,
    "change": frozenset({"pm"}),
}

# Roles that may carry a board role ("Sponsor", "Finance", "HR"...).
BOARD_ROLES = frozenset({Role.BOARD_MEMBER, Role.CHAIR})
# Offered as suggestions in the form; any text is accepted.
BOARD_ROLE_SUGGESTIONS = ("Sponsor", "Finance", "HR", "ICT", "Legal")

E_REQUIRED = "required"
E_TOO_LONG = "too_long"
E_INVALID = "invalid"
E_DUPLICATE = "duplicate"
E_OTHER_PROJECT = "other_project"
E_NO_PARTNER = "no_partner"
E_NOT_A_BOARD_ROLE = "not_a_board_role"
E_LAST_PM = "last_pm"
E_SHARED_PERSON = "shared_person"


def can_people(person: Person | None, action: str, project: Project) -> bool:
    """May ``person`` do ``action`` ("view", "change") to the people of ``project``?"""
    if person is None:
        return False
    return bool(PEOPLE.get(action, frozenset()) & roles(person, project))


def project_people(project: Project) -> QuerySet[Person]:
    """The people of ``project``: of one of its partners, or holding a role in it."""
    return Person.objects.filter(
        Q(partner__project=project) | Q(memberships__project=project)
    ).distinct()


def get_person_for(
    user: AbstractBaseUser | AnonymousUser, project_id: int, person_id: int
) -> tuple[Project, Person]:
    """The project and one of its people, if ``user`` may see the project; the same 404
    for a missing project, a project not theirs and a person not in the project."""
    project = get_project_for(user, project_id)
    person = project_people(project).select_related("partner").filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person.")
    return project, person


def get_membership_for(
    user: AbstractBaseUser | AnonymousUser, project_id: int, membership_id: int
) -> Membership:
    """A role held in the project, if ``user`` may see the project; the same 404 otherwise."""
    project = get_project_for(user, project_id)
    membership = (
        Membership.objects.filter(project=project, pk=membership_id)
        .select_related("project", "person")
        .first()
    )
    if membership is None:
        raise Http404("No such role.")
    return membership


# -- people ----------------------------------------------------------------------------------


def person_create(
    *,
    project: Project,
    name: str,
    job_title: str = "",
    email: str = "",
    partner: Partner | None,
    by: User,
) -> Person:
    """Add a person to ``project``, working for ``partner`` (one of its partners). They
    hold no role until ``membership_add`` gives them one."""
    with transaction.atomic():
        _check_may_change(by, project)
        fields = _clean_person(
            project, name=name, job_title=job_title, email=email, partner=partner, person=None
        )
        person = Person.objects.create(**fields)
        _audit(project, by, "person", person.pk, field="", old="", new=person.name)
    return person


def person_update(
    *,
    project: Project,
    person: Person,
    expected_version: int,
    name: str,
    job_title: str,
    email: str,
    partner: Partner | None,
    by: User,
) -> Person:
    """Change a person's name, job title, email and partner. Refuses a stale
    ``expected_version`` (``Conflict``, carrying the values now saved), a person not of
    ``project`` (``Http404``, as the access function does), and, unless ``by`` is staff, a
    person who is also in another project (``ValidationError`` code ``shared_person``): the
    row is shared, and one project's manager must not rewrite where another's reminders go.
    Returns the saved row (``person`` is not changed in place); unchanged values keep the
    version."""
    with transaction.atomic():
        _check_may_change(by, project)
        if not project_people(project).filter(pk=person.pk).exists():
            raise Http404("No such person.")
        if not by.is_staff and _in_another_project(person, project):
            raise ValidationError(
                "%(name)s is also in another project, which shares their name, job title, "
                "email and partner; only an administrator may change them.",
                code=E_SHARED_PERSON,
                params={"name": person.name},
            )
        # Locked apart from the query above: PostgreSQL refuses FOR UPDATE with DISTINCT.
        row = (
            Person.objects.select_for_update(of=("self",))
            .select_related("partner")
            .get(pk=person.pk)
        )
        if row.version != expected_version:
            raise Conflict(
                f"person {row.name!r}",
                row.version,
                {
                    "name": row.name,
                    "job_title": row.job_title,
                    "email": row.email,
                    "partner": row.partner,
                },
            )
        fields = _clean_person(
            project, name=name, job_title=job_title, email=email, partner=partner, person=row
        )
        changes = [(key, getattr(row, key), new) for key, new in fields.items()]
        changes = [(key, old, new) for key, old, new in changes if old != new]
        if not changes:
            return row
        for key, _, new in changes:
            setattr(row, key, new)
        row.version += 1
        row.save()
        for key, old, new in changes:
            _audit(project, by, "person", row.pk, field=key, old=_text(old), new=_text(new))
    return row


def _in_another_project(person: Person, project: Project) -> bool:
    """Does ``person`` hold a role in, or work for a partner of, a project besides this one?"""
    return (
        Membership.objects.filter(person=person).exclude(project=project).exists()
        or Partner.objects.filter(people=person).exclude(project=project).exists()
    )


def _clean_person(
    project: Project,
    *,
    name: str,
    job_title: str,
    email: str,
    partner: Partner | None,
    person: Person | None,
) -> dict[str, object]:
    """The values to save, or a ``ValidationError`` naming every bad field."""
    name, job_title, email = name.strip(), job_title.strip(), email.strip()
    errors: dict[str, ValidationError] = {}
    if not name:
        errors["name"] = ValidationError("Name is required.", code=E_REQUIRED)
    for key, value, limit in (("name", name, 200), ("job_title", job_title, 200)):
        if len(value) > limit:
            errors[key] = ValidationError(
                "%(length)s characters is too long; at most %(limit)s.",
                code=E_TOO_LONG,
                params={"length": len(value), "limit": limit},
            )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ValidationError(
                "%(value)r is not an email address.", code=E_INVALID, params={"value": email}
            )
        else:
            same = project_people(project).filter(email__iexact=email)
            if person is not None:
                same = same.exclude(pk=person.pk)
            other = same.order_by("name", "pk").first()
            if other is not None:
                errors["email"] = ValidationError(
                    "%(name)s already has the email address %(value)s in this project.",
                    code=E_DUPLICATE,
                    params={"name": other.name, "value": email},
                )
    if partner is not None and partner.project_id != project.pk:
        errors["partner"] = ValidationError(
            "The partner must be one of this project's partners.", code=E_OTHER_PROJECT
        )
    elif partner is None and (
        person is None or not Membership.objects.filter(project=project, person=person).exists()
    ):
        errors["partner"] = ValidationError(
            "Choose the partner this person works for: someone without a partner must hold "
            "a role in the project.",
            code=E_NO_PARTNER,
        )
    if errors:
        raise ValidationError(errors)
    return {"name": name, "job_title": job_title, "email": email, "partner": partner}


# -- roles -----------------------------------------------------------------------------------


def membership_add(
    *, project: Project, person: Person, role: str, board_role: str = "", by: User
) -> Membership:
    """Give ``person`` (one of the project's people) ``role`` in ``project``; board members
    and the chair may carry a board role such as "Finance"."""
    with transaction.atomic():
        _check_may_change(by, project)
        if not project_people(project).filter(pk=person.pk).exists():
            raise Http404("No such person.")
        board_role = board_role.strip()
        errors: dict[str, ValidationError] = {}
        if role not in Role.values:
            errors["role"] = ValidationError(
                "%(value)r is not a role.", code=E_INVALID, params={"value": role}
            )
        elif Membership.objects.filter(project=project, person=person, role=role).exists():
            errors["role"] = ValidationError(
                "%(name)s is already %(role)s in this project.",
                code=E_DUPLICATE,
                params={"name": person.name, "role": _role_phrase(role)},
            )
        if board_role and role in Role.values and role not in BOARD_ROLES:
            errors["board_role"] = ValidationError(
                "Only a board member or the chair has a board role; leave it blank for %(role)s.",
                code=E_NOT_A_BOARD_ROLE,
                params={"role": _role_phrase(role)},
            )
        elif len(board_role) > 200:
            errors["board_role"] = ValidationError(
                "%(length)s characters is too long; at most %(limit)s.",
                code=E_TOO_LONG,
                params={"length": len(board_role), "limit": 200},
            )
        if errors:
            raise ValidationError(errors)
        membership = Membership.objects.create(
            project=project, person=person, role=role, board_role=board_role
        )
        _audit(
            project,
            by,
            "membership",
            membership.pk,
            field="",
            old="",
            new=membership_text(membership),
        )
    return membership


def membership_remove(*, membership: Membership, by: User) -> None:
    """Take a role away. The last project manager's role is refused (``ValidationError``
    code ``last_pm``): a project always has someone who may manage it."""
    with transaction.atomic():
        # Lock the project row: two managers removing each other's role at once must not
        # both succeed and leave the project without one.
        project = Project.objects.select_for_update().get(pk=membership.project_id)
        _check_may_change(by, project)
        row = (
            Membership.objects.filter(project=project, pk=membership.pk)
            .select_related("person")
            .first()
        )
        if row is None:
            raise Http404("No such role.")
        if (
            row.role == Role.PM
            and not Membership.objects.filter(project=project, role=Role.PM)
            .exclude(pk=row.pk)
            .exists()
        ):
            raise ValidationError(
                "%(name)s is the project's only project manager; give someone else the "
                "project manager role before removing this one.",
                code=E_LAST_PM,
                params={"name": row.person.name},
            )
        text = membership_text(row)
        row_id = row.pk
        row.delete()
        _audit(project, by, "membership", row_id, field="removed", old=text, new="")


def membership_label(membership: Membership) -> str:
    """The role with its board role: "Board member (Finance)"."""
    label = str(membership.get_role_display())
    return f"{label} ({membership.board_role})" if membership.board_role else label


def membership_text(membership: Membership) -> str:
    """How the history shows a role: "Angela Brown: Board member (Finance)"."""
    return f"{membership.person.name}: {membership_label(membership)}"


def _role_phrase(role: str) -> str:
    label = str(Role(role).label).lower()
    if role == Role.CHAIR:
        return f"the {label}"
    return f"an {label}" if label[0] in "aeiou" else f"a {label}"


# -- shared ----------------------------------------------------------------------------------


def _check_may_change(user: User, project: Project) -> None:
    if not can_people(person_of(user), "change", project):
        raise PermissionDenied("Only the project manager may change the people of a project.")


def _audit(
    project: Project, who: User, object_type: str, object_id: int, *, field: str, old: str, new: str
) -> None:
    AuditEvent.objects.create(
        project=project,
        who=who,
        object_type=object_type,
        object_id=object_id,
        field=field,
        old=old,
        new=new,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value)  # a partner: its name
