"""Options appraisal: scenarios scored against weighted criteria, ranked, and tested for
sensitivity to the weights.

The seed's Options Appraisal / Visioning work package asks for "a series of possible scenarios
which meet the definition of a shared service", "an agreed method of assessing the benefits of
each scenario" and "the selection of the solution which yields greatest benefit". The Green Book
(2003, chapter 5, "Creating options") requires the "do nothing" (or "do minimum") option to be
kept on the list as the benchmark, so an appraisal without one is refused.

Decisions, documented here because they change results:

- Weights are percentages that must add up to exactly 100; they are never normalised
  silently (a typo in a weight must be seen, as in ``finance.apportion``'s fixed shares).
- Scores are whole numbers from 0 to 10 and every score carries its reason: the board must be
  able to read why a scenario scored what it did.
- A scenario's weighted score is sum(weight x score) / 100, so it is on the 0-10 scale. All
  arithmetic is in ``Fraction``: exact.
- Ranking is by weighted score, highest first; equal scores are ordered by scenario code.
- Sensitivity: criterion c's weight moves from w to x; every other weight is rescaled by
  (100 - x) / (100 - w), so the weights still add up to 100. Each scenario's score is then
  linear in x, and the weight at which a challenger draws level with the winner is the root of
  a linear equation, solved exactly. Beyond that weight the challenger leads; at exactly that
  weight the tie-break by code decides. If no challenger can draw level between 0 and 100 the
  answer is "never" (``None``). A criterion holding all 100% has no other weights to rescale,
  so it is reported as "never" both ways.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from projectboard.finance.errors import (
    E_CRITERIA_WEIGHTS,
    E_DUPLICATE,
    E_MISSING_SCORE,
    E_NO_DO_NOTHING,
    E_SCORE_RANGE,
    E_SCORE_REASON,
    E_UNKNOWN_REFERENCE,
    FinanceError,
)

SCORE_RANGE = (0, 10)
HUNDRED = Fraction(100)


@dataclass(frozen=True)
class Criterion:
    """A criterion and its weight in percent (``Fraction``; build it from an int, a Decimal
    or a string such as ``"12.5"`` -- never a float)."""

    code: str
    name: str
    weight: Fraction

    @classmethod
    def of(cls, code: str, name: str, weight: int | Decimal | str) -> Criterion:
        if isinstance(weight, bool) or not isinstance(weight, int | Decimal | str):
            raise FinanceError(
                E_CRITERIA_WEIGHTS,
                f"criterion '{code}': weight {weight!r} is not an int, Decimal or string",
                value=weight,
            )
        try:
            return cls(code, name, Fraction(weight))
        except (ValueError, OverflowError):
            raise FinanceError(
                E_CRITERIA_WEIGHTS,
                f"criterion '{code}': weight '{weight}' is not a number",
                value=weight,
            ) from None


@dataclass(frozen=True)
class Scenario:
    code: str
    name: str
    do_nothing: bool = False


@dataclass(frozen=True)
class Score:
    """How ``scenario`` scores on ``criterion``, and why."""

    scenario: str
    criterion: str
    value: int
    reason: str


@dataclass(frozen=True)
class Ranked:
    position: int
    scenario: str
    score: Fraction


@dataclass(frozen=True)
class WeightSensitivity:
    """How far ``criterion``'s weight must move for the winner to change.

    ``up`` / ``down``: the weight at which ``up_challenger`` / ``down_challenger`` draws level
    with the winner (and beyond which it leads); ``None``: never, within 0 to 100.
    """

    criterion: str
    weight: Fraction
    up: Fraction | None
    up_challenger: str | None
    down: Fraction | None
    down_challenger: str | None

    @property
    def up_by(self) -> Fraction | None:
        return None if self.up is None else self.up - self.weight

    @property
    def down_by(self) -> Fraction | None:
        return None if self.down is None else self.weight - self.down


@dataclass(frozen=True)
class OptionsAppraisal:
    """Scenarios, weighted criteria and one reasoned score per scenario and criterion."""

    scenarios: tuple[Scenario, ...]
    criteria: tuple[Criterion, ...]
    scores: tuple[Score, ...]

    def __post_init__(self) -> None:
        _unique("scenario", (s.code for s in self.scenarios))
        _unique("criterion", (c.code for c in self.criteria))
        if not any(s.do_nothing for s in self.scenarios):
            raise FinanceError(
                E_NO_DO_NOTHING,
                "no 'do nothing' scenario: the Green Book keeps it as the benchmark",
                value=[s.code for s in self.scenarios],
            )
        for criterion in self.criteria:
            if criterion.weight < 0:
                raise FinanceError(
                    E_CRITERIA_WEIGHTS,
                    f"criterion '{criterion.code}': weight {criterion.weight} is negative",
                    value=criterion.weight,
                )
        total = sum((c.weight for c in self.criteria), Fraction(0))
        if total != HUNDRED:
            raise FinanceError(
                E_CRITERIA_WEIGHTS,
                f"criteria weights add up to {_show(total)}, not 100",
                value=total,
            )
        self._check_scores()

    def _check_scores(self) -> None:
        scenarios = {s.code for s in self.scenarios}
        criteria = {c.code for c in self.criteria}
        seen: set[tuple[str, str]] = set()
        low, high = SCORE_RANGE
        for score in self.scores:
            where = f"scenario '{score.scenario}', criterion '{score.criterion}'"
            if score.scenario not in scenarios or score.criterion not in criteria:
                raise FinanceError(
                    E_UNKNOWN_REFERENCE, f"{where}: no such scenario or criterion", value=score
                )
            if (score.scenario, score.criterion) in seen:
                raise FinanceError(E_DUPLICATE, f"{where}: scored twice", value=score)
            seen.add((score.scenario, score.criterion))
            if isinstance(score.value, bool) or not isinstance(score.value, int):
                raise FinanceError(
                    E_SCORE_RANGE,
                    f"{where}: score {score.value!r} is not a whole number",
                    value=score.value,
                )
            if not low <= score.value <= high:
                raise FinanceError(
                    E_SCORE_RANGE,
                    f"{where}: score {score.value} is not from {low} to {high}",
                    value=score.value,
                )
            if not score.reason.strip():
                raise FinanceError(
                    E_SCORE_REASON, f"{where}: a score needs its reason", value=score
                )
        for s in self.scenarios:
            for c in self.criteria:
                if (s.code, c.code) not in seen:
                    raise FinanceError(
                        E_MISSING_SCORE,
                        f"scenario '{s.code}' has no score for criterion '{c.code}'",
                        value=(s.code, c.code),
                    )

    def score(self, scenario: str, criterion: str) -> int:
        for score in self.scores:
            if (score.scenario, score.criterion) == (scenario, criterion):
                return score.value
        raise FinanceError(
            E_UNKNOWN_REFERENCE,
            f"scenario '{scenario}', criterion '{criterion}': no such score",
            value=(scenario, criterion),
        )

    def weighted_score(self, scenario: str) -> Fraction:
        """sum(weight x score) / 100: on the same 0-10 scale as the scores."""
        return (
            sum((c.weight * self.score(scenario, c.code) for c in self.criteria), Fraction(0))
            / HUNDRED
        )

    def ranking(self) -> tuple[Ranked, ...]:
        """Highest weighted score first; equal scores in scenario-code order."""
        totals = {s.code: self.weighted_score(s.code) for s in self.scenarios}
        order = sorted(totals, key=lambda code: (-totals[code], code))
        return tuple(Ranked(i + 1, code, totals[code]) for i, code in enumerate(order))

    def winner(self) -> str:
        return self.ranking()[0].scenario

    def sensitivity(self) -> tuple[WeightSensitivity, ...]:
        """For each criterion, in order, the weights at which the winner would change."""
        return tuple(self._sensitivity(c) for c in self.criteria)

    def _sensitivity(self, criterion: Criterion) -> WeightSensitivity:
        w = criterion.weight
        winner = self.winner()
        if w == HUNDRED:
            return WeightSensitivity(criterion.code, w, None, None, None, None)

        def rest(scenario: str) -> Fraction:
            return sum(
                (
                    c.weight * self.score(scenario, c.code)
                    for c in self.criteria
                    if c.code != criterion.code
                ),
                Fraction(0),
            )

        # 100 x (winner - challenger) at weight x = 100 B + x (A - B), where A is the gap on
        # this criterion and B the gap on the others, rescaled per point of their weight.
        up: list[tuple[Fraction, Fraction, str]] = []
        down: list[tuple[Fraction, Fraction, str]] = []
        for challenger in (s.code for s in self.scenarios if s.code != winner):
            a = Fraction(
                self.score(winner, criterion.code) - self.score(challenger, criterion.code)
            )
            b = (rest(winner) - rest(challenger)) / (HUNDRED - w)
            slope = a - b
            if slope == 0:
                continue
            level = -HUNDRED * b / slope
            wins_tie = challenger < winner
            if slope < 0 and w <= level <= HUNDRED and (level < HUNDRED or wins_tie):
                up.append((level, slope, challenger))
            if slope > 0 and 0 <= level <= w and (level > 0 or wins_tie):
                down.append((-level, -slope, challenger))
        # Nearest level point first; at the same point, the challenger that then leads by most.
        first_up = min(up, default=None)
        first_down = min(down, default=None)
        return WeightSensitivity(
            criterion.code,
            w,
            None if first_up is None else first_up[0],
            None if first_up is None else first_up[2],
            None if first_down is None else -first_down[0],
            None if first_down is None else first_down[2],
        )


def _unique(what: str, codes: Iterable[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise FinanceError(E_DUPLICATE, f"{what} '{code}' is given twice", value=code)
        seen.add(code)


def _show(value: Fraction) -> str:
    return (
        str(value.numerator)
        if value.denominator == 1
        else str(Decimal(value.numerator) / value.denominator)
    )
