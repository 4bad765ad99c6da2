"""The demo business case: loaded once, labelled illustrative, complete enough to sign off."""

from __future__ import annotations

from decimal import Decimal

from projectboard.web.business.demo import load_demo
from projectboard.web.business.models import CostLine, Funding, Scenario, Spend, Survey
from projectboard.web.projects.models import AuditEvent, Project


def test_the_demo_loads_once(demo: Project) -> None:
    events = AuditEvent.objects.count()
    assert load_demo(demo) is False
    assert AuditEvent.objects.count() == events
    assert [(s.code, s.do_nothing) for s in Scenario.objects.filter(project=demo)] == [
        ("DN", True),
        ("HOST", False),
        ("FULL", False),
    ]
    assert CostLine.objects.filter(project=demo).count() == 12
    assert [(f.partner.code, f.amount) for f in Funding.objects.filter(project=demo)] == [
        ("ABC", Decimal("10000.00")),
        ("CCC", Decimal("10000.00")),
    ]
    assert Spend.objects.filter(project=demo).count() == 3
    assert Survey.objects.get(project=demo).answers.count() == 80
    assert demo.business_settings.illustrative is True
