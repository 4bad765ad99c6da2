"""The recorded changes of a work package or task, as the history page and the conflict
message show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.utils.text import capfirst

from projectboard.web.projects.models import AuditEvent, Task, WorkPackage


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str  # the field's label, or "Created"
    old: str
    new: str


def who_name(user: User | None) -> str:
    """The person's name for a user with a person record, else the user name; ``None`` is
    the system (the demo loader and imports run without a user)."""
    if user is None:
        return "System"
    person = getattr(user, "person", None)  # a reverse one-to-one: missing raises
    return person.name if person is not None else user.get_username()


def history(obj: WorkPackage | Task) -> list[Change]:
    """Every recorded change of ``obj``, newest first (events saved together: the last
    written first)."""
    object_type = "task" if isinstance(obj, Task) else "work_package"
    labels = {f.name: capfirst(str(f.verbose_name)) for f in type(obj)._meta.concrete_fields}
    labels[""] = "Created"
    events = (
        AuditEvent.objects.filter(
            project_id=obj.project_id, object_type=object_type, object_id=obj.pk
        )
        .select_related("who__person")
        .order_by("-when", "-id")
    )
    return [
        # .get: an event may outlive a field that was renamed or removed
        Change(e.when, who_name(e.who), labels.get(e.field, e.field), e.old, e.new)
        for e in events
    ]
