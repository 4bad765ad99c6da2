"""Who gets each page of the business case, per persona: members read everything; the
project manager and the finance work package's lead edit the cost model and funding; the
project manager (lead of WP-VISION) edits the options, imports surveys and writes the case;
board members sign off the options; the observer (the external reviewer) comments and
verifies; outsiders get the same 404 as for a missing project; anonymous users are sent to
log in. Every refused POST changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse

from projectboard.web.business import models as m
from projectboard.web.business.committee import committee_report_finalise
from projectboard.web.business.urls import urlpatterns
from projectboard.web.projects.models import AuditEvent, Person, Project

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
FINANCE = PM_ONLY | {"wp_lead_fin": 200}
REVIEWER = PM_ONLY | {"pm": 403, "observer": 200}
POST_ONLY = {p: 405 for p in PERSONAS} | {"anonymous": 302}


def _posted(get: dict[str, int]) -> dict[str, int]:
    """A page's POST statuses: saved (303) where the GET is allowed."""
    return {p: 303 if s == 200 else s for p, s in get.items()}


def _project(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk}


def _line(project: Project) -> dict[str, Any]:
    line = m.CostLine.objects.get(project=project, name="Current ICT spend")
    return {"project_id": project.pk, "line_id": line.pk}


def _host_line(project: Project) -> dict[str, Any]:
    line = m.CostLine.objects.get(project=project, name="Server consolidation")
    return {"project_id": project.pk, "line_id": line.pk}


def _criterion(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "criterion_id": m.Criterion.objects.get(code="COST").pk}


def _score(project: Project) -> dict[str, Any]:
    return _criterion(project) | {"scenario_id": m.Scenario.objects.get(code="HOST").pk}


def _section(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "key": "economic"}


def _comment(project: Project) -> dict[str, Any]:
    comment = m.ReviewComment.objects.filter(project=project).first()
    if comment is None:
        author = Person.objects.create(name="Rita Reviewer")
        comment = m.ReviewComment.objects.create(
            project=project, author=author, made_on=date(2008, 7, 1), text="Show the VAT."
        )
    return {"project_id": project.pk, "comment_id": comment.pk}


def _export(project: Project) -> dict[str, Any]:
    return {"project_id": project.pk, "fmt": "docx"}


def _committee(project: Project) -> dict[str, Any]:
    """The demo's draft report to the scrutiny committee."""
    report = m.CommitteeReport.objects.get(project=project)
    return {"project_id": project.pk, "report_id": report.pk}


def _committee_export(project: Project) -> dict[str, Any]:
    return _committee(project) | {"fmt": "docx"}


def _final_committee(project: Project) -> dict[str, Any]:
    """The demo's report, made final (a new draft starts from a final report)."""
    report = m.CommitteeReport.objects.get(project=project)
    committee_report_finalise(report=report, expected_version=report.version, by=None)
    return {"project_id": project.pk, "report_id": report.pk}


def _committee_version(project: Project) -> dict[str, Any]:
    return {"version": str(m.CommitteeReport.objects.get(project=project).version)}


def _committee_form(project: Project) -> dict[str, Any]:
    report = m.CommitteeReport.objects.get(project=project)
    return {
        "committee": report.committee,
        "partner": "CCC",
        "meeting_date": "2008-07-24",
        "reference": "CORP 50/08",
        "report_of": "Director of Corporate Services",
        "title": "ICT shared service: business case",
        "contact_officer": "Angela Brown",
        "version": str(report.version),
        "summary": "The business case.",
    }


def _line_form(project: Project) -> dict[str, Any]:
    amounts = {f"amount_{p}_{y}": "1000" for p in ("ABC", "CCC") for y in range(2009, 2014)}
    return {
        "name": "Current ICT spend",
        "kind": "current",
        "scenario": "",
        "version": "1",
    } | amounts


def _cost_csv(project: Project) -> dict[str, Any]:
    body = b"option,name,kind,partner,2009/10\nHOST,Training,revenue,ABC,500\n"
    return {"file": SimpleUploadedFile("costs.csv", body, content_type="text/csv")}


def _survey_csv(project: Project) -> dict[str, Any]:
    body = b"respondent,question,score\nA,Speed,4\nB,Speed,5\n"
    return {
        "kind": "after",
        "file": SimpleUploadedFile("after.csv", body, content_type="text/csv"),
    }


PAGES: dict[str, tuple[Callable[[Project], dict[str, Any]], dict[str, int]]] = {
    "business-case": (_project, MEMBERS_READ),
    "business-case-export": (_export, MEMBERS_READ),
    "business-committee-list": (_project, MEMBERS_READ),
    "business-committee-new": (_project, PM_ONLY),
    "business-committee-detail": (_committee, MEMBERS_READ),
    "business-committee-edit": (_committee, PM_ONLY),
    "business-committee-refresh": (_committee, POST_ONLY),
    "business-committee-finalise": (_committee, POST_ONLY),
    "business-committee-new-draft": (_final_committee, POST_ONLY),
    "business-committee-export": (_committee_export, MEMBERS_READ),
    "business-costs": (_project, MEMBERS_READ),
    "business-funding": (_project, MEMBERS_READ),
    "business-appraisal": (_project, MEMBERS_READ),
    "business-options": (_project, MEMBERS_READ),
    "business-satisfaction": (_project, MEMBERS_READ),
    "business-settings": (_project, FINANCE),
    "business-line-create": (_project, FINANCE),
    "business-line-edit": (_line, FINANCE),
    "business-line-delete": (_host_line, POST_ONLY),
    "business-cost-import": (_project, FINANCE),
    "business-cost-import-confirm": (_project, POST_ONLY),
    "business-funding-create": (_project, FINANCE),
    "business-spend-create": (_project, FINANCE),
    "business-scenario-create": (_project, PM_ONLY),
    "business-criterion-create": (_project, PM_ONLY),
    "business-criterion-edit": (_criterion, PM_ONLY),
    "business-score-edit": (_score, PM_ONLY),
    "business-options-sign-off": (_project, POST_ONLY),
    "business-survey-import": (_project, PM_ONLY),
    "business-survey-import-confirm": (_project, POST_ONLY),
    "business-section-edit": (_section, PM_ONLY),
    "business-review-comment": (_project, REVIEWER),
    "business-review-respond": (_comment, PM_ONLY),
    "business-review-verify": (_project, POST_ONLY),
}

# URL name -> (the form it posts, who gets what).
POSTS: dict[str, tuple[Callable[[Project], dict[str, Any]], dict[str, int]]] = {
    "business-settings": (
        lambda p: {
            "first_year": "2009",
            "year_count": "5",
            "host": "ABC",
            "optimism_bias_type": "",
            "optimism_bias_bound": "upper",
            "illustrative": "on",
            "version": "1",
        },
        _posted(FINANCE),
    ),
    "business-line-create": (
        lambda p: {
            "name": "Training",
            "kind": "revenue",
            "scenario": "HOST",
            "amount_ABC_2010": "500",
        },
        _posted(FINANCE),
    ),
    "business-line-edit": (_line_form, _posted(FINANCE)),
    "business-line-delete": (lambda p: {}, _posted(FINANCE)),
    "business-cost-import": (_cost_csv, FINANCE),  # the preview page
    "business-cost-import-confirm": (
        lambda p: {"digest": "0" * 64},
        FINANCE | {"pm": 409, "wp_lead_fin": 409},
    ),
    "business-funding-create": (
        lambda p: {"partner": "ABC", "amount": "£2,500.00", "purpose": "Legal advice"},
        _posted(FINANCE),
    ),
    "business-spend-create": (
        lambda p: {
            "spent_on": "2008-07-01",
            "partner": "CCC",
            "amount": "400",
            "description": "Printing",
        },
        _posted(FINANCE),
    ),
    "business-scenario-create": (
        lambda p: {"code": "OUT", "name": "Outsource", "description": ""},
        _posted(PM_ONLY),
    ),
    "business-criterion-create": (
        lambda p: {"code": "ENV", "name": "Environment", "weight": "0"},
        _posted(PM_ONLY),
    ),
    "business-criterion-edit": (
        lambda p: {"name": "Lower revenue costs", "weight": "30"},
        _posted(PM_ONLY),
    ),
    "business-score-edit": (lambda p: {"value": "7", "reason": "Better"}, _posted(PM_ONLY)),
    "business-options-sign-off": (
        lambda p: {"note": "Agreed at the board."},
        PM_ONLY | {"pm": 403, "board_member": 303},
    ),
    "business-survey-import": (_survey_csv, PM_ONLY),  # the preview page
    "business-survey-import-confirm": (lambda p: {"digest": "0" * 64}, PM_ONLY | {"pm": 409}),
    "business-section-edit": (lambda p: {"text": "Options.", "version": "0"}, _posted(PM_ONLY)),
    "business-review-comment": (
        lambda p: {"section": "financial", "text": "Add the VAT."},
        _posted(REVIEWER),
    ),
    "business-review-respond": (lambda p: {"response": "Added."}, _posted(PM_ONLY)),
    "business-review-verify": (lambda p: {"note": ""}, REVIEWER | {"observer": 303}),
    "business-committee-new": (
        lambda p: {
            "committee": "Executive",
            "partner": "CCC",
            "meeting_date": "2008-07-28",
            "report_of": "Director of Corporate Services",
            "title": "ICT shared service: business case",
        },
        _posted(PM_ONLY),
    ),
    "business-committee-edit": (_committee_form, _posted(PM_ONLY)),
    "business-committee-refresh": (_committee_version, _posted(PM_ONLY)),
    "business-committee-finalise": (_committee_version, _posted(PM_ONLY)),
    "business-committee-new-draft": (lambda p: {}, _posted(PM_ONLY)),
}


def _login(client: Client, request: pytest.FixtureRequest, persona: str) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def _state(project: Project) -> list[object]:
    """Everything the app stores, to show that a refused POST changed nothing."""
    return [
        list(model.objects.filter(project=project).values())
        for model in (
            m.Settings,
            m.Scenario,
            m.CostLine,
            m.Funding,
            m.Spend,
            m.Criterion,
            m.SignOff,
            m.Survey,
            m.Section,
            m.ReviewComment,
            m.CommitteeReport,
        )
    ] + [
        list(m.CostAmount.objects.values()),
        list(m.Score.objects.values()),
        m.SurveyAnswer.objects.count(),
        AuditEvent.objects.count(),
    ]


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
        assert AuditEvent.objects.count() > before[-1]  # type: ignore[operator]


def test_a_missing_project_or_object_is_the_same_404(
    client: Client, demo: Project, pm: Any
) -> None:
    client.force_login(pm)
    assert client.get(reverse("business-costs", kwargs={"project_id": 999999})).status_code == 404
    missing: list[tuple[str, dict[str, object]]] = [
        ("business-line-edit", {"line_id": 999999}),
        ("business-criterion-edit", {"criterion_id": 999999}),
        ("business-section-edit", {"key": "summary"}),
        ("business-review-respond", {"comment_id": 999999}),
        ("business-committee-detail", {"report_id": 999999}),
        ("business-committee-edit", {"report_id": 999999}),
        ("business-committee-export", {"report_id": 999999, "fmt": "pdf"}),
    ]
    for name, kwargs in missing:
        url = reverse(name, kwargs={"project_id": demo.pk, **kwargs})
        assert client.get(url).status_code == 404
    assert client.get(reverse("business-costs", args=[demo.pk]) + "?option=NOPE").status_code == 404
