"""Load the seed project and a demo login for each role (debug mode only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from projectboard.planfile import read_plan_file
from projectboard.web.board import demo as board_demo
from projectboard.web.business import demo as business_demo
from projectboard.web.highlights import demo as highlights_demo
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.pid.models import SECTION_ORDER
from projectboard.web.pid.services import pid_ensure_sections, pid_section_update
from projectboard.web.projects.models import Membership, Person, Project, Role
from projectboard.web.projects.services import project_import_plan
from projectboard.web.returns import demo as returns_demo
from projectboard.web.risks import demo as risks_demo

SEED = Path(__file__).resolve().parents[6] / "examples" / "shared-ict" / "plan.yaml"
SEED_PID = SEED.with_name("pid.yaml")
MAX_PID_BYTES = 1024 * 1024
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
        parser.add_argument(
            "--pid", type=Path, default=SEED_PID, help="the PID text to fill empty sections from"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo users have a published password: set PROJECTBOARD_DEBUG=1")
        plan = read_plan_file(options["plan"])
        pid = read_pid_file(options["pid"])
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
            filled = fill_pid(project, pid)
            self.stdout.write(f"PID: filled {filled} empty section(s) from {options['pid']}")
            self.load_governance(project)

    def load_governance(self, project: Project) -> None:
        """The project's governance as at spring 2008: returns, the risk register and logs,
        the board's meetings, the business case and a draft highlight report, each once. The
        highlight report comes last because it is drafted from the others."""
        written = returns_demo.load_demo(project)
        self.stdout.write(f"RAG returns: wrote {written} demo return(s)")
        if risks_demo.load_demo(project):
            self.stdout.write("Risks and logs: the demo register, logs and communications plan")
        meetings = board_demo.load_demo(project)
        self.stdout.write(f"Board: {len(meetings)} meeting(s)")
        if business_demo.load_demo(project):
            self.stdout.write("Business case: illustrative options, costs, funding and survey")
        if not HighlightReport.objects.filter(project=project).exists():
            report = highlights_demo.load_demo(project)
            self.stdout.write(f"Highlight report: drafted {report}")
        self.stdout.write("The demo's data is of 2008: add ?as_at=2008-05-06 to see it as then")


def read_pid_file(path: Path) -> dict[str, str]:
    """The section texts of a PID file: a mapping from each section key to its plain-text
    body. Every problem is a ``CommandError`` naming the file (and the key)."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_PID_BYTES + 1)
    except OSError as e:
        raise CommandError(f"{path}: cannot read: {e.strerror}") from e
    if len(raw) > MAX_PID_BYTES:
        raise CommandError(f"{path}: larger than {MAX_PID_BYTES} bytes")
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise CommandError(f"{path}: not UTF-8 text") from e
    except yaml.YAMLError as e:
        raise CommandError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise CommandError(f"{path}: expected a mapping from section key to text")
    for key, body in data.items():
        if key not in SECTION_ORDER:
            raise CommandError(
                f"{path}: unknown section key {key!r} (expected one of {', '.join(SECTION_ORDER)})"
            )
        if not isinstance(body, str):
            raise CommandError(f"{path}: section {key!r}: expected text")
    missing = [key for key in SECTION_ORDER if key not in data]
    if missing:
        raise CommandError(f"{path}: missing section key(s) {', '.join(missing)}")
    return {str(key): body for key, body in data.items()}


def fill_pid(project: Project, texts: dict[str, str]) -> int:
    """Fill the sections of ``project`` that are still empty, as its project manager, so
    each change is an audit event like an edit in the browser. Returns how many it filled."""
    pm = (
        User.objects.filter(person__memberships__project=project, person__memberships__role=Role.PM)
        .distinct()
        .first()
    )
    if pm is None:
        raise CommandError(f"{project.name!r} has no project manager with a login")
    filled = 0
    for section in pid_ensure_sections(project):
        body = texts.get(section.key, "")
        if section.body.strip() or not body.strip():
            continue
        pid_section_update(user=pm, section=section, expected_version=section.version, body=body)
        filled += 1
    return filled
