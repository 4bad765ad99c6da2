"""The cost model, apportionment, recharges, funding and appraisal, as the pages and services
give them for the demo (illustrative) figures; refused input changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from projectboard.finance.years import FinancialYear
from projectboard.web.business.cost_services import LineDraft, cost_line_create
from projectboard.web.business.costs import appraisals, cost_page
from projectboard.web.business.models import CostLine, Scenario
from projectboard.web.business.queries import funding_table
from projectboard.web.projects.models import AuditEvent, Project


def test_the_host_option_apportions_to_the_penny_and_recharges(demo: Project) -> None:
    page = cost_page(demo, Scenario.objects.get(project=demo, code="HOST"))
    assert page.error == ""
    assert page.totals == {"ABC": Decimal("-206029.42"), "CCC": Decimal("-333970.58")}
    assert page.plan is not None
    assert page.plan.net_by_partner["ABC"][FinancialYear(2009)] == Decimal("142542.02")
    assert [(str(r.year), r.payer, r.payee, r.amount) for r in page.recharges] == [
        ("2009/10", "ABC", "CCC", Decimal("42542.02")),
        ("2010/11", "CCC", "ABC", Decimal("87142.86")),
        ("2011/12", "CCC", "ABC", Decimal("87142.86")),
        ("2012/13", "CCC", "ABC", Decimal("87142.86")),
        ("2013/14", "CCC", "ABC", Decimal("87142.86")),
    ]
    assert page.capital is not None and page.capital.total == Decimal("120000")


def test_the_appraisal_discounts_at_the_green_book_rate_with_optimism_bias(demo: Project) -> None:
    frame, found = appraisals(demo)
    assert frame.bias_percent == Decimal(10)  # Equipment/development, lower bound
    summary = {
        a.scenario.code: (a.overall.npv.quantize(Decimal("0.01")), str(a.overall.payback_year))
        for a in found
        if a.overall
    }
    assert summary == {
        "DN": (Decimal("0.00"), "2009/10"),
        "HOST": (Decimal("436346.63"), "2011/12"),
        "FULL": (Decimal("384244.85"), "2012/13"),
    }


def test_the_appraisal_page_shows_the_sources_and_marks_the_figures_illustrative(
    client: Client, demo: Project, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(reverse("business-appraisal", args=[demo.pk])).content.decode()
    assert "Illustrative figures." in page
    assert "Annex 6, Table 6.1" in page
    assert "Equipment/development, lower bound: 10% added" in page
    assert '<td class="num">£436,346.63</td>' in page
    assert page.count("<svg") == 1


def test_the_funding_is_ten_thousand_from_each_council_less_spend(demo: Project) -> None:
    assert funding_table(demo).rows == (
        ("Allerdale Borough Council", "£10,000.00", "£7,300.00", "£2,700.00"),
        ("Carlisle City Council", "£10,000.00", "£3,250.00", "£6,750.00"),
        ("Total", "£20,000.00", "£10,550.00", "£9,450.00"),
    )


def test_fixed_shares_must_add_up_to_100_and_nothing_is_saved(
    client: Client, demo: Project, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    before = (CostLine.objects.count(), AuditEvent.objects.count())
    response = client.post(
        reverse("business-line-create", args=[demo.pk]),
        {
            "name": "Training",
            "kind": "revenue",
            "scenario": "HOST",
            "amount_CCC_2010": "£1,000",
            "basis": "fixed shares",
            "weight_ABC": "60",
            "weight_CCC": "30",
        },
    )
    assert response.status_code == 422
    assert "fixed shares add up to 90%, not 100%" in response.content.decode()
    assert (CostLine.objects.count(), AuditEvent.objects.count()) == before


def test_a_bad_amount_is_named_beside_its_field(client: Client, demo: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.post(
        reverse("business-line-create", args=[demo.pk]),
        {"name": "Training", "kind": "revenue", "amount_ABC_2010": "10,00"},
    )
    assert response.status_code == 422
    assert (
        "ABC 2010/11 (£): &#x27;10,00&#x27; is not an amount of money" in response.content.decode()
    )


def test_a_duplicate_line_name_in_an_option_is_refused(demo: Project, pm: User) -> None:
    host = Scenario.objects.get(project=demo, code="HOST")
    with pytest.raises(ValidationError) as caught:
        cost_line_create(
            project=demo,
            draft=LineDraft("Current ICT spend", "revenue", host, {("ABC", 2010): Decimal(1)}),
            by=pm,
        )
    assert caught.value.error_dict["name"][0].code == "E_DUPLICATE"


def test_only_the_finance_team_writes_the_cost_model(demo: Project, wp_lead_gis: User) -> None:
    count = CostLine.objects.count()
    with pytest.raises(PermissionDenied):
        cost_line_create(project=demo, draft=LineDraft("X", "revenue"), by=wp_lead_gis)
    assert CostLine.objects.count() == count


def test_cost_lines_import_from_csv_after_a_preview(
    client: Client, demo: Project, wp_lead_fin: User
) -> None:
    client.force_login(wp_lead_fin)
    body = (
        "option,name,kind,partner,2009/10,2010/11\n"
        "HOST,Training,revenue,ABC,500,\n"
        'HOST,Training,revenue,CCC,"£1,500.50",250\n'
    ).encode()
    preview = client.post(
        reverse("business-cost-import", args=[demo.pk]),
        {"file": SimpleUploadedFile("costs.csv", body, content_type="text/csv")},
    )
    assert preview.status_code == 200
    page = preview.content.decode()
    assert '<th scope="row">2</th><td>Training</td><td>revenue</td><td>HOST</td>' in page
    assert "£2,250.50" in page
    assert not CostLine.objects.filter(name="Training").exists()
    confirm = client.post(
        reverse("business-cost-import-confirm", args=[demo.pk]),
        {"digest": preview.context["form"].initial["digest"]},
    )
    assert confirm.status_code == 303
    line = CostLine.objects.get(project=demo, name="Training")
    assert sorted((a.partner.code, a.year, a.amount) for a in line.amounts.all()) == [
        ("ABC", 2009, Decimal("500.00")),
        ("CCC", 2009, Decimal("1500.50")),
        ("CCC", 2010, Decimal("250.00")),
    ]


def test_a_bad_csv_names_file_line_field_and_value_and_saves_nothing(
    client: Client, demo: Project, pm: User
) -> None:
    client.force_login(pm)
    body = (
        b"option,name,kind,partner,2009/10\nHOST,Training,revenue,ABC,500\nHOST,Desk,rent,ABC,5\n"
    )
    count = CostLine.objects.count()
    response = client.post(
        reverse("business-cost-import", args=[demo.pk]),
        {"file": SimpleUploadedFile("costs.csv", body, content_type="text/csv")},
    )
    assert response.status_code == 422
    assert (
        "costs.csv, line 3: field kind, value <code>rent</code>: not a kind of cost line "
        "[E_VALUE]. Nothing was imported."
    ) in response.content.decode()
    assert CostLine.objects.count() == count


def test_the_cost_page_has_a_chart_and_its_table(
    client: Client, demo: Project, board_member: User
) -> None:
    client.force_login(board_member)
    page = client.get(reverse("business-costs", args=[demo.pk]) + "?option=FULL").content.decode()
    assert page.count("<svg") == 1
    assert '<title id="cost-per-partner-title">Net cost per partner per year</title>' in page
    assert '<th scope="row">Net cost: ABC</th>' in page
    assert "Add a cost line" not in page  # a board member reads
