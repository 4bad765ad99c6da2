"""User satisfaction before and after: the seed's baseline survey, compared with the survey
"carried out to determine what the impact on the service has been" (CROS report, para 7).

A survey is a CSV file with the header ``respondent,question,score``: one row per answer, the
score a whole number from 1 (worst) to 5 (best), or ``yes`` / ``no`` for a yes/no question.

Per question, and overall, the comparison gives for each survey the mean, the sample standard
deviation (n - 1) and the 95% confidence interval of the mean, ``mean +- t(0.975, n - 1) x
sd / sqrt(n)``; and the difference tested with Welch's t-test (unequal variances; degrees of
freedom by the Welch-Satterthwaite equation), two-sided. "Overall" is computed from each
respondent's mean over the 1-5 questions they answered: pooling every answer would count one
person's answers as independent observations. Yes/no questions are compared with the
two-proportion z-test (pooled proportion), two-sided.

These are floats, not Decimals (see ``finance.distributions``): statistics are estimates, not
money.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from projectboard.finance.distributions import (
    normal_two_sided_p,
    student_t_quantile,
    student_t_two_sided_p,
)
from projectboard.finance.errors import (
    E_SURVEY_DUPLICATE,
    E_SURVEY_FIELD,
    E_SURVEY_FILE,
    E_SURVEY_HEADER,
    E_SURVEY_MIXED,
    E_SURVEY_SCORE,
    FinanceError,
)

HEADER = ("respondent", "question", "score")
SCORES = range(1, 6)
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Answer:
    """One answer: ``score`` is 1-5, or ``True``/``False`` for yes/no; ``line`` in the file."""

    respondent: str
    question: str
    score: int | bool
    line: int


@dataclass(frozen=True)
class Survey:
    file: str
    answers: tuple[Answer, ...]

    def questions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.question for a in self.answers))

    def scores(self, question: str) -> list[int | bool]:
        return [a.score for a in self.answers if a.question == question]

    def is_yes_no(self, question: str) -> bool:
        return any(isinstance(a.score, bool) for a in self.answers if a.question == question)

    def respondent_means(self) -> list[float]:
        """Each respondent's mean over the 1-5 questions, in order of first answer."""
        by_respondent: dict[str, list[int]] = {}
        for a in self.answers:
            if not isinstance(a.score, bool):
                by_respondent.setdefault(a.respondent, []).append(a.score)
        return [statistics.fmean(values) for values in by_respondent.values()]


def read_survey(path: Path) -> Survey:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FinanceError(
            E_SURVEY_FILE, f"cannot read the survey: {exc}", value=str(path), file=path.name
        ) from None
    return parse_survey(text, file=path.name)


def parse_survey(text: str, *, file: str) -> Survey:
    """The answers in CSV ``text``; errors name ``file``, the line, the field and the value."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != HEADER:
        shown = ",".join(header or [])
        raise FinanceError(
            E_SURVEY_HEADER,
            f"the header is '{shown}', expected 'respondent,question,score'",
            value=shown,
            file=file,
            line=1,
        )
    answers: list[Answer] = []
    first_line: dict[tuple[str, str], int] = {}
    kinds: dict[str, tuple[bool, int]] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise FinanceError(
                E_SURVEY_FIELD,
                f"the row has {len(row)} fields, expected {len(HEADER)}",
                value=row,
                file=file,
                line=line,
            )
        respondent, question, raw = (cell.strip() for cell in row)
        for name, value in zip(HEADER, (respondent, question, raw), strict=True):
            if not value:
                raise FinanceError(
                    E_SURVEY_FIELD,
                    "the value is missing",
                    value=value,
                    file=file,
                    line=line,
                    field=name,
                )
        score = _score(raw, file=file, line=line)
        key = (respondent, question)
        if key in first_line:
            raise FinanceError(
                E_SURVEY_DUPLICATE,
                f"respondent '{respondent}' already answered '{question}' on line "
                f"{first_line[key]}",
                value=key,
                file=file,
                line=line,
            )
        first_line[key] = line
        yes_no = isinstance(score, bool)
        known = kinds.setdefault(question, (yes_no, line))
        if known[0] != yes_no:
            raise FinanceError(
                E_SURVEY_MIXED,
                f"question '{question}' is answered {_kind(known[0])} on line {known[1]} "
                f"but '{raw}' here",
                value=raw,
                file=file,
                line=line,
                field="score",
            )
        answers.append(Answer(respondent, question, score, line))
    return Survey(file, tuple(answers))


def _score(raw: str, *, file: str, line: int) -> int | bool:
    lowered = raw.lower()
    if lowered in ("yes", "no"):
        return lowered == "yes"
    if raw.isdigit() and int(raw) in SCORES:
        return int(raw)
    raise FinanceError(
        E_SURVEY_SCORE,
        f"score '{raw}' is not a whole number from 1 to 5, or yes/no",
        value=raw,
        file=file,
        line=line,
        field="score",
    )


def _kind(yes_no: bool) -> str:
    return "yes/no" if yes_no else "with scores 1-5"


@dataclass(frozen=True)
class Summary:
    """``n`` values: mean, sample standard deviation and 95% CI (``None`` when ``n < 2``)."""

    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None


def summarise(values: Sequence[float]) -> Summary:
    n = len(values)
    if n == 0:
        return Summary(0, None, None, None, None)
    mean = statistics.fmean(values)
    if n < 2:
        return Summary(n, mean, None, None, None)
    sd = statistics.stdev(values)
    half = student_t_quantile(1 - (1 - CONFIDENCE) / 2, n - 1) * sd / math.sqrt(n)
    return Summary(n, mean, sd, mean - half, mean + half)


@dataclass(frozen=True)
class WelchTest:
    t: float
    df: float
    p: float


def welch_t_test(baseline: Sequence[float], after: Sequence[float]) -> WelchTest | None:
    """Welch's two-sided t-test of ``after`` against ``baseline``; ``None`` when it is not
    defined (fewer than two values on a side, or no variation at all)."""
    n1, n2 = len(baseline), len(after)
    if n1 < 2 or n2 < 2:
        return None
    v1, v2 = statistics.variance(baseline) / n1, statistics.variance(after) / n2
    if v1 + v2 == 0:
        return None
    t = (statistics.fmean(after) - statistics.fmean(baseline)) / math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    return WelchTest(t, df, student_t_two_sided_p(t, df))


@dataclass(frozen=True)
class ProportionTest:
    z: float
    p: float


def two_proportion_z_test(
    baseline_yes: int, baseline_n: int, after_yes: int, after_n: int
) -> ProportionTest | None:
    """Two-sided z-test of the change in the proportion answering yes (pooled standard
    error); ``None`` when a side is empty or everyone gave the same answer."""
    if baseline_n == 0 or after_n == 0:
        return None
    pooled = (baseline_yes + after_yes) / (baseline_n + after_n)
    variance = pooled * (1 - pooled) * (1 / baseline_n + 1 / after_n)
    if variance == 0:
        return None
    z = (after_yes / after_n - baseline_yes / baseline_n) / math.sqrt(variance)
    return ProportionTest(z, normal_two_sided_p(z))


@dataclass(frozen=True)
class ScoreComparison:
    question: str  # "overall" for the respondents' means
    baseline: Summary
    after: Summary
    test: WelchTest | None


@dataclass(frozen=True)
class YesNoComparison:
    question: str
    baseline_yes: int
    baseline_n: int
    after_yes: int
    after_n: int
    test: ProportionTest | None


@dataclass(frozen=True)
class SurveyComparison:
    scores: tuple[ScoreComparison, ...]
    yes_no: tuple[YesNoComparison, ...]
    overall: ScoreComparison
    only_in_one: tuple[str, ...]  # questions asked in only one of the surveys


OVERALL = "overall"


def compare_surveys(baseline: Survey, after: Survey) -> SurveyComparison:
    """Per question (in the baseline's order) and overall, baseline against after."""
    asked_after = set(after.questions())
    both = [q for q in baseline.questions() if q in asked_after]
    only = sorted(set(baseline.questions()) ^ asked_after)
    scores: list[ScoreComparison] = []
    yes_no: list[YesNoComparison] = []
    for question in both:
        if baseline.is_yes_no(question) != after.is_yes_no(question):
            raise FinanceError(
                E_SURVEY_MIXED,
                f"question '{question}' is {_kind(baseline.is_yes_no(question))} in "
                f"{baseline.file} but {_kind(after.is_yes_no(question))} in {after.file}",
                value=question,
            )
        before, later = baseline.scores(question), after.scores(question)
        if baseline.is_yes_no(question):
            yes_no.append(_yes_no(question, before, later))
        else:
            scores.append(_compare(question, _floats(before), _floats(later)))
    overall = _compare(OVERALL, baseline.respondent_means(), after.respondent_means())
    return SurveyComparison(tuple(scores), tuple(yes_no), overall, tuple(only))


def _floats(values: Iterable[int | bool]) -> list[float]:
    return [float(v) for v in values]


def _compare(question: str, before: list[float], later: list[float]) -> ScoreComparison:
    return ScoreComparison(
        question, summarise(before), summarise(later), welch_t_test(before, later)
    )


def _yes_no(question: str, before: list[int | bool], later: list[int | bool]) -> YesNoComparison:
    b_yes, a_yes = sum(1 for v in before if v is True), sum(1 for v in later if v is True)
    return YesNoComparison(
        question,
        b_yes,
        len(before),
        a_yes,
        len(later),
        two_proportion_z_test(b_yes, len(before), a_yes, len(later)),
    )
