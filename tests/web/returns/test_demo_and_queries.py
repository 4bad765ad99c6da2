"""The demo returns (the seed project on 6 May 2008) and what the pages and the read API
show of them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Project
from projectboard.web.returns.demo import load_demo
from projectboard.web.returns.models import RagReturn, ReportingPeriod
from projectboard.web.returns.queries import latest_returns, period_rows, period_summaries, trend
from projectboard.web.risks.models import RiskProposal

from .support import wp

AS_AT = date(2008, 5, 6)


@pytest.fixture
def demo(project: Project) -> Project:
    assert load_demo(project) == 19
    return project


def states(project: Project, number: int) -> dict[str, str]:
    return {
        r.work_package.code: r.state
        for r in RagReturn.objects.filter(project=project, period__number=number)
    }


def test_the_demo_state(demo: Project) -> None:
    assert states(demo, 1) == {
        "WP-PLAN": "accepted",
        "WP-COMMS": "accepted",
        "WP-FIN": "accepted",
        "WP-HR": "accepted",
    }
    assert states(demo, 3) == {
        "WP-PLAN": "accepted",
        "WP-VISION": "accepted",
        "WP-FIN": "accepted",
        "WP-HR": "accepted",
        "WP-COMMS": "submitted",
        "WP-GIS": "draft",
    }
    assert states(demo, 4) == {
        "WP-PLAN": "submitted",
        "WP-FIN": "submitted",
        "WP-HR": "submitted",
        "WP-ITSM": "draft",
    }
    hr = RagReturn.objects.get(project=demo, period__number=3, work_package__code="WP-HR")
    assert (hr.overall, hr.time, hr.suggested_time, hr.tolerance) == (
        "red",
        "red",
        "red",
        "exceeded",
    )


def test_loading_the_demo_twice_writes_nothing_more(demo: Project) -> None:
    assert load_demo(demo) == 0
    assert RagReturn.objects.filter(project=demo).count() == 19


def test_who_is_late_for_period_3(demo: Project) -> None:
    period = demo.periods.get(number=3)
    rows = period_rows(period, AS_AT)
    assert [r.work_package.code for r in rows if r.late] == [
        "WP-BC",
        "WP-COMMS",  # submitted on 23/04, after the due date 21/04
        "WP-ORG",
        "WP-GOV",
        "WP-ITSM",
        "WP-TECH",
        "WP-APPS",
        "WP-BCDR",
        "WP-WEB",
        "WP-GIS",  # a draft
        "WP-DMS",
        "WP-TEL",
        "WP-PART",
    ]
    # On the due date itself no one is late yet.
    assert [r.work_package.code for r in period_rows(period, date(2008, 4, 21)) if r.late] == []


def test_the_latest_returns_for_a_highlight_report(demo: Project) -> None:
    latest = latest_returns(demo, AS_AT)
    assert [(r.work_package, r.period, r.state, r.ratings["overall"]) for r in latest] == [
        ("WP-PLAN", 4, "submitted", "amber"),
        ("WP-COMMS", 3, "submitted", "green"),
        ("WP-VISION", 3, "accepted", "green"),
        ("WP-FIN", 4, "submitted", "amber"),
        ("WP-HR", 4, "submitted", "red"),
        ("WP-GIS", 2, "accepted", "green"),
    ]
    hr = latest[4]
    assert hr.help_needed == "Board decision on releasing HR resource."
    assert (hr.period_start, hr.period_end, hr.submitted_on) == (
        date(2008, 4, 18),
        date(2008, 5, 1),
        date(2008, 5, 5),
    )
    # As at 20 April, period 3's returns were not in yet.
    earlier = latest_returns(demo, date(2008, 4, 20))
    assert [(r.work_package, r.period) for r in earlier] == [
        ("WP-PLAN", 3),
        ("WP-COMMS", 2),
        ("WP-VISION", 3),
        ("WP-FIN", 3),
        ("WP-HR", 2),
        ("WP-GIS", 2),
    ]


def test_the_demos_new_risks_are_proposals_in_the_risk_register(demo: Project) -> None:
    def ref(period: int, code: str) -> int:
        return RagReturn.objects.get(period__number=period, work_package__code=code).pk

    # WP-HR's period 2 return was sent back and submitted again: its line is proposed once.
    assert [
        (p.title, p.source, p.work_package.code if p.work_package else None, p.raised_by)
        for p in RiskProposal.objects.filter(project=demo).order_by("id")
    ] == [
        (
            "Job evaluation outcomes may not be ready for the business case",
            "RAG return WP-HR period 1 (26/03/2008)",
            "WP-HR",
            User.objects.get(username="demo-phardy"),
        ),
        (
            "HR staff time is taken up by job evaluation work at both councils",
            "RAG return WP-HR period 2 (07/04/2008)",
            "WP-HR",
            User.objects.get(username="demo-cwright"),
        ),
        (
            "External verification costs more than the agreed funding",
            "RAG return WP-FIN period 3 (18/04/2008)",
            "WP-FIN",
            User.objects.get(username="demo-mthompson"),
        ),
        (
            "HR work package will not deliver in time for the business case",
            "RAG return WP-HR period 3 (21/04/2008)",
            "WP-HR",
            User.objects.get(username="demo-phardy"),
        ),
        (
            "Staff consultation may be needed before the Executive decision",
            "RAG return WP-HR period 3 (21/04/2008)",
            "WP-HR",
            User.objects.get(username="demo-phardy"),
        ),
    ]
    assert [
        (p.return_ref, p.status) for p in RiskProposal.objects.filter(project=demo).order_by("id")
    ] == [
        (ref(1, "WP-HR"), "pending"),
        (ref(2, "WP-HR"), "pending"),
        (ref(3, "WP-FIN"), "pending"),
        (ref(3, "WP-HR"), "pending"),
        (ref(3, "WP-HR"), "pending"),
    ]


def test_the_hr_trend(demo: Project) -> None:
    points = trend(wp(demo, "WP-HR"), AS_AT)
    assert [(p.period.number, p.label) for p in points] == [
        (1, "Amber"),
        (2, "Amber"),
        (3, "Red"),
        (4, "Red"),
    ]
    gis = trend(wp(demo, "WP-GIS"), AS_AT)
    assert [p.label for p in gis] == ["No return", "Green", "No return", "No return"]


# -- the pages -------------------------------------------------------------------------------


def test_the_period_list_counts_each_periods_returns(
    client: Client, demo: Project, observer: User
) -> None:
    client.force_login(observer)
    url = reverse("returns-periods", kwargs={"project_id": demo.pk})
    page = client.get(url, {"as_at": "2008-05-06"}).content.decode()
    rows = re.findall(
        r">Period (\d+)</a></th>.*?<td>(\d+) of 17</td>\s*<td>(\d+) of 17</td>\s*"
        r"<td>(?:<span class=\"late\">(\d+) late</span>|(None) late)</td>",
        page,
        re.S,
    )
    # Period, submitted, accepted, late: every one of the 17 work packages is counted.
    assert rows == [
        ("1", "0", "4", "14", ""),
        ("2", "0", "5", "13", ""),
        ("3", "1", "4", "13", ""),
        ("4", "3", "0", "14", ""),
    ]


@pytest.mark.parametrize("as_at", [date(2008, 3, 20), date(2008, 4, 18), AS_AT])
def test_period_summaries_count_what_period_rows_lists(demo: Project, as_at: date) -> None:
    expected = []
    for period in ReportingPeriod.objects.filter(project=demo).order_by("number"):
        rows = period_rows(period, as_at)
        states = [r.ret.state for r in rows if r.ret is not None]
        expected.append(
            (
                period.number,
                states.count("submitted"),
                states.count("accepted"),
                sum(r.late for r in rows),
                len(rows),
            )
        )
    found = [
        (s.period.number, s.submitted, s.accepted, s.late, s.total)
        for s in period_summaries(demo, as_at)
    ]
    assert found == expected


def test_the_period_page_shows_states_lateness_and_the_suggestion_in_words(
    client: Client, demo: Project, board_member: User
) -> None:
    client.force_login(board_member)
    url = reverse("returns-period", kwargs={"project_id": demo.pk, "number": 3})
    page = client.get(url, {"as_at": "2008-05-06"}).content.decode()
    assert '<span class="late">13 late</span>' in page
    assert page.count('<span class="late">Late</span>') == 13
    assert page.count("<td>Not started</td>") == 11
    assert "<td>Submitted 18/04/2008</td>" in page  # WP-FIN, on time
    # WP-HR: Red from the lead, Red from the schedule.
    # WP-HR: Red overall and for time from the lead, Red from the schedule; WP-ORG (not
    # started) Red from the schedule: its task finishes 24/06, 12 working days late.
    assert page.count('<span class="rag rag-red">Red</span>') == 4


def test_the_detail_page_highlights_a_difference_in_text(
    client: Client, demo: Project, observer: User
) -> None:
    client.force_login(observer)
    # WP-ITSM's draft: the lead says Green for time; its tasks finish 16/06, 6 working days
    # after its due date 06/06 (tolerance 10): the schedule suggests Amber.
    url = reverse("return-detail", kwargs={"project_id": demo.pk, "number": 4, "code": "WP-ITSM"})
    page = client.get(url).content.decode()
    assert (
        '<td><span class="rag rag-amber">Amber</span> '
        '<strong class="differs">Differs from the lead\'s rating</strong></td>'
    ) in page
    assert "the work package's tasks finish on Mon 16/06/2008" in page
    assert '<span class="rag rag-green">Green</span>' in page


def test_the_trend_page_lists_each_period_in_words(
    client: Client, demo: Project, deputy_hr: User
) -> None:
    client.force_login(deputy_hr)
    url = reverse("returns-trend", kwargs={"project_id": demo.pk, "code": "WP-HR"})
    page = client.get(url, {"as_at": "2008-05-06"}).content.decode()
    assert page.count("<td>Red</td>") == 2
    assert page.count("<td>Amber</td>") == 2
    assert '<span class="visually-hidden"> in period 3</span>' in page


def test_my_returns_lists_the_deputys_work_package_only(
    client: Client, demo: Project, deputy_hr: User
) -> None:
    client.force_login(deputy_hr)
    url = reverse("returns-mine", kwargs={"project_id": demo.pk})
    page = client.get(url, {"as_at": "2008-05-06"}).content.decode()
    assert page.count('<th scope="row">WP-HR Human Resources</th>') == 4
    assert "WP-FIN" not in page
    assert "<td>Deputy</td>" in page


def test_a_bad_as_at_date_is_an_error_and_today_is_used(
    client: Client, demo: Project, pm: User
) -> None:
    client.force_login(pm)
    url = reverse("returns-periods", kwargs={"project_id": demo.pk})
    page = client.get(url, {"as_at": "6 May"}).content.decode()
    assert "As at: Enter a real date as YYYY-MM-DD, such as 2008-04-18." in page
    assert "Showing today instead." in page
