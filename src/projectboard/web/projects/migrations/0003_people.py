# Person edits are checked for conflicts like tasks: each save bumps the version.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_tolerances_cadence_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
