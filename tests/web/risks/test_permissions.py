"""Who gets each page of the risks app, per persona: members read every log; the project
manager writes them all; leads and deputies propose risks and raise issues; the chair
records decisions; an action's owner marks it done; outsiders get the same 404 as for a
missing project; anonymous users are sent to log in. Every refused POST changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse

from projectboard.web.projects.models import AuditEvent, Person, Project
from projectboard.web.risks import models as m
from projectboard.web.risks.urls import urlpatterns

from .covered_urls import URL_NAMES

PERSONAS = [
    "pm",
    "wp_lead_fin",
    "wp_lead_gis",
    "deputy_hr",
    "board_member",
    "observer",
    "outsider",
    "anonymous",
]
MEMBERS_READ = {p: 200 for p in PERSONAS} | {"outsider": 404, "anonymous": 302}
PM_ONLY = {p: 403 for p in PERSONAS} | {"pm": 200, "outsider": 404, "anonymous": 302}
TEAM = PM_ONLY | {"wp_lead_fin": 200, "wp_lead_gis": 200, "deputy_hr": 200}
PM_AND_CHAIR = PM_ONLY | {"board_member": 200}
POST_ONLY = {p: 405 for p in PERSONAS} | {"anonymous": 302}


def _posted(get: dict[str, int]) -> dict[str, int]:
    """A page's POST statuses: saved (303) where the GET is allowed."""
    return {p: 303 if s == 200 else s for p, s in get.items()}


def _pk(project: Project, code: str) -> str:
    return str(Person.objects.filter(memberships__project=project, code=code).distinct().get().pk)


def _project(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk}


def _risk(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "ref": "R001"}


def _issue(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "ref": "I001"}


def _action(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "ref": "A004"}  # owned by Mike Thompson (lead-fin)


def _proposal(project: Project) -> dict[str, Any]:
    proposal = m.RiskProposal.objects.get(project=project)
    return {"project_id": project.pk, "proposal_id": proposal.pk}


def _risk_form(project: Project) -> dict[str, Any]:
    return {
        "title": "Consultants unavailable",
        "kind": "threat",
        "category": "timescale",
        "inherent_probability": "2",
        "inherent_impact": "4",
        "residual_probability": "2",
        "residual_impact": "3",
        "status": "open",
        "owner": _pk(project, "HCUSHIN"),
        "version": "1",
    }


def _csv(project: Project) -> dict[str, Any]:
    body = b"title,category,probability,impact\nLoss of key staff,people,3,4\n"
    return {"file": SimpleUploadedFile("workshop.csv", body, content_type="text/csv")}


def _issue_form(project: Project) -> dict[str, Any]:
    return {"title": "Server room access", "type": "problem", "priority": "low", "severity": "pm"}


def _issue_edit(project: Project) -> dict[str, Any]:
    return _issue_form(project) | {"status": "open", "version": "1"}


PAGES: dict[str, tuple[Callable[[Project], dict[str, Any]], dict[str, int]]] = {
    "risk-register": (_project, MEMBERS_READ),
    "risk-heat-map": (_project, MEMBERS_READ),
    "risk-proposals": (_project, MEMBERS_READ),
    "risk-detail": (_risk, MEMBERS_READ),
    "issue-log": (_project, MEMBERS_READ),
    "decision-log": (_project, MEMBERS_READ),
    "action-log": (_project, MEMBERS_READ),
    "lesson-log": (_project, MEMBERS_READ),
    "comms-plan": (_project, MEMBERS_READ),
    "consultation-report": (_project, MEMBERS_READ),
    "risk-create": (_project, PM_ONLY),
    "risk-edit": (_risk, PM_ONLY),
    "risk-import": (_project, PM_ONLY),
    "risk-import-confirm": (_project, POST_ONLY),
    "risk-proposal-create": (_project, TEAM),
    "risk-proposal-accept": (_proposal, PM_ONLY),
    "risk-proposal-decline": (_proposal, PM_ONLY),
    "issue-raise": (_project, TEAM),
    "issue-edit": (_issue, PM_ONLY),
    "decision-record": (_project, PM_AND_CHAIR),
    "action-create": (_project, PM_ONLY),
    "action-status": (_action, POST_ONLY),
    "lesson-create": (_project, PM_ONLY),
    "comms-item-create": (_project, PM_ONLY),
    "consultation-record": (_project, PM_ONLY),
}

# URL name -> (the form it posts, who gets what).
POSTS: dict[str, tuple[Callable[[Project], dict[str, Any]], dict[str, int]]] = {
    "risk-create": (_risk_form, _posted(PM_ONLY)),
    "risk-edit": (_risk_form, _posted(PM_ONLY)),
    "risk-import": (_csv, PM_ONLY),  # the preview page
    "risk-import-confirm": (lambda p: {"digest": "0" * 64}, PM_ONLY | {"pm": 409}),
    "risk-proposal-create": (
        lambda p: {"title": "Printer contract ends", "source": "RAG return"},
        _posted(TEAM),
    ),
    "risk-proposal-accept": (_risk_form, _posted(PM_ONLY)),
    "risk-proposal-decline": (lambda p: {"reason": "Already R001."}, _posted(PM_ONLY)),
    "issue-raise": (_issue_form, _posted(TEAM)),
    "issue-edit": (_issue_edit, _posted(PM_ONLY)),
    "decision-record": (
        lambda p: {"decided_on": "2008-04-30", "title": "Go", "made_by": "Project board"},
        _posted(PM_AND_CHAIR),
    ),
    "action-create": (lambda p: {"title": "Book the room"}, _posted(PM_ONLY)),
    "action-status": (
        lambda p: {"status": "done"},
        PM_ONLY | {"pm": 303, "wp_lead_fin": 303},
    ),
    "lesson-create": (
        lambda p: {"lesson": "Start early", "category": "planning"},
        _posted(PM_ONLY),
    ),
    "comms-item-create": (
        lambda p: {
            "audience": "Staff",
            "message": "News",
            "channel": "Email",
            "frequency": "Weekly",
        },
        _posted(PM_ONLY),
    ),
    "consultation-record": (
        lambda p: {"body": "Unions", "kind": "consulted", "state": "planned", "summary": "Unions."},
        _posted(PM_ONLY),
    ),
}

# URL name -> the audit events one POST that is done (303) records: one for a new entry,
# one per changed field for an edit (the form changes 14 of R001's and 5 of I001's), and
# for an accepted proposal its new risk and the proposal's status.
EVENTS = {
    "risk-create": 1,
    "risk-edit": 14,
    "risk-proposal-create": 1,
    "risk-proposal-accept": 2,
    "risk-proposal-decline": 1,
    "issue-raise": 1,
    "issue-edit": 5,
    "decision-record": 1,
    "action-create": 1,
    "action-status": 1,
    "lesson-create": 1,
    "comms-item-create": 1,
    "consultation-record": 1,
}


def _login(client: Client, request: pytest.FixtureRequest, persona: str) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def _state(project: Project) -> list[object]:
    """Everything the app stores, to show that a refused POST changed nothing."""
    return [
        list(model.objects.filter(project=project).values())
        for model in (
            m.Risk,
            m.RiskProposal,
            m.Issue,
            m.Decision,
            m.Action,
            m.Lesson,
            m.CommsItem,
            m.Consultation,
        )
    ] + [list(m.RiskScoreChange.objects.values()), AuditEvent.objects.count()]


def test_every_url_is_covered() -> None:
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern)}
    assert names == URL_NAMES == set(PAGES)
    assert set(POSTS) <= set(PAGES)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_who_gets_each_page(
    client: Client, demo: Project, name: str, persona: str, request: pytest.FixtureRequest
) -> None:
    args, statuses = PAGES[name]
    _login(client, request, persona)
    url = reverse(name, kwargs=args(demo))
    response = client.get(url)
    assert response.status_code == statuses[persona]
    if persona == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={url}"
    if persona == "outsider":
        assert demo.name not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(POSTS))
def test_who_may_post(
    client: Client, demo: Project, name: str, persona: str, request: pytest.FixtureRequest
) -> None:
    args, _ = PAGES[name]
    data, statuses = POSTS[name]
    _login(client, request, persona)
    url = reverse(name, kwargs=args(demo))
    before = _state(demo)
    response = client.post(url, data(demo))
    assert response.status_code == statuses[persona]
    if statuses[persona] != 303:
        assert _state(demo) == before
    else:
        assert AuditEvent.objects.count() - before[-1] == EVENTS[name]  # type: ignore[operator]


def test_a_missing_project_or_entry_is_the_same_404(
    client: Client, demo: Project, request: pytest.FixtureRequest
) -> None:
    _login(client, request, "pm")
    assert client.get(reverse("risk-register", kwargs={"project_id": 999999})).status_code == 404
    for name, ref in [
        ("risk-detail", "R999"),
        ("risk-detail", "X001"),
        ("risk-edit", "R999"),
        ("issue-edit", "I999"),
    ]:
        url = reverse(name, kwargs={"project_id": demo.pk, "ref": ref})
        assert client.get(url).status_code == 404
