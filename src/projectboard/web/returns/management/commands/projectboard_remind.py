"""E-mail the leads and deputies whose RAG return is due within two days or overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from projectboard.web.projects.models import Project
from projectboard.web.returns.reminders import DUE_SOON_DAYS, address, reminders, send


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--as-at {text!r}: expected a date as YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = (
        f"E-mail work-package leads and deputies whose RAG return is due within "
        f"{DUE_SOON_DAYS} days or overdue (Django's EMAIL_* settings)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-at", type=_date, help="the day to remind as at (YYYY-MM-DD)")
        parser.add_argument("--project", type=int, help="only this project (its id)")
        parser.add_argument("--dry-run", action="store_true", help="list, but send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        as_at: date = options["as_at"] or timezone.localdate()
        project = None
        if options["project"] is not None:
            project = Project.objects.filter(pk=options["project"]).first()
            if project is None:
                raise CommandError(f"--project {options['project']}: no such project")
        found = reminders(as_at, project)
        verb = "Would e-mail" if options["dry_run"] else "E-mailed"
        for r in found:
            to = address(r.person)
            if not to:
                self.stdout.write(f"Not reminded (no e-mail address): {r.person.name}")
                continue
            self.stdout.write(f"{verb} {r.person.name} <{to}> ({r.project.name}):")
            for item in r.items:
                self.stdout.write(f"  {item.line()}")
        sent = 0 if options["dry_run"] else send(found)
        with_address = sum(1 for r in found if address(r.person))
        if options["dry_run"]:
            self.stdout.write(f"Dry run as at {as_at:%d/%m/%Y}: {with_address} e-mail(s) not sent.")
        else:
            self.stdout.write(f"As at {as_at:%d/%m/%Y}: sent {sent} e-mail(s).")
