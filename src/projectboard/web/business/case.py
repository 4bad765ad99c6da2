"""The business case document's writes: the project manager's text for each of the five
cases, and the external review -- the reviewer's comments, the project manager's responses
and the reviewer's verification (sign-off).

The reviewer is a person with the project's observer role (see ``permissions``). Rules:

- verification needs every comment answered;
- a change to any section's text after verification clears it (kept as history, like the
  options' sign-off), so what was verified is what the councils read.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projectboard.web.business.common import acting_person, invalid, record, require
from projectboard.web.business.models import ReviewComment, Section, SignOff
from projectboard.web.business.options import clear_sign_offs
from projectboard.web.projects.models import Project
from projectboard.web.projects.services import Conflict

# The five cases of HM Treasury's five case model, in the order of the document.
SECTIONS: dict[str, str] = {
    "strategic": "Strategic case",
    "economic": "Economic case",
    "commercial": "Commercial case",
    "financial": "Financial case",
    "management": "Management case",
}
GUIDANCE: dict[str, str] = {
    "strategic": "The case for change: the drivers (capacity, revenue costs, disaster recovery, "
    "service improvement, a base for future shared services) and the current service.",
    "economic": "The options considered, how they were appraised and why the preferred option "
    "gives the greatest benefit.",
    "commercial": "How the shared service is provided and paid for: the host council, "
    "recharges, contracts and staff transfer.",
    "financial": "What it costs and saves each council, when, and how it is funded.",
    "management": "How the change is delivered and governed, and how its success is measured.",
}


def section_text(project: Project, key: str) -> tuple[str, int]:
    """The section's text and version (0: never saved)."""
    row = Section.objects.filter(project=project, key=key).first()
    return ("", 0) if row is None else (row.text, row.version)


def section_update(
    *, project: Project, key: str, text: str, expected_version: int, by: User | None
) -> Section:
    require(
        by, "business_case", "change", project, "Only the project manager writes the business case."
    )
    if key not in SECTIONS:
        raise invalid(
            "key", "%(value)r is not a section of the business case.", "invalid_choice", value=key
        )
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        row, created = Section.objects.select_for_update().get_or_create(
            project=locked, key=key, defaults={"text": "", "version": 0}
        )
        if row.version != expected_version:
            raise Conflict(f"the {SECTIONS[key].lower()}", row.version, {"text": row.text})
        if row.text == text and not created:
            return row
        old = row.text
        row.text = text
        row.version += 1
        row.save()
        record(locked, by, "bc_section", row.pk, field=key, old=old, new=text)
        clear_sign_offs(locked, by, SignOff.Subject.REVIEW, f"{SECTIONS[key].lower()} changed")
    return row


def review_comment_create(*, project: Project, section: str, text: str, by: User) -> ReviewComment:
    """The external reviewer comments on a section (``section`` blank: the whole case)."""
    person = acting_person(
        by, "business_case", "comment", project, "Only the external reviewer comments."
    )
    if section and section not in SECTIONS:
        raise invalid(
            "section",
            "%(value)r is not a section of the business case.",
            "invalid_choice",
            value=section,
        )
    if not text.strip():
        raise invalid("text", "This field is required.", "required")
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        row = ReviewComment.objects.create(
            project=locked,
            section=section,
            author=person,
            made_on=timezone.localdate(),
            text=text.strip(),
        )
        record(locked, by, "review_comment", row.pk, new=f"{person.name}: {row.text}")
    return row


def review_respond(*, comment: ReviewComment, response: str, by: User) -> ReviewComment:
    """The project manager's response to a comment (replacing any earlier response)."""
    project = comment.project
    person = acting_person(
        by, "business_case", "respond", project, "Only the project manager responds."
    )
    if not response.strip():
        raise invalid("response", "This field is required.", "required")
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        row = ReviewComment.objects.select_for_update().get(pk=comment.pk)
        old = row.response
        row.response = response.strip()
        row.responded_by = person
        row.responded_on = timezone.localdate()
        row.save()
        record(locked, by, "review_comment", row.pk, field="response", old=old, new=row.response)
    return row


def review_verify(*, project: Project, note: str = "", on: date | None = None, by: User) -> SignOff:
    """The external reviewer verifies the business case; every comment must be answered."""
    person = acting_person(
        by,
        "business_case",
        "verify",
        project,
        "Only the external reviewer verifies the business case.",
    )
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        open_count = ReviewComment.objects.filter(project=locked, response="").count()
        if open_count:
            raise ValidationError(
                "%(count)s comments have no response yet.",
                code="open_comments",
                params={"count": open_count},
            )
        if SignOff.objects.filter(
            project=locked, subject=SignOff.Subject.REVIEW, person=person, cleared_on=None
        ).exists():
            raise ValidationError(
                "You have already verified the business case as it is.", code="already_signed"
            )
        row = SignOff.objects.create(
            project=locked,
            subject=SignOff.Subject.REVIEW,
            person=person,
            signed_on=on or timezone.localdate(),
            note=note.strip(),
        )
        record(locked, by, "sign_off", row.pk, new=f"business case verified by {person.name}")
    return row
