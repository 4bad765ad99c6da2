"""The PID's costs section shows the project's own funding per partner from the business case,
so the document and the figures cannot drift apart unnoticed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.business.models import Funding, Spend
from projectboard.web.projects.models import Partner, Project

CAPTION = "<caption>The project&#x27;s own funding and spend against it (from the business case)"


def test_without_funding_the_costs_section_links_to_the_business_case(
    client: Client, project: Project, observer: User
) -> None:
    client.force_login(observer)
    page = client.get(reverse("pid", args=[project.pk])).content.decode()
    assert CAPTION not in page
    assert f'<a href="/projects/{project.pk}/business-case/costs/">' in page


def test_the_funding_per_partner_is_shown_beside_the_text(
    client: Client, project: Project, board_member: User
) -> None:
    for code in ("ABC", "CCC"):
        partner = Partner.objects.get(project=project, code=code)
        Funding.objects.create(
            project=project, partner=partner, amount=Decimal("10000"), purpose="External help"
        )
    Spend.objects.create(
        project=project,
        partner=Partner.objects.get(project=project, code="CCC"),
        spent_on=date(2008, 4, 10),
        amount=Decimal("2500.00"),
        description="Options workshop facilitator",
    )
    client.force_login(board_member)
    page = client.get(reverse("pid", args=[project.pk])).content.decode()
    assert CAPTION in page
    rows = [
        ("Allerdale Borough Council", "£10,000.00", "£0.00", "£10,000.00"),
        ("Carlisle City Council", "£10,000.00", "£2,500.00", "£7,500.00"),
        ("Total", "£20,000.00", "£2,500.00", "£17,500.00"),
    ]
    for name, *cells in rows:
        expected = f'<tr><th scope="row">{name}</th>' + "".join(f"<td>{c}</td>" for c in cells)
        assert expected + "</tr>" in page
