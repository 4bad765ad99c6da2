"""Migration board 0003: the bare highlight report number becomes a foreign key, keeping the
numbers that are published reports of the meeting's own project.

It migrates the real database back and forth, so it needs a transactional database: it runs
after the other tests, and leaves the database empty as the browser tests do."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projectboard.web.board.models import Meeting

BEFORE = [("board", "0002_condition_action"), ("highlights", "0001_initial")]
AFTER = [("board", "0003_meeting_highlight_report"), ("highlights", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_only_published_reports_of_the_meetings_project_stay_attached() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # Every other app as it is now (the projects' later fields included), the board before.
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "board"]
    apps = executor.loader.project_state([*others, BEFORE[0]]).apps
    OldProject = apps.get_model("projects", "Project")
    OldReport = apps.get_model("highlights", "HighlightReport")
    OldMeeting = apps.get_model("board", "Meeting")
    ours = OldProject.objects.create(name="Ours", start=date(2008, 3, 7))
    theirs = OldProject.objects.create(name="Theirs", start=date(2008, 3, 7))

    def report(project: object, start: date, status: str) -> int:
        row = OldReport.objects.create(
            project=project,
            period_start=start,
            period_end=start,
            status=status,
            captured_at=datetime(2008, 4, 8, tzinfo=UTC),
            plan_revision=1,
            author_name="Hazel Cushin",
        )
        return int(row.pk)

    published = report(ours, date(2008, 4, 7), "published")
    draft = report(ours, date(2008, 4, 21), "draft")
    elsewhere = report(theirs, date(2008, 4, 7), "published")
    missing = max(published, draft, elsewhere) + 1
    numbers = [published, draft, elsewhere, missing, None]
    for n, number in enumerate(numbers, start=1):
        OldMeeting.objects.create(
            project=ours,
            number=n,
            starts_at=datetime(2008, 4, 16, 9, tzinfo=UTC),
            highlight_report_id=number,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    meetings = Meeting.objects.filter(project_id=ours.pk).order_by("number")
    assert [m.highlight_report_id for m in meetings] == [published, None, None, None, None]

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    rows = OldMeeting.objects.filter(project=ours).order_by("number")
    assert [m.highlight_report_id for m in rows] == [published, None, None, None, None]
    MigrationExecutor(connection).migrate(AFTER)
