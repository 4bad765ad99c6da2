"""What users enter about a project. Schedules are not stored: the engine computes them.

Texts that the engine parses (durations, predecessors, constraints) are kept as typed, so that
they read back the same; ``plan.project_plan`` turns the rows into an engine ``Plan``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Project(models.Model):
    name = models.CharField(max_length=200)
    start = models.DateField(help_text="The day the project starts, at its default start time.")
    # The engine's time settings (MS Project's defaults).
    minutes_per_day = models.PositiveIntegerField(default=480)
    minutes_per_week = models.PositiveIntegerField(default=2400)
    days_per_month = models.PositiveIntegerField(default=20)
    default_start_time = models.PositiveIntegerField(default=8 * 60, help_text="Minutes.")
    default_finish_time = models.PositiveIntegerField(default=17 * 60, help_text="Minutes.")
    # Bumped by every service that changes what the schedule is computed from, so that a
    # computed schedule can be cached per revision.
    plan_revision = models.PositiveIntegerField(default=1)
    # How often work-package leads report (RAG returns), in days: the seed's fortnight.
    reporting_cadence_days = models.PositiveIntegerField(default=14)
    # The board's tolerances for the whole project: how far the forecast finish may slip
    # (working days) and the cost may overrun (percent) before an exception is raised.
    time_tolerance_days = models.PositiveIntegerField(default=10)
    cost_tolerance_percent = models.DecimalField(max_digits=5, decimal_places=2, default=10)
    # The date progress is reported to, as typed: "2008-03-14" (at the default finish time)
    # or "2008-03-14 12:00"; blank: none yet. ``plan.status_date`` reads it.
    status_date = models.CharField(max_length=20, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """A partner organisation (a council) in one project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ("project", "code")
        constraints = (
            models.UniqueConstraint(fields=["project", "code"], name="unique_partner_code"),
        )

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone who works on projects. ``code`` is the short handle a plan file used."""

    code = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PM = "pm", "Project manager"
    BOARD_MEMBER = "board_member", "Board member"
    CHAIR = "chair", "Chair"
    WP_LEAD = "wp_lead", "Work package lead"
    DEPUTY = "deputy", "Deputy"
    TEAM_MEMBER = "team_member", "Team member"
    OBSERVER = "observer", "Observer"


class Membership(models.Model):
    """A person's role in a project; a person may hold several."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    board_role = models.CharField(max_length=200, blank=True, help_text="Such as 'HR'.")

    class Meta:
        ordering = ("project", "role", "person")
        constraints = (
            models.UniqueConstraint(
                fields=["project", "person", "role"], name="unique_membership_role"
            ),
        )

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}) in {self.project}"


class WorkPackage(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="work_packages")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    objectives = models.JSONField(default=list, blank=True)  # list of strings
    outputs = models.JSONField(default=list, blank=True)  # list of strings
    dependencies = models.TextField(blank=True)
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="needed_by"
    )
    timescale = models.TextField(blank=True)
    due = models.DateField(null=True, blank=True)
    external_requirements = models.TextField(blank=True)
    leads = models.ManyToManyField(Person, blank=True, related_name="leads_work_packages")
    deputies = models.ManyToManyField(Person, blank=True, related_name="deputises_work_packages")
    position = models.PositiveIntegerField(default=0)  # the order of the PID's appendix
    # Tolerances for this work package; None: the project's.
    time_tolerance_days = models.PositiveIntegerField(null=True, blank=True)
    cost_tolerance_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("project", "position", "code")
        constraints = (
            models.UniqueConstraint(fields=["project", "code"], name="unique_work_package_code"),
        )

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Task(models.Model):
    """A row of the plan; ``number`` is its ID in the plan (what predecessors refer to)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    work_package = models.ForeignKey(
        WorkPackage, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    duration = models.CharField(max_length=40, blank=True)  # as typed: "3.33d"
    predecessors = models.CharField(max_length=500, blank=True)  # "2SS, 5FS+2d"
    constraint = models.CharField(max_length=60, blank=True)  # "SNET 2008-04-08"; blank: ASAP
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # Progress, as MS Project records it (``docs/progress.md``). Dates as text like the
    # constraint's: "2008-03-10" (the default start or finish time) or "2008-04-14 13:00".
    actual_start = models.CharField(max_length=20, blank=True)
    actual_finish = models.CharField(max_length=20, blank=True)
    percent_complete = models.PositiveSmallIntegerField(default=0)
    remaining = models.CharField(max_length=40, blank=True)  # as typed, like duration
    resume = models.CharField(max_length=20, blank=True)  # set by rescheduling: a split
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("project", "number")
        constraints = (
            models.UniqueConstraint(fields=["project", "number"], name="unique_task_number"),
        )

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Baseline(models.Model):
    """A saved baseline, as MS Project keeps eleven: number 0 (*Baseline*) and 1-10."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="baselines")
    number = models.PositiveSmallIntegerField()
    saved = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # The project's status date when it was saved (blank: none), for the slip chart.
    status_date = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ("project", "number")
        constraints = (
            models.UniqueConstraint(fields=["project", "number"], name="unique_baseline_number"),
        )

    def __str__(self) -> str:
        return "Baseline" if self.number == 0 else f"Baseline {self.number}"


class BaselineTask(models.Model):
    """One task in a baseline: the start, finish and duration it had when the baseline was
    saved. ``task_number`` is the task's ID then (deleting a task deletes its entries)."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="tasks")
    task_number = models.PositiveIntegerField()
    start = models.CharField(max_length=20, blank=True)  # "2008-03-07 08:00"; blank: none
    finish = models.CharField(max_length=20, blank=True)
    duration = models.CharField(max_length=40)  # "81d", as the engine writes it

    class Meta:
        ordering = ("baseline", "task_number")
        constraints = (
            models.UniqueConstraint(
                fields=["baseline", "task_number"], name="unique_baseline_task"
            ),
        )

    def __str__(self) -> str:
        return f"{self.baseline} task {self.task_number}"


class AuditEvent(models.Model):
    """One recorded change: who changed which field of which object, from what to what."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="audit_events")
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    when = models.DateTimeField(auto_now_add=True)
    object_type = models.CharField(max_length=40)  # "project", "work_package", "task"
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60, blank=True)  # blank: the object was created
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)

    class Meta:
        ordering = ("when", "id")

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} {self.field}: {self.old!r} -> {self.new!r}"
