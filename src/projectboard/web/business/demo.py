"""The demo business case for the seed project: three options (do nothing; a shared service
hosted by one council; a fuller shared service), an options appraisal, cost lines, the
GBP 10,000 + 10,000 project funding with some spend, a baseline satisfaction survey, draft
text for the five cases, and a draft committee report to the scrutiny committee
(``committee_demo``).

The amounts, scores and survey answers are ILLUSTRATIVE: the seed documents give none. The
settings are marked illustrative, so every business case page says so.

Everything goes through the services as the system (``by=None``), each row with its audit
event.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from projectboard.finance.satisfaction import parse_survey
from projectboard.web.business.case import section_update
from projectboard.web.business.committee_demo import load_committee_demo
from projectboard.web.business.cost_services import (
    LineDraft,
    cost_line_create,
    funding_create,
    settings_update,
    spend_create,
)
from projectboard.web.business.models import Scenario, Settings
from projectboard.web.business.options import (
    criterion_create,
    scenario_create,
    score_set,
)
from projectboard.web.business.surveys import survey_import
from projectboard.web.projects.models import Project

FIRST_YEAR = 2009  # 2009/10: the shared service would start in April 2009 (CROS report, para 9)
YEARS = range(FIRST_YEAR, FIRST_YEAR + 5)
HALVES = {"ABC": Decimal(50), "CCC": Decimal(50)}
HEADCOUNT = {"ABC": Decimal(18), "CCC": Decimal(24)}


def load_demo(project: Project) -> bool:
    """Fill the business case of the seed ``project`` (partners ABC and CCC), once: returns
    False (and writes nothing) if it already has settings or options."""
    if (
        Settings.objects.filter(project=project).exists()
        or Scenario.objects.filter(project=project).exists()
    ):
        return False
    with transaction.atomic():
        settings_update(
            project=project,
            first_year=FIRST_YEAR,
            year_count=len(YEARS),
            host="CCC",
            optimism_bias_type="Equipment/development",
            optimism_bias_bound=Settings.Bound.LOWER,
            illustrative=True,
            expected_version=0,
            by=None,
        )
        _options(project)
        _costs(project)
        _funding(project)
        _survey(project)
        _sections(project)
        load_committee_demo(project)
    return True


def _options(project: Project) -> None:
    for code, name, description, do_nothing in (
        ("DN", "Do nothing", "Each council keeps its own ICT team and systems.", True),
        (
            "HOST",
            "Shared service hosted by one council",
            "One ICT team employed by Carlisle, serving both councils under an agreement; "
            "systems converge as contracts end.",
            False,
        ),
        (
            "FULL",
            "Fuller shared service",
            "One team and one infrastructure: merged data centres, service desk, telephony, "
            "website, GIS and document management, with disaster recovery across both sites.",
            False,
        ),
    ):
        scenario_create(
            project=project,
            code=code,
            name=name,
            description=description,
            do_nothing=do_nothing,
            by=None,
        )
    for code, name, weight in (
        ("COST", "Reduced ongoing revenue costs", "30"),
        ("CAP", "Capacity, capability and resilience (DR/BC)", "25"),
        ("SERV", "Quality of service to users", "25"),
        ("FUT", "A base for future shared services", "10"),
        ("RISK", "Deliverability and risk", "10"),
    ):
        criterion_create(project=project, code=code, name=name, weight=weight, by=None)
    scenarios = {s.code: s for s in Scenario.objects.filter(project=project)}
    criteria = {c.code: c for c in project.criteria.all()}
    scores = {
        "DN": (
            (2, "Costs rise with inflation; no economies of scale."),
            (2, "Two small teams with single points of failure; no shared DR site."),
            (5, "Users are broadly satisfied today (baseline survey)."),
            (1, "No shared platform to build on."),
            (9, "Nothing to deliver."),
        ),
        "HOST": (
            (6, "Management and licence savings; infrastructure savings come later."),
            (6, "One larger team; DR between the two sites once networks are joined."),
            (6, "One service desk; service levels agreed in the hosting agreement."),
            (6, "A hosting agreement other services can copy."),
            (7, "Staff transfer to one employer; systems change gradually."),
        ),
        "FULL": (
            (8, "Largest savings once infrastructure is merged."),
            (8, "Full resilience across two sites; specialist roles affordable."),
            (7, "Improvements after a period of disruption."),
            (9, "A single platform for any future shared service."),
            (4, "Large, fast change during job evaluation; the most to go wrong."),
        ),
    }
    for scenario_code, values in scores.items():
        for criterion_code, (value, reason) in zip(criteria, values, strict=True):
            score_set(
                scenario=scenarios[scenario_code],
                criterion=criteria[criterion_code],
                value=value,
                reason=reason,
                by=None,
            )


def _by_year(partner: str, amounts: dict[int, int]) -> dict[tuple[str, int], Decimal]:
    return {(partner, year): Decimal(amount) for year, amount in amounts.items()}


def _costs(project: Project) -> None:
    scenarios = {s.code: s for s in Scenario.objects.filter(project=project)}
    lines = [
        LineDraft(
            "Current ICT spend",
            "current",
            None,
            {
                **_by_year("ABC", dict.fromkeys(YEARS, 1_450_000)),
                **_by_year("CCC", dict.fromkeys(YEARS, 1_950_000)),
            },
        ),
        LineDraft(
            "Project team for the interim structure",
            "implementation_staff_interim",
            scenarios["HOST"],
            {**_by_year("ABC", {2009: 40_000}), **_by_year("CCC", {2009: 40_000})},
        ),
        LineDraft(
            "Joining the networks and one service desk",
            "implementation_infrastructure",
            scenarios["HOST"],
            _by_year("CCC", {2009: 150_000}),
            "current spend",
        ),
        LineDraft(
            "Shared licences and support",
            "revenue",
            scenarios["HOST"],
            _by_year("CCC", {y: 40_000 for y in YEARS if y > FIRST_YEAR}),
            "fixed shares",
            HALVES,
        ),
        LineDraft(
            "Server consolidation",
            "capital",
            scenarios["HOST"],
            {**_by_year("ABC", {2009: 60_000}), **_by_year("CCC", {2009: 60_000})},
        ),
        LineDraft(
            "Staff and management savings",
            "saving",
            scenarios["HOST"],
            _by_year("CCC", {2009: 50_000, **{y: 250_000 for y in YEARS if y > FIRST_YEAR}}),
            "headcount",
            HEADCOUNT,
        ),
        LineDraft(
            "Project team for the interim structure",
            "implementation_staff_interim",
            scenarios["FULL"],
            {**_by_year("ABC", {2009: 60_000}), **_by_year("CCC", {2009: 60_000})},
        ),
        LineDraft(
            "Final structure: redundancy and pension strain",
            "implementation_staff_final",
            scenarios["FULL"],
            {**_by_year("ABC", {2010: 80_000}), **_by_year("CCC", {2010: 80_000})},
        ),
        LineDraft(
            "Merging data centres, telephony and DR",
            "implementation_infrastructure",
            scenarios["FULL"],
            _by_year("CCC", {2009: 300_000}),
            "current spend",
        ),
        LineDraft(
            "Shared platform licences and support",
            "revenue",
            scenarios["FULL"],
            _by_year("CCC", {y: 60_000 for y in YEARS if y > FIRST_YEAR}),
            "fixed shares",
            HALVES,
        ),
        LineDraft(
            "Single infrastructure",
            "capital",
            scenarios["FULL"],
            {**_by_year("ABC", {2009: 150_000}), **_by_year("CCC", {2010: 100_000})},
        ),
        LineDraft(
            "Staff, management and infrastructure savings",
            "saving",
            scenarios["FULL"],
            _by_year("CCC", {2010: 300_000, **{y: 450_000 for y in YEARS if y > 2010}}),
            "headcount",
            HEADCOUNT,
        ),
    ]
    for draft in lines:
        cost_line_create(project=project, draft=draft, by=None)


def _funding(project: Project) -> None:
    for partner in ("ABC", "CCC"):
        funding_create(
            project=project,
            partner=partner,
            amount=Decimal(10_000),
            purpose="External assistance (PID: project costs)",
            agreed_on=date(2008, 3, 17),
            by=None,
        )
    for spent_on, partner, amount, description in (
        (date(2008, 5, 20), "ABC", "4500.00", "External consultants: brief for the review"),
        (date(2008, 6, 10), "CCC", "3250.00", "Options workshop facilitation"),
        (date(2008, 6, 27), "ABC", "2800.00", "External verification of the cost model (part)"),
    ):
        spend_create(
            project=project,
            spent_on=spent_on,
            partner=partner,
            amount=Decimal(amount),
            description=description,
            by=None,
        )


QUESTIONS = (
    "Overall satisfaction with the ICT service",
    "Speed of fixing faults",
    "Helpfulness of ICT staff",
)
YES_NO = "Is the service desk easy to contact?"


def baseline_csv() -> str:
    """Twenty respondents' answers, made up and fixed (illustrative)."""
    rows = ["respondent,question,score"]
    for n in range(1, 21):
        for q, question in enumerate(QUESTIONS):
            rows.append(f"R{n:02d},{question},{(n * (2 * q + 3) + q) % 4 + 2}")
        rows.append(f"R{n:02d},{YES_NO},{'yes' if n % 3 else 'no'}")
    return "\n".join(rows) + "\n"


def _survey(project: Project) -> None:
    survey = parse_survey(baseline_csv(), file="baseline-2008.csv")
    survey_import(project=project, kind="baseline", survey=survey, by=None)


SECTIONS = {
    "strategic": (
        "Allerdale Borough Council and Carlisle City Council have agreed to explore a single "
        "shared ICT team serving both organisations.\n\n"
        "The drivers are increased capacity and capabilities; reduced ongoing revenue costs for "
        "both councils; improved disaster recovery and business continuity (telephony and "
        "websites in particular); improvements to the current ICT services; and a solid base "
        "for future shared services.\n\n"
        "User satisfaction with the current service has been baselined so that the board can "
        "make sure service quality does not drop."
    ),
    "management": (
        "A joint project board (both directors, both heads of ICT, HR) takes a stop/go "
        "decision at each meeting; the chair rotates between the councils. The business case "
        "is verified externally before it goes to both councils: CROS on 24 July, Carlisle's "
        "Executive on 28 July and Allerdale's on 6 August 2008. Satisfaction will be surveyed "
        "again after implementation and compared with the baseline."
    ),
}


def _sections(project: Project) -> None:
    for key, text in SECTIONS.items():
        section_update(project=project, key=key, text=text, expected_version=0, by=None)
