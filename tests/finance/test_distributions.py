"""Student's t and the incomplete beta function, against published tables and closed forms."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projectboard.finance.distributions import (
    normal_two_sided_p,
    regularized_incomplete_beta,
    student_t_cdf,
    student_t_quantile,
    student_t_two_sided_p,
)
from projectboard.finance.errors import FinanceError


@pytest.mark.parametrize(
    ("p", "df", "table"),
    [
        # Published t tables (e.g. NIST/SEMATECH e-Handbook, table 1.4.2.3.7), to 3 d.p.
        (0.975, 1, 12.706),
        (0.975, 2, 4.303),
        (0.975, 5, 2.571),
        (0.975, 10, 2.228),
        (0.975, 30, 2.042),
        (0.95, 5, 2.015),
        (0.95, 10, 1.812),
        (0.995, 10, 3.169),
        (0.975, 1_000_000, 1.960),  # tends to the normal
    ],
)
def test_t_quantiles_match_the_tables(p: float, df: int, table: float) -> None:
    assert round(student_t_quantile(p, df), 3) == table
    assert round(student_t_quantile(1 - p, df), 3) == -table


def test_t_quantile_with_two_degrees_of_freedom_is_closed_form() -> None:
    # For v = 2, t_p = (2p - 1) sqrt(2 / (1 - (2p - 1)^2)): t(0.975) = 0.95 sqrt(2/0.0975).
    assert student_t_quantile(0.975, 2) == pytest.approx(0.95 * math.sqrt(2 / 0.0975), abs=1e-10)
    assert student_t_quantile(0.5, 7) == 0.0


def test_cdf_closed_forms() -> None:
    # v = 1 is the Cauchy distribution: P(T <= 1) = 3/4.
    assert student_t_cdf(1, 1) == pytest.approx(0.75, abs=1e-14)
    # v = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)); at t = sqrt(2), 1/2 + sqrt(2)/4.
    assert student_t_cdf(math.sqrt(2), 2) == pytest.approx(0.5 + math.sqrt(2) / 4, abs=1e-14)
    # v = 8, t = 1 (Abramowitz and Stegun 26.7.4, even v): sin(theta) = 1/3, cos^2 = 8/9,
    # A = (1/3)(1 + 4/9 + 8/27 + 160/729) = 1429/2187, so P(|T| >= 1) = 758/2187.
    assert student_t_two_sided_p(1, 8) == pytest.approx(758 / 2187, abs=1e-14)
    assert student_t_two_sided_p(0, 8) == 1.0


@pytest.mark.parametrize(
    ("a", "b", "x", "exact"),
    [
        (1, 1, 0.3, 0.3),  # uniform
        (3, 1, 0.5, 0.125),  # I_x(a, 1) = x^a
        (2, 3, 0.4, 0.5248),  # binomial sum: 6(.16)(.36) + 4(.064)(.6) + .0256
        (4, 4, 0.5, 0.5),  # symmetric
        (0.5, 0.5, 0.5, 0.5),
        (2, 3, 0.0, 0.0),
        (2, 3, 1.0, 1.0),
    ],
)
def test_incomplete_beta(a: float, b: float, x: float, exact: float) -> None:
    assert regularized_incomplete_beta(a, b, x) == pytest.approx(exact, abs=1e-14)


@given(
    st.floats(min_value=0.1, max_value=50),
    st.floats(min_value=0.1, max_value=50),
    st.integers(min_value=0, max_value=1024).map(lambda k: k / 1024),  # 1 - x exact
)
def test_incomplete_beta_symmetry(a: float, b: float, x: float) -> None:
    assert regularized_incomplete_beta(a, b, x) == pytest.approx(
        1 - regularized_incomplete_beta(b, a, 1 - x), abs=1e-12
    )


@given(st.floats(min_value=0.001, max_value=0.999), st.integers(min_value=1, max_value=200))
def test_quantile_inverts_the_cdf(p: float, df: int) -> None:
    assert student_t_cdf(student_t_quantile(p, df), df) == pytest.approx(p, abs=1e-9)


def test_normal_tail() -> None:
    assert round(normal_two_sided_p(1.959964), 6) == 0.05
    assert normal_two_sided_p(0) == 1.0


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(FinanceError) as caught:
        student_t_quantile(1.0, 5)
    assert (caught.value.code, caught.value.message) == (
        "E_PROBABILITY",
        "probability 1.0 is not strictly between 0 and 1",
    )
    with pytest.raises(FinanceError) as caught:
        student_t_two_sided_p(1.0, 0)
    assert caught.value.message == "degrees of freedom 0 are not positive"
    with pytest.raises(FinanceError) as caught:
        regularized_incomplete_beta(1, 1, 1.5)
    assert caught.value.code == "E_PROBABILITY"
