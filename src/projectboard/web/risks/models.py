"""The RAID logs kept by the project manager: the risk register (with each risk's score
history and the proposals that leads raise), the issue, decision, action and lessons logs,
and the communications plan with its consultation log.

Every row carries a number per project (``R001``, ``I001``...) that people quote in reports.
Scores and RAG are computed (``scoring``), never stored.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from projectboard.web.projects.models import Person, Project, Task, WorkPackage
from projectboard.web.risks import scoring


class Kind(models.TextChoices):
    THREAT = "threat", "Threat"
    OPPORTUNITY = "opportunity", "Opportunity"


class Category(models.TextChoices):
    TIMESCALE = "timescale", "Timescale"
    PEOPLE = "people", "People and HR"
    FINANCIAL = "financial", "Financial"
    TECHNICAL = "technical", "Technical"
    OPERATIONAL = "operational", "Service delivery"
    GOVERNANCE = "governance", "Governance and political"
    LEGAL = "legal", "Legal and procurement"
    REPUTATION = "reputation", "Reputation and communications"


class Proximity(models.TextChoices):
    IMMINENT = "imminent", "Imminent"
    THIS_STAGE = "this_stage", "Within this stage"
    THIS_PROJECT = "this_project", "Within the project"
    BEYOND = "beyond", "Beyond the project"


class Response(models.TextChoices):
    """PRINCE2's responses; ``scoring.RESPONSES`` says which suit threats and opportunities."""

    AVOID = "avoid", "Avoid"
    REDUCE = "reduce", "Reduce"
    FALLBACK = "fallback", "Fallback"
    TRANSFER = "transfer", "Transfer"
    ACCEPT = "accept", "Accept"
    SHARE = "share", "Share"
    EXPLOIT = "exploit", "Exploit"
    ENHANCE = "enhance", "Enhance"
    REJECT = "reject", "Reject"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    cause = models.TextField(blank=True)
    event = models.TextField(blank=True)
    effect = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.THREAT)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actionee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inherent_probability = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    residual_probability = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    proximity = models.CharField(max_length=20, choices=Proximity.choices, blank=True)
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    response_actions = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    review_date = models.DateField(null=True, blank=True)
    raised_on = models.DateField()
    work_packages = models.ManyToManyField(WorkPackage, blank=True, related_name="risks")
    tasks = models.ManyToManyField(Task, blank=True, related_name="risks")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("project", "number")
        constraints = (
            models.UniqueConstraint(fields=["project", "number"], name="unique_risk_number"),
        )

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def ref(self) -> str:
        return f"R{self.number:03d}"

    @property
    def inherent_score(self) -> int:
        return scoring.score(self.inherent_probability, self.inherent_impact)

    @property
    def residual_score(self) -> int:
        return scoring.score(self.residual_probability, self.residual_impact)

    @property
    def inherent_rag(self) -> scoring.Rag:
        return scoring.rag(self.inherent_score)

    @property
    def residual_rag(self) -> scoring.Rag:
        return scoring.rag(self.residual_score)


class RiskScoreChange(models.Model):
    """The four scores of a risk as set on ``changed_on`` by ``who``: one row when the risk
    is created and one for every later change of a probability or an impact."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="score_changes")
    changed_on = models.DateField()
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inherent_probability = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    residual_probability = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("risk", "changed_on", "id")

    def __str__(self) -> str:
        return f"{self.risk_id} on {self.changed_on}"

    @property
    def inherent_score(self) -> int:
        return scoring.score(self.inherent_probability, self.inherent_impact)

    @property
    def residual_score(self) -> int:
        return scoring.score(self.residual_probability, self.residual_impact)


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Awaiting the project manager"
    ACCEPTED = "accepted", "Accepted into the register"
    DECLINED = "declined", "Declined"


class RiskProposal(models.Model):
    """A risk raised by someone other than the project manager (a lead's RAG return, a
    workshop), waiting to be accepted into the register or declined with a reason."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risk_proposals")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    work_package = models.ForeignKey(
        WorkPackage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=200)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decline_reason = models.TextField(blank=True)
    risk = models.ForeignKey(Risk, null=True, blank=True, on_delete=models.SET_NULL)
    # For a risk raised in a RAG return: the returns app's ``RagReturn`` id (kept as a number
    # so that this app does not depend on it) and the line of its "New risks", as written.
    # The pair is the proposal's key: submitting the return again proposes no line twice.
    return_ref = models.PositiveIntegerField(null=True, blank=True)
    return_line = models.TextField(blank=True, default="")

    class Meta:
        ordering = ("project", "raised_at", "id")

    def __str__(self) -> str:
        return self.title


class IssueType(models.TextChoices):
    CHANGE = "change", "Request for change"
    OFF_SPEC = "off_spec", "Off-specification"
    PROBLEM = "problem", "Problem or concern"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Severity(models.TextChoices):
    BOARD = "board", "Board: beyond the project manager's tolerance"
    PM = "pm", "Project manager: within tolerance"


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Issue(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="issues")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    type = models.CharField(max_length=10, choices=IssueType.choices)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.PM)
    raised_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    raised_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("project", "number")
        constraints = (
            models.UniqueConstraint(fields=["project", "number"], name="unique_issue_number"),
        )

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def ref(self) -> str:
        return f"I{self.number:03d}"


class Decision(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveIntegerField()
    decided_on = models.DateField()
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    made_by = models.CharField(max_length=200, help_text="Such as 'Project board'.")
    rationale = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    # The board app's meeting, by its id, kept as text so that this app does not depend on it.
    meeting_ref = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("project", "number")
        constraints = (
            models.UniqueConstraint(fields=["project", "number"], name="unique_decision_number"),
        )

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def ref(self) -> str:
        return f"D{self.number:03d}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Action(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    raised_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ("project", "number")
        constraints = (
            models.UniqueConstraint(fields=["project", "number"], name="unique_action_number"),
        )

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def ref(self) -> str:
        return f"A{self.number:03d}"

    def overdue(self, as_at: date) -> bool:
        """Open and due before ``as_at``."""
        return self.status == ActionStatus.OPEN and self.due is not None and self.due < as_at


class LessonCategory(models.TextChoices):
    PLANNING = "planning", "Planning and timescales"
    GOVERNANCE = "governance", "Governance"
    PEOPLE = "people", "People and HR"
    COMMUNICATIONS = "communications", "Communications"
    FINANCE = "finance", "Finance"
    TECHNICAL = "technical", "Technical"
    PARTNERSHIP = "partnership", "Joint working"


class Lesson(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="lessons")
    number = models.PositiveIntegerField()
    lesson = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=LessonCategory.choices)
    went_well = models.TextField(blank=True)
    went_badly = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_on = models.DateField()

    class Meta:
        ordering = ("project", "number")
        constraints = (
            models.UniqueConstraint(fields=["project", "number"], name="unique_lesson_number"),
        )

    def __str__(self) -> str:
        return f"{self.ref} {self.lesson}"

    @property
    def ref(self) -> str:
        return f"L{self.number:03d}"


class CommsItem(models.Model):
    """A line of the communications plan."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comms_items")
    audience = models.CharField(max_length=200)
    message = models.TextField()
    channel = models.CharField(max_length=200)
    frequency = models.CharField(max_length=100)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("project", "next_date", "audience", "id")

    def __str__(self) -> str:
        return f"{self.audience}: {self.channel}"


class ConsultationKind(models.TextChoices):
    BRIEFED = "briefed", "Briefed"
    CONSULTED = "consulted", "Consulted"


class ConsultationState(models.TextChoices):
    HELD = "held", "Held"
    PLANNED = "planned", "Planned"


class Consultation(models.Model):
    """A body briefed or consulted: held (the report's "Consultation to date") or planned
    ("Consultation proposed"). ``summary`` is the sentence the report prints."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="consultations")
    body = models.CharField(max_length=200, help_text="Such as 'Scrutiny committee (CROS)'.")
    kind = models.CharField(max_length=10, choices=ConsultationKind.choices)
    state = models.CharField(max_length=10, choices=ConsultationState.choices)
    on = models.DateField(null=True, blank=True)
    summary = models.CharField(max_length=300)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ("project", "state", "on", "id")

    def __str__(self) -> str:
        return self.summary
