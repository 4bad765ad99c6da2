"""A meeting's highlight report becomes a foreign key to the highlights app's report.

The old column held a bare number, never checked. A number is kept when it is a published
report of the meeting's own project (the only reports the meeting form now offers, so that
every member may follow the link); any other number (a draft, another project's report, no
report at all) becomes empty. The old column is renamed first, as the new field's column
has its name."""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, F, OuterRef


def attach_reports(apps: Any, schema_editor: Any) -> None:
    Meeting = apps.get_model("board", "Meeting")
    HighlightReport = apps.get_model("highlights", "HighlightReport")
    Meeting.objects.filter(
        Exists(
            HighlightReport.objects.filter(
                pk=OuterRef("old_highlight_report_id"),
                project_id=OuterRef("project_id"),
                status="published",
            )
        )
    ).update(highlight_report_id=F("old_highlight_report_id"))


def detach_reports(apps: Any, schema_editor: Any) -> None:
    Meeting = apps.get_model("board", "Meeting")
    Meeting.objects.update(old_highlight_report_id=F("highlight_report_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("board", "0002_condition_action"),
        ("highlights", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="meeting", old_name="highlight_report_id", new_name="old_highlight_report_id"
        ),
        migrations.AddField(
            model_name="meeting",
            name="highlight_report",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="highlights.highlightreport",
            ),
        ),
        migrations.RunPython(attach_reports, detach_reports),
        migrations.RemoveField(model_name="meeting", name="old_highlight_report_id"),
    ]
