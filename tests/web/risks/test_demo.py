"""The demo logs: what ``load_demo`` puts in the seed project, once."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from projectboard.web.projects.models import AuditEvent, Project
from projectboard.web.risks import queries
from projectboard.web.risks.demo import AS_AT, load_demo
from projectboard.web.risks.models import Action, Consultation, Decision, Issue, Lesson, Risk


def test_the_demo_fills_every_log_once(demo: Project, pm: User) -> None:
    assert [
        (r.ref, r.inherent_score, r.residual_score) for r in Risk.objects.filter(project=demo)
    ] == [
        ("R001", 20, 12),
        ("R002", 12, 9),
        ("R003", 20, 16),
        ("R004", 12, 9),
        ("R005", 12, 8),
        ("R006", 9, 9),
    ]
    assert Issue.objects.filter(project=demo).count() == 3
    # The board's stop/go decisions are not here: the board demo records them.
    assert Decision.objects.filter(project=demo).count() == 2
    assert Lesson.objects.filter(project=demo).count() == 2
    assert [a.ref for a in queries.overdue_actions(demo, AS_AT)] == ["A003", "A002"]
    assert Consultation.objects.filter(project=demo, state="held").count() == 2
    events = AuditEvent.objects.filter(project=demo).count()
    assert load_demo(demo) is False
    assert AuditEvent.objects.filter(project=demo).count() == events
    assert Action.objects.filter(project=demo).count() == 5


def test_the_hr_risk_score_went_up_in_april(demo: Project) -> None:
    hr = Risk.objects.get(project=demo, number=3)
    assert [(c.changed_on, c.inherent_score, c.residual_score) for c in hr.score_changes.all()] == [
        (date(2008, 4, 2), 15, 12),
        (date(2008, 4, 23), 20, 16),
    ]
