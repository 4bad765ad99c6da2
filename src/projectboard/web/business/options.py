"""The options appraisal, read and written: scenarios (one of them "do nothing"), weighted
criteria, reasoned scores, the ranking and its sensitivity to the weights
(``finance.options``), and the board's sign-off.

Sign-off rule: a board member (or the chair) signs off the scenarios as scored on a date.
Any later change to the scenarios, the criteria, their weights or the scores clears every
sign-off then in force (the rows are kept, marked cleared with the date and the change), so
the board always signs off what is on the page now. Sign-off needs a complete appraisal:
weights adding up to 100 and every scenario scored on every criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projectboard.finance.errors import FinanceError
from projectboard.finance.options import (
    SCORE_RANGE,
    OptionsAppraisal,
    Ranked,
    WeightSensitivity,
)
from projectboard.finance.options import (
    Criterion as FinanceCriterion,
)
from projectboard.finance.options import Scenario as FinanceScenario
from projectboard.finance.options import Score as FinanceScore
from projectboard.web.business.common import acting_person, from_finance, invalid, record, require
from projectboard.web.business.models import Criterion, Scenario, Score, SignOff
from projectboard.web.projects.models import Project

DENIED = (
    "Only the project manager and the options work package's leads and deputies may change "
    "the options appraisal."
)


# -- reading ---------------------------------------------------------------------------------


def finance_appraisal(project: Project) -> OptionsAppraisal:
    """The stored options appraisal as ``finance`` checks it (raises ``FinanceError``)."""
    scenarios = list(Scenario.objects.filter(project=project))
    criteria = list(Criterion.objects.filter(project=project))
    scores = Score.objects.filter(scenario__project=project).select_related("scenario", "criterion")
    return OptionsAppraisal(
        tuple(FinanceScenario(s.code, s.name, s.do_nothing) for s in scenarios),
        tuple(FinanceCriterion.of(c.code, c.name, c.weight) for c in criteria),
        tuple(FinanceScore(s.scenario.code, s.criterion.code, s.value, s.reason) for s in scores),
    )


@dataclass(frozen=True)
class ScoreCell:
    scenario: Scenario
    criterion: Criterion
    score: Score | None


@dataclass(frozen=True)
class OptionsPage:
    scenarios: list[Scenario]
    criteria: list[Criterion]
    weight_total: Decimal
    rows: list[tuple[Scenario, list[ScoreCell]]]  # per scenario: a cell per criterion
    error: str
    ranking: list[tuple[Ranked, Scenario]]
    sensitivity: list[tuple[WeightSensitivity, Criterion]]
    sign_offs: list[SignOff]  # in force
    cleared: list[SignOff]


def options_page(project: Project) -> OptionsPage:
    scenarios = list(Scenario.objects.filter(project=project))
    criteria = list(Criterion.objects.filter(project=project))
    scores = {
        (s.scenario_id, s.criterion_id): s for s in Score.objects.filter(scenario__project=project)
    }
    rows = [(s, [ScoreCell(s, c, scores.get((s.pk, c.pk))) for c in criteria]) for s in scenarios]
    by_code = {s.code: s for s in scenarios}
    criteria_by_code = {c.code: c for c in criteria}
    error = ""
    ranking: list[tuple[Ranked, Scenario]] = []
    sensitivity: list[tuple[WeightSensitivity, Criterion]] = []
    try:
        appraisal = finance_appraisal(project)
        ranking = [(r, by_code[r.scenario]) for r in appraisal.ranking()]
        sensitivity = [(w, criteria_by_code[w.criterion]) for w in appraisal.sensitivity()]
    except FinanceError as exc:
        error = str(exc)
    sign_offs = list(
        SignOff.objects.filter(project=project, subject=SignOff.Subject.SCENARIOS).select_related(
            "person"
        )
    )
    return OptionsPage(
        scenarios,
        criteria,
        sum((c.weight for c in criteria), Decimal(0)),
        rows,
        error,
        ranking,
        sensitivity,
        [s for s in sign_offs if s.cleared_on is None],
        [s for s in sign_offs if s.cleared_on is not None],
    )


# -- writing ---------------------------------------------------------------------------------


def clear_sign_offs(project: Project, by: User | None, subject: str, because: str) -> int:
    """Mark every sign-off of ``subject`` in force as cleared today; returns how many."""
    today = timezone.localdate()
    count = 0
    for row in SignOff.objects.filter(project=project, subject=subject, cleared_on=None):
        row.cleared_on = today
        row.cleared_because = because[:300]
        row.save(update_fields=["cleared_on", "cleared_because"])
        record(project, by, "sign_off", row.pk, field="cleared", new=because)
        count += 1
    return count


def _code_and_name(code: str, name: str) -> None:
    if not code.strip():
        raise invalid("code", "This field is required.", "required")
    if not name.strip():
        raise invalid("name", "This field is required.", "required")


def _weight(text: str | Decimal) -> Decimal:
    try:
        weight = Decimal(str(text).strip())
    except InvalidOperation:
        raise invalid(
            "weight", "%(value)r is not a number.", "E_CRITERIA_WEIGHTS", value=text
        ) from None
    if (
        not weight.is_finite()
        or weight < 0
        or weight > 100
        or weight != weight.quantize(Decimal("0.01"))
    ):
        raise invalid(
            "weight",
            "%(value)s is not a percentage from 0 to 100 (at most 2 decimals).",
            "E_CRITERIA_WEIGHTS",
            value=text,
        )
    return weight


def scenario_create(
    *,
    project: Project,
    code: str,
    name: str,
    description: str = "",
    do_nothing: bool = False,
    by: User | None,
) -> Scenario:
    require(by, "options", "change", project, DENIED)
    _code_and_name(code, name)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if Scenario.objects.filter(project=locked, code=code.strip()).exists():
            raise invalid(
                "code", "An option with code %(value)r exists.", "E_DUPLICATE", value=code.strip()
            )
        row = Scenario.objects.create(
            project=locked,
            code=code.strip(),
            name=name.strip(),
            description=description.strip(),
            do_nothing=do_nothing,
            position=Scenario.objects.filter(project=locked).count(),
        )
        record(locked, by, "scenario", row.pk, new=str(row))
        clear_sign_offs(locked, by, SignOff.Subject.SCENARIOS, f"option {row.code} added")
    return row


def criterion_create(
    *, project: Project, code: str, name: str, weight: str | Decimal, by: User | None
) -> Criterion:
    require(by, "options", "change", project, DENIED)
    _code_and_name(code, name)
    value = _weight(weight)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if Criterion.objects.filter(project=locked, code=code.strip()).exists():
            raise invalid(
                "code", "A criterion with code %(value)r exists.", "E_DUPLICATE", value=code.strip()
            )
        row = Criterion.objects.create(
            project=locked,
            code=code.strip(),
            name=name.strip(),
            weight=value,
            position=Criterion.objects.filter(project=locked).count(),
        )
        record(locked, by, "criterion", row.pk, new=f"{row} ({value}%)")
        clear_sign_offs(locked, by, SignOff.Subject.SCENARIOS, f"criterion {row.code} added")
    return row


def criterion_update(
    *, criterion: Criterion, name: str, weight: str | Decimal, by: User | None
) -> Criterion:
    project = criterion.project
    require(by, "options", "change", project, DENIED)
    _code_and_name(criterion.code, name)
    value = _weight(weight)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        row = Criterion.objects.select_for_update().get(pk=criterion.pk)
        changes = [
            (f, getattr(row, f), v)
            for f, v in (("name", name.strip()), ("weight", value))
            if getattr(row, f) != v
        ]
        for f, old, new in changes:
            setattr(row, f, new)
            record(locked, by, "criterion", row.pk, field=f, old=str(old), new=str(new))
        if changes:
            row.save()
            clear_sign_offs(locked, by, SignOff.Subject.SCENARIOS, f"criterion {row.code} changed")
    return row


def score_set(
    *, scenario: Scenario, criterion: Criterion, value: int, reason: str, by: User | None
) -> Score:
    """Score ``scenario`` on ``criterion`` (a whole number 0-10) with its reason."""
    project = scenario.project
    require(by, "options", "change", project, DENIED)
    if criterion.project_id != project.pk:
        raise invalid("criterion", "The criterion is not in this project.", "other_project")
    low, high = SCORE_RANGE
    if not low <= value <= high:
        raise invalid(
            "value",
            "%(value)s is not from %(low)s to %(high)s.",
            "E_SCORE_RANGE",
            value=value,
            low=low,
            high=high,
        )
    if not reason.strip():
        raise invalid("reason", "A score needs its reason.", "E_SCORE_REASON")
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        row = (
            Score.objects.select_for_update().filter(scenario=scenario, criterion=criterion).first()
        )
        where = f"{scenario.code}/{criterion.code}"
        if row is None:
            row = Score.objects.create(
                scenario=scenario, criterion=criterion, value=value, reason=reason.strip()
            )
            record(locked, by, "score", row.pk, new=f"{where}: {value} ({row.reason})")
        elif (row.value, row.reason) != (value, reason.strip()):
            old = f"{row.value} ({row.reason})"
            row.value, row.reason = value, reason.strip()
            row.save()
            record(
                locked, by, "score", row.pk, field="score", old=old, new=f"{value} ({row.reason})"
            )
        else:
            return row
        clear_sign_offs(locked, by, SignOff.Subject.SCENARIOS, f"score {where} changed")
    return row


def scenarios_sign_off(
    *, project: Project, note: str = "", on: date | None = None, by: User
) -> SignOff:
    """A board member signs off the scenarios as they are scored now."""
    person = acting_person(
        by, "options", "sign_off", project, "Only board members sign off the options appraisal."
    )
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        try:
            finance_appraisal(locked)
        except FinanceError as exc:
            raise from_finance(exc, "__all__") from exc
        if SignOff.objects.filter(
            project=locked, subject=SignOff.Subject.SCENARIOS, person=person, cleared_on=None
        ).exists():
            raise ValidationError(
                "You have already signed off the scenarios as they are.", code="already_signed"
            )
        row = SignOff.objects.create(
            project=locked,
            subject=SignOff.Subject.SCENARIOS,
            person=person,
            signed_on=on or timezone.localdate(),
            note=note.strip(),
        )
        record(locked, by, "sign_off", row.pk, new=f"scenarios signed off by {person.name}")
    return row
