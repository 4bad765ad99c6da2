"""What finance leads, the options team, the project manager, the board and the external
reviewer enter for the business case. Nothing computed is stored: the pure
``projectboard.finance`` package computes plans, apportionment, appraisal, rankings and survey
statistics from these rows (``queries``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from projectboard.finance.costs import CostKind
from projectboard.web.projects.models import Partner, Person, Project


class Settings(models.Model):
    """The cost model's frame for one project: its financial years, the host partner for
    the recharge schedule, and the optimism bias chosen for the appraisal."""

    class Bound(models.TextChoices):
        UPPER = "upper", "Upper bound"
        LOWER = "lower", "Lower bound"

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="business_settings"
    )
    first_year = models.PositiveIntegerField(help_text="2009 for 2009/10.")
    year_count = models.PositiveIntegerField(default=5)
    host = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL)
    optimism_bias_type = models.CharField(max_length=60, blank=True)  # a key of OPTIMISM_BIAS
    optimism_bias_bound = models.CharField(
        max_length=10, choices=Bound.choices, default=Bound.UPPER
    )
    # The figures are examples (the demo's): every business case page says so.
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)


class Scenario(models.Model):
    """An option of the options appraisal; each has its own cost lines."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scenarios")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    do_nothing = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("project", "position", "code")
        constraints = (
            models.UniqueConstraint(fields=["project", "code"], name="unique_scenario_code"),
        )

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Basis(models.TextChoices):
    """The apportionment bases of ``finance.apportion.Basis`` (same values)."""

    FIXED = "fixed shares", "Fixed shares (%)"
    HEADCOUNT = "headcount", "Headcount"
    USAGE = "usage", "Usage"
    CURRENT_SPEND = "current spend", "Current spend"


class CostLine(models.Model):
    """A line of the cost model. ``scenario`` None: common to every option (the current
    expenditure baseline, typically). ``basis`` blank: the amounts stay as entered;
    otherwise each year's total is apportioned by ``basis`` and ``weights`` (partner code ->
    decimal text; unused for current spend)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_lines")
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.CASCADE, related_name="cost_lines"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=[(k.value, k.label) for k in CostKind])
    basis = models.CharField(max_length=20, choices=Basis.choices, blank=True)
    weights = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("project", "position", "id")

    def __str__(self) -> str:
        return self.name


class CostAmount(models.Model):
    line = models.ForeignKey(CostLine, on_delete=models.CASCADE, related_name="amounts")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE)
    year = models.PositiveIntegerField()  # the financial year's start: 2009 for 2009/10
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ("line", "partner__code", "year")
        constraints = (
            models.UniqueConstraint(fields=["line", "partner", "year"], name="unique_cost_amount"),
        )


class Funding(models.Model):
    """Money a partner gives the project itself (seed: GBP 10,000 from each council for
    external assistance)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    purpose = models.CharField(max_length=200)
    agreed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("project", "partner__code", "id")


class Spend(models.Model):
    """Money spent from the project's funding, charged to a partner's contribution."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="spend")
    spent_on = models.DateField()
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ("project", "spent_on", "id")


class Criterion(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    weight = models.DecimalField(max_digits=6, decimal_places=2)  # percent
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("project", "position", "code")
        constraints = (
            models.UniqueConstraint(fields=["project", "code"], name="unique_criterion_code"),
        )

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Score(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()
    reason = models.TextField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["scenario", "criterion"], name="unique_score"),
        )


class SignOff(models.Model):
    """A stakeholder's sign-off. ``subject`` "scenarios": a board member signs off the
    options appraisal; "review": the external reviewer verifies the business case.
    ``cleared_on`` is set when a later change invalidates it (the row is kept as history)."""

    class Subject(models.TextChoices):
        SCENARIOS = "scenarios", "Options appraisal"
        REVIEW = "review", "External review of the business case"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sign_offs")
    subject = models.CharField(max_length=20, choices=Subject.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    signed_on = models.DateField()
    note = models.TextField(blank=True)
    cleared_on = models.DateField(null=True, blank=True)
    cleared_because = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("project", "subject", "signed_on", "id")


class Survey(models.Model):
    """A satisfaction survey: the baseline, or the one after implementation."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        AFTER = "after", "After implementation"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file_name = models.CharField(max_length=200)
    imported = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["project", "kind"], name="unique_survey_kind"),
        )


class SurveyAnswer(models.Model):
    """One answer: ``score`` 1-5, or ``yes`` True/False for a yes/no question."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    respondent = models.CharField(max_length=100)
    question = models.CharField(max_length=300)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    yes = models.BooleanField(null=True, blank=True)
    line = models.PositiveIntegerField()

    class Meta:
        ordering = ("survey", "line")


class Section(models.Model):
    """A text section of the business case that the project manager writes."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="bc_sections")
    key = models.CharField(max_length=20)
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["project", "key"], name="unique_bc_section"),
        )


class ReviewComment(models.Model):
    """The external reviewer's comment on a section (or the whole case), and the project
    manager's response."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="review_comments")
    section = models.CharField(max_length=20, blank=True)  # blank: the whole business case
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    made_on = models.DateField()
    text = models.TextField()
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("project", "made_on", "id")


class CommitteeReport(models.Model):
    """A report to a council committee in the councils' standard form (the seed's report to
    the scrutiny committee, CROS): summary, numbered recommendations, background,
    consultation, implications, contact officer and background papers.

    ``texts`` holds the project manager's text of each section (``committee.SECTIONS``);
    ``captured`` what was taken from the project when the report was drafted or refreshed:
    the consultation log's held and planned entries and the financial and risk tables. A
    final report never changes; a new draft (``based_on``, ``issue + 1``) can be started
    from it. One report per committee and partner: later ones are new issues of it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="committee_reports")
    committee = models.CharField(max_length=200)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    meeting_date = models.DateField()
    reference = models.CharField(max_length=60, blank=True)
    report_of = models.CharField(max_length=200)  # the officer the report is from
    title = models.CharField(max_length=300)
    contact_officer = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    issue = models.PositiveIntegerField(default=1)
    based_on = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_issue"
    )
    texts = models.JSONField(default=dict, blank=True)
    captured = models.JSONField(default=dict, blank=True)
    captured_at = models.DateTimeField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    finalised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("project", "-meeting_date", "committee", "partner__code", "-issue", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["project", "committee", "partner", "issue"],
                name="unique_committee_report_issue",
            ),
        )

    def __str__(self) -> str:
        return f"{self.title} ({self.committee}, {self.meeting_date:%d/%m/%Y}), issue {self.issue}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL
