"""Shared by the business-case services: audit events, the permission check, and turning a
``FinanceError`` into a ``ValidationError`` that names the field."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from projectboard.finance.errors import FinanceError
from projectboard.web.business.permissions import can_business
from projectboard.web.projects.models import AuditEvent, Person, Project
from projectboard.web.projects.permissions import person_of


def require(by: User | None, resource: str, action: str, project: Project, message: str) -> None:
    """``by`` None is the system (the demo loader), which may do anything."""
    if by is not None and not can_business(person_of(by), resource, action, project):
        raise PermissionDenied(message)


def acting_person(by: User, resource: str, action: str, project: Project, message: str) -> Person:
    """The person behind ``by``, who must have the right (sign-offs and comments are theirs)."""
    person = person_of(by)
    if person is None or not can_business(person, resource, action, project):
        raise PermissionDenied(message)
    return person


def record(
    project: Project,
    who: User | None,
    object_type: str,
    object_id: int,
    *,
    field: str = "",
    old: str = "",
    new: str = "",
) -> None:
    """One audit event; ``field`` blank: the object was created (``new`` describes it)."""
    AuditEvent.objects.create(
        project=project,
        who=who,
        object_type=object_type,
        object_id=object_id,
        field=field,
        old=old,
        new=new,
    )


def invalid(field: str, message: str, code: str, **params: object) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def from_finance(exc: FinanceError, field: str) -> ValidationError:
    """The finance error on ``field``, keeping its stable code and its message."""
    return ValidationError(
        {field: ValidationError("%(message)s", code=exc.code, params={"message": exc.message})}
    )
