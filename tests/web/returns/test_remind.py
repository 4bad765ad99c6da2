"""The reminder command: whom it e-mails (Django's locmem outbox in tests), what it says,
``--as-at`` and ``--dry-run``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command

from projectboard.web.projects.models import Person, Project
from projectboard.web.returns.models import ReportingPeriod
from projectboard.web.returns.services import return_submit

from .support import draft


def remind(*args: str) -> str:
    out = StringIO()
    call_command("projectboard_remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def addresses(project: Project) -> None:
    """The HR and finance people have addresses; no one else in the seed does."""
    for code in ("PHARDY", "CWRIGHT", "MTHOMPSON"):
        Person.objects.filter(code=code).update(email=f"{code.lower()}@example.gov.uk")


def test_leads_and_deputies_are_reminded_two_days_before_the_due_date(
    project: Project,
    periods: dict[int, ReportingPeriod],
    addresses: None,
    wp_lead_fin: User,
) -> None:
    # WP-FIN's period 1 return is in; WP-HR's is not. Period 1 is due Mon 24/03.
    return_submit(rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin)
    output = remind("--as-at", "2008-03-22")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cwright@example.gov.uk",
        "phardy@example.gov.uk",
    ]
    message = next(m for m in mail.outbox if m.to == ["phardy@example.gov.uk"])
    assert message.subject == f"RAG returns due: {project.name}"
    assert message.body.splitlines()[0] == "Dear Philippa Hardy,"
    assert (
        "- WP-HR Human Resources: period 1 (07/03/2008 to 20/03/2008), due Mon 24/03/2008 "
        "(not started)"
    ) in message.body.splitlines()
    assert "E-mailed Philippa Hardy <phardy@example.gov.uk>" in output
    assert "Not reminded (no e-mail address): Stephen Kirkpatrick" in output
    assert output.splitlines()[-1] == "As at 22/03/2008: sent 2 e-mail(s)."


def test_three_days_before_no_one_is_reminded(
    project: Project, periods: dict[int, ReportingPeriod], addresses: None
) -> None:
    output = remind("--as-at", "2008-03-21")
    assert mail.outbox == []
    assert output == "As at 21/03/2008: sent 0 e-mail(s).\n"


def test_overdue_returns_are_listed_together_in_one_e_mail(
    project: Project, periods: dict[int, ReportingPeriod], addresses: None, deputy_hr: User
) -> None:
    draft(project, periods[2], "WP-HR", deputy_hr, {"overall": "amber"})
    remind("--as-at", "2008-04-08")
    message = next(m for m in mail.outbox if m.to == ["cwright@example.gov.uk"])
    assert [line for line in message.body.splitlines() if line.startswith("- ")] == [
        "- WP-HR Human Resources: period 1 (07/03/2008 to 20/03/2008), overdue Mon 24/03/2008 "
        "(not started)",
        "- WP-HR Human Resources: period 2 (21/03/2008 to 03/04/2008), overdue Mon 07/04/2008 "
        "(draft)",
    ]


def test_a_dry_run_sends_nothing(
    project: Project, periods: dict[int, ReportingPeriod], addresses: None
) -> None:
    output = remind("--as-at", "2008-03-24", "--dry-run", "--project", str(project.pk))
    assert mail.outbox == []
    assert "Would e-mail Mike Thompson <mthompson@example.gov.uk>" in output
    assert output.splitlines()[-1] == "Dry run as at 24/03/2008: 3 e-mail(s) not sent."


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(CommandError, match=r"--as-at '24/03/2008': expected a date as YYYY-MM-DD"):
        remind("--as-at", "24/03/2008")


@pytest.mark.django_db
def test_an_unknown_project_is_refused() -> None:
    with pytest.raises(CommandError, match="--project 999: no such project"):
        remind("--project", "999")
