"""The satisfaction survey: parsing the CSV, and the baseline compared with the survey after."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from projectboard.finance.errors import FinanceError
from projectboard.finance.satisfaction import (
    Answer,
    Summary,
    compare_surveys,
    parse_survey,
    read_survey,
    summarise,
    two_proportion_z_test,
    welch_t_test,
)

BASELINE = """respondent,question,score
r1,Speed of fixes,1
r1,Helpfulness of staff,3
r1,Would recommend,no
r2,Speed of fixes,2
r2,Helpfulness of staff,4
r2,Would recommend,yes
r3,Speed of fixes,3
r3,Helpfulness of staff,5
r3,Would recommend,no
r4,Speed of fixes,4
r4,Helpfulness of staff,4
r4,Would recommend,no
r5,Speed of fixes,5
r5,Helpfulness of staff,4
r5,Would recommend,yes
r5,Printing,3
"""

AFTER = """Respondent, Question, Score
a1,Speed of fixes,2
a1,Helpfulness of staff,4
a1,Would recommend,yes
a2,Speed of fixes,3
a2,Helpfulness of staff,4
a2,Would recommend,yes

a3,Speed of fixes,4
a3,Helpfulness of staff,4
a3,Would recommend,yes
a4,Speed of fixes,5
a4,Helpfulness of staff,4
a4,Would recommend,no
a5,Speed of fixes,6
"""


def test_parse_survey() -> None:
    survey = parse_survey(BASELINE, file="baseline.csv")
    assert survey.answers[:3] == (
        Answer("r1", "Speed of fixes", 1, 2),
        Answer("r1", "Helpfulness of staff", 3, 3),
        Answer("r1", "Would recommend", False, 4),
    )
    assert survey.questions() == (
        "Speed of fixes",
        "Helpfulness of staff",
        "Would recommend",
        "Printing",
    )
    assert survey.is_yes_no("Would recommend")
    assert not survey.is_yes_no("Speed of fixes")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "who,what,score\nr1,q,3\n",
            "baseline.csv:1: the header is 'who,what,score', "
            "expected 'respondent,question,score' [E_SURVEY_HEADER]",
        ),
        (
            "",
            "baseline.csv:1: the header is '', "
            "expected 'respondent,question,score' [E_SURVEY_HEADER]",
        ),
        (
            "respondent,question,score\nr1,q,3\nr2,q,6\n",
            "baseline.csv:3: field 'score': score '6' is not a whole number from 1 to 5, "
            "or yes/no [E_SURVEY_SCORE]",
        ),
        (
            "respondent,question,score\nr1,q,3.5\n",
            "baseline.csv:2: field 'score': score '3.5' is not a whole number from 1 to 5, "
            "or yes/no [E_SURVEY_SCORE]",
        ),
        (
            "respondent,question,score\nr1,,3\n",
            "baseline.csv:2: field 'question': the value is missing [E_SURVEY_FIELD]",
        ),
        (
            "respondent,question,score\nr1,q,3,extra\n",
            "baseline.csv:2: the row has 4 fields, expected 3 [E_SURVEY_FIELD]",
        ),
        (
            "respondent,question,score\nr1,q,3\n\nr1,q,4\n",
            "baseline.csv:4: respondent 'r1' already answered 'q' on line 2 [E_SURVEY_DUPLICATE]",
        ),
        (
            "respondent,question,score\nr1,q,3\nr2,q,yes\n",
            "baseline.csv:3: field 'score': question 'q' is answered with scores 1-5 on line 2 "
            "but 'yes' here [E_SURVEY_MIXED]",
        ),
    ],
)
def test_bad_survey_rows_name_file_line_field_and_value(text: str, shown: str) -> None:
    with pytest.raises(FinanceError) as caught:
        parse_survey(text, file="baseline.csv")
    assert str(caught.value) == shown


def test_a_bad_score_carries_its_value() -> None:
    with pytest.raises(FinanceError) as caught:
        parse_survey(AFTER, file="after.csv")
    error = caught.value
    assert (error.code, error.file, error.line, error.field, error.value) == (
        "E_SURVEY_SCORE",
        "after.csv",
        15,  # the blank line is counted
        "score",
        "6",
    )


def test_read_survey(tmp_path: Path) -> None:
    path = tmp_path / "baseline.csv"
    path.write_text("\ufeff" + BASELINE, encoding="utf-8")  # Excel writes a byte-order mark
    assert len(read_survey(path).answers) == 16
    with pytest.raises(FinanceError) as caught:
        read_survey(tmp_path / "missing.csv")
    assert caught.value.code == "E_SURVEY_FILE"
    assert caught.value.file == "missing.csv"


def test_summary_with_a_confidence_interval() -> None:
    # 11 answers, mean 4; squared deviations sum to 6, so sd = sqrt(6/10) = 0.774597;
    # half-width = t(0.975, 10) x sd / sqrt(11) = 2.228139 x 0.233550 = 0.520381.
    summary = summarise([3, 4, 5, 3, 4, 5, 3, 4, 5, 4, 4])
    assert summary.n == 11
    assert summary.mean == 4
    assert summary.sd == pytest.approx(math.sqrt(0.6), abs=1e-15)
    assert (round(summary.ci_low or 0, 4), round(summary.ci_high or 0, 4)) == (3.4796, 4.5204)


def test_summary_of_too_few_values() -> None:
    assert summarise([]) == Summary(0, None, None, None, None)
    assert summarise([4]) == Summary(1, 4, None, None, None)


def test_welch_t_test() -> None:
    # 1..5 against 2..6: variances 2.5 each, t = 1 / sqrt(0.5 + 0.5) = 1, df = 1 / 0.125 = 8;
    # P(|T8| >= 1) = 758/2187 (Abramowitz and Stegun 26.7.4).
    result = welch_t_test([1, 2, 3, 4, 5], [2, 3, 4, 5, 6])
    assert result is not None
    assert result.t == pytest.approx(1.0, abs=1e-15)
    assert result.df == pytest.approx(8.0, abs=1e-12)
    assert result.p == pytest.approx(758 / 2187, abs=1e-12)


def test_welch_with_unequal_variances() -> None:
    # Baseline [1, 2, 3] (mean 2, var 1), after [4, 4, 5, 7] (mean 5, var 2):
    # se^2 = 1/3 + 2/4 = 5/6, t = 3 / sqrt(5/6) = 3.286335,
    # df = (5/6)^2 / ((1/3)^2 / 2 + (1/2)^2 / 3) = (25/36) / (1/18 + 1/12) = 5.
    result = welch_t_test([1, 2, 3], [4, 4, 5, 7])
    assert result is not None
    assert result.t == pytest.approx(3 / math.sqrt(5 / 6), abs=1e-12)
    assert result.df == pytest.approx(5.0, abs=1e-12)
    # t = 3.2863 with 5 df lies between the table's 3.163 (p = .025) and 3.365 (p = .02).
    assert 0.02 < result.p < 0.025
    assert round(result.p, 4) == 0.0218


def test_welch_is_undefined_without_spread_or_with_one_answer() -> None:
    assert welch_t_test([3, 3], [4, 4]) is None
    assert welch_t_test([3], [4, 5]) is None


def test_two_proportion_z_test() -> None:
    # 30 of 50 yes, then 40 of 50: pooled 0.7, se = sqrt(0.7 x 0.3 x (2/50)) = sqrt(0.0084),
    # z = 0.2 / 0.0916515 = 2.182179; two-sided p = 0.0291.
    result = two_proportion_z_test(30, 50, 40, 50)
    assert result is not None
    assert result.z == pytest.approx(0.2 / math.sqrt(0.0084), abs=1e-12)
    assert round(result.p, 4) == 0.0291
    assert two_proportion_z_test(50, 50, 40, 40) is None  # everyone said yes both times
    assert two_proportion_z_test(0, 0, 4, 5) is None


def test_compare_baseline_and_after() -> None:
    baseline = parse_survey(BASELINE, file="baseline.csv")
    after = parse_survey(
        AFTER.replace("a5,Speed of fixes,6", "a5,Speed of fixes,5"), file="after.csv"
    )
    comparison = compare_surveys(baseline, after)
    speed, helpful = comparison.scores
    # Speed of fixes: 1..5 before, 2..5 + 5 after.
    assert speed.question == "Speed of fixes"
    assert (speed.baseline.n, speed.baseline.mean) == (5, 3)
    assert (speed.after.n, speed.after.mean) == (5, 3.8)
    assert speed.test is not None
    # Helpfulness: 3,4,5,4,4 (mean 4, var 0.5) then 4,4,4,4 (no spread): t = 0.
    assert helpful.test is not None and helpful.test.t == 0 and helpful.test.p == 1
    (recommend,) = comparison.yes_no
    assert (recommend.baseline_yes, recommend.baseline_n) == (2, 5)
    assert (recommend.after_yes, recommend.after_n) == (3, 4)
    assert recommend.test is not None
    assert comparison.only_in_one == ("Printing",)
    # Overall, per respondent: baseline r1 (1+3)/2 = 2, r2 3, r3 4, r4 4, r5 (5+4+3)/3 = 4;
    # after a1 3, a2 3.5, a3 4, a4 4.5, a5 5.
    overall = comparison.overall
    assert overall.question == "overall"
    assert overall.baseline.mean == pytest.approx(17 / 5, abs=1e-15)
    assert overall.after.mean == pytest.approx(4.0, abs=1e-15)


def test_a_question_cannot_change_type_between_surveys() -> None:
    baseline = parse_survey("respondent,question,score\nr1,q,yes\n", file="baseline.csv")
    after = parse_survey("respondent,question,score\nr1,q,4\n", file="after.csv")
    with pytest.raises(FinanceError) as caught:
        compare_surveys(baseline, after)
    assert caught.value.code == "E_SURVEY_MIXED"
    assert caught.value.message == (
        "question 'q' is yes/no in baseline.csv but with scores 1-5 in after.csv"
    )
