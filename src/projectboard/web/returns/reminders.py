"""Who to remind about which returns: the leads and deputies of each work package whose
return for a period is not with the project manager (not started, a draft, or returned for
rework) and is due within ``DUE_SOON_DAYS`` days or overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import EmailMessage, get_connection

from projectboard.web.projects.models import Person, Project
from projectboard.web.returns.models import ReportingPeriod
from projectboard.web.returns.queries import PeriodRow, period_rows

DUE_SOON_DAYS = 2


@dataclass(frozen=True)
class Outstanding:
    """One return not submitted: ``row`` as at ``as_at``."""

    row: PeriodRow
    as_at: date

    @property
    def overdue(self) -> bool:
        return self.row.period.due < self.as_at

    def line(self) -> str:
        wp, period = self.row.work_package, self.row.period
        when = "overdue" if self.overdue else "due"
        return (
            f"{wp.code} {wp.name}: period {period.number} "
            f"({period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}), {when} "
            f"{period.due:%a %d/%m/%Y} ({self.row.state.lower()})"
        )


@dataclass
class Reminder:
    """One e-mail: to ``person``, about ``items`` (in period, then work package order)."""

    person: Person
    project: Project
    items: list[Outstanding]

    def subject(self) -> str:
        return f"RAG returns due: {self.project.name}"

    def body(self) -> str:
        lines = [
            f"Dear {self.person.name},",
            "",
            "These RAG returns for work packages you lead or deputise for have not been "
            "submitted to the project manager yet:",
            "",
            *(f"- {item.line()}" for item in self.items),
            "",
            "Please complete and submit them in projectboard (Returns > My returns).",
        ]
        return "\n".join(lines)


def reminders(as_at: date, project: Project | None = None) -> list[Reminder]:
    """The e-mails to send as at ``as_at``, for one project or all, ordered by project and
    person name (a person with no e-mail address is included: the caller reports it)."""
    periods = ReportingPeriod.objects.filter(due__lte=as_at + timedelta(days=DUE_SOON_DAYS))
    if project is not None:
        periods = periods.filter(project=project)
    found: dict[tuple[int, int], Reminder] = {}
    for period in periods.select_related("project").order_by("project__name", "project", "number"):
        for row in period_rows(period, as_at):
            if not row.outstanding:
                continue
            item = Outstanding(row, as_at)
            people = [*row.work_package.leads.all(), *row.work_package.deputies.all()]  # prefetched
            for person in people:
                key = (period.project_id, person.pk)
                found.setdefault(key, Reminder(person, period.project, [])).items.append(item)
    return sorted(
        found.values(), key=lambda r: (r.project.name, r.project.pk, r.person.name, r.person.pk)
    )


def address(person: Person) -> str:
    """Where to e-mail ``person``: their own address, else their login's ("" if none)."""
    if person.email:
        return person.email
    return person.user.email if person.user is not None else ""


def send(found: list[Reminder]) -> int:
    """Send each reminder that has an address, over one connection. Returns how many."""
    messages = [
        EmailMessage(r.subject(), r.body(), to=[address(r.person)])
        for r in found
        if address(r.person)
    ]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
