"""Writes to highlight reports: permission, validation, write and audit events in one
transaction. Only the project manager writes (``permissions.HIGHLIGHT_REPORT``); a published
report is never changed, by anyone: each service refuses it with code ``published``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projectboard.web.highlights.models import HighlightReport, Rag, Status
from projectboard.web.highlights.permissions import can_report
from projectboard.web.highlights.sections import SECTIONS, Capture, capture_tables
from projectboard.web.projects.history import who_name
from projectboard.web.projects.models import AuditEvent, Membership, Project, Role
from projectboard.web.projects.permissions import person_of
from projectboard.web.projects.plan import project_plan, project_schedule
from projectboard.web.projects.services import Conflict

OBJECT_TYPE = "highlight_report"
COMMENT_MAX = HighlightReport._meta.get_field("overall_comment").max_length or 200


def _check_may_change(by: User | None, project: Project) -> None:
    """``None`` is the system (the demo loader)."""
    if by is not None and not can_report(person_of(by), "change", project):
        raise PermissionDenied("Only the project manager may write highlight reports.")


def _audit(report: HighlightReport, by: User | None, field: str, old: str, new: str) -> None:
    AuditEvent.objects.create(
        project=report.project,
        who=by,
        object_type=OBJECT_TYPE,
        object_id=report.pk,
        field=field,
        old=old,
        new=new,
    )


def refuse_if_published(report: HighlightReport) -> None:
    """Refuse (``ValidationError``, code ``published``) any change to a published report."""
    if report.status == Status.PUBLISHED:
        assert report.published_at is not None
        raise ValidationError(
            "Issue %(issue)s of the highlight report for %(period)s was published on "
            "%(published)s and cannot be changed; start a new issue from it to correct it.",
            code="published",
            params={
                "issue": report.issue,
                "period": report.period_label,
                "published": f"{timezone.localtime(report.published_at):%d/%m/%Y %H:%M}",
            },
        )


def _capture(project: Project, period_start: date, period_end: date) -> Capture:
    """The plan and its schedule now (cached per plan revision: ``project_schedule``). Call
    it before a service's transaction: scheduling holds no lock."""
    return Capture(
        project, period_start, period_end, project_plan(project), project_schedule(project)
    )


def _author(by: User | None, project: Project) -> str:
    if by is not None:
        return who_name(by)
    pm = Membership.objects.filter(project=project, role=Role.PM).select_related("person")
    first = pm.order_by("id").first()
    return first.person.name if first else who_name(None)


def _locked(report: HighlightReport) -> HighlightReport:
    return (
        HighlightReport.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=report.pk)
    )


def _check_version(row: HighlightReport, expected_version: int) -> None:
    if row.version != expected_version:
        raise Conflict(
            f"highlight report {row.period_label}, issue {row.issue}",
            row.version,
            {
                "overall_rag": row.overall_rag,
                "overall_comment": row.overall_comment,
                **{s.key: row.texts.get(s.key, "") for s in SECTIONS},
            },
        )


# -- drafting --------------------------------------------------------------------------------


def highlight_report_draft(
    *,
    project: Project,
    period_start: date,
    period_end: date,
    by: User | None,
    now: datetime | None = None,
) -> HighlightReport:
    """Draft the report for a period: every section's text empty, the data sections' tables
    captured from the plan and its schedule now (``now``: when, for the demo's 2008 report;
    default the clock). Refuses a period that ends before it starts
    (``period_order``) and a period that already has a report (``period_taken``: start a
    new issue of that one instead)."""
    _check_may_change(by, project)
    if period_end < period_start:
        raise ValidationError(
            {
                "period_end": ValidationError(
                    "The period ends (%(end)s) before it starts (%(start)s).",
                    code="period_order",
                    params={"start": f"{period_start:%d/%m/%Y}", "end": f"{period_end:%d/%m/%Y}"},
                )
            }
        )
    capture = _capture(project, period_start, period_end)
    tables = capture_tables(capture)
    with transaction.atomic():
        # One draft at a time: a second for the same period waits here, then is refused.
        Project.objects.select_for_update().get(pk=project.pk)
        taken = HighlightReport.objects.filter(
            project=project, period_start=period_start, period_end=period_end
        ).exists()
        if taken:
            raise ValidationError(
                "There is already a highlight report for %(start)s to %(end)s; open it, or "
                "start a new issue from it.",
                code="period_taken",
                params={"start": f"{period_start:%d/%m/%Y}", "end": f"{period_end:%d/%m/%Y}"},
            )
        report = HighlightReport.objects.create(
            project=project,
            period_start=period_start,
            period_end=period_end,
            texts={s.key: "" for s in SECTIONS},
            tables=tables,
            captured_at=now or timezone.now(),
            plan_revision=project.plan_revision,
            author=by,
            author_name=_author(by, project),
        )
        _audit(report, by, "", "", str(report))
    return report


def highlight_report_refresh(
    *, report: HighlightReport, expected_version: int, by: User
) -> HighlightReport:
    """Capture the data sections' tables again from the plan as it is now (a draft only);
    the texts are kept."""
    project = Project.objects.get(pk=report.project_id)  # its plan revision as it is now
    _check_may_change(by, project)
    tables = capture_tables(_capture(project, report.period_start, report.period_end))
    captured_at = timezone.now()
    with transaction.atomic():
        row = _locked(report)
        refuse_if_published(row)
        _check_version(row, expected_version)
        old_revision = row.plan_revision
        row.tables = tables
        row.captured_at = captured_at
        row.plan_revision = project.plan_revision
        row.version += 1
        row.save()
        _audit(
            row,
            by,
            "tables",
            f"plan revision {old_revision}",
            f"plan revision {row.plan_revision}",
        )
    return row


# -- editing ---------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Browsers send CRLF; keep LF, and no blank space at the ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def highlight_report_update(
    *,
    report: HighlightReport,
    expected_version: int,
    overall_rag: str,
    overall_comment: str,
    texts: Mapping[str, str],
    by: User | None,
) -> HighlightReport:
    """Change the overall status (``overall_rag``: red, amber, green or blank), its comment,
    and the texts of the sections named in ``texts``. Returns the saved row; nothing changed
    is not saved and keeps its version. ``by`` None is the system (the demo loader)."""
    with transaction.atomic():
        row = _locked(report)
        _check_may_change(by, row.project)
        refuse_if_published(row)
        _check_version(row, expected_version)
        errors: dict[str, ValidationError] = {}
        if overall_rag not in ("", *Rag.values):
            errors["overall_rag"] = ValidationError(
                "%(value)r is not a status; choose Red, Amber or Green.",
                code="invalid_choice",
                params={"value": overall_rag},
            )
        comment = _normalise(overall_comment)
        if "\n" in comment or len(comment) > COMMENT_MAX:
            errors["overall_comment"] = ValidationError(
                "The status comment is one line of at most %(max)s characters.",
                code="too_long",
                params={"max": COMMENT_MAX},
            )
        known = {s.key for s in SECTIONS}
        for key in sorted(set(texts) - known):
            errors[key] = ValidationError(
                "There is no section %(key)r.", code="unknown_section", params={"key": key}
            )
        if errors:
            raise ValidationError(errors)
        changes: list[tuple[str, str, str]] = []
        if overall_rag != row.overall_rag:
            changes.append(("overall_rag", row.overall_rag, overall_rag))
            row.overall_rag = overall_rag
        if comment != row.overall_comment:
            changes.append(("overall_comment", row.overall_comment, comment))
            row.overall_comment = comment
        new_texts = dict(row.texts)
        for section in SECTIONS:  # in the document's order, for the events
            if section.key in texts:
                text = _normalise(texts[section.key])
                if text != new_texts.get(section.key, ""):
                    changes.append((section.key, new_texts.get(section.key, ""), text))
                    new_texts[section.key] = text
        if not changes:
            return row
        row.texts = new_texts
        row.version += 1
        row.save()
        for field, old, new in changes:
            _audit(row, by, field, old, new)
    return row


def highlight_report_publish(
    *, report: HighlightReport, expected_version: int, by: User
) -> HighlightReport:
    """Publish the draft: from now on members read it and nobody can change it. Needs the
    overall status and the summary (``required``)."""
    with transaction.atomic():
        row = _locked(report)
        _check_may_change(by, row.project)
        refuse_if_published(row)
        _check_version(row, expected_version)
        errors: dict[str, ValidationError] = {}
        if not row.overall_rag:
            errors["overall_rag"] = ValidationError(
                "Set the overall status before publishing.", code="required"
            )
        if not row.texts.get("summary", "").strip():
            errors["summary"] = ValidationError(
                "Write the summary before publishing.", code="required"
            )
        if errors:
            raise ValidationError(errors)
        row.status = Status.PUBLISHED
        row.published_at = timezone.now()
        row.published_by = by
        row.version += 1
        row.save()
        _audit(row, by, "status", Status.DRAFT, Status.PUBLISHED)
    return row


def highlight_report_new_issue(*, report: HighlightReport, by: User) -> HighlightReport:
    """Start a new draft from a published report: the same period, the next issue number,
    its texts, status and tables as they were (refresh the draft for today's data). Refuses a
    draft (``not_published``: edit it instead) and a report that already has a next issue
    (``issue_exists``)."""
    with transaction.atomic():
        row = _locked(report)
        _check_may_change(by, row.project)
        if row.status != Status.PUBLISHED:
            raise ValidationError(
                "Issue %(issue)s is a draft: edit it rather than starting a new issue.",
                code="not_published",
                params={"issue": row.issue},
            )
        successor = HighlightReport.objects.filter(based_on=row).first()
        if successor is not None:
            raise ValidationError(
                "Issue %(next)s was already started from issue %(issue)s.",
                code="issue_exists",
                params={"issue": row.issue, "next": successor.issue},
            )
        draft = HighlightReport.objects.create(
            project=row.project,
            period_start=row.period_start,
            period_end=row.period_end,
            issue=row.issue + 1,
            based_on=row,
            overall_rag=row.overall_rag,
            overall_comment=row.overall_comment,
            texts=dict(row.texts),
            tables=dict(row.tables),
            captured_at=row.captured_at,
            plan_revision=row.plan_revision,
            author=by,
            author_name=who_name(by),
        )
        _audit(draft, by, "", "", f"{draft} (from issue {row.issue})")
    return draft
