"""Load the seed project and a demo login for each role (debug mode only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from projectboard.planfile import read_plan_file
from projectboard.web.projects.models import Membership, Person, Project, Role
from projectboard.web.projects.services import project_import_plan

SEED = Path(__file__).resolve().parents[6] / "examples" / "shared-ict" / "plan.yaml"
DEMO_PASSWORD = "shared-ict-2008"

# username, the person's plan code (None: a user with no role), what the login shows.
DEMO_USERS: list[tuple[str, str | None, str]] = [
    ("pm", "HCUSHIN", "project manager (Hazel Cushin)"),
    ("board", "ABROWN", "board member and chair (Angela Brown)"),
    ("lead-fin", "MTHOMPSON", "lead of WP-FIN Finance / Budgets (Mike Thompson)"),
    ("lead-gis", "RSTAPLETON", "lead of WP-GIS GIS (Rob Stapleton)"),
    ("observer", "DEMO-OBSERVER", "observer (Olive Observer)"),
    ("outsider", None, "no role in the project: sees nothing"),
]


class Command(BaseCommand):
    help = "Load examples/shared-ict/plan.yaml (once) and the demo users. Needs DEBUG."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=Path, default=SEED, help="the plan file to load")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo users have a published password: set PROJECTBOARD_DEBUG=1")
        plan = read_plan_file(options["plan"])
        with transaction.atomic():
            project = Project.objects.filter(name=plan.name).first()
            if project is None:
                project = project_import_plan(plan=plan, by=None)
                self.stdout.write(f"Loaded {plan.name!r} from {options['plan']}")
            else:
                self.stdout.write(f"{plan.name!r} is already loaded")
            observer, _ = Person.objects.get_or_create(
                code="DEMO-OBSERVER", defaults={"name": "Olive Observer"}
            )
            Membership.objects.get_or_create(project=project, person=observer, role=Role.OBSERVER)
            self.stdout.write(f"Demo logins (password {DEMO_PASSWORD!r}):")
            for username, code, shows in DEMO_USERS:
                user, _ = User.objects.get_or_create(username=username)
                user.set_password(DEMO_PASSWORD)
                user.save()
                if code is not None:
                    person = (
                        Person.objects.filter(memberships__project=project, code=code)
                        .distinct()
                        .get()
                    )
                    person.user = user
                    person.save(update_fields=["user"])
                self.stdout.write(f"  {username:<10} {shows}")
