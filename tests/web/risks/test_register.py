"""The risk register: scores and RAG bands, responses per kind, the score history, the
heat map, proposals and bulk entry from CSV."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import AuditEvent, Person, Project, WorkPackage
from projectboard.web.projects.services import Conflict
from projectboard.web.risks import scoring
from projectboard.web.risks.csv_import import MAX_CSV_BYTES, RiskCsvError, read_risk_csv
from projectboard.web.risks.models import ProposalStatus, Risk, RiskProposal, RiskScoreChange
from projectboard.web.risks.services import (
    RiskDraft,
    risk_create,
    risk_proposal_create,
    risk_proposal_decline,
    risk_update,
)


def _person(project: Project, code: str) -> Person:
    return Person.objects.filter(memberships__project=project, code=code).distinct().get()


# -- scores ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("probability", "impact", "score", "rag"),
    [
        (1, 1, 1, "Green (Low)"),
        (2, 2, 4, "Green (Low)"),
        (1, 5, 5, "Amber (Medium)"),
        (3, 4, 12, "Amber (Medium)"),
        (3, 5, 15, "Red (High)"),
        (5, 5, 25, "Red (High)"),
    ],
)
def test_score_and_rag_bands(probability: int, impact: int, score: int, rag: str) -> None:
    assert scoring.score(probability, impact) == score
    assert str(scoring.rag(score)) == rag


def test_scores_outside_one_to_five_are_refused() -> None:
    with pytest.raises(ValueError, match="probability and impact must be 1 to 5, not 0, 3"):
        scoring.score(0, 3)


def test_a_response_must_suit_the_kind(project: Project, pm: User) -> None:
    draft = RiskDraft(
        title="Joint contracts",
        kind="opportunity",
        category="financial",
        inherent_probability=3,
        inherent_impact=3,
        response="avoid",
    )
    with pytest.raises(ValidationError) as caught:
        risk_create(project=project, draft=draft, by=pm)
    [error] = caught.value.error_dict["response"]
    assert error.code == "response_for_kind"
    assert error.messages == [
        "'avoid' is not a response to an opportunity; "
        "choose one of exploit, enhance, reject, share."
    ]
    assert not Risk.objects.filter(project=project).exists()


def test_every_bad_field_is_named_at_once(project: Project, pm: User) -> None:
    draft = RiskDraft(title=" ", category="weather", inherent_probability=6, inherent_impact=3)
    with pytest.raises(ValidationError) as caught:
        risk_create(project=project, draft=draft, by=pm)
    assert {k: [e.code for e in v] for k, v in caught.value.error_dict.items()} == {
        "title": ["required"],
        "category": ["invalid_choice"],
        "inherent_probability": ["out_of_range"],
    }


def test_only_the_project_manager_adds_risks(project: Project, wp_lead_fin: User) -> None:
    draft = RiskDraft(title="X", category="financial", inherent_probability=1, inherent_impact=1)
    with pytest.raises(PermissionDenied):
        risk_create(project=project, draft=draft, by=wp_lead_fin)
    assert not Risk.objects.exists()


# -- the score history -----------------------------------------------------------------------


def test_each_change_of_score_is_recorded_with_date_and_who(project: Project, pm: User) -> None:
    draft = RiskDraft(
        title="Tight timescales",
        category="timescale",
        inherent_probability=4,
        inherent_impact=5,
        residual_probability=3,
        residual_impact=4,
    )
    risk = risk_create(project=project, draft=draft, by=pm, on=date(2008, 4, 2))
    assert (risk.ref, risk.residual_probability, risk.residual_impact) == ("R001", 3, 4)
    risk = risk_update(
        risk=risk,
        draft=RiskDraft(**{**vars(draft), "title": "Extremely tight timescales"}),
        expected_version=1,
        by=pm,
        on=date(2008, 4, 9),
    )
    risk = risk_update(
        risk=risk,
        draft=RiskDraft(
            **{**vars(draft), "title": "Extremely tight timescales", "residual_probability": 2}
        ),
        expected_version=2,
        by=pm,
        on=date(2008, 4, 16),
    )
    assert [
        (c.changed_on, c.who, c.inherent_score, c.residual_score)
        for c in RiskScoreChange.objects.filter(risk=risk)
    ] == [(date(2008, 4, 2), pm, 20, 12), (date(2008, 4, 16), pm, 20, 8)]
    assert [
        (e.field, e.old, e.new)
        for e in AuditEvent.objects.filter(object_type="risk", object_id=risk.pk).exclude(field="")
    ] == [
        ("title", "Tight timescales", "Extremely tight timescales"),
        ("residual_probability", "3", "2"),
    ]
    with pytest.raises(Conflict, match="risk R001 was changed by someone else"):
        risk_update(risk=risk, draft=draft, expected_version=1, by=pm)


def test_the_risk_page_shows_the_history(client: Client, demo: Project, observer: User) -> None:
    client.force_login(observer)
    page = client.get(reverse("risk-detail", args=[demo.pk, "R003"])).content.decode()
    assert "<h1>R003: HR workstream behind the rest of the project</h1>" in page
    assert (
        '<tr><th scope="row">02/04/2008</th><td>Hazel Cushin</td>'
        "<td>3 x 5 = 15 Red (High)</td><td>3 x 4 = 12 Amber (Medium)</td></tr>"
    ) in page
    assert (
        '<tr><th scope="row">23/04/2008</th><td>Hazel Cushin</td>'
        "<td>4 x 5 = 20 Red (High)</td><td>4 x 4 = 16 Red (High)</td></tr>"
    ) in page
    assert "Edit R003" not in page


def test_the_register_shows_rag_with_words(
    client: Client, demo: Project, board_member: User
) -> None:
    client.force_login(board_member)
    page = client.get(reverse("risk-register", args=[demo.pk])).content.decode()
    assert page.count('<tr id="risk-') == 6
    assert '<td>16 <span class="rag rag-red">Red (High)</span>\n</td>' in page
    assert "Add a risk" not in page


def test_the_pm_edits_a_risk_through_the_page(client: Client, demo: Project, pm: User) -> None:
    client.force_login(pm)
    url = reverse("risk-edit", args=[demo.pk, "R006"])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"work_packages": [wp.pk for wp in data["work_packages"]], "owner": data["owner"].pk}
    data |= {"tasks": [], "response": "avoid", "actionee": ""}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "&#x27;avoid&#x27; is not a response to an opportunity" in response.content.decode()
    data["response"] = "exploit"
    response = client.post(url, data)
    assert (response.status_code, response["Location"]) == (
        303,
        reverse("risk-detail", args=[demo.pk, "R006"]),
    )
    assert Risk.objects.get(project=demo, number=6).response == "exploit"
    response = client.post(url, data)  # the version in the form is now stale
    assert response.status_code == 409
    assert "Someone else saved a change first" in response.content.decode()


# -- the heat map ----------------------------------------------------------------------------


def test_the_heat_map_counts_risks_per_cell_with_words(
    client: Client, demo: Project, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(reverse("risk-heat-map", args=[demo.pk])).content.decode()
    assert (
        "<caption>Open risks after response: probability (rows) by impact (columns)</caption>"
        in page
    )
    assert page.count('<th scope="row">Probability') == 5
    assert page.count("<td class=") == 25
    cell = page.split('data-p="3" data-i="3">')[1].split("</td>")[0]
    assert "<span>3 risks</span>, score 9, Amber (Medium):" in cell
    assert [f"R00{n}" in cell for n in (2, 4, 6)] == [True, True, True]
    cell = page.split('data-p="4" data-i="4">')[1].split("</td>")[0]
    assert "<span>1 risk</span>, score 16, Red (High):" in cell
    assert f'href="{reverse("risk-detail", args=[demo.pk, "R003"])}"' in cell
    page = client.get(reverse("risk-heat-map", args=[demo.pk]) + "?basis=inherent").content.decode()
    cell = page.split('data-p="4" data-i="5">')[1].split("</td>")[0]
    assert "<span>2 risks</span>, score 20, Red (High):" in cell


# -- proposals -------------------------------------------------------------------------------


def test_a_lead_proposes_and_the_pm_accepts(
    client: Client, project: Project, pm: User, deputy_hr: User
) -> None:
    hr = WorkPackage.objects.get(project=project, code="WP-HR")
    proposal = risk_proposal_create(
        project=project,
        title="Pension figures late",
        description="Capita may not reply in time.",
        work_package=hr,
        source="RAG return WP-HR 18/04/2008",
        by=deputy_hr,
    )
    client.force_login(pm)
    url = reverse("risk-proposal-accept", args=[project.pk, proposal.pk])
    form = client.get(url).context["form"]
    assert (form.initial["title"], form.initial["event"], form.initial["work_packages"]) == (
        "Pension figures late",
        "Capita may not reply in time.",
        [hr],
    )
    assert form.initial["owner"] == _person(project, "CWRIGHT")
    data = {
        "title": "Pension figures late",
        "kind": "threat",
        "category": "people",
        "inherent_probability": "3",
        "inherent_impact": "3",
        "residual_probability": "2",
        "residual_impact": "3",
        "status": "open",
        "work_packages": [hr.pk],
    }
    response = client.post(url, data)
    assert (response.status_code, response["Location"]) == (
        303,
        reverse("risk-detail", args=[project.pk, "R001"]),
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.risk.ref if proposal.risk else None) == ("accepted", "R001")
    assert client.get(url).status_code == 404  # decided


def test_declining_needs_a_reason(project: Project, pm: User, wp_lead_gis: User) -> None:
    proposal = risk_proposal_create(
        project=project, title="Map data licence", description="", source="Workshop", by=wp_lead_gis
    )
    before = (model_to_dict(proposal), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        risk_proposal_decline(proposal=proposal, reason="  ", by=pm)
    assert caught.value.error_dict["reason"][0].code == "required"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert (model_to_dict(proposal), AuditEvent.objects.count()) == before
    risk_proposal_decline(proposal=proposal, reason="Covered by the GIS plan.", by=pm)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == ("declined", "Covered by the GIS plan.")
    with pytest.raises(ValidationError, match=r"This proposal was already declined\."):
        risk_proposal_decline(proposal=proposal, reason="Again", by=pm)


def test_observers_may_not_propose(project: Project, observer: User) -> None:
    with pytest.raises(PermissionDenied):
        risk_proposal_create(project=project, title="X", description="", source="Y", by=observer)
    assert not RiskProposal.objects.exists()


# -- CSV -------------------------------------------------------------------------------------

GOOD = (
    "title,kind,category,probability,impact,residual_probability,residual_impact,response,"
    "owner,work_packages,review_date\n"
    "Tight timescales,threat,Timescale,4,5,3,4,reduce,HCUSHIN,WP-PLAN;WP-BC,2008-05-07\n"
    "Joint contracts,opportunity,financial,3,3,,,enhance,Mike Thompson,WP-FIN,\n"
)


def _upload(client: Client, project: Project, body: bytes, name: str = "workshop.csv") -> str:
    response = client.post(
        reverse("risk-import", args=[project.pk]),
        {"file": SimpleUploadedFile(name, body, content_type="text/csv")},
    )
    return f"{response.status_code}\n{response.content.decode()}"


def test_csv_preview_then_confirm(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    page = _upload(client, project, GOOD.encode())
    assert page.startswith("200\n")
    assert "<caption>Risks in the file (2)</caption>" in page
    assert not Risk.objects.exists()
    digest = page.split('name="digest" value="')[1].split('"')[0]
    response = client.post(reverse("risk-import-confirm", args=[project.pk]), {"digest": digest})
    assert response.status_code == 303
    assert [
        (
            r.ref,
            r.title,
            r.kind,
            r.category,
            r.inherent_score,
            r.residual_score,
            r.owner.code if r.owner else "",
        )
        for r in Risk.objects.filter(project=project)
    ] == [
        ("R001", "Tight timescales", "threat", "timescale", 20, 12, "HCUSHIN"),
        ("R002", "Joint contracts", "opportunity", "financial", 9, 9, "MTHOMPSON"),
    ]
    assert [wp.code for wp in Risk.objects.get(number=1).work_packages.order_by("position")] == [
        "WP-PLAN",
        "WP-BC",
    ]
    # The preview is used up: confirming again imports nothing.
    assert (
        client.post(
            reverse("risk-import-confirm", args=[project.pk]), {"digest": digest}
        ).status_code
        == 409
    )
    assert Risk.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (GOOD.replace("reduce", "exploit"), ("workshop.csv", 2, "response", "exploit")),
        (GOOD.replace("Mike Thompson", "Nobody"), ("workshop.csv", 3, "owner", "Nobody")),
        (GOOD.replace(",4,5,3,4,", ",4,7,3,4,"), ("workshop.csv", 2, "impact", "7")),
        (GOOD.replace("WP-FIN", "WP-NONE"), ("workshop.csv", 3, "work_packages", "WP-NONE")),
        (
            GOOD.replace("2008-05-07", "07/05/2008"),
            ("workshop.csv", 2, "review_date", "07/05/2008"),
        ),
        ("title,colour\nX,red\n", ("workshop.csv", 1, "header", "colour")),
    ],
)
def test_a_bad_csv_row_names_file_line_field_and_value(
    project: Project, pm: User, body: str, where: tuple[str, int, str, str]
) -> None:
    with pytest.raises(RiskCsvError) as caught:
        read_risk_csv(body.encode(), "workshop.csv", project)
    error = caught.value
    assert (error.file, error.line, error.field, error.value) == where


def test_a_bad_csv_is_shown_and_nothing_is_written(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    page = _upload(client, project, GOOD.replace("reduce", "exploit").encode())
    assert page.startswith("422\n")
    assert (
        '<li class="csv-error"><span class="where">workshop.csv, line 2</span>: response '
        "<code>exploit</code>: &#x27;exploit&#x27; is not a response to a threat; choose one of "
        "avoid, reduce, fallback, transfer, accept, share. Nothing was imported.</li>"
    ) in page
    assert not Risk.objects.exists()
    page = _upload(client, project, b"title,category\n\xe9t\n")
    assert "workshop.csv</span>: not UTF-8 text: invalid continuation byte" in page


def test_an_oversized_csv_is_refused(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    body = GOOD.encode() + b"#" * MAX_CSV_BYTES
    page = _upload(client, project, body)
    assert page.startswith("413\n")
    assert "The file is too large: at most 1024 KiB. Nothing was imported." in page
    assert not Risk.objects.exists()
