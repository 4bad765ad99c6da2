"""Writes to the risk register: risks, their score history, proposals and bulk entry.
Each service checks the permission, validates, writes and records audit events in one
transaction; a ``ValidationError`` names the fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projectboard.web.projects.models import Person, Project, Task, WorkPackage
from projectboard.web.projects.permissions import person_of
from projectboard.web.projects.services import Conflict
from projectboard.web.risks import audit, scoring
from projectboard.web.risks.models import (
    Category,
    Kind,
    ProposalStatus,
    Proximity,
    Risk,
    RiskProposal,
    RiskScoreChange,
    RiskStatus,
)
from projectboard.web.risks.permissions import can_log

SCORES = ("inherent_probability", "inherent_impact", "residual_probability", "residual_impact")


@dataclass(frozen=True)
class RiskDraft:
    """What a risk is made of, as typed in the form, read from a CSV row or pre-filled from
    a proposal. ``residual_*`` None: the same as the inherent score (no response yet)."""

    title: str
    category: str
    inherent_probability: int
    inherent_impact: int
    residual_probability: int | None = None
    residual_impact: int | None = None
    kind: str = Kind.THREAT
    cause: str = ""
    event: str = ""
    effect: str = ""
    owner: Person | None = None
    actionee: Person | None = None
    proximity: str = ""
    response: str = ""
    response_actions: str = ""
    status: str = RiskStatus.OPEN
    review_date: date | None = None
    work_packages: tuple[WorkPackage, ...] = field(default=())
    tasks: tuple[Task, ...] = field(default=())


def validate_risk(project: Project, draft: RiskDraft) -> RiskDraft:
    """The draft with residual scores filled in, or a ``ValidationError`` naming each bad
    field (all of them at once)."""
    errors: dict[str, ValidationError] = {}
    checks: list[Callable[[], None]] = [
        lambda: audit.required("title", draft.title),
        lambda: audit.choice("category", draft.category, Category),
        lambda: audit.choice("kind", draft.kind, Kind),
        lambda: audit.choice("proximity", draft.proximity, Proximity, blank=True),
        lambda: audit.choice("status", draft.status, RiskStatus),
        lambda: audit.member("owner", draft.owner, project),
        lambda: audit.member("actionee", draft.actionee, project),
    ]
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            errors.update({name: items[0] for name, items in exc.error_dict.items()})
    for name in SCORES:
        value = getattr(draft, name)
        if value is not None and value not in scoring.SCALE:
            errors[name] = ValidationError(
                "%(value)s is not a score from 1 to 5.",
                code="out_of_range",
                params={"value": value},
            )
    if "kind" not in errors and not scoring.response_suits(draft.kind, draft.response):
        errors["response"] = ValidationError(
            "%(response)r is not a response to %(kind)s; choose one of %(allowed)s.",
            code="response_for_kind",
            params={
                "response": draft.response,
                "kind": "an opportunity" if draft.kind == Kind.OPPORTUNITY else "a threat",
                "allowed": ", ".join(scoring.RESPONSES[draft.kind]),
            },
        )
    if any(wp.project_id != project.pk for wp in draft.work_packages):
        errors["work_packages"] = ValidationError(
            "A work package is not in this project.", code="other_project"
        )
    if any(t.project_id != project.pk for t in draft.tasks):
        errors["tasks"] = ValidationError("A task is not in this project.", code="other_project")
    if errors:
        raise ValidationError(errors)
    return replace(
        draft,
        title=draft.title.strip(),
        residual_probability=draft.residual_probability or draft.inherent_probability,
        residual_impact=draft.residual_impact or draft.inherent_impact,
    )


def _require(user: User, action: str, project: Project, message: str) -> None:
    if not can_log(person_of(user), "risk", action, project):
        raise PermissionDenied(message)


def _plain_fields(draft: RiskDraft) -> dict[str, object]:
    return {f.name: getattr(draft, f.name) for f in fields(draft) if f.name not in _LINKS}


_LINKS = ("work_packages", "tasks")


def _score_change(risk: Risk, user: User | None, on: date) -> None:
    RiskScoreChange.objects.create(
        risk=risk, changed_on=on, who=user, **{name: getattr(risk, name) for name in SCORES}
    )


def _create(project: Project, draft: RiskDraft, user: User, on: date) -> Risk:
    """Inside a transaction that has locked ``project``; ``draft`` validated."""
    risk = Risk.objects.create(
        project=project,
        number=audit.next_number(Risk, project),
        raised_on=on,
        **_plain_fields(draft),
    )
    risk.work_packages.set(draft.work_packages)
    risk.tasks.set(draft.tasks)
    _score_change(risk, user, on)
    audit.record(project, user, "risk", risk.pk, new=str(risk))
    return risk


def risk_create(*, project: Project, draft: RiskDraft, by: User, on: date | None = None) -> Risk:
    """Add a risk to the register (the project manager). ``on``: the day it was raised and
    its first scores recorded; today if None."""
    _require(by, "change", project, "Only the project manager may add risks.")
    draft = validate_risk(project, draft)
    with transaction.atomic():
        return _create(audit.lock(project), draft, by, on or timezone.localdate())


def risk_update(
    *, risk: Risk, draft: RiskDraft, expected_version: int, by: User, on: date | None = None
) -> Risk:
    """Change a risk (the project manager). A change of any probability or impact adds a
    row to its score history dated ``on`` (today if None). Refuses a stale version
    (``Conflict``). Returns the saved row."""
    _require(by, "change", risk.project, "Only the project manager may change risks.")
    draft = validate_risk(risk.project, draft)
    with transaction.atomic():
        row = Risk.objects.select_for_update().get(pk=risk.pk)
        if row.version != expected_version:
            raise Conflict(
                f"risk {row.ref}",
                row.version,
                {name: getattr(row, name) for name in _plain_fields(draft)},
            )
        changes = [
            (name, getattr(row, name), new)
            for name, new in _plain_fields(draft).items()
            if getattr(row, name) != new
        ]
        old_wps = sorted(wp.code for wp in row.work_packages.all())
        new_wps = sorted(wp.code for wp in draft.work_packages)
        old_tasks = sorted(t.number for t in row.tasks.all())
        new_tasks = sorted(t.number for t in draft.tasks)
        if old_wps != new_wps:
            changes.append(("work_packages", old_wps, new_wps))
        if old_tasks != new_tasks:
            changes.append(("tasks", old_tasks, new_tasks))
        if not changes:
            return row
        for name, _, new in changes:
            if name not in _LINKS:
                setattr(row, name, new)
        row.version += 1
        row.save()
        row.work_packages.set(draft.work_packages)
        row.tasks.set(draft.tasks)
        if any(name in SCORES for name, _, _ in changes):
            _score_change(row, by, on or timezone.localdate())
        for name, old, new in changes:
            audit.record(
                row.project,
                by,
                "risk",
                row.pk,
                field=name,
                old=audit.text(old),
                new=audit.text(new),
            )
    return row


# -- proposals -------------------------------------------------------------------------------


def risk_proposal_create(
    *,
    project: Project,
    title: str,
    description: str,
    work_package: WorkPackage | None = None,
    source: str,
    by: User,
) -> RiskProposal:
    """Propose a risk for the register: leads, deputies, team members and the project
    manager may. ``source`` says where it came from ("Launch workshop 02/04/2008")."""
    if not can_log(person_of(by), "risk", "propose", project):
        raise PermissionDenied("You may not propose risks in this project.")
    with transaction.atomic():
        return risk_proposal_create_unchecked(
            project=project,
            title=title,
            description=description,
            work_package=work_package,
            source=source,
            by=by,
        )


TITLE_MAX = RiskProposal._meta.get_field("title").max_length or 200


def risk_proposal_create_unchecked(
    *,
    project: Project,
    title: str,
    description: str,
    work_package: WorkPackage | None,
    source: str,
    by: User | None,
    return_ref: int | None = None,
) -> RiskProposal:
    """Validate and write one proposal with its audit event, checking no permission: only
    for services that have already checked their caller (``risk_proposal_create``, and
    ``returns.services.return_submit``, whose submitter may write the return although this
    app's "propose" rule might refuse them). Call inside the caller's transaction.

    ``return_ref`` is the id of the RAG return whose "New risks" line ``title`` is: the
    line is kept as written in ``return_line``, and a title longer than a title may be is
    shortened, the whole line going to the description."""
    audit.required("title", title)
    audit.required("source", source)
    if work_package is not None and work_package.project_id != project.pk:
        raise ValidationError(
            {"work_package": ValidationError("Not in this project.", code="other_project")}
        )
    title = title.strip()
    line = title if return_ref is not None else ""
    if len(title) > TITLE_MAX:
        description = description.strip() or title
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    proposal = RiskProposal.objects.create(
        project=project,
        title=title,
        description=description.strip(),
        work_package=work_package,
        source=source.strip(),
        raised_by=by,
        return_ref=return_ref,
        return_line=line,
    )
    audit.record(project, by, "risk_proposal", proposal.pk, new=proposal.title)
    return proposal


def risk_proposals_from_return_unchecked(
    *,
    project: Project,
    return_ref: int,
    lines: list[str],
    work_package: WorkPackage,
    source: str,
    by: User | None,
) -> list[RiskProposal]:
    """One proposal per line of a RAG return's "New risks" that this return has not
    proposed before (whatever became of that proposal), in the order written; returns the
    new ones. Unchecked, like ``risk_proposal_create_unchecked``: for
    ``returns.services.return_submit``, inside its transaction, which holds the return's row
    lock, so that two submissions of one return cannot both propose a line. A line reworded
    on rework is a new line: the old wording's proposal stays for the project manager."""
    done = set(
        RiskProposal.objects.filter(project=project, return_ref=return_ref).values_list(
            "return_line", flat=True
        )
    )
    created: list[RiskProposal] = []
    for line in lines:
        if line in done:
            continue
        done.add(line)
        created.append(
            risk_proposal_create_unchecked(
                project=project,
                title=line,
                description="",
                work_package=work_package,
                source=source,
                by=by,
                return_ref=return_ref,
            )
        )
    return created


def proposal_draft(proposal: RiskProposal) -> RiskDraft:
    """A new risk pre-filled from a proposal, for the project manager to complete."""
    return RiskDraft(
        title=proposal.title,
        category="",
        inherent_probability=3,
        inherent_impact=3,
        event=proposal.description,
        owner=person_of(proposal.raised_by) if proposal.raised_by else None,
        work_packages=(proposal.work_package,) if proposal.work_package else (),
    )


def _pending(proposal: RiskProposal) -> RiskProposal:
    row = RiskProposal.objects.select_for_update().get(pk=proposal.pk)
    if row.status != ProposalStatus.PENDING:
        raise ValidationError(
            "This proposal was already %(status)s.",
            code="decided",
            params={"status": row.get_status_display().lower()},
        )
    return row


def risk_proposal_accept(
    *, proposal: RiskProposal, draft: RiskDraft, by: User, on: date | None = None
) -> Risk:
    """Accept a pending proposal as a new risk made of ``draft`` (the project manager)."""
    project = proposal.project
    _require(by, "change", project, "Only the project manager may accept proposals.")
    draft = validate_risk(project, draft)
    with transaction.atomic():
        locked = audit.lock(project)
        row = _pending(proposal)
        risk = _create(locked, draft, by, on or timezone.localdate())
        row.status = ProposalStatus.ACCEPTED
        row.risk = risk
        row.save()
        audit.record(
            project, by, "risk_proposal", row.pk, field="status", old="pending", new=risk.ref
        )
    return risk


def risk_proposal_decline(*, proposal: RiskProposal, reason: str, by: User) -> RiskProposal:
    """Decline a pending proposal, saying why (the project manager)."""
    project = proposal.project
    _require(by, "change", project, "Only the project manager may decline proposals.")
    audit.required("reason", reason)
    with transaction.atomic():
        row = _pending(proposal)
        row.status = ProposalStatus.DECLINED
        row.decline_reason = reason.strip()
        row.save()
        audit.record(
            project, by, "risk_proposal", row.pk, field="status", old="pending", new="declined"
        )
    return row


# -- bulk entry ------------------------------------------------------------------------------


def risk_import(
    *, project: Project, drafts: list[RiskDraft], by: User, on: date | None = None
) -> list[Risk]:
    """Add every draft (the launch workshop's risks) in order, or none: a bad draft raises
    before anything is written."""
    _require(by, "change", project, "Only the project manager may import risks.")
    checked = [validate_risk(project, d) for d in drafts]
    with transaction.atomic():
        locked = audit.lock(project)
        return [_create(locked, d, by, on or timezone.localdate()) for d in checked]
