"""A condition's state becomes its action's: each condition of a stop/go decision is an
action in the action log, and the condition is met when that action is done.

Conditions recorded before this get their action here (source "Project board N, condition
k", raised on the meeting's day, done on ``met_on`` if that was set); then ``met_on`` goes
and every condition has an action."""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def give_conditions_actions(apps: Any, schema_editor: Any) -> None:
    Condition = apps.get_model("board", "Condition")
    Action = apps.get_model("risks", "Action")
    conditions = (
        Condition.objects.filter(action=None)
        .select_related("decision__meeting")
        .order_by("decision__meeting__project_id", "decision__meeting__starts_at", "position")
    )
    for c in conditions:
        meeting = c.decision.meeting
        last = (
            Action.objects.filter(project_id=meeting.project_id)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        c.action = Action.objects.create(
            project_id=meeting.project_id,
            number=(last or 0) + 1,
            title=c.text[:200],
            owner_id=c.owner_id,
            due=c.due,
            status="done" if c.met_on else "open",
            raised_on=timezone.localdate(meeting.starts_at),
            done_on=c.met_on,
            source=f"Project board {meeting.number}, condition {c.position}",
        )
        c.save(update_fields=["action"])


class Migration(migrations.Migration):
    dependencies = [
        ("board", "0001_initial"),
        ("risks", "0002_proposal_return_line"),
    ]

    operations = [
        migrations.AddField(
            model_name="condition",
            name="action",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="board_condition",
                to="risks.action",
            ),
        ),
        migrations.RunPython(give_conditions_actions, migrations.RunPython.noop),
        migrations.RemoveField(model_name="condition", name="met_on"),
        migrations.AlterField(
            model_name="condition",
            name="action",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="board_condition",
                to="risks.action",
            ),
        ),
    ]
