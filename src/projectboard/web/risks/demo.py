"""The seed project's RAID logs and communications, for the demo: the risks the report to
CROS names (tight timescales, job evaluation at both councils, the HR work behind, deferred
ICT work, staff and unions), a few issues, decisions and actions (some overdue as at
30/04/2008), lessons, the communications plan and the consultation the report lists.

The board's stop/go decisions and their conditions are not here: the board demo records
them, and recording them writes them to these logs. Risk proposals come from the returns
demo's submitted returns; run alone, this loader proposes the finance lead's one by hand.

Everything goes through the services, as the project manager, so each row has its audit
events like an entry typed in the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from projectboard.web.projects.models import Person, Project, Role, WorkPackage
from projectboard.web.risks.logs import (
    action_create,
    action_set_status,
    comms_item_create,
    consultation_record,
    decision_record,
    issue_raise,
    lesson_create,
)
from projectboard.web.risks.models import Risk, RiskProposal
from projectboard.web.risks.services import (
    RiskDraft,
    risk_create,
    risk_proposal_create,
    risk_update,
)

WORKSHOP = date(2008, 4, 2)
AS_AT = date(2008, 4, 30)  # the demo's "today" for overdue actions
VERIFICATION_RISK = "External verification costs more than the agreed funding"

Lookup = Callable[[str], Person | None]


def load_demo(project: Project) -> bool:
    """Fill the logs of the seed ``project``, once: returns False (and writes nothing) if
    it already has risks. The project manager must have a login."""
    if Risk.objects.filter(project=project).exists():
        return False
    pm = (
        User.objects.filter(person__memberships__project=project, person__memberships__role=Role.PM)
        .distinct()
        .get()
    )
    people = {p.code: p for p in Person.objects.filter(memberships__project=project).distinct()}
    wps = {wp.code: wp for wp in WorkPackage.objects.filter(project=project)}

    def person(code: str) -> Person | None:
        return people.get(code)

    with transaction.atomic():
        _risks(project, pm, person, wps)
        _logs(project, pm, person, wps)
        _communications(project, pm, person)
    return True


def _risks(project: Project, pm: User, person: Lookup, wps: dict[str, WorkPackage]) -> None:
    drafts = [
        RiskDraft(
            title="Extremely tight timescales for the business case",
            category="timescale",
            cause="Both councils want the business case by mid-summer to inform next year's "
            "budgets; CROS on 24/07/2008, Executives on 28/07 and 06/08.",
            event="Work packages do not deliver their inputs in time for the business case.",
            effect="The business case is late or incomplete and misses the budget cycle.",
            inherent_probability=4,
            inherent_impact=5,
            residual_probability=3,
            residual_impact=4,
            owner=person("HCUSHIN"),
            actionee=person("HCUSHIN"),
            proximity="this_stage",
            response="reduce",
            response_actions="Fortnightly RAG returns from every lead; the board takes a "
            "stop/go decision at each meeting; deferred ICT work agreed with both councils.",
            review_date=date(2008, 5, 7),
            work_packages=(wps["WP-PLAN"], wps["WP-BC"]),
        ),
        RiskDraft(
            title="Job evaluation adds pressure at both councils",
            category="people",
            cause="Revised salaries are released at Allerdale and JE appeals heard at Carlisle "
            "during the project.",
            event="Staff and HR time goes to job evaluation instead of the project.",
            effect="HR and staffing work packages slip; staff are distracted and anxious.",
            inherent_probability=4,
            inherent_impact=3,
            residual_probability=3,
            residual_impact=3,
            owner=person("PHARDY"),
            actionee=person("CWRIGHT"),
            proximity="this_stage",
            response="reduce",
            response_actions="Plan HR workshops around the JE timetable at each council.",
            review_date=date(2008, 5, 7),
            work_packages=(wps["WP-HR"],),
        ),
        RiskDraft(
            title="HR workstream behind the rest of the project",
            category="people",
            cause="Pay structures, conditions, TUPE and the employment vehicle are complex and "
            "depend on the organisational structure.",
            event="The HR implications are not worked through by 06/06/2008.",
            effect="The business case cannot state staff costs or the employment model.",
            inherent_probability=3,
            inherent_impact=5,
            residual_probability=3,
            residual_impact=4,
            owner=person("PHARDY"),
            actionee=person("CWRIGHT"),
            proximity="this_stage",
            response="reduce",
            response_actions="Agree HR options with the organisational structure lead; ask "
            "the pension scheme administrator for figures early.",
            review_date=date(2008, 4, 23),
            work_packages=(wps["WP-HR"], wps["WP-ORG"]),
        ),
        RiskDraft(
            title="Deferred ICT workload builds up",
            category="operational",
            cause="Business-as-usual ICT work has been deferred because the project is a "
            "council priority.",
            event="Users' requests and projects wait longer than agreed.",
            effect="User satisfaction falls below the baseline; pressure to pull staff back.",
            inherent_probability=4,
            inherent_impact=3,
            residual_probability=3,
            residual_impact=3,
            owner=person("JNUTLEY"),
            actionee=person("SKIRKPATRICK"),
            proximity="this_project",
            response="accept",
            response_actions="Directors agree what is deferred; report the backlog to the "
            "board monthly.",
            review_date=date(2008, 5, 7),
            work_packages=(wps["WP-ITSM"],),
        ),
        RiskDraft(
            title="Staff morale and union opposition",
            category="people",
            cause="Staff at both councils face change to their employer, location and terms.",
            event="Staff or unions lose confidence in the project or oppose the proposal.",
            effect="Key staff leave; consultation takes longer; the business case is contested.",
            inherent_probability=3,
            inherent_impact=4,
            residual_probability=2,
            residual_impact=4,
            owner=person("ABROWN"),
            actionee=person("JOSBOURNE"),
            proximity="this_project",
            response="reduce",
            response_actions="Fortnightly briefings of the Carlisle IT unit; a joint meeting "
            "of all ICT staff; formal consultation with the unions expanded.",
            review_date=date(2008, 5, 7),
            work_packages=(wps["WP-COMMS"], wps["WP-HR"]),
        ),
        RiskDraft(
            title="Savings from joint procurement of contracts",
            kind="opportunity",
            category="financial",
            cause="Both councils renew several software and telecoms contracts in 2009.",
            event="Contracts are renegotiated jointly.",
            effect="Revenue savings beyond those of a merged team.",
            inherent_probability=3,
            inherent_impact=3,
            residual_probability=3,
            residual_impact=3,
            owner=person("MTHOMPSON"),
            proximity="beyond",
            response="enhance",
            response_actions="List contract end dates in the applications work package.",
            review_date=date(2008, 6, 4),
            work_packages=(wps["WP-FIN"], wps["WP-APPS"]),
        ),
    ]
    risks = [risk_create(project=project, draft=d, by=pm, on=WORKSHOP) for d in drafts]
    # The HR work fell further behind by the end of April: its score went up.
    hr = risks[2]
    risk_update(
        risk=hr,
        draft=replace(drafts[2], inherent_probability=4, residual_probability=4),
        expected_version=hr.version,
        by=pm,
        on=date(2008, 4, 23),
    )
    if not RiskProposal.objects.filter(project=project, title=VERIFICATION_RISK).exists():
        # Without the returns demo (which proposes it from WP-FIN's return of 18/04/2008),
        # the finance lead proposes it by hand.
        lead = User.objects.filter(person__code="MTHOMPSON").first()
        risk_proposal_create(
            project=project,
            title=VERIFICATION_RISK,
            description="Quotes for verifying the business case may exceed the £10,000 each "
            "council has set aside for external help.",
            work_package=wps["WP-FIN"],
            source="Finance lead 18/04/2008",
            by=lead or pm,
        )


def _logs(project: Project, pm: User, person: Lookup, wps: dict[str, WorkPackage]) -> None:
    issue_raise(
        project=project,
        title="HR work package cannot start the structure costing",
        description="The organisational structure options are not ready, so HR cannot cost them.",
        type="problem",
        priority="high",
        severity="board",
        owner=person("PHARDY"),
        by=pm,
        on=date(2008, 4, 16),
    )
    issue_raise(
        project=project,
        title="Add telephony to the scope of the business case",
        description="The board asked for telephony to be costed as part of the shared service.",
        type="change",
        priority="medium",
        severity="board",
        owner=person("HCUSHIN"),
        by=pm,
        on=date(2008, 4, 2),
    )
    issue_raise(
        project=project,
        title="User satisfaction survey closed with few Allerdale replies",
        description="The baseline survey had a low response at Allerdale.",
        type="off_spec",
        priority="low",
        severity="pm",
        owner=person("SKIRKPATRICK"),
        by=pm,
        on=date(2008, 4, 21),
    )
    for decided_on, title, detail, rationale in [
        (
            date(2008, 3, 17),
            "Start the shared ICT business case project",
            "The Executive approved the start of the project.",
            "A joint service could cut costs and improve service and resilience.",
        ),
        (
            date(2008, 4, 2),
            "PID agreed; Allerdale provides the project manager",
            "Hazel Cushin (ABC) is project manager; the chair rotates between the directors.",
            "Allerdale offered the resource; Carlisle officers approved the nomination.",
        ),
    ]:
        decision_record(
            project=project,
            decided_on=decided_on,
            title=title,
            detail=detail,
            made_by="Executive" if decided_on.month == 3 else "Project board",
            source="Executive 17/03/2008" if decided_on.month == 3 else "Board 02/04/2008",
            rationale=rationale,
            by=pm,
        )
    actions = [
        ("Circulate the project board minutes", "HCUSHIN", date(2008, 4, 9), ""),
        ("Draw up the brief for external verification", "HCUSHIN", date(2008, 4, 25), ""),
        ("Request pension figures from Capita", "PHARDY", date(2008, 4, 18), ""),
        ("Baseline current ICT spend per council", "MTHOMPSON", date(2008, 5, 16), ""),
        ("Agree the communications plan with the board", "JOSBOURNE", date(2008, 4, 16), ""),
    ]
    created = [
        action_create(
            project=project,
            title=title,
            owner=person(code),
            due=due,
            source=source or "Board 02/04/2008",
            by=pm,
            on=WORKSHOP,
        )
        for title, code, due, source in actions
    ]
    action_set_status(action=created[0], status="done", by=pm, on=date(2008, 4, 8))
    action_set_status(action=created[4], status="done", by=pm, on=date(2008, 4, 16))
    lesson_create(
        project=project,
        lesson="Agree the timetable with the job evaluation timetable",
        category="planning",
        went_well="",
        went_badly="JE salary release and appeals landed in the busiest weeks of the project.",
        recommendation="Check both councils' HR calendars before fixing milestones.",
        by=pm,
        on=date(2008, 4, 23),
    )
    lesson_create(
        project=project,
        lesson="Meet the counterparts early",
        category="partnership",
        went_well="The joint meeting of all ICT staff broke down barriers to joint working.",
        went_badly="",
        recommendation="Hold a joint staff meeting in the first weeks of any shared service.",
        by=pm,
        on=date(2008, 4, 23),
    )


def _communications(project: Project, pm: User, person: Lookup) -> None:
    for audience, message, channel, frequency, code, next_date in [
        (
            "Carlisle IT unit",
            "Progress of the project; questions answered.",
            "Director at the full unit meeting",
            "Fortnightly",
            "ABROWN",
            date(2008, 5, 1),
        ),
        (
            "All Allerdale and Carlisle ICT staff",
            "Why the project, who the counterparts are.",
            "Joint staff meeting",
            "Once, then as needed",
            "JOSBOURNE",
            None,
        ),
        (
            "Chief officers at both councils",
            "Board decisions and progress.",
            "Directors' updates at SMT and CMT",
            "Monthly",
            "NFARDON",
            date(2008, 5, 6),
        ),
        (
            "Unions",
            "The HR implications and the consultation timetable.",
            "Formal consultation meetings",
            "Monthly from June",
            "PHARDY",
            date(2008, 6, 2),
        ),
        (
            "Members (CROS and Executives)",
            "The business case and its recommendation.",
            "Committee reports",
            "At each decision point",
            "HCUSHIN",
            date(2008, 7, 24),
        ),
    ]:
        comms_item_create(
            project=project,
            audience=audience,
            message=message,
            channel=channel,
            frequency=frequency,
            owner=person(code),
            next_date=next_date,
            by=pm,
        )
    for body, kind, state, on, summary in [
        ("JMT", "consulted", "held", date(2008, 4, 8), "JMT have considered this matter."),
        ("Staff", "briefed", "held", date(2008, 4, 10), "Staff have been briefed."),
        (
            "CROS",
            "consulted",
            "planned",
            date(2008, 7, 24),
            "CROS are to be consulted again before any decision is to be taken on the project "
            "outcomes.",
        ),
        (
            "External verifiers",
            "consulted",
            "planned",
            None,
            "External verification of the business case is to take place.",
        ),
        (
            "Unions and staff",
            "consulted",
            "planned",
            None,
            "Formal consultation with the Unions and staff will be further expanded.",
        ),
    ]:
        consultation_record(
            project=project,
            body=body,
            kind=kind,
            state=state,
            on=on,
            summary=summary,
            outcome="",
            by=pm,
        )
