"""The distributions the satisfaction survey needs, with the standard library only.

Statistics are floats (IEEE double), not Decimals: they are estimates with sampling error
far larger than any rounding, and they are never added into money.

- Regularised incomplete beta ``I_x(a, b)``: the continued fraction evaluated by the modified
  Lentz method (Press et al., *Numerical Recipes*, 3rd ed., section 6.4), using the symmetry
  ``I_x(a, b) = 1 - I_{1-x}(b, a)`` where the fraction converges faster; relative accuracy
  about 1e-15.
- Student's t distribution: ``P(|T| > t) = I_{v/(v+t^2)}(v/2, 1/2)`` (Abramowitz and Stegun
  26.7.1 and 26.5.27); its quantile by bisection on the CDF to 1e-12.
- The normal distribution's two-sided tail through ``math.erfc``.
"""

from __future__ import annotations

import math

from projectboard.finance.errors import E_PROBABILITY, FinanceError

_EPSILON = 1e-15
_TINY = 1e-300


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPSILON:
            return h
    raise ArithmeticError(f"incomplete beta did not converge for a={a}, b={b}, x={x}")


def regularized_incomplete_beta(a: float, b: float, x: float) -> float:
    """``I_x(a, b)`` for ``a, b > 0`` and ``0 <= x <= 1``."""
    if not (a > 0 and b > 0 and 0.0 <= x <= 1.0):
        raise FinanceError(
            E_PROBABILITY,
            f"I_x(a, b) needs a, b > 0 and 0 <= x <= 1, not a={a}, b={b}, x={x}",
            value=(a, b, x),
        )
    if x in (0.0, 1.0):
        return x
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def student_t_two_sided_p(t: float, df: float) -> float:
    """``P(|T| >= |t|)`` for Student's t with ``df`` degrees of freedom."""
    if not df > 0:
        raise FinanceError(E_PROBABILITY, f"degrees of freedom {df} are not positive", value=df)
    return regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t))


def student_t_cdf(t: float, df: float) -> float:
    """``P(T <= t)``."""
    tail = student_t_two_sided_p(t, df) / 2.0
    return 1.0 - tail if t > 0 else tail


def student_t_quantile(p: float, df: float) -> float:
    """The ``t`` with ``P(T <= t) = p`` (``t(0.975, 10) = 2.228``), by bisection."""
    if not 0.0 < p < 1.0:
        raise FinanceError(
            E_PROBABILITY, f"probability {p} is not strictly between 0 and 1", value=p
        )
    if p < 0.5:
        return -student_t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    low, high = 0.0, 1.0
    while student_t_cdf(high, df) < p:
        low, high = high, high * 2.0
    while high - low > 1e-12 * max(1.0, high):
        middle = (low + high) / 2.0
        if student_t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0


def normal_two_sided_p(z: float) -> float:
    """``P(|Z| >= |z|)`` for the standard normal distribution."""
    return math.erfc(abs(z) / math.sqrt(2.0))
