"""Risks raised in a RAG return arrive in the risk register as proposals: one per line of
"New risks", written when the return is submitted, never twice for one line of one return,
and accepted into the register by the project manager."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from projectboard.web.projects.models import AuditEvent, Person, Project
from projectboard.web.returns.models import ReportingPeriod
from projectboard.web.returns.services import return_save, return_send_back, return_submit
from projectboard.web.risks.models import RiskProposal
from projectboard.web.risks.queries import pending_proposals
from projectboard.web.risks.services import (
    proposal_draft,
    risk_proposal_accept,
    risk_proposal_create,
)

from .support import COMPLETE, draft, stored, wp

AT = datetime(2008, 3, 21, 15, 30, tzinfo=UTC)
LATER = datetime(2008, 3, 27, 9, 0, tzinfo=UTC)


def proposals(project: Project) -> list[tuple[Any, ...]]:
    return [
        (
            p.title,
            p.description,
            p.work_package.code if p.work_package else None,
            p.source,
            p.raised_by.username if p.raised_by else None,
            p.status,
            p.return_line,
        )
        for p in RiskProposal.objects.filter(project=project).order_by("id")
    ]


def proposal_events(project: Project) -> list[tuple[str | None, str, str, str]]:
    return [
        (e.who.username if e.who else None, e.field, e.old, e.new)
        for e in AuditEvent.objects.filter(project=project, object_type="risk_proposal")
    ]


def test_submitting_proposes_each_new_risk_line(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    ret = draft(project, periods[1], "WP-FIN", wp_lead_fin)  # two lines and a blank one
    assert RiskProposal.objects.count() == 0  # a draft proposes nothing
    return_submit(rag_return=ret, by=wp_lead_fin, now=AT)
    source = "RAG return WP-FIN period 1 (21/03/2008)"
    assert proposals(project) == [
        (
            "Savings may be overstated",
            "",
            "WP-FIN",
            source,
            "lead-fin",
            "pending",
            "Savings may be overstated",
        ),
        (
            "Capital funding not agreed",
            "",
            "WP-FIN",
            source,
            "lead-fin",
            "pending",
            "Capital funding not agreed",
        ),
    ]
    assert [p.return_ref for p in pending_proposals(project)] == [ret.pk, ret.pk]
    assert proposal_events(project) == [
        ("lead-fin", "", "", "Savings may be overstated"),
        ("lead-fin", "", "", "Capital funding not agreed"),
    ]


def test_resubmitting_after_rework_proposes_only_the_new_lines(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User, pm: User
) -> None:
    ret = return_submit(
        rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin, now=AT
    )
    ret = return_send_back(rag_return=ret, by=pm, comment="Say what the procurement risk is.")
    ret = return_save(
        period=periods[1],
        work_package=wp(project, "WP-FIN"),
        fields={
            "new_risks": "Capital funding not agreed\n"
            "Savings may be overstated\n"
            "Procurement of the shared network takes longer than planned"
        },
        expected_version=ret.version,
        by=wp_lead_fin,
    )
    return_submit(rag_return=ret, by=wp_lead_fin, now=LATER)
    assert [(title, source) for title, _, _, source, *_ in proposals(project)] == [
        ("Savings may be overstated", "RAG return WP-FIN period 1 (21/03/2008)"),
        ("Capital funding not agreed", "RAG return WP-FIN period 1 (21/03/2008)"),
        (
            "Procurement of the shared network takes longer than planned",
            "RAG return WP-FIN period 1 (27/03/2008)",
        ),
    ]
    assert len(proposal_events(project)) == 3


def test_a_declined_line_is_not_proposed_again(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User, pm: User
) -> None:
    ret = return_submit(
        rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin, now=AT
    )
    RiskProposal.objects.filter(title="Savings may be overstated").update(status="declined")
    ret = return_send_back(rag_return=ret, by=pm, comment="Add the capital profile.")
    ret = return_save(
        period=periods[1],
        work_package=wp(project, "WP-FIN"),
        fields={"achievements": "Budgets and capital profile collected."},
        expected_version=ret.version,
        by=wp_lead_fin,
    )
    return_submit(rag_return=ret, by=wp_lead_fin, now=LATER)
    assert [(title, status) for title, *_, status, _ in proposals(project)] == [
        ("Savings may be overstated", "declined"),
        ("Capital funding not agreed", "pending"),
    ]


def test_the_same_line_in_another_return_is_another_proposal(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    for number in (1, 2):
        ret = draft(project, periods[number], "WP-FIN", wp_lead_fin)
        return_submit(rag_return=ret, by=wp_lead_fin, now=AT)
    assert [source for _, _, _, source, *_ in proposals(project)] == [
        "RAG return WP-FIN period 1 (21/03/2008)",
        "RAG return WP-FIN period 1 (21/03/2008)",
        "RAG return WP-FIN period 2 (21/03/2008)",
        "RAG return WP-FIN period 2 (21/03/2008)",
    ]


def test_a_deputy_the_register_would_refuse_still_submits_with_its_risks(
    project: Project, periods: dict[int, ReportingPeriod], board_member: User
) -> None:
    # Angela Brown is on the board, not in the team: the register's "propose" rule refuses
    # her, but as a deputy of WP-FIN she may submit its return, risks and all.
    angela = Person.objects.get(user=board_member)
    wp(project, "WP-FIN").deputies.add(angela)
    before = stored(project)
    with pytest.raises(PermissionDenied, match=r"^You may not propose risks in this project\.$"):
        risk_proposal_create(
            project=project,
            title="Savings may be overstated",
            description="",
            source="Board",
            by=board_member,
        )
    assert stored(project) == before
    ret = draft(project, periods[1], "WP-FIN", board_member)
    return_submit(rag_return=ret, by=board_member, now=AT)
    assert [(title, raised_by) for title, _, _, _, raised_by, *_ in proposals(project)] == [
        ("Savings may be overstated", "board"),
        ("Capital funding not agreed", "board"),
    ]


def test_a_refused_submission_proposes_nothing(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User, deputy_hr: User
) -> None:
    ret = draft(
        project, periods[1], "WP-FIN", wp_lead_fin, {"overall": "green", "new_risks": "A\nB"}
    )
    before = stored(project)
    with pytest.raises(ValidationError):
        return_submit(rag_return=ret, by=wp_lead_fin, now=AT)
    with pytest.raises(PermissionDenied):
        return_submit(rag_return=ret, by=deputy_hr, now=AT)
    assert stored(project) == before
    assert RiskProposal.objects.count() == 0


def test_a_line_longer_than_a_title_is_shortened_and_kept_whole(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User
) -> None:
    line = "The capital funding " + "x" * 300
    ret = draft(project, periods[1], "WP-FIN", wp_lead_fin, {**COMPLETE, "new_risks": line})
    return_submit(rag_return=ret, by=wp_lead_fin, now=AT)
    [proposal] = RiskProposal.objects.filter(project=project)
    assert proposal.title == line[:199] + "…"
    assert (len(proposal.title), proposal.description, proposal.return_line) == (200, line, line)


def test_the_project_manager_accepts_a_proposed_risk_into_the_register(
    project: Project, periods: dict[int, ReportingPeriod], wp_lead_fin: User, pm: User
) -> None:
    return_submit(
        rag_return=draft(project, periods[1], "WP-FIN", wp_lead_fin), by=wp_lead_fin, now=AT
    )
    first, second = pending_proposals(project)
    risk = risk_proposal_accept(
        proposal=first,
        draft=replace(proposal_draft(first), category="financial"),
        by=pm,
        on=date(2008, 3, 25),
    )
    assert (
        risk.ref,
        risk.title,
        risk.category,
        risk.owner.name if risk.owner else None,
        [w.code for w in risk.work_packages.all()],
        risk.raised_on,
    ) == (
        "R001",
        "Savings may be overstated",
        "financial",
        "Mike Thompson",
        ["WP-FIN"],
        date(2008, 3, 25),
    )
    first.refresh_from_db()
    assert (first.status, first.risk) == ("accepted", risk)
    assert pending_proposals(project) == [second]
