"""Template filters for the business case pages."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from projectboard.finance.money import format_money

register = template.Library()


@register.filter
def money(value: Decimal | None) -> str:
    """``£10,000.00``; blank for no value."""
    return "" if value is None else format_money(value)


@register.filter
def stat(value: float | Fraction | None, places: int = 2) -> str:
    """A statistic or score to ``places`` decimals; an en dash for none."""
    return "–" if value is None else f"{float(value):.{places}f}"


@register.filter
def pvalue(value: float | None) -> str:
    """A p-value as people read it: ``< 0.001`` below a thousandth."""
    if value is None:
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"
