"""Committee reports: the project manager's reports to the councils' committees (the seed's
report to the scrutiny committee, CROS), in the councils' standard form.

Writes go through the services below: permission (``permissions.COMMITTEE_REPORT``: the
project manager writes), validation, write and audit event in one transaction. ``by`` None is
the system (the demo loader). A final report is never changed, by anyone: each service
refuses it with code ``final``; ``committee_report_new_draft`` starts the next issue from it.
One report per committee and partner: a second is refused (``report_exists``) -- start a new
draft from the existing one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projectboard.web.business.committee_content import SECTION_KEYS, capture
from projectboard.web.business.common import invalid, record, require
from projectboard.web.business.models import CommitteeReport
from projectboard.web.projects.history import who_name
from projectboard.web.projects.models import Membership, Partner, Project, Role
from projectboard.web.projects.services import Conflict

OBJECT_TYPE = "committee_report"
REFUSED = "Only the project manager writes committee reports."
Status = CommitteeReport.Status


@dataclass(frozen=True)
class TitleBlock:
    """The report's title block, as the project manager types it."""

    committee: str
    partner: str  # the partner's code: whose committee it is
    meeting_date: date
    reference: str
    report_of: str
    title: str
    contact_officer: str


HEADING_FIELDS = (
    "committee",
    "partner",
    "meeting_date",
    "reference",
    "report_of",
    "title",
    "contact_officer",
)
REQUIRED = ("committee", "partner", "report_of", "title")


def _normalise(text: str) -> str:
    """Browsers send CRLF; keep LF, and no blank space at the ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _partner(project: Project, code: str) -> Partner:
    found = Partner.objects.filter(project=project, code=code).first()
    if found is None:
        raise invalid(
            "partner", "%(value)r is not a partner of this project.", "invalid_choice", value=code
        )
    return found


def _checked(project: Project, title_block: TitleBlock) -> tuple[TitleBlock, Partner]:
    cleaned = TitleBlock(
        committee=title_block.committee.strip(),
        partner=title_block.partner.strip(),
        meeting_date=title_block.meeting_date,
        reference=title_block.reference.strip(),
        report_of=title_block.report_of.strip(),
        title=title_block.title.strip(),
        contact_officer=title_block.contact_officer.strip(),
    )
    errors = {
        name: ValidationError("This field is required.", code="required")
        for name in REQUIRED
        if not getattr(cleaned, name)
    }
    if errors:
        raise ValidationError(errors)
    return cleaned, _partner(project, cleaned.partner)


def refuse_if_final(report: CommitteeReport) -> None:
    """Refuse (``ValidationError``, code ``final``) any change to a final report."""
    if report.is_final:
        assert report.finalised_at is not None
        raise ValidationError(
            "Issue %(issue)s of the report “%(title)s” to %(committee)s was made final on "
            "%(final)s and cannot be changed; start a new draft from it.",
            code="final",
            params={
                "issue": report.issue,
                "title": report.title,
                "committee": report.committee,
                "final": f"{timezone.localtime(report.finalised_at):%d/%m/%Y %H:%M}",
            },
        )


def _author(by: User | None, project: Project) -> str:
    if by is not None:
        return who_name(by)
    pm = Membership.objects.filter(project=project, role=Role.PM).select_related("person")
    first = pm.order_by("id").first()
    return first.person.name if first else who_name(None)


def _locked(report: CommitteeReport) -> CommitteeReport:
    return (
        CommitteeReport.objects.select_for_update(of=("self",))
        .select_related("project", "partner")
        .get(pk=report.pk)
    )


def _check_version(row: CommitteeReport, expected_version: int) -> None:
    if row.version != expected_version:
        raise Conflict(
            f"the committee report “{row.title}”",
            row.version,
            {
                **{name: _shown(row, name) for name in HEADING_FIELDS},
                **{key: row.texts.get(key, "") for key in SECTION_KEYS},
            },
        )


def _shown(row: CommitteeReport, name: str) -> str:
    if name == "partner":
        return row.partner.code
    if name == "meeting_date":
        return row.meeting_date.isoformat()
    return str(getattr(row, name))


def committee_report_create(
    *, project: Project, title_block: TitleBlock, by: User | None
) -> CommitteeReport:
    """Draft a report to a committee: the texts empty but for the financial and risk
    implications (pre-filled), the consultation log, cost model and top risks captured now.
    Refuses a second report to the same committee of the same partner (``report_exists``)."""
    require(by, "committee_report", "change", project, REFUSED)
    block, partner = _checked(project, title_block)
    captured, prefilled = capture(project)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if CommitteeReport.objects.filter(
            project=locked, committee=block.committee, partner=partner
        ).exists():
            raise ValidationError(
                "There is already a report to %(committee)s of %(partner)s; open it, or start "
                "a new draft from it.",
                code="report_exists",
                params={"committee": block.committee, "partner": partner.name},
            )
        report = CommitteeReport.objects.create(
            project=locked,
            committee=block.committee,
            partner=partner,
            meeting_date=block.meeting_date,
            reference=block.reference,
            report_of=block.report_of,
            title=block.title,
            contact_officer=block.contact_officer,
            texts={key: prefilled.get(key, "") for key in SECTION_KEYS},
            captured=captured,
            captured_at=timezone.now(),
            author=by,
            author_name=_author(by, locked),
        )
        record(locked, by, OBJECT_TYPE, report.pk, new=str(report))
    return report


def committee_report_update(
    *,
    report: CommitteeReport,
    expected_version: int,
    title_block: TitleBlock,
    texts: Mapping[str, str],
    by: User | None,
) -> CommitteeReport:
    """Change the title block and the texts of the sections named in ``texts``. Nothing
    changed is not saved and keeps its version."""
    require(by, "committee_report", "change", report.project, REFUSED)
    unknown = sorted(set(texts) - set(SECTION_KEYS))
    if unknown:
        raise invalid(
            "texts", "%(value)s is not a section of a committee report.", "invalid_choice",
            value=", ".join(unknown),
        )  # fmt: skip
    with transaction.atomic():
        row = _locked(report)
        refuse_if_final(row)
        _check_version(row, expected_version)
        block, partner = _checked(row.project, title_block)
        if partner.pk != row.partner_id or block.committee != row.committee:
            clash = CommitteeReport.objects.filter(
                project=row.project, committee=block.committee, partner=partner
            ).exclude(pk=row.pk)
            if clash.exists():
                raise ValidationError(
                    "There is already a report to %(committee)s of %(partner)s.",
                    code="report_exists",
                    params={"committee": block.committee, "partner": partner.name},
                )
        changes: list[tuple[str, str, str]] = []
        for name in HEADING_FIELDS:
            old = _shown(row, name)
            if name == "partner":
                row.partner = partner
            else:
                setattr(row, name, getattr(block, name))
            new = _shown(row, name)
            if old != new:
                changes.append((name, old, new))
        new_texts = dict(row.texts)
        for key, text in texts.items():
            text = _normalise(text)
            if new_texts.get(key, "") != text:
                changes.append((key, new_texts.get(key, ""), text))
                new_texts[key] = text
        if not changes:
            return row
        row.texts = new_texts
        row.version += 1
        row.save()
        for field, old, new in changes:
            record(row.project, by, OBJECT_TYPE, row.pk, field=field, old=old, new=new)
    return row


def committee_report_refresh(
    *, report: CommitteeReport, expected_version: int, by: User | None
) -> CommitteeReport:
    """Capture the consultation log, the cost model and the top risks again (a draft only);
    the texts are kept."""
    require(by, "committee_report", "change", report.project, REFUSED)
    with transaction.atomic():
        row = _locked(report)
        refuse_if_final(row)
        _check_version(row, expected_version)
        old = f"captured {timezone.localtime(row.captured_at):%d/%m/%Y %H:%M}"
        row.captured, _ = capture(row.project)
        row.captured_at = timezone.now()
        row.version += 1
        row.save()
        new = f"captured {timezone.localtime(row.captured_at):%d/%m/%Y %H:%M}"
        record(row.project, by, OBJECT_TYPE, row.pk, field="captured", old=old, new=new)
    return row


def committee_report_finalise(
    *, report: CommitteeReport, expected_version: int, by: User | None
) -> CommitteeReport:
    """Make the report final: from then on nobody changes it. Needs the summary and at
    least one recommendation (``incomplete``)."""
    require(by, "committee_report", "change", report.project, REFUSED)
    with transaction.atomic():
        row = _locked(report)
        refuse_if_final(row)
        _check_version(row, expected_version)
        missing = [
            name
            for key, name in (("summary", "the summary"), ("recommendations", "a recommendation"))
            if not row.texts.get(key, "").strip()
        ]
        if missing:
            raise ValidationError(
                "A final report needs %(missing)s.",
                code="incomplete",
                params={"missing": " and ".join(missing)},
            )
        row.status = Status.FINAL
        row.finalised_at = timezone.now()
        row.version += 1
        row.save()
        record(row.project, by, OBJECT_TYPE, row.pk, field="status", old="draft", new="final")
    return row


def committee_report_new_draft(*, report: CommitteeReport, by: User | None) -> CommitteeReport:
    """Start the next issue from a final report: a draft with the same title block and
    texts, and the project captured again now. Refuses a draft (``not_final``) and a report
    that already has a next issue (``issue_exists``)."""
    require(by, "committee_report", "change", report.project, REFUSED)
    captured, _ = capture(report.project)
    with transaction.atomic():
        row = _locked(report)
        if not row.is_final:
            raise ValidationError(
                "Issue %(issue)s is still a draft: edit it instead.",
                code="not_final",
                params={"issue": row.issue},
            )
        following = CommitteeReport.objects.filter(based_on=row).first()
        if following is not None:
            raise ValidationError(
                "Issue %(next)s has already been started from issue %(issue)s.",
                code="issue_exists",
                params={"next": following.issue, "issue": row.issue},
            )
        draft = CommitteeReport.objects.create(
            project=row.project,
            committee=row.committee,
            partner=row.partner,
            meeting_date=row.meeting_date,
            reference=row.reference,
            report_of=row.report_of,
            title=row.title,
            contact_officer=row.contact_officer,
            issue=row.issue + 1,
            based_on=row,
            texts=dict(row.texts),
            captured=captured,
            captured_at=timezone.now(),
            author=by,
            author_name=_author(by, row.project),
        )
        record(row.project, by, OBJECT_TYPE, draft.pk, new=f"{draft} from issue {row.issue}")
    return draft
