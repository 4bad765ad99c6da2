"""Shared by the RAID services: audit events for their rows, the next number in a log, and
the checks that a person, work package or task belongs to the project."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models

from projectboard.web.projects.models import AuditEvent, Person, Project


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


def next_number(model: type[models.Model], project: Project) -> int:
    """The next number in ``project``'s log of ``model``. Call inside a transaction that has
    locked the project row (``lock``) so that two writers never take the same number."""
    last = (
        model._default_manager.filter(project=project)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return int(last or 0) + 1


def lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def required(field: str, value: str) -> None:
    if not value.strip():
        raise ValidationError({field: ValidationError("This field is required.", code="required")})


def choice(
    field: str, value: str, choices: type[models.TextChoices], *, blank: bool = False
) -> None:
    if (blank and value == "") or value in choices.values:
        return
    raise ValidationError(
        {
            field: ValidationError(
                "%(value)r is not one of %(allowed)s.",
                code="invalid_choice",
                params={"value": value, "allowed": ", ".join(choices.values)},
            )
        }
    )


def member(field: str, person: Person | None, project: Project) -> None:
    """``person`` (if any) must be a member of ``project``."""
    if person is not None and not person.memberships.filter(project=project).exists():
        raise ValidationError(
            {
                field: ValidationError(
                    "%(name)s is not a member of this project.",
                    code="not_member",
                    params={"name": person.name},
                )
            }
        )


def text(value: object) -> str:
    """A value as an audit event keeps it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
