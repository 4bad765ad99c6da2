"""``projectboard remind``: the cron-friendly verb of the ``projectboard`` command runs the web
app's reminder command (tests/web/returns/test_remind.py tests what it sends)."""

from __future__ import annotations

from io import StringIO

from django.core import mail

from projectboard.cli import main
from projectboard.web.projects.models import Person, Project
from projectboard.web.returns.services import periods_generate


def test_remind_lists_whom_it_would_email_and_sends_nothing_on_a_dry_run(
    project: Project,
) -> None:
    periods_generate(project=project, by=None)
    Person.objects.filter(code="PHARDY").update(email="phardy@example.gov.uk")
    out, err = StringIO(), StringIO()
    code = main(["remind", "--as-at", "2008-03-22", "--dry-run"], out, err)
    assert (code, err.getvalue(), len(mail.outbox)) == (0, "", 0)
    assert "Would e-mail Philippa Hardy <phardy@example.gov.uk>" in out.getvalue()


def test_a_bad_date_is_a_usage_error(project: Project) -> None:
    out, err = StringIO(), StringIO()
    assert main(["remind", "--as-at", "22/03/2008"], out, err) == 2
    assert err.getvalue() == (
        "projectboard remind: --as-at '22/03/2008': expected a date as YYYY-MM-DD\n"
    )
