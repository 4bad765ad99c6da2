"""User satisfaction: importing the baseline survey and the one after implementation, and
comparing them (``finance.satisfaction``: means, 95% confidence intervals, Welch's t-test,
two-proportion z-test).

Import is two steps, like the plan import: the upload is read (size limit, UTF-8, the
survey's checks, errors naming file, line, field and value) and previewed; confirming stores
exactly the previewed text, replacing the project's survey of that kind.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from projectboard.finance.errors import E_SURVEY_FILE, FinanceError
from projectboard.finance.satisfaction import (
    Answer,
    SurveyComparison,
    compare_surveys,
    parse_survey,
)
from projectboard.finance.satisfaction import Survey as FinanceSurvey
from projectboard.web.business.common import invalid, record, require
from projectboard.web.business.models import Survey, SurveyAnswer
from projectboard.web.projects.models import Project

MAX_SURVEY_BYTES = 1024 * 1024
DENIED = "Only the project manager may import surveys."


def read_survey_upload(data: bytes, filename: str) -> tuple[str, FinanceSurvey]:
    """The text and the survey of an upload; ``FinanceError`` naming the file (and line,
    field and value) if it does not read."""
    if len(data) > MAX_SURVEY_BYTES:
        raise FinanceError(
            E_SURVEY_FILE,
            f"larger than {MAX_SURVEY_BYTES // 1024} KiB",
            value=len(data),
            file=filename,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FinanceError(
            E_SURVEY_FILE, f"not UTF-8 text: {exc.reason}", value=filename, file=filename
        ) from None
    survey = parse_survey(text, file=filename)
    if not survey.answers:
        raise FinanceError(E_SURVEY_FILE, "no answers in the file", value=filename, file=filename)
    return text, survey


def digest(text: str, filename: str, kind: str) -> str:
    return hashlib.sha256(f"{kind}\n{filename}\n{text}".encode()).hexdigest()


def survey_import(*, project: Project, kind: str, survey: FinanceSurvey, by: User | None) -> Survey:
    """Store ``survey`` as the project's ``kind`` survey, replacing any before."""
    require(by, "satisfaction", "change", project, DENIED)
    if kind not in Survey.Kind.values:
        raise invalid("kind", "%(value)r is not baseline or after.", "invalid_choice", value=kind)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        old = Survey.objects.filter(project=locked, kind=kind).first()
        if old is not None:
            record(
                locked, by, "survey", old.pk, field="replaced", old=f"{old.kind}: {old.file_name}"
            )
            old.delete()
        row = Survey.objects.create(
            project=locked, kind=kind, file_name=survey.file, imported_by=by
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(
                survey=row,
                respondent=a.respondent,
                question=a.question,
                score=None if isinstance(a.score, bool) else a.score,
                yes=a.score if isinstance(a.score, bool) else None,
                line=a.line,
            )
            for a in survey.answers
        )
        record(
            locked,
            by,
            "survey",
            row.pk,
            new=f"{kind}: {survey.file}, {len(survey.answers)} answers",
        )
    return row


def stored_survey(row: Survey) -> FinanceSurvey:
    return FinanceSurvey(
        row.file_name,
        tuple(
            Answer(
                a.respondent, a.question, a.yes if a.yes is not None else int(a.score or 0), a.line
            )
            for a in row.answers.all()
        ),
    )


@dataclass(frozen=True)
class SurveyPage:
    baseline: Survey | None
    after: Survey | None
    baseline_summary: list[tuple[str, int, float | None]]  # question, n, mean (or % yes)
    comparison: SurveyComparison | None
    error: str


def survey_page(project: Project) -> SurveyPage:
    rows = {s.kind: s for s in Survey.objects.filter(project=project)}
    baseline, after = rows.get(Survey.Kind.BASELINE), rows.get(Survey.Kind.AFTER)
    summary: list[tuple[str, int, float | None]] = []
    comparison: SurveyComparison | None = None
    error = ""
    if baseline is not None:
        base = stored_survey(baseline)
        # Compared with itself, the baseline's own statistics come out per question.
        try:
            comparison = compare_surveys(base, stored_survey(after) if after else base)
        except FinanceError as exc:
            error = str(exc)
        for question in base.questions():
            values = base.scores(question)
            mean = sum(float(v) for v in values) / len(values) if values else None
            summary.append((question, len(values), mean))
    return SurveyPage(baseline, after, summary, comparison, error)
