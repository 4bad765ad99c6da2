"""The options appraisal with the board's sign-off, the satisfaction surveys, and the business
case document with its external review."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from projectboard.web.business.case import (
    review_comment_create,
    review_respond,
    review_verify,
    section_update,
)
from projectboard.web.business.models import (
    Criterion,
    ReviewComment,
    Scenario,
    SignOff,
    Survey,
    SurveyAnswer,
)
from projectboard.web.business.options import (
    criterion_update,
    options_page,
    scenarios_sign_off,
    score_set,
)
from projectboard.web.business.queries import business_case_content
from projectboard.web.projects.models import AuditEvent, Project

# -- options ---------------------------------------------------------------------------------


def test_the_ranking_and_sensitivity_of_the_demo_options(demo: Project) -> None:
    page = options_page(demo)
    assert page.error == ""
    assert [(r.position, s.code, str(r.score)) for r, s in page.ranking] == [
        (1, "FULL", "149/20"),  # 7.45
        (2, "HOST", "61/10"),
        (3, "DN", "67/20"),
    ]
    risk = next(w for w, c in page.sensitivity if c.code == "RISK")
    assert (str(risk.up), risk.up_challenger, risk.down) == ("1100/29", "HOST", None)  # 37.9%


def test_a_score_changed_after_sign_off_clears_it(
    demo: Project, board_member: User, pm: User
) -> None:
    signed = scenarios_sign_off(project=demo, note="Agreed.", on=date(2008, 4, 30), by=board_member)
    assert (signed.person.name, signed.signed_on, signed.cleared_on) == (
        "Angela Brown",
        date(2008, 4, 30),
        None,
    )
    score_set(
        scenario=Scenario.objects.get(code="HOST"),
        criterion=Criterion.objects.get(code="COST"),
        value=7,
        reason="Licences cheaper than thought.",
        by=pm,
    )
    signed.refresh_from_db()
    assert signed.cleared_on == timezone.localdate()
    assert signed.cleared_because == "score HOST/COST changed"
    assert options_page(demo).sign_offs == []


def test_saving_the_same_score_keeps_the_sign_off(
    demo: Project, board_member: User, pm: User
) -> None:
    scenarios_sign_off(project=demo, by=board_member)
    score_set(
        scenario=Scenario.objects.get(code="DN"),
        criterion=Criterion.objects.get(code="RISK"),
        value=9,
        reason="Nothing to deliver.",
        by=pm,
    )
    assert SignOff.objects.filter(cleared_on=None).count() == 1


def test_an_incomplete_appraisal_cannot_be_signed_off(
    demo: Project, board_member: User, pm: User
) -> None:
    criterion_update(criterion=Criterion.objects.get(code="COST"), name="Costs", weight="20", by=pm)
    with pytest.raises(ValidationError) as caught:
        scenarios_sign_off(project=demo, by=board_member)
    assert caught.value.error_dict["__all__"][0].code == "E_CRITERIA_WEIGHTS"
    assert not SignOff.objects.exists()


def test_a_score_needs_a_reason_and_a_whole_number_0_to_10(
    client: Client, demo: Project, pm: User
) -> None:
    client.force_login(pm)
    url = reverse(
        "business-score-edit",
        args=[demo.pk, Scenario.objects.get(code="HOST").pk, Criterion.objects.get(code="COST").pk],
    )
    events = AuditEvent.objects.count()
    response = client.post(url, {"value": "11", "reason": "Great"})
    assert response.status_code == 422
    assert "11 is not from 0 to 10." in response.content.decode()
    response = client.post(url, {"value": "5", "reason": "  "})
    assert response.status_code == 422
    assert AuditEvent.objects.count() == events


# -- satisfaction ----------------------------------------------------------------------------

AFTER = (
    "respondent,question,score\n"
    + "".join(
        f"A{n},Overall satisfaction with the ICT service,{4 + n % 2}\n"
        f"A{n},Is the service desk easy to contact?,yes\n"
        for n in range(10)
    )
).encode()


def test_the_after_survey_is_previewed_then_compared_with_the_baseline(
    client: Client, demo: Project, pm: User
) -> None:
    client.force_login(pm)
    preview = client.post(
        reverse("business-survey-import", args=[demo.pk]),
        {"kind": "after", "file": SimpleUploadedFile("after.csv", AFTER, content_type="text/csv")},
    )
    assert preview.status_code == 200
    assert (
        "After implementation survey: 20 answers from 10 respondents." in preview.content.decode()
    )
    assert not Survey.objects.filter(kind="after").exists()
    confirm = client.post(
        reverse("business-survey-import-confirm", args=[demo.pk]),
        {"digest": preview.context["form"].initial["digest"]},
    )
    assert confirm.status_code == 303
    assert SurveyAnswer.objects.filter(survey__kind="after").count() == 20
    page = client.get(reverse("business-satisfaction", args=[demo.pk]))
    comparison = page.context["data"].comparison
    overall = comparison.scores[0]
    assert (overall.baseline.n, overall.baseline.mean, overall.after.n, overall.after.mean) == (
        20,
        3.5,
        10,
        4.5,
    )
    assert overall.test is not None
    assert (round(overall.test.t, 4), round(overall.test.p, 4)) == (3.2692, 0.0029)
    yes_no = comparison.yes_no[0]
    assert (yes_no.baseline_yes, yes_no.baseline_n, yes_no.after_yes, yes_no.after_n) == (
        14,
        20,
        10,
        10,
    )
    html = page.content.decode()
    assert html.count("<svg") == 1
    assert ">Baseline</text>" in html
    assert ">After</text>" in html


def test_a_bad_survey_names_file_line_field_and_value(
    client: Client, demo: Project, pm: User
) -> None:
    client.force_login(pm)
    body = b"respondent,question,score\nA,Speed,4\nB,Speed,6\n"
    response = client.post(
        reverse("business-survey-import", args=[demo.pk]),
        {"kind": "after", "file": SimpleUploadedFile("after.csv", body, content_type="text/csv")},
    )
    assert response.status_code == 422
    assert (
        "after.csv, line 3: field score, value <code>6</code>: score &#x27;6&#x27; is not a "
        "whole number from 1 to 5, or yes/no [E_SURVEY_SCORE]. Nothing was imported."
    ) in response.content.decode()
    assert not Survey.objects.filter(kind="after").exists()


# -- the business case document --------------------------------------------------------------


def test_the_business_case_content_is_plain_data_in_five_cases(demo: Project) -> None:
    content = business_case_content(demo)
    assert [s.key for s in content.sections] == [
        "strategic",
        "economic",
        "commercial",
        "financial",
        "management",
    ]
    assert content.illustrative is True
    assert content.preferred_option == "FULL Fuller shared service"
    economic = content.sections[1]
    assert economic.tables[1].rows == (
        ("DN Do nothing", "£0.00", "2009/10", "2009/10"),
        ("HOST Shared service hosted by one council", "£436,346.63", "2011/12", "2011/12"),
        ("FULL Fuller shared service", "£384,244.85", "2012/13", "2012/13"),
    )
    financial = content.sections[3]
    assert [t.caption for t in financial.tables] == [
        "Medium-term financial plan: FULL Fuller shared service",
        "Net cost per partner over the plan (after apportionment)",
        "Capital investment profile",
        "The project's own funding and spend against it",
    ]
    assert content.sections[0].text.startswith("Allerdale Borough Council and Carlisle")


def test_the_review_comment_respond_verify_and_a_later_edit_clears_it(
    client: Client, demo: Project, observer: User, pm: User
) -> None:
    comment = review_comment_create(
        project=demo, section="financial", text="Show VAT.", by=observer
    )
    with pytest.raises(ValidationError) as caught:
        review_verify(project=demo, by=observer)
    assert caught.value.code == "open_comments"
    review_respond(comment=comment, response="VAT is recoverable; noted.", by=pm)
    verified = review_verify(project=demo, note="Sound.", by=observer)
    content = business_case_content(demo)
    assert [(v.by, v.note) for v in content.verified] == [("Olive Observer", "Sound.")]
    assert content.comments_open == 0
    section_update(
        project=demo, key="financial", text="Costs and savings.", expected_version=0, by=pm
    )
    verified.refresh_from_db()
    assert verified.cleared_because == "financial case changed"
    assert business_case_content(demo).verified == ()
    client.force_login(pm)
    page = client.get(reverse("business-case", args=[demo.pk])).content.decode()
    assert "External review: not verified yet." in page
    assert "VAT is recoverable; noted." in page
    assert ReviewComment.objects.get().responded_by is not None
