"""The project board: its meetings, the stop/go decision each one takes, and the exception
reports the project manager raises when a work package is forecast beyond its tolerance.

The tolerances themselves live on ``Project`` and ``WorkPackage``; the check is computed from
the schedule (``board.tolerance``), never stored.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models

from projectboard.web.projects.models import Partner, Person, Project, WorkPackage
from projectboard.web.risks.models import Action, ActionStatus


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CLOSED = "closed", "Closed"


class Meeting(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="board_meetings")
    number = models.PositiveIntegerField(help_text="1 for the project's first board meeting.")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=120)
    venue = models.CharField(max_length=200, blank=True)
    venue_partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # The project manager's highlight report for this meeting: a published report of the
    # same project (``meeting_update`` checks), so that every member may read it.
    highlight_report = models.ForeignKey(
        "highlights.HighlightReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes = models.TextField(blank=True)
    others_attending = models.ManyToManyField(Person, blank=True, related_name="+")
    circulation = models.ManyToManyField(Person, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("project", "starts_at", "number")
        constraints = (
            models.UniqueConstraint(fields=["project", "number"], name="unique_meeting_number"),
        )

    def __str__(self) -> str:
        return f"Project board {self.number}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ("meeting", "position", "id")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    """Whether a board member came; a member without a row is 'not recorded'."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ("meeting", "person")
        constraints = (
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_attendance"),
        )

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Outcome(models.TextChoices):
    GO = "go", "Go"
    GO_WITH_CONDITIONS = "go_with_conditions", "Go with conditions"
    STOP = "stop", "Stop"
    DEFERRED = "deferred", "Deferred"


class StopGoDecision(models.Model):
    """The board's decision at one meeting: continue, continue on conditions, stop, or
    decide later. Recorded once; closing the meeting needs it."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    rationale = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_outcome_display()}"


class Condition(models.Model):
    """A condition of a 'go with conditions': what must be done, by whom, by when.

    Recording the decision makes each condition an action in the action log (``action``):
    the condition is met when its action is done, on the day it was done. That is its only
    state; marking the action done or open again in the log is how a condition is met or
    reopened."""

    decision = models.ForeignKey(
        StopGoDecision, on_delete=models.CASCADE, related_name="conditions"
    )
    position = models.PositiveIntegerField()
    text = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    due = models.DateField()
    action = models.OneToOneField(Action, on_delete=models.PROTECT, related_name="board_condition")

    class Meta:
        ordering = ("decision", "position", "id")

    def __str__(self) -> str:
        return self.text

    @property
    def met_on(self) -> date | None:
        """The day its action was done; None while it is open."""
        return self.action.done_on if self.action.status == ActionStatus.DONE else None


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the board"
    DECIDED = "decided", "Decided by the board"


class ExceptionReport(models.Model):
    """The project manager's report to the board on a work package forecast beyond its
    time tolerance. The slip figures are kept as they were when the report was drafted."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="exception_reports")
    work_package = models.ForeignKey(
        WorkPackage, on_delete=models.CASCADE, related_name="exception_reports"
    )
    due = models.DateField()
    forecast_finish = models.DateTimeField()
    tolerance_days = models.PositiveIntegerField()
    slip_days = models.DecimalField(max_digits=7, decimal_places=2)
    cause = models.TextField(blank=True)
    consequences = models.TextField(blank=True)
    options = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("project", "created", "id")

    def __str__(self) -> str:
        return f"Exception report: {self.work_package.code}"
