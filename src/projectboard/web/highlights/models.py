"""Highlight reports: the project manager's report to the board before each meeting.

A report covers a period. Its sections (``sections.SECTIONS``) each hold editable text, and
the data sections also a table captured from the live project when the report was drafted
(or refreshed): a snapshot, so that what the board read stays as it was when the plan moves
on. A published report never changes; corrections are a new issue, a draft started from it
(``based_on``), numbered ``issue + 1`` for the same period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from projectboard.web.projects.models import Project


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class HighlightReport(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="highlight_reports")
    period_start = models.DateField()
    period_end = models.DateField()
    issue = models.PositiveIntegerField(default=1, help_text="1, then 2... for corrections.")
    based_on = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_issue"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    overall_rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    overall_comment = models.CharField(max_length=200, blank=True)
    # Section key -> text (plain text, paragraphs separated by blank lines).
    texts = models.JSONField(default=dict, blank=True)
    # Section key -> {"columns": [...], "rows": [[...]], "notes": [...]}, all strings.
    tables = models.JSONField(default=dict, blank=True)
    # When the tables were captured, and from which revision of the plan.
    captured_at = models.DateTimeField()
    plan_revision = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)  # as it was when drafted
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)  # optimistic locking of edits

    class Meta:
        ordering = ("project", "-period_end", "-period_start", "-issue", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["project", "period_start", "period_end", "issue"],
                name="unique_highlight_report_issue",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="highlight_report_period_order",
            ),
        )

    def __str__(self) -> str:
        return f"Highlight report {self.period_label}, issue {self.issue}"

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%d/%m/%Y} to {self.period_end:%d/%m/%Y}"

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED
