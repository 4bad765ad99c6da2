"""The sections drafted from the returns, the risk register and logs and the board: each
provider's exact rows on the seed project after the returns, risks and board demos (loaded
in that order, as the demo command does), and the project manager's text beside them."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from projectboard.web.board.demo import load_demo as board_demo
from projectboard.web.highlights.demo import load_demo
from projectboard.web.highlights.models import HighlightReport
from projectboard.web.highlights.services import highlight_report_draft, highlight_report_update
from projectboard.web.projects.models import Project
from projectboard.web.returns.demo import load_demo as returns_demo
from projectboard.web.risks.demo import load_demo as risks_demo

GOVERNANCE = ("exceptions", "risks", "risk_changes", "issues", "decisions")
GOVERNANCE_MORE = ("decisions_taken", "actions", "lessons")
TOP_RISKS = [
    [
        "R003",
        "HR workstream behind the rest of the project",
        "Philippa Hardy",
        "16",
        "Red (High)",
        "20",
    ],
    [
        "R001",
        "Extremely tight timescales for the business case",
        "Hazel Cushin",
        "12",
        "Amber (Medium)",
        "20",
    ],
    [
        "R002",
        "Job evaluation adds pressure at both councils",
        "Philippa Hardy",
        "9",
        "Amber (Medium)",
        "12",
    ],
    ["R004", "Deferred ICT workload builds up", "John Nutley", "9", "Amber (Medium)", "12"],
    [
        "R006",
        "Savings from joint procurement of contracts",
        "Mike Thompson",
        "9",
        "Amber (Medium)",
        "9",
    ],
]
EXCEPTIONS = {
    "columns": ["Work package", "Due", "Forecast finish", "Slip", "Tolerance", "Over by"],
    "rows": [
        ["WP-ORG", "06/06/2008", "Tue 24/06/2008 17:00", "12.00", "10", "2.00"],
        ["WP-HR", "06/06/2008", "Fri 27/06/2008 17:00", "15.00", "10", "5.00"],
    ],
    "notes": ["In working days, from the schedule when the tables were captured."],
}


@pytest.fixture
def governed(project: Project, pm: User) -> Project:
    """The seed project with the returns, risks and board demos loaded, in that order."""
    returns_demo(project)
    assert risks_demo(project) is True
    board_demo(project)
    return project


def rag(report: HighlightReport) -> list[list[str]]:
    """Each work package's code, overall RAG, time RAG and return."""
    return [[row[0], *row[4:]] for row in report.tables["work_packages"]["rows"]]


def test_the_demo_report_is_drafted_from_the_other_apps(governed: Project) -> None:
    report = load_demo(governed)  # the fortnight 25/03 to 07/04/2008
    tables = report.tables
    assert tables["work_packages"]["columns"][4:] == ["Overall RAG", "Time RAG", "Return"]
    no_return = ["No return", "", ""]
    assert rag(report) == [
        ["WP-PLAN", "Green", "Green", "Period 2, submitted 04/04/2008"],
        ["WP-BC", *no_return],
        ["WP-COMMS", "Green", "Green", "Period 2, submitted 07/04/2008"],
        ["WP-VISION", *no_return],
        ["WP-FIN", "Green", "Green", "Period 2, submitted 07/04/2008"],
        ["WP-ORG", *no_return],
        # The deputy said Amber for time; the schedule had WP-HR 15 working days late.
        ["WP-HR", "Amber", "Amber (the schedule suggested Red)", "Period 2, submitted 07/04/2008"],
        *([code, *no_return] for code in ["WP-GOV", "WP-ITSM", "WP-TECH", "WP-APPS", "WP-BCDR"]),
        *([code, *no_return] for code in ["WP-WEB", "WP-GIS", "WP-DMS", "WP-TEL", "WP-PART"]),
    ]
    assert tables["work_packages"]["notes"] == [
        "RAG from each work package's latest return submitted by 07/04/2008."
    ]
    assert tables["exceptions"] == EXCEPTIONS
    assert tables["risks"]["rows"] == TOP_RISKS
    assert tables["risk_changes"] == {
        "columns": ["Date", "ID", "Risk", "Change", "Residual score"],
        "rows": [
            [
                "02/04/2008",
                "R001",
                "Extremely tight timescales for the business case",
                "New risk",
                "12",
            ],
            [
                "02/04/2008",
                "R002",
                "Job evaluation adds pressure at both councils",
                "New risk",
                "9",
            ],
            [
                "02/04/2008",
                "R003",
                "HR workstream behind the rest of the project",
                "New risk",
                "12",
            ],
            ["02/04/2008", "R004", "Deferred ICT workload builds up", "New risk", "9"],
            ["02/04/2008", "R005", "Staff morale and union opposition", "New risk", "8"],
            ["02/04/2008", "R006", "Savings from joint procurement of contracts", "New risk", "9"],
        ],
        "notes": [],
    }
    # On 07/04 only I002 had been raised (I001 on 16/04, I003 on 21/04).
    assert tables["issues"] == {
        "columns": ["ID", "Issue", "Type", "Priority", "Decided by", "Owner", "Raised"],
        "rows": [
            [
                "I002",
                "Add telephony to the scope of the business case",
                "Request for change",
                "Medium",
                "Board",
                "Hazel Cushin",
                "02/04/2008",
            ]
        ],
        "notes": [],
    }
    assert tables["decisions"] == {
        "columns": ["ID", "Issue", "Type", "Owner", "Raised"],
        "rows": [
            [
                "I002",
                "Add telephony to the scope of the business case",
                "Request for change",
                "Hazel Cushin",
                "02/04/2008",
            ]
        ],
        # Held since, but still the meeting the report went to.
        "notes": [
            "Next board meeting: Project board 2, Wed 16/04/2008 10:00, Civic Centre, Carlisle."
        ],
    }
    assert tables["decisions_taken"] == {
        "columns": ["ID", "Date", "Decision", "Made by"],
        "rows": [
            [
                "D002",
                "02/04/2008",
                "PID agreed; Allerdale provides the project manager",
                "Project board",
            ]
        ],
        "notes": [],
    }
    assert tables["actions"] == {
        "columns": ["ID", "Action", "Owner", "Due", "Source"],
        "rows": [],
        "notes": ["No action was overdue on 07/04/2008."],
    }
    assert tables["lessons"] == {
        "columns": ["ID", "Lesson", "Category", "Logged by", "Logged"],
        "rows": [],
        "notes": ["No lesson was logged from 25/03/2008 to 07/04/2008."],
    }


def test_the_fortnight_to_1_may(governed: Project, pm: User) -> None:
    report = highlight_report_draft(
        project=governed, period_start=date(2008, 4, 18), period_end=date(2008, 5, 1), by=pm
    )
    tables = report.tables
    rated = [row for row in rag(report) if row[1] != "No return"]
    assert rated == [
        ["WP-PLAN", "Green", "Green", "Period 3, submitted 18/04/2008"],
        ["WP-COMMS", "Green", "Green", "Period 3, submitted 23/04/2008"],
        ["WP-VISION", "Green", "Green", "Period 3, submitted 18/04/2008"],
        ["WP-FIN", "Amber", "Green", "Period 4, submitted 01/05/2008"],
        ["WP-HR", "Red", "Red", "Period 3, submitted 21/04/2008"],
        ["WP-GIS", "Green", "Green", "Period 2, submitted 09/04/2008"],
    ]
    assert tables["exceptions"] == EXCEPTIONS
    assert tables["risks"]["rows"] == TOP_RISKS
    assert tables["risk_changes"]["rows"] == [
        ["23/04/2008", "R003", "HR workstream behind the rest of the project", "Up from 12", "16"]
    ]
    assert [row[:5] for row in tables["issues"]["rows"]] == [
        [
            "I001",
            "HR work package cannot start the structure costing",
            "Problem or concern",
            "High",
            "Board",
        ],
        [
            "I002",
            "Add telephony to the scope of the business case",
            "Request for change",
            "Medium",
            "Board",
        ],
        [
            "I003",
            "User satisfaction survey closed with few Allerdale replies",
            "Off-specification",
            "Low",
            "Project manager",
        ],
    ]
    assert [row[0] for row in tables["decisions"]["rows"]] == ["I001", "I002", "I003"]
    assert tables["decisions"]["notes"] == [
        "Next board meeting: Project board 3, Wed 21/05/2008 10:00, Allerdale House, Workington."
    ]
    assert tables["decisions_taken"] == {
        "columns": ["ID", "Date", "Decision", "Made by"],
        "rows": [],
        "notes": ["No decision was logged from 18/04/2008 to 01/05/2008."],
    }
    # The board's condition on the unions briefing (due 30/04) is an overdue action.
    assert tables["actions"]["rows"] == [
        [
            "A003",
            "Request pension figures from Capita",
            "Philippa Hardy",
            "18/04/2008",
            "Board 02/04/2008",
        ],
        [
            "A002",
            "Draw up the brief for external verification",
            "Hazel Cushin",
            "25/04/2008",
            "Board 02/04/2008",
        ],
        [
            "A007",
            "Brief the trade unions at both councils on the options before the organisational "
            "structure work starts.",
            "Philippa Hardy",
            "30/04/2008",
            "Project board 2, condition 2",
        ],
    ]
    assert tables["lessons"]["rows"] == [
        [
            "L001",
            "Agree the timetable with the job evaluation timetable",
            "Planning and timescales",
            "Hazel Cushin",
            "23/04/2008",
        ],
        ["L002", "Meet the counterparts early", "Joint working", "Hazel Cushin", "23/04/2008"],
    ]


def test_drafted_before_the_other_demos_the_tables_say_there_is_nothing(
    draft: HighlightReport,
) -> None:
    tables = draft.tables
    assert {row[4] for row in tables["work_packages"]["rows"]} == {"No return"}
    assert {key: tables[key]["notes"] for key in (*GOVERNANCE[1:], *GOVERNANCE_MORE)} == {
        "risks": [
            "There are no open risks.",
            "As the register stood when the tables were captured.",
        ],
        "risk_changes": ["No risk was raised or rescored from 25/03/2008 to 07/04/2008."],
        "issues": ["No issue was open on 07/04/2008."],
        "decisions": [
            "No issue open on 07/04/2008 needs the board.",
            "No board meeting is arranged after 07/04/2008.",
        ],
        "decisions_taken": ["No decision was logged from 25/03/2008 to 07/04/2008."],
        "actions": ["No action was overdue on 07/04/2008."],
        "lessons": ["No lesson was logged from 25/03/2008 to 07/04/2008."],
    }


def test_the_project_managers_text_stays_editable_beside_each_table(
    governed: Project, pm: User
) -> None:
    report = load_demo(governed)
    tables = report.tables
    texts = {key: f"Comment on {key}." for key in (*GOVERNANCE, *GOVERNANCE_MORE)}
    saved = highlight_report_update(
        report=report,
        expected_version=report.version,
        overall_rag="amber",
        overall_comment="Timescales are tight",
        texts=texts,
        by=pm,
    )
    saved.refresh_from_db()
    assert {key: saved.texts[key] for key in texts} == texts
    assert saved.texts["decisions"] == "Comment on decisions."  # the demo's text replaced
    assert saved.tables == tables
