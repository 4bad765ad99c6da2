"""The seed project's board, spring 2008: monthly meetings from March, the chair and venue
alternating between Allerdale (Nick Fardon, Director of Strategic Resources) and Carlisle
(Angela Brown, Director of Corporate Resources). The first two meetings are held: a go after
the launch, and a go with conditions at the options-appraisal stop/go point (the workshop of
8 April 2008); the rest are planned. No highlight report is attached: the demo's report
(``highlights.demo``, loaded after this) is a draft, which the board cannot read."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction

from projectboard.web.board.models import Meeting, Outcome
from projectboard.web.board.series import MonthlyRule
from projectboard.web.board.services import (
    ConditionInput,
    Seat,
    meeting_close,
    meeting_series_create,
    meeting_update,
    stop_go_decision_record,
)
from projectboard.web.projects.models import Partner, Person, Project

ALLERDALE_VENUE = "Allerdale House, Workington"
CARLISLE_VENUE = "Civic Centre, Carlisle"


def _person(project: Project, code: str) -> Person:
    return Person.objects.filter(memberships__project=project, code=code).distinct().get()


def load_demo(project: Project) -> list[Meeting]:
    """Add the board's meetings to the seed ``project`` (once: a project that has meetings
    is left alone). Returns the project's meetings in order."""
    with transaction.atomic():
        if Meeting.objects.filter(project=project).exists():
            return list(Meeting.objects.filter(project=project).order_by("starts_at", "number"))
        abc = Partner.objects.get(project=project, code="ABC")
        ccc = Partner.objects.get(project=project, code="CCC")
        people = {
            code: _person(project, code)
            for code in (
                "NFARDON",
                "ABROWN",
                "PHARDY",
                "SKIRKPATRICK",
                "JNUTLEY",
                "HCUSHIN",
                "MTHOMPSON",
            )
        }
        launch, options, *_ = meeting_series_create(
            project=project,
            rule=MonthlyRule("weekday", 3, 2),  # the third Wednesday
            start=date(2008, 3, 1),
            count=5,
            at=time(10, 0),
            duration_minutes=120,
            rotation=[
                Seat(abc, people["NFARDON"], ALLERDALE_VENUE),
                Seat(ccc, people["ABROWN"], CARLISLE_VENUE),
            ],
            by=None,
        )
        board = ("NFARDON", "ABROWN", "PHARDY", "SKIRKPATRICK", "JNUTLEY")
        meeting_update(
            meeting=launch,
            expected_version=launch.version,
            by=None,
            attendance={people[c].pk: "present" for c in board},
            others_attending=[people["HCUSHIN"]],
            minutes=(
                "The Executive approved the start of the project on 17 March 2008. The board "
                "reviewed the outcome of the launch workshop, the draft project initiation "
                "document and the work packages and their leads.\n\n"
                "Project administration support is provided by Allerdale, which will minute "
                "the board."
            ),
        )
        stop_go_decision_record(
            meeting=launch,
            outcome=Outcome.GO,
            rationale=(
                "Launch workshop held and the work packages have leads at both councils. "
                "Continue to the visioning and options appraisal stage; the project initiation "
                "document to be accepted at the start of April."
            ),
            by=None,
        )
        meeting_close(meeting=launch, by=None)
        options.refresh_from_db()
        meeting_update(
            meeting=options,
            expected_version=options.version,
            by=None,
            attendance={
                **{people[c].pk: "present" for c in board},
                people["SKIRKPATRICK"].pk: "apologies",
            },
            others_attending=[people["HCUSHIN"]],
            minutes=(
                "The board considered the outcome of the visioning and options appraisal "
                "workshop of 8 April 2008, the first stop/go decision point in the project "
                "initiation document, and the project manager's highlight report."
            ),
        )
        stop_go_decision_record(
            meeting=options,
            outcome=Outcome.GO_WITH_CONDITIONS,
            rationale=(
                "The options appraisal supports continuing to develop a business case for a "
                "shared ICT service. Work package delivery may start, on two conditions."
            ),
            conditions=[
                ConditionInput(
                    "Confirm the current ICT spend of both councils as the baseline for the "
                    "cost model.",
                    people["MTHOMPSON"],
                    date(2008, 5, 9),
                ),
                ConditionInput(
                    "Brief the trade unions at both councils on the options before the "
                    "organisational structure work starts.",
                    people["PHARDY"],
                    date(2008, 4, 30),
                ),
            ],
            by=None,
        )
        return list(Meeting.objects.filter(project=project).order_by("starts_at", "number"))
