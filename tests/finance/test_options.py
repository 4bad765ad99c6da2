"""Options appraisal: weighted scores, ranking, and the exact sensitivity to each weight."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projectboard.finance.errors import FinanceError
from projectboard.finance.options import (
    Criterion,
    OptionsAppraisal,
    Ranked,
    Scenario,
    Score,
    WeightSensitivity,
)

SCENARIOS = (
    Scenario("DN", "Do nothing: two separate ICT teams", do_nothing=True),
    Scenario("HOST", "Shared service hosted by one council"),
    Scenario("OUT", "Outsource both services"),
)
CRITERIA = (
    Criterion.of("cost", "Reduced ongoing revenue costs", 40),
    Criterion.of("quality", "Improvements to the ICT service", 30),
    Criterion.of("dr", "Disaster recovery and business continuity", "20"),
    Criterion.of("risk", "Delivery risk", 10),
)
# The drivers of the seed PID as criteria; scores invented for the example.
GRID = {
    "DN": {"cost": 2, "quality": 5, "dr": 2, "risk": 9},
    "HOST": {"cost": 8, "quality": 6, "dr": 8, "risk": 4},
    "OUT": {"cost": 7, "quality": 5, "dr": 6, "risk": 3},
}


def scores(grid: dict[str, dict[str, int]]) -> tuple[Score, ...]:
    return tuple(
        Score(s, c, value, f"{s} scores {value} on {c}: workshop of 8 April 2008")
        for s, row in grid.items()
        for c, value in row.items()
    )


def appraisal(
    criteria: tuple[Criterion, ...] = CRITERIA, grid: dict[str, dict[str, int]] = GRID
) -> OptionsAppraisal:
    return OptionsAppraisal(SCENARIOS, criteria, scores(grid))


def test_weighted_scores_and_ranking() -> None:
    options = appraisal()
    # DN: (40x2 + 30x5 + 20x2 + 10x9) / 100 = 360/100; HOST: (320 + 180 + 160 + 40) / 100 = 7;
    # OUT: (280 + 150 + 120 + 30) / 100 = 5.8.
    assert options.ranking() == (
        Ranked(1, "HOST", Fraction(7)),
        Ranked(2, "OUT", Fraction(29, 5)),
        Ranked(3, "DN", Fraction(18, 5)),
    )
    assert options.winner() == "HOST"


def test_equal_scores_rank_by_scenario_code() -> None:
    level = {c: 5 for c in ("cost", "quality", "dr", "risk")}
    options = appraisal(grid={"OUT": level, "HOST": level, "DN": level})
    assert [r.scenario for r in options.ranking()] == ["DN", "HOST", "OUT"]


def test_sensitivity_solves_for_the_weight_exactly() -> None:
    risk = appraisal().sensitivity()[3]
    # Risk weight x, others x (100 - x)/90. HOST - DN = [x(4 - 9) + (100 - x)/90 x 390] / 100,
    # zero at x = 100 x (13/3) / (5 + 13/3) = 325/7 = 46.43: there HOST and DN both score
    # 24300/4200 (= 5.79). OUT never catches HOST on this weight.
    assert risk == WeightSensitivity("risk", Fraction(10), Fraction(325, 7), "DN", None, None)
    assert risk.up_by == Fraction(255, 7)
    assert risk.down_by is None
    at_level = appraisal(reweighted(CRITERIA, "risk", Fraction(325, 7)))
    assert at_level.weighted_score("HOST") == at_level.weighted_score("DN") == Fraction(24300, 4200)
    # At exactly that weight the tie-break by code hands it to DN; DN also leads just beyond.
    assert at_level.winner() == "DN"
    assert appraisal(reweighted(CRITERIA, "risk", Fraction(46))).winner() == "HOST"
    assert appraisal(reweighted(CRITERIA, "risk", Fraction(47))).winner() == "DN"


def test_robust_weights_never_change_the_winner() -> None:
    cost, quality, dr, _ = appraisal().sensitivity()
    # Cost: HOST - DN = 100 x 11/6 + x (6 - 11/6) > 0 for every x in 0..100, and OUT would
    # draw level only at x = 300.
    assert cost == WeightSensitivity("cost", Fraction(40), None, None, None, None)
    assert quality.up is None and quality.down is None
    assert dr.up is None and dr.down is None


def test_a_weight_that_must_fall_to_change_the_winner() -> None:
    criteria = (
        Criterion.of("cost", "Cost", 60),
        Criterion.of("quality", "Quality", 40),
    )
    grid = {
        "DN": {"cost": 3, "quality": 6},
        "HOST": {"cost": 8, "quality": 2},
        "OUT": {"cost": 5, "quality": 5},
    }
    # HOST 5.6, OUT 5.0, DN 4.2. With cost at x: HOST = 8x + 2(100-x), OUT = 5x + 5(100-x):
    # level where 6x + 200 = 500 => x = 50. DN (3x + 6(100-x)) would need x = 400/11 = 36.36.
    sensitivity = appraisal(criteria, grid).sensitivity()
    assert sensitivity[0] == WeightSensitivity(
        "cost", Fraction(60), None, None, Fraction(50), "OUT"
    )
    assert sensitivity[1] == WeightSensitivity(
        "quality", Fraction(40), Fraction(50), "OUT", None, None
    )


def test_all_the_weight_on_one_criterion_cannot_be_rescaled() -> None:
    criteria = (Criterion.of("cost", "Cost", 100), Criterion.of("risk", "Risk", 0))
    grid = {
        "DN": {"cost": 1, "risk": 9},
        "HOST": {"cost": 9, "risk": 1},
        "OUT": {"cost": 5, "risk": 5},
    }
    assert appraisal(criteria, grid).sensitivity()[0] == WeightSensitivity(
        "cost", Fraction(100), None, None, None, None
    )
    # The zero-weight criterion rises to x: HOST = 9(100 - x) + x, OUT = 500, DN = (100 - x) + 9x.
    # Both challengers draw level at x = 50; beyond it DN leads by more (HOST - DN falls by 16
    # a point, HOST - OUT by 8), so DN is the one named.
    assert appraisal(criteria, grid).sensitivity()[1] == WeightSensitivity(
        "risk", Fraction(0), Fraction(50), "DN", None, None
    )


def reweighted(criteria: tuple[Criterion, ...], code: str, x: Fraction) -> tuple[Criterion, ...]:
    old = next(c.weight for c in criteria if c.code == code)
    return tuple(
        Criterion(c.code, c.name, x if c.code == code else c.weight * (100 - x) / (100 - old))
        for c in criteria
    )


weights = st.lists(st.integers(min_value=0, max_value=10), min_size=2, max_size=4).filter(
    lambda ws: sum(ws) > 0
)


@given(weights, st.data())
def test_the_winner_holds_until_the_reported_weight(raw: list[int], data: st.DataObject) -> None:
    total = sum(raw)
    criteria = tuple(
        Criterion(f"c{i}", f"Criterion {i}", Fraction(100 * w, total)) for i, w in enumerate(raw)
    )
    grid = {s.code: {c.code: data.draw(st.integers(0, 10)) for c in criteria} for s in SCENARIOS}
    options = appraisal(criteria, grid)
    winner = options.winner()
    for criterion, found in zip(criteria, options.sensitivity(), strict=True):
        if criterion.weight == 100:
            continue
        end_up = 100 if found.up is None else found.up
        end_down = 0 if found.down is None else found.down
        # Strictly inside the safe interval the winner does not change...
        for x in (
            criterion.weight,
            (criterion.weight + end_up) / 2,
            (criterion.weight + end_down) / 2,
        ):
            if end_down < x < end_up or x == criterion.weight:
                assert appraisal(reweighted(criteria, criterion.code, x), grid).winner() == winner
        # ...at an end reported as "never" it still holds, and at a reported weight the
        # challenger has drawn level.
        for end, challenger in (
            (found.up, found.up_challenger),
            (found.down, found.down_challenger),
        ):
            if end is None:
                continue
            moved = appraisal(reweighted(criteria, criterion.code, end), grid)
            assert challenger is not None
            assert moved.weighted_score(challenger) == moved.weighted_score(winner)
        if found.up is None:
            assert (
                appraisal(reweighted(criteria, criterion.code, Fraction(100)), grid).winner()
                == winner
            )
        if found.down is None:
            assert (
                appraisal(reweighted(criteria, criterion.code, Fraction(0)), grid).winner()
                == winner
            )


def refused(build: Callable[[], object]) -> FinanceError:
    with pytest.raises(FinanceError) as caught:
        build()
    return caught.value


def test_weights_must_add_up_to_100() -> None:
    error = refused(lambda: appraisal(CRITERIA[:3]))
    assert (error.code, error.message) == (
        "E_CRITERIA_WEIGHTS",
        "criteria weights add up to 90, not 100",
    )
    error = refused(
        lambda: appraisal(
            (*reweighted(CRITERIA, "risk", Fraction(10)), Criterion.of("x", "X", "0.5"))
        )
    )
    assert error.message == "criteria weights add up to 100.5, not 100"


def test_weights_are_never_floats_or_negative() -> None:
    error = refused(lambda: Criterion.of("cost", "Cost", 0.4))  # type: ignore[arg-type]
    assert (error.code, error.message) == (
        "E_CRITERIA_WEIGHTS",
        "criterion 'cost': weight 0.4 is not an int, Decimal or string",
    )
    assert refused(lambda: Criterion.of("cost", "Cost", "lots")).message == (
        "criterion 'cost': weight 'lots' is not a number"
    )
    negative = (Criterion.of("a", "A", 110), Criterion.of("b", "B", -10))
    grid = {s.code: {"a": 1, "b": 1} for s in SCENARIOS}
    assert (
        refused(lambda: appraisal(negative, grid)).message
        == "criterion 'b': weight -10 is negative"
    )


def test_a_do_nothing_scenario_is_required() -> None:
    error = refused(lambda: OptionsAppraisal(SCENARIOS[1:], CRITERIA, ()))
    assert (error.code, error.message) == (
        "E_NO_DO_NOTHING",
        "no 'do nothing' scenario: the Green Book keeps it as the benchmark",
    )


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        (
            lambda g: g["OUT"].pop("risk"),
            "E_MISSING_SCORE",
            "scenario 'OUT' has no score for criterion 'risk'",
        ),
        (
            lambda g: g["OUT"].update(risk=11),
            "E_SCORE_RANGE",
            "scenario 'OUT', criterion 'risk': score 11 is not from 0 to 10",
        ),
        (
            lambda g: g["OUT"].update(risk=-1),
            "E_SCORE_RANGE",
            "scenario 'OUT', criterion 'risk': score -1 is not from 0 to 10",
        ),
        (
            lambda g: g["OUT"].update(speed=3),
            "E_UNKNOWN_REFERENCE",
            "scenario 'OUT', criterion 'speed': no such scenario or criterion",
        ),
        (
            lambda g: g.update(NEW={"cost": 1}),
            "E_UNKNOWN_REFERENCE",
            "scenario 'NEW', criterion 'cost': no such scenario or criterion",
        ),
    ],
)
def test_bad_scores_are_refused(
    change: Callable[[dict[str, dict[str, int]]], object], code: str, message: str
) -> None:
    grid = {s: dict(row) for s, row in GRID.items()}
    change(grid)
    error = refused(lambda: appraisal(grid=grid))
    assert (error.code, error.message) == (code, message)


def test_every_score_needs_its_reason_once() -> None:
    unreasoned = tuple(
        s if s.scenario != "OUT" or s.criterion != "dr" else Score("OUT", "dr", 6, "  ")
        for s in scores(GRID)
    )
    error = refused(lambda: OptionsAppraisal(SCENARIOS, CRITERIA, unreasoned))
    assert (error.code, error.message) == (
        "E_SCORE_REASON",
        "scenario 'OUT', criterion 'dr': a score needs its reason",
    )
    twice = (*scores(GRID), Score("DN", "cost", 3, "second thoughts"))
    error = refused(lambda: OptionsAppraisal(SCENARIOS, CRITERIA, twice))
    assert (error.code, error.message) == (
        "E_DUPLICATE",
        "scenario 'DN', criterion 'cost': scored twice",
    )
    fractional = (*scores(GRID)[1:], Score("DN", "cost", 2.5, "half"))  # type: ignore[arg-type]
    assert refused(lambda: OptionsAppraisal(SCENARIOS, CRITERIA, fractional)).message == (
        "scenario 'DN', criterion 'cost': score 2.5 is not a whole number"
    )


def test_duplicate_codes_are_refused() -> None:
    error = refused(lambda: OptionsAppraisal((*SCENARIOS, SCENARIOS[0]), CRITERIA, ()))
    assert (error.code, error.message) == ("E_DUPLICATE", "scenario 'DN' is given twice")
