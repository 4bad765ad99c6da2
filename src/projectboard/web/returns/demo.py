"""Demo returns for the seed project: the state on Tuesday 6 May 2008 (view the pages with
``?as_at=2008-05-06``). Four fortnightly periods from 7 March 2008; some returns accepted,
some late, one sent back for rework, and Human Resources Red (the seed report says the HR
workstream is behind, with job evaluation pressure).

Everything goes through the services as the people who would have done it, so the "New
risks" of each submitted return become proposals in the risk register (five: four from
WP-HR, one sent back and resubmitted without proposing its line twice, and one from WP-FIN).
People who have no login get one with an unusable password (``demo-<code>``), so the audit
trail names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.utils import timezone

from projectboard.web.projects.models import Person, Project
from projectboard.web.returns.models import RagReturn
from projectboard.web.returns.services import (
    ReturnFields,
    periods_generate,
    return_accept,
    return_save,
    return_send_back,
    return_submit,
)

DEMO_UNTIL = date(2008, 5, 1)  # the last day of period 4
PM = "HCUSHIN"


def _when(day: str, hour: int = 16) -> datetime:
    """``hour`` o'clock on ``day`` (YYYY-MM-DD), in the project's time zone."""
    return timezone.make_aware(datetime.fromisoformat(day).replace(hour=hour))


@dataclass(frozen=True)
class DemoReturn:
    """``by``: the person code who writes it; ``submitted``: the day (None: a draft);
    ``rework``: the project manager's comment sending it back, and the day it is resubmitted;
    ``accepted``: the day the project manager accepts it (None: awaiting her)."""

    period: int
    wp: str
    by: str
    ratings: tuple[str, str, str, str, str, str]  # overall, time, cost, scope, quality, risk
    tolerance: str
    achievements: str
    next_period: str
    submitted: str | None
    accepted: str | None = None
    issues: str = ""
    new_risks: str = ""
    help_needed: str = ""
    rework: tuple[str, str, str] | None = None  # (comment, sent back on, resubmitted on)


G, A, R = "green", "amber", "red"

RETURNS: list[DemoReturn] = [
    # -- period 1: 07/03 to 20/03, due Mon 24/03 ---------------------------------------------
    DemoReturn(
        1,
        "WP-PLAN",
        PM,
        (G, G, G, G, G, G),
        "within",
        "PID drafted and circulated to the project board; launch workshop held.",
        "Finalise the project plan with work package leads.",
        "2008-03-20",
        "2008-03-25",
    ),
    DemoReturn(
        1,
        "WP-COMMS",
        "JOSBOURNE",
        (G, G, G, G, G, G),
        "within",
        "Staff briefing note issued at both councils.",
        "Set up the shared intranet page and FAQ.",
        "2008-03-24",
        "2008-03-25",
    ),
    DemoReturn(
        1,
        "WP-FIN",
        "MTHOMPSON",
        (G, G, G, G, G, G),
        "within",
        "Current ICT budgets for 2007/08 collected from both councils.",
        "Agree the cost model's headings with Allerdale finance.",
        "2008-03-21",
        "2008-03-25",
    ),
    DemoReturn(
        1,
        "WP-HR",
        "PHARDY",
        (A, A, G, G, G, A),
        "within",
        "Staff lists for both ICT services exchanged.",
        "Compare terms and conditions; start the job evaluation comparison.",
        "2008-03-26",
        "2008-03-27",
        issues="The two councils use different job evaluation schemes.",
        new_risks="Job evaluation outcomes may not be ready for the business case",
    ),
    # -- period 2: 21/03 to 03/04, due Mon 07/04 ---------------------------------------------
    DemoReturn(
        2,
        "WP-PLAN",
        PM,
        (G, G, G, G, G, G),
        "within",
        "Project plan agreed by the board on 2 April.",
        "Track work package start dates after Governance.",
        "2008-04-04",
        "2008-04-08",
    ),
    DemoReturn(
        2,
        "WP-COMMS",
        "JOSBOURNE",
        (G, G, G, G, G, G),
        "within",
        "Intranet page live; first FAQ published.",
        "Trade union briefing with HR.",
        "2008-04-07",
        "2008-04-08",
    ),
    DemoReturn(
        2,
        "WP-FIN",
        "MTHOMPSON",
        (G, G, G, G, G, G),
        "within",
        "Cost model structure agreed with both finance teams.",
        "Populate current spend per council.",
        "2008-04-07",
        "2008-04-08",
    ),
    DemoReturn(
        2,
        "WP-HR",
        "CWRIGHT",
        (A, A, G, A, G, A),
        "forecast",
        "Terms and conditions compared for ICT staff at both councils.",
        "Draft the HR implications paper for the board.",
        "2008-04-07",
        "2008-04-10",
        issues="Job evaluation at Carlisle is not complete; HR staff are committed to it.",
        new_risks="HR staff time is taken up by job evaluation work at both councils",
        rework=(
            "Please add the job evaluation timetable and when it lets you start the "
            "staffing comparison.",
            "2008-04-08",
            "2008-04-09",
        ),
    ),
    DemoReturn(
        2,
        "WP-GIS",
        "RSTAPLETON",
        (G, G, G, G, G, G),
        "within",
        "GIS systems and licences at both councils listed.",
        "Compare the two GIS platforms.",
        "2008-04-09",
        "2008-04-10",
    ),
    # -- period 3: 04/04 to 17/04, due Mon 21/04 ---------------------------------------------
    DemoReturn(
        3,
        "WP-PLAN",
        PM,
        (G, G, G, G, G, G),
        "within",
        "Governance work package started on 14 April as planned.",
        "Prepare the May highlight report.",
        "2008-04-18",
        "2008-04-22",
    ),
    DemoReturn(
        3,
        "WP-VISION",
        PM,
        (G, G, G, G, G, G),
        "within",
        "Options appraisal workshop held with both ICT teams.",
        "Write up the long list of options for the board.",
        "2008-04-18",
        "2008-04-22",
    ),
    DemoReturn(
        3,
        "WP-FIN",
        "MTHOMPSON",
        (A, G, A, G, G, G),
        "within",
        "Current spend populated for Carlisle.",
        "Populate Allerdale's spend; first apportionment model.",
        "2008-04-18",
        "2008-04-22",
        issues="Allerdale's ICT spend is spread over several cost centres.",
        new_risks="External verification costs more than the agreed funding",
    ),
    DemoReturn(
        3,
        "WP-HR",
        "PHARDY",
        (R, R, A, A, G, R),
        "exceeded",
        "HR implications paper started.",
        "Agree an HR resource plan with both heads of HR.",
        "2008-04-21",
        "2008-04-22",
        issues=(
            "Job evaluation pressures at both councils mean the HR workstream has not "
            "progressed as planned; the staffing comparison has not started."
        ),
        new_risks=(
            "HR work package will not deliver in time for the business case\n"
            "Staff consultation may be needed before the Executive decision"
        ),
        help_needed="Release HR staff time at both councils for this work package.",
    ),
    DemoReturn(
        3,
        "WP-COMMS",
        "JOSBOURNE",
        (G, G, G, G, G, G),
        "within",
        "Trade union briefing held.",
        "Second staff newsletter.",
        "2008-04-23",
    ),
    DemoReturn(
        3,
        "WP-GIS",
        "RSTAPLETON",
        (G, G, G, G, G, G),
        "within",
        "GIS work package starts on 18 April.",
        "",
        None,
    ),
    # -- period 4: 18/04 to 01/05, due Mon 05/05 ---------------------------------------------
    DemoReturn(
        4,
        "WP-PLAN",
        PM,
        (A, A, G, G, G, A),
        "within",
        "Highlight report prepared; HR slippage reported to the board.",
        "Re-plan HR tasks with the HR leads.",
        "2008-05-02",
    ),
    DemoReturn(
        4,
        "WP-FIN",
        "MTHOMPSON",
        (A, G, A, G, G, G),
        "within",
        "Allerdale spend populated; apportionment options drafted.",
        "Savings and payback with the options appraisal.",
        "2008-05-01",
    ),
    DemoReturn(
        4,
        "WP-HR",
        "CWRIGHT",
        (R, R, A, A, G, R),
        "exceeded",
        "HR resource plan discussed with both heads of HR.",
        "Start the staffing comparison if resource is released.",
        "2008-05-05",
        issues="No HR resource released yet; job evaluation continues to take priority.",
        help_needed="Board decision on releasing HR resource.",
    ),
    DemoReturn(
        4,
        "WP-ITSM",
        "TNICHOLSON",
        (G, G, G, G, G, G),
        "within",
        "Service desk call volumes collected from both councils.",
        "",
        None,
    ),
]


def _login(person: Person) -> User:
    if person.user is not None:
        return person.user
    user, _ = User.objects.get_or_create(username=f"demo-{person.code.lower()}")
    user.set_unusable_password()
    user.save()
    person.user = user
    person.save(update_fields=["user"])
    return user


def load_demo(project: Project) -> int:
    """Generate the periods up to 1 May 2008 and write the demo returns, once: a project
    that already has returns is left alone. Returns how many returns it wrote."""
    periods_generate(project=project, until=DEMO_UNTIL, by=None)
    if RagReturn.objects.filter(project=project).exists():
        return 0
    people = {p.code: p for p in Person.objects.filter(memberships__project=project).distinct()}
    pm = _login(people[PM])
    periods = {p.number: p for p in project.periods.all()}
    wps = {wp.code: wp for wp in project.work_packages.all()}
    for d in RETURNS:
        by = _login(people[d.by])
        fields: ReturnFields = {
            "overall": d.ratings[0],
            "time": d.ratings[1],
            "cost": d.ratings[2],
            "scope": d.ratings[3],
            "quality": d.ratings[4],
            "risk": d.ratings[5],
            "tolerance": d.tolerance,
            "achievements": d.achievements,
            "next_period": d.next_period,
            "issues": d.issues,
            "new_risks": d.new_risks,
            "help_needed": d.help_needed,
        }
        ret = return_save(
            period=periods[d.period],
            work_package=wps[d.wp],
            fields=fields,
            expected_version=None,
            by=by,
        )
        if d.submitted is None:
            continue
        ret = return_submit(rag_return=ret, by=by, now=_when(d.submitted))
        if d.rework is not None:
            comment, sent_back, resubmitted = d.rework
            ret = return_send_back(rag_return=ret, by=pm, comment=comment, now=_when(sent_back, 10))
            ret = return_save(
                period=periods[d.period],
                work_package=wps[d.wp],
                fields={
                    "next_period": f"{d.next_period} Job evaluation timetable: "
                    "Carlisle completes in June; comparison starts once HR resource "
                    "is released."
                },
                expected_version=ret.version,
                by=by,
            )
            ret = return_submit(rag_return=ret, by=by, now=_when(resubmitted))
        if d.accepted is not None:
            return_accept(rag_return=ret, by=pm, now=_when(d.accepted, 10))
    return len(RETURNS)
