"""The project initiation document (PID): one row per section, in a fixed order.

Bodies are plain text: paragraphs separated by blank lines, shown with the ``linebreaks``
filter (autoescaped), so nothing typed is ever read as markup.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from projectboard.web.projects.models import Project


class SectionKey(models.TextChoices):
    """The sections, in the order the document shows them."""

    BACKGROUND = "background", "Background"
    DRIVERS = "drivers", "Drivers"
    OBJECTIVES = "objectives", "Objectives"
    SCOPE = "scope", "Scope and exclusions"
    DELIVERABLES = "deliverables", "Deliverables"
    APPROACH = "approach", "Approach and stages"
    ORGANISATION = "organisation", "Organisation"
    RESOURCES = "resources", "Resources"
    COSTS = "costs", "Costs and funding per partner"
    QUALITY = "quality", "Quality"
    CONTROLS = "controls", "Controls"
    RISKS = "risks", "Risk management"


SECTION_ORDER: dict[str, int] = {key: i for i, key in enumerate(SectionKey.values)}


class PidSection(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pid_sections")
    key = models.CharField(max_length=20, choices=SectionKey.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("project", "id")
        constraints = (
            models.UniqueConstraint(fields=["project", "key"], name="unique_pid_section_key"),
        )

    def __str__(self) -> str:
        return f"{self.title} ({self.project_id})"

    @property
    def position(self) -> int:
        return SECTION_ORDER.get(self.key, len(SECTION_ORDER))
